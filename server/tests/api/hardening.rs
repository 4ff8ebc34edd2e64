//! What one stranger can cost, and the refusals that stay clear: reused keys, oversized and
//! echo-bait input, image bombs, login races and lock-outs, slow and idle sockets, code lookups,
//! and the framework's own errors in Indonesian JSON.

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn multipart(report: &Value, photo: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("report", report.to_string())
        .part("photo", reqwest::multipart::Part::bytes(photo))
}

both_stores! {
    async fn a_reused_idempotency_key_with_other_content_counts_against_the_limit_and_a_true_retry_does_not(db: Db) {
        let app = TestApp::spawn_with(db, &[("SUBMIT_BURST", "2"), ("SUBMIT_RATE_PER_HOUR", "1")]).await;
        let send = |key: &str, title: &str| {
            let form = multipart(&with(valid_report(), "title", json!(title)), crate::photos::jpeg_with_exif(32, 32));
            app.client.post(app.url("/api/v1/reports")).header("idempotency-key", key).multipart(form).send()
        };
        assert_eq!(send("k-1", "Laporan pertama sekali").await.unwrap().status(), 201);
        assert_eq!(send("k-2", "Laporan kedua sekali").await.unwrap().status(), 201);
        // The limit is reached: a true retry of k-1 still gets its first answer (the citizen's
        // outbox resending after a lost response)...
        let retry = send("k-1", "Laporan pertama sekali").await.unwrap();
        assert_eq!(retry.status(), 201);
        assert_eq!(retry.headers()["idempotent-replayed"], "true");
        // ...but k-1 with other content is a new submission: limited like any other.
        assert_eq!(send("k-1", "Laporan lain dengan kunci lama").await.unwrap().status(), 429);
        assert_eq!(app.list("").await["total"], 2);
    }
}

both_stores! {
    async fn a_json_retry_never_counts_against_the_limit_whether_or_not_the_limit_is_reached(db: Db) {
        let app = TestApp::spawn_with(db, &[("SUBMIT_BURST", "2"), ("SUBMIT_RATE_PER_HOUR", "1")]).await;
        let send = |key: &str, title: &str| {
            let body = with(valid_report(), "title", json!(title));
            app.client.post(app.url("/api/v1/reports")).header("idempotency-key", key).json(&body).send()
        };
        assert_eq!(send("j-1", "Laporan pertama sekali").await.unwrap().status(), 201);
        // A retry under the limit is found by the store's claim of its key: its token comes back.
        let retry = send("j-1", "Laporan pertama sekali").await.unwrap();
        assert_eq!(retry.status(), 201);
        assert_eq!(retry.headers()["idempotent-replayed"], "true");
        assert_eq!(send("j-2", "Laporan kedua sekali").await.unwrap().status(), 201, "the retry did not use up the second report's token");
        // At the limit: a retry still gets its first answer, anything new waits.
        let retry = send("j-2", "Laporan kedua sekali").await.unwrap();
        assert_eq!(retry.status(), 201);
        assert_eq!(retry.headers()["idempotent-replayed"], "true");
        assert_eq!(send("j-3", "Laporan ketiga sekali").await.unwrap().status(), 429);
        assert_eq!(send("j-1", "Laporan lain dengan kunci lama").await.unwrap().status(), 429);
        assert_eq!(app.list("").await["total"], 2);
    }
}

both_stores! {
    async fn errors_never_echo_unbounded_input(db: Db) {
        let app = TestApp::spawn(db).await;
        // Thousands of unknown answers: one short error, not one per key.
        let answers: serde_json::Map<String, Value> = (0..5000).map(|i| (format!("pertanyaan-palsu-{i}-{}", "x".repeat(50)), json!("y"))).collect();
        let r = app.post_json(&with(valid_report(), "answers", Value::Object(answers))).await;
        assert_eq!(r.status(), 413, "over the report's size limit");
        let answers: serde_json::Map<String, Value> = (0..40).map(|i| (format!("q{i}"), json!("y"))).collect();
        let r = app.post_json(&with(valid_report(), "answers", Value::Object(answers))).await;
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.len() < 1000, "{} bytes: {body}", body.len());
        assert!(body.contains("Terlalu banyak jawaban"), "{body}");
        // A long wrong value is quoted cut short.
        let r = app.post_json(&with(valid_report(), "category", json!("z".repeat(3000)))).await;
        let body = r.text().await.unwrap();
        assert!(body.len() < 1500 && body.contains('…'), "{body}");
    }
}

/// A PNG of `w`×`h` RGBA pixels, all one colour: tiny compressed, huge decoded.
fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::NoFilter,
    );
    let row = vec![0u8; (w * 4) as usize];
    let mut data = Vec::with_capacity((w * h * 4) as usize);
    for _ in 0..h {
        data.extend_from_slice(&row);
    }
    image::ImageEncoder::write_image(enc, &data, w, h, image::ExtendedColorType::Rgba8).unwrap();
    out
}

