//! The one table: every run's result (JSON lines written by `load` and `raw`) reduced to the
//! median over runs of p50, p99 and requests/s, per endpoint, store and size, with the ratios the
//! issue asks for.

use crate::load::Workload;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

#[derive(Debug, Clone)]
struct Run {
    row: String,
    store: String,
    size: u64,
    run: String,
    rps: f64,
    p50: f64,
    p99: f64,
    seconds: f64,
    errors: u64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The row a result belongs in.
fn row_of(v: &Value) -> Option<String> {
    let w = v["workload"].as_str()?;
    let c = v["concurrency"].as_u64().unwrap_or(0);
    Some(match w {
        "raw" => format!("raw:{}", v["tags"]["per_tx"].as_str().unwrap_or("1")),
        _ => format!("{w}:{c}"),
    })
}

fn row_label(row: &str) -> String {
    let (w, c) = row.split_once(':').unwrap_or((row, ""));
    if w == "raw" {
        return if c == "1" {
            "raw store, 1 report per transaction (c1), reports/s".into()
        } else {
            format!("raw store, {c} reports per transaction (c1), reports/s")
        };
    }
    if w == "seed" {
        return "seed: time to insert the reports (ANALYZE included)".into();
    }
    let label = Workload::ALL
        .iter()
        .find(|x| x.name() == w)
        .map(|x| x.label())
        .unwrap_or(w);
    format!("{label} c{c}")
}

fn size_label(n: u64) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}M", n / 1_000_000)
    } else if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

fn ms(x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if x < 10.0 {
        format!("{x:.2}")
    } else if x < 100.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
}

fn ratio(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "–".into()
    }
}

/// Builds the table (Markdown) from result lines.
pub fn render(lines: &str) -> anyhow::Result<String> {
    let mut runs = Vec::new();
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line)?;
        let Some(row) = row_of(&v) else { continue };
        let tag = |k: &str| v["tags"][k].as_str().unwrap_or("").to_string();
        runs.push(Run {
            row,
            store: tag("store"),
            size: tag("size").parse().unwrap_or(0),
            run: tag("run"),
            rps: v["rps"].as_f64().unwrap_or(f64::NAN),
            p50: v["p50_ms"].as_f64().unwrap_or(f64::NAN),
            p99: v["p99_ms"].as_f64().unwrap_or(f64::NAN),
            seconds: v["seconds"].as_f64().unwrap_or(f64::NAN),
            errors: v["errors"].as_u64().unwrap_or(0),
        });
    }
    let store_rank = |s: &str| if s == "sqlite" { 0 } else { 1 };
    let columns: BTreeSet<(u8, String, u64)> = runs
        .iter()
        .map(|r| (store_rank(&r.store), r.store.clone(), r.size))
        .collect();
    let mut order: Vec<String> = Vec::new();
    for w in Workload::ALL {
        for c in [1, 8, 32] {
            order.push(format!("{}:{c}", w.name()));
        }
    }
    order.push("raw:1".into());
    order.push("raw:32".into());
    order.push("seed:1".into());
    let present: BTreeSet<&str> = runs.iter().map(|r| r.row.as_str()).collect();
    for r in &present {
        if !order.iter().any(|o| o == r) {
            order.push(r.to_string());
        }
    }
    let pick = |row: &str, store: &str, size: u64| -> Vec<&Run> {
        runs.iter()
            .filter(|r| r.row == row && r.store == store && r.size == size)
            .collect()
    };
    let med = |rs: &[&Run], f: fn(&Run) -> f64| median(rs.iter().map(|r| f(r)).collect());

    let mut out = String::new();
    writeln!(
        out,
        "Each cell: median over runs of p50 / p99 latency (ms) and requests/s (reports/s for raw rows); (n) = runs."
    )?;
    writeln!(out)?;
    write!(out, "| endpoint |")?;
    for (_, store, size) in &columns {
        write!(out, " {store} {} |", size_label(*size))?;
    }
    writeln!(out)?;
    write!(out, "| --- |")?;
    for _ in &columns {
        write!(out, " --- |")?;
    }
    writeln!(out)?;
    for row in order.iter().filter(|r| present.contains(r.as_str())) {
        write!(out, "| {} |", row_label(row))?;
        for (_, store, size) in &columns {
            let rs = pick(row, store, *size);
            if rs.is_empty() {
                write!(out, " |")?;
                continue;
            }
            let errors: u64 = rs.iter().map(|r| r.errors).sum();
            if row == "seed:1" {
                write!(
                    out,
                    " {:.0} s · {:.0} reports/s |",
                    med(&rs, |r| r.seconds),
                    med(&rs, |r| r.rps)
                )?;
                continue;
            }
            write!(
                out,
                " {} / {} · {:.0}/s ({}){} |",
                ms(med(&rs, |r| r.p50)),
                ms(med(&rs, |r| r.p99)),
                med(&rs, |r| r.rps),
                rs.len(),
                if errors > 0 {
                    format!(" **{errors} errors**")
                } else {
                    String::new()
                }
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out)?;
    writeln!(
        out,
        "| store | size | submissions c1 ÷ raw SQLite 1/tx (≥ 0.7) | submissions c32 ÷ raw SQLite 1/tx (≥ 1.0) | c1 ÷ raw same store | c32 ÷ raw same store | status reads ÷ /healthz req/s (≥ 0.70) |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |")?;
    for (_, store, size) in &columns {
        let rps = |row: &str, store: &str| med(&pick(row, store, *size), |r| r.rps);
        let raw_sqlite = rps("raw:1", "sqlite");
        let raw_same = rps("raw:1", store);
        let (c1, c32) = (rps("submit:1", store), rps("submit:32", store));
        // Reads against /healthz within each run, then the median.
        let mut per_run: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        for r in pick("report:8", store, *size) {
            per_run
                .entry(r.run.clone())
                .or_insert((f64::NAN, f64::NAN))
                .0 = r.rps;
        }
        for r in pick("healthz:8", store, *size) {
            per_run
                .entry(r.run.clone())
                .or_insert((f64::NAN, f64::NAN))
                .1 = r.rps;
        }
        let reads = median(per_run.values().map(|(a, b)| a / b).collect());
        writeln!(
            out,
            "| {store} | {} | {} | {} | {} | {} | {} |",
            size_label(*size),
            ratio(c1 / raw_sqlite),
            ratio(c32 / raw_sqlite),
            ratio(c1 / raw_same),
            ratio(c32 / raw_same),
            ratio(reads),
        )?;
    }
    Ok(out)
}
