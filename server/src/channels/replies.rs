//! What a message from a phone does (`domain::messaging::parse_command` reads it): "CEK <kode>"
//! answers the status and unit; "SELESAI", "BELUM <alasan>" and "1"–"5" accept, reopen and rate
//! the answered report of the number that filed it, through the same workflow and history as the
//! status page; "STOP"/"MULAI" turn notices off and on; anything else gets the help text. Each
//! received message acts once: its id is claimed in the transaction that acts and queues the
//! reply, so a webhook delivered again changes nothing.

use crate::backoffice::reporter::REPORTER;
use crate::backoffice::workflow::{self, InboundClaim, Plan};
use crate::error::ApiResult;
use crate::store::{Message, ReportRow};
use crate::AppState;
use domain::feedback;
use domain::lifecycle::{Action, Status};
use domain::messaging::{parse_command, phone_of, Channel, Command, Notice};
use domain::tracking::TrackingCode;
use domain::Lang;

/// A message as a provider's webhook delivered it.
pub struct Inbound<'a> {
    pub channel: Channel,
    /// The provider's message (or event) id.
    pub id: &'a str,
    /// The sender as the provider writes it.
    pub from: &'a str,
    pub text: &'a str,
    /// A photo's media id (WhatsApp).
    pub photo: Option<&'a str>,
}

/// Reports of one number that a reply can act on.
const OWN_REPORTS: i64 = 20;

pub(super) fn reply_to(m: &Inbound<'_>, phone: &str, body: String) -> Message {
    Message {
        channel: m.channel,
        to: phone.to_string(),
        subject: String::new(),
        body,
        reply: true,
    }
}

/// The report a SELESAI/BELUM/rating acts on: the one named, or the number's latest that waits
/// for the reporter (answered; for a rating, answered at some time).
fn target<'r>(mine: &'r [ReportRow], code: Option<&str>, rating: bool) -> Option<&'r ReportRow> {
    if let Some(c) = code {
        let c = TrackingCode::parse(c).ok()?;
        return mine.iter().find(|r| r.tracking_code == c.as_str());
    }
    mine.iter().find(|r| {
        if rating {
            r.answered_at.is_some()
        } else {
            r.status == Status::Ditindaklanjuti
        }
    })
}

