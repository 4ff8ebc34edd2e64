//! The back office: accounts and sessions, who may see and do what, and the whole lifecycle.

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};

const SEPEMPANG: &str = "21.03.07.2004";

fn flight_report(title: &str) -> Value {
    json!({
        "type": "pengaduan", "category": "penerbangan", "answers": { "udara": "perintis-subsidi" },
        "title": title, "body": "Penerbangan perintis ke Serasan sering dibatalkan tanpa pemberitahuan kepada warga.",
        "location": { "desa": SEPEMPANG }, "privacy": "anonim",
        "reporter": { "name": "Nelayan Serasan", "phone": "081299998888", "email": "warga@contoh.id" },
    })
}

fn health_report(title: &str) -> Value {
    json!({
        "type": "pengaduan", "category": "puskesmas", "title": title,
        "body": "Puskesmas tutup sebelum jam pelayanan selesai, pasien lansia pulang tanpa diperiksa.",
        "location": { "desa": SEPEMPANG }, "privacy": "publik", "reporter": { "name": "Ani" },
    })
}

both_stores! {
    async fn login_is_throttled_csrf_is_required_and_logout_ends_the_session(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        assert_eq!(koor.get("/api/v1/petugas/me").await.status(), 200);
        // A state change without the CSRF token is refused.
        let r = koor.client.post(app.url("/api/v1/petugas/officers")).json(&json!({})).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "csrf");
        // Without a session: 401.
        assert_eq!(app.get("/api/v1/petugas/reports").await.status(), 401);
        // Wrong passwords, then throttled even with the right one.
        for _ in 0..5 {
            assert_eq!(app.login("koordinator", "salah-sekali-123").await.err().unwrap().0, 401);
        }
        let (status, v) = app.login("koordinator", PASSWORD).await.err().expect("throttled");
        assert_eq!(status, 429);
        assert!(v["error"]["message"].as_str().unwrap().contains("15 menit"));
        // Logout ends the session.
        assert_eq!(koor.post("/api/v1/petugas/logout", &json!({})).await.status(), 204);
        assert_eq!(koor.get("/api/v1/petugas/me").await.status(), 401);
    }
}

both_stores! {
    async fn sessions_expire(db: Db) {
        let mut app = TestApp::spawn_with(db, &[("SESSION_HOURS", "1")]).await;
        let koor = app.coordinator().await;
        assert_eq!(koor.get("/api/v1/petugas/me").await.status(), 200);
        // Two hours later (server clock): the session is over.
        app.restart_with(&[("CLOCK_OFFSET_SECS", "7300")]).await;
        let koor = OfficerClient { base: app.base.clone(), ..koor };
        let r = koor.get("/api/v1/petugas/me").await;
        assert_eq!(r.status(), 401);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "session_expired");
        assert!(v["error"]["message"].as_str().unwrap().contains("masuk kembali"));
    }
}

both_stores! {
    async fn accounts_are_checked_and_managed_by_the_coordinator(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let bad = koor.post("/api/v1/petugas/officers", &json!({ "username": "x", "role": "penghubung_opd", "unit": "dishub-udara", "password": "pendek" })).await;
        assert_eq!(bad.status(), 422);
        let v: Value = bad.json().await.unwrap();
        for f in ["username", "unit", "password"] {
            assert!(v["error"]["fields"][f].is_string(), "{f}: {v:#}");
        }
        let udara = app.officer(&koor, "udara", "petugas_unit", "dishub-udara", None).await;
        assert_eq!(udara.get("/api/v1/petugas/officers").await.status(), 403);
        // Disable: the session ends and login is refused.
        assert_eq!(koor.patch("/api/v1/petugas/officers/udara", &json!({ "active": false })).await.status(), 200);
        assert_eq!(udara.get("/api/v1/petugas/me").await.status(), 401);
        assert_eq!(app.login("udara", PASSWORD).await.err().unwrap().0, 403);
        // Reset password and re-enable.
        assert_eq!(koor.patch("/api/v1/petugas/officers/udara", &json!({ "active": true, "password": "kata-sandi-baru-1" })).await.status(), 200);
        assert!(app.login("udara", "kata-sandi-baru-1").await.is_ok());
        // CSV import: all or nothing, each bad line named.
        let csv = "username,display_name,email,role,unit,password\nsekdes.sepempang,Sekdes Sepempang,,petugas_wilayah,desa-21.03.07.2004,kata-sandi-aman-1\nsalah,Salah,,petugas_unit,tidak-ada,kata-sandi-aman-1\n";
        let r = koor.client.post(app.url("/api/v1/petugas/officers/import")).header("x-csrf-token", &koor.csrf).body(csv).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["lines"][0]["line"], 3);
        assert!(app.login("sekdes.sepempang", "kata-sandi-aman-1").await.is_err(), "nothing imported");
        // A file with no account line (empty, or the header alone) is refused, not "0 created".
        for empty in ["", "username,display_name,email,role,unit,password\n"] {
            let r = koor.client.post(app.url("/api/v1/petugas/officers/import")).header("x-csrf-token", &koor.csrf).body(empty).send().await.unwrap();
            assert_eq!(r.status(), 422, "{empty:?}");
            let v: Value = r.json().await.unwrap();
            assert_eq!(v["error"]["code"], "import_empty");
            assert!(v["error"]["message"].as_str().unwrap().contains("satu akun per baris"), "{v}");
        }
        let good = csv.lines().take(2).collect::<Vec<_>>().join("\n");
        let r = koor.client.post(app.url("/api/v1/petugas/officers/import")).header("x-csrf-token", &koor.csrf).body(good).send().await.unwrap();
        assert_eq!(r.status(), 201);
        assert!(app.login("sekdes.sepempang", "kata-sandi-aman-1").await.is_ok());
    }
}

