//! The officers' side of a report: queues (overdue first), the full record (identity only where
//! the rules allow), the moves, internal notes, and privacy tightening. Every handler first asks
//! `domain::lifecycle::scope` whether this officer may see the report; outside their unit's
//! subtree the answer is the same 404 as for a report that does not exist.

use super::auth::{forbidden, Session};
use super::workflow::{self, Actor, Plan};
use crate::error::{ApiError, ApiResult};
use crate::store::{NewFile, NewHistory, QueueFilter, ReportRow};
use crate::views::{self, Audience};
use crate::{AppState, ReqLang};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use domain::catalog;
use domain::deadline;
use domain::feedback;
use domain::lifecycle::{available_actions, scope, Action, ActionKind, Event, Holder, Status};
use domain::tracking::TrackingCode;
use domain::wire::{
    ActionRequest, Done, DueView, FlagCount, HeldView, NoteRequest, OfficerReport,
    OpenIdentityRequest, PrivacyAnswer, PrivacyRequest, QueuePage, ReporterView, RouteView,
};
use domain::{Lang, Privacy};

pub fn not_found(lang: Lang) -> ApiError {
    ApiError::not_found().lang(lang)
}

/// What `scope::can_read` looks at.
pub fn seen<'a>(row: &ReportRow, unit: &'a catalog::Unit) -> scope::Seen<'a> {
    scope::Seen {
        unit,
        privacy: row.privacy,
        routed: row.with_unit_since.is_some(),
    }
}

/// May this officer read this report?
pub fn readable(session: &Session, row: &ReportRow) -> bool {
    let unit = workflow::unit_of(row);
    scope::can_read(session.officer.role, session.officer.unit, seen(row, unit))
}

/// The report, if this officer may see it.
pub async fn visible(
    state: &AppState,
    session: &Session,
    code: &str,
    lang: Lang,
) -> ApiResult<ReportRow> {
    let code = TrackingCode::parse(code).map_err(|_| not_found(lang))?;
    let row = state
        .store
        .report_by_code(code.as_str())
        .await?
        .ok_or_else(|| not_found(lang))?;
    let unit = catalog::unit(&row.unit).ok_or_else(|| not_found(lang))?;
    if !scope::can_read(session.officer.role, session.officer.unit, seen(&row, unit)) {
        return Err(not_found(lang));
    }
    Ok(row)
}

#[derive(serde::Deserialize, Default)]
pub struct QueueQuery {
    /// `semua` includes finished and closed reports; a status code shows only that status.
    pub status: Option<String>,
    pub overdue: Option<String>,
    pub page: Option<u32>,
}

/// The queue's "everything" filter.
pub const ALL_STATUSES: &str = "semua";
const QUEUE_PER_PAGE: u32 = 50;
/// Page numbers of the queue go this far (500 reports; narrow the filter for more).
const QUEUE_MAX_PAGE: u32 = 10;

/// `GET /api/v1/petugas/reports`: the officer's queue, overdue first, then by deadline (all of it
/// read through the deadline index, within what `scope::read_filter` lets this officer open).
pub async fn queue(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Query(q): Query<QueueQuery>,
) -> ApiResult<Json<QueuePage>> {
    let now = state.now();
    let wanted = q
        .status
        .as_deref()
        .filter(|s| !s.is_empty() && *s != ALL_STATUSES);
    let status = match wanted {
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            ApiError::field(
                "status",
                "invalid",
                format!("Status \"{s}\" tidak dikenal."),
                format!("Unknown status \"{s}\"."),
            )
            .lang(lang)
        })?),
        None => None,
    };
    let read = scope::read_filter(session.officer.role, session.officer.unit)
        .ok_or_else(|| forbidden(lang))?;
    let page = q.page.unwrap_or(1).clamp(1, QUEUE_MAX_PAGE);
    let filter = QueueFilter {
        read,
        status,
        all: q.status.as_deref() == Some(ALL_STATUSES),
        overdue_at: q
            .overdue
            .as_deref()
            .filter(|o| *o == "1" || *o == "true")
            .map(|_| now),
        offset: (page - 1) * QUEUE_PER_PAGE,
        limit: QUEUE_PER_PAGE,
    };
    let (rows, total, overdue) = state.store.queue(&filter, now).await?;
    Ok(Json(QueuePage {
        items: rows
            .rows
            .iter()
            .map(|r| views::queue_item(r, now, lang))
            .collect(),
        total: total.n,
        total_more: total.more,
        overdue: overdue.n,
        overdue_more: overdue.more,
        page,
        per_page: QUEUE_PER_PAGE,
        more: rows.more && page < QUEUE_MAX_PAGE,
    }))
}

