//! Sending a report over a connection that drops for minutes. A report to send is first written
//! to the outbox in localStorage together with its Idempotency-Key; then it is sent, and sent
//! again on the `online` event, every 30 seconds while it waits, and when the app next opens,
//! always with the same key and the same bytes, so the server stores it exactly once. Only a
//! success or a refusal (a 4xx other than 408/429) empties the outbox.

use crate::api::{self, Body, Failure};
use crate::draft::{Draft, Photo};
use crate::json::{Json, Obj};
use crate::state::{AppState, Wait};
use crate::storage::KeptReceipt;
use crate::wire_read::Write;
use crate::{i18n, storage, util};
use domain::wire::Receipt;
use domain::Lang;
use leptos::prelude::*;
use std::time::Duration;

/// A report waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub key: String,
    /// Where it goes: the public endpoint, or an officer's desk's.
    pub path: String,
    /// The exact JSON sent every time (the server compares retries byte for byte).
    pub report: String,
    pub lang: Lang,
    pub queued_at: i64,
    pub attempts: u32,
}

impl Pending {
    pub fn read(j: &Json) -> Option<Pending> {
        let key = j.str_or_empty("key");
        let report = j.str_or_empty("report");
        let path = j.str_or_empty("path");
        (!key.is_empty() && !report.is_empty()).then(|| Pending {
            key,
            path: if path.is_empty() {
                REPORTS.to_string()
            } else {
                path
            },
            report,
            lang: Lang::from_header(&j.str_or_empty("lang")),
            queued_at: j.num_or_none("queued_at").unwrap_or(0.0) as i64,
            attempts: j.num_or_none("attempts").unwrap_or(0.0) as u32,
        })
    }

    pub fn write(&self) -> Obj {
        Obj::new()
            .str("key", &self.key)
            .str("path", &self.path)
            .str("report", &self.report)
            .str("lang", self.lang.code())
            .num("queued_at", self.queued_at as f64)
            .num("attempts", self.attempts as f64)
    }
}

const REPORTS: &str = "/api/v1/reports";

const RETRY_EVERY: Duration = Duration::from_secs(30);

/// Wires the retries: now (the app just opened), on `online`, and every 30 s while waiting.
pub fn start(app: AppState) {
    if app.outbox.get_untracked().is_some() {
        leptos::prelude::set_timeout(move || send(app), Duration::from_millis(300));
    }
    let online = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || send(app));
    let _ = util::window().add_event_listener_with_callback(
        "online",
        wasm_bindgen::JsCast::unchecked_ref(online.as_ref()),
    );
    online.forget();
    let _ = leptos::prelude::set_interval_with_handle(
        move || {
            if app.outbox.get_untracked().is_some() {
                send(app);
            }
        },
        RETRY_EVERY,
    );
}

/// Puts the draft into the outbox (once) and sends it.
pub fn queue(app: AppState) {
    if app.outbox.get_untracked().is_none() {
        let mut key = None;
        app.draft.update(|d: &mut Draft| {
            key = Some(d.idem_key.get_or_insert_with(util::random_key).clone());
        });
        let report = app.draft.with_untracked(|d| d.to_raw(&[]).write().text());
        app.outbox.set(Some(Pending {
            key: key.unwrap_or_default(),
            path: app
                .desk
                .map_or_else(|| REPORTS.to_string(), |d| (d.endpoint)()),
            report,
            lang: i18n::lang_untracked(),
            queued_at: util::now_secs(),
            attempts: 0,
        }));
    }
    app.rejected.set(None);
    app.server_errors.set(Default::default());
    send(app);
}

/// One attempt, unless one is already under way.
pub fn send(app: AppState) {
    let Some(pending) = app.outbox.get_untracked() else {
        return;
    };
    if app.sending.get_untracked() {
        return;
    }
    app.sending.set(true);
    leptos::task::spawn_local(async move {
        let photos = app.photos.get_untracked();
        let headers = app.desk.map(|d| (d.headers)()).unwrap_or_default();
        let result = post(&pending, &photos, &headers).await;
        app.sending.set(false);
        app.outbox.update(|o| {
            if let Some(o) = o {
                o.attempts += 1;
            }
        });
        finish(app, result);
    });
}

