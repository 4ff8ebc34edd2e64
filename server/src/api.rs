//! The public JSON API (`/api/v1/…`). Handlers are short: read the request, ask `domain` or the
//! store, shape the answer. The contract (field names) is documented in the README.

use crate::error::{ApiError, ApiResult};
use crate::store::{ListFilter, ReportRow};
use crate::submit::{self, Outcome, Submission};
use crate::{AppState, ClientIp, ReqLang};
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::catalog::{self, CATEGORIES, REGIONS, TOPICS, UNITS};
use domain::deadline::{self, Timeline};
use domain::lifecycle::Status;
use domain::report::RawReport;
use domain::routing::{route, RouteRequest};
use domain::tracking::{CodeError, TrackingCode};
use domain::{Lang, CATALOG_VERSION};
use serde_json::{json, Value};
use std::collections::HashMap;

pub async fn catalog(ReqLang(lang): ReqLang) -> Response {
    let units: Vec<Value> = UNITS
        .iter()
        .map(|u| json!({ "code": u.code, "name": u.name.get(lang), "kind": u.kind, "parent": u.parent().map(|p| p.code), "guidance": u.guidance.map(|g| g.get(lang)) }))
        .collect();
    let question = |q: &catalog::Question| json!({ "code": q.code, "text": q.text.get(lang), "options": q.options.iter().map(|o| json!({"value": o.value, "label": o.label.get(lang)})).collect::<Vec<_>>() });
    let categories: Vec<Value> = CATEGORIES
        .iter()
        .map(|c| {
            json!({
                "code": c.code, "name": c.name.get(lang), "description": c.description.get(lang), "topic": c.topic().code,
                "national_category": c.national, "national_sub_category": c.national_sub,
                "questions": c.questions().map(question).collect::<Vec<_>>(),
            })
        })
        .collect();
    let regions: Vec<Value> =
        REGIONS.iter().map(|r| json!({ "code": r.code, "name": r.name, "kind": r.kind, "parent": r.parent.map(|p| p.get().code) })).collect();
    let topics: Vec<Value> = TOPICS
        .iter()
        .map(|t| json!({ "code": t.code, "name": t.name.get(lang), "icon": t.icon }))
        .collect();
    let mut res = Json(json!({ "version": CATALOG_VERSION, "topics": topics, "units": units, "categories": categories, "regions": regions })).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        "public, max-age=300".parse().unwrap(),
    );
    res
}

pub fn route_json(r: &domain::Route, lang: Lang) -> Value {
    json!({
        "unit": { "code": r.unit.code, "name": r.unit.display_name(lang), "kind": r.unit.kind },
        "opd": { "code": r.unit.opd().code, "name": r.unit.opd().name.get(lang) },
        "reason": r.reason.get(lang),
        "external": r.is_external(),
        "guidance": r.guidance().map(|g| g.get(lang)),
        "basis": r.basis,
        "category": r.category.map(|c| json!({ "code": c.code, "name": c.name.get(lang) })),
    })
}

/// `GET /api/v1/route?category=…&desa=…&<question>=<option>…`
pub async fn route_preview(
    ReqLang(lang): ReqLang,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let Some(category) = params.get("category").filter(|c| !c.is_empty()) else {
        return Err(ApiError::field(
            "category",
            "required",
            "Parameter category wajib diisi, misalnya ?category=jalan-rusak.",
            "The category parameter is required, e.g. ?category=jalan-rusak.",
        )
        .lang(lang));
    };
    let location = params
        .get("desa")
        .or(params.get("kecamatan"))
        .map(String::as_str)
        .filter(|s| !s.is_empty());
    if let Some(l) = location {
        if catalog::region(l).is_none() {
            return Err(ApiError::field(
                "desa",
                "invalid",
                format!("Kode wilayah \"{l}\" tidak ada di Kabupaten Natuna."),
                format!("Region code \"{l}\" is not in Natuna."),
            )
            .lang(lang));
        }
    }
    let answers: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, v)| {
            !matches!(k.as_str(), "category" | "desa" | "kecamatan" | "lang") && !v.is_empty()
        })
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = route(&RouteRequest {
        category,
        answers,
        location,
    });
    Ok(Json(route_json(&r, lang)))
}

