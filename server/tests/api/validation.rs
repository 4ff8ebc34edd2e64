//! Bad input: a clear, specific error for each field, never a 500.

use crate::both_stores;
use crate::helpers::*;
use serde_json::json;

both_stores! {
    async fn every_invalid_field_is_named_with_an_indonesian_message(db: Db) {
        let app = TestApp::spawn(db).await;
        let cases = [
            ("type", json!("keluhan"), "type"),
            ("category", json!("tidak-ada"), "category"),
            ("title", json!("   "), "title"),
            ("body", json!("pendek"), "body"),
            ("body", json!("x".repeat(4001)), "body"),
            ("incident_date", json!("2099-01-01"), "incident_date"),
            ("location.desa", json!(null), "location.desa"),
            ("location.lat", json!(-6.2), "location.lat"),
            ("privacy", json!("semi"), "privacy"),
            ("reporter.phone", json!("12345"), "reporter.phone"),
            ("reporter.email", json!("siti@"), "reporter.email"),
            ("answers", json!({"status_jalan": "tol"}), "answers.status_jalan"),
            ("title", json!(42), "title"),
        ];
        for (path, value, field) in cases {
            let r = app.post_json(&with(valid_report(), path, value.clone())).await;
            assert_eq!(r.status(), 422, "{path}={value}");
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["error"]["code"], "validation");
            let msg = v["error"]["fields"][field].as_str().unwrap_or_else(|| panic!("{path}: no error on {field}: {v:#}"));
            assert!(msg.ends_with('.') && msg.len() > 15, "{msg}");
            assert_eq!(v["error"]["fields"].as_object().unwrap().len(), 1, "{path}: {v:#}");
        }
        assert_eq!(app.list("").await["total"], 0, "nothing invalid was stored");
    }
}

both_stores! {
    async fn all_errors_come_at_once_and_in_english_when_asked(db: Db) {
        let app = TestApp::spawn(db).await;
        let r = app.client.post(app.url("/api/v1/reports")).header("accept-language", "en-US,en;q=0.9").json(&json!({})).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let v: serde_json::Value = r.json().await.unwrap();
        let fields = v["error"]["fields"].as_object().unwrap();
        for f in ["type", "category", "title", "body", "privacy"] {
            assert!(fields.contains_key(f), "{f} missing: {v:#}");
        }
        assert!(fields["title"].as_str().unwrap().contains("required"));
        assert!(v["error"]["message"].as_str().unwrap().contains("cannot be sent"));
    }
}

both_stores! {
    async fn malformed_bodies_get_a_4xx_with_a_message(db: Db) {
        let app = TestApp::spawn(db).await;
        let r = app.client.post(app.url("/api/v1/reports")).header("content-type", "application/json").body("{\"type\": ").send().await.unwrap();
        assert_eq!(r.status(), 400);
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(v["error"]["message"].as_str().unwrap().contains("JSON"));
        let r = app.client.post(app.url("/api/v1/reports")).header("content-type", "text/plain").body("halo").send().await.unwrap();
        assert_eq!(r.status(), 415);
        let r = app.client.post(app.url("/api/v1/reports")).header("content-type", "multipart/form-data; boundary=x").body("--x\r\nContent-Disposition: form-data; name=\"photo\"\r\n\r\nabc\r\n--x--\r\n").send().await.unwrap();
        assert_eq!(r.status(), 400, "multipart without a report part");
        let r = app.get("/api/v1/nothing-here").await;
        assert_eq!(r.status(), 404);
        let r = app.client.delete(app.url("/api/v1/reports")).send().await.unwrap();
        assert!(r.status().is_client_error());
    }
}

both_stores! {
    async fn a_stale_catalog_gets_a_409_telling_the_client_to_reload(db: Db) {
        let app = TestApp::spawn(db).await;
        let r = app.post_json(&with(valid_report(), "catalog_version", json!("0000000000000000"))).await;
        assert_eq!(r.status(), 409);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "catalog_stale");
        assert!(v["error"]["message"].as_str().unwrap().contains("Muat ulang"));
        assert_eq!(v["error"]["catalog_version"], domain::CATALOG_VERSION);
    }
}

both_stores! {
    async fn text_is_stored_as_submitted(db: Db) {
        let app = TestApp::spawn(db).await;
        let body = "Ada <script>alert(1)</script> & \"kutipan\" di papan pengumuman — mohon dibersihkan.\nBaris kedua.";
        let created = app.submit(&with(valid_report(), "body", json!(body))).await;
        let (_, v) = app.report(created["tracking_code"].as_str().unwrap()).await;
        assert_eq!(v["body"], body);
    }
}

both_stores! {
    async fn reports_with_and_without_coordinates_in_any_order_are_all_stored(db: Db) {
        // A report without a location pin stored between ones with it: on PostgreSQL the empty
        // latitude once went out as a 4-byte float (sqlx's Any driver), and a connection that
        // had prepared the insert that way refused the next real latitude with a 500.
        let app = TestApp::spawn(db).await;
        let mut stored = 0;
        for i in 0..24 {
            let mut r = with(valid_report(), "title", json!(unique("Jalan berlubang")));
            if i % 3 != 1 {
                r = with(r, "location.lat", json!(null));
                r = with(r, "location.lon", json!(null));
            }
            let res = app.post_json(&r).await;
            assert_eq!(res.status(), 201, "report {i}: {}", res.text().await.unwrap_or_default());
            stored += 1;
        }
        assert_eq!(app.list("").await["total"], stored);
    }
}
