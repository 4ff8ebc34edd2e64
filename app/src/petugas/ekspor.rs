//! Downloads for the officer (`/petugas/ekspor`): the reports they may open and the monev table
//! of a period, as a workbook or CSV. The server scopes both like the queue and hides the
//! identity of anonymous and confidential reporters from everyone but the coordinator; the page
//! only builds the links.

use crate::i18n::{lang, t};
use crate::{html, util};
use domain::lifecycle::Status;
use domain::monev::Period;
use domain::wire::SessionView;
use leptos::prelude::*;

/// The address of one export for a period and an optional status.
fn href(file: &str, period: &str, status: &str) -> String {
    let mut url = format!(
        "/api/v1/petugas/ekspor/{file}?periode={}",
        util::encode(period)
    );
    if !status.is_empty() {
        url.push_str(&format!("&status={}", util::encode(status)));
    }
    url
}

#[component]
pub fn Exports(me: SessionView) -> impl IntoView {
    let periods = Period::recent(util::today());
    let period = RwSignal::new(periods[0].code());
    let status = RwSignal::new(String::new());
    let period_options: String = periods
        .iter()
        .enumerate()
        .map(|(i, p)| html::option(&p.code(), &p.label(lang()), i == 0))
        .collect();
    let status_options: String =
        std::iter::once(html::option("", t("Semua status", "All statuses"), true))
            .chain(
                Status::ALL
                    .iter()
                    .map(|s| html::option(s.code(), s.label(lang()), false)),
            )
            .collect();
    let link = move |file: &'static str| move || href(file, &period.get(), &status.get());
    let scope = if me.officer.role.is_coordinator() {
        t(
            "Anda koordinator: berkas memuat semua laporan, termasuk identitas pelapor anonim dan rahasia. Simpan dan bagikan dengan hati-hati.",
            "You are the coordinator: the files hold every report, including the identity of anonymous and confidential reporters. Keep and share them with care.",
        )
    } else {
        t(
            "Berkas memuat laporan yang dapat Anda buka (unit Anda dan unit di bawahnya); identitas pelapor anonim dan rahasia tidak disertakan.",
            "The files hold the reports you may open (your unit and the units under it); the identity of anonymous and confidential reporters is left out.",
        )
    };
    view! {
        <section class="page">
            <h1>{t("Ekspor data", "Export data")}</h1>
            <p>{scope}</p>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="f-x-period">{t("Periode (tanggal laporan masuk)", "Period (date received)")}</label>
                    <select id="f-x-period" inner_html=period_options on:change=move |ev| period.set(event_target_value(&ev))></select>
                </div>
                <div class="field">
                    <label for="f-x-status">{t("Status laporan", "Report status")}</label>
                    <select id="f-x-status" inner_html=status_options on:change=move |ev| status.set(event_target_value(&ev))></select>
                </div>
            </form>
            <h2>{t("Daftar laporan", "Reports")}</h2>
            <p class="muted">{t(
                "Satu baris per laporan: kategori nasional SP4N-LAPOR!, unit penanganan, tanggal masuk, verifikasi, disposisi, tanggapan dan selesai, serta ketepatan waktu.",
                "One row per report: the national SP4N-LAPOR! category, the handling unit, the dates received, verified, routed, answered and finished, and whether it was on time.",
            )}</p>
            <p class="actions">
                <a class="button" id="x-reports-xlsx" href=link("laporan.xlsx") download>{t("Unduh Excel (.xlsx)", "Download Excel (.xlsx)")}</a>
                " "
                <a class="button" id="x-reports-csv" href=link("laporan.csv") download>{t("Unduh CSV", "Download CSV")}</a>
            </p>
            <h2>{t("Tabel monev", "Monitoring table")}</h2>
            <p class="muted">{t(
                "Angka yang sama dengan halaman Statistik, per OPD dan unit, untuk laporan triwulanan ke SP4N-LAPOR!.",
                "The same figures as the Statistics page, per office and unit, for the quarterly SP4N-LAPOR! report.",
            )}</p>
            <p class="actions">
                <a class="button" id="x-monev-xlsx" href=link("monev.xlsx") download>{t("Unduh Excel (.xlsx)", "Download Excel (.xlsx)")}</a>
                " "
                <a class="button" id="x-monev-csv" href=link("monev.csv") download>{t("Unduh CSV", "Download CSV")}</a>
            </p>
        </section>
    }
}
