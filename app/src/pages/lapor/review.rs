//! Step 6: the review. Each step's answers with a way back to it, every problem `domain` or the
//! server found with a way to its field, and the send button, which puts the report in the
//! outbox (`crate::outbox`).

use super::{flow, STEPS, STEP_TITLES};
use crate::draft::{Draft, Photo};
use crate::i18n::{lang, t};
use crate::{html, outbox, util};
use domain::catalog;
use domain::text::fmt_fixed;
use domain::{Lang, Privacy, ReportType};
use leptos::prelude::*;

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        html::esc(s)
    }
}

fn problem_html(d: &Draft, l: Lang) -> String {
    let Some(c) = catalog::category(&d.category) else {
        return "<p>—</p>".to_string();
    };
    let answers: String = c
        .questions()
        .filter_map(|q| {
            let v = d.answers.get(q.code)?;
            let o = q.options.iter().find(|o| o.value == v)?;
            Some(html::fact(q.text.get(l), o.label.get(l)))
        })
        .collect();
    format!(
        r#"<p><b>{}</b><br><small>{}</small></p><dl class="facts">{answers}</dl>"#,
        html::esc(c.name.get(l)),
        html::esc(c.topic().name.get(l))
    )
}

fn place_html(d: &Draft) -> String {
    let place = d
        .location_code()
        .and_then(catalog::region)
        .map(|r| r.display_name())
        .unwrap_or_default();
    let mut out = format!("<p>{}</p>", or_dash(&place));
    if !d.detail.is_empty() {
        out += &format!("<p>{}</p>", html::esc(&d.detail));
    }
    if let (Some(a), Some(b)) = (d.lat, d.lon) {
        out += &format!(
            r#"<p class="muted">{}, {}</p>"#,
            fmt_fixed(a, 5),
            fmt_fixed(b, 5)
        );
    }
    out
}

fn details_html(d: &Draft, photos: &[Photo], l: Lang) -> String {
    let mut out = format!(
        r#"<p><b>{}</b></p><p class="body">{}</p>"#,
        or_dash(&d.title),
        or_dash(&d.body)
    );
    if !d.incident_date.is_empty() {
        out += &format!(
            r#"<p class="muted">{}{}</p>"#,
            t("Tanggal kejadian: ", "Date of the incident: "),
            html::esc(&util::long_date(&d.incident_date, l))
        );
    }
    if !photos.is_empty() {
        out += r#"<ul class="previews small">"#;
        for (i, p) in photos.iter().enumerate() {
            out += &format!(
                r#"<li><img src="{}" alt="{} {}"></li>"#,
                html::esc(&p.data_url),
                t("Foto", "Photo"),
                i + 1
            );
        }
        out += "</ul>";
    }
    out
}

/// The review: each step's answers, with a button back to the step.
fn summary_html(d: &Draft, photos: &[Photo]) -> String {
    let l = lang();
    let change = t("Ubah", "Change");
    let section = |step: u8, body: String| {
        let (id, en) = STEP_TITLES[(step - 1) as usize];
        let title = if l == Lang::Id { id } else { en };
        format!(
            r#"<section class="summary"><div class="summary-head"><h2>{title}</h2><button type="button" class="link" data-go="{step}" aria-label="{change} {lower}">{change}</button></div>{body}</section>"#,
            lower = html::esc(&title.to_lowercase())
        )
    };
    let kind = ReportType::parse(&d.report_type).map_or("—", |t| t.label(l));
    let who = format!(
        r#"<p><b>{}</b></p><dl class="facts">{}{}{}</dl>"#,
        Privacy::parse(&d.privacy).map_or("—", |p| p.label(l)),
        html::fact(t("Nama", "Name"), &d.name),
        html::fact(t("Nomor HP", "Phone"), &d.phone),
        html::fact("E-mail", &d.email)
    );
    section(1, format!("<p>{kind}</p>"))
        + &section(2, problem_html(d, l))
        + &section(3, place_html(d))
        + &section(4, details_html(d, photos, l))
        + &section(5, who)
}

#[component]
pub(super) fn StepReview() -> impl IntoView {
    let f = flow();
    // Every problem, the server's first, each with a way to the field.
    let problems = Memo::new(move |_| {
        let l = lang();
        let mut list: Vec<(String, String)> = f
            .app
            .server_errors
            .with(|e| e.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
        f.errors.with(|es| {
            for e in es {
                if !list.iter().any(|(k, _)| *k == e.field) {
                    list.push((e.field.clone(), e.message(l).to_string()));
                }
            }
        });
        // In the order of the steps.
        (1..=STEPS)
            .flat_map(|s| {
                list.iter()
                    .filter(move |(k, _)| super::step_of(k) == s)
                    .cloned()
            })
            .collect::<Vec<_>>()
    });
    let show = move || {
        (f.show_all.get()
            || f.app.rejected.with(|r| r.is_some())
            || f.app.server_errors.with(|e| !e.is_empty()))
            && !problems.with(|p| p.is_empty())
    };
    let problems_html = move || {
        problems.with(|p| {
            p.iter().map(|(field, msg)| format!(r#"<li><button type="button" class="link" data-field="{}">{}</button></li>"#, html::esc(field), html::esc(msg))).collect::<String>()
        })
    };
    let similar = super::similar::Similar::start();
    let html = similar.html;
    let summary = move || {
        html.get()
            + &f.app
                .draft
                .with(|d| f.app.photos.with(|p| summary_html(d, p)))
    };
    view! {
        <div class="error-summary" id="error-summary" tabindex="-1" role="alert" hidden=move || !show()>
            <h2>{t("Ada isian yang perlu diperbaiki", "Some fields need fixing")}</h2>
            <p>{move || f.app.rejected.get()}</p>
            <ul inner_html=problems_html on:click=move |ev| if let Some(field) = html::target_data(&ev, "field") { f.focus_field(&field) }></ul>
        </div>
        <p class="notice" role="alert" hidden=move || show() || f.app.rejected.with(|r| r.is_none())>{move || f.app.rejected.get()}</p>
        <div inner_html=summary on:click=move |ev| {
            if let Some(s) = html::target_data(&ev, "go").and_then(|s| s.parse::<u8>().ok()) {
                f.go_to(s);
            } else if let Some(code) = html::target_data(&ev, "support") {
                similar.support(code);
            }
        }></div>
    }
}

#[component]
pub(super) fn SendButton() -> impl IntoView {
    let f = flow();
    let send = move |_| {
        let has_errors = f.errors.with_untracked(|e| !e.is_empty());
        if has_errors {
            f.show_all.set(true);
            util::focus_later("error-summary".into());
            return;
        }
        outbox::queue(f.app);
    };
    view! {
        <button type="button" class="primary" on:click=send disabled=move || f.app.sending.get()>
            {t("Kirim laporan", "Send report")}
        </button>
    }
}
