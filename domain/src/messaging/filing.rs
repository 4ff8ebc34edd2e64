//! Filing a report in a chat (WhatsApp): a guided conversation whose every step is decided here,
//! so that a report filed by chat is the same report, checked by the same `NewReport::parse` and
//! routed by the same rules, as one filed on the web.
//!
//! The steps: the citizen tells the problem in their own words (several messages add up) → the
//! top three categories from `suggest` as numbered choices, each with the unit it would go to →
//! the category's questions the words did not already answer → the desa or kelurahan, by name,
//! one typo allowed (`suggest::places_named`; a kecamatan's name lists its desa) → photos sent in
//! the chat → the privacy choice (and a name for a public report) → a summary with the handling
//! unit and the reason → "KIRIM". "BATAL" ends it at any step.
//!
//! Structure is the filter: chat that names no problem starts nothing (`Filing::begin`), and
//! nothing is filed before the summary is confirmed. The server stores a `Filing` between
//! messages and forgets it `FILING_TTL_SECS` after the last one.

use crate::catalog::{self, Category, Question, Region, RegionKind, REGIONS};
use crate::report::{
    title_from, Privacy, RawLocation, RawReport, RawReporter, ReportType, BODY_MAX, BODY_MIN,
    MAX_ATTACHMENTS, NAME_MAX,
};
use crate::routing::{route, Route, RouteRequest};
use crate::suggest;
use crate::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A conversation is forgotten this long after the citizen's last message (WhatsApp's own
/// window for free replies).
pub const FILING_TTL_SECS: i64 = super::WHATSAPP_WINDOW_SECS;
/// Categories offered for the story.
pub const OFFERED: usize = 3;
/// The most desa listed in one message.
const PLACES_LISTED: usize = 30;

/// The word that starts a report, alone or followed by the story.
const START: &str = "LAPOR";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    #[default]
    Story,
    Category,
    Question,
    Place,
    Photos,
    Privacy,
    Name,
    Confirm,
}

/// A report being written in a chat: what the citizen has said so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filing {
    /// Chosen by the server when the conversation starts; the report's idempotency key is made
    /// from it, so that confirming twice files one report.
    pub id: String,
    pub step: Step,
    pub story: String,
    /// Category codes offered, in the order numbered.
    pub offered: Vec<String>,
    pub category: Option<String>,
    pub answers: BTreeMap<String, String>,
    /// Region codes offered, in the order numbered (one: a yes/no question).
    pub places: Vec<String>,
    pub desa: Option<String>,
    /// The provider's media ids of the photos sent, in order.
    pub photos: Vec<String>,
    pub privacy: Option<Privacy>,
    pub name: Option<String>,
}

/// One message of the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input<'a> {
    Text(&'a str),
    /// A photo, by the provider's media id.
    Photo(&'a str),
}

/// What happens after a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Turn {
    /// Keep the conversation and send this reply.
    Ask(Filing, String),
    /// Confirmed: file `Filing::raw` (the server's receipt is the reply).
    Send(Filing),
    /// Ended without a report: forget it and send this reply.
    Cancel(String),
}

fn keyword(text: &str) -> String {
    text.trim().trim_end_matches(['.', '!', ',']).to_uppercase()
}

fn number(text: &str, max: usize) -> Option<usize> {
    let n: usize = text.trim().trim_end_matches('.').parse().ok()?;
    (1..=max).contains(&n).then_some(n - 1)
}

fn category_of(code: &str) -> Option<&'static Category> {
    catalog::category(code)
}

