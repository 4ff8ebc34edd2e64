//! Photo bombs under concurrency: eight strangers at once, each sending five of the most
//! expensive photos the server still accepts, plus decompression bombs it must refuse. Peak
//! memory stays under 1 GB and `/healthz` keeps answering.

use crate::helpers::*;
use serde_json::json;
use std::time::{Duration, Instant};

/// An RGBA PNG of one colour: ~100 KB on the wire, `w`×`h`×4 bytes decoded.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::NoFilter,
    );
    image::ImageEncoder::write_image(
        enc,
        &vec![90u8; (w * h * 4) as usize],
        w,
        h,
        image::ExtendedColorType::Rgba8,
    )
    .unwrap();
    out
}

/// A noisy JPEG: incompressible, close to the upload limit.
fn big_jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut x: u32 = 2463534242;
    let img = image::RgbImage::from_fn(w, h, |_, _| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        image::Rgb([x as u8, (x >> 8) as u8, (x >> 16) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&img)
        .unwrap();
    out
}

fn peak_rss_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap();
    kb / 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_concurrent_worst_case_photo_submissions_stay_under_a_gigabyte() {
    let app = TestApp::spawn_with(
        Db::Sqlite,
        &[
            ("PHOTO_QUEUE_WAIT_SECS", "120"),
            ("REQUEST_TIMEOUT_SECS", "300"),
        ],
    )
    .await;
    let pid = app.pid().unwrap();
    let before = peak_rss_mb(pid);
    // Accepted, and as expensive as accepted gets: 39.6 MP RGBA (158 MB decoded) and a noisy
    // JPEG near the upload limit.
    let heavy_png = png(6000, 6600);
    let heavy_jpeg = big_jpeg(2150, 2150);
    // Refused before decoding: 49 MP RGBA (196 MB decoded) and 100 MP.
    let bomb = png(7000, 7000);
    let giant = png(10000, 10000);
    eprintln!(
        "photos: png {} KB, jpeg {} KB, bombs {} KB and {} KB",
        heavy_png.len() / 1024,
        heavy_jpeg.len() / 1024,
        bomb.len() / 1024,
        giant.len() / 1024
    );
    let submissions = (0..8).map(|i| {
        let photos: Vec<Vec<u8>> = match i % 4 {
            0 => vec![heavy_png.clone(); 5],
            1 => vec![
                heavy_jpeg.clone(),
                heavy_png.clone(),
                heavy_jpeg.clone(),
                heavy_png.clone(),
                heavy_jpeg.clone(),
            ],
            2 => vec![bomb.clone(); 5],
            _ => vec![giant.clone(); 5],
        };
        let (client, url) = (app.client.clone(), app.url("/api/v1/reports"));
        tokio::spawn(async move {
            let mut form = reqwest::multipart::Form::new().text(
                "report",
                with(
                    valid_report(),
                    "title",
                    json!(format!("Foto berat nomor {i}")),
                )
                .to_string(),
            );
            for p in photos {
                form = form.part("photo", reqwest::multipart::Part::bytes(p));
            }
            client
                .post(url)
                .multipart(form)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        })
    });
    let handles: Vec<_> = submissions.collect();
    // Meanwhile the service answers.
    let mut slowest = Duration::ZERO;
    while !handles.iter().all(|h| h.is_finished()) {
        let t = Instant::now();
        let r = app
            .client
            .get(app.url("/healthz"))
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        assert!(
            r.is_ok_and(|r| r.status() == 200),
            "/healthz answers during the bombs"
        );
        slowest = slowest.max(t.elapsed());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut codes = Vec::new();
    for h in handles {
        codes.push(h.await.unwrap());
    }
    let peak = peak_rss_mb(pid);
    eprintln!("8 concurrent worst-case submissions: answers {codes:?}, peak RSS {peak} MB (before {before} MB), slowest /healthz {slowest:?}");
    assert_eq!(
        codes.iter().filter(|c| **c == 201).count(),
        4,
        "the accepted ones are stored: {codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == 422).count(),
        4,
        "the bombs are refused: {codes:?}"
    );
    assert!(peak < 1024, "peak RSS {peak} MB");
    assert!(
        slowest < Duration::from_secs(2),
        "/healthz took {slowest:?}"
    );
}
