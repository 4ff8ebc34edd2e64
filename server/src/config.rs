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
    #[command(subcommand)]
    pub command: Option<Command>,
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
    #[arg(long, env = "MAX_PHOTO_MB", default_value_t = domain::report::DEFAULT_MAX_PHOTO_MB)]
    pub max_photo_mb: u64,
    /// Seconds a request may take before it is cut off.
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 60)]
    pub request_timeout_secs: u64,
    /// Seconds a client has to send a request's headers (and an idle kept-alive connection is
    /// kept): slow or silent connections are closed after it.
    #[arg(long, env = "HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Connections served at once; more wait in the operating system's queue.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Seconds in-flight requests get to finish after SIGTERM or Ctrl-C.
    #[arg(long, env = "SHUTDOWN_GRACE_SECS", default_value_t = 30)]
    pub shutdown_grace_secs: u64,
    /// Lookups of reports by code per client per minute (status pages, photos).
    #[arg(long, env = "LOOKUPS_PER_MINUTE", default_value_t = 120)]
    pub lookups_per_minute: u32,
    /// "Saya juga mengalami" supports per client per hour (`domain::support`).
    #[arg(long, env = "SUPPORTS_PER_HOUR", default_value_t = 30)]
    pub supports_per_hour: u32,
    /// Supports a client may give in a quick burst.
    #[arg(long, env = "SUPPORT_BURST", default_value_t = 10)]
    pub support_burst: u32,
    /// "Mengandung data pribadi / tidak pantas" flags per client per hour, and in a burst
    /// (`domain::moderation`).
    #[arg(long, env = "FLAGS_PER_HOUR", default_value_t = domain::moderation::FLAGS_PER_HOUR_DEFAULT)]
    pub flags_per_hour: u32,
    #[arg(long, env = "FLAG_BURST", default_value_t = domain::moderation::FLAG_BURST_DEFAULT)]
    pub flag_burst: u32,
    /// Distinct devices (one per network) whose flags hide a public report pending review.
    #[arg(long, env = "FLAG_THRESHOLD", default_value_t = domain::moderation::FLAG_THRESHOLD_DEFAULT)]
    pub flag_threshold: u32,
    /// Lookups a client may make in a quick burst.
    #[arg(long, env = "LOOKUP_BURST", default_value_t = 60)]
    pub lookup_burst: u32,
    /// Photos decoded at once (each may take up to 160 MB while it is decoded).
    #[arg(long, env = "PHOTO_DECODERS", default_value_t = 2)]
    pub photo_decoders: usize,
    /// Submissions with photos that may wait for a decoder; more get 503 with Retry-After.
    #[arg(long, env = "PHOTO_QUEUE", default_value_t = 16)]
    pub photo_queue: usize,
    /// Seconds a submission waits for a decoder before it gets 503.
    #[arg(long, env = "PHOTO_QUEUE_WAIT_SECS", default_value_t = 20)]
    pub photo_queue_wait_secs: u64,
    /// Seconds between the store's write probes (`/healthz` reports a store that cannot write).
    #[arg(long, env = "HEALTH_PROBE_SECS", default_value_t = 5)]
    pub health_probe_secs: u64,
    /// Take the client address from X-Forwarded-For (only behind a trusted reverse proxy).
    #[arg(long, env = "TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// SMTP server for notifications: smtp://host:port (plain), smtp+starttls://user:pass@host:587
    /// or smtps://user:pass@host:465. Unset: mail is queued in the outbox and not sent.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of notification e-mails.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Lapor Natuna <lapor@natunakab.go.id>"
    )]
    pub mail_from: String,
    /// Seconds between attempts to send queued mail.
    #[arg(long, env = "MAIL_INTERVAL_SECS", default_value_t = 10)]
    pub mail_interval_secs: u64,
    /// Seconds before the first retry of a mail that failed (doubling after each failure, at most an hour).
    #[arg(long, env = "MAIL_RETRY_SECS", default_value_t = 30)]
    pub mail_retry_secs: i64,
    /// WhatsApp Business Cloud API: its base URL with the version (tests point it at a local
    /// server). WhatsApp is on when WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID are set.
    #[arg(
        long,
        env = "WHATSAPP_API_URL",
        default_value = "https://graph.facebook.com/v21.0"
    )]
    pub whatsapp_api_url: String,
    /// The Cloud API access token (a system user's permanent token).
    #[arg(long, env = "WHATSAPP_TOKEN", hide_env_values = true)]
    pub whatsapp_token: Option<String>,
    /// The id of the regency's WhatsApp number in the Cloud API.
    #[arg(long, env = "WHATSAPP_PHONE_NUMBER_ID")]
    pub whatsapp_phone_number_id: Option<String>,
    /// The Meta app's secret: each webhook event's X-Hub-Signature-256 is checked with it
    /// (unset: /webhooks/whatsapp takes no events).
    #[arg(long, env = "WHATSAPP_APP_SECRET", hide_env_values = true)]
    pub whatsapp_app_secret: Option<String>,
    /// The token Meta's webhook set-up sends back (hub.verify_token).
    #[arg(long, env = "WHATSAPP_VERIFY_TOKEN", hide_env_values = true)]
    pub whatsapp_verify_token: Option<String>,
    /// The approved message template (language id, one body parameter) for notices outside
    /// WhatsApp's 24-hour window.
    #[arg(
        long,
        env = "WHATSAPP_TEMPLATE",
        default_value = "lapor_natuna_pemberitahuan"
    )]
    pub whatsapp_template: String,
    /// SMS Gateway for Android's local server on Diskominfo's phone, e.g. http://10.0.0.20:8080.
    /// SMS is on when this, SMS_GATEWAY_USER and SMS_GATEWAY_PASSWORD are set.
    #[arg(long, env = "SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,
    #[arg(long, env = "SMS_GATEWAY_USER")]
    pub sms_gateway_user: Option<String>,
    #[arg(long, env = "SMS_GATEWAY_PASSWORD", hide_env_values = true)]
    pub sms_gateway_password: Option<String>,
    /// The app's webhook signing key: each sms:received event's X-Signature is checked with it
    /// (unset: /webhooks/sms takes no events).
    #[arg(long, env = "SMS_WEBHOOK_SECRET", hide_env_values = true)]
    pub sms_webhook_secret: Option<String>,
    /// Seconds between runs of the scheduled jobs (auto-finish, overdue digest).
    #[arg(long, env = "JOB_INTERVAL_SECS", default_value_t = 300)]
    pub job_interval_secs: u64,
    /// Hours an officer's session lasts (it also ends after 2 idle hours).
    #[arg(long, env = "SESSION_HOURS", default_value_t = 12)]
    pub session_hours: i64,
    /// Working days after a report is finished before its reporter is asked once whether the
    /// problem is really solved.
    #[arg(long, env = "FOLLOWUP_WORKING_DAYS", default_value_t = domain::followup::WORKING_DAYS_DEFAULT)]
    pub followup_working_days: u32,
    /// A coordinator opening more hidden reporters' identities than this in one day (WIB) alerts
    /// the other coordinators by e-mail (`scope::may_open_identity`).
    #[arg(long, env = "IDENTITY_ALERT_PER_DAY", default_value_t = domain::lifecycle::scope::IDENTITY_ALERT_PER_DAY_DEFAULT)]
    pub identity_alert_per_day: u32,
    /// The catalog's files (`catalog.toml`, `wilayah.csv`, …) that `learn` proposes a change to
    /// (the server itself runs on the catalog it was built with).
    #[arg(
        long = "catalog",
        env = "CATALOG_DIR",
        default_value = "domain/catalog",
        global = true
    )]
    pub catalog_dir: PathBuf,
    /// Where the weekly learning run writes a dated folder (report, catalog diff, model). Unset:
    /// no weekly run (`server learn` still works).
    #[arg(long, env = "LEARN_DIR")]
    pub learn_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Creates the first coordinator account (Diskominfo, Bidang PIKP). The password is read
    /// from LAPOR_PASSWORD or, when unset, from the first line of standard input.
    CreateCoordinator {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Learns from misrouted reports: writes the report for Diskominfo
    /// (`laporan-pembelajaran.md`), the proposed catalog change (`katalog.diff`) and the
    /// retrained suggestion model (`model.txt`) into OUT. Changes nothing in the service.
    Learn {
        #[arg(long)]
        out: PathBuf,
        /// The benchmark's dev set (`text,label` CSV): trained on too, and both models measured
        /// on its held-back quarter (the shipped model was trained on it).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// How the dev set's labels map onto units (with `--dev`).
        #[arg(long, default_value = "domain/eval/labels.toml")]
        labels: PathBuf,
    },
    /// Checks the whole history chain (domain::chain) and every recorded day's head; names the
    /// first entry that does not check out and exits with status 1.
    VerifyChain,
}

