//! Benchmark (and trainer) of `domain::suggest`.
//!
//! ```text
//! cargo run --release -p domain --example suggest_eval -- FILE.csv            # every row
//! cargo run --release -p domain --example suggest_eval -- --holdout FILE.csv  # the held-back quarter only
//! cargo run --release -p domain --example suggest_eval -- --train FILE.csv [--out PATH] [--cv K] [--PARAM VALUE ...]
//! cargo run --release -p domain --example suggest_eval -- --units FILE.csv    # the suggested unit
//! ```
//!
//! `--units` scores the *unit* a suggestion routes to, as the app shows it from the words alone:
//! the category, the answers its text gives to the category's questions (`suggest::answers_in`),
//! no location. FILE.csv has `text,units` columns (`units`: the acceptable unit codes, separated
//! by `|`), or `text,label` (then any unit within the label's `opd` of `labels.toml` is accepted:
//! OPD level only). It prints the rows missed, the same figures with no answers pre-selected (the
//! old behaviour), and ends with exactly one line `unit_top1=0.NNN unit_top3=0.NNN n=N`.
//!
//! FILE.csv has `text,label` columns (quoted fields may hold commas, quotes and newlines), with the
//! labels of `../shared/eval/README.md`. A suggestion is right when its unit belongs to an OPD
//! that `domain/eval/labels.toml` accepts for the label (see there for where Natuna routes
//! differently from Surabaya on purpose). The report gives top-1 and top-3 accuracy, recall per
//! label, the confusion between labels, and the time per suggestion, and ends with exactly one
//! line `top1=0.NNN top3=0.NNN n=N`.
//!
//! The held-back quarter is fixed: a row is held back when the FNV-1a hash of its text is 0
//! modulo 4. `--train` learns only from the other rows (and the catalog), writes
//! `domain/eval/model.txt`, and reports on the held-back rows; rebuild to ship the new model.
//! `--cv K` instead reports K-fold cross-validation within the training rows, for choosing
//! parameters without looking at the held-back ones.

use domain::catalog::CATEGORIES;
use domain::suggest::train::dev::{self, Labels, Row};
use domain::suggest::{self, train, training::Scorer};
use std::collections::BTreeMap;
use std::time::Instant;

fn read_rows(path: &str) -> Vec<Row> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| die(&format!("{path}: {e}")));
    dev::rows(&src).unwrap_or_else(|e| die(&format!("{path}: {e}")))
}

fn die(msg: &str) -> ! {
    eprintln!("suggest_eval: {msg}");
    std::process::exit(2)
}

/// The fixed held-back quarter of the dev set.
fn held_back(text: &str) -> bool {
    train::held_back(text)
}

