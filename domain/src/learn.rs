//! Routing that learns: every report an officer had to move because it went to the wrong place (a
//! reroute to a unit outside the one holding it, a return to the coordinator, "bukan wewenang")
//! becomes a labelled example — the report's own words and answers, and the unit it finally went
//! to. [`learn`] retrains the suggestion model with these examples added to the catalog's, measures
//! the current and the retrained model on a fixed held-back part of the examples, proposes a change
//! to `catalog.toml` (as a unified diff) and writes a report for Diskominfo in Indonesian.
//!
//! Pure: the server reads the examples from its store, the catalog from disk, runs the catalog
//! build's checker (passed in as `check`) and writes the files. Nothing here changes the running
//! service: a person reads the report, applies the diff and ships the model file (by version).
//! No reporter identity is ever part of an example; a confidential report's words are used for
//! training (the model keeps only terms and weights) but never quoted in the report or the diff.

mod diff;
mod report;

use crate::catalog::{self, CATEGORIES};
use crate::lifecycle::ActionKind;
use crate::routing::{route, RouteRequest};
use crate::suggest::train::{self, Doc, Params};
use crate::suggest::training::Scorer;
use crate::Date;

use diff::{unified_diff, Insertion};

/// One line of a report's history that moved it, as the store has it.
#[derive(Debug, Clone, Copy)]
pub struct Move<'a> {
    pub kind: ActionKind,
    pub from_unit: Option<&'a str>,
    pub to_unit: Option<&'a str>,
}

/// What a report's history says about its routing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It never went to a wrong place (or only down to a bidang of the unit holding it).
    Fine,
    /// It went wrong and was not placed again yet (returned, waiting for the coordinator).
    Pending,
    /// It went wrong first (`kind`, at `wrong`) and finally went to `right`.
    Misrouted {
        kind: ActionKind,
        wrong: String,
        right: String,
    },
}

/// Reads a report's moves, oldest first. `proposed` is the unit `route` chose when the report
/// arrived. A reroute down to a unit within the one holding it (an OPD passing a report to its
/// bidang) is the normal way of work, not a misroute; "bukan wewenang" is one only when `route`
/// had proposed a unit of the regency.
pub fn outcome(proposed: &str, moves: &[Move]) -> Outcome {
    let mut at = proposed.to_string();
    let mut first: Option<(ActionKind, String)> = None;
    let mut pending = false;
    for m in moves {
        let to = m.to_unit.map(str::to_string);
        match m.kind {
            ActionKind::Route => {
                if let Some(to) = to {
                    at = to;
                }
                pending = false;
            }
            ActionKind::Reroute => {
                let from = m
                    .from_unit
                    .map(str::to_string)
                    .unwrap_or_else(|| at.clone());
                let to = to.unwrap_or_else(|| at.clone());
                let down = match (catalog::unit(&to), catalog::unit(&from)) {
                    (Some(t), Some(f)) => t.is_within(f),
                    _ => false,
                };
                if !down && first.is_none() {
                    first = Some((ActionKind::Reroute, from));
                }
                at = to;
                pending = false;
            }
            ActionKind::Return => {
                let from = m
                    .from_unit
                    .map(str::to_string)
                    .unwrap_or_else(|| at.clone());
                first.get_or_insert((ActionKind::Return, from));
                at = catalog::coordinator().code.to_string();
                pending = true;
            }
            ActionKind::NotAuthority => {
                let to = to.unwrap_or_else(|| at.clone());
                if to != proposed {
                    first.get_or_insert((ActionKind::NotAuthority, proposed.to_string()));
                }
                at = to;
                pending = false;
            }
            _ => {}
        }
    }
    match first {
        None => Outcome::Fine,
        Some(_) if pending => Outcome::Pending,
        Some((_, wrong)) if wrong == at => Outcome::Fine,
        Some((kind, wrong)) => Outcome::Misrouted {
            kind,
            wrong,
            right: at,
        },
    }
}

/// A labelled example: a report's words and answers, and where it should have gone.
#[derive(Debug, Clone)]
pub struct Example {
    /// Title and body: what the citizen wrote.
    pub title: String,
    pub body: String,
    /// The category the citizen chose, and their answers to its questions.
    pub category: String,
    pub answers: Vec<(String, String)>,
    /// The desa/kelurahan or kecamatan code, when given.
    pub location: Option<String>,
    /// How it went wrong first, and where.
    pub kind: ActionKind,
    pub wrong: String,
    /// The unit it finally went to: the label.
    pub right: String,
    /// Whether its title may be quoted in the report and proposed as a catalog example (not a
    /// confidential report).
    pub quotable: bool,
}

