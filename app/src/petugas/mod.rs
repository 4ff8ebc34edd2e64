//! The officers' side (`/petugas/…`): log in, the scoped queue, a report's detail with the
//! actions its holder may take, officer accounts (coordinator) and monitoring (coordinator and
//! leadership). Same conventions as the citizen pages: static text re-rendered on a language
//! switch, read-only parts as escaped HTML strings, JSON through `crate::json`.
//! The session is the server's HttpOnly cookie; state changes carry the CSRF token it gave.

pub mod akun;
pub mod detail;
pub mod monev;
pub mod queue;

use crate::api::{self, Failure};
use crate::i18n::{self, lang, t};
use crate::json::Json;
use crate::{html, router, util};
use domain::catalog::{self, Unit, UnitKind};
use domain::lifecycle::Status;
use domain::Lang;
use leptos::prelude::*;
use std::sync::OnceLock;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The logged-in officer.
#[derive(Clone, Debug, PartialEq)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit: String,
    pub unit_name: String,
    pub csrf: String,
}

impl Me {
    fn read(j: &Json) -> Me {
        let o = j.get("officer");
        let u = o.get("unit");
        Me {
            username: o.str("username"),
            display_name: o.str("display_name"),
            role: o.str("role"),
            unit: u.str("code"),
            unit_name: u.str("name"),
            csrf: j.str("csrf_token"),
        }
    }
    pub fn is_coordinator(&self) -> bool {
        self.role == "koordinator"
    }
    pub fn sees_monev(&self) -> bool {
        self.role == "koordinator" || self.role == "pimpinan"
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Auth {
    Checking,
    Out,
    In(Me),
}

// Reference-counted, not owned by the page that first asked: it outlives every page.
static AUTH: OnceLock<ArcRwSignal<Auth>> = OnceLock::new();

/// A hint (not the session: that is an HttpOnly cookie) that this browser has logged in, so a
/// fresh visit shows the login form without asking the server and logging a 401.
const SESSION_HINT: &str = "lapor.petugas.session";

fn set_auth(a: Auth) {
    match &a {
        Auth::In(_) => {
            crate::storage::set(SESSION_HINT, "1");
        }
        Auth::Out => crate::storage::remove(SESSION_HINT),
        Auth::Checking => {}
    }
    auth().set(a);
}

pub fn auth() -> ArcRwSignal<Auth> {
    AUTH.get_or_init(|| ArcRwSignal::new(Auth::Checking))
        .clone()
}

pub fn me() -> Option<Me> {
    match auth().get_untracked() {
        Auth::In(m) => Some(m),
        _ => None,
    }
}

/// One request of the officers' API: the session cookie goes along (same origin), the CSRF
/// token on every state change; a 401 means the session ended, so the login form comes back.
pub async fn call(method: &str, url: &str, body: Option<(String, &str)>) -> Result<Json, Failure> {
    let text = call_text(method, url, body).await?;
    api::decode(200, &text)
}

/// As `call`, keeping a success's body as text.
pub async fn call_text(
    method: &str,
    url: &str,
    body: Option<(String, &str)>,
) -> Result<String, Failure> {
    match body {
        Some((b, ctype)) => fetch(method, url, Some(JsValue::from_str(&b)), Some(ctype)).await,
        None => fetch(method, url, None, None).await,
    }
}

/// A multipart POST (an answer with attachments); the browser writes the boundary.
pub async fn post_form(url: &str, form: web_sys::FormData) -> Result<String, Failure> {
    fetch("POST", url, Some(form.into()), None).await
}

async fn fetch(
    method: &str,
    url: &str,
    body: Option<JsValue>,
    ctype: Option<&str>,
) -> Result<String, Failure> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let h = web_sys::Headers::new().map_err(|_| Failure::Network)?;
    let _ = h.set("Accept", "application/json");
    if lang() == Lang::En {
        let _ = h.set("Accept-Language", "en");
    }
    if method != "GET" {
        if let Some(m) = me() {
            let _ = h.set("X-CSRF-Token", &m.csrf);
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
    let text = text.as_string().unwrap_or_default();
    if status == 401 && !url.ends_with("/login") {
        set_auth(Auth::Out);
    }
    api::decode(status, &text)?;
    Ok(text)
}

pub async fn post_json(url: &str, body: crate::json::Obj) -> Result<Json, Failure> {
    call("POST", url, Some((body.text(), "application/json"))).await
}

/// A failure as one readable line, with the server's field messages when it gave any.
pub fn failure_text(f: &Failure) -> String {
    match f {
        Failure::Http(_, e) if !e.fields.is_empty() => {
            let fields = e
                .fields
                .iter()
                .map(|(_, m)| m.clone())
                .collect::<Vec<_>>()
                .join(" ");
            if e.message.is_empty() {
                fields
            } else {
                format!("{} {}", e.message, fields)
            }
        }
        f => f.message(),
    }
}

/// Loads a GET address whenever `key` changes; keeps the raw JSON text (parsed when rendered).
pub fn load_text(
    key: impl Fn() -> Option<String> + 'static,
) -> RwSignal<Option<Result<String, Failure>>> {
    let out = RwSignal::new(None);
    let generation = std::rc::Rc::new(std::cell::Cell::new(0u32));
    Effect::new(move |_| {
        let Some(url) = key() else { return };
        let g = generation.get().wrapping_add(1);
        generation.set(g);
        let generation = generation.clone();
        leptos::task::spawn_local(async move {
            let r = call_text("GET", &url, None).await;
            if generation.get() == g {
                out.try_set(Some(r));
            }
        });
    });
    out
}

pub fn parse(text: &str) -> Json {
    Json::parse(text).unwrap_or_else(|| Json::parse("{}").expect("an empty object"))
}

pub fn status_label(code: &str, fallback: &str) -> String {
    Status::parse(code)
        .map(|s| s.label(lang()).to_string())
        .unwrap_or_else(|| fallback.to_string())
}

pub fn unit_label(code: &str, fallback: &str) -> String {
    catalog::unit(code)
        .map(|u| u.display_name(lang()))
        .unwrap_or_else(|| {
            if fallback.is_empty() {
                code.to_string()
            } else {
                fallback.to_string()
            }
        })
}

pub fn role_label(code: &str) -> &'static str {
    match code {
        "koordinator" => t("Koordinator (Diskominfo)", "Coordinator (Diskominfo)"),
        "penghubung_opd" => t("Admin penghubung OPD", "OPD liaison"),
        "petugas_unit" => t("Petugas bidang/UPT", "Division/UPT officer"),
        "petugas_wilayah" => t(
            "Petugas wilayah (kecamatan/desa)",
            "Area officer (kecamatan/desa)",
        ),
        "pimpinan" => t("Pimpinan (baca saja)", "Leadership (read only)"),
        _ => "",
    }
}

pub const ROLES: [&str; 5] = [
    "koordinator",
    "penghubung_opd",
    "petugas_unit",
    "petugas_wilayah",
    "pimpinan",
];

/// Units of the regency (not external bodies), in catalog order.
pub fn internal_units() -> impl Iterator<Item = &'static Unit> {
    catalog::UNITS
        .iter()
        .filter(|u| u.kind != UnitKind::External)
}

pub fn external_units() -> impl Iterator<Item = &'static Unit> {
    catalog::UNITS
        .iter()
        .filter(|u| u.kind == UnitKind::External)
}

