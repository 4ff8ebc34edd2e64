//! The wire contract: one Rust type for every JSON body the public and back-office APIs send or
//! accept. The server serializes these types (never an ad-hoc map); the officers' app reads them
//! with serde; the citizen and tracking apps build them field by field from the browser's JSON
//! (for size), with struct literals, so a field added here does not compile until every reader
//! reads it. A new consumer of reports (a page, a feed, an export, a channel) uses these types.
//!
//! `public` is what anyone may call (`/api/v1/…`), `officer` is the back office
//! (`/api/v1/petugas/…`). Constructors from `domain`'s own values (`UnitRef::of`,
//! `RouteView::of`, …) live next to the types, so every consumer names things the same way.

pub mod officer;
pub mod open;
pub mod open311;
pub mod public;

pub use officer::*;
pub use open::*;
pub use public::*;

use crate::catalog::{Unit, UnitKind};
use crate::deadline::{days_left_text, Due, DueKind};
use crate::report::FieldError;
use crate::{Date, Lang};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `<meta>` by which the server tells the app its configured limits (`report::Limits`).
pub const LIMITS_META: &str = "lapor-limits";

/// An enum of the contract from its code, by the same serde mapping the server writes it with
/// (`"follow_up"` → `DueKind::FollowUp`), for readers that do not use serde's data formats (the
/// citizen app reads JSON through the browser). `None` for a code the contract does not have.
pub fn from_code<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
    use serde::de::IntoDeserializer;
    T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(code)).ok()
}

/// A code and its name in the reader's language (a category, an OPD).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Named {
    pub code: String,
    pub name: String,
}

/// A unit as people read it: "Dinas Perhubungan — Bidang Perhubungan Udara".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct UnitRef {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

impl UnitRef {
    pub fn of(u: &Unit, lang: Lang) -> UnitRef {
        UnitRef {
            code: u.code.to_string(),
            name: u.display_name(lang),
            kind: u.kind,
        }
    }
    /// A stored unit code; one the catalog no longer has keeps its code as its name.
    pub fn code(code: &str, lang: Lang) -> UnitRef {
        match crate::catalog::unit(code) {
            Some(u) => UnitRef::of(u, lang),
            None => UnitRef {
                code: code.to_string(),
                name: code.to_string(),
                kind: UnitKind::Pemkab,
            },
        }
    }
}

impl Named {
    pub fn unit(u: &Unit, lang: Lang) -> Named {
        Named {
            code: u.code.to_string(),
            name: u.display_name(lang),
        }
    }
    pub fn opd(u: &Unit, lang: Lang) -> Named {
        let opd = u.opd();
        Named {
            code: opd.code.to_string(),
            name: opd.name.get(lang).to_string(),
        }
    }
    pub fn category(code: &str, lang: Lang) -> Named {
        Named {
            code: code.to_string(),
            name: crate::catalog::category(code)
                .map(|c| c.name.get(lang).to_string())
                .unwrap_or_else(|| code.to_string()),
        }
    }
}

/// A deadline as people read it: what is due, by when, and how far off it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DueView {
    pub kind: DueKind,
    /// `DueKind::label`: "Batas waktu verifikasi".
    pub label: String,
    pub date: Date,
    pub overdue: bool,
    /// Working days from today (0 on the day, negative when late).
    pub working_days_left: i32,
    /// "3 hari kerja lagi", "terlambat 2 hari kerja".
    pub left_text: String,
}

impl DueView {
    pub fn of(d: &Due, lang: Lang) -> DueView {
        DueView {
            kind: d.kind,
            label: d.kind.label(lang).to_string(),
            date: d.date,
            overdue: d.overdue,
            working_days_left: d.working_days_left,
            left_text: days_left_text(d.working_days_left, lang),
        }
    }
}

/// `{"error": …}`: every refusal, in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ErrorDetail {
    /// Stable and machine-readable: `validation`, `not_found`, `rate_limited`, …
    pub code: String,
    pub message: String,
    /// The first problem of each field, by its wire name (`location.desa`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Existing codes one typo away from a mistyped tracking code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<Vec<String>>,
    /// The catalog version the server has (on a stale one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_version: Option<String>,
    /// A CSV import's problems by line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<LineError>>,
}

/// One problem of one line of an imported CSV file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LineError {
    pub line: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

impl ErrorDetail {
    /// The first error of each field is the one to fix first.
    pub fn fields_of(errors: &[FieldError], lang: Lang) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for e in errors {
            out.entry(e.field.clone())
                .or_insert_with(|| e.message(lang).to_string());
        }
        out
    }
}

/// `{"ok": true}`: a change that returns nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Done {
    pub ok: bool,
}

impl Done {
    pub const YES: Done = Done { ok: true };
}
