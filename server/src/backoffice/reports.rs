//! The officers' side of a report: queues (overdue first), the full record (identity only where
//! the rules allow), the moves, internal notes, and privacy tightening. Every handler first asks
//! `domain::lifecycle::scope` whether this officer may see the report; outside their unit's
//! subtree the answer is the same 404 as for a report that does not exist.

use super::auth::{forbidden, Session};
use super::workflow::{self, Actor};
use crate::api::{self, timeline};
use crate::error::{ApiError, ApiResult};
use crate::store::ReportRow;
use crate::{AppState, ReqLang};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use domain::catalog::{self, UNITS};
use domain::deadline;
use domain::lifecycle::{scope, Action, Role, Status};
use domain::tracking::TrackingCode;
use domain::{Lang, Privacy};
use serde_json::{json, Value};

pub fn not_found(lang: Lang) -> ApiError {
    ApiError::not_found().lang(lang)
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
    if !scope::can_see(session.officer.role, session.officer.unit, unit) {
        return Err(not_found(lang));
    }
    Ok(row)
}

fn units_in_scope(session: &Session) -> Option<Vec<&'static str>> {
    match session.officer.role {
        Role::Koordinator | Role::Pimpinan => None,
        _ => Some(
            UNITS
                .iter()
                .filter(|u| u.is_within(session.officer.unit))
                .map(|u| u.code)
                .collect(),
        ),
    }
}

fn queue_item(row: &ReportRow, now: i64, lang: Lang) -> Value {
    let status = Status::parse(&row.status).unwrap_or(Status::Diterima);
    let due = deadline::current(status, &timeline(row), now);
    let mut item = api::list_item(row, lang);
    item["privacy"] = json!(row.privacy);
    item["proposed_unit"] = json!(row.proposed_unit);
    item["due"] = json!(due.map(|d| json!({ "kind": d.kind, "date": d.date.to_string(), "overdue": d.overdue, "working_days_left": d.working_days_left })));
    item["misroute_count"] = json!(row.misroute_count);
    item["reopen_count"] = json!(row.reopen_count);
    item
}

#[derive(serde::Deserialize, Default)]
pub struct QueueQuery {
    /// `semua` includes finished and closed reports.
    pub status: Option<String>,
    pub overdue: Option<String>,
    pub page: Option<u32>,
}

/// `GET /api/v1/petugas/reports`: the officer's queue, overdue first, then by deadline.
pub async fn queue(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Query(q): Query<QueueQuery>,
) -> ApiResult<Json<Value>> {
    let now = state.now();
    let all = q.status.as_deref() == Some("semua");
    let units = units_in_scope(&session);
    let mut rows = state.store.reports_for_units(units.as_deref(), all).await?;
    if let Some(s) = q
        .status
        .as_deref()
        .filter(|s| *s != "semua" && !s.is_empty())
    {
        rows.retain(|r| r.status == s);
    }
    let mut items: Vec<(bool, i64, Value)> = rows
        .iter()
        .map(|r| {
            let v = queue_item(r, now, lang);
            let overdue = v["due"]["overdue"].as_bool().unwrap_or(false);
            let at = deadline::current(
                Status::parse(&r.status).unwrap_or(Status::Diterima),
                &timeline(r),
                now,
            )
            .map(|d| d.at)
            .unwrap_or(i64::MAX);
            (overdue, at, v)
        })
        .collect();
    if q.overdue
        .as_deref()
        .is_some_and(|o| o == "1" || o == "true")
    {
        items.retain(|i| i.0);
    }
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let per_page = 50usize;
    let page = q.page.unwrap_or(1).max(1) as usize;
    let total = items.len();
    let overdue = items.iter().filter(|i| i.0).count();
    let page_items: Vec<Value> = items
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|i| i.2)
        .collect();
    Ok(Json(
        json!({ "items": page_items, "total": total, "overdue": overdue, "page": page, "per_page": per_page }),
    ))
}

