//! Several server instances on one PostgreSQL behave as one: reports, sessions and idempotency
//! cross instances, the daily digest runs once, and each message leaves the outbox once.

use crate::helpers::*;
use serde_json::json;
use std::time::Duration;

/// A second server on the first one's PostgreSQL database.
async fn second(first: &TestApp, env: &[(&str, &str)]) -> TestApp {
    let mut b = TestApp::prepare(Db::Sqlite, env).await;
    b.database_url = first.database_url.clone();
    b.start();
    b.wait_healthy().await;
    b
}

pub mod two_instances_share_reports_sessions_keys_jobs_and_the_outbox {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let port = free_port();
        let sink = SmtpSink::start_on(port);
        let smtp = format!("smtp://127.0.0.1:{port}");
        let env = [
            ("SMTP_URL", smtp.as_str()),
            ("MAIL_INTERVAL_SECS", "1"),
            ("JOB_INTERVAL_SECS", "1"),
        ];
        let mut a = TestApp::spawn_with(Db::Postgres, &env).await;
        let mut b = second(&a, &env).await;
        let koor = a.coordinator().await;
        app_officer(&a, &koor).await;
        // A report filed on A is read on B; a retry of its key on B gets the first answer.
        let report = with(valid_report(), "category", json!("sampah"));
        let report = with(
            with(report, "answers", json!({})),
            "reporter.email",
            json!("warga@contoh.id"),
        );
        let r = a
            .client
            .post(a.url("/api/v1/reports"))
            .header("idempotency-key", "lintas-instans")
            .json(&report)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let first: serde_json::Value = r.json().await.unwrap();
        let code = first["tracking_code"].as_str().unwrap().to_string();
        assert_eq!(b.report(&code).await.0, 200);
        let retry = b
            .client
            .post(b.url("/api/v1/reports"))
            .header("idempotency-key", "lintas-instans")
            .json(&report)
            .send()
            .await
            .unwrap();
        assert_eq!(retry.status(), 201);
        assert_eq!(retry.headers()["idempotent-replayed"], "true");
        let again: serde_json::Value = retry.json().await.unwrap();
        assert_eq!(again["tracking_code"], first["tracking_code"]);
        // A session made on A works on B.
        let r = koor
            .client
            .get(b.url("/api/v1/petugas/me"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        // A keeps the public view in memory once read…
        for _ in 0..2 {
            assert_eq!(a.report(&code).await.1["status"], "diterima");
        }
        let r = koor
            .client
            .post(b.url(&format!("/api/v1/petugas/reports/{code}/actions")))
            .header("x-csrf-token", &koor.csrf)
            .json(&json!({ "action": "verify" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let now: serde_json::Value = r.json().await.unwrap();
        let moved = now["status"].as_str().unwrap().to_string();
        assert_ne!(moved, "diterima");
        // …and B's change reaches it (the change channel), not only B's own memory.
        let mut seen = String::new();
        for _ in 0..40 {
            seen = a.report(&code).await.1["status"]
                .as_str()
                .unwrap()
                .to_string();
            if seen == moved {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(
            seen, moved,
            "instance A still shows the old status 2 s after B changed it"
        );
        // Each message once, though both instances send.
        sink.wait_for("dlh@natunakab.go.id", "Laporan baru").await;
        sink.wait_for("warga@contoh.id", "Diteruskan ke unit").await;
        tokio::time::sleep(Duration::from_millis(3000)).await;
        let count = |to: &str| {
            sink.messages()
                .iter()
                .filter(|m| m.contains(&format!("X-Rcpt-To: {to}")))
                .count()
        };
        assert_eq!(
            count("dlh@natunakab.go.id"),
            1,
            "the unit's notice was sent once"
        );
        // The reporter: the receipt and the status notice, each once.
        sink.wait_for("warga@contoh.id", "Laporan diterima").await;
        assert_eq!(
            count("warga@contoh.id"),
            2,
            "the reporter's receipt and notice were sent once each"
        );
        // Both instances write history at once (submissions and moves): it stays one chain.
        let submits = (0..16).map(|i| {
            let app = if i % 2 == 0 { &a } else { &b };
            let body = with(
                valid_report(),
                "title",
                json!(format!("Jalan berlubang nomor {i} di Sepempang")),
            );
            async move {
                app.submit(&body).await["tracking_code"]
                    .as_str()
                    .unwrap()
                    .to_string()
            }
        });
        let codes = futures::future::join_all(submits).await;
        let moves = codes.iter().enumerate().map(|(i, c)| {
            let (app, koor) = (if i % 2 == 0 { &b } else { &a }, &koor);
            async move {
                koor.client
                    .post(app.url(&format!("/api/v1/petugas/reports/{c}/actions")))
                    .header("x-csrf-token", &koor.csrf)
                    .json(&json!({ "action": "verify" }))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        });
        assert!(futures::future::join_all(moves)
            .await
            .iter()
            .all(|s| *s == 200));
        let out = a.server_command(&["verify-chain"]);
        let entries = a.sql("SELECT COUNT(*) FROM report_history").await.unwrap();
        assert!(entries >= 2 * 16);
        assert!(
            out.status.success()
                && String::from_utf8_lossy(&out.stdout).contains(&format!("utuh: {entries} entri")),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // 30 days on, on both: one daily digest, not two.
        let later = (30 * 86_400).to_string();
        a.restart_with(&[("CLOCK_OFFSET_SECS", later.as_str())])
            .await;
        b.restart_with(&[("CLOCK_OFFSET_SECS", later.as_str())])
            .await;
        sink.wait_for("dlh@natunakab.go.id", "melewati batas waktu")
            .await;
        tokio::time::sleep(Duration::from_millis(4000)).await;
        let digests = sink
            .messages()
            .iter()
            .filter(|m| {
                m.contains("X-Rcpt-To: dlh@natunakab.go.id")
                    && decode_qp(m).contains("melewati batas waktu")
            })
            .count();
        assert_eq!(digests, 1, "one digest across both instances");
    }

    async fn app_officer(a: &TestApp, koor: &OfficerClient) {
        a.officer(
            koor,
            "dlh",
            "petugas_unit",
            "dlh-sampah",
            Some("dlh@natunakab.go.id"),
        )
        .await;
    }
}
