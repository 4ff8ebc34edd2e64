//! The raw baseline submissions are compared with: a plain program writing the rows one
//! submission writes (the report with its derived columns, its first history entry sealed in the
//! history chain after the head it reads, its
//! idempotency answer, and the upserts of its unit's, desa's and kind's monthly figures) into the server's own schema,
//! with the server's durability (SQLite: WAL, `synchronous = FULL`, `BEGIN IMMEDIATE`;
//! PostgreSQL: a synchronous commit), one report per transaction or several. No HTTP, no pool,
//! no async hand-offs: what the disk and the engine allow.

use crate::load::Latencies;
use crate::seed::{Generated, Generator};
use rusqlite::OptionalExtension;
use server::store::Contribution;
use sqlx::Connection;
use std::path::Path;
use std::time::Instant;

/// What the raw program achieved.
#[derive(Debug, Clone)]
pub struct RawResult {
    pub reports: u64,
    pub per_tx: usize,
    pub seconds: f64,
    /// Each transaction's time, from BEGIN to a durable COMMIT.
    pub latencies: Latencies,
}

impl RawResult {
    pub fn reports_per_second(&self) -> f64 {
        self.reports as f64 / self.seconds
    }
}

const INSERT_IDEMPOTENCY: &str = "INSERT INTO idempotency (key, request_hash, status_code, response, created_at) VALUES ($1, $2, 201, $3, $4) ON CONFLICT (key) DO NOTHING";
const INSERT_REPORT: &str = "INSERT INTO reports (tracking_code, secret_hash, report_type, category, answers, title, body, incident_date, desa, kecamatan, location_detail, lat, lon, privacy, reporter_name, reporter_phone, reporter_email, status, unit, proposed_unit, reason_id, reason_en, catalog_version, channel, created_at, updated_at, listed, opd, due_at, search_terms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30) RETURNING id";
const INSERT_HISTORY: &str = "INSERT INTO report_history (report_id, at, action, from_status, to_status, role, from_unit, to_unit, note, actor, is_public, salt, content_hash, hash) VALUES ($1, $2, 'submit', NULL, $3, 'pelapor', NULL, $4, NULL, NULL, 1, $5, $6, $7)";
/// The history chain's head, read in the transaction as the server reads it.
const CHAIN_HEAD: &str = "SELECT hash FROM report_history ORDER BY id DESC LIMIT 1";
/// PostgreSQL: the server's chain lock, taken first in the transaction.
const CHAIN_LOCK: &str = "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(1280197448)) AS l";

/// The first history entry's seal after `head`, as the server makes it.
fn seal(head: Option<String>, r: &server::store::ReportRow) -> server::store::Seal {
    let prev = head
        .as_deref()
        .and_then(domain::chain::from_hex)
        .unwrap_or(domain::chain::GENESIS);
    server::store::seal_entry(
        &prev,
        &server::store::NewHistory {
            code: &r.tracking_code,
            at: r.created_at,
            event: domain::lifecycle::Event::Submit,
            from_status: None,
            to_status: r.status,
            role: domain::lifecycle::Role::Pelapor,
            from_unit: None,
            to_unit: Some(&r.unit),
            note: None,
            actor: None,
        },
    )
}
const UPSERT_PLACE: &str = "INSERT INTO report_places (desa, month, n) VALUES ($1, $2, 1) ON CONFLICT (desa, month) DO UPDATE SET n = report_places.n + 1";
const UPSERT_KIND: &str = "INSERT INTO report_kinds (report_type, channel, month, n) VALUES ($1, $2, $3, 1) ON CONFLICT (report_type, channel, month) DO UPDATE SET n = report_kinds.n + 1";
const UPSERT_STATS: &str = "INSERT INTO report_stats (unit, month, received, open) VALUES ($1, $2, 1, 1) ON CONFLICT (unit, month) DO UPDATE SET received = report_stats.received + 1, open = report_stats.open + 1";

/// A submission's rows, made before the clock starts.
struct Prepared {
    g: Generated,
    key: String,
    request_hash: String,
    response: String,
    answers: String,
    month: String,
}

