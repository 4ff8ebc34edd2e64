//! What the whole app shares: the draft and its photos, the outbox and the last receipt. Each is
//! a signal that writes itself to localStorage whenever it changes.

use crate::draft::{Draft, Photo};
use crate::json::Obj;
use crate::outbox::Pending;
use crate::storage::{self, KeptReceipt};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Why a queued report is still waiting.
#[derive(Debug, Clone, PartialEq)]
pub enum Wait {
    /// No connection, or it died mid-request.
    Network,
    /// The server is overloaded or asked us to slow down (408, 429, 5xx).
    Busy(String),
}

/// Where the report flow keeps what is typed and where it sends it, when that is not the
/// citizen's own phone: an officer's desk in the officers' bundle, recording a citizen's
/// complaint. A desk keeps its own draft and outbox, and never keeps a receipt or a secret
/// (the computer is shared; the citizen takes the printed receipt).
#[derive(Clone, Copy)]
pub struct Desk {
    /// The flow's address.
    pub base: &'static str,
    /// localStorage keys: draft, photos, outbox.
    pub keys: [&'static str; 3],
    /// Where the report is sent (with the channel chosen).
    pub endpoint: fn() -> String,
    /// Headers every send carries (the session's CSRF token).
    pub headers: fn() -> Vec<(&'static str, String)>,
    /// Shown above the first step (how the complaint was received).
    pub intro: fn() -> AnyView,
    /// The receipt, instead of the citizen's.
    pub receipt: fn(domain::wire::Receipt) -> AnyView,
}

#[derive(Clone, Copy)]
pub struct AppState {
    /// `None` on the citizen's phone.
    pub desk: Option<Desk>,
    pub draft: RwSignal<Draft>,
    pub photos: RwSignal<Vec<Photo>>,
    pub outbox: RwSignal<Option<Pending>>,
    pub sending: RwSignal<bool>,
    pub wait: RwSignal<Option<Wait>>,
    /// The server refused the report (a 4xx other than 408/429): its message.
    pub rejected: RwSignal<Option<String>>,
    /// The server's per-field messages from that refusal.
    pub server_errors: RwSignal<BTreeMap<String, String>>,
    /// The last receipt (shown by the report flow until the citizen starts a new report).
    pub receipt: RwSignal<Option<KeptReceipt>>,
    /// The photos did not fit in the phone's storage (they are still sent while the tab lives).
    pub photos_unsaved: RwSignal<bool>,
    /// Fields the citizen has left: their errors show from then on.
    pub touched: RwSignal<Vec<String>>,
    /// Sending was tried: every error shows.
    pub show_all: RwSignal<bool>,
}

impl AppState {
    pub fn load(desk: Option<Desk>) -> AppState {
        let [draft_key, photos_key, outbox_key] = desk
            .map_or([storage::DRAFT, storage::PHOTOS, storage::OUTBOX], |d| {
                d.keys
            });
        let state = AppState {
            desk,
            draft: RwSignal::new(
                storage::load(draft_key)
                    .map(|j| Draft::read(&j))
                    .unwrap_or_default(),
            ),
            photos: RwSignal::new(
                storage::load(photos_key)
                    .map(|j| {
                        j.strings_or_empty("photos")
                            .into_iter()
                            .map(|data_url| Photo { data_url })
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            outbox: RwSignal::new(storage::load(outbox_key).and_then(|j| Pending::read(&j))),
            sending: RwSignal::new(false),
            wait: RwSignal::new(None),
            rejected: RwSignal::new(None),
            server_errors: RwSignal::new(BTreeMap::new()),
            receipt: RwSignal::new(desk.is_none().then(storage::kept_receipt).flatten()),
            photos_unsaved: RwSignal::new(false),
            touched: RwSignal::new(Vec::new()),
            show_all: RwSignal::new(false),
        };
        if state.outbox.get_untracked().is_some() {
            state.wait.set(Some(Wait::Network));
        }
        Effect::new(move |_| {
            state.draft.with(|d| storage::save(draft_key, &d.write()));
        });
        Effect::new(move |_| {
            let ok = state.photos.with(|p| {
                if p.is_empty() {
                    storage::remove(photos_key);
                    true
                } else {
                    let urls: Vec<String> = p.iter().map(|x| x.data_url.clone()).collect();
                    storage::save(photos_key, &Obj::new().strings("photos", &urls))
                }
            });
            state.photos_unsaved.set(!ok);
        });
        Effect::new(move |_| {
            state.outbox.with(|o| match o {
                Some(o) => storage::save(outbox_key, &o.write()),
                None => {
                    storage::remove(outbox_key);
                    true
                }
            });
        });
        Effect::new(move |_| {
            if desk.is_some() {
                return;
            }
            state.receipt.with(|r| match r {
                Some(r) => storage::keep_receipt(r),
                None => {
                    storage::remove(storage::RECEIPT);
                    true
                }
            });
        });
        state
    }

    /// Updates one field of the draft and forgets the server's complaint about it.
    pub fn edit(&self, field: &str, f: impl FnOnce(&mut Draft)) {
        self.draft.update(f);
        if self.server_errors.with_untracked(|e| e.contains_key(field)) {
            self.server_errors.update(|e| {
                e.remove(field);
            });
        }
    }
}

pub fn app_state() -> AppState {
    expect_context::<AppState>()
}
