//! The server's JSON API as the app uses it: one `fetch` wrapper with a timeout, and the shapes
//! of the answers. Every field the app does not strictly need is optional, so a server that adds
//! or omits a detail never breaks a citizen's screen.

use crate::i18n;
use crate::json::{Json, Obj};
use domain::Lang;
use leptos::prelude::RwSignal;
use leptos::prelude::Set;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `{"code": …, "name": …}`: a category or a unit as the server names it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Named {
    pub code: String,
    pub name: Option<String>,
}

impl Named {
    fn read(j: &Json) -> Named {
        Named {
            code: j.str("code"),
            name: j.opt("name"),
        }
    }
}

/// The answer to a stored report: what the receipt shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Receipt {
    pub tracking_code: String,
    pub display_code: String,
    pub status: String,
    pub unit: Named,
    pub reason: Option<String>,
    pub guidance: Option<String>,
    pub due_date: Option<String>,
    pub reporter_secret: Option<String>,
    /// The citizen has seen it (a receipt from a background retry is announced until then).
    pub seen: bool,
}

impl Receipt {
    pub fn read(j: &Json) -> Receipt {
        Receipt {
            tracking_code: j.str("tracking_code"),
            display_code: j.str("display_code"),
            status: j.str("status"),
            unit: Named::read(&j.get("unit")),
            reason: j.opt("reason"),
            guidance: j.opt("guidance"),
            due_date: j.opt("due_date"),
            reporter_secret: j.opt("reporter_secret"),
            seen: j.bool("seen"),
        }
    }

    pub fn write(&self) -> Obj {
        Obj::new()
            .str("tracking_code", &self.tracking_code)
            .str("display_code", &self.display_code)
            .str("status", &self.status)
            .obj(
                "unit",
                Obj::new()
                    .str("code", &self.unit.code)
                    .opt("name", self.unit.name.as_deref()),
            )
            .opt("reason", self.reason.as_deref())
            .opt("guidance", self.guidance.as_deref())
            .opt("due_date", self.due_date.as_deref())
            .opt("reporter_secret", self.reporter_secret.as_deref())
            .bool("seen", self.seen)
    }
}

/// `{"error": {code, message, fields, did_you_mean}}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub fields: Vec<(String, String)>,
    pub did_you_mean: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No answer: offline, the connection dropped, or the timeout passed.
    Network,
    /// The server answered with an error status.
    Http(u16, ApiError),
}

