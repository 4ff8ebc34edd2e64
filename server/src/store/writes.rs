//! Writes inside a transaction (`Tx`): a status move, a history entry, a file, a privacy change,
//! a rating. `backoffice::workflow` composes them so that one user action commits once.

use super::reports::NewFile;
use super::{StoreError, StoreResult, Tx};
use domain::lifecycle::{Event, Role, Status};
use domain::Privacy;

/// A history entry to write.
pub struct NewHistory<'a> {
    /// The report's tracking code.
    pub code: &'a str,
    pub at: i64,
    pub event: Event,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub role: Role,
    pub from_unit: Option<&'a str>,
    pub to_unit: Option<&'a str>,
    pub note: Option<&'a str>,
    pub actor: Option<&'a str>,
}

impl<'a> NewHistory<'a> {
    /// An entry that changes no status (a note, an identity opening, a hold), at `unit`.
    pub fn unchanged(
        row: &'a super::ReportRow,
        at: i64,
        event: Event,
        role: Role,
        unit: &'a str,
        note: &'a str,
        actor: Option<&'a str>,
    ) -> NewHistory<'a> {
        NewHistory {
            code: &row.tracking_code,
            at,
            event,
            from_status: Some(row.status),
            to_status: row.status,
            role,
            from_unit: Some(unit),
            to_unit: Some(unit),
            note: Some(note),
            actor,
        }
    }
}

/// The report's state after a move, written only if the report is still as it was read
/// (`expect_status`, `expect_updated_at`); otherwise `StoreError::Changed`.
pub struct MoveRow<'a> {
    pub report_id: i64,
    pub expect_status: Status,
    pub expect_updated_at: i64,
    pub status: Status,
    pub unit: &'a str,
    pub with_unit_since: Option<i64>,
    pub answered_at: Option<i64>,
    pub updated_at: i64,
    /// Set only by the first answer (later answers leave it).
    pub first_answer: Option<(i64, bool, u32)>,
    /// Set only by the verification: within its deadline.
    pub verified_on_time: Option<bool>,
    pub add_reroute: bool,
    pub verified_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub add_misroute: bool,
    pub add_reopen: bool,
    pub merged_into: Option<&'a str>,
    /// An answer sent although the answer check found a part missing.
    pub add_normative: bool,
    /// Set when the report finishes: when its reporter is asked the follow-up question.
    pub followup_due_at: Option<i64>,
}

/// SQLite's next change number (one writer at a time: the highest plus one).
pub(super) const SQLITE_NEXT_CHANGE: &str =
    "(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM reports)";

