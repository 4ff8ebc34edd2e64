//! Redaction (`domain::redaction`): a text part's original and shown words (`redactions`), the
//! report's own parts kept redacted in their columns with the search terms recomputed, and a
//! photo's blacked-out version with its original kept (`attachments.original`). Everything in
//! the transaction of the redaction's history entry.

use super::reports::stored_terms;
use super::{Store, StoreError, StoreResult, Tx};
use domain::redaction::Part;
use sqlx::Row;

/// A redacted text part as stored.
#[derive(Debug, Clone)]
pub struct RedactedText {
    pub part: Part,
    /// The history entry's number for `Part::Entry`; 0 otherwise.
    pub ref_id: i64,
    /// The words as first written.
    pub original: String,
}

/// The column of the report's own text parts.
fn column(part: Part) -> Option<&'static str> {
    match part {
        Part::Title => Some("title"),
        Part::Body => Some("body"),
        Part::LocationDetail => Some("location_detail"),
        Part::Entry | Part::Photo => None,
    }
}

impl Tx {
    /// The words a text part shows now, read in this transaction (after `lock_chain`, so no
    /// other redaction of it can come between this read and the write): `None` when the part is
    /// empty or, for an entry, not a public note of this report.
    pub async fn shown_text(
        &mut self,
        report_id: i64,
        part: Part,
        ref_id: i64,
    ) -> StoreResult<Option<String>> {
        let row = if let Some(col) = column(part) {
            sqlx::query(&format!("SELECT {col} AS t FROM reports WHERE id = $1"))
                .bind(report_id)
                .fetch_optional(self.conn())
                .await?
        } else {
            sqlx::query(
                "SELECT COALESCE(x.shown, h.note) AS t FROM report_history h \
                 LEFT JOIN redactions x ON x.report_id = h.report_id AND x.part = $3 AND x.ref_id = h.id \
                 WHERE h.id = $1 AND h.report_id = $2 AND h.is_public = 1",
            )
            .bind(ref_id)
            .bind(report_id)
            .bind(Part::Entry.code())
            .fetch_optional(self.conn())
            .await?
        };
        Ok(match row {
            Some(r) => r
                .try_get::<Option<String>, _>("t")?
                .filter(|t| !t.is_empty()),
            None => None,
        })
    }

    /// Stores a text part's redacted words: the original is kept from the first redaction; the
    /// report's own parts change in their columns, with the search terms.
    pub async fn redact_text(
        &mut self,
        report_id: i64,
        part: Part,
        ref_id: i64,
        before: &str,
        after: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO redactions (report_id, part, ref_id, original, shown, at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (report_id, part, ref_id) DO UPDATE SET shown = excluded.shown, at = excluded.at",
        )
        .bind(report_id)
        .bind(part.code())
        .bind(ref_id)
        .bind(before)
        .bind(after)
        .bind(now)
        .execute(self.conn())
        .await?;
        self.set_own_part(report_id, part, after).await?;
        self.bump(report_id).await
    }

