//! What people write after a report exists: the reporter's rating, comment, added information
//! and reopening reason, and the officers' answers, reasons and internal notes. Each has its
//! limits here, checked by the app as people type and by the server before anything is stored.

use crate::report::{Checker, FieldError, BODY_MAX};
use crate::text::fmt_num;
use crate::Lang;

pub const RATING_MIN: i64 = 1;
pub const RATING_MAX: i64 = 5;
pub const COMMENT_MAX: usize = 1000;
pub const INFO_MIN: usize = 5;
pub const INFO_MAX: usize = BODY_MAX;
pub const NOTE_MAX: usize = 4000;
/// An answer, a reason for a move or for reopening.
pub const MOVE_TEXT_MAX: usize = 4000;
/// Why a coordinator opens a hidden reporter's identity: the reporter reads it.
pub const IDENTITY_REASON_MIN: usize = 10;
pub const IDENTITY_REASON_MAX: usize = 500;

/// A rating of the answer, 1 to 5.
pub fn rating(value: Option<i64>, required: bool) -> Result<Option<u8>, FieldError> {
    match value {
        None if required => Err(FieldError::new(
            "rating",
            "required",
            format!("Pilih penilaian {RATING_MIN} sampai {RATING_MAX}."),
            format!("Choose a rating from {RATING_MIN} to {RATING_MAX}."),
        )),
        None => Ok(None),
        Some(r) if (RATING_MIN..=RATING_MAX).contains(&r) => Ok(Some(r as u8)),
        Some(_) => Err(FieldError::new(
            "rating",
            "invalid",
            format!("Penilaian berupa angka {RATING_MIN} sampai {RATING_MAX}."),
            format!("The rating is a number from {RATING_MIN} to {RATING_MAX}."),
        )),
    }
}

fn one(
    field: &str,
    label: (&str, &str),
    raw: &Option<String>,
    required: bool,
    min: usize,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let mut c = Checker::new();
    let v = c.text(field, label, raw, required, min, max, true);
    match c.errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(v),
    }
}

/// The reporter's comment with a rating (optional).
pub fn comment(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    one(
        "comment",
        ("Komentar", "The comment"),
        &raw.map(String::from),
        false,
        0,
        COMMENT_MAX,
    )
}

/// Information the reporter adds to an open report.
pub fn info(raw: &str) -> Result<String, FieldError> {
    one(
        "text",
        ("Tambahan informasi", "The additional information"),
        &Some(raw.to_string()),
        true,
        INFO_MIN,
        INFO_MAX,
    )
    .map(Option::unwrap_or_default)
}

/// An officer's internal note.
pub fn note(raw: &str) -> Result<String, FieldError> {
    one(
        "text",
        ("Catatan", "The note"),
        &Some(raw.to_string()),
        true,
        1,
        NOTE_MAX,
    )
    .map(Option::unwrap_or_default)
}

/// A required text field of `min..=max` characters, trimmed: `label` names it in the message.
pub fn text_field(
    field: &str,
    label: (&str, &str),
    raw: &str,
    min: usize,
    max: usize,
) -> Result<String, FieldError> {
    one(field, label, &Some(raw.to_string()), true, min, max).map(Option::unwrap_or_default)
}

/// The reason for opening a hidden reporter's identity (`lifecycle::scope::may_open_identity`).
pub fn identity_reason(raw: &str) -> Result<String, FieldError> {
    text_field(
        "reason",
        (
            "Alasan membuka identitas",
            "The reason for opening the identity",
        ),
        raw,
        IDENTITY_REASON_MIN,
        IDENTITY_REASON_MAX,
    )
}

/// The text a move carries (an answer, a reason): `field` is its wire name. Blank is allowed
/// here; whether the move needs it is `transition`'s rule.
pub fn move_text(field: &str, raw: &str) -> Result<String, FieldError> {
    let label = match field {
        "text" => ("Jawaban", "The answer"),
        "note" => ("Keterangan", "The note"),
        _ => ("Alasan", "The reason"),
    };
    one(
        field,
        label,
        &Some(raw.to_string()),
        false,
        0,
        MOVE_TEXT_MAX,
    )
    .map(Option::unwrap_or_default)
}

/// "4.000 karakter" in the reader's language, for hints built from these limits.
pub fn chars(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("{} karakter", fmt_num(n as u64, lang)),
        Lang::En => format!("{} characters", fmt_num(n as u64, lang)),
    }
}
