//! Lapor Natuna's server: thin by design. HTTP, persistence, photos and the no-JavaScript pages
//! live here; every decision about validity, routing, status and deadlines is `domain`'s.
//!
//! Map: `config` (flags/env), `store` (SQLite/PostgreSQL, all SQL), `submit` (the one way a
//! report gets in), `views` (stored reports as `domain::wire` types), `api` (JSON API), `pages`
//! (plain HTML pages), `backoffice` (officers, reporters' responses, mail), `assets` (the
//! trunk-built app, compressed and cached), `photos` (decode, strip, shrink), `queue` (bounded
//! heavy work), `links` (signed photo links), `error` (errors → HTTP), `headers` (security
//! headers, JSON refusals), `limits` (rate limits), `log` (request ids), `serve` (connections,
//! timeouts, graceful stop).

pub mod api;
pub mod assets;
pub mod backoffice;
pub mod cache;
pub mod channels;
pub mod config;
pub mod error;
pub mod exports;
pub mod headers;
pub mod learn;
pub mod limits;
pub mod links;
pub mod log;
pub mod open311;
pub mod pages;
pub mod photos;
pub mod queue;
pub mod serve;
pub mod store;
pub mod submit;
pub mod verify;
pub mod views;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use domain::wire::{Health, HealthStatus};
use domain::Lang;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The one state every handler gets.
#[derive(Clone)]
pub struct AppState {
    pub store: store::Store,
    pub cfg: Arc<Config>,
    pub assets: Arc<assets::Assets>,
    /// Report submissions per client.
    pub limiter: Arc<limits::RateLimiter>,
    /// Lookups of reports by code per client.
    pub lookups: Arc<limits::RateLimiter>,
    /// "Saya juga mengalami" supports per client.
    pub supports: Arc<limits::RateLimiter>,
    pub flags: Arc<limits::RateLimiter>,
    /// The queue of photo decoding.
    pub decoders: Arc<queue::WorkQueue>,
    /// Password checks (argon2) run a few at a time.
    pub password_checks: Arc<queue::WorkQueue>,
    /// This process among the server instances sharing a store (random, at start).
    pub instance: Arc<str>,
    /// Public views and lists kept in memory, checked against the store's versions.
    pub cache: Arc<cache::Cache>,
    /// Signs short-lived links to a confidential report's photos.
    pub links: Arc<links::Signer>,
    /// Whether the store took the last write (`/healthz`).
    pub health: Arc<store::Health>,
    /// Seconds added to the system clock (tests of deadlines move time forward with it).
    pub clock_offset: Arc<AtomicI64>,
}

impl AppState {
    /// Now, in Unix seconds.
    pub fn now(&self) -> i64 {
        let real = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        real + self.clock_offset.load(Ordering::Relaxed)
    }
}

/// The reader's language: `?lang=`, then the `lang` cookie the app sets, then Accept-Language.
pub struct ReqLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReqLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ReqLang(lang_of(parts)))
    }
}

pub fn lang_of(parts: &Parts) -> Lang {
    if let Some(q) = parts.uri.query() {
        for (k, v) in form_urlencoded::parse(q.as_bytes()) {
            if k == "lang" {
                return Lang::from_header(&v);
            }
        }
    }
    if let Some(c) = parts
        .headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(v) = c
            .split(';')
            .filter_map(|kv| kv.trim().strip_prefix("lang="))
            .next()
        {
            return Lang::from_header(v);
        }
    }
    parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_header)
        .unwrap_or_default()
}

/// The client's address, for rate limits: the socket peer, or X-Forwarded-For behind a trusted proxy.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.cfg.trust_proxy {
            if let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|s| s.trim().parse().ok())
            {
                return Ok(ClientIp(ip));
            }
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        Ok(ClientIp(peer))
    }
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let ok = state.store.healthy().await && state.store.health.writable();
    let body = Health {
        status: if ok {
            HealthStatus::Ok
        } else {
            HealthStatus::StoreUnavailable
        },
        store: state.store.backend.name().to_string(),
        catalog_version: domain::CATALOG_VERSION.to_string(),
        assets_compressed: state.assets.compressed(),
    };
    let code = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, axum::Json(body)).into_response()
}

