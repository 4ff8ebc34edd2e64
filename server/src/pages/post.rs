//! `POST /lapor`: reads the form (urlencoded or multipart with a photo), refuses a filled
//! honeypot, answers "Cari" and "Pilih kategori" with the same form one step further, and sends
//! the report through `submit` with the form's idempotency key, so that pressing "Kirim" twice
//! (or reloading the answer) shows the same receipt and stores one report.

use super::form::{form_html, new_idem, title, FormQuery};
use super::receipt::receipt_html;
use super::{html_response, t};
use crate::error::ApiError;
use crate::submit::{self, Outcome, Submission};
use crate::{AppState, ClientIp, ReqLang};
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use domain::catalog;
use domain::report::{RawCoord, RawLocation, RawReport, RawReporter};
use domain::Lang;
use maud::html;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// Form values as typed, kept to re-render the form.
#[derive(Debug, Default, Clone)]
pub struct FormValues {
    v: HashMap<String, String>,
}

impl FormValues {
    /// The value of an input, empty when it was not sent.
    pub fn get(&self, k: &str) -> &str {
        self.v.get(k).map(String::as_str).unwrap_or("")
    }

    /// The value of an input that was sent and is not empty.
    pub fn opt(&self, k: &str) -> Option<String> {
        self.v.get(k).filter(|s| !s.is_empty()).cloned()
    }

    pub fn set(&mut self, k: &str, value: String) {
        self.v.insert(k.to_string(), value);
    }

    /// The citizen's words in "Ceritakan masalah Anda" fill an empty title (their first
    /// sentence, `domain::report::title_from`) and an empty description: typed once, editable.
    pub fn seed_from_story(&mut self) {
        let story = self.get("cerita").trim().to_string();
        if story.is_empty() {
            return;
        }
        if self.opt("title").is_none() {
            self.set("title", domain::report::title_from(&story));
        }
        if self.opt("body").is_none() {
            self.set("body", story);
        }
    }

    /// The report as the domain reads it. Answers only for the chosen category's questions:
    /// the form shows a category's questions only after it is chosen.
    pub fn to_raw(&self) -> RawReport {
        let category = self.opt("category");
        let mut answers = BTreeMap::new();
        if let Some(cat) = category.as_deref().and_then(catalog::category) {
            for q in cat.questions() {
                if let Some(v) = self.opt(&format!("q_{}", q.code)) {
                    answers.insert(q.code.to_string(), v);
                }
            }
        }
        RawReport {
            report_type: self.opt("type"),
            category,
            answers,
            title: self.opt("title"),
            body: self.opt("body"),
            incident_date: self.opt("incident_date"),
            location: RawLocation {
                desa: self.opt("desa"),
                detail: self.opt("detail"),
                lat: self.opt("lat").map(RawCoord::Text),
                lon: self.opt("lon").map(RawCoord::Text),
            },
            privacy: self.opt("privacy"),
            reporter: RawReporter {
                name: self.opt("name"),
                phone: self.opt("phone"),
                email: self.opt("email"),
            },
            catalog_version: None,
            attachments: vec![],
        }
    }
}

/// Maps the API's field names to the form's input names.
fn input_of(field: &str) -> String {
    match field {
        "location.desa" => "desa".into(),
        "location.detail" => "detail".into(),
        "location.lat" | "location.lon" => "lat".into(),
        "reporter.name" => "name".into(),
        "reporter.phone" => "phone".into(),
        "reporter.email" => "email".into(),
        "attachments" => "photo".into(),
        f if f.starts_with("answers.") => format!("q_{}", &f[8..]),
        f => f.into(),
    }
}

/// The error's messages by the form's input names.
fn field_errors(e: &ApiError, lang: Lang) -> HashMap<String, String> {
    e.fields
        .iter()
        .map(|f| (input_of(&f.field), f.message(lang).to_string()))
        .collect()
}

/// The form's text fields and its photos, from a urlencoded or a multipart body.
async fn read_form(req: Request, state: &AppState) -> Result<(FormValues, Vec<Vec<u8>>), ApiError> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ctype.starts_with("multipart/form-data") {
        return read_multipart(req, state).await;
    }
    let bytes = axum::body::Bytes::from_request(req, state)
        .await
        .map_err(|e| {
            ApiError::bad_request(
                format!("Formulir tidak dapat dibaca: {e}"),
                format!("The form cannot be read: {e}"),
            )
        })?;
    let mut v = FormValues::default();
    for (k, val) in form_urlencoded::parse(&bytes) {
        v.v.insert(k.into_owned(), val.into_owned());
    }
    Ok((v, Vec::new()))
}

