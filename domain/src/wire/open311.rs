//! Open311 GeoReport v2 (`/open311/v2/…`): the bodies another system reads and posts, in the
//! spec's own field names. The server writes each as JSON with serde, and as XML from the same
//! value (element names as here; an array's items named by `XML_ITEMS`), so both formats say
//! the same thing.
//!
//! What Lapor Natuna adds to the spec is decided here, from `domain`'s own rules: a request is
//! `open` until its status is terminal (`Status::is_terminal`), `status_notes` is the status's
//! label, `expected_datetime` the last second of the current step's deadline
//! (`deadline::current_date`), times are W3C datetimes in WIB (+07:00). The reporter's identity
//! is not a field of any type here.

use crate::catalog::{Category, RegionKind, CATEGORIES, REGIONS};
use crate::deadline::{self, Timeline};
use crate::lifecycle::Status;
use crate::report::{Privacy, ReportType};
use crate::Lang;
use serde::{Deserialize, Serialize};

/// The spec this endpoint implements.
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// When the endpoint last changed (discovery's `changeset`).
pub const CHANGESET: &str = "2026-12-02T00:00:00+07:00";
/// `GET requests` without dates covers this many days back from now; dates given may not span
/// more (the spec's default and limit).
pub const WINDOW_DAYS: i64 = 90;
/// `GET requests` answers at most this many, newest first (the spec's "max 1000").
pub const MAX_REQUESTS: u32 = 1000;
/// Service requests posted without a `privacy` attribute: the other system's user is not shown
/// by name (the spec has no notion of privacy; anonymous keeps the report public and the
/// reporter hidden).
pub const DEFAULT_PRIVACY: Privacy = Privacy::Anonim;
/// Attribute codes Lapor Natuna adds to each category's questions (service definition).
pub const ATTR_TYPE: &str = "type";
pub const ATTR_DESA: &str = "desa";
pub const ATTR_PRIVACY: &str = "privacy";
pub const ATTR_TITLE: &str = "title";
/// XML names of an array's items, by the array's element name.
pub const XML_ITEMS: &[(&str, &str)] = &[
    ("services", "service"),
    ("endpoints", "endpoint"),
    ("formats", "format"),
    ("attributes", "attribute"),
    ("values", "value"),
    ("service_requests", "request"),
    ("errors", "error"),
];

/// `GET discovery`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Endpoint {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub formats: Vec<String>,
}

impl Discovery {
    /// `url` is this endpoint's address (`…/open311/v2`).
    pub fn build(url: &str, lang: Lang) -> Discovery {
        let coordinator = crate::catalog::coordinator();
        let contact = match coordinator.email {
            Some(e) => format!("{} <{e}>", coordinator.display_name(lang)),
            None => coordinator.display_name(lang),
        };
        Discovery {
            changeset: CHANGESET.to_string(),
            contact,
            key_service: match lang {
                Lang::Id => format!(
                    "Kunci API untuk mengirim laporan diterbitkan dan dicabut oleh koordinator ({}).",
                    coordinator.display_name(lang)
                ),
                Lang::En => format!(
                    "API keys to post requests are issued and revoked by the coordinator ({}).",
                    coordinator.display_name(lang)
                ),
            },
            endpoints: vec![Endpoint {
                specification: SPECIFICATION.to_string(),
                url: url.to_string(),
                changeset: CHANGESET.to_string(),
                kind: "production".to_string(),
                formats: vec!["text/xml".to_string(), "application/json".to_string()],
            }],
        }
    }
}

/// One item of `GET services`: a category of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    /// The category has questions (its service definition lists them).
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: String,
    pub keywords: String,
    /// The category's topic.
    pub group: String,
}

impl Service {
    pub fn of(c: &Category, lang: Lang) -> Service {
        Service {
            service_code: c.code.to_string(),
            service_name: c.name.get(lang).to_string(),
            description: c.description.get(lang).to_string(),
            metadata: c.questions().next().is_some(),
            kind: "realtime".to_string(),
            keywords: c.keywords.join(", "),
            group: c.topic().name.get(lang).to_string(),
        }
    }
    pub fn all(lang: Lang) -> Vec<Service> {
        CATEGORIES.iter().map(|c| Service::of(c, lang)).collect()
    }
}

/// `GET services/{service_code}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Attribute {
    pub variable: bool,
    pub code: String,
    /// `string`, `singlevaluelist`, …
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    pub order: u32,
    pub description: String,
    pub values: Vec<AttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

