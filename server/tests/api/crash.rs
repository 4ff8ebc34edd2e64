//! Killing the server at any moment loses no acknowledged report and leaves no half-written one.

use crate::both_stores;
use crate::helpers::*;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

both_stores! {
    async fn every_acknowledged_report_survives_a_kill_during_a_stream_of_submissions(db: Db) {
        let mut app = TestApp::spawn(db).await;
        let acked: Arc<Mutex<Vec<(String, String, usize)>>> = Arc::default();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let photo = crate::photos::jpeg_with_exif(600, 400);
        let mut workers = Vec::new();
        for w in 0..4 {
            let (client, url, acked, stop, photo) = (app.client.clone(), app.url("/api/v1/reports"), acked.clone(), stop.clone(), photo.clone());
            workers.push(tokio::spawn(async move {
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let title = format!("Laporan aliran {w}-{i} {}", hex_id());
                    let report = with(valid_report(), "title", json!(title));
                    let photos = i % 2;
                    let mut form = reqwest::multipart::Form::new().text("report", report.to_string());
                    for _ in 0..photos {
                        form = form.part("photo", reqwest::multipart::Part::bytes(photo.clone()).file_name("a.jpg"));
                    }
                    if let Ok(r) = client.post(&url).multipart(form).send().await {
                        if r.status() == 201 {
                            if let Ok(v) = r.json::<serde_json::Value>().await {
                                acked.lock().unwrap().push((v["tracking_code"].as_str().unwrap().to_string(), title, photos));
                            }
                        }
                    }
                    i += 1;
                }
            }));
        }
        // Let acknowledgements accumulate, then kill mid-stream.
        for _ in 0..200 {
            if acked.lock().unwrap().len() >= 30 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        app.kill();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for w in workers {
            let _ = w.await;
        }
        let acked = acked.lock().unwrap().clone();
        assert!(acked.len() >= 10, "only {} acknowledged before the kill", acked.len());

        app.start();
        app.wait_healthy().await;
        for (code, title, photos) in &acked {
            let (status, v) = app.report(code).await;
            assert_eq!(status, 200, "acknowledged report {code} lost");
            assert_eq!(&v["title"], title);
            assert_eq!(v["history"].as_array().unwrap().len(), 1, "{code} is half-written");
            assert_eq!(v["photos"].as_array().unwrap().len(), *photos, "{code} lost photos");
        }
        // Whatever was stored but not acknowledged is whole too.
        let all = app.list("").await;
        let total = all["total"].as_i64().unwrap();
        assert!(total >= acked.len() as i64);
        let mut page = 1;
        loop {
            let l = app.list(&format!("page={page}")).await;
            let items = l["items"].as_array().unwrap().clone();
            if items.is_empty() { break; }
            for it in items {
                let (status, v) = app.report(it["tracking_code"].as_str().unwrap()).await;
                assert_eq!(status, 200);
                assert_eq!(v["history"].as_array().unwrap().len(), 1);
            }
            page += 1;
        }
        // The history chain is whole across the kill: every committed entry links to the one
        // before it, nothing half-written broke it.
        let out = app.server_command(&["verify-chain"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}
