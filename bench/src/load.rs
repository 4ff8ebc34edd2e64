//! An HTTP load generator for the running server: C workers, each on its own keep-alive HTTP/1.1
//! connection (hyper, no pool), sending one workload's requests back to back for a duration or a
//! number of requests. Every latency is kept (request sent → whole body read), so p50 and p99 are
//! exact, not estimated.

use bytes::Bytes;
use domain::catalog::{RegionKind, REGIONS};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use rand::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Every latency of a run.
#[derive(Debug, Clone, Default)]
pub struct Latencies(Vec<Duration>);

impl Latencies {
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn extend(&mut self, o: Latencies) {
        self.0.extend(o.0);
    }
    /// The q-quantile (0..=1) in milliseconds, nearest rank.
    pub fn quantile_ms(&mut self, q: f64) -> f64 {
        if self.0.is_empty() {
            return f64::NAN;
        }
        self.0.sort_unstable();
        let rank = ((q * self.0.len() as f64).ceil() as usize).clamp(1, self.0.len());
        self.0[rank - 1].as_secs_f64() * 1000.0
    }
}

/// What is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Workload {
    /// `GET /api/v1/reports` (page 1).
    List,
    /// `GET /api/v1/reports?cursor=<id of the 10,000th newest listed report>`.
    Deep,
    /// `GET /api/v1/reports?status=didisposisikan`.
    Status,
    /// `GET /api/v1/reports?q=jalan`.
    Search,
    /// `GET /api/v1/reports/similar?category=jalan-rusak&desa=21.03.07.2004` ("saya juga").
    Similar,
    /// `GET /laporan` (the no-JavaScript HTML list).
    Laporan,
    /// `GET /api/v1/petugas/reports` as the coordinator.
    Queue,
    /// `GET /api/v1/reports/{code}` for random public reports.
    Report,
    /// `GET /healthz`.
    Healthz,
    /// `POST /api/v1/reports` (JSON, no photo, a new Idempotency-Key each).
    Submit,
}

impl Workload {
    pub const ALL: [Workload; 10] = [
        Workload::List,
        Workload::Deep,
        Workload::Status,
        Workload::Search,
        Workload::Similar,
        Workload::Laporan,
        Workload::Queue,
        Workload::Report,
        Workload::Healthz,
        Workload::Submit,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Workload::List => "list",
            Workload::Deep => "deep",
            Workload::Status => "status",
            Workload::Search => "search",
            Workload::Similar => "similar",
            Workload::Laporan => "laporan",
            Workload::Queue => "queue",
            Workload::Report => "report",
            Workload::Healthz => "healthz",
            Workload::Submit => "submit",
        }
    }
    /// How the table names it.
    pub fn label(self) -> &'static str {
        match self {
            Workload::List => "GET /api/v1/reports (page 1)",
            Workload::Deep => "GET /api/v1/reports?cursor= (10,000 deep)",
            Workload::Status => "GET /api/v1/reports?status=didisposisikan",
            Workload::Search => "GET /api/v1/reports?q=jalan",
            Workload::Similar => "GET /api/v1/reports/similar (saya juga)",
            Workload::Laporan => "GET /laporan (HTML)",
            Workload::Queue => "GET /api/v1/petugas/reports (coordinator)",
            Workload::Report => "GET /api/v1/reports/{code}",
            Workload::Healthz => "GET /healthz",
            Workload::Submit => "POST /api/v1/reports",
        }
    }
    fn expected(self) -> StatusCode {
        match self {
            Workload::Submit => StatusCode::CREATED,
            _ => StatusCode::OK,
        }
    }
}

/// What the workloads need from the seeded store.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The id of the 10,000th newest listed report (the deep page's cursor).
    pub deep_cursor: i64,
    /// Tracking codes of existing public (not confidential) reports.
    pub codes: Vec<String>,
    /// `lapor_sesi=…` of the logged-in coordinator.
    pub cookie: Option<String>,
}