impl Example {
    /// What the model reads.
    pub fn text(&self) -> String {
        format!("{}. {}", self.title.trim(), self.body.trim())
    }

    /// Whether it is in the fixed held-back quarter (never trained on, only measured): the top
    /// two bits of the 64-bit FNV-1a hash of its text are zero. (The dev set's rule, the hash
    /// modulo 4, reads only the low two bits of every byte, which FNV-1a never mixes upwards:
    /// fine for the dev set, where it happens to hold back 25%, but it held back 44% of a sample of
    /// reports.)
    pub fn held_back(&self) -> bool {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in self.text().as_bytes() {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h >> 62 == 0
    }

    /// The unit `category` routes this report to, with its answers and place.
    fn routed(&self, category: &str) -> Option<&'static crate::Unit> {
        let c = catalog::category(category)?;
        Some(
            route(&RouteRequest {
                category: c.code,
                answers: self
                    .answers
                    .iter()
                    .map(|(q, a)| (q.as_str(), a.as_str()))
                    .collect(),
                location: self.location.as_deref(),
            })
            .unit,
        )
    }

    /// The categories (indices into `CATEGORIES`) that would have sent this report where it
    /// belongs: those routing it exactly there with its answers; else those with a rule that can
    /// reach that unit; else those reaching its OPD. Empty when no category leads there.
    pub fn accepted(&self) -> Vec<usize> {
        let Some(right) = catalog::unit(&self.right) else {
            return Vec::new();
        };
        let exact: Vec<usize> = (0..CATEGORIES.len())
            .filter(|&i| self.routed(CATEGORIES[i].code).map(|u| u.code) == Some(right.code))
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        let reaching: Vec<usize> = (0..CATEGORIES.len())
            .filter(|&i| CATEGORIES[i].reaches(right))
            .collect();
        if !reaching.is_empty() {
            return reaching;
        }
        (0..CATEGORIES.len())
            .filter(|&i| CATEGORIES[i].reaches(right.opd()))
            .collect()
    }
}

/// Accuracy of a model on labelled examples.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Accuracy {
    pub n: usize,
    /// The first suggested category is one that leads to the right unit.
    pub category_top1: usize,
    pub category_top3: usize,
    /// The first suggested category, with the report's answers and place, routes to exactly the
    /// right unit.
    pub unit_top1: usize,
}

impl Accuracy {
    fn of(scorer: &Scorer, examples: &[(&Example, Vec<usize>)]) -> Accuracy {
        let mut a = Accuracy::default();
        for (e, accepted) in examples {
            let ranked = scorer.rank(&e.text(), 3);
            a.n += 1;
            if let Some(&(c, _)) = ranked.first() {
                if accepted.contains(&c) {
                    a.category_top1 += 1;
                }
                if e.routed(CATEGORIES[c].code).map(|u| u.code) == Some(e.right.as_str()) {
                    a.unit_top1 += 1;
                }
            }
            if ranked.iter().any(|(c, _)| accepted.contains(c)) {
                a.category_top3 += 1;
            }
        }
        a
    }

    pub fn share(part: usize, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else {
            part as f64 / n as f64
        }
    }
}

/// What the learning is given besides the examples.
pub struct Input<'a> {
    pub examples: &'a [Example],
    /// Misrouted reports still waiting to be placed again (not examples yet).
    pub pending: usize,
    /// The model the service runs now (`suggest::MODEL`).
    pub current_model: &'static str,
    /// `catalog.toml` as it is on disk, the base of the proposed change.
    pub catalog_toml: &'a str,
    /// The catalog build's checker: `Err(messages)` when the build would refuse this
    /// `catalog.toml`.
    pub check: &'a dyn Fn(&str) -> Result<(), Vec<String>>,
    /// Other labelled texts to train on (the dev set's training rows), if any.
    pub extra: &'a [Doc],
    /// Other labelled texts to measure both models on (the dev set's held-back quarter), if any.
    pub measure: &'a [Doc],
    pub today: Date,
}

