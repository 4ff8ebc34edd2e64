//! Is an answer a real answer? KemenPANRB's rule for SP4N-LAPOR! is that a follow-up must not be
//! *normatif*: "akan kami tindak lanjuti" or "sudah diteruskan ke dinas terkait" says nothing. An
//! answer must say what was done or decided (`Part::Action`), by which unit (`Part::Unit`), and
//! when — a date, a number of (working) days, a weekday, a budget year — or why there is no date
//! yet (`Part::Time`).
//!
//! `AnswerCheck::of` reads an answer for those three parts. The officers' screen runs it as the
//! officer types, `lifecycle::transition` refuses an answer that misses a part unless the officer
//! gives a reason to send it anyway (logged), the public answer shows the checklist, and monev
//! counts the answers sent without one.
//!
//! It reads words, not meaning: an action is a verb or noun of concrete work or a decision
//! (`ditambal`, `perbaikan`, `dianggarkan`, `ditolak`), not one of the words that only pass a
//! report on (`ditindaklanjuti`, `diteruskan`, `diproses`, `dikoordinasikan`); a unit is a named
//! office (`Bidang Bina Marga`, `Puskesmas Ranai`, `Dishub`, `PLN ULP Ranai`), not "dinas
//! terkait"; vague times ("segera", "dalam waktu dekat") are not times. Its precision and recall
//! on answers written by someone who never saw this code are measured by `tests/answers.rs`.

use crate::text::Lang;
use serde::{Deserialize, Serialize};

/// The three things a real answer says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Action,
    Unit,
    Time,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Action, Part::Unit, Part::Time];

    /// The checklist's word for it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Part::Action, Lang::Id) => "tindakan",
            (Part::Unit, Lang::Id) => "unit",
            (Part::Time, Lang::Id) => "waktu",
            (Part::Action, Lang::En) => "action",
            (Part::Unit, Lang::En) => "unit",
            (Part::Time, Lang::En) => "time",
        }
    }

    /// How to supply it, for the officer.
    pub fn hint(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Part::Action, Lang::Id) => "sebutkan apa yang sudah dilakukan atau diputuskan (mis. \"lubang sudah ditambal\", \"diusulkan dalam APBD 2027\", \"permohonan ditolak karena …\"), bukan hanya \"akan ditindaklanjuti\" atau \"sudah diteruskan\"",
            (Part::Unit, Lang::Id) => "sebutkan unit yang menangani (mis. \"Bidang Bina Marga Dinas PUPR\", \"Puskesmas Ranai\"), bukan \"dinas terkait\"",
            (Part::Time, Lang::Id) => "sebutkan kapan (tanggal, hari, jumlah hari kerja, tahun anggaran) atau alasan mengapa belum ada jadwal (mis. \"belum dapat dijadwalkan karena menunggu APBD Perubahan\"); \"segera\" tidak cukup",
            (Part::Action, Lang::En) => "say what was done or decided (e.g. \"the pothole was patched\", \"proposed in the 2027 budget\", \"the request is refused because …\"), not only \"will be followed up\" or \"has been forwarded\"",
            (Part::Unit, Lang::En) => "name the unit that handles it (e.g. \"Bidang Bina Marga Dinas PUPR\", \"Puskesmas Ranai\"), not \"the relevant office\"",
            (Part::Time, Lang::En) => "say when (a date, a weekday, a number of working days, a budget year) or why there is no date yet (e.g. \"cannot be scheduled until the revised budget passes\"); \"soon\" is not enough",
        }
    }
}

/// Which of the three parts an answer states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AnswerCheck {
    /// What was done or decided.
    pub action: bool,
    /// By which unit.
    pub unit: bool,
    /// When, or why there is no date.
    pub time: bool,
}

impl AnswerCheck {
    /// Reads an answer.
    pub fn of(text: &str) -> AnswerCheck {
        let words = words(text);
        AnswerCheck {
            action: has_action(&words),
            unit: has_unit(&words),
            time: has_time(text, &words),
        }
    }

    pub fn has(&self, part: Part) -> bool {
        match part {
            Part::Action => self.action,
            Part::Unit => self.unit,
            Part::Time => self.time,
        }
    }

    /// All three parts are there: not a normative answer.
    pub fn is_complete(&self) -> bool {
        self.action && self.unit && self.time
    }

    pub fn missing(&self) -> Vec<Part> {
        Part::ALL.into_iter().filter(|p| !self.has(*p)).collect()
    }

