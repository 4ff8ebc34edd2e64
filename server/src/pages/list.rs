//! The public list (`/laporan`): public and anonymous reports, newest first, with a search box
//! and a link to the next page. Confidential reports are never in it (the store's query).

use super::{public_html_response, t, with_header};
use crate::api::{self, ListQuery};
use crate::error::ApiError;
use crate::{AppState, ReqLang};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::Lang;
use maud::{html, Markup};

/// `GET /laporan[?q=…&page=…]`
pub async fn list_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<ListQuery>,
) -> Response {
    let title = t(
        lang,
        "Laporan publik — Lapor Natuna",
        "Public reports — Lapor Natuna",
    );
    let (status, list) = match reports(&state, &q, lang).await {
        Ok(list) => (StatusCode::OK, list),
        Err(e) => {
            let e = e.lang(lang);
            let message = html! { p class="error-summary" role="alert" { (e.message()) } };
            (e.status, message)
        }
    };
    let main = html! {
        main class="nojs" {
            h1 { (t(lang, "Laporan publik", "Public reports")) }
            form method="get" action="/laporan" class="filters" {
                label for="f-q" { (t(lang, "Cari laporan", "Search reports")) }
                input id="f-q" name="q" value=(q.q.as_deref().unwrap_or(""));
                button type="submit" { (t(lang, "Cari", "Search")) }
            }
            (list)
            p class="feeds" {
                a href=(format!("/laporan.atom{}", feed_query(&q))) type="application/atom+xml" { (t(lang, "Ikuti lewat feed Atom", "Follow by Atom feed")) }
                " · "
                a href="/data/laporan.csv" { (t(lang, "Data terbuka (CSV", "Open data (CSV")) }
                ", " a href="/data/laporan.json" { "JSON" } ")"
            }
        }
    };
    let body = with_header(lang, main);
    // Feed readers find the feed of what the list shows in the page's head.
    let feed = format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Lapor Natuna\" href=\"/laporan.atom{}\">",
        domain::text::escape_html(&feed_query(&q))
    );
    let page = state.assets.tracking_page(title, &body, lang).replacen(
        "</head>",
        &format!("{feed}</head>"),
        1,
    );
    public_html_response(status, page)
}

/// The list's place and category filters as the feed's query (`?kecamatan=…&opd=…`).
fn feed_query(q: &ListQuery) -> String {
    let mut s = String::new();
    for (k, v) in [
        ("unit", q.unit.as_ref()),
        ("opd", q.opd.as_ref()),
        ("kecamatan", q.kecamatan.as_ref()),
        ("kategori", q.category.as_ref()),
    ] {
        if let Some(v) = v.map(|v| v.trim()).filter(|v| !v.is_empty()) {
            s.push(if s.is_empty() { '?' } else { '&' });
            s.push_str(k);
            s.push('=');
            s.extend(form_urlencoded::byte_serialize(v.as_bytes()));
        }
    }
    s
}

/// One page of the list, or why the filters were refused.
async fn reports(state: &AppState, q: &ListQuery, lang: Lang) -> Result<Markup, ApiError> {
    let ask = api::list_filter(q, lang)?;
    let list = api::list_page(state, &ask, lang).await?;
    let items = &list.items;
    // Page numbers while they are cheap; then the cursor.
    let next = list.next_cursor.as_ref().map(|c| {
        if ask.page < api::MAX_PAGE && ask.filter.before.is_none() {
            format!("/laporan?{}page={}", filters(q), ask.page + 1)
        } else {
            format!("/laporan?{}cursor={c}", filters(q))
        }
    });
    let total = format!(
        "{}{}",
        domain::text::fmt_num(list.total, lang),
        if list.total_more { "+" } else { "" }
    );
    Ok(html! {
        p { (total) " " (t(lang, "laporan", "reports")) }
        ul class="reports" {
            @for item in items {
                li {
                    a href={ "/lacak/" (item.tracking_code) } { (item.title) }
                    " " span class="status" { (item.status_label) }
                    " " small { (item.unit.name) " · " (item.kecamatan_name.as_deref().unwrap_or("")) }
                    @if let Some(s) = domain::support::count_text(item.supporters, lang) {
                        " " small { "· " (s) }
                    }
                }
            }
        }
        @if let Some(next) = next {
            p { a href=(next) { (t(lang, "Halaman berikutnya", "Next page")) } }
        }
    })
}

/// The list's filters as a query string (`unit=…&q=…&`), to carry them to the next page.
fn filters(q: &ListQuery) -> String {
    let mut s = String::new();
    for (k, v) in [
        ("unit", &q.unit),
        ("opd", &q.opd),
        ("kecamatan", &q.kecamatan),
        ("category", &q.category),
        ("status", &q.status),
        ("q", &q.q),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            s.push_str(k);
            s.push('=');
            s.extend(form_urlencoded::byte_serialize(v.as_bytes()));
            s.push('&');
        }
    }
    s
}
