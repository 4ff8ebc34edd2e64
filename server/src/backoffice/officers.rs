//! Account management by the coordinator: list, create, change (role, unit, active, password),
//! and import from CSV (`username,display_name,email,role,unit,password`, all or nothing).

use super::auth::{
    check_account, forbidden, hash_password, insert_officer, officer_from, Session, OFFICER_COLUMNS,
};
use crate::error::{ApiError, ApiResult};
use crate::{AppState, ReqLang};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::lifecycle::Role;
use domain::Lang;
use serde_json::{json, Value};

fn coordinator_only(session: &Session, lang: Lang) -> ApiResult<()> {
    if session.officer.role == Role::Koordinator {
        Ok(())
    } else {
        Err(forbidden(lang))
    }
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
) -> ApiResult<Json<Value>> {
    coordinator_only(&session, lang)?;
    let rows = sqlx::query(&format!(
        "SELECT {OFFICER_COLUMNS} FROM officers ORDER BY username"
    ))
    .fetch_all(state.store.pool())
    .await?;
    let items: Vec<Value> = rows
        .iter()
        .map(officer_from)
        .collect::<Result<Vec<_>, _>>()?
        .iter()
        .map(|o| o.json(lang))
        .collect();
    Ok(Json(json!({ "items": items })))
}

#[derive(serde::Deserialize, Default)]
pub struct NewOfficer {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub password: String,
}

fn duplicate(username: &str, lang: Lang) -> ApiError {
    ApiError::field(
        "username",
        "taken",
        format!("Nama pengguna \"{username}\" sudah dipakai."),
        format!("Username \"{username}\" is taken."),
    )
    .lang(lang)
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Json(b): Json<NewOfficer>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    coordinator_only(&session, lang)?;
    let username = b.username.trim().to_lowercase();
    let email = b.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let (role, unit) = check_account(&username, &b.role, &b.unit, Some(&b.password), email)
        .map_err(|e| ApiError::validation(e).lang(lang))?;
    let name = if b.display_name.trim().is_empty() {
        username.clone()
    } else {
        b.display_name.trim().to_string()
    };
    let password = b.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ApiError::internal("hash", e))?;
    match insert_officer(
        state.store.pool(),
        state.now(),
        &username,
        &name,
        email,
        role,
        unit,
        &hash,
    )
    .await
    {
        Ok(()) => Ok((StatusCode::CREATED, Json(json!({ "username": username })))),
        Err(sqlx::Error::Database(d))
            if d.is_unique_violation() || d.message().contains("UNIQUE") =>
        {
            Err(duplicate(&username, lang))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct OfficerChange {
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub unit: Option<String>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

pub async fn update(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(username): Path<String>,
    Json(b): Json<OfficerChange>,
) -> ApiResult<Json<Value>> {
    coordinator_only(&session, lang)?;
    let pool = state.store.pool();
    let row = sqlx::query(&format!(
        "SELECT {OFFICER_COLUMNS} FROM officers WHERE username = $1"
    ))
    .bind(&username)
    .fetch_optional(pool)
    .await?;
    let current = row
        .as_ref()
        .map(officer_from)
        .transpose()?
        .ok_or_else(|| ApiError::not_found().lang(lang))?;
    let role = b.role.clone().unwrap_or(current.role.code().to_string());
    let unit = b.unit.clone().unwrap_or(current.unit.code.to_string());
    let email = b.email.clone().or(current.email.clone());
    let (role, unit) = check_account(
        &username,
        &role,
        &unit,
        b.password.as_deref(),
        email.as_deref(),
    )
    .map_err(|e| ApiError::validation(e).lang(lang))?;
    if current.username == session.officer.username
        && (b.active == Some(false) || role != Role::Koordinator)
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "self",
            "Anda tidak dapat menonaktifkan atau menurunkan peran akun Anda sendiri.",
            "You cannot disable or demote your own account.",
        )
        .lang(lang));
    }
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE officers SET display_name = $1, email = $2, role = $3, unit = $4, active = $5, updated_at = $6 WHERE id = $7")
        .bind(b.display_name.clone().unwrap_or(current.display_name.clone()))
        .bind(email.filter(|e| !e.is_empty()))
        .bind(role.code())
        .bind(unit.code)
        .bind(i64::from(b.active.unwrap_or(current.active)))
        .bind(state.now())
        .bind(current.id)
        .execute(&mut *tx)
        .await?;
    if let Some(p) = b.password.clone() {
        let hash = tokio::task::spawn_blocking(move || hash_password(&p))
            .await
            .map_err(|e| ApiError::internal("hash", e))?;
        sqlx::query("UPDATE officers SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(current.id)
            .execute(&mut *tx)
            .await?;
    }
    if b.password.is_some() || b.active == Some(false) || b.role.is_some() || b.unit.is_some() {
        // A changed account starts over: its open sessions end.
        sqlx::query("DELETE FROM sessions WHERE officer_id = $1")
            .bind(current.id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Json(json!({ "username": username })))
}

fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

/// `POST /api/v1/petugas/officers/import` with a CSV body. Every bad line is reported; nothing
/// is created unless every line is good.
pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    body: String,
) -> ApiResult<(StatusCode, Json<Value>)> {
    coordinator_only(&session, lang)?;
    let mut errors = Vec::new();
    let mut good = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || (i == 0 && line.to_lowercase().starts_with("username")) {
            continue;
        }
        let f = csv_fields(line);
        if f.len() != 6 {
            errors.push(json!({ "line": n, "message": format!("Baris {n}: harus 6 kolom (username,display_name,email,role,unit,password), ada {}.", f.len()) }));
            continue;
        }
        let username = f[0].to_lowercase();
        let email = Some(f[2].as_str()).filter(|e| !e.is_empty());
        match check_account(&username, &f[3], &f[4], Some(&f[5]), email) {
            Ok((role, unit)) => good.push((
                username,
                f[1].clone(),
                email.map(String::from),
                role,
                unit,
                f[5].clone(),
            )),
            Err(errs) => {
                for e in errs {
                    errors.push(json!({ "line": n, "field": e.field, "message": format!("Baris {n}: {}", e.message(lang)) }));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "import_invalid",
            format!(
                "{} baris bermasalah; tidak ada akun yang dibuat.",
                errors.len()
            ),
            format!(
                "{} line(s) have problems; no account was created.",
                errors.len()
            ),
        )
        .with("lines", json!(errors))
        .lang(lang));
    }
    let hashed: Vec<_> = tokio::task::spawn_blocking(move || {
        good.into_iter()
            .map(|(u, n, e, r, unit, p)| (u, n, e, r, unit, hash_password(&p)))
            .collect()
    })
    .await
    .map_err(|e| ApiError::internal("hash", e))?;
    let mut tx = state.store.pool().begin().await?;
    let now = state.now();
    for (u, n, e, r, unit, h) in &hashed {
        let name = if n.is_empty() { u.as_str() } else { n.as_str() };
        if let Err(err) = insert_officer(&mut *tx, now, u, name, e.as_deref(), *r, unit, h).await {
            return Err(match err {
                sqlx::Error::Database(d)
                    if d.is_unique_violation() || d.message().contains("UNIQUE") =>
                {
                    duplicate(u, lang)
                }
                other => other.into(),
            });
        }
    }
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "created": hashed.len() })),
    ))
}