async fn post(
    p: &Pending,
    photos: &[Photo],
    headers: &[(&'static str, String)],
) -> Result<Receipt, Failure> {
    let body = if photos.is_empty() {
        Body::Json(p.report.clone())
    } else {
        let form = web_sys::FormData::new().map_err(|_| Failure::Network)?;
        let _ = form.append_with_str("report", &p.report);
        for (i, photo) in photos.iter().enumerate() {
            if let Some(blob) = crate::photos::blob_of(photo) {
                let _ = form.append_with_blob_and_filename(
                    "photo",
                    &blob,
                    &format!("foto-{}.jpg", i + 1),
                );
            }
        }
        Body::Form(form)
    };
    // Generous: a few photos over 2G take a while; the server cuts off at 60 s anyway.
    let timeout = if photos.is_empty() {
        Duration::from_secs(45)
    } else {
        Duration::from_secs(120)
    };
    let lang = if p.lang == Lang::En { "en" } else { "id" };
    let mut all = vec![
        ("Idempotency-Key", p.key.as_str()),
        ("Accept-Language", lang),
    ];
    all.extend(headers.iter().map(|(k, v)| (*k, v.as_str())));
    let (status, text) = api::request("POST", &p.path, body, &all, timeout).await?;
    api::decode(status, &text)
}

fn finish(app: AppState, result: Result<Receipt, Failure>) {
    match result {
        Ok(receipt) => {
            if let Some(s) = receipt
                .reporter_secret
                .as_ref()
                .filter(|_| app.desk.is_none())
            {
                storage::remember_secret(&receipt.tracking_code, s);
            }
            app.receipt.set(Some(KeptReceipt {
                receipt,
                seen: false,
                closed: false,
            }));
            app.outbox.set(None);
            app.draft.set(Draft::default());
            app.photos.set(Vec::new());
            app.wait.set(None);
            app.rejected.set(None);
            app.server_errors.set(Default::default());
            app.touched.set(Default::default());
            app.show_all.set(false);
            storage::remove(storage::STALE_RELOAD);
        }
        Err(Failure::Network) => app.wait.set(Some(Wait::Network)),
        Err(f @ Failure::Http(status, _)) if status == 408 || status == 429 || status >= 500 => {
            app.wait.set(Some(Wait::Busy(f.message())))
        }
        // At a desk, a session that ended (or a stale CSRF token) keeps the report until the
        // officer logs in again.
        Err(f @ Failure::Http(401 | 403, _)) if app.desk.is_some() => {
            app.wait.set(Some(Wait::Busy(f.message())))
        }
        // Stored, but its receipt is not what the contract says: a retry with the same key gets
        // the same stored answer, so the report is never stored twice while this is fixed.
        Err(f @ Failure::Unreadable(_)) => app.wait.set(Some(Wait::Busy(f.message()))),
        Err(Failure::Http(409, e)) if e.code == "catalog_stale" => {
            // The catalog changed under us: reload the new app; the draft stays on the phone.
            app.outbox.set(None);
            app.wait.set(None);
            if storage::get(storage::STALE_RELOAD).as_deref() != Some(domain::CATALOG_VERSION) {
                storage::set(storage::STALE_RELOAD, domain::CATALOG_VERSION);
                let _ = util::window().location().reload();
            } else {
                app.rejected.set(Some(e.message));
            }
        }
        Err(f @ Failure::Http(..)) => {
            // Refused: nothing was stored, so the next send may use a new key.
            let Failure::Http(_, e) = &f else {
                unreachable!()
            };
            app.server_errors.set(e.fields.clone());
            app.rejected.set(Some(f.message()));
            app.outbox.set(None);
            app.wait.set(None);
            app.draft.update(|d| d.idem_key = None);
        }
    }
}