impl Filing {
    /// A conversation starts with "LAPOR" (alone, or followed by the story), or with a message
    /// that names a problem the suggestions recognise. Anything else (a greeting, a joke, a
    /// question) starts nothing: None.
    pub fn begin(id: String, text: &str) -> Option<Turn> {
        let t = text.trim();
        let (first, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
        let f = Filing {
            id,
            ..Default::default()
        };
        if keyword(first) == START {
            if rest.trim().is_empty() {
                return Some(Turn::Ask(f, prompt_story(true)));
            }
            return Some(f.story(rest));
        }
        if suggest::suggest(t, 1).is_empty() {
            return None;
        }
        Some(f.story(t))
    }

    /// The next turn for one message.
    pub fn next(self, input: Input<'_>) -> Turn {
        let text = match input {
            Input::Photo(id) => return self.photo(id),
            Input::Text(t) => t,
        };
        if keyword(text) == "BATAL" {
            return Turn::Cancel(
                "Laporan dibatalkan; tidak ada yang dikirim. Ketik LAPOR untuk memulai lagi."
                    .into(),
            );
        }
        match self.step {
            Step::Story => self.story(text),
            Step::Category => match number(text, self.offered.len()) {
                Some(i) => {
                    let code = self.offered[i].clone();
                    self.choose_category(&code)
                }
                None if text.trim().parse::<u64>().is_ok() => {
                    let n = self.offered.len();
                    self.ask(format!(
                        "Balas dengan angka 1–{n}, atau tambahkan keterangan dengan kata lain."
                    ))
                }
                // Not a number: more words about the problem, suggested again.
                None => self.story(text),
            },
            Step::Question => self.answer(text),
            Step::Place => self.place(text),
            Step::Photos => match keyword(text).as_str() {
                "LANJUT" | "LEWATI" | "SUDAH" | "TIDAK" | "TIDAK ADA" => self.ask_privacy(),
                _ => {
                    let left = photos_left(&self);
                    self.ask(format!(
                        "Kirim foto masalahnya, atau balas LANJUT bila sudah (atau tanpa foto). {left}"
                    ))
                }
            },
            Step::Privacy => match number(text, Privacy::ALL.len()) {
                Some(i) => {
                    let mut f = self;
                    f.privacy = Some(Privacy::ALL[i]);
                    if Privacy::ALL[i] == Privacy::Publik {
                        f.step = Step::Name;
                        f.ask(prompt_name().into())
                    } else {
                        f.name = None;
                        f.confirm()
                    }
                }
                None => self.ask(format!("Balas dengan angka 1–3.\n\n{}", prompt_privacy())),
            },
            Step::Name => {
                let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if keyword(&name) == "ANONIM" {
                    let mut f = self;
                    f.privacy = Some(Privacy::Anonim);
                    return f.confirm();
                }
                let n = name.chars().count();
                if !(2..=NAME_MAX).contains(&n) || name.chars().any(char::is_control) {
                    return self.ask(format!("Nama harus 2–{NAME_MAX} huruf. {}", prompt_name()));
                }
                let mut f = self;
                f.name = Some(name);
                f.confirm()
            }
            Step::Confirm => match keyword(text).as_str() {
                "KIRIM" | "YA" => Turn::Send(self),
                _ => {
                    let summary = self.summary();
                    self.ask(summary)
                }
            },
        }
    }

    fn ask(self, text: String) -> Turn {
        Turn::Ask(self, text)
    }

    /// More of the story: checked for length, then the categories it suggests.
    fn story(mut self, text: &str) -> Turn {
        let t = text.trim();
        if !t.is_empty() {
            if !self.story.is_empty() {
                self.story.push('\n');
            }
            self.story.push_str(t);
        }
        self.step = Step::Story;
        let n = self.story.chars().count();
        if n > BODY_MAX {
            self.story.clear();
            return self.ask(format!(
                "Cerita terlalu panjang ({n} huruf; paling banyak {BODY_MAX}). Ringkas lalu kirim ulang."
            ));
        }
        if n < BODY_MIN {
            return self.ask(format!(
                "Ceritakan sedikit lebih lengkap (paling sedikit {BODY_MIN} huruf): apa masalahnya, di mana, dan sejak kapan. Balas BATAL untuk berhenti."
            ));
        }
        let found = suggest::suggest(&self.story, OFFERED);
        if found.is_empty() {
            return self.ask(
                "Kami belum dapat mengenali masalahnya. Tambahkan keterangan, mis. \"jalan berlubang di depan SD 1 Ranai sejak Oktober\"."
                    .into(),
            );
        }
        self.offered = found.iter().map(|s| s.category.code.to_string()).collect();
        self.step = Step::Category;
        let mut t = String::from("Laporan Anda termasuk yang mana? Balas nomornya:\n");
        for (i, s) in found.iter().enumerate() {
            t.push_str(&format!(
                "{}. {} (ditangani {})\n",
                i + 1,
                s.category.name.get(Lang::Id),
                s.route.unit.display_name(Lang::Id)
            ));
        }
        t.push_str("Bila tidak ada yang cocok, tambahkan keterangan dengan kata lain. Balas BATAL untuk berhenti.");
        self.ask(t)
    }

    fn choose_category(mut self, code: &str) -> Turn {
        let Some(cat) = category_of(code) else {
            return self.story("");
        };
        self.category = Some(cat.code.to_string());
        self.answers = suggest::answers_in(&self.story, cat)
            .into_iter()
            .map(|(q, o)| (q.to_string(), o.to_string()))
            .collect();
        self.after_answers()
    }

    /// The category's first question not yet answered.
    fn open_question(&self) -> Option<&'static Question> {
        let cat = category_of(self.category.as_deref()?)?;
        cat.questions().find(|q| !self.answers.contains_key(q.code))
    }

