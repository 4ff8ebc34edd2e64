//! Notifications by e-mail: what each says (queued in the outbox in the same transaction as the
//! change it reports) and the SMTP sender that `channels` drives, retrying with back-off, so a
//! mail-server outage delays mail and loses none. Also the scheduled jobs: automatic finish after
//! the reporter's silent window, the follow-up question, and the daily digest of overdue reports.

use super::workflow::{self, Actor, Plan};
use crate::error::ApiResult;
use crate::store::{Message, MessageRow, ReportRow};
use crate::views::display_code;
use crate::AppState;
use domain::catalog;
use domain::deadline::{self, AUTO_FINISH_WORKING_DAYS};
use domain::followup::{self, Reply};
use domain::lifecycle::{Action, Role, Status};
use domain::Lang;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::time::Duration;

fn base(state: &AppState) -> &str {
    state
        .cfg
        .public_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/')
}

fn link(state: &AppState, code: &str) -> String {
    format!("{}/lacak/{code}", base(state))
}

fn officer_link(state: &AppState, code: &str) -> String {
    format!("{}/petugas/laporan/{code}", base(state))
}

/// To the officers of the unit a report was just routed to.
pub async fn unit_notice(state: &AppState, row: &ReportRow, now: i64) -> ApiResult<Vec<Message>> {
    let unit = workflow::unit_of(row);
    let code = display_code(&row.tracking_code);
    let unit_name = unit.display_name(Lang::Id);
    let due = deadline::current(Status::Didisposisikan, &row.timeline(), now)
        .map(|d| d.date.long(Lang::Id))
        .unwrap_or_default();
    let subject = format!("[Lapor Natuna] Laporan baru untuk {unit_name}: {code}");
    let body = format!(
        "Yth. petugas {unit_name},\n\nLaporan {code} \"{}\" telah diteruskan kepada unit Anda.\nMohon ditindaklanjuti paling lambat {due}.\n\nBuka laporan: {}\n\n— Lapor Natuna, Pemerintah Kabupaten Natuna",
        row.title,
        officer_link(state, &row.tracking_code)
    );
    Ok(state
        .store
        .unit_recipients(unit)
        .await?
        .into_iter()
        .map(|to| Message::email(to, subject.clone(), body.clone()))
        .collect())
}