fn prepare(n: u64, seed: u64, now: i64) -> Vec<Prepared> {
    let mut generator = Generator::new(0, seed ^ now as u64, now);
    (0..n)
        .map(|i| {
            let g = generator.submitted(now);
            let key = format!("raw-{seed}-{now}-{i}");
            let request_hash = server::submit::sha256_hex(&[key.as_bytes()]);
            // About the size of a real receipt (the answer a retry gets).
            let response = serde_json::json!({
                "tracking_code": g.row.tracking_code,
                "display_code": g.row.tracking_code,
                "status": "diterima",
                "privacy": g.row.privacy.code(),
                "unit": {"code": g.row.unit, "name": g.row.unit, "kind": "bidang"},
                "reason": g.row.reason_id,
                "guidance": null,
                "verify_by": "2026-01-01",
                "answer_by": "2026-01-08",
                "reporter_token": "ABCD-EFGH-JKMN-PQRS",
                "reporter_secret": null,
            })
            .to_string();
            let answers = serde_json::Value::Object(
                g.row
                    .answers
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect(),
            )
            .to_string();
            let month = Contribution::of(&g.row).month;
            Prepared {
                g,
                key,
                request_hash,
                response,
                answers,
                month,
            }
        })
        .collect()
}

/// SQLite, through the C library directly (rusqlite), on the store's file in `data_dir`
/// (`Store::open` must have made its schema).
pub fn sqlite(data_dir: &Path, n: u64, per_tx: usize, seed: u64) -> anyhow::Result<RawResult> {
    let mut rows = prepare(n, seed, crate::seed::now());
    let db = rusqlite::Connection::open(data_dir.join("lapor-natuna.sqlite"))?;
    db.busy_timeout(std::time::Duration::from_secs(10))?;
    // A random code already in a seeded million is rare but happens (31^8 codes); the server
    // draws again, the baseline leaves such a report out, before the clock starts.
    {
        let mut taken = db.prepare("SELECT 1 FROM reports WHERE tracking_code = ?1")?;
        let mut kept = Vec::with_capacity(rows.len());
        for p in rows {
            if !taken.exists([&p.g.row.tracking_code])? {
                kept.push(p);
            }
        }
        rows = kept;
    }
    anyhow::ensure!(!rows.is_empty(), "no report left to write");
    let n = rows.len() as u64;
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "synchronous", "FULL")?;
    db.pragma_update(None, "foreign_keys", "ON")?;
    let per_tx = per_tx.max(1);
    let mut latencies = Latencies::default();
    let started = Instant::now();
    for chunk in rows.chunks(per_tx) {
        let t = Instant::now();
        db.execute_batch("BEGIN IMMEDIATE")?;
        for p in chunk {
            let r = &p.g.row;
            db.prepare_cached(INSERT_IDEMPOTENCY)?
                .execute(rusqlite::params![
                    p.key,
                    p.request_hash,
                    p.response,
                    r.created_at
                ])?;
            let id: i64 = db.prepare_cached(INSERT_REPORT)?.query_row(
                rusqlite::params![
                    r.tracking_code,
                    r.secret_hash,
                    r.report_type.code(),
                    r.category,
                    p.answers,
                    r.title,
                    r.body,
                    r.incident_date.map(|d| d.to_string()),
                    r.desa,
                    r.kecamatan,
                    r.location_detail,
                    r.lat,
                    r.lon,
                    r.privacy.code(),
                    r.reporter_name,
                    r.reporter_phone,
                    r.reporter_email,
                    r.status.code(),
                    r.unit,
                    r.proposed_unit,
                    r.reason_id,
                    r.reason_en,
                    p.g.catalog_version,
                    r.channel.code(),
                    r.created_at,
                    r.updated_at,
                    i64::from(p.g.derived.listed),
                    p.g.derived.opd,
                    p.g.derived.due_at,
                    p.g.search_terms,
                ],
                |row| row.get(0),
            )?;
            let head: Option<String> = db
                .prepare_cached(CHAIN_HEAD)?
                .query_row([], |row| row.get(0))
                .optional()?
                .flatten();
            let seal = seal(head, r);
            db.prepare_cached(INSERT_HISTORY)?
                .execute(rusqlite::params![
                    id,
                    r.created_at,
                    r.status.code(),
                    r.unit,
                    seal.salt,
                    seal.content,
                    domain::chain::to_hex(&seal.hash)
                ])?;
            db.prepare_cached(UPSERT_STATS)?
                .execute(rusqlite::params![r.unit, p.month])?;
            if let Some(desa) = &r.desa {
                db.prepare_cached(UPSERT_PLACE)?
                    .execute(rusqlite::params![desa, p.month])?;
            }
            db.prepare_cached(UPSERT_KIND)?.execute(rusqlite::params![
                r.report_type.code(),
                r.channel.code(),
                p.month
            ])?;
        }
        db.execute_batch("COMMIT")?;
        latencies.push(t.elapsed());
    }
    Ok(RawResult {
        reports: n,
        per_tx,
        seconds: started.elapsed().as_secs_f64(),
        latencies,
    })
}