/// `GET /api/v1/petugas/reports/{code}`: everything this officer may know about the report.
pub async fn detail(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
) -> ApiResult<Json<OfficerReport>> {
    let row = visible(&state, &session, &code, lang).await?;
    Ok(Json(officer_report(&state, &session, &row, lang).await?))
}

pub(super) async fn officer_report(
    state: &AppState,
    session: &Session,
    row: &ReportRow,
    lang: Lang,
) -> ApiResult<OfficerReport> {
    let now = state.now();
    let role = session.officer.role;
    let mut report = views::report_view(&state.store, row, Audience::Officer, now, lang).await?;
    let identity = scope::sees_identity(role, row.privacy);
    if identity {
        report.reporter_name = row.reporter_name.clone();
    }
    let reporter = if identity {
        identity_of(row)
    } else {
        ReporterView::hidden(scope::may_open_identity(role), lang)
    };
    let category = catalog::category(&row.category)
        .map(|c| c.code)
        .unwrap_or(catalog::FALLBACK_CATEGORY);
    let proposed = domain::route(&domain::RouteRequest {
        category,
        answers: row.answer_pairs().collect(),
        location: row.desa.as_deref(),
    });
    let suggestions = if row.category == catalog::FALLBACK_CATEGORY {
        crate::api::suggestions(
            &format!("{} {}", row.title, row.body),
            row.desa.as_deref(),
            3,
            lang,
        )
    } else {
        Vec::new()
    };
    Ok(OfficerReport {
        report,
        reporter,
        channel: row.channel,
        proposed_route: RouteView::of(&proposed, lang),
        suggestions,
        available_actions: available_actions(
            role,
            session.officer.unit,
            Holder {
                status: row.status,
                unit: workflow::unit_of(row),
            },
        ),
        misroute_count: row.misroute_count,
        reopen_count: row.reopen_count,
        merged_into: row.merged_into.clone(),
        rating: row.rating,
        rating_comment: row.rating_comment.clone(),
        dues: deadline::all(row.status, &row.timeline(), now)
            .iter()
            .map(|d| DueView::of(d, lang))
            .collect(),
        redactable: super::redaction::redactable(state, session, row, lang).await?,
        held: match row.held {
            None => None,
            Some(hold) => Some(HeldView {
                hold,
                text: hold.text(lang).to_string(),
                flags: state
                    .store
                    .flag_counts(row.id)
                    .await?
                    .into_iter()
                    .filter(|(_, devices, notes)| *devices > 0 || !notes.is_empty())
                    .map(|(reason, devices, notes)| FlagCount {
                        reason,
                        label: reason.label(lang).to_string(),
                        devices,
                        notes,
                    })
                    .collect(),
            }),
        },
    })
}