impl ServiceDefinition {
    /// The category's questions, then the report type, the desa/kelurahan, the privacy and a
    /// title: what `NewReport::parse` reads besides the spec's own fields.
    pub fn of(c: &Category, lang: Lang) -> ServiceDefinition {
        let t = |id: &str, en: &str| match lang {
            Lang::Id => id.to_string(),
            Lang::En => en.to_string(),
        };
        let list =
            |code: &str, required: bool, description: String, values: Vec<AttributeValue>| {
                Attribute {
                    variable: true,
                    code: code.to_string(),
                    datatype: "singlevaluelist".to_string(),
                    required,
                    datatype_description: String::new(),
                    order: 0,
                    description,
                    values,
                }
            };
        let mut attributes: Vec<Attribute> = c
            .questions()
            .map(|q| {
                list(
                    q.code,
                    true,
                    q.text.get(lang).to_string(),
                    q.options
                        .iter()
                        .map(|o| AttributeValue {
                            key: o.value.to_string(),
                            name: o.label.get(lang).to_string(),
                        })
                        .collect(),
                )
            })
            .collect();
        attributes.push(list(
            ATTR_TYPE,
            true,
            t("Jenis laporan", "Report type"),
            ReportType::ALL
                .iter()
                .map(|r| AttributeValue {
                    key: r.code().to_string(),
                    name: r.label(lang).to_string(),
                })
                .collect(),
        ));
        attributes.push(list(
            ATTR_DESA,
            false,
            t(
                "Desa/kelurahan tempat masalah terjadi (wajib untuk pengaduan; juga boleh dikirim sebagai address_id)",
                "The village where the problem is (required for a complaint; may also be sent as address_id)",
            ),
            REGIONS
                .iter()
                .filter(|r| r.kind != RegionKind::Kecamatan)
                .map(|r| AttributeValue {
                    key: r.code.to_string(),
                    name: r.display_name(),
                })
                .collect(),
        ));
        attributes.push(list(
            ATTR_PRIVACY,
            false,
            match lang {
                Lang::Id => format!(
                    "Kerahasiaan laporan (bawaan: {})",
                    DEFAULT_PRIVACY.label(lang)
                ),
                Lang::En => format!(
                    "Privacy of the report (default: {})",
                    DEFAULT_PRIVACY.label(lang)
                ),
            },
            PRIVACIES
                .iter()
                .map(|p| AttributeValue {
                    key: p.code().to_string(),
                    name: p.label(lang).to_string(),
                })
                .collect(),
        ));
        attributes.push(Attribute {
            variable: true,
            code: ATTR_TITLE.to_string(),
            datatype: "string".to_string(),
            required: false,
            datatype_description: t(
                "Judul singkat; bila kosong, diambil dari awal description",
                "A short title; when empty, the start of the description",
            ),
            order: 0,
            description: t("Judul laporan", "Title of the report"),
            values: vec![],
        });
        for (i, a) in attributes.iter_mut().enumerate() {
            a.order = i as u32 + 1;
        }
        ServiceDefinition {
            service_code: c.code.to_string(),
            attributes,
        }
    }
}

/// Open (the regency is still working on it) or closed (its status is terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum RequestStatus {
    Open,
    Closed,
}

impl RequestStatus {
    pub fn of(s: Status) -> RequestStatus {
        if s.is_terminal() {
            RequestStatus::Closed
        } else {
            RequestStatus::Open
        }
    }
    pub fn parse(s: &str) -> Option<RequestStatus> {
        match s {
            "open" => Some(RequestStatus::Open),
            "closed" => Some(RequestStatus::Closed),
            _ => None,
        }
    }
    /// The statuses of `domain` this covers (for a store's filter).
    pub fn statuses(self) -> impl Iterator<Item = Status> {
        Status::ALL
            .into_iter()
            .filter(move |s| RequestStatus::of(*s) == self)
    }
}

/// One service request (a public report) as `GET requests` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServiceRequest {
    pub service_request_id: String,
    pub status: RequestStatus,
    /// The detailed status: `Status::label`.
    pub status_notes: String,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    /// The unit handling it: "Dinas … — Bidang …".
    pub agency_responsible: String,
    pub service_notice: Option<String>,
    pub requested_datetime: String,
    pub updated_datetime: String,
    /// The last second of the current step's deadline; none once closed.
    pub expected_datetime: Option<String>,
    pub address: Option<String>,
    /// The desa/kelurahan code.
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

