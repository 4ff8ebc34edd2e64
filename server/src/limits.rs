//! Per-client limits: a token bucket per address, in memory (per server instance). Generous by
//! default, because a whole village may share one mobile carrier address or one office Wi-Fi.
//! Two kinds: report submissions, and lookups of reports by their code (so codes cannot be
//! guessed at speed).

use crate::error::ApiError;
use axum::http::StatusCode;
use domain::Lang;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// What a limiter counts, which decides what its refusal says.
#[derive(Debug, Clone, Copy)]
pub enum Counted {
    Submissions,
    Lookups,
    Supports,
    Flags,
}

pub struct RateLimiter {
    per_hour: f64,
    burst: f64,
    counted: Counted,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

/// Buckets kept before idle ones are forgotten (bounds the memory strangers can cost).
const MAX_BUCKETS: usize = 100_000;

impl RateLimiter {
    pub fn new(per_hour: u32, burst: u32, counted: Counted) -> RateLimiter {
        RateLimiter {
            per_hour: f64::from(per_hour.max(1)),
            burst: f64::from(burst.max(1)),
            counted,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Gives back the token a request took that turned out not to count (a retry of a stored
    /// report).
    pub fn refund(&self, ip: IpAddr) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((tokens, _)) = buckets.get_mut(&ip) {
            *tokens = (*tokens + 1.0).min(self.burst);
        }
    }

    /// Takes one token for `ip`, or says how long to wait.
    pub fn check(&self, ip: IpAddr, lang: Lang) -> Result<(), ApiError> {
        let now = Instant::now();
        let rate = self.per_hour / 3600.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > MAX_BUCKETS {
            let full = self.burst;
            buckets.retain(|_, (tokens, t)| {
                *tokens + now.duration_since(*t).as_secs_f64() * rate < full
            });
        }
        let (tokens, last) = buckets.entry(ip).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * rate).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            return Ok(());
        }
        let wait = ((1.0 - *tokens) / rate).ceil().max(1.0) as u64;
        let minutes = wait.div_ceil(60);
        let (id, en) = match self.counted {
            Counted::Submissions => (
                format!("Terlalu banyak laporan dari jaringan Anda dalam waktu singkat. Laporan Anda belum terkirim; coba lagi dalam {minutes} menit."),
                format!("Too many reports from your network in a short time. Your report was not sent; try again in {minutes} minute(s)."),
            ),
            Counted::Supports => (
                format!("Terlalu banyak dukungan \"saya juga mengalami\" dari jaringan Anda. Coba lagi dalam {minutes} menit."),
                format!("Too many \"me too\" supports from your network. Try again in {minutes} minute(s)."),
            ),
            Counted::Flags => (
                format!("Terlalu banyak penandaan laporan dari jaringan Anda. Coba lagi dalam {minutes} menit."),
                format!("Too many report flags from your network. Try again in {minutes} minute(s)."),
            ),
            Counted::Lookups => (
                format!("Terlalu banyak pencarian kode laporan dari jaringan Anda. Coba lagi dalam {wait} detik."),
                format!("Too many report code lookups from your network. Try again in {wait} second(s)."),
            ),
        };
        let mut e = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", id, en).lang(lang);
        e.retry_after = Some(wait);
        Err(e)
    }
}