    /// Puts a redacted text part back as first written: `false` when it is not redacted.
    pub async fn restore_text(
        &mut self,
        report_id: i64,
        part: Part,
        ref_id: i64,
    ) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT original FROM redactions WHERE report_id = $1 AND part = $2 AND ref_id = $3",
        )
        .bind(report_id)
        .bind(part.code())
        .bind(ref_id)
        .fetch_optional(self.conn())
        .await?;
        let Some(row) = row else { return Ok(false) };
        let original: String = row.try_get("original")?;
        sqlx::query("DELETE FROM redactions WHERE report_id = $1 AND part = $2 AND ref_id = $3")
            .bind(report_id)
            .bind(part.code())
            .bind(ref_id)
            .execute(self.conn())
            .await?;
        self.set_own_part(report_id, part, &original).await?;
        self.bump(report_id).await?;
        Ok(true)
    }

    /// The report's own text part (title, story, detail) set to `text`, with the search terms.
    async fn set_own_part(&mut self, report_id: i64, part: Part, text: &str) -> StoreResult<()> {
        if let Some(col) = column(part) {
            sqlx::query(&format!("UPDATE reports SET {col} = $1 WHERE id = $2"))
                .bind(text)
                .bind(report_id)
                .execute(self.conn())
                .await?;
            let r = sqlx::query("SELECT title, body FROM reports WHERE id = $1")
                .bind(report_id)
                .fetch_one(self.conn())
                .await?;
            let terms = stored_terms(
                &r.try_get::<String, _>("title")?,
                &r.try_get::<String, _>("body")?,
            );
            sqlx::query("UPDATE reports SET search_terms = $1 WHERE id = $2")
                .bind(terms)
                .bind(report_id)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Replaces a photo with its blacked-out version, keeping the photo as it arrived; `false`
    /// when it changed since `revision` was read (another redaction came first).
    pub async fn black_out(
        &mut self,
        report_id: i64,
        attachment_id: i64,
        revision: i64,
        jpeg: &[u8],
        thumb: &[u8],
    ) -> StoreResult<bool> {
        let set = "original = COALESCE(original, data), data = $1, thumb = $2";
        let values = [jpeg, thumb];
        self.update_photo(set, &values, "", (report_id, attachment_id, revision))
            .await
    }

    /// Puts a blacked-out photo back as it arrived, with `thumb` drawn from it: `false` when it
    /// changed since `revision` was read or was never blacked out.
    pub async fn restore_photo(
        &mut self,
        report_id: i64,
        attachment_id: i64,
        revision: i64,
        thumb: &[u8],
    ) -> StoreResult<bool> {
        let set = "data = original, original = NULL, thumb = $1";
        let only = " AND original IS NOT NULL";
        self.update_photo(set, &[thumb], only, (report_id, attachment_id, revision))
            .await
    }

    /// One photo's change (`set`, with `values` as `$1…`) if its revision is still the one read;
    /// the revision moves on and the report's caches are told.
    async fn update_photo(
        &mut self,
        set: &str,
        values: &[&[u8]],
        only_if: &str,
        (report_id, attachment_id, revision): (i64, i64, i64),
    ) -> StoreResult<bool> {
        let n = values.len();
        let sql = format!(
            "UPDATE attachments SET {set}, revision = revision + 1 WHERE id = ${} AND report_id = ${} AND revision = ${}{only_if}",
            n + 1,
            n + 2,
            n + 3
        );
        let mut q = sqlx::query(&sql);
        for v in values {
            q = q.bind(*v);
        }
        let done = q
            .bind(attachment_id)
            .bind(report_id)
            .bind(revision)
            .execute(self.conn())
            .await?
            .rows_affected()
            == 1;
        if done {
            self.bump(report_id).await?;
        }
        Ok(done)
    }
}

impl Store {
    /// A report's redacted text parts.
    pub async fn redacted_texts(&self, report_id: i64) -> StoreResult<Vec<RedactedText>> {
        let rows = sqlx::query(
            "SELECT part, ref_id, original FROM redactions WHERE report_id = $1 ORDER BY id",
        )
        .bind(report_id)
        .fetch_all(&self.quick)
        .await?;
        rows.iter()
            .map(|r| {
                let part: String = r.try_get("part")?;
                Ok(RedactedText {
                    part: Part::parse(&part).ok_or_else(|| {
                        StoreError::Corrupt(format!("unknown redaction part {part:?}"))
                    })?,
                    ref_id: r.try_get("ref_id")?,
                    original: r.try_get("original")?,
                })
            })
            .collect()
    }

    /// The numbers of a report's history entries whose note is redacted.
    pub async fn redacted_entries(&self, report_id: i64) -> StoreResult<Vec<i64>> {
        let rows = sqlx::query("SELECT ref_id FROM redactions WHERE report_id = $1 AND part = $2")
            .bind(report_id)
            .bind(Part::Entry.code())
            .fetch_all(&self.quick)
            .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<i64, _>("ref_id")?))
            .collect()
    }

    /// A photo as it arrived, before any black-out (`None` when it was never blacked out).
    pub async fn original_photo(
        &self,
        report_id: i64,
        attachment_id: i64,
    ) -> StoreResult<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT original FROM attachments WHERE report_id = $1 AND id = $2")
            .bind(report_id)
            .bind(attachment_id)
            .fetch_optional(&self.quick)
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<Option<Vec<u8>>, _>("original")?,
            None => None,
        })
    }
}
