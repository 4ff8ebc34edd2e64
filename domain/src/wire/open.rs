//! Open data (`/data/laporan.json`, `/data/laporan.csv`) and the feeds (`/laporan.atom`): public
//! reports only (`Privacy::is_listed` and `Status::is_listed`), never a reporter's identity.

use super::Named;
use crate::catalog;
use crate::deadline::Outcome;
use crate::lifecycle::Status;
use crate::report::{Channel, ReportType};
use crate::Lang;
use serde::{Deserialize, Serialize};

/// One public report as open data: `/data/laporan.json` is an array of these (oldest first);
/// the CSV has the same columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenReport {
    pub tracking_code: String,
    pub display_code: String,
    /// The report's public page (`/lacak/{code}`, absolute when the server knows its address).
    pub url: String,
    #[serde(rename = "type")]
    pub report_type: ReportType,
    pub category: Named,
    /// The SP4N-LAPOR! category and sub-category the category maps to.
    pub national_category: String,
    pub national_sub_category: String,
    pub title: String,
    pub body: String,
    pub status: Status,
    pub status_label: String,
    pub opd: Named,
    pub unit: Named,
    pub kecamatan: Option<Named>,
    pub desa: Option<Named>,
    pub channel: Channel,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_answered_at: Option<i64>,
    /// Against the follow-up deadline (`deadline::outcome`).
    pub outcome: Outcome,
    pub outcome_label: String,
}

/// A category's national mapping: (category, sub-category), empty for an unknown code.
pub fn national_of(category: &str) -> (&'static str, &'static str) {
    catalog::category(category)
        .map(|c| (c.national, c.national_sub))
        .unwrap_or(("", ""))
}

/// A place by its region code, as open data names it.
pub fn region_named(code: Option<&str>) -> Option<Named> {
    let r = catalog::region(code?)?;
    Some(Named {
        code: r.code.to_string(),
        name: r.name.to_string(),
    })
}

/// The OPD of a stored unit code (the coordinator's for one the catalog no longer has).
pub fn opd_named(unit: &str, lang: Lang) -> Named {
    Named::opd(
        catalog::unit(unit).unwrap_or_else(catalog::coordinator),
        lang,
    )
}
