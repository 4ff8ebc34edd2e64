//! Open data and feeds, for anyone: `/data/laporan.csv` and `/data/laporan.json` (every public
//! report, oldest first, streamed; the JSON is an array of `wire::OpenReport`) and
//! `/laporan.atom` (the 50 public reports changed last, as Atom 1.0). Public means `listed`:
//! `Privacy::is_listed` and `Status::is_listed`, decided by `domain` and kept with each report;
//! no reporter's name or contact is in any of them.

use super::table::{wib_text, xml_text, Cell, Format, Table, CHUNK};
use super::{download, pump, streamed, FilterQuery, Filters, Sink};
use crate::error::ApiResult;
use crate::store::{ExportFilter, ExportRow};
use crate::views::display_code;
use crate::{AppState, ReqLang};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::wire::{national_of, opd_named, region_named, unit_named, Named, OpenReport};
use domain::{deadline, Lang};
use std::fmt::Write as _;

/// Entries in a feed.
pub const FEED_ENTRIES: u32 = 50;

const OPEN_HEADER: [&str; 19] = [
    "Kode pelacakan",
    "Tautan",
    "Jenis",
    "Kode kategori",
    "Kategori",
    "Kategori nasional (SP4N-LAPOR!)",
    "Sub-kategori nasional",
    "Judul",
    "Isi laporan",
    "Status",
    "OPD",
    "Unit penanganan",
    "Kecamatan",
    "Desa/Kelurahan",
    "Kanal",
    "Diterima",
    "Diperbarui",
    "Tanggapan pertama",
    "Ketepatan waktu",
];

/// The site's address for links: `PUBLIC_URL`, else the host the request came to.
fn base(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = state.cfg.public_url.as_deref().filter(|u| !u.is_empty()) {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

fn public_filter(f: &Filters) -> ExportFilter<'static> {
    ExportFilter {
        read: None,
        public: true,
        unit: f.unit,
        kecamatan: f.kecamatan.clone(),
        desa: f.desa.clone(),
        category: f.category.clone(),
        status: f.status,
        received: f.period.map(|p| p.bounds()),
    }
}

pub fn open_report(x: &ExportRow, base: &str, now: i64, lang: Lang) -> OpenReport {
    let r = &x.report;
    let (national, national_sub) = national_of(&r.category);
    let outcome = deadline::outcome(r.status, r.first_answer_on_time, &r.timeline(), now);
    OpenReport {
        tracking_code: r.tracking_code.clone(),
        display_code: display_code(&r.tracking_code),
        url: format!("{base}/lacak/{}", r.tracking_code),
        report_type: r.report_type,
        category: Named::category(&r.category, lang),
        national_category: national.to_string(),
        national_sub_category: national_sub.to_string(),
        title: r.title.clone(),
        body: r.body.clone(),
        status: r.status,
        status_label: r.status.label(lang).to_string(),
        opd: opd_named(&r.unit, lang),
        unit: unit_named(&r.unit, lang),
        kecamatan: region_named(r.kecamatan.as_deref()),
        desa: region_named(r.desa.as_deref()),
        channel: r.channel,
        created_at: r.created_at,
        updated_at: r.updated_at,
        first_answered_at: r.first_answered_at,
        outcome,
        outcome_label: outcome.label(lang).to_string(),
    }
}

fn open_cells(o: &OpenReport, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(&o.tracking_code),
        Cell::text(&o.url),
        Cell::text(o.report_type.label(lang)),
        Cell::text(&o.category.code),
        Cell::text(&o.category.name),
        Cell::text(&o.national_category),
        Cell::text(&o.national_sub_category),
        Cell::text(&o.title),
        Cell::text(&o.body),
        Cell::text(&o.status_label),
        Cell::text(&o.opd.name),
        Cell::text(&o.unit.name),
        Cell::opt_text(o.kecamatan.as_ref().map(|k| k.name.clone())),
        Cell::opt_text(o.desa.as_ref().map(|k| k.name.clone())),
        Cell::text(o.channel.label(lang)),
        Cell::At(o.created_at),
        Cell::At(o.updated_at),
        Cell::opt_at(o.first_answered_at),
        Cell::text(&o.outcome_label),
    ]
}

/// `GET /data/laporan.csv` and `/data/laporan.json` (filters as the feed's, and `periode`).
pub async fn open_data(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(q): Query<FilterQuery>,
) -> ApiResult<Response> {
    let json = match file.as_str() {
        "laporan.json" => true,
        "laporan.csv" => false,
        "rantai-riwayat.csv" => return chain_heads(&state, lang).await,
        _ => {
            return Ok((StatusCode::NOT_FOUND, "Tidak ada berkas data ini.").into_response());
        }
    };
    let f = q.read(lang)?;
    let filter = public_filter(&f);
    let base = base(&state, &headers);
    // Taken now: a busy server answers 503 (with Retry-After) before the download begins.
    let reader = state.store.export_reader().await?;
    let now = state.now();
    let sink = OpenSink {
        csv: (!json).then(|| Table::new(Format::Csv, "Laporan", &OPEN_HEADER)),
        out: if json { b"[".to_vec() } else { Vec::new() },
        first: true,
        base,
        now,
        lang,
    };
    let body = streamed(move |tx| pump(reader, filter, sink, "open data", tx));
    let (ty, name) = if json {
        ("application/json", "laporan.json")
    } else {
        (Format::Csv.content_type(), "laporan.csv")
    };
    Ok(download(ty, name, body))
}

/// The most days of the history chain's heads the open data lists (ten years).
pub const OPEN_HEAD_DAYS: i64 = 3660;

