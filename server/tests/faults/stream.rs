//! A stream of citizens submitting reports, each retried with its Idempotency-Key until the
//! server takes it (as the app's outbox does), and the check that every acknowledged report is
//! stored once.

use crate::helpers::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A small JPEG (a real photo's worth of bytes after re-encoding).
pub fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(480, 360, |x, y| {
        image::Rgb([
            (x * 7 % 256) as u8,
            (y * 13 % 256) as u8,
            ((x ^ y) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .unwrap();
    out
}

#[derive(Default)]
pub struct Tally {
    /// (tracking code, title) of every 201.
    pub acked: Mutex<Vec<(String, String)>>,
    pub unavailable: AtomicUsize,
    pub other: Mutex<Vec<String>>,
}

pub struct Stream {
    pub tally: Arc<Tally>,
    stop: Arc<AtomicBool>,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

/// One submission, retried with the same key until it is acknowledged or `stop` is set.
async fn submit_until_stored(
    client: &reqwest::Client,
    url: &str,
    title: &str,
    with_photo: bool,
    stop: &AtomicBool,
    tally: &Tally,
) {
    let key = format!("fault-{}", hex_id());
    let report = with(valid_report(), "title", json!(title));
    loop {
        let mut form = reqwest::multipart::Form::new().text("report", report.to_string());
        if with_photo {
            form = form.part("photo", reqwest::multipart::Part::bytes(photo()));
        }
        let r = client
            .post(url)
            .header("idempotency-key", &key)
            .multipart(form)
            .timeout(Duration::from_secs(20))
            .send()
            .await;
        match r {
            Ok(r) if r.status() == 201 => {
                if let Ok(v) = r.json::<Value>().await {
                    tally.acked.lock().unwrap().push((
                        v["tracking_code"].as_str().unwrap().to_string(),
                        title.to_string(),
                    ));
                }
                return;
            }
            Ok(r) if r.status() == 503 => {
                assert!(
                    r.headers().contains_key("retry-after"),
                    "a 503 says when to retry"
                );
                tally.unavailable.fetch_add(1, Ordering::Relaxed);
            }
            Ok(r) => {
                let s = r.status();
                let text = r.text().await.unwrap_or_default();
                tally.other.lock().unwrap().push(format!("{s}: {text}"));
            }
            // The server was killed or restarted: try again, like the outbox.
            Err(_) => {}
        }
        if stop.load(Ordering::Relaxed) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

impl Stream {
    /// `n` citizens, each submitting one report after another (every other one with a photo).
    pub fn start(app: &TestApp, n: usize, tag: &str) -> Stream {
        let tally = Arc::new(Tally::default());
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..n)
            .map(|w| {
                let (client, url, tally, stop, tag) = (
                    app.client.clone(),
                    app.url("/api/v1/reports"),
                    tally.clone(),
                    stop.clone(),
                    tag.to_string(),
                );
                tokio::spawn(async move {
                    let mut i = 0;
                    while !stop.load(Ordering::Relaxed) {
                        let title = format!("Laporan {tag} {w} {i} {}", hex_id());
                        submit_until_stored(&client, &url, &title, i % 2 == 0, &stop, &tally).await;
                        i += 1;
                    }
                })
            })
            .collect();
        Stream {
            tally,
            stop,
            workers,
        }
    }

    pub fn acked(&self) -> usize {
        self.tally.acked.lock().unwrap().len()
    }

    pub async fn stop(self) -> Arc<Tally> {
        self.stop.store(true, Ordering::Relaxed);
        for w in self.workers {
            let _ = w.await;
        }
        self.tally
    }
}

/// Every acknowledged report is there, whole and once (its unique title finds exactly one).
pub async fn check_all_stored(app: &TestApp, tally: &Tally) {
    let acked = tally.acked.lock().unwrap().clone();
    assert!(
        tally.other.lock().unwrap().is_empty(),
        "unexpected answers: {:?}",
        tally.other.lock().unwrap()
    );
    let mut lost = Vec::new();
    for (code, title) in &acked {
        let (status, v) = app.report(code).await;
        if status != 200 || v["title"] != json!(title) {
            lost.push(code.clone());
            continue;
        }
        assert_eq!(
            v["history"].as_array().unwrap().len(),
            1,
            "{code} is half-written"
        );
        let word = title.rsplit(' ').next().unwrap();
        let found = app.list(&format!("q={word}")).await;
        assert_eq!(
            found["total"], 1,
            "{title} is stored {} times",
            found["total"]
        );
    }
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged reports lost: {lost:?}",
        lost.len(),
        acked.len()
    );
}

/// Waits until `/healthz` answers `status`, at most `limit`.
pub async fn wait_health(app: &TestApp, status: u16, limit: Duration) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if let Ok(r) = app
            .client
            .get(app.url("/healthz"))
            .timeout(Duration::from_secs(2))
            .send()
            .await
        {
            if r.status().as_u16() == status {
                return true;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    false
}
