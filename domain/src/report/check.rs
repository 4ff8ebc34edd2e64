//! Checking one value at a time: text (length, forbidden characters, normalisation), phone
//! numbers, e-mail addresses and coordinates. `NewReport::parse` and `feedback` use these.

use super::{FieldError, RawCoord, EMAIL_MAX};
use crate::text::{fmt_num, shown, Lang};

/// NFC (when the `nfc` feature is on, as on the server), CRLF→LF, trimmed; `None` when nothing
/// but whitespace is left. Phones' keyboards send composed text, so without NFC (the wasm app)
/// only decomposed input could count a few characters more than the server will.
pub(super) fn clean(s: &Option<String>) -> Option<String> {
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

pub(super) fn coord(
    field: &str,
    raw: &Option<RawCoord>,
    errs: &mut Checker,
) -> Option<Option<f64>> {
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