both_stores! {
    /// Every role against every officer endpoint, for a report inside and outside its unit.
    async fn each_role_sees_and_does_only_what_its_unit_allows(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let dishub = app.officer(&koor, "dishub", "penghubung_opd", "dishub", None).await;
        let udara = app.officer(&koor, "udara", "petugas_unit", "dishub-udara", None).await;
        let darat = app.officer(&koor, "darat", "petugas_unit", "dishub-darat", None).await;
        let dinkes = app.officer(&koor, "dinkes", "penghubung_opd", "dinkes", None).await;
        let camat = app.officer(&koor, "camat", "petugas_wilayah", "kec-21.03.07", None).await;
        let bupati = app.officer(&koor, "bupati", "pimpinan", "pemkab", None).await;

        let flight = app.submit(&flight_report("Penerbangan perintis batal terus")).await["tracking_code"].as_str().unwrap().to_string();
        let health = app.submit(&health_report("Puskesmas tutup terlalu cepat")).await["tracking_code"].as_str().unwrap().to_string();
        // The coordinator verifies both; each goes where domain proposed.
        for code in [&flight, &health] {
            let r = koor.act(code, json!({ "action": "verify" })).await;
            assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        }
        assert_eq!(koor.detail(&flight).await.1["unit"]["code"], "dishub-udara");
        assert_eq!(koor.detail(&health).await.1["unit"]["code"], "pkm-bunguran-timur");

        // Who sees the flight report (at dishub-udara) and the health one (at the puskesmas).
        let officers = [(&koor, 200, 200), (&dishub, 200, 404), (&udara, 200, 404), (&darat, 404, 404), (&dinkes, 404, 200), (&camat, 404, 404), (&bupati, 200, 200)];
        for (o, f, h) in officers {
            assert_eq!(o.detail(&flight).await.0, f, "{} on flight", o.username);
            assert_eq!(o.detail(&health).await.0, h, "{} on health", o.username);
            let q: Value = o.get("/api/v1/petugas/reports").await.json().await.unwrap();
            let codes: Vec<&str> = q["items"].as_array().unwrap().iter().map(|i| i["tracking_code"].as_str().unwrap()).collect();
            assert_eq!(codes.contains(&flight.as_str()), f == 200, "{} queue", o.username);
            assert_eq!(codes.contains(&health.as_str()), h == 200, "{} queue", o.username);
        }

        // Refusals change nothing.
        let answer = json!({ "action": "answer", "text": "Bidang Perhubungan Udara memulihkan jadwal perintis pada Senin, 7 Desember 2026." });
        for (o, want) in [(&darat, 404), (&dinkes, 404), (&camat, 404), (&bupati, 403), (&koor, 403)] {
            assert_eq!(o.act(&flight, answer.clone()).await.status(), want, "{} answering", o.username);
        }
        assert_eq!(udara.act(&flight, json!({ "action": "reroute", "to": "dishub-darat", "reason": "coba" })).await.status(), 403, "a bidang cannot reroute");
        assert_eq!(dishub.act(&flight, json!({ "action": "reroute", "to": "dinkes-yankes", "reason": "coba" })).await.status(), 403, "a liaison stays inside its OPD");
        assert_eq!(udara.act(&flight, json!({ "action": "verify" })).await.status(), 403);
        assert_eq!(bupati.post(&format!("/api/v1/petugas/reports/{flight}/notes"), &json!({ "text": "catatan" })).await.status(), 403);
        assert_eq!(darat.post(&format!("/api/v1/petugas/reports/{flight}/notes"), &json!({ "text": "catatan" })).await.status(), 404);
        for o in [&dishub, &udara, &darat, &dinkes, &camat, &bupati] {
            assert_eq!(o.get("/api/v1/petugas/officers").await.status(), 403, "{}", o.username);
        }
        for (o, want) in [(&koor, 200), (&bupati, 200), (&dishub, 403), (&udara, 403), (&camat, 403)] {
            assert_eq!(o.get("/api/v1/petugas/monev").await.status(), want, "{} monev", o.username);
        }
        assert_eq!(koor.detail(&flight).await.1["status"], "didisposisikan", "refusals changed nothing");

        // Permitted actions work.
        assert_eq!(udara.post(&format!("/api/v1/petugas/reports/{flight}/notes"), &json!({ "text": "Sudah koordinasi dengan maskapai." })).await.status(), 201);
        let r = udara.act(&flight, answer.clone()).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.unwrap()["status"], "ditindaklanjuti");
        // The anonymous reporter's identity reaches the coordinator only.
        let (_, mine) = udara.detail(&flight).await;
        assert_eq!(mine["reporter"]["hidden"], true);
        assert!(!mine.to_string().contains("Nelayan Serasan") && !mine.to_string().contains("081299998888"));
        assert_eq!(bupati.detail(&flight).await.1["reporter"]["hidden"], true);
        assert_eq!(koor.detail(&flight).await.1["reporter"]["hidden"], true, "not even the coordinator's by default");
        let opened = koor.post(&format!("/api/v1/petugas/reports/{flight}/identity"), &json!({ "reason": "Perlu konfirmasi jadwal dengan pelapor." })).await;
        assert_eq!(opened.json::<Value>().await.unwrap()["name"], "Nelayan Serasan");
        // The internal note is for officers only.
        let (_, public) = app.report(&flight).await;
        assert!(!public.to_string().contains("koordinasi dengan maskapai"));
        assert!(public.to_string().contains("Bidang Perhubungan Udara memulihkan jadwal perintis pada Senin, 7 Desember 2026."));
        for h in public["history"].as_array().unwrap() {
            assert!(h.get("actor").is_none() && h.get("role").is_none(), "officers' names are not public: {h}");
        }
    }
}