    fn after_answers(mut self) -> Turn {
        match self.open_question() {
            Some(q) => {
                self.step = Step::Question;
                self.ask(prompt_question(q))
            }
            None => self.ask_place(),
        }
    }

    fn answer(mut self, text: &str) -> Turn {
        let Some(q) = self.open_question() else {
            return self.ask_place();
        };
        match number(text, q.options.len()) {
            Some(i) => {
                self.answers
                    .insert(q.code.to_string(), q.options[i].value.to_string());
                self.after_answers()
            }
            None => self.ask(format!(
                "Balas dengan angka 1–{}.\n\n{}",
                q.options.len(),
                prompt_question(q)
            )),
        }
    }

    /// Asks where, offering the place the story names when it names one.
    fn ask_place(mut self) -> Turn {
        self.step = Step::Place;
        self.places.clear();
        match suggest::place_in(&self.story) {
            Some(r) if r.kind != RegionKind::Kecamatan => {
                self.places = vec![r.code.to_string()];
                let t = format!(
                    "Apakah lokasinya di {}? Balas YA, atau tulis nama desa/kelurahan lain.",
                    r.display_name()
                );
                self.ask(t)
            }
            Some(k) => self.list_places(desa_of(k), None),
            None => self.ask(prompt_place().into()),
        }
    }

    fn place(mut self, text: &str) -> Turn {
        let offered: Vec<&'static Region> = self
            .places
            .iter()
            .filter_map(|c| catalog::region(c))
            .collect();
        let pick = match (keyword(text).as_str(), &offered[..]) {
            ("YA" | "BENAR" | "IYA", [one]) => Some(*one),
            _ => number(text, offered.len()).map(|i| offered[i]),
        };
        if let Some(r) = pick {
            return self.ask_photos(r);
        }
        let mut found: Vec<&'static Region> = Vec::new();
        for r in suggest::places_named(text) {
            let more = if r.kind == RegionKind::Kecamatan {
                desa_of(r)
            } else {
                vec![r]
            };
            for d in more {
                if !found.contains(&d) {
                    found.push(d);
                }
            }
        }
        match found[..] {
            [one] => self.ask_photos(one),
            [] => {
                self.places.clear();
                let typed: String = text.trim().chars().take(60).collect();
                self.ask(format!(
                    "Tidak ada desa/kelurahan di Kabupaten Natuna bernama \"{typed}\". Periksa ejaannya, atau tulis nama kecamatannya untuk melihat daftar desanya."
                ))
            }
            _ => self.list_places(found, Some(text)),
        }
    }

    fn list_places(mut self, places: Vec<&'static Region>, typed: Option<&str>) -> Turn {
        let places: Vec<&Region> = places.into_iter().take(PLACES_LISTED).collect();
        self.places = places.iter().map(|r| r.code.to_string()).collect();
        let mut t = match typed {
            Some(_) => String::from("Ada beberapa tempat dengan nama itu. Balas nomornya:\n"),
            None => String::from("Di desa/kelurahan mana? Balas nomornya:\n"),
        };
        for (i, r) in places.iter().enumerate() {
            t.push_str(&format!("{}. {}\n", i + 1, r.display_name()));
        }
        t.push_str("Atau tulis nama desa/kelurahannya.");
        self.ask(t)
    }

    fn ask_photos(mut self, desa: &'static Region) -> Turn {
        self.desa = Some(desa.code.to_string());
        self.places.clear();
        self.step = Step::Photos;
        let t = if self.photos.is_empty() {
            format!(
                "Lokasi: {}.\n\nKirim foto masalahnya (paling banyak {MAX_ATTACHMENTS}); foto membantu petugas. Setelah selesai, balas LANJUT. Tanpa foto, balas LEWATI.",
                desa.display_name()
            )
        } else {
            format!(
                "Lokasi: {}.\n\n{} foto sudah diterima. Kirim foto lain, atau balas LANJUT.",
                desa.display_name(),
                self.photos.len()
            )
        };
        self.ask(t)
    }