/// To the reporter (when they gave an e-mail address): the report's new status.
pub fn reporter_notice(state: &AppState, row: &ReportRow, note: Option<&str>) -> Option<Message> {
    let email = row.reporter_email.as_deref().filter(|e| !e.is_empty())?;
    let code = display_code(&row.tracking_code);
    let status = row.status;
    let subject = format!(
        "[Lapor Natuna] Status laporan {code}: {}",
        status.label(Lang::Id)
    );
    let detail = match (status, note) {
        (Status::Ditindaklanjuti, Some(n)) => format!("\nTanggapan petugas:\n{n}\n\nJika masalah belum selesai, Anda dapat membuka kembali laporan dalam {AUTO_FINISH_WORKING_DAYS} hari kerja melalui halaman status.\n"),
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
    Some(Message::email(email.to_string(), subject, body))
}

/// To someone who said "saya juga mengalami" and gave an e-mail address: the public report they
/// support has a new status. Sent only while the report is public.
pub fn follower_notice(state: &AppState, row: &ReportRow, email: &str) -> Message {
    let code = display_code(&row.tracking_code);
    let status = row.status.label(Lang::Id);
    let unit = catalog::unit(&row.unit)
        .map(|u| u.display_name(Lang::Id))
        .unwrap_or_default();
    Message::email(
        email.to_string(),
        format!("[Lapor Natuna] Laporan yang Anda dukung ({code}): {status}"),
        format!(
            "Yth. warga,\n\nLaporan \"{}\" ({code}) yang Anda dukung dengan \"Saya juga mengalami\" kini: {status}.\nDitangani oleh: {unit}\n\nLihat perkembangan: {}\n\nAnda menerima e-mail ini karena memberikan alamat e-mail saat mendukung laporan tersebut.\n\n— Lapor Natuna, Pemerintah Kabupaten Natuna",
            row.title,
            link(state, &row.tracking_code)
        ),
    )
}

/// To another coordinator: `opener` opened more hidden reporters' identities today than the
/// operator's limit. Names the report and the reason; never the identity.
pub fn identity_alert(
    state: &AppState,
    to: &str,
    opener: &str,
    today: i64,
    row: &ReportRow,
    reason: &str,
) -> Message {
    let code = display_code(&row.tracking_code);
    Message::email(
        to.to_string(),
        format!("[Lapor Natuna] Peringatan: {opener} membuka identitas pelapor {today}× hari ini"),
        format!(
            "Yth. koordinator,\n\n{opener} telah membuka identitas pelapor anonim/rahasia {today}× hari ini, melebihi batas {} per hari.\n\nYang terakhir: laporan \"{}\" ({code})\nAlasan: {reason}\n{}\n\nSetiap pembukaan tercatat di riwayat laporan dan terlihat oleh pelapornya. Mohon pastikan pembukaan ini memang diperlukan.\n\n— Lapor Natuna, Pemerintah Kabupaten Natuna",
            state.cfg.identity_alert_per_day,
            row.title,
            officer_link(state, &row.tracking_code)
        ),
    )
}

/// To the reporter (when they gave an e-mail address), some working days after the report
/// finished: is the problem really solved? They answer on the status page with their reporter
/// code; nothing in the mail acts by itself (mail scanners open links).
pub fn followup_question(state: &AppState, row: &ReportRow) -> Option<Message> {
    let email = row.reporter_email.as_deref().filter(|e| !e.is_empty())?;
    let code = display_code(&row.tracking_code);
    Some(Message::email(
        email.to_string(),
        format!(
            "[Lapor Natuna] {} ({code})",
            followup::question(Lang::Id)
        ),
        format!(
            "Yth. pelapor,\n\nLaporan Anda \"{}\" ({code}) telah selesai ditangani. {}\n\nJawab \"{}\" atau \"{}\" di halaman status dengan kode pelapor dari tanda terima Anda:\n{}\n\nJawaban Anda dihitung dalam monitoring dan evaluasi pelayanan Pemkab Natuna.\n\n— Lapor Natuna, Pemerintah Kabupaten Natuna",
            row.title,
            followup::question(Lang::Id),
            Reply::Sudah.label(Lang::Id),
            Reply::Belum.label(Lang::Id),
            link(state, &row.tracking_code)
        ),
    ))
}

/// Asks the follow-up question of every finished report whose time has come (read through the
/// follow-up index: only those due).
pub async fn followups(state: &AppState) -> ApiResult<usize> {
    let mut n = 0;
    loop {
        let due = state.store.due_followups(state.now(), 200).await?;
        let batch = due.len();
        for row in due {
            if workflow::ask_followup(state, &row).await? {
                n += 1;
            }
        }
        if batch < 200 {
            return Ok(n);
        }
    }
}

/// The SMTP sender of the e-mail channel (`channels::send_pending` drives it).
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// The configured SMTP server, or None when mail is off.
    pub fn of(cfg: &crate::config::Config) -> anyhow::Result<Option<Mailer>> {
        let Some(url) = cfg.smtp_url.as_deref() else {
            return Ok(None);
        };
        let transport = if let Some(rest) = url.strip_prefix("smtp+starttls://") {
            AsyncSmtpTransport::<Tokio1Executor>::from_url(&format!("smtp://{rest}?tls=required"))?
                .build()
        } else {
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                .timeout(Some(Duration::from_secs(20)))
                .build()
        };
        Ok(Some(Mailer {
            transport,
            from: cfg.mail_from.parse()?,
        }))
    }

    pub async fn send(&self, m: &MessageRow) -> Result<(), crate::channels::SendError> {
        let msg = lettre::Message::builder()
            .from(self.from.clone())
            .to(m.to.parse::<Mailbox>()?)
            .subject(m.subject.clone())
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(m.body.clone())?;
        self.transport.send(msg).await?;
        Ok(())
    }
}