    /// The public checklist in one line: "tindakan ✓ · unit ✓ · waktu ✗".
    pub fn summary(&self, lang: Lang) -> String {
        let parts: Vec<String> = Part::ALL
            .iter()
            .map(|p| format!("{} {}", p.label(lang), if self.has(*p) { "✓" } else { "✗" }))
            .collect();
        parts.join(" · ")
    }

    /// The checklist's heading, with a plain explanation for the title attribute.
    pub fn heading(lang: Lang) -> (&'static str, &'static str) {
        match lang {
            Lang::Id => ("Isi jawaban", "Jawaban yang baik menyebut tindakan yang dilakukan atau diputuskan, unit yang menangani, dan waktunya (atau alasan belum ada jadwal)."),
            Lang::En => ("What the answer states", "A good answer names the action taken or decided, the unit handling it, and when (or why there is no date yet)."),
        }
    }

    /// What is missing and how to supply it, in one message; none for a complete answer.
    pub fn problem(&self, lang: Lang) -> Option<String> {
        let missing = self.missing();
        if missing.is_empty() {
            return None;
        }
        let hints: Vec<String> = missing
            .iter()
            .map(|p| format!("{}: {}", p.label(lang), p.hint(lang)))
            .collect();
        Some(match lang {
            Lang::Id => format!(
                "Jawaban ini masih normatif; belum ada {}. Lengkapi: {}. Bila memang tidak bisa, isi alasan untuk tetap mengirim (dicatat).",
                join(&missing, lang),
                hints.join("; ")
            ),
            Lang::En => format!(
                "This answer is still boilerplate; it has no {}. Add: {}. If that is truly impossible, give a reason to send it anyway (logged).",
                join(&missing, lang),
                hints.join("; ")
            ),
        })
    }
}

fn join(parts: &[Part], lang: Lang) -> String {
    let labels: Vec<&str> = parts.iter().map(|p| p.label(lang)).collect();
    let and = match lang {
        Lang::Id => " dan ",
        Lang::En => " and ",
    };
    match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => labels.join(""),
    }
}

/// Lower-case words of letters and digits; every other character separates them.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

const PREFIXES: [(&str, &str); 17] = [
    ("meng", ""),
    ("meng", "k"),
    ("peng", "k"),
    ("peny", "s"),
    ("meny", "s"),
    ("mem", "p"),
    ("mem", ""),
    ("men", "t"),
    ("men", ""),
    ("me", ""),
    ("di", ""),
    ("ber", ""),
    ("ter", ""),
    ("peng", ""),
    ("pem", "p"),
    ("pen", "t"),
    ("pe", ""),
];
const SUFFIXES: [&str; 5] = ["kannya", "nya", "kan", "an", "i"];

/// Calls `f` with the word and every form left after taking off up to two prefixes (with their
/// sound changes) and one suffix; stops at the first `true`.
fn any_form(word: &str, f: &dyn Fn(&str) -> bool) -> bool {
    let mut forms = vec![word.to_string()];
    for _ in 0..2 {
        let mut next = Vec::new();
        for w in &forms {
            for (p, add) in PREFIXES {
                if let Some(rest) = w.strip_prefix(p) {
                    if rest.len() >= 3 {
                        next.push(format!("{add}{rest}"));
                    }
                }
            }
            if let Some(rest) = w.strip_prefix("per") {
                if rest.len() >= 3 {
                    next.push(rest.to_string());
                }
            }
        }
        forms.extend(next);
    }
    let mut all = forms.clone();
    for w in &forms {
        for s in SUFFIXES {
            if let Some(rest) = w.strip_suffix(s) {
                if rest.len() >= 3 {
                    all.push(rest.to_string());
                }
            }
        }
    }
    all.iter().any(|w| f(w))
}

