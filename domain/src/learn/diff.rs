//! A unified diff (what `patch` and `git apply` read) of lines inserted into a text: the form of
//! every change `learn` proposes to the catalog. Three lines of context, hunks merged when their
//! context touches.

/// Lines to put before old line `at` (0-based; `at == len` appends).
pub struct Insertion {
    pub at: usize,
    pub lines: Vec<String>,
}

enum Op<'a> {
    Keep(&'a str),
    Add(&'a str),
}

const CONTEXT: usize = 3;

/// The diff that turns `old` into `old` with `insertions` (sorted by `at`), between files named
/// `a` and `b` (e.g. `a/domain/catalog/catalog.toml`). Empty when nothing is inserted.
pub fn unified_diff(a: &str, b: &str, old: &[&str], insertions: &[Insertion]) -> String {
    let mut ops: Vec<Op> = Vec::new();
    let mut ins = insertions.iter().peekable();
    for (i, l) in old.iter().enumerate() {
        while let Some(x) = ins.next_if(|x| x.at == i) {
            ops.extend(x.lines.iter().map(|l| Op::Add(l)));
        }
        ops.push(Op::Keep(l));
    }
    for x in ins {
        ops.extend(x.lines.iter().map(|l| Op::Add(l)));
    }
    let changed: Vec<usize> = (0..ops.len())
        .filter(|&i| matches!(ops[i], Op::Add(_)))
        .collect();
    if changed.is_empty() {
        return String::new();
    }
    // hunks as ranges of ops
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for &i in &changed {
        let (s, e) = (i.saturating_sub(CONTEXT), (i + CONTEXT + 1).min(ops.len()));
        match hunks.last_mut() {
            Some(h) if s <= h.1 => h.1 = h.1.max(e),
            _ => hunks.push((s, e)),
        }
    }
    let mut out = format!("--- {a}\n+++ {b}\n");
    // old and new line numbers (1-based) of each op's position
    let (mut old_no, mut new_no) = (vec![0usize; ops.len() + 1], vec![0usize; ops.len() + 1]);
    let (mut o, mut n) = (1usize, 1usize);
    for (i, op) in ops.iter().enumerate() {
        old_no[i] = o;
        new_no[i] = n;
        match op {
            Op::Keep(_) => {
                o += 1;
                n += 1;
            }
            Op::Add(_) => n += 1,
        }
    }
    for (s, e) in hunks {
        let keeps = ops[s..e]
            .iter()
            .filter(|o| matches!(o, Op::Keep(_)))
            .count();
        let old_start = if keeps == 0 { old_no[s] - 1 } else { old_no[s] };
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            old_start,
            keeps,
            new_no[s],
            e - s
        ));
        for op in &ops[s..e] {
            match op {
                Op::Keep(l) => {
                    out.push(' ');
                    out.push_str(l);
                }
                Op::Add(l) => {
                    out.push('+');
                    out.push_str(l);
                }
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertions_become_hunks_with_context_merged_when_close() {
        let old: Vec<String> = (1..=20).map(|i| format!("l{i}")).collect();
        let old: Vec<&str> = old.iter().map(String::as_str).collect();
        let d = unified_diff(
            "a/f",
            "b/f",
            &old,
            &[
                Insertion {
                    at: 4,
                    lines: vec!["x".into()],
                },
                Insertion {
                    at: 6,
                    lines: vec!["y".into()],
                },
                Insertion {
                    at: 20,
                    lines: vec!["z".into()],
                },
            ],
        );
        assert_eq!(
            d,
            "--- a/f\n+++ b/f\n@@ -2,8 +2,10 @@\n l2\n l3\n l4\n+x\n l5\n l6\n+y\n l7\n l8\n l9\n@@ -18,3 +20,4 @@\n l18\n l19\n l20\n+z\n"
        );
        assert_eq!(unified_diff("a/f", "b/f", &old, &[]), "");
    }
}
