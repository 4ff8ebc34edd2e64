//! A report's own endpoints: submitting one (JSON or multipart with photos), reading it by its
//! code (a confidential one also needs its secret), and its photos.

use crate::error::{ApiError, ApiResult};
use crate::store::ReportRow;
use crate::submit::{self, Outcome, Submission};
use crate::views::{self, Audience};
use crate::{AppState, ClientIp, ReqLang};
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::report::{RawReport, MAX_ATTACHMENTS};
use domain::tracking::{CodeError, TrackingCode};
use domain::wire::ReportView;
use domain::Lang;

/// Reads a multipart submission: a `report` part (JSON) and up to `MAX_ATTACHMENTS` photos.
async fn read_multipart(req: Request, state: &AppState, lang: Lang) -> ApiResult<Submission> {
    let mut mp = Multipart::from_request(req, state).await.map_err(|e| {
        ApiError::bad_request(
            format!("Data multipart tidak dapat dibaca: {e}"),
            format!("The multipart body cannot be read: {e}"),
        )
        .lang(lang)
    })?;
    let mut raw: Option<(RawReport, Vec<u8>)> = None;
    let mut photos = Vec::new();
    let limits = state.cfg.limits();
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
                if photos.len() >= MAX_ATTACHMENTS {
                    return Err(
                        ApiError::validation(vec![domain::report::too_many_photos(None)])
                            .lang(lang),
                    );
                }
                let mut field = field;
                let mut buf = Vec::new();
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|e| body_error(&e.to_string(), state, lang))?
                {
                    buf.extend_from_slice(&chunk);
                    if buf.len() as u64 > limits.max_photo_bytes {
                        return Err(ApiError::validation(vec![
                            limits.photo_too_large(photos.len() + 1, None)
                        ])
                        .lang(lang));
                    }
                }
                if !buf.is_empty() {
                    photos.push(buf);
                }
            }
            other => {
                return Err(ApiError::bad_request(
                    format!("Bagian \"{other}\" tidak dikenal. Kirim bagian \"report\" (JSON) dan \"photo\" (gambar)."),
                    format!("Unknown part \"{other}\". Send a \"report\" part (JSON) and \"photo\" parts (images)."),
                )
                .lang(lang));
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
}

async fn read_submission(req: Request, state: &AppState, lang: Lang) -> ApiResult<Submission> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ctype.starts_with("multipart/form-data") {
        read_multipart(req, state, lang).await
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

pub fn body_error(detail: &str, state: &AppState, lang: Lang) -> ApiError {
    if detail.contains("length limit") || detail.contains("too large") {
        let mb = state.cfg.limits().photo_mb();
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("Kiriman terlalu besar. Maksimal {MAX_ATTACHMENTS} foto dengan ukuran {mb} MB per foto."),
            format!("The upload is too large. At most {MAX_ATTACHMENTS} photos of {mb} MB each."),
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
        Ok(Outcome::Stored(receipt)) => (StatusCode::CREATED, Json(receipt)).into_response(),
        Ok(Outcome::Replayed(status, receipt)) => {
            let mut res = (status, Json(receipt)).into_response();
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
    let not_found = || ApiError::not_found().did_you_mean(vec![]).lang(lang);
    let code = match TrackingCode::parse(code) {
        Ok(c) => c,
        Err(CodeError::Check { candidates }) => {
            let codes: Vec<String> = candidates.iter().map(|c| c.as_str().to_string()).collect();
            let found = state.store.existing_codes(&codes, true).await?;
            let shown: Vec<String> = found.iter().map(|c| views::display_code(c)).collect();
            let e = CodeError::Check { candidates: vec![] };
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "invalid_code",
                e.message(Lang::Id),
                e.message(Lang::En),
            )
            .did_you_mean(shown)
            .lang(lang));
        }
        Err(e) => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "invalid_code",
                e.message(Lang::Id),
                e.message(Lang::En),
            )
            .did_you_mean(vec![])
            .lang(lang));
        }
    };
    let row = state
        .store
        .report_by_code(code.as_str())
        .await?
        .ok_or_else(not_found)?;
    if !row.privacy.is_listed() {
        let ok = match (secret, &row.secret_hash) {
            (Some(s), Some(h)) => !s.is_empty() && submit::hash_secret(s) == *h,
            _ => false,
        };
        if !ok {
            return Err(not_found());
        }
    }
    Ok(row)
}

/// The public view of a report someone opened with its code (and secret).
pub async fn public_view(
    state: &AppState,
    row: &ReportRow,
    secret: Option<&str>,
    lang: Lang,
) -> ApiResult<ReportView> {
    Ok(views::report_view(
        &state.store,
        row,
        Audience::Public { secret },
        state.now(),
        lang,
    )
    .await?)
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
    let cache = if row.privacy.is_listed() {
        "public, max-age=86400"
    } else {
        "private, no-store"
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
