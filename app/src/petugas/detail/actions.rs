//! The moves an officer may make on a report now: one small form per `ActionKind` the server
//! listed in `available_actions` (`lifecycle::available_actions`), titled with
//! `ActionKind::label`, each inside a `<details>` so the panel stays short on a phone. A move
//! is sent as an `ActionRequest`; an answer with attachments goes as multipart; the server
//! answers with the report as it is now.

use super::super::net::{self, failure_text, Loaded};
use super::super::{external_units, internal_units, unit_options};
use crate::i18n::{lang, t};
use crate::{html, util};
use domain::catalog;
use domain::feedback;
use domain::lifecycle::ActionKind;
use domain::report::MAX_ATTACHMENTS;
use domain::wire::{ActionRequest, OfficerReport, SessionView};
use domain::{Lang, Privacy};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub(super) fn Actions(
    r: OfficerReport,
    me: SessionView,
    data: Loaded<OfficerReport>,
) -> impl IntoView {
    if r.available_actions.is_empty() {
        return ().into_any();
    }
    let report = StoredValue::new(r);
    let me = StoredValue::new(me);
    view! {
        <section class="page actions-panel">
            <h2>{t("Tindakan", "Actions")}</h2>
            {report.with_value(|r| r.available_actions.clone()).into_iter().map(|kind| view! {
                <ActionForm kind=kind report=report me=me data=data/>
            }).collect_view()}
        </section>
    }
    .into_any()
}

/// The wire name of the text a move carries (`ActionRequest`'s field), if it carries one.
fn text_field(kind: ActionKind) -> Option<&'static str> {
    match kind {
        ActionKind::Answer => Some("text"),
        ActionKind::NotAuthority => Some("note"),
        ActionKind::Merge => Some("into"),
        ActionKind::Reroute | ActionKind::Return | ActionKind::Reject => Some("reason"),
        _ => None,
    }
}

fn text_label(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Answer => t(
            "Jawaban untuk pelapor (tampil di halaman status)",
            "Answer for the reporter (shown on the status page)",
        ),
        ActionKind::NotAuthority => t(
            "Ke mana warga harus melapor (catatan)",
            "Where the citizen should go (note)",
        ),
        ActionKind::Merge => t(
            "Kode pelacakan laporan yang lebih awal",
            "Tracking code of the earlier report",
        ),
        _ => t("Alasan (wajib)", "Reason (required)"),
    }
}

/// The units a move may send the report to, as `<option>`s (none for moves without a unit).
fn unit_choices(kind: ActionKind, r: &OfficerReport, me: &SessionView) -> Option<String> {
    let proposed = r.proposed_route.unit.code.as_str();
    let current = r.report.unit.code.as_str();
    let choose = || html::option("", t("— pilih unit —", "— choose a unit —"), true);
    match kind {
        ActionKind::Verify | ActionKind::Route => Some(unit_options(internal_units(), proposed)),
        ActionKind::Reroute if me.officer.role.is_coordinator() => {
            Some(choose() + &unit_options(internal_units().filter(|u| u.code != current), ""))
        }
        ActionKind::Reroute => {
            // An OPD's liaison passes reports within its own OPD.
            let mine = catalog::unit(&me.officer.unit.code).map(|u| u.opd());
            let within = internal_units()
                .filter(|u| u.code != current && mine.is_some_and(|m| u.is_within(m)));
            Some(choose() + &unit_options(within, ""))
        }
        ActionKind::NotAuthority => Some(choose() + &unit_options(external_units(), "")),
        _ => None,
    }
}

/// The request for a move, naming every field of `ActionRequest`.
fn request(kind: ActionKind, to: String, text: String, privacy: String) -> ActionRequest {
    let field = text_field(kind);
    let given = |name: &str| (field == Some(name)).then(|| text.clone());
    ActionRequest {
        action: kind.code().to_string(),
        to: Some(to).filter(|t| !t.is_empty()),
        reason: given("reason"),
        text: given("text"),
        note: given("note"),
        into: given("into").map(|c| c.trim().to_string()),
        privacy: Some(privacy).filter(|p| !p.is_empty()),
    }
}

/// The answer's attachments, when this is the answer form and files were chosen.
fn chosen_files(kind: ActionKind) -> Option<web_sys::FileList> {
    (kind == ActionKind::Answer)
        .then(|| util::document().get_element_by_id("f-answer-files"))
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .filter(|f| f.length() > 0)
}

async fn send(
    url: String,
    req: ActionRequest,
    files: Option<web_sys::FileList>,
) -> Result<OfficerReport, crate::api::Failure> {
    let form = files.and_then(|f| web_sys::FormData::new().ok().map(|fd| (f, fd)));
    let Some((files, fd)) = form else {
        return net::send("POST", &url, &req).await;
    };
    let json = serde_json::to_string(&req).unwrap_or_default();
    let _ = fd.append_with_str("action", &json);
    // Photos shrunk like citizens' (an office on a weak connection uploads a few hundred KB,
    // not megabytes); a PDF as it is.
    for i in 0..files.length() {
        if let Some(file) = files.get(i) {
            let (blob, name) = crate::photos::for_upload(file).await;
            let _ = fd.append_with_blob_and_filename("file", &blob, &name);
        }
    }
    net::post_form(&url, fd).await
}

