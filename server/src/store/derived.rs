//! What the store keeps beside each report so that every list, queue and figure is read from an
//! index or a summary, never by scanning reports: the derived columns (`listed`, `opd`,
//! `due_at`, `search_terms`) and the summaries of the figures (`domain::monev::Tally` per unit
//! and month in `report_stats` and `report_answer_days`; reports per desa and month in
//! `report_places`; per kind, channel and month in `report_kinds`). All of it is computed by
//! `domain`'s rules from the report itself, and written in the same transaction as the change
//! that alters it.

use super::reports::ReportRow;
use super::stmts::{Stmts, Val};
use super::{Store, StoreResult, Tx};
use domain::followup::Reply;
use domain::lifecycle::Status;
use domain::monev::{Facts, Tally, DAYS_MAX};
use domain::{catalog, deadline, Date};
use sqlx::Row;
use std::collections::{BTreeMap, HashMap};

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
            listed: domain::lifecycle::scope::publicly_listed(row.privacy, row.status, row.held),
            opd: unit.opd().code,
            due_at: deadline::current_at(row.status, &row.timeline()),
        }
    }
}

/// "2026-12": the month (WIB) a report arrived in, the figures' time key.
pub fn month_of(at: i64) -> String {
    let (y, m, _) = Date::from_unix_wib(at).ymd();
    format!("{y:04}-{m:02}")
}

/// The figures' facts of a stored report.
pub fn facts(row: &ReportRow) -> Facts {
    Facts {
        open: !row.status.is_terminal(),
        verified_on_time: row.verified_on_time,
        routed: row.with_unit_since.is_some(),
        misrouted: row.misroute_count + row.reroute_count > 0,
        answered: row
            .first_answer_on_time
            .map(|t| (t, row.first_answer_days.unwrap_or(0))),
        reopened: row.reopen_count > 0,
        finished: row.status == Status::Selesai,
        not_authority: row.status == Status::BukanWewenang,
        rating: row.rating,
        normative_answer: row.normative_answers > 0,
        followed_up: row.followup_asked_at.is_some(),
        fixed: row.followup_reply.map(|r| r == Reply::Sudah),
    }
}

/// What one report adds to the summaries.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub unit: String,
    pub month: String,
    pub tally: Tally,
    /// Events, not reports: returns to the coordinator and reopenings.
    pub returns: i64,
    pub reopenings: i64,
    pub desa: Option<String>,
    pub report_type: &'static str,
    pub channel: &'static str,
}

impl Contribution {
    pub fn of(row: &ReportRow) -> Contribution {
        Contribution {
            unit: row.unit.clone(),
            month: month_of(row.created_at),
            tally: Tally::of(&facts(row)),
            returns: row.misroute_count,
            reopenings: row.reopen_count,
            desa: row.desa.clone(),
            report_type: row.report_type.code(),
            channel: row.channel.code(),
        }
    }

    /// `report_stats`' columns, in `STAT_COLUMNS` order.
    fn stats(&self) -> [i64; STAT_COLUMNS.len()] {
        let t = &self.tally;
        let i = |v: u64| v as i64;
        [
            i(t.received),
            i(t.open),
            i(t.answered),
            i(t.answered_on_time),
            i(t.finished),
            i(t.not_authority),
            self.returns,
            self.reopenings,
            i(t.rating_sum),
            i(t.rating_count),
            i(t.verified),
            i(t.verified_on_time),
            i(t.routed),
            i(t.misrouted),
            i(t.reopened),
            i(t.normative),
            i(t.followups),
            i(t.fixed),
            i(t.unresolved),
        ]
    }
}

/// Contributions summed in memory, written once per key: for a backfill or a bulk load, where
/// writing each report's share on its own would cost several statements per report.
#[derive(Debug, Default)]
pub struct Summaries {
    stats: HashMap<(String, String), [i64; STAT_COLUMNS.len()]>,
    days: HashMap<(String, String, usize), i64>,
    places: HashMap<(String, String), i64>,
    kinds: HashMap<(&'static str, &'static str, String), i64>,
}

