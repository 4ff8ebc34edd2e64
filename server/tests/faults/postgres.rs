//! PostgreSQL restarted (as by a crash) while citizens submit: connections die mid-transaction,
//! the server refuses with 503 meanwhile, recovers by itself, and loses nothing acknowledged.
//! A private PostgreSQL cluster is started for this (the machine's own is shared by other tests).

use crate::helpers::*;
use crate::stream::{check_all_stored, wait_health, Stream};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

fn pg_bin() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's server binaries in /usr/lib/postgresql (Debian's postgresql package)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("pg_ctl").exists())
        .collect();
    found.sort();
    found.pop().expect("pg_ctl in /usr/lib/postgresql/*/bin")
}

fn as_postgres(args: &[&str]) -> bool {
    Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .args(args)
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

impl Cluster {
    fn start() -> Cluster {
        let bin = pg_bin();
        let dir = tempfile::tempdir().unwrap();
        assert!(
            Command::new("chown")
                .args(["postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap()
                .success(),
            "chown needs root"
        );
        let data = dir.path().join("data");
        let initdb = bin.join("initdb");
        assert!(
            as_postgres(&[
                initdb.to_str().unwrap(),
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync"
            ]),
            "initdb"
        );
        let c = Cluster {
            bin,
            port: free_port(),
            dir,
        };
        c.ctl("start");
        c
    }
    fn ctl(&self, what: &str) {
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("log");
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=on",
            self.port,
            self.dir.path().display()
        );
        let pg_ctl = self.bin.join("pg_ctl");
        let mut args = vec![
            pg_ctl.to_str().unwrap(),
            "-D",
            data.to_str().unwrap(),
            "-l",
            log.to_str().unwrap(),
            "-o",
            &opts,
            "-w",
        ];
        if what == "restart" {
            args.extend(["-m", "immediate"]);
        }
        args.push(what);
        assert!(
            as_postgres(&args),
            "pg_ctl {what}: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }
    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let pg_ctl = self.bin.join("pg_ctl");
        as_postgres(&[
            pg_ctl.to_str().unwrap(),
            "-D",
            data.to_str().unwrap(),
            "-m",
            "immediate",
            "stop",
        ]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgresql_restarted_under_load_costs_no_acknowledged_report() {
    let cluster = Cluster::start();
    let mut app = TestApp::prepare(Db::Sqlite, &[("HEALTH_PROBE_SECS", "1")]).await;
    app.database_url = Some(cluster.url());
    app.start();
    app.wait_healthy().await;
    let tag = format!("pg{}", hex_id());
    let stream = Stream::start(&app, 4, &tag);
    for round in 0..2 {
        let before = stream.acked();
        let started = std::time::Instant::now();
        while stream.acked() < before + 15 && started.elapsed() < Duration::from_secs(60) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // An immediate restart: every connection dies, transactions in flight are rolled back.
        cluster.ctl("restart");
        assert!(
            wait_health(&app, 200, Duration::from_secs(30)).await,
            "round {round}: the server reconnects by itself"
        );
    }
    let before = stream.acked();
    let started = std::time::Instant::now();
    while stream.acked() < before + 20 && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        stream.acked() >= before + 20,
        "reports are stored again after the restarts"
    );
    let tally = stream.stop().await;
    app.kill();
    app.start();
    app.wait_healthy().await;
    check_all_stored(&app, &tally).await;
    eprintln!(
        "postgres restarts: {} acknowledged, {} refusals with 503, 0 lost",
        tally.acked.lock().unwrap().len(),
        tally.unavailable.load(std::sync::atomic::Ordering::Relaxed)
    );
    app.kill();
}
