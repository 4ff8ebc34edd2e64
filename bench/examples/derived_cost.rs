//! What `server::store::Derived::of` costs per report, which the server pays on every submission
//! and every move: `cargo run --release -p bench --example derived_cost`.
//!
//! It asks `deadline::current(status, timeline, 0)` for the deadline; with "now" at 0 the answer
//! also counts the working days from 1970 to the deadline (`working_days_left`), which the
//! derived column does not use. Compare the same call with the real "now".

use bench::seed::Generator;
use server::store::Derived;
use std::time::Instant;

fn main() {
    let now = bench::seed::now();
    let reports: Vec<_> = Generator::new(20_000, 1, now).collect();
    let open: Vec<_> = reports
        .iter()
        .filter(|g| !g.row.status.is_terminal())
        .collect();
    let fresh: Vec<_> = {
        let mut g = Generator::new(0, 2, now);
        (0..2_000).map(|_| g.submitted(now)).collect()
    };
    let per = |n: usize, t: Instant| t.elapsed().as_secs_f64() * 1e6 / n as f64;

    let t = Instant::now();
    for g in &reports {
        std::hint::black_box(Derived::of(&g.row));
    }
    println!(
        "Derived::of, {} seeded reports (most closed): {:.2} µs each",
        reports.len(),
        per(reports.len(), t)
    );
    let t = Instant::now();
    for g in &open {
        std::hint::black_box(Derived::of(&g.row));
    }
    println!(
        "Derived::of, {} open reports: {:.2} µs each",
        open.len(),
        per(open.len(), t)
    );
    let t = Instant::now();
    for g in &fresh {
        std::hint::black_box(Derived::of(&g.row));
    }
    println!(
        "Derived::of, {} new submissions: {:.2} µs each",
        fresh.len(),
        per(fresh.len(), t)
    );
    let t = Instant::now();
    for g in &fresh {
        std::hint::black_box(domain::deadline::current(
            g.row.status,
            &g.row.timeline(),
            now,
        ));
    }
    println!(
        "deadline::current with the real now, same submissions: {:.2} µs each",
        per(fresh.len(), t)
    );
}
