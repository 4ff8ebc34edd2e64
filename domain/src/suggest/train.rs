//! The trainer behind `domain/eval/model.txt`, run as
//! `cargo run --release -p domain --example suggest_eval -- --train ../shared/eval/keluhan-dev.csv`,
//! and by the server's `learn` command (with the examples its officers' corrections made). Pure
//! and deterministic (a fixed seed, no I/O): the same documents give the same model file. Behind
//! the feature `train`, which the app leaves off.
//!
//! It learns one weight per (term, category) and a bias per category by softmax regression over
//! the catalog's categories, from two sources:
//! - the catalog itself: each category's examples, and its name with its description, labelled
//!   with that category;
//! - the training part of the dev set (everything outside the fixed held-back quarter), whose
//!   labels name an agency, not a category: a complaint labelled `kesehatan` may belong to any
//!   category that `labels.toml` accepts for it. The loss is the probability of that whole set
//!   (partial-label learning), so the model itself learns which of a label's categories fits.
//!
//! Keywords are not trained per word: each catalog keyword phrase found in a text adds one shared,
//! learned amount to its category, and the runtime reads the phrases from the catalog, so an edited
//! keyword list takes effect without retraining.
//!
//! Small weights are dropped and the rest rounded to a fixed unit, which is what keeps the model
//! small. Only weights and terms leave this file: no complaint text is written to the model.

pub mod dev;

use super::analyze::Analyzer;
use crate::catalog::CATEGORIES;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The fixed held-back quarter of a set of texts: a text is held back when the 64-bit FNV-1a hash
/// of its bytes is 0 modulo 4. The dev set and the examples learned from misroutes are split the
/// same way, so a text is held back (or not) wherever it appears.
pub fn held_back(text: &str) -> bool {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h.is_multiple_of(4)
}

/// One labelled text and the categories it may belong to.
#[derive(Clone)]
pub struct Doc {
    pub text: String,
    pub accepted: Vec<usize>,
    pub weight: f32,
}

#[derive(Clone, Debug)]
pub struct Params {
    pub epochs: usize,
    pub lr: f32,
    pub l2: f32,
    /// L1 strength (FTRL-proximal): most (term, category) weights end at exactly zero.
    pub l1: f32,
    /// Whether pairs of adjacent roots are terms too.
    pub pairs: bool,
    /// Weights smaller than this are dropped from the shipped model.
    pub prune: f32,
    /// The unit weights are rounded to.
    pub scale: f32,
    /// Documents a root must occur in to become a term (catalog words always do).
    pub min_df: usize,
    pub min_df_pair: usize,
    /// How much a catalog example counts against one complaint.
    pub catalog_weight: f32,
    /// Written to the model: logits are divided by it (see `--cv`, which fits it).
    pub temperature: f32,
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            epochs: 30,
            lr: 0.5,
            l2: 1e-5,
            l1: 16.0,
            pairs: true,
            prune: 0.08,
            scale: 0.04,
            min_df: 2,
            min_df_pair: 3,
            catalog_weight: 2.0,
            temperature: 1.5,
            seed: 7,
        }
    }
}

impl Params {
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let f = || value.parse::<f32>().map_err(|e| format!("--{key}: {e}"));
        let u = || value.parse::<usize>().map_err(|e| format!("--{key}: {e}"));
        match key {
            "epochs" => self.epochs = u()?,
            "lr" => self.lr = f()?,
            "l2" => self.l2 = f()?,
            "l1" => self.l1 = f()?,
            "pairs" => self.pairs = value == "1" || value == "true",
            "prune" => self.prune = f()?,
            "scale" => self.scale = f()?,
            "min-df" => self.min_df = u()?,
            "min-df-pair" => self.min_df_pair = u()?,
            "catalog-weight" => self.catalog_weight = f()?,
            "seed" => self.seed = u()? as u64,
            "temperature" => self.temperature = f()?,
            _ => return Err(format!("unknown option --{key}")),
        }
        Ok(())
    }
}

/// The catalog's own labelled texts: examples, and name + description, per category.
pub fn catalog_docs(weight: f32) -> Vec<Doc> {
    let mut out = Vec::new();
    for (ci, c) in CATEGORIES.iter().enumerate() {
        for e in c.examples {
            out.push(Doc {
                text: e.to_string(),
                accepted: vec![ci],
                weight,
            });
        }
        out.push(Doc {
            text: format!("{}. {}", c.name.id, c.description.id),
            accepted: vec![ci],
            weight,
        });
    }
    out
}

