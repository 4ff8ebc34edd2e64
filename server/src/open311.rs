//! Open311 GeoReport v2 at `/open311/v2/`: discovery, services, service definitions, public
//! service requests (read), and posting a request with an API key the coordinator issued. Every
//! body is a `domain::wire::open311` type, written as JSON or as XML from the same value; errors
//! are the spec's list (`<errors><error><code/><description/></error></errors>`).
//!
//! A posted request goes through the same door as the JSON API (`submit::submit`, so
//! `NewReport::parse`, routing, the Idempotency-Key, the acknowledgement after the commit). Reads
//! show only what the public list shows: never a confidential or rejected report, never the
//! reporter. An unknown id and a confidential one get the same 404.

use crate::api::report::Fingerprint;
use crate::error::ApiError;
use crate::store::{ReportRow, RequestFilter};
use crate::submit::{self, Outcome, Submission};
use crate::{AppState, ClientIp, ReqLang};
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::catalog;
use domain::report::{RawCoord, RawReport, RAW_MAX_BYTES};
use domain::tracking::TrackingCode;
use domain::wire::open311::{
    self as o311, Discovery, Open311Error, RequestCreated, RequestFacts, RequestStatus, Service,
    ServiceDefinition, ServiceRequest,
};
use domain::Lang;
use serde::Serialize;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(get_file).post(post_file))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

/// `requests.json` → (`requests`, JSON); no or another extension → `None`.
fn split(file: &str) -> Option<(&str, Format)> {
    let (stem, ext) = file.rsplit_once('.')?;
    match ext {
        "xml" => Some((stem, Format::Xml)),
        "json" => Some((stem, Format::Json)),
        _ => None,
    }
}

mod xml;
pub use xml::to_xml;

/// The hash kept of an API key.
pub fn hash_key(key: &str) -> String {
    submit::sha256_hex(&[b"lapor-natuna-open311", key.trim().as_bytes()])
}

fn respond<T: Serialize>(fmt: Format, status: StatusCode, root: &str, body: &T) -> Response {
    let made = match fmt {
        Format::Json => serde_json::to_vec(body).map(|b| (b, "application/json; charset=utf-8")),
        Format::Xml => to_xml(root, body).map(|s| (s.into_bytes(), "text/xml; charset=utf-8")),
    };
    match made {
        Ok((bytes, ctype)) => (status, [(header::CONTENT_TYPE, ctype)], bytes).into_response(),
        Err(e) => errors(
            fmt,
            StatusCode::INTERNAL_SERVER_ERROR,
            vec![ApiError::internal("open311", e).message_id],
        ),
    }
}

fn errors(fmt: Format, status: StatusCode, descriptions: Vec<String>) -> Response {
    let list: Vec<Open311Error> = descriptions
        .into_iter()
        .map(|description| Open311Error {
            code: status.as_u16(),
            description,
        })
        .collect();
    respond(fmt, status, "errors", &list)
}

fn error(fmt: Format, status: StatusCode, lang: Lang, id: &str, en: &str) -> Response {
    let d = match lang {
        Lang::Id => id,
        Lang::En => en,
    };
    errors(fmt, status, vec![d.to_string()])
}

/// An error of the shared submit path, as the spec's list: a field's problem is a 400 naming the
/// Open311 field; 429/503/409 keep their status (and `Retry-After`).
fn from_api(fmt: Format, e: ApiError, lang: Lang) -> Response {
    let e = e.lang(lang);
    let status = match e.status {
        StatusCode::UNPROCESSABLE_ENTITY => StatusCode::BAD_REQUEST,
        s => s,
    };
    let list = if e.fields.is_empty() {
        vec![e.message().to_string()]
    } else {
        e.fields
            .iter()
            .map(|f| format!("{}: {}", o311::field_name(&f.field), f.message(lang)))
            .collect()
    };
    let mut res = errors(fmt, status, list);
    if let Some(s) = e.retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(s));
    }
    res
}

fn not_found(fmt: Format, lang: Lang) -> Response {
    error(
        fmt,
        StatusCode::NOT_FOUND,
        lang,
        "Permintaan layanan (service request) dengan id tersebut tidak ditemukan.",
        "No service request has that id.",
    )
}

fn no_format(lang: Lang) -> Response {
    error(
        Format::Xml,
        StatusCode::NOT_FOUND,
        lang,
        "Alamat Open311 ini tidak ada. Akhiri dengan .xml atau .json, misalnya /open311/v2/services.json.",
        "This Open311 address does not exist. End it in .xml or .json, e.g. /open311/v2/services.json.",
    )
}

