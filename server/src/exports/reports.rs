//! `GET /api/v1/petugas/ekspor/laporan.{xlsx,csv}` and `monev.{xlsx,csv}`: the reports an
//! officer may open (`scope::read_filter`, as in the queues), with filters, and the monev figures
//! of a period (`domain::statistics`), for the quarterly report to SP4N-LAPOR!.

use super::table::{Cell, Format, Table};
use super::{bad, download, pump, streamed, FilterQuery, Sink};
use crate::backoffice::auth::{forbidden, Session};
use crate::error::ApiResult;
use crate::store::{ExportFilter, ExportRow};
use crate::{AppState, ReqLang};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::catalog::{self, Unit, UnitKind};
use domain::deadline;
use domain::lifecycle::{scope, Role};
use domain::monev::{FigureKey, Period};
use domain::wire::{national_of, opd_named, region_named, FigureRow};
use domain::Lang;

const REPORT_HEADER: [&str; 27] = [
    "Kode pelacakan",
    "Diterima",
    "Jenis",
    "Kategori",
    "Kategori nasional (SP4N-LAPOR!)",
    "Sub-kategori nasional",
    "Judul",
    "Isi laporan",
    "Kecamatan",
    "Desa/Kelurahan",
    "OPD",
    "Unit penanganan",
    "Status",
    "Privasi",
    "Kanal",
    "Nama pelapor",
    "Telepon pelapor",
    "Email pelapor",
    "Diverifikasi",
    "Diteruskan ke unit",
    "Tanggapan pertama",
    "Selesai/ditutup",
    "Hari kerja sampai tanggapan",
    "Ketepatan waktu",
    "Dialihkan/dikembalikan",
    "Dibuka kembali",
    "Penilaian pelapor",
];

/// `GET /api/v1/petugas/ekspor/{laporan|monev}.{xlsx|csv}?periode=&opd=&unit=&status=&kategori=`
pub async fn export(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(file): Path<String>,
    Query(q): Query<FilterQuery>,
) -> ApiResult<Response> {
    let (what, format) = file
        .rsplit_once('.')
        .and_then(|(w, e)| Some((w, Format::parse(e)?)))
        .filter(|(w, _)| matches!(*w, "laporan" | "monev"))
        .ok_or_else(|| {
            bad(
                "file",
                format!("Ekspor \"{}\" tidak ada. Pilih laporan.xlsx, laporan.csv, monev.xlsx atau monev.csv.", domain::text::shown(&file)),
                format!("There is no export \"{}\". Choose laporan.xlsx, laporan.csv, monev.xlsx or monev.csv.", domain::text::shown(&file)),
                lang,
            )
        })?;
    let officer = &session.officer;
    let read = scope::read_filter(officer.role, officer.unit).ok_or_else(|| forbidden(lang))?;
    let f = q.read(lang)?;
    let now = state.now();
    let period = f.period_or_year(now);
    let mut name = format!("{what}-{}", period.code());
    if let Some(u) = f.unit {
        name.push('-');
        name.push_str(u.code);
    }
    let filename = format!("{name}.{}", format.ext());
    if what == "monev" {
        let rows = monev_rows(&state, period, officer.unit, read.within, lang).await?;
        let body = streamed(move |tx| async move {
            let mut t = Table::new(
                format,
                "Monev",
                &rows.0.iter().map(String::as_str).collect::<Vec<_>>(),
            );
            for r in &rows.1 {
                t.row(r);
            }
            let _ = tx.send(Ok(t.finish().into())).await;
        });
        return Ok(download(format.content_type(), &filename, body));
    }
    let filter = ExportFilter {
        read: Some(read),
        public: false,
        unit: f.unit,
        kecamatan: None,
        desa: None,
        category: f.category.clone(),
        status: f.status,
        received: Some(period.bounds()),
    };
    // Taken now: a busy server answers 503 (with Retry-After) before the download begins.
    let reader = state.store.export_reader().await?;
    let role = officer.role;
    let sink = ReportSink {
        table: Table::new(format, "Laporan", &REPORT_HEADER),
        role,
        now,
        lang,
    };
    let body = streamed(move |tx| pump(reader, filter, sink, "export", tx));
    Ok(download(format.content_type(), &filename, body))
}

/// The reports' rows written into a table, as the officer may see them.
struct ReportSink {
    table: Table,
    role: Role,
    now: i64,
    lang: Lang,
}

impl Sink for ReportSink {
    fn push(&mut self, row: &ExportRow) -> Option<Vec<u8>> {
        self.table
            .row(&report_cells(row, self.role, self.now, self.lang));
        self.table.chunk()
    }
    fn finish(self) -> Vec<u8> {
        self.table.finish()
    }
}

