//! Routing that learns (`server learn`, and the weekly job when `LEARN_DIR` is set): the store's
//! misrouted reports become examples (`domain::learn`), the suggestion model is retrained with
//! them, and three files are written for Diskominfo: `laporan-pembelajaran.md` (the report),
//! `katalog.diff` (the proposed change to `catalog.toml`, checked by the catalog build's own
//! checker) and `model.txt` (the retrained model). Nothing in the running service changes: a
//! person applies the diff and ships the model by rebuilding.
//!
//! The server embeds compiled tables only, so the catalog's files are read from `--catalog DIR`.

// The build's file, included as it is: its lints are the build's.
#[allow(dead_code, clippy::all)]
#[path = "../../domain/build_support/catalog.rs"]
mod catalog_check;

use crate::store::Store;
use crate::AppState;
use anyhow::Context as _;
use domain::learn::{Accuracy, Example, Input, Outcome};
use domain::suggest::train::{dev, Doc};
use domain::{Date, Privacy};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const REPORT_FILE: &str = "laporan-pembelajaran.md";
pub const DIFF_FILE: &str = "katalog.diff";
pub const MODEL_FILE: &str = "model.txt";

/// What a run wrote.
#[derive(Debug)]
pub struct Written {
    pub dir: PathBuf,
    pub examples: usize,
    pub pending: usize,
    pub before: Accuracy,
    pub after: Accuracy,
    pub diff_lines: usize,
    /// The catalog files differ from the catalog this server was built with.
    pub catalog_differs: bool,
}

/// The catalog files as the build reads them, with `catalog.toml` replaced by `toml`.
fn with_toml(base: &catalog_check::Inputs, toml: &str) -> catalog_check::Inputs {
    catalog_check::Inputs {
        catalog: (base.catalog.0.clone(), toml.to_string()),
        wilayah: base.wilayah.clone(),
        holidays: base.holidays.clone(),
        national: base.national.clone(),
    }
}

/// The benchmark's dev set, when given (`--dev`): its training rows are trained on too, and both
/// models are measured on its held-back quarter, so that the retrained model compares with the
/// shipped one (which was trained on it).
#[derive(Default)]
pub struct DevSet {
    pub train: Vec<Doc>,
    pub measure: Vec<Doc>,
}

impl DevSet {
    pub fn read(csv: &Path, labels: &Path) -> anyhow::Result<DevSet> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
        };
        let labels = dev::Labels::parse(&read(labels)?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", labels.display()))?;
        let rows = dev::rows(&read(csv)?).map_err(|e| anyhow::anyhow!("{}: {e}", csv.display()))?;
        Ok(DevSet {
            train: dev::training_docs(&rows, &labels),
            measure: dev::held_back_docs(&rows, &labels),
        })
    }
}

/// Reads the examples, learns, and writes the three files into `out` (created if needed).
pub async fn run(
    store: &Store,
    catalog_dir: &Path,
    out: &Path,
    now: i64,
    dev_set: DevSet,
) -> anyhow::Result<Written> {
    let mut examples: Vec<Example> = Vec::new();
    let mut pending = 0usize;
    store
        .misrouted_reports(|r| {
            let moves: Vec<domain::learn::Move> = r
                .moves
                .iter()
                .map(|(kind, from, to)| domain::learn::Move {
                    kind: *kind,
                    from_unit: from.as_deref(),
                    to_unit: to.as_deref(),
                })
                .collect();
            match domain::learn::outcome(&r.proposed_unit, &moves) {
                Outcome::Misrouted { kind, wrong, right } => examples.push(Example {
                    quotable: r.privacy != Privacy::Rahasia,
                    title: r.title,
                    body: r.body,
                    category: r.category,
                    answers: r.answers,
                    location: r.location,
                    kind,
                    wrong,
                    right,
                }),
                Outcome::Pending => pending += 1,
                Outcome::Fine => {}
            }
        })
        .await?;
    let inputs = catalog_check::Inputs::read(catalog_dir)
        .with_context(|| format!("cannot read the catalog in {}", catalog_dir.display()))?;
    let compiled = catalog_check::compile(&inputs).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "the catalog in {} does not build:\n  {}",
            catalog_dir.display(),
            list.join("\n  ")
        )
    })?;
    let catalog_differs = !compiled.contains(&format!(
        "pub const CATALOG_VERSION: &str = {:?};",
        domain::CATALOG_VERSION
    ));
    let n = examples.len();
    let today = Date::from_unix_wib(now);
    // Training takes a CPU for a few seconds: off the async workers.
    let learned = tokio::task::spawn_blocking(move || {
        let check = |toml: &str| -> Result<(), Vec<String>> {
            catalog_check::compile(&with_toml(&inputs, toml))
                .map(|_| ())
                .map_err(|e| e.iter().map(ToString::to_string).collect())
        };
        domain::learn::learn(&Input {
            examples: &examples,
            pending,
            current_model: domain::suggest::MODEL,
            catalog_toml: &inputs.catalog.1,
            check: &check,
            extra: &dev_set.train,
            measure: &dev_set.measure,
            today,
        })
    })
    .await?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut report = learned.report;
    if catalog_differs {
        report.push_str(&format!("\nCatatan: berkas katalog di `{}` berbeda dari katalog yang dipakai server ini; model dilatih untuk katalog server.\n", catalog_dir.display()));
    }
    for (name, text) in [
        (REPORT_FILE, &report),
        (DIFF_FILE, &learned.diff),
        (MODEL_FILE, &learned.model),
    ] {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(Written {
        dir: out.to_path_buf(),
        examples: n,
        pending,
        before: learned.before,
        after: learned.after,
        diff_lines: learned
            .diff
            .lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        catalog_differs,
    })
}

