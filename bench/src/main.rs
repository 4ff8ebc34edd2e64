//! `bench seed | load | raw | table`: the steps `bench/run.sh` runs (see its header and the
//! README's "Speed at any size").

use bench::load::{self, LoadOptions, Workload};
use bench::seed::{self, SeedOptions, Target};
use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Parser)]
#[command(about = "Seeds, loads and measures Lapor Natuna (issue: fast at any size)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The store, as the server is told where it is.
#[derive(Args, Clone)]
struct StoreArgs {
    /// SQLite: the server's DATA_DIR.
    #[arg(long, conflicts_with = "database_url")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL: the server's DATABASE_URL.
    #[arg(long)]
    database_url: Option<String>,
}

impl StoreArgs {
    fn target(&self) -> anyhow::Result<Target> {
        anyhow::ensure!(
            self.data_dir.is_some() || self.database_url.is_some(),
            "say where the store is: --data-dir DIR or --database-url postgres://…"
        );
        Ok(Target {
            database_url: self.database_url.clone(),
            data_dir: self
                .data_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("data")),
        })
    }
}

#[derive(Args, Clone)]
struct Output {
    /// key=value added to the result (size=, store=, run=); repeatable.
    #[arg(long = "tag", value_parser = parse_tag)]
    tags: Vec<(String, String)>,
    /// Append the result as one JSON line to this file.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn parse_tag(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("a tag is key=value, not {s:?}"))
}

impl Output {
    fn write(&self, mut result: load::RunResult) -> anyhow::Result<()> {
        result.tags.extend(self.tags.iter().cloned());
        let tags: Vec<String> = result
            .tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        println!(
            "{:<8} c{:<3} {:>8} req in {:>5.1} s: p50 {:>8.2} ms  p99 {:>8.2} ms  max {:>8.1} ms  {:>9.1} req/s  errors {}  [{}]",
            result.workload,
            result.concurrency,
            result.requests,
            result.seconds,
            result.p50_ms,
            result.p99_ms,
            result.max_ms,
            result.rps,
            result.errors,
            tags.join(" ")
        );
        for (k, n) in result.error_kinds.iter().take(5) {
            println!("    {n} × {k}");
        }
        if let Some(path) = &self.out {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?;
            writeln!(f, "{}", serde_json::to_string(&result)?)?;
        }
        Ok(())
    }
}

