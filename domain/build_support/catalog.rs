//! Reads, checks and compiles the editable catalog (`domain/catalog/`) into Rust tables.
//!
//! Shared by `build.rs` (which writes the tables into `OUT_DIR`) and by the crate's tests (which
//! feed it broken catalogs and check that the build would fail with a message naming the line).
//! Every check a Diskominfo editor could trip lives here, so a broken catalog never compiles.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use toml::Spanned;

/// The raw text of every catalog file, with the names used in error messages.
pub struct Inputs {
    pub catalog: (String, String),
    pub wilayah: (String, String),
    pub holidays: (String, String),
    pub national: (String, String),
}

impl Inputs {
    pub fn read(dir: &std::path::Path) -> std::io::Result<Inputs> {
        let read = |name: &str| -> std::io::Result<(String, String)> {
            Ok((
                format!("domain/catalog/{name}"),
                std::fs::read_to_string(dir.join(name))?,
            ))
        };
        Ok(Inputs {
            catalog: read("catalog.toml")?,
            wilayah: read("wilayah.csv")?,
            holidays: read("hari-libur.toml")?,
            national: read("kategori-nasional.json")?,
        })
    }
}

/// One problem in the catalog, located at a file and line.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    topic: Vec<RawTopic>,
    #[serde(default)]
    unit: Vec<RawUnit>,
    #[serde(default)]
    question: Vec<RawQuestion>,
    #[serde(default)]
    category: Vec<RawCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    code: Spanned<String>,
    name: String,
    name_en: Option<String>,
    icon: Spanned<String>,
    description: Option<String>,
    description_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    code: Spanned<String>,
    name: String,
    name_en: Option<String>,
    kind: Spanned<String>,
    parent: Option<Spanned<String>>,
    #[serde(default)]
    std: bool,
    kecamatan: Option<Spanned<String>>,
    email: Option<String>,
    guidance: Option<String>,
    guidance_en: Option<String>,
    #[serde(default)]
    coordinator: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    code: Spanned<String>,
    text: String,
    text_en: Option<String>,
    options: Vec<RawOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    value: Spanned<String>,
    label: String,
    label_en: Option<String>,
    /// Words or phrases that, in a complaint's text, already answer the question with this
    /// option (`suggest::answers_in`).
    #[serde(default)]
    cues: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    code: Spanned<String>,
    topic: Spanned<String>,
    name: String,
    name_en: Option<String>,
    description: String,
    description_en: Option<String>,
    national: Spanned<String>,
    national_sub: Option<Spanned<String>>,
    #[serde(default)]
    questions: Vec<Spanned<String>>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    route: Vec<RawRoute>,
    /// Reports of this category wait for an officer before they are public.
    #[serde(default)]
    premoderate: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    when: Option<Spanned<BTreeMap<String, String>>>,
    to: Spanned<String>,
    fallback: Option<Spanned<String>>,
    reason: Spanned<String>,
    reason_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHolidays {
    #[serde(default)]
    libur: Vec<RawHoliday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: Spanned<String>,
    name: String,
    kind: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)]
    confirmed: Option<bool>,
}

pub const ICONS: &[&str] = &[
    "health", "school", "road", "water", "ship", "id", "hands", "village", "fish", "bolt",
    "shield", "building", "dots",
];
const UNIT_KINDS: &[(&str, &str)] = &[
    ("pemkab", "Pemkab"),
    ("opd", "Opd"),
    ("bagian", "Bagian"),
    ("bidang", "Bidang"),
    ("upt", "Upt"),
    ("external", "External"),
];

struct Region {
    code: String,
    name: String,
    kind: &'static str,
    parent: Option<usize>,
}

/// A unit as it will be emitted: catalog units first, then one office per region.
struct Unit {
    code: String,
    name: String,
    name_en: String,
    kind: &'static str,
    parent: Option<String>,
    kecamatan: Option<usize>,
    region: Option<usize>,
    std: bool,
    email: Option<String>,
    guidance: Option<(String, String)>,
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

struct Errors<'a> {
    file: &'a str,
    src: &'a str,
    list: Vec<CatalogError>,
}

