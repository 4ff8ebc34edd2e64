//! The learned weights, compiled in from `domain/eval/model.txt` (written by the trainer,
//! `cargo run --release -p domain --example suggest_eval -- --train`), and the scoring.
//!
//! The file is plain text so that a change to it reads as a diff:
//!
//! ```text
//! suggest-model 1
//! scale 0.01                      # one weight unit
//! keyword 2.5                     # added to a category per keyword phrase of it in the text
//! temperature 2                   # logits are divided by it before the softmax
//! cats puskesmas rsud obat ...    # category codes; the columns below are indices into this list
//! bias 12 -40 ...                 # per category, in weight units
//! jalan<TAB>14:95 16:-12          # a term (a root, or two roots) and its weights per category
//! ```
//!
//! Categories are matched by code: a category the file does not know scores by its keywords
//! alone, and a code the catalog no longer has is ignored.

use super::analyze::{Analyzer, Vocabulary};
use super::FxMap;
use crate::catalog::CATEGORIES;

/// Typos are only repaired towards terms that weigh at least this much for some category: words
/// that name a topic (`sampah`, `listrik`), not everyday words one letter away from a place or a
/// name (`pacar` is no `pasar`... though it is one typo away).
const NEAR_MIN: f32 = 1.5;

/// The model file, when compiled in (feature `embedded-model`).
#[cfg(feature = "embedded-model")]
pub const MODEL: &str = include_str!("../../eval/model.txt");
/// FNV-1a of `eval/model.txt` (hex): the model this build was made with.
pub const MODEL_VERSION: &str = env!("SUGGEST_MODEL_VERSION");
/// The first line that is not a comment: what a model file must start with.
pub const MODEL_HEADER: &str = "suggest-model 1";

pub(crate) struct Model {
    pub(crate) analyzer: Analyzer,
    bias: Vec<f32>,
    keyword: f32,
    /// Logits are divided by this before the softmax, so that scores are honest probabilities
    /// (fitted by cross-validation in the trainer; the ranking does not depend on it).
    pub(crate) temperature: f32,
    /// term → (start, len) in `weights`, and the term's largest weight.
    index: FxMap<&'static str, (u32, u16, f32)>,
    weights: Vec<(u16, f32)>,
    /// Single-root terms of four letters or more by first letter, for typo repair; the heavier
    /// term first.
    by_letter: Vec<Vec<&'static str>>,
}

/// The scores of one text, before ranking.
pub(crate) struct Scored {
    pub(crate) logits: Vec<f32>,
    /// Whether any term or keyword phrase said something about the topic.
    pub(crate) evidence: f32,
}

impl Model {
    pub(crate) fn parse(src: &'static str) -> Model {
        let ncat = CATEGORIES.len();
        let mut scale = 1.0f32;
        let mut keyword = 0.0f32;
        let mut temperature = 1.0f32;
        let mut cols: Vec<Option<u16>> = Vec::new();
        let mut bias = vec![0.0f32; ncat];
        let mut index = FxMap::default();
        let mut weights = Vec::new();
        for line in src.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((term, ws)) = line.split_once('\t') {
                let start = weights.len() as u32;
                let mut max = 0.0f32;
                for p in ws.split(' ') {
                    let Some((c, w)) = p.split_once(':') else {
                        continue;
                    };
                    let (Ok(c), Ok(w)) = (c.parse::<usize>(), w.parse::<i32>()) else {
                        continue;
                    };
                    if let Some(Some(ci)) = cols.get(c) {
                        let w = w as f32 * scale;
                        max = max.max(w);
                        weights.push((*ci, w));
                    }
                }
                let len = (weights.len() as u32 - start) as u16;
                if len > 0 {
                    index.insert(term, (start, len, max));
                }
                continue;
            }
            let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
            match key {
                "scale" => scale = decimal(rest).unwrap_or(1.0),
                "keyword" => keyword = decimal(rest).unwrap_or(0.0),
                "temperature" => temperature = decimal(rest).unwrap_or(1.0),
                "cats" => {
                    cols = rest
                        .split_whitespace()
                        .map(|code| {
                            CATEGORIES
                                .iter()
                                .position(|c| c.code == code)
                                .map(|i| i as u16)
                        })
                        .collect()
                }
                "bias" => {
                    for (i, b) in rest.split_whitespace().enumerate() {
                        if let (Some(Some(ci)), Ok(b)) = (cols.get(i), b.parse::<i32>()) {
                            bias[*ci as usize] = b as f32 * scale;
                        }
                    }
                }
                _ => {}
            }
        }
        let analyzer = Analyzer::new(
            index
                .keys()
                .filter(|t| !t.contains(' '))
                .map(|t| t.to_string()),
        );
        let mut by_letter: Vec<Vec<&'static str>> = vec![Vec::new(); 26];
        let mut singles: Vec<(&'static str, f32)> = index
            .iter()
            .filter(|(t, v)| !t.contains(' ') && t.len() >= 4 && v.2 >= NEAR_MIN)
            .map(|(t, v)| (*t, v.2))
            .collect();
        crate::sort::sort_by(&mut singles, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        for (t, _) in singles {
            let f = t.as_bytes()[0];
            if f.is_ascii_lowercase() {
                by_letter[(f - b'a') as usize].push(t);
            }
        }
        Model {
            analyzer,
            bias,
            keyword,
            temperature: temperature.max(0.1),
            index,
            weights,
            by_letter,
        }
    }

    pub(crate) fn score(&self, text: &str) -> Scored {
        let roots = self.analyzer.roots_of(text, Some(self));
        let mut logits = self.bias.clone();
        let mut evidence = 0.0f32;
        for t in self.analyzer.terms(&roots) {
            if let Some(&(start, len, max)) = self.index.get(t.as_str()) {
                evidence = evidence.max(max);
                for &(c, w) in &self.weights[start as usize..(start + len as u32) as usize] {
                    logits[c as usize] += w;
                }
            }
        }
        for (c, n) in self.analyzer.keyword_hits(&roots) {
            let add = self.keyword * n as f32;
            evidence = evidence.max(add);
            logits[c as usize] += add;
        }
        Scored { logits, evidence }
    }

    /// Each term of `text` that has weights, with them (for explaining a ranking).
    pub(crate) fn term_weights(&self, text: &str) -> Vec<(String, Vec<(usize, f32)>)> {
        let roots = self.analyzer.roots_of(text, Some(self));
        let mut out: Vec<(String, Vec<(usize, f32)>)> = Vec::new();
        for t in self.analyzer.terms(&roots) {
            if out.iter().any(|(x, _)| *x == t) {
                continue;
            }
            if let Some(&(start, len, _)) = self.index.get(t.as_str()) {
                let ws = self.weights[start as usize..(start + len as u32) as usize]
                    .iter()
                    .map(|&(c, w)| (c as usize, w))
                    .collect();
                out.push((t, ws));
            }
        }
        out
    }

    /// Number of terms and of weights, for the size report.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.index.len(), self.weights.len())
    }
}

