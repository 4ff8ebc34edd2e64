//! Every list the server shows, each served by an index: the public list (newest first, by
//! filter, by search), the officers' queues (by deadline, overdue first), and what the scheduled
//! jobs and monitoring need. Pages are keyset (after a cursor), counts are capped, searches use
//! each engine's full-text index over `domain::search` terms.

use super::reports::{report_from, ReportRow, REPORT_COLUMNS};
use super::{Backend, Store, StoreResult};
use domain::catalog::{Unit, UnitKind, UNITS};
use domain::lifecycle::scope::ReadFilter;
use domain::lifecycle::Status;
use sqlx::Row;

/// Counts stop here: "1.000+" is all a page needs to say.
pub const COUNT_CAP: u64 = 1000;

/// A capped count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub n: u64,
    /// There are more than `n`.
    pub more: bool,
}

/// The public list's filters.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    /// Reports held within this unit's subtree.
    pub unit: Option<&'static Unit>,
    pub kecamatan: Option<String>,
    pub category: Option<String>,
    pub status: Option<Status>,
    /// Search terms (`domain::search::query`); all must be found, as whole words.
    pub terms: Vec<String>,
    /// Reports older than this one (its id), for the next page.
    pub before: Option<i64>,
    /// Reports skipped (a page number's offset; bounded by the caller).
    pub offset: u32,
    pub limit: u32,
}

/// A page of a list, and whether another follows.
pub struct Page {
    pub rows: Vec<ReportRow>,
    pub more: bool,
}

enum Bind {
    Text(String),
    Int(i64),
}

/// A query being built: `r` is the reports table.
pub(super) struct Sql {
    pub(super) from: String,
    clauses: Vec<String>,
    binds: Vec<Bind>,
    pub(super) order: String,
}

