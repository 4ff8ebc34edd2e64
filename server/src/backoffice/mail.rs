//! Notifications by e-mail through an outbox table: a message is written in the same transaction
//! as the change it reports, and a sender loop delivers it over SMTP, retrying with back-off. A
//! mail-server outage delays mail and loses none. Also the scheduled jobs: automatic finish after
//! 10 silent working days, and the daily digest of overdue reports.

use super::workflow::{self, Actor};
use crate::error::ApiResult;
use crate::store::ReportRow;
use crate::AppState;
use domain::catalog;
use domain::lifecycle::{Action, Role, Status};
use domain::tracking::TrackingCode;
use domain::Lang;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::Row;
use std::time::Duration;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

async fn enqueue(tx: &mut Tx<'_>, to: &str, subject: &str, body: &str, now: i64) -> ApiResult<()> {
    sqlx::query("INSERT INTO mail_outbox (to_addr, subject, body, created_at, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, 0, $4)")
        .bind(to)
        .bind(subject)
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn link(state: &AppState, code: &str) -> String {
    format!(
        "{}/lacak/{code}",
        state
            .cfg
            .public_url
            .as_deref()
            .unwrap_or("")
            .trim_end_matches('/')
    )
}

fn officer_link(state: &AppState, code: &str) -> String {
    format!(
        "{}/petugas/laporan/{code}",
        state
            .cfg
            .public_url
            .as_deref()
            .unwrap_or("")
            .trim_end_matches('/')
    )
}

/// Officers of a unit (and the liaison of its OPD) who have an e-mail address.
async fn unit_recipients(tx: &mut Tx<'_>, unit: &str) -> ApiResult<Vec<String>> {
    let opd = catalog::unit(unit).map(|u| u.opd().code).unwrap_or(unit);
    let rows = sqlx::query("SELECT email FROM officers WHERE active = 1 AND email IS NOT NULL AND (unit = $1 OR (unit = $2 AND role = 'penghubung_opd'))")
        .bind(unit)
        .bind(opd)
        .fetch_all(&mut **tx)
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

pub async fn enqueue_unit_notice(
    tx: &mut Tx<'_>,
    state: &AppState,
    row: &ReportRow,
    now: i64,
) -> ApiResult<()> {
    let code = TrackingCode::parse(&row.tracking_code)
        .map(|c| c.display())
        .unwrap_or_default();
    let unit_name = catalog::unit(&row.unit)
        .map(|u| u.display_name(Lang::Id))
        .unwrap_or_default();
    let due = domain::deadline::current(Status::Didisposisikan, &crate::api::timeline(row), now)
        .map(|d| d.date.long(Lang::Id))
        .unwrap_or_default();
    let subject = format!("[Lapor Natuna] Laporan baru untuk {unit_name}: {code}");
    let body = format!(
        "Yth. petugas {unit_name},\n\nLaporan {code} \"{}\" telah diteruskan kepada unit Anda.\nMohon ditindaklanjuti paling lambat {due}.\n\nBuka laporan: {}\n\n— Lapor Natuna, Pemerintah Kabupaten Natuna",
        row.title,
        officer_link(state, &row.tracking_code)
    );
    for to in unit_recipients(tx, &row.unit).await? {
        enqueue(tx, &to, &subject, &body, now).await?;
    }
    Ok(())
}

pub async fn enqueue_reporter_notice(
    tx: &mut Tx<'_>,
    state: &AppState,
    row: &ReportRow,
    status: Status,
    note: Option<&str>,
    now: i64,
) -> ApiResult<()> {
    let Some(email) = row.reporter_email.as_deref().filter(|e| !e.is_empty()) else {
        return Ok(());
    };
    let code = TrackingCode::parse(&row.tracking_code)
        .map(|c| c.display())
        .unwrap_or_default();
    let subject = format!(
        "[Lapor Natuna] Status laporan {code}: {}",
        status.label(Lang::Id)
    );
    let detail = match (status, note) {
        (Status::Ditindaklanjuti, Some(n)) => format!("\nTanggapan petugas:\n{n}\n\nJika masalah belum selesai, Anda dapat membuka kembali laporan dalam 10 hari kerja melalui halaman status.\n"),
        (_, Some(n)) if !n.is_empty() && status != Status::Digabung => format!("\nKeterangan: {n}\n"),
        _ => String::new(),
    };
    let unit = catalog::unit(&row.unit)
        .map(|u| u.display_name(Lang::Id))
        .unwrap_or_default();
    let body = format!(
        "Yth. pelapor,\n\nStatus laporan Anda \"{}\" ({code}) kini: {}.\nDitangani oleh: {unit}\n{detail}\nLihat perkembangan: {}\n\n— Lapor Natuna, Pemerintah Kabupaten Natuna",
        row.title,
        status.label(Lang::Id),
        link(state, &row.tracking_code)
    );
    enqueue(tx, email, &subject, &body, now).await
}

fn transport(url: &str) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    Ok(if let Some(rest) = url.strip_prefix("smtp+starttls://") {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&format!("smtp://{rest}?tls=required"))?
            .build()
    } else {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
            .timeout(Some(Duration::from_secs(20)))
            .build()
    })
}

