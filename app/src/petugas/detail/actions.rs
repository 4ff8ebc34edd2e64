//! The moves an officer may make on a report now: one small form per `ActionKind` the server
//! listed in `available_actions` (`lifecycle::available_actions`), titled with
//! `ActionKind::label`, each inside a `<details>` so the panel stays short on a phone. A move
//! is sent as an `ActionRequest`; an answer with attachments goes as multipart; the server
//! answers with the report as it is now.

use super::super::net::{self, failure_text, Loaded};
use super::super::{external_units, internal_units, unit_options};
use crate::i18n::{lang, t};
use crate::{html, util};
use domain::answer::AnswerCheck;
use domain::catalog;
use domain::feedback;
use domain::lifecycle::ActionKind;
use domain::report::MAX_ATTACHMENTS;
use domain::template::{Template, BLANK_CODE, BLANK_PLACE, BLANK_UNIT};
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
fn request(
    kind: ActionKind,
    to: String,
    text: String,
    privacy: String,
    override_reason: String,
) -> ActionRequest {
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
        override_reason: Some(override_reason).filter(|r| {
            kind == ActionKind::Answer
                && !r.trim().is_empty()
                && !AnswerCheck::of(&text).is_complete()
        }),
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
    let override_reason = RwSignal::new(String::new());
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
        let req = request(
            kind,
            to.get_untracked(),
            txt,
            privacy.get_untracked(),
            override_reason.get_untracked(),
        );
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
                {text_field(kind).is_some().then(|| {
                    let fills = report.with_value(|r| me.with_value(|m| auto_fills(r, m)));
                    let category = report.with_value(|r| r.report.category.code.clone());
                    view! { <TemplatePicker kind=kind category=category fills=fills text=text/> <TextField kind=kind text=text/> }
                })}
                {(kind == ActionKind::Answer).then(|| view! { <AnswerCheckField text=text override_reason=override_reason/> <FilesField/> })}
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

/// The normative-answer check as the officer types (`domain::answer`, the rule the server
/// enforces): what the answer states, what is missing and how to add it, and, while a part is
/// missing, the reason to send it anyway (logged, counted in monev).
#[component]
fn AnswerCheckField(text: RwSignal<String>, override_reason: RwSignal<String>) -> impl IntoView {
    let check = Memo::new(move |_| AnswerCheck::of(&text.get()));
    let l = lang();
    let (head, why) = AnswerCheck::heading(l);
    view! {
        <div class="field answer-check" aria-live="polite">
            <p class="check" title=why>{head} ": " {move || check.get().summary(l)}</p>
            {move || {
                let c = check.get();
                (!text.get().trim().is_empty() && !c.is_complete()).then(|| {
                    let hints: String = c
                        .missing()
                        .iter()
                        .map(|p| format!("<li><b>{}</b>: {}</li>", p.label(l), html::esc(p.hint(l))))
                        .collect();
                    view! {
                        <ul class="hint" inner_html=hints></ul>
                        <label for="f-answer-override">{t(
                            "Alasan tetap mengirim jawaban ini (dicatat dan dihitung di monev)",
                            "Reason to send this answer anyway (logged and counted in monev)",
                        )}</label>
                        <input id="f-answer-override" type="text" prop:value=move || override_reason.get()
                            on:input=move |ev| override_reason.set(event_target_value(&ev))/>
                    }
                })
            }}
        </div>
    }
}

/// What the report and the officer fill in a template by themselves: unit, code, place.
fn auto_fills(r: &OfficerReport, m: &SessionView) -> Vec<(&'static str, String)> {
    let mut out = vec![
        (BLANK_UNIT, m.officer.unit.name.clone()),
        (BLANK_CODE, r.report.display_code.clone()),
    ];
    if let Some(p) = &r.report.location {
        out.push((BLANK_PLACE, p.name.clone()));
    }
    out
}

/// The catalog's templates for this move (`domain::template`): pick one, fill its blanks, and it
/// becomes the text, which the officer can still edit.
#[component]
fn TemplatePicker(
    kind: ActionKind,
    category: String,
    fills: Vec<(&'static str, String)>,
    text: RwSignal<String>,
) -> impl IntoView {
    let list = Template::for_move(kind, &category);
    if list.is_empty() {
        return ().into_any();
    }
    let a = kind.code();
    let chosen = RwSignal::new(None::<&'static Template>);
    let typed = RwSignal::new(Vec::<(String, String)>::new());
    let fills = StoredValue::new(fills);
    let options: String = html::option("", t("— pilih templat —", "— choose a template —"), true)
        + &list
            .iter()
            .map(|t| html::option(t.code, t.title, false))
            .collect::<String>();
    let apply = move |_| {
        let Some(tpl) = chosen.get_untracked() else {
            return;
        };
        let typed = typed.get_untracked();
        let rendered = fills.with_value(|auto| {
            tpl.render(&|name| {
                auto.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
                    .or_else(|| {
                        typed
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, v)| v.clone())
                    })
            })
        });
        text.set(rendered);
    };
    view! {
        <div class="field template">
            <label for=format!("f-{a}-template")>{t("Templat jawaban", "Answer template")}</label>
            <select id=format!("f-{a}-template") inner_html=options on:change=move |ev| {
                chosen.set(Template::by_code(&event_target_value(&ev)));
                typed.set(Vec::new());
            }></select>
            {move || chosen.get().map(|tpl| {
                let blanks = tpl.typed_blanks();
                view! {
                    <div class="blanks">
                        {blanks.into_iter().enumerate().map(|(i, b)| {
                            let id = format!("f-{a}-blank-{i}");
                            view! {
                                <label for=id.clone()>{b}</label>
                                <input id=id type="text" on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    typed.update(|list| {
                                        list.retain(|(n, _)| n != b);
                                        list.push((b.to_string(), v));
                                    });
                                }/>
                            }
                        }).collect_view()}
                        <button type="button" on:click=apply>{t("Masukkan ke teks", "Put into the text")}</button>
                    </div>
                }
            })}
        </div>
    }
    .into_any()
}
