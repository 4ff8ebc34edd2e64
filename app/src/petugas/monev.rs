//! Monitoring (coordinator and leadership): per OPD, how many reports, open, overdue, answered
//! and answered on time, misrouted, reopened and the average rating; then every overdue report.

use super::{due_text, failure_text, load_text, parse, status_label, unit_label, Me};
use crate::html;
use crate::i18n::{lang, t};
use crate::util;
use leptos::prelude::*;

fn table_html(j: &crate::json::Json) -> String {
    let l = lang();
    let heads = [
        t("OPD", "OPD"),
        t("Total", "Total"),
        t("Terbuka", "Open"),
        t("Terlambat", "Overdue"),
        t("Dijawab", "Answered"),
        t("Tepat waktu", "On time"),
        t("Selesai", "Finished"),
        t("Salah alamat", "Misrouted"),
        t("Dibuka kembali", "Reopened"),
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
    for o in j.list("opds") {
        let opd = o.get("opd");
        let overdue = o.int("overdue");
        let pct = o
            .num("answered_on_time_pct")
            .map(|p| format!("{} ({p:.0}%)", o.int("answered_on_time")))
            .unwrap_or_else(|| o.int("answered_on_time").to_string());
        let rating = o
            .num("rating_avg")
            .map(|r| format!("{r:.1}"))
            .unwrap_or_else(|| "–".into());
        out += &format!(
            r#"<tr{}><th scope="row">{}</th><td>{}</td><td>{}</td><td class="n-overdue">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            if overdue > 0 {
                r#" class="overdue""#
            } else {
                ""
            },
            html::esc(&unit_label(&opd.str("code"), &opd.str("name"))),
            util::fmt_num(o.int("total").max(0) as u64, l),
            o.int("open"),
            overdue,
            o.int("answered"),
            html::esc(&pct),
            o.int("finished"),
            o.int("misroutes"),
            o.int("reopened"),
            rating
        );
    }
    out + "</tbody></table>"
}

fn overdue_html(j: &crate::json::Json) -> String {
    let list = j.list("overdue");
    if list.is_empty() {
        return format!(
            r#"<p class="muted">{}</p>"#,
            t("Tidak ada laporan terlambat.", "No overdue reports.")
        );
    }
    let mut out = String::from(r#"<ul class="reports queue">"#);
    for i in list {
        let due = i.get("due");
        let unit = i.get("unit");
        out += &format!(
            r#"<li class="report overdue"><a class="title" href="/petugas/laporan/{}"><span class="code">{}</span> {}</a><span class="status status-{}">{}</span><p class="meta">{}</p><p class="due overdue">{}</p></li>"#,
            html::esc(&i.str("tracking_code")),
            html::esc(&i.str("tracking_code")),
            html::esc(&i.str("title")),
            html::esc(&i.str("status")),
            html::esc(&status_label(&i.str("status"), "")),
            html::esc(&unit_label(&unit.str("code"), &unit.str("name"))),
            html::esc(&due_text(
                &due.str("kind"),
                &due.str("date"),
                true,
                due.int("working_days_left")
            ))
        );
    }
    out + "</ul>"
}

#[component]
pub fn Monev(me: Me) -> impl IntoView {
    if !me.sees_monev() {
        return view! { <section class="page"><p class="notice" role="alert">{t("Halaman ini untuk koordinator dan pimpinan.", "This page is for the coordinator and leadership.")}</p></section> }.into_any();
    }
    let data = load_text(|| Some("/api/v1/petugas/monev".to_string()));
    view! {
        <section class="page wide">
            <h1>{t("Monitoring dan evaluasi", "Monitoring and evaluation")}</h1>
            {move || match data.get() {
                None => view! { <p class="muted" role="status">{t("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="notice" role="alert">{failure_text(&f)}</p> }.into_any(),
                Some(Ok(text)) => {
                    let j = parse(&text);
                    view! {
                        <p>{format!("{} {}", t("Jumlah laporan:", "Reports:"), j.int("total"))}</p>
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t("Tabel per OPD", "Table per OPD") inner_html=table_html(&j)></div>
                        <h2>{t("Laporan terlambat", "Overdue reports")}</h2>
                        <div inner_html=overdue_html(&j)></div>
                    }.into_any()
                }
            }}
        </section>
    }
    .into_any()
}