/// Roots of concrete work and of decisions: a word built on one says what was done or decided.
const ACTION_ROOTS: &[&str] = &[
    // repair and build
    "baik",
    "perbaik",
    "tambal",
    "ganti",
    "pasang",
    "bangun",
    "cor",
    "aspal",
    "timbun",
    "keruk",
    "gali",
    "rehab",
    "rehabilitasi",
    "renovasi",
    "normalisasi",
    "pulih",
    "sambung",
    "benah",
    "bersih",
    "angkut",
    "sedot",
    "pangkas",
    "tebang",
    "potong",
    "bongkar",
    "cat",
    "las",
    "buat",
    "tanam",
    "tutup",
    "buka",
    "tambah",
    "isi",
    "alir",
    "salur",
    "kirim",
    "antar",
    "pasok",
    "distribusi",
    "bagi",
    "serah",
    "cair",
    "bayar",
    "kerja",
    "laksana",
    "operasi",
    "semprot",
    "fogging",
    "vaksin",
    "imunisasi",
    "obat",
    "rawat",
    "rujuk",
    "layan",
    "pindah",
    "tempat",
    "ambil",
    "uji",
    "ukur",
    "periksa",
    "cek",
    "survei",
    "survey",
    "tinjau",
    "kunjung",
    "datang",
    "terjun",
    "turun",
    "patroli",
    "razia",
    "tertib",
    "tegur",
    "panggil",
    "sanksi",
    "sita",
    "segel",
    "henti",
    "tindak",
    "data",
    "verifikasi",
    "validasi",
    "rekam",
    "cetak",
    "terbit",
    "daftar",
    "aktif",
    "aktivasi",
    "ubah",
    "koreksi",
    "perbarui",
    "baru",
    "update",
    "mutakhir",
    "sosialisasi",
    "latih",
    "bina",
    "awas",
    "audit",
    "mediasi",
    "musyawarah",
    "rapat",
    "temu",
    "surat",
    "balas",
    "jelas",
    "jawab",
    // decide
    "anggar",
    "alokasi",
    "usul",
    "aju",
    "jadwal",
    "rencana",
    "prioritas",
    "setuju",
    "tolak",
    "putus",
    "tetap",
    "izin",
    "rekomendasi",
    "lelang",
    "tender",
    "kontrak",
    "tunda",
    "batal",
    "hapus",
    "kembali",
    "tugas",
    "utus",
    "kerah",
    "siap",
    "sedia",
    "umum",
];

/// Words that pass a report on or promise nothing by themselves.
const EMPTY_ROOTS: &[&str] = &[
    "tindaklanjut",
    "lanjut",
    "terus",
    "proses",
    "terima",
    "catat",
    "koordinasi",
    "tampung",
    "ajar",
    "pelajar",
    "perhati",
    "upaya",
    "usaha",
    "sampai",
    "tangan",
    "tanggap",
    "respon",
    "kaji",
    "pantau",
    "tunggu",
    "mohon",
    "sabar",
    "maaf",
    "kasih",
    "harap",
    "informasi",
];

fn is_action_word(w: &str) -> bool {
    // exact words that would otherwise read as actions but promise nothing
    if matches!(
        w,
        "ditindaklanjuti"
            | "menindaklanjuti"
            | "tindak"
            | "ada"
            | "adanya"
            | "baru"
            | "baik"
            | "tempat"
            | "kembali"
            | "kerja"
            | "data"
            | "surat"
            | "jelas"
            | "siap"
            | "tetap"
            | "layanan"
            | "pelayanan"
            | "informasi"
            | "isi"
            | "bagi"
            | "cat"
            | "las"
            | "obat"
            | "buat"
            | "tutup"
            | "petugas"
            | "tugas"
            | "jadwal"
            | "rencana"
            | "usul"
            | "usulan"
            | "izin"
            | "bina"
            | "aktif"
            | "pekerja"
            | "bersama"
            | "angkutan"
            | "bangunan"
            | "umum"
            | "pekerjaan"
    ) {
        return false;
    }
    if any_form(w, &|f| EMPTY_ROOTS.contains(&f)) && !any_form(w, &|f| f == "perbaik") {
        return false;
    }
    any_form(w, &|f| ACTION_ROOTS.contains(&f))
}

fn has_action(words: &[String]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        if !is_action_word(w) {
            return false;
        }
        // "sedang diproses", "akan ditindaklanjuti" are caught above; a bare "disampaikan
        // kepada" is not an action, nor "mohon bersabar"; what is left counts unless it is
        // only a wish ("diharapkan dapat diperbaiki")
        let prev = i.checked_sub(1).map(|j| words[j].as_str());
        !matches!(prev, Some("diharapkan" | "semoga" | "mohon" | "harap"))
    })
}

/// Nouns of offices: a named unit starts with one of these (or is a known acronym).
const OFFICE_NOUNS: &[&str] = &[
    "bidang",
    "seksi",
    "subbidang",
    "subbag",
    "bagian",
    "upt",
    "uptd",
    "dinas",
    "badan",
    "kantor",
    "puskesmas",
    "pustu",
    "poskesdes",
    "polindes",
    "rsud",
    "kecamatan",
    "camat",
    "desa",
    "kelurahan",
    "lurah",
    "kades",
    "pemdes",
    "bumdes",
    "sekretariat",
    "inspektorat",
    "satpol",
    "damkar",
    "bpbd",
    "bappeda",
    "bapenda",
    "bkpsdm",
    "dishub",
    "disdik",
    "dinkes",
    "pupr",
    "dpupr",
    "perkim",
    "dlh",
    "dukcapil",
    "disdukcapil",
    "diskominfo",
    "kominfo",
    "dinsos",
    "dpmd",
    "dpmptsp",
    "disperindag",
    "dispar",
    "disporapar",
    "dkpp",
    "dkp",
    "perumda",
    "pdam",
    "pln",
    "ulp",
    "bpjs",
    "kua",
    "kemenag",
    "polsek",
    "polres",
    "koramil",
    "setda",
    "sekda",
    "bupati",
    "syahbandar",
    "ksop",
    "samsat",
    "dispenda",
    "rt",
    "rw",
    "bpn",
    "telkom",
    "telkomsel",
];