/// `<option>`s for units, one selected.
pub fn unit_options<'a>(units: impl Iterator<Item = &'a Unit>, selected: &str) -> String {
    let l = lang();
    units
        .map(|u| html::option(u.code, &u.display_name(l), u.code == selected))
        .collect()
}

/// The deadline as a line: what is due, when, and how many working days are left or late.
pub fn due_text(kind: &str, date: &str, overdue: bool, left: i64) -> String {
    let l = lang();
    let what = match kind {
        "verification" => t("Verifikasi", "Verification"),
        "follow_up" => t("Tindak lanjut", "Follow-up"),
        "auto_finish" => t("Selesai otomatis", "Auto-finish"),
        _ => t("Batas waktu", "Due"),
    };
    let left = match (overdue, l) {
        (true, Lang::Id) => format!("TERLAMBAT {} hari kerja", -left.min(0)),
        (true, Lang::En) => format!("OVERDUE by {} working days", -left.min(0)),
        (false, Lang::Id) if left == 0 => "hari ini".into(),
        (false, Lang::En) if left == 0 => "today".into(),
        (false, Lang::Id) => format!("{left} hari kerja lagi"),
        (false, Lang::En) => format!("{left} working days left"),
    };
    format!("{what}: {} ({left})", util::long_date(date, l))
}

/// The officers' pages: `path` is the address without a trailing slash.
pub fn page(path: &str) -> AnyView {
    let path = path.to_string();
    view! { <Shell path=path/> }.into_any()
}

