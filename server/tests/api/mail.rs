//! Notifications through a real SMTP server; an outage delays mail and loses none.

use crate::both_stores;
use crate::helpers::*;
use serde_json::json;
use std::time::Duration;

both_stores! {
    async fn units_and_reporters_get_mail_and_an_smtp_outage_loses_none(db: Db) {
        let port = free_port();
        let smtp = format!("smtp://127.0.0.1:{port}");
        // The mail server is down when the server starts.
        let app = TestApp::spawn_with(db, &[("SMTP_URL", &smtp), ("MAIL_INTERVAL_SECS", "1"), ("MAIL_RETRY_SECS", "1"), ("PUBLIC_URL", "https://lapor.natunakab.go.id")]).await;
        let koor = app.coordinator().await;
        let _udara = app.officer(&koor, "udara", "petugas_unit", "dishub-udara", Some("udara@natunakab.go.id")).await;
        let created = app.submit(&json!({
            "type": "pengaduan", "category": "penerbangan", "answers": { "udara": "perintis-subsidi" },
            "title": "Jadwal perintis tidak jelas", "body": "Jadwal penerbangan perintis sering berubah tanpa pemberitahuan ke warga.",
            "location": { "desa": "21.03.07.2004" }, "privacy": "publik", "reporter": { "name": "Wati", "email": "wati@contoh.id" },
        })).await;
        let code = created["tracking_code"].as_str().unwrap();
        assert_eq!(koor.act(code, json!({ "action": "verify" })).await.status(), 200);
        tokio::time::sleep(Duration::from_millis(2500)).await;
        // Now the mail server comes up: the queued mail is delivered.
        let sink = SmtpSink::start_on(port);
        let unit_mail = sink.wait_for("udara@natunakab.go.id", code.get(0..3).unwrap()).await;
        assert!(decode_qp(&unit_mail).contains(&format!("https://lapor.natunakab.go.id/petugas/laporan/{code}")));
        let reporter_mail = sink.wait_for("wati@contoh.id", "Diteruskan ke unit").await;
        assert!(decode_qp(&reporter_mail).contains(&format!("https://lapor.natunakab.go.id/lacak/{code}")));
        // Each message once.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let to_unit = sink.messages().iter().filter(|m| m.contains("X-Rcpt-To: udara@natunakab.go.id")).count();
        assert_eq!(to_unit, 1);
    }
}