#[derive(Subcommand)]
enum Command {
    /// Seeds N realistic reports into a store (its migrations run first), then ANALYZE.
    Seed {
        #[arg(long)]
        reports: u64,
        #[command(flatten)]
        store: StoreArgs,
        /// The random seed (the same seed makes the same reports).
        #[arg(long, default_value_t = 12)]
        seed: u64,
        /// Reports per transaction.
        #[arg(long, default_value_t = 20_000)]
        per_tx: usize,
        #[command(flatten)]
        output: Output,
    },
    /// Drives a running server with one workload and measures every request.
    Load {
        /// The server's address, e.g. http://127.0.0.1:8080.
        #[arg(long)]
        base: String,
        #[arg(long, value_enum)]
        workload: Workload,
        #[arg(short, long, default_value_t = 8)]
        concurrency: usize,
        /// Seconds measured (after the warm-up).
        #[arg(long, default_value_t = 10.0)]
        duration: f64,
        /// Measure this many requests instead of a duration.
        #[arg(long)]
        requests: Option<u64>,
        /// Seconds of requests sent before measuring.
        #[arg(long, default_value_t = 1.0)]
        warmup: f64,
        /// Threads of the load generator (the server needs the other cores).
        #[arg(long, default_value_t = 1)]
        threads: usize,
        /// The server's store, read for the deep page's cursor and existing codes.
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long, default_value = seed::COORDINATOR_USERNAME)]
        username: String,
        #[arg(long, default_value = seed::COORDINATOR_PASSWORD)]
        password: String,
        #[command(flatten)]
        output: Output,
    },
    /// The raw baseline: a plain program writing a submission's rows with the server's
    /// durability, into the store's schema.
    Raw {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long, default_value_t = 3000)]
        reports: u64,
        /// Reports per transaction.
        #[arg(long, default_value_t = 1)]
        per_tx: usize,
        #[arg(long, default_value_t = 99)]
        seed: u64,
        #[command(flatten)]
        output: Output,
    },
    /// Prints the table of results files (JSON lines from load and raw).
    Table {
        files: Vec<PathBuf>,
        /// Also write the table here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let threads = match &cli.command {
        Command::Load { threads, .. } => (*threads).max(1),
        _ => 2,
    };
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()?
        .block_on(run(cli.command))
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Seed {
            reports,
            store,
            seed: s,
            per_tx,
            output,
        } => {
            let target = store.target()?;
            let mut opts = SeedOptions::new(reports);
            opts.seed = s;
            opts.per_tx = per_tx;
            opts.progress = true;
            let done = seed::seed(&target, &opts).await?;
            println!(
                "seeded {} reports ({} history entries) into {} in {:.1} s ({:.0} reports/s)",
                done.reports,
                done.history,
                seed::describe(&target),
                done.elapsed.as_secs_f64(),
                done.reports as f64 / done.elapsed.as_secs_f64()
            );
            if output.out.is_some() {
                let seconds = done.elapsed.as_secs_f64();
                output.write(load::RunResult {
                    workload: "seed".into(),
                    concurrency: 1,
                    requests: done.reports,
                    errors: 0,
                    seconds,
                    rps: done.reports as f64 / seconds,
                    p50_ms: f64::NAN,
                    p99_ms: f64::NAN,
                    max_ms: f64::NAN,
                    error_kinds: BTreeMap::new(),
                    tags: BTreeMap::new(),
                })?;
            }
        }
        Command::Load {
            base,
            workload,
            concurrency,
            duration,
            requests,
            warmup,
            threads: _,
            store,
            username,
            password,
            output,
        } => {
            let server = load::Server::parse(&base)?;
            let mut inputs = match (workload, store.target()) {
                (Workload::Deep | Workload::Report, Ok(t)) => load::inputs(&t, 1000).await?,
                (Workload::Deep | Workload::Report, Err(e)) => return Err(e),
                _ => load::Inputs::default(),
            };
            if workload == Workload::Queue {
                inputs.cookie = Some(server.login(&username, &password).await?);
            }
            let result = load::run(
                &server,
                Arc::new(inputs),
                &LoadOptions {
                    workload,
                    concurrency: concurrency.max(1),
                    duration: Duration::from_secs_f64(duration),
                    requests,
                    warmup: Duration::from_secs_f64(warmup),
                },
            )
            .await?;
            output.write(result)?;
        }
        Command::Raw {
            store,
            reports,
            per_tx,
            seed: s,
            output,
        } => {
            let target = store.target()?;
            // The server's schema, as `Store::open` makes it.
            let st = target.open_store().await?;
            drop(st);
            let r = match &target.database_url {
                Some(url) => bench::raw::postgres(url, reports, per_tx, s).await?,
                None => {
                    let dir = target.data_dir.clone();
                    tokio::task::spawn_blocking(move || {
                        bench::raw::sqlite(&dir, reports, per_tx, s)
                    })
                    .await??
                }
            };
            let mut lat = r.latencies.clone();
            let mut tags = BTreeMap::new();
            tags.insert("per_tx".to_string(), r.per_tx.to_string());
            output.write(load::RunResult {
                workload: "raw".into(),
                concurrency: 1,
                requests: r.reports,
                errors: 0,
                seconds: r.seconds,
                rps: r.reports_per_second(),
                p50_ms: lat.quantile_ms(0.5),
                p99_ms: lat.quantile_ms(0.99),
                max_ms: lat.quantile_ms(1.0),
                error_kinds: BTreeMap::new(),
                tags,
            })?;
        }
        Command::Table { files, out } => {
            let mut text = String::new();
            for f in &files {
                text.push_str(&std::fs::read_to_string(f)?);
                text.push('\n');
            }
            let table = bench::table::render(&text)?;
            print!("{table}");
            if let Some(path) = out {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(path, &table)?;
            }
        }
    }
    Ok(())
}
