//! Holding reports from the public (`domain::moderation`): flags (one per device and report; one
//! counted per network), holding and releasing, in the transaction of the change.

use super::{Store, StoreResult, Tx};
use domain::lifecycle::{scope, Status};
use domain::moderation::{Flag, FlagReason, Hold};
use domain::Privacy;
use sqlx::Row;

/// What a flag did.
pub struct Flagged {
    /// It was new and counts towards the threshold (a new device on a network not counted yet).
    pub counted: bool,
    /// Distinct counted flags on the report since its last review.
    pub devices: u32,
}

impl Tx {
    /// Adds `device`'s flag of a report once; it counts when no counted flag since the last
    /// review came from the same network (`network`: a keyed hash of the client's address).
    pub async fn add_flag(
        &mut self,
        report_id: i64,
        device: &str,
        network: &str,
        flag: &Flag,
        now: i64,
    ) -> StoreResult<Flagged> {
        let same_network: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM report_flags WHERE report_id = $1 AND network = $2 AND counted = 1 AND reviewed_at IS NULL",
        )
        .bind(report_id)
        .bind(network)
        .fetch_one(self.conn())
        .await?
        .try_get("n")?;
        let inserted = sqlx::query(
            "INSERT INTO report_flags (report_id, device, network, reason, note, at, counted) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (report_id, device) DO NOTHING",
        )
        .bind(report_id)
        .bind(device)
        .bind(network)
        .bind(flag.reason.code())
        .bind(flag.note.as_deref())
        .bind(now)
        .bind(i64::from(same_network == 0))
        .execute(self.conn())
        .await?
        .rows_affected()
            == 1;
        let devices: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM report_flags WHERE report_id = $1 AND counted = 1 AND reviewed_at IS NULL",
        )
        .bind(report_id)
        .fetch_one(self.conn())
        .await?
        .try_get("n")?;
        Ok(Flagged {
            counted: inserted && same_network == 0,
            devices: devices.clamp(0, u32::MAX as i64) as u32,
        })
    }

    /// Holds a report from the public (or releases it, with `None`: its flags are reviewed).
    pub async fn set_held(
        &mut self,
        report_id: i64,
        privacy: Privacy,
        status: Status,
        held: Option<Hold>,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE reports SET held = $1, held_at = $2, listed = $3 WHERE id = $4")
            .bind(held.map(Hold::code))
            .bind(held.map(|_| now))
            .bind(i64::from(scope::publicly_listed(privacy, status, held)))
            .bind(report_id)
            .execute(self.conn())
            .await?;
        if held.is_none() {
            sqlx::query("UPDATE report_flags SET reviewed_at = $1 WHERE report_id = $2 AND reviewed_at IS NULL")
                .bind(now)
                .bind(report_id)
                .execute(self.conn())
                .await?;
        }
        self.bump(report_id).await
    }
}

impl Store {
    /// The flags since the last review, per reason: devices counted and the newest notes.
    pub async fn flag_counts(
        &self,
        report_id: i64,
    ) -> StoreResult<Vec<(FlagReason, u32, Vec<String>)>> {
        let rows = sqlx::query(
            "SELECT reason, counted, note FROM report_flags WHERE report_id = $1 AND reviewed_at IS NULL ORDER BY at DESC, id DESC",
        )
        .bind(report_id)
        .fetch_all(&self.quick)
        .await?;
        let mut out: Vec<(FlagReason, u32, Vec<String>)> = FlagReason::ALL
            .into_iter()
            .map(|r| (r, 0, Vec::new()))
            .collect();
        for r in &rows {
            let reason: String = r.try_get("reason")?;
            let Some(slot) = out.iter_mut().find(|(x, _, _)| x.code() == reason) else {
                continue;
            };
            slot.1 += u32::from(r.try_get::<i64, _>("counted")? != 0);
            if let Some(n) = r.try_get::<Option<String>, _>("note")? {
                if slot.2.len() < 10 {
                    slot.2.push(n);
                }
            }
        }
        Ok(out)
    }
}