impl Vocabulary for Model {
    fn weighs(&self, w: &str) -> bool {
        self.index.contains_key(w)
    }

    fn knows(&self, w: &str) -> bool {
        self.index.contains_key(w) || self.analyzer.is_root(w)
    }

    fn near(&self, w: &str) -> Option<&str> {
        let f = *w.as_bytes().first()?;
        if !f.is_ascii_lowercase() {
            return None;
        }
        self.by_letter[(f - b'a') as usize]
            .iter()
            .copied()
            .find(|t| one_typo(w.as_bytes(), t.as_bytes(), w.len() >= 7))
    }
}

/// "3.767" → 3.767, "-2" → -2.0: the few numbers of the header, read without the float parser
/// (which would add more to the wasm than it is worth here).
fn decimal(s: &str) -> Option<f32> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut v = if int.is_empty() {
        0
    } else {
        int.parse::<u32>().ok()?
    } as f32;
    let mut unit = 1.0f32;
    for d in frac.bytes() {
        if !d.is_ascii_digit() {
            return None;
        }
        unit /= 10.0;
        v += (d - b'0') as f32 * unit;
    }
    Some(if neg { -v } else { v })
}

/// True when `a` and `b` differ by exactly one inserted or deleted letter, by two neighbouring
/// letters swapped, or (when `replace`) by one replaced letter. Short words one letter apart are
/// too often both real (`pasar`/`pacar`, `rumah`/`ramah`) to replace letters in them.
pub(super) fn one_typo(a: &[u8], b: &[u8], replace: bool) -> bool {
    if a == b {
        return false;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if la == lb {
        let s = replace && a[p + 1..] == b[p + 1..];
        let swap = p + 1 < la && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..];
        return s || swap;
    }
    if la > lb {
        a[p + 1..] == b[p..]
    } else {
        a[p..] == b[p + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::{decimal, one_typo};

    #[test]
    fn header_numbers_are_read_without_the_float_parser() {
        assert_eq!(decimal("3.5"), Some(3.5));
        assert_eq!(decimal(" -2 "), Some(-2.0));
        assert!((decimal("0.04").unwrap() - 0.04).abs() < 1e-6);
        assert_eq!(decimal("x"), None);
    }

    #[test]
    fn one_typo_means_one_edit() {
        assert!(one_typo(b"sampha", b"sampah", false));
        assert!(one_typo(b"listrk", b"listrik", false));
        assert!(one_typo(b"jalam", b"jalan", true));
        assert!(!one_typo(b"pacar", b"pasar", false));
        assert!(one_typo(b"lampuu", b"lampu", false));
        assert!(!one_typo(b"lampu", b"lampu", true));
        assert!(!one_typo(b"lampu", b"lumpur", true));
    }
}
