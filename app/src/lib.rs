//! Lapor Natuna's citizen app: guided reporting on a phone, status tracking, the public list and
//! an embeddable form. Client-side rendered with Leptos; served by `server`, which puts its
//! no-JavaScript page into index.html's `#fallback` so the first paint is usable before the wasm
//! arrives. Every catalog text, rule and validation comes from `domain`.
//!
//! Map: `state` (shared signals, saved to the phone), `draft` (the report being written),
//! `outbox` (sending with retries), `api` (HTTP), `photos` (shrinking), `search` (finding a
//! category), `pages/*` (one module per page), `i18n`, `storage`, `icons`, `util`.

mod api;
mod draft;
mod fallback;
mod html;
mod i18n;
mod icons;
mod json;
mod outbox;
mod pages;
mod petugas;
mod photos;
mod router;
mod search;
mod state;
mod storage;
mod util;

use i18n::t;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    let doc = util::document();
    let Some(root) = doc.get_element_by_id("app") else {
        return;
    };
    // Whatever the citizen typed into the server's form while the app loaded is kept.
    let carried = fallback::read_form();
    leptos::mount::mount_to(root.unchecked_into(), move || App(AppProps { carried })).forget();
    if let Some(f) = doc.get_element_by_id("fallback") {
        f.remove();
    }
}

#[component]
fn App(carried: Option<draft::Draft>) -> impl IntoView {
    i18n::init();
    // Builds the suggestion tables once (a few ms), so the first keystroke answers at once.
    let _ = domain::suggest::suggest("", 1);
    let app = state::AppState::load();
    if let Some(d) = carried {
        if app.draft.with_untracked(|x| x.is_blank()) {
            app.draft.set(d);
        }
    }
    provide_context(app);
    router::init();
    outbox::start(app);
    let path = router::location().path;
    move || {
        let p = path.get();
        untrack(move || page(&p))
    }
}

/// The page for a path; the server answers the same paths with its own no-JavaScript pages.
fn page(path: &str) -> AnyView {
    let path = path.trim_end_matches('/');
    match path {
        "" => view! { <Shell><pages::home::Home/></Shell> }.into_any(),
        "/lapor" => {
            view! { <Shell><pages::lapor::ReportFlow embed=false opd=None/></Shell> }.into_any()
        }
        "/laporan" => view! { <Shell><pages::laporan::PublicList/></Shell> }.into_any(),
        "/embed" => view! { <pages::embed::Embed/> }.into_any(),
        p if p == "/petugas" || p.starts_with("/petugas/") => petugas::page(p),
        p if p == "/lacak" || p.starts_with("/lacak/") => {
            let kode = p
                .strip_prefix("/lacak")
                .unwrap_or("")
                .trim_start_matches('/')
                .to_string();
            let kode = String::from(
                js_sys::decode_uri_component(&kode).unwrap_or_else(|_| kode.clone().into()),
            );
            view! { <Shell><pages::lacak::Track kode=kode.clone()/></Shell> }.into_any()
        }
        _ => view! { <Shell><NotFound/></Shell> }.into_any(),
    }
}

/// Header, the outbox banner, the page, and the footer; all rendered again on a language switch.
#[component]
fn Shell(children: ChildrenFn) -> impl IntoView {
    move || {
        i18n::watch();
        let children = children.clone();
        untrack(move || {
            view! {
            <a class="skip" href="#main">{t("Langsung ke isi", "Skip to content")}</a>
            <header class="site">
                <div class="bar">
                    <a class="brand" href="/">"Lapor Natuna"</a>
                    <LangSwitch/>
                </div>
                <nav aria-label=t("Menu utama", "Main menu")>
                    <a href="/lapor" aria-current=current("/lapor")>{t("Buat laporan", "Report")}</a>
                    <a href="/lacak" aria-current=current("/lacak")>{t("Lacak", "Track")}</a>
                    <a href="/laporan" aria-current=current("/laporan")>{t("Laporan publik", "Public reports")}</a>
                </nav>
            </header>
            <OutboxBanner/>
            <main id="main" tabindex="-1">{children()}</main>
            <footer class="site">
                <p>{t("Pemerintah Kabupaten Natuna · Terhubung dengan SP4N-LAPOR!", "Natuna Regency Government · Connected to SP4N-LAPOR!")}</p>
            </footer>
            }
        })
    }
}

/// `aria-current="page"` for the menu entry of the page being shown.
fn current(section: &str) -> Option<&'static str> {
    let path = router::location().path.get_untracked();
    (path == section || path.starts_with(&format!("{section}/"))).then_some("page")
}

#[component]
pub fn LangSwitch() -> impl IntoView {
    use domain::Lang;
    view! {
        <button type="button" class="lang" id="lang-switch"
            on:click=move |_| {
                i18n::set_lang(if i18n::lang() == Lang::Id { Lang::En } else { Lang::Id });
                util::focus_later("lang-switch".into());
            }
            lang=if i18n::lang() == Lang::Id { "en" } else { "id" }>
            {if i18n::lang() == Lang::Id { "English" } else { "Bahasa Indonesia" }}
        </button>
    }
}

/// Shown on every page but the form: a report still waiting in the outbox, or one that a
/// background retry has just delivered.
#[component]
fn OutboxBanner() -> impl IntoView {
    let app = state::app_state();
    let path = router::location().path;
    let on_form = move || path.get() == "/lapor";
    view! {
        {move || {
            if on_form() {
                None
            } else if app.outbox.with(|o| o.is_some()) {
                Some(view! {
                    <div class="banner warn" role="status">
                        <p>{t("Satu laporan belum terkirim, akan dikirim otomatis.", "One report has not been sent yet; it will be sent automatically.")}</p>
                        <button type="button" on:click=move |_| outbox::send(app) disabled=move || app.sending.get()>
                            {move || if app.sending.get() { t("Mengirim…", "Sending…") } else { t("Kirim sekarang", "Send now") }}
                        </button>
                    </div>
                }.into_any())
            } else if app.receipt.with(|r| r.as_ref().is_some_and(|r| !r.seen)) {
                Some(view! {
                    <div class="banner ok" role="status">
                        <p>{t("Laporan Anda sudah terkirim.", "Your report has been sent.")}</p>
                        <a href="/lapor">{t("Lihat tanda terima", "See the receipt")}</a>
                    </div>
                }.into_any())
            } else if app.rejected.with(|r| r.is_some()) {
                Some(view! {
                    <div class="banner warn" role="status">
                        <p>{t("Laporan Anda belum dapat dikirim: ada isian yang perlu diperbaiki.", "Your report could not be sent: some fields need fixing.")}</p>
                        <a href="/lapor?langkah=6">{t("Perbaiki laporan", "Fix the report")}</a>
                    </div>
                }.into_any())
            } else {
                None
            }
        }}
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>{t("Halaman tidak ditemukan", "Page not found")}</h1>
            <p>{t("Alamat yang Anda buka tidak ada. Kembali ke beranda untuk membuat atau melacak laporan.", "The address you opened does not exist. Go back to the home page to make or track a report.")}</p>
            <p><a class="button" href="/">{t("Ke beranda", "Go to the home page")}</a></p>
        </section>
    }
}
