//! `spawn_app`: starts the server binary against a store of its own and talks HTTP to it.

use serde_json::{json, Value};
use sqlx::Connection;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Generates `mod $name { sqlite, postgres }` running the same async test body on both stores.
#[macro_export]
macro_rules! both_stores {
    ($(#[$meta:meta])* async fn $name:ident($db:ident : Db) $body:block) => {
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($db: $crate::helpers::Db) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() { run($crate::helpers::Db::Sqlite).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() { run($crate::helpers::Db::Postgres).await }
        }
    };
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    child: Option<Child>,
    pub data_dir: tempfile::TempDir,
    pub database_url: Option<String>,
    pg_db: Option<String>,
    env: Vec<(String, String)>,
    /// Each officer's authenticator app, as their phone holds it (two-step sign-in).
    pub authenticators: std::sync::Mutex<std::collections::HashMap<String, Authenticator>>,
}

/// An officer's authenticator app: the secret from enrolment and the last step whose code it
/// gave.
#[derive(Clone, Debug)]
pub struct Authenticator {
    pub secret: Vec<u8>,
    pub last_step: i64,
}

fn pg_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "TEST_DATABASE_URL is not set: the PostgreSQL variant of this test needs it \
             (e.g. postgres://postgres@127.0.0.1:5432/test). scripts/test.sh sets it, and skips these tests loudly when no PostgreSQL answers."
        )
    })
}

fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let prefix = &base[..base.rfind('/').expect("a database URL ends in /name")];
    format!("{prefix}/{db}{query}")
}

async fn create_pg_database() -> (String, String) {
    let admin = pg_admin_url();
    let name = format!("lapor_t_{}", hex_id());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("connect to TEST_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    (with_database(&admin, &name), name)
}

pub fn hex_id() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let n = nanos ^ (std::process::id() as u128) << 64 ^ (&nanos as *const u128 as u128);
    format!("{:x}", n & 0xffff_ffff_ffff_ffff)
}

pub fn server_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_server"))
}

impl TestApp {
    pub async fn spawn(db: Db) -> TestApp {
        TestApp::spawn_with(db, &[]).await
    }

    pub async fn spawn_with(db: Db, env: &[(&str, &str)]) -> TestApp {
        let mut app = TestApp::prepare(db, env).await;
        app.start();
        app.wait_healthy().await;
        app
    }

    /// A store and settings, the server not started yet (`start` it).
    pub async fn prepare(db: Db, env: &[(&str, &str)]) -> TestApp {
        let data_dir = tempfile::tempdir().unwrap();
        let (database_url, pg_db) = match db {
            Db::Sqlite => (None, None),
            Db::Postgres => {
                let (u, n) = create_pg_database().await;
                (Some(u), Some(n))
            }
        };
        let app = TestApp {
            base: String::new(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),

            child: None,
            data_dir,
            database_url,
            pg_db,
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            authenticators: Default::default(),
        };
        app
    }

