//! The message outbox of every channel (e-mail, WhatsApp, SMS: written in the same transaction
//! as the change it reports, sent later with retries), the phone numbers' choices (STOP) and last
//! message, the received messages (each acted on once), and the record of scheduled jobs' runs.

use super::stmts::{Stmts, Val};
use super::{Store, StoreResult, Tx};
use domain::messaging::Channel;
use sqlx::Row;

/// A message to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub channel: Channel,
    /// An e-mail address, or a phone number as stored with reports (`+62…`).
    pub to: String,
    /// E-mail only (empty for the others).
    pub subject: String,
    pub body: String,
    /// It answers the person's own message: sent even after they replied STOP.
    pub reply: bool,
}

impl Message {
    pub fn email(to: String, subject: String, body: String) -> Message {
        Message {
            channel: Channel::Email,
            to,
            subject,
            body,
            reply: false,
        }
    }
}

/// A queued message due for sending.
pub struct MessageRow {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    pub reply: bool,
}

/// A sent message, as its failure names it.
#[derive(Debug, Clone, Copy)]
pub enum Sent<'a> {
    /// The outbox id (a refusal when sending).
    Id(i64),
    /// The provider's id of the message (a delivery report).
    Provider(Channel, &'a str),
}

/// What a phone number chose and did.
#[derive(Debug, Default, Clone, Copy)]
pub struct PhoneState {
    pub opted_out: bool,
    pub last_inbound_at: Option<i64>,
}

const ENQUEUE: &str = "INSERT INTO outbox (channel, to_addr, subject, body, reply, created_at, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $6)";

fn enqueue_vals(m: &Message, now: i64) -> Vec<Val> {
    vec![
        Val::from(m.channel.code()),
        Val::from(&m.to),
        Val::from(&m.subject),
        Val::from(&m.body),
        Val::from(i64::from(m.reply)),
        Val::from(now),
    ]
}

/// Queues a message with statements that run together (a new report's batch).
pub(super) fn push_enqueue(batch: &mut Stmts, m: &Message, now: i64) {
    batch.push(ENQUEUE, enqueue_vals(m, now));
}

impl Tx {
    pub async fn enqueue(&mut self, m: &Message, now: i64) -> StoreResult<()> {
        let mut q = sqlx::query(ENQUEUE);
        for v in enqueue_vals(m, now) {
            q = match v {
                Val::Text(t) => q.bind(t),
                Val::Int(i) => q.bind(i),
                Val::Real(r) => q.bind(r),
            };
        }
        q.execute(self.conn()).await?;
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

    /// Records a received message: true the first time its id is seen (the platforms deliver a
    /// webhook again when unsure), false for a repeat, which must change nothing. The number's
    /// last message time is kept with it.
    pub async fn claim_inbound(
        &mut self,
        channel: Channel,
        message_id: &str,
        phone: Option<&str>,
        now: i64,
    ) -> StoreResult<bool> {
        let n = sqlx::query("INSERT INTO inbound_messages (channel, message_id, phone, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (channel, message_id) DO NOTHING")
            .bind(channel.code())
            .bind(message_id)
            .bind(phone)
            .bind(now)
            .execute(self.conn())
            .await?
            .rows_affected();
        if n == 1 {
            if let Some(p) = phone {
                sqlx::query("INSERT INTO phones (phone, last_inbound_at) VALUES ($1, $2) ON CONFLICT (phone) DO UPDATE SET last_inbound_at = $2")
                    .bind(p)
                    .bind(now)
                    .execute(self.conn())
                    .await?;
            }
        }
        Ok(n == 1)
    }

    /// STOP (`Some(now)`) or MULAI (`None`).
    pub async fn set_opted_out(&mut self, phone: &str, at: Option<i64>) -> StoreResult<()> {
        sqlx::query("INSERT INTO phones (phone, opted_out_at) VALUES ($1, $2) ON CONFLICT (phone) DO UPDATE SET opted_out_at = $2")
            .bind(phone)
            .bind(at)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

impl Store {
    /// A channel's messages due for sending that no server instance holds a lease on (read
    /// through `outbox_due`).
    pub async fn due_messages(
        &self,
        channel: Channel,
        now: i64,
        limit: i64,
    ) -> StoreResult<Vec<MessageRow>> {
        let rows = sqlx::query("SELECT id, to_addr, subject, body, attempts, reply FROM outbox WHERE channel = $1 AND sent_at IS NULL AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until < $2) ORDER BY next_attempt_at, id LIMIT $3")
            .bind(channel.code())
            .bind(now)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MessageRow {
                    id: r.try_get("id")?,
                    to: r.try_get("to_addr")?,
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    attempts: r.try_get("attempts")?,
                    reply: r.try_get::<i64, _>("reply")? != 0,
                })
            })
            .collect()
    }

