//! Pages that work with no JavaScript at all, for old phones and for the seconds (or minutes)
//! before the wasm arrives: the report form (`/lapor`, posting form-urlencoded or multipart), its
//! receipt, the status page (`/lacak`), the public list (`/laporan`) and a home page. The same
//! `submit` path, the same `domain` validation and routing, the same store as the JSON API.
//!
//! Each page is a small maud template. maud escapes every value spliced into a template, so
//! whatever a citizen typed is rendered back as text; `PreEscaped` wraps only markup written
//! here, never input. Numbers in hints and `maxlength`s come from `domain`'s constants.

mod embed;
mod fields;
mod form;
mod home;
mod list;
mod officers;
mod post;
mod receipt;
mod similar;
mod stats;
mod track;

pub use embed::embed_page;
pub use form::form_page;
pub use home::home_page;
pub use list::list_page;
pub use officers::officer_app;
pub use post::submit_form;
pub use similar::similar_fragment;
pub use stats::stats_page;
pub use track::{flag_post, identity_openings, respond, track_page, track_page_path, track_post};

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use domain::Lang;
use maud::{html, Markup};

/// The Indonesian or the English text, as the reader asked.
fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The site's header: the three citizen pages and a link to the other language.
fn site_header(lang: Lang) -> Markup {
    let (other, other_name) = match lang {
        Lang::Id => (Lang::En, "English"),
        Lang::En => (Lang::Id, "Bahasa Indonesia"),
    };
    html! {
        header class="site" {
            a class="brand" href="/" { "Lapor Natuna" }
            nav {
                a href="/lapor" { (t(lang, "Buat laporan", "Report")) }
                " "
                a href="/lacak" { (t(lang, "Lacak", "Track")) }
                " "
                a href="/laporan" { (t(lang, "Laporan publik", "Public reports")) }
                " "
                a href="/statistik" { (t(lang, "Statistik", "Statistics")) }
                " "
                a href={ "?lang=" (other.code()) } hreflang=(other.code()) { (other_name) }
            }
        }
    }
}

/// A page body: the site's header, `main`, the footer.
fn with_header(lang: Lang, main: Markup) -> String {
    html! {
        (site_header(lang))
        (main)
        footer class="site" { p { (domain::catalog::national_note(lang)) } }
    }
    .into_string()
}

/// What went wrong, announced to screen readers.
fn error_summary(message: &str) -> Markup {
    html! {
        div class="error-summary" role="alert" { p { (message) } }
    }
}

/// A page that may hold something private (a receipt with its codes, a confidential report,
/// an officer's page): never kept by the browser.
fn html_response(status: StatusCode, html: String) -> Response {
    page_response(status, html, "no-store")
}

/// A page of public content only (home, the empty form, the public list, statistics): the
/// browser keeps it for Back and Forward (the back/forward cache) and asks again on any other
/// visit.
fn public_html_response(status: StatusCode, html: String) -> Response {
    page_response(status, html, "no-cache")
}

fn page_response(status: StatusCode, html: String, cache: &'static str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        Html(html),
    )
        .into_response()
}

/// "3 Desember 2026 14.05 WIB".
fn date_time(at: i64, lang: Lang) -> String {
    let d = domain::Date::from_unix_wib(at);
    let secs = (at + domain::date::WIB_OFFSET_SECS).rem_euclid(86_400);
    format!(
        "{} {:02}.{:02} WIB",
        d.long(lang),
        secs / 3600,
        secs % 3600 / 60
    )
}

/// The body of the 404 page.
pub fn not_found_body(lang: Lang) -> String {
    with_header(
        lang,
        html! {
            main class="nojs" {
                h1 { (t(lang, "Halaman tidak ditemukan", "Page not found")) }
                p { a href="/" { (t(lang, "Kembali ke beranda", "Back to the home page")) } }
            }
        },
    )
}
