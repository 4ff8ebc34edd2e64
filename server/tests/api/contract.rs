//! The public API contract other systems rely on.

use crate::both_stores;
use crate::helpers::*;
use serde_json::json;

both_stores! {
    async fn health_answers_when_the_store_is_reachable(db: Db) {
        let app = TestApp::spawn(db).await;
        let r = app.get("/healthz").await;
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["store"], if db == Db::Sqlite { "sqlite" } else { "postgres" });
        if db == Db::Sqlite {
            assert!(app.data_path().join("lapor-natuna.sqlite").exists());
        }
    }
}

both_stores! {
    async fn the_catalog_lists_units_categories_and_regions_with_its_version(db: Db) {
        let app = TestApp::spawn(db).await;
        let v: serde_json::Value = app.get("/api/v1/catalog").await.json().await.unwrap();
        assert_eq!(v["version"], domain::CATALOG_VERSION);
        let udara = v["units"].as_array().unwrap().iter().find(|u| u["code"] == "dishub-udara").unwrap();
        assert_eq!(udara["parent"], "dishub");
        assert_eq!(udara["kind"], "bidang");
        let sekolah = v["categories"].as_array().unwrap().iter().find(|c| c["code"] == "sekolah").unwrap();
        assert_eq!(sekolah["topic"], "pendidikan");
        assert!(sekolah["national_category"].as_str().unwrap().contains("PENDIDIKAN"));
        assert_eq!(sekolah["questions"][0]["code"], "jenjang");
        let regions = v["regions"].as_array().unwrap();
        assert_eq!(regions.len(), 17 + 77);
        let sepempang = regions.iter().find(|r| r["code"] == "21.03.07.2004").unwrap();
        assert_eq!((sepempang["name"].as_str(), sepempang["parent"].as_str()), (Some("Sepempang"), Some("21.03.07")));
    }
}

both_stores! {
    async fn route_says_which_unit_and_why(db: Db) {
        let app = TestApp::spawn(db).await;
        let v: serde_json::Value = app.get("/api/v1/route?category=penerbangan&udara=perintis-subsidi").await.json().await.unwrap();
        assert_eq!(v["unit"]["code"], "dishub-udara");
        assert_eq!(v["unit"]["name"], "Dinas Perhubungan — Bidang Perhubungan Udara");
        assert!(v["reason"].as_str().unwrap().len() > 20);
        let v: serde_json::Value = app.get("/api/v1/route?category=sekolah&jenjang=sma-smk-slb").await.json().await.unwrap();
        assert_eq!(v["external"], true);
        assert!(v["guidance"].as_str().unwrap().contains("bukan wewenang"));
        let v: serde_json::Value = app.get("/api/v1/route?category=puskesmas&desa=21.03.05.1008").await.json().await.unwrap();
        assert_eq!(v["unit"]["code"], "pkm-bunguran-barat");
        let r = app.get("/api/v1/route?category=puskesmas&desa=99.99").await;
        assert_eq!(r.status(), 422);
    }
}

both_stores! {
    async fn a_valid_report_is_stored_routed_and_trackable(db: Db) {
        let app = TestApp::spawn(db).await;
        let title = unique("Jalan rusak di Sepempang");
        let created = app.submit(&with(valid_report(), "title", json!(title))).await;
        let code = created["tracking_code"].as_str().unwrap();
        assert_eq!(code.len(), 9);
        assert_eq!(created["status"], "diterima");
        assert_eq!(created["unit"]["code"], "dpupr-bm");
        assert!(created["reason"].as_str().unwrap().contains("Bina Marga"));
        assert!(created["reporter_secret"].is_null());
        assert_eq!(created["reporter_token"].as_str().map(str::len), Some(19), "the kode pelapor: {created}");
        let verify_by = created["verify_by"].as_str().unwrap();
        let answer_by = created["answer_by"].as_str().unwrap();
        assert!(verify_by < answer_by, "verified by {verify_by}, answered by {answer_by}");

        let (status, v) = app.report(code).await;
        assert_eq!(status, 200);
        assert_eq!(v["title"], title);
        assert_eq!(v["unit"]["code"], "dpupr-bm");
        assert_eq!(v["status"], "diterima");
        assert_eq!(v["reporter_name"], "Siti Aminah");
        assert_eq!(v["location"]["kecamatan_name"], "Bunguran Timur");
        assert_eq!(v["history"].as_array().unwrap().len(), 1);
        assert_eq!(v["due"]["kind"], "verification");
        // The dashed display form and lower case open the same report.
        let (s2, _) = app.report(&created["display_code"].as_str().unwrap().to_lowercase()).await;
        assert_eq!(s2, 200);
        // Contacts never leave the officers' side.
        let text = v.to_string();
        assert!(!text.contains("3456") && !text.contains("siti@contoh.id"));

        let list = app.list(&format!("q={}", title.split(' ').last().unwrap())).await;
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["tracking_code"], code);
    }
}