    /// A photo is kept at any step (people often send it first) up to the limit.
    fn photo(mut self, media_id: &str) -> Turn {
        if self.photos.len() >= MAX_ATTACHMENTS {
            let again = self.prompt();
            return self.ask(format!(
                "Sudah {MAX_ATTACHMENTS} foto, batas satu laporan; foto ini tidak disertakan.\n\n{again}"
            ));
        }
        if !self.photos.iter().any(|p| p == media_id) {
            self.photos.push(media_id.to_string());
        }
        let n = self.photos.len();
        if self.step == Step::Photos {
            return self.ask(format!(
                "Foto ke-{n} diterima. Kirim foto lain, atau balas LANJUT."
            ));
        }
        let again = self.prompt();
        self.ask(format!("Foto ke-{n} diterima.\n\n{again}"))
    }

    fn ask_privacy(mut self) -> Turn {
        self.step = Step::Privacy;
        self.ask(prompt_privacy())
    }

    fn confirm(mut self) -> Turn {
        self.step = Step::Confirm;
        let summary = self.summary();
        self.ask(summary)
    }

    /// The current step's question again (after a photo arrived in between).
    fn prompt(&self) -> String {
        match self.step {
            Step::Story => prompt_story(false),
            Step::Category => "Balas nomor kategori yang cocok.".into(),
            Step::Question => self
                .open_question()
                .map(prompt_question)
                .unwrap_or_default(),
            Step::Place => prompt_place().into(),
            Step::Photos => "Kirim foto lain, atau balas LANJUT.".into(),
            Step::Privacy => prompt_privacy(),
            Step::Name => prompt_name().into(),
            Step::Confirm => self.summary(),
        }
    }

    /// Where the report would go with what is known.
    pub fn route(&self) -> Option<Route> {
        let category = self.category.as_deref()?;
        Some(route(&RouteRequest {
            category,
            answers: self
                .answers
                .iter()
                .map(|(q, o)| (q.as_str(), o.as_str()))
                .collect(),
            location: self.desa.as_deref(),
        }))
    }

    /// What will be sent, with the unit that will handle it and why.
    pub fn summary(&self) -> String {
        let mut t = String::from("Periksa laporan Anda:\n");
        t.push_str(&format!("Judul: {}\n", title_from(&self.story)));
        if let Some(cat) = self.category.as_deref().and_then(category_of) {
            t.push_str(&format!("Kategori: {}\n", cat.name.get(Lang::Id)));
            for q in cat.questions() {
                let answer = self
                    .answers
                    .get(q.code)
                    .and_then(|v| q.options.iter().find(|o| o.value == v));
                if let Some(o) = answer {
                    let asked = q.text.get(Lang::Id).trim_end_matches('?');
                    t.push_str(&format!("{asked}: {}\n", o.label.get(Lang::Id)));
                }
            }
        }
        if let Some(r) = self.desa.as_deref().and_then(catalog::region) {
            t.push_str(&format!("Lokasi: {}\n", r.display_name()));
        }
        t.push_str(&format!("Foto: {}\n", self.photos.len()));
        if let Some(p) = self.privacy {
            t.push_str(&format!("Kerahasiaan: {}\n", p.label(Lang::Id)));
        }
        if let (Some(name), Some(Privacy::Publik)) = (&self.name, self.privacy) {
            t.push_str(&format!("Nama: {name}\n"));
        }
        if let Some(r) = self.route() {
            t.push_str(&format!(
                "Ditangani oleh: {}\nAlasan: {}\n",
                r.unit.display_name(Lang::Id),
                r.reason.get(Lang::Id)
            ));
            if let Some(g) = r.guidance() {
                t.push_str(&format!("Catatan: {}\n", g.get(Lang::Id)));
            }
        }
        t.push_str("\nBalas KIRIM untuk mengirim, atau BATAL untuk membatalkan.");
        t
    }

    /// The report as the web form would send it, from `phone` (the sender's number).
    pub fn raw(&self, phone: &str) -> RawReport {
        RawReport {
            report_type: Some(ReportType::Pengaduan.code().to_string()),
            category: self.category.clone(),
            answers: self.answers.clone(),
            title: Some(title_from(&self.story)),
            body: Some(self.story.clone()),
            location: RawLocation {
                desa: self.desa.clone(),
                ..Default::default()
            },
            privacy: self.privacy.map(|p| p.code().to_string()),
            reporter: RawReporter {
                name: self.name.clone(),
                phone: Some(phone.to_string()),
                email: None,
            },
            ..Default::default()
        }
    }
}

