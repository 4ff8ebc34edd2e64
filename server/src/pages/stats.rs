//! The public statistics page (`/statistik`): the figures of a chosen period for the regency,
//! each OPD and its units, each kecamatan, month by month, per report type and channel, with
//! what each figure means. Plain HTML (works with no JavaScript, readable at 360 px), charts as
//! inline SVG with their numbers in a table beside them. The figures are `domain::statistics`'.

use super::{error_summary, public_html_response, t, with_header};
use crate::api::statistics::{gather, period, StatisticsQuery};
use crate::{AppState, ReqLang};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::monev::FigureKey;
use domain::wire::{ChainHead, FigureRow, MonthPoint, Statistics};
use domain::{Date, Lang};
use maud::{html, Markup, PreEscaped};

/// Page-only styles (the citizen app's stylesheet stays small for the first visit).
const STYLE: &str = "
.stats .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(8rem,1fr));gap:.6rem;margin:0;padding:0}
.stats .figures div{border:1px solid var(--line,#ccc);border-radius:8px;padding:.6rem}
.stats .figures div{min-width:0}
.stats .figures dt{font-size:.85rem;overflow-wrap:anywhere}
.stats .figures dd{margin:0;font-size:1.35rem;font-weight:700}
.stats .chart{width:100%;max-width:40rem;height:auto;color:#1a5fb4}
.stats .chart text{font-size:9px;fill:#222}
.stats details{margin:.4rem 0}
.stats summary{cursor:pointer;min-height:44px;padding:.5rem 0}
.table-wrap{overflow-x:auto;position:relative}
table.monev{border-collapse:collapse;width:100%;font-size:.92rem}
table.monev th,table.monev td{border-bottom:1px solid var(--line);padding:.45rem .4rem;text-align:right;vertical-align:top}
table.monev th{text-align:left}
.stats table.monev td:first-child,.stats table.monev th:first-child{text-align:left}
.stats .period{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.stats code.hash{overflow-wrap:anywhere;word-break:break-all;font-size:.8rem;text-align:left;display:block}
";

/// `GET /statistik[?periode=2026-Q4]`
pub async fn stats_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Query(q): Query<StatisticsQuery>,
) -> Response {
    let title = t(
        lang,
        "Statistik pengaduan — Lapor Natuna",
        "Complaint statistics — Lapor Natuna",
    );
    let today = Date::from_unix_wib(state.now());
    let (status, content) = match period(&q, today, lang) {
        Err(e) => (e.status, error_summary(e.message())),
        Ok(p) => match gather(&state, p, lang).await {
            Ok(s) => (StatusCode::OK, page(&s, lang)),
            Err(e) => {
                let e = e.lang(lang);
                (e.status, error_summary(e.message()))
            }
        },
    };
    let chooser = chooser(q.periode.as_deref(), today, lang);
    // The chain's heads are shown whatever the period; a store that cannot read them leaves the
    // section out rather than the figures.
    let heads = state
        .store
        .chain_heads(today, HEADS_SHOWN)
        .await
        .unwrap_or_default();
    let main = html! {
        main class="nojs stats" {
            style { (PreEscaped(STYLE)) }
            h1 { (t(lang, "Statistik pengaduan", "Complaint statistics")) }
            p { (t(lang,
                "Seberapa cepat dan tepat pengaduan warga Natuna ditangani, per perangkat daerah dan bidang. Angka dihitung dari semua laporan, termasuk laporan rahasia (hanya dihitung, tidak pernah ditampilkan), dan diperbarui setiap kali sebuah laporan berubah.",
                "How fast and how well Natuna's complaints are handled, per office and division. The figures count every report, confidential ones included (counted, never shown), and change whenever a report does.")) }
            (chooser)
            (content)
            (chain_section(&heads, lang))
        }
    };
    let body = with_header(lang, main);
    public_html_response(status, state.assets.plain_page(title, &body, lang))
}

fn chooser(asked: Option<&str>, today: Date, lang: Lang) -> Markup {
    let periods = domain::monev::Period::recent(today);
    let current = asked
        .and_then(domain::monev::Period::parse)
        .unwrap_or(domain::monev::Period::Year(today.ymd().0));
    html! {
        form method="get" action="/statistik" class="period" {
            div {
                label for="periode" { (t(lang, "Periode", "Period")) }
                br;
                select id="periode" name="periode" {
                    @for p in &periods {
                        option value=(p.code()) selected[*p == current] { (p.label(lang)) }
                    }
                }
            }
            button type="submit" { (t(lang, "Tampilkan", "Show")) }
        }
    }
}

fn cell(s: &Statistics, r: &FigureRow, k: FigureKey) -> String {
    s.heads
        .iter()
        .position(|h| h.key == k)
        .and_then(|i| r.cells.get(i))
        .map(|c| c.text.clone())
        .unwrap_or_default()
}

fn received(s: &Statistics, r: &FigureRow) -> f64 {
    s.heads
        .iter()
        .position(|h| h.key == FigureKey::Received)
        .and_then(|i| r.cells.get(i))
        .and_then(|c| c.value)
        .unwrap_or(0.0)
}

fn overdue(s: &Statistics, r: &FigureRow) -> f64 {
    s.heads
        .iter()
        .position(|h| h.key == FigureKey::OverdueNow)
        .and_then(|i| r.cells.get(i))
        .and_then(|c| c.value)
        .unwrap_or(0.0)
}

/// A table of rows with every figure.
fn figure_table(s: &Statistics, first: &str, rows: &[&FigureRow], caption: &str) -> Markup {
    html! {
        div class="table-wrap" role="region" aria-label=(caption) tabindex="0" {
            table class="monev" {
                caption class="visually-hidden" { (caption) }
                thead { tr {
                    th scope="col" { (first) }
                    @for h in &s.heads { th scope="col" { (h.label) } }
                } }
                tbody {
                    @for r in rows {
                        tr {
                            th scope="row" { (r.name.name) }
                            @for c in &r.cells { td { (c.text) } }
                        }
                    }
                }
            }
        }
    }
}

fn page(s: &Statistics, lang: Lang) -> Markup {
    let active: Vec<_> = s
        .opds
        .iter()
        .filter(|o| received(s, &o.opd) > 0.0 || overdue(s, &o.opd) > 0.0)
        .collect();
    let quiet: Vec<&str> = s
        .opds
        .iter()
        .filter(|o| received(s, &o.opd) == 0.0 && overdue(s, &o.opd) == 0.0)
        .map(|o| o.opd.name.name.as_str())
        .collect();
    let received_label = FigureKey::Received.label(lang);
    html! {
        section aria-labelledby="h-regency" {
            h2 id="h-regency" { (s.regency.name.name) " · " (s.period.label) }
            dl class="figures" {
                @for (h, c) in s.heads.iter().zip(&s.regency.cells) {
                    div { dt { (h.label) } dd { (c.text) } }
                }
            }
            p { small { (t(lang, "Penjelasan setiap angka ada di bagian akhir halaman.", "What each figure means is explained at the end of the page.")) " " a href="#penjelasan" { (t(lang, "Lihat penjelasan", "See the explanations")) } } }
        }
        section aria-labelledby="h-trend" {
            h2 id="h-trend" { (t(lang, "Tren 12 bulan", "Twelve-month trend")) }
            (trend_chart(&s.trend, lang))
            details {
                summary { (t(lang, "Lihat angka per bulan", "See the numbers per month")) }
                div class="table-wrap" role="region" aria-label=(t(lang, "Angka per bulan", "Numbers per month")) tabindex="0" {
                    table class="monev" {
                        thead { tr {
                            th scope="col" { (t(lang, "Bulan", "Month")) }
                            th scope="col" { (received_label) }
                            th scope="col" { (t(lang, "Sudah ditanggapi", "Answered")) }
                            th scope="col" { (FigureKey::AnsweredOnTime.label(lang)) }
                        } }
                        tbody {
                            @for m in &s.trend {
                                tr {
                                    th scope="row" { (m.label) }
                                    td { (m.received) }
                                    td { (m.answered) }
                                    td { (pct_text(m.answered_on_time_pct, lang)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="h-opd" {
            h2 id="h-opd" { (t(lang, "Per perangkat daerah dan bidang", "Per office and division")) }
            p { (t(lang, "Laporan dihitung pada unit yang menanganinya sekarang. Buka satu OPD untuk melihat bidang, UPT, kantor kecamatan atau desanya.", "Reports count with the unit handling them now. Open an office to see its divisions, UPTs, kecamatan or village offices.")) }
            @if active.is_empty() {
                p { (t(lang, "Belum ada laporan pada periode ini.", "No reports in this period yet.")) }
            }
            @for o in &active {
                details {
                    summary {
                        strong { (o.opd.name.name) }
                        " — " (cell(s, &o.opd, FigureKey::Received)) " " (t(lang, "laporan", "reports"))
                        " · " (FigureKey::AnsweredOnTime.label(lang)) " " (cell(s, &o.opd, FigureKey::AnsweredOnTime))
                        " · " (FigureKey::OverdueNow.label(lang)) " " (cell(s, &o.opd, FigureKey::OverdueNow))
                    }
                    (figure_table(s, t(lang, "Unit", "Unit"), &std::iter::once(&o.opd).chain(o.units.iter()).collect::<Vec<_>>(), &o.opd.name.name))
                }
            }
            @if !quiet.is_empty() {
                details {
                    summary { (t(lang, "Perangkat daerah tanpa laporan pada periode ini", "Offices without reports in this period")) " (" (quiet.len()) ")" }
                    p { (quiet.join(", ")) }
                }
            }
            @if !s.external.is_empty() {
                h3 { (t(lang, "Diteruskan ke instansi di luar Pemkab", "Referred to bodies outside the regency")) }
                ul {
                    @for e in &s.external { li { (e.label) ": " (e.n) } }
                }
            }
        }
        section aria-labelledby="h-kec" {
            h2 id="h-kec" { (t(lang, "Per kecamatan", "Per kecamatan")) }
            div class="table-wrap" role="region" aria-label=(t(lang, "Laporan per kecamatan", "Reports per kecamatan")) tabindex="0" {
                table class="monev" {
                    thead { tr {
                        th scope="col" { "Kecamatan" }
                        th scope="col" { (received_label) }
                        th scope="col" { (t(lang, "Desa/kelurahan yang melapor", "Villages that reported")) }
                    } }
                    tbody {
                        @for k in &s.kecamatan {
                            tr {
                                th scope="row" { (k.kecamatan.name) }
                                td { (k.reports) }
                                td { (k.desa_reporting) " " (t(lang, "dari", "of")) " " (k.desa_total) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="h-kind" {
            h2 id="h-kind" { (t(lang, "Jenis laporan dan saluran", "Report types and channels")) }
            ul {
                @for r in &s.by_type { li { (r.label) ": " (r.n) } }
            }
            @if !s.by_channel.is_empty() {
                h3 { (t(lang, "Saluran", "Channels")) }
                ul {
                    @for r in &s.by_channel { li { (r.label) ": " (r.n) } }
                }
            }
        }
        section id="penjelasan" aria-labelledby="h-explain" {
            h2 id="h-explain" { (t(lang, "Penjelasan angka", "What the figures mean")) }
            dl {
                @for h in &s.heads {
                    dt { strong { (h.label) } }
                    dd { (h.explain) }
                }
            }
            p { (t(lang,
                "Hari kerja tidak menghitung Sabtu, Minggu, dan hari libur nasional serta cuti bersama. Laporan rahasia ikut dihitung tetapi tidak pernah ditampilkan satu per satu.",
                "Working days leave out Saturdays, Sundays, national holidays and collective leave days. Confidential reports are counted but never shown one by one.")) }
        }
    }
}

/// The days of chain heads the page shows (the open data has them all).
const HEADS_SHOWN: i64 = 7;

/// The history chain's daily heads: what they are and how anyone can hold the regency to them.
fn chain_section(heads: &[ChainHead], lang: Lang) -> Markup {
    html! {
        section id="rantai" aria-labelledby="h-chain" {
            h2 id="h-chain" { (t(lang, "Sidik rantai riwayat", "History chain heads")) }
            p { (t(lang,
                "Setiap catatan riwayat laporan (diterima, diteruskan, dijawab, …) dikunci dengan sidik SHA-256 yang juga mencakup catatan sebelumnya. Sidik catatan terakhir setiap hari diumumkan di sini. Jika seseorang mengubah, menghapus, atau memundurkan tanggal catatan lama, sidik hari itu tidak akan cocok lagi dengan yang sudah diumumkan. Simpan salinannya. Di halaman status setiap laporan (dengan JavaScript aktif), tombol \"Periksa keutuhan riwayat\" menghitung ulang riwayat laporan itu di ponsel Anda dan mencocokkannya dengan sidik ini (buktinya: /api/v1/reports/{kode}/proof).",
                "Every entry of a report's history (received, routed, answered, …) is locked with a SHA-256 hash that also covers the entry before it. The hash of each day's last entry is published here. If anyone changes, deletes or back-dates an old entry, that day's hash no longer matches the one published. Keep a copy. On each report's status page (with JavaScript on), \"Check the history's integrity\" recomputes that report's history on your phone and compares it with these hashes (the proof: /api/v1/reports/{code}/proof).")) }
            @if heads.is_empty() {
                p { (t(lang, "Belum ada catatan riwayat.", "No history entries yet.")) }
            } @else {
                div class="table-wrap" {
                    table class="monev" {
                        caption { (t(lang, "Sidik harian (WIB), terbaru di atas", "Daily heads (WIB), newest first")) }
                        thead { tr {
                            th scope="col" { (t(lang, "Tanggal", "Date")) }
                            th scope="col" { (t(lang, "Catatan terakhir", "Last entry")) }
                            th scope="col" { (t(lang, "Sidik (SHA-256)", "Head (SHA-256)")) }
                        } }
                        tbody {
                            @for h in heads {
                                tr {
                                    th scope="row" {
                                        (h.day)
                                        @if !h.closed { " " (t(lang, "(hari ini, masih berjalan)", "(today, so far)")) }
                                    }
                                    td { "#" (h.last_entry) }
                                    td { code class="hash" { (h.head) } }
                                }
                            }
                        }
                    }
                }
            }
            p {
                a href="/data/rantai-riwayat.csv" { (t(lang, "Semua sidik harian (CSV)", "Every daily head (CSV)")) }
                " · "
                a href="/api/v1/chain/heads" { "JSON" }
            }
        }
    }
}

fn pct_text(p: Option<f64>, lang: Lang) -> String {
    p.map(|v| domain::monev::percent_text(v, lang))
        .unwrap_or_else(|| "—".to_string())
}

/// Bars of reports received per month, with the count above each bar.
fn trend_chart(trend: &[MonthPoint], lang: Lang) -> Markup {
    let max = trend.iter().map(|m| m.received).max().unwrap_or(0).max(1) as f64;
    let (w, h, top, bottom) = (360.0, 150.0, 14.0, 18.0);
    let slot = w / trend.len().max(1) as f64;
    let summary = trend
        .iter()
        .map(|m| format!("{} {}", m.label, m.received))
        .collect::<Vec<_>>()
        .join(", ");
    let label = format!(
        "{}: {summary}",
        t(
            lang,
            "Laporan masuk per bulan",
            "Reports received per month"
        )
    );
    html! {
        svg class="chart" viewBox={ "0 0 " (w) " " (h) } role="img" aria-label=(label) {
            @for (i, m) in trend.iter().enumerate() {
                @let bh = (h - top - bottom) * m.received as f64 / max;
                @let x = i as f64 * slot + slot * 0.15;
                @let y = h - bottom - bh;
                rect x=(fmt(x)) y=(fmt(y)) width=(fmt(slot * 0.7)) height=(fmt(bh)) fill="currentColor" {}
                text x=(fmt(x + slot * 0.35)) y=(fmt(y - 3.0)) text-anchor="middle" { (m.received) }
                text x=(fmt(x + slot * 0.35)) y=(fmt(h - 5.0)) text-anchor="middle" { (m.label.split(' ').next().unwrap_or("")) }
            }
        }
    }
}

fn fmt(v: f64) -> String {
    domain::text::fmt_fixed(v, 1)
}
