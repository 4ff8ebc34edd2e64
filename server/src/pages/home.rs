//! The home page without JavaScript: what the service is, a way in to report, and the tracking
//! box.

use super::track::track_form;
use super::{public_html_response, t, with_header};
use crate::{AppState, ReqLang};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

/// `GET /`
pub async fn home_page(State(state): State<AppState>, ReqLang(lang): ReqLang) -> Response {
    let main = html! {
        main class="nojs home" {
            h1 { "Lapor Natuna" }
            p { (t(lang, "Layanan pengaduan Pemerintah Kabupaten Natuna. Sampaikan keluhan, usulan, atau permintaan informasi; laporan Anda diteruskan ke perangkat daerah dan bidang yang berwenang.", "The complaint service of Natuna Regency. Send a complaint, suggestion or information request; it goes to the office and division in charge.")) }
            p { a class="button primary" href="/lapor" { (t(lang, "Buat Laporan", "Make a report")) } }
            (track_form("", false, lang))
        }
    };
    let body = with_header(lang, main);
    public_html_response(
        StatusCode::OK,
        state.assets.page("Lapor Natuna", &body, lang),
    )
}
