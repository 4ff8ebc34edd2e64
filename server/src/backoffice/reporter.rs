//! What the reporter can do on the status page: add information, accept the answer, reopen it
//! within 10 working days, and rate it. The reporter proves who they are with the reporter code
//! (`reporter_token`) the receipt showed; for a confidential report it is the same secret that
//! opens the report.

use super::workflow::{self, Actor};
use crate::error::{ApiError, ApiResult};
use crate::store::ReportRow;
use crate::submit::hash_secret;
use crate::{AppState, ReqLang};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::lifecycle::{Action, Role};
use domain::tracking::TrackingCode;
use domain::Lang;
use serde_json::{json, Value};

#[derive(serde::Deserialize, Default)]
pub struct ReporterBody {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub rating: Option<i64>,
    #[serde(default)]
    pub comment: Option<String>,
}

async fn as_reporter(
    state: &AppState,
    code: &str,
    token: &str,
    lang: Lang,
) -> ApiResult<ReportRow> {
    let code = TrackingCode::parse(code).map_err(|_| ApiError::not_found().lang(lang))?;
    let row = state
        .store
        .report_by_code(code.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found().lang(lang))?;
    let ok =
        !token.trim().is_empty() && row.secret_hash.as_deref() == Some(hash_secret(token).as_str());
    if !ok {
        if row.privacy == "rahasia" {
            return Err(ApiError::not_found().lang(lang));
        }
        return Err(ApiError::field("token", "invalid", "Kode pelapor tidak cocok. Gunakan kode pelapor yang tertera pada tanda terima laporan Anda.", "The reporter code does not match. Use the reporter code shown on your receipt.").lang(lang));
    }
    Ok(row)
}

fn check_rating(rating: Option<i64>, comment: &Option<String>, lang: Lang) -> ApiResult<()> {
    if let Some(r) = rating {
        if !(1..=5).contains(&r) {
            return Err(ApiError::field(
                "rating",
                "invalid",
                "Penilaian berupa angka 1 sampai 5.",
                "The rating is a number from 1 to 5.",
            )
            .lang(lang));
        }
    }
    if comment.as_deref().is_some_and(|c| c.chars().count() > 1000) {
        return Err(ApiError::field(
            "comment",
            "too_long",
            "Komentar paling banyak 1.000 karakter.",
            "The comment may have at most 1,000 characters.",
        )
        .lang(lang));
    }
    Ok(())
}

async fn save_rating(
    state: &AppState,
    row: &ReportRow,
    rating: Option<i64>,
    comment: Option<String>,
) -> ApiResult<()> {
    if let Some(r) = rating {
        sqlx::query("UPDATE reports SET rating = $1, rating_comment = $2 WHERE id = $3")
            .bind(r)
            .bind(
                comment
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
            )
            .bind(row.id)
            .execute(state.store.pool())
            .await?;
    }
    Ok(())
}

/// The reporter, proven by the `reporter_token`, as the actor of a move.
const REPORTER: Actor = Actor {
    role: Role::Pelapor,
    username: None,
};

/// `POST /api/v1/reports/{code}/info`: more information from the reporter, shown on the status page.
pub async fn add_info(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<ReporterBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    let text = b.text.trim();
    if text.chars().count() < 5 || text.chars().count() > domain::report::BODY_MAX {
        return Err(ApiError::field(
            "text",
            "invalid",
            "Tambahan informasi 5–4.000 karakter.",
            "Additional information needs 5–4,000 characters.",
        )
        .lang(lang));
    }
    if domain::lifecycle::Status::parse(&row.status).is_some_and(|s| s.is_terminal()) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "closed",
            "Laporan sudah ditutup; buat laporan baru bila masalah muncul lagi.",
            "The report is closed; make a new report if the problem returns.",
        )
        .lang(lang));
    }
    sqlx::query("INSERT INTO report_history (report_id, at, action, from_status, to_status, role, from_unit, to_unit, note, actor, is_public) VALUES ($1, $2, 'info', $3, $3, 'pelapor', NULL, $4, $5, NULL, 1)")
        .bind(row.id)
        .bind(state.now())
        .bind(&row.status)
        .bind(&row.unit)
        .bind(text)
        .execute(state.store.pool())
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "ok": true }))))
}

/// `POST /api/v1/reports/{code}/accept`: the answer solved it (optionally with a rating).
pub async fn accept(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<ReporterBody>,
) -> ApiResult<Json<Value>> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    check_rating(b.rating, &b.comment, lang)?;
    let row = workflow::apply(&state, &row, &REPORTER, &Action::Accept, lang).await?;
    save_rating(&state, &row, b.rating, b.comment).await?;
    Ok(Json(json!({ "status": row.status })))
}

/// `POST /api/v1/reports/{code}/reopen`: not solved; back to the unit (within 10 working days).
pub async fn reopen(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<ReporterBody>,
) -> ApiResult<Json<Value>> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    let row = workflow::apply(
        &state,
        &row,
        &REPORTER,
        &Action::Reopen {
            reason: b.reason.clone(),
        },
        lang,
    )
    .await?;
    Ok(Json(json!({ "status": row.status })))
}

/// `POST /api/v1/reports/{code}/rating`: a 1–5 rating of the answer, with an optional comment.
pub async fn rate(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<ReporterBody>,
) -> ApiResult<Json<Value>> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    if b.rating.is_none() {
        return Err(ApiError::field(
            "rating",
            "required",
            "Pilih penilaian 1 sampai 5.",
            "Choose a rating from 1 to 5.",
        )
        .lang(lang));
    }
    check_rating(b.rating, &b.comment, lang)?;
    if row.answered_at.is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_answered",
            "Penilaian dapat diberikan setelah laporan ditanggapi.",
            "A rating can be given once the report is answered.",
        )
        .lang(lang));
    }
    save_rating(&state, &row, b.rating, b.comment).await?;
    Ok(Json(json!({ "rating": b.rating })))
}