/// What [`learn`] writes.
pub struct Learned {
    /// The retrained model file (`model.txt`).
    pub model: String,
    /// The proposed change to `domain/catalog/catalog.toml`, a unified diff (empty: none).
    pub diff: String,
    /// The report for Diskominfo (Markdown, Indonesian).
    pub report: String,
    pub before: Accuracy,
    pub after: Accuracy,
    /// On `Input::measure`: (top-1, top-3) of the current and of the retrained model.
    pub measured: Option<((usize, usize), (usize, usize))>,
}

/// (top-1, top-3) of a model on labelled texts.
fn top(scorer: &Scorer, docs: &[Doc]) -> (usize, usize) {
    let (mut t1, mut t3) = (0, 0);
    for d in docs {
        let r = scorer.rank(&d.text, 3);
        t1 += usize::from(r.first().is_some_and(|(c, _)| d.accepted.contains(c)));
        t3 += usize::from(r.iter().any(|(c, _)| d.accepted.contains(c)));
    }
    (t1, t3)
}

/// A proposed catalog example: a misrouted report's title, for the category it belongs to.
struct NewExample {
    category: usize,
    phrase: String,
    count: usize,
}

/// A catalog keyword of the citizen's category found in reports that belonged elsewhere.
struct Flag {
    category: usize,
    keyword: &'static str,
    count: usize,
    /// The OPD those reports went to most.
    to: &'static crate::Unit,
}

/// Keywords are flagged for review once this many misrouted reports contain them.
const FLAG_MIN: usize = 2;
/// New examples proposed per category at most.
const EXAMPLES_PER_CATEGORY: usize = 5;

/// Retrains, measures, proposes and reports. Deterministic: the same input gives the same output.
pub fn learn(input: &Input) -> Learned {
    let current = Scorer::new(input.current_model);
    let labelled: Vec<(&Example, Vec<usize>)> =
        input.examples.iter().map(|e| (e, e.accepted())).collect();
    let (held, fit): (Vec<_>, Vec<_>) = labelled
        .iter()
        .filter(|(_, a)| !a.is_empty())
        .map(|(e, a)| (*e, a.clone()))
        .partition(|(e, _)| e.held_back());

    let (examples, flags) = proposals(&current, &fit);
    let (diff, kept_examples, kept_flags) =
        proposed_catalog(input.catalog_toml, examples, flags, input.check);

    let params = Params::default();
    let mut docs: Vec<Doc> = input.extra.to_vec();
    docs.extend(fit.iter().map(|(e, a)| Doc {
        text: e.text(),
        accepted: a.clone(),
        weight: 1.0,
    }));
    // The proposed catalog examples count as the catalog's own would once accepted.
    docs.extend(kept_examples.iter().map(|x| Doc {
        text: x.phrase.clone(),
        accepted: vec![x.category],
        weight: params.catalog_weight,
    }));
    let model = train::train(&docs, &params);
    let retrained = Scorer::new(Box::leak(model.clone().into_boxed_str()));
    let before = Accuracy::of(&current, &held);
    let after = Accuracy::of(&retrained, &held);
    let measured = (!input.measure.is_empty())
        .then(|| (top(&current, input.measure), top(&retrained, input.measure)));
    let report = report::write(&report::Facts {
        input,
        labelled: &labelled,
        held: held.len(),
        fit: fit.len(),
        trained_docs: docs.len(),
        current: &current,
        examples: &kept_examples,
        flags: &kept_flags,
        before,
        after,
        measured,
        has_diff: !diff.is_empty(),
    });
    Learned {
        model,
        diff,
        report,
        before,
        after,
        measured,
    }
}

/// The current model's best category for a text among `among`, or the first of them.
fn best_of(scorer: &Scorer, text: &str, among: &[usize]) -> usize {
    match scorer.logits(text) {
        Some(l) => *among
            .iter()
            .max_by(|a, b| l[**a].total_cmp(&l[**b]).then(b.cmp(a)))
            .unwrap_or(&among[0]),
        None => among[0],
    }
}

/// A title fit to become a catalog example: a few words, nothing that looks like a phone number,
/// an identity number or an e-mail address.
fn phrase_of(title: &str) -> Option<String> {
    let p = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut digits = 0usize;
    let mut run = 0usize;
    for ch in p.chars() {
        if ch.is_ascii_digit() {
            run += 1;
            digits = digits.max(run);
        } else {
            run = 0;
        }
    }
    let words = p.split(' ').count();
    let fit = (3..=20).contains(&words)
        && p.chars().count() <= 120
        && digits < 6
        && !p.contains('@')
        && !p.chars().any(char::is_control);
    fit.then_some(p)
}