/// Handles one received message.
pub async fn handle(state: &AppState, m: Inbound<'_>) -> ApiResult<()> {
    if m.id.is_empty() || state.store.inbound_seen(m.channel, m.id).await? {
        return Ok(());
    }
    let Some(phone) = phone_of(m.from) else {
        // Not an Indonesian number: recorded, not answered (and never an SMS abroad).
        let mut tx = state.store.begin().await?;
        tx.claim_inbound(m.channel, m.id, None, state.now()).await?;
        tx.commit().await?;
        return Ok(());
    };
    let cmd = parse_command(m.text);
    if m.channel == Channel::Whatsapp && super::filing::handle(state, &m, &phone, &cmd).await? {
        return Ok(());
    }
    // The reports SELESAI, BELUM and a rating may act on: this number's own.
    let mine = match cmd {
        Command::Accept(_) | Command::Reopen { .. } | Command::Rate(_) => {
            state.store.reports_of_phone(&phone, OWN_REPORTS).await?
        }
        _ => Vec::new(),
    };
    let (plan, done) = match &cmd {
        Command::Accept(code) => match target(&mine, code.as_deref(), false) {
            Some(r) => (
                Some((r.clone(), Plan::one(Action::Accept))),
                Notice::Accepted { code: &code_of(r) }.text(m.channel),
            ),
            None => (None, Notice::NothingToAnswer.text(m.channel)),
        },
        Command::Reopen { reason } => {
            match (
                target(&mine, None, false),
                feedback::move_text("reason", reason),
            ) {
                (None, _) => (None, Notice::NothingToAnswer.text(m.channel)),
                (Some(_), Err(e)) => (
                    None,
                    format!(
                        "{} Tulis BELUM diikuti alasannya, mis. BELUM jalan masih berlubang.",
                        e.message_id
                    ),
                ),
                (Some(r), Ok(reason)) => (
                    Some((r.clone(), Plan::one(Action::Reopen { reason }))),
                    Notice::Reopened { code: &code_of(r) }.text(m.channel),
                ),
            }
        }
        Command::Rate(n) => match target(&mine, None, true) {
            Some(r) => (
                Some((
                    r.clone(),
                    Plan {
                        rating: Some((*n, None)),
                        ..Default::default()
                    },
                )),
                Notice::Rated {
                    code: &code_of(r),
                    rating: *n,
                }
                .text(m.channel),
            ),
            None => (None, Notice::NothingToAnswer.text(m.channel)),
        },
        Command::Check(code) => (
            None,
            check(state, &phone, code.as_deref(), m.channel).await?,
        ),
        Command::Stop => (None, Notice::StoppedNotices.text(m.channel)),
        Command::Start => (None, Notice::StartedNotices.text(m.channel)),
        Command::Other => (None, Notice::Help.text(m.channel)),
    };
    let now = state.now();
    if let Some((row, mut plan)) = plan {
        plan.inbound = Some(InboundClaim {
            channel: m.channel,
            id: m.id.to_string(),
            phone: phone.clone(),
            reply: reply_to(&m, &phone, done),
        });
        match workflow::apply(state, &row, &REPORTER, plan, Lang::Id).await {
            Ok(_) => return Ok(()),
            Err(e) if e.status.is_server_error() => return Err(e),
            // Refused by the workflow (the window closed, already accepted…) or claimed by a
            // concurrent delivery of the same message: say why (the claim below is a no-op then).
            Err(e) => {
                let text = Notice::Refused {
                    reason: &e.message_id,
                }
                .text(m.channel);
                return answer_only(state, &m, &phone, text, None, now).await;
            }
        }
    }
    let opt_out = match cmd {
        Command::Stop => Some(true),
        Command::Start => Some(false),
        _ => None,
    };
    answer_only(state, &m, &phone, done, opt_out, now).await
}

fn code_of(r: &ReportRow) -> TrackingCode {
    TrackingCode::parse(&r.tracking_code).expect("stored codes are valid")
}

/// "CEK": the named report (if this number may see it: a public one, or its own), or the
/// number's latest.
async fn check(
    state: &AppState,
    phone: &str,
    code: Option<&str>,
    channel: Channel,
) -> ApiResult<String> {
    let row = match code {
        Some(c) => match TrackingCode::parse(c) {
            Ok(tc) => state.store.report_by_code(tc.as_str()).await?.filter(|r| {
                domain::lifecycle::scope::shown_by_code(r.privacy, r.held)
                    || r.reporter_phone.as_deref() == Some(phone)
            }),
            Err(_) => return Ok(Notice::NotFound { code: Some(c) }.text(channel)),
        },
        None => state
            .store
            .reports_of_phone(phone, 1)
            .await?
            .into_iter()
            .next(),
    };
    Ok(match (row, code) {
        (Some(r), _) => {
            let tc = code_of(&r);
            let unit = workflow::unit_of(&r).display_name(Lang::Id);
            let link = super::public_link(state, tc.as_str());
            Notice::Current {
                code: &tc,
                status: r.status,
                unit: &unit,
                link: link.as_deref(),
            }
            .text(channel)
        }
        (None, Some(c)) => Notice::NotFound { code: Some(c) }.text(channel),
        (None, None) => Notice::NoReports.text(channel),
    })
}

/// Claims the message, records STOP/MULAI, and queues the reply, in one transaction.
async fn answer_only(
    state: &AppState,
    m: &Inbound<'_>,
    phone: &str,
    text: String,
    opt_out: Option<bool>,
    now: i64,
) -> ApiResult<()> {
    let r = async {
        let mut tx = state.store.begin().await?;
        if !tx.claim_inbound(m.channel, m.id, Some(phone), now).await? {
            tx.rollback().await;
            return Ok(());
        }
        if let Some(out) = opt_out {
            tx.set_opted_out(phone, out.then_some(now)).await?;
        }
        tx.enqueue(&reply_to(m, phone, text), now).await?;
        tx.commit().await
    }
    .await;
    Ok(state.store.record(r)?)
}
