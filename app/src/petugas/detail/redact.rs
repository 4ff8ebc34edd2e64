//! Redaction (`domain::redaction`) for the coordinator and the OPD liaison: pick a part of the
//! report; for words, take them from the text (select and "Ambil") or type them, one per line;
//! for a photo, draw the areas to black out on it with the mouse or a finger. The server applies
//! it (the photo's pixels too) and the page reloads with the redacted version; the coordinator
//! also reads each original here, and may put a redacted part back as written.

use super::super::net::{self, failure_text};
use crate::i18n::{lang, t};
use crate::util;
use domain::redaction::{self, Part, Region, SCALE};
use domain::wire::{OfficerReport, RedactRequest, RedactableView};
use leptos::html;
use leptos::prelude::*;

/// Where the pointer is over the photo, in `SCALE`ths of its width and height.
fn at(ev: &leptos::ev::PointerEvent, frame: &web_sys::Element) -> (u16, u16) {
    let r = frame.get_bounding_client_rect();
    let f = |v: f64, start: f64, len: f64| {
        (((v - start) / len.max(1.0)).clamp(0.0, 1.0) * f64::from(SCALE)).round() as u16
    };
    (
        f(f64::from(ev.client_x()), r.left(), r.width()),
        f(f64::from(ev.client_y()), r.top(), r.height()),
    )
}

fn region(a: (u16, u16), b: (u16, u16)) -> Region {
    Region {
        x: a.0.min(b.0),
        y: a.1.min(b.1),
        w: a.0.abs_diff(b.0),
        h: a.1.abs_diff(b.1),
    }
}

fn box_style(r: &Region) -> String {
    let pct = |v: u16| f64::from(v) * 100.0 / f64::from(SCALE);
    format!(
        "left:{}%;top:{}%;width:{}%;height:{}%",
        pct(r.x),
        pct(r.y),
        pct(r.w),
        pct(r.h)
    )
}