/// This endpoint's public address: `PUBLIC_URL`, or the Host the client asked.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = state.cfg.public_url.as_deref().filter(|u| !u.is_empty()) {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// `GET discovery.*`, `services.*`, `requests.*`.
async fn get_file(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(file): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let Some((stem, fmt)) = split(&file) else {
        return no_format(lang);
    };
    match stem {
        "discovery" => {
            let url = format!("{}/open311/v2", base_url(&state, &headers));
            respond(
                fmt,
                StatusCode::OK,
                "discovery",
                &Discovery::build(&url, lang),
            )
        }
        "services" => {
            let mut res = respond(fmt, StatusCode::OK, "services", &Service::all(lang));
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                "public, max-age=300".parse().unwrap(),
            );
            res
        }
        "requests" => list_requests(&state, fmt, lang, &uri, &headers).await,
        _ => no_format(lang),
    }
}

/// `GET services/{service_code}.*`.
async fn service_definition(ReqLang(lang): ReqLang, Path(file): Path<String>) -> Response {
    let Some((code, fmt)) = split(&file) else {
        return no_format(lang);
    };
    match catalog::category(code) {
        Some(c) => respond(
            fmt,
            StatusCode::OK,
            "service_definition",
            &ServiceDefinition::of(c, lang),
        ),
        None => {
            let shown = domain::text::shown(code);
            errors(
                fmt,
                StatusCode::NOT_FOUND,
                vec![match lang {
                    Lang::Id => format!("Layanan (service_code) \"{shown}\" tidak ada. Lihat daftar di services.{}.", ext(fmt)),
                    Lang::En => format!("There is no service (service_code) \"{shown}\". See the list at services.{}.", ext(fmt)),
                }],
            )
        }
    }
}

fn ext(fmt: Format) -> &'static str {
    match fmt {
        Format::Xml => "xml",
        Format::Json => "json",
    }
}

/// The values of a parameter, given once comma-separated or several times.
fn values(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
        .collect()
}

fn bad(fmt: Format, lang: Lang, id: String, en: String) -> Response {
    errors(
        fmt,
        StatusCode::BAD_REQUEST,
        vec![match lang {
            Lang::Id => id,
            Lang::En => en,
        }],
    )
}

async fn list_requests(
    state: &AppState,
    fmt: Format,
    lang: Lang,
    uri: &Uri,
    headers: &HeaderMap,
) -> Response {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let mut f = RequestFilter {
        limit: o311::MAX_REQUESTS,
        ..Default::default()
    };
    // Ids the tracking codes cannot be are simply not found.
    f.codes = values(&pairs, "service_request_id")
        .iter()
        .filter_map(|c| TrackingCode::parse(c).ok())
        .map(|c| c.as_str().to_string())
        .take(o311::MAX_REQUESTS as usize)
        .collect();
    let asked_ids = pairs.iter().any(|(k, _)| k == "service_request_id");
    for c in values(&pairs, "service_code") {
        if catalog::category(&c).is_none() {
            let shown = domain::text::shown(&c);
            return bad(
                fmt,
                lang,
                format!("Kode layanan (service_code) \"{shown}\" tidak dikenal. Lihat daftar di services.{}.", ext(fmt)),
                format!("Unknown service_code \"{shown}\". See the list at services.{}.", ext(fmt)),
            );
        }
        f.categories.push(c);
    }
    for s in values(&pairs, "status") {
        match RequestStatus::parse(&s) {
            Some(st) => f.statuses.extend(st.statuses()),
            None => {
                let shown = domain::text::shown(&s);
                return bad(
                    fmt,
                    lang,
                    format!("Status \"{shown}\" tidak dikenal. Gunakan open atau closed."),
                    format!("Unknown status \"{shown}\". Use open or closed."),
                );
            }
        }
    }
    let date = |name: &str| -> Result<Option<i64>, Response> {
        match pairs.iter().rev().find(|(k, v)| k == name && !v.trim().is_empty()) {
            None => Ok(None),
            Some((_, v)) => o311::parse_w3c(v).map(Some).ok_or_else(|| {
                let shown = domain::text::shown(v);
                bad(
                    fmt,
                    lang,
                    format!("{name} \"{shown}\" bukan tanggal-waktu W3C. Contoh: 2026-12-01T00:00:00+07:00 atau 2026-12-01T00:00:00Z."),
                    format!("{name} \"{shown}\" is not a W3C datetime. E.g. 2026-12-01T00:00:00+07:00 or 2026-12-01T00:00:00Z."),
                )
            }),
        }
    };
    let start = match date("start_date") {
        Ok(v) => v,
        Err(r) => return r,
    };
    let end = match date("end_date") {
        Ok(v) => v,
        Err(r) => return r,
    };
    let window = o311::WINDOW_DAYS * 86_400;
    let (from, until) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s + window),
        (None, Some(e)) => (e - window, e),
        (None, None) => {
            let now = state.now();
            (now - window, now)
        }
    };
    if from > until {
        return bad(
            fmt,
            lang,
            "start_date harus sebelum end_date.".into(),
            "start_date must be before end_date.".into(),
        );
    }
    if until - from > window {
        let days = o311::WINDOW_DAYS;
        return bad(
            fmt,
            lang,
            format!("Rentang start_date sampai end_date paling lama {days} hari."),
            format!("start_date to end_date may span at most {days} days."),
        );
    }
    f.from = from;
    f.until = until;
    if asked_ids && f.codes.is_empty() {
        return respond(
            fmt,
            StatusCode::OK,
            "service_requests",
            &Vec::<ServiceRequest>::new(),
        );
    }
    let rows = match state.store.open311_requests(&f).await {
        Ok(r) => r,
        Err(e) => return from_api(fmt, e.into(), lang),
    };
    match views(state, &rows, headers, lang).await {
        Ok(list) => respond(fmt, StatusCode::OK, "service_requests", &list),
        Err(e) => from_api(fmt, e, lang),
    }
}