/// The moves this officer can make on this report now.
fn available(row: &ReportRow, session: &Session, now: i64) -> Vec<&'static str> {
    let status = Status::parse(&row.status).unwrap_or(Status::Diterima);
    let role = session.officer.role;
    let probes = [
        Action::Verify,
        Action::Reroute {
            to: "x".into(),
            reason: "x".into(),
        },
        Action::ReturnToCoordinator { reason: "x".into() },
        Action::Answer { text: "x".into() },
        Action::NotAuthority {
            to: "x".into(),
            note: String::new(),
        },
        Action::Merge { into: "x".into() },
        Action::Reject { reason: "x".into() },
    ];
    let ctx = domain::lifecycle::Context {
        now,
        answered_at: row.answered_at,
    };
    let report_unit = catalog::unit(&row.unit).unwrap_or_else(catalog::coordinator);
    probes
        .iter()
        .filter(
            |a| match domain::lifecycle::transition(status, role, a, ctx) {
                Ok(_) | Err(domain::lifecycle::TransitionError::UnknownUnit(_)) => true,
                Err(_) => false,
            },
        )
        .filter(|a| match a {
            // Only the unit holding the report answers it.
            Action::Answer { .. } | Action::ReturnToCoordinator { .. } => {
                report_unit.is_within(session.officer.unit)
            }
            Action::Reroute { .. } if role == Role::PenghubungOpd => {
                report_unit.is_within(session.officer.unit)
            }
            _ => true,
        })
        .map(Action::code)
        .collect()
}

/// `GET /api/v1/petugas/reports/{code}`: everything this officer may know about the report.
pub async fn detail(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
) -> ApiResult<Json<Value>> {
    let row = visible(&state, &session, &code, lang).await?;
    Ok(Json(detail_json(&state, &session, &row, lang).await?))
}

async fn detail_json(
    state: &AppState,
    session: &Session,
    row: &ReportRow,
    lang: Lang,
) -> ApiResult<Value> {
    let now = state.now();
    let mut v = api::public_view(state, row, None, lang).await?;
    let privacy = Privacy::parse(&row.privacy).unwrap_or(Privacy::Rahasia);
    // Officers see the confidential report's photos too: through the officer photo route.
    let attachments = state.store.attachments(row.id).await?;
    v["photos"] = json!(attachments
        .iter()
        .filter(|a| a.history_id.is_none())
        .map(|a| json!({ "url": format!("/api/v1/petugas/reports/{}/photos/{}", row.tracking_code, a.id), "thumb_url": format!("/api/v1/petugas/reports/{}/photos/{}?thumb=1", row.tracking_code, a.id) }))
        .collect::<Vec<_>>());
    v["reporter"] = if scope::sees_identity(session.officer.role, privacy) {
        json!({ "name": row.reporter_name, "phone": row.reporter_phone, "email": row.reporter_email })
    } else {
        json!({ "hidden": true, "message": match lang { Lang::Id => "Identitas pelapor disembunyikan (laporan anonim/rahasia).", Lang::En => "The reporter's identity is hidden (anonymous/confidential report)." } })
    };
    v["reporter_name"] = if scope::sees_identity(session.officer.role, privacy) {
        json!(row.reporter_name)
    } else {
        Value::Null
    };
    let history = state.store.history(row.id).await?;
    v["history"] = json!(history
        .iter()
        .map(|h| json!({
            "at": h.at, "action": h.action, "status": h.to_status, "role": h.role,
            "status_label": Status::parse(&h.to_status).map(|s| s.label(lang)).unwrap_or(""),
            "from_unit": h.from_unit, "to_unit": h.to_unit, "note": h.note, "actor": h.actor, "internal": !h.is_public,
        }))
        .collect::<Vec<_>>());
    let answers: Vec<(&str, &str)> =
        serde_json::from_str::<std::collections::BTreeMap<String, String>>(&row.answers)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, val)| {
                let q = domain::catalog::question(&k)?;
                let o = q.options.iter().find(|o| o.value == val)?;
                Some((q.code, o.value))
            })
            .collect();
    let proposed = domain::route(&domain::RouteRequest {
        category: catalog::category(&row.category)
            .map(|c| c.code)
            .unwrap_or("lainnya"),
        answers,
        location: row.desa.as_deref(),
    });
    v["proposed_route"] = api::route_json(&proposed, lang);
    v["suggestions"] = suggestions(row, lang);
    v["available_actions"] = json!(available(row, session, now));
    v["misroute_count"] = json!(row.misroute_count);
    v["reopen_count"] = json!(row.reopen_count);
    v["merged_into"] = json!(row.merged_into);
    v["rating"] = json!(row.rating);
    v["rating_comment"] = json!(row.rating_comment);
    v["dues"] = json!(deadline::all(
        Status::parse(&row.status).unwrap_or(Status::Diterima),
        &timeline(row),
        now
    ));
    Ok(v)
}

