//! Reports being written in a chat (`domain::messaging::filing::Filing`, stored as JSON between
//! the citizen's messages). Each save names the version it read, so two messages handled at once
//! (two photos sent together) never overwrite each other: the later one reads again.

use super::{Store, StoreResult, Tx};
use domain::messaging::filing::{Filing, FILING_TTL_SECS};
use domain::messaging::Channel;
use sqlx::Row;

/// A number's conversation as stored: its state (None when it cannot be read any more, after an
/// upgrade changed its shape: the citizen starts again) and the version to save over.
pub struct Conversation {
    pub filing: Option<Filing>,
    pub version: i64,
}

impl Store {
    /// The number's conversation on the channel, unless it has been idle `FILING_TTL_SECS`.
    pub async fn conversation(
        &self,
        channel: Channel,
        phone: &str,
        now: i64,
    ) -> StoreResult<Option<Conversation>> {
        let row = sqlx::query("SELECT state, version FROM conversations WHERE channel = $1 AND phone = $2 AND updated_at > $3")
            .bind(channel.code())
            .bind(phone)
            .bind(now - FILING_TTL_SECS)
            .fetch_optional(&self.pool)
            .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let state: String = r.try_get("state")?;
        Ok(Some(Conversation {
            filing: serde_json::from_str(&state).ok(),
            version: r.try_get("version")?,
        }))
    }

    /// Forgets conversations idle since before `before`.
    pub async fn forget_conversations(&self, before: i64) -> StoreResult<u64> {
        Ok(
            sqlx::query("DELETE FROM conversations WHERE updated_at < $1")
                .bind(before)
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }
}

impl Tx {
    /// Saves the conversation over `version` (None: a new one, which may replace an idle one).
    /// False when another message saved first: read it again.
    pub async fn save_conversation(
        &mut self,
        channel: Channel,
        phone: &str,
        filing: &Filing,
        version: Option<i64>,
        now: i64,
    ) -> StoreResult<bool> {
        let state = serde_json::to_string(filing).expect("a filing serialises");
        let q = match version {
            Some(v) => sqlx::query("UPDATE conversations SET state = $3, version = $4 + 1, updated_at = $5 WHERE channel = $1 AND phone = $2 AND version = $4")
                .bind(channel.code())
                .bind(phone)
                .bind(state)
                .bind(v)
                .bind(now),
            None => sqlx::query("INSERT INTO conversations (channel, phone, state, version, updated_at) VALUES ($1, $2, $3, 1, $4) ON CONFLICT (channel, phone) DO UPDATE SET state = excluded.state, version = conversations.version + 1, updated_at = excluded.updated_at WHERE conversations.updated_at <= $5")
                .bind(channel.code())
                .bind(phone)
                .bind(state)
                .bind(now)
                .bind(now - FILING_TTL_SECS),
        };
        Ok(q.execute(self.conn()).await?.rows_affected() == 1)
    }

    /// Ends the conversation read at `version`. False when another message changed it first.
    pub async fn end_conversation(
        &mut self,
        channel: Channel,
        phone: &str,
        version: i64,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "DELETE FROM conversations WHERE channel = $1 AND phone = $2 AND version = $3",
        )
        .bind(channel.code())
        .bind(phone)
        .bind(version)
        .execute(self.conn())
        .await?
        .rows_affected();
        Ok(n == 1)
    }
}