both_stores! {
    async fn an_image_bomb_and_a_cut_off_jpeg_are_refused_with_the_reason(db: Db) {
        let app = TestApp::spawn(db).await;
        let bomb = png_bomb(7000, 7000);
        assert!(bomb.len() < 1_000_000, "{} bytes", bomb.len());
        let started = Instant::now();
        let r = app.client.post(app.url("/api/v1/reports")).multipart(multipart(&valid_report(), bomb)).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let v: Value = r.json().await.unwrap();
        assert!(v["error"]["fields"]["attachments"].as_str().unwrap().contains("megapiksel"), "{v}");
        assert!(started.elapsed() < Duration::from_secs(5), "refused before decoding");
        // A JPEG cut off in transit is refused, not stored two-thirds grey.
        let whole = crate::photos::jpeg_with_exif(400, 300);
        let cut = whole[..whole.len() * 2 / 3].to_vec();
        let r = app.client.post(app.url("/api/v1/reports")).multipart(multipart(&valid_report(), cut)).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let v: Value = r.json().await.unwrap();
        assert!(v["error"]["fields"]["attachments"].as_str().unwrap().contains("rusak"), "{v}");
        assert_eq!(app.list("").await["total"], 0);
    }
}

both_stores! {
    async fn concurrent_password_guesses_check_at_most_the_limit_and_a_stranger_cannot_lock_an_officer_out(db: Db) {
        let app = TestApp::spawn_with(db, &[("TRUST_PROXY", "true")]).await;
        let koor = app.coordinator().await;
        app.officer(&koor, "udara", "petugas_unit", "dishub-udara", None).await;
        let guess = |ip: &'static str, password: &'static str| {
            app.client.post(app.url("/api/v1/petugas/login")).header("x-forwarded-for", ip).json(&json!({ "username": "udara", "password": password })).send()
        };
        let all = futures::future::join_all((0..40).map(|_| guess("10.9.9.9", "tebakan-salah-sekali"))).await;
        let codes: Vec<u16> = all.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
        let checked = codes.iter().filter(|c| **c == 401).count();
        assert!(checked <= 5, "{checked} passwords checked: {codes:?}");
        assert!(codes.iter().all(|c| *c == 401 || *c == 429), "{codes:?}");
        // One guess after another: locked at the limit.
        let mut failures = checked;
        while failures < 5 {
            assert_eq!(guess("10.9.9.9", "tebakan-salah-lagi").await.unwrap().status(), 401);
            failures += 1;
        }
        // The guesser is locked out, even with the right password...
        assert_eq!(guess("10.9.9.9", PASSWORD).await.unwrap().status(), 429);
        // ...the officer, elsewhere, is not.
        assert_eq!(guess("10.1.1.1", PASSWORD).await.unwrap().status(), 200);
        // The coordinator can unlock the account for the locked-out address too.
        assert_eq!(koor.post("/api/v1/petugas/officers/udara/unlock", &json!({})).await.status(), 200);
        assert_eq!(guess("10.9.9.9", PASSWORD).await.unwrap().status(), 200);
    }
}

both_stores! {
    async fn logout_everywhere_ends_every_session_of_the_officer(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let phone = app.login("koordinator", PASSWORD).await.unwrap();
        assert_eq!(phone.get("/api/v1/petugas/me").await.status(), 200);
        assert_eq!(koor.post("/api/v1/petugas/logout", &json!({ "all": true })).await.status(), 204);
        assert_eq!(phone.get("/api/v1/petugas/me").await.status(), 401);
        // Officers' answers are never cached.
        let again = app.login("koordinator", PASSWORD).await.unwrap();
        let r = again.get("/api/v1/petugas/me").await;
        assert_eq!(r.headers()["cache-control"], "no-store");
    }
}