impl Summaries {
    pub fn add(&mut self, c: &Contribution) {
        let sum = self
            .stats
            .entry((c.unit.clone(), c.month.clone()))
            .or_insert([0; STAT_COLUMNS.len()]);
        for (s, v) in sum.iter_mut().zip(c.stats()) {
            *s += v;
        }
        for (days, n) in c.tally.answer_days.iter().enumerate() {
            if *n > 0 {
                *self
                    .days
                    .entry((c.unit.clone(), c.month.clone(), days))
                    .or_default() += *n as i64;
            }
        }
        if let Some(desa) = &c.desa {
            *self
                .places
                .entry((desa.clone(), c.month.clone()))
                .or_default() += 1;
        }
        *self
            .kinds
            .entry((c.report_type, c.channel, c.month.clone()))
            .or_default() += 1;
    }
}

/// The statement adding `counts` (negative to take away) to one row of a summary table, made
/// if missing; none when every count is zero.
fn add_to(s: &mut Stmts, table: &str, keys: &[(&str, &str)], cols: &[&str], counts: &[i64]) {
    if counts.iter().all(|c| *c == 0) {
        return;
    }
    let key_cols: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
    let all: Vec<&str> = key_cols.iter().chain(cols).copied().collect();
    let params: Vec<String> = (1..=all.len()).map(|i| format!("${i}")).collect();
    let sets: Vec<String> = cols
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
        all.join(", "),
        params.join(", "),
        key_cols.join(", "),
        sets.join(", ")
    );
    let vals = keys
        .iter()
        .map(|(_, v)| Val::from(*v))
        .chain(counts.iter().map(|c| Val::from(*c)))
        .collect();
    s.push(sql, vals);
}

/// The statements that add a new report's share to the summaries.
pub(super) fn add_new(s: &mut Stmts, c: &Contribution) {
    add_to(
        s,
        "report_stats",
        &[("unit", &c.unit), ("month", &c.month)],
        &STAT_COLUMNS,
        &c.stats(),
    );
    for (days, n) in c.tally.answer_days.iter().enumerate() {
        if *n > 0 {
            s.push(
                DAYS_UPSERT,
                vec![
                    Val::from(c.unit.as_str()),
                    Val::from(c.month.as_str()),
                    Val::from(days as i64),
                    Val::from(*n as i64),
                ],
            );
        }
    }
    if let Some(desa) = &c.desa {
        add_to(
            s,
            "report_places",
            &[("desa", desa), ("month", &c.month)],
            &["n"],
            &[1],
        );
    }
    add_to(
        s,
        "report_kinds",
        &[
            ("report_type", c.report_type),
            ("channel", c.channel),
            ("month", &c.month),
        ],
        &["n"],
        &[1],
    );
}

const DAYS_UPSERT: &str = "INSERT INTO report_answer_days (unit, month, days, n) VALUES ($1, $2, $3, $4) ON CONFLICT (unit, month, days) DO UPDATE SET n = report_answer_days.n + excluded.n";

