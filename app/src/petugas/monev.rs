//! Monitoring (`domain::wire::MonevView`, for roles that see the whole regency): per OPD, how
//! many reports, open, overdue, answered and answered on time, misrouted, reopened and the
//! boilerplate answers, finished and actually fixed (the follow-up) and the average rating; the
//! reports per channel in each of the last twelve months; then every overdue report.

use super::due_text;
use super::net::{self, failure_text};
use crate::html;
use crate::i18n::{lang, t};
use crate::util;
use domain::lifecycle::Status;
use domain::text::fmt_fixed;
use domain::wire::{MonevView, SessionView};
use leptos::prelude::*;

/// "3 dari 5 ditanya": replies out of the reporters asked.
fn followed(n: u64, asked: u64) -> String {
    if asked == 0 {
        return "–".into();
    }
    format!("{n} {} {asked}", t("dari", "of"))
}

fn table_html(m: &MonevView) -> String {
    let l = lang();
    let heads = [
        t("OPD", "OPD"),
        t("Total", "Total"),
        t("Terbuka", "Open"),
        t("Terlambat", "Overdue"),
        t("Dijawab", "Answered"),
        t("Tepat waktu", "On time"),
        t("Jawaban normatif", "Boilerplate answers"),
        Status::Selesai.label(l),
        t(
            "Benar-benar selesai (kata pelapor)",
            "Actually fixed (reporter)",
        ),
        t("Belum selesai setelah dijawab", "Unresolved after answer"),
        t("Salah alamat", "Misrouted"),
        Status::DibukaKembali.label(l),
        t("Nilai", "Rating"),
    ];
    let mut out = format!(
        r#"<table class="monev"><caption class="sr-only">{}</caption><thead><tr>{}</tr></thead><tbody>"#,
        t("Kinerja per OPD", "Performance per OPD"),
        heads
            .iter()
            .map(|h| format!(r#"<th scope="col">{}</th>"#, html::esc(h)))
            .collect::<String>()
    );
    for o in &m.opds {
        let on_time = match o.answered_on_time_pct {
            Some(p) => format!("{} ({p}%)", o.answered_on_time),
            None => o.answered_on_time.to_string(),
        };
        let rating = o.rating_avg.map_or_else(|| "–".into(), |r| fmt_fixed(r, 1));
        out += &format!(
            r#"<tr{}><th scope="row">{}</th><td>{}</td><td>{}</td><td class="n-overdue">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            if o.overdue > 0 {
                r#" class="overdue""#
            } else {
                ""
            },
            html::esc(&util::unit_name(&o.opd.code, &o.opd.name)),
            util::fmt_num(o.total, l),
            o.open,
            o.overdue,
            o.answered,
            html::esc(&on_time),
            o.normative_answers,
            o.finished,
            followed(o.fixed, o.followups),
            followed(o.unresolved_after_answer, o.followups),
            o.misroutes,
            o.reopened,
            rating
        );
    }
    out + "</tbody></table>"
}

/// Reports per channel and month: which doors citizens use.
fn channels_html(m: &MonevView) -> String {
    let Some(first) = m.channels.first().filter(|c| !c.counts.is_empty()) else {
        return format!(
            r#"<p class="muted">{}</p>"#,
            t(
                "Belum ada laporan dalam dua belas bulan terakhir.",
                "No reports in the last twelve months."
            )
        );
    };
    let l = lang();
    let mut out = format!(
        r#"<table class="monev"><caption class="sr-only">{}</caption><thead><tr><th scope="col">{}</th>{}</tr></thead><tbody>"#,
        t(
            "Laporan per saluran dan bulan",
            "Reports per channel and month"
        ),
        t("Bulan", "Month"),
        first
            .counts
            .iter()
            .map(|c| format!(r#"<th scope="col">{}</th>"#, html::esc(&c.label)))
            .collect::<String>()
    );
    for month in &m.channels {
        out += &format!(
            r#"<tr><th scope="row">{}</th>{}</tr>"#,
            html::esc(&month.label),
            month
                .counts
                .iter()
                .map(|c| format!("<td>{}</td>", util::fmt_num(c.reports, l)))
                .collect::<String>()
        );
    }
    out + "</tbody></table>"
}

fn overdue_html(m: &MonevView) -> String {
    if m.overdue.is_empty() {
        return format!(
            r#"<p class="muted">{}</p>"#,
            t("Tidak ada laporan terlambat.", "No overdue reports.")
        );
    }
    let l = lang();
    let mut out = String::from(r#"<ul class="reports queue">"#);
    for i in &m.overdue {
        out += &format!(
            r#"<li class="report overdue"><a class="title" href="/petugas/laporan/{}"><span class="code">{}</span> {}</a><span class="status status-{}">{}</span><p class="meta">{}</p><p class="due overdue">{}</p></li>"#,
            html::esc(&i.tracking_code),
            html::esc(&i.tracking_code),
            html::esc(&i.title),
            i.status.code(),
            html::esc(i.status.label(l)),
            html::esc(&util::unit_name(&i.unit.code, &i.unit.name)),
            html::esc(&due_text(&i.due))
        );
    }
    out + "</ul>"
}

#[component]
pub fn Monev(me: SessionView) -> impl IntoView {
    if !me.officer.role.sees_all() {
        return view! { <section class="page"><p class="notice" role="alert">{t("Halaman ini untuk koordinator dan pimpinan.", "This page is for the coordinator and leadership.")}</p></section> }.into_any();
    }
    let data = net::load::<MonevView>(|| Some("/api/v1/petugas/monev".to_string()));
    view! {
        <section class="page wide">
            <h1>{t("Monitoring dan evaluasi", "Monitoring and evaluation")}</h1>
            {move || match data.get() {
                None => view! { <p class="muted" role="status">{t("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="notice" role="alert">{failure_text(&f)}</p> }.into_any(),
                Some(Ok(m)) => view! {
                    <p>{format!("{} {}", t("Jumlah laporan:", "Reports:"), m.total)}</p>
                    <div class="table-wrap" tabindex="0" role="region" aria-label=t("Tabel per OPD", "Table per OPD") inner_html=table_html(&m)></div>
                    <h2>{t("Laporan per saluran", "Reports per channel")}</h2>
                    <div class="table-wrap" tabindex="0" role="region" aria-label=t("Tabel per saluran", "Table per channel") inner_html=channels_html(&m)></div>
                    <h2>{t("Laporan terlambat", "Overdue reports")}</h2>
                    <div inner_html=overdue_html(&m)></div>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
