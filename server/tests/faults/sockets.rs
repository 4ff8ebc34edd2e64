//! Hundreds of idle and slow-dripping sockets: they are closed after the header timeout, and a
//! citizen's request is served meanwhile.

use crate::helpers::*;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundreds_of_idle_and_slowloris_sockets_cost_seconds_not_forever() {
    let app = TestApp::spawn_with(Db::Sqlite, &[("HEADER_TIMEOUT_SECS", "2")]).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut socks = Vec::new();
    for i in 0..400 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        if i % 2 == 0 {
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .await
                .unwrap();
        }
        socks.push(s);
    }
    // Served meanwhile.
    let t = Instant::now();
    assert_eq!(app.get("/api/v1/catalog").await.status(), 200);
    assert!(t.elapsed() < Duration::from_secs(2));
    // Keep dripping on the slow ones; all are closed by the server within a few seconds.
    let started = Instant::now();
    let mut open = socks.len();
    while open > 0 && started.elapsed() < Duration::from_secs(15) {
        let mut still = 0;
        for s in socks.iter_mut() {
            let _ = s.write_all(b"a").await;
            let mut b = [0u8; 16];
            match tokio::time::timeout(Duration::from_millis(1), s.read(&mut b)).await {
                Ok(Ok(0)) | Ok(Err(_)) => {}
                _ => still += 1,
            }
        }
        open = still;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    eprintln!(
        "400 idle/slow sockets: all closed after {:?}",
        started.elapsed()
    );
    assert_eq!(
        open,
        0,
        "{open} sockets still open after {:?}",
        started.elapsed()
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
}