/// Whether the public may see a report here: what the public list shows.
fn visible(row: &ReportRow) -> bool {
    domain::lifecycle::scope::publicly_listed(row.privacy, row.status, row.held)
}

async fn views(
    state: &AppState,
    rows: &[ReportRow],
    headers: &HeaderMap,
    lang: Lang,
) -> Result<Vec<ServiceRequest>, ApiError> {
    let ids: Vec<i64> = rows.iter().filter(|r| visible(r)).map(|r| r.id).collect();
    let photos = state.store.first_photos(&ids).await?;
    let base = base_url(state, headers);
    Ok(rows
        .iter()
        .filter(|r| visible(r))
        .map(|r| {
            ServiceRequest::of(
                &RequestFacts {
                    tracking_code: &r.tracking_code,
                    category: &r.category,
                    status: r.status,
                    title: &r.title,
                    body: &r.body,
                    unit: &r.unit,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                    timeline: r.timeline(),
                    desa: r.desa.as_deref(),
                    location_detail: r.location_detail.as_deref(),
                    lat: r.lat,
                    lon: r.lon,
                    media_url: photos
                        .get(&r.id)
                        .map(|p| format!("{base}/api/v1/reports/{}/photos/{p}", r.tracking_code)),
                },
                lang,
            )
        })
        .collect())
}

/// `GET requests/{id}.*`: one public request, or the same 404 for an unknown id and a report
/// the public may not see.
async fn one_request(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((id, fmt)) = split(&file) else {
        return no_format(lang);
    };
    if let Err(e) = state.lookups.check(ip, lang) {
        return from_api(fmt, e, lang);
    }
    let Ok(code) = TrackingCode::parse(id) else {
        return not_found(fmt, lang);
    };
    let row = match state.store.report_by_code(code.as_str()).await {
        Ok(Some(r)) if visible(&r) => r,
        Ok(_) => return not_found(fmt, lang),
        Err(e) => return from_api(fmt, e.into(), lang),
    };
    match views(&state, std::slice::from_ref(&row), &headers, lang).await {
        Ok(list) => respond(fmt, StatusCode::OK, "service_requests", &list),
        Err(e) => from_api(fmt, e, lang),
    }
}

