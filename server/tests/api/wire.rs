//! The wire contract, checked against the real server: every endpoint's real response is read
//! into its `domain::wire` type, and writing that type back gives the same JSON, so no field the
//! server sends is unknown to the type and none the type promises is missing.

use crate::both_stores;
use crate::helpers::*;
use domain::wire::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Reads `v` as a `T` and checks that nothing was lost or added on the way.
fn exact<T: DeserializeOwned + Serialize>(what: &str, v: Value) -> T {
    let t: T = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{what}: {e}\n{v:#}"));
    let back = serde_json::to_value(&t).unwrap();
    assert_eq!(back, v, "{what}: the type and the server's JSON differ");
    t
}

async fn body(r: reqwest::Response, status: u16) -> Value {
    let got = r.status().as_u16();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{v:#}");
    v
}

both_stores! {
    async fn every_public_endpoint_answers_with_its_wire_type(db: Db) {
        let app = TestApp::spawn(db).await;
        let h: Health = exact("healthz", body(app.get("/healthz").await, 200).await);
        assert_eq!(h.status, HealthStatus::Ok);
        let c: CatalogView = exact("catalog", body(app.get("/api/v1/catalog").await, 200).await);
        assert_eq!(c.limits.max_photo_bytes, domain::report::Limits::default().max_photo_bytes);
        exact::<RouteView>("route", body(app.get("/api/v1/route?category=penerbangan&udara=perintis-subsidi").await, 200).await);
        let s: SuggestPage = exact("suggest", body(app.get("/api/v1/suggest?q=jalan%20berlubang").await, 200).await);
        assert!(!s.suggestions.is_empty());
        exact::<Stats>("stats", body(app.get("/api/v1/stats").await, 200).await);

        let public: Receipt = exact("receipt", app.submit(&valid_report()).await);
        let secret_report = with(valid_report(), "privacy", json!("rahasia"));
        let confidential: Receipt = exact("confidential receipt", app.submit(&secret_report).await);
        assert_eq!(confidential.reporter_secret.as_deref(), Some(confidential.reporter_token.as_str()));
        let form = reqwest::multipart::Form::new()
            .text("report", valid_report().to_string())
            .part("photo", reqwest::multipart::Part::bytes(crate::photos::jpeg_with_exif(64, 48)));
        let r = app.client.post(app.url("/api/v1/reports")).multipart(form).send().await.unwrap();
        let with_photo: Receipt = exact("multipart receipt", body(r, 201).await);

        let (_, v) = app.report(&with_photo.tracking_code).await;
        let view: ReportView = exact("report", v);
        assert_eq!(view.photos.len(), 1);
        assert_eq!(view.answers.len(), 1);
        let r = app.get_with_secret(&format!("/api/v1/reports/{}", confidential.tracking_code), &confidential.reporter_token).await;
        exact::<ReportView>("confidential report", body(r, 200).await);
        exact::<ListPage>("list", app.list("").await);
        let similar: SimilarPage = exact("similar", body(app.get("/api/v1/reports/similar?category=jalan-rusak&desa=21.03.07.2004").await, 200).await);
        assert!(similar.items.iter().any(|i| i.tracking_code == public.tracking_code));
        let r = app.client.post(app.url(&format!("/api/v1/reports/{}/support", public.tracking_code))).json(&json!({ "device": "perangkat-kontrak-01" })).send().await.unwrap();
        let s: SupportAnswer = exact("support", body(r, 201).await);
        assert_eq!(s.supporters, 1);

        let add = json!({ "token": public.reporter_token, "text": "Lubangnya makin lebar sejak kemarin." });
        let r = app.client.post(app.url(&format!("/api/v1/reports/{}/info", public.tracking_code))).json(&add).send().await.unwrap();
        exact::<Done>("info", body(r, 201).await);
        let r = app.client.post(app.url(&format!("/api/v1/reports/{}/identity-openings", public.tracking_code))).json(&json!({ "token": public.reporter_token })).send().await.unwrap();
        exact::<IdentityOpenings>("identity openings", body(r, 200).await);
        let p: ChainProof = exact("proof", body(app.get(&format!("/api/v1/reports/{}/proof", public.tracking_code)).await, 200).await);
        assert!(domain::chain::verify_proof(&p).is_ok());
        exact::<ChainHeads>("heads", body(app.get("/api/v1/chain/heads").await, 200).await);

        // Refusals, each as an ErrorBody.
        let r = app.client.post(app.url("/api/v1/reports")).json(&json!({})).send().await.unwrap();
        let e: ErrorBody = exact("validation error", body(r, 422).await);
        assert!(e.error.fields.contains_key("title"));
        let (status, v) = app.report("ABCDEFGHJ").await;
        assert_eq!(status, 404);
        exact::<ErrorBody>("not found", v);
        let stale = with(valid_report(), "catalog_version", json!("lama"));
        let e: ErrorBody = exact("stale catalog", body(app.post_json(&stale).await, 409).await);
        assert_eq!(e.error.catalog_version.as_deref(), Some(domain::CATALOG_VERSION));
        let r = app.client.post(app.url(&format!("/api/v1/reports/{}/accept", public.tracking_code))).json(&json!({ "token": "SALAH" })).send().await.unwrap();
        exact::<ErrorBody>("wrong reporter code", body(r, 422).await);
    }
}

both_stores! {
    async fn every_back_office_endpoint_answers_with_its_wire_type(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let me: SessionView = exact("me", body(koor.get("/api/v1/petugas/me").await, 200).await);
        assert_eq!(me.officer.role, domain::lifecycle::Role::Koordinator);
        let created: OfficerSaved = exact("create officer", body(koor.post("/api/v1/petugas/officers", &json!({ "username": "udara", "display_name": "Bidang Udara", "role": "petugas_unit", "unit": "dishub-udara", "password": PASSWORD, "email": "udara@natunakab.go.id" })).await, 201).await);
        assert_eq!(created.username, "udara");
        exact::<OfficerSaved>("patch officer", body(koor.patch("/api/v1/petugas/officers/udara", &json!({ "display_name": "Petugas Udara" })).await, 200).await);
        let list: OfficerList = exact("officers", body(koor.get("/api/v1/petugas/officers").await, 200).await);
        assert_eq!(list.items.len(), 2);
        let r = koor.client.post(app.url("/api/v1/petugas/officers/import")).header("x-csrf-token", &koor.csrf).body("darat,Darat,,petugas_unit,dishub-darat,kata-sandi-panjang\n").send().await.unwrap();
        exact::<ImportResult>("import", body(r, 201).await);
        let r = koor.client.post(app.url("/api/v1/petugas/officers/import")).header("x-csrf-token", &koor.csrf).body("x,X,,raja,dishub,pendek\n").send().await.unwrap();
        let e: ErrorBody = exact("import error", body(r, 422).await);
        assert!(!e.error.lines.unwrap_or_default().is_empty());
        let udara = app.login("udara", PASSWORD).await.unwrap();

        let flight = json!({ "type": "pengaduan", "category": "penerbangan", "answers": { "udara": "perintis-subsidi" }, "title": "Jadwal perintis tidak jelas", "body": "Jadwal penerbangan perintis sering berubah tanpa pemberitahuan ke warga.", "location": { "desa": "21.03.07.2004" }, "privacy": "anonim", "reporter": { "name": "Wati", "phone": "081234567890" } });
        let code = app.submit(&flight).await["tracking_code"].as_str().unwrap().to_string();
        let other = app.submit(&flight).await["tracking_code"].as_str().unwrap().to_string();
        let q: QueuePage = exact("queue", body(koor.get("/api/v1/petugas/reports").await, 200).await);
        assert_eq!(q.total, 2);
        let d: OfficerReport = exact("detail", body(koor.get(&format!("/api/v1/petugas/reports/{code}")).await, 200).await);
        assert!(d.available_actions.contains(&domain::lifecycle::ActionKind::Verify));
        assert!(d.reporter.hidden, "anonymous: hidden from the coordinator too");
        let opened: ReporterView = exact("identity", body(koor.post(&format!("/api/v1/petugas/reports/{code}/identity"), &json!({ "reason": "Perlu konfirmasi jadwal dengan pelapor." })).await, 200).await);
        assert_eq!(opened.name.as_deref(), Some("Wati"));
        let d: OfficerReport = exact("verify", body(koor.act(&code, json!({ "action": "verify", "privacy": "rahasia" })).await, 200).await);
        assert_eq!(d.report.privacy, domain::Privacy::Rahasia);
        let d: OfficerReport = exact("unit's detail", body(udara.get(&format!("/api/v1/petugas/reports/{code}")).await, 200).await);
        assert!(d.reporter.hidden);
        exact::<Done>("note", body(udara.post(&format!("/api/v1/petugas/reports/{code}/notes"), &json!({ "text": "Sudah koordinasi." })).await, 201).await);
        exact::<OfficerReport>("answer", body(udara.act(&code, json!({ "action": "answer", "text": "Bidang Perhubungan Udara mengumumkan jadwal tiap Senin di kantor desa." })).await, 200).await);
        exact::<OfficerReport>("merge", body(koor.act(&other, json!({ "action": "merge", "into": code })).await, 200).await);
        exact::<PrivacyAnswer>("privacy", body(koor.post(&format!("/api/v1/petugas/reports/{code}/privacy"), &json!({ "privacy": "rahasia" })).await, 200).await);
        let m: MonevView = exact("monev", body(koor.get("/api/v1/petugas/monev").await, 200).await);
        assert_eq!(m.total, 2);
        let e: ErrorBody = exact("forbidden", body(udara.get("/api/v1/petugas/monev").await, 403).await);
        assert_eq!(e.error.code, "forbidden");
        let r = app.client.post(app.url("/api/v1/petugas/login")).json(&json!({ "username": "udara", "password": "salah-sekali" })).send().await.unwrap();
        exact::<ErrorBody>("bad login", body(r, 401).await);
        let r = app.client.post(app.url("/api/v1/petugas/login")).json(&json!({ "username": "udara", "password": PASSWORD })).send().await.unwrap();
        exact::<SessionView>("login", body(r, 200).await);
    }
}

both_stores! {
    async fn the_reporters_moves_answer_with_their_wire_types(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let bm = app.officer(&koor, "binamarga", "petugas_unit", "dpupr-bm", None).await;
        let r: Receipt = serde_json::from_value(app.submit(&valid_report()).await).unwrap();
        assert_eq!(koor.act(&r.tracking_code, json!({ "action": "verify" })).await.status(), 200);
        assert_eq!(bm.act(&r.tracking_code, json!({ "action": "answer", "text": "Bidang Bina Marga menambal lubang Selasa, 24 November." })).await.status(), 200);
        let post = |what: &str, b: Value| app.client.post(app.url(&format!("/api/v1/reports/{}/{what}", r.tracking_code))).json(&b).send();
        let a: ReporterAnswer = exact("rating", body(post("rating", json!({ "token": r.reporter_token, "rating": 4 })).await.unwrap(), 200).await);
        assert_eq!(a.rating, Some(4));
        let a: ReporterAnswer = exact("reopen", body(post("reopen", json!({ "token": r.reporter_token, "reason": "Masih berlubang." })).await.unwrap(), 200).await);
        assert_eq!(a.status, domain::lifecycle::Status::DibukaKembali);
        assert_eq!(bm.act(&r.tracking_code, json!({ "action": "answer", "text": "Bidang Bina Marga menambal ulang Kamis, 26 November." })).await.status(), 200);
        let a: ReporterAnswer = exact("accept", body(post("accept", json!({ "token": r.reporter_token, "rating": 5, "comment": "Terima kasih" })).await.unwrap(), 200).await);
        assert_eq!((a.status, a.rating), (domain::lifecycle::Status::Selesai, Some(5)));
    }
}
