//! The group-commit writer on a SQLite file: a thread of its own with one connection of its own
//! (rusqlite), so that a submission costs one hand-off to the thread and one back. Through sqlx
//! each statement batch and the COMMIT were each a round trip to sqlx's connection thread.
//! Same rows as `Tx::insert_report` (`reports::report_stmts`), same batching and savepoints as
//! the async writer, same durability: `BEGIN IMMEDIATE` … `COMMIT` with WAL and
//! `synchronous = FULL`, and nobody hears "stored" before the COMMIT returned.

use super::{fill, Job};
use crate::store::chain::{head_of, HEAD_SQL};
use crate::store::reports::{claim_vals, report_stmts, Inserted, StoredAnswer, CLAIM};
use crate::store::stmts::Val;
use crate::store::writes::SQLITE_NEXT_CHANGE;
use crate::store::{Health, StoreError, StoreResult, SQLITE_SETTINGS};
use rusqlite::{ffi, Connection, ErrorCode, OpenFlags, OptionalExtension, Statement};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc;

/// Starts the writer thread; it ends when every sender is gone.
pub(super) fn start(
    path: PathBuf,
    cache: Arc<crate::cache::Cache>,
    health: Arc<Health>,
    mut jobs: mpsc::Receiver<Job>,
) {
    let run = move || {
        let mut conn: Option<Connection> = None;
        while let Some(first) = next_job(&mut jobs) {
            let batch = fill(first, || jobs.try_recv().ok());
            let outcome = match conn.take().map_or_else(|| open(&path), Ok) {
                Ok(c) => {
                    let r = write_batch(&c, &batch);
                    // A connection that could not write is not trusted again (as `Tx` does).
                    if !matches!(r, Err(StoreError::Unavailable(_))) {
                        conn = Some(c);
                    }
                    r
                }
                Err(e) => Err(e),
            };
            health.record(&outcome);
            match outcome {
                Ok((results, touched)) => {
                    cache.changed(&touched);
                    for (job, r) in batch.into_iter().zip(results) {
                        let _ = job.reply.send(r);
                    }
                }
                Err(e) => {
                    for job in batch {
                        let _ = job.reply.send(Err(e.clone()));
                    }
                }
            }
        }
    };
    std::thread::Builder::new()
        .name("sqlite-writer".into())
        .spawn(run)
        .expect("a thread for the SQLite writer");
}

/// How long the writer looks for the next submission before it sleeps. A sleeping thread costs
/// two wake-ups per report (here and back in the submitter's task); a report that arrives
/// within this window, as the next one of a steady stream does, costs neither.
const LINGER: std::time::Duration = std::time::Duration::from_micros(300);

/// The next job: waits briefly awake (yielding the core to anyone who needs it), then asleep.
fn next_job(jobs: &mut mpsc::Receiver<Job>) -> Option<Job> {
    let start = std::time::Instant::now();
    while start.elapsed() < LINGER {
        match jobs.try_recv() {
            Ok(j) => return Some(j),
            Err(mpsc::error::TryRecvError::Disconnected) => return None,
            Err(mpsc::error::TryRecvError::Empty) => std::thread::yield_now(),
        }
    }
    jobs.blocking_recv()
}

fn open(path: &PathBuf) -> StoreResult<Connection> {
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(store_error)?;
    for s in SQLITE_SETTINGS {
        step_all(&mut c.prepare(s).map_err(store_error)?)?;
    }
    // The tail of each table and every index's touched leaves stay cached (64 MB).
    step_all(
        &mut c
            .prepare("PRAGMA cache_size = -65536")
            .map_err(store_error)?,
    )?;
    c.set_prepared_statement_cache_capacity(64);
    Ok(c)
}

/// SQLite's errors as the store's: the same primary codes as `From<sqlx::Error>`.
fn store_error(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::ConstraintViolation
                if matches!(
                    f.extended_code,
                    ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                ) =>
            {
                StoreError::Duplicate
            }
            ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::ReadOnly
            | ErrorCode::SystemIoFailure
            | ErrorCode::DatabaseCorrupt
            | ErrorCode::DiskFull
            | ErrorCode::CannotOpen => StoreError::Unavailable(e.to_string()),
            _ => StoreError::Other(e.to_string()),
        },
        _ => StoreError::Other(e.to_string()),
    }
}

/// Runs a statement to its end; the first column of its first row, if it returned one.
fn step_all(st: &mut Statement<'_>) -> StoreResult<Option<i64>> {
    let mut rows = st.raw_query();
    let mut first = None;
    while let Some(row) = rows.next().map_err(store_error)? {
        if first.is_none() {
            first = row.get::<_, i64>(0).ok();
        }
    }
    Ok(first)
}

