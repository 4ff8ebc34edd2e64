//! WhatsApp Business Cloud API: messages out (`POST {WHATSAPP_API_URL}/{phone-number-id}/messages`
//! with the bearer token: free text inside the 24-hour window, the approved template outside it)
//! and the webhook in (`GET /webhooks/whatsapp`: Meta's verification with `hub.verify_token` and
//! `hub.challenge`; `POST`: events signed with `X-Hub-Signature-256`, HMAC-SHA256 of the raw
//! body with the app secret: a bad or missing signature gets 401 and does nothing).

use super::replies::{self, Inbound};
use super::SendError;
use crate::config::Config;
use crate::store::MessageRow;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::messaging::{whatsapp_number, Channel};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Text messages hold at most 4,096 characters; a template parameter 1,024.
const TEXT_MAX: usize = 4096;
const PARAM_MAX: usize = 1024;

pub struct Client {
    http: reqwest::Client,
    /// `{WHATSAPP_API_URL}`, where media is looked up.
    api: String,
    url: String,
    token: String,
    template: String,
}

/// Why a photo the person sent could not be fetched.
pub enum MediaError {
    /// The Cloud API is unreachable or busy: the webhook is answered 503 and Meta delivers it
    /// again later.
    Retry(String),
    /// The media is gone or refused (expired, not a photo): the person is asked to send it again.
    Gone,
    /// Larger than a report's photo may be (its size in bytes, when known).
    TooLarge(Option<u64>),
}

fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

impl Client {
    pub fn of(cfg: &Config, http: &reqwest::Client) -> Option<Client> {
        Some(Client {
            http: http.clone(),
            api: cfg.whatsapp_api_url.trim_end_matches('/').to_string(),
            url: format!(
                "{}/{}/messages",
                cfg.whatsapp_api_url.trim_end_matches('/'),
                cfg.whatsapp_phone_number_id.as_deref()?
            ),
            token: cfg.whatsapp_token.clone()?,
            template: cfg.whatsapp_template.clone(),
        })
    }

    /// Sends one message: free text when `free_text` (the person wrote in the last 24 hours),
    /// else the template with the text as its one parameter. Returns the message's `wamid`.
    pub async fn send(&self, m: &MessageRow, free_text: bool) -> Result<String, SendError> {
        let to = whatsapp_number(&m.to);
        let body = if free_text {
            json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "text",
                "text": { "preview_url": false, "body": cut(&m.body, TEXT_MAX) },
            })
        } else {
            // A template parameter may not hold new lines or tabs.
            let param: String = m.body.split_whitespace().collect::<Vec<_>>().join(" ");
            json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "template",
                "template": {
                    "name": self.template,
                    "language": { "code": "id" },
                    "components": [{
                        "type": "body",
                        "parameters": [{ "type": "text", "text": cut(&param, PARAM_MAX) }],
                    }],
                },
            })
        };
        let resp = self
            .http
            .post(&self.url)
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?;
        let status = resp.status();
        let answer: Value = resp.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            return answer["messages"][0]["id"]
                .as_str()
                .map(String::from)
                .ok_or_else(|| SendError::Retry(format!("no message id in the answer: {answer}")));
        }
        let why = format!(
            "HTTP {status}: {} (code {})",
            answer["error"]["message"].as_str().unwrap_or("no message"),
            answer["error"]["code"]
        );
        // 400: this message is refused (an invalid number, a number not on WhatsApp): sending it
        // again changes nothing. Anything else (429, 5xx, a token that expired) is retried.
        if status == reqwest::StatusCode::BAD_REQUEST {
            Err(SendError::Refused(why))
        } else {
            Err(SendError::Retry(why))
        }
    }
}