impl Config {
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
    pub fn embed_origins(&self) -> Vec<String> {
        self.embed_origins
            .split([' ', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }
    /// Whether WhatsApp messages can be sent.
    pub fn whatsapp_on(&self) -> bool {
        self.whatsapp_token.is_some() && self.whatsapp_phone_number_id.is_some()
    }
    /// Whether SMS can be sent.
    pub fn sms_on(&self) -> bool {
        self.sms_gateway_url.is_some()
            && self.sms_gateway_user.is_some()
            && self.sms_gateway_password.is_some()
    }
    /// Whether a channel's provider is configured.
    pub fn channel_on(&self, channel: domain::messaging::Channel) -> bool {
        use domain::messaging::Channel;
        match channel {
            Channel::Email => self.smtp_url.is_some(),
            Channel::Whatsapp => self.whatsapp_on(),
            Channel::Sms => self.sms_on(),
        }
    }
    /// The channel that reaches a reporter's phone: WhatsApp when it is on, else SMS, else none.
    pub fn phone_channel(&self) -> Option<domain::messaging::Channel> {
        use domain::messaging::Channel;
        if self.whatsapp_on() {
            Some(Channel::Whatsapp)
        } else if self.sms_on() {
            Some(Channel::Sms)
        } else {
            None
        }
    }
    /// The report limits the operator set (the app gets them with each page).
    pub fn limits(&self) -> domain::report::Limits {
        domain::report::Limits::with_photo_mb(self.max_photo_mb)
    }
}
