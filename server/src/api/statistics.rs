//! `GET /api/v1/statistik?periode=…`: the public figures of a period (`domain::statistics`), read
//! from the summaries the store keeps with every change — a handful of grouped reads over small
//! tables, whatever the number of reports.

use crate::error::{ApiError, ApiResult};
use crate::{AppState, ReqLang};
use axum::extract::{Query, State};
use axum::Json;
use domain::monev::{Period, Tally};
use domain::statistics::{self, Input};
use domain::wire::Statistics;
use domain::{Date, Lang};
use std::collections::BTreeMap;

#[derive(serde::Deserialize, Default)]
pub struct StatisticsQuery {
    pub periode: Option<String>,
}

/// The period asked for (this year when none), or why it cannot be read.
pub fn period(q: &StatisticsQuery, today: Date, lang: Lang) -> ApiResult<Period> {
    match q.periode.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(Period::Year(today.ymd().0)),
        Some(s) => Period::parse(s).ok_or_else(|| {
            ApiError::param(
                "periode",
                "invalid",
                format!("Periode \"{}\" tidak dikenali. Tulis bulan (2026-11), triwulan (2026-Q4) atau tahun (2026).", domain::text::shown(s)),
                format!("Period \"{}\" is not understood. Write a month (2026-11), a quarter (2026-Q4) or a year (2026).", domain::text::shown(s)),
            )
            .lang(lang)
        }),
    }
}

/// The figures of `p`, as of now: from memory while no report changed and the day is the same
/// (deadlines end with a day, so "overdue now" changes only then or with a report).
pub async fn gather(state: &AppState, p: Period, lang: Lang) -> ApiResult<Statistics> {
    let today = Date::from_unix_wib(state.now());
    let key = format!("statistik:{}:{}:{}", p.code(), lang.code(), today.days());
    if let Some(s) = state
        .cache
        .list(&key)
        .and_then(|k| serde_json::from_slice(&k.body).ok())
    {
        return Ok(s);
    }
    let ticket = state.cache.ticket();
    let s = compute(state, p, lang).await?;
    if let Ok(body) = serde_json::to_vec(&s) {
        state.cache.put_list(
            ticket,
            key,
            crate::cache::Kept {
                version: String::new(),
                body: body.into(),
            },
        );
    }
    Ok(s)
}

async fn compute(state: &AppState, p: Period, lang: Lang) -> ApiResult<Statistics> {
    let now = state.now();
    let today = Date::from_unix_wib(now);
    let (from, to) = p.months();
    let by_unit: BTreeMap<String, Tally> = state
        .store
        .figures_by_unit(Some((&from, &to)))
        .await?
        .into_iter()
        .map(|(u, f)| (u, f.tally))
        .collect();
    let overdue: BTreeMap<String, u64> = state
        .store
        .overdue_by(now, "unit")
        .await?
        .into_iter()
        .collect();
    let months = statistics::trend_months(p, today);
    let by_month = match (months.first(), months.last()) {
        (Some(a), Some(b)) => state.store.figures_by_month(a, b).await?,
        _ => BTreeMap::new(),
    };
    let by_desa = state.store.reports_by_desa(&from, &to).await?;
    let kinds = state.store.reports_by_kind(&from, &to).await?;
    Ok(statistics::build(
        &Input {
            period: p,
            today,
            by_unit: &by_unit,
            overdue_by_unit: &overdue,
            by_month: &by_month,
            by_desa: &by_desa,
            kinds: &kinds,
        },
        lang,
    ))
}

pub async fn statistics(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<StatisticsQuery>,
) -> ApiResult<Json<Statistics>> {
    let today = Date::from_unix_wib(state.now());
    let p = period(&q, today, lang)?;
    Ok(Json(gather(&state, p, lang).await?))
}
