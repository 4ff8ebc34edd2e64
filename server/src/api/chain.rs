//! The history chain in public (`domain::chain`): a report's proof and the published daily heads.

use super::report::{open_report, secret_of};
use crate::error::{ApiError, ApiResult};
use crate::{AppState, ClientIp, ReqLang};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::wire::ChainHeads;
use domain::{Date, Lang};

/// How many days of heads one request may ask for, and how many it gets when it names none.
pub const MAX_HEAD_DAYS: i64 = 366;
pub const DEFAULT_HEAD_DAYS: i64 = 31;

/// `GET /api/v1/reports/{code}/proof`: opened like the report itself (a confidential one needs
/// its secret in `X-Reporter-Secret`; otherwise the same 404).
pub async fn proof(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    state.lookups.check(ip, lang)?;
    let secret = secret_of(&headers);
    let row = open_report(&state, &code, secret.as_deref(), lang).await?;
    let today = Date::from_unix_wib(state.now());
    match state.store.chain_proof(row.id, &row.tracking_code, today).await? {
        Ok(p) => {
            let mut res = Json(p).into_response();
            res.headers_mut()
                .insert(header::CACHE_CONTROL, "no-store".parse().unwrap());
            Ok(res)
        }
        Err(long) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "proof_too_long",
            format!("Bukti untuk {} lebih dari {} entri dan tidak dapat dikirim lewat API. Minta salinannya ke Diskominfo (perintah server verify-chain memeriksa seluruh rantai).", long.day, domain::chain::MAX_PROOF_LINKS),
            format!("The proof for {} is longer than {} entries and cannot be sent through the API. Ask Diskominfo for a copy (the server's verify-chain command checks the whole chain).", long.day, domain::chain::MAX_PROOF_LINKS),
        )
        .lang(lang)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct HeadsQuery {
    pub days: Option<String>,
}

/// `GET /api/v1/chain/heads?days=N`: the newest N days' heads, newest first.
pub async fn heads(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<HeadsQuery>,
) -> ApiResult<Json<ChainHeads>> {
    let days = match q.days.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => DEFAULT_HEAD_DAYS,
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_HEAD_DAYS).contains(n))
            .ok_or_else(|| days_error(s, lang))?,
    };
    let today = Date::from_unix_wib(state.now());
    Ok(Json(ChainHeads {
        heads: state.store.chain_heads(today, days).await?,
    }))
}

fn days_error(s: &str, lang: Lang) -> ApiError {
    ApiError::param(
        "days",
        "invalid",
        format!(
            "Jumlah hari \"{}\" tidak dapat dipakai. Tulis angka 1 sampai {MAX_HEAD_DAYS}.",
            domain::text::shown(s)
        ),
        format!(
            "The number of days \"{}\" cannot be used. Write a number from 1 to {MAX_HEAD_DAYS}.",
            domain::text::shown(s)
        ),
    )
    .lang(lang)
}
