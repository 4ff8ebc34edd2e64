//! Exports for officers (`/api/v1/petugas/ekspor/laporan.{xlsx,csv}` and `monev.{xlsx,csv}`),
//! open data (`/data/laporan.{csv,json}`) and the Atom feed (`/laporan.atom`).
//!
//! Streaming: a spawned task reads rows from the store (`ExportReader::reports`, sqlx `fetch`,
//! on a connection of the store's exports pool: two at a time, no statement timeout, taken
//! before the response starts so that a busy server answers 503) through a bounded channel, writes each as CSV or into the workbook's sheet (`table`: the
//! `.xlsx` is a zip written front to back by `zip`), and sends the bytes in 64 KB chunks into a
//! second bounded channel that is the response body. Memory stays at a few chunks whatever the
//! number of rows; a slow client slows the reading, a client that leaves stops it.
//!
//! Who sees what is `domain`'s: `scope::read_filter` (the officers' queues' rule) and
//! `scope::sees_identity` for exports, `listed` (`Privacy::is_listed` and `Status::is_listed`)
//! for open data and feeds; deadlines' outcome is `deadline::outcome`.

pub mod open;
pub mod reports;
pub mod table;
pub mod zip;

use crate::error::ApiError;
use crate::AppState;
use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::catalog;
use domain::lifecycle::Status;
use domain::monev::Period;
use domain::{Date, Lang};
use std::future::Future;
use tokio::sync::mpsc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/petugas/ekspor/{file}", get(reports::export))
        .route("/data/{file}", get(open::open_data))
        .route("/laporan.atom", get(open::feed))
}

/// Where the chunks of a streamed body go; an error ends the response abruptly, so that a
/// download cut short never looks complete.
pub type Chunks = mpsc::Sender<Result<Bytes, std::io::Error>>;

/// A body fed by `work`, run in a task of its own.
pub fn streamed<F, Fut>(work: F) -> Body
where
    F: FnOnce(Chunks) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(work(tx));
    // Fused: a layer that polls again after the end (the compression of a CSV does) gets the
    // end again, not a panic.
    use futures_util::StreamExt;
    Body::from_stream(
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) })
            .fuse(),
    )
}

/// What turns the rows of an export into bytes: a table, or open data's JSON array.
pub trait Sink: Send + 'static {
    /// Takes one row; the bytes ready to send, if a chunk is full.
    fn push(&mut self, row: &crate::store::ExportRow) -> Option<Vec<u8>>;
    /// The last bytes.
    fn finish(self) -> Vec<u8>;
}

/// Reads the rows of `filter` and writes them into `sink` as they come, sending each full chunk
/// to `tx`; a failed read ends the body abruptly (logged as `what`), a client that leaves stops
/// the reading.
pub async fn pump<S: Sink>(
    reader: crate::store::ExportReader,
    filter: crate::store::ExportFilter<'static>,
    mut sink: S,
    what: &'static str,
    tx: Chunks,
) {
    let (rows_tx, mut rows_rx) = mpsc::channel(256);
    let fetch = reader.reports(&filter, rows_tx);
    let write = async move {
        while let Some(row) = rows_rx.recv().await {
            match row {
                Ok(row) => {
                    if let Some(chunk) = sink.push(&row) {
                        if tx.send(Ok(chunk.into())).await.is_err() {
                            return; // the client left; dropping the receiver stops the reading
                        }
                    }
                }
                Err(e) => {
                    tracing::error!("{what}: {e}");
                    let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                    return;
                }
            }
        }
        let _ = tx.send(Ok(sink.finish().into())).await;
    };
    tokio::join!(fetch, write);
}

