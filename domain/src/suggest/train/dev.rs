//! The dev set of the benchmark (`../shared/eval/keluhan-dev.csv`: `text,label` rows) and
//! `domain/eval/labels.toml` (which categories count as right for a label): read from text the
//! caller loaded, for the `suggest_eval` example and for `server learn --dev`.

use super::{held_back, Doc};
use crate::catalog::CATEGORIES;
use std::collections::BTreeMap;

/// One row of the dev set.
pub struct Row {
    pub text: String,
    pub label: String,
}

/// RFC 4180 CSV: fields separated by commas, rows by CR/LF; a field in double quotes may hold
/// commas, newlines and doubled quotes.
pub fn parse_csv(src: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = src.chars().peekable();
    let mut quoted = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                any = true;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                any = true;
            }
            '\r' => {}
            '\n' => {
                if any || !field.is_empty() {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                any = false;
            }
            _ => {
                field.push(c);
                any = true;
            }
        }
    }
    if any || !field.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The rows of a CSV with `text` and `label` columns (a BOM is skipped).
pub fn rows(src: &str) -> Result<Vec<Row>, String> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut rows = parse_csv(src).into_iter();
    let header = rows.next().unwrap_or_default();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("no `{name}` column"))
    };
    let (t, l) = (col("text")?, col("label")?);
    Ok(rows
        .filter(|r| r.len() > t.max(l))
        .map(|r| Row {
            text: r[t].clone(),
            label: r[l].trim().to_string(),
        })
        .collect())
}

/// `labels.toml`: which categories count as right for each label, in file order.
pub struct Labels {
    order: Vec<String>,
    /// Scored right: the label's OPDs, and its `also` categories.
    accepted: BTreeMap<String, Vec<bool>>,
    /// What training may put a complaint under: the label's OPDs only. An `also` category is a
    /// deliberate routing difference we forgive when scoring, not something to learn: trained on,
    /// it soaks up the label's complaints (every `sosial` complaint would become BPJS).
    trained: BTreeMap<String, Vec<bool>>,
    /// Each label's `opd` codes, for `--units` on a labelled file.
    opds: BTreeMap<String, Vec<String>>,
}

impl Labels {
    /// Reads `labels.toml`; an error names what is wrong (a label naming a unit or category the
    /// catalog lacks).
    pub fn parse(src: &str) -> Result<Labels, String> {
        let doc: toml::Table = src.parse().map_err(|e| format!("{e}"))?;
        let list = |v: Option<&toml::Value>| -> Vec<String> {
            v.and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut order = Vec::new();
        let mut accepted = BTreeMap::new();
        let mut trained = BTreeMap::new();
        let mut opds = BTreeMap::new();
        // toml::Table keeps keys sorted; read the file order from the headers
        for line in src.lines() {
            if let Some(l) = line
                .trim()
                .strip_prefix('[')
                .and_then(|l| l.strip_suffix(']'))
            {
                order.push(l.to_string());
            }
        }
        for label in &order {
            let t = doc.get(label).and_then(|v| v.as_table());
            let opd = list(t.and_then(|t| t.get("opd")));
            let also = list(t.and_then(|t| t.get("also")));
            for code in opd.iter() {
                if crate::catalog::unit(code).is_none() {
                    return Err(format!(
                        "[{label}] names unit '{code}' which the catalog lacks"
                    ));
                }
            }
            for code in also.iter() {
                if crate::catalog::category(code).is_none() {
                    return Err(format!(
                        "[{label}] names category '{code}' which the catalog lacks"
                    ));
                }
            }
            let by_opd: Vec<bool> = CATEGORIES
                .iter()
                .map(|c| {
                    c.code != "lainnya" && opd.iter().any(|o| o == default_unit(c.code).opd().code)
                })
                .collect();
            let ok = CATEGORIES
                .iter()
                .zip(&by_opd)
                .map(|(c, o)| *o || also.iter().any(|a| a == c.code))
                .collect();
            accepted.insert(label.clone(), ok);
            trained.insert(label.clone(), by_opd);
            opds.insert(label.clone(), opd);
        }
        Ok(Labels {
            order,
            accepted,
            trained,
            opds,
        })
    }

    /// The label's OPD codes.
    pub fn opds(&self, label: &str) -> Option<&Vec<String>> {
        self.opds.get(label)
    }

    pub fn right(&self, label: &str, cat: usize) -> Option<bool> {
        self.accepted.get(label).map(|v| v[cat])
    }

    pub fn categories(&self, label: &str) -> Option<Vec<usize>> {
        self.trained
            .get(label)
            .map(|v| (0..v.len()).filter(|&i| v[i]).collect())
    }

    /// The first label that would count this category right, for the confusion table.
    pub fn label_of(&self, cat: usize) -> String {
        self.order
            .iter()
            .find(|l| self.accepted[*l][cat])
            .cloned()
            .unwrap_or_else(|| format!("({})", default_unit(CATEGORIES[cat].code).opd().code))
    }
}

/// Where a category goes with no answers and no place.
pub fn default_unit(code: &str) -> &'static crate::Unit {
    crate::route(&crate::RouteRequest {
        category: code,
        answers: Vec::new(),
        location: None,
    })
    .unit
}

/// The held-back rows with a label `labels` knows, with the categories scored right for them:
/// what a model is measured on.
pub fn held_back_docs(rows: &[Row], labels: &Labels) -> Vec<Doc> {
    rows.iter()
        .filter(|r| held_back(&r.text))
        .filter_map(|r| {
            labels.accepted.get(&r.label).map(|ok| Doc {
                text: r.text.clone(),
                accepted: (0..ok.len()).filter(|&i| ok[i]).collect(),
                weight: 1.0,
            })
        })
        .collect()
}

/// The rows training may learn from: outside the held-back quarter, with a label `labels`
/// knows.
pub fn training_docs(rows: &[Row], labels: &Labels) -> Vec<Doc> {
    rows.iter()
        .filter(|r| !held_back(&r.text))
        .filter_map(|r| {
            labels.categories(&r.label).map(|accepted| Doc {
                text: r.text.clone(),
                accepted,
                weight: 1.0,
            })
        })
        .collect()
}
