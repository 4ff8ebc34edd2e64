//! Filing a report by WhatsApp: the conversation is `domain::messaging::filing`'s; here it is
//! stored between messages, photos are fetched from the Cloud API's media endpoint when the
//! citizen confirms, and the report enters through `submit::submit`, the web's one path (same
//! checks, routing, photo cleaning and receipt).
//!
//! Once: each message is claimed in the transaction that saves its step; confirming files the
//! report under an idempotency key made from the conversation's id, so a second "KIRIM" (or the
//! same one delivered again after a crash) gets the first report's receipt instead of a second
//! report.

use super::replies::{reply_to, Inbound};
use super::whatsapp::{Client, MediaError};
use crate::error::{ApiError, ApiResult};
use crate::submit::{self, Outcome, Submission};
use crate::AppState;
use axum::http::StatusCode;
use domain::messaging::filing::{Filing, Input, Step, Turn};
use domain::messaging::Command;
use domain::Lang;

/// Tries before giving up when other messages of the same number keep saving first.
const TRIES: usize = 5;

/// Handles `m` as part of the number's conversation, or as the start of one. False when it is
/// neither (a command, or chat that names no problem): the caller answers it.
pub async fn handle(
    state: &AppState,
    m: &Inbound<'_>,
    phone: &str,
    cmd: &Command,
) -> ApiResult<bool> {
    for _ in 0..TRIES {
        let now = state.now();
        let (turn, version) = match state.store.conversation(m.channel, phone, now).await? {
            Some(c) => {
                // Status checks and STOP/MULAI keep working in the middle of a conversation.
                if matches!(cmd, Command::Check(_) | Command::Stop | Command::Start) {
                    return Ok(false);
                }
                let filing = c.filing.unwrap_or_else(|| Filing {
                    id: new_id(),
                    ..Default::default()
                });
                let input = match m.photo {
                    Some(id) => Input::Photo(id),
                    None => Input::Text(m.text),
                };
                (filing.next(input), Some(c.version))
            }
            None => {
                if m.photo.is_some() || *cmd != Command::Other {
                    return Ok(false);
                }
                match Filing::begin(new_id(), m.text) {
                    Some(t) => (t, None),
                    None => return Ok(false),
                }
            }
        };
        let saved = match turn {
            Turn::Ask(f, text) => save(state, m, phone, version, Some(&f), text).await?,
            Turn::Cancel(text) => save(state, m, phone, version, None, text).await?,
            Turn::Send(f) => send(state, m, phone, f, version).await?,
        };
        if saved {
            return Ok(true);
        }
    }
    Err(ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "busy",
        "Percakapan ini sedang diperbarui oleh pesan lain; coba lagi.",
        "This conversation is being updated by another message; try again.",
    ))
}

fn new_id() -> String {
    hex::encode(submit::random::<16>())
}

/// Claims the message, saves the conversation's next step (or ends it: `next` None) over
/// `version`, and queues the reply, in one transaction. False when another message of the same
/// number saved first (nothing was written: read again).
async fn save(
    state: &AppState,
    m: &Inbound<'_>,
    phone: &str,
    version: Option<i64>,
    next: Option<&Filing>,
    reply: String,
) -> ApiResult<bool> {
    let now = state.now();
    let r = async {
        let mut tx = state.store.begin().await?;
        if !tx.claim_inbound(m.channel, m.id, Some(phone), now).await? {
            // Handled already (a delivery of the same message at the same time).
            tx.rollback().await;
            return Ok(true);
        }
        let stored = match (next, version) {
            (Some(f), v) => tx.save_conversation(m.channel, phone, f, v, now).await?,
            (None, Some(v)) => tx.end_conversation(m.channel, phone, v).await?,
            (None, None) => true,
        };
        if !stored {
            tx.rollback().await;
            return Ok(false);
        }
        tx.enqueue(&reply_to(m, phone, reply), now).await?;
        tx.commit().await?;
        Ok(true)
    }
    .await;
    Ok(state.store.record(r)?)
}

