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
use domain::wire::{LoginRequest, LogoutRequest, Named, OfficerView, SessionView};
use domain::Lang;

pub const COOKIE: &str = "lapor_sesi";
const IDLE_SECS: i64 = 2 * 3600;
/// Failed logins allowed in the window: for one username from one address (what locks a guesser
/// out without letting a stranger lock the officer out everywhere), from one address, and for one
/// username from anywhere (a spread-out guessing attack; the coordinator can unlock).
pub const MAX_FAILURES_USER_FROM_IP: i64 = 5;
pub const MAX_FAILURES_FROM_IP: i64 = 30;
pub const MAX_FAILURES_USER: i64 = 50;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;
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
        let (session, enrol_only) = read_session(parts, state).await?;
        if enrol_only {
            return Err(enrol_first(crate::lang_of(parts)));
        }
        Ok(session)
    }
}

/// A session that may be one that can only enrol in two-step sign-in: what `me`, `logout` and
/// enrolment take. `.1` says whether it is one.
pub struct AnySession(pub Session, pub bool);

impl FromRequestParts<AppState> for AnySession {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (session, enrol_only) = read_session(parts, state).await?;
        Ok(AnySession(session, enrol_only))
    }
}

/// Everything but enrolment waits until an account that must sign in with two steps has them.
fn enrol_first(lang: Lang) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "totp_enrolment_required",
        "Peran Anda wajib memakai verifikasi dua langkah. Aktifkan dulu dengan aplikasi autentikator (misalnya Google Authenticator atau Aegis) sebelum membuka laporan.",
        "Your role must sign in with two steps. Turn it on with an authenticator app (e.g. Google Authenticator or Aegis) before opening reports.",
    )
    .lang(lang)
}

/// The session of a request's cookie (and its CSRF token on a change), and whether it may
/// only enrol.
async fn read_session(parts: &Parts, state: &AppState) -> Result<(Session, bool), ApiError> {
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
    Ok((
        Session {
            officer,
            csrf,
            token_hash,
        },
        row.enrol_only,
    ))
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

fn throttled(lang: Lang) -> ApiError {
    let minutes = FAILURE_WINDOW_SECS / 60;
    let mut e = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "login_throttled",
        format!("Terlalu banyak percobaan masuk yang gagal. Tunggu {minutes} menit lalu coba lagi, atau minta koordinator membuka kunci akun Anda."),
        format!("Too many failed logins. Wait {minutes} minutes and try again, or ask the coordinator to unlock your account."),
    )
    .lang(lang);
    e.retry_after = Some(FAILURE_WINDOW_SECS as u64);
    e
}

pub async fn login(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientIp(ip): ClientIp,
    Json(body): Json<LoginRequest>,
) -> ApiResult<Response> {
    let now = state.now();
    let username: String = body
        .username
        .trim()
        .to_lowercase()
        .chars()
        .take(domain::account::USERNAME_MAX)
        .collect();
    let ip = ip.to_string();
    // Counted before checking, so concurrent guesses cannot slip past the limit.
    let (attempt, n) = state
        .store
        .begin_login_attempt(&username, &ip, now, now - FAILURE_WINDOW_SECS)
        .await?;
    if n.user_from_ip > MAX_FAILURES_USER_FROM_IP
        || n.from_ip > MAX_FAILURES_FROM_IP
        || n.user > MAX_FAILURES_USER
    {
        state.store.forget_login_attempt(attempt).await?;
        return Err(throttled(lang));
    }
    let found = state.store.officer_with_hash(&username).await?;
    let hash = found.as_ref().map(|(_, h)| h.clone());
    let password = body.password.clone();
    // Verify even for unknown users, so timing does not tell which usernames exist; a few at a
    // time (each takes ≈19 MB and a core for a moment).
    let dummy = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2H5Df0LrbHhaWWdZgfsCtIhRcsV4ogsEvp1g3JIy9sY".to_string();
    let ok = state
        .password_checks
        .run(move || verify_password(&password, hash.as_deref().unwrap_or(&dummy)))
        .await
        .map_err(|_| crate::submit::busy().lang(lang))?;
    let officer = match (ok, found) {
        (true, Some((o, _))) if o.active => o,
        (true, Some(_)) => {
            state.store.forget_login_attempt(attempt).await?;
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "account_disabled",
                "Akun ini dinonaktifkan. Hubungi koordinator LAPOR! di Diskominfo.",
                "This account is disabled. Contact the LAPOR! coordinator at Diskominfo.",
            )
            .lang(lang));
        }
        // The attempt stays counted as a failure.
        _ => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                "Nama pengguna atau kata sandi salah.",
                "Wrong username or password.",
            )
            .lang(lang))
        }
    };
    // The second step, for an account that has one; the attempt stays a failure if it fails.
    let totp = state.store.totp_state(officer.id).await?;
    if totp.enabled {
        second_step(
            &state,
            &officer,
            &totp,
            body.otp.as_deref(),
            now,
            attempt,
            lang,
        )
        .await?;
    }
    let enrol_only = !totp.enabled && domain::totp::required(officer.role);
    state.store.forget_login_attempt(attempt).await?;
    state
        .store
        .clear_login_failures_from(&username, &ip)
        .await?;
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
            enrol_only,
        )
        .await?;
    let mut res = Json(SessionView {
        officer: officer_view(&officer, lang),
        csrf_token: csrf,
        must_enrol_totp: enrol_only,
        totp: totp.enabled,
    })
    .into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, &token, max_age));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// `POST logout` (this session), `{"all": true}` (every session of this officer, on every device).
