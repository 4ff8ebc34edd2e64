//! Open311 API keys (`/api/v1/petugas/open311-keys`): the coordinator issues a key to another
//! system (shown once; only its hash is kept), lists them, and revokes one.

use super::auth::Session;
use super::officers::coordinator_only;
use crate::error::{ApiError, ApiResult};
use crate::{AppState, ReqLang};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::wire::open311::{
    IssuedOpen311Key, NewOpen311Key, Open311KeyList, Open311KeyView, KEY_NAME_MAX,
};
use domain::wire::Done;

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
) -> ApiResult<Json<Open311KeyList>> {
    coordinator_only(&session, lang)?;
    let items = state
        .store
        .open311_keys()
        .await?
        .into_iter()
        .map(|k| Open311KeyView {
            id: k.id,
            name: k.name,
            created_by: k.created_by,
            created_at: k.created_at,
            revoked_at: k.revoked_at,
            last_used_at: k.last_used_at,
        })
        .collect();
    Ok(Json(Open311KeyList { items }))
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Json(b): Json<NewOpen311Key>,
) -> ApiResult<(StatusCode, Json<IssuedOpen311Key>)> {
    coordinator_only(&session, lang)?;
    let name = b.name.trim().to_string();
    if name.is_empty() || name.chars().count() > KEY_NAME_MAX {
        return Err(ApiError::field(
            "name",
            if name.is_empty() { "required" } else { "too_long" },
            format!("Isi nama pemakai kunci (sistem atau aplikasi), paling banyak {KEY_NAME_MAX} karakter."),
            format!("Name who uses the key (a system or an app), at most {KEY_NAME_MAX} characters."),
        )
        .lang(lang));
    }
    let api_key = format!("o311_{}", hex::encode(crate::submit::random::<32>()));
    let id = state
        .store
        .insert_open311_key(
            &name,
            &crate::open311::hash_key(&api_key),
            &session.officer.username,
            state.now(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(IssuedOpen311Key { id, name, api_key }),
    ))
}

pub async fn revoke(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(id): Path<String>,
) -> ApiResult<Json<Done>> {
    coordinator_only(&session, lang)?;
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Kunci Open311 tersebut tidak ada.",
            "There is no such Open311 key.",
        )
        .lang(lang)
    };
    let id: i64 = id.parse().map_err(|_| not_found())?;
    if state.store.revoke_open311_key(id, state.now()).await? {
        Ok(Json(Done::YES))
    } else {
        Err(not_found())
    }
}