/// `report_stats`' counting columns.
const STAT_COLUMNS: [&str; 19] = [
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
    "verified",
    "verified_on_time",
    "routed",
    "misrouted",
    "reopened_reports",
    "normative",
    "followups",
    "fixed",
    "unresolved",
];

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

    /// Adds `counts` (negative to take away) to one row of a summary table, made if missing.
    async fn add_to(
        &mut self,
        table: &str,
        keys: &[(&str, &str)],
        cols: &[&str],
        counts: &[i64],
    ) -> StoreResult<()> {
        let mut s = Stmts::default();
        add_to(&mut s, table, keys, cols, counts);
        self.run(s).await?;
        Ok(())
    }

    async fn add_stats(&mut self, c: &Contribution, counts: &[i64]) -> StoreResult<()> {
        self.add_to(
            "report_stats",
            &[("unit", &c.unit), ("month", &c.month)],
            &STAT_COLUMNS,
            counts,
        )
        .await
    }

    async fn add_days(&mut self, c: &Contribution, sign: i64) -> StoreResult<()> {
        for (days, n) in c
            .tally
            .answer_days
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
        {
            self.add_to_days(&c.unit, &c.month, &days.to_string(), *n as i64 * sign)
                .await?;
        }
        Ok(())
    }

    async fn add_place_and_kind(&mut self, c: &Contribution, sign: i64) -> StoreResult<()> {
        if let Some(desa) = &c.desa {
            self.add_to(
                "report_places",
                &[("desa", desa), ("month", &c.month)],
                &["n"],
                &[sign],
            )
            .await?;
        }
        self.add_to(
            "report_kinds",
            &[
                ("report_type", c.report_type),
                ("channel", c.channel),
                ("month", &c.month),
            ],
            &["n"],
            &[sign],
        )
        .await
    }

    /// Adds summed contributions to the summaries.
    pub async fn add_summaries(&mut self, s: &Summaries) -> StoreResult<()> {
        for ((unit, month), counts) in &s.stats {
            self.add_to(
                "report_stats",
                &[("unit", unit), ("month", month)],
                &STAT_COLUMNS,
                counts,
            )
            .await?;
        }
        for ((unit, month, days), n) in &s.days {
            self.add_to_days(unit, month, &days.to_string(), *n).await?;
        }
        for ((desa, month), n) in &s.places {
            self.add_to(
                "report_places",
                &[("desa", desa), ("month", month)],
                &["n"],
                &[*n],
            )
            .await?;
        }
        for ((report_type, channel, month), n) in &s.kinds {
            self.add_to(
                "report_kinds",
                &[
                    ("report_type", report_type),
                    ("channel", channel),
                    ("month", month),
                ],
                &["n"],
                &[*n],
            )
            .await?;
        }
        Ok(())
    }

    async fn add_to_days(
        &mut self,
        unit: &str,
        month: &str,
        days: &str,
        n: i64,
    ) -> StoreResult<()> {
        let days: i64 = days.parse().unwrap_or(0);
        sqlx::query(DAYS_UPSERT)
            .bind(unit)
            .bind(month)
            .bind(days)
            .bind(n)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Moves a report's figures from what it was to what it is: only the differences are written.
    pub async fn shift_stats(
        &mut self,
        before: Option<&Contribution>,
        after: &Contribution,
    ) -> StoreResult<()> {
        let Some(b) = before else {
            let mut s = Stmts::default();
            add_new(&mut s, after);
            self.run(s).await?;
            return Ok(());
        };
        if b == after {
            return Ok(());
        }
        if b.unit == after.unit && b.month == after.month {
            let (old, new) = (b.stats(), after.stats());
            let diff: Vec<i64> = new.iter().zip(old.iter()).map(|(n, o)| n - o).collect();
            self.add_stats(after, &diff).await?;
        } else {
            self.add_stats(b, &b.stats().map(|v| -v)).await?;
            self.add_stats(after, &after.stats()).await?;
        }
        if b.tally.answer_days != after.tally.answer_days || b.unit != after.unit {
            self.add_days(b, -1).await?;
            self.add_days(after, 1).await?;
        }
        if (&b.desa, b.report_type, b.channel, &b.month)
            != (&after.desa, after.report_type, after.channel, &after.month)
        {
            self.add_place_and_kind(b, -1).await?;
            self.add_place_and_kind(after, 1).await?;
        }
        Ok(())
    }
}

fn tally_of(r: &sqlx::any::AnyRow) -> StoreResult<Tally> {
    let g = |c: &str| -> StoreResult<u64> { Ok(r.try_get::<i64, _>(c)?.max(0) as u64) };
    Ok(Tally {
        received: g("received")?,
        open: g("open")?,
        verified: g("verified")?,
        verified_on_time: g("verified_on_time")?,
        routed: g("routed")?,
        misrouted: g("misrouted")?,
        answered: g("answered")?,
        answered_on_time: g("answered_on_time")?,
        reopened: g("reopened_reports")?,
        finished: g("finished")?,
        not_authority: g("not_authority")?,
        rating_sum: g("rating_sum")?,
        rating_count: g("rating_count")?,
        normative: g("normative")?,
        followups: g("followups")?,
        fixed: g("fixed")?,
        unresolved: g("unresolved")?,
        answer_days: vec![0; DAYS_MAX + 1],
    })
}

/// A unit's summed figures and its event counts (returns to the coordinator, reopenings).
#[derive(Debug, Clone, Default)]
pub struct UnitFigures {
    pub tally: Tally,
    pub returns: u64,
    pub reopenings: u64,
}