/// What a store knows of a public report, for `ServiceRequest::of`.
pub struct RequestFacts<'a> {
    pub tracking_code: &'a str,
    pub category: &'a str,
    pub status: Status,
    pub title: &'a str,
    pub body: &'a str,
    pub unit: &'a str,
    pub created_at: i64,
    pub updated_at: i64,
    pub timeline: Timeline,
    pub desa: Option<&'a str>,
    pub location_detail: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub media_url: Option<String>,
}

impl ServiceRequest {
    pub fn of(f: &RequestFacts, lang: Lang) -> ServiceRequest {
        let region = f.desa.and_then(crate::catalog::region);
        let address = match (f.location_detail, region) {
            (Some(d), Some(r)) => Some(format!("{d}, {}", r.display_name())),
            (None, Some(r)) => Some(r.display_name()),
            (Some(d), None) => Some(d.to_string()),
            (None, None) => None,
        };
        ServiceRequest {
            service_request_id: f.tracking_code.to_string(),
            status: RequestStatus::of(f.status),
            status_notes: f.status.label(lang).to_string(),
            service_name: super::Named::category(f.category, lang).name,
            service_code: f.category.to_string(),
            description: format!("{}\n\n{}", f.title, f.body),
            agency_responsible: super::unit_named(f.unit, lang).name,
            service_notice: None,
            requested_datetime: w3c(f.created_at),
            updated_datetime: w3c(f.updated_at),
            expected_datetime: deadline::current_date(f.status, &f.timeline)
                .map(|(_, d)| w3c(d.end_unix_wib() - 1)),
            address,
            address_id: region.map(|r| r.code.to_string()),
            zipcode: None,
            lat: f.lat,
            long: f.lon,
            media_url: f.media_url.clone(),
        }
    }
}

/// The answer to `POST requests`: one item, with the id the report is tracked by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RequestCreated {
    pub service_request_id: String,
    /// Where it went and by when it is verified.
    pub service_notice: String,
    pub account_id: Option<String>,
}

impl RequestCreated {
    pub fn of(receipt: &super::Receipt, lang: Lang) -> RequestCreated {
        RequestCreated {
            service_request_id: receipt.tracking_code.clone(),
            service_notice: match lang {
                Lang::Id => format!(
                    "Laporan {} diterima dan diteruskan ke {}; diverifikasi paling lambat {}.",
                    receipt.display_code,
                    receipt.unit.name,
                    receipt.verify_by.long(lang)
                ),
                Lang::En => format!(
                    "Report {} was received for {}; it is verified by {}.",
                    receipt.display_code,
                    receipt.unit.name,
                    receipt.verify_by.long(lang)
                ),
            },
            account_id: None,
        }
    }
}

/// One item of the spec's error list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311Error {
    /// The HTTP status.
    pub code: u16,
    pub description: String,
}

/// An API key of the back office (`GET /api/v1/petugas/open311-keys`); never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311KeyView {
    pub id: i64,
    /// Who uses it ("Aplikasi Natuna Smart City").
    pub name: String,
    pub created_by: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Open311KeyList {
    pub items: Vec<Open311KeyView>,
}

/// `POST /api/v1/petugas/open311-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct NewOpen311Key {
    pub name: String,
}

/// A key just issued: the only time it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct IssuedOpen311Key {
    pub id: i64,
    pub name: String,
    pub api_key: String,
}

/// The privacy levels a posted request may ask for: a confidential report opens only with the
/// secret its receipt carries, and the spec's answer has no place for it.
pub const PRIVACIES: [Privacy; 2] = [Privacy::Publik, Privacy::Anonim];

/// The Open311 name of a field `NewReport::parse` names (`category` → `service_code`,
/// `answers.x` → `attribute[x]`), for an error's description.
pub fn field_name(wire: &str) -> String {
    match wire {
        "category" => "service_code".into(),
        "body" => "description".into(),
        "location.desa" => format!("attribute[{ATTR_DESA}]"),
        "location.detail" => "address_string".into(),
        "location.lat" => "lat".into(),
        "location.lon" => "long".into(),
        "reporter.name" => "first_name".into(),
        "reporter.phone" => "phone".into(),
        "reporter.email" => "email".into(),
        "type" => format!("attribute[{ATTR_TYPE}]"),
        "privacy" => format!("attribute[{ATTR_PRIVACY}]"),
        "title" => format!("attribute[{ATTR_TITLE}]"),
        other => match other.strip_prefix("answers.") {
            Some(q) => format!("attribute[{q}]"),
            None => other.to_string(),
        },
    }
}