async fn read_submission(req: Request, state: &AppState, lang: Lang) -> ApiResult<Submission> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ctype.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, state).await.map_err(|e| {
            ApiError::bad_request(
                format!("Data multipart tidak dapat dibaca: {e}"),
                format!("The multipart body cannot be read: {e}"),
            )
            .lang(lang)
        })?;
        let mut raw: Option<(RawReport, Vec<u8>)> = None;
        let mut photos = Vec::new();
        let limit = state.cfg.max_photo_bytes() as usize;
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => return Err(body_error(&e.to_string(), state, lang)),
            };
            match field.name().unwrap_or("") {
                "report" => {
                    let bytes = field
                        .bytes()
                        .await
                        .map_err(|e| body_error(&e.to_string(), state, lang))?;
                    raw = Some((parse_json(&bytes, lang)?, bytes.to_vec()));
                }
                "photo" | "photos" | "photo[]" => {
                    if photos.len() >= domain::report::MAX_ATTACHMENTS {
                        return Err(ApiError::field(
                            "attachments",
                            "too_many",
                            format!(
                                "Paling banyak {} foto. Hapus sebagian foto.",
                                domain::report::MAX_ATTACHMENTS
                            ),
                            format!(
                                "At most {} photos. Please remove some.",
                                domain::report::MAX_ATTACHMENTS
                            ),
                        )
                        .lang(lang));
                    }
                    let mut field = field;
                    let mut buf = Vec::new();
                    while let Some(chunk) = field
                        .chunk()
                        .await
                        .map_err(|e| body_error(&e.to_string(), state, lang))?
                    {
                        buf.extend_from_slice(&chunk);
                        if buf.len() > limit {
                            return Err(ApiError::field(
                                "attachments",
                                "too_large",
                                format!(
                                    "Foto ke-{} terlalu besar. Maksimal {} MB per foto.",
                                    photos.len() + 1,
                                    state.cfg.max_photo_mb
                                ),
                                format!(
                                    "Photo {} is too large. At most {} MB per photo.",
                                    photos.len() + 1,
                                    state.cfg.max_photo_mb
                                ),
                            )
                            .lang(lang));
                        }
                    }
                    if !buf.is_empty() {
                        photos.push(buf);
                    }
                }
                other => {
                    return Err(ApiError::bad_request(format!("Bagian \"{other}\" tidak dikenal. Kirim bagian \"report\" (JSON) dan \"photo\" (gambar)."), format!("Unknown part \"{other}\". Send a \"report\" part (JSON) and \"photo\" parts (images).")).lang(lang));
                }
            }
        }
        let Some((raw, report_bytes)) = raw else {
            return Err(ApiError::bad_request(
                "Bagian \"report\" (data laporan dalam JSON) tidak ada.",
                "The \"report\" part (the report as JSON) is missing.",
            )
            .lang(lang));
        };
        let mut parts: Vec<&[u8]> = vec![&report_bytes];
        parts.extend(photos.iter().map(Vec::as_slice));
        let fingerprint = submit::sha256_hex(&parts);
        Ok(Submission {
            raw,
            photos,
            fingerprint,
        })
    } else if ctype.starts_with("application/json") || ctype.is_empty() {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| body_error(&e.to_string(), state, lang))?;
        let raw = parse_json(&bytes, lang)?;
        Ok(Submission {
            raw,
            photos: vec![],
            fingerprint: submit::sha256_hex(&[&bytes]),
        })
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Kirim laporan sebagai application/json atau multipart/form-data.",
            "Send the report as application/json or multipart/form-data.",
        )
        .lang(lang))
    }
}

