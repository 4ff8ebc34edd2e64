//! `POST /api/v1/reports/{code}/flag`: anyone marks a public report "mengandung data pribadi /
//! tidak pantas" (`domain::moderation`). One flag per device; one counted per network (a keyed
//! hash of the address); rate-limited; at the threshold the report is hidden pending the
//! coordinator's review, with an internal history entry. Who flagged is never shown to anyone.

use crate::error::{ApiError, ApiResult};
use crate::store::NewHistory;
use crate::{AppState, ClientIp, ReqLang};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::lifecycle::{scope, Event, Role};
use domain::moderation::{self, Flag, Hold};
use domain::tracking::TrackingCode;
use domain::wire::{FlagAnswer, FlagRequest};

pub async fn flag(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    Json(b): Json<FlagRequest>,
) -> ApiResult<(StatusCode, Json<FlagAnswer>)> {
    let mut errors = Vec::new();
    let device = b.device.trim();
    if !domain::support::is_device(device) {
        errors.push(domain::support::device_error());
    }
    let flag = Flag::parse(&b.reason, b.note.as_deref());
    if let Err(e) = &flag {
        errors.push(e.clone());
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors).lang(lang));
    }
    let flag = flag.expect("checked above");
    let counted = take_flag(&state, ip, &code, device, &flag, lang).await?;
    let status = if counted {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(FlagAnswer { counted })))
}

/// Takes a checked flag of the report `code` from `device` at `ip`: whether it counted. The
/// API's and the no-JavaScript status page's way in.
pub async fn take_flag(
    state: &AppState,
    ip: std::net::IpAddr,
    code: &str,
    device: &str,
    flag: &Flag,
    lang: domain::Lang,
) -> ApiResult<bool> {
    state.flags.check(ip, lang)?;
    let not_found = || ApiError::not_found().lang(lang);
    let code = TrackingCode::parse(&code).map_err(|_| not_found())?;
    let row = state
        .store
        .report_by_code(code.as_str())
        .await?
        .filter(|r| scope::publicly_listed(r.privacy, r.status, r.held))
        .ok_or_else(not_found)?;
    let device = crate::submit::sha256_hex(&[device.as_bytes()]);
    let network = state.links.pseudonym("flag-network", &ip.to_string());
    let now = state.now();
    let threshold = state.cfg.flag_threshold;
    let r = async {
        let mut tx = state.store.begin().await?;
        // History may be written below: the chain's lock first (PostgreSQL).
        tx.lock_chain().await?;
        let f = tx.add_flag(row.id, &device, &network, flag, now).await?;
        if f.counted && moderation::hides(f.devices - 1, threshold) {
            tx.set_held(row.id, row.privacy, row.status, Some(Hold::Flags), now)
                .await?;
            let note = moderation::held_note(f.devices);
            tx.insert_history(&NewHistory::unchanged(
                &row,
                now,
                Event::Held,
                Role::Sistem,
                &row.unit,
                &note,
                None,
            ))
            .await?;
        }
        tx.commit().await?;
        Ok(f.counted)
    }
    .await;
    Ok(state.store.record(r)?)
}
