//! What the store keeps beside each report so that every list, queue and figure is read from an
//! index or a summary, never by scanning reports: the derived columns (`listed`, `opd`,
//! `due_at`, `search_terms`) and the per-unit, per-month figures (`report_stats`). All of it is
//! computed by `domain`'s rules from the report itself, and written in the same transaction as
//! the change that alters it.

use super::reports::ReportRow;
use super::{Store, StoreResult, Tx};
use domain::lifecycle::Status;
use domain::{catalog, deadline, Date};
use sqlx::Row;

/// The derived columns of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub listed: bool,
    pub opd: &'static str,
    pub due_at: Option<i64>,
}

impl Derived {
    pub fn of(row: &ReportRow) -> Derived {
        let unit = catalog::unit(&row.unit).unwrap_or_else(catalog::coordinator);
        Derived {
            listed: row.privacy.is_listed() && row.status.is_listed(),
            opd: unit.opd().code,
            due_at: deadline::current(row.status, &row.timeline(), 0).map(|d| d.at),
        }
    }
}

/// "2026-12": the month (WIB) a report arrived in, the figures' time key.
pub fn month_of(at: i64) -> String {
    let (y, m, _) = Date::from_unix_wib(at).ymd();
    format!("{y:04}-{m:02}")
}

/// What one report adds to its unit's and month's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contribution {
    pub unit: String,
    pub month: String,
    pub counts: [i64; 10],
}

/// The figures' columns, in `Contribution::counts` order.
const STAT_COLUMNS: [&str; 10] = [
    "received",
    "open",
    "answered",
    "answered_on_time",
    "finished",
    "not_authority",
    "misroutes",
    "reopened",
    "rating_sum",
    "rating_count",
];

impl Contribution {
    pub fn of(row: &ReportRow) -> Contribution {
        let b = |x: bool| i64::from(x);
        Contribution {
            unit: row.unit.clone(),
            month: month_of(row.created_at),
            counts: [
                1,
                b(!row.status.is_terminal()),
                b(row.first_answer_on_time.is_some()),
                b(row.first_answer_on_time == Some(true)),
                b(row.status == Status::Selesai),
                b(row.status == Status::BukanWewenang),
                row.misroute_count,
                row.reopen_count,
                row.rating.map(i64::from).unwrap_or(0),
                b(row.rating.is_some()),
            ],
        }
    }
}

impl Tx {
    pub async fn set_derived(&mut self, report_id: i64, d: &Derived) -> StoreResult<()> {
        sqlx::query("UPDATE reports SET listed = $1, opd = $2, due_at = $3 WHERE id = $4")
            .bind(i64::from(d.listed))
            .bind(d.opd)
            .bind(d.due_at)
            .bind(report_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Adds `counts` (negative to take away) to a unit's month.
    async fn add_stats(&mut self, unit: &str, month: &str, counts: &[i64; 10]) -> StoreResult<()> {
        if counts.iter().all(|c| *c == 0) {
            return Ok(());
        }
        let cols = STAT_COLUMNS.join(", ");
        let params: Vec<String> = (3..3 + STAT_COLUMNS.len())
            .map(|i| format!("${i}"))
            .collect();
        let sets: Vec<String> = STAT_COLUMNS
            .iter()
            .map(|c| format!("{c} = report_stats.{c} + excluded.{c}"))
            .collect();
        let sql = format!(
            "INSERT INTO report_stats (unit, month, {cols}) VALUES ($1, $2, {}) ON CONFLICT (unit, month) DO UPDATE SET {}",
            params.join(", "),
            sets.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(unit).bind(month);
        for c in counts {
            q = q.bind(*c);
        }
        q.execute(self.conn()).await?;
        Ok(())
    }

    /// Moves a report's figures from what it was to what it is.
    pub async fn shift_stats(
        &mut self,
        before: Option<&Contribution>,
        after: &Contribution,
    ) -> StoreResult<()> {
        match before {
            Some(b) if b.unit == after.unit && b.month == after.month => {
                let mut d = [0i64; 10];
                for (i, x) in d.iter_mut().enumerate() {
                    *x = after.counts[i] - b.counts[i];
                }
                self.add_stats(&after.unit, &after.month, &d).await
            }
            Some(b) => {
                self.add_stats(&b.unit, &b.month, &b.counts.map(|c| -c))
                    .await?;
                self.add_stats(&after.unit, &after.month, &after.counts)
                    .await
            }
            None => {
                self.add_stats(&after.unit, &after.month, &after.counts)
                    .await
            }
        }
    }
}

/// Summed figures of some units and months.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub received: u64,
    pub open: u64,
    pub answered: u64,
    pub answered_on_time: u64,
    pub finished: u64,
    pub not_authority: u64,
    pub misroutes: u64,
    pub reopened: u64,
    pub rating_sum: u64,
    pub rating_count: u64,
}

impl Store {
    /// The figures per unit, summed over the months from `since` (a "YYYY-MM", inclusive; all
    /// months when `None`).
    pub async fn figures_by_unit(
        &self,
        since: Option<&str>,
    ) -> StoreResult<Vec<(String, Figures)>> {
        let sums: Vec<String> = STAT_COLUMNS
            .iter()
            .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
            .collect();
        let sql = format!(
            "SELECT unit, {} FROM report_stats WHERE month >= $1 GROUP BY unit ORDER BY unit",
            sums.join(", ")
        );
        let rows = sqlx::query(&sql)
            .bind(since.unwrap_or(""))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let g = |c: &str| -> StoreResult<u64> { Ok(r.try_get::<i64, _>(c)?.max(0) as u64) };
                Ok((
                    r.try_get("unit")?,
                    Figures {
                        received: g("received")?,
                        open: g("open")?,
                        answered: g("answered")?,
                        answered_on_time: g("answered_on_time")?,
                        finished: g("finished")?,
                        not_authority: g("not_authority")?,
                        misroutes: g("misroutes")?,
                        reopened: g("reopened")?,
                        rating_sum: g("rating_sum")?,
                        rating_count: g("rating_count")?,
                    },
                ))
            })
            .collect()
    }

