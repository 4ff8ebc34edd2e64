//! Redaction (`domain::redaction`): words of the title, story, location detail and an answer
//! become "[disunting]" and regions of a photo become black on every public surface — the
//! report, its page, lists, search, similar reports, open data, the feed, Open311, the proof —
//! and for the handling unit; the coordinator alone still reads the originals; every redaction
//! is an internal history entry with who and why; the chain still verifies.

use crate::both_stores;
use crate::helpers::*;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

const NAME: &str = "Zulkarnain Wiratmaja";
const PHONE: &str = "0813-7777-4321";
const REASON: &str = "Nama dan nomor HP warga tidak boleh tampil di publik.";

/// A white 800×600 JPEG.
fn white_photo() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(800, 600, image::Rgb([255, 255, 255]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out
}

/// The brightness of the pixel at (`fx`, `fy`) as fractions of the image's size.
fn luma_at(bytes: &[u8], fx: f64, fy: f64) -> u8 {
    let img = image::load_from_memory(bytes).unwrap().to_luma8();
    let (w, h) = img.dimensions();
    img.get_pixel((f64::from(w) * fx) as u32, (f64::from(h) * fy) as u32)
        .0[0]
}

async fn bytes(c: &reqwest::Client, url: &str) -> (u16, Vec<u8>) {
    let r = c.get(url).send().await.unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

fn part<'a>(d: &'a Value, part: &str) -> &'a Value {
    d["redactable"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["part"] == part)
        .unwrap_or_else(|| panic!("{part} in {d}"))
}

