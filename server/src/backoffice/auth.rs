//! Officers' accounts and sessions: argon2id password hashes, sessions stored in the database
//! (HttpOnly, SameSite=Strict cookies, Secure over HTTPS), a CSRF token required on every state
//! change, throttled logins, and sessions that expire.

use crate::error::{ApiError, ApiResult};
use crate::submit::{random, sha256_hex};
use crate::{AppState, ClientIp, ReqLang};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::catalog::{self, Unit};
use domain::lifecycle::Role;
use domain::Lang;
use serde_json::{json, Value};
use sqlx::Row;

pub const COOKIE: &str = "lapor_sesi";
const IDLE_SECS: i64 = 2 * 3600;
const MAX_FAILURES_PER_USER: i64 = 5;
const MAX_FAILURES_PER_IP: i64 = 30;
const FAILURE_WINDOW_SECS: i64 = 15 * 60;
pub const PASSWORD_MIN: usize = 10;

#[derive(Debug, Clone)]
pub struct Officer {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub unit: &'static Unit,
    pub active: bool,
}

impl Officer {
    pub fn json(&self, lang: Lang) -> Value {
        json!({
            "username": self.username, "display_name": self.display_name, "email": self.email,
            "role": self.role.code(), "unit": { "code": self.unit.code, "name": self.unit.display_name(lang) }, "active": self.active,
        })
    }
}

pub fn officer_from(row: &sqlx::any::AnyRow) -> Result<Officer, sqlx::Error> {
    let role: String = row.try_get("role")?;
    let unit: String = row.try_get("unit")?;
    Ok(Officer {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        role: Role::parse(&role).unwrap_or(Role::Pimpinan),
        unit: catalog::unit(&unit).unwrap_or_else(catalog::coordinator),
        active: row.try_get::<i64, _>("active")? != 0,
    })
}

pub const OFFICER_COLUMNS: &str = "id, username, display_name, email, role, unit, active";

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&random::<16>()).expect("16 bytes encode as a salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id hashing")
        .to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A logged-in officer and the CSRF token of the session.
pub struct Session {
    pub officer: Officer,
    pub csrf: String,
    pub token_hash: String,
}

fn unauthorized(lang: Lang) -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Silakan masuk sebagai petugas terlebih dahulu.",
        "Please log in as an officer first.",
    )
    .lang(lang)
}

pub fn forbidden(lang: Lang) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        "Akun Anda tidak berwenang melakukan ini.",
        "Your account may not do this.",
    )
    .lang(lang)
}

fn cookie_token(parts: &Parts) -> Option<String> {
    let c = parts.headers.get(header::COOKIE)?.to_str().ok()?;
    c.split(';')
        .filter_map(|kv| kv.trim().strip_prefix(&format!("{COOKIE}=")))
        .next()
        .map(String::from)
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = crate::lang_of(parts);
        let token = cookie_token(parts).ok_or_else(|| unauthorized(lang))?;
        let token_hash = sha256_hex(&[token.as_bytes()]);
        let now = state.now();
        let row = sqlx::query(&format!(
            "SELECT s.csrf, s.last_seen, s.expires_at, {} FROM sessions s JOIN officers o ON o.id = s.officer_id WHERE s.token_hash = $1",
            OFFICER_COLUMNS.split(", ").map(|c| format!("o.{c}")).collect::<Vec<_>>().join(", ")
        ))
        .bind(&token_hash)
        .fetch_optional(state.store.pool())
        .await
        .map_err(|e| ApiError::from(e).lang(lang))?
        .ok_or_else(|| unauthorized(lang))?;
        let officer = officer_from(&row).map_err(|e| ApiError::from(e).lang(lang))?;
        let expires: i64 = row.try_get("expires_at").unwrap_or(0);
        let last_seen: i64 = row.try_get("last_seen").unwrap_or(0);
        if !officer.active || now >= expires || now - last_seen > IDLE_SECS {
            let _ = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(&token_hash)
                .execute(state.store.pool())
                .await;
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "session_expired",
                "Sesi Anda telah berakhir. Silakan masuk kembali.",
                "Your session has ended. Please log in again.",
            )
            .lang(lang));
        }
        let csrf: String = row.try_get("csrf").unwrap_or_default();
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if sent.is_empty() || sent != csrf {
                return Err(ApiError::new(StatusCode::FORBIDDEN, "csrf", "Permintaan ditolak karena token keamanan (CSRF) tidak cocok. Muat ulang halaman lalu coba lagi.", "Request refused: the security (CSRF) token does not match. Reload the page and try again.").lang(lang));
            }
        }
        if now - last_seen > 60 {
            let _ = sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(&token_hash)
                .execute(state.store.pool())
                .await;
        }
        Ok(Session {
            officer,
            csrf,
            token_hash,
        })
    }
}