/// Reads the inputs from the store the server runs on (a connection of our own).
pub async fn inputs(target: &crate::seed::Target, sample: usize) -> anyhow::Result<Inputs> {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let url = target.url();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await?;
    let deep: Option<i64> =
        sqlx::query("SELECT id FROM reports WHERE listed = 1 ORDER BY id DESC LIMIT 1 OFFSET 9999")
            .fetch_optional(&mut conn)
            .await?
            .map(|r| r.try_get::<i64, _>("id"))
            .transpose()?;
    let deep = match deep {
        Some(d) => d,
        None => sqlx::query("SELECT CAST(MIN(id) AS BIGINT) AS id FROM reports WHERE listed = 1")
            .fetch_one(&mut conn)
            .await?
            .try_get::<Option<i64>, _>("id")?
            .unwrap_or(1),
    };
    let max: i64 = sqlx::query("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS n FROM reports")
        .fetch_one(&mut conn)
        .await?
        .try_get("n")?;
    let mut rng = StdRng::seed_from_u64(7);
    let mut codes = Vec::new();
    for _ in 0..8 {
        if codes.len() >= sample || max == 0 {
            break;
        }
        let ids: Vec<String> = (0..500)
            .map(|_| rng.gen_range(1..=max).to_string())
            .collect();
        let rows = sqlx::query(&format!(
            "SELECT tracking_code FROM reports WHERE privacy <> 'rahasia' AND id IN ({})",
            ids.join(", ")
        ))
        .fetch_all(&mut conn)
        .await?;
        for r in rows {
            codes.push(r.try_get("tracking_code")?);
        }
    }
    codes.truncate(sample);
    anyhow::ensure!(!codes.is_empty(), "no public report in the store");
    Ok(Inputs {
        deep_cursor: deep,
        codes,
        cookie: None,
    })
}

/// One keep-alive connection.
struct Conn {
    addr: SocketAddr,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Conn {
    async fn send(&mut self, req: Request<Full<Bytes>>) -> anyhow::Result<(StatusCode, Bytes)> {
        if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
            let stream = tokio::net::TcpStream::connect(self.addr).await?;
            stream.set_nodelay(true)?;
            let (sender, conn) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(async move {
                let _ = conn.await;
            });
            self.sender = Some(sender);
        }
        let sender = self.sender.as_mut().expect("connected");
        sender.ready().await?;
        let res = match sender.send_request(req).await {
            Ok(r) => r,
            Err(e) => {
                self.sender = None;
                return Err(e.into());
            }
        };
        let status = res.status();
        let body = res.into_body().collect().await?.to_bytes();
        Ok((status, body))
    }
}

/// The server, as host and port.
#[derive(Debug, Clone)]
pub struct Server {
    pub addr: SocketAddr,
}

