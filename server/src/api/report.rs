//! A report's own endpoints: submitting one (JSON or multipart with photos), reading it by its
//! code (a confidential one also needs its secret), and its photos.

use crate::backoffice::workflow::Actor;
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
use domain::lifecycle::scope;
use domain::lifecycle::Role;
use domain::report::Channel;
use domain::report::{RawReport, MAX_ATTACHMENTS, RAW_MAX_BYTES};
use domain::tracking::{CodeError, TrackingCode};
use domain::wire::ReportView;
use domain::Lang;
use std::net::IpAddr;

/// The fingerprint of a submission, for Idempotency-Key checks: a digest of each part's bytes
/// (the report's JSON, then each photo), built while the bytes stream in, so that a retry can be
/// recognised without keeping, parsing or decoding anything.
#[derive(Default)]
pub struct Fingerprint {
    parts: Vec<[u8; 32]>,
    part: Option<sha2::Sha256>,
}

impl Fingerprint {
    pub fn start(&mut self) {
        self.end();
        self.part = Some(sha2::Sha256::default());
    }
    pub fn update(&mut self, bytes: &[u8]) {
        use sha2::Digest;
        self.part
            .get_or_insert_with(sha2::Sha256::default)
            .update(bytes);
    }
    fn end(&mut self) {
        use sha2::Digest;
        if let Some(h) = self.part.take() {
            self.parts.push(h.finalize().into());
        }
    }
    pub fn finish(mut self) -> String {
        self.end();
        let parts: Vec<&[u8]> = self.parts.iter().map(|p| p.as_slice()).collect();
        format!("v2:{}", submit::sha256_hex(&parts))
    }
    /// The fingerprint of parts already in memory.
    pub fn of(parts: &[&[u8]]) -> String {
        let mut f = Fingerprint::default();
        for p in parts {
            f.start();
            f.update(p);
        }
        f.finish()
    }
}

fn is_multipart(req: &Request) -> Option<bool> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ctype.starts_with("multipart/form-data") {
        Some(true)
    } else if ctype.starts_with("application/json") || ctype.is_empty() {
        Some(false)
    } else {
        None
    }
}

fn unsupported(lang: Lang) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Kirim laporan sebagai application/json atau multipart/form-data.",
        "Send the report as application/json or multipart/form-data.",
    )
    .lang(lang)
}

fn report_too_large(lang: Lang) -> ApiError {
    let kb = RAW_MAX_BYTES / 1024;
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("Data laporan (tanpa foto) lebih dari {kb} KB. Persingkat isinya."),
        format!("The report data (without photos) is over {kb} KB. Please shorten it."),
    )
    .lang(lang)
}

/// What is read and dropped of a body over its limit before the 413 is sent.
const DRAIN_MAX_BYTES: usize = 4 << 20;

/// A body of at most `max` bytes, or `None` when it is longer. The rest of a longer body is read
/// and dropped (up to `DRAIN_MAX_BYTES` more, never kept) before the refusal goes out: a client
/// still sending when the server answers would otherwise see its connection reset instead of
/// the 413 and its explanation.
async fn read_capped(body: axum::body::Body, max: usize) -> Result<Option<Vec<u8>>, axum::Error> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        seen += chunk.len();
        if seen <= max {
            kept.extend_from_slice(&chunk);
        } else if seen > max + DRAIN_MAX_BYTES {
            return Ok(None);
        }
    }
    Ok((seen <= max).then_some(kept))
}

