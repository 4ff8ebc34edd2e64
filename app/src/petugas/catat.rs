//! Recording a citizen's complaint at the desk (`/petugas/lapor`): a desa/kecamatan officer or
//! the coordinator files for someone who came in, called, wrote a letter or messaged the office,
//! through the citizen's own guided flow (`pages::lapor::ReportFlow` on a `state::Desk`: the same
//! suggestions, questions, routing and `NewReport::parse` checks), saying how the complaint was
//! received. The server records the officer in the report's history and sends the codes to the
//! reporter's phone; the receipt here fits a phone screen and prints on A6 for the citizen.

use crate::i18n::{lang, t};
use crate::pages::lapor::receipt::{facts_html, token_html};
use crate::state::{app_state, Desk};
use crate::{html, router, storage, util};
use domain::catalog::{self, RegionKind};
use domain::report::Channel;
use domain::wire::{Receipt, SessionView};
use domain::Lang;
use leptos::prelude::*;

const BASE: &str = "/petugas/lapor";

pub const DESK: Desk = Desk {
    base: BASE,
    keys: [
        "lapor.petugas.draft",
        "lapor.petugas.photos",
        "lapor.petugas.outbox",
    ],
    endpoint,
    headers,
    intro,
    receipt,
};

/// The channel last chosen at this desk (most complaints at a desa office come in person).
const CHANNEL: &str = "lapor.petugas.channel";

fn channel() -> Channel {
    storage::get(CHANNEL)
        .and_then(|c| Channel::parse(&c))
        .filter(|c| Channel::RECORDED.contains(c))
        .unwrap_or(Channel::TatapMuka)
}

fn endpoint() -> String {
    format!("/api/v1/petugas/reports?channel={}", channel().code())
}

fn headers() -> Vec<(&'static str, String)> {
    super::me()
        .map(|m| vec![("X-CSRF-Token", m.csrf_token)])
        .unwrap_or_default()
}

fn intro() -> AnyView {
    view! { <ChannelChoice/> }.into_any()
}

fn receipt(r: Receipt) -> AnyView {
    view! { <DeskReceipt r=r/> }.into_any()
}

/// How the complaint reached the office.
#[component]
fn ChannelChoice() -> impl IntoView {
    let current = channel();
    let l = lang();
    let options: String = Channel::RECORDED
        .iter()
        .map(|c| {
            let id = format!("f-channel-{}", c.code());
            format!(
                r#"<label class="choice" for="{id}"><input type="radio" name="channel" id="{id}" value="{v}"{checked}> <span>{label}</span></label>"#,
                v = c.code(),
                checked = if *c == current { " checked" } else { "" },
                label = html::esc(c.label(l)),
            )
        })
        .collect();
    let pick = move |ev: leptos::ev::Event| {
        if let Some(v) = html::target_value(&ev) {
            storage::set(CHANNEL, &v);
        }
    };
    view! {
        <fieldset class="field channel-choice">
            <legend>{t("Laporan diterima melalui", "The complaint came by")}</legend>
            <div class="choices" inner_html=options on:change=pick></div>
        </fieldset>
    }
}

/// The page: who may record, and the flow with the officer's own desa/kecamatan filled in.
#[component]
pub fn Filing(me: SessionView) -> impl IntoView {
    if !me.officer.role.files_for_citizens() {
        return view! {
            <section class="page">
                <h1>{t("Catat laporan warga", "Record a citizen's complaint")}</h1>
                <p>{t(
                    "Hanya petugas wilayah (kecamatan/desa) dan koordinator yang mencatat laporan atas nama warga.",
                    "Only area (kecamatan/desa) officers and the coordinator record complaints on a citizen's behalf.",
                )}</p>
            </section>
        }
        .into_any();
    }
    let app = app_state();
    // A desa or kecamatan office records mostly its own area's complaints: start from it.
    let office = catalog::unit(&me.officer.unit.code).and_then(|u| u.region);
    if let Some(region) = office.map(|r| r.get()) {
        if app.draft.with_untracked(|d| d.is_blank()) {
            app.draft.update(|d| {
                d.kecamatan = region.kecamatan().code.to_string();
                if region.kind != RegionKind::Kecamatan {
                    d.desa = region.code.to_string();
                }
            });
        }
    }
    view! {
        <section class="page desk">
            <p class="notice">{t(
                "Anda mencatat laporan atas nama warga. Isi bersama warga dengan kata-katanya sendiri; nama dan kontaknya mengikuti pilihan privasi warga.",
                "You are recording a complaint on a citizen's behalf. Fill it in with the citizen, in their own words; their name and contacts follow the privacy they choose.",
            )}</p>
            <crate::pages::lapor::ReportFlow embed=false opd=None/>
        </section>
    }
    .into_any()
}

