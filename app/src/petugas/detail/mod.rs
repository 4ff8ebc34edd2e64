//! One report for an officer (`domain::wire::OfficerReport`): the report, photos, the reporter
//! (or why it is hidden), the route `domain` proposed and why, every deadline running (overdue
//! in red), every hop of the history with internal notes marked, a form for each move the
//! server says this officer may make now (`available_actions`, in `actions`), and the
//! internal-note form for roles that write notes.

mod actions;
mod redact;

use super::net::{self, failure_text};
use crate::i18n::{lang, t};
use crate::{html, util};
use domain::deadline::days_left_text;
use domain::lifecycle::{scope, Event};
use domain::wire::{
    Done, DueView, HeldView, HistoryView, NoteRequest, OfficerReport, OpenIdentityRequest,
    ReporterView, ResponseView, SessionView,
};
use domain::{catalog, feedback, Lang};
use leptos::prelude::*;

/// "Batas waktu verifikasi: 7 Desember 2026 (terlambat 2 hari kerja)".
fn due_line(d: &DueView, l: Lang) -> String {
    format!(
        "{}: {} ({})",
        d.kind.label(l),
        d.date.long(l),
        days_left_text(d.working_days_left, l)
    )
}

fn head_html(r: &OfficerReport, l: Lang) -> String {
    let v = &r.report;
    // Who may see the report, unless it is public.
    let tag = if v.privacy.shows_identity() {
        String::new()
    } else {
        format!(r#"<span class="tag">{}</span>"#, v.privacy.label(l))
    };
    let mut out = format!(
        r#"<p class="code big">{}</p><h1>{}</h1><p><span class="status status-{}">{}</span>{tag}</p>"#,
        html::esc(&v.display_code),
        html::esc(&v.title),
        v.status.code(),
        html::esc(v.status.label(l)),
    );
    for (i, d) in r.dues.iter().enumerate() {
        out += &format!(
            r#"<p class="{}"{}>{}</p>"#,
            if d.overdue { "due overdue" } else { "due" },
            if i == 0 { r#" id="due""# } else { "" },
            html::esc(&due_line(d, l))
        );
    }
    out
}

fn facts_html(r: &OfficerReport, l: Lang) -> String {
    let v = &r.report;
    let category = catalog::category(&v.category.code)
        .map_or_else(|| v.category.name.clone(), |c| c.name.get(l).to_string());
    let place = v
        .location
        .as_ref()
        .map_or_else(String::new, |p| match &p.detail {
            Some(d) if !d.is_empty() => format!("{}, {d}", p.name),
            _ => p.name.clone(),
        });
    let answers: String = v
        .answers
        .iter()
        .map(|a| html::fact(&a.question_text, &a.label))
        .collect();
    format!(
        r#"<dl class="facts">{}{}{}{answers}{}{}{}{}{}</dl>"#,
        html::fact(t("Kategori", "Category"), &category),
        html::fact(
            t("Unit sekarang", "Current unit"),
            &util::unit_name(&v.unit.code, &v.unit.name)
        ),
        html::fact(t("Lokasi", "Location"), &place),
        html::fact(
            t("Tanggal kejadian", "Date of the incident"),
            &v.incident_date.map(|d| d.long(l)).unwrap_or_default()
        ),
        html::fact(t("Dikirim", "Sent"), &util::date_time(v.created_at, l)),
        html::fact(t("Diterima melalui", "Received by"), r.channel.label(l)),
        html::fact(
            t("Salah alamat / dibuka kembali", "Misrouted / reopened"),
            &format!("{} / {}", r.misroute_count, r.reopen_count)
        ),
        html::fact(
            t("Digabung ke", "Merged into"),
            r.merged_into.as_deref().unwrap_or("")
        ),
    )
}

fn reporter_html(p: &ReporterView) -> String {
    let mut out = format!("<h2>{}</h2>", t("Pelapor", "Reporter"));
    if p.hidden {
        return out
            + &format!(
                r#"<p class="notice hidden-identity">{}</p>"#,
                html::esc(p.message.as_deref().unwrap_or(""))
            );
    }
    let facts = html::fact(t("Nama", "Name"), p.name.as_deref().unwrap_or(""))
        + &html::fact(t("Telepon", "Phone"), p.phone.as_deref().unwrap_or(""))
        + &html::fact(t("Surel", "E-mail"), p.email.as_deref().unwrap_or(""));
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
    out
}

/// The route `domain` proposes, and the categories the words suggest (for "lainnya").
fn route_html(r: &OfficerReport) -> String {
    let pr = &r.proposed_route;
    let mut out = format!(
        r#"<div class="route{}"><p class="route-title">{}</p><p><strong>{}</strong></p><p class="reason">{}</p>{}</div>"#,
        if pr.external { " external" } else { "" },
        t("Usulan tujuan (sistem)", "Proposed route (system)"),
        html::esc(&util::unit_name(&pr.unit.code, &pr.unit.name)),
        html::esc(&pr.reason),
        pr.guidance
            .as_deref()
            .map(|g| format!("<p>{}</p>", html::esc(g)))
            .unwrap_or_default()
    );
    if !r.suggestions.is_empty() {
        out += &format!(
            r#"<h3>{}</h3><ul class="suggested">"#,
            t(
                "Kategori yang mungkin (dari isi laporan)",
                "Likely categories (from the text)"
            )
        );
        for s in &r.suggestions {
            out += &format!(
                "<li><strong>{}</strong> → {}</li>",
                html::esc(&s.category.name),
                html::esc(&s.route.unit.name)
            );
        }
        out += "</ul>";
    }
    out
}

fn responses_html(responses: &[ResponseView], l: Lang) -> String {
    if responses.is_empty() {
        return String::new();
    }
    let mut out = format!("<h2>{}</h2>", t("Tanggapan", "Answers"));
    for a in responses {
        let files: String = a
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let label = if f.content_type.starts_with("image/") { t("Foto", "Photo") } else { t("Dokumen", "Document") };
                format!(r#"<li><a class="attachment" href="{}" target="_blank" rel="noopener">{} {}</a></li>"#, html::esc(&f.url), label, i + 1)
            })
            .collect();
        let unit = a
            .unit
            .as_ref()
            .map_or_else(String::new, |u| util::unit_name(&u.code, &u.name));
        out += &format!(
            r#"<article class="answer"><p class="meta"><strong>{}</strong> · {}</p><p class="body">{}</p><p class="check">{}: {}</p>{}</article>"#,
            html::esc(&unit),
            html::esc(&util::date_time(a.at, l)),
            html::esc(&a.text),
            domain::answer::AnswerCheck::heading(l).0,
            html::esc(&a.check.summary(l)),
            if files.is_empty() {
                String::new()
            } else {
                format!(r#"<ul class="attachments">{files}</ul>"#)
            }
        );
    }
    out
}

fn history_item(h: &HistoryView, l: Lang) -> String {
    let mut out = format!(
        r#"<li{}><time>{}</time><strong>{}</strong>{}"#,
        if h.internal {
            r#" class="internal""#
        } else {
            ""
        },
        html::esc(&util::date_time(h.at, l)),
        html::esc(h.status.label(l)),
        if h.internal {
            format!(
                r#" <span class="tag internal-tag">{}</span>"#,
                t("internal", "internal")
            )
        } else {
            String::new()
        }
    );
    let mut who: Vec<String> = Vec::new();
    if let Event::Move(k) = h.action {
        who.push(k.label(l).to_string());
    }
    who.extend(h.actor.clone().filter(|a| !a.is_empty()));
    who.extend(h.role.map(|r| r.label(l).to_string()));
    if !who.is_empty() {
        out += &format!("<span>{}</span>", html::esc(&who.join(" · ")));
    }
    let name = |u: &domain::wire::Named| util::unit_name(&u.code, &u.name);
    match (&h.from_unit, &h.to_unit) {
        (Some(from), Some(to)) if from.code != to.code => {
            out += &format!(
                "<span>{} → {}</span>",
                html::esc(&name(from)),
                html::esc(&name(to))
            )
        }
        (None, Some(to)) => out += &format!("<span>{}</span>", html::esc(&name(to))),
        _ => {}
    }
    if let Some(n) = h.note.as_ref().filter(|n| !n.is_empty()) {
        out += &format!(r#"<p class="body">{}</p>"#, html::esc(n));
    }
    out + "</li>"
}

fn detail_html(r: &OfficerReport) -> String {
    let l = lang();
    let v = &r.report;
    let mut out =
        head_html(r, l) + &facts_html(r, l) + &reporter_html(&r.reporter) + &route_html(r);
    out += &format!(
        r#"<h2>{}</h2><p class="body">{}</p>"#,
        t("Isi laporan", "The report"),
        html::esc(&v.body)
    );
    if !v.photos.is_empty() {
        out += &format!(r#"<h3>{}</h3><ul class="photos">"#, t("Foto", "Photos"));
        for (i, p) in v.photos.iter().enumerate() {
            out += &format!(
                r#"<li><a href="{}" target="_blank" rel="noopener"><img src="{}" loading="lazy" alt="{} {}"></a></li>"#,
                html::esc(&p.url),
                html::esc(&p.thumb_url),
                t("Foto", "Photo"),
                i + 1
            );
        }
        out += "</ul>";
    }
    out += &responses_html(&v.responses, l);
    if let Some(n) = r.rating {
        out += &format!(
            r#"<p class="rating">{} {n}/{}{}</p>"#,
            t("Penilaian pelapor:", "Reporter's rating:"),
            feedback::RATING_MAX,
            r.rating_comment
                .as_deref()
                .map(|c| format!(" — {}", html::esc(c)))
                .unwrap_or_default()
        );
    }
    out += &format!(
        r#"<h2>{}</h2><ol class="timeline">"#,
        t("Riwayat", "History")
    );
    for h in &v.history {
        out += &history_item(h, l);
    }
    out + "</ol>"
}

#[component]
pub fn Detail(code: String, me: SessionView) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let url = format!("/api/v1/petugas/reports/{}", util::encode(&code));
    let data = net::load::<OfficerReport>(move || {
        reload.track();
        Some(url.clone())
    });
    let me = StoredValue::new(me);
    let code = StoredValue::new(code);
    let redact_part = RwSignal::new(0usize);
    view! {
        <p><a href="/petugas">{t("← Kembali ke antrean", "← Back to the queue")}</a></p>
        {move || match data.get() {
            None => view! { <p class="muted" role="status">{t("Memuat laporan…", "Loading the report…")}</p> }.into_any(),
            Some(Err(f)) => view! { <section class="page"><p class="notice" role="alert">{failure_text(&f)}</p></section> }.into_any(),
            Some(Ok(r)) => view! {
                <article class="page report-detail officer" inner_html=detail_html(&r)></article>
                <actions::Actions r=r.clone() me=me.get_value() data=data/>
                {r.held.clone().map(|h| view! { <Held held=h code=code.get_value() role=me.get_value().officer.role reload=reload/> })}
                {(!r.redactable.is_empty()).then(|| view! { <redact::Redact parts=r.redactable.clone() code=code.get_value() reload=reload chosen=redact_part/> })}
                {(r.reporter.hidden && scope::may_open_identity(me.get_value().officer.role)).then(|| view! { <OpenIdentity code=code.get_value()/> })}
                {me.get_value().officer.role.writes_notes().then(|| view! { <NoteForm code=code.get_value() reload=reload/> })}
            }.into_any(),
        }}
    }
}

/// Held from the public: why, what the flags said (never who), and the release for those who
/// may (`moderation::may_release`).
#[component]
fn Held(
    held: HeldView,
    code: String,
    role: domain::lifecycle::Role,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let code = StoredValue::new(code);
    let release = move |_| {
        let url = format!(
            "/api/v1/petugas/reports/{}/release",
            util::encode(&code.get_value())
        );
        leptos::task::spawn_local(async move {
            match net::send::<_, OfficerReport>("POST", &url, &()).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    let flags: String = held
        .flags
        .iter()
        .map(|f| {
            let notes: String = f
                .notes
                .iter()
                .map(|n| format!("<li>{}</li>", html::esc(n)))
                .collect();
            format!(
                "<li>{}: {}{}</li>",
                html::esc(&f.label),
                f.devices,
                if notes.is_empty() {
                    String::new()
                } else {
                    format!("<ul>{notes}</ul>")
                }
            )
        })
        .collect();
    view! {
        <section class="page held" aria-labelledby="h-held">
            <h2 id="h-held">{t("Ditahan dari publik", "Held from the public")}</h2>
            <p class="notice">{held.text.clone()}</p>
            {(!flags.is_empty()).then(|| view! { <ul class="flags" inner_html=flags></ul> })}
            {domain::moderation::may_release(role, held.hold).then(|| view! {
                <button type="button" class="primary" id="release" on:click=release>{t("Tampilkan ke publik", "Release to the public")}</button>
            })}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}

/// "Buka identitas": the coordinator opens a hidden reporter's identity with a reason; it shows
/// here until the page is left, and the next look is the next (logged) opening.
#[component]
fn OpenIdentity(code: String) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let shown = RwSignal::new(None::<ReporterView>);
    let code = StoredValue::new(code);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = match feedback::identity_reason(&reason.get_untracked()) {
            Ok(reason) => OpenIdentityRequest { reason },
            Err(e) => return error.set(Some(e.message(lang()).to_string())),
        };
        let url = format!(
            "/api/v1/petugas/reports/{}/identity",
            util::encode(&code.get_value())
        );
        leptos::task::spawn_local(async move {
            match net::send::<_, ReporterView>("POST", &url, &body).await {
                Ok(r) => {
                    error.set(None);
                    shown.set(Some(r));
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    view! {
        <section class="page identity-open">
            <h2>{t("Buka identitas pelapor", "Open the reporter's identity")}</h2>
            {move || match shown.get() {
                Some(r) => view! {
                    <div role="status" inner_html=reporter_html(&r)></div>
                    <p class="muted">{t("Pembukaan ini tercatat di riwayat dan dapat dibaca oleh pelapor.", "This opening is logged in the history and the reporter can read it.")}</p>
                }.into_any(),
                None => view! {
                    <form on:submit=submit>
                        <label for="f-identity-reason">{t("Alasan (dibaca oleh pelapor)", "Reason (the reporter reads it)")}</label>
                        <textarea id="f-identity-reason" rows="2" maxlength=feedback::IDENTITY_REASON_MAX prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        <p class="field-error" role="alert">{move || error.get()}</p>
                        <button type="submit">{t("Buka identitas", "Open the identity")}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn NoteForm(code: String, reload: RwSignal<u32>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = match feedback::note(&text.get_untracked()) {
            Ok(text) => NoteRequest { text },
            Err(e) => return error.set(Some(e.message(lang()).to_string())),
        };
        let url = format!("/api/v1/petugas/reports/{}/notes", util::encode(&code));
        leptos::task::spawn_local(async move {
            match net::send::<_, Done>("POST", &url, &body).await {
                Ok(_) => {
                    text.set(String::new());
                    error.set(None);
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