fn desa_of(kecamatan: &Region) -> Vec<&'static Region> {
    let id = kecamatan.id();
    REGIONS.iter().filter(|r| r.parent == Some(id)).collect()
}

fn photos_left(f: &Filing) -> String {
    format!("{} dari {MAX_ATTACHMENTS} foto diterima.", f.photos.len())
}

fn prompt_story(first: bool) -> String {
    let mut t = String::new();
    if first {
        t.push_str("Lapor Natuna: mari buat laporan. ");
    }
    t.push_str("Ceritakan masalah Anda dalam satu pesan: apa yang terjadi, di mana (desa/kelurahan), dan sejak kapan. Balas BATAL kapan saja untuk berhenti.");
    t
}

fn prompt_question(q: &Question) -> String {
    let mut t = format!("{} Balas nomornya:\n", q.text.get(Lang::Id));
    for (i, o) in q.options.iter().enumerate() {
        t.push_str(&format!("{}. {}\n", i + 1, o.label.get(Lang::Id)));
    }
    t.trim_end().to_string()
}

fn prompt_place() -> &'static str {
    "Di desa atau kelurahan mana masalah ini? Tulis namanya, mis. Ranai Darat."
}

fn prompt_privacy() -> String {
    let mut t = String::from("Siapa yang boleh melihat laporan ini? Balas nomornya:\n");
    for (i, p) in Privacy::ALL.iter().enumerate() {
        t.push_str(&format!(
            "{}. {}: {}\n",
            i + 1,
            p.label(Lang::Id),
            p.explain(Lang::Id)
        ));
    }
    t.trim_end().to_string()
}