impl Store {
    /// The figures per unit, summed over the months `from..=to` ("YYYY-MM"; all when `None`).
    pub async fn figures_by_unit(
        &self,
        months: Option<(&str, &str)>,
    ) -> StoreResult<BTreeMap<String, UnitFigures>> {
        let (from, to) = months.unwrap_or(("", "9999-99"));
        let sums: Vec<String> = STAT_COLUMNS
            .iter()
            .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
            .collect();
        let sql = format!(
            "SELECT unit, {} FROM report_stats WHERE month >= $1 AND month <= $2 GROUP BY unit",
            sums.join(", ")
        );
        let mut out = BTreeMap::new();
        for r in sqlx::query(&sql)
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?
        {
            let tally = tally_of(&r)?;
            let ev = |c: &str| -> StoreResult<u64> { Ok(r.try_get::<i64, _>(c)?.max(0) as u64) };
            out.insert(
                r.try_get("unit")?,
                UnitFigures {
                    tally,
                    returns: ev("misroutes")?,
                    reopenings: ev("reopened")?,
                },
            );
        }
        let days = sqlx::query("SELECT unit, days, CAST(SUM(n) AS BIGINT) AS n FROM report_answer_days WHERE month >= $1 AND month <= $2 GROUP BY unit, days")
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        for r in days {
            let unit: String = r.try_get("unit")?;
            let d = (r.try_get::<i64, _>("days")?.max(0) as usize).min(DAYS_MAX);
            let n = r.try_get::<i64, _>("n")?.max(0) as u64;
            out.entry(unit).or_default().tally.answer_days[d] += n;
        }
        Ok(out)
    }

    /// The regency's figures per month, `from..=to`.
    pub async fn figures_by_month(
        &self,
        from: &str,
        to: &str,
    ) -> StoreResult<BTreeMap<String, Tally>> {
        let sums: Vec<String> = STAT_COLUMNS
            .iter()
            .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
            .collect();
        let sql = format!(
            "SELECT month, {} FROM report_stats WHERE month >= $1 AND month <= $2 GROUP BY month",
            sums.join(", ")
        );
        let mut out = BTreeMap::new();
        for r in sqlx::query(&sql)
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?
        {
            out.insert(r.try_get("month")?, tally_of(&r)?);
        }
        Ok(out)
    }

    /// Reports per desa, `from..=to`.
    pub async fn reports_by_desa(
        &self,
        from: &str,
        to: &str,
    ) -> StoreResult<BTreeMap<String, u64>> {
        let rows = sqlx::query("SELECT desa, CAST(SUM(n) AS BIGINT) AS n FROM report_places WHERE month >= $1 AND month <= $2 GROUP BY desa")
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("desa")?, r.try_get::<i64, _>("n")?.max(0) as u64)))
            .collect()
    }

    /// Reports per month and channel, months `from..=to` (`2026-01`).
    pub async fn reports_by_channel_month(
        &self,
        from: &str,
        to: &str,
    ) -> StoreResult<Vec<(String, String, u64)>> {
        self.kinds_summed("month", "channel", from, to).await
    }

    /// Reports per kind and channel, `from..=to`.
    pub async fn reports_by_kind(
        &self,
        from: &str,
        to: &str,
    ) -> StoreResult<Vec<(String, String, u64)>> {
        self.kinds_summed("report_type", "channel", from, to).await
    }

    /// `report_kinds` summed by two of its columns (names from the two callers above), months
    /// `from..=to`.
    async fn kinds_summed(
        &self,
        a: &str,
        b: &str,
        from: &str,
        to: &str,
    ) -> StoreResult<Vec<(String, String, u64)>> {
        let rows = sqlx::query(&format!("SELECT {a} AS a, {b} AS b, CAST(SUM(n) AS BIGINT) AS n FROM report_kinds WHERE month >= $1 AND month <= $2 GROUP BY {a}, {b} ORDER BY {a}, {b}"))
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("a")?,
                    r.try_get("b")?,
                    r.try_get::<i64, _>("n")?.max(0) as u64,
                ))
            })
            .collect()
    }

    /// Fills what reports stored before these columns existed lack, and the summaries when they
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
                sqlx::query("UPDATE reports SET search_terms = $1 WHERE id = $2")
                    .bind(super::reports::stored_terms(&row.title, &row.body))
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
            let mut tx = self.begin().await?;
            for t in ["report_answer_days", "report_places", "report_kinds"] {
                tx.exec(&format!("DELETE FROM {t}")).await?;
            }
            tx.commit().await?;
            let mut last = 0i64;
            let mut sums = Summaries::default();
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
                for r in &rows {
                    let row = super::reports::report_from(r)?;
                    last = row.id;
                    sums.add(&Contribution::of(&row));
                }
            }
            let mut tx = self.begin().await?;
            tx.add_summaries(&sums).await?;
            tx.commit().await?;
        }
        Ok(())
    }
}