/// Reads a submission: JSON, or multipart with a `report` part (JSON) and up to
/// `MAX_ATTACHMENTS` photos. With `keep = false` (a retry of a known Idempotency-Key) nothing is
/// kept or parsed: only the fingerprint is computed, to compare with the stored one.
async fn read_submission(
    req: Request,
    state: &AppState,
    lang: Lang,
    keep: bool,
) -> ApiResult<(Option<Submission>, String)> {
    let multipart = is_multipart(&req).ok_or_else(|| unsupported(lang))?;
    let mut fp = Fingerprint::default();
    if !multipart {
        let bytes = read_capped(req.into_body(), RAW_MAX_BYTES)
            .await
            .map_err(|e| body_error(&e.to_string(), state, lang))?
            .ok_or_else(|| report_too_large(lang))?;
        fp.start();
        fp.update(&bytes);
        let fingerprint = fp.finish();
        if !keep {
            return Ok((None, fingerprint));
        }
        let raw = parse_json(&bytes, lang)?;
        return Ok((
            Some(Submission {
                raw,
                photos: vec![],
                fingerprint: fingerprint.clone(),
            }),
            fingerprint,
        ));
    }
    let mut mp = Multipart::from_request(req, state).await.map_err(|e| {
        ApiError::bad_request(
            format!("Data multipart tidak dapat dibaca: {e}"),
            format!("The multipart body cannot be read: {e}"),
        )
        .lang(lang)
    })?;
    let mut raw: Option<RawReport> = None;
    let mut photos = Vec::new();
    let limits = state.cfg.limits();
    let mut count = 0;
    loop {
        let mut field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(body_error(&e.to_string(), state, lang)),
        };
        let (max, is_photo) = match field.name().unwrap_or("") {
            "report" => (RAW_MAX_BYTES, false),
            "photo" | "photos" | "photo[]" => {
                count += 1;
                if count > MAX_ATTACHMENTS {
                    return Err(
                        ApiError::validation(vec![domain::report::too_many_photos(None)])
                            .lang(lang),
                    );
                }
                (limits.max_photo_bytes as usize, true)
            }
            other => {
                let other = domain::text::shown(other);
                return Err(ApiError::bad_request(
                    format!("Bagian \"{other}\" tidak dikenal. Kirim bagian \"report\" (JSON) dan \"photo\" (gambar)."),
                    format!("Unknown part \"{other}\". Send a \"report\" part (JSON) and \"photo\" parts (images)."),
                )
                .lang(lang));
            }
        };
        fp.start();
        let mut buf = Vec::new();
        let mut size = 0usize;
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|e| body_error(&e.to_string(), state, lang))?
        {
            size += chunk.len();
            if size > max {
                return Err(if is_photo {
                    ApiError::validation(vec![limits.photo_too_large(count, None)]).lang(lang)
                } else {
                    report_too_large(lang)
                });
            }
            fp.update(&chunk);
            if keep {
                buf.extend_from_slice(&chunk);
            }
        }
        if !keep {
            continue;
        }
        if is_photo {
            if !buf.is_empty() {
                photos.push(buf);
            }
        } else {
            raw = Some(parse_json(&buf, lang)?);
        }
    }
    let fingerprint = fp.finish();
    if !keep {
        return Ok((None, fingerprint));
    }
    let Some(raw) = raw else {
        return Err(ApiError::bad_request(
            "Bagian \"report\" (data laporan dalam JSON) tidak ada.",
            "The \"report\" part (the report as JSON) is missing.",
        )
        .lang(lang));
    };
    Ok((
        Some(Submission {
            raw,
            photos,
            fingerprint: fingerprint.clone(),
        }),
        fingerprint,
    ))
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

/// Which door a submission came through: its channel, who files it, and the address whose
/// rate limit it counts against (`None` for an officer's session, which is not limited).
pub struct Door<'a> {
    pub channel: Channel,
    pub by: Actor<'a>,
    pub limit: Option<IpAddr>,
}

impl Door<'_> {
    fn check(&self, state: &AppState, lang: Lang) -> ApiResult<()> {
        match self.limit {
            Some(ip) => state.limiter.check(ip, lang),
            None => Ok(()),
        }
    }
}

/// Takes in a report through the API: JSON, or multipart with a `report` part and `photo`
/// parts. A retry of a stored submission (same Idempotency-Key, same content) gets the first
/// answer without counting against the limit; anything else counts first, before the body is
/// read.
pub async fn receive(
    state: &AppState,
    req: Request,
    key: Option<&str>,
    door: &Door<'_>,
    lang: Lang,
) -> ApiResult<Outcome> {
    let store = |sub| submit::submit_as(state, sub, key, door.channel, &door.by, lang);
    if let Some(k) = key {
        submit::check_key(k)?;
    }
    // A JSON report is small: it is taken in at once and the writer's claim of its key finds a
    // retry (its token is given back, so a retry never counts); only a client over its limit is
    // first asked whether it is retrying. Photos are not shrunk twice: a multipart request with
    // a key looks for the first answer before anything else.
    let json = key.is_some() && is_multipart(&req) == Some(false);
    if json && door.check(state, lang).is_ok() {
        let (sub, _) = read_submission(req, state, lang, true).await?;
        let sub = sub.expect("a kept submission");
        let fingerprint = sub.fingerprint.clone();
        let outcome = match store(sub).await {
            Ok(outcome) => outcome,
            Err(e) => {
                // A retry of a report stored under rules that changed since (a new catalog,
                // another day) still gets its first answer.
                let k = key.expect("a key");
                match state.store.idempotency_answer(k).await? {
                    Some(first) if first.request_hash == fingerprint => submit::replay(first)?,
                    _ => return Err(e),
                }
            }
        };
        if let (Outcome::Replayed(..), Some(ip)) = (&outcome, door.limit) {
            state.limiter.refund(ip);
        }
        return Ok(outcome);
    }
    let known = match key {
        Some(k) => state.store.idempotency_answer(k).await?,
        None => None,
    };
    if let Some(first) = known {
        let (_, fingerprint) = read_submission(req, state, lang, false).await?;
        if fingerprint == first.request_hash {
            return submit::replay(first);
        }
        door.check(state, lang)?;
        return Err(submit::key_reused());
    }
    door.check(state, lang)?;
    let (sub, _) = read_submission(req, state, lang, true).await?;
    store(sub.expect("a kept submission")).await
}