/// "KIRIM": fetches the photos, files the report, ends the conversation.
async fn send(
    state: &AppState,
    m: &Inbound<'_>,
    phone: &str,
    mut f: Filing,
    version: Option<i64>,
) -> ApiResult<bool> {
    let Some(client) = Client::of(&state.cfg, super::http()) else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "whatsapp_off",
            "WhatsApp belum diatur di server ini.",
            "WhatsApp is not configured on this server.",
        ));
    };
    let limits = state.cfg.limits();
    let mut photos = Vec::with_capacity(f.photos.len());
    for (i, id) in f.photos.iter().enumerate() {
        match client.media(id, limits.max_photo_bytes).await {
            Ok(bytes) => photos.push(bytes),
            Err(MediaError::Retry(why)) => {
                tracing::warn!("whatsapp media: {why}");
                // Not handled: Meta delivers the message again later.
                return Err(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "media_unavailable",
                    "Foto belum dapat diambil dari WhatsApp; coba lagi.",
                    "The photo could not be fetched from WhatsApp yet; try again.",
                ));
            }
            Err(e) => {
                let why = match e {
                    MediaError::TooLarge(size) => limits.photo_too_large(i + 1, size).message_id,
                    _ => format!("Foto ke-{} tidak dapat diambil lagi dari WhatsApp.", i + 1),
                };
                f.photos.remove(i);
                f.step = Step::Photos;
                let text = format!(
                    "{why} Kirim ulang foto itu, atau balas LANJUT untuk melanjutkan dengan {} foto.",
                    f.photos.len()
                );
                return save(state, m, phone, version, Some(&f), text).await;
            }
        }
    }
    let sub = Submission {
        raw: f.raw(phone),
        photos,
        fingerprint: f.id.clone(),
    };
    let key = format!("whatsapp-filing-{}", f.id);
    match submit::submit(
        state,
        sub,
        Some(&key),
        domain::report::Channel::Whatsapp,
        Lang::Id,
    )
    .await
    {
        // The receipt to this number is queued with the report itself.
        Ok(Outcome::Stored(_)) => end_quietly(state, m, phone, version).await,
        Ok(Outcome::Replayed(_, r)) => {
            let text = format!(
                "Laporan ini sudah terkirim dengan kode {}. Balas CEK untuk statusnya.",
                r.display_code
            );
            save(state, m, phone, version, None, text).await
        }
        Err(e)
            if e.status.is_client_error() && e.fields.iter().any(|x| x.field == "attachments") =>
        {
            f.photos.clear();
            f.step = Step::Photos;
            let text = format!(
                "{} Kirim ulang fotonya, atau balas LEWATI untuk mengirim tanpa foto.",
                e.message_id
            );
            save(state, m, phone, version, Some(&f), text).await
        }
        Err(e) if e.status.is_client_error() && e.status != StatusCode::TOO_MANY_REQUESTS => {
            let text = format!("{}\n\nBalas BATAL untuk membatalkan.", e.message_id);
            save(state, m, phone, version, Some(&f), text).await
        }
        Err(e) => Err(e),
    }
}

/// Claims the confirming message and ends the conversation; the receipt is the reply.
async fn end_quietly(
    state: &AppState,
    m: &Inbound<'_>,
    phone: &str,
    version: Option<i64>,
) -> ApiResult<bool> {
    let now = state.now();
    let r = async {
        let mut tx = state.store.begin().await?;
        if tx.claim_inbound(m.channel, m.id, Some(phone), now).await? {
            if let Some(v) = version {
                // Changed by another message meanwhile: the report is filed all the same; that
                // message's step stays and a later KIRIM gets this receipt again.
                tx.end_conversation(m.channel, phone, v).await?;
            }
        }
        tx.commit().await
    }
    .await;
    state.store.record(r)?;
    Ok(true)
}