/// `POST /api/v1/petugas/reports/{code}/release`: a held report goes public after review
/// (`moderation::may_release`: a pre-moderated one by the coordinator or its OPD liaison, a
/// flagged one by the coordinator). Its flags are marked reviewed; an internal history entry.
pub async fn release(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
) -> ApiResult<Json<OfficerReport>> {
    let row = visible(&state, &session, &code, lang).await?;
    let Some(hold) = row.held else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_held",
            "Laporan ini tidak sedang ditahan dari publik.",
            "This report is not held from the public.",
        )
        .lang(lang));
    };
    if !domain::moderation::may_release(session.officer.role, hold) {
        return Err(forbidden(lang));
    }
    let now = state.now();
    let r = async {
        let mut tx = state.store.begin().await?;
        tx.lock_chain().await?;
        tx.set_held(row.id, row.privacy, row.status, None, now)
            .await?;
        let note = match hold {
            domain::moderation::Hold::Premoderation => "Ditinjau: ditampilkan ke publik.",
            domain::moderation::Hold::Flags => {
                "Tanda dari publik ditinjau: ditampilkan kembali ke publik."
            }
        };
        tx.insert_history(&NewHistory::unchanged(
            &row,
            now,
            Event::Released,
            session.officer.role,
            &row.unit,
            note,
            Some(&session.officer.username),
        ))
        .await?;
        tx.commit().await
    }
    .await;
    state.store.record(r)?;
    let row = visible(&state, &session, &code, lang).await?;
    Ok(Json(officer_report(&state, &session, &row, lang).await?))
}