#[component]
fn Shell(path: String) -> impl IntoView {
    let a = auth();
    if a.get_untracked() == Auth::Checking {
        if crate::storage::get(SESSION_HINT).is_none() {
            a.set(Auth::Out);
        } else {
            let a = a.clone();
            leptos::task::spawn_local(async move {
                match call("GET", "/api/v1/petugas/me", None).await {
                    Ok(j) => set_auth(Auth::In(Me::read(&j))),
                    Err(Failure::Network) => a.set(Auth::Out),
                    Err(_) => set_auth(Auth::Out),
                }
            });
        }
    }
    let path = StoredValue::new(path);
    move || {
        i18n::watch();
        let state = a.get();
        untrack(move || {
            let me = if let Auth::In(m) = &state {
                Some(m.clone())
            } else {
                None
            };
            view! {
                <a class="skip" href="#main">{t("Langsung ke isi", "Skip to content")}</a>
                <header class="site petugas-head">
                    <div class="bar">
                        <a class="brand" href="/petugas">{t("Lapor Natuna · Petugas", "Lapor Natuna · Officers")}</a>
                        <crate::LangSwitch/>
                    </div>
                    {me.clone().map(|m| view! { <Nav me=m/> })}
                </header>
                <main id="main" class="petugas" tabindex="-1">{body(&path.get_value(), &state)}</main>
            }
        })
    }
}

#[component]
fn Nav(me: Me) -> impl IntoView {
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            let _ = call("POST", "/api/v1/petugas/logout", None).await;
            set_auth(Auth::Out);
            router::navigate("/petugas");
        });
    };
    view! {
        <nav aria-label=t("Menu petugas", "Officers' menu")>
            <a href="/petugas">{t("Antrean", "Queue")}</a>
            {me.is_coordinator().then(|| view! { <a href="/petugas/akun">{t("Akun petugas", "Accounts")}</a> })}
            {me.sees_monev().then(|| view! { <a href="/petugas/monev">{t("Monev", "Monitoring")}</a> })}
            <span class="who">{format!("{} · {}", me.display_name, role_label(&me.role))}</span>
            <button type="button" class="link logout" on:click=logout>{t("Keluar", "Log out")}</button>
        </nav>
    }
}

fn body(path: &str, state: &Auth) -> AnyView {
    let me = match state {
        Auth::Checking => {
            return view! { <p class="muted" role="status">{t("Memuat…", "Loading…")}</p> }
                .into_any()
        }
        Auth::Out => return view! { <Login/> }.into_any(),
        Auth::In(m) => m.clone(),
    };
    match path {
        "/petugas" => view! { <queue::Queue me=me/> }.into_any(),
        "/petugas/akun" => view! { <akun::Accounts me=me/> }.into_any(),
        "/petugas/monev" => view! { <monev::Monev me=me/> }.into_any(),
        p if p.starts_with("/petugas/laporan/") => {
            let code = p.trim_start_matches("/petugas/laporan/").to_string();
            view! { <detail::Detail code=code me=me/> }.into_any()
        }
        _ => view! {
            <section class="page">
                <h1>{t("Halaman tidak ditemukan", "Page not found")}</h1>
                <p><a href="/petugas">{t("Ke antrean", "Go to the queue")}</a></p>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn Login() -> impl IntoView {
    let user = RwSignal::new(String::new());
    let pass = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let body = crate::json::Obj::new()
            .str("username", user.get_untracked().trim())
            .str("password", &pass.get_untracked());
        leptos::task::spawn_local(async move {
            let r = post_json("/api/v1/petugas/login", body).await;
            busy.set(false);
            match r {
                Ok(j) => set_auth(Auth::In(Me::read(&j))),
                Err(f) => {
                    let msg = match &f {
                        Failure::Http(401, e) if e.message.is_empty() => t(
                            "Nama pengguna atau kata sandi salah.",
                            "Wrong username or password.",
                        )
                        .to_string(),
                        f => failure_text(f),
                    };
                    error.set(Some(msg));
                    util::focus_later("login-error".into());
                }
            }
        });
    };
    view! {
        <section class="page login">
            <h1>{t("Masuk petugas", "Officer login")}</h1>
            <form on:submit=submit>
                <div class="field">
                    <label for="f-username">{t("Nama pengguna", "Username")}</label>
                    <input id="f-username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required
                        prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="f-password">{t("Kata sandi", "Password")}</label>
                    <input id="f-password" name="password" type="password" autocomplete="current-password" required
                        prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev))/>
                </div>
                <p class="field-error" id="login-error" role="alert" tabindex="-1">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get()>{t("Masuk", "Log in")}</button>
            </form>
        </section>
    }
}
