//! Account management by the coordinator: list, create, change (role, unit, active, password),
//! and import from CSV (`username,display_name,email,role,unit,password`, all or nothing), and
//! the audit log of those changes (`GET audit`; each written with its change by the store).
//! What a valid account is, and what a change is called, are `domain::account`'s.

use super::auth::{forbidden, hash_password, officer_view, Session};
use crate::error::{ApiError, ApiResult};
use crate::store::{NewOfficerRow, OfficerUpdate, StoreError};
use crate::{AppState, ReqLang};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::account;
use domain::wire::{
    AccountEvent, AccountEvents, Done, ImportResult, LineError, NewOfficer, OfficerChange,
    OfficerList, OfficerSaved,
};
use domain::Lang;

pub(crate) fn coordinator_only(session: &Session, lang: Lang) -> ApiResult<()> {
    if session.officer.role.is_coordinator() {
        Ok(())
    } else {
        Err(forbidden(lang))
    }
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
) -> ApiResult<Json<OfficerList>> {
    coordinator_only(&session, lang)?;
    let items = state
        .store
        .officers()
        .await?
        .iter()
        .map(|o| officer_view(o, lang))
        .collect();
    Ok(Json(OfficerList { items }))
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

fn saved_or_duplicate(r: Result<(), StoreError>, username: &str, lang: Lang) -> ApiResult<()> {
    match r {
        Ok(()) => Ok(()),
        Err(StoreError::Duplicate) => Err(duplicate(username, lang)),
        Err(e) => Err(ApiError::from(e).lang(lang)),
    }
}

async fn hash(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ApiError::internal("hash", e))
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Json(b): Json<NewOfficer>,
) -> ApiResult<(StatusCode, Json<OfficerSaved>)> {
    coordinator_only(&session, lang)?;
    let username = b.username.trim().to_lowercase();
    let email = b.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let (role, unit) = account::check(&username, &b.role, &b.unit, Some(&b.password), email)
        .map_err(|e| ApiError::validation(e).lang(lang))?;
    let name = match b.display_name.trim() {
        "" => username.clone(),
        n => n.to_string(),
    };
    let password_hash = hash(b.password.clone()).await?;
    let row = NewOfficerRow {
        username: &username,
        display_name: &name,
        email,
        role,
        unit,
        password_hash: &password_hash,
        now: state.now(),
        actor: &session.officer.username,
    };
    saved_or_duplicate(state.store.insert_officer(&row).await, &username, lang)?;
    Ok((StatusCode::CREATED, Json(OfficerSaved { username })))
}

pub async fn update(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(username): Path<String>,
    Json(b): Json<OfficerChange>,
) -> ApiResult<Json<OfficerSaved>> {
    coordinator_only(&session, lang)?;
    let current = state
        .store
        .officer(&username)
        .await?
        .ok_or_else(|| ApiError::not_found().lang(lang))?;
    let role = b.role.clone().unwrap_or(current.role.code().to_string());
    let unit = b.unit.clone().unwrap_or(current.unit.code.to_string());
    let email = b.email.clone().or(current.email.clone());
    let (role, unit) = account::check(
        &username,
        &role,
        &unit,
        b.password.as_deref(),
        email.as_deref(),
    )
    .map_err(|e| ApiError::validation(e).lang(lang))?;
    if current.username == session.officer.username
        && (b.active == Some(false) || !role.is_coordinator())
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "self",
            "Anda tidak dapat menonaktifkan atau menurunkan peran akun Anda sendiri.",
            "You cannot disable or demote your own account.",
        )
        .lang(lang));
    }
    let password_hash = match b.password.clone() {
        Some(p) => Some(hash(p).await?),
        None => None,
    };
    let display_name = b
        .display_name
        .clone()
        .unwrap_or(current.display_name.clone());
    let email = email.as_deref().filter(|e| !e.is_empty());
    let active = b.active.unwrap_or(current.active);
    let changes = account::changes(
        &account::Snapshot {
            role: current.role,
            unit: current.unit.code,
            active: current.active,
            display_name: &current.display_name,
            email: current.email.as_deref(),
        },
        &account::Snapshot {
            role,
            unit: unit.code,
            active,
            display_name: &display_name,
            email,
        },
        b.password.is_some(),
    );
    let mut tx = state.store.begin().await?;
    tx.update_officer(&OfficerUpdate {
        id: current.id,
        display_name: &display_name,
        email,
        role,
        unit,
        active,
        password_hash: password_hash.as_deref(),
        end_sessions: b.password.is_some()
            || b.active == Some(false)
            || b.role.is_some()
            || b.unit.is_some(),
        now: state.now(),
        actor: &session.officer.username,
        username: &current.username,
        changes: &changes,
    })
    .await?;
    tx.commit().await?;
    Ok(Json(OfficerSaved { username }))
}

