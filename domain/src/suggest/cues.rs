//! What the citizen's own words already answer: "guru SMA jarang masuk" says the school is an
//! SMA, "antri lama di IGD RSUD" says which part of the hospital, "di Sedanau" says where. The
//! cues are the catalog's (`cues = [...]` on a question's options), never words written here, so
//! Diskominfo adds one without code.
//!
//! Text is read as the suggester reads it (`text.rs`): lower case, letters typed three times
//! counted once, chat spellings expanded (`jln` → `jalan`, `sman` → `sma`), letters and digits
//! apart (`sman1` → `sman 1`). A cue matches whole words in order; at each place the longest cue
//! wins, so `cadangan beras` is not also `beras`. A word the model does not know and that is no
//! function word may be one typo away from a cue word of five letters or more (`propinsi`),
//! as the suggester repairs typos. When cues of two options of one question occur, the text does
//! not answer it: nothing is guessed.

use super::analyze::Vocabulary;
use super::model::one_typo;
use super::text;
use crate::catalog::{Category, Question, QuestionOption, Region, QUESTIONS, REGIONS};
use std::sync::OnceLock;

/// Only the first this many words of a text are read for answers and places: a complaint says
/// what it is about early, and it bounds the time whatever is pasted into the box.
const MAX_TOKENS: usize = 200;

/// The words of `text` as cues are compared with them.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text::words(text) {
        if out.len() >= MAX_TOKENS {
            break;
        }
        let b = w.as_bytes();
        let mut start = 0;
        for i in 1..=b.len() {
            if i < b.len() && b[i].is_ascii_digit() == b[start].is_ascii_digit() {
                continue;
            }
            let part = &w[start..i];
            if b[start].is_ascii_digit() {
                out.push(part.to_string());
            } else {
                text::clean(part, &mut out);
            }
            start = i;
        }
    }
    out
}

/// May `typed` be `cue` with one typo? Only a word the model does not know and that is no
/// function word: `tambah` is a word, not a typo of `tambak`.
fn near(typed: &str, cue: &str) -> bool {
    typed.len() >= 5
        && cue.len() >= 5
        && one_typo(typed.as_bytes(), cue.as_bytes(), typed.len() >= 7)
        && !text::is_stopword(typed)
        && super::model().is_some_and(|m| !m.knows(typed))
}

fn same(typed: &str, cue: &str) -> bool {
    typed == cue || near(typed, cue)
}

/// How many words of `words` from `at` on match `phrase`, if all of it does.
fn match_at(words: &[String], at: usize, phrase: &[String]) -> Option<usize> {
    let n = phrase.len();
    (n > 0 && at + n <= words.len() && phrase.iter().zip(&words[at..]).all(|(c, w)| same(w, c)))
        .then_some(n)
}

/// The options of a list of (option, its cue phrases) that the text names: at each word the
/// longest phrase that matches there is taken and its words consumed.
fn named<T: Copy + PartialEq>(words: &[String], cues: &[(T, Vec<String>)]) -> Vec<T> {
    let mut found: Vec<T> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let best = cues
            .iter()
            .filter_map(|(o, p)| match_at(words, i, p).map(|n| (n, *o)))
            .max_by_key(|(n, _)| *n);
        match best {
            Some((n, o)) => {
                if !found.contains(&o) {
                    found.push(o);
                }
                i += n;
            }
            None => i += 1,
        }
    }
    found
}

/// The answers `text` already gives to `category`'s questions, as (question code, option value)
/// pairs in the category's order: a question is answered when the cues of exactly one of its
/// options occur in the text.
pub fn answers_in(text: &str, category: &Category) -> Vec<(&'static str, &'static str)> {
    Words::new(text).answers(category)
}

/// A text read once for the answers it gives to several categories.
pub(crate) struct Words<'a> {
    text: &'a str,
    words: OnceLock<Vec<String>>,
}

impl<'a> Words<'a> {
    pub(crate) fn new(text: &'a str) -> Words<'a> {
        Words {
            text,
            words: OnceLock::new(),
        }
    }

    /// [`answers_in`], reading the text at most once whatever the number of categories.
    pub(crate) fn answers(&self, category: &Category) -> Vec<(&'static str, &'static str)> {
        let mut out = Vec::new();
        for q in category.questions {
            let Some(cues) = question_cues().get(q.0 as usize) else {
                continue;
            };
            if cues.is_empty() {
                continue;
            }
            let words = self.words.get_or_init(|| tokens(self.text));
            if let [one] = named(words, cues)[..] {
                out.push((q.get().code, one));
            }
        }
        out
    }
}

/// One question's cues: (option value, the cue as words).
type Cues = Vec<(&'static str, Vec<String>)>;

/// Where the cues start in the served suggestion file.
pub(crate) const CUES_MARK: &str = "#cues\n";

/// The cues installed from the served file (the app's build has none compiled in): one line per
/// option with cues, `question<TAB>option<TAB>cue|cue`.
static INSTALLED: OnceLock<&'static str> = OnceLock::new();

pub(crate) fn install(section: &'static str) {
    let _ = INSTALLED.set(section);
}

/// The cues of every option that has some, in the served file's form.
#[cfg(feature = "catalog-cues")]
pub(crate) fn file() -> String {
    let mut out = String::from(CUES_MARK);
    for q in QUESTIONS {
        for o in q.options.iter().filter(|o| !o.cues.is_empty()) {
            out.push_str(q.code);
            out.push('\t');
            out.push_str(o.value);
            out.push('\t');
            out.push_str(o.cues);
            out.push('\n');
        }
    }
    out
}

/// An option's cues: compiled in, else installed with the model, else none.
fn option_cues(q: &Question, o: &QuestionOption) -> &'static str {
    if !o.cues.is_empty() {
        return o.cues;
    }
    INSTALLED
        .get()
        .and_then(|s| {
            s.lines().find_map(|l| {
                let mut f = l.split('\t');
                (f.next() == Some(q.code) && f.next() == Some(o.value))
                    .then(|| f.next())
                    .flatten()
            })
        })
        .unwrap_or("")
}

/// Each question's cues, read once they are there (compiled in, or installed with the model).
fn question_cues() -> &'static [Cues] {
    static CUES: OnceLock<Vec<Cues>> = OnceLock::new();
    static NONE: [Cues; 0] = [];
    let compiled = QUESTIONS
        .iter()
        .any(|q| q.options.iter().any(|o| !o.cues.is_empty()));
    if !compiled && INSTALLED.get().is_none() {
        // not yet: read again once the model file arrives
        return &NONE;
    }
    CUES.get_or_init(|| {
        QUESTIONS
            .iter()
            .map(|q| {
                q.options
                    .iter()
                    .flat_map(|o| {
                        option_cues(q, o)
                            .split('|')
                            .filter(|c| !c.is_empty())
                            .map(move |c| (o.value, tokens(c)))
                    })
                    .collect()
            })
            .collect()
    })
}