struct Prepared {
    terms: Vec<u32>,
    hits: Vec<(u16, u8)>,
    accepted: Vec<usize>,
    weight: f32,
}

/// The stemmer's dictionary for training: words seen in two documents or more (and the catalog's
/// keyword words, which the analyzer adds). A root that is never written bare stays unknown:
/// guessing roots from the derivations that point at them made more wrong roots than right ones.
fn dictionary(docs: &[Doc], a: &Analyzer, min_df: usize) -> HashSet<String> {
    let mut df: HashMap<String, usize> = HashMap::new();
    for d in docs {
        let ws: HashSet<String> = a.content_words(&d.text).into_iter().collect();
        for w in ws {
            *df.entry(w).or_default() += 1;
        }
    }
    let roots: HashSet<String> = df
        .iter()
        .filter(|(w, n)| **n >= min_df && w.len() >= 3 && !a.is_place(w))
        .map(|(w, _)| w.clone())
        .collect();
    roots
}

/// Trains on `docs` (plus the catalog's own) and returns the text of a model file.
#[allow(clippy::needless_range_loop)] // the per-category loops read best with an index
pub fn train(dev: &[Doc], p: &Params) -> String {
    let ncat = CATEGORIES.len();
    let mut docs: Vec<&Doc> = dev.iter().collect();
    let cat_docs = catalog_docs(p.catalog_weight);
    docs.extend(cat_docs.iter());
    let all: Vec<Doc> = docs.into_iter().cloned().collect();

    let bare = Analyzer::new(Vec::new());
    let roots = dictionary(&all, &bare, p.min_df);
    let a = Analyzer::new(roots);

    // terms of each document, and which terms are common enough to learn
    type Terms = (Vec<String>, Vec<(u16, u8)>);
    let mut per_doc: Vec<Terms> = Vec::with_capacity(all.len());
    let mut df: HashMap<String, usize> = HashMap::new();
    let mut from_catalog: HashSet<String> = HashSet::new();
    for (i, d) in all.iter().enumerate() {
        let r = a.roots_of(&d.text, None);
        let mut t = a.terms(&r);
        if !p.pairs {
            t.retain(|t| !t.contains(' '));
        }
        let h = a.keyword_hits(&r);
        for term in &t {
            *df.entry(term.clone()).or_default() += 1;
            if i >= dev.len() {
                from_catalog.insert(term.clone());
            }
        }
        per_doc.push((t, h));
    }
    let mut vocab: Vec<String> = df
        .iter()
        .filter(|(t, n)| {
            let min = if t.contains(' ') {
                p.min_df_pair
            } else {
                p.min_df
            };
            **n >= min || from_catalog.contains(*t)
        })
        .map(|(t, _)| t.clone())
        .collect();
    vocab.sort();
    let id: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u32))
        .collect();
    let prepared: Vec<Prepared> = per_doc
        .into_iter()
        .zip(all.iter())
        .map(|((t, h), d)| Prepared {
            terms: t
                .iter()
                .filter_map(|t| id.get(t.as_str()).copied())
                .collect(),
            hits: h,
            accepted: d.accepted.clone(),
            weight: d.weight,
        })
        .collect();

    // softmax regression with partial labels; FTRL-proximal (L1 + L2) for the term weights so
    // that most end at exactly zero, AdaGrad for the biases and the keyword weight
    let nf = vocab.len();
    let mut z = vec![0.0f32; nf * ncat];
    let mut nsq = vec![0.0f32; nf * ncat];
    let ftrl_w = |z: f32, n: f32| -> f32 {
        if z.abs() <= p.l1 {
            0.0
        } else {
            -(z - z.signum() * p.l1) / ((1.0 + n.sqrt()) / p.lr + p.l2)
        }
    };
    let mut bias = vec![0.0f32; ncat];
    let mut gb = vec![1e-6f32; ncat];
    let mut kw = 1.0f32;
    let mut gkw = 1e-6f32;
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = p.seed.max(1);
    let mut logits = vec![0.0f32; ncat];
    let mut g = vec![0.0f32; ncat];
    let mut wrow: Vec<f32> = Vec::new();
    for _ in 0..p.epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &di in &order {
            let d = &prepared[di];
            logits.copy_from_slice(&bias);
            wrow.clear();
            for &f in &d.terms {
                let base = f as usize * ncat;
                for c in 0..ncat {
                    let x = ftrl_w(z[base + c], nsq[base + c]);
                    wrow.push(x);
                    logits[c] += x;
                }
            }
            for &(c, n) in &d.hits {
                logits[c as usize] += kw * n as f32;
            }
            let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut sum = 0.0;
            for c in 0..ncat {
                g[c] = (logits[c] - max).exp();
                sum += g[c];
            }
            let mut in_set = 0.0;
            for &c in &d.accepted {
                in_set += g[c];
            }
            // gradient of -log P(accepted set): p - q, q = p restricted to the set, renormalised
            for c in 0..ncat {
                let pc = g[c] / sum;
                let qc = if d.accepted.contains(&c) {
                    g[c] / in_set
                } else {
                    0.0
                };
                g[c] = (pc - qc) * d.weight;
            }
            for c in 0..ncat {
                gb[c] += g[c] * g[c];
                bias[c] -= p.lr * g[c] / gb[c].sqrt();
            }
            for (fi, &f) in d.terms.iter().enumerate() {
                let base = f as usize * ncat;
                for c in 0..ncat {
                    let k = base + c;
                    let gr = g[c];
                    let sigma = ((nsq[k] + gr * gr).sqrt() - nsq[k].sqrt()) / p.lr;
                    z[k] += gr - sigma * wrow[fi * ncat + c];
                    nsq[k] += gr * gr;
                }
            }
            let mut gk = 0.0;
            for &(c, n) in &d.hits {
                gk += g[c as usize] * n as f32;
            }
            if gk != 0.0 {
                gkw += gk * gk;
                kw -= p.lr * gk / gkw.sqrt();
            }
        }
    }
    let w: Vec<f32> = z.iter().zip(&nsq).map(|(z, n)| ftrl_w(*z, *n)).collect();

    // the model file: small weights dropped, the rest in whole units of `scale`
    let q = |x: f32| (x / p.scale).round() as i32;
    let mut out = String::new();
    out.push_str(
        "# Lapor Natuna suggestion model: written by `suggest_eval --train`, do not edit.\n",
    );
    out.push_str(
        "# Format: see domain/src/suggest/model.rs. Learned weights only; no complaint text.\n",
    );
    out.push_str(&format!("# params: {p:?}\n"));
    out.push_str("suggest-model 1\n");
    out.push_str(&format!("scale {}\n", p.scale));
    out.push_str(&format!("keyword {:.3}\n", kw));
    out.push_str(&format!("temperature {}\n", p.temperature));
    out.push_str("cats");
    for c in CATEGORIES {
        out.push(' ');
        out.push_str(c.code);
    }
    out.push_str("\nbias");
    for b in &bias {
        out.push_str(&format!(" {}", q(*b)));
    }
    out.push('\n');
    let mut lines: BTreeMap<&str, String> = BTreeMap::new();
    for (f, term) in vocab.iter().enumerate() {
        let mut line = String::new();
        for c in 0..ncat {
            let x = w[f * ncat + c];
            if x.abs() >= p.prune && q(x) != 0 {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&format!("{c}:{}", q(x)));
            }
        }
        if !line.is_empty() {
            lines.insert(term, line);
        }
    }
    for (t, l) in lines {
        out.push_str(t);
        out.push('\t');
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::training::Scorer;

    fn scorer(docs: &[Doc]) -> Scorer {
        Scorer::new(Box::leak(train(docs, &Params::default()).into_boxed_str()))
    }

    #[test]
    fn added_examples_teach_a_phrasing_the_catalog_lacks() {
        // A phrasing no catalog text has: before, nothing (or something else) is suggested.
        let text = "gorong kelurut mampet lagi";
        let target = CATEGORIES
            .iter()
            .position(|c| c.code == "drainase-banjir")
            .expect("the catalog has drainase-banjir");
        let before = scorer(&[]).rank(text, 3);
        assert_ne!(before.first().map(|r| r.0), Some(target), "{before:?}");
        let learned: Vec<Doc> = [
            "kelurut di depan rumah mampet",
            "kelurut mampet bau sekali",
            "tolong bersihkan kelurut yang mampet",
        ]
        .iter()
        .map(|t| Doc {
            text: t.to_string(),
            accepted: vec![target],
            weight: 1.0,
        })
        .collect();
        let after = scorer(&learned).rank(text, 3);
        assert_eq!(after.first().map(|r| r.0), Some(target), "{after:?}");
    }

    #[test]
    fn the_held_back_quarter_is_fixed() {
        let n = (0..400)
            .filter(|i| held_back(&format!("laporan {i}")))
            .count();
        assert!((70..130).contains(&n), "{n}");
        assert_eq!(held_back("jalan rusak"), held_back("jalan rusak"));
    }
}