both_stores! {
    /// Coordinator verifies to the OPD, the OPD passes it to its bidang, the bidang answers, the
    /// citizen sees the answer and accepts it with a rating.
    async fn a_report_goes_from_citizen_to_bidang_and_back(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let dishub = app.officer(&koor, "dishub", "penghubung_opd", "dishub", None).await;
        let udara = app.officer(&koor, "udara", "petugas_unit", "dishub-udara", None).await;
        let created = app.submit(&flight_report("Tiket pesawat perintis sulit didapat")).await;
        let code = created["tracking_code"].as_str().unwrap();
        let token = created["reporter_token"].as_str().unwrap();

        let (_, d) = koor.detail(code).await;
        assert_eq!(d["proposed_route"]["unit"]["code"], "dishub-udara");
        assert!(d["available_actions"].as_array().unwrap().contains(&json!("verify")));
        assert_eq!(koor.act(code, json!({ "action": "verify", "to": "dishub", "privacy": "rahasia" })).await.status(), 200);
        let (_, d) = dishub.detail(code).await;
        assert_eq!((d["status"].as_str(), d["unit"]["code"].as_str(), d["privacy"].as_str()), (Some("didisposisikan"), Some("dishub"), Some("rahasia")));
        assert_eq!(d["due"]["kind"], "follow_up");
        assert_eq!(dishub.act(code, json!({ "action": "reroute", "to": "dishub-udara", "reason": "Urusan angkutan udara perintis." })).await.status(), 200);
        assert_eq!(udara.act(code, json!({ "action": "answer", "text": "Bidang Perhubungan Udara menambah kuota tiket perintis mulai 1 Desember 2026." })).await.status(), 200);

        // The reporter (a confidential report now: the reporter code is its secret) sees the answer.
        let r = app.get_with_secret(&format!("/api/v1/reports/{code}"), token).await;
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["status"], "ditindaklanjuti");
        assert_eq!(v["responses"][0]["text"], "Bidang Perhubungan Udara menambah kuota tiket perintis mulai 1 Desember 2026.");
        let hops: Vec<&str> = v["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
        assert_eq!(hops, ["submit", "verify", "route", "reroute", "answer"]);
        assert_eq!(app.report(code).await.0, 404, "tightened to confidential: no longer public");

        let wrong = app.client.post(app.url(&format!("/api/v1/reports/{code}/accept"))).json(&json!({ "token": "AAAA-BBBB-CCCC-DDDD" })).send().await.unwrap();
        assert_eq!(wrong.status(), 404);
        let ok = app.client.post(app.url(&format!("/api/v1/reports/{code}/accept"))).json(&json!({ "token": token, "rating": 5, "comment": "Terima kasih" })).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        let (_, d) = koor.detail(code).await;
        assert_eq!((d["status"].as_str(), d["rating"].as_i64()), (Some("selesai"), Some(5)));
        let monev: Value = koor.get("/api/v1/petugas/monev").await.json().await.unwrap();
        let row = monev["opds"].as_array().unwrap().iter().find(|o| o["opd"]["code"] == "dishub").unwrap().clone();
        assert_eq!((row["finished"].as_i64(), row["answered_on_time"].as_i64(), row["rating_avg"].as_f64()), (Some(1), Some(1), Some(5.0)));
    }
}