pub async fn logout(
    State(state): State<AppState>,
    AnySession(session, _): AnySession,
    body: Option<Json<LogoutRequest>>,
) -> ApiResult<Response> {
    if body.is_some_and(|Json(b)| b.all) {
        state.store.delete_sessions_of(session.officer.id).await?;
    } else {
        state.store.delete_session(&session.token_hash).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, "", 0));
    Ok(res)
}

pub async fn me(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    AnySession(session, enrol_only): AnySession,
) -> ApiResult<Json<SessionView>> {
    let totp = state.store.totp_state(session.officer.id).await?;
    Ok(Json(SessionView {
        officer: officer_view(&session.officer, lang),
        csrf_token: session.csrf,
        must_enrol_totp: enrol_only,
        totp: totp.enabled,
    }))
}

/// The login's second step: a code of the account's authenticator app (each step's code once),
/// or one of its recovery codes (each once). Refused as a failed login.
async fn second_step(
    state: &AppState,
    officer: &Officer,
    totp: &crate::store::TotpState,
    otp: Option<&str>,
    now: i64,
    attempt: i64,
    lang: Lang,
) -> ApiResult<()> {
    let Some(otp) = otp.map(str::trim).filter(|o| !o.is_empty()) else {
        // Not a failure: the password was right and the form now asks for the code.
        state.store.forget_login_attempt(attempt).await?;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "otp_required",
            "Masukkan kode verifikasi 6 angka dari aplikasi autentikator Anda (atau salah satu kode pemulihan).",
            "Enter the 6-digit verification code from your authenticator app (or one of your recovery codes).",
        )
        .lang(lang));
    };
    let refused = |r: domain::totp::Refused| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            r.code(),
            r.message(Lang::Id),
            r.message(Lang::En),
        )
        .lang(lang)
    };
    if let Some(code) = domain::totp::recovery_input(otp) {
        let hash = sha256_hex(&[code.as_bytes()]);
        return match state.store.use_recovery_code(officer, &hash, now).await? {
            true => Ok(()),
            false => Err(refused(domain::totp::Refused::Wrong)),
        };
    }
    let secret = totp.secret.as_deref().unwrap_or_default();
    let step = domain::totp::check(secret, otp, now, totp.last_step).map_err(refused)?;
    if !state.store.accept_totp_step(officer.id, step).await? {
        return Err(refused(domain::totp::Refused::Replayed));
    }
    Ok(())
}

/// `server create-coordinator`: the first account, made from the command line.
/// The audit log's actor for accounts made on the server's command line.
pub const SERVER_COMMAND: &str = "(perintah server)";

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
            actor: SERVER_COMMAND,
        })
        .await
        .map_err(|e| anyhow::anyhow!("akun tidak dibuat: {e}"))?;
    println!(
        "Akun koordinator \"{username}\" dibuat untuk {}. Saat masuk pertama kali di /petugas, siapkan aplikasi autentikator di ponsel: verifikasi dua langkah wajib bagi koordinator.",
        coordinator.display_name(Lang::Id)
    );
    Ok(())
}