impl Sql {
    pub(super) fn new() -> Sql {
        Sql {
            from: "reports r".into(),
            clauses: Vec::new(),
            binds: Vec::new(),
            order: "r.id DESC".into(),
        }
    }
    pub(super) fn text(&mut self, v: impl Into<String>) -> String {
        self.binds.push(Bind::Text(v.into()));
        format!("${}", self.binds.len())
    }
    pub(super) fn int(&mut self, v: i64) -> String {
        self.binds.push(Bind::Int(v));
        format!("${}", self.binds.len())
    }
    pub(super) fn clause(&mut self, c: String) {
        self.clauses.push(c);
    }
    pub(super) fn filter(&self) -> String {
        if self.clauses.is_empty() {
            "1 = 1".into()
        } else {
            self.clauses.join(" AND ")
        }
    }
    pub(super) fn select(&self, cols: &str, limit: u32, offset: u32) -> String {
        format!(
            "SELECT {cols} FROM {} WHERE {} ORDER BY {} LIMIT {limit} OFFSET {offset}",
            self.from,
            self.filter(),
            self.order
        )
    }
    fn count(&self) -> String {
        format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM {} WHERE {} LIMIT {}) capped",
            self.from,
            self.filter(),
            COUNT_CAP + 1
        )
    }
    pub(super) fn query<'q>(
        &'q self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        let mut q = sqlx::query(sql);
        for b in &self.binds {
            q = match b {
                Bind::Text(s) => q.bind(s.as_str()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        q
    }

    /// Reports held within `u`'s subtree, by the column an index serves.
    pub(super) fn within(&mut self, u: &Unit) {
        if u.kind == UnitKind::Pemkab {
            return;
        }
        if u.opd().code == u.code {
            let p = self.text(u.code);
            self.clause(format!("r.opd = {p}"));
        } else if UNITS
            .iter()
            .any(|c| c.parent().is_some_and(|p| p.code == u.code))
        {
            let ps: Vec<String> = UNITS
                .iter()
                .filter(|x| x.is_within(u))
                .map(|x| x.code)
                .collect::<Vec<_>>()
                .into_iter()
                .map(|c| self.text(c))
                .collect();
            self.clause(format!("r.unit IN ({})", ps.join(", ")));
        } else {
            let p = self.text(u.code);
            self.clause(format!("r.unit = {p}"));
        }
    }

    /// What an officer may read (`scope::read_filter`), as conditions.
    pub(super) fn readable(&mut self, f: &ReadFilter) {
        if let Some(u) = f.within {
            self.within(u);
        }
        if f.routed_only {
            self.clause("r.with_unit_since IS NOT NULL".into());
        }
        if let Some(p) = f.hidden {
            let p = self.text(p.code());
            self.clause(format!("r.privacy <> {p}"));
        }
    }
}

fn similar_sql(category: &str, kecamatan: &str, since: i64) -> Sql {
    let mut sql = Sql::new();
    sql.clause("r.listed = 1".into());
    let c = sql.text(category);
    sql.clause(format!("r.category = {c}"));
    let k = sql.text(kecamatan);
    sql.clause(format!("r.kecamatan = {k}"));
    let t = sql.int(since);
    sql.clause(format!("r.created_at >= {t}"));
    let closed: Vec<String> = Status::ALL
        .into_iter()
        .filter(|s| !domain::support::is_open(*s))
        .map(|s| sql.text(s.code()))
        .collect();
    sql.clause(format!("r.status NOT IN ({})", closed.join(", ")));
    sql.order = "r.created_at DESC".into();
    sql
}

pub(super) fn columns() -> String {
    REPORT_COLUMNS
        .split(", ")
        .map(|c| format!("r.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// A full-text condition on `terms` (every one a whole word, `domain::search::query`), in
    /// this engine's dialect. Whole words keep a search's cost to the newest matches it shows: a
    /// prefix ("ja*") would make the engine gather every report with any word it starts.
    fn search(&self, sql: &mut Sql, terms: &[String]) {
        match self.backend {
            Backend::Sqlite => {
                let expr: Vec<String> = terms.iter().map(|t| format!("\"{t}\"")).collect();
                // CROSS JOIN keeps the search outermost: SQLite never walks all reports to
                // look each up in the index.
                sql.from = "reports_fts f CROSS JOIN reports r ON r.id = f.rowid".into();
                let p = sql.text(expr.join(" "));
                sql.clause(format!("reports_fts MATCH {p}"));
                sql.order = "f.rowid DESC".into();
            }
            Backend::Postgres => {
                let p = sql.text(terms.join(" & "));
                sql.clause(format!(
                    "to_tsvector('simple', r.search_terms) @@ to_tsquery('simple', {p})"
                ));
            }
        }
    }

    fn public_sql(&self, f: &ListFilter) -> Sql {
        let mut sql = Sql::new();
        sql.clause("r.listed = 1".into());
        if let Some(u) = f.unit {
            sql.within(u);
        }
        if let Some(k) = &f.kecamatan {
            let p = sql.text(k.clone());
            sql.clause(format!("r.kecamatan = {p}"));
        }
        if let Some(c) = &f.category {
            let p = sql.text(c.clone());
            sql.clause(format!("r.category = {p}"));
        }
        if let Some(s) = f.status {
            let p = sql.text(s.code());
            sql.clause(format!("r.status = {p}"));
        }
        if !f.terms.is_empty() {
            self.search(&mut sql, &f.terms);
        }
        sql
    }

    /// Public reports, newest first: a page and the capped count of all that match.
    pub async fn list_public(&self, f: &ListFilter) -> StoreResult<(Page, Count)> {
        let count_sql = self.public_sql(f);
        let mut sql = self.public_sql(f);
        if let Some(b) = f.before {
            let p = sql.int(b);
            sql.clause(format!("r.id < {p}"));
        }
        let page = self.page(&sql, f.limit, f.offset).await?;
        Ok((page, self.count(&count_sql).await?))
    }

    async fn page(&self, sql: &Sql, limit: u32, offset: u32) -> StoreResult<Page> {
        let text = sql.select(&columns(), limit + 1, offset);
        let rows = sql.query(&text).fetch_all(&self.pool).await?;
        let mut rows = rows
            .iter()
            .map(report_from)
            .collect::<StoreResult<Vec<_>>>()?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        Ok(Page { rows, more })
    }

    async fn count(&self, sql: &Sql) -> StoreResult<Count> {
        let text = sql.count();
        let n: i64 = sql.query(&text).fetch_one(&self.pool).await?.try_get("n")?;
        let n = n.max(0) as u64;
        Ok(Count {
            n: n.min(COUNT_CAP),
            more: n > COUNT_CAP,
        })
    }

    /// Open public reports like a new one (`domain::support`): one category, one kecamatan,
    /// created since `since`, newest first, at most `limit`.
    pub async fn similar(
        &self,
        category: &str,
        kecamatan: &str,
        since: i64,
        limit: u32,
    ) -> StoreResult<Vec<ReportRow>> {
        Ok(self
            .page(&similar_sql(category, kecamatan, since), limit, 0)
            .await?
            .rows)
    }

    /// The newest reports, listed or not (for a feed of everything, or a check).
    pub async fn newest(&self, limit: u32) -> StoreResult<Vec<ReportRow>> {
        Ok(self.page(&Sql::new(), limit, 0).await?.rows)
    }
}

/// An officer's queue: what the officer may read, open ones by deadline (overdue first).
pub struct QueueFilter<'a> {
    pub read: ReadFilter<'a>,
    pub status: Option<Status>,
    /// Closed reports too (then newest first).
    pub all: bool,
    /// Only reports whose deadline passed before this moment.
    pub overdue_at: Option<i64>,
    pub offset: u32,
    pub limit: u32,
}

impl Store {
    fn queue_sql(&self, f: &QueueFilter) -> Sql {
        let mut sql = Sql::new();
        sql.readable(&f.read);
        if let Some(s) = f.status {
            let p = sql.text(s.code());
            sql.clause(format!("r.status = {p}"));
        }
        if !f.all && !f.status.is_some_and(|s| s.is_terminal()) {
            // Open reports all have a deadline; in deadline order the late come first.
            sql.clause("r.due_at IS NOT NULL".into());
            sql.order = "r.due_at, r.id".into();
        } else {
            // Newest first, walking the primary key from its end (a bound makes the plan say so).
            sql.clause("r.id > 0".into());
        }
        if let Some(t) = f.overdue_at {
            let p = sql.int(t);
            let s = sql.text(Status::Ditindaklanjuti.code());
            sql.clause(format!("r.due_at <= {p} AND r.status <> {s}"));
        }
        sql
    }

    /// A page of the queue, its capped count, and how many of it are overdue.
    pub async fn queue(&self, f: &QueueFilter<'_>, now: i64) -> StoreResult<(Page, Count, Count)> {
        let sql = self.queue_sql(f);
        let page = self.page(&sql, f.limit, f.offset).await?;
        let total = self.count(&sql).await?;
        let overdue = self
            .count(&self.queue_sql(&QueueFilter {
                overdue_at: Some(now),
                all: false,
                status: f.status,
                read: f.read,
                offset: 0,
                limit: 0,
            }))
            .await?;
        Ok((page, total, overdue))
    }

    /// Answered reports whose reporter's window has closed (the auto-finish job), oldest first.
    pub async fn due_to_finish(&self, now: i64, limit: u32) -> StoreResult<Vec<ReportRow>> {
        let mut sql = Sql::new();
        let s = sql.text(Status::Ditindaklanjuti.code());
        let t = sql.int(now);
        sql.clause(format!("r.status = {s} AND r.due_at <= {t}"));
        sql.order = "r.due_at, r.id".into();
        Ok(self.page(&sql, limit, 0).await?.rows)
    }

    /// Finished reports whose follow-up question is due (the follow-up index), oldest first.
    pub async fn due_followups(&self, now: i64, limit: u32) -> StoreResult<Vec<ReportRow>> {
        let mut sql = Sql::new();
        let t = sql.int(now);
        sql.clause(format!(
            "r.followup_due_at IS NOT NULL AND r.followup_due_at <= {t}"
        ));
        sql.order = "r.followup_due_at, r.id".into();
        Ok(self.page(&sql, limit, 0).await?.rows)
    }

    /// Open reports past an officer's deadline (not waiting for the reporter), most overdue first,
    /// optionally only those an officer may read.
    pub async fn overdue(
        &self,
        now: i64,
        read: Option<&ReadFilter<'_>>,
        limit: u32,
    ) -> StoreResult<Vec<ReportRow>> {
        let f = QueueFilter {
            read: read.copied().unwrap_or(ReadFilter {
                within: None,
                routed_only: false,
                hidden: None,
            }),
            status: None,
            all: false,
            overdue_at: Some(now),
            offset: 0,
            limit,
        };
        Ok(self.page(&self.queue_sql(&f), limit, 0).await?.rows)
    }

    /// How many open reports are past an officer's deadline, per `unit` or per `opd`.
    pub async fn overdue_by(
        &self,
        now: i64,
        column: &'static str,
    ) -> StoreResult<Vec<(String, u64)>> {
        debug_assert!(matches!(column, "unit" | "opd"));
        let rows = sqlx::query(&format!(
            "SELECT {column} AS k, COUNT(*) AS n FROM reports WHERE due_at <= $1 AND status <> $2 GROUP BY {column} ORDER BY {column}"
        ))
        .bind(now)
        .bind(Status::Ditindaklanjuti.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("k")?, r.try_get::<i64, _>("n")?.max(0) as u64)))
            .collect()
    }

    /// Every report ever stored (from the figures, not a scan).
    pub async fn count_reports(&self) -> StoreResult<u64> {
        let n: Option<i64> =
            sqlx::query("SELECT CAST(SUM(received) AS BIGINT) AS n FROM report_stats")
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?;
        Ok(n.unwrap_or(0).max(0) as u64)
    }
}

