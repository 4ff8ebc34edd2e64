//! Persistence, and all of the server's SQL. One schema, two engines: SQLite (a file in
//! DATA_DIR, WAL, synchronous=FULL) by default, PostgreSQL when DATABASE_URL says so. SQL is
//! plain and portable (`$n` placeholders work in both); migrations are embedded per engine and
//! run at start.
//!
//! Rows are parsed once, here: a status, privacy, role or event becomes its `domain` type, and a
//! value `domain` does not know is an error (`StoreError::Corrupt`), never a silent default.
//! Lists of codes in SQL (terminal statuses, listed privacy levels) are generated from `domain`.
//!
//! Writes go through `Tx`: one transaction per user action. A transaction that does not commit
//! (an error, a failed COMMIT, a dropped future) never returns its connection to the pool: the
//! connection is closed, which rolls it back, so no later request can find itself inside a
//! transaction it did not begin.

mod chain;
mod changes;
mod conversations;
mod derived;
mod exports;
mod learn;
mod lists;
mod moderation;
mod officers;
mod open311;
mod outbox;
mod redaction;
mod reports;
pub(crate) mod stmts;
mod supports;
mod writer;
mod writes;

pub use chain::{seal_entry, ProofTooLong, Seal, Verified};
pub use conversations::Conversation;
pub use derived::{facts, month_of, Contribution, Derived, Summaries, UnitFigures};
pub use exports::{ExportFilter, ExportReader, ExportRow, EXPORTS_AT_ONCE};
pub use learn::MisroutedReport;
pub use lists::{Count, ListFilter, Page, QueueFilter, COUNT_CAP};
pub use moderation::Flagged;
pub use officers::{
    AccountEventRow, LoginCounts, NewOfficerRow, OfficerRow, OfficerUpdate, SessionRow, TotpState,
};
pub use open311::{Open311KeyRow, RequestFilter};
pub use outbox::{Message, MessageRow, PhoneState, Sent};
pub use redaction::RedactedText;
pub use reports::{
    stored_terms, AttachmentRow, HistoryRow, Inserted, NewFile, NewRow, ReportRow, StoredAnswer,
};
pub use supports::{Follower, Supported};
pub use writes::{MoveRow, NewHistory};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Row};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// What can go wrong with the store, in the terms the HTTP layer needs.
#[derive(Debug, Clone)]
pub enum StoreError {
    /// The store cannot be reached or cannot write now (pool exhausted, connection lost, disk
    /// full, database locked): the client should retry later.
    Unavailable(String),
    /// A row changed under a conditional update (someone else moved the report first).
    Changed,
    /// A unique key is taken (a username; a tracking code).
    Duplicate,
    /// A stored value `domain` does not recognise.
    Corrupt(String),
    /// Anything else: a bug.
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable(e) => write!(f, "store unavailable: {e}"),
            StoreError::Changed => write!(f, "row changed concurrently"),
            StoreError::Duplicate => write!(f, "duplicate key"),
            StoreError::Corrupt(e) => write!(f, "corrupt stored value: {e}"),
            StoreError::Other(e) => write!(f, "store error: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match &e {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
            sqlx::Error::Database(db) => {
                let msg = db.message();
                if db.is_unique_violation()
                    || msg.contains("UNIQUE constraint failed")
                    || db.code().as_deref() == Some("23505")
                {
                    return StoreError::Duplicate;
                }
                // SQLite (primary result codes): busy, locked, read-only, I/O error, corrupt
                // (what a failing disk reads as), full, cannot open. PostgreSQL (SQLSTATE
                // classes): connection exception 08, insufficient resources 53 (disk full), operator
                // intervention 57 (shutting down), system error 58 (I/O), data corrupted XX001.
                let code = db.code().map(|c| c.to_string()).unwrap_or_default();
                let sqlite_primary = code.parse::<i64>().ok().map(|c| c & 0xff);
                let transient = matches!(sqlite_primary, Some(5 | 6 | 8 | 10 | 11 | 13 | 14))
                    || ["08", "53", "57", "58"]
                        .iter()
                        .any(|class| code.starts_with(class))
                    || code == "XX001"
                    || msg.contains("database or disk is full")
                    || msg.contains("database is locked");
                if transient {
                    StoreError::Unavailable(e.to_string())
                } else {
                    StoreError::Other(e.to_string())
                }
            }
            _ => StoreError::Other(e.to_string()),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Parses a stored code with `domain`'s parser; an unknown one is corruption.
pub(crate) fn parse_code<T>(
    what: &str,
    v: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> StoreResult<T> {
    parse(v).ok_or_else(|| StoreError::Corrupt(format!("{what} {v:?}")))
}

#[derive(Clone)]
pub struct Store {
    /// Writes, lists, monitoring.
    pool: AnyPool,
    /// The group-commit writer's own connection (`writer.rs`). On SQLite its page cache stays
    /// warm: with a pooled connection each submission re-read ≈90 pages another connection's
    /// write had made stale.
    submissions: AnyPool,
    /// Point reads only (a report by its code, its history and files, a session, `/healthz`): a
    /// crowd of list requests cannot make a citizen's status page or a health check wait.
    quick: AnyPool,
    /// Exports, open data: long reads streamed to a client at its pace, two at a time, without
    /// the statement timeout of the other pools and without taking their connections.
    exports: AnyPool,
    pub backend: Backend,
    pub health: Arc<Health>,
    /// Group commit of submissions (`writer.rs`); `None` in one-off commands.
    writer: Option<Arc<writer::Writer>>,
    /// The SQLite file, when the store is one (the writer opens its own connection to it).
    sqlite_path: Option<std::path::PathBuf>,
    /// Public reads kept in memory; every commit that changes a report invalidates its entries.
    pub cache: Arc<crate::cache::Cache>,
}

/// Whether the store took its last write: the write probe's and every transaction's outcome.
/// `/healthz` reports it, so an operator and a load balancer see a store that cannot write.
#[derive(Default)]
pub struct Health {
    failing: AtomicBool,
    last_error: Mutex<Option<String>>,
}

impl Health {
    pub fn writable(&self) -> bool {
        !self.failing.load(Ordering::SeqCst)
    }
    pub fn last_error(&self) -> Option<String> {
        self.last_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
    fn record<T>(&self, r: &StoreResult<T>) {
        match r {
            Ok(_) => {
                if self.failing.swap(false, Ordering::SeqCst) {
                    tracing::warn!("store: writes succeed again");
                }
            }
            Err(StoreError::Unavailable(e)) => {
                if !self.failing.swap(true, Ordering::SeqCst) {
                    tracing::error!("store: a write failed, the store is unavailable: {e}");
                }
                *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(e.clone());
            }
            Err(_) => {}
        }
    }
}

/// One write transaction. Commit it, or drop it: a dropped (or failed) transaction closes its
/// connection instead of returning it to the pool.
pub struct Tx {
    conn: Option<PoolConnection<Any>>,
    health: Arc<Health>,
    backend: Backend,
    cache: Arc<crate::cache::Cache>,
    /// The reports this transaction changed: announced when it commits.
    touched: Vec<i64>,
    /// SQLite's BEGIN not sent yet: it goes with the first `run`, in the same call to the
    /// connection's thread (the group-commit writer's transactions).
    begin: Option<&'static str>,
    /// PostgreSQL: this transaction holds the history chain's lock (`chain::Tx::lock_chain`).
    chain_locked: bool,
}

impl Tx {
    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        assert!(
            self.begin.is_none(),
            "a statement outside `run` before the deferred BEGIN was sent"
        );
        self.conn.as_mut().expect("a live transaction")
    }

    /// Notes that this transaction changed report `id` (its cached reads go when it commits).
    pub(crate) fn touch(&mut self, id: i64) {
        self.touched.push(id);
    }

    pub async fn commit(mut self) -> StoreResult<()> {
        if self.begin.take().is_some() {
            // Nothing was sent: nothing to commit; the connection goes back as it came.
            drop(self.conn.take());
            return Ok(());
        }
        if self.backend == Backend::Postgres && !self.touched.is_empty() {
            // Delivered to the other instances when (and only if) this commits.
            let ids: Vec<String> = self.touched.iter().map(i64::to_string).collect();
            changes::notify(self.conn(), &ids.join(",")).await?;
        }
        let mut conn = self.conn.take().expect("a live transaction");
        let r = match sqlx::query("COMMIT").execute(&mut *conn).await {
            Ok(_) => {
                self.cache.changed(&self.touched);
                Ok(())
            }
            Err(e) => {
                // Whatever state the connection is in now, it is not used again.
                drop(conn.detach());
                Err(e.into())
            }
        };
        self.health.record(&r);
        r
    }

    /// Runs a statement without binds (savepoints).
    pub(crate) async fn exec(&mut self, sql: &str) -> StoreResult<()> {
        sqlx::query(sql).execute(self.conn()).await?;
        Ok(())
    }

    /// Runs one statement in the transaction; a failure that means the store cannot write is
    /// recorded for `/healthz`.
    pub(crate) fn note<T>(&self, r: StoreResult<T>) -> StoreResult<T> {
        self.health.record(&r);
        r
    }

    /// Undoes everything; the connection goes back to the pool only if ROLLBACK worked.
    pub async fn rollback(mut self) {
        if self.begin.take().is_some() {
            drop(self.conn.take());
            return;
        }
        let mut conn = self.conn.take().expect("a live transaction");
        if sqlx::query("ROLLBACK").execute(&mut *conn).await.is_err() {
            drop(conn.detach());
        }
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            // Not committed: closing the connection rolls the transaction back.
            drop(conn.detach());
        }
    }
}

/// Every SQLite connection's settings (the pools' and the SQLite writer's own).
const SQLITE_SETTINGS: [&str; 7] = [
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 10000",
    "PRAGMA foreign_keys = ON",
    // ANALYZE (from PRAGMA optimize) samples instead of reading whole tables.
    "PRAGMA analysis_limit = 1000",
    // Statement journals, RETURNING's rows and sorts stay in memory: on disk each submission
    // created, wrote and unlinked a temporary file.
    "PRAGMA temp_store = MEMORY",
    // Pages are read through a shared memory map of the file: a connection's own page cache is
    // dropped whenever another connection commits (any write, even the health probe), the map
    // and the OS's cache are not.
    "PRAGMA mmap_size = 4294967296",
];

/// A pool of `size` connections. SQLite: WAL lets readers work during writes; FULL makes every
/// commit durable before it is acknowledged; busy_timeout queues writers instead of failing.
/// PostgreSQL: no statement runs longer than `timeout`.
async fn connect(
    url: &str,
    backend: Backend,
    size: u32,
    timeout: Option<&'static str>,
    sqlite_cache_kib: Option<u32>,
) -> anyhow::Result<AnyPool> {
    let options = AnyConnectOptions::from_str(url)?;
    Ok(AnyPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(Duration::from_secs(10))
        // sqlx pings every connection it hands out: for SQLite a round trip to the connection's
        // thread on every request and every group commit, to learn what cannot happen to a
        // file (a connection that fails is detached by `Tx` anyway). A PostgreSQL connection can
        // die with the server: it is still checked.
        .test_before_acquire(backend == Backend::Postgres)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                let settings: Vec<String> = match backend {
                    Backend::Sqlite => SQLITE_SETTINGS
                        .map(String::from)
                        .into_iter()
                        .chain(sqlite_cache_kib.map(|k| format!("PRAGMA cache_size = -{k}")))
                        .collect(),
                    Backend::Postgres => timeout
                        .map(|t| format!("SET statement_timeout = '{t}'"))
                        .into_iter()
                        .collect(),
                };
                for s in settings {
                    sqlx::query(&s).execute(&mut *conn).await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?)
}

/// The file a `sqlite:` URL names (`None` for an in-memory database).
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.contains(":memory:")).then(|| path.into())
}

impl Store {
    /// Opens (and creates) the store and brings its schema up to date.
    pub async fn open(
        database_url: Option<&str>,
        data_dir: &std::path::Path,
    ) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, backend) = match database_url {
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                (u.to_string(), Backend::Postgres)
            }
            Some(u) if u.starts_with("sqlite:") => (u.to_string(), Backend::Sqlite),
            Some(u) => anyhow::bail!(
                "DATABASE_URL must start with postgres:// or sqlite: (got {})",
                u.split(':').next().unwrap_or("")
            ),
            None => {
                std::fs::create_dir_all(data_dir)?;
                let path = data_dir.join("lapor-natuna.sqlite");
                (
                    format!("sqlite://{}?mode=rwc", path.display()),
                    Backend::Sqlite,
                )
            }
        };
        // Migrations (an index over a million rows takes a while) on a connection of their own.
        let migrations = connect(&url, backend, 1, None, None).await?;
        let migrator = match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator.run(&migrations).await?;
        if backend == Backend::Sqlite {
            // The planner's statistics, refreshed where they are missing or stale (a new index,
            // a table grown tenfold); approximate, so it takes milliseconds even on millions of
            // rows. PostgreSQL's autovacuum does this by itself.
            sqlx::query("PRAGMA optimize = 0x10002")
                .execute(&migrations)
                .await?;
        }
        migrations.close().await;
        let pool = connect(
            &url,
            backend,
            if backend == Backend::Sqlite { 4 } else { 10 },
            Some("30s"),
            None,
        )
        .await?;
        // The writer's pages (the tail of each table, every index's touched leaves) stay cached.
        let submissions = connect(&url, backend, 1, Some("30s"), Some(64 * 1024)).await?;
        let quick = connect(&url, backend, 2, Some("2s"), None).await?;
        let exports = connect(&url, backend, EXPORTS_AT_ONCE, None, None).await?;
        let mut store = Store {
            pool,
            submissions,
            quick,
            exports,
            backend,
            health: Arc::default(),
            writer: None,
            sqlite_path: (backend == Backend::Sqlite)
                .then(|| sqlite_file(&url))
                .flatten(),
            cache: Arc::new(crate::cache::Cache::new(20_000)),
        };
        store.backfill_answered_on_time().await?;
        store.backfill_derived().await?;
        match backend {
            // One process writes a SQLite file: every change passes through `Tx::commit`.
            Backend::Sqlite => store.cache.set_live(true),
            Backend::Postgres => changes::listen(&url, store.cache.clone()),
        }
        store.writer = Some(Arc::new(writer::Writer::start(store.clone())));
        Ok(store)
    }

    /// Refreshes the SQLite planner's statistics where they went stale (cheap when they did
    /// not); nothing on PostgreSQL, whose autovacuum does it.
    pub async fn optimize(&self) -> StoreResult<()> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA optimize").execute(&self.pool).await?;
        }
        Ok(())
    }

    pub async fn healthy(&self) -> bool {
        sqlx::query("SELECT 1").fetch_one(&self.quick).await.is_ok()
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE),
    /// so two writers queue at the start instead of failing halfway.
    pub async fn begin(&self) -> StoreResult<Tx> {
        self.begin_on(&self.pool).await
    }

    /// Begins the group-commit writer's transaction on its own connection.
    /// On SQLite its BEGIN IMMEDIATE travels with the first statements (`Tx::run`).
    pub(crate) async fn begin_submissions(&self) -> StoreResult<Tx> {
        self.begin_with(&self.submissions, self.backend == Backend::Sqlite)
            .await
    }

    async fn begin_on(&self, pool: &AnyPool) -> StoreResult<Tx> {
        self.begin_with(pool, false).await
    }

    async fn begin_with(&self, pool: &AnyPool, defer: bool) -> StoreResult<Tx> {
        let r = self.begin_inner(pool, defer).await;
        if r.is_err() {
            self.health.record(
                &r.as_ref()
                    .map(|_| ())
                    .map_err(|e| StoreError::Unavailable(e.to_string())),
            );
        }
        r
    }

    async fn begin_inner(&self, pool: &AnyPool, defer: bool) -> StoreResult<Tx> {
        let mut conn = pool
            .acquire()
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        if !defer {
            if let Err(e) = sqlx::query(begin).execute(&mut *conn).await {
                drop(conn.detach());
                return Err(e.into());
            }
        }
        Ok(Tx {
            conn: Some(conn),
            health: self.health.clone(),
            backend: self.backend,
            cache: self.cache.clone(),
            touched: Vec::new(),
            begin: defer.then_some(begin),
            chain_locked: false,
        })
    }

    /// A secret shared by every server instance on this store, made at first use (32 random
    /// bytes, hex).
    pub async fn server_key(&self, name: &str, fresh: &str) -> StoreResult<String> {
        sqlx::query(
            "INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh)
        .execute(&self.pool)
        .await?;
        Ok(sqlx::query("SELECT value FROM server_keys WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?
            .try_get("value")?)
    }

    /// A report's version (its change number) and privacy, by its code: one indexed lookup.
    /// A report's version and whether it opens by its code alone (`scope::shown_by_code`).
    pub async fn report_stamp(&self, code: &str) -> StoreResult<Option<(i64, bool)>> {
        let row =
            sqlx::query("SELECT change_seq, privacy, held FROM reports WHERE tracking_code = $1")
                .bind(code)
                .fetch_optional(&self.quick)
                .await?;
        row.map(|r| Ok((r.try_get("change_seq")?, shown_by_code(&r)?)))
            .transpose()
    }

    /// The newest change number of any report: the version of every public list.
    pub async fn lists_version(&self) -> StoreResult<i64> {
        let v: Option<i64> = sqlx::query("SELECT MAX(change_seq) AS v FROM reports")
            .fetch_one(&self.quick)
            .await?
            .try_get("v")?;
        Ok(v.unwrap_or(0))
    }

    /// Notes a write's outcome for `/healthz` (a failed write means the store is unavailable
    /// until one succeeds).
    pub fn record<T>(&self, r: StoreResult<T>) -> StoreResult<T> {
        self.health.record(&r);
        r
    }

    /// A small write, committed: does the store take writes now? Run periodically; its outcome
    /// is what `/healthz` reports between real writes.
    pub async fn probe_write(&self, now: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let r = sqlx::query("INSERT INTO job_runs (name, last_run) VALUES ('write_probe', $1) ON CONFLICT (name) DO UPDATE SET last_run = $1")
            .bind(now)
            .execute(tx.conn())
            .await
            .map(|_| ())
            .map_err(StoreError::from);
        tx.note(r)?;
        tx.commit().await
    }
}

/// `scope::shown_by_code` of a row with the `privacy` and `held` columns.
pub(crate) fn shown_by_code(r: &sqlx::any::AnyRow) -> StoreResult<bool> {
    let privacy = parse_code(
        "privacy",
        &r.try_get::<String, _>("privacy")?,
        domain::Privacy::parse,
    )?;
    let held = r
        .try_get::<Option<String>, _>("held")?
        .map(|h| parse_code("held", &h, domain::moderation::Hold::parse))
        .transpose()?;
    Ok(domain::lifecycle::scope::shown_by_code(privacy, held))
}
