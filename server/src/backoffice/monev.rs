//! Monitoring and evaluation (monev): per OPD, how many reports, how many answered on time, how
//! many overdue, misrouted or reopened, and how citizens rated the answers. For the coordinator
//! and leadership. "Answered on time" is `domain::deadline::answered_on_time`, stored with each
//! report at its first answer, as on the home page.

use super::auth::{forbidden, Session};
use crate::error::ApiResult;
use crate::{AppState, ReqLang};
use axum::extract::State;
use axum::Json;
use domain::catalog;
use domain::deadline;
use domain::lifecycle::Status;
use domain::wire::{pct, DueView, MonevRow, MonevView, Named, OverdueItem};
use std::collections::BTreeMap;

#[derive(Default)]
struct Tally {
    total: u64,
    open: u64,
    overdue: u64,
    answered: u64,
    answered_on_time: u64,
    finished: u64,
    misroutes: u64,
    reopened: u64,
    rating_sum: u64,
    rating_count: u64,
}

pub async fn monev(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
) -> ApiResult<Json<MonevView>> {
    if !session.officer.role.sees_all() {
        return Err(forbidden(lang));
    }
    let now = state.now();
    let rows = state.store.reports_for_units(None, true).await?;
    let mut by_opd: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut overdue = Vec::new();
    for r in &rows {
        let unit = catalog::unit(&r.unit).unwrap_or_else(catalog::coordinator);
        let e = by_opd.entry(unit.opd().code).or_default();
        e.total += 1;
        e.misroutes += r.misroute_count.max(0) as u64;
        e.reopened += r.reopen_count.max(0) as u64;
        if let Some(x) = r.rating {
            e.rating_sum += u64::from(x);
            e.rating_count += 1;
        }
        if r.status == Status::Selesai {
            e.finished += 1;
        }
        if !r.status.is_terminal() {
            e.open += 1;
        }
        if let Some(on_time) = r.first_answer_on_time {
            e.answered += 1;
            e.answered_on_time += u64::from(on_time);
        }
        if let Some(d) = deadline::current(r.status, &r.timeline(), now)
            .filter(|d| d.overdue && d.kind.is_officers())
        {
            e.overdue += 1;
            overdue.push(OverdueItem {
                tracking_code: r.tracking_code.clone(),
                title: r.title.clone(),
                unit: Named::unit(unit, lang),
                status: r.status,
                due: DueView::of(&d, lang),
            });
        }
    }
    let opds = by_opd
        .iter()
        .map(|(code, t)| MonevRow {
            opd: catalog::unit(code)
                .map(|u| Named::opd(u, lang))
                .unwrap_or_default(),
            total: t.total,
            open: t.open,
            overdue: t.overdue,
            answered: t.answered,
            answered_on_time: t.answered_on_time,
            answered_on_time_pct: pct(t.answered_on_time, t.answered),
            finished: t.finished,
            misroutes: t.misroutes,
            reopened: t.reopened,
            rating_avg: (t.rating_count > 0).then(|| t.rating_sum as f64 / t.rating_count as f64),
            rating_count: t.rating_count,
        })
        .collect();
    Ok(Json(MonevView {
        opds,
        overdue,
        total: rows.len() as u64,
    }))
}