fn body_error(detail: &str, state: &AppState, lang: Lang) -> ApiError {
    if detail.contains("length limit") || detail.contains("too large") {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!(
                "Kiriman terlalu besar. Maksimal {} foto dengan ukuran {} MB per foto.",
                domain::report::MAX_ATTACHMENTS,
                state.cfg.max_photo_mb
            ),
            format!(
                "The upload is too large. At most {} photos of {} MB each.",
                domain::report::MAX_ATTACHMENTS,
                state.cfg.max_photo_mb
            ),
        )
        .lang(lang)
    } else {
        ApiError::bad_request(
            format!("Kiriman terputus atau tidak dapat dibaca ({detail}). Silakan kirim ulang."),
            format!("The upload was cut off or cannot be read ({detail}). Please send it again."),
        )
        .lang(lang)
    }
}

fn parse_json(bytes: &[u8], lang: Lang) -> ApiResult<RawReport> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path.is_empty() || path == "." || !inner.is_data() {
            ApiError::bad_request(
                format!("Data laporan bukan JSON yang valid: {inner}."),
                format!("The report is not valid JSON: {inner}."),
            )
            .lang(lang)
        } else {
            ApiError::field(
                &path,
                "invalid_type",
                format!("Isian \"{path}\" berjenis salah: {inner}. Kirim teks untuk isian ini."),
                format!("Field \"{path}\" has the wrong type: {inner}."),
            )
            .lang(lang)
        }
    })
}

/// `POST /api/v1/reports`: JSON, or multipart with a `report` part and `photo` parts.
pub async fn create_report(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let result = async {
        // A retry of a stored report is answered without counting against the limit.
        let known = match &key {
            Some(k) => state.store.idempotency_known(k).await?,
            None => false,
        };
        if !known {
            state.limiter.check(ip, lang)?;
        }
        let sub = read_submission(req, &state, lang).await?;
        submit::submit(&state, sub, key.as_deref(), "api", lang).await
    }
    .await;
    match result {
        Ok(Outcome::Stored(body)) => (StatusCode::CREATED, Json(body)).into_response(),
        Ok(Outcome::Replayed(status, body)) => {
            let mut res = (status, Json(body)).into_response();
            res.headers_mut()
                .insert("idempotent-replayed", "true".parse().unwrap());
            res
        }
        Err(e) => e.lang(lang).into_response(),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct SecretQuery {
    pub secret: Option<String>,
}

/// The report a tracking code (plus the secret, for a confidential one) opens, or a 404 that
/// looks the same whether the code does not exist or the report is confidential.
pub async fn open_report(
    state: &AppState,
    code: &str,
    secret: Option<&str>,
    lang: Lang,
) -> ApiResult<ReportRow> {
    let code = match TrackingCode::parse(code) {
        Ok(c) => c,
        Err(CodeError::Check { candidates }) => {
            let codes: Vec<String> = candidates.iter().map(|c| c.as_str().to_string()).collect();
            let found = state.store.existing_codes(&codes, true).await?;
            let shown: Vec<String> = found
                .iter()
                .filter_map(|c| TrackingCode::parse(c).ok())
                .map(|c| c.display())
                .collect();
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "invalid_code",
                CodeError::Check { candidates: vec![] }.message(Lang::Id),
                CodeError::Check { candidates: vec![] }.message(Lang::En),
            )
            .with("did_you_mean", json!(shown))
            .lang(lang));
        }
        Err(e) => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "invalid_code",
                e.message(Lang::Id),
                e.message(Lang::En),
            )
            .with("did_you_mean", json!([]))
            .lang(lang));
        }
    };
    let Some(row) = state.store.report_by_code(code.as_str()).await? else {
        return Err(ApiError::not_found()
            .with("did_you_mean", json!([]))
            .lang(lang));
    };
    if row.privacy == "rahasia" {
        let ok = match (secret, &row.secret_hash) {
            (Some(s), Some(h)) => !s.is_empty() && submit::hash_secret(s) == *h,
            _ => false,
        };
        if !ok {
            return Err(ApiError::not_found()
                .with("did_you_mean", json!([]))
                .lang(lang));
        }
    }
    Ok(row)
}

fn unit_name(code: &str, lang: Lang) -> String {
    catalog::unit(code)
        .map(|u| u.display_name(lang))
        .unwrap_or_else(|| code.to_string())
}

