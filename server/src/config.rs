//! Configuration: defaults < environment < flags (clap reads both). Hosting platforms set `PORT`
//! and `HOST`; `DATABASE_URL` chooses the store.

use clap::Parser;
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "server",
    version,
    about = "Lapor Natuna: layanan pengaduan Pemerintah Kabupaten Natuna"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one; the chosen URL is printed).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// Where the SQLite file lives when DATABASE_URL is unset.
    #[arg(long, env = "DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// `postgres://…` for PostgreSQL; unset means SQLite in DATA_DIR.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The trunk-built app (index.html and hashed assets).
    #[arg(long, env = "DIST_DIR", default_value = "./dist")]
    pub dist_dir: PathBuf,
    /// The public base URL, used in links sent to citizens (e.g. https://lapor.natunakab.go.id).
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Origins allowed to embed the form (/embed) in an iframe, space or comma separated.
    #[arg(
        long,
        env = "EMBED_ORIGINS",
        default_value = "https://natunakab.go.id https://*.natunakab.go.id"
    )]
    pub embed_origins: String,
    /// Report submissions allowed per client per hour (a shared village Wi-Fi is one client).
    #[arg(long, env = "SUBMIT_RATE_PER_HOUR", default_value_t = 60)]
    pub submit_rate_per_hour: u32,
    /// Submissions a client may make in a quick burst.
    #[arg(long, env = "SUBMIT_BURST", default_value_t = 10)]
    pub submit_burst: u32,
    /// Largest photo accepted, in megabytes (before the server shrinks it).
    #[arg(long, env = "MAX_PHOTO_MB", default_value_t = 10)]
    pub max_photo_mb: u64,
    /// Seconds a request may take before it is cut off.
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 60)]
    pub request_timeout_secs: u64,
    /// Take the client address from X-Forwarded-For (only behind a trusted reverse proxy).
    #[arg(long, env = "TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
}

impl Config {
    pub fn embed_origins(&self) -> Vec<String> {
        self.embed_origins
            .split([' ', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }
    pub fn max_photo_bytes(&self) -> u64 {
        self.max_photo_mb * 1024 * 1024
    }
}
