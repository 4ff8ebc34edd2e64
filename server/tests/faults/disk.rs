//! The SQLite store on a disk that fills up, and on one that becomes read-only.

use crate::helpers::*;
use crate::stream::{check_all_stored, wait_health, Stream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A tmpfs mounted on a directory for the test's life.
pub struct Tmpfs(PathBuf);

impl Tmpfs {
    pub fn mount(dir: &Path, size_mb: u32) -> Tmpfs {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size_mb}m"), "tmpfs"])
            .arg(dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(
            ok,
            "mounting a tmpfs needs root: the fault tests must run as root (CI does)"
        );
        Tmpfs(dir.to_path_buf())
    }
    pub fn remount(&self, opts: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.0)
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount {opts}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn runs() -> usize {
    std::env::var("FAULT_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2)
}

/// One run: fill the disk under load, give the space back, take 20 new reports without a
/// restart, then `kill -9`, restart, and find every acknowledged report once.
async fn disk_full_once(run: usize) -> (usize, usize) {
    let mut app = TestApp::prepare(Db::Sqlite, &[("HEALTH_PROBE_SECS", "1")]).await;
    let mount = Tmpfs::mount(app.data_path(), 3);
    app.start();
    app.wait_healthy().await;
    let tag = format!("penuh{run}x{}", hex_id());
    let stream = Stream::start(&app, 4, &tag);
    // The disk fills: writes are refused with 503, and /healthz says so.
    assert!(
        wait_health(&app, 503, Duration::from_secs(90)).await,
        "/healthz reports the full disk"
    );
    let acked_while_full = stream.acked();
    tokio::time::sleep(Duration::from_secs(2)).await;
    // Space comes back: the server recovers by itself.
    mount.remount("size=60m");
    assert!(
        wait_health(&app, 200, Duration::from_secs(15)).await,
        "/healthz recovers without a restart"
    );
    let stream_tally = stream.stop().await;
    let after = Stream::start(&app, 1, &format!("{tag}kembali"));
    let started = std::time::Instant::now();
    while after.acked() < 20 && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after_tally = after.stop().await;
    let unavailable_after = after_tally
        .unavailable
        .load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        after_tally.acked.lock().unwrap().len() >= 20,
        "20 new reports after the space returned"
    );
    assert_eq!(
        unavailable_after, 0,
        "every submission after the space returned succeeds at once"
    );
    // kill -9 and restart: nothing acknowledged is lost, nothing stored twice.
    app.kill();
    app.start();
    app.wait_healthy().await;
    check_all_stored(&app, &stream_tally).await;
    check_all_stored(&app, &after_tally).await;
    let n = stream_tally.acked.lock().unwrap().len();
    let refused = stream_tally
        .unavailable
        .load(std::sync::atomic::Ordering::Relaxed);
    eprintln!("disk-full run {run}: {n} acknowledged ({acked_while_full} before /healthz said 503), {refused} refusals with 503, 20 of 20 after the space returned, 0 lost");
    app.kill();
    (n, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_disk_never_costs_an_acknowledged_report_and_the_service_recovers_by_itself() {
    for run in 0..runs() {
        let (acked, refused) = disk_full_once(run).await;
        assert!(
            acked > 0 && refused > 0,
            "the disk really filled (acked {acked}, refused {refused})"
        );
    }
}

/// An ext4 filesystem in a file, loop-mounted on a directory: it can be shut down (every write
/// then fails with an I/O error, as on a failing disk) and mounted again.
pub struct Ext4 {
    image: tempfile::NamedTempFile,
    dir: PathBuf,
}

impl Ext4 {
    pub fn mount(dir: &Path, size_mb: u64) -> Ext4 {
        let image = tempfile::NamedTempFile::new().unwrap();
        image.as_file().set_len(size_mb * 1024 * 1024).unwrap();
        assert!(
            Command::new("mkfs.ext4")
                .args(["-q", "-F"])
                .arg(image.path())
                .status()
                .unwrap()
                .success(),
            "mkfs.ext4"
        );
        let e = Ext4 {
            image,
            dir: dir.to_path_buf(),
        };
        e.mount_again();
        e
    }
    pub fn mount_again(&self) {
        let ok = Command::new("mount")
            .args(["-o", "loop"])
            .arg(self.image.path())
            .arg(&self.dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "loop-mounting an ext4 image needs root and loop devices: the fault tests must run as root (CI does)");
    }
    /// EXT4_IOC_SHUTDOWN (without flushing the log): the filesystem stops taking any write.
    pub fn shut_down(&self) {
        let py = format!(
            "import os, fcntl, struct; d = os.open({:?}, os.O_RDONLY); fcntl.ioctl(d, 0x8004587D, struct.pack('I', 2))",
            self.dir.display().to_string()
        );
        assert!(
            Command::new("python3")
                .args(["-c", &py])
                .status()
                .unwrap()
                .success(),
            "ext4 shutdown"
        );
    }
    pub fn unmount(&self) {
        assert!(
            Command::new("umount")
                .arg(&self.dir)
                .status()
                .unwrap()
                .success(),
            "umount"
        );
    }
}

impl Drop for Ext4 {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_that_cannot_be_written_is_a_clean_503_not_a_crash_and_nothing_acknowledged_is_lost(
) {
    let mut app = TestApp::prepare(Db::Sqlite, &[("HEALTH_PROBE_SECS", "1")]).await;
    let disk = Ext4::mount(app.data_path(), 64);
    app.start();
    app.wait_healthy().await;
    let tag = format!("rusak{}", hex_id());
    let stream = Stream::start(&app, 3, &tag);
    let started = std::time::Instant::now();
    while stream.acked() < 20 && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The disk fails: every write is an I/O error from now on.
    disk.shut_down();
    assert!(
        wait_health(&app, 503, Duration::from_secs(15)).await,
        "/healthz reports the store that cannot write"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pid = app.pid().unwrap();
    assert!(
        std::path::Path::new(&format!("/proc/{pid}")).exists(),
        "the server is alive (no SIGBUS)"
    );
    assert_eq!(
        app.get("/api/v1/catalog").await.status(),
        200,
        "still answering"
    );
    let tally = stream.stop().await;
    assert!(
        tally.unavailable.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "writes were refused with 503"
    );
    // The operator replaces the disk (here: mounts it again) and restarts.
    app.kill();
    disk.unmount();
    disk.mount_again();
    app.start();
    app.wait_healthy().await;
    check_all_stored(&app, &tally).await;
    eprintln!(
        "failed disk: {} acknowledged before it failed, all there after the restart",
        tally.acked.lock().unwrap().len()
    );
}
