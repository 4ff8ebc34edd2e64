//! Open311's own rows: the API keys the coordinator issues (only their hashes), and the list of
//! public reports by the time they were made (`GET /open311/v2/requests`).

use super::lists::COUNT_CAP;
use super::reports::{report_from, ReportRow, REPORT_COLUMNS};
use super::{Store, StoreResult};
use domain::lifecycle::Status;
use sqlx::Row;
use std::collections::HashMap;

/// An issued key as stored (never the key itself).
#[derive(Debug, Clone)]
pub struct Open311KeyRow {
    pub id: i64,
    pub name: String,
    pub created_by: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

/// `GET requests`' filters, already checked.
#[derive(Debug, Default, Clone)]
pub struct RequestFilter {
    /// Tracking codes: when given, the other filters are ignored (the spec's rule).
    pub codes: Vec<String>,
    pub categories: Vec<String>,
    /// Statuses allowed (empty: any).
    pub statuses: Vec<Status>,
    /// Made at or after, at or before (Unix seconds).
    pub from: i64,
    pub until: i64,
    pub limit: u32,
}

fn placeholders(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    pub async fn insert_open311_key(
        &self,
        name: &str,
        key_hash: &str,
        created_by: &str,
        now: i64,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO open311_keys (name, key_hash, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(name)
        .bind(key_hash)
        .bind(created_by)
        .bind(now)
        .fetch_one(tx.conn())
        .await?
        .try_get("id")?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn open311_keys(&self) -> StoreResult<Vec<Open311KeyRow>> {
        let rows = sqlx::query("SELECT id, name, created_by, created_at, revoked_at, last_used_at FROM open311_keys ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Open311KeyRow {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                    revoked_at: r.try_get("revoked_at")?,
                    last_used_at: r.try_get("last_used_at")?,
                })
            })
            .collect()
    }

    /// Revokes a key (once: a second revocation keeps the first time). `false`: no such key.
    pub async fn revoke_open311_key(&self, id: i64, now: i64) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "UPDATE open311_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(tx.conn())
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }

    /// Whether a key (by its hash) is issued and not revoked; notes when it was last used.
    pub async fn use_open311_key(&self, key_hash: &str, now: i64) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT id, last_used_at FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL",
        )
        .bind(key_hash)
        .fetch_optional(&self.quick)
        .await?;
        let Some(r) = row else { return Ok(false) };
        let last: Option<i64> = r.try_get("last_used_at")?;
        // At most one write a minute per key.
        if last.is_none_or(|l| now - l >= 60) {
            let mut tx = self.begin().await?;
            sqlx::query("UPDATE open311_keys SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(r.try_get::<i64, _>("id")?)
                .execute(tx.conn())
                .await?;
            tx.commit().await?;
        }
        Ok(true)
    }

    /// Public reports for `GET requests`, newest first, at most `f.limit` (and `COUNT_CAP`).
    pub async fn open311_requests(&self, f: &RequestFilter) -> StoreResult<Vec<ReportRow>> {
        let cols = REPORT_COLUMNS;
        let limit = f.limit.min(COUNT_CAP as u32);
        let mut clauses = vec!["listed = 1".to_string()];
        let mut texts: Vec<&str> = Vec::new();
        let mut ints: Vec<i64> = Vec::new();
        if !f.codes.is_empty() {
            clauses.push(format!(
                "tracking_code IN ({})",
                placeholders(1, f.codes.len())
            ));
            texts.extend(f.codes.iter().map(String::as_str));
        } else {
            if !f.categories.is_empty() {
                clauses.push(format!(
                    "category IN ({})",
                    placeholders(texts.len() + 1, f.categories.len())
                ));
                texts.extend(f.categories.iter().map(String::as_str));
            }
            if !f.statuses.is_empty() {
                clauses.push(format!(
                    "status IN ({})",
                    placeholders(texts.len() + 1, f.statuses.len())
                ));
                texts.extend(f.statuses.iter().map(|s| s.code()));
            }
            clauses.push(format!(
                "created_at >= ${} AND created_at <= ${}",
                texts.len() + 1,
                texts.len() + 2
            ));
            ints.push(f.from);
            ints.push(f.until);
        }
        let sql = format!(
            "SELECT {cols} FROM reports WHERE {} ORDER BY created_at DESC, id DESC LIMIT {limit}",
            clauses.join(" AND ")
        );
        let mut q = sqlx::query(&sql);
        for t in &texts {
            q = q.bind(*t);
        }
        for i in &ints {
            q = q.bind(*i);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(report_from).collect()
    }

    /// The first of the citizen's photos of each report (its attachment id), for `media_url`.
    pub async fn first_photos(&self, report_ids: &[i64]) -> StoreResult<HashMap<i64, i64>> {
        let mut out = HashMap::new();
        for chunk in report_ids.chunks(500) {
            let sql = format!(
                "SELECT report_id, MIN(id) AS id FROM attachments WHERE history_id IS NULL AND report_id IN ({}) GROUP BY report_id",
                placeholders(1, chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for r in q.fetch_all(&self.pool).await? {
                out.insert(r.try_get("report_id")?, r.try_get("id")?);
            }
        }
        Ok(out)
    }
}