both_stores! {
    async fn a_misrouted_report_returns_to_the_coordinator_and_is_counted(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let darat = app.officer(&koor, "darat", "petugas_unit", "dishub-darat", None).await;
        let code = app.submit(&flight_report("Bandara sering gelap malam hari")).await["tracking_code"].as_str().unwrap().to_string();
        assert_eq!(koor.act(&code, json!({ "action": "verify", "to": "dishub-darat" })).await.status(), 200);
        let r = darat.act(&code, json!({ "action": "return", "reason": "" })).await;
        assert_eq!(r.status(), 422, "a reason is required");
        assert_eq!(darat.act(&code, json!({ "action": "return", "reason": "Ini urusan angkutan udara." })).await.status(), 200);
        let (_, d) = koor.detail(&code).await;
        assert_eq!((d["status"].as_str(), d["unit"]["code"].as_str(), d["misroute_count"].as_i64()), (Some("terverifikasi"), Some("diskominfo-pikp"), Some(1)));
        assert_eq!(darat.detail(&code).await.0, 404, "gone from the wrong unit");
        assert_eq!(koor.act(&code, json!({ "action": "route", "to": "dishub-udara" })).await.status(), 200);
        let monev: Value = koor.get("/api/v1/petugas/monev").await.json().await.unwrap();
        assert_eq!(monev["opds"].as_array().unwrap().iter().find(|o| o["opd"]["code"] == "dishub").unwrap()["misroutes"], 1);
    }
}

both_stores! {
    async fn not_our_authority_merge_and_reject_are_shown_to_the_citizen(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let listrik = json!({ "type": "pengaduan", "category": "listrik", "title": "Listrik padam tiap malam", "body": "Listrik di desa padam hampir setiap malam selama dua minggu ini.", "location": { "desa": SEPEMPANG }, "privacy": "anonim" });
        let a = app.submit(&listrik).await["tracking_code"].as_str().unwrap().to_string();
        let r = koor.act(&a, json!({ "action": "not_authority", "to": "ext-pln", "note": "Sudah kami teruskan ke PLN ULP Natuna." })).await;
        assert_eq!(r.status(), 200);
        let (_, v) = app.report(&a).await;
        assert_eq!(v["status"], "bukan_wewenang");
        assert!(v["guidance"].as_str().unwrap().contains("PLN"));
        let b = app.submit(&health_report("Puskesmas tutup lagi hari ini")).await["tracking_code"].as_str().unwrap().to_string();
        let c = app.submit(&health_report("Puskesmas tutup siang ini")).await["tracking_code"].as_str().unwrap().to_string();
        assert_eq!(koor.act(&c, json!({ "action": "merge", "into": b })).await.status(), 200);
        let (_, v) = app.report(&c).await;
        assert_eq!(v["status"], "digabung");
        assert!(v["history"].as_array().unwrap().iter().any(|h| h["note"] == b.as_str()), "points to the earlier report");
        assert_eq!(koor.act(&b, json!({ "action": "reject", "reason": "" })).await.status(), 422);
        assert_eq!(koor.act(&b, json!({ "action": "reject", "reason": "Laporan berisi ujaran kebencian." })).await.status(), 200);
        assert_eq!(koor.act(&b, json!({ "action": "verify" })).await.status(), 409, "a rejected report cannot move");
    }
}

