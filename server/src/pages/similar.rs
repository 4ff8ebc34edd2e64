//! `/lapor/serupa?category=…&desa=…`: "saya juga mengalami" (`domain::support`) as HTML. The
//! similar reports (`api::support::similar_page`, the `SimilarPage` wire type) are drawn here,
//! once: the app's review step puts this fragment in place instead of carrying a list renderer
//! in the citizen's wasm (whose first visit has a 250 KB budget). Its buttons carry
//! `data-support` (the report's code); the app sends the support to the JSON API and asks for
//! the fragment again. The `X-Lapor-Device` header (the phone's id, never in an address or a log)
//! marks what this phone already supported.

use super::{page_response, t};
use crate::api::support::{device_key, similar_page, SimilarQuery};
use crate::{AppState, ReqLang};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::wire::{ListItem, SimilarPage};
use domain::{Date, Lang};
use maud::html;

/// This phone's support of a report: none, counted, or counted and following.
#[derive(Clone, Copy, PartialEq)]
pub enum Mine {
    No,
    Supported,
    Follows,
}

fn item(r: &ListItem, mine: Mine, lang: Lang) -> maud::Markup {
    let meta: Vec<String> = [
        r.desa_name.clone(),
        Some(Date::from_unix_wib(r.created_at).long(lang)),
        domain::support::count_text(r.supporters, lang),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        li {
            a href={ "/lacak/" (r.tracking_code) } target="_blank" { (r.title) }
            " " span class={ "status status-" (r.status.code()) } { (r.status_label) }
            p class="meta" { (meta.join(" · ")) }
            @match mine {
                Mine::No => button type="button" class="secondary" data-support=(r.tracking_code) {
                    (t(lang, "Saya juga mengalami", "I have this problem too"))
                },
                Mine::Supported => p class="done" role="status" {
                    (t(lang, "Dukungan Anda tercatat.", "Your support is recorded."))
                },
                Mine::Follows => p class="done" role="status" {
                    (t(lang, "Dukungan Anda tercatat. Perkembangan laporan ini akan dikirim ke nomor HP/e-mail Anda.", "Your support is recorded. Updates on this report will be sent to your phone/e-mail."))
                },
            }
        }
    }
}

/// The fragment; empty when there is nothing similar. `mine` says this phone's part in each.
pub fn fragment(page: &SimilarPage, mine: impl Fn(&str) -> Mine, lang: Lang) -> String {
    if page.items.is_empty() {
        return String::new();
    }
    let intro = match lang {
        Lang::Id => format!("Laporan ini dari kategori dan kecamatan yang sama dalam {} hari terakhir dan belum selesai. Jika salah satunya masalah Anda, cukup tekan \"Saya juga mengalami\": dukungan Anda dihitung tanpa nama. Anda tetap dapat mengirim laporan sendiri.", page.days),
        Lang::En => format!("These open reports have the same category and kecamatan, from the last {} days. If one is your problem, press \"I have this problem too\": your support is counted without your name. You can still send your own report.", page.days),
    };
    html! {
        section class="similar" aria-labelledby="similar-title" {
            h2 id="similar-title" { (t(lang, "Laporan serupa di sekitar Anda", "Similar reports near you")) }
            p { (intro) }
            ul class="reports" {
                @for r in &page.items {
                    (item(r, mine(&r.tracking_code), lang))
                }
            }
        }
    }
    .into_string()
}

/// `GET /lapor/serupa`
pub async fn similar_fragment(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<SimilarQuery>,
    headers: HeaderMap,
) -> Response {
    let page = match similar_page(&state, &q, lang).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let device = headers
        .get("x-lapor-device")
        .and_then(|v| v.to_str().ok())
        .filter(|d| domain::support::is_device(d));
    let mut mine = Vec::new();
    if let Some(d) = device {
        let codes: Vec<&str> = page
            .items
            .iter()
            .map(|i| i.tracking_code.as_str())
            .collect();
        match state.store.supported_by(&device_key(d), &codes).await {
            Ok(m) => mine = m,
            Err(e) => return crate::error::ApiError::from(e).lang(lang).into_response(),
        }
    }
    let html = fragment(
        &page,
        |code| match mine.iter().find(|(c, _)| c == code) {
            Some((_, true)) => Mine::Follows,
            Some((_, false)) => Mine::Supported,
            None => Mine::No,
        },
        lang,
    );
    // It differs by phone (the header): no shared cache keeps it.
    page_response(StatusCode::OK, html, "no-store")
}