impl Failure {
    pub fn message(&self) -> String {
        match self {
            Failure::Network => i18n::t(
                "Tidak ada koneksi ke server. Periksa sinyal atau data internet Anda, lalu coba lagi.",
                "The server cannot be reached. Check your signal or mobile data and try again.",
            )
            .to_string(),
            Failure::Http(status, e) if e.message.is_empty() => format!("{} ({status})", i18n::t("Server menolak permintaan", "The server refused the request")),
            Failure::Http(_, e) => e.message.clone(),
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

/// Loads `url` now, and again whenever `key` changes; `read` turns the JSON into what the page
/// shows. Lighter than a resource: one request, one signal, the last answer wins.
pub fn load<T: Clone + Send + Sync + 'static>(
    key: impl Fn() -> Option<String> + 'static,
    read: fn(&Json) -> T,
) -> Loaded<T> {
    let out: Loaded<T> = RwSignal::new(None);
    let generation = std::rc::Rc::new(std::cell::Cell::new(0u32));
    leptos::prelude::Effect::new(move |_| {
        let Some(url) = key() else { return };
        out.set(None);
        let g = generation.get().wrapping_add(1);
        generation.set(g);
        let generation = generation.clone();
        leptos::task::spawn_local(async move {
            let r = get_json(&url).await.map(|j| read(&j));
            if generation.get() == g {
                out.try_set(Some(r));
            }
        });
    });
    out
}

/// A success's JSON body, or an error status with its `{error: …}` body.
pub fn decode(status: u16, text: &str) -> Result<Json, Failure> {
    let json = Json::parse(text);
    if (200..300).contains(&status) {
        json.filter(Json::is_object)
            .ok_or_else(|| Failure::Http(status, ApiError::default()))
    } else {
        let e = json.map(|j| j.get("error")).filter(Json::is_object);
        let e = e
            .map(|e| ApiError {
                code: e.str("code"),
                message: e.str("message"),
                fields: e.text_entries("fields"),
                did_you_mean: e.strings("did_you_mean"),
            })
            .unwrap_or_default();
        Err(Failure::Http(status, e))
    }
}

pub async fn get_json(url: &str) -> Result<Json, Failure> {
    let (status, text) = request("GET", url, Body::None, &[], Duration::from_secs(30)).await?;
    decode(status, &text)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub reports_this_month: u64,
    pub answered_on_time_pct: Option<f64>,
    pub reports_total: u64,
}

impl Stats {
    pub fn read(j: &Json) -> Stats {
        Stats {
            reports_this_month: j.int("reports_this_month").max(0) as u64,
            answered_on_time_pct: j.num("answered_on_time_pct"),
            reports_total: j.int("reports_total").max(0) as u64,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Place {
    pub desa_name: Option<String>,
    pub kecamatan_name: Option<String>,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhotoRef {
    pub url: String,
    pub thumb_url: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryItem {
    pub at: i64,
    pub status: String,
    pub status_label: String,
    pub to_unit: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub at: i64,
    pub unit: Option<String>,
    pub text: Option<String>,
    /// Photos and documents the unit attached to its answer.
    pub files: Vec<FileRef>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileRef {
    pub url: String,
    pub thumb_url: String,
    pub content_type: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Due {
    pub kind: String,
    pub date: String,
    pub overdue: bool,
    pub working_days_left: i32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportView {
    pub tracking_code: String,
    pub display_code: String,
    pub category: Named,
    pub title: String,
    pub body: String,
    pub privacy: String,
    pub status: String,
    pub status_label: String,
    pub unit: Named,
    pub reason: Option<String>,
    pub guidance: Option<String>,
    pub location: Option<Place>,
    pub incident_date: Option<String>,
    pub created_at: i64,
    pub reporter_name: Option<String>,
    pub photos: Vec<PhotoRef>,
    pub history: Vec<HistoryItem>,
    pub responses: Vec<Answer>,
    pub due: Option<Due>,
}

impl ReportView {
    pub fn read(j: &Json) -> ReportView {
        let loc = j.get("location");
        let due = j.get("due");
        ReportView {
            tracking_code: j.str("tracking_code"),
            display_code: j.str("display_code"),
            category: Named::read(&j.get("category")),
            title: j.str("title"),
            body: j.str("body"),
            privacy: j.str("privacy"),
            status: j.str("status"),
            status_label: j.str("status_label"),
            unit: Named::read(&j.get("unit")),
            reason: j.opt("reason"),
            guidance: j.opt("guidance"),
            location: loc.is_object().then(|| Place {
                desa_name: loc.opt("desa_name"),
                kecamatan_name: loc.opt("kecamatan_name"),
                detail: loc.opt("detail"),
            }),
            incident_date: j.opt("incident_date"),
            created_at: j.int("created_at"),
            reporter_name: j.opt("reporter_name"),
            photos: j
                .list("photos")
                .iter()
                .map(|p| PhotoRef {
                    url: p.str("url"),
                    thumb_url: p.str("thumb_url"),
                })
                .collect(),
            history: j
                .list("history")
                .iter()
                .map(|h| HistoryItem {
                    at: h.int("at"),
                    status: h.str("status"),
                    status_label: h.str("status_label"),
                    to_unit: h.opt("to_unit"),
                    note: h.opt("note"),
                })
                .collect(),
            responses: j
                .list("responses")
                .iter()
                .map(|a| Answer {
                    at: a.int("at"),
                    unit: a.opt("unit"),
                    text: a.opt("text"),
                    files: a
                        .list("files")
                        .iter()
                        .map(|f| FileRef {
                            url: f.str("url"),
                            thumb_url: f.str("thumb_url"),
                            content_type: f.str("content_type"),
                        })
                        .collect(),
                })
                .collect(),
            due: due.is_object().then(|| Due {
                kind: due.str("kind"),
                date: due.str("date"),
                overdue: due.bool("overdue"),
                working_days_left: due.int("working_days_left") as i32,
            }),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListItem {
    pub tracking_code: String,
    pub display_code: String,
    pub title: String,
    pub category: Named,
    pub status: String,
    pub status_label: String,
    pub unit: Named,
    pub kecamatan_name: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListPage {
    pub items: Vec<ListItem>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl ListPage {
    pub fn read(j: &Json) -> ListPage {
        ListPage {
            items: j
                .list("items")
                .iter()
                .map(|i| ListItem {
                    tracking_code: i.str("tracking_code"),
                    display_code: i.str("display_code"),
                    title: i.str("title"),
                    category: Named::read(&i.get("category")),
                    status: i.str("status"),
                    status_label: i.str("status_label"),
                    unit: Named::read(&i.get("unit")),
                    kecamatan_name: i.opt("kecamatan_name"),
                    created_at: i.int("created_at"),
                })
                .collect(),
            page: j.int("page").max(1) as u32,
            per_page: j.int("per_page").max(1) as u32,
            total: j.int("total").max(0) as u64,
        }
    }
}
