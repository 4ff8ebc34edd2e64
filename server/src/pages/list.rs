//! The public list (`/laporan`): public and anonymous reports, newest first, with a search box
//! and a link to the next page. Confidential reports are never in it (the store's query).

use super::{html_response, t, with_header};
use crate::api::{self, ListQuery};
use crate::error::ApiError;
use crate::{views, AppState, ReqLang};
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
        }
    };
    let body = with_header(lang, main);
    html_response(status, state.assets.tracking_page(title, &body, lang))
}

/// One page of the list, or why the filters were refused.
async fn reports(state: &AppState, q: &ListQuery, lang: Lang) -> Result<Markup, ApiError> {
    let f = api::list_filter(q, lang)?;
    let (rows, total) = state.store.list_public(&f).await?;
    let items: Vec<_> = rows.iter().map(|r| views::list_item(r, lang)).collect();
    let pages = (total as u32).div_ceil(f.per_page).max(1);
    let next = (f.page < pages).then(|| format!("/laporan?{}page={}", filters(q), f.page + 1));
    Ok(html! {
        p { (total) " " (t(lang, "laporan", "reports")) }
        ul class="reports" {
            @for item in &items {
                li {
                    a href={ "/lacak/" (item.tracking_code) } { (item.title) }
                    " " span class="status" { (item.status_label) }
                    " " small { (item.unit.name) " · " (item.kecamatan_name.as_deref().unwrap_or("")) }
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
