//! The read behind `server learn`: every report whose history has a reroute, a return to the
//! coordinator or a "bukan wewenang", with the moves that placed it, in one query streamed from
//! the engine (an offline command: it reads the history of those reports only, never the
//! reporters' identity columns).

use super::{Store, StoreError, StoreResult};
use domain::lifecycle::ActionKind;
use domain::Privacy;
use futures_util::TryStreamExt;
use sqlx::Row;

/// A report that was moved because it went wrong, as `domain::learn` needs it.
#[derive(Debug, Clone)]
pub struct MisroutedReport {
    pub category: String,
    pub answers: Vec<(String, String)>,
    pub title: String,
    pub body: String,
    /// The desa/kelurahan code, else the kecamatan code.
    pub location: Option<String>,
    pub privacy: Privacy,
    /// Where `domain::route` sent it on arrival.
    pub proposed_unit: String,
    /// Route, reroute, return and "bukan wewenang" moves, oldest first: (move, from, to).
    pub moves: Vec<(ActionKind, Option<String>, Option<String>)>,
}

/// The moves that place a report; the last three are the misroutes.
const PLACING: [ActionKind; 4] = [
    ActionKind::Route,
    ActionKind::Reroute,
    ActionKind::Return,
    ActionKind::NotAuthority,
];

impl Store {
    /// Calls `each` with every misrouted report, oldest first.
    pub async fn misrouted_reports(
        &self,
        mut each: impl FnMut(MisroutedReport),
    ) -> StoreResult<()> {
        let mut conn = self.exports.acquire().await?;
        let text = "SELECT r.id, r.category, r.answers, r.title, r.body, r.desa, r.kecamatan, r.privacy, r.proposed_unit, h.action, h.from_unit, h.to_unit \
             FROM report_history h JOIN reports r ON r.id = h.report_id \
             WHERE h.action IN ($1, $2, $3, $4) \
             AND h.report_id IN (SELECT m.report_id FROM report_history m WHERE m.action IN ($5, $6, $7)) \
             ORDER BY h.report_id, h.id";
        let mut q = sqlx::query(text);
        for a in PLACING.iter().chain(&PLACING[1..]) {
            q = q.bind(a.code());
        }
        let mut rows = q.fetch(&mut *conn);
        let mut current: Option<(i64, MisroutedReport)> = None;
        while let Some(row) = rows.try_next().await? {
            let id: i64 = row.try_get("id")?;
            let action: String = row.try_get("action")?;
            let kind = ActionKind::parse(&action)
                .ok_or_else(|| StoreError::Corrupt(format!("history action {action:?}")))?;
            let step = (kind, row.try_get("from_unit")?, row.try_get("to_unit")?);
            match &mut current {
                Some((cid, r)) if *cid == id => {
                    r.moves.push(step);
                    continue;
                }
                _ => {}
            }
            if let Some((_, r)) = current.take() {
                each(r);
            }
            let answers: String = row.try_get("answers")?;
            let answers: std::collections::BTreeMap<String, String> =
                serde_json::from_str(&answers)
                    .map_err(|e| StoreError::Corrupt(format!("answers {answers:?}: {e}")))?;
            let privacy: String = row.try_get("privacy")?;
            let desa: Option<String> = row.try_get("desa")?;
            let kecamatan: Option<String> = row.try_get("kecamatan")?;
            current = Some((
                id,
                MisroutedReport {
                    category: row.try_get("category")?,
                    answers: answers.into_iter().collect(),
                    title: row.try_get("title")?,
                    body: row.try_get("body")?,
                    location: desa.or(kecamatan),
                    privacy: Privacy::parse(&privacy)
                        .ok_or_else(|| StoreError::Corrupt(format!("privacy {privacy:?}")))?,
                    proposed_unit: row.try_get("proposed_unit")?,
                    moves: vec![step],
                },
            ));
        }
        if let Some((_, r)) = current {
            each(r);
        }
        Ok(())
    }
}