/// `server learn --out DIR [--dev FILE.csv --labels labels.toml]`.
pub async fn command(
    cfg: &crate::config::Config,
    out: &Path,
    dev: Option<&Path>,
    labels: &Path,
) -> anyhow::Result<()> {
    let dev_set = match dev {
        Some(csv) => DevSet::read(csv, labels)?,
        None => DevSet::default(),
    };
    let store = Store::open(cfg.database_url.as_deref(), &cfg.data_dir).await?;
    let started = std::time::Instant::now();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let w = run(&store, &cfg.catalog_dir, out, now, dev_set).await?;
    let pct = |a: usize, n: usize| 100.0 * Accuracy::share(a, n);
    println!(
        "wrote {} ({}, {}, {}): {} examples, {} waiting to be placed again; held back {}: category top-1 {:.1}% -> {:.1}%, unit top-1 {:.1}% -> {:.1}%; {} lines proposed; {:.1} s",
        w.dir.display(),
        REPORT_FILE,
        DIFF_FILE,
        MODEL_FILE,
        w.examples,
        w.pending,
        w.before.n,
        pct(w.before.category_top1, w.before.n),
        pct(w.after.category_top1, w.after.n),
        pct(w.before.unit_top1, w.before.n),
        pct(w.after.unit_top1, w.after.n),
        w.diff_lines,
        started.elapsed().as_secs_f64()
    );
    if w.catalog_differs {
        eprintln!(
            "warning: the catalog in {} differs from the one this server was built with",
            cfg.catalog_dir.display()
        );
    }
    Ok(())
}

const JOB: &str = "learn";
/// Days between two runs of the weekly job.
const EVERY_DAYS: i64 = 7;

/// The weekly run, when `LEARN_DIR` is set: into `LEARN_DIR/YYYY-MM-DD`, once a week whichever
/// server instance gets there first. `Ok(None)` when it is not time.
pub async fn weekly(state: &AppState) -> anyhow::Result<Option<Written>> {
    let Some(dir) = &state.cfg.learn_dir else {
        return Ok(None);
    };
    let now = state.now();
    let date = Date::from_unix_wib(now);
    let today = i64::from(date.days());
    if state
        .store
        .job_last_run(JOB)
        .await?
        .is_some_and(|last| today - last < EVERY_DAYS)
    {
        return Ok(None);
    }
    let mut tx = state.store.begin().await?;
    if !tx.claim_job_run(JOB, today).await? {
        tx.rollback().await;
        return Ok(None);
    }
    tx.commit().await?;
    let out = dir.join(date.to_string());
    Ok(Some(
        run(
            &state.store,
            &state.cfg.catalog_dir,
            &out,
            now,
            DevSet::default(),
        )
        .await?,
    ))
}

/// Starts the weekly job (when `LEARN_DIR` is set): its own task, so that neither requests nor the
/// other scheduled jobs wait for it; an error is logged and the next week tries again.
pub fn spawn(state: AppState) {
    if state.cfg.learn_dir.is_none() {
        return;
    }
    tokio::spawn(async move {
        loop {
            match weekly(&state).await {
                Ok(Some(w)) => tracing::info!(
                    "learning: wrote {} from {} examples",
                    w.dir.display(),
                    w.examples
                ),
                Ok(None) => {}
                Err(e) => tracing::error!("learning: {e:#}"),
            }
            tokio::time::sleep(Duration::from_secs(state.cfg.job_interval_secs.max(1))).await;
        }
    });
}
