//! The officer's queue (`domain::wire::QueuePage`): reports in the officer's scope, overdue ones
//! first and highlighted, filtered by status and by "overdue only"; the filter is in the address
//! (`?status=&overdue=1`).

use super::due_text;
use super::net::{self, failure_text};
use crate::i18n::{lang, t};
use crate::{html, router, util};
use domain::lifecycle::Status;
use domain::wire::{QueueItem, QueuePage, SessionView};
use domain::Privacy;
use leptos::prelude::*;

/// The queue's filter value for every status, finished and closed ones included (the server's
/// `status=semua`).
const ALL_STATUSES: &str = "semua";

/// One queue item as an HTML `<li>`.
fn item_html(q: &QueueItem) -> String {
    let l = lang();
    let i = &q.item;
    let overdue = q.due.as_ref().is_some_and(|d| d.overdue);
    let mut meta = vec![
        util::unit_name(&i.unit.code, &i.unit.name),
        i.category.name.clone(),
    ];
    if let Some(k) = &i.kecamatan_name {
        meta.push(util::kecamatan_display(k));
    }
    meta.push(util::date_time(i.created_at, l));
    let mut extra = String::new();
    if let Some(d) = &q.due {
        extra += &format!(
            r#"<p class="{}">{}</p>"#,
            if d.overdue { "due overdue" } else { "due" },
            html::esc(&due_text(d))
        );
    }
    if let Some(s) = domain::support::count_text(i.supporters, l) {
        extra += &format!(r#"<p class="meta supporters">{}</p>"#, html::esc(&s));
    }
    let (mis, re) = (q.misroute_count, q.reopen_count);
    if mis > 0 || re > 0 {
        extra += &format!(
            r#"<p class="meta">{} {mis} · {} {re}</p>"#,
            t("Salah alamat:", "Misrouted:"),
            t("Dibuka kembali:", "Reopened:")
        );
    }
    if q.privacy != Privacy::Publik {
        extra += &format!(r#"<span class="tag">{}</span>"#, q.privacy.label(l));
    }
    format!(
        r#"<li class="report{}"><a class="title" href="/petugas/laporan/{}"><span class="code">{}</span> {}</a><span class="status status-{}">{}</span>{}<p class="meta">{}</p>{}</li>"#,
        if overdue { " overdue" } else { "" },
        html::esc(&i.tracking_code),
        html::esc(&i.display_code),
        html::esc(&i.title),
        i.status.code(),
        html::esc(i.status.label(l)),
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
pub fn Queue(me: SessionView) -> impl IntoView {
    let status = move || router::query("status").unwrap_or_else(|| ALL_STATUSES.into());
    let overdue = move || router::query("overdue").is_some_and(|v| v == "1");
    let page = move || {
        router::query("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let data = net::load::<QueuePage>(move || {
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
        ALL_STATUSES,
        t("Semua status", "All statuses"),
        sel.get_untracked() == ALL_STATUSES,
    ))
    .chain(
        Status::ALL
            .iter()
            .map(|s| html::option(s.code(), s.label(lang()), sel.get_untracked() == s.code())),
    )
    .collect();
    let base = move || {
        format!(
            "/petugas?status={}{}",
            util::encode(&status()),
            if overdue() { "&overdue=1" } else { "" }
        )
    };
    let o = &me.officer;
    view! {
        <section class="page">
            <h1>{t("Antrean laporan", "Report queue")}</h1>
            <p class="muted">{format!("{} · {}", o.display_name, util::unit_name(&o.unit.code, &o.unit.name))}</p>
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
                Some(Err(f)) => view! { <p class="notice" role="alert">{failure_text(&f)}</p> }.into_any(),
                Some(Ok(p)) => view! { <QueueList p=p base=base()/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn QueueList(p: QueuePage, base: String) -> impl IntoView {
    let list: String = p.items.iter().map(item_html).collect();
    let pg = p.page.max(1);
    // Counts stop at a cap: "1000+".
    let count = |n: u64, more: bool| format!("{n}{}", if more { "+" } else { "" });
    view! {
        <p role="status" class="queue-count">
            {format!("{} {} · ", count(p.total, p.total_more), t("laporan", "reports"))}
            <strong class={if p.overdue > 0 { "overdue-count" } else { "" }}>{format!("{} {}", count(p.overdue, p.overdue_more), t("terlambat", "overdue"))}</strong>
        </p>
        {p.items.is_empty().then(|| view! { <p class="muted">{t("Tidak ada laporan.", "No reports.")}</p> })}
        <ul class="reports queue" inner_html=list></ul>
        {(pg > 1 || p.more).then(|| view! {
            <nav class="pager" aria-label=t("Halaman", "Pages")>
                {(pg > 1).then(|| view! { <a class="button" href=format!("{base}&page={}", pg - 1)>{t("Sebelumnya", "Previous")}</a> })}
                <span>{format!("{} {pg}", t("Halaman", "Page"))}</span>
                {p.more.then(|| view! { <a class="button" href=format!("{base}&page={}", pg + 1)>{t("Berikutnya", "Next")}</a> })}
            </nav>
        })}
    }
}
