//! The reporter's side of an answer, on the status page (`/lacak/…`): accept it (with an
//! optional rating and comment) or reopen it while the rules allow (`lifecycle::moves::allowed`
//! for the reporter), and add information while the report is open. The reporter proves who
//! they are with the kode pelapor (`reporter_token`) from the receipt, which this phone fills in
//! from its kept receipt; for a confidential report it is the code that opened it.

use crate::api::{self, Failure};
use crate::i18n::{lang, t};
use crate::wire_read::Write;
use crate::{storage, util};
use domain::deadline::AUTO_FINISH_WORKING_DAYS;
use domain::feedback::{self, COMMENT_MAX, INFO_MIN, RATING_MAX, RATING_MIN};
use domain::followup::{self, Reply};
use domain::lifecycle::moves::allowed;
use domain::lifecycle::{ActionKind, Role, Status, TransitionError};
use domain::tracking::normalize_secret;
use domain::wire::{
    AcceptRequest, Done, FollowUpRequest, InfoRequest, ReopenRequest, ReporterAnswer,
};
use domain::Lang;
use leptos::prelude::*;

/// What the forms share: the report, the kode pelapor, and where outcomes are shown.
#[derive(Clone, Copy)]
struct Ctx {
    code: StoredValue<String>,
    token: RwSignal<String>,
    error: RwSignal<Option<String>>,
    notice: RwSignal<Option<String>>,
    retry: RwSignal<u32>,
}

impl Ctx {
    fn url(&self, what: &str) -> String {
        format!(
            "/api/v1/reports/{}/{what}",
            util::encode(&self.code.get_value())
        )
    }

    fn token(&self) -> String {
        self.token.get_untracked().trim().to_string()
    }

    fn fail(&self, message: String) {
        self.error.set(Some(message));
        util::focus_later("respond-error".into());
    }

    /// After a change: say what happened and show the report again (status, history, deadline).
    fn done(&self, r: Result<(), Failure>, message: &'static str) {
        match r {
            Ok(()) => {
                self.error.set(None);
                self.notice.set(Some(message.to_string()));
                self.retry.update(|n| *n += 1);
            }
            Err(f) => self.fail(f.field_message()),
        }
    }
}

/// The forms, or nothing when the report is closed.
#[component]
pub fn Respond(
    code: String,
    status: Status,
    /// The follow-up question waits for the reporter's reply.
    followup_open: bool,
    /// The code that opened a confidential report (its kode pelapor).
    secret: Option<String>,
    retry: RwSignal<u32>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    if (status.is_terminal() && !followup_open) || code.is_empty() {
        return ().into_any();
    }
    let answered = allowed(ActionKind::Accept, Role::Pelapor, status).is_ok();
    let token = storage::reporter_token(&code)
        .or(secret.map(|s| normalize_secret(&s)))
        .or_else(|| storage::session_secret(&code))
        .unwrap_or_default();
    let c = Ctx {
        code: StoredValue::new(code),
        token: RwSignal::new(token),
        error: RwSignal::new(None),
        notice,
        retry,
    };
    view! {
        <section class="page respond">
            <h2>{if followup_open { followup::question(lang()) } else if answered { t("Tanggapi jawaban", "Respond to the answer") } else { t("Tambah informasi", "Add information") }}</h2>
            <div class="field">
                <label for="f-reporter-token">{t("Kode pelapor", "Reporter code")}</label>
                <input id="f-reporter-token" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="h-reporter-token"
                    prop:value=move || c.token.get() on:input=move |ev| c.token.set(event_target_value(&ev))/>
                <p class="hint" id="h-reporter-token">{t("Kode pelapor ada di tanda terima laporan Anda; hanya pelapor yang memilikinya.", "The reporter code is on your report's receipt; only the reporter has it.")}</p>
            </div>
            <p class="field-error" id="respond-error" role="alert" tabindex="-1">{move || c.error.get()}</p>
            {followup_open.then(|| view! { <FollowUp c=c/> })}
            {(answered && !followup_open).then(|| view! { <Accept c=c/> <Reopen c=c/> })}
            {(!status.is_terminal()).then(|| view! { <AddInfo c=c/> })}
        </section>
    }
    .into_any()
}

fn window_hint() -> String {
    let n = AUTO_FINISH_WORKING_DAYS;
    match lang() {
        Lang::Id => format!("Bila Anda tidak menanggapi dalam {n} hari kerja setelah jawaban, laporan selesai otomatis."),
        Lang::En => format!("If you do not respond within {n} working days of the answer, the report finishes by itself."),
    }
}

fn comment_label() -> String {
    let max = feedback::chars(COMMENT_MAX, lang());
    match lang() {
        Lang::Id => format!("Komentar (tidak wajib, paling banyak {max})"),
        Lang::En => format!("Comment (optional, at most {max})"),
    }
}