pub fn timeline(row: &ReportRow) -> Timeline {
    Timeline {
        received_at: row.created_at,
        with_unit_since: row.with_unit_since,
        answered_at: row.answered_at,
    }
}

/// What anyone holding the code may see of a report. Never the reporter's contacts; the name
/// only for a public report; officers only by unit.
pub async fn public_view(
    state: &AppState,
    row: &ReportRow,
    secret: Option<&str>,
    lang: Lang,
) -> ApiResult<Value> {
    let history = state.store.history(row.id).await?;
    let attachments = state.store.attachments(row.id).await?;
    let status = Status::parse(&row.status).unwrap_or(Status::Diterima);
    let unit = catalog::unit(&row.unit);
    let category = catalog::category(&row.category);
    let secret_q = secret
        .filter(|_| row.privacy == "rahasia")
        .map(|s| {
            format!(
                "?secret={}",
                form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
            )
        })
        .unwrap_or_default();
    let code = &row.tracking_code;
    let photos: Vec<Value> = attachments
        .iter()
        .filter(|a| a.history_id.is_none())
        .map(|a| json!({ "url": format!("/api/v1/reports/{code}/photos/{}{secret_q}", a.id), "thumb_url": format!("/api/v1/reports/{code}/photos/{}/thumb{secret_q}", a.id), "width": a.width, "height": a.height }))
        .collect();
    let public_history: Vec<&crate::store::HistoryRow> =
        history.iter().filter(|h| h.is_public).collect();
    let history_json: Vec<Value> = public_history
        .iter()
        .map(|h| {
            let st = Status::parse(&h.to_status);
            json!({
                "at": h.at, "action": h.action, "status": h.to_status,
                "status_label": st.map(|s| s.label(lang)).unwrap_or(""),
                "from_unit": h.from_unit.as_deref().map(|u| unit_name(u, lang)),
                "to_unit": h.to_unit.as_deref().map(|u| unit_name(u, lang)),
                "note": h.note,
            })
        })
        .collect();
    let responses: Vec<Value> = public_history
        .iter()
        .filter(|h| h.action == "answer")
        .map(|h| {
            let files: Vec<Value> = attachments
                .iter()
                .filter(|a| a.history_id == Some(h.id))
                .map(|a| json!({ "url": format!("/api/v1/reports/{code}/photos/{}{secret_q}", a.id), "thumb_url": format!("/api/v1/reports/{code}/photos/{}/thumb{secret_q}", a.id), "content_type": a.content_type }))
                .collect();
            json!({ "at": h.at, "unit": h.from_unit.as_deref().or(h.to_unit.as_deref()).map(|u| unit_name(u, lang)), "text": h.note, "files": files })
        })
        .collect();
    let now = state.now();
    let due = deadline::current(status, &timeline(row), now);
    let region = row.desa.as_deref().and_then(catalog::region);
    Ok(json!({
        "tracking_code": code,
        "display_code": TrackingCode::parse(code).map(|c| c.display()).unwrap_or_else(|_| code.clone()),
        "type": row.report_type,
        "category": { "code": row.category, "name": category.map(|c| c.name.get(lang)) },
        "title": row.title,
        "body": row.body,
        "privacy": row.privacy,
        "status": row.status,
        "status_label": status.label(lang),
        "unit": { "code": row.unit, "name": unit_name(&row.unit, lang), "kind": unit.map(|u| u.kind) },
        "reason": if lang == Lang::En { &row.reason_en } else { &row.reason_id },
        "guidance": unit.and_then(|u| u.guidance).map(|g| g.get(lang)),
        "location": region.map(|r| json!({
            "desa": r.code, "desa_name": r.name, "kecamatan": r.kecamatan().code, "kecamatan_name": r.kecamatan().name,
            "detail": row.location_detail,
        })),
        "incident_date": row.incident_date,
        "created_at": row.created_at,
        "reporter_name": if row.privacy == "publik" { row.reporter_name.clone() } else { None },
        "photos": photos,
        "history": history_json,
        "responses": responses,
        "due": due.map(|d| json!({ "kind": d.kind, "date": d.date.to_string(), "overdue": d.overdue, "working_days_left": d.working_days_left })),
    }))
}

