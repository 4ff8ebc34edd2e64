//! Persistence. One schema, two engines: SQLite (a file in DATA_DIR, WAL, synchronous=FULL) by
//! default, PostgreSQL when DATABASE_URL says so. SQL is plain and portable (`$n` placeholders
//! work in both), migrations are embedded per engine and run at start.
//!
//! A report, its first history entry, its photos and the stored answer to its Idempotency-Key are
//! written in one transaction: either all of it is there after a crash, or none of it is.

use crate::error::{ApiError, ApiResult};
use serde::Serialize;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    pub backend: Backend,
}

/// Everything stored about a new report; built by the API from a `domain::NewReport`.
pub struct NewRow {
    pub tracking_code: String,
    pub secret_hash: Option<String>,
    pub report_type: &'static str,
    pub category: &'static str,
    pub answers_json: String,
    pub title: String,
    pub body: String,
    pub incident_date: Option<String>,
    pub desa: Option<&'static str>,
    pub kecamatan: Option<&'static str>,
    pub location_detail: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub privacy: &'static str,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_email: Option<String>,
    pub status: &'static str,
    pub unit: &'static str,
    pub reason_id: &'static str,
    pub reason_en: &'static str,
    pub catalog_version: &'static str,
    pub channel: &'static str,
    pub created_at: i64,
    pub photos: Vec<crate::photos::Photo>,
}

/// The outcome of an idempotent insert.
pub enum Inserted {
    /// Stored now; the response to remember was saved with it.
    New,
    /// The key was seen before: its first answer, to return as is.
    Replay { status: u16, response: String },
    /// The key was used before for a different report.
    KeyReused,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub id: i64,
    pub tracking_code: String,
    pub secret_hash: Option<String>,
    pub report_type: String,
    pub category: String,
    pub answers: String,
    pub title: String,
    pub body: String,
    pub incident_date: Option<String>,
    pub desa: Option<String>,
    pub kecamatan: Option<String>,
    pub location_detail: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub privacy: String,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_email: Option<String>,
    pub status: String,
    pub unit: String,
    pub proposed_unit: String,
    pub reason_id: String,
    pub reason_en: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub with_unit_since: Option<i64>,
    pub answered_at: Option<i64>,
    pub first_answered_at: Option<i64>,
    pub misroute_count: i64,
    pub reopen_count: i64,
    pub merged_into: Option<String>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    pub id: i64,
    pub at: i64,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub role: String,
    pub from_unit: Option<String>,
    pub to_unit: Option<String>,
    pub note: Option<String>,
    pub actor: Option<String>,
    pub is_public: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentRow {
    pub content_type: String,
    pub id: i64,
    pub history_id: Option<i64>,
    pub position: i64,
    pub width: i64,
    pub height: i64,
}

#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    /// Unit codes to include (an OPD's whole subtree).
    pub units: Option<Vec<&'static str>>,
    pub kecamatan: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub q: Option<String>,
    pub page: u32,
    pub per_page: u32,
}

const REPORT_COLUMNS: &str = "id, tracking_code, secret_hash, report_type, category, answers, title, body, incident_date, desa, kecamatan, location_detail, lat, lon, privacy, reporter_name, reporter_phone, reporter_email, status, unit, proposed_unit, reason_id, reason_en, created_at, updated_at, with_unit_since, answered_at, first_answered_at, misroute_count, reopen_count, merged_into, rating, rating_comment";