#[component]
fn ActionForm(
    kind: ActionKind,
    report: StoredValue<OfficerReport>,
    me: StoredValue<SessionView>,
    data: Loaded<OfficerReport>,
) -> impl IntoView {
    let a = kind.code();
    let units = report.with_value(|r| me.with_value(|m| unit_choices(kind, r, m)));
    let proposed = report.with_value(|r| r.proposed_route.unit.code.clone());
    let to = RwSignal::new(
        if units.is_some() && matches!(kind, ActionKind::Verify | ActionKind::Route) {
            proposed
        } else {
            String::new()
        },
    );
    let text = RwSignal::new(String::new());
    let privacy = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let code = report.with_value(|r| r.report.tracking_code.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let txt = text.get_untracked();
        if let Some(Err(e)) = text_field(kind).map(|f| feedback::move_text(f, &txt)) {
            return error.set(Some(e.message(lang()).to_string()));
        }
        let req = request(kind, to.get_untracked(), txt, privacy.get_untracked());
        busy.set(true);
        error.set(None);
        let url = format!("/api/v1/petugas/reports/{}/actions", util::encode(&code));
        let files = chosen_files(kind);
        leptos::task::spawn_local(async move {
            let r = send(url, req, files).await;
            busy.set(false);
            match r {
                Ok(now) => {
                    data.set(Some(Ok(now)));
                    util::focus_later("main".into());
                }
                Err(f) => {
                    error.set(Some(failure_text(&f)));
                    util::focus_later(format!("err-{a}"));
                }
            }
        });
    };
    let current_privacy = report.with_value(|r| r.report.privacy);
    view! {
        <details class=format!("action action-{a}") open=matches!(kind, ActionKind::Verify | ActionKind::Answer)>
            <summary>{kind.label(lang())}</summary>
            <form on:submit=submit novalidate>
                {units.map(|options| view! { <UnitField kind=kind options=options to=to/> })}
                {(kind == ActionKind::Verify).then(|| view! { <PrivacyField current=current_privacy privacy=privacy/> })}
                {text_field(kind).is_some().then(|| view! { <TextField kind=kind text=text/> })}
                {(kind == ActionKind::Answer).then(|| view! { <FilesField/> })}
                <p class="field-error" id=format!("err-{a}") role="alert" tabindex="-1">{move || error.get()}</p>
                <button type="submit" class=if kind == ActionKind::Reject { "danger" } else { "primary" } disabled=move || busy.get()>{kind.label(lang())}</button>
            </form>
        </details>
    }
}

#[component]
fn UnitField(kind: ActionKind, options: String, to: RwSignal<String>) -> impl IntoView {
    let id = format!("f-{}-to", kind.code());
    let label = if kind == ActionKind::NotAuthority {
        t("Instansi yang berwenang", "The competent body")
    } else {
        t("Unit tujuan", "Target unit")
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name="to" inner_html=options on:change=move |ev| to.set(event_target_value(&ev))></select>
        </div>
    }
}

/// Privacy can only be tightened while verifying: the stricter choices than the report's own.
#[component]
fn PrivacyField(current: Privacy, privacy: RwSignal<String>) -> impl IntoView {
    let l = lang();
    let options: String = Privacy::ALL
        .into_iter()
        .filter(|p| current.tighten(*p) != current)
        .map(|p| html::option(p.code(), p.label(l), false))
        .collect();
    view! {
        <div class="field">
            <label for="f-verify-privacy">{t("Privasi (hanya dapat diperketat)", "Privacy (can only be tightened)")}</label>
            <select id="f-verify-privacy" on:change=move |ev| privacy.set(event_target_value(&ev))
                inner_html=html::option("", t("Tidak diubah", "Unchanged"), true) + &options></select>
        </div>
    }
}

#[component]
fn TextField(kind: ActionKind, text: RwSignal<String>) -> impl IntoView {
    let id = format!("f-{}-text", kind.code());
    let input = if kind == ActionKind::Merge {
        view! { <input id=id.clone() type="text" autocapitalize="characters" placeholder="7K4-M2Q-XPA" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/> }.into_any()
    } else {
        view! { <textarea id=id.clone() rows="4" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea> }.into_any()
    };
    view! {
        <div class="field">
            <label for=id>{text_label(kind)}</label>
            {input}
        </div>
    }
}

#[component]
fn FilesField() -> impl IntoView {
    let label = match lang() {
        Lang::Id => format!(
            "Lampiran: foto atau dokumen PDF (tidak wajib, paling banyak {MAX_ATTACHMENTS})"
        ),
        Lang::En => {
            format!("Attachments: photos or a PDF document (optional, at most {MAX_ATTACHMENTS})")
        }
    };
    view! {
        <div class="field">
            <label for="f-answer-files">{label}</label>
            <input id="f-answer-files" type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf"/>
        </div>
    }
}
