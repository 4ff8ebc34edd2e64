//! Officers' accounts, their sessions, and failed logins.

use super::{parse_code, Store, StoreError, StoreResult, Tx};
use domain::account::Change;
use domain::catalog::{self, Unit};
use domain::lifecycle::Role;
use domain::Lang;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct OfficerRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub unit: &'static Unit,
    pub active: bool,
}

/// Failed logins in the window, including the one being made.
pub struct LoginCounts {
    pub user_from_ip: i64,
    pub from_ip: i64,
    pub user: i64,
}

/// A session found by its token, with its officer.
pub struct SessionRow {
    pub officer: OfficerRow,
    pub csrf: String,
    pub last_seen: i64,
    pub expires_at: i64,
    /// It may only enrol in two-step sign-in (`domain::totp::required` and none yet).
    pub enrol_only: bool,
}

/// An account's two-step sign-in (`domain::totp`).
pub struct TotpState {
    /// Set once enrolment started; in use when `enabled`.
    pub secret: Option<Vec<u8>>,
    pub enabled: bool,
    pub last_step: Option<i64>,
}

const OFFICER_COLUMNS: &str = "id, username, display_name, email, role, unit, active";

fn officer_from(row: &AnyRow) -> StoreResult<OfficerRow> {
    let unit: String = row.try_get("unit")?;
    Ok(OfficerRow {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        role: parse_code(
            "role",
            &row.try_get::<String, _>("role")?,
            Role::parse_officer,
        )?,
        unit: catalog::unit(&unit).ok_or_else(|| StoreError::Corrupt(format!("unit {unit:?}")))?,
        active: row.try_get::<i64, _>("active")? != 0,
    })
}

/// A new account.
pub struct NewOfficerRow<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub role: Role,
    pub unit: &'a Unit,
    pub password_hash: &'a str,
    pub now: i64,
    /// Who creates it (a coordinator's username, or the server command): the audit log says so.
    pub actor: &'a str,
}

/// One entry of the accounts' audit log.
pub struct AccountEventRow {
    pub at: i64,
    pub actor: String,
    pub username: String,
    pub change: String,
    pub text_id: String,
    pub text_en: String,
}

