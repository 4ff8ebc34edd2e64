//! What a valid report is. `NewReport::parse` turns raw input (a JSON body, a form post, the
//! app's draft) into a report that can only exist valid, or into every field error at once, each
//! addressed to its field and written in Bahasa Indonesia and English. The client shows these
//! errors while the citizen types; the server refuses to store anything that fails them.

use crate::catalog::{self, Category, Region, RegionKind};
use crate::date::Date;
use crate::routing::{self, Route, RouteRequest};
use crate::text::{shown, Lang};

mod check;
mod kinds;

pub(crate) use check::Checker;
use check::{clean, coord};
pub use check::{normalize_email, normalize_phone};
pub use kinds::{Channel, Privacy, ReportType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const TITLE_MIN: usize = 10;
pub const TITLE_MAX: usize = 150;
pub const BODY_MIN: usize = 30;
pub const BODY_MAX: usize = 4000;
pub const DETAIL_MAX: usize = 300;
pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
pub const MAX_ATTACHMENTS: usize = 5;
/// The most bytes a report's JSON (without photos) may have: far more than the longest valid
/// report needs (every text at its limit, fully escaped), so only abuse reaches it.
pub const RAW_MAX_BYTES: usize = 64 * 1024;
/// The most answers a report may carry (no category asks more than a few questions).
pub const MAX_ANSWERS: usize = 16;
/// Per photo, as uploaded, unless the server is configured otherwise (`MAX_PHOTO_MB`). The app
/// shrinks photos before sending, so this only stops abuse.
pub const DEFAULT_MAX_PHOTO_MB: u64 = 10;

/// A title from the citizen's own words: the first sentence (the whole text when that is too
/// short), on one line, cut at a word within `TITLE_MAX`.
pub fn title_from(story: &str) -> String {
    let flat = story.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = flat
        .split_inclusive(['.', '!', '?'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches(['.', '!', '?'])
        .to_string();
    let t = if first.chars().count() >= TITLE_MIN {
        first
    } else {
        flat
    };
    if t.chars().count() <= TITLE_MAX {
        return t;
    }
    let cut: String = t.chars().take(TITLE_MAX - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > TITLE_MIN => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The limits of a report that the operator may set. The server reads them from its settings
/// and gives them to the app with the page, so both check the same numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Limits {
    pub max_photo_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::with_photo_mb(DEFAULT_MAX_PHOTO_MB)
    }
}

impl Limits {
    pub fn with_photo_mb(mb: u64) -> Limits {
        Limits {
            max_photo_bytes: mb.saturating_mul(1024 * 1024),
        }
    }
    /// Whole megabytes, for messages ("Maksimal 10 MB per foto").
    pub fn photo_mb(&self) -> u64 {
        self.max_photo_bytes / (1024 * 1024)
    }
    /// The error for photo number `n` (from 1) that is larger than the limit.
    pub fn photo_too_large(&self, n: usize, size: Option<u64>) -> FieldError {
        let mb = self.photo_mb();
        let (id_size, en_size) = match size {
            Some(s) => {
                let v = crate::text::fmt_fixed(s as f64 / 1_048_576.0, 1);
                (format!(" ({v} MB)"), format!(" ({v} MB)"))
            }
            None => (String::new(), String::new()),
        };
        FieldError::new(
            "attachments",
            "too_large",
            format!("Foto ke-{n} terlalu besar{id_size}. Maksimal {mb} MB per foto."),
            format!("Photo {n} is too large{en_size}. At most {mb} MB per photo."),
        )
    }
}

/// The most photos one report carries: the error when there are more.
pub fn too_many_photos(count: Option<usize>) -> FieldError {
    let (id_now, en_now) = match count {
        Some(n) => (format!(", sekarang {n}"), format!(", now {n}")),
        None => (String::new(), String::new()),
    };
    FieldError::new(
        "attachments",
        "too_many",
        format!("Paling banyak {MAX_ATTACHMENTS} foto{id_now}. Hapus sebagian foto."),
        format!("At most {MAX_ATTACHMENTS} photos{en_now}. Please remove some."),
    )
}
pub const ATTACHMENT_TYPES: &[&str] = &["image/jpeg", "image/png", "image/webp"];
/// Natuna's extent, with a margin: a point outside it is not a place in the regency.
pub const NATUNA_LAT: (f64, f64) = (1.5, 5.5);
pub const NATUNA_LON: (f64, f64) = (105.0, 110.0);

/// A coordinate as it arrives: a JSON number or the text of a form field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum RawCoord {
    Num(f64),
    Text(String),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct RawLocation {
    pub desa: Option<String>,
    pub detail: Option<String>,
    pub lat: Option<RawCoord>,
    pub lon: Option<RawCoord>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct RawReporter {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A photo as announced by the client or seen by the server before decoding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AttachmentMeta {
    pub size: u64,
    pub content_type: String,
}

/// A report as typed: every field optional and unchecked. The wire format of `POST /api/v1/reports`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct RawReport {
    #[serde(rename = "type")]
    pub report_type: Option<String>,
    pub category: Option<String>,
    pub answers: BTreeMap<String, String>,
    pub title: Option<String>,
    pub body: Option<String>,
    pub incident_date: Option<String>,
    pub location: RawLocation,
    pub privacy: Option<String>,
    pub reporter: RawReporter,
    pub catalog_version: Option<String>,
    /// Filled by whoever holds the files (the app before upload, the server after receiving).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentMeta>,
}

/// One problem with one field, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The wire name of the field: `title`, `location.desa`, `reporter.phone`, `answers.jenjang`.
    pub field: String,
    /// A stable machine-readable code: `required`, `too_long`, `invalid`, ...
    pub code: &'static str,
    pub message_id: String,
    pub message_en: String,
}

impl FieldError {
    pub(crate) fn new(
        field: impl Into<String>,
        code: &'static str,
        id: impl Into<String>,
        en: impl Into<String>,
    ) -> FieldError {
        FieldError {
            field: field.into(),
            code,
            message_id: id.into(),
            message_en: en.into(),
        }
    }
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.message_id,
            Lang::En => &self.message_en,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// The desa or kelurahan (or, for a non-complaint, possibly a kecamatan).
    pub region: &'static Region,
    pub detail: Option<String>,
    pub coordinates: Option<Coordinates>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reporter {
    pub name: Option<String>,
    /// Normalised to +62…
    pub phone: Option<String>,
    /// Lower-cased domain.
    pub email: Option<String>,
}

/// A report that passed every rule. It can only be made by `parse`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    pub report_type: ReportType,
    pub category: &'static Category,
    /// (question code, option value), only for questions the category asks.
    pub answers: Vec<(&'static str, &'static str)>,
    pub title: String,
    pub body: String,
    pub incident_date: Option<Date>,
    pub location: Option<Location>,
    pub privacy: Privacy,
    pub reporter: Reporter,
    pub attachments: usize,
    _private: (),
}

impl NewReport {
    /// Validates raw input with the default limits. `today` is the current date in Natuna
    /// (WIB), from the caller's clock.
    pub fn parse(raw: &RawReport, today: Date) -> Result<NewReport, Vec<FieldError>> {
        NewReport::parse_with(raw, today, &Limits::default())
    }

    /// Validates raw input with the limits the server is configured with.
    pub fn parse_with(
        raw: &RawReport,
        today: Date,
        limits: &Limits,
    ) -> Result<NewReport, Vec<FieldError>> {
        let mut c = Checker { errors: Vec::new() };

        let report_type = match clean(&raw.report_type) {
            None => {
                c.push(FieldError::new(
                    "type",
                    "required",
                    "Pilih jenis laporan: pengaduan, aspirasi, atau permintaan informasi.",
                    "Choose the kind of report: complaint, suggestion or information request.",
                ));
                None
            }
            Some(t) => match ReportType::parse(&t) {
                Some(t) => Some(t),
                None => {
                    c.push(FieldError::new(
                        "type",
                        "invalid",
                        format!("Jenis laporan \"{}\" tidak dikenal. Pilih pengaduan, aspirasi, atau informasi.", shown(&t)),
                        format!("Unknown report type \"{}\". Choose pengaduan, aspirasi or informasi.", shown(&t)),
                    ));
                    None
                }
            },
        };

        let category = match clean(&raw.category) {
            None => {
                c.push(FieldError::new(
                    "category",
                    "required",
                    "Pilih kategori masalah agar laporan sampai ke unit yang tepat.",
                    "Choose a category so that the report reaches the right unit.",
                ));
                None
            }
            Some(code) => match catalog::category(&code) {
                Some(cat) => Some(cat),
                None => {
                    c.push(FieldError::new(
                        "category",
                        "invalid",
                        format!("Kategori \"{}\" tidak ada dalam daftar. Pilih kategori dari daftar yang tersedia.", shown(&code)),
                        format!("Category \"{}\" is not in the list. Choose one from the list.", shown(&code)),
                    ));
                    None
                }
            },
        };

        let mut answers = Vec::new();
        if raw.answers.len() > MAX_ANSWERS {
            c.push(FieldError::new(
                "answers",
                "too_many",
                format!(
                    "Terlalu banyak jawaban ({}). Jawab hanya pertanyaan kategori yang dipilih.",
                    raw.answers.len()
                ),
                format!(
                    "Too many answers ({}). Answer only the chosen category's questions.",
                    raw.answers.len()
                ),
            ));
        } else if let Some(cat) = category {
            for (k, v) in &raw.answers {
                let field = format!("answers.{}", shown(k));
                let Some(q) = cat.questions().find(|q| q.code == k) else {
                    c.push(FieldError::new(
                        field,
                        "invalid",
                        format!(
                            "Pertanyaan \"{}\" tidak berlaku untuk kategori ini. Hapus jawabannya.",
                            shown(k)
                        ),
                        format!(
                            "Question \"{}\" does not apply to this category. Remove the answer.",
                            shown(k)
                        ),
                    ));
                    continue;
                };
                if v.is_empty() {
                    continue;
                }
                match q.options.iter().find(|o| o.value == v) {
                    Some(o) => answers.push((q.code, o.value)),
                    None => c.push(FieldError::new(
                        field,
                        "invalid",
                        format!("Jawaban \"{}\" bukan salah satu pilihan untuk \"{}\". Pilih dari daftar.", shown(v), q.text.id),
                        format!("\"{}\" is not one of the choices for \"{}\". Choose from the list.", shown(v), q.text.en),
                    )),
                }
            }
        }

        let title = c.text(
            "title",
            ("Judul laporan", "The title"),
            &raw.title,
            true,
            TITLE_MIN,
            TITLE_MAX,
            false,
        );
        let body = c.text(
            "body",
            ("Isi laporan", "The description"),
            &raw.body,
            true,
            BODY_MIN,
            BODY_MAX,
            true,
        );

        let incident_date = match clean(&raw.incident_date) {
            None => None,
            Some(s) => match Date::parse(&s) {
                None => {
                    c.push(FieldError::new(
                        "incident_date",
                        "invalid",
                        format!("Tanggal kejadian \"{}\" tidak valid. Tulis dengan format TTTT-BB-HH, misalnya 2026-11-28.", shown(&s)),
                        format!("Incident date \"{}\" is not valid. Use the format YYYY-MM-DD, e.g. 2026-11-28.", shown(&s)),
                    ));
                    None
                }
                Some(d) if d > today => {
                    c.push(FieldError::new(
                        "incident_date",
                        "in_future",
                        format!("Tanggal kejadian ({}) belum terjadi. Pilih hari ini atau tanggal sebelumnya.", d.long(Lang::Id)),
                        format!("The incident date ({}) is in the future. Choose today or an earlier date.", d.long(Lang::En)),
                    ));
                    None
                }
                Some(d) if d < Date::from_ymd_const(2000, 1, 1) => {
                    c.push(FieldError::new(
                        "incident_date",
                        "too_old",
                        "Tanggal kejadian sebelum tahun 2000. Periksa kembali tahunnya.",
                        "The incident date is before 2000. Please check the year.",
                    ));
                    None
                }
                Some(d) => Some(d),
            },
        };

        // Location.
        let region = match clean(&raw.location.desa) {
            None => {
                if report_type == Some(ReportType::Pengaduan) {
                    c.push(FieldError::new(
                        "location.desa",
                        "required",
                        "Pilih kecamatan dan desa/kelurahan tempat masalah terjadi.",
                        "Choose the district and village where the problem is.",
                    ));
                }
                None
            }
            Some(code) => match catalog::region(&code) {
                Some(r)
                    if r.kind != RegionKind::Kecamatan
                        || report_type != Some(ReportType::Pengaduan) =>
                {
                    Some(r)
                }
                Some(_) => {
                    c.push(FieldError::new(
                        "location.desa",
                        "required",
                        "Pilih juga desa/kelurahan tempat masalah terjadi, bukan hanya kecamatannya.",
                        "Also choose the village where the problem is, not only the district.",
                    ));
                    None
                }
                None => {
                    c.push(FieldError::new(
                        "location.desa",
                        "invalid",
                        format!("Kode wilayah \"{}\" bukan desa/kelurahan di Kabupaten Natuna. Pilih dari daftar.", shown(&code)),
                        format!("Region code \"{}\" is not a village in Natuna. Choose from the list.", shown(&code)),
                    ));
                    None
                }
            },
        };
        let detail = c.text(
            "location.detail",
            ("Detail lokasi", "The location detail"),
            &raw.location.detail,
            false,
            0,
            DETAIL_MAX,
            false,
        );
        let lat = coord("location.lat", &raw.location.lat, &mut c);
        let lon = coord("location.lon", &raw.location.lon, &mut c);
        let coordinates = match (lat, lon) {
            (Some(Some(lat)), Some(Some(lon))) => {
                if (NATUNA_LAT.0..=NATUNA_LAT.1).contains(&lat)
                    && (NATUNA_LON.0..=NATUNA_LON.1).contains(&lon)
                {
                    Some(Coordinates { lat, lon })
                } else {
                    c.push(FieldError::new(
                        "location.lat",
                        "outside_natuna",
                        "Titik lokasi berada di luar Kabupaten Natuna. Periksa lokasi atau kosongkan koordinat.",
                        "The point is outside Natuna Regency. Check the location or leave the coordinates empty.",
                    ));
                    None
                }
            }
            (Some(None), Some(None)) => None,
            (Some(_), Some(_)) => {
                c.push(FieldError::new(
                    "location.lat",
                    "incomplete",
                    "Koordinat harus berisi lintang dan bujur sekaligus. Lengkapi keduanya atau kosongkan.",
                    "Coordinates need both latitude and longitude. Fill in both or leave both empty.",
                ));
                None
            }
            _ => None,
        };
        let location = region.map(|region| Location {
            region,
            detail: detail.clone(),
            coordinates,
        });

        let privacy = match clean(&raw.privacy) {
            None => {
                c.push(FieldError::new(
                    "privacy",
                    "required",
                    "Pilih kerahasiaan laporan: publik, anonim, atau rahasia.",
                    "Choose the privacy of the report: public, anonymous or confidential.",
                ));
                None
            }
            Some(p) => match Privacy::parse(&p) {
                Some(p) => Some(p),
                None => {
                    c.push(FieldError::new(
                        "privacy",
                        "invalid",
                        format!("Pilihan kerahasiaan \"{}\" tidak dikenal. Pilih publik, anonim, atau rahasia.", shown(&p)),
                        format!("Unknown privacy choice \"{}\". Choose publik, anonim or rahasia.", shown(&p)),
                    ));
                    None
                }
            },
        };

        let name = c.text(
            "reporter.name",
            ("Nama pelapor", "Your name"),
            &raw.reporter.name,
            privacy == Some(Privacy::Publik),
            2,
            NAME_MAX,
            false,
        );
        if privacy == Some(Privacy::Publik)
            && name.is_none()
            && c.errors
                .last()
                .is_some_and(|e| e.field == "reporter.name" && e.code == "required")
        {
            // Make the way out explicit: a citizen who does not want a name shown can choose anonim.
            let e = c.errors.last_mut().unwrap();
            e.message_id = "Nama pelapor wajib diisi untuk laporan publik. Jika tidak ingin nama Anda tampil, pilih \"Anonim\".".into();
            e.message_en = "Your name is required for a public report. If you do not want it shown, choose \"Anonymous\".".into();
        }
        let phone = contact_phone(&raw.reporter.phone, "reporter.phone").unwrap_or_else(|e| {
            c.push(e);
            None
        });
        let email = contact_email(&raw.reporter.email, "reporter.email").unwrap_or_else(|e| {
            c.push(e);
            None
        });

        if raw.attachments.len() > MAX_ATTACHMENTS {
            c.push(too_many_photos(Some(raw.attachments.len())));
        }
        for (i, a) in raw.attachments.iter().enumerate() {
            if !ATTACHMENT_TYPES.contains(&a.content_type.as_str()) {
                c.push(FieldError::new(
                    "attachments",
                    "invalid_type",
                    format!(
                        "Foto ke-{} bukan gambar JPEG, PNG, atau WebP. Pilih file foto.",
                        i + 1
                    ),
                    format!(
                        "Photo {} is not a JPEG, PNG or WebP image. Please choose a photo file.",
                        i + 1
                    ),
                ));
            } else if a.size > limits.max_photo_bytes {
                c.push(limits.photo_too_large(i + 1, Some(a.size)));
            }
        }

        match (report_type, category, title, body, privacy) {
            (Some(report_type), Some(category), Some(title), Some(body), Some(privacy))
                if c.errors.is_empty() =>
            {
                Ok(NewReport {
                    report_type,
                    category,
                    answers,
                    title,
                    body,
                    incident_date,
                    location,
                    privacy,
                    reporter: Reporter { name, phone, email },
                    attachments: raw.attachments.len(),
                    _private: (),
                })
            }
            _ => Err(c.errors),
        }
    }

    /// The unit that handles this report, by the catalog's rules.
    pub fn route(&self) -> Route {
        routing::route(&RouteRequest {
            category: self.category.code,
            answers: self.answers.clone(),
            location: self.location.as_ref().map(|l| l.region.code),
        })
    }
}

/// A phone number a citizen gave (`field` names it on the wire), normalized; empty is none.
pub fn contact_phone(
    raw: &Option<String>,
    field: &'static str,
) -> Result<Option<String>, FieldError> {
    match clean(raw) {
        None => Ok(None),
        Some(p) => normalize_phone(&p)
            .map(Some)
            .ok_or_else(|| bad_phone(&p, field)),
    }
}

/// An e-mail address a citizen gave (`field` names it on the wire), normalized; empty is none.
pub fn contact_email(
    raw: &Option<String>,
    field: &'static str,
) -> Result<Option<String>, FieldError> {
    match clean(raw) {
        None => Ok(None),
        Some(e) => normalize_email(&e)
            .map(Some)
            .ok_or_else(|| bad_email(&e, field)),
    }
}

fn bad_phone(p: &str, field: &'static str) -> FieldError {
    FieldError::new(
        field,
        "invalid",
        format!("Nomor telepon \"{}\" tidak valid. Tulis nomor Indonesia, misalnya 0812 3456 7890 atau +62 812 3456 7890.", shown(p)),
        format!("Phone number \"{}\" is not valid. Write an Indonesian number, e.g. 0812 3456 7890 or +62 812 3456 7890.", shown(p)),
    )
}

fn bad_email(e: &str, field: &'static str) -> FieldError {
    FieldError::new(
        field,
        "invalid",
        format!(
            "Alamat e-mail \"{}\" tidak valid. Contoh yang benar: nama@contoh.com.",
            shown(e)
        ),
        format!(
            "E-mail address \"{}\" is not valid. A correct example: name@example.com.",
            shown(e)
        ),
    )
}
