//! Identity on request: an anonymous or confidential reporter's name, phone and e-mail reach no
//! officer by default; the coordinator opens them with a reason, which is logged (in the history
//! chain), shown to that reporter alone, and alerts the other coordinators past a daily limit.
//! A unit officer can never open it.

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};

const REASON: &str = "Verifikasi: pelapor perlu dihubungi untuk lokasi persis.";

fn anonymous() -> Value {
    with(
        with(valid_report(), "privacy", json!("anonim")),
        "reporter",
        json!({ "name": "Hasan Basri", "phone": "081366667777", "email": "hasan@contoh.id" }),
    )
}

async fn openings(app: &TestApp, code: &str, token: &str) -> (u16, Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/reports/{code}/identity-openings")))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn open(o: &OfficerClient, code: &str, reason: &str) -> (u16, Value) {
    let r = o
        .post(
            &format!("/api/v1/petugas/reports/{code}/identity"),
            &json!({ "reason": reason }),
        )
        .await;
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

both_stores! {
    async fn a_hidden_identity_opens_only_for_the_coordinator_with_a_reason_the_reporter_reads(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let bm = app.officer(&koor, "binamarga", "petugas_unit", "dpupr-bm", None).await;
        let receipt = app.submit(&anonymous()).await;
        let code = receipt["tracking_code"].as_str().unwrap().to_string();
        let token = receipt["reporter_token"].as_str().unwrap().to_string();
        assert_eq!(koor.act(&code, json!({ "action": "verify" })).await.status(), 200);

        // Hidden from everyone by default, the coordinator included.
        for o in [&koor, &bm] {
            let (_, d) = o.detail(&code).await;
            assert_eq!(d["reporter"]["hidden"], true, "{}", o.username);
            assert!(!d.to_string().contains("Hasan Basri") && !d.to_string().contains("81366667777"));
        }
        // The reporter sees that nobody opened it.
        let (status, o) = openings(&app, &code, &token).await;
        assert_eq!(status, 200);
        assert_eq!(o["openings"], json!([]));
        assert_eq!(o["text"], "Identitas Anda belum pernah dibuka oleh petugas.");

        // A unit officer can never open it; the coordinator needs a reason.
        let (status, e) = open(&bm, &code, REASON).await;
        assert_eq!(status, 403);
        assert!(e.to_string().contains("unit penanganan tidak pernah dapat"), "{e}");
        let (status, e) = open(&koor, &code, "perlu").await;
        assert_eq!(status, 422);
        assert!(e["error"]["fields"]["reason"].as_str().unwrap().contains("minimal 10 karakter"), "{e}");
        assert_eq!(openings(&app, &code, &token).await.1["openings"], json!([]), "refusals open nothing");

        // Opened with a reason: the identity in the answer, the opening in the history.
        let (status, who) = open(&koor, &code, REASON).await;
        assert_eq!(status, 200);
        assert_eq!((who["hidden"].clone(), who["name"].clone(), who["email"].clone()), (json!(false), json!("Hasan Basri"), json!("hasan@contoh.id")));
        let (_, d) = koor.detail(&code).await;
        assert_eq!(d["reporter"]["hidden"], true, "the next look is the next opening");
        let entry = d["history"].as_array().unwrap().iter().find(|h| h["action"] == "identity").expect("logged");
        assert_eq!((entry["note"].clone(), entry["actor"].clone(), entry["internal"].clone()), (json!(REASON), json!("koordinator"), json!(true)));
        // The unit officer sees that it was opened, never what.
        let (_, d) = bm.detail(&code).await;
        assert!(!d.to_string().contains("Hasan Basri"));

        // The reporter reads who (which unit), when and why; nobody else.
        let (_, o) = openings(&app, &code, &token).await;
        assert_eq!(o["text"], "Identitas Anda dibuka 1×");
        assert_eq!(o["openings"][0]["reason"], REASON);
        assert!(o["openings"][0]["unit"]["name"].as_str().unwrap().starts_with("Dinas Komunikasi dan Informatika"), "{o}");
        let (status, e) = openings(&app, &code, "bukan-kode-pelapor").await;
        assert_eq!(status, 422, "{e}");
        assert!(e["error"]["fields"]["token"].as_str().unwrap().contains("Kode pelapor tidak cocok"), "{e}");
        let (_, public) = app.report(&code).await;
        assert!(!public.to_string().contains(REASON), "not on the public page");
        assert!(public["history"].as_array().unwrap().iter().all(|h| h["action"] != "identity"));
        // The no-JavaScript status page asks for the reporter code and shows the same.
        let page = app.get(&format!("/lacak/{code}")).await.text().await.unwrap();
        assert!(page.contains(&format!("action=\"/lacak/{code}/identitas\"")));
        let r = app.client.post(app.url(&format!("/lacak/{code}/identitas"))).form(&[("token", token.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        assert!(page.contains("Identitas Anda dibuka 1×") && page.contains(REASON), "{page}");
        let r = app.client.post(app.url(&format!("/lacak/{code}/identitas"))).form(&[("token", "salah")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Kode pelapor tidak cocok"));

        // A confidential report: the same, and its secret opens its list.
        let secret_receipt = app.submit(&with(anonymous(), "privacy", json!("rahasia"))).await;
        let (hidden, secret) = (
            secret_receipt["tracking_code"].as_str().unwrap().to_string(),
            secret_receipt["reporter_secret"].as_str().unwrap().to_string(),
        );
        assert_eq!(koor.detail(&hidden).await.1["reporter"]["hidden"], true);
        assert_eq!(open(&koor, &hidden, REASON).await.0, 200);
        assert_eq!(openings(&app, &hidden, &secret).await.1["text"], "Identitas Anda dibuka 1×");
        assert_eq!(openings(&app, &hidden, "salah").await.0, 404, "a confidential report stays unknown without its secret");

        // A public report's reporter is simply shown, with nothing to log.
        let public_code = app.submit(&valid_report()).await["tracking_code"].as_str().unwrap().to_string();
        let (_, d) = koor.detail(&public_code).await;
        assert_eq!(d["reporter"]["name"], "Siti Aminah");
    }
}

both_stores! {
    async fn a_coordinator_opening_more_than_the_daily_limit_alerts_the_other_coordinators(db: Db) {
        let port = free_port();
        let sink = SmtpSink::start_on(port);
        let smtp = format!("smtp://127.0.0.1:{port}");
        let app = TestApp::spawn_with(db, &[("SMTP_URL", smtp.as_str()), ("MAIL_INTERVAL_SECS", "1"), ("IDENTITY_ALERT_PER_DAY", "1")]).await;
        let koor = app.coordinator().await;
        let r = koor
            .post("/api/v1/petugas/officers", &json!({ "username": "koor2", "display_name": "Koordinator Dua", "role": "koordinator", "unit": "diskominfo-pikp", "password": PASSWORD, "email": "koor2@natunakab.go.id" }))
            .await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        let mut codes = Vec::new();
        for _ in 0..2 {
            codes.push(app.submit(&anonymous()).await["tracking_code"].as_str().unwrap().to_string());
        }
        // At the limit: no alert.
        assert_eq!(open(&koor, &codes[0], REASON).await.0, 200);
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        assert!(sink.messages().iter().all(|m| !decode_qp(m).contains("membuka identitas")), "no alert at the limit");
        // Past it: the other coordinator hears of it, with the report and the reason, never the identity.
        assert_eq!(open(&koor, &codes[1], REASON).await.0, 200);
        let m = decode_qp(&sink.wait_for("koor2@natunakab.go.id", "membuka identitas").await);
        assert!(m.contains("2× hari ini") && m.contains(REASON), "{m}");
        assert!(!m.contains("Hasan Basri") && !m.contains("81366667777") && !m.contains("hasan@contoh.id"), "{m}");
        assert_eq!(
            sink.messages().iter().filter(|m| decode_qp(m).contains("membuka identitas")).count(),
            1,
            "the opener is not alerted about themself"
        );
    }
}