    /// The server's process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(|c| c.id())
    }

    /// Waits for the server process to end by itself (after SIGTERM), at most `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let started = std::time::Instant::now();
        while started.elapsed() < limit {
            if let Some(c) = self.child.as_mut() {
                if let Ok(Some(status)) = c.try_wait() {
                    self.child = None;
                    return Some(status);
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Starts (or restarts) the server process on the same store.
    pub fn start(&mut self) {
        let mut cmd = Command::new(server_bin());
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PORT", "0")
            .env("HOST", "127.0.0.1")
            .env("DATA_DIR", self.data_dir.path())
            .env("DIST_DIR", self.data_dir.path().join("no-dist"))
            .env("RUST_LOG", "warn")
            // Tests submit many reports from one address; the limit test sets its own.
            .env("SUBMIT_BURST", "100000")
            .env("SUBMIT_RATE_PER_HOUR", "100000")
            .env("LOOKUP_BURST", "100000")
            .env("LOOKUPS_PER_MINUTE", "100000")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(u) = &self.database_url {
            cmd.env("DATABASE_URL", u);
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start the server binary");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("server prints its URL");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        self.base = url.trim_end_matches('/').to_string();
        self.child = Some(child);
    }

    pub async fn wait_healthy(&self) {
        for _ in 0..100 {
            if let Ok(r) = self.client.get(self.url("/healthz")).send().await {
                if r.status() == 200 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("server did not become healthy");
    }

    /// Kills the process at once (SIGKILL): no graceful shutdown, no flush.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// A GET with a confidential report's secret in its header.
    pub async fn get_with_secret(&self, path: &str, secret: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("x-reporter-secret", secret)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_json(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/reports"))
            .json(body)
            .send()
            .await
            .expect("POST")
    }

    pub async fn submit(&self, body: &Value) -> Value {
        let r = self.post_json(body).await;
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert_eq!(status, 201, "{v:#}");
        v
    }

    pub async fn report(&self, code: &str) -> (u16, Value) {
        let r = self.get(&format!("/api/v1/reports/{code}")).await;
        (r.status().as_u16(), r.json().await.unwrap())
    }

    pub async fn list(&self, query: &str) -> Value {
        let r = self.get(&format!("/api/v1/reports?{query}")).await;
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }

    /// Every public place a report shows, as `(name, status, body)`: the list, the similar
    /// reports, the no-JS list page, open data (CSV and JSON), the feed, Open311 (the list and
    /// the request), the report by its code, its page and its proof.
    pub async fn public_surfaces(
        &self,
        code: &str,
        category: &str,
    ) -> Vec<(&'static str, u16, String)> {
        let paths = [
            ("list", "/api/v1/reports".to_string()),
            (
                "similar",
                format!("/api/v1/reports/similar?category={category}&desa=21.03.07.2004"),
            ),
            ("/laporan", "/laporan".to_string()),
            ("open data", "/data/laporan.csv".to_string()),
            ("open data json", "/data/laporan.json".to_string()),
            ("feed", "/laporan.atom".to_string()),
            ("open311", "/open311/v2/requests.json".to_string()),
            (
                "open311 request",
                format!("/open311/v2/requests/{code}.json"),
            ),
            ("by code", format!("/api/v1/reports/{code}")),
            ("page", format!("/lacak/{code}")),
            ("proof", format!("/api/v1/reports/{code}/proof")),
        ];
        let mut out = Vec::with_capacity(paths.len());
        for (name, path) in paths {
            let r = self.get(&path).await;
            out.push((name, r.status().as_u16(), r.text().await.unwrap()));
        }
        out
    }

    pub fn data_path(&self) -> &Path {
        self.data_dir.path()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.kill();
        if let Some(name) = self.pg_db.take() {
            let admin = pg_admin_url();
            // Drop the database from a thread of its own: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(mut c) = sqlx::PgConnection::connect(&admin).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&mut c)
                                .await;
                    }
                });
            })
            .join();
        }
    }
}

/// A complete, valid complaint; tests change what they need.
pub fn valid_report() -> Value {
    json!({
        "type": "pengaduan",
        "category": "jalan-rusak",
        "answers": { "status_jalan": "kabupaten" },
        "title": "Jalan ke Sepempang berlubang besar",
        "body": "Lubang besar di jalan dekat SD, motor sering jatuh saat hujan. Mohon segera ditambal.",
        "incident_date": "2026-11-20",
        "location": { "desa": "21.03.07.2004", "detail": "Depan SD Negeri 1", "lat": 3.94, "lon": 108.38 },
        "privacy": "publik",
        "reporter": { "name": "Siti Aminah", "phone": "0812-3456-7890", "email": "siti@contoh.id" },
        "catalog_version": domain::CATALOG_VERSION,
    })
}

pub fn with(mut base: Value, path: &str, value: Value) -> Value {
    let mut cur = &mut base;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        cur = cur.get_mut(*p).unwrap();
    }
    cur[parts[parts.len() - 1]] = value;
    base
}