/// PostgreSQL, one plain connection (prepared statements, synchronous commit as configured).
pub async fn postgres(url: &str, n: u64, per_tx: usize, seed: u64) -> anyhow::Result<RawResult> {
    let mut rows = prepare(n, seed, crate::seed::now());
    let mut db = sqlx::PgConnection::connect(url).await?;
    // As on SQLite: leave out a report whose random code the store already has.
    let mut kept = Vec::with_capacity(rows.len());
    for p in rows.drain(..) {
        let taken: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM reports WHERE tracking_code = $1")
                .bind(&p.g.row.tracking_code)
                .fetch_optional(&mut db)
                .await?;
        if taken.is_none() {
            kept.push(p);
        }
    }
    let rows = kept;
    let n = rows.len() as u64;
    let per_tx = per_tx.max(1);
    let mut latencies = Latencies::default();
    let started = Instant::now();
    for chunk in rows.chunks(per_tx) {
        let t = Instant::now();
        sqlx::query("BEGIN").execute(&mut db).await?;
        sqlx::query(CHAIN_LOCK).execute(&mut db).await?;
        for p in chunk {
            let r = &p.g.row;
            sqlx::query(INSERT_IDEMPOTENCY)
                .bind(&p.key)
                .bind(&p.request_hash)
                .bind(&p.response)
                .bind(r.created_at)
                .execute(&mut db)
                .await?;
            let id: i64 = sqlx::query_scalar(INSERT_REPORT)
                .bind(&r.tracking_code)
                .bind(&r.secret_hash)
                .bind(r.report_type.code())
                .bind(&r.category)
                .bind(&p.answers)
                .bind(&r.title)
                .bind(&r.body)
                .bind(r.incident_date.map(|d| d.to_string()))
                .bind(&r.desa)
                .bind(&r.kecamatan)
                .bind(&r.location_detail)
                .bind(r.lat)
                .bind(r.lon)
                .bind(r.privacy.code())
                .bind(&r.reporter_name)
                .bind(&r.reporter_phone)
                .bind(&r.reporter_email)
                .bind(r.status.code())
                .bind(&r.unit)
                .bind(&r.proposed_unit)
                .bind(&r.reason_id)
                .bind(&r.reason_en)
                .bind(p.g.catalog_version)
                .bind(r.channel.code())
                .bind(r.created_at)
                .bind(r.updated_at)
                .bind(i64::from(p.g.derived.listed))
                .bind(p.g.derived.opd)
                .bind(p.g.derived.due_at)
                .bind(&p.g.search_terms)
                .fetch_one(&mut db)
                .await?;
            let head: Option<String> = sqlx::query_scalar::<_, Option<String>>(CHAIN_HEAD)
                .fetch_optional(&mut db)
                .await?
                .flatten();
            let seal = seal(head, r);
            sqlx::query(INSERT_HISTORY)
                .bind(id)
                .bind(r.created_at)
                .bind(r.status.code())
                .bind(&r.unit)
                .bind(seal.salt)
                .bind(seal.content)
                .bind(domain::chain::to_hex(&seal.hash))
                .execute(&mut db)
                .await?;
            sqlx::query(UPSERT_STATS)
                .bind(&r.unit)
                .bind(&p.month)
                .execute(&mut db)
                .await?;
            if let Some(desa) = &r.desa {
                sqlx::query(UPSERT_PLACE)
                    .bind(desa)
                    .bind(&p.month)
                    .execute(&mut db)
                    .await?;
            }
            sqlx::query(UPSERT_KIND)
                .bind(r.report_type.code())
                .bind(r.channel.code())
                .bind(&p.month)
                .execute(&mut db)
                .await?;
        }
        sqlx::query("COMMIT").execute(&mut db).await?;
        latencies.push(t.elapsed());
    }
    Ok(RawResult {
        reports: n,
        per_tx,
        seconds: started.elapsed().as_secs_f64(),
        latencies,
    })
}