#[derive(serde::Deserialize)]
pub struct LoginBody {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
}

fn session_cookie(state: &AppState, token: &str, max_age: i64) -> HeaderValue {
    let secure = if state.cfg.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap()
}

pub async fn login(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Json(body): Json<LoginBody>,
) -> ApiResult<Response> {
    let pool = state.store.pool();
    let now = state.now();
    let username = body.username.trim().to_lowercase();
    let ip = ip.to_string();
    let since = now - FAILURE_WINDOW_SECS;
    let by_user: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM login_failures WHERE username = $1 AND at > $2")
            .bind(&username)
            .bind(since)
            .fetch_one(pool)
            .await?
            .try_get("n")?;
    let by_ip: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM login_failures WHERE ip = $1 AND at > $2")
            .bind(&ip)
            .bind(since)
            .fetch_one(pool)
            .await?
            .try_get("n")?;
    if by_user >= MAX_FAILURES_PER_USER || by_ip >= MAX_FAILURES_PER_IP {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "login_throttled",
            "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba lagi.",
            "Too many failed logins. Wait 15 minutes and try again.",
        )
        .lang(lang);
        e.retry_after = Some(FAILURE_WINDOW_SECS as u64);
        return Err(e);
    }
    let row = sqlx::query(&format!(
        "SELECT {OFFICER_COLUMNS}, password_hash FROM officers WHERE username = $1"
    ))
    .bind(&username)
    .fetch_optional(pool)
    .await?;
    let hash = row
        .as_ref()
        .and_then(|r| r.try_get::<String, _>("password_hash").ok());
    let password = body.password.clone();
    // Verify even for unknown users, so timing does not tell which usernames exist.
    let dummy = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2H5Df0LrbHhaWWdZgfsCtIhRcsV4ogsEvp1g3JIy9sY".to_string();
    let ok = tokio::task::spawn_blocking(move || {
        verify_password(&password, hash.as_deref().unwrap_or(&dummy))
    })
    .await
    .map_err(|e| ApiError::internal("password check", e))?;
    let officer = match (ok, row.as_ref().map(officer_from).transpose()?) {
        (true, Some(o)) if o.active => o,
        (true, Some(_)) => {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "account_disabled",
                "Akun ini dinonaktifkan. Hubungi koordinator LAPOR! di Diskominfo.",
                "This account is disabled. Contact the LAPOR! coordinator at Diskominfo.",
            )
            .lang(lang));
        }
        _ => {
            sqlx::query("INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)")
                .bind(&username)
                .bind(&ip)
                .bind(now)
                .execute(pool)
                .await?;
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                "Nama pengguna atau kata sandi salah.",
                "Wrong username or password.",
            )
            .lang(lang));
        }
    };
    sqlx::query("DELETE FROM login_failures WHERE username = $1")
        .bind(&username)
        .execute(pool)
        .await?;
    let token = hex::encode(random::<32>());
    let csrf = hex::encode(random::<16>());
    let max_age = state.cfg.session_hours * 3600;
    sqlx::query("INSERT INTO sessions (token_hash, officer_id, csrf, created_at, last_seen, expires_at) VALUES ($1, $2, $3, $4, $4, $5)")
        .bind(sha256_hex(&[token.as_bytes()]))
        .bind(officer.id)
        .bind(&csrf)
        .bind(now)
        .bind(now + max_age)
        .execute(pool)
        .await?;
    let mut res =
        Json(json!({ "officer": officer.json(lang), "csrf_token": csrf })).into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, &token, max_age));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

pub async fn logout(State(state): State<AppState>, session: Session) -> ApiResult<Response> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&session.token_hash)
        .execute(state.store.pool())
        .await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, "", 0));
    Ok(res)
}

pub async fn me(ReqLang(lang): ReqLang, session: Session) -> Json<Value> {
    Json(json!({ "officer": session.officer.json(lang), "csrf_token": session.csrf }))
}