both_stores! {
    async fn redacted_words_and_photo_regions_leave_every_public_surface_while_the_coordinator_keeps_the_originals(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let liaison = app.officer(&koor, "penghubung-pu", "penghubung_opd", "dpupr", None).await;
        let bm = app.officer(&koor, "binamarga", "petugas_unit", "dpupr-bm", None).await;
        let report = with(
            with(
                with(valid_report(), "title", json!(format!("Jalan rusak depan rumah {NAME}"))),
                "body",
                json!(format!("Lubang besar depan rumah {NAME} ({PHONE}), motor sering jatuh saat hujan.")),
            ),
            "location.detail",
            json!(format!("Samping kios {NAME}")),
        );
        let form = Form::new()
            .part("report", Part::text(report.to_string()).mime_str("application/json").unwrap())
            .part("photo", Part::bytes(white_photo()).file_name("wajah.jpg"));
        let r = app.client.post(app.url("/api/v1/reports")).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let code = r.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_string();
        assert_eq!(koor.act(&code, json!({ "action": "verify" })).await.status(), 200);
        let answer = format!("Bidang Bina Marga menambal lubang depan rumah Pak {NAME} pada Senin, 7 Desember 2026.");
        assert_eq!(bm.act(&code, json!({ "action": "answer", "text": answer })).await.status(), 200);
        let before = app.public_surfaces(&code, "jalan-rusak").await;
        for (name, status, body) in &before {
            assert_eq!(*status, 200, "{name}");
            assert!(body.contains("Zulkarnain") || *name == "similar", "{name} shows the report before: {body}");
        }

        assert_eq!(app.list("q=Zulkarnain").await["items"].as_array().unwrap().len(), 1, "found by the name before");
        let page = app.get("/laporan?q=Zulkarnain").await.text().await.unwrap();
        assert!(page.contains(&format!("/lacak/{code}")));

        // A unit officer reads the report but may not redact it; bad requests are named.
        let path = format!("/api/v1/petugas/reports/{code}/redactions");
        let title = json!({ "part": "title", "fragments": [NAME], "reason": REASON });
        assert_eq!(bm.post(&path, &title).await.status(), 403);
        let (_, unit_view) = bm.detail(&code).await;
        assert_eq!(unit_view["redactable"], json!([]), "{unit_view}");
        let r = liaison.post(&path, &json!({ "part": "title", "fragments": [NAME], "reason": "x" })).await;
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.unwrap();
        assert!(e["error"]["fields"]["reason"].as_str().unwrap().contains("Alasan penyuntingan"), "{e}");
        let r = liaison.post(&path, &json!({ "part": "title", "fragments": ["Budi"], "reason": REASON })).await;
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.unwrap();
        assert!(e["error"]["fields"]["fragments.0"].as_str().unwrap().contains("tidak ada di teks ini"), "{e}");

        // The OPD's liaison redacts the title and the story; the coordinator the location
        // detail, the answer and a face in the photo (its left half).
        for body in [
            title.clone(),
            json!({ "part": "body", "fragments": [NAME, PHONE], "reason": REASON }),
        ] {
            let r = liaison.post(&path, &body).await;
            assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        }
        let (_, d) = liaison.detail(&code).await;
        assert_eq!(d["title"], "Jalan rusak depan rumah [disunting]");
        assert_eq!(part(&d, "title")["redacted"], true);
        assert!(!d["title"].to_string().contains("Zulkarnain") && !d["body"].to_string().contains("Zulkarnain"), "the liaison reads the redacted version: {d}");
        assert!(d["redactable"].as_array().unwrap().iter().all(|p| p.get("original").is_none() && p.get("original_url").is_none()), "the liaison never reads an original");
        let answer_id = d["redactable"].as_array().unwrap().iter().find(|p| p["part"] == "entry" && p["text"].as_str().unwrap().contains("menambal")).expect("the answer")["id"].clone();
        let photo = part(&d, "photo").clone();
        assert_eq!(photo["redacted"], false);
        for body in [
            json!({ "part": "location_detail", "fragments": [NAME], "reason": REASON }),
            json!({ "part": "entry", "id": answer_id, "fragments": [format!("Pak {NAME}")], "reason": REASON }),
            json!({ "part": "photo", "id": photo["id"], "regions": [{ "x": 0, "y": 0, "w": 5000, "h": 10000 }], "reason": "Wajah warga tampak jelas di foto." }),
        ] {
            let r = koor.post(&path, &body).await;
            assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        }
        // The same words again change nothing: named, not a silent success.
        let r = koor.post(&path, &title).await;
        assert_eq!(r.status(), 422);

        // Gone from every public surface, and from search.
        let after = app.public_surfaces(&code, "jalan-rusak").await;
        for (name, status, body) in &after {
            assert_eq!(*status, 200, "{name}");
            for secret in ["Zulkarnain", "Wiratmaja", PHONE] {
                assert!(!body.contains(secret), "{secret} still on {name}: {body}");
            }
        }
        let (_, v) = app.report(&code).await;
        assert_eq!(v["body"], "Lubang besar depan rumah [disunting] ([disunting]), motor sering jatuh saat hujan.");
        assert_eq!(v["location"]["detail"], "Samping kios [disunting]");
        assert!(v["responses"][0]["text"].as_str().unwrap().contains("depan rumah [disunting] pada Senin"), "{v}");
        assert_eq!(app.list("q=Zulkarnain").await["items"].as_array().unwrap().len(), 0, "search forgets the words");
        let page = app.get("/laporan?q=Zulkarnain").await.text().await.unwrap();
        assert!(!page.contains(&format!("/lacak/{code}")), "the no-JS search too");
        assert_eq!(app.list("q=lubang").await["items"].as_array().unwrap().len(), 1, "the rest is still found");
        // The proof gives the redacted answer as its content hash only, and still checks out.
        let proof: domain::wire::ChainProof = app.get(&format!("/api/v1/reports/{code}/proof")).await.json().await.unwrap();
        assert!(domain::chain::verify_proof(&proof).is_ok());
        let shown: Vec<&str> = proof.segments.iter().flat_map(|s| &s.links).filter_map(|l| l.entry.as_ref()).map(|e| e.action.as_str()).collect();
        assert!(!shown.contains(&"answer"), "{shown:?}");

        // The photo: black where the face was, white elsewhere, in the photo and its thumbnail,
        // under a new link.
        let p = &v["photos"][0];
        for key in ["url", "thumb_url"] {
            let url = p[key].as_str().unwrap();
            assert!(url.ends_with("?v=1"), "{url}");
            let (status, b) = bytes(&app.client, &app.url(url)).await;
            assert_eq!(status, 200);
            assert!(luma_at(&b, 0.25, 0.5) < 16, "{key}: blacked out");
            assert!(luma_at(&b, 0.75, 0.5) > 230, "{key}: the rest untouched");
        }

        // The handling unit reads the redacted version too.
        let (_, unit_view) = bm.detail(&code).await;
        assert!(!unit_view.to_string().contains("Zulkarnain"), "{unit_view}");
        let (status, b) = bytes(&bm.client, &app.url(unit_view["photos"][0]["url"].as_str().unwrap())).await;
        assert_eq!(status, 200);
        assert!(luma_at(&b, 0.25, 0.5) < 16);

        // The coordinator alone reads the originals.
        let (_, d) = koor.detail(&code).await;
        assert_eq!(part(&d, "title")["original"], format!("Jalan rusak depan rumah {NAME}"));
        assert!(part(&d, "body")["original"].as_str().unwrap().contains(PHONE));
        assert_eq!(part(&d, "location_detail")["original"], format!("Samping kios {NAME}"));
        let entry = d["redactable"].as_array().unwrap().iter().find(|p| p["id"] == answer_id).unwrap();
        assert_eq!(entry["original"], answer);
        let original = part(&d, "photo")["original_url"].as_str().unwrap().to_string();
        let (status, b) = bytes(&koor.client, &app.url(&original)).await;
        assert_eq!(status, 200);
        assert!(luma_at(&b, 0.25, 0.5) > 230, "the coordinator sees the photo as it arrived");
        assert_eq!(bytes(&liaison.client, &app.url(&original)).await.0, 403);

        // Every redaction is in the history: who and why, never the words.
        let redactions: Vec<&Value> = d["history"].as_array().unwrap().iter().filter(|h| h["action"] == "redacted").collect();
        assert_eq!(redactions.len(), 5);
        let actors: Vec<&str> = redactions.iter().map(|h| h["actor"].as_str().unwrap()).collect();
        assert_eq!(actors, ["penghubung-pu", "penghubung-pu", "koordinator", "koordinator", "koordinator"]);
        for h in &redactions {
            assert_eq!(h["internal"], true);
            let note = h["note"].as_str().unwrap();
            assert!(note.contains("Alasan:") && !note.contains("Zulkarnain"), "{note}");
        }
        assert!(!v.to_string().contains("redacted"), "the public timeline does not list them");
        // The coordinator puts back a part redacted by mistake (the liaison may not), and a photo.
        let restore = json!({ "part": "location_detail", "restore": true, "reason": "Nama kios bukan data pribadi warga." });
        assert_eq!(liaison.post(&path, &restore).await.status(), 403);
        let r = koor.post(&path, &restore).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        assert_eq!(app.report(&code).await.1["location"]["detail"], format!("Samping kios {NAME}"));
        let r = koor.post(&path, &restore).await;
        assert_eq!(r.status(), 422, "nothing left to put back");
        assert!(r.json::<Value>().await.unwrap()["error"]["fields"]["restore"].is_string());
        let r = koor.post(&path, &json!({ "part": "photo", "id": photo["id"], "restore": true, "reason": "Yang tampak ternyata patung, bukan warga." })).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        let (_, v) = app.report(&code).await;
        let url = v["photos"][0]["thumb_url"].as_str().unwrap();
        assert!(url.ends_with("?v=2"), "{url}");
        assert!(luma_at(&bytes(&app.client, &app.url(url)).await.1, 0.25, 0.5) > 230, "whole again");
        assert!(part(&koor.detail(&code).await.1, "photo").get("original_url").is_none());
        // The chain holds the original answer and every redaction entry.
        let out = app.server_command(&["verify-chain"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    }
}
