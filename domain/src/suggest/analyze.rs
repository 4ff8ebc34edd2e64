//! Text → the features the model scores: the roots of the topic words, in order, their adjacent
//! pairs, and which of the catalog's keyword phrases occur. Shared by the runtime and by the
//! trainer (`suggest/train.rs`), so that both read text the same way.

use super::stem;
use super::text::{self, Filter};
use super::{FxMap, FxSet};
use crate::catalog::CATEGORIES;

/// Only the first this many topic words of a text are read: enough for any complaint (the median
/// one has about 15), and it bounds the time of a suggestion whatever is pasted into the box.
pub const MAX_WORDS: usize = 60;

/// Reads text for the model. `roots` is the stemmer's dictionary.
#[doc(hidden)]
pub struct Analyzer {
    filter: Filter,
    roots: FxSet<String>,
    /// Keyword phrases by their first root: (the remaining roots, category index, phrase id).
    keywords: FxMap<String, Vec<(Vec<String>, u16, u32)>>,
}

/// What the fallbacks for unknown words may aim at (the model's terms, at run time).
#[doc(hidden)]
pub trait Vocabulary {
    /// A term the model has weights for.
    fn weighs(&self, w: &str) -> bool;
    /// A term, or a root the stemmer knows (a catalog keyword word).
    fn knows(&self, w: &str) -> bool;
    /// A known word one typo away from `w` (insertion, deletion, substitution or swap).
    fn near(&self, w: &str) -> Option<&str>;
}

/// The words of every category's keywords, as the analyzer cleans them: the topic words that
/// place names must not swallow, and roots the stemmer must know.
#[doc(hidden)]
pub fn keyword_words() -> FxSet<String> {
    let mut out = FxSet::default();
    let mut buf = Vec::new();
    for c in CATEGORIES {
        for k in c.keywords {
            for w in text::words(k) {
                buf.clear();
                text::clean(&w, &mut buf);
                out.extend(buf.drain(..));
            }
        }
    }
    out
}

/// The filter of stopwords and place names built from the catalog's regions.
fn catalog_filter(topic: &FxSet<String>) -> Filter {
    Filter::new(crate::catalog::REGIONS.iter().map(|r| r.name), topic)
}

impl Analyzer {
    pub fn new(roots: impl IntoIterator<Item = String>) -> Analyzer {
        let topic = keyword_words();
        let filter = catalog_filter(&topic);
        let mut roots: FxSet<String> = roots.into_iter().collect();
        roots.extend(topic.iter().filter(|w| !filter.skips(w)).cloned());
        let mut a = Analyzer {
            filter,
            roots,
            keywords: FxMap::default(),
        };
        let mut keywords: FxMap<String, Vec<(Vec<String>, u16, u32)>> = FxMap::default();
        let mut id = 0u32;
        for (ci, c) in CATEGORIES.iter().enumerate() {
            let mut seen: FxSet<Vec<String>> = FxSet::default();
            for k in c.keywords {
                let roots = a.roots_of(k, None);
                if roots.is_empty() || !seen.insert(roots.clone()) {
                    continue;
                }
                let (first, rest) = roots.split_first().unwrap();
                keywords
                    .entry(first.clone())
                    .or_default()
                    .push((rest.to_vec(), ci as u16, id));
                id += 1;
            }
        }
        a.keywords = keywords;
        a
    }

    /// The cleaned words of `text` that can be about a topic (no stopwords, no places), before
    /// stemming. The trainer counts these to build its dictionary.
    pub fn content_words(&self, text: &str) -> Vec<String> {
        let mut buf = Vec::new();
        for w in text::words(text) {
            text::clean(&w, &mut buf);
        }
        buf.retain(|w| !self.filter.skips(w));
        buf
    }

    /// A root the stemmer knows (a model term or a keyword word).
    pub fn is_root(&self, w: &str) -> bool {
        self.roots.contains(w)
    }

    pub fn is_place(&self, w: &str) -> bool {
        self.filter.is_place(w)
    }

    /// The root of `w`; a function word's derivations (`memohon`, `sebelumnya`) are not roots.
    fn root(&self, w: &str) -> String {
        stem::stem(w, &|c| self.roots.contains(c) || self.filter.is_stopword(c))
            .unwrap_or_else(|| w.to_string())
    }