    /// Takes a message for sending: true for the one instance that gets it first; its lease
    /// expires (and another instance may take it) if it neither sends nor fails it in time.
    pub async fn lease_message(
        &self,
        id: i64,
        owner: &str,
        now: i64,
        until: i64,
    ) -> StoreResult<bool> {
        let n = sqlx::query("UPDATE outbox SET lease_owner = $1, lease_until = $2 WHERE id = $3 AND sent_at IS NULL AND (lease_until IS NULL OR lease_until < $4)")
            .bind(owner)
            .bind(until)
            .bind(id)
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// The provider took the message (its id, when it gives one).
    pub async fn message_sent(
        &self,
        id: i64,
        now: i64,
        provider_id: Option<&str>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL, lease_until = NULL, provider_id = $2 WHERE id = $3")
            .bind(now)
            .bind(provider_id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A message that leaves the queue unsent without failing (the number opted out:
    /// `delivery` says so, `error` why). A provider's refusal is `message_failed_for_good`.
    pub async fn message_dropped(
        &self,
        id: i64,
        now: i64,
        delivery: &str,
        error: &str,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1, delivery = $2, delivery_at = $1, last_error = $3, lease_until = NULL WHERE id = $4")
            .bind(now)
            .bind(delivery)
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A message its provider failed for good (refused when sent, or reported `failed` later),
    /// by outbox id or by the provider's id: it leaves the queue with `delivery = 'failed'` and,
    /// with `fallback`, goes again once on that channel (as SMS text), in the same commit. A
    /// second report of the same failure changes nothing.
    pub async fn message_failed_for_good(
        &self,
        which: Sent<'_>,
        now: i64,
        error: &str,
        fallback: Option<Channel>,
    ) -> StoreResult<()> {
        let r = async {
            let mut tx = self.begin().await?;
            let (clause, channel, key) = match which {
                Sent::Id(id) => ("id = $4", None, id.to_string()),
                Sent::Provider(channel, pid) => {
                    ("channel = $5 AND provider_id = $4", Some(channel), pid.to_string())
                }
            };
            let sql = format!("UPDATE outbox SET sent_at = COALESCE(sent_at, $1), delivery = 'failed', delivery_at = $1, last_error = $2, lease_until = NULL WHERE {clause} AND (delivery IS NULL OR delivery <> $3) RETURNING to_addr, body, reply");
            let mut q = sqlx::query(&sql).bind(now).bind(error).bind("failed");
            q = match which {
                Sent::Id(id) => q.bind(id),
                Sent::Provider(..) => q.bind(key),
            };
            if let Some(c) = channel {
                q = q.bind(c.code());
            }
            let row = q.fetch_optional(tx.conn()).await?;
            if let (Some(r), Some(to)) = (row, fallback) {
                let again = Message {
                    channel: to,
                    to: r.try_get("to_addr")?,
                    subject: String::new(),
                    body: domain::messaging::plain_for_sms(&r.try_get::<String, _>("body")?),
                    reply: r.try_get::<i64, _>("reply")? != 0,
                };
                tx.enqueue(&again, now).await?;
            }
            tx.commit().await
        }
        .await;
        self.record(r)
    }

    /// A failed attempt: tried again from `next_attempt_at`.
    pub async fn message_failed(
        &self,
        id: i64,
        next_attempt_at: i64,
        error: &str,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2, lease_until = NULL WHERE id = $3")
            .bind(next_attempt_at)
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A provider's delivery report (delivered, read, failed) for a message it took.
    pub async fn message_delivery(
        &self,
        channel: Channel,
        provider_id: &str,
        delivery: &str,
        error: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET delivery = $1, delivery_at = $2, last_error = COALESCE($3, last_error) WHERE channel = $4 AND provider_id = $5")
            .bind(delivery)
            .bind(now)
            .bind(error)
            .bind(channel.code())
            .bind(provider_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn phone_state(&self, phone: &str) -> StoreResult<PhoneState> {
        Ok(
            sqlx::query("SELECT opted_out_at, last_inbound_at FROM phones WHERE phone = $1")
                .bind(phone)
                .fetch_optional(&self.pool)
                .await?
                .map(|r| -> StoreResult<PhoneState> {
                    Ok(PhoneState {
                        opted_out: r.try_get::<Option<i64>, _>("opted_out_at")?.is_some(),
                        last_inbound_at: r.try_get("last_inbound_at")?,
                    })
                })
                .transpose()?
                .unwrap_or_default(),
        )
    }

    /// Whether a received message was already acted on.
    pub async fn inbound_seen(&self, channel: Channel, message_id: &str) -> StoreResult<bool> {
        Ok(sqlx::query(
            "SELECT 1 AS seen FROM inbound_messages WHERE channel = $1 AND message_id = $2",
        )
        .bind(channel.code())
        .bind(message_id)
        .fetch_optional(&self.pool)
        .await?
        .is_some())
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
