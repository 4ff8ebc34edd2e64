//! The reporter's side of an answer, on the status page (`/lacak/…`): accept it (with an
//! optional 1–5 rating and comment) or say it is not resolved, while the report is answered;
//! add information while it is not closed. The reporter proves who they are with the
//! "Kode pelapor" (`reporter_token`) from the receipt; for a confidential report it is the secret.

use crate::api::Failure;
use crate::i18n::t;
use crate::json::Obj;
use crate::{api, storage, util};
use leptos::prelude::*;
use std::time::Duration;

const CLOSED: [&str; 4] = ["selesai", "ditolak", "bukan_wewenang", "digabung"];

async fn send(code: &str, what: &str, body: Obj) -> Result<(), Failure> {
    let url = format!("/api/v1/reports/{}/{what}", util::encode(code));
    let (status, text) = api::request(
        "POST",
        &url,
        api::Body::Json(body.text()),
        &[],
        Duration::from_secs(30),
    )
    .await?;
    api::decode(status, &text).map(|_| ())
}

/// The forms, or nothing when the report is closed.
#[component]
pub fn Respond(code: String, status: String) -> impl IntoView {
    if CLOSED.contains(&status.as_str()) || code.is_empty() {
        return ().into_any();
    }
    let answered = status == "ditindaklanjuti";
    // The receipt saved on this phone may carry the reporter code; a confidential report's
    // secret (kept for the session) is also its reporter code.
    let saved = storage::load(storage::RECEIPT)
        .filter(|j| j.str("tracking_code") == code)
        .and_then(|j| j.opt("reporter_token"));
    let token = RwSignal::new(
        saved
            .or_else(|| storage::session_secret(&code))
            .unwrap_or_default(),
    );
    let rating = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let info = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let code = StoredValue::new(code);
    let go = move |what: &'static str, body: Obj| {
        error.set(None);
        let body = body.str("token", token.get_untracked().trim());
        leptos::task::spawn_local(async move {
            match send(&code.get_value(), what, body).await {
                Ok(()) => {
                    done.set(Some(
                        match what {
                            "accept" => t(
                                "Terima kasih. Laporan Anda dinyatakan selesai.",
                                "Thank you. Your report is now finished.",
                            ),
                            "reopen" => t(
                                "Laporan dibuka kembali dan dikembalikan ke unit.",
                                "The report is reopened and back with the unit.",
                            ),
                            _ => t(
                                "Informasi tambahan sudah dikirim.",
                                "The additional information was sent.",
                            ),
                        }
                        .to_string(),
                    ));
                    // The status, history and deadline all change: show the page again.
                    let _ = util::window().location().reload();
                }
                Err(f) => {
                    error.set(Some(f.message()));
                    util::focus_later("respond-error".into());
                }
            }
        });
    };
    let accept = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = rating.get_untracked().parse::<f64>().ok();
        let c = comment.get_untracked();
        let mut b = Obj::new().opt_num("rating", r);
        if !c.trim().is_empty() {
            b = b.str("comment", c.trim());
        }
        go("accept", b)
    };
    let reopen = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go("reopen", Obj::new().str("reason", &reason.get_untracked()))
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go("info", Obj::new().str("text", &info.get_untracked()))
    };
    view! {
        <section class="page respond">
            <h2>{if answered { t("Tanggapi jawaban", "Respond to the answer") } else { t("Tambah informasi", "Add information") }}</h2>
            <div class="field">
                <label for="f-reporter-token">{t("Kode pelapor", "Reporter code")}</label>
                <input id="f-reporter-token" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="h-reporter-token"
                    prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev))/>
                <p class="hint" id="h-reporter-token">{t("Kode pelapor ada di tanda terima laporan Anda; hanya pelapor yang memilikinya.", "The reporter code is on your report's receipt; only the reporter has it.")}</p>
            </div>
            <p class="field-error" id="respond-error" role="alert" tabindex="-1">{move || error.get()}</p>
            <p class="banner ok" role="status" hidden=move || done.with(|d| d.is_none())>{move || done.get()}</p>
            {answered.then(|| view! {
                <form class="accept" on:submit=accept>
                    <fieldset class="rating">
                        <legend>{t("Beri nilai jawaban (tidak wajib)", "Rate the answer (optional)")}</legend>
                        <div class="stars">
                            {(1..=5).map(|n| {
                                let id = format!("f-rating-{n}");
                                let for_id = id.clone();
                                view! {
                                    <label for=for_id class="star">
                                        <input type="radio" name="rating" id=id value=n.to_string() on:change=move |_| rating.set(n.to_string())/>
                                        <span>{n.to_string()}</span>
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <div class="field">
                        <label for="f-rating-comment">{t("Komentar (tidak wajib)", "Comment (optional)")}</label>
                        <textarea id="f-rating-comment" rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="submit" class="primary" id="accept-answer">{t("Masalah selesai, terima jawaban", "Resolved: accept the answer")}</button>
                </form>
                <form class="reopen" on:submit=reopen>
                    <div class="field">
                        <label for="f-reopen-reason">{t("Belum selesai? Jelaskan alasannya", "Not resolved? Say why")}</label>
                        <textarea id="f-reopen-reason" rows="3" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="submit">{t("Buka kembali laporan", "Reopen the report")}</button>
                </form>
            })}
            <form class="add-info" on:submit=add>
                <div class="field">
                    <label for="f-add-info">{t("Informasi tambahan untuk petugas", "More information for the officers")}</label>
                    <textarea id="f-add-info" rows="3" prop:value=move || info.get() on:input=move |ev| info.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit">{t("Kirim informasi", "Send the information")}</button>
            </form>
        </section>
    }
    .into_any()
}
