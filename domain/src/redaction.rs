//! Redaction before harm: an officer removes a name, a phone number or an address typed into a
//! report's title, story, location detail or a public answer (the public reads "[disunting]"),
//! and blacks out regions of a photo (a face, a number plate). Everyone but the coordinator then
//! reads the redacted version — the public, open data, feeds, Open311, search, and the handling
//! unit too; the coordinator alone still reads the original. Every redaction is an internal
//! history entry with who and why. The chain is never rewritten: a redacted answer's entry keeps
//! its original note (hashed), and its proof gives that entry as its content hash only.

use crate::lifecycle::Role;
use crate::report::FieldError;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// What the public reads in place of each redacted fragment.
pub const MARK: &str = "[disunting]";
/// The most fragments or regions one redaction takes.
pub const MAX_FRAGMENTS: usize = 20;
pub const MAX_REGIONS: usize = 20;
/// One fragment's longest length, in characters.
pub const FRAGMENT_MAX: usize = 500;
/// A region's coordinates are in ten-thousandths of the photo's width and height, so one region
/// covers the same part of the full photo and of its thumbnail.
pub const SCALE: u16 = 10_000;
/// Why, in characters.
pub const REASON_MIN: usize = 10;
pub const REASON_MAX: usize = 500;

/// Which part of a report a redaction changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Title,
    Body,
    LocationDetail,
    /// A public history entry's note (an answer, a reason): with the entry's number.
    Entry,
    /// A photo of the report or of an answer: with the photo's number.
    Photo,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Title,
        Part::Body,
        Part::LocationDetail,
        Part::Entry,
        Part::Photo,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Part::Title => "title",
            Part::Body => "body",
            Part::LocationDetail => "location_detail",
            Part::Entry => "entry",
            Part::Photo => "photo",
        }
    }
    pub fn parse(s: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Part::Title, Lang::Id) => "Judul",
            (Part::Title, Lang::En) => "Title",
            (Part::Body, Lang::Id) => "Isi laporan",
            (Part::Body, Lang::En) => "Story",
            (Part::LocationDetail, Lang::Id) => "Detail lokasi",
            (Part::LocationDetail, Lang::En) => "Location detail",
            (Part::Entry, Lang::Id) => "Jawaban/keterangan",
            (Part::Entry, Lang::En) => "Answer/note",
            (Part::Photo, Lang::Id) => "Foto",
            (Part::Photo, Lang::En) => "Photo",
        }
    }
    /// Does it need the number of an entry or a photo?
    pub fn numbered(self) -> bool {
        matches!(self, Part::Entry | Part::Photo)
    }
}

/// A rectangle to black out, in `SCALE`ths of the photo's width and height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Region {
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
}

impl Region {
    /// The pixels it covers on a `width`×`height` image, `[x0, x1) × [y0, y1)`, rounded outwards
    /// so that nothing at its edge survives.
    pub fn pixels(&self, width: u32, height: u32) -> (u32, u32, u32, u32) {
        let s = u64::from(SCALE);
        let lo = |v: u16, n: u32| (u64::from(v) * u64::from(n) / s) as u32;
        let hi =
            |v: u16, n: u32| (u64::from(v) * u64::from(n)).div_ceil(s).min(u64::from(n)) as u32;
        (
            lo(self.x, width),
            lo(self.y, height),
            hi(self.x.saturating_add(self.w), width),
            hi(self.y.saturating_add(self.h), height),
        )
    }
}

/// What a redaction does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Every occurrence of each fragment becomes `MARK`.
    Text(Vec<String>),
    /// The regions become black.
    Regions(Vec<Region>),
    /// The part reads as first written again (`sees_original`: the coordinator's only).
    Restore,
}

/// A checked redaction request (`wire::RedactRequest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    pub part: Part,
    /// The entry's or the photo's number, for `Part::numbered`.
    pub id: Option<i64>,
    pub change: Change,
    pub reason: String,
}

impl Redaction {
    /// Checks a request; every problem named by its field.
    pub fn parse(r: &crate::wire::RedactRequest) -> Result<Redaction, Vec<FieldError>> {
        let mut errors = Vec::new();
        let id = match (r.part.numbered(), r.id) {
            (true, Some(id)) if id > 0 => Some(id),
            (true, _) => {
                errors.push(FieldError::new(
                    "id",
                    "required",
                    "Nomor entri riwayat atau foto yang disunting wajib diisi.",
                    "The number of the history entry or photo to redact is required.",
                ));
                None
            }
            (false, _) => None,
        };
        let change = if r.restore {
            Change::Restore
        } else if r.part == Part::Photo {
            check_regions(&r.regions, &mut errors);
            Change::Regions(r.regions.clone())
        } else {
            Change::Text(check_fragments(&r.fragments, &mut errors))
        };
        let reason = crate::feedback::text_field(
            "reason",
            ("Alasan penyuntingan", "The reason for the redaction"),
            &r.reason,
            REASON_MIN,
            REASON_MAX,
        );
        if let Err(e) = &reason {
            errors.push(e.clone());
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Redaction {
            part: r.part,
            id,
            change,
            reason: reason.expect("checked above"),
        })
    }