/// Words after an office noun that make it anonymous again: "dinas terkait".
const VAGUE_QUALIFIERS: &[&str] = &[
    "terkait",
    "bersangkutan",
    "berwenang",
    "teknis",
    "setempat",
    "yang",
];

fn has_unit(words: &[String]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        if !OFFICE_NOUNS.contains(&w.as_str()) {
            return false;
        }
        let next = words.get(i + 1).map(String::as_str);
        match next {
            // "dinas yang membidangi" is vague, "dinas yang lain" too; "kantor desa yang …"
            // has its own noun after
            Some(n) if VAGUE_QUALIFIERS.contains(&n) => false,
            // "pihak desa" is still a desa; "desa" alone at the end ("di desa") is a place:
            // an office needs a name or a second noun after it, or to be a known acronym
            _ => is_acronym(w) || next.is_some_and(|n| !is_function_word(n)),
        }
    })
}

fn is_acronym(w: &str) -> bool {
    !matches!(
        w,
        "bidang"
            | "seksi"
            | "bagian"
            | "dinas"
            | "badan"
            | "kantor"
            | "desa"
            | "kecamatan"
            | "kelurahan"
            | "rt"
            | "rw"
            | "sekretariat"
            | "lurah"
            | "camat"
    )
}

/// Words that cannot be part of an office's name.
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "dan"
            | "atau"
            | "di"
            | "ke"
            | "dari"
            | "untuk"
            | "pada"
            | "akan"
            | "sudah"
            | "telah"
            | "sedang"
            | "agar"
            | "supaya"
            | "dengan"
            | "oleh"
            | "ini"
            | "itu"
            | "tersebut"
            | "kami"
            | "kita"
            | "anda"
            | "bapak"
            | "ibu"
            | "sdr"
            | "yth"
            | "karena"
            | "jika"
            | "bila"
            | "masing"
            | "lain"
            | "lainnya"
            | "manapun"
            | "mana"
    )
}

const MONTHS: &[&str] = &[
    "januari",
    "februari",
    "pebruari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "nopember",
    "desember",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "agu",
    "agt",
    "ags",
    "agus",
    "sep",
    "sept",
    "okt",
    "nov",
    "nop",
    "des",
];
const WEEKDAYS: &[&str] = &["senin", "selasa", "rabu", "kamis", "jumat", "sabtu"];
const DURATIONS: &[&str] = &[
    "hari", "pekan", "minggu", "bulan", "jam", "tahun", "triwulan",
];
const COUNT_WORDS: &[&str] = &[
    "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
    "sebelas", "belas", "puluh",
];
const ONE_DURATIONS: &[&str] = &["sehari", "seminggu", "sepekan", "sebulan", "setahun"];
const RELATIVE: &[&str] = &["kemarin", "besok", "lusa", "tadi", "esok"];
const NEXT_WORDS: &[&str] = &["depan", "ini", "lalu", "kemarin", "berikutnya", "mendatang"];
const NO_DATE_VERBS: &[&str] = &[
    "dijadwalkan",
    "ditentukan",
    "dipastikan",
    "diperkirakan",
    "dilaksanakan",
    "dikerjakan",
    "diperbaiki",
    "direalisasikan",
    "ditangani",
    "dianggarkan",
];
const BECAUSE: &[&str] = &[
    "karena",
    "sebab",
    "menunggu",
    "mengingat",
    "akibat",
    "sampai",
];

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
}

fn is_year(w: &str) -> bool {
    is_number(w) && w.len() == 4 && (w.starts_with("20") || w.starts_with("19"))
}