/// A file to download: its type, its name, and its body.
pub fn download(content_type: &str, filename: &str, body: Body) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A filter value that cannot be read: `422` like every query parameter of the API, worded for
/// the request, naming the parameter.
pub fn bad(field: &str, id: String, en: String, lang: Lang) -> ApiError {
    ApiError::param(field, "invalid", id, en).lang(lang)
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The filters every export, open data set and feed understands.
#[derive(serde::Deserialize, Default, Debug)]
pub struct FilterQuery {
    pub periode: Option<String>,
    pub opd: Option<String>,
    pub unit: Option<String>,
    pub kecamatan: Option<String>,
    pub desa: Option<String>,
    pub kategori: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
}

/// The filters, read: what `store::ExportFilter` takes, and the period.
#[derive(Default)]
pub struct Filters {
    pub period: Option<Period>,
    pub unit: Option<&'static catalog::Unit>,
    pub kecamatan: Option<String>,
    pub desa: Option<String>,
    pub category: Option<String>,
    pub status: Option<Status>,
}

impl FilterQuery {
    pub fn read(&self, lang: Lang) -> Result<Filters, ApiError> {
        let shown = domain::text::shown;
        let mut f = Filters::default();
        if let Some(p) = given(&self.periode) {
            f.period = Some(Period::parse(p).ok_or_else(|| bad("periode",
                format!("Periode \"{}\" tidak dikenali. Tulis bulan (2026-11), triwulan (2026-Q4) atau tahun (2026).", shown(p)),
                format!("Period \"{}\" is not understood. Write a month (2026-11), a quarter (2026-Q4) or a year (2026).", shown(p)), lang))?);
        }
        for (field, v) in [("unit", &self.unit), ("opd", &self.opd)] {
            if let Some(u) = given(v) {
                let unit = catalog::unit(u).filter(|x| field == "unit" || x.opd().code == x.code);
                f.unit = Some(unit.ok_or_else(|| {
                    bad(
                        field,
                        format!(
                            "{} \"{}\" tidak ada dalam katalog.",
                            if field == "opd" { "OPD" } else { "Unit" },
                            shown(u)
                        ),
                        format!(
                            "{} \"{}\" is not in the catalog.",
                            if field == "opd" { "OPD" } else { "Unit" },
                            shown(u)
                        ),
                        lang,
                    )
                })?);
            }
        }
        if let Some(k) = given(&self.kecamatan) {
            match catalog::region(k) {
                Some(r) if r.parent.is_none() => f.kecamatan = Some(r.code.to_string()),
                _ => {
                    return Err(bad(
                        "kecamatan",
                        format!("Kecamatan \"{}\" tidak ada di Kabupaten Natuna. Gunakan kode wilayah (misalnya 21.03.07).", shown(k)),
                        format!("Kecamatan \"{}\" is not in Natuna. Use its region code (e.g. 21.03.07).", shown(k)),
                        lang,
                    ))
                }
            }
        }
        if let Some(d) = given(&self.desa) {
            match catalog::region(d) {
                Some(r) if r.parent.is_some() => f.desa = Some(r.code.to_string()),
                _ => {
                    return Err(bad(
                        "desa",
                        format!("Desa/kelurahan \"{}\" tidak ada di Kabupaten Natuna. Gunakan kode wilayah (misalnya 21.03.07.2004).", shown(d)),
                        format!("Desa/kelurahan \"{}\" is not in Natuna. Use its region code (e.g. 21.03.07.2004).", shown(d)),
                        lang,
                    ))
                }
            }
        }
        for (field, v) in [("kategori", &self.kategori), ("category", &self.category)] {
            if let Some(c) = given(v) {
                let cat = catalog::category(c).ok_or_else(|| {
                    bad(
                        field,
                        format!("Kategori \"{}\" tidak ada.", shown(c)),
                        format!("Category \"{}\" does not exist.", shown(c)),
                        lang,
                    )
                })?;
                f.category = Some(cat.code.to_string());
            }
        }
        if let Some(s) = given(&self.status) {
            let codes: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
            f.status = Some(Status::parse(s).ok_or_else(|| {
                bad(
                    "status",
                    format!(
                        "Status \"{}\" tidak dikenal. Pilih salah satu: {}.",
                        shown(s),
                        codes.join(", ")
                    ),
                    format!(
                        "Unknown status \"{}\". Choose one of: {}.",
                        shown(s),
                        codes.join(", ")
                    ),
                    lang,
                )
            })?);
        }
        Ok(f)
    }
}

impl Filters {
    /// The period asked for, or this year.
    pub fn period_or_year(&self, now: i64) -> Period {
        self.period
            .unwrap_or_else(|| Period::Year(Date::from_unix_wib(now).ymd().0))
    }
}