impl Server {
    pub fn parse(base: &str) -> anyhow::Result<Server> {
        let hostport = base
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .split('/')
            .next()
            .unwrap_or_default();
        use std::net::ToSocketAddrs;
        let addr = hostport
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| anyhow::anyhow!("no address for {base}"))?;
        Ok(Server { addr })
    }
    fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Request<Full<Bytes>> {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header("host", self.addr.to_string())
            .header("user-agent", "lapor-natuna-bench");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let body = match body {
            Some(s) => {
                b = b.header("content-type", "application/json");
                Full::new(Bytes::from(s))
            }
            None => Full::new(Bytes::new()),
        };
        b.body(body).expect("a valid request")
    }

    /// Logs in (with the seeded authenticator's code: this step's, else the next one's, else a
    /// later step's) and returns the session cookie (`lapor_sesi=…`).
    pub async fn login(&self, username: &str, password: &str) -> anyhow::Result<String> {
        let now = || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        };
        let mut last = Err(anyhow::anyhow!("no login tried"));
        for attempt in 0..4 {
            if attempt == 2 {
                // Both codes of this moment were used by an earlier run: wait for fresh ones.
                tokio::time::sleep(Duration::from_secs(31)).await;
            }
            let step = domain::totp::step_of(now()) + attempt % 2;
            let otp = format!(
                "{:06}",
                domain::totp::code(crate::seed::COORDINATOR_TOTP_SECRET, step)
            );
            last = self.login_once(username, password, &otp).await;
            if last.is_ok() {
                break;
            }
        }
        last
    }

    async fn login_once(
        &self,
        username: &str,
        password: &str,
        otp: &str,
    ) -> anyhow::Result<String> {
        let mut conn = Conn {
            addr: self.addr,
            sender: None,
        };
        let req = self.request(
            Method::POST,
            "/api/v1/petugas/login",
            &[],
            Some(
                serde_json::json!({ "username": username, "password": password, "otp": otp })
                    .to_string(),
            ),
        );
        let sender_res = {
            // Keep the response headers: the cookie is there.
            if conn.sender.is_none() {
                let stream = tokio::net::TcpStream::connect(self.addr).await?;
                let (sender, c) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
                tokio::spawn(async move {
                    let _ = c.await;
                });
                conn.sender = Some(sender);
            }
            conn.sender.as_mut().unwrap().send_request(req).await?
        };
        anyhow::ensure!(
            sender_res.status() == StatusCode::OK,
            "login as {username}: HTTP {}",
            sender_res.status()
        );
        let cookie = sender_res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(server::backoffice::auth::COOKIE))
            .and_then(|v| v.split(';').next())
            .ok_or_else(|| anyhow::anyhow!("login answered without a session cookie"))?
            .to_string();
        Ok(cookie)
    }
}

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub workload: Workload,
    pub concurrency: usize,
    /// Measured time (after the warm-up); ignored when `requests` is set.
    pub duration: Duration,
    /// Stop after this many measured requests instead.
    pub requests: Option<u64>,
    /// Requests before this much time has passed are sent but not counted.
    pub warmup: Duration,
}

/// The outcome of one run, as the results file keeps it.
#[derive(Debug, Clone, Serialize)]
pub struct RunResult {
    pub workload: String,
    pub concurrency: usize,
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// What went wrong, when something did (first few, with counts).
    pub error_kinds: BTreeMap<String, u64>,
    pub tags: BTreeMap<String, String>,
}

/// What one worker saw.
#[derive(Default)]
struct WorkerResult {
    latencies: Latencies,
    errors: u64,
    error_kinds: BTreeMap<String, u64>,
}

fn today() -> String {
    domain::Date::from_unix_wib(crate::seed::now()).to_string()
}

/// A submission's JSON body, unique by `n`.
fn submission(rng: &mut StdRng, desas: &[&str], nonce: u64, n: u64, today: &str) -> String {
    serde_json::json!({
        "type": "pengaduan",
        "category": "jalan-rusak",
        "answers": { "status_jalan": "kabupaten" },
        "title": format!("Jalan berlubang dekat rumah warga nomor {nonce}-{n}"),
        "body": "Lubang besar di jalan dekat SD, motor sering jatuh saat hujan. Mohon segera ditambal sebelum ada korban.",
        "incident_date": today,
        "location": { "desa": desas.choose(rng).unwrap(), "detail": "Depan SD Negeri 1" },
        "privacy": "publik",
        "reporter": { "name": "Warga Bench", "phone": "0812-3456-7890" },
        "catalog_version": domain::CATALOG_VERSION,
    })
    .to_string()
}