    /// Reports received in months from `since` (inclusive), over all units.
    pub async fn figures_since(&self, since: &str) -> StoreResult<Figures> {
        let mut total = Figures::default();
        for (_, f) in self.figures_by_unit(Some(since)).await? {
            total.received += f.received;
            total.answered += f.answered;
            total.answered_on_time += f.answered_on_time;
        }
        Ok(total)
    }

    /// Fills what reports stored before these columns existed lack, and the figures when they
    /// are empty: once, at start.
    pub(super) async fn backfill_derived(&self) -> StoreResult<()> {
        loop {
            let rows = sqlx::query(&format!(
                "SELECT {} FROM reports WHERE search_terms = '' ORDER BY id LIMIT 500",
                super::reports::REPORT_COLUMNS
            ))
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            let mut tx = self.begin().await?;
            for r in &rows {
                let row = super::reports::report_from(r)?;
                let terms = domain::search::document(&row.title, &row.body);
                // A report without any searchable word still counts as filled.
                let terms = if terms.is_empty() {
                    "-".to_string()
                } else {
                    terms
                };
                sqlx::query("UPDATE reports SET search_terms = $1 WHERE id = $2")
                    .bind(&terms)
                    .bind(row.id)
                    .execute(tx.conn())
                    .await?;
                tx.set_derived(row.id, &Derived::of(&row)).await?;
            }
            tx.commit().await?;
        }
        let has_stats = sqlx::query("SELECT 1 AS one FROM report_stats LIMIT 1")
            .fetch_optional(&self.pool)
            .await?
            .is_some();
        let has_reports = sqlx::query("SELECT 1 AS one FROM reports LIMIT 1")
            .fetch_optional(&self.pool)
            .await?
            .is_some();
        if has_reports && !has_stats {
            let mut last = 0i64;
            loop {
                let rows = sqlx::query(&format!(
                    "SELECT {} FROM reports WHERE id > $1 ORDER BY id LIMIT 1000",
                    super::reports::REPORT_COLUMNS
                ))
                .bind(last)
                .fetch_all(&self.pool)
                .await?;
                if rows.is_empty() {
                    break;
                }
                let mut tx = self.begin().await?;
                for r in &rows {
                    let row = super::reports::report_from(r)?;
                    last = row.id;
                    tx.shift_stats(None, &Contribution::of(&row)).await?;
                }
                tx.commit().await?;
            }
        }
        Ok(())
    }
}
