//! Retried submissions: the same Idempotency-Key stores once and answers the same.

use crate::both_stores;
use crate::helpers::*;
use serde_json::json;

both_stores! {
    async fn a_retried_post_returns_the_first_answer_and_stores_nothing_twice(db: Db) {
        let app = TestApp::spawn(db).await;
        let title = unique("Air bersih mati");
        let body = with(valid_report(), "title", json!(title));
        let key = format!("k-{}", hex_id());
        let post = || app.client.post(app.url("/api/v1/reports")).header("idempotency-key", &key).json(&body).send();
        let first = post().await.unwrap();
        assert_eq!(first.status(), 201);
        let first: serde_json::Value = first.json().await.unwrap();
        let again = post().await.unwrap();
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers().get("idempotent-replayed").map(|v| v.to_str().unwrap()), Some("true"));
        let again: serde_json::Value = again.json().await.unwrap();
        assert_eq!(first, again);
        assert_eq!(app.list(&format!("q={}", title.split(' ').last().unwrap())).await["total"], 1);
    }
}

both_stores! {
    async fn concurrent_retries_with_one_key_store_one_report(db: Db) {
        let app = TestApp::spawn(db).await;
        let title = unique("Sampah menumpuk");
        let body = with(valid_report(), "title", json!(title));
        let key = format!("k-{}", hex_id());
        let requests = (0..8).map(|_| app.client.post(app.url("/api/v1/reports")).header("idempotency-key", &key).json(&body).send());
        let responses = futures::future::join_all(requests).await;
        let mut codes = std::collections::HashSet::new();
        for r in responses {
            let r = r.unwrap();
            assert_eq!(r.status(), 201);
            let v: serde_json::Value = r.json().await.unwrap();
            codes.insert(v["tracking_code"].as_str().unwrap().to_string());
        }
        assert_eq!(codes.len(), 1, "{codes:?}");
        assert_eq!(app.list(&format!("q={}", title.split(' ').last().unwrap())).await["total"], 1);
        // Seven replays in the writer's batches rolled back to their savepoints: the chain holds
        // the one report's entry and nothing of the others.
        let out = app.server_command(&["verify-chain"]);
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("utuh: 1 entri"), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }
}

both_stores! {
    async fn a_key_reused_for_a_different_report_is_refused(db: Db) {
        let app = TestApp::spawn(db).await;
        let key = format!("k-{}", hex_id());
        let send = |title: &str| app.client.post(app.url("/api/v1/reports")).header("idempotency-key", &key).json(&with(valid_report(), "title", json!(title))).send();
        assert_eq!(send("Laporan pertama tentang jalan").await.unwrap().status(), 201);
        let r = send("Laporan kedua yang berbeda sama sekali").await.unwrap();
        assert_eq!(r.status(), 422);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "idempotency_key_reused");
    }
}

both_stores! {
    async fn a_confidential_report_retried_still_returns_its_secret(db: Db) {
        let app = TestApp::spawn(db).await;
        let body = with(valid_report(), "privacy", json!("rahasia"));
        let key = format!("k-{}", hex_id());
        let post = || app.client.post(app.url("/api/v1/reports")).header("idempotency-key", &key).json(&body).send();
        let a: serde_json::Value = post().await.unwrap().json().await.unwrap();
        let b: serde_json::Value = post().await.unwrap().json().await.unwrap();
        assert!(a["reporter_secret"].as_str().is_some());
        assert_eq!(a["reporter_secret"], b["reporter_secret"]);
    }
}