/// For a report filed under "lainnya": the categories its words suggest (the citizen's own
/// suggestion engine, run on the title and text).
fn suggestions(row: &ReportRow, lang: Lang) -> Value {
    if row.category != "lainnya" {
        return json!([]);
    }
    let text = format!("{} {}", row.title, row.body);
    json!(crate::api::suggest_json(
        &text,
        row.desa.as_deref(),
        3,
        lang
    ))
}

/// An action as JSON, or as multipart: an `action` part (that JSON) plus `photo`/`document`
/// parts for an answer. Photos are cleaned like citizens' photos; a document must be a PDF.
async fn read_action(
    req: axum::extract::Request,
    state: &AppState,
    lang: Lang,
) -> ApiResult<(ActionBody, Vec<workflow::NewFile>)> {
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
        let Json(body) = Json::<ActionBody>::from_request(req, state)
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
                    serde_json::from_slice::<ActionBody>(&bytes).map_err(|e| bad(e.to_string()))?,
                )
            }
            "photo" | "document" | "file" => raw_files.push(bytes.to_vec()),
            other => return Err(bad(format!("bagian \"{other}\" tidak dikenal"))),
        }
    }
    let body = body.ok_or_else(|| bad("bagian \"action\" tidak ada".into()))?;
    if raw_files.len() > domain::report::MAX_ATTACHMENTS {
        return Err(ApiError::field(
            "files",
            "too_many",
            "Paling banyak 5 lampiran.",
            "At most 5 attachments.",
        )
        .lang(lang));
    }
    let limit = state.cfg.max_photo_bytes() as usize;
    let files = tokio::task::spawn_blocking(move || {
        raw_files
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                if b.len() > limit {
                    return Err((i + 1, "too_large"));
                }
                if b.starts_with(b"%PDF-") {
                    return Ok(workflow::NewFile { content_type: "application/pdf", width: 0, height: 0, data: b, thumb: Vec::new() });
                }
                crate::photos::process(&b)
                    .map(|p| workflow::NewFile { content_type: "image/jpeg", width: p.width, height: p.height, data: p.jpeg, thumb: p.thumb })
                    .map_err(|_| (i + 1, "invalid"))
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| ApiError::internal("attachments", e))?
    .map_err(|(i, code)| {
        ApiError::field(
            "files",
            if code == "too_large" { "too_large" } else { "invalid_type" },
            format!("Lampiran ke-{i} harus foto (JPEG, PNG, WebP) atau dokumen PDF, paling besar {} MB.", state.cfg.max_photo_mb),
            format!("Attachment {i} must be a photo (JPEG, PNG, WebP) or a PDF document of at most {} MB.", state.cfg.max_photo_mb),
        )
        .lang(lang)
    })?;
    Ok((body, files))
}

