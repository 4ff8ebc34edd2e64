//! Local stand-ins for the WhatsApp Business Cloud API and SMS Gateway for Android's local
//! server, speaking HTTP on a port of their own. Each request is checked as the real service
//! checks it (the bearer token or Basic credentials, the JSON shape, the number's form, the
//! template's rules, a duplicate SMS id) and refused the way it would refuse it; what was
//! refused is kept so that a test can assert nothing was. `set_down(true)` answers 503 to every
//! send, as an outage would.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const WA_TOKEN: &str = "EAAtest-token";
pub const WA_PHONE_ID: &str = "106540352242922";
pub const WA_SECRET: &str = "meta-app-secret";
pub const WA_VERIFY: &str = "verify-natuna";
pub const WA_TEMPLATE: &str = "lapor_natuna_pemberitahuan";
pub const SMS_USER: &str = "sms";
pub const SMS_PASSWORD: &str = "gateway-pass";
pub const SMS_SECRET: &str = "sms-signing-key";

#[derive(Default)]
struct Inner {
    whatsapp: Vec<Value>,
    sms: Vec<Value>,
    sms_ids: HashSet<String>,
    refused: Vec<String>,
    down: bool,
    seq: u64,
    /// Numbers the Cloud API refuses (400), as it refuses an invalid one.
    refuse_to: HashSet<String>,
    /// Photos people "sent", by media id, and how often each was downloaded.
    media: std::collections::HashMap<String, Vec<u8>>,
    downloads: Vec<String>,
}

#[derive(Clone)]
pub struct Providers {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
}

fn refuse(inner: &mut Inner, why: String) -> (StatusCode, Json<Value>) {
    inner.refused.push(why.clone());
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": { "message": why, "type": "OAuthException", "code": 100 } })),
    )
}

