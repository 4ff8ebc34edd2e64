//! The officers' side (`/petugas/…`): log in, the scoped queue, a report's detail with the
//! moves its holder may make, officer accounts (coordinator) and monitoring (coordinator and
//! leadership). Same conventions as the citizen pages: static text re-rendered on a language
//! switch, read-only parts as escaped HTML strings. The API is read as the `domain::wire` types
//! with serde (`net`); who may see or do what is the officer's `Role` and the server's
//! `available_actions`, never a code compared here.

pub mod akun;
pub mod catat;
pub mod detail;
pub mod ekspor;
pub mod keamanan;
pub mod kunci;
pub mod monev;
pub mod net;
pub mod queue;

use crate::api::Failure;
use crate::i18n::{self, lang, t};
use crate::{html, router, util};
use domain::catalog::{self, Unit, UnitKind};
use domain::deadline::days_left_text;
use domain::wire::{DueView, LoginRequest, SessionView};
use leptos::prelude::*;
use net::failure_text;
use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq)]
pub enum Auth {
    Checking,
    Out,
    In(SessionView),
}

// Reference-counted, not owned by the page that first asked: it outlives every page.
static AUTH: OnceLock<ArcRwSignal<Auth>> = OnceLock::new();

/// A hint (not the session: that is an HttpOnly cookie) that this browser has logged in, so a
/// fresh visit shows the login form without asking the server and logging a 401.
const SESSION_HINT: &str = "lapor.petugas.session";

pub(crate) fn set_auth(a: Auth) {
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

/// The logged-in officer's session.
pub fn me() -> Option<SessionView> {
    match auth().get_untracked() {
        Auth::In(m) => Some(m),
        _ => None,
    }
}

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

/// The deadline as a line for a queue: the step, the date, and how far off it is.
pub fn due_text(d: &DueView) -> String {
    let l = lang();
    format!(
        "{}: {} ({})",
        d.kind.short(l),
        d.date.long(l),
        days_left_text(d.working_days_left, l)
    )
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
                match net::get::<SessionView>("/api/v1/petugas/me").await {
                    Ok(s) => set_auth(Auth::In(s)),
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
fn Nav(me: SessionView) -> impl IntoView {
    let desk = crate::state::app_state();
    let logout = move |_| {
        // A citizen's half-written complaint does not stay on a shared office computer; one
        // waiting to be sent does, until it is sent.
        if desk.outbox.get_untracked().is_none() {
            desk.draft.set(Default::default());
            desk.photos.set(Vec::new());
        }
        leptos::task::spawn_local(async move {
            let _ = net::post_empty("/api/v1/petugas/logout").await;
            set_auth(Auth::Out);
            router::navigate("/petugas");
        });
    };
    let role = me.officer.role;
    if me.must_enrol_totp {
        // Nothing else opens until two-step sign-in is on.
        return view! {
            <nav aria-label=t("Menu petugas", "Officers' menu")>
                <span class="who">{format!("{} · {}", me.officer.display_name, role.label(lang()))}</span>
                <button type="button" class="link logout" on:click=logout>{t("Keluar", "Log out")}</button>
            </nav>
        }
        .into_any();
    }
    view! {
        <nav aria-label=t("Menu petugas", "Officers' menu")>
            <a href="/petugas">{t("Antrean", "Queue")}</a>
            {role.files_for_citizens().then(|| view! { <a href="/petugas/lapor">{t("Catat laporan warga", "Record a complaint")}</a> })}
            {role.is_coordinator().then(|| view! { <a href="/petugas/akun">{t("Akun petugas", "Accounts")}</a> })}
            {role.is_coordinator().then(|| view! { <a href="/petugas/kunci">{t("Kunci Open311", "Open311 keys")}</a> })}
            {role.sees_all().then(|| view! { <a href="/petugas/monev">{t("Monev", "Monitoring")}</a> })}
            <a href="/petugas/ekspor">{t("Ekspor", "Export")}</a>
            <a href="/petugas/keamanan">{t("Keamanan", "Security")}</a>
            <span class="who">{format!("{} · {}", me.officer.display_name, role.label(lang()))}</span>
            <button type="button" class="link logout" on:click=logout>{t("Keluar", "Log out")}</button>
        </nav>
    }
    .into_any()
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
    if me.must_enrol_totp {
        return view! { <keamanan::Security me=me/> }.into_any();
    }
    match path {
        "/petugas/keamanan" => view! { <keamanan::Security me=me/> }.into_any(),
        "/petugas" => view! { <queue::Queue me=me/> }.into_any(),
        "/petugas/akun" => view! { <akun::Accounts me=me/> }.into_any(),
        "/petugas/lapor" => view! { <catat::Filing me=me/> }.into_any(),
        "/petugas/monev" => view! { <monev::Monev me=me/> }.into_any(),
        "/petugas/ekspor" => view! { <ekspor::Exports me=me/> }.into_any(),
        "/petugas/kunci" => view! { <kunci::Keys me=me/> }.into_any(),
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
    // The account has two-step sign-in: the server asked for the app's code.
    let asks_code = RwSignal::new(false);
    let otp = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let body = LoginRequest {
            username: user.get_untracked().trim().to_string(),
            password: pass.get_untracked(),
            otp: asks_code
                .get_untracked()
                .then(|| otp.get_untracked().trim().to_string()),
        };
        leptos::task::spawn_local(async move {
            let r = net::send::<_, SessionView>("POST", "/api/v1/petugas/login", &body).await;
            busy.set(false);
            match r {
                Ok(s) => set_auth(Auth::In(s)),
                Err(Failure::Http(401, e)) if e.code == "otp_required" => {
                    asks_code.set(true);
                    error.set(None);
                    util::focus_later("f-otp".into());
                }
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
                {move || asks_code.get().then(|| view! {
                    <div class="field">
                        <label for="f-otp">{t("Kode verifikasi (6 angka dari aplikasi autentikator, atau kode pemulihan)", "Verification code (6 digits from the authenticator app, or a recovery code)")}</label>
                        <input id="f-otp" name="otp" inputmode="numeric" autocomplete="one-time-code" required
                            prop:value=move || otp.get() on:input=move |ev| otp.set(event_target_value(&ev))/>
                    </div>
                })}
                <p class="field-error" id="login-error" role="alert" tabindex="-1">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get()>{t("Masuk", "Log in")}</button>
            </form>
        </section>
    }
}
