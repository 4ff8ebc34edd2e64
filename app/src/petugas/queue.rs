//! The officer's queue: reports in the officer's scope, overdue ones first and highlighted,
//! filtered by status and by "overdue only"; the filter is in the address (`?status=&overdue=1`).

use super::{due_text, load_text, parse, status_label, unit_label, Me};
use crate::i18n::t;
use crate::json::Json;
use crate::{html, router, util};
use domain::lifecycle::Status;
use leptos::prelude::*;

/// One queue item (also used by the monitoring page's overdue list) as an HTML `<li>`.
pub fn item_html(i: &Json) -> String {
    let due = i.get("due");
    let overdue = due.is_object() && due.bool("overdue");
    let code = i.str("tracking_code");
    let mut meta = vec![
        unit_label(&i.get("unit").str("code"), &i.get("unit").str("name")),
        i.get("category").str("name"),
    ];
    if let Some(k) = i.opt("kecamatan_name") {
        meta.push(format!("Kec. {k}"));
    }
    meta.push(util::date_time(i.int("created_at"), crate::i18n::lang()));
    let mut extra = String::new();
    if due.is_object() {
        extra += &format!(
            r#"<p class="{}">{}</p>"#,
            if overdue { "due overdue" } else { "due" },
            html::esc(&due_text(
                &due.str("kind"),
                &due.str("date"),
                overdue,
                due.int("working_days_left")
            ))
        );
    }
    let mis = i.int("misroute_count");
    let re = i.int("reopen_count");
    if mis > 0 || re > 0 {
        extra += &format!(
            r#"<p class="meta">{} {mis} · {} {re}</p>"#,
            t("Salah alamat:", "Misrouted:"),
            t("Dibuka kembali:", "Reopened:")
        );
    }
    match i.str("privacy").as_str() {
        "anonim" => extra += &format!(r#"<span class="tag">{}</span>"#, t("Anonim", "Anonymous")),
        "rahasia" => {
            extra += &format!(
                r#"<span class="tag">{}</span>"#,
                t("Rahasia", "Confidential")
            )
        }
        _ => {}
    }
    format!(
        r#"<li class="report{}"><a class="title" href="/petugas/laporan/{}"><span class="code">{}</span> {}</a><span class="status status-{}">{}</span>{}<p class="meta">{}</p>{}</li>"#,
        if overdue { " overdue" } else { "" },
        html::esc(&code),
        html::esc(&i.str("display_code")),
        html::esc(&i.str("title")),
        html::esc(&i.str("status")),
        html::esc(&status_label(&i.str("status"), &i.str("status_label"))),
        if overdue {
            format!(
                r#"<strong class="overdue-flag">{}</strong>"#,
                t("Terlambat", "Overdue")
            )
        } else {
            String::new()
        },
        html::esc(
            &meta
                .into_iter()
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
                .join(" · ")
        ),
        extra
    )
}

#[component]
pub fn Queue(me: Me) -> impl IntoView {
    let status = move || router::query("status").unwrap_or_else(|| "semua".into());
    let overdue = move || router::query("overdue").is_some_and(|v| v == "1");
    let page = move || {
        router::query("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let data = load_text(move || {
        let mut url = format!(
            "/api/v1/petugas/reports?status={}&page={}",
            util::encode(&status()),
            page()
        );
        if overdue() {
            url.push_str("&overdue=1");
        }
        Some(url)
    });
    let sel = RwSignal::new(status());
    let od = RwSignal::new(overdue());
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut url = format!("/petugas?status={}", util::encode(&sel.get_untracked()));
        if od.get_untracked() {
            url.push_str("&overdue=1");
        }
        router::navigate(&url);
    };
    let options: String = std::iter::once(html::option(
        "semua",
        t("Semua status", "All statuses"),
        sel.get_untracked() == "semua",
    ))
    .chain(Status::ALL.iter().map(|s| {
        html::option(
            s.code(),
            s.label(crate::i18n::lang()),
            sel.get_untracked() == s.code(),
        )
    }))
    .collect();
    view! {
        <section class="page">
            <h1>{t("Antrean laporan", "Report queue")}</h1>
            <p class="muted">{format!("{} · {}", me.display_name, super::unit_label(&me.unit, &me.unit_name))}</p>
            <form class="filters queue-filters" on:submit=apply>
                <div class="field">
                    <label for="f-q-status">{t("Status", "Status")}</label>
                    <select id="f-q-status" inner_html=options on:change=move |ev| sel.set(event_target_value(&ev))></select>
                </div>
                <label class="check"><input type="checkbox" id="f-q-overdue" prop:checked=move || od.get()
                    on:change=move |ev| od.set(event_target_checked(&ev))/>{t("Hanya yang terlambat", "Overdue only")}</label>
                <button type="submit">{t("Tampilkan", "Show")}</button>
            </form>
            {move || match data.get() {
                None => view! { <p class="muted" role="status">{t("Memuat antrean…", "Loading the queue…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="notice" role="alert">{super::failure_text(&f)}</p> }.into_any(),
                Some(Ok(text)) => {
                    let j = parse(&text);
                    let items = j.list("items");
                    let total = j.int("total");
                    let n_over = j.int("overdue");
                    let per = j.int("per_page").max(1);
                    let pg = j.int("page").max(1);
                    let list: String = items.iter().map(item_html).collect();
                    let base = format!("/petugas?status={}{}", util::encode(&status()), if overdue() { "&overdue=1" } else { "" });
                    view! {
                        <p role="status" class="queue-count">
                            {format!("{} {} · ", total, t("laporan", "reports"))}
                            <strong class={if n_over > 0 { "overdue-count" } else { "" }}>{format!("{} {}", n_over, t("terlambat", "overdue"))}</strong>
                        </p>
                        {items.is_empty().then(|| view! { <p class="muted">{t("Tidak ada laporan.", "No reports.")}</p> })}
                        <ul class="reports queue" inner_html=list></ul>
                        {(total > per).then(|| view! {
                            <nav class="pager" aria-label=t("Halaman", "Pages")>
                                {(pg > 1).then(|| view! { <a class="button" href=format!("{base}&page={}", pg - 1)>{t("Sebelumnya", "Previous")}</a> })}
                                <span>{format!("{pg} / {}", (total + per - 1) / per)}</span>
                                {(pg * per < total).then(|| view! { <a class="button" href=format!("{base}&page={}", pg + 1)>{t("Berikutnya", "Next")}</a> })}
                            </nav>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}
