//! Step 4: what happened: the title, the description (counted as the citizen types), the date,
//! and up to `MAX_ATTACHMENTS` photos, shrunk on the phone before they are kept or sent.

use super::fields::{optional_mark, FieldMsg, TextInput};
use super::flow;
use crate::i18n::{lang, t};
use crate::{html, photos, util};
use domain::report::{BODY_MAX, BODY_MIN, MAX_ATTACHMENTS};
use domain::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub(super) fn StepDetails() -> impl IntoView {
    let f = flow();
    let body = Memo::new(move |_| f.app.draft.with(|d| d.body.clone()));
    let date = Memo::new(move |_| f.app.draft.with(|d| d.incident_date.clone()));
    let today = util::today().to_string();
    let count = move || {
        let n = body.with(|b| b.trim().chars().count()) as u64;
        let l = lang();
        let max = util::fmt_num(BODY_MAX as u64, l);
        match l {
            Lang::Id if n < BODY_MIN as u64 => format!(
                "{} / {max} karakter (minimal {BODY_MIN})",
                util::fmt_num(n, l)
            ),
            Lang::En if n < BODY_MIN as u64 => format!(
                "{} / {max} characters (at least {BODY_MIN})",
                util::fmt_num(n, l)
            ),
            Lang::Id => format!("{} / {max} karakter", util::fmt_num(n, l)),
            Lang::En => format!("{} / {max} characters", util::fmt_num(n, l)),
        }
    };
    view! {
        <TextInput field="title" label=("Judul laporan", "Title")
            hint=("Singkat dan jelas, misalnya: Jalan berlubang di depan SD Negeri 1 Ranai.", "Short and clear, e.g. Pothole in front of the primary school in Ranai.")
            get=|d| &d.title set=|d, v| d.title = v/>
        <div class="field">
            <label for="f-body">{t("Isi laporan", "Description")}</label>
            <p class="hint" id="hint-body">{t("Ceritakan apa yang terjadi, sejak kapan, dan apa dampaknya.", "Say what happened, since when, and what it affects.")}</p>
            <textarea id="f-body" rows="7" aria-describedby="err-body hint-body count-body"
                aria-invalid=move || if f.error("body").is_some() { "true" } else { "false" }
                prop:value=move || body.get()
                on:input=move |ev| { let v = event_target_value(&ev); f.app.edit("body", move |d| d.body = v); }
                on:blur=move |_| f.touch("body")></textarea>
            <p class="count" id="count-body">{count}</p>
            <FieldMsg field="body"/>
        </div>
        <div class="field">
            <label for="f-incident-date">{t("Tanggal kejadian", "Date of the incident")}{optional_mark(f, "incident_date")}</label>
            <input id="f-incident-date" type="date" max=today aria-describedby="err-incident-date"
                aria-invalid=move || if f.error("incident_date").is_some() { "true" } else { "false" }
                prop:value=move || date.get()
                on:input=move |ev| { let v = event_target_value(&ev); f.app.edit("incident_date", move |d| d.incident_date = v); }
                on:blur=move |_| f.touch("incident_date")/>
            <FieldMsg field="incident_date"/>
        </div>
        <PhotoPicker/>
    }
}

/// The photos' hint: shrunk on the phone, and the server's limit per photo.
fn photo_hint() -> String {
    let mb = util::limits().photo_mb();
    match lang() {
        Lang::Id => format!("Foto diperkecil di ponsel Anda sebelum dikirim agar hemat kuota. Paling besar {mb} MB per foto."),
        Lang::En => format!("Photos are made smaller on your phone before sending, to save data. At most {mb} MB per photo."),
    }
}

#[component]
fn PhotoPicker() -> impl IntoView {
    let f = flow();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<(&'static str, &'static str)>);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        let room = MAX_ATTACHMENTS.saturating_sub(f.app.photos.with_untracked(|p| p.len()));
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        problem.set((files.len() > room).then_some((
            "Sebagian foto tidak ditambahkan karena jumlah foto sudah maksimal.",
            "Some photos were not added because the maximum number of photos was reached.",
        )));
        if files.is_empty() || room == 0 {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            // One at a time: a cheap phone has little memory for decoding camera photos.
            for file in files.into_iter().take(room) {
                match photos::shrink(file).await {
                    Ok(p) => {
                        f.app.photos.update(|ps| ps.push(p));
                        f.app.server_errors.update(|e| {
                            e.remove("attachments");
                        });
                    }
                    Err(_) => problem.set(Some(("Salah satu file tidak dapat dibuka sebagai foto. Pilih foto JPEG atau PNG.", "One file cannot be opened as a photo. Choose a JPEG or PNG photo."))),
                }
            }
            busy.set(false);
        });
    };
    let previews = move || {
        let (photo, remove) = (t("Foto", "Photo"), t("Hapus foto", "Remove photo"));
        f.app.photos.with(|ps| {
            ps.iter()
                .enumerate()
                .map(|(i, p)| {
                    format!(
                        r#"<li><img src="{}" alt="{photo} {n}"><button type="button" class="remove" data-remove="{i}" aria-label="{remove} {n}">×</button></li>"#,
                        html::esc(&p.data_url),
                        n = i + 1
                    )
                })
                .collect::<String>()
        })
    };
    let on_remove = move |ev: leptos::ev::MouseEvent| {
        let Some(i) = html::target_data(&ev, "remove").and_then(|i| i.parse::<usize>().ok()) else {
            return;
        };
        f.app.photos.update(|ps| {
            if i < ps.len() {
                ps.remove(i);
            }
        });
        util::focus_later("f-attachments".into());
    };
    view! {
        <div class="field photos-field">
            <label for="f-attachments">{match lang() {
                Lang::Id => format!("Foto (tidak wajib, paling banyak {MAX_ATTACHMENTS})"),
                Lang::En => format!("Photos (optional, at most {MAX_ATTACHMENTS})"),
            }}</label>
            <p class="hint" id="hint-attachments">{photo_hint()}</p>
            <ul class="previews" inner_html=previews on:click=on_remove></ul>
            <input id="f-attachments" type="file" accept="image/*" multiple
                aria-describedby="err-attachments hint-attachments photo-status"
                disabled=move || busy.get() || f.app.photos.with(|p| p.len() >= MAX_ATTACHMENTS)
                on:change=on_pick/>
            <p id="photo-status" class="hint" role="status">
                {move || busy.get().then(|| t("Memperkecil foto…", "Shrinking photos…"))}
                {move || problem.get().map(|(id, en)| t(id, en))}
                {move || f.app.photos_unsaved.get().then(|| t(
                    "Foto terlalu besar untuk disimpan di ponsel ini; foto tetap terkirim selama halaman ini tidak ditutup.",
                    "The photos are too big to keep on this phone; they are still sent as long as this page stays open.",
                ))}
            </p>
            <FieldMsg field="attachments"/>
        </div>
    }
}
