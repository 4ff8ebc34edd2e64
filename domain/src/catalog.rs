//! The catalog: topics, units, regions, questions, categories and holidays, compiled from the
//! editable files in `domain/catalog/` by `build.rs`. Lookups are by code (what crosses the wire)
//! or by the small typed ids the tables use internally.

use crate::date::Date;
use crate::text::Text;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u16);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RegionId(pub u16);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TopicId(pub u16);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuestionId(pub u16);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Pemkab,
    Opd,
    Bagian,
    Bidang,
    Upt,
    Kecamatan,
    Desa,
    Kelurahan,
    External,
}

impl UnitKind {
    pub const ALL: [UnitKind; 9] = [
        UnitKind::Pemkab,
        UnitKind::Opd,
        UnitKind::Bagian,
        UnitKind::Bidang,
        UnitKind::Upt,
        UnitKind::Kecamatan,
        UnitKind::Desa,
        UnitKind::Kelurahan,
        UnitKind::External,
    ];
    /// The kind as the wire writes it (serde's name), for writers that do not use serde.
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Pemkab => "pemkab",
            UnitKind::Opd => "opd",
            UnitKind::Bagian => "bagian",
            UnitKind::Bidang => "bidang",
            UnitKind::Upt => "upt",
            UnitKind::Kecamatan => "kecamatan",
            UnitKind::Desa => "desa",
            UnitKind::Kelurahan => "kelurahan",
            UnitKind::External => "external",
        }
    }
}

#[derive(Debug)]
pub struct Unit {
    pub code: &'static str,
    pub name: Text,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    /// The kecamatan a unit serves (puskesmas, kecamatan, desa and kelurahan offices).
    pub kecamatan: Option<RegionId>,
    /// The region whose office this unit is (kecamatan, desa and kelurahan offices only).
    pub region: Option<RegionId>,
    /// The name follows standard nomenclature and is not yet confirmed for Natuna.
    pub std: bool,
    pub email: Option<&'static str>,
    /// For external bodies: where the citizen should take the matter instead.
    pub guidance: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    Kecamatan,
    Desa,
    Kelurahan,
}

#[derive(Debug)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: RegionKind,
    pub parent: Option<RegionId>,
    /// The office (unit) of this kecamatan, desa or kelurahan.
    pub office: UnitId,
}

#[derive(Debug)]
pub struct Topic {
    pub code: &'static str,
    pub name: Text,
    pub icon: &'static str,
    pub description: Text,
}

#[derive(Debug)]
pub struct QuestionOption {
    pub value: &'static str,
    pub label: Text,
    /// Words or phrases (lower case, one space between words, separated by `|`) that, found in
    /// a complaint's text, answer the question with this option: see [`QuestionOption::cues`].
    pub cues: &'static str,
}

impl QuestionOption {
    /// The option's cues: `suggest::answers_in` reads them in a complaint's text.
    pub fn cues(&self) -> impl Iterator<Item = &'static str> {
        self.cues.split('|').filter(|c| !c.is_empty())
    }
}

#[derive(Debug)]
pub struct Question {
    pub code: &'static str,
    pub text: Text,
    pub options: &'static [QuestionOption],
}

/// Where a routing rule sends a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Unit(UnitId),
    /// The office of the desa/kelurahan where the problem is.
    Desa,
    /// The office of the kecamatan where the problem is.
    Kecamatan,
    /// The puskesmas serving the kecamatan where the problem is.
    Puskesmas,
}

#[derive(Debug)]
pub struct RouteRule {
    pub when: &'static [(QuestionId, &'static str)],
    pub to: Target,
    pub fallback: Option<UnitId>,
    pub reason: Text,
}

#[derive(Debug)]
pub struct Category {
    pub code: &'static str,
    pub topic: TopicId,
    pub name: Text,
    pub description: Text,
    pub national: &'static str,
    pub national_sub: &'static str,
    pub questions: &'static [QuestionId],
    pub keywords: &'static [&'static str],
    pub examples: &'static [&'static str],
    pub routes: &'static [RouteRule],
    /// Its reports are held from the public until an officer releases them (reports about a
    /// named official, about violence): `moderation::Hold::Premoderation`.
    pub premoderate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayKind {
    Libur,
    CutiBersama,
}

#[derive(Debug)]
pub struct Holiday {
    pub date: Date,
    pub name: &'static str,
    pub kind: HolidayKind,
}

include!(concat!(env!("OUT_DIR"), "/catalog_gen.rs"));

impl UnitId {
    pub fn get(self) -> &'static Unit {
        &UNITS[self.0 as usize]
    }
}
impl RegionId {
    pub fn get(self) -> &'static Region {
        &REGIONS[self.0 as usize]
    }
}
impl TopicId {
    pub fn get(self) -> &'static Topic {
        &TOPICS[self.0 as usize]
    }
}
impl QuestionId {
    pub fn get(self) -> &'static Question {
        &QUESTIONS[self.0 as usize]
    }
}

pub fn unit_id(code: &str) -> Option<UnitId> {
    UNITS
        .iter()
        .position(|u| u.code == code)
        .map(|i| UnitId(i as u16))
}
pub fn unit(code: &str) -> Option<&'static Unit> {
    unit_id(code).map(UnitId::get)
}
pub fn region_id(code: &str) -> Option<RegionId> {
    REGIONS
        .iter()
        .position(|r| r.code == code)
        .map(|i| RegionId(i as u16))
}
pub fn region(code: &str) -> Option<&'static Region> {
    region_id(code).map(RegionId::get)
}
pub fn category(code: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.code == code)
}
pub fn topic(code: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.code == code)
}
pub fn question(code: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.code == code)
}

