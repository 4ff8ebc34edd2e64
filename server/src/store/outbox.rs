//! The mail outbox (written in the same transaction as the change it reports, sent later with
//! retries) and the record of scheduled jobs' runs.

use super::{Store, StoreResult, Tx};
use sqlx::Row;

/// A message to queue.
pub struct Mail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// A queued message due for sending.
pub struct MailRow {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

impl Tx {
    pub async fn enqueue_mail(&mut self, m: &Mail<'_>, now: i64) -> StoreResult<()> {
        sqlx::query("INSERT INTO mail_outbox (to_addr, subject, body, created_at, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, 0, $4)")
            .bind(m.to)
            .bind(m.subject)
            .bind(m.body)
            .bind(now)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Claims a daily job's run for `day`: true for the one transaction (of any server instance)
    /// that claims it first; false when it already ran that day.
    pub async fn claim_job_run(&mut self, name: &str, day: i64) -> StoreResult<bool> {
        let n = sqlx::query("INSERT INTO job_runs (name, last_run) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET last_run = $2 WHERE job_runs.last_run < $2")
            .bind(name)
            .bind(day)
            .execute(self.conn())
            .await?
            .rows_affected();
        Ok(n == 1)
    }
}

impl Store {
    /// Messages due for sending that no server instance holds a lease on.
    pub async fn due_mail(&self, now: i64, limit: i64) -> StoreResult<Vec<MailRow>> {
        let rows = sqlx::query("SELECT id, to_addr, subject, body, attempts FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1) ORDER BY id LIMIT $2")
            .bind(now)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MailRow {
                    id: r.try_get("id")?,
                    to: r.try_get("to_addr")?,
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect()
    }

    /// Takes a message for sending: true for the one instance that gets it first; its lease
    /// expires (and another instance may take it) if it neither sends nor fails it in time.
    pub async fn lease_mail(
        &self,
        id: i64,
        owner: &str,
        now: i64,
        until: i64,
    ) -> StoreResult<bool> {
        let n = sqlx::query("UPDATE mail_outbox SET lease_owner = $1, lease_until = $2 WHERE id = $3 AND sent_at IS NULL AND (lease_until IS NULL OR lease_until < $4)")
            .bind(owner)
            .bind(until)
            .bind(id)
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    pub async fn mail_sent(&self, id: i64, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL, lease_until = NULL WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn mail_failed(&self, id: i64, next_attempt_at: i64, error: &str) -> StoreResult<()> {
        sqlx::query("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2, lease_until = NULL WHERE id = $3")
            .bind(next_attempt_at)
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The last day (days since 1970, WIB) a daily job ran.
    pub async fn job_last_run(&self, name: &str) -> StoreResult<Option<i64>> {
        Ok(sqlx::query("SELECT last_run FROM job_runs WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get("last_run"))
            .transpose()?)
    }
}