impl Client {
    /// A photo the person sent, by its media id: its URL and size from `GET {api}/{media-id}`,
    /// then its bytes from that URL (valid for five minutes), both with the bearer token; checked
    /// against the SHA-256 the API gives and never more than `max_bytes` read.
    pub async fn media(&self, id: &str, max_bytes: u64) -> Result<Vec<u8>, MediaError> {
        if id.is_empty() || id.len() > 100 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(MediaError::Gone);
        }
        let retry = |e: reqwest::Error| MediaError::Retry(e.to_string());
        let resp = self
            .http
            .get(format!("{}/{id}", self.api))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(retry)?;
        let status = resp.status();
        if status.is_client_error() && status != reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(MediaError::Gone);
        }
        if !status.is_success() {
            return Err(MediaError::Retry(format!("media {id}: HTTP {status}")));
        }
        let meta: Value = resp.json().await.map_err(retry)?;
        let size = match &meta["file_size"] {
            Value::String(s) => s.parse::<u64>().ok(),
            v => v.as_u64(),
        };
        if size.is_some_and(|s| s > max_bytes) {
            return Err(MediaError::TooLarge(size));
        }
        if !meta["mime_type"]
            .as_str()
            .is_some_and(|m| m.starts_with("image/"))
        {
            return Err(MediaError::Gone);
        }
        let Some(url) = meta["url"].as_str() else {
            return Err(MediaError::Retry(format!("media {id}: no url in {meta}")));
        };
        let mut resp = self
            .http
            .get(url)
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(retry)?;
        if !resp.status().is_success() {
            return Err(MediaError::Retry(format!(
                "media {id} download: HTTP {}",
                resp.status()
            )));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(retry)? {
            if (bytes.len() + chunk.len()) as u64 > max_bytes {
                return Err(MediaError::TooLarge(None));
            }
            bytes.extend_from_slice(&chunk);
        }
        if let Some(want) = meta["sha256"].as_str() {
            let got = crate::submit::sha256_plain(&bytes);
            if !want.eq_ignore_ascii_case(&got) {
                return Err(MediaError::Retry(format!(
                    "media {id}: SHA-256 {got} is not the {want} announced"
                )));
            }
        }
        Ok(bytes)
    }
}

/// `GET /webhooks/whatsapp`: Meta checks the webhook by sending the verify token and a challenge
/// to echo.
pub async fn verify(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let expected = state.cfg.whatsapp_verify_token.as_deref();
    let ok = q.get("hub.mode").map(String::as_str) == Some("subscribe")
        && expected.is_some()
        && q.get("hub.verify_token").map(String::as_str) == expected;
    match (ok, q.get("hub.challenge")) {
        (true, Some(c)) => (StatusCode::OK, c.clone()).into_response(),
        _ => StatusCode::FORBIDDEN.into_response(),
    }
}

fn signed(secret: &str, headers: &HeaderMap, body: &[u8]) -> bool {
    headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("sha256="))
        .and_then(|h| hex::decode(h.trim()).ok())
        .is_some_and(|sig| super::signed_by(secret, &[body], &sig))
}

#[derive(Deserialize)]
struct Event {
    #[serde(default)]
    entry: Vec<Entry>,
}
#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}
#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    value: ChangeValue,
}
#[derive(Deserialize, Default)]
struct ChangeValue {
    #[serde(default)]
    messages: Vec<InMessage>,
    #[serde(default)]
    statuses: Vec<StatusEvent>,
}
#[derive(Deserialize)]
struct InMessage {
    from: String,
    id: String,
    #[serde(rename = "type", default)]
    kind: String,
    text: Option<TextBody>,
    button: Option<ButtonBody>,
    image: Option<ImageBody>,
}
#[derive(Deserialize)]
struct ImageBody {
    id: String,
}
#[derive(Deserialize)]
struct TextBody {
    body: String,
}
#[derive(Deserialize)]
struct ButtonBody {
    text: String,
}
#[derive(Deserialize)]
struct StatusEvent {
    id: String,
    status: String,
    #[serde(default)]
    errors: Vec<Value>,
}

/// `POST /webhooks/whatsapp`: messages and delivery statuses. Answered 200 once handled (Meta
/// delivers again otherwise); an event seen before changes nothing.
pub async fn event(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = state.cfg.whatsapp_app_secret.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !signed(secret, &headers, &body) {
        return (StatusCode::UNAUTHORIZED, "invalid X-Hub-Signature-256").into_response();
    }
    let Ok(ev) = serde_json::from_slice::<Event>(&body) else {
        return (StatusCode::BAD_REQUEST, "not a WhatsApp webhook event").into_response();
    };
    for change in ev.entry.iter().flat_map(|e| &e.changes) {
        for s in &change.value.statuses {
            let error = s.errors.first().map(|e| e.to_string());
            // `failed`: not delivered (a number without WhatsApp, say): SMS takes it when on.
            let recorded = super::delivery_report(
                &state,
                Channel::Whatsapp,
                &s.id,
                &s.status,
                error.as_deref(),
            )
            .await;
            if let Err(e) = recorded {
                tracing::warn!("whatsapp status {}: {e}", s.id);
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
        for m in &change.value.messages {
            let text = match (m.kind.as_str(), &m.text, &m.button) {
                (_, Some(t), _) => t.body.as_str(),
                (_, _, Some(b)) => b.text.as_str(),
                _ => "",
            };
            let inbound = Inbound {
                channel: Channel::Whatsapp,
                id: &m.id,
                from: &m.from,
                text,
                photo: m.image.as_ref().map(|i| i.id.as_str()),
            };
            if let Err(e) = replies::handle(&state, inbound).await {
                tracing::warn!("whatsapp message {}: {}", m.id, e.message_en);
                // Not handled: Meta delivers it again later.
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
    }
    StatusCode::OK.into_response()
}