/// The providers' webhooks: small JSON events, read whole to check their signature.
fn channels_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/webhooks/whatsapp",
            get(channels::whatsapp::verify).post(channels::whatsapp::event),
        )
        .route("/webhooks/sms", post(channels::sms::event))
        .layer(axum::extract::DefaultBodyLimit::max(256 * 1024))
}

pub fn router(state: AppState) -> Router {
    let photo_limit = state.cfg.limits().max_photo_bytes as usize;
    let upload_limit = photo_limit * domain::report::MAX_ATTACHMENTS + 1024 * 1024;
    let timeout = Duration::from_secs(state.cfg.request_timeout_secs);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/v1/openapi.json", get(api::openapi::openapi))
        .route("/api/v1/catalog", get(api::catalog))
        .route("/api/v1/route", get(api::route_preview))
        .route("/api/v1/stats", get(api::stats))
        .route("/api/v1/statistik", get(api::statistics::statistics))
        .route("/api/v1/suggest", get(api::suggest))
        .route(
            "/api/v1/reports",
            post(api::create_report).get(api::list_reports),
        )
        .route("/api/v1/reports/similar", get(api::support::similar))
        .route("/api/v1/reports/{code}", get(api::get_report))
        .route("/api/v1/reports/{code}/proof", get(api::chain::proof))
        .route("/api/v1/reports/{code}/flag", post(api::moderation::flag))
        .route("/api/v1/chain/heads", get(api::chain::heads))
        .route(
            "/api/v1/reports/{code}/support",
            post(api::support::support),
        )
        .route("/api/v1/reports/{code}/photos/{id}", get(api::get_photo))
        .route(
            "/api/v1/reports/{code}/photos/{id}/thumb",
            get(api::get_photo_thumb),
        )
        .route("/lapor", get(pages::form_page).post(pages::submit_form))
        .route("/lapor/serupa", get(pages::similar_fragment))
        .route("/lacak", get(pages::track_page).post(pages::track_post))
        .route("/lacak/{kode}", get(pages::track_page_path))
        .route("/lacak/{kode}/tanggapi", post(pages::respond))
        .route("/lacak/{kode}/identitas", post(pages::identity_openings))
        .route("/lacak/{kode}/tandai", post(pages::flag_post))
        .route("/laporan", get(pages::list_page))
        .route("/statistik", get(pages::stats_page))
        .route("/", get(pages::home_page))
        .route("/embed", get(pages::embed_page))
        .route("/petugas", get(pages::officer_app))
        .route("/petugas/{*rest}", get(pages::officer_app))
        .merge(channels_routes())
        .merge(backoffice::routes())
        .merge(open311::routes())
        .merge(exports::routes())
        .fallback(assets::serve)
        .layer(axum::extract::DefaultBodyLimit::max(upload_limit))
        // Pages and JSON are compressed per response; the app's files come precompressed and
        // already carry Content-Encoding, which this layer leaves alone.
        .layer({
            use tower_http::compression::predicate::{
                DefaultPredicate, NotForContentType, Predicate,
            };
            // A workbook is a zip already: compressing it again costs CPU for nothing.
            // Brotli level 5, not the default 4: /lapor's page (16 KB, a new form key each time)
            // travels 240 B smaller on a first visit, for ≈0.1 ms more per page.
            tower_http::compression::CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(tower_http::CompressionLevel::Precise(5))
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new(
                    "application/vnd.openxmlformats",
                )))
        })
        .layer(middleware::from_fn(headers::json_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            headers::security,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(middleware::from_fn(log::hand_back_id))
        .layer(log::layers())
        .with_state(state)
}

/// Opens the store, loads the app, binds, prints the URL, and serves until interrupted.
pub async fn run(cfg: Config) -> anyhow::Result<()> {
    let store = store::Store::open(cfg.database_url.as_deref(), &cfg.data_dir).await?;
    // History written before the chain existed joins it before anything new is written.
    let sealed = store.seal_chain().await?;
    if sealed > 0 {
        tracing::info!("history chain: sealed {sealed} earlier entries");
    }
    let assets = Arc::new(assets::Assets::load(&cfg.dist_dir, cfg.limits()));
    let offset = std::env::var("CLOCK_OFFSET_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let state = AppState {
        store: store.clone(),
        limiter: Arc::new(limits::RateLimiter::new(
            cfg.submit_rate_per_hour,
            cfg.submit_burst,
            limits::Counted::Submissions,
        )),
        supports: Arc::new(limits::RateLimiter::new(
            cfg.supports_per_hour,
            cfg.support_burst,
            limits::Counted::Supports,
        )),
        flags: Arc::new(limits::RateLimiter::new(
            cfg.flags_per_hour,
            cfg.flag_burst,
            limits::Counted::Flags,
        )),
        lookups: Arc::new(limits::RateLimiter::new(
            cfg.lookups_per_minute.saturating_mul(60),
            cfg.lookup_burst,
            limits::Counted::Lookups,
        )),
        decoders: Arc::new(queue::WorkQueue::new(
            cfg.photo_decoders,
            cfg.photo_queue,
            Duration::from_secs(cfg.photo_queue_wait_secs),
        )),
        password_checks: Arc::new(queue::WorkQueue::new(2, 64, Duration::from_secs(10))),
        health: store.health.clone(),
        cache: store.cache.clone(),
        instance: Arc::from(hex::encode(submit::random::<8>())),
        links: Arc::new(links::Signer::new(
            store
                .server_key("photo_links", &hex::encode(submit::random::<32>()))
                .await?
                .as_bytes(),
        )),
        cfg: Arc::new(cfg.clone()),
        assets: assets.clone(),
        clock_offset: Arc::new(AtomicI64::new(offset)),
    };
    tokio::spawn(assets::compress_in_background(assets));
    {
        // The write probe: /healthz says so when the store stops taking writes, and again when
        // it takes them.
        let state = state.clone();
        tokio::spawn(async move {
            loop {
                let _ = state.store.probe_write(state.now()).await;
                tokio::time::sleep(Duration::from_secs(state.cfg.health_probe_secs.max(1))).await;
            }
        });
    }
    backoffice::mail::spawn(state.clone());
    channels::spawn(state.clone());
    learn::spawn(state.clone());
    {
        // Old idempotency answers may hold a confidential report's secret: keep them a week. Idle
        // chat conversations are forgotten.
        let state = state.clone();
        tokio::spawn(async move {
            loop {
                let _ = state
                    .store
                    .prune_idempotency(state.now() - 7 * 86_400)
                    .await;
                let _ = state
                    .store
                    .forget_conversations(state.now() - domain::messaging::filing::FILING_TTL_SECS)
                    .await;
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
        });
    }
    let listener = tokio::net::TcpListener::bind((cfg.host.as_str(), cfg.port)).await?;
    let addr = listener.local_addr()?;
    let shown_host = if cfg.host == "0.0.0.0" {
        "127.0.0.1".to_string()
    } else {
        cfg.host.clone()
    };
    println!(
        "Lapor Natuna listening on http://{shown_host}:{} ({:?} store)",
        addr.port(),
        store.backend
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let limits = serve::Limits {
        header_timeout: Duration::from_secs(cfg.header_timeout_secs.max(1)),
        max_connections: cfg.max_connections,
        grace: Duration::from_secs(cfg.shutdown_grace_secs),
    };
    serve::serve(listener, router(state), limits).await?;
    Ok(())
}