/// A title for a request posted without one: the description's first line, cut at a word to
/// `report::TITLE_MAX` characters.
pub fn title_from(description: &str) -> String {
    let line = description.trim().lines().next().unwrap_or("").trim();
    if line.chars().count() <= crate::report::TITLE_MAX {
        return line.to_string();
    }
    let cut: String = line.chars().take(crate::report::TITLE_MAX - 1).collect();
    let at = cut.rfind(' ').filter(|i| *i > 0).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// The longest name of a key.
pub const KEY_NAME_MAX: usize = 100;

/// A Unix time as a W3C datetime in WIB: `2026-12-02T14:05:00+07:00`.
pub fn w3c(unix: i64) -> String {
    let d = crate::Date::from_unix_wib(unix);
    let (y, m, day) = d.ymd();
    let s = (unix + crate::date::WIB_OFFSET_SECS).rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}+07:00",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// A W3C datetime (`2026-12-01T00:00:00Z`, `…+07:00`, fractions of a second ignored) or a date
/// (`2026-12-01`, midnight WIB) as Unix seconds; `None` if it is neither.
pub fn parse_w3c(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, rest) = s.split_at_checked(10)?;
    let day = crate::Date::parse(date)?;
    // Midnight WIB of that day; the same wall clock in UTC is 7 hours later.
    let wib_midnight = day.end_unix_wib() - 86_400;
    let utc_midnight = wib_midnight + crate::date::WIB_OFFSET_SECS;
    if rest.is_empty() {
        return Some(wib_midnight);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let num = |t: &str| -> Option<i64> {
        (t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok())?
    };
    let hh = num(rest.get(0..2)?)?;
    if rest.get(2..3)? != ":" {
        return None;
    }
    let mm = num(rest.get(3..5)?)?;
    let mut i = 5;
    let mut ss = 0;
    if rest.get(5..6) == Some(":") {
        ss = num(rest.get(6..8)?)?;
        i = 8;
        if rest.get(8..9) == Some(".") {
            i = 9;
            while rest.as_bytes().get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let zone = &rest[i..];
    let offset = match zone {
        "Z" | "z" => 0,
        z if z.len() == 6
            && (z.starts_with('+') || z.starts_with('-'))
            && z.get(3..4) == Some(":") =>
        {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let oh = num(z.get(1..3)?)?;
            let om = num(z.get(4..6)?)?;
            sign * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    Some(utc_midnight + hh * 3600 + mm * 60 + ss - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_are_w3c_in_wib_and_read_back() {
        // 2026-12-02 07:05:09 UTC = 14:05:09 WIB.
        let t = 1_796_195_109;
        assert_eq!(w3c(t), "2026-12-02T14:05:09+07:00");
        assert_eq!(parse_w3c("2026-12-02T14:05:09+07:00"), Some(t));
        assert_eq!(parse_w3c("2026-12-02T07:05:09Z"), Some(t));
        assert_eq!(parse_w3c("2026-12-02T07:05:09.123Z"), Some(t));
        assert_eq!(parse_w3c("2026-12-02T07:05Z"), Some(t - 9));
        assert_eq!(
            parse_w3c("2026-12-02"),
            parse_w3c("2026-12-02T00:00:00+07:00")
        );
        assert_eq!(parse_w3c("2026-12-02T25:00:00Z"), None);
        assert_eq!(parse_w3c("kemarin"), None);
        assert_eq!(parse_w3c("2026-12-02T07:05:09"), None);
        assert_eq!(parse_w3c("2026-12-02T07:05:09+0é:0"), None);
        assert_eq!(parse_w3c("2026-12-0é"), None);
    }

    #[test]
    fn a_long_description_gives_a_title_within_the_limit() {
        let long = "kata ".repeat(100);
        let t = title_from(&long);
        assert!(t.chars().count() <= crate::report::TITLE_MAX);
        assert!(t.ends_with("kata…"));
        assert_eq!(
            title_from("Lampu jalan mati\nsejak seminggu"),
            "Lampu jalan mati"
        );
    }

    #[test]
    fn open_until_terminal() {
        for s in Status::ALL {
            assert_eq!(
                RequestStatus::of(s) == RequestStatus::Closed,
                s.is_terminal()
            );
        }
        assert_eq!(
            RequestStatus::Open.statuses().count() + RequestStatus::Closed.statuses().count(),
            Status::ALL.len()
        );
    }
}