/// An action as JSON, or as multipart: an `action` part (that JSON) plus `photo`/`document`
/// parts for an answer. Photos are cleaned like citizens' photos; a document must be a PDF.
async fn read_action(
    req: axum::extract::Request,
    state: &AppState,
    lang: Lang,
) -> ApiResult<(ActionRequest, Vec<NewFile>)> {
    use axum::extract::FromRequest;
    let ctype = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bad = |e: String| {
        ApiError::bad_request(
            format!("Kiriman tidak dapat dibaca: {e}"),
            format!("The request cannot be read: {e}"),
        )
        .lang(lang)
    };
    if !ctype.starts_with("multipart/form-data") {
        let Json(body) = Json::<ActionRequest>::from_request(req, state)
            .await
            .map_err(|e| bad(e.body_text()))?;
        return Ok((body, vec![]));
    }
    let mut mp = axum::extract::Multipart::from_request(req, state)
        .await
        .map_err(|e| bad(e.body_text()))?;
    let mut body = None;
    let mut raw_files = Vec::new();
    while let Some(field) = mp.next_field().await.map_err(|e| bad(e.to_string()))? {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field.bytes().await.map_err(|e| bad(e.to_string()))?;
        match name.as_str() {
            "action" => {
                body = Some(
                    serde_json::from_slice::<ActionRequest>(&bytes)
                        .map_err(|e| bad(e.to_string()))?,
                )
            }
            "photo" | "document" | "file" => raw_files.push(bytes.to_vec()),
            other => return Err(bad(format!("bagian \"{other}\" tidak dikenal"))),
        }
    }
    let body = body.ok_or_else(|| bad("bagian \"action\" tidak ada".into()))?;
    let max = domain::report::MAX_ATTACHMENTS;
    if raw_files.len() > max {
        return Err(ApiError::field(
            "files",
            "too_many",
            format!("Paling banyak {max} lampiran."),
            format!("At most {max} attachments."),
        )
        .lang(lang));
    }
    let limit = state.cfg.limits().max_photo_bytes;
    let mb = state.cfg.limits().photo_mb();
    let files = state.decoders.run(move || {
        raw_files
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                if b.len() as u64 > limit {
                    return Err((i + 1, "too_large"));
                }
                if b.starts_with(b"%PDF-") {
                    return Ok(NewFile { content_type: "application/pdf", width: 0, height: 0, data: b, thumb: Vec::new() });
                }
                crate::photos::process(&b).map(crate::photos::Photo::into_file).map_err(|_| (i + 1, "invalid_type"))
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|_| crate::submit::busy().lang(lang))?
    .map_err(|(i, code)| {
        ApiError::field(
            "files",
            code,
            format!("Lampiran ke-{i} harus foto (JPEG, PNG, WebP) atau dokumen PDF, paling besar {mb} MB."),
            format!("Attachment {i} must be a photo (JPEG, PNG, WebP) or a PDF document of at most {mb} MB."),
        )
        .lang(lang)
    })?;
    Ok((body, files))
}

fn field_required(field: &str, lang: Lang) -> ApiError {
    ApiError::field(
        field,
        "required",
        format!("Isian \"{field}\" wajib diisi untuk tindakan ini."),
        format!("Field \"{field}\" is required for this action."),
    )
    .lang(lang)
}

/// The privacy a request asks for, if any.
fn privacy_of(p: Option<&str>, lang: Lang) -> ApiResult<Option<Privacy>> {
    match p.filter(|p| !p.is_empty()) {
        None => Ok(None),
        Some(p) => Privacy::parse(p).map(Some).ok_or_else(|| {
            let codes: Vec<&str> = Privacy::ALL.iter().map(|p| p.code()).collect();
            ApiError::field(
                "privacy",
                "invalid",
                format!("Pilih salah satu: {}.", codes.join(", ")),
                format!("Choose one of: {}.", codes.join(", ")),
            )
            .lang(lang)
        }),
    }
}

/// Turns a request into the plan of moves it means, with every field checked.
async fn plan_of(
    state: &AppState,
    session: &Session,
    row: &ReportRow,
    body: &ActionRequest,
    files: Vec<NewFile>,
    lang: Lang,
) -> ApiResult<Plan> {
    let kind = ActionKind::parse(&body.action)
        .filter(|k| ActionKind::OFFICERS.contains(k))
        .ok_or_else(|| {
            ApiError::field(
                "action",
                "invalid",
                format!("Tindakan \"{}\" tidak dikenal.", body.action),
                format!("Unknown action \"{}\".", body.action),
            )
            .lang(lang)
        })?;
    if !files.is_empty() && kind != ActionKind::Answer {
        return Err(ApiError::field(
            "files",
            "invalid",
            "Lampiran hanya dapat disertakan pada jawaban (tindak lanjut).",
            "Attachments can only go with an answer.",
        )
        .lang(lang));
    }
    let role = session.officer.role;
    let holder = Holder {
        status: row.status,
        unit: workflow::unit_of(row),
    };
    let offered = available_actions(role, session.officer.unit, holder);
    if !offered.contains(&kind) {
        // The role's or the status' refusal, with its own message; else: not this unit's report.
        domain::lifecycle::moves::allowed(kind, role, row.status)
            .map_err(|e| workflow::transition_error(e, lang))?;
        return Err(forbidden(lang));
    }
    let text = |field: &str, v: &Option<String>| {
        feedback::move_text(field, v.as_deref().unwrap_or(""))
            .map_err(|e| ApiError::validation(vec![e]).lang(lang))
    };
    let to = || body.to.clone().filter(|t| !t.is_empty());
    let mut plan = Plan {
        files,
        ..Default::default()
    };
    plan.moves = match kind {
        ActionKind::Verify => {
            // Verifying routes at once: to the unit the coordinator chose, else to domain's proposal.
            let target = to().unwrap_or(row.proposed_unit.clone());
            if catalog::unit(&target).is_some_and(|u| u.is_external()) {
                return Err(ApiError::field("to", "external", "Unit tujuan adalah instansi di luar Pemkab: gunakan tindakan \"bukan wewenang\".", "The target is outside the regency: use \"not our authority\".").lang(lang));
            }
            plan.privacy = privacy_of(body.privacy.as_deref(), lang)?;
            vec![Action::Verify, Action::Route { to: target }]
        }
        ActionKind::Route => vec![Action::Route {
            to: to().ok_or_else(|| field_required("to", lang))?,
        }],
        ActionKind::Reroute => {
            let to = to().ok_or_else(|| field_required("to", lang))?;
            let target = catalog::unit(&to).ok_or_else(|| {
                ApiError::field(
                    "to",
                    "invalid",
                    format!("Unit \"{to}\" tidak ada."),
                    format!("Unit \"{to}\" does not exist."),
                )
                .lang(lang)
            })?;
            if !scope::may_route_to(role, session.officer.unit, target) {
                return Err(forbidden(lang));
            }
            vec![Action::Reroute {
                to,
                reason: text("reason", &body.reason)?,
            }]
        }
        ActionKind::Return => vec![Action::ReturnToCoordinator {
            reason: text("reason", &body.reason)?,
        }],
        ActionKind::Answer => vec![Action::Answer {
            text: text("text", &body.text)?,
            override_reason: match &body.override_reason {
                Some(r) if !r.trim().is_empty() => {
                    Some(text("override_reason", &body.override_reason)?)
                }
                _ => None,
            },
        }],
        ActionKind::NotAuthority => vec![Action::NotAuthority {
            to: to().unwrap_or_default(),
            note: text("note", &body.note)?,
        }],
        ActionKind::Merge => {
            let into = TrackingCode::parse(body.into.as_deref().unwrap_or("")).map_err(|e| {
                ApiError::field("into", "invalid", e.message(Lang::Id), e.message(Lang::En))
                    .lang(lang)
            })?;
            if into.as_str() == row.tracking_code
                || state.store.report_by_code(into.as_str()).await?.is_none()
            {
                return Err(ApiError::field(
                    "into",
                    "invalid",
                    "Laporan tujuan penggabungan tidak ada atau sama dengan laporan ini.",
                    "The report to merge into does not exist or is this one.",
                )
                .lang(lang));
            }
            vec![Action::Merge {
                into: into.as_str().to_string(),
            }]
        }
        ActionKind::Reject => vec![Action::Reject {
            reason: text("reason", &body.reason)?,
        }],
        ActionKind::Accept | ActionKind::Reopen | ActionKind::AutoFinish => {
            return Err(forbidden(lang))
        }
    };
    Ok(plan)
}

/// `POST /api/v1/petugas/reports/{code}/actions`
pub async fn act(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
    req: axum::extract::Request,
) -> ApiResult<Json<OfficerReport>> {
    let row = visible(&state, &session, &code, lang).await?;
    let (body, files) = read_action(req, &state, lang).await?;
    let plan = plan_of(&state, &session, &row, &body, files, lang).await?;
    let actor = Actor {
        role: session.officer.role,
        username: Some(&session.officer.username),
    };
    let row = workflow::apply(&state, &row, &actor, plan, lang).await?;
    Ok(Json(officer_report(&state, &session, &row, lang).await?))
}

/// `POST /api/v1/petugas/reports/{code}/privacy`: the coordinator tightens (never loosens) privacy.
pub async fn privacy(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
    Json(body): Json<PrivacyRequest>,
) -> ApiResult<Json<PrivacyAnswer>> {
    let row = visible(&state, &session, &code, lang).await?;
    if !session.officer.role.is_coordinator() {
        return Err(forbidden(lang));
    }
    let to =
        privacy_of(Some(&body.privacy), lang)?.ok_or_else(|| field_required("privacy", lang))?;
    let actor = Actor {
        role: session.officer.role,
        username: Some(&session.officer.username),
    };
    let row = workflow::apply(
        &state,
        &row,
        &actor,
        Plan {
            privacy: Some(to),
            ..Default::default()
        },
        lang,
    )
    .await?;
    Ok(Json(PrivacyAnswer {
        privacy: row.privacy,
    }))
}

/// `POST /api/v1/petugas/reports/{code}/notes`: an internal note the public never sees.
pub async fn note(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
    Json(body): Json<NoteRequest>,
) -> ApiResult<(StatusCode, Json<Done>)> {
    let row = visible(&state, &session, &code, lang).await?;
    if !session.officer.role.writes_notes() {
        return Err(forbidden(lang));
    }
    let text = feedback::note(&body.text).map_err(|e| ApiError::validation(vec![e]).lang(lang))?;
    let actor = Actor {
        role: session.officer.role,
        username: Some(&session.officer.username),
    };
    workflow::add_entry(&state, &row, &actor, Event::Note, &text).await?;
    Ok((StatusCode::CREATED, Json(Done::YES)))
}

/// `POST /api/v1/petugas/reports/{code}/identity`: "Buka identitas". A coordinator opens a
/// hidden reporter's identity with a reason; the opening is a history entry (in the chain),
/// the reporter reads it on their status page, and a coordinator who opens more than the
/// operator's limit in a day alerts the others. The identity is in this answer only: the next
/// look is the next opening.
pub async fn open_identity(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
    Json(body): Json<OpenIdentityRequest>,
) -> ApiResult<Json<ReporterView>> {
    let row = visible(&state, &session, &code, lang).await?;
    let me = &session.officer;
    if !scope::may_open_identity(me.role) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Hanya koordinator yang dapat membuka identitas pelapor; unit penanganan tidak pernah dapat.",
            "Only the coordinator can open a reporter's identity; a handling unit never can.",
        )
        .lang(lang));
    }
    if scope::sees_identity(me.role, row.privacy) {
        // Nothing hidden: a public report's reporter is shown as it is.
        return Ok(Json(identity_of(&row)));
    }
    let reason = feedback::identity_reason(&body.reason)
        .map_err(|e| ApiError::validation(vec![e]).lang(lang))?;
    let now = state.now();
    let others: Vec<String> = state
        .store
        .officers()
        .await?
        .into_iter()
        .filter(|o| o.active && o.role == me.role && o.username != me.username)
        .filter_map(|o| o.email)
        .filter(|e| !e.is_empty())
        .collect();
    let r = async {
        let mut tx = state.store.begin().await?;
        tx.insert_history(&NewHistory::unchanged(
            &row,
            now,
            Event::IdentityOpened,
            me.role,
            me.unit.code,
            &reason,
            Some(&me.username),
        ))
        .await?;
        tx.bump(row.id).await?;
        let start_of_day = domain::Date::from_unix_wib(now).add_days(-1).end_unix_wib();
        let today = tx
            .identity_openings_since(&me.username, start_of_day)
            .await?;
        if today > i64::from(state.cfg.identity_alert_per_day) {
            for to in &others {
                let m =
                    super::mail::identity_alert(&state, to, &me.display_name, today, &row, &reason);
                tx.enqueue(&m, now).await?;
            }
        }
        tx.commit().await
    }
    .await;
    state.store.record(r)?;
    Ok(Json(identity_of(&row)))
}