impl Errors<'_> {
    fn at<T>(&mut self, spanned: &Spanned<T>, message: String) {
        let line = line_of(self.src, spanned.span().start);
        self.at_line(line, message);
    }
    fn at_line(&mut self, line: usize, message: String) {
        self.list.push(CatalogError {
            file: self.file.to_string(),
            line,
            message,
        });
    }
}

/// A cue as it is stored: lower case, its words separated by one space, anything that is not a
/// letter or digit dropped (`"Jalan  Nasional!"` → `"jalan nasional"`). The runtime reads text the
/// same way before it compares.
fn cue_words(cue: &str) -> String {
    cue.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn parse_regions(file: &str, src: &str, errors: &mut Vec<CatalogError>) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    let mut by_code: HashMap<String, usize> = HashMap::new();
    let mut err = |line: usize, message: String| {
        errors.push(CatalogError {
            file: file.to_string(),
            line,
            message,
        })
    };
    for (i, row) in src.lines().enumerate() {
        let line = i + 1;
        if i == 0 || row.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = row.split(',').map(str::trim).collect();
        if cols.len() != 5 {
            err(
                line,
                format!(
                    "expected 5 columns (kode,nama,jenis,kode_kecamatan,kecamatan), found {}",
                    cols.len()
                ),
            );
            continue;
        }
        let (code, name, kind, parent) = (cols[0], cols[1], cols[2], cols[3]);
        let kind = match kind {
            "kecamatan" => "Kecamatan",
            "desa" => "Desa",
            "kelurahan" => "Kelurahan",
            other => {
                err(
                    line,
                    format!("jenis '{other}' must be kecamatan, desa or kelurahan"),
                );
                continue;
            }
        };
        let shape_ok = code
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            && code.starts_with("21.03.")
            && code.split('.').count() == if kind == "Kecamatan" { 3 } else { 4 };
        if !shape_ok {
            err(
                line,
                format!(
                    "kode '{code}' is not a Natuna (21.03) Kemendagri code of a {}",
                    kind.to_lowercase()
                ),
            );
            continue;
        }
        if by_code.contains_key(code) {
            err(line, format!("duplicate region code '{code}'"));
            continue;
        }
        let parent_idx = if kind == "Kecamatan" {
            None
        } else {
            match by_code.get(parent) {
                Some(&p)
                    if regions[p].kind == "Kecamatan"
                        && code.starts_with(&format!("{parent}.")) =>
                {
                    Some(p)
                }
                _ => {
                    err(line, format!("kode_kecamatan '{parent}' of '{code}' is not a kecamatan listed above it"));
                    continue;
                }
            }
        };
        by_code.insert(code.to_string(), regions.len());
        regions.push(Region {
            code: code.to_string(),
            name: name.to_string(),
            kind,
            parent: parent_idx,
        });
    }
    regions
}

fn valid_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (m >= 1 && m <= 12 && d >= 1 && d <= days[m as usize - 1]).then_some((y, m, d))
}

/// FNV-1a's starting value.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: `h` continued over `bytes`.
pub fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// FNV-1a over every input: the catalog version client and server compare.
fn version(inputs: &Inputs) -> String {
    let mut h = FNV_OFFSET;
    for (_, text) in [
        &inputs.catalog,
        &inputs.wilayah,
        &inputs.holidays,
        &inputs.national,
    ] {
        h = fnv1a(fnv1a(h, text.as_bytes()), &[0xff]);
    }
    format!("{h:016x}")
}

fn text(id: &str, en: &Option<String>) -> String {
    format!(
        "Text {{ id: {:?}, en: {:?} }}",
        id,
        en.as_deref().unwrap_or(id)
    )
}

