//! Lapor Natuna's pure core, compiled into both the server and the citizen's wasm app.
//!
//! Everything both sides must agree on lives here and nowhere else: the catalog of units and
//! categories (`catalog`), which unit handles a report (`routing`), what a valid report is
//! (`report`), how a report moves through its statuses (`lifecycle`), working-day deadlines
//! (`deadline`, over `date`), and tracking codes (`tracking`). No I/O, no async, no clock and no
//! randomness of its own: callers pass "now" and random bytes in.

pub mod account;
pub mod answer;
pub mod catalog;
pub mod chain;
pub mod date;
pub mod deadline;
pub mod feedback;
pub mod followup;
#[cfg(feature = "train")]
pub mod learn;
pub mod lifecycle;
pub mod messaging;
pub mod moderation;
pub mod monev;
pub mod redaction;
pub mod report;
pub mod routing;
pub mod search;
pub mod sort;
pub mod statistics;
pub mod suggest;
pub mod support;
pub mod template;
pub mod text;
pub mod totp;
pub mod tracking;
pub mod wire;

pub use catalog::{Category, Region, Unit, UnitId, CATALOG_VERSION};
pub use date::Date;
pub use report::{FieldError, NewReport, Privacy, RawReport, ReportType};
pub use routing::{route, Route, RouteRequest};
pub use text::{Lang, Text};