async fn read_multipart(
    req: Request,
    state: &AppState,
) -> Result<(FormValues, Vec<Vec<u8>>), ApiError> {
    let mut mp = Multipart::from_request(req, state).await.map_err(|e| {
        ApiError::bad_request(
            format!("Formulir tidak dapat dibaca: {e}"),
            format!("The form cannot be read: {e}"),
        )
    })?;
    let limits = state.cfg.limits();
    let mut v = FormValues::default();
    let mut photos = Vec::new();
    while let Some(mut field) = mp.next_field().await.map_err(|e| {
        ApiError::bad_request(
            format!("Kiriman terputus atau terlalu besar ({e}). Silakan kirim ulang."),
            format!("The upload was cut off or too large ({e}). Please send again."),
        )
    })? {
        let name = field.name().unwrap_or("").to_string();
        if name == "photo" {
            let mut buf = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|e| {
                ApiError::bad_request(
                    format!("Foto terputus saat dikirim ({e})."),
                    format!("The photo upload was cut off ({e})."),
                )
            })? {
                buf.extend_from_slice(&chunk);
                if buf.len() as u64 > limits.max_photo_bytes {
                    return Err(ApiError::validation(vec![
                        limits.photo_too_large(photos.len() + 1, None)
                    ]));
                }
            }
            if !buf.is_empty() {
                photos.push(buf);
            }
        } else {
            let text = field.text().await.map_err(|e| {
                ApiError::bad_request(
                    format!("Isian tidak dapat dibaca ({e})."),
                    format!("A field cannot be read ({e})."),
                )
            })?;
            v.v.insert(name, text);
        }
    }
    Ok((v, photos))
}

/// An answer of `POST /lapor` that is the form again: without the app, so that the app does not
/// replace what the citizen typed.
fn again(state: &AppState, lang: Lang, status: StatusCode, form: String) -> Response {
    html_response(status, state.assets.plain_page(title(lang), &form, lang))
}

/// `POST /lapor` (and `/lapor?embed=1`).
pub async fn submit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Query(q): Query<FormQuery>,
    req: Request,
) -> Response {
    let embed = q.embed.is_some();
    let (mut v, photos) = match read_form(req, &state).await {
        Ok(x) => x,
        Err(e) => {
            let e = e.lang(lang);
            let errors = field_errors(&e, lang);
            let form = form_html(
                &FormValues::default(),
                &errors,
                Some(e.message()),
                lang,
                embed,
                &new_idem(),
            );
            return again(&state, lang, e.status, form);
        }
    };
    if v.opt("website").is_some() {
        let body = html! {
            main class="nojs" {
                h1 { (t(lang, "Formulir tidak dapat diproses. Kosongkan kolom tersembunyi lalu kirim ulang.", "The form cannot be processed. Leave the hidden field empty and send again.")) }
            }
        };
        return again(&state, lang, StatusCode::BAD_REQUEST, body.into_string());
    }
    let idem = v.opt("idem").unwrap_or_else(new_idem);
    v.seed_from_story();
    if let Some(code) = v.get("action").strip_prefix("pilih:").map(String::from) {
        if let Some(c) = catalog::category(&code) {
            // the answers the story already gives, as the suggestion showed them; a choice the
            // citizen made stays
            for (q, a) in domain::suggest::answers_in(v.get("cerita"), c) {
                let field = format!("q_{q}");
                if v.opt(&field).is_none() {
                    v.set(&field, a.to_string());
                }
            }
            v.set("category", code);
        }
        v.set("action", "pilih".into());
    }
    if v.get("action") != "kirim" {
        // Searching or choosing a category: show its questions and the route, keep everything.
        let form = form_html(&v, &HashMap::new(), None, lang, embed, &idem);
        return again(&state, lang, StatusCode::OK, form);
    }
    send(&state, &v, photos, idem, ip, lang, embed).await
}

/// "Kirim laporan": the report through `submit` under the form's key, answered with the receipt
/// (`201`, or `200` for a resubmit of the same key), or with the form and its errors.
async fn send(
    state: &AppState,
    v: &FormValues,
    photos: Vec<Vec<u8>>,
    idem: String,
    ip: IpAddr,
    lang: Lang,
    embed: bool,
) -> Response {
    let raw = v.to_raw();
    let fingerprint = {
        let json = serde_json::to_vec(&raw).unwrap_or_default();
        let mut parts: Vec<&[u8]> = vec![&json];
        parts.extend(photos.iter().map(Vec::as_slice));
        submit::sha256_hex(&parts)
    };
    // A resubmit of a stored report is not a new submission: it is not rate limited.
    let known = state.store.idempotency_known(&idem).await.unwrap_or(false);
    if !known {
        if let Err(e) = state.limiter.check(ip, lang) {
            let form = form_html(v, &HashMap::new(), Some(e.message()), lang, embed, &idem);
            return again(state, lang, StatusCode::TOO_MANY_REQUESTS, form);
        }
    }
    let submission = Submission {
        raw,
        photos,
        fingerprint,
    };
    match submit::submit(
        state,
        submission,
        Some(&idem),
        domain::report::Channel::Nojs,
        lang,
    )
    .await
    {
        Ok(outcome) => {
            let status = if matches!(outcome, Outcome::Stored(_)) {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let title = t(
                lang,
                "Laporan diterima — Lapor Natuna",
                "Report received — Lapor Natuna",
            );
            let receipt = receipt_html(outcome.receipt(), lang);
            html_response(status, state.assets.plain_page(title, &receipt, lang))
        }
        Err(e) => {
            let e = e.lang(lang);
            // A new key if the same key now stands for different input.
            let idem = if e.code == "idempotency_key_reused" {
                new_idem()
            } else {
                idem
            };
            let errors = field_errors(&e, lang);
            let form = form_html(v, &errors, Some(e.message()), lang, embed, &idem);
            again(state, lang, e.status, form)
        }
    }
}