/// Finishes answered reports whose reporter stayed silent through the window (read through
/// the deadline index: only those due).
pub async fn auto_finish(state: &AppState) -> ApiResult<usize> {
    let mut n = 0;
    let system = Actor {
        role: Role::Sistem,
        username: None,
    };
    loop {
        let due = state.store.due_to_finish(state.now(), 200).await?;
        let batch = due.len();
        for row in due {
            // Another instance may have finished it first: then this move fails and is skipped.
            if workflow::apply(
                state,
                &row,
                &system,
                Plan::one(Action::AutoFinish),
                Lang::Id,
            )
            .await
            .is_ok()
            {
                n += 1;
            }
        }
        if batch < 200 {
            return Ok(n);
        }
    }
}

const DIGEST_JOB: &str = "overdue_digest";
/// Reports listed by name in one unit's digest (the rest are counted).
const DIGEST_LISTED: u32 = 50;

/// Once a day (WIB): each unit with overdue reports gets one e-mail listing them.
pub async fn overdue_digest(state: &AppState) -> ApiResult<usize> {
    let now = state.now();
    let today = i64::from(domain::Date::from_unix_wib(now).days());
    if state
        .store
        .job_last_run(DIGEST_JOB)
        .await?
        .is_some_and(|l| l >= today)
    {
        return Ok(0);
    }
    let mut mails = Vec::new();
    for (unit, n) in state.store.overdue_by(now, "unit").await? {
        let Some(u) = catalog::unit(&unit) else {
            continue;
        };
        let name = u.display_name(Lang::Id);
        let read = domain::lifecycle::scope::ReadFilter {
            within: Some(u),
            routed_only: false,
            hidden: None,
        };
        let rows = state.store.overdue(now, Some(&read), DIGEST_LISTED).await?;
        let mut list: String = rows
            .iter()
            .filter(|r| r.unit == unit)
            .map(|r| {
                format!(
                    "- {} {} ({})\n",
                    display_code(&r.tracking_code),
                    r.title,
                    officer_link(state, &r.tracking_code)
                )
            })
            .collect();
        if n > DIGEST_LISTED as u64 {
            list.push_str(&format!(
                "- dan {} laporan lainnya\n",
                n - DIGEST_LISTED as u64
            ));
        }
        let body = format!("Yth. petugas {name},\n\n{n} laporan melewati batas waktu penanganan:\n{list}\nMohon segera ditindaklanjuti.\n\n— Lapor Natuna");
        let subject = format!("[Lapor Natuna] {n} laporan terlambat: {name}");
        for to in state.store.unit_recipients(u).await? {
            mails.push(Message::email(to, subject.clone(), body.clone()));
        }
    }
    let mut tx = state.store.begin().await?;
    // Once a day, whichever server instance gets there first.
    if !tx.claim_job_run(DIGEST_JOB, today).await? {
        tx.rollback().await;
        return Ok(0);
    }
    for m in &mails {
        tx.enqueue(m, now).await?;
    }
    tx.commit().await?;
    Ok(mails.len())
}

/// Starts the scheduled jobs (run once at start, then on an interval); the senders are
/// `channels::spawn`'s.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = auto_finish(&state).await {
                tracing::warn!("auto-finish: {}", e.message_en);
            }
            if let Err(e) = followups(&state).await {
                tracing::warn!("follow-up questions: {}", e.message_en);
            }
            if let Err(e) = overdue_digest(&state).await {
                tracing::warn!("overdue digest: {}", e.message_en);
            }
            if let Err(e) = state.store.optimize().await {
                tracing::warn!("planner statistics: {e}");
            }
            tokio::time::sleep(Duration::from_secs(state.cfg.job_interval_secs.max(1))).await;
        }
    });
}
