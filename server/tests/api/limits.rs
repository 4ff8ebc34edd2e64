//! Abuse limits: per-client submission rate.

use crate::both_stores;
use crate::helpers::*;
use serde_json::json;

both_stores! {
    async fn too_many_submissions_from_one_client_get_429_with_retry_after(db: Db) {
        let app = TestApp::spawn_with(db, &[("SUBMIT_BURST", "3"), ("SUBMIT_RATE_PER_HOUR", "2")]).await;
        for i in 0..3 {
            app.submit(&with(valid_report(), "title", json!(format!("Laporan berturut-turut {i}")))).await;
        }
        let r = app.post_json(&valid_report()).await;
        assert_eq!(r.status(), 429);
        let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(wait > 60 && wait <= 1800, "{wait}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(v["error"]["message"].as_str().unwrap().contains("coba lagi dalam"));
        assert_eq!(app.list("").await["total"], 3);
        // Reading is never limited.
        assert_eq!(app.get("/api/v1/catalog").await.status(), 200);
    }
}
