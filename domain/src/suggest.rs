//! "Ceritakan masalah Anda": the categories a complaint most likely belongs to, from the
//! citizen's own words, offline. The same code runs in the wasm app while the citizen types and
//! on the server (`GET /api/v1/suggest?q=`), so both always agree. Nothing is chosen for the
//! citizen: these are suggestions to confirm.
//!
//! How it reads text (see `suggest/text.rs`, `suggest/stem.rs`, `suggest/analyze.rs`):
//! lower case, accents and punctuation gone, letters typed three times counted once (`parahhh`),
//! chat spellings expanded (`jln`, `puskes`, `ktp-el`), function words, greetings and Natuna's
//! place names dropped, then each word reduced to its root with a Sastrawi-style confix stripper
//! whose dictionary is the model's own vocabulary. A word the model does not know gets a second
//! chance: digits stripped, doubled letters once, split in two (`jalanrusak`), or the known word
//! one typo away.
//!
//! How it scores (see `suggest/model.rs`): a linear model over categories, softmax-normalised.
//! Each root and each pair of adjacent roots carries a weight per category, learned from the
//! catalog's examples and from real complaints (`domain/eval/`); each of a category's catalog
//! keyword phrases found in the text adds a fixed, learned amount, read from the catalog at start
//! so that keywords Diskominfo adds count at once, before any retraining.
//!
//! Place names alone ("ranai", "sedanau") and text without any topic word give no suggestion.
//!
//! What the words already answer (see `suggest/cues.rs`): each suggestion carries the answers its
//! text gives to the category's questions, from the cues of the catalog's options ("guru SMA" →
//! jenjang SMA/SMK/SLB), and is routed with them, so the citizen sees the province's education
//! office before answering anything. `place_in` reads a kecamatan or desa name as a hint.
//!
//! Cost: the first call builds the lookup tables (about 2 ms natively; a caller may warm up with
//! `suggest("", 1)`); after that a suggestion takes about 15 µs (median, native) and never reads
//! more than the first 60 topic words of a text, so pasting a long text stays cheap. Reading the
//! answers (the first 200 words, once for all suggestions) added about a quarter to the median
//! in the benchmark (measured on a loaded machine, so roughly).

mod analyze;
mod cues;
mod model;
mod stem;
pub(crate) mod text;
#[cfg(feature = "train")]
pub mod train;

use crate::catalog::{Category, CATEGORIES};
use crate::routing::{route, Route, RouteRequest};
pub use cues::{answers_in, place_in, places_named};
use model::Model;
use std::sync::OnceLock;

/// One suggested category, with the answers its text already gives and where it would go with
/// them.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub category: &'static Category,
    /// The model's probability that the text belongs to this category, in (0, 1]. Scores of one
    /// call add up to at most 1.
    pub score: f32,
    /// The category's questions the text already answers ([`answers_in`]), as (question code,
    /// option value): pre-selected for the citizen, who may change them.
    pub answers: Vec<(&'static str, &'static str)>,
    /// `route(category, answers, location)`: the unit and the one-sentence reason to show.
    /// The guided flow still asks the category's questions, which may route elsewhere.
    pub route: Route,
}

/// Below this, no term or keyword in the text speaks for any category: nothing is suggested.
const MIN_EVIDENCE: f32 = 0.5;
/// Suggestions less likely than this are left out, even when fewer than `n` remain.
const MIN_SCORE: f32 = 0.02;
/// When even the best category is less likely than this, the text did not say enough to suggest
/// anything (a lone ambiguous word spreads the scores thin).
const MIN_TOP: f32 = 0.07;

static LOADED: OnceLock<Model> = OnceLock::new();

#[cfg(feature = "embedded-model")]
pub use model::MODEL;
pub use model::MODEL_VERSION;

/// The model, compiled in.
#[cfg(feature = "embedded-model")]
fn model() -> Option<&'static Model> {
    Some(LOADED.get_or_init(|| Model::parse(model::MODEL)))
}

/// The model, or `None` until one is installed.
#[cfg(not(feature = "embedded-model"))]
fn model() -> Option<&'static Model> {
    LOADED.get()
}

/// Installs a model file fetched at run time (the app downloads it only when the citizen reaches
/// the problem step, to keep the first visit small) and builds its tables. False when the text is
/// not a model file, or when a model is already there (compiled in or installed before).
pub fn install_model(file: &'static str) -> bool {
    // the served file is the model, then the questions' cues (`cues_file`)
    let (file, cues) = match file.find(cues::CUES_MARK) {
        Some(at) => (&file[..at], Some(&file[at..])),
        None => (file, None),
    };
    let is_model = file
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        == Some(model::MODEL_HEADER);
    let installed = is_model && LOADED.set(Model::parse(file)).is_ok();
    if installed {
        if let Some(c) = cues {
            cues::install(c);
        }
    }
    installed
}

/// The questions' cues as the app receives them, after the model in the file the server serves
/// (the app's build leaves them out of the wasm).
#[cfg(feature = "catalog-cues")]
pub fn cues_file() -> String {
    cues::file()
}

