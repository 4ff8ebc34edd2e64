//! Messages out and in, on every channel: e-mail (SMTP), WhatsApp (the Business Cloud API) and
//! SMS (SMS Gateway for Android's local server on Diskominfo's phone). A message is queued in the
//! outbox in the same transaction as the change it reports; one sender loop per channel that is
//! on delivers it, retrying with back-off while the provider is down. What a message says and
//! what a reply means are `domain::messaging`'s; the replies act through the same workflow as the
//! web (`replies`).
//!
//! Once: a message is leased to one server instance at a time; SMS carries the outbox id as the
//! gateway's message id, so a message sent again after a crash between the gateway's answer and
//! the outbox update is refused by the gateway as a duplicate (409) instead of sent twice. The
//! Cloud API has no such key: in that same crash window a WhatsApp message can go out twice.

pub mod filing;
pub mod replies;
pub mod sms;
pub mod whatsapp;

use crate::store::{Message, MessageRow, PhoneState, Sent};
use crate::AppState;
use domain::lifecycle::Status;
use domain::messaging::{Channel, Notice};
use domain::tracking::TrackingCode;
use domain::{Lang, Privacy};
use std::time::Duration;

/// The public status page of a report, when the operator set PUBLIC_URL (a link without it would
/// not open on a phone).
pub fn public_link(state: &AppState, code: &str) -> Option<String> {
    state
        .cfg
        .public_url
        .as_deref()
        .map(|u| format!("{}/lacak/{code}", u.trim_end_matches('/')))
}

fn to_phone(channel: Channel, phone: &str, body: String) -> Message {
    Message {
        channel,
        to: phone.to_string(),
        subject: String::new(),
        body,
        reply: false,
    }
}

/// What a new report's arrival sends its reporter: to their phone on the phone channel that is
/// on, and by e-mail when they gave an address. A confidential report's messages carry its
/// tracking code only.
#[allow(clippy::too_many_arguments)]
pub fn receipt(
    state: &AppState,
    code: &TrackingCode,
    privacy: Privacy,
    reporter_code: &str,
    title: &str,
    unit: &domain::Unit,
    phone: Option<&str>,
    email: Option<&str>,
) -> Vec<Message> {
    let confidential = privacy == Privacy::Rahasia;
    let link = public_link(state, code.as_str());
    let unit_name = unit.display_name(Lang::Id);
    let notice = Notice::Receipt {
        code,
        reporter_code: (!confidential).then_some(reporter_code),
        title: (!confidential).then_some(title),
        unit: &unit_name,
        link: link.as_deref(),
    };
    let mut out = Vec::new();
    if let (Some(ch), Some(p)) = (state.cfg.phone_channel(), phone) {
        out.push(to_phone(ch, p, notice.text(ch)));
    }
    if let Some(e) = email.filter(|e| !e.is_empty()) {
        out.push(Message::email(
            e.to_string(),
            format!("[Lapor Natuna] Laporan diterima: {}", code.display()),
            format!(
                "Yth. pelapor,\n\n{}\n\n— Lapor Natuna, Pemerintah Kabupaten Natuna",
                notice.text(Channel::Email)
            ),
        ));
    }
    out
}

/// A short notice of a report's new status to its reporter's phone.
pub fn status_notice(
    state: &AppState,
    code: &str,
    status: Status,
    phone: Option<&str>,
) -> Option<Message> {
    let ch = state.cfg.phone_channel()?;
    let phone = phone.filter(|p| !p.is_empty())?;
    let code = TrackingCode::parse(code).ok()?;
    let link = public_link(state, code.as_str());
    let notice = Notice::Status {
        code: &code,
        status,
        link: link.as_deref(),
    };
    Some(to_phone(ch, phone, notice.text(ch)))
}

/// Whether `signature` (raw bytes) is the HMAC-SHA256 of `parts`, in order, with `secret`
/// (compared in constant time): both providers sign their webhooks this way.
pub fn signed_by(secret: &str, parts: &[&[u8]], signature: &[u8]) -> bool {
    use hmac::{Hmac, Mac};
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac.verify_slice(signature).is_ok()
}

/// Why sending failed.
pub enum SendError {
    /// The provider is unreachable or busy, or refused our credentials: try again later.
    Retry(String),
    /// The provider refused this message for good (an invalid number, say).
    Refused(String),
}

impl<E: std::fmt::Display> From<E> for SendError {
    fn from(e: E) -> SendError {
        SendError::Retry(e.to_string())
    }
}

/// A channel's provider, as configured.
enum Provider {
    Email(crate::backoffice::mail::Mailer),
    Whatsapp(whatsapp::Client),
    Sms(sms::Client),
}

