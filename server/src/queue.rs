//! Bounded queues for expensive work.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// CPU- or memory-heavy work (photo decoding, password checks) a few at a time; the rest wait a
/// little or are turned away, so a burst of strangers costs bounded memory and leaves cores free.
pub struct WorkQueue {
    permits: Arc<Semaphore>,
    /// Submissions allowed to wait for a permit; more get a 503 at once.
    max_waiting: usize,
    waiting: std::sync::atomic::AtomicUsize,
    wait: Duration,
}

/// The queue is full or the wait was too long: try again later.
#[derive(Debug)]
pub struct Busy;

impl WorkQueue {
    pub fn new(at_once: usize, max_waiting: usize, wait: Duration) -> WorkQueue {
        WorkQueue {
            permits: Arc::new(Semaphore::new(at_once.max(1))),
            max_waiting,
            waiting: Default::default(),
            wait,
        }
    }

    /// Runs `f` on a blocking thread once a permit is free.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        use std::sync::atomic::Ordering;
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(Busy);
        }
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let permit = match permit {
            Ok(Ok(p)) => p,
            _ => return Err(Busy),
        };
        let out = tokio::task::spawn_blocking(move || {
            let out = f();
            drop(permit);
            out
        })
        .await
        .map_err(|_| Busy)?;
        Ok(out)
    }
}