/// Each region's name (and the name in brackets, `Cemaga Selatan (Setengar)`) as words.
fn region_names() -> &'static [(u16, Vec<String>)] {
    static NAMES: OnceLock<Vec<(u16, Vec<String>)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut out = Vec::new();
        for (i, r) in REGIONS.iter().enumerate() {
            for name in r.name.split(['(', ')']) {
                let words = tokens(name);
                if !words.is_empty() {
                    out.push((i as u16, words));
                }
            }
        }
        out
    })
}

/// The kecamatan, desa or kelurahan the text names, if it names one place (or a desa and its own
/// kecamatan: then the desa). A name shared by a kecamatan and one of its desa (`Subi`,
/// `Serasan`) is the kecamatan; a name of two places in different kecamatan (`Pulau Tiga`, a
/// kecamatan and a desa of Pulau Tiga Barat) is the kecamatan too, as people say it. Some
/// one-word desa names are not read alone (see `says_too_little`). Names are matched as cues
/// are, one typo allowed in long words (`sedanu`). A hint to show the citizen, not a location
/// they chose.
pub fn place_in(text: &str) -> Option<&'static Region> {
    let names = region_names();
    let words = tokens(text);
    let mut found: Vec<&'static Region> = Vec::new();
    for id in named(&words, names) {
        let r = &REGIONS[id as usize];
        // the kecamatan of the same name, when there is one
        let same_name = |k: &&Region| k.parent.is_none() && k.name == r.name;
        let r = REGIONS.iter().find(same_name).unwrap_or(r);
        if r.parent.is_some() && says_too_little(r) {
            continue;
        }
        if !found.contains(&r) {
            found.push(r);
        }
    }
    // one place, or a desa with its kecamatan
    let deepest = found.iter().copied().find(|r| r.parent.is_some());
    let chosen = deepest.or(found.first().copied())?;
    found
        .iter()
        .all(|r| r.kecamatan() == chosen.kecamatan() && (r.parent.is_none() || *r == chosen))
        .then_some(chosen)
}

/// The kecamatan, desa or kelurahan a citizen means when asked "which desa?" and answering with
/// a name. Every place `text` names as [`place_in`] reads names, in the order named (a name of
/// two places gives both); when it names none, the places whose names begin with the words
/// typed, each word equal or one typo away when it has four letters or more (`ranai drat` is
/// Ranai Darat; `ranai` is Ranai Kota and Ranai Darat).
pub fn places_named(text: &str) -> Vec<&'static Region> {
    let words = tokens(text);
    let mut ids = named(&words, region_names());
    if ids.is_empty() && !words.is_empty() {
        let close = |t: &String, c: &String| {
            t == c || (t.len() >= 4 && c.len() >= 4 && one_typo(t.as_bytes(), c.as_bytes(), true))
        };
        for (id, name) in region_names() {
            if words.len() <= name.len()
                && words.iter().zip(name).all(|(t, c)| close(t, c))
                && !ids.contains(id)
            {
                ids.push(*id);
            }
        }
    }
    ids.into_iter().map(|id| &REGIONS[id as usize]).collect()
}

/// A one-word desa name that is also a word of a category's keywords (`Pangkalan`, as in
/// `pangkalan gas`), or that begins the names of places in two or more other kecamatan
/// (`Tanjung`), says too little alone.
fn says_too_little(r: &Region) -> bool {
    static TOPIC: OnceLock<super::FxSet<String>> = OnceLock::new();
    let words = tokens(r.name);
    let [word] = &words[..] else {
        return false;
    };
    if TOPIC
        .get_or_init(super::analyze::keyword_words)
        .contains(word)
    {
        return true;
    }
    let mut others: Vec<&Region> = Vec::new();
    for (id, name) in region_names() {
        let o = &REGIONS[*id as usize];
        if name.len() > 1 && name[0] == *word && o.kecamatan() != r.kecamatan() {
            let k = o.kecamatan();
            if !others.contains(&k) {
                others.push(k);
            }
        }
    }
    others.len() >= 2
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn letters_and_digits_come_apart_and_chat_spellings_expand() {
        assert_eq!(tokens("SMAN1 Ranai"), ["sma", "1", "ranai"]);
        assert_eq!(tokens("jln nasional"), ["jalan", "nasional"]);
        assert_eq!(tokens("sma n 1"), ["sma", "n", "1"]);
    }
}