    /// The internal history entry: what was redacted and why (who is the entry's officer).
    pub fn note(&self) -> String {
        let what = match (self.part, self.id) {
            (Part::Entry, Some(id)) => format!("Catatan riwayat #{id}"),
            (Part::Photo, Some(id)) => format!("Foto #{id}"),
            (p, _) => p.label(Lang::Id).to_string(),
        };
        let how = match &self.change {
            Change::Text(f) => format!("disunting ({} bagian diganti {MARK})", f.len()),
            Change::Regions(r) => format!("dihitamkan ({} area)", r.len()),
            Change::Restore => "dipulihkan seperti aslinya".to_string(),
        };
        format!("{what} {how}. Alasan: {}", self.reason)
    }
}

fn check_fragments(raw: &[String], errors: &mut Vec<FieldError>) -> Vec<String> {
    let fragments: Vec<String> = raw
        .iter()
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect();
    if fragments.is_empty() {
        errors.push(FieldError::new(
            "fragments",
            "required",
            "Tuliskan bagian teks yang disunting, persis seperti tertulis (satu bagian per baris).",
            "Write the part of the text to redact, exactly as written (one part per line).",
        ));
    } else if fragments.len() > MAX_FRAGMENTS {
        errors.push(FieldError::new(
            "fragments",
            "too_many",
            format!("Paling banyak {MAX_FRAGMENTS} bagian sekali sunting."),
            format!("At most {MAX_FRAGMENTS} parts per redaction."),
        ));
    } else if let Some(i) = fragments
        .iter()
        .position(|f| f.chars().count() > FRAGMENT_MAX)
    {
        errors.push(FieldError::new(
            format!("fragments.{i}"),
            "too_long",
            format!(
                "Bagian ke-{} terlalu panjang (paling banyak {FRAGMENT_MAX} karakter).",
                i + 1
            ),
            format!(
                "Part {} is too long (at most {FRAGMENT_MAX} characters).",
                i + 1
            ),
        ));
    }
    fragments
}

fn check_regions(regions: &[Region], errors: &mut Vec<FieldError>) {
    if regions.is_empty() {
        errors.push(FieldError::new(
            "regions",
            "required",
            "Tandai paling sedikit satu area foto yang dihitamkan.",
            "Mark at least one area of the photo to black out.",
        ));
    } else if regions.len() > MAX_REGIONS {
        errors.push(FieldError::new(
            "regions",
            "too_many",
            format!("Paling banyak {MAX_REGIONS} area sekali sunting."),
            format!("At most {MAX_REGIONS} areas per redaction."),
        ));
    } else if let Some(i) = regions.iter().position(|r| {
        r.w == 0
            || r.h == 0
            || u32::from(r.x) + u32::from(r.w) > u32::from(SCALE)
            || u32::from(r.y) + u32::from(r.h) > u32::from(SCALE)
    }) {
        errors.push(FieldError::new(
            format!("regions.{i}"),
            "invalid",
            format!(
                "Area ke-{} kosong atau di luar foto. Gambarlah ulang di atas foto.",
                i + 1
            ),
            format!(
                "Area {} is empty or outside the photo. Draw it again on the photo.",
                i + 1
            ),
        ));
    }
}

/// `text` with every occurrence of each fragment replaced by `MARK`. A fragment that does not
/// occur (or a redaction that changes nothing) is an error naming it, under the field `field`.
pub fn apply(text: &str, fragments: &[String]) -> Result<String, FieldError> {
    let mut out = text.to_string();
    for (i, f) in fragments.iter().enumerate() {
        if !out.contains(f.as_str()) {
            return Err(FieldError::new(
                format!("fragments.{i}"),
                "not_found",
                format!("Bagian ke-{} (\"{}\") tidak ada di teks ini. Salin persis dari teksnya, termasuk huruf besar-kecil.", i + 1, crate::text::shown(f)),
                format!("Part {} (\"{}\") is not in this text. Copy it exactly from the text, upper and lower case included.", i + 1, crate::text::shown(f)),
            ));
        }
        out = out.replace(f.as_str(), MARK);
    }
    if out == text {
        return Err(FieldError::new(
            "fragments",
            "unchanged",
            "Bagian itu sudah disunting; tidak ada yang berubah.",
            "That part is already redacted; nothing changes.",
        ));
    }
    Ok(out)
}

