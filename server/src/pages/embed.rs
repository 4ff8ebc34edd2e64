//! The form alone, for an iframe on another site (`/embed`): no site header, and it posts back
//! to `/lapor?embed=1` so its answers stay without one too.

use super::form::{blank_form, FormQuery};
use crate::{AppState, ReqLang};
use axum::extract::{Query, State};
use axum::response::Response;

/// `GET /embed`
pub async fn embed_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<FormQuery>,
) -> Response {
    blank_form(&state, lang, q, true, "Lapor Natuna")
}