#[component]
pub fn Redact(
    parts: Vec<RedactableView>,
    code: String,
    reload: RwSignal<u32>,
    /// The part picked, kept by the page so that it stays picked when the report reloads.
    chosen: RwSignal<usize>,
) -> impl IntoView {
    let parts = StoredValue::new(parts);
    let code = StoredValue::new(code);
    let fragments = RwSignal::new(String::new());
    let regions = RwSignal::new(Vec::<Region>::new());
    let drawing = RwSignal::new(None::<((u16, u16), (u16, u16))>);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let text_ref = NodeRef::<html::Textarea>::new();
    let frame_ref = NodeRef::<html::Div>::new();
    let current = move || parts.with_value(|p| p.get(chosen.get()).or_else(|| p.first()).cloned());
    let choose = move |ev: leptos::ev::Event| {
        chosen.set(event_target_value(&ev).parse().unwrap_or(0));
        fragments.set(String::new());
        regions.set(Vec::new());
        error.set(None);
    };
    // The words selected in the text, added as one more line.
    let take = move |_| {
        let Some(el) = text_ref.get() else { return };
        let (Ok(Some(a)), Ok(Some(b))) = (el.selection_start(), el.selection_end()) else {
            return;
        };
        let value = el.value();
        let units: Vec<u16> = value.encode_utf16().collect();
        let picked = String::from_utf16_lossy(
            &units[(a as usize).min(units.len())..(b as usize).min(units.len())],
        );
        let picked = picked.trim();
        if !picked.is_empty() {
            fragments.update(|f| {
                if !f.is_empty() && !f.ends_with('\n') {
                    f.push('\n');
                }
                f.push_str(picked);
            });
        }
    };
    let down = move |ev: leptos::ev::PointerEvent| {
        let Some(frame) = frame_ref.get() else { return };
        ev.prevent_default();
        let _ = frame.set_pointer_capture(ev.pointer_id());
        let p = at(&ev, &frame);
        drawing.set(Some((p, p)));
    };
    let moved = move |ev: leptos::ev::PointerEvent| {
        let (Some(frame), Some((start, _))) = (frame_ref.get(), drawing.get_untracked()) else {
            return;
        };
        drawing.set(Some((start, at(&ev, &frame))));
    };
    let up = move |ev: leptos::ev::PointerEvent| {
        let (Some(frame), Some((start, _))) = (frame_ref.get(), drawing.get_untracked()) else {
            return;
        };
        drawing.set(None);
        let r = region(start, at(&ev, &frame));
        // A click is not an area.
        if r.w > SCALE / 200 && r.h > SCALE / 200 {
            regions.update(|v| v.push(r));
        }
    };
    // Redacts what is marked, or (`restore`, the coordinator) puts the part back as written.
    let send = move |restore: bool| {
        let Some(p) = current() else { return };
        let body = RedactRequest {
            part: p.part,
            id: p.id,
            fragments: fragments
                .get_untracked()
                .lines()
                .map(str::to_string)
                .collect(),
            regions: regions.get_untracked(),
            reason: reason.get_untracked(),
            restore,
        };
        if let Err(e) = redaction::Redaction::parse(&body) {
            return error.set(Some(
                e.iter()
                    .map(|e| e.message(lang()).to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ));
        }
        let url = format!(
            "/api/v1/petugas/reports/{}/redactions",
            util::encode(&code.get_value())
        );
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = net::send::<_, OfficerReport>("POST", &url, &body).await;
            busy.set(false);
            match r {
                Ok(_) => {
                    error.set(None);
                    reason.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(false);
    };
    let options = parts.with_value(|p| {
        p.iter()
            .enumerate()
            .map(|(i, p)| {
                let mark = if p.redacted {
                    t(" (sudah disunting)", " (redacted)")
                } else {
                    ""
                };
                view! { <option value=i.to_string() selected=chosen.get_untracked() == i>{format!("{}{mark}", p.label)}</option> }
            })
            .collect_view()
    });
    view! {
        <section class="page redact" aria-labelledby="h-redact">
            <h2 id="h-redact">{t("Sunting data pribadi (redaksi)", "Redact personal data")}</h2>
            <p class="muted">{t(
                "Bagian yang disunting tampil sebagai “[disunting]” bagi publik dan unit penanganan; area foto dihitamkan. Aslinya tetap tersimpan dan hanya dapat dibaca koordinator. Setiap penyuntingan tercatat di riwayat (siapa dan alasannya).",
                "Redacted words read “[disunting]” for the public and the handling unit; photo areas become black. The original is kept and only the coordinator can read it. Every redaction is logged in the history (who and why).",
            )}</p>
            <form on:submit=submit>
                <label for="f-redact-part">{t("Bagian laporan", "Part of the report")}</label>
                <select id="f-redact-part" on:change=choose>{options}</select>
                {move || current().map(|p| if p.part == Part::Photo {
                    view! {
                        <p class="muted">{t("Tarik di atas foto untuk menandai area yang dihitamkan (wajah, pelat nomor, alamat).", "Drag over the photo to mark the areas to black out (a face, a number plate, an address).")}</p>
                        <div class="redact-photo" id="redact-photo" node_ref=frame_ref on:pointerdown=down on:pointermove=moved on:pointerup=up>
                            <img src=p.url.clone().unwrap_or_default() alt=p.label.clone() draggable="false"/>
                            {move || regions.get().iter().map(|r| view! { <div class="redact-box" style=box_style(r)></div> }).collect_view()}
                            {move || drawing.get().map(|(a, b)| view! { <div class="redact-box drawing" style=box_style(&region(a, b))></div> })}
                        </div>
                        <p>
                            {move || format!("{} {}", regions.get().len(), t("area ditandai", "areas marked"))}
                            " "
                            <button type="button" on:click=move |_| regions.update(|v| { v.pop(); })>{t("Hapus area terakhir", "Remove the last area")}</button>
                        </p>
                        {p.original_url.clone().map(|u| view! { <p><a href=u target="_blank" rel="noopener">{t("Foto asli (hanya koordinator)", "The original photo (coordinator only)")}</a></p> })}
                    }.into_any()
                } else {
                    view! {
                        <label for="f-redact-text">{t("Teks yang tampil sekarang (pilih kata lalu tekan “Ambil”)", "The text as shown now (select words, then press “Take”)")}</label>
                        <textarea id="f-redact-text" rows="4" readonly node_ref=text_ref prop:value=p.text.clone().unwrap_or_default()></textarea>
                        <button type="button" id="redact-take" on:click=take>{t("Ambil teks yang dipilih", "Take the selected text")}</button>
                        {p.original.clone().map(|o| view! { <details class="original"><summary>{t("Teks asli (hanya koordinator)", "The original text (coordinator only)")}</summary><p class="body">{o}</p></details> })}
                        <label for="f-redact-fragments">{t("Bagian yang disunting, persis seperti tertulis (satu per baris)", "The parts to redact, exactly as written (one per line)")}</label>
                        <textarea id="f-redact-fragments" rows="3" prop:value=move || fragments.get() on:input=move |ev| fragments.set(event_target_value(&ev))></textarea>
                    }.into_any()
                })}
                <label for="f-redact-reason">{t("Alasan (tercatat di riwayat)", "Reason (logged in the history)")}</label>
                <textarea id="f-redact-reason" rows="2" maxlength=redaction::REASON_MAX prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" id="redact-submit" class="primary" prop:disabled=move || busy.get()>
                    {move || if current().is_some_and(|p| p.part == Part::Photo) { t("Hitamkan area", "Black out the areas") } else { t("Sunting", "Redact") }}
                </button>
                " "
                {move || current().filter(|p| p.original.is_some() || p.original_url.is_some()).map(|_| view! {
                    <button type="button" id="redact-restore" prop:disabled=move || busy.get() on:click=move |_| send(true)>{t("Pulihkan seperti aslinya", "Put back as written")}</button>
                })}
            </form>
        </section>
    }
}