/// The part asked for has nothing to redact: an empty part, or an entry that is not a public
/// note of this report.
pub fn nothing_there(part: Part) -> FieldError {
    match part {
        Part::Entry => FieldError::new(
            "id",
            "not_found",
            "Catatan riwayat itu tidak ada di laporan ini, tidak tampil ke publik, atau kosong.",
            "That history entry is not in this report, is not public, or has no note.",
        ),
        _ => FieldError::new(
            "part",
            "not_found",
            "Bagian itu kosong di laporan ini; tidak ada yang dapat disunting.",
            "That part is empty in this report; there is nothing to redact.",
        ),
    }
}

/// A restore of a part that was never redacted.
pub fn not_redacted() -> FieldError {
    FieldError::new(
        "restore",
        "not_redacted",
        "Bagian itu belum pernah disunting; tidak ada yang dipulihkan.",
        "That part was never redacted; there is nothing to put back.",
    )
}

/// May this role redact a report it may read? The coordinator any; an OPD liaison its OPD's
/// (reading is already limited to those by `lifecycle::scope`).
pub fn may_redact(role: Role) -> bool {
    matches!(role, Role::Koordinator | Role::PenghubungOpd)
}

/// Who reads the original of a redacted part, and may put it back: the coordinator alone.
pub fn sees_original(role: Role) -> bool {
    role == Role::Koordinator
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::RedactRequest;

    fn req(part: Part, fragments: &[&str], regions: Vec<Region>) -> RedactRequest {
        RedactRequest {
            part,
            id: part.numbered().then_some(7),
            fragments: fragments.iter().map(|s| s.to_string()).collect(),
            regions,
            reason: "Nama warga tidak boleh tampil di publik".into(),
            restore: false,
        }
    }

    #[test]
    fn every_occurrence_becomes_the_mark_and_a_missing_fragment_is_named() {
        let text = "Bu Siti (0812-3456) menolak. Bu Siti marah.";
        let out = apply(text, &["Bu Siti".into(), "0812-3456".into()]).unwrap();
        assert_eq!(out, "[disunting] ([disunting]) menolak. [disunting] marah.");
        let e = apply(text, &["Bu Siti".into(), "bu siti".into()]).unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("fragments.1", "not_found"));
        assert_eq!(apply(&out, &[MARK.into()]).unwrap_err().code, "unchanged");
    }

    #[test]
    fn requests_are_checked_field_by_field() {
        let ok = Redaction::parse(&req(Part::Title, &[" Bu Siti ", ""], vec![])).unwrap();
        assert_eq!(ok.change, Change::Text(vec!["Bu Siti".into()]));
        assert!(
            ok.note().starts_with("Judul disunting (1 bagian"),
            "{}",
            ok.note()
        );
        let e = Redaction::parse(&RedactRequest {
            reason: "x".into(),
            id: None,
            ..req(Part::Entry, &[], vec![])
        })
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["id", "fragments", "reason"]);
        let r = |x, y, w, h| Region { x, y, w, h };
        assert!(Redaction::parse(&req(Part::Photo, &[], vec![r(0, 0, 10_000, 10_000)])).is_ok());
        let e = Redaction::parse(&req(
            Part::Photo,
            &[],
            vec![r(0, 0, 10, 10), r(9_000, 0, 1_001, 10)],
        ))
        .unwrap_err();
        assert_eq!(e[0].field, "regions.1");
        assert_eq!(
            Redaction::parse(&req(Part::Photo, &[], vec![])).unwrap_err()[0].field,
            "regions"
        );
        let back = Redaction::parse(&RedactRequest {
            restore: true,
            ..req(Part::Photo, &[], vec![])
        })
        .unwrap();
        assert_eq!(back.change, Change::Restore);
        assert_eq!(
            back.note(),
            "Foto #7 dipulihkan seperti aslinya. Alasan: Nama warga tidak boleh tampil di publik"
        );
    }

    #[test]
    fn a_region_covers_the_same_part_of_any_size_rounded_outwards() {
        let r = Region {
            x: 2_500,
            y: 5_000,
            w: 5_000,
            h: 2_501,
        };
        assert_eq!(r.pixels(2048, 1536), (512, 768, 1536, 1153));
        assert_eq!(r.pixels(320, 240), (80, 120, 240, 181));
        let all = Region {
            x: 0,
            y: 0,
            w: SCALE,
            h: SCALE,
        };
        assert_eq!(all.pixels(3, 7), (0, 0, 3, 7));
    }

    #[test]
    fn the_coordinator_and_the_liaison_redact_only_the_coordinator_reads_the_original() {
        let redact: Vec<Role> = Role::ALL.into_iter().filter(|r| may_redact(*r)).collect();
        assert_eq!(redact, [Role::Koordinator, Role::PenghubungOpd]);
        let read: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| sees_original(*r))
            .collect();
        assert_eq!(read, [Role::Koordinator]);
    }
}
