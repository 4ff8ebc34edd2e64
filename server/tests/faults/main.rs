//! Faults, one at a time (run with `--test-threads=1`; scripts/test.sh does): a full disk and its
//! recovery, a database that becomes read-only, PostgreSQL restarted under load, photo bombs
//! under concurrency with a memory ceiling, and hundreds of idle and slow sockets. Each checks
//! what a citizen relies on: every 201 is still there after a `kill -9` and a restart, nothing
//! is stored twice, and the server serves normally afterwards.
//!
//! They need root (to mount a small tmpfs, and to run a private PostgreSQL as the `postgres`
//! user); they fail, loudly, when that is missing.

#[path = "../api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

mod bombs;
mod disk;
mod postgres;
mod sockets;
mod stream;