fn load_labels() -> Labels {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/labels.toml");
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| die(&format!("{path}: {e}")));
    Labels::parse(&src).unwrap_or_else(|e| die(&format!("{path}: {e}")))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut file = None;
    let mut holdout = false;
    let mut units_file: Option<String> = None;
    let mut training = false;
    let mut cv = 0usize;
    let mut out = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/model.txt").to_string();
    let mut params = train::Params::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "--holdout" => holdout = true,
            "--units" => {
                let f = args.get(i + 1).unwrap_or_else(|| die("--units FILE.csv"));
                units_file = Some(f.clone());
                i += 1;
            }
            "--roots" => {
                // every word of FILE.csv seen twice or more, and the root the shipped model reads
                // it as: for checking the stemmer against another one (see domain/eval/README.md)
                roots_of_words(args.get(i + 1).unwrap_or_else(|| die("--roots FILE.csv")));
                return;
            }
            "--show" => {
                for t in &args[i + 1..] {
                    show(t);
                }
                return;
            }
            "--train" => training = true,
            "--out" | "--cv" => {
                let v = args
                    .get(i + 1)
                    .unwrap_or_else(|| die(&format!("{a} needs a value")));
                if a == "--out" {
                    out = v.clone();
                } else {
                    cv = v.parse().unwrap_or_else(|_| die("--cv needs a number"));
                }
                i += 1;
            }
            s if s.starts_with("--") => {
                let v = args
                    .get(i + 1)
                    .unwrap_or_else(|| die(&format!("{a} needs a value")));
                params.set(&s[2..], v).unwrap_or_else(|e| die(&e));
                i += 1;
            }
            _ => file = Some(a.clone()),
        }
        i += 1;
    }
    if let Some(f) = units_file {
        units(&f, holdout);
        return;
    }
    let file = file.unwrap_or_else(|| {
        die("usage: suggest_eval [--holdout | --train [--cv K] [--out PATH]] FILE.csv")
    });
    let labels = load_labels();
    let rows = read_rows(&file);

    if training {
        let docs = dev::training_docs(&rows, &labels);
        let heldout: Vec<Row> = rows.into_iter().filter(|r| held_back(&r.text)).collect();
        if cv > 1 {
            // K-fold within the training rows: accuracy, and the temperature that makes the
            // scores honest probabilities (least log-loss of the accepted categories)
            let temps = [1.0f32, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0];
            let mut nll = vec![0.0f64; temps.len()];
            let (mut t1, mut t3, mut n) = (0.0, 0.0, 0usize);
            for k in 0..cv {
                let (test, fit): (Vec<_>, Vec<_>) =
                    docs.iter().enumerate().partition(|(i, _)| i % cv == k);
                let fit: Vec<train::Doc> = fit.into_iter().map(|(_, d)| clone_doc(d)).collect();
                let model: &'static str = Box::leak(train::train(&fit, &params).into_boxed_str());
                let scorer = Scorer::new(model);
                for (_, d) in &test {
                    let r = scorer.rank(&d.text, 3);
                    t1 += r.first().is_some_and(|(c, _)| d.accepted.contains(c)) as u32 as f64;
                    t3 += r.iter().any(|(c, _)| d.accepted.contains(c)) as u32 as f64;
                    n += 1;
                    if let Some(l) = scorer.logits(&d.text) {
                        for (ti, t) in temps.iter().enumerate() {
                            let max = l.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                            let e: Vec<f64> =
                                l.iter().map(|x| (((x - max) / t) as f64).exp()).collect();
                            let sum: f64 = e.iter().sum();
                            let inset: f64 = d.accepted.iter().map(|&c| e[c]).sum();
                            nll[ti] -= (inset / sum).max(1e-9).ln();
                        }
                    }
                }
            }
            println!(
                "cv{cv}: top1={:.3} top3={:.3} n={n} {params:?}",
                t1 / n as f64,
                t3 / n as f64
            );
            for (t, l) in temps.iter().zip(&nll) {
                println!("  temperature {t}: log-loss {:.4}", l / n as f64);
            }
            return;
        }
        let model = train::train(&docs, &params);
        std::fs::write(&out, &model).unwrap_or_else(|e| die(&format!("{out}: {e}")));
        println!(
            "wrote {out} ({} bytes) from {} complaints and the catalog",
            model.len(),
            docs.len()
        );
        let model: &'static str = Box::leak(model.into_boxed_str());
        let scorer = Scorer::new(model);
        report(&heldout, &labels, "held-back quarter, new model", |t| {
            scorer.rank(t, 3).into_iter().map(|(c, _)| c).collect()
        });
        return;
    }

    let rows: Vec<Row> = if holdout {
        rows.into_iter().filter(|r| held_back(&r.text)).collect()
    } else {
        rows
    };
    let t0 = Instant::now();
    let _ = suggest::suggest("jalan rusak", 3);
    println!(
        "first call (builds the tables): {:.2} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    let (terms, weights) = suggest::model_size();
    println!("model: {terms} terms, {weights} weights");
    let what = if holdout {
        "held-back quarter"
    } else {
        "all rows"
    };
    report(&rows, &labels, what, |t| {
        suggest::suggest(t, 3)
            .into_iter()
            .map(|s| CATEGORIES.iter().position(|c| c == s.category).unwrap())
            .collect()
    });
}

fn roots_of_words(path: &str) {
    let a = domain::suggest::training::Analyzer::new(Vec::new());
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for r in read_rows(path) {
        let mut ws = a.content_words(&r.text);
        ws.sort();
        ws.dedup();
        for w in ws {
            *df.entry(w).or_default() += 1;
        }
    }
    for (w, n) in df {
        if n >= 2 && w.bytes().all(|b| b.is_ascii_lowercase()) {
            let r = domain::suggest::training::root_of(&w);
            println!("{w}\t{r}\t{n}");
        }
    }
}

/// `--show TEXT...`: what a citizen would see, with the roots the model read.
fn show(text: &str) {
    let t0 = Instant::now();
    let s = suggest::suggest(text, 3);
    let us = t0.elapsed().as_secs_f64() * 1e6;
    println!("{text:?}  ({us:.0} µs)");
    if s.is_empty() {
        println!("    (no suggestion)");
    }
    for x in s {
        println!(
            "    {:.3} {:<24} -> {}",
            x.score,
            x.category.code,
            x.route.unit.display_name(domain::Lang::Id)
        );
    }
}

