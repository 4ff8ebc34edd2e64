//! Two-step sign-in (`domain::totp`): an officer enrols an authenticator app (a new secret and
//! its QR code, then the first code the app shows), gets ten one-time recovery codes, and from
//! then on signs in with a code; a coordinator resets it for a lost phone. Required for the
//! coordinator and the leadership (their sessions can do nothing else until they enrol).

use super::auth::{forbidden, AnySession, Session};
use crate::error::{ApiError, ApiResult};
use crate::submit::{random, sha256_hex};
use crate::{AppState, ReqLang};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::lifecycle::Role;
use domain::totp;
use domain::wire::{Done, TotpConfirm, TotpEnabled, TotpSetup};
use domain::Lang;

fn already(lang: Lang) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "totp_enabled",
        "Verifikasi dua langkah akun ini sudah aktif. Bila ponsel hilang, minta koordinator menyetelnya ulang.",
        "Two-step sign-in is already on for this account. If the phone is lost, ask the coordinator to reset it.",
    )
    .lang(lang)
}

/// `POST /api/v1/petugas/totp/setup`: a new secret for this account's authenticator app.
pub async fn setup(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    AnySession(session, _): AnySession,
) -> ApiResult<Json<TotpSetup>> {
    let secret = random::<{ totp::SECRET_BYTES }>();
    if !state.store.start_totp(session.officer.id, &secret).await? {
        return Err(already(lang));
    }
    let uri = totp::otpauth_uri(&session.officer.username, &secret);
    let qr = qrcode::QrCode::new(uri.as_bytes())
        .map_err(|e| ApiError::internal("QR code", e))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    // Inline in a page: without the XML declaration.
    let qr_svg = qr.find("<svg").map_or(qr.clone(), |i| qr[i..].to_string());
    Ok(Json(TotpSetup {
        secret: totp::base32(&secret),
        otpauth_uri: uri,
        qr_svg,
    }))
}

/// `POST /api/v1/petugas/totp/confirm`: the app's first code turns two-step sign-in on; the
/// answer carries the recovery codes, this once.
pub async fn confirm(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    AnySession(session, _): AnySession,
    Json(body): Json<TotpConfirm>,
) -> ApiResult<Json<TotpEnabled>> {
    let now = state.now();
    let t = state.store.totp_state(session.officer.id).await?;
    if t.enabled {
        return Err(already(lang));
    }
    let Some(secret) = t.secret else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "totp_not_started",
            "Mulai dulu dengan \"Aktifkan verifikasi dua langkah\" untuk mendapatkan kode QR.",
            "Start with \"Turn on two-step sign-in\" to get the QR code first.",
        )
        .lang(lang));
    };
    let step = totp::check(&secret, &body.code, now, None).map_err(|r| {
        ApiError::field("code", r.code(), r.message(Lang::Id), r.message(Lang::En)).lang(lang)
    })?;
    let codes: Vec<String> = (0..totp::RECOVERY_CODES)
        .map(|_| totp::recovery_code(&random::<10>()))
        .collect();
    let hashes: Vec<String> = codes
        .iter()
        .filter_map(|c| totp::recovery_input(c))
        .map(|c| sha256_hex(&[c.as_bytes()]))
        .collect();
    if !state
        .store
        .enable_totp(&session.officer, step, &hashes, &session.token_hash, now)
        .await?
    {
        return Err(already(lang));
    }
    Ok(Json(TotpEnabled {
        recovery_codes: codes,
    }))
}

/// `POST /api/v1/petugas/officers/{username}/totp-reset`: the coordinator resets another
/// account's two-step sign-in (a lost phone); it enrols again at its next login.
pub async fn reset(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(username): Path<String>,
) -> ApiResult<Json<Done>> {
    if session.officer.role != Role::Koordinator {
        return Err(forbidden(lang));
    }
    let Some(o) = state.store.officer(&username).await? else {
        return Err(ApiError::not_found().lang(lang));
    };
    state
        .store
        .reset_totp(&o, &session.officer.username, state.now())
        .await?;
    Ok(Json(Done::YES))
}
