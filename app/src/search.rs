//! Finding a category from the citizen's own words ("jln rusak", "obat gak ada di puskes").
//!
//! Deliberately small and local: it scores each catalog category by how well the query's words
//! match its keywords, name and description, forgiving informal spelling: SMS-style
//! consonant skeletons ("jln" = jalan, "sklh" = sekolah), cut words ("puskes"), dropped prefixes
//! ("ngalir" = mengalir), a few common short forms ("gak", "yg"), and one typo. The app calls only
//! `search`, which asks `domain::suggest` first and uses this keyword match only when the model
//! suggests nothing, or has not arrived yet.
//!
//! The suggestion model is not in the wasm (it would add ≈19 KB brotli to every first visit): the
//! report flow calls `load_model` when the citizen reaches the problem step, and the file, named by
//! its version, is cached by the browser for good. Offline, the keyword match answers until the
//! model arrives; `model_ready` is tracked so that suggestions refresh when it does.

use domain::catalog::{Category, CATEGORIES};
use leptos::prelude::*;
use std::cell::Cell;
use std::sync::OnceLock;

static READY: OnceLock<ArcRwSignal<bool>> = OnceLock::new();

fn ready() -> &'static ArcRwSignal<bool> {
    READY.get_or_init(|| ArcRwSignal::new(domain::suggest::model_ready()))
}

/// Whether `domain::suggest` can answer (tracked).
pub fn model_ready() -> bool {
    ready().get()
}

thread_local! {
    static LOADING: Cell<bool> = const { Cell::new(false) };
}

/// Fetches and installs the suggestion model unless it is there or on its way; a failed attempt
/// (no connection) is tried again at the next call.
pub fn load_model() {
    if ready().get_untracked() || LOADING.with(|l| l.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async {
        let url = format!("/suggest-model-{}.txt", domain::suggest::MODEL_VERSION);
        let got = crate::api::request(
            "GET",
            &url,
            crate::api::Body::None,
            &[],
            std::time::Duration::from_secs(60),
        )
        .await;
        if let Ok((200, text)) = got {
            // Lives as long as the page: the model's tables borrow from it.
            if domain::suggest::install_model(Box::leak(text.into_boxed_str())) {
                ready().set(true);
            }
        }
        LOADING.with(|l| l.set(false));
    });
}

/// At most this many suggestions are shown.
const LIMIT: usize = 5;

/// Short forms whose skeleton rule would not find the word.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("gak", "tidak"),
    ("ga", "tidak"),
    ("gk", "tidak"),
    ("nggak", "tidak"),
    ("ngga", "tidak"),
    ("enggak", "tidak"),
    ("tdk", "tidak"),
    ("tak", "tidak"),
    ("yg", "yang"),
    ("dgn", "dengan"),
    ("udah", "sudah"),
    ("udh", "sudah"),
    ("blm", "belum"),
    ("pkm", "puskesmas"),
    ("rs", "rumah"),
    ("rsud", "rumah"),
    ("sd", "sekolah"),
    ("smp", "sekolah"),
    ("sma", "sekolah"),
    ("smk", "sekolah"),
];

/// Words that say nothing about the problem.
const STOP: &[&str] = &[
    "di", "ke", "dari", "yang", "dan", "atau", "ini", "itu", "ada", "saya", "kami", "kita",
    "untuk", "dengan", "sudah", "sangat", "sekali", "tolong", "mohon", "pak", "bu", "tidak",
    "belum", "lagi", "juga", "nya", "the", "a", "an", "of", "in", "is", "at", "to", "my", "no",
    "not", "and",
];

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        c => c,
    }
}

