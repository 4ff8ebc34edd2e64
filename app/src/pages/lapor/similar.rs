//! "Saya juga mengalami" on the review step (`domain::support`): open public reports of the same
//! category near the citizen's place from the last 30 days. One tap adds their support (and,
//! with the phone or e-mail of step 5, follows that report) instead of filing a duplicate;
//! sending their own report stays possible. Nothing shows when there are none or no network.
//!
//! The list is the server's HTML (`/lapor/serupa`, drawn from the `SimilarPage` wire type by
//! `server/src/pages/similar.rs`), put into the review's own block: a renderer and a reader of
//! the list here cost the citizen's first visit ≈4.8 KB (brotli) it does not have.

use super::flow;
use crate::api::{self, Body};
use crate::wire_read::Write;
use crate::{html, storage, util};
use domain::wire::SupportRequest;
use leptos::prelude::*;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

/// This device's random id (one support per device), made once and kept.
fn device() -> String {
    storage::get(storage::DEVICE).unwrap_or_else(|| {
        let d = util::random_key();
        storage::set(storage::DEVICE, &d);
        d
    })
}

/// The panel: its HTML (drawn into the review's block, whose click handler calls `support`).
#[derive(Clone, Copy)]
pub(super) struct Similar {
    pub html: RwSignal<String>,
    /// The fragment's address for this category and place ("" when one is missing).
    url: Memo<String>,
    /// Flipped to ask for the fragment again after a support.
    again: RwSignal<bool>,
}

impl Similar {
    /// Asks for similar reports whenever the category or the place changes (not on the desk:
    /// an officer's device is not the citizen's). The phone's id goes in a header, which marks
    /// what it already supported.
    pub(super) fn start() -> Similar {
        let f = flow();
        let desk = f.app.desk.is_some();
        let me = Similar {
            html: RwSignal::new(String::new()),
            url: Memo::new(move |_| {
                f.app.draft.with(|d| match d.location_code() {
                    Some(place) if !desk && !d.category.is_empty() => format!(
                        "/lapor/serupa?category={}&desa={}",
                        util::encode(&d.category),
                        util::encode(place)
                    ),
                    _ => String::new(),
                })
            }),
            again: RwSignal::new(false),
        };
        Effect::new(move |_| {
            let url = me.url.get();
            me.again.track();
            if !url.is_empty() {
                leptos::task::spawn_local(async move {
                    let id = device();
                    let got =
                        api::request("GET", &url, Body::None, &[("X-Lapor-Device", &id)], WAIT)
                            .await;
                    if let Ok((200, text)) = got {
                        me.html.set(text);
                    }
                });
            }
        });
        me
    }

    /// "Saya juga mengalami" on report `code`, with the phone or e-mail the citizen gave; the
    /// list is drawn again with the new count (or the server's reason it could not be added).
    pub(super) fn support(self, code: String) {
        let req = flow().app.draft.with_untracked(|d| SupportRequest {
            device: device(),
            phone: Some(d.phone.clone()).filter(|p| !p.trim().is_empty()),
            email: Some(d.email.clone()).filter(|e| !e.trim().is_empty()),
        });
        leptos::task::spawn_local(async move {
            let url = format!("/api/v1/reports/{}/support", util::encode(&code));
            // The answer (`SupportAnswer`) needs no reading: the list drawn again shows it.
            match api::request("POST", &url, Body::Json(req.write().text()), &[], WAIT)
                .await
                .and_then(|(status, text)| match status {
                    200..=299 => Ok(()),
                    _ => api::decode::<domain::wire::Receipt>(status, &text).map(drop),
                }) {
                Ok(()) => self.again.update(|b| *b = !*b),
                Err(e) => self.html.update(|h| {
                    *h += &format!(
                        r#"<p class="field-error" role="alert">{}</p>"#,
                        html::esc(&e.message())
                    )
                }),
            }
        });
    }
}
