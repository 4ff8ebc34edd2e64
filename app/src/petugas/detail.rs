//! One report for an officer: the report, photos, the reporter (or why it is hidden), the
//! route `domain` proposed and why, the deadline (overdue in red), every hop of the history with
//! internal notes marked, a form for each action the server says this officer may take, and
//! the internal-note form.

use super::{
    due_text, external_units, failure_text, internal_units, load_text, parse, post_json,
    status_label, unit_label, unit_options, Me,
};
use crate::i18n::{lang, t};
use crate::json::{Json, Obj};
use crate::{html, util};
use domain::catalog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn detail_html(j: &Json) -> String {
    let l = lang();
    let mut out = format!(
        r#"<p class="code big">{}</p><h1>{}</h1><p><span class="status status-{}">{}</span>{}</p>"#,
        html::esc(&j.str("display_code")),
        html::esc(&j.str("title")),
        html::esc(&j.str("status")),
        html::esc(&status_label(&j.str("status"), &j.str("status_label"))),
        match j.str("privacy").as_str() {
            "rahasia" => format!(
                r#"<span class="tag">{}</span>"#,
                t("Rahasia", "Confidential")
            ),
            "anonim" => format!(r#"<span class="tag">{}</span>"#, t("Anonim", "Anonymous")),
            _ => String::new(),
        }
    );
    let due = j.get("due");
    if due.is_object() {
        let overdue = due.bool("overdue");
        out += &format!(
            r#"<p class="{}" id="due">{}</p>"#,
            if overdue { "due overdue" } else { "due" },
            html::esc(&due_text(
                &due.str("kind"),
                &due.str("date"),
                overdue,
                due.int("working_days_left")
            ))
        );
    }
    let loc = j.get("location");
    let place = [
        loc.opt("desa_name"),
        loc.opt("kecamatan_name").map(|k| format!("Kec. {k}")),
        loc.opt("detail"),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let cat = j.get("category");
    let category = catalog::category(&cat.str("code"))
        .map(|c| c.name.get(l).to_string())
        .unwrap_or_else(|| cat.str("name"));
    let unit = j.get("unit");
    out += &format!(
        r#"<dl class="facts">{}{}{}{}{}{}</dl>"#,
        html::fact(t("Kategori", "Category"), &category),
        html::fact(
            t("Unit sekarang", "Current unit"),
            &unit_label(&unit.str("code"), &unit.str("name"))
        ),
        html::fact(t("Lokasi", "Location"), &place),
        html::fact(
            t("Tanggal kejadian", "Date of the incident"),
            &j.opt("incident_date")
                .map(|d| util::long_date(&d, l))
                .unwrap_or_default()
        ),
        html::fact(
            t("Dikirim", "Sent"),
            &util::date_time(j.int("created_at"), l)
        ),
        html::fact(
            t("Salah alamat / dibuka kembali", "Misrouted / reopened"),
            &format!("{} / {}", j.int("misroute_count"), j.int("reopen_count"))
        ),
    );
    // The reporter.
    let rep = j.get("reporter");
    out += &format!("<h2>{}</h2>", t("Pelapor", "Reporter"));
    if rep.bool("hidden") {
        out += &format!(
            r#"<p class="notice hidden-identity">{}</p>"#,
            html::esc(&rep.str("message"))
        );
    } else {
        let facts = html::fact(t("Nama", "Name"), &rep.opt("name").unwrap_or_default())
            + &html::fact(t("Telepon", "Phone"), &rep.opt("phone").unwrap_or_default())
            + &html::fact(t("Surel", "E-mail"), &rep.opt("email").unwrap_or_default());
        if facts.is_empty() {
            out += &format!(
                r#"<p class="muted">{}</p>"#,
                t(
                    "Pelapor tidak meninggalkan identitas.",
                    "The reporter left no identity."
                )
            );
        } else {
            out += &format!(r#"<dl class="facts">{facts}</dl>"#);
        }
    }
    // The route domain proposes.
    let pr = j.get("proposed_route");
    if pr.is_object() {
        let pu = pr.get("unit");
        out += &format!(
            r#"<div class="route{}"><p class="route-title">{}</p><p><strong>{}</strong></p><p class="reason">{}</p>{}</div>"#,
            if pr.bool("external") { " external" } else { "" },
            t("Usulan tujuan (sistem)", "Proposed route (system)"),
            html::esc(&unit_label(&pu.str("code"), &pu.str("name"))),
            html::esc(&pr.str("reason")),
            pr.opt("guidance")
                .map(|g| format!("<p>{}</p>", html::esc(&g)))
                .unwrap_or_default()
        );
    }
    let sugg = j.list("suggestions");
    if !sugg.is_empty() {
        out += &format!(
            r#"<h3>{}</h3><ul class="suggested">"#,
            t(
                "Kategori yang mungkin (dari isi laporan)",
                "Likely categories (from the text)"
            )
        );
        for s in &sugg {
            out += &format!(
                "<li><strong>{}</strong> → {}</li>",
                html::esc(&s.get("category").str("name")),
                html::esc(&s.get("route").get("unit").str("name"))
            );
        }
        out += "</ul>";
    }
    out += &format!(
        r#"<h2>{}</h2><p class="body">{}</p>"#,
        t("Isi laporan", "The report"),
        html::esc(&j.str("body"))
    );
    let photos = j.list("photos");
    if !photos.is_empty() {
        out += &format!(r#"<h3>{}</h3><ul class="photos">"#, t("Foto", "Photos"));
        for (i, p) in photos.iter().enumerate() {
            out += &format!(
                r#"<li><a href="{}" target="_blank" rel="noopener"><img src="{}" loading="lazy" alt="{} {}"></a></li>"#,
                html::esc(&p.str("url")),
                html::esc(&p.str("thumb_url")),
                t("Foto", "Photo"),
                i + 1
            );
        }
        out += "</ul>";
    }
    let answers = j.list("responses");
    if !answers.is_empty() {
        out += &format!("<h2>{}</h2>", t("Tanggapan", "Answers"));
        for a in &answers {
            let files: String = a
                .list("files")
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let label = if f.str("content_type").starts_with("image/") { t("Foto", "Photo") } else { t("Dokumen", "Document") };
                    format!(r#"<li><a class="attachment" href="{}" target="_blank" rel="noopener">{} {}</a></li>"#, html::esc(&f.str("url")), label, i + 1)
                })
                .collect();
            out += &format!(
                r#"<article class="answer"><p class="meta"><strong>{}</strong> · {}</p><p class="body">{}</p>{}</article>"#,
                html::esc(&a.opt("unit").unwrap_or_default()),
                html::esc(&util::date_time(a.int("at"), l)),
                html::esc(&a.opt("text").unwrap_or_default()),
                if files.is_empty() {
                    String::new()
                } else {
                    format!(r#"<ul class="attachments">{files}</ul>"#)
                }
            );
        }
    }
    if let Some(r) = j.num("rating") {
        out += &format!(
            r#"<p class="rating">{} {}/5{}</p>"#,
            t("Penilaian pelapor:", "Reporter's rating:"),
            r as i64,
            j.opt("rating_comment")
                .map(|c| format!(" — {}", html::esc(&c)))
                .unwrap_or_default()
        );
    }
    out += &format!(
        r#"<h2>{}</h2><ol class="timeline">"#,
        t("Riwayat", "History")
    );
    for h in j.list("history") {
        let internal = h.bool("internal");
        out += &format!(
            r#"<li{}><time>{}</time><strong>{}</strong>{}"#,
            if internal { r#" class="internal""# } else { "" },
            html::esc(&util::date_time(h.int("at"), l)),
            html::esc(&status_label(&h.str("status"), &h.str("status_label"))),
            if internal {
                format!(
                    r#" <span class="tag internal-tag">{}</span>"#,
                    t("internal", "internal")
                )
            } else {
                String::new()
            }
        );
        let mut who = Vec::new();
        if let Some(a) = h.opt("actor").filter(|a| !a.is_empty()) {
            who.push(a);
        }
        if let Some(r) = h.opt("role").filter(|r| !r.is_empty()) {
            let rl = super::role_label(&r);
            who.push(if rl.is_empty() { r } else { rl.to_string() });
        }
        if !who.is_empty() {
            out += &format!("<span>{}</span>", html::esc(&who.join(" · ")));
        }
        let (from, to) = (
            h.opt("from_unit").unwrap_or_default(),
            h.opt("to_unit").unwrap_or_default(),
        );
        if !to.is_empty() && from != to {
            out += &format!(
                "<span>{}{}</span>",
                if from.is_empty() {
                    String::new()
                } else {
                    format!("{} → ", html::esc(&unit_label(&from, &from)))
                },
                html::esc(&unit_label(&to, &to))
            );
        }
        if let Some(n) = h.opt("note").filter(|n| !n.is_empty()) {
            out += &format!(r#"<p class="body">{}</p>"#, html::esc(&n));
        }
        out += "</li>";
    }
    out + "</ol>"
}

#[component]
pub fn Detail(code: String, me: Me) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let url = format!("/api/v1/petugas/reports/{}", util::encode(&code));
    let data = load_text({
        let url = url.clone();
        move || {
            reload.track();
            Some(url.clone())
        }
    });
    let me = StoredValue::new(me);
    let code = StoredValue::new(code);
    view! {
        <p><a href="/petugas">{t("← Kembali ke antrean", "← Back to the queue")}</a></p>
        {move || match data.get() {
            None => view! { <p class="muted" role="status">{t("Memuat laporan…", "Loading the report…")}</p> }.into_any(),
            Some(Err(f)) => view! { <section class="page"><p class="notice" role="alert">{failure_text(&f)}</p></section> }.into_any(),
            Some(Ok(text)) => {
                let j = parse(&text);
                let actions = j.strings("available_actions");
                let proposed = j.get("proposed_route").get("unit").str("code");
                let current_unit = j.get("unit").str("code");
                view! {
                    <article class="page report-detail officer" inner_html=detail_html(&j)></article>
                    {(!actions.is_empty()).then(|| view! {
                        <section class="page actions-panel">
                            <h2>{t("Tindakan", "Actions")}</h2>
                            {actions.into_iter().map(|a| view! {
                                <ActionForm action=a code=code.get_value() me=me.get_value() proposed=proposed.clone() current=current_unit.clone() data=data/>
                            }).collect_view()}
                        </section>
                    })}
                    <NoteForm code=code.get_value() reload=reload/>
                }.into_any()
            }
        }}
    }
}

fn action_title(a: &str) -> &'static str {
    match a {
        "verify" => t("Verifikasi dan teruskan", "Verify and route"),
        "reroute" => t("Alihkan ke unit lain", "Re-route to another unit"),
        "return" => t(
            "Kembalikan ke koordinator (salah alamat)",
            "Return to the coordinator (misrouted)",
        ),
        "answer" => t(
            "Tulis tindak lanjut (jawaban)",
            "Write the answer (follow-up)",
        ),
        "not_authority" => t("Bukan wewenang Pemkab", "Not the regency's authority"),
        "merge" => t(
            "Gabungkan dengan laporan lain (duplikat)",
            "Merge into another report (duplicate)",
        ),
        "reject" => t("Tolak laporan", "Reject the report"),
        _ => "",
    }
}

/// One action as a small form, inside a `<details>` so the panel stays short on a phone.
#[component]
fn ActionForm(
    action: String,
    code: String,
    me: Me,
    proposed: String,
    current: String,
    data: RwSignal<Option<Result<String, crate::api::Failure>>>,
) -> impl IntoView {
    let a: &'static str = match action.as_str() {
        "verify" => "verify",
        "reroute" => "reroute",
        "return" => "return",
        "answer" => "answer",
        "not_authority" => "not_authority",
        "merge" => "merge",
        "reject" => "reject",
        _ => return ().into_any(),
    };
    let units: String = match a {
        "verify" => unit_options(internal_units(), &proposed),
        "reroute" if me.is_coordinator() => {
            unit_options(internal_units().filter(|u| u.code != current), "")
        }
        "reroute" => {
            let mine = catalog::unit(&me.unit).map(|u| u.opd());
            unit_options(
                internal_units()
                    .filter(|u| u.code != current && mine.is_some_and(|m| u.is_within(m))),
                "",
            )
        }
        "not_authority" => unit_options(external_units(), ""),
        _ => String::new(),
    };
    let to = RwSignal::new(if a == "verify" {
        proposed.clone()
    } else {
        String::new()
    });
    let text = RwSignal::new(String::new());
    let privacy = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = |f: &str| format!("f-{a}-{f}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut body = Obj::new().str("action", a);
        let txt = text.get_untracked();
        let target = to.get_untracked();
        if !target.is_empty() {
            body = body.str("to", &target);
        }
        body = match a {
            "verify" if !privacy.get_untracked().is_empty() => {
                body.str("privacy", &privacy.get_untracked())
            }
            "answer" => body.str("text", &txt),
            "not_authority" => body.str("note", &txt),
            "merge" => body.str("into", txt.trim()),
            "reroute" | "return" | "reject" => body.str("reason", &txt),
            _ => body,
        };
        busy.set(true);
        error.set(None);
        let url = format!("/api/v1/petugas/reports/{}/actions", util::encode(&code));
        // An answer with attachments goes as multipart: the action as JSON, then each file.
        let files = (a == "answer")
            .then(|| util::document().get_element_by_id("f-answer-files"))
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .filter(|f| f.length() > 0);
        leptos::task::spawn_local(async move {
            let r = match files.and_then(|f| web_sys::FormData::new().ok().map(|fd| (f, fd))) {
                Some((f, fd)) => {
                    let _ = fd.append_with_str("action", &body.text());
                    // Photos shrunk like citizens' (an office on a weak connection uploads a few
                    // hundred KB, not megabytes); a PDF as it is.
                    for i in 0..f.length() {
                        if let Some(file) = f.get(i) {
                            let (blob, name) = crate::photos::for_upload(file).await;
                            let _ = fd.append_with_blob_and_filename("file", &blob, &name);
                        }
                    }
                    super::post_form(&url, fd).await
                }
                None => {
                    super::call_text("POST", &url, Some((body.text(), "application/json"))).await
                }
            };
            busy.set(false);
            match r {
                Ok(t) => {
                    data.set(Some(Ok(t)));
                    util::focus_later("main".into());
                }
                Err(f) => {
                    error.set(Some(failure_text(&f)));
                    util::focus_later(format!("err-{a}"));
                }
            }
        });
    };
    let needs_unit = matches!(a, "verify" | "reroute" | "not_authority");
    let text_label = match a {
        "answer" => t(
            "Jawaban untuk pelapor (tampil di halaman status)",
            "Answer for the reporter (shown on the status page)",
        ),
        "not_authority" => t(
            "Ke mana warga harus melapor (catatan)",
            "Where the citizen should go (note)",
        ),
        "merge" => t(
            "Kode pelacakan laporan yang lebih awal",
            "Tracking code of the earlier report",
        ),
        "reroute" | "return" | "reject" => t("Alasan (wajib)", "Reason (required)"),
        _ => "",
    };
    view! {
        <details class=format!("action action-{a}") open={a == "verify" || a == "answer"}>
            <summary>{action_title(a)}</summary>
            <form on:submit=submit novalidate>
                {needs_unit.then(|| view! {
                    <div class="field">
                        <label for={id("to")}>{if a == "not_authority" { t("Instansi yang berwenang", "The competent body") } else { t("Unit tujuan", "Target unit") }}</label>
                        <select id={id("to")} name="to" inner_html={if a == "verify" { units.clone() } else { format!("{}{}", html::option("", t("— pilih unit —", "— choose a unit —"), true), units) }}
                            on:change=move |ev| to.set(event_target_value(&ev))></select>
                    </div>
                })}
                {(a == "verify").then(|| view! {
                    <div class="field">
                        <label for={id("privacy")}>{t("Privasi (hanya dapat diperketat)", "Privacy (can only be tightened)")}</label>
                        <select id={id("privacy")} on:change=move |ev| privacy.set(event_target_value(&ev))
                            inner_html=format!("{}{}{}", html::option("", t("Tidak diubah", "Unchanged"), true), html::option("anonim", t("Anonim", "Anonymous"), false), html::option("rahasia", t("Rahasia", "Confidential"), false))></select>
                    </div>
                })}
                {(!text_label.is_empty()).then(|| view! {
                    <div class="field">
                        <label for={id("text")}>{text_label}</label>
                        {if a == "merge" {
                            view! { <input id={id("text")} type="text" autocapitalize="characters" placeholder="7K4-M2Q-XPA" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/> }.into_any()
                        } else {
                            view! { <textarea id={id("text")} rows="4" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea> }.into_any()
                        }}
                    </div>
                })}
                {(a == "answer").then(|| view! {
                    <div class="field">
                        <label for="f-answer-files">{t("Lampiran: foto atau dokumen PDF (tidak wajib, paling banyak 5)", "Attachments: photos or a PDF document (optional, at most 5)")}</label>
                        <input id="f-answer-files" type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf"/>
                    </div>
                })}
                <p class="field-error" id=format!("err-{a}") role="alert" tabindex="-1">{move || error.get()}</p>
                <button type="submit" class={if a == "reject" { "danger" } else { "primary" }} disabled=move || busy.get()>{action_title(a)}</button>
            </form>
        </details>
    }
    .into_any()
}

#[component]
fn NoteForm(code: String, reload: RwSignal<u32>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = Obj::new().str("text", &text.get_untracked());
        let url = format!("/api/v1/petugas/reports/{}/notes", util::encode(&code));
        leptos::task::spawn_local(async move {
            match post_json(&url, body).await {
                Ok(_) => {
                    text.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    view! {
        <section class="page note-form">
            <h2>{t("Catatan internal", "Internal note")}</h2>
            <form on:submit=submit>
                <label for="f-note">{t("Catatan untuk sesama petugas (tidak pernah tampil ke publik)", "A note for fellow officers (never shown to the public)")}</label>
                <textarea id="f-note" rows="3" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit">{t("Simpan catatan", "Save the note")}</button>
            </form>
        </section>
    }
}