/// Checks every input and, when all is well, returns the Rust source of the tables.
pub fn compile(inputs: &Inputs) -> Result<String, Vec<CatalogError>> {
    let mut all_errors = Vec::new();
    let regions = parse_regions(&inputs.wilayah.0, &inputs.wilayah.1, &mut all_errors);
    let region_idx: HashMap<&str, usize> = regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.as_str(), i))
        .collect();

    let national: BTreeMap<String, Vec<String>> = match serde_json::from_str(&inputs.national.1) {
        Ok(v) => v,
        Err(e) => {
            all_errors.push(CatalogError {
                file: inputs.national.0.clone(),
                line: e.line(),
                message: e.to_string(),
            });
            BTreeMap::new()
        }
    };

    let (file, src) = (&inputs.catalog.0, &inputs.catalog.1);
    let mut errs = Errors {
        file,
        src,
        list: Vec::new(),
    };
    let raw: RawCatalog = match toml::from_str(src) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map(|s| line_of(src, s.start)).unwrap_or(1);
            errs.at_line(line, e.message().to_string());
            all_errors.extend(errs.list);
            return Err(all_errors);
        }
    };

    // Topics.
    let mut topic_idx: HashMap<&str, usize> = HashMap::new();
    for (i, t) in raw.topic.iter().enumerate() {
        if !valid_code(t.code.get_ref()) {
            errs.at(
                &t.code,
                format!(
                    "topic code '{}' may only hold lowercase letters, digits, '-' and '_'",
                    t.code.get_ref()
                ),
            );
        }
        if topic_idx.insert(t.code.get_ref(), i).is_some() {
            errs.at(
                &t.code,
                format!("duplicate topic code '{}'", t.code.get_ref()),
            );
        }
        if !ICONS.contains(&t.icon.get_ref().as_str()) {
            errs.at(
                &t.icon,
                format!(
                    "unknown icon '{}'; use one of {}",
                    t.icon.get_ref(),
                    ICONS.join(", ")
                ),
            );
        }
    }

    // Units: the catalog's, then the generated region offices.
    let mut units: Vec<Unit> = Vec::new();
    let mut unit_line: HashMap<String, usize> = HashMap::new();
    let mut coordinators = Vec::new();
    let mut roots = 0;
    for u in &raw.unit {
        let code = u.code.get_ref();
        if !valid_code(code) {
            errs.at(
                &u.code,
                format!("unit code '{code}' may only hold lowercase letters, digits, '-' and '_'"),
            );
        }
        if code.starts_with("kec-") || code.starts_with("desa-") || code.starts_with("kel-") {
            errs.at(
                &u.code,
                format!(
                    "unit code '{code}' is reserved for the offices generated from wilayah.csv"
                ),
            );
        }
        if unit_line
            .insert(code.clone(), line_of(src, u.code.span().start))
            .is_some()
        {
            errs.at(&u.code, format!("duplicate unit code '{code}'"));
        }
        let Some(&(_, kind)) = UNIT_KINDS.iter().find(|(k, _)| k == u.kind.get_ref()) else {
            errs.at(
                &u.kind,
                format!(
                    "unit kind '{}' must be one of pemkab, opd, bagian, bidang, upt, external",
                    u.kind.get_ref()
                ),
            );
            continue;
        };
        match (kind, &u.parent) {
            ("Pemkab", None) => roots += 1,
            ("External", None) => {}
            ("Pemkab" | "External", Some(p)) => errs.at(
                p,
                format!("a unit of kind {} has no parent", u.kind.get_ref()),
            ),
            (_, None) => errs.at(
                &u.code,
                format!("unit '{code}' needs a parent (the unit it belongs to)"),
            ),
            _ => {}
        }
        let guidance = match (&u.guidance, kind) {
            (Some(g), "External") => Some((
                g.clone(),
                u.guidance_en.clone().unwrap_or_else(|| g.clone()),
            )),
            (None, "External") => {
                errs.at(&u.code, format!("external unit '{code}' needs `guidance`: where the citizen should go instead"));
                None
            }
            (Some(_), _) => {
                errs.at(
                    &u.code,
                    format!(
                        "only external units carry `guidance` ('{code}' is {})",
                        u.kind.get_ref()
                    ),
                );
                None
            }
            (None, _) => None,
        };
        let kecamatan = match &u.kecamatan {
            None => None,
            Some(k) => match region_idx.get(k.get_ref().as_str()) {
                Some(&r) if regions[r].kind == "Kecamatan" => Some(r),
                _ => {
                    errs.at(
                        k,
                        format!(
                            "kecamatan '{}' is not a kecamatan code in wilayah.csv",
                            k.get_ref()
                        ),
                    );
                    None
                }
            },
        };
        if u.coordinator {
            coordinators.push(units.len());
        }
        units.push(Unit {
            code: code.clone(),
            name: u.name.clone(),
            name_en: u.name_en.clone().unwrap_or_else(|| u.name.clone()),
            kind,
            parent: u.parent.as_ref().map(|p| p.get_ref().clone()),
            kecamatan,
            region: None,
            std: u.std,
            email: u.email.clone(),
            guidance,
        });
    }
    if roots != 1 {
        errs.at_line(
            1,
            format!("there must be exactly one unit of kind pemkab, found {roots}"),
        );
    }
    match coordinators.as_slice() {
        [_] => {}
        _ => errs.at_line(
            1,
            format!(
                "exactly one unit must have `coordinator = true`, found {}",
                coordinators.len()
            ),
        ),
    }
    for u in &raw.unit {
        if let Some(p) = &u.parent {
            if !unit_line.contains_key(p.get_ref()) {
                errs.at(
                    p,
                    format!(
                        "parent '{}' of unit '{}' does not exist",
                        p.get_ref(),
                        u.code.get_ref()
                    ),
                );
            }
        }
    }
    // A parent chain must end at the root, not loop.
    for u in &units {
        let mut seen = HashSet::new();
        let mut cur = u.parent.clone();
        while let Some(p) = cur {
            if !seen.insert(p.clone()) {
                errs.at_line(
                    unit_line[&u.code],
                    format!(
                        "unit '{}' is its own ancestor (parent loop through '{p}')",
                        u.code
                    ),
                );
                break;
            }
            cur = units
                .iter()
                .find(|x| x.code == p)
                .and_then(|x| x.parent.clone());
        }
    }
    for (i, r) in regions.iter().enumerate() {
        let (prefix, kind, title, parent) = match r.kind {
            "Kecamatan" => ("kec", "Kecamatan", "Kantor Camat", "pemkab".to_string()),
            "Desa" => (
                "desa",
                "Desa",
                "Kantor Desa",
                format!("kec-{}", regions[r.parent.unwrap()].code),
            ),
            _ => (
                "kel",
                "Kelurahan",
                "Kantor Lurah",
                format!("kec-{}", regions[r.parent.unwrap()].code),
            ),
        };
        let en = match r.kind {
            "Kecamatan" => "District Office",
            "Desa" => "Village Office",
            _ => "Urban Village Office",
        };
        units.push(Unit {
            code: format!("{prefix}-{}", r.code),
            name: format!("{title} {}", r.name),
            name_en: format!("{} {en}", r.name),
            kind,
            parent: Some(parent),
            kecamatan: if r.kind == "Kecamatan" {
                Some(i)
            } else {
                r.parent
            },
            region: Some(i),
            std: false,
            email: None,
            guidance: None,
        });
    }
    let unit_idx: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.as_str(), i))
        .collect();

    // Questions.
    let mut question_idx: HashMap<&str, usize> = HashMap::new();
    for (i, q) in raw.question.iter().enumerate() {
        if !valid_code(q.code.get_ref()) {
            errs.at(
                &q.code,
                format!(
                    "question code '{}' may only hold lowercase letters, digits, '-' and '_'",
                    q.code.get_ref()
                ),
            );
        }
        if question_idx.insert(q.code.get_ref(), i).is_some() {
            errs.at(
                &q.code,
                format!("duplicate question code '{}'", q.code.get_ref()),
            );
        }
        let mut values = HashSet::new();
        for o in &q.options {
            if !valid_code(o.value.get_ref()) {
                errs.at(
                    &o.value,
                    format!(
                        "option value '{}' may only hold lowercase letters, digits, '-' and '_'",
                        o.value.get_ref()
                    ),
                );
            }
            if !values.insert(o.value.get_ref()) {
                errs.at(
                    &o.value,
                    format!(
                        "duplicate option '{}' in question '{}'",
                        o.value.get_ref(),
                        q.code.get_ref()
                    ),
                );
            }
        }
        // A cue must have a word in it, and may name one option only: a cue shared by two
        // options would always leave the question unanswered.
        let mut cue_owner: HashMap<String, &str> = HashMap::new();
        for o in &q.options {
            for cue in &o.cues {
                let norm = cue_words(cue.get_ref());
                if norm.is_empty() {
                    errs.at(
                        cue,
                        format!(
                            "cue '{}' of option '{}' has no letter or digit in it",
                            cue.get_ref(),
                            o.value.get_ref()
                        ),
                    );
                    continue;
                }
                match cue_owner.insert(norm.clone(), o.value.get_ref()) {
                    Some(other) if other == o.value.get_ref() => errs.at(
                        cue,
                        format!(
                            "cue '{norm}' is listed twice for option '{}'",
                            o.value.get_ref()
                        ),
                    ),
                    Some(other) => errs.at(
                        cue,
                        format!(
                            "cue '{norm}' is given to both '{other}' and '{}' of question '{}': give it to one option only",
                            o.value.get_ref(),
                            q.code.get_ref()
                        ),
                    ),
                    None => {}
                }
            }
        }
        if q.options.len() < 2 {
            errs.at(
                &q.code,
                format!("question '{}' needs at least two options", q.code.get_ref()),
            );
        }
    }

    // Categories and their routes.
    let mut category_codes = HashSet::new();
    let mut topics_used = HashSet::new();
    let resolve_unit = |errs: &mut Errors, s: &Spanned<String>, what: &str| -> Option<usize> {
        let idx = unit_idx.get(s.get_ref().as_str()).copied();
        if idx.is_none() {
            errs.at(
                s,
                format!("{what} '{}' names a unit that does not exist", s.get_ref()),
            );
        }
        idx
    };
    let mut cat_src = String::new();
    for c in &raw.category {
        let code = c.code.get_ref();
        if !valid_code(code) {
            errs.at(
                &c.code,
                format!(
                    "category code '{code}' may only hold lowercase letters, digits, '-' and '_'"
                ),
            );
        }
        if !category_codes.insert(code.clone()) {
            errs.at(&c.code, format!("duplicate category code '{code}'"));
        }
        let topic = topic_idx.get(c.topic.get_ref().as_str()).copied();
        match topic {
            Some(t) => {
                topics_used.insert(t);
            }
            None => errs.at(
                &c.topic,
                format!(
                    "topic '{}' of category '{code}' does not exist",
                    c.topic.get_ref()
                ),
            ),
        }
        match (national.get(c.national.get_ref()), &c.national_sub) {
            (None, _) => errs.at(
                &c.national,
                format!(
                    "'{}' is not a national SP4N-LAPOR! category (kategori-nasional.json)",
                    c.national.get_ref()
                ),
            ),
            (Some(subs), None) if !subs.is_empty() => errs.at(
                &c.national,
                format!(
                    "category '{code}' needs `national_sub`: one of the sub-categories of '{}'",
                    c.national.get_ref()
                ),
            ),
            (Some(subs), Some(sub)) if !subs.iter().any(|s| s == sub.get_ref()) => errs.at(
                sub,
                format!(
                    "'{}' is not a sub-category of national category '{}'",
                    sub.get_ref(),
                    c.national.get_ref()
                ),
            ),
            _ => {}
        }
        let mut qids = Vec::new();
        for q in &c.questions {
            match question_idx.get(q.get_ref().as_str()) {
                Some(&i) => qids.push(i),
                None => errs.at(
                    q,
                    format!(
                        "question '{}' of category '{code}' does not exist",
                        q.get_ref()
                    ),
                ),
            }
        }
        if c.keywords.is_empty() {
            errs.at(
                &c.code,
                format!("category '{code}' needs keywords (the words citizens use for it)"),
            );
        }
        if c.route.is_empty() {
            errs.at(&c.code, format!("category '{code}' has no route: add [[category.route]] rules ending with one without `when`"));
        } else if c.route.last().unwrap().when.is_some() {
            errs.at(&c.route.last().unwrap().to, format!("the last route of category '{code}' must have no `when`, so that every report has a unit"));
        }
        let mut routes_src = String::new();
        for r in &c.route {
            let mut when_src = String::new();
            if let Some(when) = &r.when {
                if when.get_ref().is_empty() {
                    errs.at(
                        when,
                        "an empty `when` matches everything: remove it instead".to_string(),
                    );
                }
                for (k, v) in when.get_ref() {
                    let Some(&qi) = question_idx.get(k.as_str()) else {
                        errs.at(
                            when,
                            format!("`when` names question '{k}' which does not exist"),
                        );
                        continue;
                    };
                    if !c.questions.iter().any(|q| q.get_ref() == k) {
                        errs.at(when, format!("`when` uses question '{k}' which category '{code}' does not ask (add it to `questions`)"));
                    }
                    if !raw.question[qi]
                        .options
                        .iter()
                        .any(|o| o.value.get_ref() == v)
                    {
                        errs.at(when, format!("'{v}' is not an option of question '{k}'"));
                    }
                    let _ = write!(when_src, "(QuestionId({qi}), {v:?}),");
                }
            }
            let target = match r.to.get_ref().as_str() {
                "@desa" => Some("Target::Desa".to_string()),
                "@kecamatan" => Some("Target::Kecamatan".to_string()),
                "@puskesmas" => Some("Target::Puskesmas".to_string()),
                s if s.starts_with('@') => {
                    errs.at(
                        &r.to,
                        format!(
                            "unknown location target '{s}'; use @desa, @kecamatan or @puskesmas"
                        ),
                    );
                    None
                }
                _ => resolve_unit(&mut errs, &r.to, "route target")
                    .map(|u| format!("Target::Unit(UnitId({u}))")),
            };
            let fallback = match (&r.fallback, r.to.get_ref().starts_with('@')) {
                (None, true) => {
                    errs.at(&r.to, format!("location target '{}' needs a `fallback` unit for reports without a location", r.to.get_ref()));
                    None
                }
                (Some(f), _) => {
                    resolve_unit(&mut errs, f, "fallback").map(|u| format!("Some(UnitId({u}))"))
                }
                (None, false) => Some("None".to_string()),
            };
            if r.reason.get_ref().trim().is_empty() {
                errs.at(
                    &r.reason,
                    "every route needs a `reason` the citizen can read".to_string(),
                );
            }
            if let (Some(t), Some(f)) = (target, fallback) {
                let _ = write!(
                    routes_src,
                    "RouteRule {{ when: &[{when_src}], to: {t}, fallback: {f}, reason: {} }},",
                    text(r.reason.get_ref(), &r.reason_en)
                );
            }
        }
        let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
        let _ = write!(
            cat_src,
            "Category {{ code: {:?}, topic: TopicId({}), name: {}, description: {}, national: {:?}, national_sub: {:?}, questions: &[{}], keywords: &{:?}, examples: &{:?}, routes: &[{}], premoderate: {} }},\n",
            code,
            topic.unwrap_or(0),
            text(&c.name, &c.name_en),
            text(&c.description, &c.description_en),
            c.national.get_ref(),
            c.national_sub.as_ref().map(|s| s.get_ref().as_str()).unwrap_or(""),
            qids.iter().map(|q| format!("QuestionId({q})")).collect::<Vec<_>>().join(","),
            lower(&c.keywords),
            if std::env::var_os("CARGO_FEATURE_CATALOG_EXAMPLES").is_some() { &c.examples[..] } else { &[] },
            routes_src,
            c.premoderate,
        );
    }
    for (i, t) in raw.topic.iter().enumerate() {
        if !topics_used.contains(&i) {
            errs.at(
                &t.code,
                format!("topic '{}' has no category", t.code.get_ref()),
            );
        }
    }
    all_errors.extend(errs.list);

    // Holidays.
    let (hfile, hsrc) = (&inputs.holidays.0, &inputs.holidays.1);
    let mut herrs = Errors {
        file: hfile,
        src: hsrc,
        list: Vec::new(),
    };
    let mut holiday_src = String::new();
    match toml::from_str::<RawHolidays>(hsrc) {
        Err(e) => herrs.at_line(
            e.span().map(|s| line_of(hsrc, s.start)).unwrap_or(1),
            e.message().to_string(),
        ),
        Ok(h) => {
            let mut seen = HashSet::new();
            let mut dated: Vec<((i32, u32, u32), String, &str)> = Vec::new();
            for l in &h.libur {
                let kind = match l.kind.get_ref().as_str() {
                    "libur" => "HolidayKind::Libur",
                    "cuti-bersama" => "HolidayKind::CutiBersama",
                    other => {
                        herrs.at(
                            &l.kind,
                            format!("kind '{other}' must be libur or cuti-bersama"),
                        );
                        continue;
                    }
                };
                match valid_date(l.date.get_ref()) {
                    None => herrs.at(
                        &l.date,
                        format!("'{}' is not a date written YYYY-MM-DD", l.date.get_ref()),
                    ),
                    Some(d) if !seen.insert(d) => herrs.at(
                        &l.date,
                        format!("date {} is listed twice", l.date.get_ref()),
                    ),
                    Some(d) => dated.push((d, l.name.clone(), kind)),
                }
            }
            dated.sort();
            for ((y, m, d), name, kind) in dated {
                let _ = write!(holiday_src, "Holiday {{ date: Date::from_ymd_const({y}, {m}, {d}), name: {name:?}, kind: {kind} }},\n");
            }
        }
    }
    all_errors.extend(herrs.list);

    if !all_errors.is_empty() {
        return Err(all_errors);
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated by domain/build.rs from domain/catalog/. Do not edit."
    );
    let _ = writeln!(
        out,
        "pub const CATALOG_VERSION: &str = {:?};",
        version(inputs)
    );
    let _ = writeln!(
        out,
        "pub const COORDINATOR: UnitId = UnitId({});",
        coordinators[0]
    );
    let _ = writeln!(out, "pub static TOPICS: &[Topic] = &[");
    for t in &raw.topic {
        let desc = t.description.clone().unwrap_or_default();
        let _ = writeln!(
            out,
            "Topic {{ code: {:?}, name: {}, icon: {:?}, description: {} }},",
            t.code.get_ref(),
            text(&t.name, &t.name_en),
            t.icon.get_ref(),
            text(&desc, &t.description_en)
        );
    }
    let _ = writeln!(out, "];\npub static UNITS: &[Unit] = &[");
    for u in &units {
        let parent = u
            .parent
            .as_ref()
            .map(|p| format!("Some(UnitId({}))", unit_idx[p.as_str()]))
            .unwrap_or("None".into());
        let guidance = u
            .guidance
            .as_ref()
            .map(|(g, e)| format!("Some({})", text(g, &Some(e.clone()))))
            .unwrap_or("None".into());
        let opt_region = |r: Option<usize>| {
            r.map(|r| format!("Some(RegionId({r}))"))
                .unwrap_or("None".into())
        };
        let _ = writeln!(
            out,
            "Unit {{ code: {:?}, name: Text {{ id: {:?}, en: {:?} }}, kind: UnitKind::{}, parent: {parent}, kecamatan: {}, region: {}, std: {}, email: {:?}, guidance: {guidance} }},",
            u.code, u.name, u.name_en, u.kind, opt_region(u.kecamatan), opt_region(u.region), u.std, u.email
        );
    }
    let _ = writeln!(out, "];\npub static REGIONS: &[Region] = &[");
    for r in &regions {
        let office = unit_idx[format!(
            "{}-{}",
            match r.kind {
                "Kecamatan" => "kec",
                "Desa" => "desa",
                _ => "kel",
            },
            r.code
        )
        .as_str()];
        let parent = r
            .parent
            .map(|p| format!("Some(RegionId({p}))"))
            .unwrap_or("None".into());
        let _ = writeln!(
            out,
            "Region {{ code: {:?}, name: {:?}, kind: RegionKind::{}, parent: {parent}, office: UnitId({office}) }},",
            r.code, r.name, r.kind
        );
    }
    let _ = writeln!(out, "];\npub static QUESTIONS: &[Question] = &[");
    for q in &raw.question {
        let opts: Vec<String> = q
            .options
            .iter()
            .map(|o| {
                // one string, not a slice: a pointer per cue would weigh more in the wasm than
                // the words themselves
                let cues: Vec<String> = if std::env::var_os("CARGO_FEATURE_CATALOG_CUES").is_some()
                {
                    o.cues.iter().map(|c| cue_words(c.get_ref())).collect()
                } else {
                    Vec::new()
                };
                format!(
                    "QuestionOption {{ value: {:?}, label: {}, cues: {:?} }}",
                    o.value.get_ref(),
                    text(&o.label, &o.label_en),
                    cues.join("|")
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "Question {{ code: {:?}, text: {}, options: &[{}] }},",
            q.code.get_ref(),
            text(&q.text, &q.text_en),
            opts.join(",")
        );
    }
    let _ = writeln!(
        out,
        "];\npub static CATEGORIES: &[Category] = &[\n{cat_src}];"
    );
    let _ = writeln!(out, "pub static HOLIDAYS: &[Holiday] = &[\n{holiday_src}];");
    Ok(out)
}
