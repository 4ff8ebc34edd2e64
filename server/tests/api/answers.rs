//! Answers that are real (issue 15): a normative answer is refused with what is missing named,
//! an officer may send it anyway with a reason that is logged for officers and counted in monev,
//! the public answer shows its checklist, a category's first reply reaches the reporter when the
//! report is routed, and the follow-up after finishing is asked once and acts on the reply.

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};
use std::time::Duration;

fn sampah(title: &str, email: Option<&str>) -> Value {
    json!({ "type": "pengaduan", "category": "sampah", "title": title,
        "body": "Sampah menumpuk di pinggir jalan dan tidak diangkut lebih dari seminggu.",
        "location": { "desa": "21.03.07.2004" }, "privacy": "publik",
        "reporter": { "name": "Rudi", "email": email } })
}

both_stores! {
    async fn a_normative_answer_is_refused_unless_sent_with_a_logged_reason(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let dlh = app.officer(&koor, "dlh", "petugas_unit", "dlh-sampah", None).await;
        let created = app.submit(&sampah("Sampah tidak diangkut seminggu", None)).await;
        let code = created["tracking_code"].as_str().unwrap();
        assert_eq!(koor.act(code, json!({ "action": "verify" })).await.status(), 200);

        // Boilerplate: 422 on the answer's field, naming the three missing parts.
        let r = dlh.act(code, json!({ "action": "answer", "text": "Terima kasih, laporan sudah diteruskan ke dinas terkait dan akan segera ditindaklanjuti." })).await;
        assert_eq!(r.status(), 422);
        let v: Value = r.json().await.unwrap();
        let m = v["error"]["fields"]["text"].as_str().expect("an error on the answer's field");
        assert!(m.contains("tindakan, unit dan waktu") && m.contains("dinas terkait"), "{m}");
        // Only the time missing: named alone.
        let r = dlh.act(code, json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sampah di lokasi tersebut." })).await;
        let v: Value = r.json().await.unwrap();
        assert!(v["error"]["fields"]["text"].as_str().unwrap().contains("belum ada waktu."), "{v}");
        let (_, d) = koor.detail(code).await;
        assert_eq!(d["status"], "didisposisikan", "nothing changed");

        // Sent anyway with a reason: accepted, the reason logged for officers, not public.
        let reason = "Truk rusak; jadwal belum bisa dipastikan, pelapor sudah ditelepon.";
        let r = dlh.act(code, json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sampah di lokasi tersebut.", "override_reason": reason })).await;
        assert_eq!(r.status(), 200);
        let (_, d) = koor.detail(code).await;
        let notes: Vec<&Value> = d["history"].as_array().unwrap().iter().filter(|h| h["action"] == "note").collect();
        assert_eq!(notes.len(), 1, "{d}");
        let note = notes[0]["note"].as_str().unwrap();
        assert!(note.contains("tanpa waktu") && note.contains(reason), "{note}");
        assert_eq!(notes[0]["actor"], "dlh");
        let (_, public) = app.report(code).await;
        assert!(!public.to_string().contains("Truk rusak"), "the reason is for officers only");
        // The public answer shows what it states.
        let check = &public["responses"][0]["check"];
        assert_eq!((check["action"].as_bool(), check["unit"].as_bool(), check["time"].as_bool()), (Some(true), Some(true), Some(false)));

        // A complete answer on another report: no note, a full checklist.
        let other = app.submit(&sampah("Tong sampah pasar penuh", None)).await;
        let other = other["tracking_code"].as_str().unwrap();
        assert_eq!(koor.act(other, json!({ "action": "verify" })).await.status(), 200);
        assert_eq!(dlh.act(other, json!({ "action": "answer", "text": "UPT Persampahan telah mengangkut sampah di pasar pada Selasa, 1 Desember 2026.", "override_reason": "tidak perlu" })).await.status(), 200);
        let (_, d) = koor.detail(other).await;
        assert!(d["history"].as_array().unwrap().iter().all(|h| h["action"] != "note"));
        assert_eq!(app.report(other).await.1["responses"][0]["check"], json!({ "action": true, "unit": true, "time": true }));

        // Monev counts the normative answer for the OPD (DLH), once.
        let m: Value = koor.get("/api/v1/petugas/monev").await.json().await.unwrap();
        let dlh_row = m["opds"].as_array().unwrap().iter().find(|o| o["answered"].as_u64() == Some(2)).expect("DLH row");
        assert_eq!(dlh_row["normative_answers"], 1, "{dlh_row}");
        // The no-JS status page shows the checklist too.
        let page = app.client.get(app.url(&format!("/lacak/{code}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("tindakan ✓ · unit ✓ · waktu ✗"), "no checklist on the no-JS page");
    }
}

both_stores! {
    async fn the_first_reply_reaches_the_reporter_when_the_report_is_routed(db: Db) {
        let port = free_port();
        let sink = SmtpSink::start_on(port);
        let app = TestApp::spawn_with(db, &[("SMTP_URL", &format!("smtp://127.0.0.1:{port}")), ("MAIL_INTERVAL_SECS", "1")]).await;
        let koor = app.coordinator().await;
        let created = app.submit(&sampah("Sampah menumpuk di depan sekolah", Some("rudi@contoh.id"))).await;
        let code = created["tracking_code"].as_str().unwrap();
        assert_eq!(koor.act(code, json!({ "action": "verify" })).await.status(), 200);
        let (_, v) = app.report(code).await;
        let first: Vec<&Value> = v["history"].as_array().unwrap().iter().filter(|h| h["action"] == "first_reply").collect();
        assert_eq!(first.len(), 1, "{v}");
        assert!(first[0]["note"].as_str().unwrap().contains("Tambah informasi"));
        let mail = decode_qp(&sink.wait_for("rudi@contoh.id", "Diteruskan ke unit").await);
        assert!(mail.contains("Foto atau patokan tambahan"), "{mail}");
        // Rerouted later: no second first reply.
        assert_eq!(koor.act(code, json!({ "action": "reroute", "to": "dlh", "reason": "Ditangani langsung oleh dinas." })).await.status(), 200);
        let (_, v) = app.report(code).await;
        assert_eq!(v["history"].as_array().unwrap().iter().filter(|h| h["action"] == "first_reply").count(), 1);
    }
}

both_stores! {
    async fn the_follow_up_is_asked_once_after_finishing_and_acts_on_the_reply(db: Db) {
        let port = free_port();
        let sink = SmtpSink::start_on(port);
        let smtp = format!("smtp://127.0.0.1:{port}");
        let env = [("SMTP_URL", smtp.as_str()), ("MAIL_INTERVAL_SECS", "1"), ("JOB_INTERVAL_SECS", "1"), ("FOLLOWUP_WORKING_DAYS", "2")];
        let mut app = TestApp::spawn_with(db, &env).await;
        let koor = app.coordinator().await;
        let dlh = app.officer(&koor, "dlh", "petugas_unit", "dlh-sampah", None).await;
        let fixed = app.submit(&sampah("Sampah di pantai Ranai", Some("fixed@contoh.id"))).await;
        let not_fixed = app.submit(&sampah("Sampah di depan pasar", None)).await;
        for c in [&fixed, &not_fixed] {
            let code = c["tracking_code"].as_str().unwrap();
            assert_eq!(koor.act(code, json!({ "action": "verify" })).await.status(), 200);
            assert_eq!(dlh.act(code, json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sampah hari ini." })).await.status(), 200);
            let r = app.client.post(app.url(&format!("/api/v1/reports/{code}/accept"))).json(&json!({ "token": c["reporter_token"] })).send().await.unwrap();
            assert_eq!(r.status(), 200);
        }
        let code = fixed["tracking_code"].as_str().unwrap();
        let reply = |app: &TestApp, c: &Value, token: &str, reply: &str| {
            let url = app.url(&format!("/api/v1/reports/{}/followup", c["tracking_code"].as_str().unwrap()));
            let body = json!({ "token": token, "reply": reply });
            let client = app.client.clone();
            async move { client.post(url).json(&body).send().await.unwrap() }
        };
        // Not asked yet: nothing to answer, and the status page does not ask.
        assert_eq!(app.report(code).await.1["followup_open"], false);
        assert_eq!(reply(&app, &fixed, fixed["reporter_token"].as_str().unwrap(), "sudah").await.status(), 409);

        // Two working days later (a week on the clock): asked once, by e-mail when given.
        app.restart_with(&[("CLOCK_OFFSET_SECS", &(7 * 86_400).to_string())]).await;
        let mut open = false;
        for _ in 0..50 {
            open = app.report(code).await.1["followup_open"] == true;
            if open { break; }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(open, "the follow-up is asked");
        let mail = decode_qp(&sink.wait_for("fixed@contoh.id", "benar-benar sudah selesai").await);
        assert!(mail.contains(&format!("/lacak/{code}")), "{mail}");
        // The job keeps running: the question goes once.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(sink.messages().iter().filter(|m| m.contains("X-Rcpt-To: fixed@contoh.id") && decode_qp(m).contains("benar-benar")).count(), 1);

        // Only the reporter answers, with a valid reply.
        assert_eq!(reply(&app, &fixed, "SALAH-KODE", "sudah").await.status(), 422);
        let r = reply(&app, &fixed, fixed["reporter_token"].as_str().unwrap(), "mungkin").await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("sudah"));
        assert_eq!(reply(&app, &fixed, fixed["reporter_token"].as_str().unwrap(), "sudah").await.status(), 200);
        assert_eq!(reply(&app, &fixed, fixed["reporter_token"].as_str().unwrap(), "belum").await.status(), 409, "answered once");
        // A finished report cannot be reopened any more: "belum" counts as unresolved.
        let r = reply(&app, &not_fixed, not_fixed["reporter_token"].as_str().unwrap(), "belum").await;
        assert_eq!(r.status(), 200);
        let (_, v) = app.report(not_fixed["tracking_code"].as_str().unwrap()).await;
        assert_eq!(v["status"], "selesai");
        assert_eq!(v["followup_open"], false);
        let last = v["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!((last["action"].as_str(), last["note"].as_str()), (Some("followup"), Some("Pelapor menyatakan masalahnya belum selesai.")));

        // The clock moved a week: a fresh session.
        let koor = app.login("koordinator", PASSWORD).await.expect("coordinator logs in");
        let m: Value = koor.get("/api/v1/petugas/monev").await.json().await.unwrap();
        let row = m["opds"].as_array().unwrap().iter().find(|o| o["followups"].as_u64() == Some(2)).expect("the OPD asked twice");
        assert_eq!((row["fixed"].as_u64(), row["unresolved_after_answer"].as_u64(), row["finished"].as_u64()), (Some(1), Some(1), Some(2)), "{row}");
    }
}