impl Store {
    /// The audit log of accounts, newest first (at most `limit`).
    pub async fn account_events(&self, limit: u32) -> StoreResult<Vec<AccountEventRow>> {
        let rows = sqlx::query(&format!(
            "SELECT at, actor, username, change, text_id, text_en FROM account_events ORDER BY id DESC LIMIT {limit}"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AccountEventRow {
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    username: r.try_get("username")?,
                    change: r.try_get("change")?,
                    text_id: r.try_get("text_id")?,
                    text_en: r.try_get("text_en")?,
                })
            })
            .collect()
    }

    pub async fn officers(&self) -> StoreResult<Vec<OfficerRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {OFFICER_COLUMNS} FROM officers ORDER BY username"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(officer_from).collect()
    }

    pub async fn officer(&self, username: &str) -> StoreResult<Option<OfficerRow>> {
        let row = sqlx::query(&format!(
            "SELECT {OFFICER_COLUMNS} FROM officers WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(officer_from).transpose()
    }

    /// The account and its password hash, for a login.
    pub async fn officer_with_hash(
        &self,
        username: &str,
    ) -> StoreResult<Option<(OfficerRow, String)>> {
        let row = sqlx::query(&format!(
            "SELECT {OFFICER_COLUMNS}, password_hash FROM officers WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((officer_from(&r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    /// E-mail addresses of the active officers of a unit, and of its OPD's liaison.
    pub async fn unit_recipients(&self, unit: &Unit) -> StoreResult<Vec<String>> {
        let rows = sqlx::query("SELECT email FROM officers WHERE active = 1 AND email IS NOT NULL AND (unit = $1 OR (unit = $2 AND role = $3))")
            .bind(unit.code)
            .bind(unit.opd().code)
            .bind(Role::PenghubungOpd.code())
            .fetch_all(&self.pool)
            .await?;
        let mut out: Vec<String> = rows
            .iter()
            .filter_map(|r| r.try_get::<String, _>("email").ok())
            .filter(|e| !e.is_empty())
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    pub async fn insert_officer(&self, o: &NewOfficerRow<'_>) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.insert_officer(o).await?;
        tx.commit().await
    }

    pub async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionRow>> {
        let cols: Vec<String> = OFFICER_COLUMNS
            .split(", ")
            .map(|c| format!("o.{c}"))
            .collect();
        let row = sqlx::query(&format!(
            "SELECT s.csrf, s.last_seen, s.expires_at, s.enrol_only, {} FROM sessions s JOIN officers o ON o.id = s.officer_id WHERE s.token_hash = $1",
            cols.join(", ")
        ))
        .bind(token_hash)
        .fetch_optional(&self.quick)
        .await?;
        row.map(|r| {
            Ok(SessionRow {
                officer: officer_from(&r)?,
                csrf: r.try_get("csrf")?,
                last_seen: r.try_get("last_seen")?,
                expires_at: r.try_get("expires_at")?,
                enrol_only: r.try_get::<i64, _>("enrol_only")? != 0,
            })
        })
        .transpose()
    }

    pub async fn insert_session(
        &self,
        token_hash: &str,
        officer_id: i64,
        csrf: &str,
        now: i64,
        expires_at: i64,
        enrol_only: bool,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, officer_id, csrf, created_at, last_seen, expires_at, enrol_only) VALUES ($1, $2, $3, $4, $4, $5, $6)")
            .bind(token_hash)
            .bind(officer_id)
            .bind(csrf)
            .bind(now)
            .bind(expires_at)
            .bind(i64::from(enrol_only))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn totp_state(&self, officer_id: i64) -> StoreResult<TotpState> {
        let r = sqlx::query(
            "SELECT totp_secret, totp_enabled, totp_last_step FROM officers WHERE id = $1",
        )
        .bind(officer_id)
        .fetch_one(&self.pool)
        .await?;
        let secret: Option<String> = r.try_get("totp_secret")?;
        Ok(TotpState {
            secret: secret.and_then(|h| hex::decode(h).ok()),
            enabled: r.try_get::<i64, _>("totp_enabled")? != 0,
            last_step: r.try_get("totp_last_step")?,
        })
    }

    /// Starts enrolment with a new secret (replacing one not yet confirmed); `false` when the
    /// account already has two-step sign-in.
    pub async fn start_totp(&self, officer_id: i64, secret: &[u8]) -> StoreResult<bool> {
        let n =
            sqlx::query("UPDATE officers SET totp_secret = $1 WHERE id = $2 AND totp_enabled = 0")
                .bind(hex::encode(secret))
                .bind(officer_id)
                .execute(&self.pool)
                .await?
                .rows_affected();
        Ok(n == 1)
    }

    /// Takes `step` as the account's last used step if it is later than the last one: two
    /// logins with the same code, at once or on two instances, cannot both pass.
    pub async fn accept_totp_step(&self, officer_id: i64, step: i64) -> StoreResult<bool> {
        let n = sqlx::query("UPDATE officers SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
            .bind(step)
            .bind(officer_id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// Uses one recovery code (its hash), once; logged.
    pub async fn use_recovery_code(
        &self,
        officer: &OfficerRow,
        code_hash: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE officer_id = $2 AND code_hash = $3 AND used_at IS NULL")
            .bind(now)
            .bind(officer.id)
            .bind(code_hash)
            .execute(tx.conn())
            .await?
            .rows_affected();
        if n != 1 {
            tx.rollback().await;
            return Ok(false);
        }
        tx.log_account(
            &officer.username,
            &officer.username,
            &Change::RecoveryCodeUsed,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Turns two-step sign-in on after its first code (`step`), with new recovery codes (their
    /// hashes); this session becomes a full one. `false` if it was on already.
    pub async fn enable_totp(
        &self,
        officer: &OfficerRow,
        step: i64,
        recovery_hashes: &[String],
        token_hash: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE officers SET totp_enabled = 1, totp_last_step = $1 WHERE id = $2 AND totp_enabled = 0 AND totp_secret IS NOT NULL")
            .bind(step)
            .bind(officer.id)
            .execute(tx.conn())
            .await?
            .rows_affected();
        if n != 1 {
            tx.rollback().await;
            return Ok(false);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE officer_id = $1")
            .bind(officer.id)
            .execute(tx.conn())
            .await?;
        for h in recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (officer_id, code_hash) VALUES ($1, $2)")
                .bind(officer.id)
                .bind(h)
                .execute(tx.conn())
                .await?;
        }
        sqlx::query("UPDATE sessions SET enrol_only = 0 WHERE token_hash = $1")
            .bind(token_hash)
            .execute(tx.conn())
            .await?;
        tx.log_account(
            &officer.username,
            &officer.username,
            &Change::TotpEnabled,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A coordinator resets an account's two-step sign-in (a lost phone): the secret and the
    /// recovery codes go, its sessions end, and it enrols again at its next login.
    pub async fn reset_totp(&self, officer: &OfficerRow, actor: &str, now: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE officers SET totp_secret = NULL, totp_enabled = 0, totp_last_step = NULL WHERE id = $1")
            .bind(officer.id)
            .execute(tx.conn())
            .await?;
        for sql in [
            "DELETE FROM recovery_codes WHERE officer_id = $1",
            "DELETE FROM sessions WHERE officer_id = $1",
        ] {
            sqlx::query(sql).bind(officer.id).execute(tx.conn()).await?;
        }
        tx.log_account(actor, &officer.username, &Change::TotpReset, now)
            .await?;
        tx.commit().await
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A login attempt, counted as a failure before the password is checked (so that
    /// concurrent guesses all count), with the failures since `since` including it: for this
    /// username from this address, from this address, and for this username from anywhere.
    pub async fn begin_login_attempt(
        &self,
        username: &str,
        ip: &str,
        now: i64,
        since: i64,
    ) -> StoreResult<(i64, LoginCounts)> {
        let id: i64 = sqlx::query(
            "INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(username)
        .bind(ip)
        .bind(now)
        .fetch_one(&self.pool)
        .await?
        .try_get("id")?;
        let row = sqlx::query(
            "SELECT COALESCE(SUM(CASE WHEN username = $1 AND ip = $2 THEN 1 ELSE 0 END), 0) AS user_ip, \
             COALESCE(SUM(CASE WHEN ip = $2 THEN 1 ELSE 0 END), 0) AS by_ip, \
             COALESCE(SUM(CASE WHEN username = $1 THEN 1 ELSE 0 END), 0) AS by_user \
             FROM login_failures WHERE at > $3 AND (username = $1 OR ip = $2)",
        )
        .bind(username)
        .bind(ip)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        let counts = LoginCounts {
            user_from_ip: row.try_get("user_ip")?,
            from_ip: row.try_get("by_ip")?,
            user: row.try_get("by_user")?,
        };
        Ok((id, counts))
    }

    /// Takes back an attempt that turned out not to be a failure (it succeeded, or was refused
    /// before any password was checked).
    pub async fn forget_login_attempt(&self, id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// After a good login from an address, that address starts over for that username.
    pub async fn clear_login_failures_from(&self, username: &str, ip: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1 AND ip = $2")
            .bind(username)
            .bind(ip)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The coordinator unlocks an account: its failures are forgotten.
    pub async fn clear_login_failures(&self, username: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of an officer.
    pub async fn delete_sessions_of(&self, officer_id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE officer_id = $1")
            .bind(officer_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// An account's new state (`PATCH officers/{username}`).
pub struct OfficerUpdate<'a> {
    pub id: i64,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub role: Role,
    pub unit: &'a Unit,
    pub active: bool,
    pub password_hash: Option<&'a str>,
    /// A changed account starts over: its open sessions end.
    pub end_sessions: bool,
    pub now: i64,
    /// Who changes it, the account's username, and what changed (`account::changes`), for the
    /// audit log.
    pub actor: &'a str,
    pub username: &'a str,
    pub changes: &'a [Change],
}

impl Tx {
    pub async fn insert_officer(&mut self, o: &NewOfficerRow<'_>) -> StoreResult<()> {
        sqlx::query("INSERT INTO officers (username, display_name, email, role, unit, password_hash, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)")
            .bind(o.username)
            .bind(o.display_name)
            .bind(o.email)
            .bind(o.role.code())
            .bind(o.unit.code)
            .bind(o.password_hash)
            .bind(o.now)
            .execute(self.conn())
            .await?;
        let created = Change::Created {
            role: o.role,
            unit: o.unit.code,
        };
        self.log_account(o.actor, o.username, &created, o.now).await
    }

    /// Writes one change of an account to the audit log (in this transaction).
    pub async fn log_account(
        &mut self,
        actor: &str,
        username: &str,
        change: &Change,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO account_events (at, actor, username, change, text_id, text_en) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(now)
            .bind(actor)
            .bind(username)
            .bind(change.code())
            .bind(change.describe(Lang::Id))
            .bind(change.describe(Lang::En))
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn update_officer(&mut self, u: &OfficerUpdate<'_>) -> StoreResult<()> {
        sqlx::query("UPDATE officers SET display_name = $1, email = $2, role = $3, unit = $4, active = $5, updated_at = $6 WHERE id = $7")
            .bind(u.display_name)
            .bind(u.email)
            .bind(u.role.code())
            .bind(u.unit.code)
            .bind(i64::from(u.active))
            .bind(u.now)
            .bind(u.id)
            .execute(self.conn())
            .await?;
        if let Some(h) = u.password_hash {
            sqlx::query("UPDATE officers SET password_hash = $1 WHERE id = $2")
                .bind(h)
                .bind(u.id)
                .execute(self.conn())
                .await?;
        }
        if u.end_sessions {
            sqlx::query("DELETE FROM sessions WHERE officer_id = $1")
                .bind(u.id)
                .execute(self.conn())
                .await?;
        }
        for c in u.changes {
            self.log_account(u.actor, u.username, c, u.now).await?;
        }
        Ok(())
    }
}
