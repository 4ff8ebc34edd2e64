//! SMS through an Android phone with a local SIM at Diskominfo, running the open-source *SMS
//! Gateway for Android* app in Local Server mode: messages out with `POST {SMS_GATEWAY_URL}/message`
//! (HTTP Basic auth, `{"id", "textMessage": {"text"}, "phoneNumbers"}`), and its webhooks in at
//! `POST /webhooks/sms` (`sms:received`, and the delivery events `sms:delivered`/`sms:failed`),
//! each signed: `X-Signature` is the hex HMAC-SHA256 of the raw body followed by `X-Timestamp`,
//! with the app's signing key; a timestamp more than five minutes off is refused as a replay.

use super::replies::{self, Inbound};
use super::SendError;
use crate::config::Config;
use crate::store::MessageRow;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::messaging::{plain_for_sms, Channel};
use serde::Deserialize;
use serde_json::{json, Value};

/// How far a webhook's timestamp may be from the server's clock.
const TIMESTAMP_SKEW_SECS: i64 = 300;

pub struct Client {
    http: reqwest::Client,
    url: String,
    user: String,
    password: String,
}

impl Client {
    pub fn of(cfg: &Config, http: &reqwest::Client) -> Option<Client> {
        Some(Client {
            http: http.clone(),
            url: format!(
                "{}/message",
                cfg.sms_gateway_url.as_deref()?.trim_end_matches('/')
            ),
            user: cfg.sms_gateway_user.clone()?,
            password: cfg.sms_gateway_password.clone()?,
        })
    }

    /// Sends one SMS; the outbox id is the gateway's message id, so that the same message sent
    /// again is refused as a duplicate (409) instead of reaching the phone twice.
    pub async fn send(&self, m: &MessageRow) -> Result<String, SendError> {
        let id = format!("lapor-natuna-{}", m.id);
        let resp = self
            .http
            .post(&self.url)
            .basic_auth(&self.user, Some(&self.password))
            .json(&json!({
                "id": id,
                "textMessage": { "text": plain_for_sms(&m.body) },
                "phoneNumbers": [m.to],
            }))
            .send()
            .await?;
        let status = resp.status();
        if status.is_success() || status == reqwest::StatusCode::CONFLICT {
            return Ok(id);
        }
        let text = resp.text().await.unwrap_or_default();
        let why = format!(
            "HTTP {status}: {}",
            text.chars().take(300).collect::<String>()
        );
        if status == reqwest::StatusCode::BAD_REQUEST {
            Err(SendError::Refused(why))
        } else {
            Err(SendError::Retry(why))
        }
    }
}

fn signed(secret: &str, headers: &HeaderMap, body: &[u8], now: i64) -> bool {
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    let (Some(sig), Some(ts)) = (header("x-signature"), header("x-timestamp")) else {
        return false;
    };
    let Ok(at) = ts.trim().parse::<i64>() else {
        return false;
    };
    if (now - at).abs() > TIMESTAMP_SKEW_SECS {
        return false;
    }
    hex::decode(sig.trim()).is_ok_and(|sig| super::signed_by(secret, &[body, ts.as_bytes()], &sig))
}

#[derive(Deserialize)]
struct Event {
    event: String,
    id: String,
    #[serde(default)]
    payload: Value,
}

/// `POST /webhooks/sms`: the gateway's events. Answered 2xx once handled (it retries otherwise);
/// an event id seen before changes nothing.
pub async fn event(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = state.cfg.sms_webhook_secret.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The app's real clock, not the tests' shifted one: the phone signs with its own clock.
    let wall = state.now()
        - state
            .clock_offset
            .load(std::sync::atomic::Ordering::Relaxed);
    if !signed(secret, &headers, &body, wall) {
        return (
            StatusCode::UNAUTHORIZED,
            "invalid X-Signature or X-Timestamp",
        )
            .into_response();
    }
    let Ok(ev) = serde_json::from_slice::<Event>(&body) else {
        return (StatusCode::BAD_REQUEST, "not an SMS gateway webhook event").into_response();
    };
    let p = &ev.payload;
    let result = match ev.event.as_str() {
        "sms:received" => {
            // `sender` since the app's 2026 payloads; `phoneNumber` before.
            let from = p["sender"]
                .as_str()
                .or(p["phoneNumber"].as_str())
                .unwrap_or("");
            let text = p["message"].as_str().unwrap_or("");
            replies::handle(
                &state,
                Inbound {
                    channel: Channel::Sms,
                    id: &ev.id,
                    from,
                    text,
                    photo: None,
                },
            )
            .await
            .map_err(|e| e.message_en)
        }
        "sms:delivered" | "sms:failed" => match p["messageId"].as_str() {
            Some(id) => {
                let delivery = ev.event.trim_start_matches("sms:");
                let reason = p["reason"].as_str();
                super::delivery_report(&state, Channel::Sms, id, delivery, reason)
                    .await
                    .map_err(|e| e.to_string())
            }
            None => Ok(()),
        },
        _ => Ok(()),
    };
    match result {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => {
            tracing::warn!("sms event {}: {e}", ev.id);
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
