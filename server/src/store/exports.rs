//! The reads behind exports, open data and feeds: every matching report, streamed row by row
//! from the engine (`fetch`, never `fetch_all`) into a bounded channel, so that a hundred
//! thousand rows never sit in memory; and the newest public changes for a feed. A report's
//! first routing is read from its history through the history index.

use super::lists::{columns, Sql};
use super::reports::{report_from, ReportRow};
use super::{Store, StoreError, StoreResult};
use domain::catalog::Unit;
use domain::lifecycle::scope::ReadFilter;
use domain::lifecycle::Status;
use futures_util::TryStreamExt;
use sqlx::pool::PoolConnection;
use sqlx::Any;
use sqlx::Row;
use tokio::sync::mpsc;

/// Which reports an export, open data or a feed reads.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter<'a> {
    /// What an officer may open (`scope::read_filter`); `None` for the public.
    pub read: Option<ReadFilter<'a>>,
    /// Only reports the public may see (`listed`: `Privacy::is_listed` and `Status::is_listed`).
    pub public: bool,
    /// Held within this unit's subtree.
    pub unit: Option<&'static Unit>,
    pub kecamatan: Option<String>,
    pub desa: Option<String>,
    pub category: Option<String>,
    pub status: Option<Status>,
    /// Received in `[from, to)` (Unix seconds).
    pub received: Option<(i64, i64)>,
}

/// A report with the moments of its timeline.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub report: ReportRow,
    /// The coordinator's verification (kept with the report).
    pub verified_at: Option<i64>,
    /// First passed to a handling unit.
    pub routed_at: Option<i64>,
    /// Reached a status with no further move (kept with the report).
    pub finished_at: Option<i64>,
}

impl ExportFilter<'_> {
    fn sql(&self) -> Sql {
        let mut sql = Sql::new();
        if self.public {
            sql.clause("r.listed = 1".into());
        }
        if let Some(read) = &self.read {
            sql.readable(read);
        }
        if let Some(u) = self.unit {
            sql.within(u);
        }
        if let Some(k) = &self.kecamatan {
            let p = sql.text(k.clone());
            sql.clause(format!("r.kecamatan = {p}"));
        }
        if let Some(d) = &self.desa {
            let p = sql.text(d.clone());
            sql.clause(format!("r.desa = {p}"));
        }
        if let Some(c) = &self.category {
            let p = sql.text(c.clone());
            sql.clause(format!("r.category = {p}"));
        }
        if let Some(s) = self.status {
            let p = sql.text(s.code());
            sql.clause(format!("r.status = {p}"));
        }
        if let Some((from, to)) = self.received {
            let (a, b) = (sql.int(from), sql.int(to));
            sql.clause(format!("r.created_at >= {a} AND r.created_at < {b}"));
        }
        sql
    }
}

/// Exports streamed at once (per server instance); more wait a little, then get a 503.
pub const EXPORTS_AT_ONCE: u32 = 2;

/// A connection of the exports' pool, taken before the response begins (so that a busy server
/// answers 503, not a download that breaks off).
pub struct ExportReader {
    conn: PoolConnection<Any>,
}

impl Store {
    pub async fn export_reader(&self) -> StoreResult<ExportReader> {
        Ok(ExportReader {
            conn: self.exports.acquire().await?,
        })
    }
}

impl ExportReader {
    /// Sends every report `f` matches, oldest first, into `tx`, as the engine returns them; stops
    /// when the receiver is gone (the client left). An error is sent, then ends the stream.
    pub async fn reports(mut self, f: &ExportFilter<'_>, tx: mpsc::Sender<StoreResult<ExportRow>>) {
        let mut sql = f.sql();
        let routed = sql.text(Status::Didisposisikan.code());
        // Verified and finished are kept with the report (`workflow`); the first routing is the
        // first history entry that reached a unit.
        let cols = format!(
            "{}, r.verified_at, r.finished_at, (SELECT MIN(h.at) FROM report_history h WHERE h.report_id = r.id AND h.to_status = {routed}) AS routed_at",
            columns()
        );
        // Oldest first along the primary key: no sort, rows leave as they are read.
        sql.clause("r.id > 0".into());
        sql.order = "r.id".into();
        let text = format!(
            "SELECT {cols} FROM {} WHERE {} ORDER BY {}",
            sql.from,
            sql.filter(),
            sql.order
        );
        let mut rows = sql.query(&text).fetch(&mut *self.conn);
        loop {
            let next = match rows.try_next().await {
                Ok(Some(r)) => export_from(&r),
                Ok(None) => return,
                Err(e) => Err(StoreError::from(e)),
            };
            let failed = next.is_err();
            if tx.send(next).await.is_err() || failed {
                return;
            }
        }
    }
}

impl Store {
    /// The public reports `f` matches that changed last (new or updated), newest change first.
    pub async fn feed(&self, f: &ExportFilter<'_>, limit: u32) -> StoreResult<Vec<ReportRow>> {
        let mut sql = ExportFilter {
            public: true,
            read: None,
            ..f.clone()
        }
        .sql();
        sql.order = "r.change_seq DESC".into();
        let text = sql.select(&columns(), limit, 0);
        let rows = sql.query(&text).fetch_all(&self.pool).await?;
        rows.iter().map(report_from).collect()
    }
}

fn export_from(r: &sqlx::any::AnyRow) -> StoreResult<ExportRow> {
    Ok(ExportRow {
        report: report_from(r)?,
        verified_at: r.try_get("verified_at")?,
        routed_at: r.try_get("routed_at")?,
        finished_at: r.try_get("finished_at")?,
    })
}
