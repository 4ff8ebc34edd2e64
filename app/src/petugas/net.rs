//! The officers' API, read and written as the `domain::wire` types with serde (this bundle has
//! no 2G budget; the citizen bundles read the same types through the browser's JSON). The
//! session is the server's HttpOnly cookie; every change carries the CSRF token it gave; a 401
//! means the session ended, so the login form comes back.

use super::{me, set_auth, Auth};
use crate::api::Failure;
use crate::i18n::{lang, t};
use crate::json::Bad;
use crate::util;
use domain::wire::{ErrorBody, ErrorDetail};
use domain::Lang;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A success's body as `T`, or the error status with its `ErrorBody`.
fn decode<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, Failure> {
    if (200..300).contains(&status) {
        serde_json::from_str(text).map_err(|e| Failure::Unreadable(Bad(e.to_string())))
    } else {
        let detail = serde_json::from_str::<ErrorBody>(text)
            .map(|b| b.error)
            .unwrap_or_else(|_| ErrorDetail::default());
        Err(Failure::Http(status, detail))
    }
}

async fn fetch(
    method: &str,
    url: &str,
    body: Option<JsValue>,
    ctype: Option<&str>,
) -> Result<(u16, String), Failure> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let h = web_sys::Headers::new().map_err(|_| Failure::Network)?;
    let _ = h.set("Accept", "application/json");
    if lang() == Lang::En {
        let _ = h.set("Accept-Language", "en");
    }
    if method != "GET" {
        if let Some(m) = me() {
            let _ = h.set("X-CSRF-Token", &m.csrf_token);
        }
    }
    if let Some(c) = ctype {
        let _ = h.set("Content-Type", c);
    }
    if let Some(b) = body {
        init.set_body(&b);
    }
    init.set_headers(&h);
    let resp = JsFuture::from(util::window().fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| Failure::Network)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| Failure::Network)?;
    let status = resp.status();
    let text = JsFuture::from(resp.text().map_err(|_| Failure::Network)?)
        .await
        .map_err(|_| Failure::Network)?;
    if status == 401 && !url.ends_with("/login") {
        set_auth(Auth::Out);
    }
    Ok((status, text.as_string().unwrap_or_default()))
}

pub async fn get<T: DeserializeOwned>(url: &str) -> Result<T, Failure> {
    let (status, text) = fetch("GET", url, None, None).await?;
    decode(status, &text)
}

/// A change with a JSON body (`POST`, `PATCH`).
pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: &str,
    url: &str,
    body: &B,
) -> Result<T, Failure> {
    let json = serde_json::to_string(body).map_err(|e| Failure::Unreadable(Bad(e.to_string())))?;
    let (status, text) = fetch(
        method,
        url,
        Some(JsValue::from_str(&json)),
        Some("application/json"),
    )
    .await?;
    decode(status, &text)
}

/// A change without a body whose success has none either (`logout` answers 204).
pub async fn post_empty(url: &str) -> Result<(), Failure> {
    let (status, text) = fetch("POST", url, None, None).await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        decode::<domain::wire::Done>(status, &text).map(|_| ())
    }
}

/// A change with a body of another type (a CSV file).
pub async fn send_text<T: DeserializeOwned>(
    url: &str,
    body: String,
    ctype: &str,
) -> Result<T, Failure> {
    let (status, text) = fetch("POST", url, Some(JsValue::from_str(&body)), Some(ctype)).await?;
    decode(status, &text)
}

/// A multipart POST (an answer with attachments); the browser writes the boundary.
pub async fn post_form<T: DeserializeOwned>(
    url: &str,
    form: web_sys::FormData,
) -> Result<T, Failure> {
    let (status, text) = fetch("POST", url, Some(form.into()), None).await?;
    decode(status, &text)
}

/// What a page shows while it loads: nothing yet, or the answer.
pub type Loaded<T> = RwSignal<Option<Result<T, Failure>>>;

/// Loads a GET address as `T` whenever `key` changes; the last answer wins.
pub fn load<T: DeserializeOwned + Send + Sync + 'static>(
    key: impl Fn() -> Option<String> + 'static,
) -> Loaded<T> {
    let out = RwSignal::new(None);
    let generation = std::rc::Rc::new(std::cell::Cell::new(0u32));
    Effect::new(move |_| {
        let Some(url) = key() else { return };
        let g = generation.get().wrapping_add(1);
        generation.set(g);
        let generation = generation.clone();
        leptos::task::spawn_local(async move {
            let r = get::<T>(&url).await;
            if generation.get() == g {
                out.try_set(Some(r));
            }
        });
    });
    out
}

/// A failure as one readable line, with the server's field and line messages when it gave any.
pub fn failure_text(f: &Failure) -> String {
    let Failure::Http(status, e) = f else {
        return f.message();
    };
    let mut parts: Vec<String> = Vec::new();
    if !e.message.is_empty() {
        parts.push(e.message.clone());
    }
    parts.extend(e.fields.values().cloned());
    for l in e.lines.iter().flatten() {
        parts.push(match lang() {
            Lang::Id => format!("Baris {}: {}", l.line, l.message),
            Lang::En => format!("Line {}: {}", l.line, l.message),
        });
    }
    if parts.is_empty() {
        format!(
            "{} ({status})",
            t(
                "Server menolak permintaan",
                "The server refused the request"
            )
        )
    } else {
        parts.join(" ")
    }
}