pub fn unique(prefix: &str) -> String {
    format!("{prefix} {}", hex_id())
}

pub const PASSWORD: &str = "rahasia-natuna-2026";

/// An officer logged in through the API: its own cookie jar and CSRF token.
pub struct OfficerClient {
    pub client: reqwest::Client,
    pub csrf: String,
    pub base: String,
    pub username: String,
}

impl OfficerClient {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }
    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .unwrap()
    }
    pub async fn patch(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .patch(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .unwrap()
    }
    pub async fn act(&self, code: &str, body: Value) -> reqwest::Response {
        self.post(&format!("/api/v1/petugas/reports/{code}/actions"), &body)
            .await
    }
    pub async fn detail(&self, code: &str) -> (u16, Value) {
        let r = self.get(&format!("/api/v1/petugas/reports/{code}")).await;
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }
}

impl TestApp {
    /// `server create-coordinator` against this app's store.
    pub fn create_coordinator(&self, username: &str) -> std::process::Output {
        let mut cmd = Command::new(server_bin());
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATA_DIR", self.data_dir.path())
            .env("LAPOR_PASSWORD", PASSWORD)
            .args([
                "create-coordinator",
                "--username",
                username,
                "--email",
                "koordinator@natunakab.go.id",
            ]);
        if let Some(u) = &self.database_url {
            cmd.env("DATABASE_URL", u);
        }
        cmd.output().unwrap()
    }