async fn whatsapp(
    State(p): State<Providers>,
    Path((version, phone_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    let mut inner = p.inner.lock().unwrap();
    if let Some(refused) = cloud_api_gate(&mut inner, &headers, "whatsapp") {
        return refused;
    }
    if version != "v21.0" || phone_id != WA_PHONE_ID {
        return refuse(
            &mut inner,
            format!("whatsapp: unknown path /{version}/{phone_id}"),
        );
    }
    if !headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"))
    {
        return refuse(&mut inner, "whatsapp: not JSON".into());
    }
    let Ok(m) = serde_json::from_str::<Value>(&body) else {
        return refuse(&mut inner, "whatsapp: invalid JSON".into());
    };
    let to = m["to"].as_str().unwrap_or("");
    if m["messaging_product"] != "whatsapp" {
        return refuse(
            &mut inner,
            "whatsapp: messaging_product must be whatsapp".into(),
        );
    }
    if to.is_empty() || !to.bytes().all(|b| b.is_ascii_digit()) || !to.starts_with("62") {
        return refuse(&mut inner, format!("whatsapp: invalid recipient {to:?}"));
    }
    if inner.refuse_to.contains(to) {
        return refuse(
            &mut inner,
            format!("(#100) Invalid parameter: recipient {to}"),
        );
    }
    match m["type"].as_str() {
        Some("text") => {
            let b = m["text"]["body"].as_str().unwrap_or("");
            if b.is_empty() || b.chars().count() > 4096 {
                return refuse(&mut inner, "whatsapp: text.body empty or over 4096".into());
            }
        }
        Some("template") => {
            let t = &m["template"];
            let param = t["components"][0]["parameters"][0]["text"]
                .as_str()
                .unwrap_or("");
            if t["name"] != WA_TEMPLATE
                || t["language"]["code"] != "id"
                || t["components"][0]["type"] != "body"
                || t["components"][0]["parameters"][0]["type"] != "text"
                || param.is_empty()
                || param.chars().count() > 1024
                || param.contains(['\n', '\t'])
                || param.contains("    ")
            {
                return refuse(
                    &mut inner,
                    format!("whatsapp: invalid template message {t}"),
                );
            }
        }
        other => return refuse(&mut inner, format!("whatsapp: unsupported type {other:?}")),
    }
    inner.seq += 1;
    let id = format!("wamid.HBgNNjI4{:08}", inner.seq);
    let mut stored = m.clone();
    stored["id"] = json!(id);
    inner.whatsapp.push(stored);
    (
        StatusCode::OK,
        Json(
            json!({ "messaging_product": "whatsapp", "contacts": [{ "input": to, "wa_id": to }], "messages": [{ "id": id }] }),
        ),
    )
}

async fn sms(
    State(p): State<Providers>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    use base64::Engine;
    let mut inner = p.inner.lock().unwrap();
    if inner.down {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "message": "device offline" })),
        );
    }
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{SMS_USER}:{SMS_PASSWORD}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(basic.as_str()) {
        inner
            .refused
            .push("sms: bad or missing Basic credentials".into());
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "message": "Unauthorized" })),
        );
    }
    let Ok(m) = serde_json::from_str::<Value>(&body) else {
        return refuse(&mut inner, "sms: invalid JSON".into());
    };
    let text = m["textMessage"]["text"].as_str().unwrap_or("");
    let numbers = m["phoneNumbers"].as_array().cloned().unwrap_or_default();
    if text.is_empty() || m.get("message").is_some() {
        return refuse(
            &mut inner,
            "sms: textMessage.text is required (and message is deprecated)".into(),
        );
    }
    if numbers.is_empty()
        || !numbers.iter().all(|n| {
            n.as_str()
                .is_some_and(|n| n.starts_with('+') && n[1..].bytes().all(|b| b.is_ascii_digit()))
        })
    {
        return refuse(&mut inner, format!("sms: invalid phoneNumbers {numbers:?}"));
    }
    let id = match m["id"].as_str() {
        Some(id) => id.to_string(),
        None => {
            inner.seq += 1;
            format!("gen-{}", inner.seq)
        }
    };
    if !inner.sms_ids.insert(id.clone()) {
        return (
            StatusCode::CONFLICT,
            Json(json!({ "message": format!("message with id {id} already exists") })),
        );
    }
    inner.sms.push(m.clone());
    (
        StatusCode::ACCEPTED,
        Json(
            json!({ "id": id, "state": "Pending", "isHashed": false, "isEncrypted": false,
            "recipients": numbers.iter().map(|n| json!({ "phoneNumber": n, "state": "Pending" })).collect::<Vec<_>>() }),
        ),
    )
}

fn bearer_ok(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok())
        == Some(&format!("Bearer {WA_TOKEN}"))
}

/// What the Cloud API answers before reading a request: 503 while "down", 401 without the
/// bearer token.
fn cloud_api_gate(
    inner: &mut Inner,
    headers: &HeaderMap,
    what: &str,
) -> Option<(StatusCode, Json<Value>)> {
    if inner.down {
        return Some((
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "error": { "message": "Service temporarily unavailable", "code": 2 } })),
        ));
    }
    if !bearer_ok(headers) {
        inner
            .refused
            .push(format!("{what}: bad or missing bearer token"));
        return Some((
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": { "message": "Invalid OAuth access token.", "code": 190 } })),
        ));
    }
    None
}