impl Provider {
    fn of(
        state: &AppState,
        channel: Channel,
        http: &reqwest::Client,
    ) -> anyhow::Result<Option<Provider>> {
        Ok(match channel {
            Channel::Email => crate::backoffice::mail::Mailer::of(&state.cfg)?.map(Provider::Email),
            Channel::Whatsapp => whatsapp::Client::of(&state.cfg, http).map(Provider::Whatsapp),
            Channel::Sms => sms::Client::of(&state.cfg, http).map(Provider::Sms),
        })
    }

    /// Sends one message; `phone` is what its number chose and did (none for e-mail).
    async fn send(
        &self,
        state: &AppState,
        m: &MessageRow,
        phone: PhoneState,
    ) -> Result<Option<String>, SendError> {
        match self {
            Provider::Email(mailer) => mailer.send(m).await.map(|()| None),
            Provider::Whatsapp(c) => {
                let window =
                    domain::messaging::within_whatsapp_window(phone.last_inbound_at, state.now());
                c.send(m, window || m.reply).await.map(Some)
            }
            Provider::Sms(c) => c.send(m).await.map(Some),
        }
    }
}

/// A message its provider failed for good: out of the queue, and again on the fallback channel
/// (`domain::messaging::fallback_of`) when that one is on.
pub async fn failed_for_good(
    state: &AppState,
    channel: Channel,
    which: Sent<'_>,
    error: &str,
) -> crate::store::StoreResult<()> {
    let fallback = domain::messaging::fallback_of(channel).filter(|c| state.cfg.channel_on(*c));
    state
        .store
        .message_failed_for_good(which, state.now(), error, fallback)
        .await
}

/// A provider's delivery report for one of our messages (by its id): `failed` is a failure for
/// good (`failed_for_good`, with its fallback); any other status is recorded.
pub async fn delivery_report(
    state: &AppState,
    channel: Channel,
    provider_id: &str,
    status: &str,
    error: Option<&str>,
) -> crate::store::StoreResult<()> {
    if status == "failed" {
        let why = error.unwrap_or("failed");
        return failed_for_good(state, channel, Sent::Provider(channel, provider_id), why).await;
    }
    state
        .store
        .message_delivery(channel, provider_id, status, error, state.now())
        .await
}

/// Sends what is due on one channel; failures are retried later with back-off.
pub async fn send_pending(
    state: &AppState,
    channel: Channel,
    http: &reqwest::Client,
) -> anyhow::Result<usize> {
    let Some(provider) = Provider::of(state, channel, http)? else {
        return Ok(0);
    };
    let now = state.now();
    let mut sent = 0;
    for m in state.store.due_messages(channel, now, 50).await? {
        // Several server instances share the outbox: only the one holding the lease sends.
        if !state
            .store
            .lease_message(m.id, &state.instance, now, now + 120)
            .await?
        {
            continue;
        }
        let phone = if channel == Channel::Email {
            PhoneState::default()
        } else {
            state.store.phone_state(&m.to).await?
        };
        // A number that replied STOP gets no notices (only answers to its own messages).
        if phone.opted_out && !m.reply {
            state
                .store
                .message_dropped(m.id, state.now(), "opted_out", "the number replied STOP")
                .await?;
            continue;
        }
        match provider.send(state, &m, phone).await {
            Ok(provider_id) => {
                state
                    .store
                    .message_sent(m.id, state.now(), provider_id.as_deref())
                    .await?;
                sent += 1;
            }
            Err(SendError::Refused(e)) => {
                tracing::warn!("{} message {} refused: {e}", channel.code(), m.id);
                failed_for_good(state, channel, Sent::Id(m.id), &e).await?;
            }
            Err(SendError::Retry(e)) => {
                let backoff = (state.cfg.mail_retry_secs.max(1) << m.attempts.min(8)).min(3600);
                state.store.message_failed(m.id, now + backoff, &e).await?;
                tracing::warn!(
                    "{} message {} not sent (attempt {}): {e}",
                    channel.code(),
                    m.id,
                    m.attempts + 1
                );
                // The provider is probably down: leave the rest for the next round.
                break;
            }
        }
    }
    Ok(sent)
}

/// The HTTP client of every provider call (its connections are reused).
pub fn http() -> &'static reqwest::Client {
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    HTTP.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client")
    })
}

/// One sender loop per channel (each does nothing while its channel is off).
pub fn spawn(state: AppState) {
    let http = http().clone();
    for channel in Channel::ALL {
        let s = state.clone();
        let http = http.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = send_pending(&s, channel, &http).await {
                    tracing::warn!("{} sender: {e}", channel.code());
                }
                tokio::time::sleep(Duration::from_secs(s.cfg.mail_interval_secs.max(1))).await;
            }
        });
    }
}