/// The answer to a submission: 201 with the receipt, or a replay's first answer (marked).
pub fn answer(result: ApiResult<Outcome>, lang: Lang) -> Response {
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

pub fn idempotency_key(headers: &HeaderMap) -> Option<String> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `POST /api/v1/reports`: a citizen's report (the web channel).
pub async fn create_report(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let door = Door {
        channel: Channel::Web,
        by: Actor {
            role: Role::Pelapor,
            username: None,
        },
        limit: Some(ip),
    };
    let key = idempotency_key(&headers);
    answer(
        receive(&state, req, key.as_deref(), &door, lang).await,
        lang,
    )
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
    if !scope::shown_by_code(row.privacy, row.held) {
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
    let links = secret.is_some().then_some(&*state.links);
    Ok(views::report_view(
        &state.store,
        row,
        Audience::Public { links },
        state.now(),
        lang,
    )
    .await?)
}

/// The secret of a confidential report, from the `X-Reporter-Secret` header (never the URL).
pub(crate) fn secret_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-reporter-secret")
        .and_then(|v| v.to_str().ok())
        .map(String::from)
        .filter(|s| !s.is_empty())
}

pub async fn get_report(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    state.lookups.check(ip, lang)?;
    let secret = secret_of(&headers);
    if secret.is_none() {
        if let Some(res) = cached_view(&state, &code, &headers, lang).await? {
            return Ok(res);
        }
    }
    let row = open_report(&state, &code, secret.as_deref(), lang).await?;
    let view = public_view(&state, &row, secret.as_deref(), lang).await?;
    let mut res = Json(view).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, "no-store".parse().unwrap());
    Ok(res)
}

/// A listed report's view from memory when its version is unchanged (`crate::cache`); `None`
/// for a confidential report or an unknown code (the caller answers those).
async fn cached_view(
    state: &AppState,
    code: &str,
    headers: &HeaderMap,
    lang: Lang,
) -> ApiResult<Option<Response>> {
    let Ok(code) = TrackingCode::parse(code) else {
        return Ok(None);
    };
    // The day is part of the version: "3 hari kerja lagi" changes overnight.
    let day = domain::Date::from_unix_wib(state.now()).days();
    // Only listed reports are ever kept, and a change of privacy removes the entry.
    if let Some(k) = state
        .cache
        .id_of(code.as_str())
        .and_then(|id| state.cache.view(id, lang, day))
    {
        return Ok(Some(crate::cache::respond(
            headers,
            &k.version,
            Some(k.body),
        )));
    }
    let ticket = state.cache.ticket();
    let Some((seq, shown)) = state.store.report_stamp(code.as_str()).await? else {
        return Ok(None);
    };
    if !shown {
        return Ok(None);
    }
    let version = format!("{seq}-{}-{day}", lang.code());
    if crate::cache::fresh(headers, &crate::cache::etag(&version)) {
        return Ok(Some(crate::cache::respond(headers, &version, None)));
    }
    let Some(row) = state.store.report_by_code(code.as_str()).await? else {
        return Ok(None);
    };
    let view = public_view(state, &row, None, lang).await?;
    let body = Bytes::from(serde_json::to_vec(&view).map_err(|e| ApiError::internal("view", e))?);
    state.cache.put_view(
        ticket,
        code.as_str(),
        row.id,
        lang,
        day,
        crate::cache::Kept {
            version: version.clone(),
            body: body.clone(),
        },
    );
    Ok(Some(crate::cache::respond(headers, &version, Some(body))))
}

#[derive(serde::Deserialize, Default)]
pub struct PhotoQuery {
    /// A signed link's token (`links::Signer`), for a confidential report's photo.
    pub t: Option<String>,
}

/// One photo: a listed report's for anyone with the code; a confidential report's with a signed
/// link's token or the secret in `X-Reporter-Secret`; otherwise the same 404 as for nothing.
async fn photo(
    state: &AppState,
    lang: Lang,
    code: &str,
    id: &str,
    token: Option<&str>,
    headers: &HeaderMap,
    thumb: bool,
) -> ApiResult<Response> {
    let not_found = || ApiError::not_found().lang(lang);
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let code = TrackingCode::parse(code).map_err(|_| not_found())?;
    let row = state
        .store
        .report_by_code(code.as_str())
        .await?
        .ok_or_else(not_found)?;
    let shown = scope::shown_by_code(row.privacy, row.held);
    if !shown {
        let signed = token.is_some_and(|t| {
            state
                .links
                .check(t, &row.tracking_code, id, thumb, state.now())
        });
        let by_secret = secret_of(headers)
            .is_some_and(|s| row.secret_hash.as_deref() == Some(submit::hash_secret(&s).as_str()));
        if !signed && !by_secret {
            return Err(not_found());
        }
    }
    let (content_type, bytes) = state
        .store
        .attachment_bytes(row.id, id, thumb)
        .await?
        .ok_or_else(not_found)?;
    let cache = if shown {
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
    ClientIp(ip): ClientIp,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<PhotoQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    state.lookups.check(ip, lang)?;
    photo(&state, lang, &code, &id, q.t.as_deref(), &headers, false).await
}

pub async fn get_photo_thumb(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<PhotoQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    state.lookups.check(ip, lang)?;
    photo(&state, lang, &code, &id, q.t.as_deref(), &headers, true).await
}
