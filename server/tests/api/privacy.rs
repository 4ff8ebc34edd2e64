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
        let wrong = app.get_with_secret(&format!("/api/v1/reports/{code}"), "AAAA-BBBB-CCCC-DDDD").await;
        assert_eq!(wrong.status(), 404);
        // The secret is read from its header, never from the URL.
        let in_url = app.get(&format!("/api/v1/reports/{code}?secret={secret}")).await;
        assert_eq!(in_url.status(), 404);

        let ok = app.get_with_secret(&format!("/api/v1/reports/{code}"), &secret.to_lowercase()).await;
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

both_stores! {
    async fn a_confidential_reports_photos_open_by_short_lived_signed_links_not_by_its_secret_in_a_url(db: Db) {
        let app = TestApp::spawn(db).await;
        let report = with(valid_report(), "privacy", json!("rahasia"));
        let form = reqwest::multipart::Form::new()
            .text("report", report.to_string())
            .part("photo", reqwest::multipart::Part::bytes(crate::photos::jpeg_with_exif(64, 48)));
        let created: serde_json::Value = app.client.post(app.url("/api/v1/reports")).multipart(form).send().await.unwrap().json().await.unwrap();
        let (code, secret) = (created["tracking_code"].as_str().unwrap(), created["reporter_secret"].as_str().unwrap());
        let v: serde_json::Value = app.get_with_secret(&format!("/api/v1/reports/{code}"), secret).await.json().await.unwrap();
        let url = v["photos"][0]["url"].as_str().unwrap().to_string();
        assert!(url.contains("?t="), "{url}");
        assert!(!v.to_string().contains(secret), "the secret is in no link");
        assert_eq!(app.get(&url).await.status(), 200);
        assert_eq!(app.get(v["photos"][0]["thumb_url"].as_str().unwrap()).await.status(), 200);
        // Without a token, with a tampered one, or the photo's token on its thumbnail: nothing.
        let bare = url.split('?').next().unwrap();
        assert_eq!(app.get(bare).await.status(), 404);
        let mut tampered = url.clone();
        let last = tampered.pop().unwrap();
        tampered.push(if last == '0' { '1' } else { '0' });
        assert_eq!(app.get(&tampered).await.status(), 404);
        let thumb_with_photo_token = url.replacen("?t=", "/thumb?t=", 1);
        assert_eq!(app.get(&thumb_with_photo_token).await.status(), 404);
        // The secret in its header opens it too (for API clients).
        assert_eq!(app.get_with_secret(bare, secret).await.status(), 200);
    }
}