pub async fn get_report(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(code): Path<String>,
    Query(q): Query<SecretQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let secret = q.secret.or_else(|| {
        headers
            .get("x-reporter-secret")
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    });
    let row = open_report(&state, &code, secret.as_deref(), lang).await?;
    let view = public_view(&state, &row, secret.as_deref(), lang).await?;
    let mut res = Json(view).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, "no-store".parse().unwrap());
    Ok(res)
}

async fn photo(
    state: &AppState,
    lang: Lang,
    code: &str,
    id: &str,
    secret: Option<&str>,
    thumb: bool,
) -> ApiResult<Response> {
    let id: i64 = id.parse().map_err(|_| ApiError::not_found().lang(lang))?;
    let row = open_report(state, code, secret, lang).await?;
    let (content_type, bytes) = state
        .store
        .attachment_bytes(row.id, id, thumb)
        .await?
        .ok_or_else(|| ApiError::not_found().lang(lang))?;
    let cache = if row.privacy == "rahasia" {
        "private, no-store"
    } else {
        "public, max-age=86400"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache.to_string()),
        ],
        bytes,
    )
        .into_response())
}

pub async fn get_photo(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<SecretQuery>,
) -> ApiResult<Response> {
    photo(&state, lang, &code, &id, q.secret.as_deref(), false).await
}

pub async fn get_photo_thumb(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<SecretQuery>,
) -> ApiResult<Response> {
    photo(&state, lang, &code, &id, q.secret.as_deref(), true).await
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    pub unit: Option<String>,
    pub opd: Option<String>,
    pub kecamatan: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub q: Option<String>,
    pub page: Option<String>,
}

pub const PER_PAGE: u32 = 20;

/// Checks the public list's filters; unknown values get a specific error instead of an empty list.
pub fn list_filter(q: &ListQuery, lang: Lang) -> ApiResult<ListFilter> {
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let mut f = ListFilter {
        per_page: PER_PAGE,
        page: 1,
        ..Default::default()
    };
    if let Some(u) = nonempty(&q.unit).or(nonempty(&q.opd)) {
        let Some(root) = catalog::unit(&u) else {
            return Err(ApiError::field(
                "unit",
                "invalid",
                format!("Unit \"{u}\" tidak ada dalam katalog."),
                format!("Unit \"{u}\" is not in the catalog."),
            )
            .lang(lang));
        };
        f.units = Some(
            UNITS
                .iter()
                .filter(|x| x.is_within(root))
                .map(|x| x.code)
                .collect(),
        );
    }
    if let Some(k) = nonempty(&q.kecamatan) {
        match catalog::region(&k) {
            Some(r) if r.parent.is_none() => f.kecamatan = Some(k),
            _ => {
                return Err(ApiError::field(
                    "kecamatan",
                    "invalid",
                    format!("Kecamatan \"{k}\" tidak ada di Kabupaten Natuna."),
                    format!("Kecamatan \"{k}\" is not in Natuna."),
                )
                .lang(lang))
            }
        }
    }
    if let Some(c) = nonempty(&q.category) {
        if catalog::category(&c).is_none() {
            return Err(ApiError::field(
                "category",
                "invalid",
                format!("Kategori \"{c}\" tidak ada."),
                format!("Category \"{c}\" does not exist."),
            )
            .lang(lang));
        }
        f.category = Some(c);
    }
    if let Some(s) = nonempty(&q.status) {
        if Status::parse(&s).is_none() {
            return Err(ApiError::field(
                "status",
                "invalid",
                format!("Status \"{s}\" tidak dikenal."),
                format!("Unknown status \"{s}\"."),
            )
            .lang(lang));
        }
        f.status = Some(s);
    }
    f.q = nonempty(&q.q).map(|s| s.chars().take(100).collect());
    if let Some(p) = nonempty(&q.page) {
        f.page = p
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=10_000).contains(p))
            .ok_or_else(|| {
                ApiError::field(
                    "page",
                    "invalid",
                    "Nomor halaman harus angka 1 atau lebih.",
                    "The page must be a number from 1.",
                )
                .lang(lang)
            })?;
    }
    Ok(f)
}

