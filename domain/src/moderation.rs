//! Holding a report back from the public before harm: reports of a pre-moderated category
//! (`Category::premoderate`) wait for an officer; a public report marked "mengandung data pribadi
//! / tidak pantas" by enough distinct devices is hidden pending the coordinator's review. A held
//! report leaves every public list, feed, export and Open311, and opens by its code only with the
//! reporter's code (`lifecycle::scope::publicly_listed`, `shown_by_code`). Flags never say who
//! flagged.

use crate::report::FieldError;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// Distinct devices whose flags hide a report (the operator's `FLAG_THRESHOLD`).
pub const FLAG_THRESHOLD_DEFAULT: u32 = 3;
/// Flags one network may send per hour, and in a burst (`FLAGS_PER_HOUR`, `FLAG_BURST`).
pub const FLAGS_PER_HOUR_DEFAULT: u32 = 10;
pub const FLAG_BURST_DEFAULT: u32 = 5;
/// The optional words with a flag.
pub const FLAG_NOTE_MAX: usize = 300;

/// Why a report is held from the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Hold {
    /// Its category is pre-moderated: not public until an officer releases it.
    Premoderation,
    /// Flagged by `FLAG_THRESHOLD` devices: hidden pending the coordinator's review.
    Flags,
}

impl Hold {
    pub fn code(self) -> &'static str {
        match self {
            Hold::Premoderation => "premoderation",
            Hold::Flags => "flags",
        }
    }
    pub fn parse(s: &str) -> Option<Hold> {
        [Hold::Premoderation, Hold::Flags]
            .into_iter()
            .find(|h| h.code() == s)
    }
    /// What the reporter and officers read about it.
    pub fn text(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Hold::Premoderation, Lang::Id) => "Laporan kategori ini ditinjau petugas sebelum tampil di publik. Sampai saat itu laporan hanya dapat dibuka dengan kode pelapor Anda; penanganannya tetap berjalan.",
            (Hold::Premoderation, Lang::En) => "Reports of this category are reviewed by an officer before they are public. Until then it opens only with your reporter code; it is handled all the same.",
            (Hold::Flags, Lang::Id) => "Laporan ini disembunyikan sementara dari publik karena beberapa warga menandainya mengandung data pribadi atau tidak pantas. Koordinator sedang meninjaunya; penanganannya tetap berjalan.",
            (Hold::Flags, Lang::En) => "This report is hidden from the public for now because several people marked it as containing personal data or as inappropriate. The coordinator is reviewing it; it is handled all the same.",
        }
    }
}

/// Why someone flags a public report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    /// It names or shows someone: a name, a face, a phone number, an address.
    DataPribadi,
    /// Insulting, hateful, indecent.
    TidakPantas,
}

impl FlagReason {
    pub const ALL: [FlagReason; 2] = [FlagReason::DataPribadi, FlagReason::TidakPantas];
    pub fn code(self) -> &'static str {
        match self {
            FlagReason::DataPribadi => "data_pribadi",
            FlagReason::TidakPantas => "tidak_pantas",
        }
    }
    pub fn parse(s: &str) -> Option<FlagReason> {
        FlagReason::ALL.into_iter().find(|r| r.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FlagReason::DataPribadi, Lang::Id) => {
                "Mengandung data pribadi (nama, wajah, nomor telepon, alamat)"
            }
            (FlagReason::DataPribadi, Lang::En) => {
                "Contains personal data (a name, a face, a phone number, an address)"
            }
            (FlagReason::TidakPantas, Lang::Id) => {
                "Tidak pantas (menghina, kebencian, tidak senonoh)"
            }
            (FlagReason::TidakPantas, Lang::En) => "Inappropriate (insulting, hateful, indecent)",
        }
    }
}

/// A flag as sent, checked: its reason and optional words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub reason: FlagReason,
    pub note: Option<String>,
}

