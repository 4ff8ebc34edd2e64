//! What a valid report is. `NewReport::parse` turns raw input (a JSON body, a form post, the
//! app's draft) into a report that can only exist valid, or into every field error at once, each
//! addressed to its field and written in Bahasa Indonesia and English. The client shows these
//! errors while the citizen types; the server refuses to store anything that fails them.

use crate::catalog::{self, Category, Region, RegionKind};
use crate::date::Date;
use crate::routing::{self, Route, RouteRequest};
use crate::text::{fmt_num, shown, Lang};
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

/// The limits of a report that the operator may set. The server reads them from its settings
/// and gives them to the app with the page, so both check the same numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ReportType {
    /// A complaint about a service or a problem.
    Pengaduan,
    /// A suggestion or wish.
    Aspirasi,
    /// A request for public information.
    Informasi,
}

impl ReportType {
    pub const ALL: [ReportType; 3] = [
        ReportType::Pengaduan,
        ReportType::Aspirasi,
        ReportType::Informasi,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ReportType::Pengaduan => "pengaduan",
            ReportType::Aspirasi => "aspirasi",
            ReportType::Informasi => "informasi",
        }
    }
    pub fn parse(s: &str) -> Option<ReportType> {
        ReportType::ALL.into_iter().find(|t| t.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReportType::Pengaduan, Lang::Id) => "Pengaduan",
            (ReportType::Aspirasi, Lang::Id) => "Aspirasi",
            (ReportType::Informasi, Lang::Id) => "Permintaan informasi",
            (ReportType::Pengaduan, Lang::En) => "Complaint",
            (ReportType::Aspirasi, Lang::En) => "Suggestion",
            (ReportType::Informasi, Lang::En) => "Information request",
        }
    }
    pub fn explain(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReportType::Pengaduan, Lang::Id) => {
                "Ada layanan atau fasilitas yang bermasalah dan perlu ditangani."
            }
            (ReportType::Aspirasi, Lang::Id) => {
                "Usulan atau saran agar layanan Pemkab Natuna lebih baik."
            }
            (ReportType::Informasi, Lang::Id) => "Meminta informasi publik dari perangkat daerah.",
            (ReportType::Pengaduan, Lang::En) => {
                "A service or facility has a problem that must be dealt with."
            }
            (ReportType::Aspirasi, Lang::En) => {
                "A proposal or suggestion to improve the regency's services."
            }
            (ReportType::Informasi, Lang::En) => {
                "A request for public information from a government office."
            }
        }
    }
}

/// The national privacy choices of SP4N-LAPOR!.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Privacy {
    /// The report and the reporter's name are public.
    Publik,
    /// The report is public; the reporter's identity is hidden from the public and from the
    /// handling unit (only the coordinator sees it).
    Anonim,
    /// The report is not public at all; only the reporter (with the secret) and officers see it.
    Rahasia,
}

impl Privacy {
    pub const ALL: [Privacy; 3] = [Privacy::Publik, Privacy::Anonim, Privacy::Rahasia];
    pub fn code(self) -> &'static str {
        match self {
            Privacy::Publik => "publik",
            Privacy::Anonim => "anonim",
            Privacy::Rahasia => "rahasia",
        }
    }
    pub fn parse(s: &str) -> Option<Privacy> {
        Privacy::ALL.into_iter().find(|p| p.code() == s)
    }
    /// May the report appear in public lists and on the public status page?
    pub fn is_listed(self) -> bool {
        self != Privacy::Rahasia
    }
    /// May the public and the handling unit see who reported it?
    pub fn shows_identity(self) -> bool {
        self == Privacy::Publik
    }
    /// Privacy can be tightened by an officer, never loosened.
    pub fn tighten(self, to: Privacy) -> Privacy {
        self.max(to)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Privacy::Publik, Lang::Id) => "Publik",
            (Privacy::Anonim, Lang::Id) => "Anonim",
            (Privacy::Rahasia, Lang::Id) => "Rahasia",
            (Privacy::Publik, Lang::En) => "Public",
            (Privacy::Anonim, Lang::En) => "Anonymous",
            (Privacy::Rahasia, Lang::En) => "Confidential",
        }
    }
    pub fn explain(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Privacy::Publik, Lang::Id) => "Laporan dan nama Anda dapat dilihat semua orang.",
            (Privacy::Anonim, Lang::Id) => "Laporan dapat dilihat umum, tetapi nama dan kontak Anda disembunyikan dari publik dan dari unit yang menangani.",
            (Privacy::Rahasia, Lang::Id) => "Laporan tidak ditampilkan kepada publik. Hanya Anda (dengan kode rahasia) dan petugas yang dapat melihatnya.",
            (Privacy::Publik, Lang::En) => "Everyone can see the report and your name.",
            (Privacy::Anonim, Lang::En) => "The report is public, but your name and contacts are hidden from the public and from the handling unit.",
            (Privacy::Rahasia, Lang::En) => "The report is not shown publicly. Only you (with the secret code) and officers can see it.",
        }
    }
}

