//! Lapor Natuna's web app, as three bundles built from this one library, so that the first visit
//! of a citizen who wants to report downloads only what reporting needs:
//! - the citizen app (`src/main.rs`, `app/index.html`): the home page, guided reporting on a
//!   phone, and the embeddable form;
//! - tracking (`src/bin/pantau.rs`, `app/pantau.html`, files under `/pantau/`): a report's
//!   status (`/lacak/…`) and the public reports (`/laporan`);
//! - the officers' app (`src/bin/petugas.rs`, `app/petugas.html`, files under `/petugas/`).
//!
//! Client-side rendered with Leptos; served by `server`, which puts its no-JavaScript page into
//! the HTML's `#fallback` so the first paint is usable before the wasm arrives. Every catalog
//! text, rule and validation comes from `domain`. Each bundle links only what its entry point
//! reaches (the linker drops the rest), so what is shared lives here once.
//!
//! Map: `state` (shared signals, saved to the phone), `draft` (the report being written),
//! `outbox` (sending with retries), `api` (HTTP), `json` and `wire_read` (the `domain::wire`
//! contract through the browser's JSON), `photos` (shrinking), `search` (finding a category),
//! `pages/*` (one module per citizen page), `petugas/*` (the officers' pages, which read the
//! contract with serde), `i18n`, `storage`, `icons`, `util`, `router`.

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
mod wire_read;

use i18n::t;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts `view` in `#app` and removes the server's no-JavaScript page.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) {
    let doc = util::document();
    let Some(root) = doc.get_element_by_id("app") else {
        return;
    };
    leptos::mount::mount_to(root.unchecked_into(), view).forget();
    if let Some(f) = doc.get_element_by_id("fallback") {
        f.remove();
    }
}

/// The citizen app: the home page, the report flow and the embed; every path the other bundles
/// do not take.
pub fn start_citizen() {
    // Whatever the citizen typed into the server's form while the app loaded is kept.
    let carried = fallback::read_form();
    mount(move || {
        App(AppProps {
            carried,
            scope: is_citizen_path,
            page: citizen_page,
        })
    });
}

/// Following reports: `/lacak/…` and `/laporan`; a citizen who only reports never loads it.
pub fn start_tracking() {
    mount(|| {
        App(AppProps {
            carried: None,
            scope: is_tracking_path,
            page: tracking_page,
        })
    });
}

fn is_citizen_path(path: &str) -> bool {
    !is_officer_path(path) && !is_tracking_path(path)
}

fn is_tracking_path(path: &str) -> bool {
    under(path, "/lacak") || under(path, "/laporan")
}

fn is_officer_path(path: &str) -> bool {
    under(path, "/petugas")
}

/// `path` is `section` or a page below it (`/lacak/KODE` is under `/lacak`, `/laporan` is not).
fn under(path: &str, section: &str) -> bool {
    path.strip_prefix(section)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The officers' app: `/petugas/…` only; links elsewhere load the citizen app.
pub fn start_officers() {
    mount(|| {
        i18n::init();
        // The desk where officers record citizens' complaints, with its own outbox.
        let app = state::AppState::load(Some(petugas::catat::DESK));
        provide_context(app);
        router::init(is_officer_path);
        outbox::start(app);
        let path = router::location().path;
        move || {
            let p = path.get();
            untrack(move || petugas::page(p.trim_end_matches('/')))
        }
    });
}

/// The citizens' side of a bundle: `scope` says which paths it renders, `page` renders one. Each
/// entry point passes its own, so each bundle links only its own pages.
#[component]
fn App(
    carried: Option<fallback::Carried>,
    scope: fn(&str) -> bool,
    page: fn(&str) -> AnyView,
) -> impl IntoView {
    i18n::init();
    let app = state::AppState::load(None);
    if let Some(c) = carried {
        app.draft.update(|d| d.absorb(c.draft));
        photos::adopt(app, c.photos);
    }
    provide_context(app);
    router::init(scope);
    outbox::start(app);
    let path = router::location().path;
    move || {
        let p = path.get();
        untrack(move || page(p.trim_end_matches('/')))
    }
}

/// The citizen bundle's pages; the server answers the same paths with its own no-JavaScript pages.
fn citizen_page(path: &str) -> AnyView {
    match path {
        "" => view! { <Shell><pages::home::Home/></Shell> }.into_any(),
        "/lapor" => {
            view! { <Shell><pages::lapor::ReportFlow embed=false opd=None/></Shell> }.into_any()
        }
        "/embed" => view! { <pages::embed::Embed/> }.into_any(),
        _ => view! { <Shell><NotFound/></Shell> }.into_any(),
    }
}

/// The tracking bundle's pages.
fn tracking_page(path: &str) -> AnyView {
    match path {
        "/laporan" => view! { <Shell><pages::laporan::PublicList/></Shell> }.into_any(),
        p if p.starts_with("/lacak") => {
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
                    <a href="/statistik">{t("Statistik", "Statistics")}</a>
                </nav>
            </header>
            <OutboxBanner/>
            <main id="main" tabindex="-1">{children()}</main>
            <footer class="site">
                <p>{domain::catalog::national_note(i18n::lang())}</p>
            </footer>
            }
        })
    }
}

/// `aria-current="page"` for the menu entry of the page being shown.
fn current(section: &str) -> Option<&'static str> {
    under(&router::location().path.get_untracked(), section).then_some("page")
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
