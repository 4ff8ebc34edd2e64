//! The server's JSON API as the citizen and tracking bundles use it: one `fetch` wrapper with a
//! timeout, and answers read as the `domain::wire` types (`wire_read`). An answer that does not
//! match its type is a failure the page shows, never a half-empty screen.

use crate::i18n;
use crate::json::{Bad, Json, Obj};
use crate::wire_read::Read;
use domain::wire::ErrorDetail;
use domain::Lang;
use leptos::prelude::RwSignal;
use leptos::prelude::Set;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No answer: offline, the connection dropped, or the timeout passed.
    Network,
    /// The server answered with an error status (and its `ErrorBody`, when it sent one).
    Http(u16, ErrorDetail),
    /// The server answered, but not as the contract says (the field that did not fit).
    Unreadable(Bad),
}

impl Failure {
    /// For a form without a field-by-field display: what the server said of each field
    /// ("Kode pelapor tidak cocok"), which says more than its summary ("1 isian …").
    pub fn field_message(&self) -> String {
        match self {
            Failure::Http(_, e) if !e.fields.is_empty() => {
                e.fields.values().cloned().collect::<Vec<_>>().join(" ")
            }
            _ => self.message(),
        }
    }

    pub fn message(&self) -> String {
        match self {
            Failure::Network => i18n::t(
                "Tidak ada koneksi ke server. Periksa sinyal atau data internet Anda, lalu coba lagi.",
                "The server cannot be reached. Check your signal or mobile data and try again.",
            )
            .to_string(),
            Failure::Http(status, e) if e.message.is_empty() => format!("{} ({status})", i18n::t("Server menolak permintaan", "The server refused the request")),
            Failure::Http(_, e) => e.message.clone(),
            Failure::Unreadable(Bad(field)) => {
                let m = i18n::t(
                    "Jawaban server tidak dapat dibaca. Muat ulang halaman ini; bila tetap gagal, coba lagi nanti.",
                    "The server's answer cannot be read. Reload this page; if it still fails, try again later.",
                );
                if field.is_empty() {
                    m.to_string()
                } else {
                    format!("{m} ({field})")
                }
            }
        }
    }
}

pub enum Body {
    None,
    Json(String),
    Form(web_sys::FormData),
}

/// One HTTP request; `Ok` carries the status and the body text of any answer.
pub async fn request(
    method: &str,
    url: &str,
    body: Body,
    headers: &[(&str, &str)],
    timeout: Duration,
) -> Result<(u16, String), Failure> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let h = web_sys::Headers::new().map_err(|_| Failure::Network)?;
    let _ = h.set("Accept", "application/json");
    if i18n::lang() == Lang::En {
        let _ = h.set("Accept-Language", "en");
    }
    for (k, v) in headers {
        let _ = h.set(k, v);
    }
    match body {
        Body::None => {}
        Body::Json(s) => {
            let _ = h.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(&s));
        }
        Body::Form(f) => init.set_body(&f),
    }
    init.set_headers(&h);
    let ctrl = web_sys::AbortController::new().ok();
    if let Some(c) = &ctrl {
        init.set_signal(Some(&c.signal()));
    }
    let timer = ctrl.map(|c| leptos::prelude::set_timeout_with_handle(move || c.abort(), timeout));
    let result = async {
        let resp = JsFuture::from(crate::util::window().fetch_with_str_and_init(url, &init))
            .await
            .map_err(|_| Failure::Network)?;
        let resp: web_sys::Response = resp.dyn_into().map_err(|_| Failure::Network)?;
        let status = resp.status();
        let text = JsFuture::from(resp.text().map_err(|_| Failure::Network)?)
            .await
            .map_err(|_| Failure::Network)?;
        Ok((status, text.as_string().unwrap_or_default()))
    }
    .await;
    if let Some(Ok(t)) = timer {
        t.clear();
    }
    result
}

/// What a page shows while it loads something: nothing yet, or the answer.
pub type Loaded<T> = RwSignal<Option<Result<T, Failure>>>;

/// Loads `url` now, and again whenever `key` changes, as the wire type `T`. Lighter than a
/// resource: one request, one signal, the last answer wins.
pub fn load<T: Read + Clone + Send + Sync + 'static>(
    key: impl Fn() -> Option<String> + 'static,
) -> Loaded<T> {
    load_with(move || key().map(|url| (url, None)))
}

/// As `load`, with a confidential report's secret (its kode pelapor), which travels in the
/// `X-Reporter-Secret` header, never in the address.
pub fn load_with<T: Read + Clone + Send + Sync + 'static>(
    key: impl Fn() -> Option<(String, Option<String>)> + 'static,
) -> Loaded<T> {
    let out: Loaded<T> = RwSignal::new(None);
    let generation = std::rc::Rc::new(std::cell::Cell::new(0u32));
    leptos::prelude::Effect::new(move |_| {
        let Some((url, secret)) = key() else { return };
        out.set(None);
        let g = generation.get().wrapping_add(1);
        generation.set(g);
        let generation = generation.clone();
        leptos::task::spawn_local(async move {
            let r = get_with::<T>(&url, secret.as_deref()).await;
            if generation.get() == g {
                out.try_set(Some(r));
            }
        });
    });
    out
}

/// A success's body as the wire type `T`, or an error status with its `ErrorBody`.
pub fn decode<T: Read>(status: u16, text: &str) -> Result<T, Failure> {
    let json = Json::parse(text).filter(Json::is_object);
    if (200..300).contains(&status) {
        let json = json.ok_or_else(|| Failure::Unreadable(Bad(String::new())))?;
        T::read(&json).map_err(Failure::Unreadable)
    } else {
        // A proxy's error page has no `ErrorBody`: the status alone says what happened.
        let detail = json
            .and_then(|j| j.obj::<ErrorDetail>("error").ok())
            .unwrap_or_default();
        Err(Failure::Http(status, detail))
    }
}

pub async fn get_with<T: Read>(url: &str, secret: Option<&str>) -> Result<T, Failure> {
    let headers: &[(&str, &str)] = match secret {
        Some(s) => &[("X-Reporter-Secret", s)],
        None => &[],
    };
    let (status, text) = request("GET", url, Body::None, headers, Duration::from_secs(30)).await?;
    decode(status, &text)
}

pub async fn post<T: Read>(url: &str, body: Obj) -> Result<T, Failure> {
    let (status, text) = request(
        "POST",
        url,
        Body::Json(body.text()),
        &[],
        Duration::from_secs(30),
    )
    .await?;
    decode(status, &text)
}
