//! The normative-answer check (`domain::answer`) on labelled answers.
//!
//! - `answers-golden.csv`: answers written with the check, good and bad; every part of every
//!   row must be read right.
//! - `answers-blind.csv`: answers written by someone who never saw the check (see its README);
//!   it measures how the check does on answers it was not written for, as the precision and
//!   recall of "flagged as normative", which must stay at or above the floors below.

use domain::answer::{AnswerCheck, Part};

fn rows(src: &str) -> Vec<(String, [bool; 3])> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                if fields.len() == 4 {
                    out.push(std::mem::take(&mut fields));
                } else {
                    assert!(fields.iter().all(|f| f.is_empty()), "bad row {fields:?}");
                    fields.clear();
                }
            }
            (false, c) => field.push(c),
        }
    }
    out.into_iter()
        .skip(1)
        .map(|f| {
            let b = |s: &str| match s.trim() {
                "1" => true,
                "0" => false,
                other => panic!("label {other:?} in {f:?}"),
            };
            (f[0].clone(), [b(&f[1]), b(&f[2]), b(&f[3])])
        })
        .collect()
}

fn parts(c: &AnswerCheck) -> [bool; 3] {
    [c.has(Part::Action), c.has(Part::Unit), c.has(Part::Time)]
}

#[test]
fn golden_answers_are_read_part_by_part() {
    let rows = rows(include_str!("answers-golden.csv"));
    let good = rows.iter().filter(|r| r.1 == [true; 3]).count();
    assert!(rows.len() >= 60 && good >= 25 && rows.len() - good >= 25);
    let wrong: Vec<String> = rows
        .iter()
        .filter_map(|(text, want)| {
            let got = parts(&AnswerCheck::of(text));
            (got != *want).then(|| format!("{text}\n   want {want:?} got {got:?}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        rows.len(),
        wrong.join("\n")
    );
}

/// Precision and recall of flagging a normative answer (one with any part missing).
fn flagging(rows: &[(String, [bool; 3])]) -> (f64, f64, Vec<String>) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut misses = Vec::new();
    for (text, want) in rows {
        let got = AnswerCheck::of(text);
        let normative = *want != [true; 3];
        match (normative, !got.is_complete()) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                misses.push(format!(
                    "flagged a good answer ({:?}): {text}",
                    got.missing()
                ));
            }
            (true, false) => {
                fn_ += 1;
                misses.push(format!("passed a normative answer (want {want:?}): {text}"));
            }
            (false, false) => {}
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    (precision, recall, misses)
}

#[test]
fn blind_answers_are_flagged_with_measured_precision_and_recall() {
    let rows = rows(include_str!("answers-blind.csv"));
    assert!(rows.len() >= 60, "{} rows", rows.len());
    let (precision, recall, misses) = flagging(&rows);
    let per_part: Vec<String> = Part::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let right = rows
                .iter()
                .filter(|(t, want)| parts(&AnswerCheck::of(t))[i] == want[i])
                .count();
            format!("{p:?} {right}/{}", rows.len())
        })
        .collect();
    println!(
        "blind: n={} precision={precision:.3} recall={recall:.3} parts: {}\n{}",
        rows.len(),
        per_part.join(", "),
        misses.join("\n")
    );
    // Floors: most boilerplate caught, few good answers stopped (an officer can still send one
    // with a logged reason).
    assert!(recall >= 0.90, "recall {recall:.3}\n{}", misses.join("\n"));
    assert!(
        precision >= 0.85,
        "precision {precision:.3}\n{}",
        misses.join("\n")
    );
}