    /// Logs an officer in as a person would: the password, then (for an account with two-step
    /// sign-in) the code their authenticator app shows; an account that must enrol first enrols.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<OfficerClient, (u16, Value)> {
        let (client, status, v) = self.login_with(username, password, None).await;
        let (client, status, v) = if status == 401 && v["error"]["code"] == "otp_required" {
            let otp = self.next_code(username).await;
            self.login_with(username, password, Some(&otp)).await
        } else {
            (client, status, v)
        };
        if status != 200 {
            return Err((status, v));
        }
        let o = OfficerClient {
            client,
            csrf: v["csrf_token"].as_str().unwrap().to_string(),
            base: self.base.clone(),
            username: username.into(),
        };
        if v["must_enrol_totp"] == true {
            self.enrol(&o).await;
        }
        Ok(o)
    }

    /// One login request as sent, with an explicit second-step code (or none).
    pub async fn login_with(
        &self,
        username: &str,
        password: &str,
        otp: Option<&str>,
    ) -> (reqwest::Client, u16, Value) {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = client
            .post(self.url("/api/v1/petugas/login"))
            .json(&json!({ "username": username, "password": password, "otp": otp }))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        (client, status, v)
    }

    /// The server's clock (this app's `CLOCK_OFFSET_SECS` included).
    pub fn server_now(&self) -> i64 {
        let offset: i64 = self
            .env
            .iter()
            .find(|(k, _)| k == "CLOCK_OFFSET_SECS")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            + offset
    }

    /// The code `username`'s authenticator app shows next: this step's, or the next step's when
    /// this one's was used (waiting for it if need be), as a person would wait.
    pub async fn next_code(&self, username: &str) -> String {
        loop {
            let a = self
                .authenticators
                .lock()
                .unwrap()
                .get(username)
                .cloned()
                .expect("an enrolled authenticator");
            let now = domain::totp::step_of(self.server_now());
            let step = now.max(a.last_step + 1);
            if step <= now + domain::totp::WINDOW {
                self.authenticators
                    .lock()
                    .unwrap()
                    .get_mut(username)
                    .unwrap()
                    .last_step = step;
                return format!("{:06}", domain::totp::code(&a.secret, step));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Enrols the officer's (new) authenticator app: the secret from setup, its first code.
    pub async fn enrol(&self, o: &OfficerClient) {
        let r = o.post("/api/v1/petugas/totp/setup", &json!({})).await;
        assert_eq!(r.status(), 200, "setup");
        let setup: Value = r.json().await.unwrap();
        let secret = domain::totp::from_base32(setup["secret"].as_str().unwrap()).unwrap();
        let step = domain::totp::step_of(self.server_now());
        let code = format!("{:06}", domain::totp::code(&secret, step));
        let r = o
            .post("/api/v1/petugas/totp/confirm", &json!({ "code": code }))
            .await;
        assert_eq!(r.status(), 200, "confirm");
        self.authenticators.lock().unwrap().insert(
            o.username.clone(),
            Authenticator {
                secret,
                last_step: step,
            },
        );
    }

    /// The coordinator, created by the CLI, logged in.
    pub async fn coordinator(&self) -> OfficerClient {
        let out = self.create_coordinator("koordinator");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.login("koordinator", PASSWORD)
            .await
            .expect("coordinator logs in")
    }

    /// Creates an officer through the coordinator's API and logs it in.
    pub async fn officer(
        &self,
        koor: &OfficerClient,
        username: &str,
        role: &str,
        unit: &str,
        email: Option<&str>,
    ) -> OfficerClient {
        let r = koor
            .post("/api/v1/petugas/officers", &json!({ "username": username, "display_name": username, "role": role, "unit": unit, "password": PASSWORD, "email": email }))
            .await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        self.login(username, PASSWORD)
            .await
            .expect("officer logs in")
    }

    /// Runs one SQL statement on this app's store directly, as someone with database access
    /// could; the first column of the first row it returns, as an integer, if any.
    pub async fn sql(&self, stmt: &str) -> Option<i64> {
        use sqlx::Row;
        let row = match &self.database_url {
            Some(u) => {
                let mut c = sqlx::PgConnection::connect(u).await.unwrap();
                sqlx::query(stmt)
                    .fetch_optional(&mut c)
                    .await
                    .unwrap()
                    .map(|r| r.try_get::<i64, _>(0).ok())
            }
            None => {
                let url = format!(
                    "sqlite://{}",
                    self.data_path().join("lapor-natuna.sqlite").display()
                );
                let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
                sqlx::query(stmt)
                    .fetch_optional(&mut c)
                    .await
                    .unwrap()
                    .map(|r| r.try_get::<i64, _>(0).ok())
            }
        };
        row.flatten()
    }

    /// `server ARGS…` (a command of the server binary) against this app's store.
    pub fn server_command(&self, args: &[&str]) -> std::process::Output {
        let mut cmd = std::process::Command::new(server_bin());
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATA_DIR", self.data_path())
            .args(args);
        if let Some(u) = &self.database_url {
            cmd.env("DATABASE_URL", u);
        }
        cmd.output().unwrap()
    }

    /// Restarts the server with extra environment (e.g. a moved clock).
    pub async fn restart_with(&mut self, env: &[(&str, &str)]) {
        self.kill();
        for (k, v) in env {
            self.env.retain(|(x, _)| x != k);
            self.env.push((k.to_string(), v.to_string()));
        }
        self.start();
        self.wait_healthy().await;
    }
}

/// A real SMTP server (aiosmtpd) writing each message into a folder.
pub struct SmtpSink {
    pub dir: tempfile::TempDir,
    child: Option<Child>,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpSink {
    pub fn start_on(port: u16) -> SmtpSink {
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/install-tools.sh --test installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(
            line.trim(),
            "ready",
            "the SMTP sink did not start (is aiosmtpd installed?)"
        );
        SmtpSink {
            dir,
            child: Some(child),
        }
    }

    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }

    /// Waits until a message to `to` whose text contains `needle` arrives.
    pub async fn wait_for(&self, to: &str, needle: &str) -> String {
        for _ in 0..200 {
            if let Some(m) = self
                .messages()
                .into_iter()
                .find(|m| m.contains(to) && decode_qp(m).contains(needle))
            {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no mail to {to} containing {needle:?}; got {:#?}",
            self.messages()
        );
    }
}

/// Undoes quoted-printable and soft line breaks, enough to search a mail's text.
pub fn decode_qp(m: &str) -> String {
    let joined = m.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