fn identity_of(row: &ReportRow) -> ReporterView {
    ReporterView {
        hidden: false,
        name: row.reporter_name.clone(),
        phone: row.reporter_phone.clone(),
        email: row.reporter_email.clone(),
        message: None,
    }
}

#[derive(serde::Deserialize, Default)]
pub struct PhotoQuery {
    pub thumb: Option<String>,
    /// A blacked-out photo as it arrived: the coordinator's only (`redaction::sees_original`).
    pub original: Option<String>,
}

/// Photos of any report the officer may see, confidential ones included.
pub async fn photo(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path((code, id)): Path<(String, i64)>,
    Query(q): Query<PhotoQuery>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let row = visible(&state, &session, &code, lang).await?;
    let (content_type, bytes) = if q.original.is_some() {
        if !domain::redaction::sees_original(session.officer.role) {
            return Err(forbidden(lang));
        }
        let original = state.store.original_photo(row.id, id).await?;
        (
            "image/jpeg".to_string(),
            original.ok_or_else(|| not_found(lang))?,
        )
    } else {
        state
            .store
            .attachment_bytes(row.id, id, q.thumb.is_some())
            .await?
            .ok_or_else(|| not_found(lang))?
    };
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (
                axum::http::header::CACHE_CONTROL,
                "private, no-store".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}
