//! "Saya juga mengalami" (`domain::support`): a device's support of a report, counted on the
//! report in the same transaction, and the phones and e-mails that follow it.

use super::{Store, StoreResult, Tx};
use domain::support::{Support, MAX_FOLLOWERS};
use sqlx::Row;

/// What a support did.
pub struct Supported {
    pub supporters: u32,
    /// This device had not supported the report before.
    pub added: bool,
    /// A phone or e-mail of this device follows the report.
    pub following: bool,
}

/// A follower's contact.
pub struct Follower {
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Tx {
    /// Adds `device`'s support of a report once (`device` is the hash of the app's id); a phone
    /// or e-mail given now or before follows the report, while it has room for followers.
    pub async fn add_support(
        &mut self,
        report_id: i64,
        device: &str,
        s: &Support,
        now: i64,
    ) -> StoreResult<Supported> {
        let added = sqlx::query(
            "INSERT INTO report_supports (report_id, device, at) VALUES ($1, $2, $3) \
             ON CONFLICT (report_id, device) DO NOTHING",
        )
        .bind(report_id)
        .bind(device)
        .bind(now)
        .execute(self.conn())
        .await?
        .rows_affected()
            == 1;
        if added {
            sqlx::query("UPDATE reports SET supporters = supporters + 1 WHERE id = $1")
                .bind(report_id)
                .execute(self.conn())
                .await?;
            self.bump(report_id).await?;
        }
        if s.follows() {
            let others: i64 = sqlx::query(&format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM report_supports \
                 WHERE report_id = $1 AND device <> $2 AND (phone IS NOT NULL OR email IS NOT NULL) \
                 LIMIT {MAX_FOLLOWERS}) f"
            ))
            .bind(report_id)
            .bind(device)
            .fetch_one(self.conn())
            .await?
            .try_get("n")?;
            if others < i64::from(MAX_FOLLOWERS) {
                sqlx::query(
                    "UPDATE report_supports SET phone = COALESCE($3, phone), email = COALESCE($4, email) \
                     WHERE report_id = $1 AND device = $2",
                )
                .bind(report_id)
                .bind(device)
                .bind(s.phone.as_deref())
                .bind(s.email.as_deref())
                .execute(self.conn())
                .await?;
            }
        }
        let row = sqlx::query(
            "SELECT r.supporters AS n, (s.phone IS NOT NULL OR s.email IS NOT NULL) AS following \
             FROM reports r JOIN report_supports s ON s.report_id = r.id AND s.device = $2 \
             WHERE r.id = $1",
        )
        .bind(report_id)
        .bind(device)
        .fetch_one(self.conn())
        .await?;
        let n: i64 = row.try_get("n")?;
        Ok(Supported {
            supporters: n.clamp(0, i64::from(u32::MAX)) as u32,
            added,
            following: following(&row)?,
        })
    }
}

/// A boolean expression's value: SQLite gives an integer, PostgreSQL a boolean.
fn following(row: &sqlx::any::AnyRow) -> StoreResult<bool> {
    Ok(match row.try_get::<bool, _>("following") {
        Ok(b) => b,
        Err(_) => row.try_get::<i64, _>("following")? != 0,
    })
}

impl Store {
    /// Which of the reports `codes` the device (its key) supported, and whether it follows each.
    pub async fn supported_by(
        &self,
        device: &str,
        codes: &[&str],
    ) -> StoreResult<Vec<(String, bool)>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = (0..codes.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT r.tracking_code AS code, (s.phone IS NOT NULL OR s.email IS NOT NULL) AS following \
             FROM reports r JOIN report_supports s ON s.report_id = r.id AND s.device = $1 \
             WHERE r.tracking_code IN ({})",
            list.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(device);
        for c in codes {
            q = q.bind(*c);
        }
        q.fetch_all(&self.quick)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("code")?, following(r)?)))
            .collect()
    }

    /// Who follows a report's status (at most `MAX_FOLLOWERS`).
    pub async fn followers(&self, report_id: i64) -> StoreResult<Vec<Follower>> {
        let rows = sqlx::query(&format!(
            "SELECT phone, email FROM report_supports \
             WHERE report_id = $1 AND (phone IS NOT NULL OR email IS NOT NULL) LIMIT {MAX_FOLLOWERS}"
        ))
        .bind(report_id)
        .fetch_all(&self.quick)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Follower {
                    phone: r.try_get("phone")?,
                    email: r.try_get("email")?,
                })
            })
            .collect()
    }
}
