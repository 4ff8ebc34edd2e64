//! `/petugas/…`: the officers' app (its own bundle, whose files live under `/petugas/` too);
//! without JavaScript the page says it needs it.

use super::{html_response, t, with_header};
use crate::{AppState, ReqLang};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use maud::html;

/// `GET /petugas`, `GET /petugas/{*rest}`
pub async fn officer_app(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if state.assets.has_file(uri.path()) {
        return crate::assets::serve(State(state), method, uri, headers).await;
    }
    let main = html! {
        main class="nojs" {
            h1 { (t(lang, "Halaman petugas", "Officers' pages")) }
            p { (t(lang, "Halaman petugas memerlukan JavaScript. Aktifkan JavaScript atau gunakan peramban yang lebih baru.", "The officers' pages need JavaScript. Enable it or use a newer browser.")) }
        }
    };
    let body = with_header(lang, main);
    html_response(
        StatusCode::OK,
        state.assets.officer_page(
            t(lang, "Petugas — Lapor Natuna", "Officers — Lapor Natuna"),
            &body,
            lang,
        ),
    )
}