fn prompt_name() -> &'static str {
    "Tulis nama Anda; nama ini tampil bersama laporan publik. Bila tidak ingin nama tampil, balas ANONIM."
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Limits, NewReport};
    use crate::Date;

    fn ask(t: Turn) -> (Filing, String) {
        match t {
            Turn::Ask(f, text) => (f, text),
            other => panic!("expected a question, got {other:?}"),
        }
    }

    /// The number a reply lists `wanted` under ("2. Jalan rusak …").
    fn pick(text: &str, wanted: &str) -> String {
        text.lines()
            .find(|l| l.contains(wanted))
            .and_then(|l| l.split_once(". "))
            .map(|(n, _)| n.to_string())
            .unwrap_or_else(|| panic!("{wanted:?} not offered in:\n{text}"))
    }

    #[test]
    fn the_title_is_the_first_sentence_cut_at_a_word() {
        assert_eq!(
            title_from("Lampu jalan mati total.  Sudah seminggu gelap."),
            "Lampu jalan mati total"
        );
        assert_eq!(
            title_from("Rusak! Jalan di depan\nrumah"),
            "Rusak! Jalan di depan rumah"
        );
        let t = title_from(&"jembatan ".repeat(40));
        assert!(t.chars().count() <= crate::report::TITLE_MAX, "{t}");
        assert!(t.ends_with("jembatan…"), "{t}");
    }

    #[test]
    fn chat_that_names_no_problem_starts_nothing() {
        assert!(suggest::model_ready());
        for t in ["halo min", "wkwkwk", "selamat pagi, apa kabar?", "Ranai"] {
            assert!(Filing::begin("x".into(), t).is_none(), "{t}");
        }
        // "LAPOR" alone asks for the story; BATAL ends it.
        let (f, text) = ask(Filing::begin("x".into(), "lapor").unwrap());
        assert!(text.contains("Ceritakan masalah Anda"), "{text}");
        assert!(matches!(f.next(Input::Text("batal")), Turn::Cancel(_)));
    }

    #[test]
    fn a_whole_conversation_gives_a_valid_routed_report() {
        let story = "Jalan di depan SD Negeri 1 Ranai berlubang besar dan sudah dua bulan membahayakan pengendara motor.";
        let (f, text) = ask(Filing::begin("id1".into(), &format!("LAPOR {story}")).unwrap());
        assert_eq!(f.step, Step::Category);
        let n = pick(&text, "Jalan");
        let (mut f, mut text) = ask(f.next(Input::Text(&n)));
        // Questions the words did not answer, answered with the first option.
        while f.step == Step::Question {
            assert!(text.contains("1. "), "{text}");
            (f, text) = ask(f.next(Input::Text("1")));
        }
        assert_eq!(f.step, Step::Place);
        // A typo in the desa's name still finds it.
        let (f, text) = ask(f.next(Input::Text("Ranai Drat")));
        assert_eq!(f.step, Step::Photos, "{text}");
        assert_eq!(
            catalog::region(f.desa.as_deref().unwrap()).unwrap().name,
            "Ranai Darat"
        );
        let (f, text) = ask(f.next(Input::Photo("media-1")));
        assert!(text.contains("Foto ke-1 diterima"), "{text}");
        let (f, _) = ask(f.next(Input::Photo("media-1"))); // the same photo twice counts once
        let (f, text) = ask(f.next(Input::Text("lanjut")));
        assert_eq!(f.step, Step::Privacy, "{text}");
        let (f, text) = ask(f.next(Input::Text("1")));
        assert_eq!(f.step, Step::Name, "{text}");
        let (f, text) = ask(f.next(Input::Text("x")));
        assert!(text.contains("Nama harus"), "{text}");
        let (f, summary) = ask(f.next(Input::Text("Siti Aminah")));
        assert_eq!(f.step, Step::Confirm);
        let route = f.route().unwrap();
        assert!(
            summary.contains(&route.unit.display_name(Lang::Id)),
            "{summary}"
        );
        assert!(summary.contains(route.reason.get(Lang::Id)), "{summary}");
        assert!(summary.contains("Foto: 1"), "{summary}");
        let Turn::Send(f) = f.next(Input::Text("KIRIM")) else {
            panic!("KIRIM sends")
        };
        let mut raw = f.raw("+6281234567890");
        raw.attachments = Vec::new();
        let report =
            NewReport::parse_with(&raw, Date::from_ymd_const(2026, 12, 3), &Limits::default())
                .expect("a valid report");
        assert_eq!(report.route().unit.code, route.unit.code);
        assert_eq!(report.body, story);
        assert_eq!(report.privacy, Privacy::Publik);
    }

    #[test]
    fn short_stories_add_up_and_a_kecamatan_lists_its_desa() {
        let (f, text) = ask(Filing::begin("id2".into(), "LAPOR lampu jalan mati").unwrap());
        assert_eq!(f.step, Step::Story, "{text}");
        assert!(text.contains("lebih lengkap"), "{text}");
        let (f, text) = ask(f.next(Input::Text("sudah seminggu gelap sekali di malam hari")));
        assert_eq!(f.step, Step::Category, "{text}");
        assert!(f.story.contains("lampu jalan mati\nsudah seminggu"));
        let (mut f, mut text) = ask(f.next(Input::Text("1")));
        while f.step == Step::Question {
            (f, text) = ask(f.next(Input::Text("1")));
        }
        assert_eq!(f.step, Step::Place, "{text}");
        let (f, text) = ask(f.next(Input::Text("Bunguran Timur")));
        assert_eq!(f.step, Step::Place, "{text}");
        assert!(f.places.len() > 1 && text.contains("Ranai"), "{text}");
        let n = pick(&text, "Ranai Darat");
        let (f, _) = ask(f.next(Input::Text(&n)));
        assert_eq!(f.step, Step::Photos);
        let (f, text) = ask(f.next(Input::Text("Kota Atlantis")));
        assert_eq!(f.step, Step::Photos, "{text}");
        let _ = f;
    }

    #[test]
    fn photos_stop_at_the_limit_and_wrong_numbers_ask_again() {
        let story =
            "Sampah menumpuk di pinggir pantai Sepempang sudah tiga minggu tidak diangkut petugas.";
        let (mut f, _) = ask(Filing::begin("id3".into(), story).unwrap());
        for i in 0..MAX_ATTACHMENTS {
            (f, _) = ask(f.next(Input::Photo(&format!("m{i}"))));
        }
        let (f, text) = ask(f.next(Input::Photo("extra")));
        assert_eq!(f.photos.len(), MAX_ATTACHMENTS);
        assert!(text.contains("batas satu laporan"), "{text}");
        assert_eq!(f.step, Step::Category);
        let (f, text) = ask(f.next(Input::Text("9")));
        assert_eq!(f.step, Step::Category, "{text}");
        assert!(text.contains("Balas dengan angka 1–"), "{text}");
        assert!(!f.story.contains('9'));
    }
}