/// A coordinate as it arrives: a JSON number or the text of a form field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawCoord {
    Num(f64),
    Text(String),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawLocation {
    pub desa: Option<String>,
    pub detail: Option<String>,
    pub lat: Option<RawCoord>,
    pub lon: Option<RawCoord>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawReporter {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A photo as announced by the client or seen by the server before decoding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub size: u64,
    pub content_type: String,
}

/// A report as typed: every field optional and unchecked. The wire format of `POST /api/v1/reports`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

/// NFC (when the `nfc` feature is on, as on the server), CRLF→LF, trimmed; `None` when nothing
/// but whitespace is left. Phones' keyboards send composed text, so without NFC (the wasm app)
/// only decomposed input could count a few characters more than the server will.
fn clean(s: &Option<String>) -> Option<String> {
    let s = s.as_deref()?.replace("\r\n", "\n").replace('\r', "\n");
    #[cfg(feature = "nfc")]
    let s: String = unicode_normalization::UnicodeNormalization::nfc(s.as_str()).collect();
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Characters that may not appear in text: control characters (except newline and tab where
/// allowed) and the bidirectional overrides used to disguise text.
fn forbidden_char(c: char, multiline: bool) -> bool {
    (c.is_control() && !(multiline && (c == '\n' || c == '\t')))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}')
}

fn count(s: &str) -> usize {
    s.chars().count()
}

pub(crate) struct Checker {
    pub(crate) errors: Vec<FieldError>,
}

impl Checker {
    pub(crate) fn new() -> Checker {
        Checker { errors: Vec::new() }
    }
    pub(crate) fn push(&mut self, e: FieldError) {
        self.errors.push(e);
    }

    /// A text field: required or not, length bounds, forbidden characters.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(
        &mut self,
        field: &str,
        label: (&str, &str),
        raw: &Option<String>,
        required: bool,
        min: usize,
        max: usize,
        multiline: bool,
    ) -> Option<String> {
        let Some(mut v) = clean(raw) else {
            if required {
                let blank = raw.as_deref().is_some_and(|s| !s.is_empty());
                let (id, en) = if blank {
                    (
                        format!("{} hanya berisi spasi. Tuliskan isinya.", label.0),
                        format!("{} contains only spaces. Please write it.", label.1),
                    )
                } else {
                    (
                        format!("{} wajib diisi.", label.0),
                        format!("{} is required.", label.1),
                    )
                };
                self.push(FieldError::new(field, "required", id, en));
            }
            return None;
        };
        if !multiline {
            v = v.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        if let Some(c) = v.chars().find(|c| forbidden_char(*c, multiline)) {
            let what = if c == '\n' {
                "baris baru"
            } else {
                "karakter kontrol atau tak terlihat"
            };
            let what_en = if c == '\n' {
                "a line break"
            } else {
                "a control or invisible character"
            };
            self.push(FieldError::new(
                field,
                "invalid_character",
                format!(
                    "{} berisi {what} (U+{:04X}). Hapus karakter tersebut.",
                    label.0, c as u32
                ),
                format!(
                    "{} contains {what_en} (U+{:04X}). Please remove it.",
                    label.1, c as u32
                ),
            ));
            return None;
        }
        let n = count(&v);
        if n < min {
            self.push(FieldError::new(
                field,
                "too_short",
                format!(
                    "{} terlalu pendek: minimal {} karakter, sekarang {}. Tambahkan keterangan.",
                    label.0, min, n
                ),
                format!(
                    "{} is too short: at least {} characters, now {}. Please add detail.",
                    label.1, min, n
                ),
            ));
            return None;
        }
        if n > max {
            self.push(FieldError::new(
                field,
                "too_long",
                format!(
                    "{} terlalu panjang: maksimal {} karakter, sekarang {}. Persingkat tulisan Anda.",
                    label.0,
                    fmt_num(max as u64, Lang::Id),
                    fmt_num(n as u64, Lang::Id)
                ),
                format!(
                    "{} is too long: at most {} characters, now {}. Please shorten it.",
                    label.1,
                    fmt_num(max as u64, Lang::En),
                    fmt_num(n as u64, Lang::En)
                ),
            ));
            return None;
        }
        Some(v)
    }
}

/// Normalises an Indonesian phone number to +62…, or `None` when it is not one.
/// Accepts 08…, +628…, 628… and landlines (0773…), with spaces, dots, dashes and brackets.
pub fn normalize_phone(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let national = if let Some(rest) = compact.strip_prefix("+62") {
        rest.to_string()
    } else if let Some(rest) = compact.strip_prefix("62") {
        rest.to_string()
    } else if let Some(rest) = compact.strip_prefix('0') {
        rest.to_string()
    } else {
        return None;
    };
    if !national.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ok = if national.starts_with('8') {
        // Mobile: 08 + 8..11 digits → 9..12 digits after the 0.
        (9..=12).contains(&national.len())
    } else {
        // Landline: area code 2..4 digits starting 2-7 and a subscriber number.
        national.starts_with(['2', '3', '4', '5', '6', '7']) && (8..=11).contains(&national.len())
    };
    ok.then(|| format!("+62{national}"))
}

/// Checks an e-mail address's shape and returns it with the domain lower-cased.
pub fn normalize_email(input: &str) -> Option<String> {
    let (local, domain) = input.rsplit_once('@')?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && domain.rsplit('.').next().is_some_and(|tld| tld.len() >= 2);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    (domain_ok && local_ok && input.len() <= EMAIL_MAX)
        .then(|| format!("{local}@{}", domain.to_lowercase()))
}

fn coord(field: &str, raw: &Option<RawCoord>, errs: &mut Checker) -> Option<Option<f64>> {
    match raw {
        None => Some(None),
        Some(RawCoord::Num(n)) if n.is_finite() => Some(Some(*n)),
        Some(RawCoord::Text(t)) if t.trim().is_empty() => Some(None),
        Some(RawCoord::Text(t)) => match t.trim().replace(',', ".").parse::<f64>() {
            Ok(n) if n.is_finite() => Some(Some(n)),
            _ => {
                errs.push(FieldError::new(
                    field,
                    "invalid",
                    format!("Koordinat \"{}\" bukan angka. Gunakan tombol \"Gunakan lokasi saya\" atau kosongkan.", shown(t)),
                    format!("Coordinate \"{}\" is not a number. Use \"Use my location\" or leave it empty.", shown(t)),
                ));
                None
            }
        },
        Some(RawCoord::Num(_)) => {
            errs.push(FieldError::new(
                field,
                "invalid",
                "Koordinat tidak valid.",
                "The coordinate is not valid.",
            ));
            None
        }
    }
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
        let phone = match clean(&raw.reporter.phone) {
            None => None,
            Some(p) => match normalize_phone(&p) {
                Some(p) => Some(p),
                None => {
                    c.push(FieldError::new(
                        "reporter.phone",
                        "invalid",
                        format!("Nomor telepon \"{}\" tidak valid. Tulis nomor Indonesia, misalnya 0812 3456 7890 atau +62 812 3456 7890.", shown(&p)),
                        format!("Phone number \"{}\" is not valid. Write an Indonesian number, e.g. 0812 3456 7890 or +62 812 3456 7890.", shown(&p)),
                    ));
                    None
                }
            },
        };
        let email = match clean(&raw.reporter.email) {
            None => None,
            Some(e) => match normalize_email(&e) {
                Some(e) => Some(e),
                None => {
                    c.push(FieldError::new(
                        "reporter.email",
                        "invalid",
                        format!("Alamat e-mail \"{}\" tidak valid. Contoh yang benar: nama@contoh.com.", shown(&e)),
                        format!("E-mail address \"{}\" is not valid. A correct example: name@example.com.", shown(&e)),
                    ));
                    None
                }
            },
        };

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
