//! The tamper-evident history (`domain::chain`): every entry of the service in one chain, its
//! daily heads published, a citizen's proof recomputed with the domain's own rules, and
//! `server verify-chain` naming the first entry someone changed in the database.

use crate::both_stores;
use crate::helpers::*;
use domain::chain::{verify_proof, ProofError};
use domain::wire::{ChainHead, ChainHeads, ChainProof};
use serde_json::{json, Value};

const ANSWER: &str =
    "Bidang Bina Marga menambal lubang di jalan Sepempang pada Senin, 7 Desember 2026.";
const NOTE: &str = "Tim survei: butuh dua truk aspal dingin.";

async fn proof(app: &TestApp, code: &str) -> (u16, Option<ChainProof>) {
    let r = app.get(&format!("/api/v1/reports/{code}/proof")).await;
    let status = r.status().as_u16();
    (status, r.json().await.ok())
}

async fn heads(app: &TestApp) -> Vec<ChainHead> {
    let r = app.get("/api/v1/chain/heads").await;
    assert_eq!(r.status(), 200);
    r.json::<ChainHeads>().await.unwrap().heads
}

fn verify(app: &TestApp) -> (bool, String) {
    let out = app.server_command(&["verify-chain"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

async fn entry_id(app: &TestApp, code: &str, action: &str) -> i64 {
    app.sql(&format!(
        "SELECT h.id FROM report_history h JOIN reports r ON r.id = h.report_id WHERE r.tracking_code = '{code}' AND h.action = '{action}'"
    ))
    .await
    .expect("the entry")
}

both_stores! {
    async fn the_history_chain_verifies_proves_and_names_the_row_someone_edited(db: Db) {
        let mut app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let bm = app.officer(&koor, "binamarga", "petugas_unit", "dpupr-bm", None).await;
        let code = app.submit(&valid_report()).await["tracking_code"].as_str().unwrap().to_string();
        let secret_report = app.submit(&with(valid_report(), "privacy", json!("rahasia"))).await;
        let (hidden, secret) = (
            secret_report["tracking_code"].as_str().unwrap().to_string(),
            secret_report["reporter_secret"].as_str().unwrap().to_string(),
        );
        for c in [&code, &hidden] {
            let r = koor.act(c, json!({ "action": "verify" })).await;
            assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        }
        assert_eq!(bm.post(&format!("/api/v1/petugas/reports/{code}/notes"), &json!({ "text": NOTE })).await.status(), 201);
        assert_eq!(bm.act(&code, json!({ "action": "answer", "text": ANSWER })).await.status(), 200);

        // The whole chain checks out.
        let (ok, text) = verify(&app);
        assert!(ok, "{text}");
        let entries = app.sql("SELECT COUNT(*) FROM report_history").await.unwrap();
        assert!(entries >= 6, "two submissions, two verifications, a note, an answer");
        assert!(text.contains(&format!("Rantai riwayat utuh: {entries} entri")), "{text}");

        // A citizen's proof recomputes with the domain's rules to today's head, as published.
        let (status, p) = proof(&app, &code).await;
        assert_eq!(status, 200);
        let p = p.unwrap();
        let reached = verify_proof(&p).expect("the proof checks out");
        let published = heads(&app).await;
        assert_eq!(published.len(), 1, "{published:?}");
        assert!(!published[0].closed, "today's head so far");
        assert_eq!(reached, vec![(published[0].day.clone(), published[0].head.clone())]);
        // Its public entries in full, the internal note and the officer's name never.
        let shown: Vec<&str> = p.segments.iter().flat_map(|s| &s.links).filter_map(|l| l.entry.as_ref()).map(|e| e.action.as_str()).collect();
        assert_eq!(shown, ["submit", "verify", "route", "first_reply", "answer"]);
        let raw = serde_json::to_string(&p).unwrap();
        assert!(raw.contains(ANSWER));
        for secret_text in [NOTE, "binamarga", "koordinator", "Siti Aminah"] {
            assert!(!raw.contains(secret_text), "{secret_text} in a public proof");
        }
        // A confidential report's proof opens only with its secret, like the report.
        assert_eq!(proof(&app, &hidden).await.0, 404);
        let r = app.get_with_secret(&format!("/api/v1/reports/{hidden}/proof"), &secret).await;
        assert_eq!(r.status(), 200);
        assert!(verify_proof(&r.json::<ChainProof>().await.unwrap()).is_ok());

        // Someone rewrites the public answer in the database: the command names that entry, and
        // the citizen's proof no longer checks out.
        let answer = entry_id(&app, &code, "answer").await;
        app.sql(&format!("UPDATE report_history SET note = 'Sudah selesai.' WHERE id = {answer}")).await;
        let (ok, text) = verify(&app);
        assert!(!ok, "{text}");
        assert!(text.contains(&format!("PUTUS pada entri #{answer} (laporan {}", display(&code))), "{text}");
        assert!(text.contains("isinya diubah"), "{text}");
        let (_, p) = proof(&app, &code).await;
        assert_eq!(verify_proof(&p.unwrap()), Err(ProofError::Entry { id: answer }));
        app.sql(&format!("UPDATE report_history SET note = '{ANSWER}' WHERE id = {answer}")).await;
        assert!(verify(&app).0, "restored");

        // Back-dating an entry (its time) is an edit too.
        let verified = entry_id(&app, &hidden, "verify").await;
        app.sql(&format!("UPDATE report_history SET at = at - 86400 WHERE id = {verified}")).await;
        let (ok, text) = verify(&app);
        assert!(!ok && text.contains(&format!("entri #{verified} ")), "{text}");
        app.sql(&format!("UPDATE report_history SET at = at + 86400 WHERE id = {verified}")).await;

        // Removing the internal note breaks the link of the entry after it.
        let note = entry_id(&app, &code, "note").await;
        app.sql(&format!("DELETE FROM report_history WHERE id = {note}")).await;
        let (ok, text) = verify(&app);
        assert!(!ok, "{text}");
        let next = app.sql(&format!("SELECT MIN(id) FROM report_history WHERE id > {note}")).await.unwrap();
        assert!(text.contains(&format!("entri #{next} ")) && text.contains("tautannya"), "{text}");

        // A fresh store: the history written before the chain existed is sealed at start-up.
        app.sql("UPDATE report_history SET salt = NULL, content_hash = NULL, hash = NULL").await;
        let (ok, text) = verify(&app);
        assert!(!ok && text.contains("sidiknya kosong"), "{text}");
        app.restart_with(&[]).await;
        let (ok, text) = verify(&app);
        assert!(ok, "{text}");
        assert!(text.contains(&format!("{} entri", entries - 1)), "{text}");
    }
}

both_stores! {
    async fn a_day_s_head_is_recorded_when_the_next_day_begins_and_proofs_reach_it(db: Db) {
        let mut app = TestApp::spawn(db).await;
        app.coordinator().await;
        let code = app.submit(&valid_report()).await["tracking_code"].as_str().unwrap().to_string();
        let first_day = heads(&app).await;
        // The next day (WIB), the report is verified.
        app.restart_with(&[("CLOCK_OFFSET_SECS", "86400")]).await;
        let yesterday = heads(&app).await;
        assert_eq!(yesterday.len(), 1);
        assert!(yesterday[0].closed, "nothing written today yet: yesterday's head is final");
        assert_eq!(yesterday[0].head, first_day[0].head);
        let koor = app.login("koordinator", PASSWORD).await.unwrap();
        assert_eq!(koor.act(&code, json!({ "action": "verify" })).await.status(), 200);
        let now = heads(&app).await;
        assert_eq!(now.len(), 2, "{now:?}");
        assert!(!now[0].closed && now[1].closed);
        assert_eq!((now[1].day.clone(), now[1].head.clone()), (first_day[0].day.clone(), first_day[0].head.clone()), "a published head never changes");
        assert!(now[0].day > now[1].day);
        // One segment per day, each reaching that day's published head.
        let (_, p) = proof(&app, &code).await;
        let reached = verify_proof(&p.unwrap()).unwrap();
        assert_eq!(reached, vec![(now[1].day.clone(), now[1].head.clone()), (now[0].day.clone(), now[0].head.clone())]);
        // Bad input is named.
        let r = app.get("/api/v1/chain/heads?days=0").await;
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert!(body.to_string().contains("days"), "{body}");
        // Rewriting a recorded head is caught too.
        app.sql("UPDATE chain_heads SET hash = '0000000000000000000000000000000000000000000000000000000000000000'").await;
        let (ok, text) = verify(&app);
        assert!(!ok && text.contains(&format!("Kepala harian {}", now[1].day)), "{text}");
    }
}

fn display(code: &str) -> String {
    domain::tracking::TrackingCode::parse(code)
        .unwrap()
        .display()
}