/// `GET /{version}/{media-id}`: the media's metadata, with a download URL on this server.
async fn media_meta(
    State(p): State<Providers>,
    Path((version, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    let mut inner = p.inner.lock().unwrap();
    if let Some(refused) = cloud_api_gate(&mut inner, &headers, "whatsapp media") {
        return refused;
    }
    if version != "v21.0" {
        return refuse(
            &mut inner,
            format!("whatsapp media: unknown version {version}"),
        );
    }
    let Some(bytes) = inner.media.get(&id) else {
        return refuse(&mut inner, format!("whatsapp media: no media {id}"));
    };
    use sha2::Digest;
    let meta = json!({
        "messaging_product": "whatsapp",
        "url": format!("{}/whatsapp_business/attachments/?mid={id}&ext=1764750000&hash=ATu", p.url),
        "mime_type": "image/jpeg",
        "sha256": hex::encode(Sha256::digest(bytes)),
        "file_size": bytes.len().to_string(),
        "id": id,
    });
    (StatusCode::OK, Json(meta))
}

/// The media URL: the bytes, to a request with the bearer token only (as lookaside.fbsbx.com).
async fn media_download(
    State(p): State<Providers>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
) -> (StatusCode, Vec<u8>) {
    let mut inner = p.inner.lock().unwrap();
    if !bearer_ok(&headers) {
        inner
            .refused
            .push("whatsapp media download: no bearer token".into());
        return (StatusCode::UNAUTHORIZED, Vec::new());
    }
    let id = q.get("mid").cloned().unwrap_or_default();
    match inner.media.get(&id).cloned() {
        Some(b) => {
            inner.downloads.push(id);
            (StatusCode::OK, b)
        }
        None => (StatusCode::NOT_FOUND, Vec::new()),
    }
}

impl Providers {
    pub async fn start() -> Providers {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let p = Providers {
            url: format!("http://{}", listener.local_addr().unwrap()),
            inner: Arc::default(),
        };
        let app = Router::new()
            .route("/{version}/{phone_id}/messages", post(whatsapp))
            .route("/{version}/{media_id}", axum::routing::get(media_meta))
            .route(
                "/whatsapp_business/attachments/",
                axum::routing::get(media_download),
            )
            .route("/message", post(sms))
            .with_state(p.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        p
    }

    /// The server's settings for WhatsApp through this stand-in.
    pub fn whatsapp_env(&self) -> Vec<(String, String)> {
        vec![
            ("WHATSAPP_API_URL".into(), format!("{}/v21.0", self.url)),
            ("WHATSAPP_TOKEN".into(), WA_TOKEN.into()),
            ("WHATSAPP_PHONE_NUMBER_ID".into(), WA_PHONE_ID.into()),
            ("WHATSAPP_APP_SECRET".into(), WA_SECRET.into()),
            ("WHATSAPP_VERIFY_TOKEN".into(), WA_VERIFY.into()),
        ]
    }

    /// The server's settings for SMS through this stand-in.
    pub fn sms_env(&self) -> Vec<(String, String)> {
        vec![
            ("SMS_GATEWAY_URL".into(), self.url.clone()),
            ("SMS_GATEWAY_USER".into(), SMS_USER.into()),
            ("SMS_GATEWAY_PASSWORD".into(), SMS_PASSWORD.into()),
            ("SMS_WEBHOOK_SECRET".into(), SMS_SECRET.into()),
        ]
    }

    pub fn set_down(&self, down: bool) {
        self.inner.lock().unwrap().down = down;
    }
    pub fn whatsapp(&self) -> Vec<Value> {
        self.inner.lock().unwrap().whatsapp.clone()
    }
    pub fn sms(&self) -> Vec<Value> {
        self.inner.lock().unwrap().sms.clone()
    }
    /// The Cloud API will refuse messages to `to` (digits).
    pub fn refuse_whatsapp_to(&self, to: &str) {
        self.inner.lock().unwrap().refuse_to.insert(to.to_string());
    }
    /// A photo a person sends: Meta keeps it under `id` for the media endpoint.
    pub fn add_media(&self, id: &str, bytes: Vec<u8>) {
        self.inner
            .lock()
            .unwrap()
            .media
            .insert(id.to_string(), bytes);
    }
    pub fn downloads(&self) -> Vec<String> {
        self.inner.lock().unwrap().downloads.clone()
    }
    pub fn refused(&self) -> Vec<String> {
        self.inner.lock().unwrap().refused.clone()
    }

    /// The text of a WhatsApp message (free text or the template's parameter).
    pub fn wa_text(m: &Value) -> String {
        m["text"]["body"]
            .as_str()
            .or(m["template"]["components"][0]["parameters"][0]["text"].as_str())
            .unwrap_or("")
            .to_string()
    }

    /// Waits for a WhatsApp message to `to` (digits) whose text contains `needle`.
    pub async fn wait_whatsapp(&self, to: &str, needle: &str) -> Value {
        for _ in 0..200 {
            if let Some(m) = self
                .whatsapp()
                .into_iter()
                .find(|m| m["to"] == to && Providers::wa_text(m).contains(needle))
            {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no WhatsApp message to {to} with {needle:?}; got {:#?}; refused {:?}",
            self.whatsapp(),
            self.refused()
        );
    }

    /// Waits for an SMS to `to` (`+62…`) whose text contains `needle`.
    pub async fn wait_sms(&self, to: &str, needle: &str) -> Value {
        for _ in 0..200 {
            if let Some(m) = self.sms().into_iter().find(|m| {
                m["phoneNumbers"][0] == to
                    && m["textMessage"]["text"]
                        .as_str()
                        .unwrap_or("")
                        .contains(needle)
            }) {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no SMS to {to} with {needle:?}; got {:#?}; refused {:?}",
            self.sms(),
            self.refused()
        );
    }
}

/// A WhatsApp webhook event carrying one text message, as Meta sends it.
pub fn wa_event(from: &str, id: &str, text: &str) -> String {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "102290129340398",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": { "display_phone_number": "6277312345", "phone_number_id": WA_PHONE_ID },
                    "contacts": [{ "profile": { "name": "Warga" }, "wa_id": from }],
                    "messages": [{ "from": from, "id": id, "timestamp": "1764750000", "type": "text", "text": { "body": text } }],
                },
            }],
        }],
    })
    .to_string()
}

