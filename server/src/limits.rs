//! Per-client submission limits: a token bucket per address, in memory. Generous by default,
//! because a whole village may share one mobile carrier address or one office Wi-Fi.

use crate::error::ApiError;
use axum::http::StatusCode;
use domain::Lang;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

pub struct RateLimiter {
    per_hour: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(per_hour: u32, burst: u32) -> RateLimiter {
        RateLimiter {
            per_hour: f64::from(per_hour.max(1)),
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `ip`, or says how long to wait.
    pub fn check(&self, ip: IpAddr, lang: Lang) -> Result<(), ApiError> {
        let now = Instant::now();
        let rate = self.per_hour / 3600.0;
        let mut buckets = self.buckets.lock().unwrap();
        if buckets.len() > 100_000 {
            buckets.retain(|_, (_, t)| now.duration_since(*t).as_secs() < 3600);
        }
        let (tokens, last) = buckets.entry(ip).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * rate).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            return Ok(());
        }
        let wait = ((1.0 - *tokens) / rate).ceil() as u64;
        let minutes = wait.div_ceil(60);
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("Terlalu banyak laporan dari jaringan Anda dalam waktu singkat. Laporan Anda belum terkirim; coba lagi dalam {minutes} menit."),
            format!("Too many reports from your network in a short time. Your report was not sent; try again in {minutes} minute(s)."),
        )
        .lang(lang);
        e.retry_after = Some(wait);
        Err(e)
    }
}
