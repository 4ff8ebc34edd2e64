//! Group commit: submissions that arrive together share one durable commit. One writer task
//! takes whatever is waiting (up to a batch), writes each report inside its own savepoint (so a
//! report that fails — a tracking-code collision, a reused key — takes no other with it), and
//! commits once; only then does each submitter hear back. If the commit fails, every report of
//! the batch fails with it and nobody was told "stored": a 201 still means committed.

mod sqlite;

use super::reports::{Inserted, NewRow};
use super::{Store, StoreError, StoreResult};
use tokio::sync::{mpsc, oneshot};

/// The most reports one commit takes.
const BATCH: usize = 64;
/// The most photo bytes one commit takes (a batch stops growing past it).
const BATCH_BYTES: usize = 16 * 1024 * 1024;

struct Job {
    row: NewRow,
    idempotency: Option<(String, String)>,
    response: String,
    reply: oneshot::Sender<StoreResult<Inserted>>,
}

pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer over `store` (which must not have a writer itself): on a SQLite file a
    /// thread with its own connection (`sqlite.rs`), otherwise a task on the store's pool.
    pub fn start(store: Store) -> Writer {
        let (jobs, rx) = mpsc::channel(4096);
        match store.sqlite_path.clone() {
            Some(path) => sqlite::start(path, store.cache.clone(), store.health.clone(), rx),
            None => {
                tokio::spawn(run(store, rx));
            }
        }
        Writer { jobs }
    }

    pub async fn submit(
        &self,
        row: NewRow,
        idempotency: Option<(String, String)>,
        response: String,
    ) -> StoreResult<Inserted> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            row,
            idempotency,
            response,
            reply,
        };
        self.jobs
            .send(job)
            .await
            .map_err(|_| StoreError::Unavailable("the writer stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Unavailable("the writer stopped".into()))?
    }
}

fn photo_bytes(j: &Job) -> usize {
    j.row
        .photos
        .iter()
        .map(|p| p.data.len() + p.thumb.len())
        .sum()
}

/// A batch: `first` and whatever else is already waiting, up to `BATCH` reports and
/// `BATCH_BYTES` of photos.
fn fill(first: Job, mut next: impl FnMut() -> Option<Job>) -> Vec<Job> {
    let mut bytes = photo_bytes(&first);
    let mut batch = vec![first];
    while batch.len() < BATCH && bytes < BATCH_BYTES {
        match next() {
            Some(j) => {
                bytes += photo_bytes(&j);
                batch.push(j);
            }
            None => break,
        }
    }
    batch
}

async fn run(store: Store, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let batch = fill(first, || rx.try_recv().ok());
        write_batch(&store, batch).await;
    }
}

async fn write_batch(store: &Store, batch: Vec<Job>) {
    let outcome: StoreResult<Vec<StoreResult<Inserted>>> = async {
        let mut tx = store.begin_submissions().await?;
        let mut results = Vec::with_capacity(batch.len());
        // A lone report needs no savepoint: the transaction is its own.
        let savepoints = batch.len() > 1;
        for (i, job) in batch.iter().enumerate() {
            let key = job
                .idempotency
                .as_ref()
                .map(|(k, h)| (k.as_str(), h.as_str()));
            // The savepoint is opened and, once the report is written, released with it.
            let sp = format!("s{i}");
            let r = tx
                .insert_report(
                    &job.row,
                    key,
                    &job.response,
                    savepoints.then_some(sp.as_str()),
                )
                .await;
            if savepoints {
                if !matches!(r, Ok(Inserted::New)) {
                    tx.exec(&format!("ROLLBACK TO SAVEPOINT {sp}")).await?;
                    tx.exec(&format!("RELEASE SAVEPOINT {sp}")).await?;
                }
            } else if !matches!(r, Ok(Inserted::New) | Err(StoreError::Unavailable(_))) {
                // Nothing of it may commit (a replay wrote nothing to keep; a duplicate code is
                // retried with a new one).
                tx.rollback().await;
                return Ok(vec![r]);
            }
            // A store that cannot write fails the whole batch (it will not commit either).
            if let Err(StoreError::Unavailable(e)) = &r {
                return Err(StoreError::Unavailable(e.clone()));
            }
            results.push(r);
        }
        tx.commit().await?;
        Ok(results)
    }
    .await;
    let outcome = store.record(outcome);
    match outcome {
        Ok(results) => {
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