both_stores! {
    async fn silent_and_slow_sockets_are_closed_after_the_header_timeout(db: Db) {
        let app = TestApp::spawn_with(db, &[("HEADER_TIMEOUT_SECS", "1")]).await;
        let addr = app.base.trim_start_matches("http://").to_string();
        // Silent: never sends a byte.
        let mut silent = tokio::net::TcpStream::connect(&addr).await.unwrap();
        // Slowloris: a header line every half second, never finishing.
        let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
        slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        let drip = tokio::spawn(async move {
            for i in 0..20 {
                if slow.write_all(format!("X-Drip-{i}: 1\r\n").as_bytes()).await.is_err() {
                    return true;
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            false
        });
        let mut buf = [0u8; 64];
        let n = tokio::time::timeout(Duration::from_secs(5), silent.read(&mut buf)).await.expect("closed within 5 s");
        assert!(matches!(n, Ok(0) | Err(_)), "the silent socket was closed");
        assert!(drip.await.unwrap(), "the slow socket was cut off");
        // An idle kept-alive connection is closed too, and the server still answers.
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
}

both_stores! {
    async fn lookups_by_code_are_limited_per_client(db: Db) {
        let app = TestApp::spawn_with(db, &[("LOOKUP_BURST", "3"), ("LOOKUPS_PER_MINUTE", "1")]).await;
        for _ in 0..3 {
            assert_eq!(app.report("ABCDEFGHJ").await.0, 404);
        }
        let r = app.get("/api/v1/reports/ABCDEFGHJ").await;
        assert_eq!(r.status(), 429);
        assert!(r.headers().contains_key("retry-after"));
        // Lists and the catalog are not lookups.
        assert_eq!(app.get("/api/v1/reports").await.status(), 200);
    }
}

both_stores! {
    async fn the_frameworks_own_refusals_are_indonesian_json(db: Db) {
        let app = TestApp::spawn(db).await;
        let r = app.client.post(app.url("/api/v1/petugas/login")).header("content-type", "application/json").body("{bukan json").send().await.unwrap();
        assert_eq!(r.status(), 400);
        let v: Value = r.json().await.unwrap();
        assert!(v["error"]["message"].as_str().unwrap().contains("tidak dapat dibaca"), "{v}");
        let r = app.client.delete(app.url("/api/v1/catalog")).send().await.unwrap();
        assert_eq!(r.status(), 405);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "method_not_allowed");
        let r = app.client.get(app.url("/api/v1/tidak-ada")).header("accept-language", "en").send().await.unwrap();
        assert_eq!(r.status(), 404);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["message"], "There is no such API endpoint.");
    }
}

both_stores! {
    async fn https_deployments_send_hsts(db: Db) {
        let app = TestApp::spawn_with(db, &[("PUBLIC_URL", "https://lapor.natunakab.go.id")]).await;
        let r = app.get("/healthz").await;
        assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
    }
}

both_stores! {
    async fn a_confidential_report_is_read_only_by_the_coordinator_and_after_verification_by_its_unit(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let udara = app.officer(&koor, "udara", "petugas_unit", "dishub-udara", None).await;
        let bupati = app.officer(&koor, "bupati", "pimpinan", "pemkab", None).await;
        let office = domain::catalog::region("21.03.07.2004").unwrap().office.get().code;
        let kades = app.officer(&koor, "kades", "pimpinan", office, None).await;
        let flight = json!({ "type": "pengaduan", "category": "penerbangan", "answers": { "udara": "perintis-subsidi" }, "title": "Pungutan liar tiket perintis", "body": "Petugas meminta uang tambahan di luar harga tiket penerbangan perintis.", "location": { "desa": "21.03.07.2004" }, "privacy": "rahasia" });
        let code = app.submit(&flight).await["tracking_code"].as_str().unwrap().to_string();
        let public = app.submit(&with(with(flight.clone(), "privacy", json!("publik")), "reporter", json!({ "name": "Nelayan" }))).await["tracking_code"].as_str().unwrap().to_string();
        let queue = |o: &OfficerClient| {
            let o = o.client.clone();
            let url = app.url("/api/v1/petugas/reports");
            async move { o.get(url).send().await.unwrap().json::<Value>().await.unwrap().to_string() }
        };
        // Before verification: the coordinator's alone.
        assert_eq!(udara.detail(&code).await.0, 404);
        assert!(!queue(&udara).await.contains(&code));
        assert_eq!(koor.detail(&code).await.0, 200);
        assert_eq!(koor.act(&code, json!({ "action": "verify" })).await.status(), 200);
        assert_eq!(koor.act(&public, json!({ "action": "verify" })).await.status(), 200);
        // Routed: the unit reads it.
        assert_eq!(udara.detail(&code).await.0, 200);
        assert!(queue(&udara).await.contains(&code));
        // Leadership: never a confidential report's content, and only within its own scope.
        assert_eq!(bupati.detail(&code).await.0, 404);
        assert!(!queue(&bupati).await.contains(&code));
        assert_eq!(bupati.detail(&public).await.0, 200);
        assert_eq!(kades.detail(&public).await.0, 404, "a village's leadership does not read Dishub's reports");
        assert_eq!(kades.detail(&code).await.0, 404);
        // It still counts in monitoring.
        let m: Value = bupati.get("/api/v1/petugas/monev").await.json().await.unwrap();
        assert_eq!(m["total"], 2);
    }
}

both_stores! {
    async fn sigterm_lets_a_submission_in_flight_finish_before_the_server_exits(db: Db) {
        let mut app = TestApp::spawn(db).await;
        let addr = app.base.trim_start_matches("http://").to_string();
        let body = with(valid_report(), "title", json!("Laporan yang sedang dikirim saat server berhenti")).to_string();
        let mut sock = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let head = format!("POST /api/v1/reports HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len());
        sock.write_all(head.as_bytes()).await.unwrap();
        let (first, rest) = body.as_bytes().split_at(body.len() / 2);
        sock.write_all(first).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Stop the server while the body is half sent.
        let pid = app.pid().unwrap().to_string();
        assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        tokio::time::sleep(Duration::from_millis(500)).await;
        // A new connection is no longer accepted...
        assert!(reqwest::get(app.url("/healthz")).await.is_err(), "the listener is closed");
        // ...but the request in flight completes and is stored.
        sock.write_all(rest).await.unwrap();
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(10), sock.read_to_end(&mut answer)).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
        assert!(app.wait_exit(Duration::from_secs(10)).is_some_and(|s| s.success()), "the server exits cleanly");
        app.start();
        app.wait_healthy().await;
        assert_eq!(app.list("").await["total"], 1);
    }
}
