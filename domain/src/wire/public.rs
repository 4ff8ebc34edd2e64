//! What anyone may ask (`/api/v1/…`): the catalog, a route preview, a receipt, a report's public
//! view, the public list, suggestions, the home page's figures, health, and the reporter's
//! responses to an answer.

use super::{DueView, Named, UnitRef};
use crate::answer::AnswerCheck;
use crate::catalog::{self, Category, RegionKind, CATEGORIES, REGIONS, TOPICS, UNITS};
use crate::lifecycle::{Event, Role, Status};
use crate::report::{Limits, Privacy, ReportType};
use crate::routing::{Route, RouteBasis};
use crate::{Date, Lang};
use serde::{Deserialize, Serialize};

pub use crate::report::RawReport;

/// `GET /api/v1/catalog`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CatalogView {
    pub version: String,
    pub topics: Vec<TopicView>,
    pub units: Vec<UnitView>,
    pub categories: Vec<CategoryView>,
    pub regions: Vec<RegionView>,
    pub limits: Limits,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TopicView {
    pub code: String,
    pub name: String,
    pub icon: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct UnitView {
    pub code: String,
    pub name: String,
    pub kind: catalog::UnitKind,
    pub parent: Option<String>,
    /// For bodies outside the regency: where to take the matter instead.
    pub guidance: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CategoryView {
    pub code: String,
    pub name: String,
    pub description: String,
    pub topic: String,
    /// The SP4N-LAPOR! category and sub-category this maps to.
    pub national_category: String,
    pub national_sub_category: String,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct QuestionView {
    pub code: String,
    pub text: String,
    pub options: Vec<OptionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OptionView {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionView {
    pub code: String,
    pub name: String,
    pub kind: RegionKind,
    pub parent: Option<String>,
}

impl CatalogView {
    pub fn build(lang: Lang, limits: Limits) -> CatalogView {
        let s = |t: &str| t.to_string();
        CatalogView {
            version: s(crate::CATALOG_VERSION),
            topics: TOPICS
                .iter()
                .map(|t| TopicView {
                    code: s(t.code),
                    name: s(t.name.get(lang)),
                    icon: s(t.icon),
                })
                .collect(),
            units: UNITS
                .iter()
                .map(|u| UnitView {
                    code: s(u.code),
                    name: s(u.name.get(lang)),
                    kind: u.kind,
                    parent: u.parent().map(|p| s(p.code)),
                    guidance: u.guidance.map(|g| s(g.get(lang))),
                })
                .collect(),
            categories: CATEGORIES
                .iter()
                .map(|c| CategoryView::of(c, lang))
                .collect(),
            regions: REGIONS
                .iter()
                .map(|r| RegionView {
                    code: s(r.code),
                    name: s(r.name),
                    kind: r.kind,
                    parent: r.parent.map(|p| s(p.get().code)),
                })
                .collect(),
            limits,
        }
    }
}

impl CategoryView {
    pub fn of(c: &Category, lang: Lang) -> CategoryView {
        CategoryView {
            code: c.code.to_string(),
            name: c.name.get(lang).to_string(),
            description: c.description.get(lang).to_string(),
            topic: c.topic().code.to_string(),
            national_category: c.national.to_string(),
            national_sub_category: c.national_sub.to_string(),
            questions: c
                .questions()
                .map(|q| QuestionView {
                    code: q.code.to_string(),
                    text: q.text.get(lang).to_string(),
                    options: q
                        .options
                        .iter()
                        .map(|o| OptionView {
                            value: o.value.to_string(),
                            label: o.label.get(lang).to_string(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// `GET /api/v1/route`, and the route of each suggestion: the unit, its OPD, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RouteView {
    pub unit: UnitRef,
    pub opd: Named,
    pub reason: String,
    /// Not the regency's authority: `guidance` says where to go.
    pub external: bool,
    pub guidance: Option<String>,
    pub basis: RouteBasis,
    pub category: Option<Named>,
}

impl RouteView {
    pub fn of(r: &Route, lang: Lang) -> RouteView {
        RouteView {
            unit: UnitRef::of(r.unit, lang),
            opd: Named::opd(r.unit, lang),
            reason: r.reason.get(lang).to_string(),
            external: r.is_external(),
            guidance: r.guidance().map(|g| g.get(lang).to_string()),
            basis: r.basis,
            category: r.category.map(|c| Named::category(c.code, lang)),
        }
    }
}

/// `201` of `POST /api/v1/reports` (and the no-JS receipt): what the citizen must keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Receipt {
    pub tracking_code: String,
    /// `7K4-M2Q-XPA`: how people read and type the code.
    pub display_code: String,
    pub status: Status,
    pub privacy: Privacy,
    pub unit: UnitRef,
    pub reason: String,
    pub guidance: Option<String>,
    /// The coordinator verifies and routes by this day.
    pub verify_by: Date,
    /// The unit answers by this day at the latest (if routed on the last day of verification).
    pub answer_by: Date,
    /// The "kode pelapor": proves the reporter when accepting, reopening or rating the answer.
    pub reporter_token: String,
    /// A confidential report's secret (the same as its reporter code): it alone opens the report.
    pub reporter_secret: Option<String>,
    /// Why the report is not public yet (`moderation::Hold::text`): a pre-moderated category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<String>,
}

/// `GET /api/v1/reports/{code}`: what anyone holding the code may see (plus, for officers, the
/// internal history: see `OfficerReport`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ReportView {
    pub tracking_code: String,
    pub display_code: String,
    #[serde(rename = "type")]
    pub report_type: ReportType,
    pub category: Named,
    pub title: String,
    pub body: String,
    pub privacy: Privacy,
    pub status: Status,
    pub status_label: String,
    pub unit: UnitRef,
    pub reason: String,
    pub guidance: Option<String>,
    pub location: Option<PlaceView>,
    pub incident_date: Option<Date>,
    pub created_at: i64,
    /// Only for a public report.
    pub reporter_name: Option<String>,
    /// The category's questions as the citizen answered them.
    pub answers: Vec<AnswerView>,
    pub photos: Vec<PhotoView>,
    pub history: Vec<HistoryView>,
    /// The units' answers, with their files.
    pub responses: Vec<ResponseView>,
    /// The current step's deadline.
    pub due: Option<DueView>,
    /// The reporter was asked whether the problem is really solved and has not replied yet
    /// (`followup`): the status page asks them.
    #[serde(default)]
    pub followup_open: bool,
    /// People who said "saya juga mengalami" (`support`).
    #[serde(default)]
    pub supporters: u32,
    /// Why the report is hidden from the public (`moderation::Hold::text`), for the reporter
    /// who opened it with their code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PlaceView {
    pub desa: String,
    pub desa_name: String,
    pub kecamatan: String,
    pub kecamatan_name: String,
    /// `Region::display_name`: "Sepempang, Kec. Bunguran Timur".
    pub name: String,
    pub detail: Option<String>,
}

impl PlaceView {
    pub fn of(region: &catalog::Region, detail: Option<String>) -> PlaceView {
        let k = region.kecamatan();
        PlaceView {
            desa: region.code.to_string(),
            desa_name: region.name.to_string(),
            kecamatan: k.code.to_string(),
            kecamatan_name: k.name.to_string(),
            name: region.display_name(),
            detail,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AnswerView {
    pub question: String,
    pub question_text: String,
    pub value: String,
    pub label: String,
}

impl AnswerView {
    /// The stored (question, value) pairs the catalog still knows, as people read them.
    pub fn list<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        lang: Lang,
    ) -> Vec<AnswerView> {
        pairs
            .into_iter()
            .filter_map(|(k, v)| {
                let q = catalog::question(k)?;
                let o = q.options.iter().find(|o| o.value == v)?;
                Some(AnswerView {
                    question: q.code.to_string(),
                    question_text: q.text.get(lang).to_string(),
                    value: o.value.to_string(),
                    label: o.label.get(lang).to_string(),
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PhotoView {
    pub url: String,
    pub thumb_url: String,
    pub width: u32,
    pub height: u32,
}

/// One line of a report's history. `actor`, `role` and `internal` are filled for officers only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct HistoryView {
    pub at: i64,
    pub action: Event,
    pub status: Status,
    pub status_label: String,
    pub from_unit: Option<Named>,
    pub to_unit: Option<Named>,
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default)]
    pub internal: bool,
}

/// A unit's answer and what it attached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ResponseView {
    pub at: i64,
    pub unit: Option<Named>,
    pub text: String,
    pub files: Vec<FileView>,
    /// What the answer states (`answer::AnswerCheck`): the public checklist tindakan, unit,
    /// waktu.
    #[serde(default)]
    pub check: AnswerCheck,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FileView {
    pub url: String,
    pub thumb_url: String,
    pub content_type: String,
}

/// One report of a list: the public list, the officers' queue (inside `QueueItem`), a feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ListItem {
    pub tracking_code: String,
    pub display_code: String,
    pub title: String,
    pub category: Named,
    pub status: Status,
    pub status_label: String,
    pub unit: Named,
    pub kecamatan_name: Option<String>,
    pub created_at: i64,
    /// Where, for lists that show it (similar reports): "Sepempang".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desa_name: Option<String>,
    /// People who said "saya juga mengalami" (`support`); never who.
    #[serde(default)]
    pub supporters: u32,
}

/// `GET /api/v1/reports/similar?category=…&desa=…`: open public reports of the same category in
/// the same kecamatan (that desa first) from the last `days` days (`support`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SimilarPage {
    pub items: Vec<ListItem>,
    pub days: u32,
}

/// `POST /api/v1/reports/{code}/support`: "saya juga mengalami". `device` is the app's random id
/// of this device (one support per device); a phone or e-mail follows the report's status.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct SupportRequest {
    pub device: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The answer to a support: `201` when added, `200` when this device had already supported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SupportAnswer {
    pub supporters: u32,
    pub added: bool,
    /// A phone or e-mail of this support is told of the report's status changes.
    pub following: bool,
}

/// `GET /api/v1/reports`: public reports, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ListPage {
    pub items: Vec<ListItem>,
    /// The page number asked for (1 when reading by cursor).
    pub page: u32,
    pub per_page: u32,
    /// How many reports match, counted up to a cap (`total_more` when there are more).
    pub total: u64,
    pub total_more: bool,
    /// Pass as `cursor` for the next page; `None` on the last.
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/suggest`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SuggestPage {
    pub q: String,
    pub suggestions: Vec<SuggestionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SuggestionView {
    pub category: CategoryRef,
    /// The model's probability, in (0, 1].
    pub score: f64,
    /// Where it goes with `answers` (and the location asked with, if any).
    pub route: RouteView,
    /// The category's questions the text already answers (`suggest::answers_in`): pre-selected,
    /// the citizen may change them. Empty from servers older than this field.
    #[serde(default)]
    pub answers: Vec<AnswerView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CategoryRef {
    pub code: String,
    pub name: String,
    pub description: String,
    pub topic: String,
}

impl SuggestionView {
    pub fn of(s: &crate::suggest::Suggestion, lang: Lang) -> SuggestionView {
        let c = s.category;
        SuggestionView {
            category: CategoryRef {
                code: c.code.to_string(),
                name: c.name.get(lang).to_string(),
                description: c.description.get(lang).to_string(),
                topic: c.topic().code.to_string(),
            },
            score: f64::from(s.score),
            route: RouteView::of(&s.route, lang),
            answers: AnswerView::list(s.answers.iter().copied(), lang),
        }
    }
}

/// `GET /api/v1/stats`: the home page's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Stats {
    pub reports_this_month: u64,
    /// Of the reports first answered in the last 12 months, the share answered on time
    /// (`deadline::answered_on_time`), rounded; none before the first answer.
    pub answered_on_time_pct: Option<u32>,
    pub answered_last_year: u64,
    pub reports_total: u64,
}

/// `GET /healthz`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Health {
    pub status: HealthStatus,
    pub store: String,
    pub catalog_version: String,
    /// The app's files are compressed (a first visit then has its real size).
    pub assets_compressed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Ok,
    /// The store does not answer or cannot write.
    StoreUnavailable,
}

/// `POST /api/v1/reports/{code}/info`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct InfoRequest {
    /// The reporter code of the receipt (a confidential report's secret).
    pub token: String,
    pub text: String,
}

/// `POST /api/v1/reports/{code}/accept` (rating and comment optional) and `…/rating` (rating
/// required).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct AcceptRequest {
    pub token: String,
    pub rating: Option<i64>,
    pub comment: Option<String>,
}

/// `POST /api/v1/reports/{code}/followup`: the reporter's reply to "Apakah masalahnya
/// benar-benar sudah selesai?" (`followup::Reply` code: `sudah` or `belum`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct FollowUpRequest {
    pub token: String,
    pub reply: String,
}

/// `POST /api/v1/reports/{code}/reopen`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ReopenRequest {
    pub token: String,
    pub reason: String,
}

/// The answer to a reporter's accept, reopen or rating: the report's status and rating now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ReporterAnswer {
    pub status: Status,
    pub rating: Option<u8>,
}

/// The unit a report is with, as a named reference (`Named::unit`), for lists.
pub fn unit_named(code: &str, lang: Lang) -> Named {
    match catalog::unit(code) {
        Some(u) => Named::unit(u, lang),
        None => Named {
            code: code.to_string(),
            name: code.to_string(),
        },
    }
}

/// `GET /api/v1/statistik?periode=…` and the page `/statistik`: the public figures of a period,
/// for the regency, each OPD and its units, each kecamatan, month by month, per report type and
/// channel. Built by `domain::statistics::build`; every figure is `domain::monev`'s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Statistics {
    pub period: PeriodRef,
    /// The periods one may choose, newest first.
    pub periods: Vec<PeriodRef>,
    /// The figures' names and explanations, in the order of every row's `cells`.
    pub heads: Vec<FigureHead>,
    pub regency: FigureRow,
    /// The OPDs (and kecamatan offices) with their units, those with reports or overdue ones.
    pub opds: Vec<OpdFigures>,
    /// Reports referred to bodies outside the regency's authority, per body.
    pub external: Vec<CountRow>,
    pub kecamatan: Vec<KecamatanCount>,
    /// The twelve months up to the period's last (or the current) month.
    pub trend: Vec<MonthPoint>,
    pub by_type: Vec<CountRow>,
    pub by_channel: Vec<CountRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PeriodRef {
    /// "2026-11", "2026-Q4", "2026".
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FigureHead {
    pub key: crate::monev::FigureKey,
    pub label: String,
    pub explain: String,
}

/// One row of figures: a name, and a cell per `Statistics::heads`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FigureRow {
    pub name: Named,
    pub cells: Vec<FigureCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FigureCell {
    /// A count, a percentage, working days or a mean rating; none when there is nothing to count.
    pub value: Option<f64>,
    /// As people read it: "87,5%", "3 hari kerja", "—".
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OpdFigures {
    pub opd: FigureRow,
    pub units: Vec<FigureRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CountRow {
    pub code: String,
    pub label: String,
    pub n: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct KecamatanCount {
    pub kecamatan: Named,
    pub reports: u64,
    /// Its desa and kelurahan, and how many of them sent at least one report in the period.
    pub desa_total: u32,
    pub desa_reporting: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MonthPoint {
    /// "2026-11"
    pub month: String,
    /// "Nov 2026"
    pub label: String,
    pub received: u64,
    pub answered: u64,
    /// Of the reports received that month and answered, the share answered on time.
    pub answered_on_time_pct: Option<f64>,
}

/// `GET /api/v1/reports/{code}/proof`: what a citizen needs to recompute their report's history
/// entries against the published daily heads (`chain::verify_proof`). One segment per published
/// head the report's entries lead to: from the hash before the segment's first link, through
/// every entry of the service up to that head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ChainProof {
    pub code: String,
    pub segments: Vec<ProofSegment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ProofSegment {
    /// The day (WIB, `YYYY-MM-DD`) whose head this segment ends at.
    pub day: String,
    /// Whether that day is over (its head is published and never changes); `false` for today's
    /// head so far.
    pub closed: bool,
    /// The hash of the entry before the first link (64 hex digits).
    pub prev: String,
    pub links: Vec<ProofLink>,
    /// Where the links arrive: the day's head.
    pub head: String,
}

/// One history entry of the service: its number and content hash; with the entry's public
/// fields when it is one of this report's public entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ProofLink {
    pub id: i64,
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<ProofEntry>,
}

/// A public history entry's fields as stored (codes, not labels) and the digest of its sealed
/// part (`chain::Entry::sealed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ProofEntry {
    pub at: i64,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub from_unit: Option<String>,
    pub to_unit: Option<String>,
    pub note: Option<String>,
    pub sealed: String,
}

/// `GET /api/v1/chain/heads`: the newest days' heads, newest first (today's so far first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ChainHeads {
    pub heads: Vec<ChainHead>,
}

/// A published head of the history chain: the hash of the last entry written on `day` (WIB).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ChainHead {
    pub day: String,
    /// The number of that last entry (entries are numbered in the order they were written).
    pub last_entry: i64,
    pub head: String,
    /// `false` for today's head so far.
    pub closed: bool,
}

/// `POST /api/v1/reports/{code}/identity-openings`: the reporter, with their reporter code.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ReporterTokenRequest {
    pub token: String,
}

/// Each time an officer opened the reporter's hidden identity: when, which unit, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct IdentityOpenings {
    /// "Identitas Anda dibuka 1×" (`scope::identity_opened_text`).
    pub text: String,
    pub openings: Vec<IdentityOpening>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct IdentityOpening {
    pub at: i64,
    pub unit: Named,
    pub reason: String,
}

/// `POST /api/v1/reports/{code}/flag`: "mengandung data pribadi / tidak pantas". `device` is the
/// app's random id of this device (one flag per device and report); who flagged is never shown.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct FlagRequest {
    pub device: String,
    /// `data_pribadi` or `tidak_pantas` (`moderation::FlagReason`).
    pub reason: String,
    pub note: Option<String>,
}

/// A flag taken: `counted` is false when this device had flagged the report before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FlagAnswer {
    pub counted: bool,
}
