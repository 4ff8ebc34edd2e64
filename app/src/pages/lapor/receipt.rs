//! The receipt (`domain::wire::Receipt`): the tracking code to follow the report, the kode
//! pelapor to answer for it (and, for a confidential report, to open it), who handles it and
//! why, and the two dates the service promises. The phone keeps a copy (`storage::KeptReceipt`),
//! from which the status page fills in the kode pelapor.

use super::flow;
use crate::i18n::{lang, t};
use crate::storage::KeptReceipt;
use crate::{html, util};
use domain::catalog::{self, UnitKind};
use domain::wire::Receipt;
use domain::{Lang, Privacy};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

async fn copy_text(text: &str) -> bool {
    let nav = util::window().navigator();
    let clip = js_sys::Reflect::get(&nav, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    if clip.is_object() {
        if let Ok(write) = js_sys::Reflect::get(&clip, &"writeText".into())
            .and_then(|w| w.dyn_into::<js_sys::Function>())
        {
            if let Ok(p) = write
                .call1(&clip, &text.into())
                .and_then(|p| p.dyn_into::<js_sys::Promise>())
            {
                if wasm_bindgen_futures::JsFuture::from(p).await.is_ok() {
                    return true;
                }
            }
        }
    }
    // Older browsers and iframes without clipboard permission.
    let doc = util::document();
    let Ok(area) = doc.create_element("textarea") else {
        return false;
    };
    let area: web_sys::HtmlTextAreaElement = area.unchecked_into();
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("class", "offscreen");
    let Some(body) = doc.body() else { return false };
    let _ = body.append_child(&area);
    area.select();
    let ok = doc
        .unchecked_ref::<web_sys::HtmlDocument>()
        .exec_command("copy")
        .unwrap_or(false);
    area.remove();
    ok
}

/// The tracking code, to copy or share.
fn code_html(r: &Receipt, l: Lang) -> String {
    let link = format!("{}/lacak/{}", util::origin(), r.tracking_code);
    let share = match l {
        Lang::Id => format!("Saya sudah melapor ke Lapor Natuna (Pemkab Natuna). Kode pelacakan: {}. Pantau di {link}", r.display_code),
        Lang::En => format!("I made a report on Lapor Natuna (Natuna Regency). Tracking code: {}. Follow it at {link}", r.display_code),
    };
    format!(
        r#"<p>{keep}</p><p class="code huge" id="receipt-code">{code}</p><div class="actions"><button type="button" data-copy="code">{copy}</button><a class="button whatsapp" href="https://wa.me/?text={wa}" target="_blank" rel="noopener">{share_label}</a></div>"#,
        keep = t(
            "Simpan kode pelacakan ini untuk memantau laporan Anda:",
            "Keep this tracking code to follow your report:"
        ),
        code = html::esc(&r.display_code),
        copy = t("Salin kode pelacakan", "Copy tracking code"),
        wa = html::esc(&util::encode(&share)),
        share_label = t("Bagikan via WhatsApp", "Share via WhatsApp"),
    )
}

/// The kode pelapor: one box, with why to keep it; for a confidential report it is also the key.
pub(crate) fn token_html(r: &Receipt) -> String {
    let confidential = if r.privacy == Privacy::Rahasia {
        format!(
            "<p>{}</p>",
            t(
                "Laporan Anda rahasia: kode pelapor ini juga satu-satunya kunci untuk membuka laporan. Tanpa kode ini, laporan hanya dapat dilihat petugas.",
                "Your report is confidential: this reporter code is also the only key that opens it. Without it, only officers can see the report.",
            )
        )
    } else {
        String::new()
    };
    format!(
        r#"<div class="secret-box" role="note" aria-labelledby="token-title"><h2 id="token-title">{title}</h2><p class="code big" id="receipt-token">{token}</p><p><strong>{keep}</strong> {why}</p>{confidential}<button type="button" data-copy="token">{copy}</button></div>"#,
        title = t("Kode pelapor Anda", "Your reporter code"),
        token = html::esc(&r.reporter_token),
        keep = t(
            "Catat dan simpan kode pelapor ini; petugas tidak dapat menampilkannya lagi.",
            "Write this reporter code down and keep it; officers cannot show it again.",
        ),
        why = t(
            "Hanya Anda yang memilikinya: kode ini diperlukan untuk menerima jawaban petugas, membuka kembali laporan bila masalahnya belum selesai, dan memberi penilaian.",
            "Only you have it: you need it to accept the officers' answer, to reopen the report if the problem is not solved, and to rate the answer.",
        ),
        copy = t("Salin kode pelapor", "Copy reporter code"),
    )
}

/// Who handles it, why, and by when: each date labelled for what it promises.
pub(crate) fn facts_html(r: &Receipt, l: Lang) -> String {
    let unit_name =
        catalog::unit(&r.unit.code).map_or_else(|| r.unit.name.clone(), |u| u.display_name(l));
    let handled = if r.unit.kind == UnitKind::External {
        t("Diteruskan kepada", "Referred to")
    } else {
        t("Ditangani oleh", "Handled by")
    };
    // Where to go instead (external), and whether it waits for review before it is public: the
    // server's own words.
    let guidance: String = [r.guidance.as_deref(), r.held.as_deref()]
        .into_iter()
        .flatten()
        .map(|g| {
            format!(
                r#"<div class="route external"><p>{}</p></div>"#,
                html::esc(g)
            )
        })
        .collect();
    format!(
        r#"<dl class="facts">{}{}{}{}{}{}</dl>{guidance}"#,
        html::fact(t("Status", "Status"), r.status.label(l)),
        html::fact(t("Privasi", "Privacy"), r.privacy.label(l)),
        html::fact(handled, &unit_name),
        html::fact(t("Alasan", "Why"), &r.reason),
        html::fact(
            t("Diverifikasi paling lambat", "Verified by"),
            &r.verify_by.long(l)
        ),
        html::fact(
            t("Ditanggapi unit paling lambat", "The unit answers by"),
            &r.answer_by.long(l)
        ),
    )
}

fn receipt_html(r: &Receipt, embed: bool) -> String {
    let l = lang();
    let blank = if embed {
        r#" target="_blank" rel="noopener""#
    } else {
        ""
    };
    format!(
        r#"{}{}{}<p><a class="button" href="/lacak/{}"{blank}>{}</a></p>"#,
        code_html(r, l),
        token_html(r),
        facts_html(r, l),
        html::esc(&r.tracking_code),
        t("Lihat status laporan", "See the report's status"),
    )
}

#[component]
pub(super) fn ReceiptView(kept: KeptReceipt) -> impl IntoView {
    let f = flow();
    let app = f.app;
    let copied = RwSignal::new(None::<&'static str>);
    if !kept.seen {
        app.receipt.update(|x| {
            if let Some(x) = x {
                x.seen = true;
            }
        });
    }
    let r = kept.receipt;
    let body = receipt_html(&r, f.embed);
    let (code, token) = (r.display_code, r.reporter_token);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(what) = html::target_data(&ev, "copy") else {
            return;
        };
        let (label, text) = if what == "token" {
            ("token", token.clone())
        } else {
            ("code", code.clone())
        };
        leptos::task::spawn_local(async move {
            let ok = copy_text(&text).await;
            copied.set(Some(if ok { label } else { "fail" }));
        });
    };
    // The receipt stays on the phone (for the status page); the flow starts again.
    let new_report = move |_| {
        app.receipt.update(|x| {
            if let Some(x) = x {
                x.closed = true;
            }
        });
        f.touched.set(Vec::new());
        f.show_all.set(false);
        f.go_to(1);
    };
    view! {
        <section class="receipt">
            <h1 id="receipt-title" tabindex="-1">{t("Laporan terkirim", "Report sent")}</h1>
            <div inner_html=body on:click=on_click></div>
            <p class="hint" role="status">{move || match copied.get() {
                Some("code") => Some(t("Kode pelacakan disalin.", "Tracking code copied.")),
                Some("token") => Some(t("Kode pelapor disalin.", "Reporter code copied.")),
                Some(_) => Some(t("Tidak dapat menyalin otomatis; catat kodenya secara manual.", "Could not copy automatically; please write the code down.")),
                None => None,
            }}</p>
            <p><button type="button" class="secondary" on:click=new_report>{t("Buat laporan baru", "Make a new report")}</button></p>
        </section>
    }
}