    /// The roots of the topic words of `text`, in order. With a vocabulary, words it does not know
    /// get a second chance: digits stripped (`rt05`), doubled letters once (`lampuu`), split in two
    /// (`jalanrusak`), or the known word one typo away (`sampha` → `sampah`).
    pub fn roots_of(&self, text: &str, vocab: Option<&dyn Vocabulary>) -> Vec<String> {
        let mut out = Vec::new();
        for w in self.content_words(text).into_iter().take(MAX_WORDS) {
            let Some(v) = vocab else {
                let r = self.root(&w);
                if !self.filter.skips(&r) {
                    out.push(r);
                }
                continue;
            };
            // A word the model weighs as it stands is its own root: it was one in training too
            // (had it had a shorter known root, training would have used that one instead).
            if v.weighs(&w) {
                out.push(w);
                continue;
            }
            let r = self.root(&w);
            if self.filter.skips(&r) {
                continue;
            }
            if v.knows(&r) {
                out.push(r);
                continue;
            }
            match self.rescue(&w, v) {
                Some(rs) => out.extend(rs),
                None => out.push(r),
            }
        }
        out
    }

    fn known_root(&self, w: &str, v: &dyn Vocabulary) -> Option<String> {
        let mut buf = Vec::new();
        text::clean(w, &mut buf);
        if buf.len() != 1 || self.filter.skips(&buf[0]) {
            return None;
        }
        if v.weighs(&buf[0]) {
            return buf.pop();
        }
        let r = self.root(&buf[0]);
        v.knows(&r).then_some(r)
    }

    fn rescue(&self, w: &str, v: &dyn Vocabulary) -> Option<Vec<String>> {
        let b = w.as_bytes();
        // rt05, 3kg, p3k-style tokens: the letters alone
        if b.iter().any(|c| c.is_ascii_digit()) {
            let letters: String = w.chars().filter(|c| c.is_ascii_alphabetic()).collect();
            if letters.len() >= 3 && letters != w {
                return self.known_root(&letters, v).map(|r| vec![r]);
            }
            return None;
        }
        if let Some(u) = text::undouble(w) {
            if let Some(r) = self.known_root(&u, v) {
                return Some(vec![r]);
            }
        }
        // words run together: the split whose shorter half is longest
        if w.len() >= 6 {
            let mut best: Option<(usize, Vec<String>)> = None;
            for i in 3..=w.len() - 3 {
                let shorter = i.min(w.len() - i);
                if best.as_ref().is_some_and(|(s, _)| *s >= shorter) {
                    continue;
                }
                let (l, r) = w.split_at(i);
                let Some(a) = self.known_root(l, v) else {
                    continue;
                };
                if let Some(b) = self.known_root(r, v) {
                    best = Some((shorter, vec![a, b]));
                }
            }
            if let Some((_, rs)) = best {
                return Some(rs);
            }
        }
        if w.len() >= 5 {
            if let Some(n) = v.near(w) {
                return Some(vec![n.to_string()]);
            }
        }
        None
    }

    /// The terms the model weighs: each root once, and each pair of adjacent roots ("lampu jalan").
    pub fn terms(&self, roots: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(roots.len() * 2);
        let mut seen: FxSet<&str> = FxSet::default();
        for r in roots {
            if seen.insert(r) {
                out.push(r.clone());
            }
        }
        let mut pairs: FxSet<(&str, &str)> = FxSet::default();
        for p in roots.windows(2) {
            if p[0] != p[1] && pairs.insert((&p[0], &p[1])) {
                out.push(format!("{} {}", p[0], p[1]));
            }
        }
        out
    }

    /// For each category, how many of its keyword phrases occur in `roots` (each phrase once).
    pub fn keyword_hits(&self, roots: &[String]) -> Vec<(u16, u8)> {
        let mut hits: Vec<(u16, u8)> = Vec::new();
        let mut matched: Vec<u32> = Vec::new();
        for (i, r) in roots.iter().enumerate() {
            let Some(list) = self.keywords.get(r) else {
                continue;
            };
            for (rest, cat, id) in list {
                let end = i + 1 + rest.len();
                if end > roots.len() || roots[i + 1..end] != rest[..] || matched.contains(id) {
                    continue;
                }
                matched.push(*id);
                match hits.iter_mut().find(|(c, _)| c == cat) {
                    Some((_, n)) => *n = n.saturating_add(1),
                    None => hits.push((*cat, 1)),
                }
            }
        }
        hits
    }
}