/// Every shape of list query the server runs, with representative values: what the plan guard
/// (`bench/tests/plans.rs`) explains on a seeded store.
impl Store {
    pub async fn explain_lists(&self, now: i64) -> StoreResult<Vec<(String, String)>> {
        let unit = |c: &str| domain::catalog::unit(c).expect("a catalog unit");
        let public = |f: ListFilter| ListFilter { limit: 20, ..f };
        let mut shapes: Vec<(String, Sql)> = vec![
            (
                "public list".into(),
                self.public_sql(&public(ListFilter::default())),
            ),
            ("public list after a cursor".into(), {
                let mut s = self.public_sql(&public(ListFilter::default()));
                let p = s.int(500_000);
                s.clause(format!("r.id < {p}"));
                s
            }),
            (
                "public list by status".into(),
                self.public_sql(&public(ListFilter {
                    status: Some(Status::Didisposisikan),
                    ..Default::default()
                })),
            ),
            (
                "public list by kecamatan".into(),
                self.public_sql(&public(ListFilter {
                    kecamatan: Some("21.03.07".into()),
                    ..Default::default()
                })),
            ),
            (
                "public list by category".into(),
                self.public_sql(&public(ListFilter {
                    category: Some("jalan-rusak".into()),
                    ..Default::default()
                })),
            ),
            (
                "public list by OPD".into(),
                self.public_sql(&public(ListFilter {
                    unit: Some(unit("dpupr")),
                    ..Default::default()
                })),
            ),
            (
                "public list by bidang".into(),
                self.public_sql(&public(ListFilter {
                    unit: Some(unit("dishub-udara")),
                    ..Default::default()
                })),
            ),
            (
                "public search".into(),
                self.public_sql(&public(ListFilter {
                    terms: vec!["jalan".into()],
                    ..Default::default()
                })),
            ),
            (
                "similar reports".into(),
                similar_sql("jalan-rusak", "21.03.07", now - 30 * 86_400),
            ),
        ];
        let koor = ReadFilter {
            within: None,
            routed_only: false,
            hidden: None,
        };
        let liaison = ReadFilter {
            within: Some(unit("dpupr")),
            routed_only: true,
            hidden: None,
        };
        let bidang = ReadFilter {
            within: Some(unit("dpupr-bm")),
            routed_only: true,
            hidden: None,
        };
        let q = |read, status, all, overdue_at| QueueFilter {
            read,
            status,
            all,
            overdue_at,
            offset: 0,
            limit: 50,
        };
        shapes.push((
            "coordinator's queue".into(),
            self.queue_sql(&q(koor, None, false, None)),
        ));
        shapes.push((
            "coordinator's queue, all".into(),
            self.queue_sql(&q(koor, None, true, None)),
        ));
        shapes.push((
            "coordinator's overdue".into(),
            self.queue_sql(&q(koor, None, false, Some(now))),
        ));
        shapes.push((
            "OPD liaison's queue".into(),
            self.queue_sql(&q(liaison, None, false, None)),
        ));
        shapes.push((
            "bidang's queue".into(),
            self.queue_sql(&q(bidang, None, false, None)),
        ));
        shapes.push((
            "bidang's queue by status".into(),
            self.queue_sql(&q(bidang, Some(Status::Didisposisikan), false, None)),
        ));
        let mut finish = Sql::new();
        let s = finish.text(Status::Ditindaklanjuti.code());
        let t = finish.int(now);
        finish.clause(format!("r.status = {s} AND r.due_at <= {t}"));
        finish.order = "r.due_at, r.id".into();
        shapes.push(("auto-finish job".into(), finish));
        let explain = match self.backend {
            Backend::Sqlite => "EXPLAIN QUERY PLAN",
            Backend::Postgres => "EXPLAIN",
        };
        let mut out = Vec::new();
        for (name, sql) in shapes {
            for (what, text) in [
                ("page", sql.select(&columns(), 21, 0)),
                ("count", sql.count()),
            ] {
                let rows = sql
                    .query(&format!("{explain} {text}"))
                    .fetch_all(&self.pool)
                    .await?;
                let plan: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        r.try_get::<String, _>("detail")
                            .or_else(|_| r.try_get::<String, _>("QUERY PLAN"))
                            .unwrap_or_default()
                    })
                    .collect();
                out.push((format!("{name} ({what})"), plan.join("\n")));
            }
        }
        Ok(out)
    }
}