both_stores! {
    async fn the_public_list_is_newest_first_paginated_and_filtered(db: Db) {
        let app = TestApp::spawn(db).await;
        let tag = hex_id();
        for i in 0..23 {
            let r = with(valid_report(), "title", json!(format!("Laporan nomor {i:02} {tag}")));
            app.submit(&r).await;
        }
        let health = with(with(with(valid_report(), "category", json!("puskesmas")), "answers", json!({})), "title", json!(format!("Puskesmas tutup {tag}")));
        app.submit(&health).await;
        let page1 = app.list(&format!("q={tag}")).await;
        assert_eq!((page1["total"].as_i64(), page1["per_page"].as_i64()), (Some(24), Some(20)));
        assert_eq!(page1["items"].as_array().unwrap().len(), 20);
        assert!(page1["items"][0]["title"].as_str().unwrap().starts_with("Puskesmas"));
        let page2 = app.list(&format!("q={tag}&page=2")).await;
        assert_eq!(page2["items"].as_array().unwrap().len(), 4);
        assert!(page2["items"][3]["title"].as_str().unwrap().contains("nomor 00"));
        let by_opd = app.list(&format!("q={tag}&unit=dinkes")).await;
        assert_eq!(by_opd["total"], 1);
        let by_cat = app.list(&format!("q={tag}&category=jalan-rusak&kecamatan=21.03.07&status=diterima")).await;
        assert_eq!(by_cat["total"], 23);
        let r = app.get("/api/v1/reports?status=hilang").await;
        assert_eq!(r.status(), 422);
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(v["error"]["fields"]["status"].as_str().unwrap().contains("hilang"));
    }
}

both_stores! {
    async fn a_mistyped_code_gets_did_you_mean_and_an_unknown_one_a_plain_404(db: Db) {
        let app = TestApp::spawn(db).await;
        let created = app.submit(&valid_report()).await;
        let code = created["tracking_code"].as_str().unwrap().to_string();
        let mut typo: Vec<char> = code.chars().collect();
        typo[2] = if typo[2] == 'A' { 'B' } else { 'A' };
        let typo: String = typo.into_iter().collect();
        let (status, v) = app.report(&typo).await;
        assert_eq!(status, 404);
        assert_eq!(v["error"]["code"], "invalid_code");
        assert!(v["error"]["did_you_mean"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().replace('-', "") == code));
        let (status, v) = app.report("ABC").await;
        assert_eq!(status, 404);
        assert!(v["error"]["message"].as_str().unwrap().contains("9 karakter"));
    }
}

both_stores! {
    async fn every_page_and_answer_carries_its_own_request_id(db: Db) {
        let app = TestApp::spawn(db).await;
        let a = app.get("/healthz").await;
        let b = app.get("/api/v1/catalog").await;
        let c = app.get("/lapor").await;
        let id = |r: &reqwest::Response| r.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_string());
        let (a, b) = (id(&a).expect("an id"), id(&b).expect("an id"));
        assert_eq!(a.len(), 16);
        assert_ne!(a, b);
        assert!(id(&c).is_some(), "a page has one");
    }
}

both_stores! {
    async fn status_reads_and_lists_revalidate_by_etag_and_change_with_every_change(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let created = app.submit(&valid_report()).await;
        let (code, token) = (created["tracking_code"].as_str().unwrap(), created["reporter_token"].as_str().unwrap());
        let get = |path: String, etag: Option<String>| {
            let mut r = app.client.get(app.url(&path));
            if let Some(e) = etag {
                r = r.header("if-none-match", e);
            }
            r.send()
        };
        let first = get(format!("/api/v1/reports/{code}"), None).await.unwrap();
        assert_eq!(first.status(), 200);
        let etag = first.headers()["etag"].to_str().unwrap().to_string();
        assert_eq!(get(format!("/api/v1/reports/{code}"), Some(etag.clone())).await.unwrap().status(), 304);
        // The reporter adds information: a new version.
        let r = app.client.post(app.url(&format!("/api/v1/reports/{code}/info"))).json(&json!({ "token": token, "text": "Lubangnya makin lebar." })).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let second = get(format!("/api/v1/reports/{code}"), Some(etag.clone())).await.unwrap();
        assert_eq!(second.status(), 200);
        let etag2 = second.headers()["etag"].to_str().unwrap().to_string();
        let v: serde_json::Value = second.json().await.unwrap();
        assert_eq!(v["history"].as_array().unwrap().len(), 2);
        // Verified: a new version, the new status.
        assert_eq!(koor.act(code, json!({ "action": "verify" })).await.status(), 200);
        let third = get(format!("/api/v1/reports/{code}"), Some(etag2)).await.unwrap();
        assert_eq!(third.status(), 200);
        let v: serde_json::Value = third.json().await.unwrap();
        assert_eq!(v["status"], "didisposisikan");
        // The list revalidates the same way, and a new report changes it.
        let list = get("/api/v1/reports".into(), None).await.unwrap();
        let list_etag = list.headers()["etag"].to_str().unwrap().to_string();
        assert_eq!(get("/api/v1/reports".into(), Some(list_etag.clone())).await.unwrap().status(), 304);
        let newer = app.submit(&with(valid_report(), "title", json!("Jembatan kayu di Sepempang patah"))).await;
        let list = get("/api/v1/reports".into(), Some(list_etag)).await.unwrap();
        assert_eq!(list.status(), 200);
        let v: serde_json::Value = list.json().await.unwrap();
        assert_eq!(v["items"][0]["tracking_code"], newer["tracking_code"]);
        // English is its own version.
        let en = app.client.get(app.url(&format!("/api/v1/reports/{code}"))).header("accept-language", "en").send().await.unwrap();
        let v: serde_json::Value = en.json().await.unwrap();
        assert_eq!(v["status_label"], "Routed to a unit");
    }
}