impl Flag {
    pub fn parse(reason: &str, note: Option<&str>) -> Result<Flag, FieldError> {
        let reason = FlagReason::parse(reason.trim()).ok_or_else(|| {
            FieldError::new(
                "reason",
                "invalid",
                "Pilih alasan: data_pribadi (mengandung data pribadi) atau tidak_pantas.",
                "Choose a reason: data_pribadi (contains personal data) or tidak_pantas (inappropriate).",
            )
        })?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = note {
            let len = n.chars().count();
            if len > FLAG_NOTE_MAX {
                return Err(FieldError::new(
                    "note",
                    "too_long",
                    format!("Keterangan paling banyak {FLAG_NOTE_MAX} karakter (sekarang {len}). Persingkat."),
                    format!("The note is at most {FLAG_NOTE_MAX} characters (now {len}). Shorten it."),
                ));
            }
        }
        Ok(Flag {
            reason,
            note: note.map(String::from),
        })
    }
}

/// The status page's flag form in words: its summary, what a flag does, the reasons' legend,
/// the note's label and the button (the server's page and the tracking app draw the same form).
pub fn form_text(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Id => [
            "Laporkan isi ini (data pribadi / tidak pantas)",
            "Bila cukup banyak warga menandainya, laporan ini disembunyikan sementara dari publik sampai koordinator meninjaunya. Siapa yang menandai tidak pernah ditampilkan.",
            "Alasan",
            "Keterangan (tidak wajib)",
            "Tandai",
        ],
        Lang::En => [
            "Report this content (personal data / inappropriate)",
            "If enough people mark it, this report is hidden from the public until the coordinator reviews it. Who marked it is never shown.",
            "Reason",
            "Note (optional)",
            "Mark",
        ],
    }
}

/// May this role release a held report to the public? A pre-moderated report: the coordinator
/// or the OPD liaison it was routed to; a flagged one: the coordinator, whose review it awaits.
pub fn may_release(role: crate::lifecycle::Role, hold: Hold) -> bool {
    use crate::lifecycle::Role;
    match hold {
        Hold::Premoderation => matches!(role, Role::Koordinator | Role::PenghubungOpd),
        Hold::Flags => role == Role::Koordinator,
    }
}

/// The history note of a report hidden by flags: how many, never who.
pub fn held_note(devices: u32) -> String {
    format!("Disembunyikan sementara dari publik: ditandai oleh {devices} perangkat (data pribadi / tidak pantas). Menunggu tinjauan koordinator.")
}

/// Does this flag, with `before` distinct devices having flagged already, hide the report?
pub fn hides(before: u32, threshold: u32) -> bool {
    before + 1 >= threshold.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_hides_at_the_threshold_and_not_before() {
        assert!(!hides(0, 3));
        assert!(!hides(1, 3));
        assert!(hides(2, 3));
        assert!(hides(0, 1));
        assert!(hides(0, 0), "a threshold of 0 is read as 1");
    }

    #[test]
    fn a_flag_needs_a_known_reason_and_a_short_note() {
        assert_eq!(
            Flag::parse("data_pribadi", Some("  ")),
            Ok(Flag {
                reason: FlagReason::DataPribadi,
                note: None
            })
        );
        assert_eq!(
            Flag::parse("tidak_pantas", Some("kata kasar"))
                .unwrap()
                .note
                .as_deref(),
            Some("kata kasar")
        );
        assert_eq!(Flag::parse("spam", None).unwrap_err().field, "reason");
        assert_eq!(
            Flag::parse("data_pribadi", Some(&"x".repeat(301)))
                .unwrap_err()
                .field,
            "note"
        );
    }

    #[test]
    fn codes_round_trip() {
        for h in [Hold::Premoderation, Hold::Flags] {
            assert_eq!(Hold::parse(h.code()), Some(h));
        }
        for r in FlagReason::ALL {
            assert_eq!(FlagReason::parse(r.code()), Some(r));
        }
    }
}