/// Lower-case words of letters and digits; "jalan2" and "obat-obatan" lose their repetition.
fn words(s: &str) -> Vec<String> {
    s.chars()
        .map(|c| fold(c.to_lowercase().next().unwrap_or(c)))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .map(|w| {
            if w.len() > 3 && w.ends_with('2') {
                w[..w.len() - 1].to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn skeleton(w: &str) -> String {
    let mut out = String::new();
    for (i, c) in w.chars().enumerate() {
        if i == 0 || !is_vowel(c) {
            out.push(c);
        }
    }
    out
}

/// Optimal string alignment distance, bounded: returns max+1 when it is larger than `max`.
fn distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How well a query word matches a word of the catalog, from 0 to 1.
fn similarity(q: &str, w: &str) -> f32 {
    if q == w {
        return 1.0;
    }
    let (ql, wl) = (q.chars().count(), w.chars().count());
    if ql >= 3 && w.starts_with(q) {
        return 0.8;
    }
    if wl >= 4 && q.starts_with(w) {
        return 0.7;
    }
    if ql >= 5 && w.ends_with(q) {
        return 0.6;
    }
    if ql >= 2 && !q.chars().skip(1).any(is_vowel) {
        let sk = skeleton(w);
        if sk == q || (ql >= 3 && sk.starts_with(q)) {
            return 0.65;
        }
    }
    let max = if ql >= 8 {
        2
    } else if ql >= 4 {
        1
    } else {
        0
    };
    if max > 0 && distance(q, w, max) <= max {
        return 0.55;
    }
    0.0
}

fn best(q: &str, ws: &[String]) -> f32 {
    ws.iter().map(|w| similarity(q, w)).fold(0.0, f32::max)
}

/// The categories that best match what the citizen typed, best first: `domain::suggest` first,
/// the keyword match below when it has nothing to say.
pub fn search(query: &str) -> Vec<&'static Category> {
    let suggested: Vec<&'static Category> = domain::suggest::suggest(query, LIMIT)
        .into_iter()
        .map(|s| s.category)
        .collect();
    if !suggested.is_empty() {
        return suggested;
    }
    keyword_search(query)
}

/// The older keyword match, kept as the fallback.
fn keyword_search(query: &str) -> Vec<&'static Category> {
    let raw = words(query);
    let joined = format!(" {} ", raw.join(" "));
    let mut terms: Vec<String> = Vec::new();
    for w in &raw {
        if let Some((_, long)) = SHORT_FORMS.iter().find(|(short, _)| short == w) {
            if STOP.contains(long) {
                continue;
            }
            terms.push(long.to_string());
        }
        if !STOP.contains(&w.as_str()) && !terms.contains(w) {
            terms.push(w.clone());
        }
    }
    if terms.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f32, usize)> = CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let kw: Vec<String> = c.keywords.iter().flat_map(|k| words(k)).collect();
            let name: Vec<String> = words(c.name.id)
                .into_iter()
                .chain(words(c.name.en))
                .collect();
            let desc: Vec<String> = words(c.description.id)
                .into_iter()
                .chain(words(c.topic().name.id))
                .chain(words(c.topic().name.en))
                .collect();
            let mut score = 0.0;
            for t in &terms {
                score += (best(t, &kw) * 3.0)
                    .max(best(t, &name) * 2.5)
                    .max(best(t, &desc) * 1.0);
            }
            // A keyword of several words said as is ("mati lampu") is a strong sign.
            for k in c.keywords.iter().filter(|k| k.contains(' ')) {
                if joined.contains(&format!(" {} ", words(k).join(" "))) {
                    score += 3.0;
                }
            }
            (score, i)
        })
        .filter(|(s, _)| *s >= 1.5)
        .collect();
    domain::sort::sort_by(&mut scored, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let top = scored.first().map(|s| s.0).unwrap_or(0.0);
    scored
        .into_iter()
        .filter(|(s, _)| *s >= top * 0.6)
        .take(LIMIT)
        .map(|(_, i)| &CATEGORIES[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn informal_spellings_match_their_words() {
        assert!(similarity("jln", "jalan") > 0.0);
        assert!(similarity("puskes", "puskesmas") > 0.0);
        assert!(similarity("sklh", "sekolah") > 0.0);
        assert!(similarity("ngalir", "mengalir") > 0.0);
        assert!(similarity("rusk", "rusak") > 0.0);
        assert_eq!(similarity("air", "jalan"), 0.0);
    }
}