fn clone_doc(d: &train::Doc) -> train::Doc {
    train::Doc {
        text: d.text.clone(),
        accepted: d.accepted.clone(),
        weight: d.weight,
    }
}

fn report(rows: &[Row], labels: &Labels, what: &str, mut rank: impl FnMut(&str) -> Vec<usize>) {
    let mut per: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut confusion: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut times = Vec::with_capacity(rows.len());
    let (mut t1, mut t3, mut n, mut unknown, mut empty) = (0, 0, 0, 0, 0);
    for r in rows {
        let start = Instant::now();
        let ranked = rank(&r.text);
        times.push(start.elapsed().as_secs_f64() * 1e6);
        let Some(_) = labels.right(&r.label, 0) else {
            unknown += 1;
            continue;
        };
        n += 1;
        let e = per.entry(r.label.as_str()).or_default();
        e.0 += 1;
        let first = ranked
            .first()
            .is_some_and(|&c| labels.right(&r.label, c) == Some(true));
        let any = ranked
            .iter()
            .any(|&c| labels.right(&r.label, c) == Some(true));
        if first {
            t1 += 1;
            e.1 += 1;
        }
        if any {
            t3 += 1;
            e.2 += 1;
        }
        if !first {
            let got = match ranked.first() {
                Some(&c) => labels.label_of(c),
                None => "(nothing)".to_string(),
            };
            if ranked.is_empty() {
                empty += 1;
            }
            *confusion
                .entry(r.label.as_str())
                .or_default()
                .entry(got)
                .or_default() += 1;
        }
    }
    if std::env::var_os("SUGGEST_EVAL_SLOWEST").is_some() {
        let mut idx: Vec<usize> = (0..times.len()).collect();
        idx.sort_by(|&a, &b| times[b].total_cmp(&times[a]));
        for &i in idx.iter().take(5) {
            println!("slow: {:.0} µs, {} chars", times[i], rows[i].text.len());
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |q: f64| {
        times
            .get(((times.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let frac = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!("\n== {what}: {n} rows scored, {unknown} with a label labels.toml lacks, {empty} with no suggestion");
    println!(
        "top-1 {:.1}%   top-3 {:.1}%   (OPD level)",
        100.0 * frac(t1, n),
        100.0 * frac(t3, n)
    );
    println!("\n{:<28} {:>5} {:>7} {:>7}", "label", "n", "top-1", "top-3");
    let mut by_n: Vec<_> = per.iter().collect();
    by_n.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (l, (k, a, b)) in &by_n {
        println!(
            "{:<28} {:>5} {:>6.1}% {:>6.1}%",
            l,
            k,
            100.0 * frac(*a, *k),
            100.0 * frac(*b, *k)
        );
    }
    println!("\nconfusion (top-1 wrong: label -> the label its unit belongs to, count)");
    for (l, _) in &by_n {
        if let Some(m) = confusion.get(*l) {
            let mut v: Vec<_> = m.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let s: Vec<String> = v.iter().take(6).map(|(k, c)| format!("{k} {c}")).collect();
            println!("  {:<26} {}", l, s.join(", "));
        }
    }
    println!(
        "\ntime per suggestion: median {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        pct(0.5),
        pct(0.99),
        times.last().copied().unwrap_or(0.0)
    );
    println!("top1={:.3} top3={:.3} n={}", frac(t1, n), frac(t3, n), n);
}

/// A unit a row accepts: exactly this unit, or (from a label) anything within this OPD.
enum Accept {
    Exact(&'static domain::Unit),
    Within(&'static domain::Unit),
}

impl Accept {
    fn takes(&self, u: &domain::Unit) -> bool {
        match self {
            Accept::Exact(a) => a.code == u.code,
            Accept::Within(a) => u.is_within(a),
        }
    }
}

/// `--units FILE.csv`: is the unit of the first (any of the three) suggestion(s) one the row
/// accepts, routed with the answers the text gives, and with none (the old behaviour)?
fn units(path: &str, holdout: bool) {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| die(&format!("{path}: {e}")));
    let src = src.strip_prefix('\u{feff}').unwrap_or(&src);
    let mut rows = dev::parse_csv(src).into_iter();
    let header = rows.next().unwrap_or_default();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let t = col("text").unwrap_or_else(|| die(&format!("{path}: no `text` column")));
    let (u, l) = (col("units"), col("label"));
    let labels = load_labels();
    let mut cases: Vec<(String, Vec<Accept>)> = Vec::new();
    let mut skipped = 0;
    for (i, r) in rows.enumerate() {
        let Some(text) = r.get(t) else { continue };
        let accept: Vec<Accept> = match (u.and_then(|u| r.get(u)), l.and_then(|l| r.get(l))) {
            (Some(units), _) => units
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| {
                    Accept::Exact(domain::catalog::unit(c).unwrap_or_else(|| {
                        die(&format!(
                            "{path}:{}: unit '{c}' is not in the catalog",
                            i + 2
                        ))
                    }))
                })
                .collect(),
            (None, Some(label)) => labels
                .opds(label.trim())
                .into_iter()
                .flatten()
                .filter_map(|c| domain::catalog::unit(c).map(Accept::Within))
                .collect(),
            (None, None) => die(&format!("{path}: no `units` or `label` column")),
        };
        if accept.is_empty() {
            skipped += 1;
            continue;
        }
        if holdout && !held_back(text) {
            continue;
        }
        cases.push((text.clone(), accept));
    }
    if holdout {
        println!("held-back quarter only");
    }
    if u.is_none() {
        println!("units from labels.toml: any unit within the label's OPDs (OPD level); {skipped} rows with a label it lacks left out");
    }
    let n = cases.len();
    let (mut new1, mut new3, mut old1, mut old3, mut answered, mut gained, mut lost) =
        (0, 0, 0, 0, 0, 0, 0);
    let mut misses: Vec<String> = Vec::new();
    let mut made_wrong: Vec<String> = Vec::new();
    for (text, accept) in &cases {
        let s = suggest::suggest(text, 3);
        let ok = |unit: &domain::Unit| accept.iter().any(|a| a.takes(unit));
        let with: Vec<&domain::Unit> = s.iter().map(|x| x.route.unit).collect();
        let without: Vec<&domain::Unit> = s
            .iter()
            .map(|x| dev::default_unit(x.category.code))
            .collect();
        let (n1, o1) = (
            with.first().is_some_and(|u| ok(u)),
            without.first().is_some_and(|u| ok(u)),
        );
        new1 += n1 as usize;
        old1 += o1 as usize;
        new3 += with.iter().any(|u| ok(u)) as usize;
        old3 += without.iter().any(|u| ok(u)) as usize;
        answered += s.first().is_some_and(|x| !x.answers.is_empty()) as usize;
        gained += (n1 && !o1) as usize;
        lost += (o1 && !n1) as usize;
        if o1 && !n1 {
            let cut: String = text.chars().take(70).collect();
            made_wrong.push(format!(
                "  {cut:<70}  {:?} -> {}",
                s[0].answers, s[0].route.unit.code
            ));
        }
        if !n1 {
            let want: Vec<&str> = accept
                .iter()
                .map(|a| match a {
                    Accept::Exact(u) | Accept::Within(u) => u.code,
                })
                .collect();
            let got = match s.first() {
                Some(x) => format!(
                    "{} {:?} -> {}",
                    x.category.code,
                    x.answers.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
                    x.route.unit.code
                ),
                None => "(no suggestion)".to_string(),
            };
            let cut: String = text.chars().take(70).collect();
            misses.push(format!("  {cut:<70}  want {}  got {got}", want.join("|")));
        }
    }
    let frac = |a: usize| if n == 0 { 0.0 } else { a as f64 / n as f64 };
    println!(
        "\n{} of {n} rows missed at top-1 (the first {} shown):",
        misses.len(),
        misses.len().min(15)
    );
    for m in misses.iter().take(15) {
        println!("{m}");
    }
    if !made_wrong.is_empty() {
        println!("\nright with no answers, wrong with the answers the text gave:");
        for m in &made_wrong {
            println!("{m}");
        }
    }
    println!(
        "\nthe first suggestion's text answered a question in {answered} rows; pre-selecting made {gained} right and {lost} wrong"
    );
    println!(
        "no answers pre-selected (before): unit_top1={:.3} unit_top3={:.3} n={n}",
        frac(old1),
        frac(old3)
    );
    println!(
        "unit_top1={:.3} unit_top3={:.3} n={n}",
        frac(new1),
        frac(new3)
    );
}
