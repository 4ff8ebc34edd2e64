//! `POST /api/v1/petugas/reports?channel=…`: a desa/kecamatan officer or the coordinator records
//! a complaint for a citizen who came in, called, wrote a letter or messaged the office's phone.
//! The body is the citizen's own (`RawReport`, JSON or multipart with photos, with an
//! Idempotency-Key), validated, routed and stored by the same path as the web form; the channel
//! and the officer go into the report's first history entry, and the reporter's phone gets the
//! codes like any other receipt.

use super::auth::Session;
use super::workflow::Actor;
use crate::api::report::{answer, idempotency_key, receive, Door};
use crate::error::ApiError;
use crate::{AppState, ReqLang};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::report::Channel;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct FilingQuery {
    #[serde(default)]
    channel: String,
}

pub async fn file(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Query(q): Query<FilingQuery>,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let officer = &session.officer;
    let result = async {
        if !officer.role.files_for_citizens() {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "Hanya petugas wilayah (kecamatan/desa) dan koordinator yang mencatat laporan atas nama warga. Arahkan warga ke kantor desa/kecamatan atau ke formulir Lapor Natuna.",
                "Only area (kecamatan/desa) officers and the coordinator record reports on a citizen's behalf. Send the citizen to the desa/kecamatan office or to the Lapor Natuna form.",
            ));
        }
        let channel =
            Channel::parse_recorded(&q.channel).map_err(|e| ApiError::validation(vec![e]))?;
        let door = Door {
            channel,
            by: Actor {
                role: officer.role,
                username: Some(&officer.username),
            },
            limit: None,
        };
        let key = idempotency_key(&headers);
        receive(&state, req, key.as_deref(), &door, lang).await
    }
    .await;
    answer(result, lang)
}
