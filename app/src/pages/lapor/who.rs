//! Step 5: who may see the report (`domain::Privacy`) and who the reporter is.

use super::fields::{choice_id, RadioGroup, TextInput};
use super::flow;
use crate::html;
use crate::i18n::{lang, t};
use domain::Privacy;
use leptos::prelude::*;

#[component]
pub(super) fn StepWho() -> impl IntoView {
    let f = flow();
    let current = f.app.draft.with_untracked(|d| d.privacy.clone());
    let l = lang();
    let cards: String = Privacy::ALL
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            html::radio(
                "privacy",
                &choice_id("privacy", i, p.code()),
                p.code(),
                p.label(l),
                p.explain(l),
                current == p.code(),
                "",
            )
        })
        .collect();
    view! {
        <h2 class="sub" id="privacy-legend">{t("Siapa yang boleh melihat laporan ini?", "Who may see this report?")}</h2>
        <RadioGroup field="privacy" labelled_by="privacy-legend" html=Signal::stored(cards)
            on_pick=move |v| f.app.edit("privacy", |d| d.privacy = v)/>
        <TextInput field="reporter.name" label=("Nama", "Name") autocomplete="name" get=|d| &d.name set=|d, v| d.name = v/>
        <TextInput field="reporter.phone" label=("Nomor HP/WhatsApp", "Mobile/WhatsApp number") kind="tel" autocomplete="tel" inputmode="tel"
            hint=("Agar petugas dapat menghubungi Anda bila perlu. Tidak ditampilkan kepada publik.", "So officers can contact you if needed. Never shown publicly.")
            get=|d| &d.phone set=|d, v| d.phone = v/>
        <TextInput field="reporter.email" label=("E-mail", "E-mail") kind="email" autocomplete="email" inputmode="email"
            get=|d| &d.email set=|d, v| d.email = v/>
    }
}
