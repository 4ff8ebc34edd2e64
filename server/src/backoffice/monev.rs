//! Monitoring and evaluation (monev): per OPD, how many reports, how many answered on time, how
//! many overdue, misrouted or reopened, and how citizens rated the answers. For the coordinator
//! and leadership. "Answered on time" is `domain::deadline::answered_on_time`, stored with each
//! report at its first answer, as on the home page.

use super::auth::{forbidden, Session};
use crate::error::ApiResult;
use crate::store::UnitFigures;
use crate::{AppState, ReqLang};
use axum::extract::State;
use axum::Json;
use domain::catalog;
use domain::deadline;
use domain::lifecycle::scope;
use domain::wire::{pct, DueView, MonevRow, MonevView, Named, OverdueItem};
use std::collections::BTreeMap;

/// Overdue reports listed by name in monev (the most overdue first; all are counted).
const OVERDUE_LISTED: u32 = 100;

pub async fn monev(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
) -> ApiResult<Json<MonevView>> {
    if !session.officer.role.sees_all() {
        return Err(forbidden(lang));
    }
    let now = state.now();
    // Figures kept with every change (per unit and month), summed per OPD; overdue counted
    // through the deadline index.
    let mut by_opd: BTreeMap<&'static str, UnitFigures> = BTreeMap::new();
    for (unit, f) in state.store.figures_by_unit(None).await? {
        let opd = catalog::unit(&unit)
            .unwrap_or_else(catalog::coordinator)
            .opd()
            .code;
        let t = by_opd.entry(opd).or_default();
        t.tally.add(&f.tally);
        t.returns += f.returns;
        t.reopenings += f.reopenings;
    }
    let overdue_by_opd: BTreeMap<String, u64> = state
        .store
        .overdue_by(now, "opd")
        .await?
        .into_iter()
        .collect();
    // Listed by name only what this officer may open.
    let read = scope::read_filter(session.officer.role, session.officer.unit)
        .ok_or_else(|| forbidden(lang))?;
    let overdue = state
        .store
        .overdue(now, Some(&read), OVERDUE_LISTED)
        .await?
        .iter()
        .filter_map(|r| {
            let d = deadline::current(r.status, &r.timeline(), now)?;
            Some(OverdueItem {
                tracking_code: r.tracking_code.clone(),
                title: r.title.clone(),
                unit: Named::unit(
                    catalog::unit(&r.unit).unwrap_or_else(catalog::coordinator),
                    lang,
                ),
                status: r.status,
                due: DueView::of(&d, lang),
            })
        })
        .collect();
    let total = by_opd.values().map(|t| t.tally.received).sum();
    let opds = by_opd
        .iter()
        .map(|(code, f)| {
            let t = &f.tally;
            MonevRow {
                opd: catalog::unit(code)
                    .map(|u| Named::opd(u, lang))
                    .unwrap_or_default(),
                total: t.received,
                open: t.open,
                overdue: overdue_by_opd.get(*code).copied().unwrap_or(0),
                answered: t.answered,
                answered_on_time: t.answered_on_time,
                answered_on_time_pct: pct(t.answered_on_time, t.answered),
                finished: t.finished,
                misroutes: f.returns,
                normative_answers: t.normative,
                followups: t.followups,
                fixed: t.fixed,
                unresolved_after_answer: t.unresolved,
                reopened: f.reopenings,
                rating_avg: t.rating_mean(),
                rating_count: t.rating_count,
            }
        })
        .collect();
    // Which doors citizens use: reports per channel in the last twelve months (kept summaries).
    let (y, m, _) = domain::Date::from_unix_wib(now).ymd();
    let first = domain::monev::by_channel(&[], y, m, lang)
        .last()
        .map(|c| c.month.clone())
        .unwrap_or_default();
    let counts = state
        .store
        .reports_by_channel_month(&first, &crate::store::month_of(now))
        .await?;
    let channels = domain::monev::by_channel(&counts, y, m, lang);
    Ok(Json(MonevView {
        opds,
        overdue,
        total,
        channels,
    }))
}