/// Creates an officer account; shared by the CLI, the admin API and the CSV import.
pub async fn insert_officer<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(
    exec: E,
    now: i64,
    username: &str,
    display_name: &str,
    email: Option<&str>,
    role: Role,
    unit: &Unit,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO officers (username, display_name, email, role, unit, password_hash, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)")
        .bind(username)
        .bind(display_name)
        .bind(email)
        .bind(role.code())
        .bind(unit.code)
        .bind(password_hash)
        .bind(now)
        .execute(exec)
        .await?;
    Ok(())
}

/// Checks an account's fields; every problem comes back addressed to its field.
pub fn check_account(
    username: &str,
    role: &str,
    unit: &str,
    password: Option<&str>,
    email: Option<&str>,
) -> Result<(Role, &'static Unit), Vec<domain::report::FieldError>> {
    let mut errs = Vec::new();
    let fe = |f: &str, id: String, en: String| domain::report::FieldError {
        field: f.into(),
        code: "invalid",
        message_id: id,
        message_en: en,
    };
    if username.len() < 3
        || username.len() > 40
        || !username.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_' || c == '-'
        })
    {
        errs.push(fe("username", "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.".into(), "Username: 3–40 lowercase letters, digits, '.', '_' or '-'.".into()));
    }
    let role_v = Role::parse(role).filter(|r| !matches!(r, Role::Pelapor | Role::Sistem));
    if role_v.is_none() {
        errs.push(fe("role", format!("Peran \"{role}\" tidak dikenal. Pilih koordinator, penghubung_opd, petugas_unit, petugas_wilayah atau pimpinan."), format!("Unknown role \"{role}\".")));
    }
    let unit_v = catalog::unit(unit);
    match (role_v, unit_v) {
        (_, None) => errs.push(fe(
            "unit",
            format!("Unit \"{unit}\" tidak ada dalam katalog."),
            format!("Unit \"{unit}\" is not in the catalog."),
        )),
        (Some(r), Some(u)) if !domain::lifecycle::scope::role_fits_unit(r, u) => errs.push(fe(
            "unit",
            format!(
                "Peran {} tidak dapat ditempatkan di {}.",
                r.code(),
                u.display_name(Lang::Id)
            ),
            format!(
                "Role {} cannot be bound to {}.",
                r.code(),
                u.display_name(Lang::En)
            ),
        )),
        _ => {}
    }
    if let Some(p) = password {
        if p.chars().count() < PASSWORD_MIN {
            errs.push(fe(
                "password",
                format!("Kata sandi minimal {PASSWORD_MIN} karakter."),
                format!("The password needs at least {PASSWORD_MIN} characters."),
            ));
        }
    }
    if let Some(e) = email.filter(|e| !e.is_empty()) {
        if domain::report::normalize_email(e).is_none() {
            errs.push(fe(
                "email",
                format!("Alamat e-mail \"{e}\" tidak valid."),
                format!("E-mail address \"{e}\" is not valid."),
            ));
        }
    }
    match (role_v, unit_v, errs.is_empty()) {
        (Some(r), Some(u), true) => Ok((r, u)),
        _ => Err(errs),
    }
}

/// `server create-coordinator`: the first account, made from the command line.
pub async fn create_coordinator(
    cfg: &crate::config::Config,
    username: &str,
    name: Option<&str>,
    email: Option<&str>,
) -> anyhow::Result<()> {
    let password = match std::env::var("LAPOR_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Kata sandi (minimal {PASSWORD_MIN} karakter), lalu Enter:");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let coordinator = catalog::coordinator();
    let username = username.trim().to_lowercase();
    if let Err(errs) = check_account(
        &username,
        "koordinator",
        coordinator.code,
        Some(&password),
        email,
    ) {
        for e in errs {
            eprintln!("{}: {}", e.field, e.message_id);
        }
        anyhow::bail!("akun tidak dibuat");
    }
    let store = crate::store::Store::open(cfg.database_url.as_deref(), &cfg.data_dir).await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let hash = hash_password(&password);
    insert_officer(
        store.pool(),
        now,
        &username,
        name.unwrap_or("Koordinator LAPOR!"),
        email,
        Role::Koordinator,
        coordinator,
        &hash,
    )
    .await
    .map_err(|e| anyhow::anyhow!("akun tidak dibuat: {e}"))?;
    println!(
        "Akun koordinator \"{username}\" dibuat untuk {}.",
        coordinator.display_name(Lang::Id)
    );
    Ok(())
}