/// A WhatsApp webhook event carrying one photo (no caption), as Meta sends it.
pub fn wa_image_event(from: &str, id: &str, media_id: &str) -> String {
    let mut v: Value = serde_json::from_str(&wa_event(from, id, "")).unwrap();
    v["entry"][0]["changes"][0]["value"]["messages"][0] = json!({
        "from": from, "id": id, "timestamp": "1764750000", "type": "image",
        "image": { "mime_type": "image/jpeg", "sha256": "u8E3vjIWk4pTd3GAZDNmEKB9mKOv1tr0z7MTGC7tj+0=", "id": media_id },
    });
    v.to_string()
}

/// A WhatsApp webhook event reporting a sent message's status (`failed` with Meta's error
/// 131026, "Message undeliverable", as for a number without WhatsApp).
pub fn wa_status_event(wamid: &str, status: &str, recipient: &str) -> String {
    let mut st = json!({ "id": wamid, "status": status, "timestamp": "1764750100", "recipient_id": recipient });
    if status == "failed" {
        st["errors"] = json!([{ "code": 131026, "title": "Message undeliverable", "message": "Message undeliverable", "error_data": { "details": "Message Undeliverable." } }]);
    }
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "102290129340398", "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "6277312345", "phone_number_id": WA_PHONE_ID },
            "statuses": [st],
        } }] }],
    })
    .to_string()
}

/// `sha256=<hex>` of the body with the app secret, as Meta signs.
pub fn wa_signature(secret: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// An `sms:received` event, as the app sends it.
pub fn sms_event(from: &str, id: &str, text: &str) -> String {
    json!({
        "deviceId": "ffffffffceb0b1db0000018e937c815b",
        "event": "sms:received",
        "id": id,
        "payload": { "messageId": "abc123", "message": text, "sender": from, "recipient": "+6281100000000", "simNumber": 1, "receivedAt": "2026-12-03T15:46:11.000+07:00" },
        "webhookId": "LreFUt-Z3sSq0JufY9uWB",
    })
    .to_string()
}

/// `X-Signature` (hex HMAC-SHA256 of body + timestamp) and `X-Timestamp`, as the app signs.
pub fn sms_signature(secret: &str, body: &str, timestamp: i64) -> (String, String) {
    let ts = timestamp.to_string();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    mac.update(ts.as_bytes());
    (hex::encode(mac.finalize().into_bytes()), ts)
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