/// A posted form as RawReport: the spec's fields and the service definition's attributes.
fn raw_report(form: &HashMap<String, String>) -> RawReport {
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let attr = |k: &str| get(&format!("attribute[{k}]"));
    let description = get("description");
    let mut raw = RawReport {
        report_type: attr(o311::ATTR_TYPE),
        category: get("service_code"),
        title: attr(o311::ATTR_TITLE).or_else(|| {
            description
                .as_deref()
                .map(o311::title_from)
                .filter(|t| !t.is_empty())
        }),
        body: description,
        privacy: Some(attr(o311::ATTR_PRIVACY).unwrap_or(o311::DEFAULT_PRIVACY.code().to_string())),
        ..Default::default()
    };
    raw.location.desa = attr(o311::ATTR_DESA).or_else(|| get("address_id"));
    raw.location.detail = get("address_string");
    raw.location.lat = get("lat").map(RawCoord::Text);
    raw.location.lon = get("long").map(RawCoord::Text);
    let name = [get("first_name"), get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    raw.reporter.name = Some(name).filter(|n| !n.is_empty());
    raw.reporter.phone = get("phone");
    raw.reporter.email = get("email");
    let own = [
        o311::ATTR_TYPE,
        o311::ATTR_TITLE,
        o311::ATTR_PRIVACY,
        o311::ATTR_DESA,
    ];
    for (k, v) in form {
        if let Some(q) = k
            .strip_prefix("attribute[")
            .and_then(|k| k.strip_suffix(']'))
        {
            if !own.contains(&q) && !v.trim().is_empty() {
                raw.answers.insert(q.to_string(), v.trim().to_string());
            }
        }
    }
    raw
}

/// `POST requests.*` (form-encoded, with `api_key`).
async fn post_file(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(file): Path<String>,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let Some((stem, fmt)) = split(&file) else {
        return no_format(lang);
    };
    if stem != "requests" {
        return error(
            fmt,
            StatusCode::METHOD_NOT_ALLOWED,
            lang,
            "Hanya requests yang dapat dikirim dengan POST.",
            "Only requests may be posted.",
        );
    }
    let bytes: Bytes = match axum::body::to_bytes(req.into_body(), RAW_MAX_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            let kb = RAW_MAX_BYTES / 1024;
            return errors(
                fmt,
                StatusCode::PAYLOAD_TOO_LARGE,
                vec![match lang {
                    Lang::Id => format!("Data permintaan lebih dari {kb} KB atau terputus."),
                    Lang::En => format!("The request is over {kb} KB or was cut off."),
                }],
            );
        }
    };
    let form: HashMap<String, String> = form_urlencoded::parse(&bytes).into_owned().collect();
    let key = form.get("api_key").map(|k| k.trim()).unwrap_or("");
    if key.is_empty() {
        return error(
            fmt,
            StatusCode::FORBIDDEN,
            lang,
            "api_key wajib dikirim untuk membuat permintaan layanan. Minta kunci kepada koordinator (Diskominfo).",
            "An api_key is required to post a service request. Ask the coordinator (Diskominfo) for one.",
        );
    }
    match state
        .store
        .use_open311_key(&hash_key(key), state.now())
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            return error(
                fmt,
                StatusCode::FORBIDDEN,
                lang,
                "api_key tidak dikenal atau sudah dicabut.",
                "The api_key is unknown or was revoked.",
            )
        }
        Err(e) => return from_api(fmt, e.into(), lang),
    }
    let idem = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let fingerprint = Fingerprint::of(&[&bytes]);
    let result = async {
        if let Some(k) = &idem {
            submit::check_key(k)?;
            if let Some(first) = state.store.idempotency_answer(k).await? {
                if first.request_hash == fingerprint {
                    return submit::replay(first);
                }
                state.limiter.check(ip, lang)?;
                return Err(submit::key_reused());
            }
        }
        state.limiter.check(ip, lang)?;
        let raw = raw_report(&form);
        if let Some(p) = raw.privacy.as_deref() {
            if domain::Privacy::parse(p).is_some_and(|p| !o311::PRIVACIES.contains(&p)) {
                let shown = domain::text::shown(p);
                return Err(ApiError::field(
                    "privacy",
                    "invalid",
                    format!("Kerahasiaan \"{shown}\" tidak dapat dipilih lewat Open311: jawaban Open311 tidak dapat membawa kode rahasianya. Pilih publik atau anonim."),
                    format!("Privacy \"{shown}\" cannot be chosen through Open311: its answer cannot carry the secret code. Choose publik or anonim."),
                ));
            }
        }
        submit::submit(
            &state,
            Submission {
                raw,
                photos: vec![],
                fingerprint: fingerprint.clone(),
            },
            idem.as_deref(),
            domain::report::Channel::Open311,
            lang,
        )
        .await
    }
    .await;
    match result {
        Ok(Outcome::Stored(r)) => respond(
            fmt,
            StatusCode::CREATED,
            "service_requests",
            &vec![RequestCreated::of(&r, lang)],
        ),
        Ok(Outcome::Replayed(status, r)) => {
            let mut res = respond(
                fmt,
                status,
                "service_requests",
                &vec![RequestCreated::of(&r, lang)],
            );
            res.headers_mut()
                .insert("idempotent-replayed", "true".parse().unwrap());
            res
        }
        Err(e) => from_api(fmt, e, lang),
    }
}
