//! Confidential reports never appear publicly; anonymous reporters are never identified.

use crate::both_stores;
use crate::helpers::*;
use serde_json::json;

both_stores! {
    async fn a_confidential_report_opens_only_with_its_secret_and_is_never_listed(db: Db) {
        let app = TestApp::spawn(db).await;
        let title = unique("Pungli di kantor");
        let created = app.submit(&with(with(valid_report(), "privacy", json!("rahasia")), "title", json!(title))).await;
        let code = created["tracking_code"].as_str().unwrap();
        let secret = created["reporter_secret"].as_str().expect("a secret for a confidential report");
        assert_eq!(secret.len(), 19);

        // Without the secret it is exactly like a code that does not exist.
        let (s1, v1) = app.report(code).await;
        let unknown = domain::tracking::TrackingCode::generate([1, 2, 3, 4, 5, 6, 7, 8]);
        let (s2, v2) = app.report(unknown.as_str()).await;
        assert_eq!((s1, s2), (404, 404));
        assert_eq!(v1, v2);
        let wrong = app.get(&format!("/api/v1/reports/{code}?secret=AAAA-BBBB-CCCC-DDDD")).await;
        assert_eq!(wrong.status(), 404);

        let ok = app.get(&format!("/api/v1/reports/{code}?secret={}", secret.to_lowercase())).await;
        assert_eq!(ok.status(), 200);
        let v: serde_json::Value = ok.json().await.unwrap();
        assert_eq!(v["title"], title);

        let tag = title.split(' ').last().unwrap();
        assert_eq!(app.list(&format!("q={tag}")).await["total"], 0);
        assert_eq!(app.list("").await["total"], 0);
        let html = app.get(&format!("/laporan?q={tag}")).await.text().await.unwrap();
        assert!(!html.contains("Pungli di kantor"), "the search echoes the tag, never the report");
        assert!(html.contains("0 laporan"));
        let nojs = app.get(&format!("/lacak/{code}")).await;
        assert_eq!(nojs.status(), 404);
        assert!(!nojs.text().await.unwrap().contains(tag));
    }
}

both_stores! {
    async fn an_anonymous_reporter_is_never_shown(db: Db) {
        let app = TestApp::spawn(db).await;
        let created = app.submit(&with(with(valid_report(), "privacy", json!("anonim")), "reporter.name", json!("Rahmat Hidayat"))).await;
        let code = created["tracking_code"].as_str().unwrap();
        let (_, v) = app.report(code).await;
        assert!(v["reporter_name"].is_null());
        let everything = format!("{v}{}{}", app.list("").await, app.get(&format!("/lacak/{code}")).await.text().await.unwrap());
        assert!(!everything.contains("Rahmat"), "the anonymous reporter's name leaked");
        assert_eq!(app.list("").await["total"], 1, "an anonymous report is still public");
    }
}