fn run(c: &Connection, sql: &str, vals: &[Val]) -> StoreResult<Option<i64>> {
    let mut st = c.prepare_cached(sql).map_err(store_error)?;
    for (i, v) in vals.iter().enumerate() {
        // `$n` is a named parameter to SQLite: its index is where `$n` first appears.
        let Some(at) = st
            .parameter_index(&format!("${}", i + 1))
            .map_err(store_error)?
        else {
            continue;
        };
        let bound = match v {
            Val::Text(t) => st.raw_bind_parameter(at, t.as_deref()),
            Val::Int(n) => st.raw_bind_parameter(at, n),
            Val::Real(r) => st.raw_bind_parameter(at, r),
        };
        bound.map_err(store_error)?;
    }
    step_all(&mut st)
}

fn exec(c: &Connection, sql: &str) -> StoreResult<()> {
    c.execute_batch(sql).map_err(store_error)
}

/// One transaction for the batch: each report in its own savepoint when there are several, a
/// COMMIT only if something new is in it. The answers, and the reports written (for the cache).
fn write_batch(
    c: &Connection,
    batch: &[Job],
) -> StoreResult<(Vec<StoreResult<Inserted>>, Vec<i64>)> {
    exec(c, "BEGIN IMMEDIATE")?;
    let r = (|| {
        let savepoints = batch.len() > 1;
        let mut results = Vec::with_capacity(batch.len());
        let mut touched = Vec::new();
        for (i, job) in batch.iter().enumerate() {
            if savepoints {
                exec(c, &format!("SAVEPOINT s{i}"))?;
            }
            match insert(c, job) {
                Ok((Inserted::New, id)) => {
                    touched.push(id);
                    if savepoints {
                        exec(c, &format!("RELEASE SAVEPOINT s{i}"))?;
                    }
                    results.push(Ok(Inserted::New));
                }
                // A store that cannot write fails the whole batch (it would not commit either).
                Err(StoreError::Unavailable(e)) => return Err(StoreError::Unavailable(e)),
                // A replay, a reused key, a duplicate tracking code: nothing of it is kept.
                other => {
                    if savepoints {
                        exec(
                            c,
                            &format!("ROLLBACK TO SAVEPOINT s{i}; RELEASE SAVEPOINT s{i}"),
                        )?;
                    }
                    results.push(other.map(|(inserted, _)| inserted));
                }
            }
        }
        if touched.is_empty() {
            exec(c, "ROLLBACK")?;
        } else {
            exec(c, "COMMIT")?;
        }
        Ok((results, touched))
    })();
    if r.is_err() {
        // Whatever is left of the transaction goes (a failed COMMIT may have ended it already).
        let _ = c.execute_batch("ROLLBACK");
    }
    r
}

/// One report's rows (`Tx::insert_report`'s, without the async hand-offs): the key's claim,
/// then the report, or the first answer when the key was claimed before.
fn insert(c: &Connection, job: &Job) -> StoreResult<(Inserted, i64)> {
    let row = &job.row;
    if let Some((key, hash)) = &job.idempotency {
        run(
            c,
            CLAIM,
            &claim_vals(key, hash, &job.response, row.created_at),
        )?;
        if c.changes() == 0 {
            return earlier_answer(c, key, hash).map(|a| (a, 0));
        }
    }
    // The history chain's head, which the report's first entry links to.
    let head = c
        .prepare_cached(HEAD_SQL)
        .and_then(|mut st| {
            st.query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
        })
        .map_err(store_error)?;
    let prev = head_of(head)?;
    let mut id = None;
    for (sql, vals) in report_stmts(row, SQLITE_NEXT_CHANGE, prev.as_ref()).items() {
        let returned = run(c, sql, vals)?;
        id = id.or(returned);
    }
    let id = id.ok_or_else(|| StoreError::Other("the new report's id was not returned".into()))?;
    for (i, p) in row.photos.iter().enumerate() {
        c.prepare_cached("INSERT INTO attachments (report_id, history_id, position, content_type, width, height, data, thumb, created_at) VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .and_then(|mut st| {
                st.execute(rusqlite::params![
                    id,
                    i as i64,
                    p.content_type,
                    i64::from(p.width),
                    i64::from(p.height),
                    p.data,
                    p.thumb,
                    row.created_at
                ])
            })
            .map_err(store_error)?;
    }
    Ok((Inserted::New, id))
}

fn earlier_answer(c: &Connection, key: &str, hash: &str) -> StoreResult<Inserted> {
    let (request_hash, status, response): (String, i64, String) = c
        .prepare_cached(
            "SELECT request_hash, status_code, response FROM idempotency WHERE key = ?1",
        )
        .and_then(|mut st| st.query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
        .map_err(store_error)?;
    if request_hash != hash {
        return Ok(Inserted::KeyReused);
    }
    Ok(Inserted::Replay(StoredAnswer {
        request_hash,
        status: status as u16,
        response,
    }))
}