/// Sends what is due in the outbox; failures are retried later with back-off.
pub async fn send_pending(state: &AppState) -> anyhow::Result<usize> {
    let Some(url) = state.cfg.smtp_url.as_deref() else {
        return Ok(0);
    };
    let mailer = transport(url)?;
    let from: Mailbox = state.cfg.mail_from.parse()?;
    let now = state.now();
    let rows = sqlx::query("SELECT id, to_addr, subject, body, attempts FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT 50")
        .bind(now)
        .fetch_all(state.store.pool())
        .await?;
    let mut sent = 0;
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let attempts: i64 = r.try_get("attempts")?;
        let result = async {
            let to: Mailbox = r.try_get::<String, _>("to_addr")?.parse()?;
            let msg = Message::builder()
                .from(from.clone())
                .to(to)
                .subject(r.try_get::<String, _>("subject")?)
                .header(lettre::message::header::ContentType::TEXT_PLAIN)
                .body(r.try_get::<String, _>("body")?)?;
            mailer.send(msg).await?;
            anyhow::Ok(())
        }
        .await;
        match result {
            Ok(()) => {
                sqlx::query("UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2").bind(state.now()).bind(id).execute(state.store.pool()).await?;
                sent += 1;
            }
            Err(e) => {
                let backoff = (state.cfg.mail_retry_secs.max(1) << attempts.min(8)).min(3600);
                sqlx::query("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3")
                    .bind(now + backoff)
                    .bind(e.to_string())
                    .bind(id)
                    .execute(state.store.pool())
                    .await?;
                tracing::warn!("mail {id} not sent (attempt {}): {e}", attempts + 1);
                // The server is probably down: leave the rest for the next round.
                break;
            }
        }
    }
    Ok(sent)
}

/// Finishes answered reports whose reporter stayed silent for 10 working days.
pub async fn auto_finish(state: &AppState) -> ApiResult<usize> {
    let rows = state.store.reports_with_status("ditindaklanjuti").await?;
    let mut n = 0;
    for row in rows {
        let actor = Actor {
            role: Role::Sistem,
            username: None,
        };
        if workflow::apply(state, &row, &actor, &Action::AutoFinish, Lang::Id)
            .await
            .is_ok()
        {
            n += 1;
        }
    }
    Ok(n)
}

/// Once a day (WIB): each unit with overdue reports gets one e-mail listing them.
pub async fn overdue_digest(state: &AppState) -> ApiResult<usize> {
    let now = state.now();
    let today = domain::Date::from_unix_wib(now).days() as i64;
    let last: Option<i64> =
        sqlx::query("SELECT last_run FROM job_runs WHERE name = 'overdue_digest'")
            .fetch_optional(state.store.pool())
            .await?
            .map(|r| r.try_get("last_run"))
            .transpose()?;
    if last.is_some_and(|l| l >= today) {
        return Ok(0);
    }
    let mut by_unit: std::collections::BTreeMap<String, Vec<ReportRow>> = Default::default();
    for row in state.store.open_reports().await? {
        let status = Status::parse(&row.status).unwrap_or(Status::Diterima);
        if domain::deadline::current(status, &crate::api::timeline(&row), now)
            .is_some_and(|d| d.overdue && d.kind != domain::deadline::DueKind::AutoFinish)
        {
            by_unit.entry(row.unit.clone()).or_default().push(row);
        }
    }
    let mut tx = state.store.pool().begin().await?;
    let mut mails = 0;
    for (unit, rows) in &by_unit {
        let name = catalog::unit(unit)
            .map(|u| u.display_name(Lang::Id))
            .unwrap_or_default();
        let list: String = rows
            .iter()
            .map(|r| {
                format!(
                    "- {} {} ({})\n",
                    TrackingCode::parse(&r.tracking_code)
                        .map(|c| c.display())
                        .unwrap_or_default(),
                    r.title,
                    officer_link(state, &r.tracking_code)
                )
            })
            .collect();
        let body = format!("Yth. petugas {name},\n\n{} laporan melewati batas waktu penanganan:\n{list}\nMohon segera ditindaklanjuti.\n\n— Lapor Natuna", rows.len());
        for to in unit_recipients(&mut tx, unit).await? {
            enqueue(
                &mut tx,
                &to,
                &format!("[Lapor Natuna] {} laporan terlambat: {name}", rows.len()),
                &body,
                now,
            )
            .await?;
            mails += 1;
        }
    }
    sqlx::query("INSERT INTO job_runs (name, last_run) VALUES ('overdue_digest', $1) ON CONFLICT (name) DO UPDATE SET last_run = $1").bind(today).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(mails)
}

/// Starts the background loops: mail sender and scheduled jobs (run once at start, then on an interval).
pub fn spawn(state: AppState) {
    let s = state.clone();
    tokio::spawn(async move {
        loop {
            if let Err(e) = send_pending(&s).await {
                tracing::warn!("mail sender: {e}");
            }
            tokio::time::sleep(Duration::from_secs(s.cfg.mail_interval_secs.max(1))).await;
        }
    });
    tokio::spawn(async move {
        loop {
            if let Err(e) = auto_finish(&state).await {
                tracing::warn!("auto-finish: {}", e.message_en);
            }
            if let Err(e) = overdue_digest(&state).await {
                tracing::warn!("overdue digest: {}", e.message_en);
            }
            tokio::time::sleep(Duration::from_secs(state.cfg.job_interval_secs.max(1))).await;
        }
    });
}