const HEADS_HEADER: [&str; 4] = [
    "Tanggal (WIB)",
    "Catatan terakhir",
    "Sidik (SHA-256)",
    "Final",
];

/// `GET /data/rantai-riwayat.csv`: every day's head of the history chain (`domain::chain`),
/// newest first; the first row is today's so far.
async fn chain_heads(state: &AppState, lang: Lang) -> ApiResult<Response> {
    let today = domain::Date::from_unix_wib(state.now());
    let heads = state.store.chain_heads(today, OPEN_HEAD_DAYS).await?;
    let mut t = Table::new(Format::Csv, "Rantai riwayat", &HEADS_HEADER);
    let (yes, no) = match lang {
        Lang::Id => ("ya", "belum (hari ini)"),
        Lang::En => ("yes", "not yet (today)"),
    };
    for h in &heads {
        t.row(&[
            Cell::text(&h.day),
            Cell::Int(h.last_entry),
            Cell::text(&h.head),
            Cell::text(if h.closed { yes } else { no }),
        ]);
    }
    let body = axum::body::Body::from(t.finish());
    Ok(download(
        Format::Csv.content_type(),
        "rantai-riwayat.csv",
        body,
    ))
}

/// Public reports as CSV (a table) or as a JSON array of `OpenReport`.
struct OpenSink {
    csv: Option<Table>,
    out: Vec<u8>,
    first: bool,
    base: String,
    now: i64,
    lang: Lang,
}

impl Sink for OpenSink {
    fn push(&mut self, row: &ExportRow) -> Option<Vec<u8>> {
        let o = open_report(row, &self.base, self.now, self.lang);
        match self.csv.as_mut() {
            Some(t) => {
                t.row(&open_cells(&o, self.lang));
                t.chunk()
            }
            None => {
                if !self.first {
                    self.out.push(b',');
                }
                self.first = false;
                self.out.push(b'\n');
                let _ = serde_json::to_writer(&mut self.out, &o);
                (self.out.len() >= CHUNK).then(|| std::mem::take(&mut self.out))
            }
        }
    }
    fn finish(mut self) -> Vec<u8> {
        match self.csv {
            Some(t) => t.finish(),
            None => {
                self.out.extend_from_slice(b"\n]\n");
                self.out
            }
        }
    }
}

/// A moment as Atom writes it: "2026-12-21T10:00:00+07:00" (WIB).
fn rfc3339(at: i64) -> String {
    let t = wib_text(at);
    let secs = (at + 7 * 3600).rem_euclid(60);
    format!("{}T{}:{secs:02}+07:00", &t[..10], &t[11..])
}

/// `GET /laporan.atom?kecamatan=&desa=&opd=&kategori=`: new and updated public reports.
pub async fn feed(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    Query(q): Query<FilterQuery>,
) -> Response {
    let f = match q.read(lang) {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let rows = match state.store.feed(&public_filter(&f), FEED_ENTRIES).await {
        Ok(rows) => rows,
        Err(e) => return crate::error::ApiError::from(e).lang(lang).into_response(),
    };
    let base = base(&state, &headers);
    let mut query = String::new();
    let asked = [
        ("kecamatan", f.kecamatan.clone()),
        ("desa", f.desa.clone()),
        ("unit", f.unit.map(|u| u.code.to_string())),
        ("kategori", f.category.clone()),
        ("status", f.status.map(|s| s.code().to_string())),
        ("periode", f.period.map(|p| p.code())),
    ];
    for (k, v) in asked {
        if let Some(v) = v {
            query.push(if query.is_empty() { '?' } else { '&' });
            query.push_str(k);
            query.push('=');
            query.extend(form_urlencoded::byte_serialize(v.as_bytes()));
        }
    }
    let updated = rows
        .iter()
        .map(|r| r.updated_at)
        .max()
        .unwrap_or_else(|| state.now());
    let title = match lang {
        Lang::Id => "Laporan publik — Lapor Natuna",
        Lang::En => "Public reports — Lapor Natuna",
    };
    let mut x = String::with_capacity(4096 + rows.len() * 800);
    let self_url = xml_text(&format!("{base}/laporan.atom{query}"));
    let _ = write!(
        x,
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{}"><title>{}</title><id>{self_url}</id><link rel="self" type="application/atom+xml" href="{self_url}"/><link rel="alternate" type="text/html" href="{}"/><updated>{}</updated><author><name>Pemerintah Kabupaten Natuna</name></author>"#,
        lang.code(),
        xml_text(title),
        xml_text(&format!("{base}/laporan")),
        rfc3339(updated),
    );
    for r in &rows {
        let url = xml_text(&format!("{base}/lacak/{}", r.tracking_code));
        let category = Named::category(&r.category, lang);
        let place = region_named(r.desa.as_deref().or(r.kecamatan.as_deref()))
            .map(|n| format!(" · {}", n.name))
            .unwrap_or_default();
        let summary = format!(
            "{} · {}{place}",
            r.status.label(lang),
            unit_named(&r.unit, lang).name
        );
        let _ = write!(
            x,
            r#"<entry><title>{}</title><id>{url}</id><link rel="alternate" type="text/html" href="{url}"/><published>{}</published><updated>{}</updated><category term="{}" label="{}"/><summary>{}</summary></entry>"#,
            xml_text(&r.title),
            rfc3339(r.created_at),
            rfc3339(r.updated_at),
            xml_text(&category.code),
            xml_text(&category.name),
            xml_text(&summary),
        );
    }
    x.push_str("</feed>\n");
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        x,
    )
        .into_response()
}