fn has_time(text: &str, words: &[String]) -> bool {
    if has_numeric_date(text) {
        return true;
    }
    let at = |i: Option<usize>| {
        i.and_then(|i| words.get(i))
            .map(String::as_str)
            .unwrap_or("")
    };
    for (i, w) in words.iter().enumerate() {
        let w = w.as_str();
        let prev = at(i.checked_sub(1));
        let next = at(Some(i + 1));
        let counted = is_number(prev) || COUNT_WORDS.contains(&prev);
        let found =
            // "3 Desember", "Desember 2026", "tanggal 5"
            (MONTHS.contains(&w) && (is_number(prev) || is_year(next)))
            || (w == "tanggal" && is_number(next))
            // "TA 2027", "APBD 2027"
            || is_year(w)
            || WEEKDAYS.contains(&w)
            || (w == "minggu" && prev == "hari")
            // "3 hari kerja", "dua minggu" (but "sudah 3 hari" tells how long the problem lasted)
            || (DURATIONS.contains(&w)
                && counted
                && !matches!(at(i.checked_sub(2)), "sudah" | "selama" | "sejak"))
            || ONE_DURATIONS.contains(&w)
            // "hari ini", "minggu depan", "tahun depan"
            || (DURATIONS.contains(&w) && NEXT_WORDS.contains(&next))
            || RELATIVE.contains(&w)
            || (w == "pukul" && is_number(next))
            || (matches!(w, "akhir" | "awal" | "pertengahan")
                && matches!(next, "bulan" | "tahun" | "pekan" | "minggu"))
            || (matches!(w, "triwulan" | "semester" | "tw")
                && (is_number(next)
                    || matches!(next, "i" | "ii" | "iii" | "iv" | "pertama" | "kedua" | "ketiga")))
            // "belum dapat dijadwalkan karena menunggu pengesahan APBD"
            || (NO_DATE_VERBS.contains(&w)
                && words[i.saturating_sub(3)..i]
                    .iter()
                    .any(|p| matches!(p.as_str(), "belum" | "tidak"))
                && words[i + 1..(i + 16).min(words.len())]
                    .iter()
                    .any(|n| BECAUSE.contains(&n.as_str())));
        if found {
            return true;
        }
    }
    false
}

/// "3/12/2026", "03-12-2026", "3.12.26": day, month and year in digits.
fn has_numeric_date(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut groups = Vec::new();
        let mut j = i;
        loop {
            let start = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            groups.push(&text[start..j]);
            if groups.len() < 3
                && j + 1 < b.len()
                && matches!(b[j], b'/' | b'-' | b'.')
                && b[j + 1].is_ascii_digit()
            {
                j += 1;
            } else {
                break;
            }
        }
        if groups.len() == 3 {
            let n = |s: &str| s.parse::<u32>().unwrap_or(0);
            let (d, m, y) = (n(groups[0]), n(groups[1]), groups[2]);
            if (1..=31).contains(&d) && (1..=12).contains(&m) && matches!(y.len(), 2 | 4) {
                return true;
            }
        }
        i = j.max(i + 1);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issues_examples_are_normative() {
        for t in [
            "Akan kami tindak lanjuti.",
            "Terima kasih, laporan sudah diteruskan ke dinas terkait.",
            "Laporan Bapak/Ibu sedang dalam proses.",
        ] {
            let c = AnswerCheck::of(t);
            assert!(!c.is_complete(), "{t}: {c:?}");
            assert!(c.problem(Lang::Id).is_some());
        }
    }

    #[test]
    fn a_full_answer_passes() {
        let c = AnswerCheck::of(
            "Bidang Bina Marga Dinas PUPR telah menambal lubang di Jl. Soekarno-Hatta pada 3 Desember 2026.",
        );
        assert_eq!(
            c,
            AnswerCheck {
                action: true,
                unit: true,
                time: true
            }
        );
        assert_eq!(c.problem(Lang::Id), None);
    }

    #[test]
    fn the_message_names_what_is_missing() {
        let c = AnswerCheck::of("Puskesmas Ranai sudah mengganti obat yang kosong.");
        assert_eq!(c.missing(), vec![Part::Time]);
        let m = c.problem(Lang::Id).unwrap();
        assert!(m.contains("belum ada waktu"), "{m}");
        let c = AnswerCheck::of("Akan segera ditindaklanjuti oleh dinas terkait.");
        assert_eq!(c.missing(), Part::ALL.to_vec());
        assert!(c
            .problem(Lang::En)
            .unwrap()
            .contains("no action, unit and time"));
    }

    #[test]
    fn numeric_dates() {
        assert!(has_numeric_date("pada 3/12/2026"));
        assert!(has_numeric_date("tgl 03-12-26"));
        assert!(!has_numeric_date("RT 02/RW 03"));
        assert!(!has_numeric_date("No. 12"));
    }
}