/// Runs one workload against the server and measures it.
pub async fn run(
    server: &Server,
    inputs: Arc<Inputs>,
    opts: &LoadOptions,
) -> anyhow::Result<RunResult> {
    let started = Instant::now();
    let measure_from = started + opts.warmup;
    let stop_at = measure_from + opts.duration;
    let remaining = opts
        .requests
        .map(|n| Arc::new(std::sync::atomic::AtomicI64::new(n as i64)));
    let nonce: u64 = rand::random::<u32>() as u64;
    let desas: Arc<Vec<&'static str>> = Arc::new(
        REGIONS
            .iter()
            .filter(|r| matches!(r.kind, RegionKind::Desa | RegionKind::Kelurahan))
            .map(|r| r.code)
            .collect(),
    );
    let today = Arc::new(today());
    let mut tasks = Vec::new();
    for w in 0..opts.concurrency {
        let server = server.clone();
        let inputs = inputs.clone();
        let remaining = remaining.clone();
        let desas = desas.clone();
        let today = today.clone();
        let workload = opts.workload;
        let counted = opts.requests.is_some();
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(nonce ^ (w as u64) << 32);
            let mut conn = Conn {
                addr: server.addr,
                sender: None,
            };
            let mut out = WorkerResult::default();
            let mut n: u64 = 0;
            let deep = format!("/api/v1/reports?cursor={}", inputs.deep_cursor);
            loop {
                let now = Instant::now();
                if counted {
                    if now >= measure_from
                        && remaining
                            .as_ref()
                            .unwrap()
                            .fetch_sub(1, std::sync::atomic::Ordering::Relaxed)
                            <= 0
                    {
                        break;
                    }
                } else if now >= stop_at {
                    break;
                }
                n += 1;
                let cookie = inputs.cookie.clone().unwrap_or_default();
                let req = match workload {
                    Workload::List => server.request(Method::GET, "/api/v1/reports", &[], None),
                    Workload::Deep => server.request(Method::GET, &deep, &[], None),
                    Workload::Status => server.request(
                        Method::GET,
                        "/api/v1/reports?status=didisposisikan",
                        &[],
                        None,
                    ),
                    Workload::Search => {
                        server.request(Method::GET, "/api/v1/reports?q=jalan", &[], None)
                    }
                    Workload::Similar => server.request(
                        Method::GET,
                        "/api/v1/reports/similar?category=jalan-rusak&desa=21.03.07.2004",
                        &[],
                        None,
                    ),
                    Workload::Laporan => server.request(Method::GET, "/laporan", &[], None),
                    Workload::Queue => server.request(
                        Method::GET,
                        "/api/v1/petugas/reports",
                        &[("cookie", &cookie)],
                        None,
                    ),
                    Workload::Report => {
                        let code = inputs.codes.choose(&mut rng).unwrap();
                        server.request(Method::GET, &format!("/api/v1/reports/{code}"), &[], None)
                    }
                    Workload::Healthz => server.request(Method::GET, "/healthz", &[], None),
                    Workload::Submit => {
                        let key = format!("bench-{nonce}-{w}-{n}");
                        let body =
                            submission(&mut rng, &desas, nonce, (w as u64) << 40 | n, &today);
                        server.request(
                            Method::POST,
                            "/api/v1/reports",
                            &[("idempotency-key", &key)],
                            Some(body),
                        )
                    }
                };
                let t = Instant::now();
                let r = conn.send(req).await;
                let took = t.elapsed();
                if t < measure_from {
                    continue;
                }
                match r {
                    Ok((status, _)) if status == workload.expected() => out.latencies.push(took),
                    Ok((status, body)) => {
                        out.errors += 1;
                        let what = format!(
                            "HTTP {} {}",
                            status.as_u16(),
                            String::from_utf8_lossy(&body[..body.len().min(120)])
                        );
                        *out.error_kinds.entry(what).or_default() += 1;
                    }
                    Err(e) => {
                        out.errors += 1;
                        *out.error_kinds.entry(e.to_string()).or_default() += 1;
                        // A refused or dropped connection: do not spin.
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
            }
            out
        }));
    }
    let mut all = Latencies::default();
    let mut errors = 0;
    let mut error_kinds: BTreeMap<String, u64> = BTreeMap::new();
    for t in tasks {
        let w = t.await?;
        all.extend(w.latencies);
        errors += w.errors;
        for (k, v) in w.error_kinds {
            *error_kinds.entry(k).or_default() += v;
        }
    }
    let seconds = Instant::now()
        .saturating_duration_since(measure_from)
        .as_secs_f64();
    let requests = all.len() as u64;
    Ok(RunResult {
        workload: opts.workload.name().to_string(),
        concurrency: opts.concurrency,
        requests,
        errors,
        seconds,
        rps: requests as f64 / seconds.max(1e-9),
        p50_ms: all.quantile_ms(0.50),
        p99_ms: all.quantile_ms(0.99),
        max_ms: all.quantile_ms(1.0),
        error_kinds,
        tags: BTreeMap::new(),
    })
}