pub fn list_item(row: &ReportRow, lang: Lang) -> Value {
    let status = Status::parse(&row.status).unwrap_or(Status::Diterima);
    json!({
        "tracking_code": row.tracking_code,
        "display_code": TrackingCode::parse(&row.tracking_code).map(|c| c.display()).unwrap_or_default(),
        "title": row.title,
        "category": { "code": row.category, "name": catalog::category(&row.category).map(|c| c.name.get(lang)) },
        "status": row.status,
        "status_label": status.label(lang),
        "unit": { "code": row.unit, "name": unit_name(&row.unit, lang) },
        "kecamatan_name": row.kecamatan.as_deref().and_then(catalog::region).map(|r| r.name),
        "created_at": row.created_at,
    })
}

pub async fn list_reports(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let f = list_filter(&q, lang)?;
    let (rows, total) = state.store.list_public(&f).await?;
    Ok(Json(
        json!({ "items": rows.iter().map(|r| list_item(r, lang)).collect::<Vec<_>>(), "page": f.page, "per_page": f.per_page, "total": total }),
    ))
}

/// Public figures for the home page: reports this month and the share answered on time.
pub async fn stats(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let now = state.now();
    let today = domain::Date::from_unix_wib(now);
    let (y, m, _) = today.ymd();
    let month_start = domain::Date::from_ymd(y, m, 1).unwrap().end_unix_wib() - 86_400;
    let year_ago = now - 365 * 86_400;
    let rows = state.store.timelines_since(year_ago).await?;
    let this_month = rows.iter().filter(|r| r.0 >= month_start).count();
    let (mut answered, mut on_time) = (0, 0);
    for (created, with_unit, answered_at, _) in &rows {
        if let Some(a) = answered_at {
            answered += 1;
            let t = Timeline {
                received_at: *created,
                with_unit_since: *with_unit,
                answered_at: None,
            };
            if let Some(d) = deadline::current(Status::Didisposisikan, &t, *a) {
                if !d.overdue {
                    on_time += 1;
                }
            }
        }
    }
    let pct = (answered > 0).then(|| ((on_time as f64) * 100.0 / answered as f64).round() as i64);
    Ok(Json(
        json!({ "reports_this_month": this_month, "answered_on_time_pct": pct, "answered_last_year": answered, "reports_total": state.store.count_reports().await? }),
    ))
}

/// Ranked category suggestions for free text, with the unit each routes to.
pub fn suggest_json(text: &str, location: Option<&str>, n: usize, lang: Lang) -> Vec<Value> {
    domain::suggest::suggest_at(text, location, n)
        .into_iter()
        .map(|s| {
            json!({
                "category": { "code": s.category.code, "name": s.category.name.get(lang), "description": s.category.description.get(lang), "topic": s.category.topic().code },
                "score": s.score,
                "route": route_json(&s.route, lang),
            })
        })
        .collect()
}

#[derive(serde::Deserialize, Default)]
pub struct SuggestQuery {
    pub q: Option<String>,
    pub desa: Option<String>,
    pub n: Option<usize>,
}

/// `GET /api/v1/suggest?q=…[&desa=…][&n=3]`: the same suggestions the app computes offline.
pub async fn suggest(
    ReqLang(lang): ReqLang,
    Query(q): Query<SuggestQuery>,
) -> ApiResult<Json<Value>> {
    let text = q.q.unwrap_or_default();
    if text.chars().count() > domain::report::BODY_MAX {
        return Err(ApiError::field(
            "q",
            "too_long",
            "Teks pencarian terlalu panjang (maksimal 4.000 karakter).",
            "The search text is too long (at most 4,000 characters).",
        )
        .lang(lang));
    }
    let n = q.n.unwrap_or(3).clamp(1, 10);
    let location = q
        .desa
        .as_deref()
        .filter(|d| domain::catalog::region(d).is_some());
    Ok(Json(
        json!({ "q": text, "suggestions": suggest_json(&text, location, n, lang) }),
    ))
}
