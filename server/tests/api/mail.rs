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

both_stores! {
    async fn each_unit_gets_one_daily_digest_of_its_overdue_reports(db: Db) {
        let port = free_port();
        let sink = SmtpSink::start_on(port);
        let smtp = format!("smtp://127.0.0.1:{port}");
        let env = [("SMTP_URL", smtp.as_str()), ("MAIL_INTERVAL_SECS", "1"), ("JOB_INTERVAL_SECS", "1")];
        let mut app = TestApp::spawn_with(db, &env).await;
        let koor = app.coordinator().await;
        let dlh = app.officer(&koor, "dlh", "petugas_unit", "dlh-sampah", Some("dlh@natunakab.go.id")).await;
        let report = |t: &str| json!({ "type": "pengaduan", "category": "sampah", "title": t, "body": "Sampah menumpuk di pinggir jalan dan tidak diangkut lebih dari seminggu.", "location": { "desa": "21.03.07.2004" }, "privacy": "publik", "reporter": { "name": "Rudi" } });
        let late = app.submit(&report("Sampah di depan pasar belum diangkut")).await;
        let answered = app.submit(&report("Tong sampah di taman penuh")).await;
        for c in [&late, &answered] {
            assert_eq!(koor.act(c["tracking_code"].as_str().unwrap(), json!({ "action": "verify" })).await.status(), 200);
        }
        assert_eq!(dlh.act(answered["tracking_code"].as_str().unwrap(), json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sampah pada 2 Desember 2026." })).await.status(), 200);
        // Nothing is late today.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let digests = |sink: &SmtpSink| sink.messages().into_iter().filter(|m| m.contains("X-Rcpt-To: dlh@natunakab.go.id") && decode_qp(m).contains("melewati batas waktu")).collect::<Vec<_>>();
        assert!(digests(&sink).is_empty(), "no digest before anything is late");

        // 30 days on: the unanswered report is past its 10 working days; the answered one is not
        // the unit's to do. One digest, listing only the late one.
        let later = (30 * 86_400).to_string();
        app.restart_with(&[("CLOCK_OFFSET_SECS", later.as_str())]).await;
        let mail = decode_qp(&sink.wait_for("dlh@natunakab.go.id", "melewati batas waktu").await);
        assert!(mail.contains(late["display_code"].as_str().unwrap()), "{mail}");
        assert!(mail.contains("Sampah di depan pasar belum diangkut"), "{mail}");
        assert!(!mail.contains(answered["display_code"].as_str().unwrap()), "{mail}");
        assert!(mail.contains("1 laporan melewati batas waktu"), "{mail}");

        // Once a day: more job runs and a restart the same day send no second digest.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        app.restart_with(&[("CLOCK_OFFSET_SECS", later.as_str())]).await;
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(digests(&sink).len(), 1);
    }
}
