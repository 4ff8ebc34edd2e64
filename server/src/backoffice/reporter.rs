//! What the reporter can do on the status page: add information, accept the answer, reopen it
//! within the window, and rate it. The reporter proves who they are with the reporter code
//! (`reporter_token`) the receipt showed; for a confidential report it is the same secret that
//! opens the report. The limits of what they write are `domain::feedback`'s.

use super::workflow::{self, Actor, Plan};
use crate::error::{ApiError, ApiResult};
use crate::store::ReportRow;
use crate::submit::hash_secret;
use crate::{AppState, ReqLang};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::feedback;
use domain::followup::{self, Outcome};
use domain::lifecycle::{scope, Action, Event, Role};
use domain::tracking::TrackingCode;
use domain::wire::{
    AcceptRequest, Done, FollowUpRequest, IdentityOpening, IdentityOpenings, InfoRequest,
    ReopenRequest, ReporterAnswer, ReporterTokenRequest,
};
use domain::Lang;

/// The reporter, proven by the reporter code, as the actor of a move.
pub const REPORTER: Actor = Actor {
    role: Role::Pelapor,
    username: None,
};

pub(crate) async fn as_reporter(
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
        if !scope::shown_by_code(row.privacy, row.held) {
            return Err(ApiError::not_found().lang(lang));
        }
        return Err(ApiError::field(
            "token",
            "invalid",
            "Kode pelapor tidak cocok. Gunakan kode pelapor yang tertera pada tanda terima laporan Anda.",
            "The reporter code does not match. Use the reporter code shown on your receipt.",
        )
        .lang(lang));
    }
    Ok(row)
}

fn field(e: domain::FieldError, lang: Lang) -> ApiError {
    ApiError::validation(vec![e]).lang(lang)
}

fn answer(row: &ReportRow) -> ReporterAnswer {
    ReporterAnswer {
        status: row.status,
        rating: row.rating,
    }
}

/// `POST /api/v1/reports/{code}/info`: more information from the reporter, shown on the status page.
pub async fn add_info(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<InfoRequest>,
) -> ApiResult<(StatusCode, Json<Done>)> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    let text = feedback::info(&b.text).map_err(|e| field(e, lang))?;
    if row.status.is_terminal() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "closed",
            "Laporan sudah ditutup; buat laporan baru bila masalah muncul lagi.",
            "The report is closed; make a new report if the problem returns.",
        )
        .lang(lang));
    }
    workflow::add_entry(&state, &row, &REPORTER, Event::Info, &text).await?;
    Ok((StatusCode::CREATED, Json(Done::YES)))
}

/// `POST /api/v1/reports/{code}/identity-openings`: each time an officer opened this
/// reporter's hidden identity (when, which unit, why), for the reporter alone.
pub async fn identity_openings(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<ReporterTokenRequest>,
) -> ApiResult<Json<IdentityOpenings>> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    Ok(Json(openings_of(&state, &row, lang).await?))
}

/// A report's identity openings as its reporter reads them.
pub async fn openings_of(
    state: &AppState,
    row: &ReportRow,
    lang: Lang,
) -> ApiResult<IdentityOpenings> {
    let openings: Vec<IdentityOpening> = state
        .store
        .history(row.id)
        .await?
        .into_iter()
        .filter(|h| h.event == Event::IdentityOpened)
        .map(|h| IdentityOpening {
            at: h.at,
            unit: domain::wire::unit_named(h.from_unit.as_deref().unwrap_or_default(), lang),
            reason: h.note.unwrap_or_default(),
        })
        .collect();
    Ok(IdentityOpenings {
        text: scope::identity_opened_text(openings.len(), lang),
        openings,
    })
}

/// The rating and comment of a request, checked.
fn rating_of(
    b: &AcceptRequest,
    required: bool,
    lang: Lang,
) -> ApiResult<Option<(u8, Option<String>)>> {
    let r = feedback::rating(b.rating, required).map_err(|e| field(e, lang))?;
    let c = feedback::comment(b.comment.as_deref()).map_err(|e| field(e, lang))?;
    Ok(r.map(|r| (r, c)))
}

/// `POST /api/v1/reports/{code}/accept`: the answer solved it (optionally with a rating), in one
/// commit.
pub async fn accept(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<AcceptRequest>,
) -> ApiResult<Json<ReporterAnswer>> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    let rating = rating_of(&b, false, lang)?;
    let plan = Plan {
        moves: vec![Action::Accept],
        rating,
        ..Default::default()
    };
    let row = workflow::apply(&state, &row, &REPORTER, plan, lang).await?;
    Ok(Json(answer(&row)))
}

/// `POST /api/v1/reports/{code}/reopen`: not solved; back to the unit (within the window).
pub async fn reopen(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<ReopenRequest>,
) -> ApiResult<Json<ReporterAnswer>> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    let reason = feedback::move_text("reason", &b.reason).map_err(|e| field(e, lang))?;
    let row = workflow::apply(
        &state,
        &row,
        &REPORTER,
        Plan::one(Action::Reopen { reason }),
        lang,
    )
    .await?;
    Ok(Json(answer(&row)))
}

/// `POST /api/v1/reports/{code}/rating`: a rating of the answer, with an optional comment.
pub async fn rate(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<AcceptRequest>,
) -> ApiResult<Json<ReporterAnswer>> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    let rating = rating_of(&b, true, lang)?;
    if row.answered_at.is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_answered",
            "Penilaian dapat diberikan setelah laporan ditanggapi.",
            "A rating can be given once the report is answered.",
        )
        .lang(lang));
    }
    let row = workflow::apply(
        &state,
        &row,
        &REPORTER,
        Plan {
            rating,
            ..Default::default()
        },
        lang,
    )
    .await?;
    Ok(Json(answer(&row)))
}

/// `POST /api/v1/reports/{code}/followup`: the reporter's reply to "is the problem really
/// solved?". "Belum" reopens the report when the reporter may still reopen it, and otherwise
/// counts it as unresolved after the answer; both leave a public history line.
pub async fn followup(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Json(b): Json<FollowUpRequest>,
) -> ApiResult<Json<ReporterAnswer>> {
    let row = as_reporter(&state, &code, &b.token, lang).await?;
    let reply = followup::parse_reply(&b.reply).map_err(|e| field(e, lang))?;
    if !followup::awaiting(row.followup_asked_at, row.followup_reply) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "no_followup",
            "Tidak ada pertanyaan tindak lanjut yang menunggu jawaban Anda untuk laporan ini.",
            "There is no follow-up question waiting for your reply on this report.",
        )
        .lang(lang));
    }
    let moves = match followup::outcome(reply, row.status, row.answered_at, state.now()) {
        Outcome::Reopen(action) => vec![action],
        Outcome::Fixed | Outcome::Unresolved => Vec::new(),
    };
    let plan = Plan {
        moves,
        followup: Some(reply),
        ..Default::default()
    };
    let row = workflow::apply(&state, &row, &REPORTER, plan, lang).await?;
    Ok(Json(answer(&row)))
}