both_stores! {
    async fn an_answer_can_carry_photos_and_a_document_shown_on_the_status_page(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let pkm = app.officer(&koor, "pkm", "petugas_unit", "pkm-bunguran-timur", None).await;
        let code = app.submit(&health_report("Puskesmas tutup saat jam kerja")).await["tracking_code"].as_str().unwrap().to_string();
        assert_eq!(koor.act(&code, json!({ "action": "verify" })).await.status(), 200);
        let form = reqwest::multipart::Form::new()
            .text("action", json!({ "action": "answer", "text": "Puskesmas Bunguran Timur sudah memperbaiki jadwal piket dokter pada 2 Desember 2026." }).to_string())
            .part("photo", reqwest::multipart::Part::bytes(crate::photos::jpeg_with_exif(500, 400)).file_name("papan.jpg"))
            .part("document", reqwest::multipart::Part::bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF".to_vec()).file_name("jadwal.pdf"));
        let r = pkm.client.post(app.url(&format!("/api/v1/petugas/reports/{code}/actions"))).header("x-csrf-token", &pkm.csrf).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        let (_, v) = app.report(&code).await;
        let files = v["responses"][0]["files"].as_array().unwrap();
        assert_eq!(files.len(), 2);
        let photo = app.get(files[0]["url"].as_str().unwrap()).await.bytes().await.unwrap();
        assert!(!photo.windows(4).any(|w| w == b"Exif"));
        let pdf = app.get(files[1]["url"].as_str().unwrap()).await;
        assert_eq!(pdf.headers()["content-type"], "application/pdf");
        assert_eq!(v["photos"].as_array().unwrap().len(), 0, "answer files are not the citizen's photos");
        // Attachments go only with an answer.
        let form = reqwest::multipart::Form::new().text("action", json!({ "action": "reject", "reason": "x" }).to_string()).part("photo", reqwest::multipart::Part::bytes(crate::photos::jpeg_with_exif(10, 10)));
        let r = koor.client.post(app.url(&format!("/api/v1/petugas/reports/{code}/actions"))).header("x-csrf-token", &koor.csrf).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 422);
    }
}

both_stores! {
    async fn every_change_to_an_account_is_in_the_audit_log_for_coordinators_only(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let _udara = app.officer(&koor, "udara", "petugas_unit", "dishub-udara", None).await;
        assert_eq!(koor.patch("/api/v1/petugas/officers/udara", &json!({ "role": "penghubung_opd", "unit": "dishub" })).await.status(), 200);
        assert_eq!(koor.patch("/api/v1/petugas/officers/udara", &json!({ "active": false })).await.status(), 200);
        assert_eq!(koor.patch("/api/v1/petugas/officers/udara", &json!({ "active": true, "password": "kata-sandi-baru-1" })).await.status(), 200);
        assert_eq!(koor.post("/api/v1/petugas/officers/udara/unlock", &json!({})).await.status(), 200);
        let log: Value = koor.get("/api/v1/petugas/audit").await.json().await.unwrap();
        let items = log["items"].as_array().unwrap();
        let of_udara: Vec<&str> = items.iter().filter(|e| e["username"] == "udara").map(|e| e["change"].as_str().unwrap()).collect();
        // Newest first.
        assert_eq!(of_udara, ["unlocked", "password_reset", "enabled", "disabled", "unit_changed", "role_changed", "created"]);
        for e in items.iter().filter(|e| e["username"] == "udara") {
            assert_eq!(e["actor"], koor.username.as_str(), "{e}");
        }
        let role = items.iter().find(|e| e["change"] == "role_changed").unwrap();
        assert!(role["text"].as_str().unwrap().contains("→"), "{role}");
        // The coordinator's own account, made on the server's command line.
        assert!(items.iter().any(|e| e["username"] == koor.username.as_str() && e["change"] == "created" && e["actor"] == "(perintah server)"), "{log}");
        assert!(!log.to_string().contains("kata-sandi-baru-1"), "never a password");
        // Only coordinators read it (udara's sessions ended with the password reset).
        let udara = app.login("udara", "kata-sandi-baru-1").await.expect("logs in with the new password");
        assert_eq!(udara.get("/api/v1/petugas/audit").await.status(), 403);
    }
}