#[derive(serde::Deserialize, Default)]
pub struct ActionBody {
    pub action: String,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub into: Option<String>,
    /// Tighten privacy while verifying.
    #[serde(default)]
    pub privacy: Option<String>,
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

/// `POST /api/v1/petugas/reports/{code}/actions`
pub async fn act(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
    req: axum::extract::Request,
) -> ApiResult<Json<Value>> {
    let row = visible(&state, &session, &code, lang).await?;
    let (body, files) = read_action(req, &state, lang).await?;
    if !files.is_empty() && body.action != "answer" {
        return Err(ApiError::field(
            "files",
            "invalid",
            "Lampiran hanya dapat disertakan pada jawaban (tindak lanjut).",
            "Attachments can only go with an answer.",
        )
        .lang(lang));
    }
    let role = session.officer.role;
    let actor = Actor {
        role,
        username: Some(&session.officer.username),
    };
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let report_unit = catalog::unit(&row.unit).unwrap_or_else(catalog::coordinator);
    let row = match body.action.as_str() {
        "verify" => {
            // Verifying routes at once: to the unit the coordinator chose, else to domain's proposal.
            let target = body
                .to
                .clone()
                .filter(|t| !t.is_empty())
                .unwrap_or(row.proposed_unit.clone());
            if let Some(p) = body.privacy.as_deref().filter(|p| !p.is_empty()) {
                tighten_privacy(&state, &session, &row, p, lang).await?;
            }
            let verified = workflow::apply(&state, &row, &actor, &Action::Verify, lang).await?;
            if catalog::unit(&target).is_some_and(|u| u.is_external()) {
                return Err(ApiError::field("to", "external", "Unit tujuan adalah instansi di luar Pemkab: gunakan tindakan \"bukan wewenang\".", "The target is outside the regency: use \"not our authority\".").lang(lang));
            }
            workflow::apply(
                &state,
                &verified,
                &actor,
                &Action::Route { to: target },
                lang,
            )
            .await?
        }
        "route" => {
            let to = body.to.clone().ok_or_else(|| field_required("to", lang))?;
            workflow::apply(&state, &row, &actor, &Action::Route { to }, lang).await?
        }
        "reroute" => {
            let to = body.to.clone().ok_or_else(|| field_required("to", lang))?;
            let target = catalog::unit(&to).ok_or_else(|| {
                ApiError::field(
                    "to",
                    "invalid",
                    format!("Unit \"{to}\" tidak ada."),
                    format!("Unit \"{to}\" does not exist."),
                )
                .lang(lang)
            })?;
            let own = role == Role::Koordinator || report_unit.is_within(session.officer.unit);
            if !own || !scope::may_route_to(role, session.officer.unit, target) {
                return Err(forbidden(lang));
            }
            workflow::apply(
                &state,
                &row,
                &actor,
                &Action::Reroute {
                    to,
                    reason: s(&body.reason),
                },
                lang,
            )
            .await?
        }
        "return" => {
            if !report_unit.is_within(session.officer.unit) {
                return Err(forbidden(lang));
            }
            workflow::apply(
                &state,
                &row,
                &actor,
                &Action::ReturnToCoordinator {
                    reason: s(&body.reason),
                },
                lang,
            )
            .await?
        }
        "answer" => {
            if !report_unit.is_within(session.officer.unit) {
                return Err(forbidden(lang));
            }
            workflow::apply_with_files(
                &state,
                &row,
                &actor,
                &Action::Answer {
                    text: s(&body.text),
                },
                &files,
                lang,
            )
            .await?
        }
        "not_authority" => {
            workflow::apply(
                &state,
                &row,
                &actor,
                &Action::NotAuthority {
                    to: s(&body.to),
                    note: s(&body.note),
                },
                lang,
            )
            .await?
        }
        "merge" => {
            let into = TrackingCode::parse(&s(&body.into)).map_err(|e| {
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
            workflow::apply(
                &state,
                &row,
                &actor,
                &Action::Merge {
                    into: into.as_str().to_string(),
                },
                lang,
            )
            .await?
        }
        "reject" => {
            workflow::apply(
                &state,
                &row,
                &actor,
                &Action::Reject {
                    reason: s(&body.reason),
                },
                lang,
            )
            .await?
        }
        other => {
            return Err(ApiError::field(
                "action",
                "invalid",
                format!("Tindakan \"{other}\" tidak dikenal."),
                format!("Unknown action \"{other}\"."),
            )
            .lang(lang));
        }
    };
    Ok(Json(detail_json(&state, &session, &row, lang).await?))
}

async fn tighten_privacy(
    state: &AppState,
    session: &Session,
    row: &ReportRow,
    to: &str,
    lang: Lang,
) -> ApiResult<Privacy> {
    if session.officer.role != Role::Koordinator {
        return Err(forbidden(lang));
    }
    let to = Privacy::parse(to).ok_or_else(|| {
        ApiError::field(
            "privacy",
            "invalid",
            "Pilih publik, anonim, atau rahasia.",
            "Choose publik, anonim or rahasia.",
        )
        .lang(lang)
    })?;
    let current = Privacy::parse(&row.privacy).unwrap_or(Privacy::Rahasia);
    let new = current.tighten(to);
    if new != current {
        let mut tx = state.store.pool().begin().await?;
        sqlx::query("UPDATE reports SET privacy = $1 WHERE id = $2")
            .bind(new.code())
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO report_history (report_id, at, action, from_status, to_status, role, from_unit, to_unit, note, actor, is_public) VALUES ($1, $2, 'privacy', $3, $3, 'koordinator', NULL, NULL, $4, $5, 0)")
            .bind(row.id)
            .bind(state.now())
            .bind(&row.status)
            .bind(format!("{} → {}", current.code(), new.code()))
            .bind(&session.officer.username)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(new)
}

#[derive(serde::Deserialize)]
pub struct PrivacyBody {
    pub privacy: String,
}

/// `POST /api/v1/petugas/reports/{code}/privacy`: the coordinator tightens (never loosens) privacy.
pub async fn privacy(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
    Json(body): Json<PrivacyBody>,
) -> ApiResult<Json<Value>> {
    let row = visible(&state, &session, &code, lang).await?;
    let new = tighten_privacy(&state, &session, &row, &body.privacy, lang).await?;
    Ok(Json(json!({ "privacy": new.code() })))
}

#[derive(serde::Deserialize)]
pub struct NoteBody {
    #[serde(default)]
    pub text: String,
}

/// `POST /api/v1/petugas/reports/{code}/notes`: an internal note the public never sees.
pub async fn note(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
    Json(body): Json<NoteBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let row = visible(&state, &session, &code, lang).await?;
    if session.officer.role == Role::Pimpinan {
        return Err(forbidden(lang));
    }
    let text = body.text.trim();
    if text.is_empty() || text.chars().count() > 4000 {
        return Err(ApiError::field(
            "text",
            "invalid",
            "Catatan wajib diisi, paling banyak 4.000 karakter.",
            "A note needs 1–4,000 characters.",
        )
        .lang(lang));
    }
    sqlx::query("INSERT INTO report_history (report_id, at, action, from_status, to_status, role, from_unit, to_unit, note, actor, is_public) VALUES ($1, $2, 'note', $3, $3, $4, $5, $5, $6, $7, 0)")
        .bind(row.id)
        .bind(state.now())
        .bind(&row.status)
        .bind(session.officer.role.code())
        .bind(&row.unit)
        .bind(text)
        .bind(&session.officer.username)
        .execute(state.store.pool())
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "ok": true }))))
}

#[derive(serde::Deserialize, Default)]
pub struct PhotoQuery {
    pub thumb: Option<String>,
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
    let (content_type, bytes) = state
        .store
        .attachment_bytes(row.id, id, q.thumb.is_some())
        .await?
        .ok_or_else(|| not_found(lang))?;
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
