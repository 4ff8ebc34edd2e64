//! Monitoring and evaluation (monev): per OPD, how many reports, how many answered on time, how
//! many overdue, misrouted or reopened, and how citizens rated the answers. For the coordinator
//! and leadership.

use super::auth::{forbidden, Session};
use crate::api::timeline;
use crate::error::ApiResult;
use crate::{AppState, ReqLang};
use axum::extract::State;
use axum::Json;
use domain::catalog;
use domain::deadline;
use domain::lifecycle::{Role, Status};
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Default)]
struct Row {
    total: i64,
    open: i64,
    overdue: i64,
    answered: i64,
    answered_on_time: i64,
    finished: i64,
    misroutes: i64,
    reopened: i64,
    ratings: Vec<i64>,
}

pub async fn monev(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
) -> ApiResult<Json<Value>> {
    if !matches!(session.officer.role, Role::Koordinator | Role::Pimpinan) {
        return Err(forbidden(lang));
    }
    let now = state.now();
    let rows = state.store.reports_for_units(None, true).await?;
    let mut by_opd: BTreeMap<&'static str, Row> = BTreeMap::new();
    let mut overdue_list = Vec::new();
    for r in &rows {
        let unit = catalog::unit(&r.unit).unwrap_or_else(catalog::coordinator);
        let opd = unit.opd();
        let e = by_opd.entry(opd.code).or_default();
        let status = Status::parse(&r.status).unwrap_or(Status::Diterima);
        e.total += 1;
        e.misroutes += r.misroute_count;
        e.reopened += r.reopen_count;
        if let Some(x) = r.rating {
            e.ratings.push(x);
        }
        if status == Status::Selesai {
            e.finished += 1;
        }
        if !status.is_terminal() {
            e.open += 1;
        }
        if let Some(first) = r.first_answered_at {
            e.answered += 1;
            let t = deadline::Timeline {
                received_at: r.created_at,
                with_unit_since: r.with_unit_since.map(|w| w.min(first)),
                answered_at: None,
            };
            if deadline::current(Status::Didisposisikan, &t, first).is_some_and(|d| !d.overdue) {
                e.answered_on_time += 1;
            }
        }
        if let Some(d) = deadline::current(status, &timeline(r), now)
            .filter(|d| d.overdue && d.kind != deadline::DueKind::AutoFinish)
        {
            e.overdue += 1;
            overdue_list.push(json!({ "tracking_code": r.tracking_code, "title": r.title, "unit": { "code": unit.code, "name": unit.display_name(lang) }, "status": r.status, "due": { "kind": d.kind, "date": d.date.to_string(), "working_days_left": d.working_days_left } }));
        }
    }
    let opds: Vec<Value> = by_opd
        .iter()
        .map(|(code, r)| {
            let name = catalog::unit(code).map(|u| u.name.get(lang)).unwrap_or(code);
            json!({
                "opd": { "code": code, "name": name },
                "total": r.total, "open": r.open, "overdue": r.overdue, "answered": r.answered,
                "answered_on_time": r.answered_on_time,
                "answered_on_time_pct": (r.answered > 0).then(|| (r.answered_on_time * 100 + r.answered / 2) / r.answered),
                "finished": r.finished, "misroutes": r.misroutes, "reopened": r.reopened,
                "rating_avg": (!r.ratings.is_empty()).then(|| r.ratings.iter().sum::<i64>() as f64 / r.ratings.len() as f64),
            })
        })
        .collect();
    Ok(Json(
        json!({ "opds": opds, "overdue": overdue_list, "total": rows.len() }),
    ))
}