#[component]
fn Accept(c: Ctx) -> impl IntoView {
    let rating = RwSignal::new(None::<i64>);
    let comment = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = comment.get_untracked();
        let checked = feedback::rating(rating.get_untracked(), false)
            .and_then(|_| feedback::comment(Some(&text)));
        if let Err(e) = checked {
            return c.fail(e.message(lang()).to_string());
        }
        let req = AcceptRequest {
            token: c.token(),
            rating: rating.get_untracked(),
            comment: Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        };
        leptos::task::spawn_local(async move {
            let r = api::post::<ReporterAnswer>(&c.url("accept"), req.write()).await;
            c.done(
                r.map(|_| ()),
                t(
                    "Terima kasih. Laporan Anda dinyatakan selesai.",
                    "Thank you. Your report is now finished.",
                ),
            );
        });
    };
    let legend = match lang() {
        Lang::Id => format!("Beri nilai jawaban, {RATING_MIN} sampai {RATING_MAX} (tidak wajib)"),
        Lang::En => format!("Rate the answer from {RATING_MIN} to {RATING_MAX} (optional)"),
    };
    view! {
        <p class="hint">{window_hint()}</p>
        <form class="accept" on:submit=submit>
            <fieldset class="rating">
                <legend>{legend}</legend>
                <div class="stars">
                    {(RATING_MIN..=RATING_MAX).map(|n| {
                        let id = format!("f-rating-{n}");
                        let for_id = id.clone();
                        view! {
                            <label for=for_id class="star">
                                <input type="radio" name="rating" id=id value=n.to_string() on:change=move |_| rating.set(Some(n))/>
                                <span>{n.to_string()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="field">
                <label for="f-rating-comment">{comment_label()}</label>
                <textarea id="f-rating-comment" rows="3" maxlength=COMMENT_MAX.to_string() prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="primary" id="accept-answer">{t("Masalah selesai, terima jawaban", "Resolved: accept the answer")}</button>
        </form>
    }
}

/// The follow-up after a finished report: is the problem really solved? One tap each way.
#[component]
fn FollowUp(c: Ctx) -> impl IntoView {
    let send = move |reply: Reply| {
        let req = FollowUpRequest {
            token: c.token(),
            reply: reply.code().to_string(),
        };
        leptos::task::spawn_local(async move {
            let r = api::post::<ReporterAnswer>(&c.url("followup"), req.write()).await;
            c.done(
                r.map(|_| ()),
                t(
                    "Terima kasih. Jawaban Anda tercatat dan dihitung dalam evaluasi pelayanan.",
                    "Thank you. Your reply is recorded and counted in the service evaluation.",
                ),
            );
        });
    };
    let l = lang();
    view! {
        <div class="followup">
            <button type="button" class="primary" on:click=move |_| send(Reply::Sudah)>{Reply::Sudah.label(l)}</button>
            <button type="button" on:click=move |_| send(Reply::Belum)>{Reply::Belum.label(l)}</button>
        </div>
    }
}

#[component]
fn Reopen(c: Ctx) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let reason = reason.get_untracked();
        let checked = feedback::move_text("reason", &reason);
        if let Err(e) = checked {
            return c.fail(e.message(lang()).to_string());
        }
        if reason.trim().is_empty() {
            return c.fail(TransitionError::ReasonRequired.message(lang()));
        }
        let req = ReopenRequest {
            token: c.token(),
            reason,
        };
        leptos::task::spawn_local(async move {
            let r = api::post::<ReporterAnswer>(&c.url("reopen"), req.write()).await;
            c.done(
                r.map(|_| ()),
                t(
                    "Laporan dibuka kembali dan dikembalikan ke unit.",
                    "The report is reopened and back with the unit.",
                ),
            );
        });
    };
    view! {
        <form class="reopen" on:submit=submit>
            <div class="field">
                <label for="f-reopen-reason">{t("Belum selesai? Jelaskan alasannya", "Not resolved? Say why")}</label>
                <textarea id="f-reopen-reason" rows="3" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit">{t("Buka kembali laporan", "Reopen the report")}</button>
        </form>
    }
}

#[component]
fn AddInfo(c: Ctx) -> impl IntoView {
    let info = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = match feedback::info(&info.get_untracked()) {
            Ok(text) => text,
            Err(e) => return c.fail(e.message(lang()).to_string()),
        };
        let req = InfoRequest {
            token: c.token(),
            text,
        };
        leptos::task::spawn_local(async move {
            let r = api::post::<Done>(&c.url("info"), req.write()).await;
            if r.is_ok() {
                info.set(String::new());
            }
            c.done(
                r.map(|_| ()),
                t(
                    "Informasi tambahan sudah dikirim.",
                    "The additional information was sent.",
                ),
            );
        });
    };
    let label = match lang() {
        Lang::Id => format!("Informasi tambahan untuk petugas (minimal {INFO_MIN} karakter)"),
        Lang::En => format!("More information for the officers (at least {INFO_MIN} characters)"),
    };
    view! {
        <form class="add-info" on:submit=submit>
            <div class="field">
                <label for="f-add-info">{label}</label>
                <textarea id="f-add-info" rows="3" prop:value=move || info.get() on:input=move |ev| info.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit">{t("Kirim informasi", "Send the information")}</button>
        </form>
    }
}