fn report_cells(x: &ExportRow, role: Role, now: i64, lang: Lang) -> Vec<Cell> {
    let r = &x.report;
    let (national, national_sub) = national_of(&r.category);
    let unit = catalog::unit(&r.unit).unwrap_or_else(catalog::coordinator);
    let identity = scope::sees_identity(role, r.privacy);
    let who = |v: &Option<String>| {
        if identity {
            Cell::opt_text(v.clone())
        } else {
            Cell::Empty
        }
    };
    let outcome = deadline::outcome(r.status, r.first_answer_on_time, &r.timeline(), now);
    vec![
        Cell::text(&r.tracking_code),
        Cell::At(r.created_at),
        Cell::text(r.report_type.label(lang)),
        Cell::text(domain::wire::Named::category(&r.category, lang).name),
        Cell::text(national),
        Cell::text(national_sub),
        Cell::text(&r.title),
        Cell::text(&r.body),
        Cell::opt_text(region_named(r.kecamatan.as_deref()).map(|n| n.name)),
        Cell::opt_text(region_named(r.desa.as_deref()).map(|n| n.name)),
        Cell::text(opd_named(&r.unit, lang).name),
        Cell::text(unit.name.get(lang)),
        Cell::text(r.status.label(lang)),
        Cell::text(r.privacy.label(lang)),
        Cell::text(r.channel.label(lang)),
        if identity {
            Cell::opt_text(r.reporter_name.clone())
        } else {
            Cell::text(match lang {
                Lang::Id => "(dirahasiakan)",
                Lang::En => "(withheld)",
            })
        },
        who(&r.reporter_phone),
        who(&r.reporter_email),
        Cell::opt_at(x.verified_at),
        Cell::opt_at(x.routed_at),
        Cell::opt_at(r.first_answered_at),
        Cell::opt_at(x.finished_at),
        r.first_answer_days
            .map(|d| Cell::Int(d.into()))
            .unwrap_or(Cell::Empty),
        Cell::text(outcome.label(lang)),
        Cell::Int(r.misroute_count + r.reroute_count),
        Cell::Int(r.reopen_count),
        r.rating.map(|v| Cell::Int(v.into())).unwrap_or(Cell::Empty),
    ]
}

/// The monev table of a period: the regency, each OPD and each of its units, as far as the
/// officer's unit reaches (everything for the coordinator and the regency's leadership).
async fn monev_rows(
    state: &AppState,
    period: Period,
    officer_unit: &'static Unit,
    within: Option<&Unit>,
    lang: Lang,
) -> ApiResult<(Vec<String>, Vec<Vec<Cell>>)> {
    let s = crate::api::statistics::gather(state, period, lang).await?;
    let mut header: Vec<String> = ["Periode", "Tingkat", "Kode", "OPD / unit"]
        .into_iter()
        .map(String::from)
        .collect();
    header.extend(s.heads.iter().map(|h| match h.key {
        FigureKey::Received | FigureKey::OverdueNow => h.label.clone(),
        FigureKey::MedianAnswerDays => format!("{} (hari kerja)", h.label),
        FigureKey::Rating => format!("{} (1–5)", h.label),
        _ => format!("{} (%)", h.label),
    }));
    let all = within.is_none_or(|u| u.kind == UnitKind::Pemkab);
    let keys: Vec<FigureKey> = s.heads.iter().map(|h| h.key).collect();
    let line = |level: &str, row: &FigureRow| -> Vec<Cell> {
        let mut cells = vec![
            Cell::text(period.code()),
            Cell::text(level),
            Cell::text(&row.name.code),
            Cell::text(&row.name.name),
        ];
        for (k, c) in keys.iter().zip(&row.cells) {
            cells.push(match (k, c.value) {
                (_, None) => Cell::Empty,
                (
                    FigureKey::Received | FigureKey::OverdueNow | FigureKey::MedianAnswerDays,
                    Some(v),
                ) => Cell::Int(v as i64),
                (_, Some(v)) => Cell::Num(v),
            });
        }
        cells
    };
    let mut rows = Vec::new();
    if all {
        rows.push(line("Kabupaten", &s.regency));
    }
    for o in &s.opds {
        let opd = catalog::unit(&o.opd.name.code);
        if !all && opd.is_none_or(|opd| opd.code != officer_unit.opd().code) {
            continue;
        }
        if all || officer_unit.opd().code == officer_unit.code {
            rows.push(line("OPD", &o.opd));
        }
        for u in &o.units {
            let inside =
                catalog::unit(&u.name.code).is_some_and(|x| all || x.is_within(officer_unit));
            if inside {
                rows.push(line("Unit", u));
            }
        }
    }
    Ok((header, rows))
}