impl Tx {
    /// The SQL of the next change number (SQLite writes one transaction at a time, so the
    /// highest plus one is safe; PostgreSQL has a sequence).
    pub(crate) fn next_change(&self) -> &'static str {
        match self.backend {
            super::Backend::Sqlite => SQLITE_NEXT_CHANGE,
            super::Backend::Postgres => "nextval('report_changes')",
        }
    }

    /// Gives a report the next change number (its version; the highest is every list's).
    pub async fn bump(&mut self, report_id: i64) -> StoreResult<()> {
        self.touch(report_id);
        let next = self.next_change();
        sqlx::query(&format!(
            "UPDATE reports SET change_seq = {next} WHERE id = $1"
        ))
        .bind(report_id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// How many hidden identities `actor` opened since `since` (this transaction's included).
    pub async fn identity_openings_since(&mut self, actor: &str, since: i64) -> StoreResult<i64> {
        // The action is written out so that the partial index `report_history_identity` answers.
        let sql = format!(
            "SELECT COUNT(*) AS n FROM report_history WHERE action = '{}' AND actor = $1 AND at >= $2",
            Event::IdentityOpened.code()
        );
        let row = sqlx::query(&sql)
            .bind(actor)
            .bind(since)
            .fetch_one(self.conn())
            .await?;
        Ok(sqlx::Row::try_get(&row, "n")?)
    }

    pub async fn insert_file(
        &mut self,
        report_id: i64,
        history_id: Option<i64>,
        position: usize,
        f: &NewFile,
        at: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO attachments (report_id, history_id, position, content_type, width, height, data, thumb, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(report_id)
            .bind(history_id)
            .bind(position as i64)
            .bind(f.content_type)
            .bind(i64::from(f.width))
            .bind(i64::from(f.height))
            .bind(&f.data)
            .bind(&f.thumb)
            .bind(at)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Writes a move's new state, if nobody moved the report since it was read.
    pub async fn update_report(&mut self, m: &MoveRow<'_>) -> StoreResult<()> {
        let updated = sqlx::query(
            "UPDATE reports SET status = $1, unit = $2, with_unit_since = $3, answered_at = $4, updated_at = $5, \
             first_answered_at = COALESCE(first_answered_at, $6), first_answer_on_time = COALESCE(first_answer_on_time, $7), \
             verified_at = COALESCE(verified_at, $8), finished_at = $9, \
             misroute_count = misroute_count + $10, reopen_count = reopen_count + $11, merged_into = COALESCE($12, merged_into), \
             first_answer_days = COALESCE(first_answer_days, $16), verified_on_time = COALESCE(verified_on_time, $17), reroute_count = reroute_count + $18, \
             normative_answers = normative_answers + $19, followup_due_at = COALESCE($20, followup_due_at) \
             WHERE id = $13 AND status = $14 AND updated_at = $15",
        )
        .bind(m.status.code())
        .bind(m.unit)
        .bind(m.with_unit_since)
        .bind(m.answered_at)
        .bind(m.updated_at)
        .bind(m.first_answer.map(|f| f.0))
        .bind(m.first_answer.map(|f| i64::from(f.1)))
        .bind(m.verified_at)
        .bind(m.finished_at)
        .bind(i64::from(m.add_misroute))
        .bind(i64::from(m.add_reopen))
        .bind(m.merged_into)
        .bind(m.report_id)
        .bind(m.expect_status.code())
        .bind(m.expect_updated_at)
        .bind(m.first_answer.map(|f| i64::from(f.2)))
        .bind(m.verified_on_time.map(i64::from))
        .bind(i64::from(m.add_reroute))
        .bind(i64::from(m.add_normative))
        .bind(m.followup_due_at)
        .execute(self.conn())
        .await?
        .rows_affected();
        if updated == 0 {
            return Err(StoreError::Changed);
        }
        Ok(())
    }

    /// Marks a report's follow-up question asked; false when it was not due any more (another
    /// server instance asked first).
    pub async fn claim_followup(&mut self, report_id: i64, now: i64) -> StoreResult<bool> {
        let n = sqlx::query("UPDATE reports SET followup_due_at = NULL, followup_asked_at = $1 WHERE id = $2 AND followup_due_at IS NOT NULL")
            .bind(now)
            .bind(report_id)
            .execute(self.conn())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// Records the reporter's reply to the follow-up; false when it was not asked or already
    /// answered.
    pub async fn set_followup_reply(
        &mut self,
        report_id: i64,
        reply: domain::followup::Reply,
        now: i64,
    ) -> StoreResult<bool> {
        let n = sqlx::query("UPDATE reports SET followup_reply = $1, followup_reply_at = $2 WHERE id = $3 AND followup_asked_at IS NOT NULL AND followup_reply IS NULL")
            .bind(reply.code())
            .bind(now)
            .bind(report_id)
            .execute(self.conn())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    pub async fn set_privacy(&mut self, report_id: i64, privacy: Privacy) -> StoreResult<()> {
        sqlx::query("UPDATE reports SET privacy = $1 WHERE id = $2")
            .bind(privacy.code())
            .bind(report_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn set_rating(
        &mut self,
        report_id: i64,
        rating: u8,
        comment: Option<&str>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE reports SET rating = $1, rating_comment = $2 WHERE id = $3")
            .bind(i64::from(rating))
            .bind(comment)
            .bind(report_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