/// Whether `suggest` can answer: a model is compiled in or was installed. Until then it
/// suggests nothing and callers fall back to the keyword search.
pub fn model_ready() -> bool {
    model().is_some()
}

/// Ranked categories for free text, best first, at most `n`; empty when nothing matches
/// meaningfully (empty text, only place names or words that say nothing about a topic).
pub fn suggest(text: &str, n: usize) -> Vec<Suggestion> {
    suggest_at(text, None, n)
}

/// Same, routed with a location (desa/kelurahan or kecamatan code) when known, so that a
/// puskesmas or desa category names the office of that place. A place the text names
/// ([`place_in`]) is not used: it is a hint for the citizen to confirm.
pub fn suggest_at(text: &str, location: Option<&str>, n: usize) -> Vec<Suggestion> {
    let Some(m) = model() else {
        return Vec::new();
    };
    let words = cues::Words::new(text);
    rank(m, text, n)
        .into_iter()
        .map(|(i, score)| {
            let category = &CATEGORIES[i];
            let answers = words.answers(category);
            Suggestion {
                category,
                score,
                route: route(&RouteRequest {
                    category: category.code,
                    answers: answers.clone(),
                    location,
                }),
                answers,
            }
        })
        .collect()
}

/// (index into `CATEGORIES`, probability), best first.
fn rank(m: &Model, text: &str, n: usize) -> Vec<(usize, f32)> {
    if n == 0 || text.trim().is_empty() {
        return Vec::new();
    }
    let scored = m.score(text);
    if scored.evidence < MIN_EVIDENCE {
        return Vec::new();
    }
    let probs = softmax(&scored.logits, m.temperature);
    if probs.iter().copied().fold(0.0, f32::max) < MIN_TOP {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..probs.len()).collect();
    // ties by catalog order, so that results never depend on anything but the text
    crate::sort::sort_by(&mut order, |&a, &b| {
        probs[b].total_cmp(&probs[a]).then(a.cmp(&b))
    });
    order
        .into_iter()
        .take(n)
        .filter(|&i| probs[i] >= MIN_SCORE)
        .map(|i| (i, probs[i]))
        .collect()
}

#[doc(hidden)]
/// A fast non-cryptographic hasher (FxHash) for the model's string tables: lookups dominate the
/// time of a suggestion, and the keys are our own words, not attacker-chosen.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().unwrap());
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[doc(hidden)]
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
#[doc(hidden)]
pub type FxSet<K> = std::collections::HashSet<K, FxBuild>;

fn softmax(logits: &[f32], temperature: f32) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = logits
        .iter()
        .map(|l| ((l - max) / temperature).exp())
        .collect();
    let sum: f32 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

/// What the model holds, for the size report of the benchmark: (terms, weights).
#[doc(hidden)]
pub fn model_size() -> (usize, usize) {
    model().map(|m| m.size()).unwrap_or_default()
}

/// The pieces the trainer (`suggest/train.rs`) and the benchmark share with the runtime, so that it reads text
/// exactly as `suggest` does. Not an API for the app or the server.
#[doc(hidden)]
pub mod training {
    pub use super::analyze::{keyword_words, Analyzer, Vocabulary};
    #[cfg(feature = "embedded-model")]
    pub use super::model::MODEL;

    /// A model read from the text of a model file, ranking as [`super::suggest`] does: lets the
    /// trainer measure a candidate model without rebuilding the crate.
    pub struct Scorer(super::Model);

    impl Scorer {
        pub fn new(model_file: &'static str) -> Scorer {
            Scorer(super::Model::parse(model_file))
        }
        /// The raw scores per category (before the temperature), or `None` when the text says
        /// nothing about a topic.
        pub fn logits(&self, text: &str) -> Option<Vec<f32>> {
            let s = self.0.score(text);
            (s.evidence >= super::MIN_EVIDENCE).then_some(s.logits)
        }
        /// (index into `CATEGORIES`, probability), best first, at most `n`.
        pub fn rank(&self, text: &str, n: usize) -> Vec<(usize, f32)> {
            super::rank(&self.0, text, n)
        }
        /// Each term of `text` the model weighs, with its weights as (index into `CATEGORIES`,
        /// weight): what pulls a text towards a category.
        pub fn term_weights(&self, text: &str) -> Vec<(String, Vec<(usize, f32)>)> {
            self.0.term_weights(text)
        }
    }

    /// The root the shipped model reads `word` as (itself when it has none).
    pub fn root_of(word: &str) -> String {
        let Some(m) = super::model() else {
            return word.to_string();
        };
        m.analyzer
            .roots_of(word, Some(m))
            .into_iter()
            .next()
            .unwrap_or_else(|| word.to_string())
    }

    /// Every way of stripping affixes off `word`, with the affixes removed.
    pub fn stem_candidates(word: &str, f: &mut dyn FnMut(&str, &str)) {
        super::stem::candidates(word, f)
    }
}
