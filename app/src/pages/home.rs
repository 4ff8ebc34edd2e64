//! Beranda: what the service is, the way in to a new report, a tracking-code box (a plain form
//! to `/lacak`), and a few
//! public figures.

use crate::api;
use crate::i18n::{lang, t};
use crate::util::fmt_num;
use domain::wire::Stats;
use domain::{deadline, Lang};
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let stats = api::load::<Stats>(|| Some("/api/v1/stats".into()));
    view! {
        <section class="hero">
            <h1>{t("Sampaikan keluhan Anda kepada Pemerintah Kabupaten Natuna", "Tell the Natuna Regency Government what needs fixing")}</h1>
            <p>{t(
                "Jalan rusak, obat kosong di puskesmas, layanan KTP yang lambat, atau usulan untuk kampung Anda: laporkan di sini. Laporan Anda langsung diteruskan ke perangkat daerah yang berwenang, dan Anda dapat memantau tindak lanjutnya dengan kode pelacakan.",
                "A damaged road, no medicine at the health centre, slow ID-card service, or an idea for your village: report it here. Your report goes straight to the office in charge, and you can follow it with a tracking code.",
            )}</p>
            <p><a class="button primary big" href="/lapor">{t("Buat Laporan", "Make a Report")}</a></p>
            <p class="hint">{t("Gratis, tanpa mendaftar. Bisa tanpa nama.", "Free, no sign-up. You may stay anonymous.")}</p>
        </section>
        <section class="card">
            <h2>{t("Lacak laporan", "Track a report")}</h2>
            // A plain form: /lacak is the tracking bundle's (a page load either way), which checks
            // the code and offers the near ones; this bundle carries no checker for it.
            <form class="track" action="/lacak" method="get">
                <label for="f-kode">{t("Kode pelacakan", "Tracking code")}</label>
                <div class="inline">
                    <input id="f-kode" name="kode" autocapitalize="characters" autocomplete="off" spellcheck="false" placeholder="7K4-M2Q-XPA"/>
                    <button type="submit">{t("Lacak", "Track")}</button>
                </div>
            </form>
        </section>
        <section class="card">
            <h2>{t("Angka layanan", "Service figures")}</h2>
            {move || match stats.get() {
                None => view! { <p class="muted">{t("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="muted">{t("Angka belum dapat dimuat.", "The figures cannot be loaded right now.")}</p> }.into_any(),
                Some(Ok(s)) => view! {
                    <dl class="stats">
                        <div><dt>{t("Laporan bulan ini", "Reports this month")}</dt><dd>{fmt_num(s.reports_this_month, lang())}</dd></div>
                        <div><dt>{t("Ditanggapi tepat waktu", "Answered on time")}</dt>
                            <dd>{s.answered_on_time_pct.map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())}</dd></div>
                        <div><dt>{t("Seluruh laporan", "All reports")}</dt><dd>{fmt_num(s.reports_total, lang())}</dd></div>
                    </dl>
                }.into_any(),
            }}
            <p><a href="/laporan">{t("Lihat laporan publik", "See public reports")}</a></p>
        </section>
        <section class="card">
            <h2>{t("Cara kerjanya", "How it works")}</h2>
            <ol class="steps-explained">
                <li>{t("Pilih masalahnya dan tempat kejadian. Kami tunjukkan unit yang akan menanganinya.", "Choose the problem and where it is. We show which unit will handle it.")}</li>
                <li>{t("Kirim laporan dan simpan kode pelacakan Anda.", "Send the report and keep your tracking code.")}</li>
                <li>{move || {
                    let (v, f) = (deadline::VERIFY_WORKING_DAYS, deadline::FOLLOW_UP_WORKING_DAYS);
                    match lang() {
                        Lang::Id => format!("Laporan diverifikasi dalam {v} hari kerja, lalu unit yang berwenang menindaklanjutinya dalam {f} hari kerja."),
                        Lang::En => format!("The report is verified within {v} working days; then the unit in charge answers within {f} working days."),
                    }
                }}</li>
            </ol>
        </section>
    }
}
