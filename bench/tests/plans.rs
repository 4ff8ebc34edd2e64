//! The plan guard: on a seeded SQLite store (about 20,000 reports, statistics gathered), no list
//! query the server runs may read all reports or sort them in a temporary B-tree. A list that
//! scans is fast at 10k reports and seconds slow at 1M; this fails the build before that ships.
//! Every shape comes from `Store::explain_lists`, which builds them with the server's own code.

use bench::seed::{seed, SeedOptions, Target};

/// A plan line that reads every report: `SCAN r` (the reports table's alias) without an index.
/// `SCAN f VIRTUAL TABLE …` (the full-text index answering MATCH) is fine.
fn full_scan(line: &str) -> bool {
    let l = line.trim();
    let l = l.trim_start_matches(|c: char| c == '|' || c == '-' || c == '`' || c.is_whitespace());
    let Some(rest) = l.strip_prefix("SCAN ") else {
        return false;
    };
    let table = rest.split_whitespace().next().unwrap_or("");
    (table == "r" || table == "reports")
        && ![
            "USING INDEX",
            "USING COVERING INDEX",
            "USING INTEGER PRIMARY KEY",
        ]
        .iter()
        .any(|ok| rest.contains(ok))
}

fn temp_sort(line: &str) -> bool {
    line.contains("USE TEMP B-TREE")
}

#[test]
fn the_guard_sees_a_scan_and_a_sort() {
    assert!(full_scan("SCAN r"));
    assert!(full_scan("`--SCAN r"));
    assert!(full_scan("SCAN reports"));
    assert!(!full_scan("SCAN r USING INDEX reports_list"));
    assert!(!full_scan("SCAN r USING COVERING INDEX reports_list"));
    assert!(!full_scan("SCAN r USING INTEGER PRIMARY KEY (rowid>?)"));
    assert!(!full_scan("SCAN f VIRTUAL TABLE INDEX 0:M1"));
    assert!(!full_scan("SEARCH r USING INDEX reports_list (listed=?)"));
    assert!(temp_sort("USE TEMP B-TREE FOR ORDER BY"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_list_query_scans_reports_or_sorts_them_on_a_seeded_store() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target {
        database_url: None,
        data_dir: dir.path().to_path_buf(),
    };
    let opts = SeedOptions::new(20_000);
    // `seed` runs ANALYZE at the end: the planner sees the seeded distribution.
    let seeded = seed(&target, &opts).await.expect("seed the store");
    assert_eq!(seeded.reports, 20_000);
    let plans = seeded
        .store
        .explain_lists(opts.now)
        .await
        .expect("explain every list query");
    assert!(
        plans.len() >= 20,
        "explain_lists returned only {} plans",
        plans.len()
    );
    // Shown with `-- --nocapture`.
    for (name, plan) in &plans {
        println!("-- {name}\n{plan}\n");
    }
    let bad: Vec<&(String, String)> = plans
        .iter()
        .filter(|(_, plan)| plan.lines().any(|l| full_scan(l) || temp_sort(l)))
        .collect();
    if !bad.is_empty() {
        let mut msg = format!(
            "{} of {} list query plans read every report or sort in a temporary B-tree:\n",
            bad.len(),
            plans.len()
        );
        for (name, plan) in &bad {
            msg.push_str(&format!("\n== {name}\n{plan}\n"));
        }
        msg.push_str("\nAll plans:\n");
        for (name, plan) in &plans {
            msg.push_str(&format!("\n-- {name}\n{plan}\n"));
        }
        panic!("{msg}");
    }
}

/// The seed writes what the server writes: its history joins the chain, so a server started on a
/// seeded store has nothing to seal and `verify-chain` checks every seeded entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seeded_store_s_history_is_one_verified_chain() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target {
        database_url: None,
        data_dir: dir.path().to_path_buf(),
    };
    let first = seed(&target, &SeedOptions::new(1_500)).await.unwrap();
    // A second seed into the same store continues the chain.
    let mut more = SeedOptions::new(500);
    more.seed = 13;
    let second = seed(&target, &more).await.unwrap();
    match second.store.verify_chain().await.unwrap() {
        server::store::Verified::Whole { entries, .. } => {
            assert_eq!(entries, first.history + second.history)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        second.store.seal_chain().await.unwrap(),
        0,
        "nothing left to seal"
    );
}
