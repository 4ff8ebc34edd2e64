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
use domain::catalog;
use domain::lifecycle::Role;
use domain::wire::{LoginRequest, Named, OfficerView, SessionView};
use domain::Lang;

pub const COOKIE: &str = "lapor_sesi";
const IDLE_SECS: i64 = 2 * 3600;
const MAX_FAILURES_PER_USER: i64 = 5;
const MAX_FAILURES_PER_IP: i64 = 30;
const FAILURE_WINDOW_SECS: i64 = 15 * 60;
pub use domain::account::PASSWORD_MIN;

pub use crate::store::OfficerRow as Officer;

/// An account as the wire shows it.
pub fn officer_view(o: &Officer, lang: Lang) -> OfficerView {
    OfficerView {
        username: o.username.clone(),
        display_name: o.display_name.clone(),
        email: o.email.clone(),
        role: o.role,
        role_label: o.role.label(lang).to_string(),
        unit: Named::unit(o.unit, lang),
        active: o.active,
    }
}

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
        let row = state
            .store
            .session(&token_hash)
            .await
            .map_err(|e| ApiError::from(e).lang(lang))?
            .ok_or_else(|| unauthorized(lang))?;
        if !row.officer.active || now >= row.expires_at || now - row.last_seen > IDLE_SECS {
            let _ = state.store.delete_session(&token_hash).await;
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "session_expired",
                "Sesi Anda telah berakhir. Silakan masuk kembali.",
                "Your session has ended. Please log in again.",
            )
            .lang(lang));
        }
        let csrf = row.csrf;
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
        if now - row.last_seen > 60 {
            let _ = state.store.touch_session(&token_hash, now).await;
        }
        let officer = row.officer;
        Ok(Session {
            officer,
            csrf,
            token_hash,
        })
    }
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
    Json(body): Json<LoginRequest>,
) -> ApiResult<Response> {
    let now = state.now();
    let username = body.username.trim().to_lowercase();
    let ip = ip.to_string();
    let (by_user, by_ip) = state
        .store
        .login_failures(&username, &ip, now - FAILURE_WINDOW_SECS)
        .await?;
    if by_user >= MAX_FAILURES_PER_USER || by_ip >= MAX_FAILURES_PER_IP {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "login_throttled",
            format!(
                "Terlalu banyak percobaan masuk yang gagal. Tunggu {} menit lalu coba lagi.",
                FAILURE_WINDOW_SECS / 60
            ),
            format!(
                "Too many failed logins. Wait {} minutes and try again.",
                FAILURE_WINDOW_SECS / 60
            ),
        )
        .lang(lang);
        e.retry_after = Some(FAILURE_WINDOW_SECS as u64);
        return Err(e);
    }
    let found = state.store.officer_with_hash(&username).await?;
    let hash = found.as_ref().map(|(_, h)| h.clone());
    let password = body.password.clone();
    // Verify even for unknown users, so timing does not tell which usernames exist.
    let dummy = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2H5Df0LrbHhaWWdZgfsCtIhRcsV4ogsEvp1g3JIy9sY".to_string();
    let ok = tokio::task::spawn_blocking(move || {
        verify_password(&password, hash.as_deref().unwrap_or(&dummy))
    })
    .await
    .map_err(|e| ApiError::internal("password check", e))?;
    let officer = match (ok, found) {
        (true, Some((o, _))) if o.active => o,
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
            state
                .store
                .record_login_failure(&username, &ip, now)
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
    state.store.clear_login_failures(&username).await?;
    let token = hex::encode(random::<32>());
    let csrf = hex::encode(random::<16>());
    let max_age = state.cfg.session_hours * 3600;
    state
        .store
        .insert_session(
            &sha256_hex(&[token.as_bytes()]),
            officer.id,
            &csrf,
            now,
            now + max_age,
        )
        .await?;
    let mut res = Json(SessionView {
        officer: officer_view(&officer, lang),
        csrf_token: csrf,
    })
    .into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, &token, max_age));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

pub async fn logout(State(state): State<AppState>, session: Session) -> ApiResult<Response> {
    state.store.delete_session(&session.token_hash).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, "", 0));
    Ok(res)
}

pub async fn me(ReqLang(lang): ReqLang, session: Session) -> Json<SessionView> {
    Json(SessionView {
        officer: officer_view(&session.officer, lang),
        csrf_token: session.csrf,
    })
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
    if let Err(errs) = domain::account::check(
        &username,
        Role::Koordinator.code(),
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
    store
        .insert_officer(&crate::store::NewOfficerRow {
            username: &username,
            display_name: name.unwrap_or("Koordinator LAPOR!"),
            email,
            role: Role::Koordinator,
            unit: coordinator,
            password_hash: &hash,
            now,
        })
        .await
        .map_err(|e| anyhow::anyhow!("akun tidak dibuat: {e}"))?;
    println!(
        "Akun koordinator \"{username}\" dibuat untuk {}.",
        coordinator.display_name(Lang::Id)
    );
    Ok(())
}