const PAGE_STYLE: &str = "slip-page-size";

/// The slip the citizen takes home: codes, who handles it and by when, how it was received
/// and who recorded it. Printed on A6 (`style/petugas.css`); the kode pelapor is shown only
/// here, once, so the officer prints it or the citizen writes it down.
#[component]
fn DeskReceipt(r: Receipt) -> impl IntoView {
    let app = app_state();
    let l = lang();
    let me = super::me();
    let recorder = me
        .as_ref()
        .map(|m| {
            format!(
                "{} ({})",
                m.officer.display_name,
                util::unit_name(&m.officer.unit.code, &m.officer.unit.name)
            )
        })
        .unwrap_or_default();
    let link = format!("{}/lacak/{}", util::origin(), r.tracking_code);
    let slip = format!(
        r#"<p class="slip-head">{head}</p><p>{keep}</p><p class="code huge" id="receipt-code">{code}</p>{token}<dl class="facts">{when}{how}{who}</dl>{facts}<p class="slip-link">{follow} <strong>{link}</strong></p><p class="slip-sms">{sms}</p>"#,
        head = t(
            "Tanda terima laporan · Lapor Natuna · Pemerintah Kabupaten Natuna",
            "Report receipt · Lapor Natuna · Natuna Regency Government"
        ),
        keep = t(
            "Kode pelacakan untuk memantau laporan:",
            "Tracking code to follow the report:"
        ),
        code = html::esc(&r.display_code),
        token = token_html(&r),
        when = html::fact(t("Dicatat", "Recorded"), &util::date_time(util::now_secs(), l)),
        how = html::fact(t("Diterima melalui", "Received by"), channel().label(l)),
        who = html::fact(t("Dicatat oleh", "Recorded by"), &recorder),
        facts = facts_html(&r, l),
        follow = t("Pantau di", "Follow it at"),
        link = html::esc(&link),
        sms = match l {
            Lang::Id => "Bila nomor HP pelapor diisi, kedua kode juga dikirim ke nomor itu lewat WhatsApp atau SMS selama layanan tersebut diaktifkan Diskominfo.",
            Lang::En => "If the reporter's phone number was given, both codes are also sent to it by WhatsApp or SMS while Diskominfo has that service switched on.",
        },
    );
    // A6 (written in mm: Chromium does not know the A6 keyword) while the receipt is on
    // screen, for the browser's print; gone with the receipt.
    if let Ok(style) = util::document().create_element("style") {
        style.set_id(PAGE_STYLE);
        style.set_text_content(Some("@page { size: 105mm 148mm; margin: 6mm; }"));
        if let Some(head) = util::document().head() {
            let _ = head.append_child(&style);
        }
    }
    on_cleanup(|| {
        if let Some(el) = util::document().get_element_by_id(PAGE_STYLE) {
            el.remove();
        }
    });
    let print = move |_| {
        let _ = util::window().print();
    };
    let next = move |_| {
        app.receipt.set(None);
        router::navigate(&format!("{BASE}?langkah=1"));
    };
    view! {
        <section class="receipt desk-receipt">
            <h1 id="receipt-title" tabindex="-1">{t("Laporan tercatat", "Complaint recorded")}</h1>
            <div class="slip" id="slip" inner_html=slip></div>
            <div class="actions no-print">
                <button type="button" class="primary" id="print-receipt" on:click=print>{t("Cetak tanda terima", "Print the receipt")}</button>
                <button type="button" class="secondary" on:click=next>{t("Catat laporan lain", "Record another complaint")}</button>
            </div>
        </section>
    }
}
