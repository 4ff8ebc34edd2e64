//! Holding reports from the public (`domain::moderation`): flags by distinct devices hide a
//! report at the threshold and not before, from every public list, page, feed, export and
//! Open311; who flagged is never shown; the coordinator releases it. A pre-moderated category's
//! report is not public until an officer releases it, and its receipt says so.

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};

/// A flag from a device on a network of its own (the server trusts X-Forwarded-For here).
async fn flag(
    app: &TestApp,
    code: &str,
    device: &str,
    network: &str,
    reason: &str,
) -> (u16, Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/reports/{code}/flag")))
        .header("x-forwarded-for", network)
        .json(&json!({ "device": device, "reason": reason, "note": "Ada nama dan nomor HP warga di isi laporan." }))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// Where a public report shows (`TestApp::public_surfaces`): found there by its code or title.
async fn public_everywhere(
    app: &TestApp,
    code: &str,
    title: &str,
    category: &str,
) -> Vec<(&'static str, bool)> {
    app.public_surfaces(code, category)
        .await
        .into_iter()
        .map(|(name, status, body)| {
            (
                name,
                status == 200 && (body.contains(code) || body.contains(title)),
            )
        })
        .collect()
}

fn all(v: &[(&'static str, bool)], want: bool) -> bool {
    v.iter().all(|(_, shown)| *shown == want)
}

both_stores! {
    async fn flags_hide_a_report_at_the_threshold_and_not_before_and_the_coordinator_releases_it(db: Db) {
        let app = TestApp::spawn_with(db, &[("TRUST_PROXY", "true"), ("FLAG_THRESHOLD", "3")]).await;
        let koor = app.coordinator().await;
        let title = "Jalan rusak depan rumah Pak Budi Santoso 0812-1111-2222";
        let receipt = app.submit(&with(valid_report(), "title", json!(title))).await;
        let code = receipt["tracking_code"].as_str().unwrap().to_string();
        let token = receipt["reporter_token"].as_str().unwrap().to_string();
        assert!(receipt.get("held").is_none(), "not a pre-moderated category");
        assert!(all(&public_everywhere(&app, &code, title, "jalan-rusak").await, true), "{:?}", public_everywhere(&app, &code, title, "jalan-rusak").await);

        // Two devices on two networks: still public.
        assert_eq!(flag(&app, &code, "perangkat-satu-0001", "10.0.0.1", "data_pribadi").await.0, 201);
        assert_eq!(flag(&app, &code, "perangkat-dua-00002", "10.0.0.2", "tidak_pantas").await.0, 201);
        // The same device again, and a second device on an already counted network: not counted.
        let (status, again) = flag(&app, &code, "perangkat-satu-0001", "10.0.0.9", "data_pribadi").await;
        assert_eq!((status, again["counted"].clone()), (200, json!(false)));
        let (status, same_net) = flag(&app, &code, "perangkat-tiga-0003", "10.0.0.1", "data_pribadi").await;
        assert_eq!((status, same_net["counted"].clone()), (200, json!(false)));
        assert!(all(&public_everywhere(&app, &code, title, "jalan-rusak").await, true), "not before the threshold");
        // Bad input is named.
        let (status, e) = flag(&app, &code, "x", "10.0.0.3", "spam").await;
        assert_eq!(status, 422);
        assert!(e["error"]["fields"]["device"].is_string() && e["error"]["fields"]["reason"].is_string(), "{e}");

        // The third distinct device: hidden everywhere.
        assert_eq!(flag(&app, &code, "perangkat-empat-004", "10.0.0.3", "data_pribadi").await.0, 201);
        let shown = public_everywhere(&app, &code, title, "jalan-rusak").await;
        assert!(all(&shown, false), "{shown:?}");
        assert_eq!(flag(&app, &code, "perangkat-lima-0005", "10.0.0.5", "data_pribadi").await.0, 404, "a hidden report takes no flags");
        // The reporter still opens it with their code and reads why.
        let r = app.get_with_secret(&format!("/api/v1/reports/{code}"), &token).await;
        assert_eq!(r.status(), 200);
        let mine: Value = r.json().await.unwrap();
        assert!(mine["held"].as_str().unwrap().contains("disembunyikan sementara"), "{mine}");

        // The coordinator sees why, counted per reason, never who.
        let (_, d) = koor.detail(&code).await;
        assert_eq!(d["held"]["hold"], "flags");
        let counts: Vec<(String, u64)> = d["held"]["flags"].as_array().unwrap().iter().map(|f| (f["reason"].as_str().unwrap().to_string(), f["devices"].as_u64().unwrap())).collect();
        assert_eq!(counts, [("data_pribadi".to_string(), 2), ("tidak_pantas".to_string(), 1)]);
        let raw = d.to_string();
        for who in ["perangkat-", "10.0.0."] {
            assert!(!raw.contains(who), "{who} in the officer's view");
        }
        let held = d["history"].as_array().unwrap().iter().find(|h| h["action"] == "held").expect("logged");
        assert_eq!(held["internal"], true);
        // Only the coordinator releases a flagged report.
        let bm = app.officer(&koor, "binamarga", "penghubung_opd", "dpupr", None).await;
        assert_eq!(bm.post(&format!("/api/v1/petugas/reports/{code}/release"), &json!({})).await.status(), 404, "not routed to it yet");
        let r = koor.post(&format!("/api/v1/petugas/reports/{code}/release"), &json!({})).await;
        assert_eq!(r.status(), 200);
        assert!(r.json::<Value>().await.unwrap().get("held").is_none());
        assert!(all(&public_everywhere(&app, &code, title, "jalan-rusak").await, true), "public again");
        assert_eq!(koor.post(&format!("/api/v1/petugas/reports/{code}/release"), &json!({})).await.status(), 409);
        // Flags reviewed: a device that flagged before counts no more; new ones start over.
        assert_eq!(flag(&app, &code, "perangkat-dua-00002", "10.0.0.2", "tidak_pantas").await.1["counted"], false);
        assert_eq!(flag(&app, &code, "perangkat-enam-006", "10.0.0.6", "tidak_pantas").await.0, 201);
        assert!(all(&public_everywhere(&app, &code, title, "jalan-rusak").await, true), "one new flag after the review");
        // The chain holds every entry of it.
        assert!(app.server_command(&["verify-chain"]).status.success());
    }
}

both_stores! {
    async fn flags_are_rate_limited_per_network(db: Db) {
        let app = TestApp::spawn_with(db, &[("TRUST_PROXY", "true"), ("FLAG_BURST", "2"), ("FLAGS_PER_HOUR", "2")]).await;
        let mut codes = Vec::new();
        for i in 0..3 {
            codes.push(app.submit(&with(valid_report(), "title", json!(format!("Jalan berlubang nomor {i} di Sepempang")))).await["tracking_code"].as_str().unwrap().to_string());
        }
        assert_eq!(flag(&app, &codes[0], "perangkat-satu-0001", "10.1.0.1", "data_pribadi").await.0, 201);
        assert_eq!(flag(&app, &codes[1], "perangkat-satu-0001", "10.1.0.1", "data_pribadi").await.0, 201);
        let (status, e) = flag(&app, &codes[2], "perangkat-satu-0001", "10.1.0.1", "data_pribadi").await;
        assert_eq!(status, 429);
        assert!(e["error"]["message"].as_str().unwrap().contains("penandaan"), "{e}");
        assert_eq!(flag(&app, &codes[2], "perangkat-dua-00002", "10.1.0.2", "data_pribadi").await.0, 201, "another network");
        // Without JavaScript: the status page's form, one flag for this network.
        let page = app.get(&format!("/lacak/{}", codes[1])).await.text().await.unwrap();
        assert!(page.contains(&format!("action=\"/lacak/{}/tandai\"", codes[1])));
        let post = |reason: &'static str| {
            let (app, code) = (&app, codes[1].clone());
            async move {
                app.client.post(app.url(&format!("/lacak/{code}/tandai"))).header("x-forwarded-for", "10.1.0.7").form(&[("reason", reason), ("note", "")]).send().await.unwrap()
            }
        };
        let r = post("spam").await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Pilih alasan"));
        let r = post("tidak_pantas").await;
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("tanda Anda dicatat"));
    }
}

both_stores! {
    async fn a_pre_moderated_category_waits_for_an_officer_and_its_receipt_says_so(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let report = json!({
            "type": "pengaduan", "category": "perilaku-asn", "answers": {},
            "title": "Pegawai kantor camat minta uang untuk surat pindah",
            "body": "Saat mengurus surat pindah, seorang pegawai meminta uang Rp100.000 tanpa kwitansi.",
            "location": { "desa": "21.03.07.2004" }, "privacy": "publik",
            "reporter": { "name": "Rudi", "phone": "081311112222" },
            "catalog_version": domain::CATALOG_VERSION,
        });
        let r = app.post_json(&report).await;
        let status = r.status();
        let receipt: Value = r.json().await.unwrap();
        assert_eq!(status, 201, "{receipt}");
        assert!(receipt["held"].as_str().unwrap().contains("ditinjau petugas sebelum tampil di publik"), "{receipt}");
        let code = receipt["tracking_code"].as_str().unwrap().to_string();
        let title = "Pegawai kantor camat minta uang untuk surat pindah";
        let shown = public_everywhere(&app, &code, title, "perilaku-asn").await;
        assert!(all(&shown, false), "{shown:?}");
        // The no-JS form's receipt says so too.
        let idem = format!("nojs-{}", hex_id());
        let form = [("idem", idem.as_str()), ("type", "pengaduan"), ("category", "perilaku-asn"), ("title", title), ("body", "Saat mengurus surat pindah, seorang pegawai meminta uang tanpa kwitansi sama sekali."), ("desa", "21.03.07.2004"), ("privacy", "publik"), ("name", "Rudi"), ("action", "kirim")];
        let page = app.client.post(app.url("/lapor")).form(&form).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("ditinjau petugas sebelum tampil di publik"), "{page}");
        // Released by the coordinator: public.
        assert_eq!(koor.detail(&code).await.1["held"]["hold"], "premoderation");
        assert_eq!(koor.post(&format!("/api/v1/petugas/reports/{code}/release"), &json!({})).await.status(), 200);
        let shown = public_everywhere(&app, &code, title, "perilaku-asn").await;
        assert!(all(&shown, true), "{shown:?}");
    }
}