/// Lower-case words of a text, for finding catalog keywords in it.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn contains_phrase(words: &[String], phrase: &str) -> bool {
    let p: Vec<String> = self::words(phrase);
    !p.is_empty() && words.windows(p.len()).any(|w| w == p.as_slice())
}

/// New examples (from the training part only: the held-back part measures them) and keywords to
/// review.
fn proposals(current: &Scorer, fit: &[(&Example, Vec<usize>)]) -> (Vec<NewExample>, Vec<Flag>) {
    let mut examples: Vec<NewExample> = Vec::new();
    for (e, accepted) in fit {
        let ranked = current.rank(&e.text(), 1);
        if ranked.first().is_some_and(|(c, _)| accepted.contains(c)) || !e.quotable {
            continue;
        }
        let Some(phrase) = phrase_of(&e.title) else {
            continue;
        };
        let category = best_of(current, &e.text(), accepted);
        let known = CATEGORIES[category]
            .examples
            .iter()
            .any(|x| x.to_lowercase() == phrase.to_lowercase());
        if known {
            continue;
        }
        match examples
            .iter_mut()
            .find(|x| x.category == category && x.phrase.to_lowercase() == phrase.to_lowercase())
        {
            Some(x) => x.count += 1,
            None => examples.push(NewExample {
                category,
                phrase,
                count: 1,
            }),
        }
    }
    examples.sort_by(|a, b| {
        a.category
            .cmp(&b.category)
            .then(b.count.cmp(&a.count))
            .then(a.phrase.cmp(&b.phrase))
    });
    let mut per = vec![0usize; CATEGORIES.len()];
    examples.retain(|x| {
        per[x.category] += 1;
        per[x.category] <= EXAMPLES_PER_CATEGORY
    });

    // (category, keyword) → (count, OPDs the reports went to)
    let mut found: Vec<(usize, &'static str, usize, Vec<&'static crate::Unit>)> = Vec::new();
    for (e, accepted) in fit {
        let Some(ci) = CATEGORIES.iter().position(|c| c.code == e.category) else {
            continue;
        };
        if accepted.contains(&ci) {
            continue;
        }
        let ws = words(&e.text());
        let to = catalog::unit(&e.right).map(|u| u.opd());
        for k in CATEGORIES[ci].keywords {
            if !contains_phrase(&ws, k) {
                continue;
            }
            match found.iter_mut().find(|f| f.0 == ci && f.1 == *k) {
                Some(f) => {
                    f.2 += 1;
                    f.3.extend(to);
                }
                None => found.push((ci, k, 1, to.into_iter().collect())),
            }
        }
    }
    let mut flags: Vec<Flag> = found
        .into_iter()
        .filter(|f| f.2 >= FLAG_MIN && !f.3.is_empty())
        .map(|(category, keyword, count, tos)| {
            let to = *tos
                .iter()
                .max_by_key(|u| (tos.iter().filter(|x| x.code == u.code).count(), u.code))
                .expect("not empty");
            Flag {
                category,
                keyword,
                count,
                to,
            }
        })
        .collect();
    flags.sort_by(|a, b| {
        a.category
            .cmp(&b.category)
            .then(b.count.cmp(&a.count))
            .then(a.keyword.cmp(b.keyword))
    });
    (examples, flags)
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where a category's lines are in `catalog.toml`: its `keywords` line and the closing `]` of its
/// multi-line `examples` array (0-based line numbers).
fn category_lines(lines: &[&str], code: &str) -> Option<(usize, usize)> {
    let start = lines.iter().enumerate().position(|(i, l)| {
        l.trim() == format!("code = {}", toml_string(code))
            && lines[..i]
                .iter()
                .rev()
                .find(|l| l.trim_start().starts_with("[["))
                .is_some_and(|l| l.trim() == "[[category]]")
    })?;
    let end = (start + 1..lines.len())
        .find(|&i| lines[i].trim_start().starts_with("[["))
        .unwrap_or(lines.len());
    let keywords = (start..end).find(|&i| lines[i].trim_start().starts_with("keywords"))?;
    let open = (start..end).find(|&i| {
        let l = lines[i].trim();
        l.starts_with("examples") && l.ends_with('[')
    })?;
    let close = (open + 1..end).find(|&i| lines[i].trim() == "]")?;
    // A new element after the last one needs that one to end with a comma.
    lines[close - 1]
        .trim_end()
        .ends_with(',')
        .then_some((keywords, close))
}

/// The edits for the proposals that fit into the catalog's text.
fn edits(lines: &[&str], examples: &[&NewExample], flags: &[&Flag]) -> Vec<Insertion> {
    let mut out = Vec::new();
    for x in examples {
        if let Some((_, close)) = category_lines(lines, CATEGORIES[x.category].code) {
            out.push(Insertion {
                at: close,
                lines: vec![format!("  {},", toml_string(&x.phrase))],
            });
        }
    }
    for f in flags {
        if let Some((keywords, _)) = category_lines(lines, CATEGORIES[f.category].code) {
            out.push(Insertion {
                at: keywords,
                lines: vec![format!(
                    "# TINJAU: kata kunci {} ada di {} laporan kategori ini yang salah arah (terbanyak seharusnya ke {})",
                    toml_string(f.keyword),
                    f.count,
                    f.to.display_name(crate::Lang::Id)
                )],
            });
        }
    }
    // stable: by place, in the order made
    out.sort_by_key(|e| e.at);
    out
}

fn apply(lines: &[&str], edits: &[Insertion]) -> String {
    let mut out = String::new();
    let mut e = edits.iter().peekable();
    for (i, l) in lines.iter().enumerate() {
        while let Some(ed) = e.next_if(|ed| ed.at == i) {
            for n in &ed.lines {
                out.push_str(n);
                out.push('\n');
            }
        }
        out.push_str(l);
        out.push('\n');
    }
    for ed in e {
        for n in &ed.lines {
            out.push_str(n);
            out.push('\n');
        }
    }
    out
}

type Proposed = (String, Vec<NewExample>, Vec<Flag>);

/// The diff of the catalog with the proposals the checker accepts, and the proposals kept. When the
/// whole proposal would fail the build, each piece is tried alone and kept only if the catalog
/// still builds with it: a diff the build would refuse is never proposed.
fn proposed_catalog(
    toml: &str,
    examples: Vec<NewExample>,
    flags: Vec<Flag>,
    check: &dyn Fn(&str) -> Result<(), Vec<String>>,
) -> Proposed {
    let lines: Vec<&str> = toml.lines().collect();
    let all_x: Vec<&NewExample> = examples.iter().collect();
    let all_f: Vec<&Flag> = flags.iter().collect();
    let full = apply(&lines, &edits(&lines, &all_x, &all_f));
    let (mut keep_x, mut keep_f) = (vec![true; examples.len()], vec![true; flags.len()]);
    if check(&full).is_err() {
        let (mut xs, mut fs): (Vec<&NewExample>, Vec<&Flag>) = (Vec::new(), Vec::new());
        for (i, x) in examples.iter().enumerate() {
            xs.push(x);
            keep_x[i] = check(&apply(&lines, &edits(&lines, &xs, &fs))).is_ok();
            if !keep_x[i] {
                xs.pop();
            }
        }
        for (i, f) in flags.iter().enumerate() {
            fs.push(f);
            keep_f[i] = check(&apply(&lines, &edits(&lines, &xs, &fs))).is_ok();
            if !keep_f[i] {
                fs.pop();
            }
        }
    }
    // only what actually made it into the text counts as proposed
    let kept_x: Vec<NewExample> = examples
        .into_iter()
        .zip(&keep_x)
        .filter(|(x, k)| **k && category_lines(&lines, CATEGORIES[x.category].code).is_some())
        .map(|(x, _)| x)
        .collect();
    let kept_f: Vec<Flag> = flags
        .into_iter()
        .zip(&keep_f)
        .filter(|(f, k)| **k && category_lines(&lines, CATEGORIES[f.category].code).is_some())
        .map(|(f, _)| f)
        .collect();
    let xs: Vec<&NewExample> = kept_x.iter().collect();
    let fs: Vec<&Flag> = kept_f.iter().collect();
    let diff = unified_diff(
        "a/domain/catalog/catalog.toml",
        "b/domain/catalog/catalog.toml",
        &lines,
        &edits(&lines, &xs, &fs),
    );
    (diff, kept_x, kept_f)
}

#[cfg(test)]
mod tests;