impl Unit {
    pub fn id(&self) -> UnitId {
        unit_id(self.code).expect("a unit of the table")
    }
    pub fn parent(&self) -> Option<&'static Unit> {
        self.parent.map(UnitId::get)
    }
    pub fn is_external(&self) -> bool {
        self.kind == UnitKind::External
    }
    /// The OPD (or kecamatan office, or external body) this unit belongs to: the ancestor just
    /// below the Pemkab root, or the unit itself.
    pub fn opd(&self) -> &'static Unit {
        let mut cur: &'static Unit = self.id().get();
        while let Some(p) = cur.parent() {
            if p.kind == UnitKind::Pemkab {
                break;
            }
            cur = p;
        }
        cur
    }
    /// True when `self` is `other` or lies beneath it in the organisation tree.
    pub fn is_within(&self, other: &Unit) -> bool {
        let mut cur: Option<&Unit> = Some(self);
        while let Some(u) = cur {
            if u.code == other.code {
                return true;
            }
            cur = u.parent();
        }
        false
    }
    /// This unit and every unit beneath it.
    pub fn subtree(&'static self) -> impl Iterator<Item = &'static Unit> {
        UNITS.iter().filter(move |u| u.is_within(self))
    }
    /// "Dinas Perhubungan — Bidang Perhubungan Udara": the OPD, then the unit when it is deeper.
    pub fn display_name(&self, lang: crate::Lang) -> String {
        let opd = self.opd();
        if opd.code == self.code {
            self.name.get(lang).to_string()
        } else {
            format!("{} — {}", opd.name.get(lang), self.name.get(lang))
        }
    }
}

impl Category {
    pub fn topic(&self) -> &'static Topic {
        self.topic.get()
    }
    pub fn questions(&self) -> impl Iterator<Item = &'static Question> {
        self.questions.iter().map(|q| q.get())
    }
    /// Can a report of this category end up with this unit (an OPD, or one of its bidang/UPT)?
    /// True when a rule of the category, or its fallback, names a unit within it.
    pub fn reaches(&self, unit: &Unit) -> bool {
        self.routes.iter().any(|r| {
            let to = match r.to {
                Target::Unit(u) => Some(u.get()),
                Target::Desa | Target::Kecamatan | Target::Puskesmas => None,
            };
            to.into_iter()
                .chain(r.fallback.map(UnitId::get))
                .any(|u| u.is_within(unit))
        })
    }
}

/// The categories a form embedded on an OPD's site offers: those that can reach the OPD, or
/// every category when none does (or when no OPD is given).
pub fn categories_for(opd: Option<&Unit>) -> Vec<&'static Category> {
    let reaching: Vec<&'static Category> = match opd {
        Some(o) => CATEGORIES.iter().filter(|c| c.reaches(o)).collect(),
        None => Vec::new(),
    };
    if reaching.is_empty() {
        CATEGORIES.iter().collect()
    } else {
        reaching
    }
}

impl Region {
    pub fn id(&self) -> RegionId {
        region_id(self.code).expect("a region of the table")
    }
    /// "Sepempang, Kec. Bunguran Timur" for a desa or kelurahan; "Kec. Bunguran Timur" for a
    /// kecamatan. The one way a place is named on every page, list and message.
    pub fn display_name(&self) -> String {
        match self.parent {
            Some(p) => format!("{}, Kec. {}", self.name, p.get().name),
            None => format!("Kec. {}", self.name),
        }
    }
    /// The kecamatan this region is (or lies in).
    pub fn kecamatan(&self) -> &'static Region {
        match self.parent {
            Some(p) => p.get(),
            None => self.id().get(),
        }
    }
}

/// The category for whatever fits no other ("Lainnya"): the coordinator triages it, and the
/// officers' screen suggests better categories from its words.
pub const FALLBACK_CATEGORY: &str = "lainnya";

/// The coordinator unit (Diskominfo, Bidang PIKP) that triages unroutable reports.
/// What the service is, and what it is not yet, towards the national system: on every page's
/// footer (the app's and the server's).
pub fn national_note(lang: crate::Lang) -> &'static str {
    match lang {
        crate::Lang::Id => "Pemerintah Kabupaten Natuna · Kategori laporan dipetakan ke kategori nasional SP4N-LAPOR! dan petugas dapat mengekspor data untuk laporan ke SP4N-LAPOR!; layanan ini belum tersambung langsung dengan SP4N-LAPOR!.",
        crate::Lang::En => "Natuna Regency Government · Report categories are mapped to the national SP4N-LAPOR! categories and officers can export the data for the report to SP4N-LAPOR!; this service is not yet connected to SP4N-LAPOR! directly.",
    }
}

pub fn coordinator() -> &'static Unit {
    COORDINATOR.get()
}

/// The puskesmas that serves a kecamatan, if the catalog lists one.
pub fn puskesmas_of(kecamatan: RegionId) -> Option<&'static Unit> {
    UNITS
        .iter()
        .find(|u| u.kind == UnitKind::Upt && u.kecamatan == Some(kecamatan) && u.region.is_none())
}

// Table entries are identified by their code.
macro_rules! eq_by_code {
    ($($t:ty),*) => {$(
        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.code == other.code
            }
        }
        impl Eq for $t {}
    )*};
}
eq_by_code!(Unit, Region, Category, Topic, Question);