/// `POST officers/{username}/unlock`: the coordinator forgets an account's failed logins.
pub async fn unlock(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(username): Path<String>,
) -> ApiResult<Json<Done>> {
    coordinator_only(&session, lang)?;
    let o = state
        .store
        .officer(&username)
        .await?
        .ok_or_else(|| ApiError::not_found().lang(lang))?;
    state.store.clear_login_failures(&o.username).await?;
    let mut tx = state.store.begin().await?;
    tx.log_account(
        &session.officer.username,
        &o.username,
        &account::Change::Unlocked,
        state.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Done::YES))
}

/// How many changes `GET audit` shows (the newest).
const AUDIT_SHOWN: u32 = 200;

/// `GET audit`: the newest changes to accounts, for coordinators.
pub async fn audit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
) -> ApiResult<Json<AccountEvents>> {
    coordinator_only(&session, lang)?;
    let items = state
        .store
        .account_events(AUDIT_SHOWN)
        .await?
        .into_iter()
        .map(|e| AccountEvent {
            at: e.at,
            actor: e.actor,
            username: e.username,
            change: e.change,
            text: match lang {
                Lang::Id => e.text_id,
                Lang::En => e.text_en,
            },
        })
        .collect();
    Ok(Json(AccountEvents { items }))
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

/// One good line of an import: username, display name, e-mail, role, unit, password.
type Line = (
    String,
    String,
    Option<String>,
    domain::lifecycle::Role,
    &'static domain::catalog::Unit,
    String,
);

/// `POST /api/v1/petugas/officers/import` with a CSV body. Every bad line is reported; nothing
/// is created unless every line is good.
pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    body: String,
) -> ApiResult<(StatusCode, Json<ImportResult>)> {
    coordinator_only(&session, lang)?;
    let mut errors = Vec::new();
    let mut good: Vec<Line> = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || (i == 0 && line.to_lowercase().starts_with("username")) {
            continue;
        }
        let f = csv_fields(line);
        if f.len() != 6 {
            let message = match lang {
                Lang::Id => format!("Baris {n}: harus 6 kolom (username,display_name,email,role,unit,password), ada {}.", f.len()),
                Lang::En => format!("Line {n}: needs 6 columns (username,display_name,email,role,unit,password), has {}.", f.len()),
            };
            errors.push(LineError {
                line: n,
                field: None,
                message,
            });
            continue;
        }
        let username = f[0].to_lowercase();
        let email = Some(f[2].as_str()).filter(|e| !e.is_empty());
        match account::check(&username, &f[3], &f[4], Some(&f[5]), email) {
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
                    let prefix = match lang {
                        Lang::Id => "Baris",
                        Lang::En => "Line",
                    };
                    errors.push(LineError {
                        line: n,
                        field: Some(e.field.clone()),
                        message: format!("{prefix} {n}: {}", e.message(lang)),
                    });
                }
            }
        }
    }
    if !errors.is_empty() {
        let mut e = ApiError::new(
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
        .lang(lang);
        e.lines = Some(errors);
        return Err(e);
    }
    if good.is_empty() {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "import_empty",
            "Berkas tidak berisi satu pun baris akun. Tulis satu akun per baris: username,display_name,email,role,unit,password.",
            "The file holds no account line. Write one account per line: username,display_name,email,role,unit,password.",
        )
        .lang(lang);
        e.lines = Some(Vec::new());
        return Err(e);
    }
    let hashed: Vec<(Line, String)> = tokio::task::spawn_blocking(move || {
        good.into_iter()
            .map(|l| {
                let h = hash_password(&l.5);
                (l, h)
            })
            .collect()
    })
    .await
    .map_err(|e| ApiError::internal("hash", e))?;
    let now = state.now();
    let mut tx = state.store.begin().await?;
    for ((u, n, e, r, unit, _), h) in &hashed {
        let name = if n.is_empty() { u.as_str() } else { n.as_str() };
        let row = NewOfficerRow {
            username: u,
            display_name: name,
            email: e.as_deref(),
            role: *r,
            unit,
            password_hash: h,
            now,
            actor: &session.officer.username,
        };
        saved_or_duplicate(tx.insert_officer(&row).await, u, lang)?;
    }
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(ImportResult {
            created: hashed.len(),
        }),
    ))
}