fn report_from(row: &AnyRow) -> Result<ReportRow, sqlx::Error> {
    Ok(ReportRow {
        id: row.try_get("id")?,
        tracking_code: row.try_get("tracking_code")?,
        secret_hash: row.try_get("secret_hash")?,
        report_type: row.try_get("report_type")?,
        category: row.try_get("category")?,
        answers: row.try_get("answers")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        incident_date: row.try_get("incident_date")?,
        desa: row.try_get("desa")?,
        kecamatan: row.try_get("kecamatan")?,
        location_detail: row.try_get("location_detail")?,
        lat: row.try_get("lat")?,
        lon: row.try_get("lon")?,
        privacy: row.try_get("privacy")?,
        reporter_name: row.try_get("reporter_name")?,
        reporter_phone: row.try_get("reporter_phone")?,
        reporter_email: row.try_get("reporter_email")?,
        status: row.try_get("status")?,
        unit: row.try_get("unit")?,
        proposed_unit: row.try_get("proposed_unit")?,
        reason_id: row.try_get("reason_id")?,
        reason_en: row.try_get("reason_en")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        with_unit_since: row.try_get("with_unit_since")?,
        answered_at: row.try_get("answered_at")?,
        first_answered_at: row.try_get("first_answered_at")?,
        misroute_count: row.try_get("misroute_count")?,
        reopen_count: row.try_get("reopen_count")?,
        merged_into: row.try_get("merged_into")?,
        rating: row.try_get("rating")?,
        rating_comment: row.try_get("rating_comment")?,
    })
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || db.message().contains("UNIQUE constraint failed")
                || db.code().as_deref() == Some("23505")
        }
        _ => false,
    }
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
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers work during writes; FULL makes every commit durable
                        // before it is acknowledged; busy_timeout queues writers instead of failing.
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = FULL",
                            "PRAGMA busy_timeout = 10000",
                            "PRAGMA foreign_keys = ON",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let migrator = match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator.run(&pool).await?;
        Ok(Store { pool, backend })
    }

    pub async fn healthy(&self) -> bool {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await.is_ok()
    }

    /// Stores a report with everything that belongs to it, atomically and at most once per key.
    /// `response` builds the answer to remember from the report's id.
    pub async fn insert_report(
        &self,
        row: &NewRow,
        idempotency: Option<(&str, &str)>,
        response: &str,
    ) -> ApiResult<Inserted> {
        let mut tx = self.pool.begin().await?;
        if let Some((key, hash)) = idempotency {
            // A write first: it takes the write lock (SQLite) or waits for a concurrent holder of
            // the same key (PostgreSQL) before deciding.
            let claimed = sqlx::query(
                "INSERT INTO idempotency (key, request_hash, status_code, response, created_at) VALUES ($1, $2, 201, $3, $4) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(hash)
            .bind(response)
            .bind(row.created_at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                let prev = sqlx::query(
                    "SELECT request_hash, status_code, response FROM idempotency WHERE key = $1",
                )
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
                tx.rollback().await?;
                let prev_hash: String = prev.try_get("request_hash")?;
                if prev_hash != hash {
                    return Ok(Inserted::KeyReused);
                }
                return Ok(Inserted::Replay {
                    status: prev.try_get::<i64, _>("status_code")? as u16,
                    response: prev.try_get("response")?,
                });
            }
        }
        let inserted = sqlx::query(
            "INSERT INTO reports (tracking_code, secret_hash, report_type, category, answers, title, body, incident_date, desa, kecamatan, location_detail, lat, lon, privacy, reporter_name, reporter_phone, reporter_email, status, unit, proposed_unit, reason_id, reason_en, catalog_version, channel, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26) RETURNING id",
        )
        .bind(&row.tracking_code)
        .bind(&row.secret_hash)
        .bind(row.report_type)
        .bind(row.category)
        .bind(&row.answers_json)
        .bind(&row.title)
        .bind(&row.body)
        .bind(&row.incident_date)
        .bind(row.desa)
        .bind(row.kecamatan)
        .bind(&row.location_detail)
        .bind(row.lat)
        .bind(row.lon)
        .bind(row.privacy)
        .bind(&row.reporter_name)
        .bind(&row.reporter_phone)
        .bind(&row.reporter_email)
        .bind(row.status)
        .bind(row.unit)
        .bind(row.unit)
        .bind(row.reason_id)
        .bind(row.reason_en)
        .bind(row.catalog_version)
        .bind(row.channel)
        .bind(row.created_at)
        .bind(row.created_at)
        .fetch_one(&mut *tx)
        .await;
        let id: i64 = match inserted {
            Ok(r) => r.try_get("id")?,
            Err(e) if is_unique_violation(&e) => {
                // A tracking-code collision (1 in 10^11): the caller retries with a new code.
                return Err(ApiError::new(
                    axum::http::StatusCode::CONFLICT,
                    "code_collision",
                    "",
                    "",
                ));
            }
            Err(e) => return Err(e.into()),
        };
        sqlx::query(
            "INSERT INTO report_history (report_id, at, action, from_status, to_status, role, from_unit, to_unit, note, actor, is_public) VALUES ($1, $2, 'submit', NULL, $3, 'pelapor', NULL, $4, NULL, NULL, 1)",
        )
        .bind(id)
        .bind(row.created_at)
        .bind(row.status)
        .bind(row.unit)
        .execute(&mut *tx)
        .await?;
        for (i, p) in row.photos.iter().enumerate() {
            sqlx::query(
                "INSERT INTO attachments (report_id, history_id, position, content_type, width, height, data, thumb, created_at) VALUES ($1, NULL, $2, 'image/jpeg', $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(i as i64)
            .bind(i64::from(p.width))
            .bind(i64::from(p.height))
            .bind(&p.jpeg)
            .bind(&p.thumb)
            .bind(row.created_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Inserted::New)
    }

    /// Whether a request with this Idempotency-Key was already stored.
    pub async fn idempotency_known(&self, key: &str) -> ApiResult<bool> {
        Ok(
            sqlx::query("SELECT 1 AS one FROM idempotency WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?
                .is_some(),
        )
    }

    pub async fn report_by_code(&self, code: &str) -> ApiResult<Option<ReportRow>> {
        let row = sqlx::query(&format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE tracking_code = $1"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(report_from).transpose()?)
    }

    pub async fn existing_codes(
        &self,
        codes: &[String],
        public_only: bool,
    ) -> ApiResult<Vec<String>> {
        let mut found = Vec::new();
        for c in codes {
            let row = sqlx::query("SELECT privacy FROM reports WHERE tracking_code = $1")
                .bind(c)
                .fetch_optional(&self.pool)
                .await?;
            if let Some(r) = row {
                let privacy: String = r.try_get("privacy")?;
                if !public_only || privacy != "rahasia" {
                    found.push(c.clone());
                }
            }
        }
        Ok(found)
    }

    pub async fn history(&self, report_id: i64) -> ApiResult<Vec<HistoryRow>> {
        let rows = sqlx::query(
            "SELECT id, at, action, from_status, to_status, role, from_unit, to_unit, note, actor, is_public FROM report_history WHERE report_id = $1 ORDER BY at, id",
        )
        .bind(report_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HistoryRow {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    action: r.try_get("action")?,
                    from_status: r.try_get("from_status")?,
                    to_status: r.try_get("to_status")?,
                    role: r.try_get("role")?,
                    from_unit: r.try_get("from_unit")?,
                    to_unit: r.try_get("to_unit")?,
                    note: r.try_get("note")?,
                    actor: r.try_get("actor")?,
                    is_public: r.try_get::<i64, _>("is_public")? != 0,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    pub async fn attachments(&self, report_id: i64) -> ApiResult<Vec<AttachmentRow>> {
        let rows = sqlx::query("SELECT id, history_id, position, width, height, content_type FROM attachments WHERE report_id = $1 ORDER BY position, id")
            .bind(report_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AttachmentRow {
                    id: r.try_get("id")?,
                    history_id: r.try_get("history_id")?,
                    position: r.try_get("position")?,
                    width: r.try_get("width")?,
                    height: r.try_get("height")?,
                    content_type: r.try_get("content_type")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// The bytes of one photo (or its thumbnail) of one report.
    pub async fn attachment_bytes(
        &self,
        report_id: i64,
        attachment_id: i64,
        thumb: bool,
    ) -> ApiResult<Option<(String, Vec<u8>)>> {
        let col = if thumb { "thumb" } else { "data" };
        let row = sqlx::query(&format!(
            "SELECT content_type, {col} AS bytes FROM attachments WHERE report_id = $1 AND id = $2"
        ))
        .bind(report_id)
        .bind(attachment_id)
        .fetch_optional(&self.pool)
        .await?;
        let got = row
            .map(|r| {
                Ok::<_, sqlx::Error>((
                    r.try_get::<String, _>("content_type")?,
                    r.try_get::<Vec<u8>, _>("bytes")?,
                ))
            })
            .transpose()?;
        // A document has no thumbnail: serve the document itself.
        match got {
            Some((ct, b)) if thumb && b.is_empty() => Ok(self
                .attachment_bytes_full(report_id, attachment_id)
                .await?
                .map(|b| (ct, b))),
            other => Ok(other),
        }
    }

    async fn attachment_bytes_full(
        &self,
        report_id: i64,
        attachment_id: i64,
    ) -> ApiResult<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT data FROM attachments WHERE report_id = $1 AND id = $2")
            .bind(report_id)
            .bind(attachment_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get::<Vec<u8>, _>("data")).transpose()?)
    }

    /// Public reports, newest first. Confidential and rejected reports are never listed.
    pub async fn list_public(&self, f: &ListFilter) -> ApiResult<(Vec<ReportRow>, i64)> {
        let mut clauses = vec![
            "privacy <> 'rahasia'".to_string(),
            "status <> 'ditolak'".to_string(),
        ];
        let mut binds: Vec<String> = Vec::new();
        let next = |v: String, binds: &mut Vec<String>| {
            binds.push(v);
            format!("${}", binds.len())
        };
        if let Some(units) = &f.units {
            if units.is_empty() {
                clauses.push("1 = 0".into());
            } else {
                let ph: Vec<String> = units
                    .iter()
                    .map(|u| next(u.to_string(), &mut binds))
                    .collect();
                clauses.push(format!("unit IN ({})", ph.join(", ")));
            }
        }
        if let Some(k) = &f.kecamatan {
            let p = next(k.clone(), &mut binds);
            clauses.push(format!("kecamatan = {p}"));
        }
        if let Some(c) = &f.category {
            let p = next(c.clone(), &mut binds);
            clauses.push(format!("category = {p}"));
        }
        if let Some(s) = &f.status {
            let p = next(s.clone(), &mut binds);
            clauses.push(format!("status = {p}"));
        }
        if let Some(q) = &f.q {
            let escaped = q
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = next(format!("%{escaped}%"), &mut binds);
            clauses.push(format!(
                "(LOWER(title) LIKE {p} ESCAPE '\\' OR LOWER(body) LIKE {p} ESCAPE '\\')"
            ));
        }
        let filter = clauses.join(" AND ");
        let count_sql = format!("SELECT COUNT(*) AS n FROM reports WHERE {filter}");
        let mut count = sqlx::query(&count_sql);
        for b in &binds {
            count = count.bind(b.clone());
        }
        let total: i64 = count.fetch_one(&self.pool).await?.try_get("n")?;
        let offset = i64::from(f.page.saturating_sub(1)) * i64::from(f.per_page);
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE {filter} ORDER BY created_at DESC, id DESC LIMIT {} OFFSET {offset}",
            f.per_page
        );
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = q.bind(b.clone());
        }
        let rows = q.fetch_all(&self.pool).await?;
        let items = rows
            .iter()
            .map(report_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((items, total))
    }

    /// (created_at, with_unit_since, answered_at, status) of reports created since `since`.
    pub async fn timelines_since(
        &self,
        since: i64,
    ) -> ApiResult<Vec<(i64, Option<i64>, Option<i64>, String)>> {
        let rows = sqlx::query("SELECT created_at, with_unit_since, answered_at, status FROM reports WHERE created_at >= $1")
            .bind(since)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("created_at")?,
                    r.try_get("with_unit_since")?,
                    r.try_get("answered_at")?,
                    r.try_get("status")?,
                ))
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    pub async fn reports_with_status(&self, status: &str) -> ApiResult<Vec<ReportRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE status = $1 ORDER BY id"
        ))
        .bind(status)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(report_from).collect::<Result<_, _>>()?)
    }

    /// Reports not yet in a final status.
    pub async fn open_reports(&self) -> ApiResult<Vec<ReportRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE status NOT IN ('selesai', 'bukan_wewenang', 'digabung', 'ditolak') ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(report_from).collect::<Result<_, _>>()?)
    }

    /// Every report, optionally only those held by the given units; for officers' queues and monitoring.
    pub async fn reports_for_units(
        &self,
        units: Option<&[&str]>,
        include_closed: bool,
    ) -> ApiResult<Vec<ReportRow>> {
        let mut sql = format!("SELECT {REPORT_COLUMNS} FROM reports WHERE 1 = 1");
        if !include_closed {
            sql.push_str(" AND status NOT IN ('selesai', 'bukan_wewenang', 'digabung', 'ditolak')");
        }
        if let Some(units) = units {
            if units.is_empty() {
                return Ok(vec![]);
            }
            let ph: Vec<String> = (1..=units.len()).map(|i| format!("${i}")).collect();
            sql.push_str(&format!(" AND unit IN ({})", ph.join(", ")));
        }
        sql.push_str(" ORDER BY id DESC");
        let mut q = sqlx::query(&sql);
        for u in units.unwrap_or(&[]) {
            q = q.bind(*u);
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows.iter().map(report_from).collect::<Result<_, _>>()?)
    }

    pub async fn count_reports(&self) -> ApiResult<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM reports")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    /// Forgets idempotency answers older than `before` (they may hold a confidential report's secret).
    pub async fn prune_idempotency(&self, before: i64) -> ApiResult<u64> {
        Ok(sqlx::query("DELETE FROM idempotency WHERE created_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }
}
