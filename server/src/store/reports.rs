//! Reports as stored: the insert of a new report (with its first history entry, its photos and
//! its idempotency answer, in one transaction), and every read of reports, their history and
//! their files.

use super::chain::Head;
use super::derived::{Contribution, Derived};
use super::stmts::{Stmts, Val};
use super::writes::NewHistory;
use super::{parse_code, Store, StoreError, StoreResult, Tx};
use domain::followup::Reply;
use domain::lifecycle::{Event, Role, Status};
use domain::moderation::Hold;
use domain::report::Channel;
use domain::{Date, Privacy, ReportType};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Everything stored about a new report; built by `submit` from a `domain::NewReport`.
pub struct NewRow {
    pub tracking_code: String,
    pub secret_hash: String,
    pub report_type: ReportType,
    pub category: &'static str,
    pub answers: Vec<(&'static str, &'static str)>,
    pub title: String,
    pub body: String,
    pub incident_date: Option<Date>,
    pub desa: Option<&'static str>,
    pub kecamatan: Option<&'static str>,
    pub location_detail: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub privacy: Privacy,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_email: Option<String>,
    pub status: Status,
    pub unit: &'static str,
    pub reason_id: &'static str,
    pub reason_en: &'static str,
    pub catalog_version: &'static str,
    pub channel: Channel,
    /// Who filed it: the reporter, or an officer who recorded it for them (role and username,
    /// kept in the first history entry).
    pub filed_by: Role,
    pub filer: Option<String>,
    pub created_at: i64,
    pub photos: Vec<NewFile>,
    /// Messages the report's arrival sends (the receipt to the reporter's phone), queued in
    /// its transaction.
    pub messages: Vec<super::Message>,
    /// Held from the public from the start (a pre-moderated category).
    pub held: Option<Hold>,
}

/// A file to store with a report or with one of its history entries (an answer's files).
#[derive(Clone)]
pub struct NewFile {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
    /// Empty for a document (it has no thumbnail).
    pub thumb: Vec<u8>,
}

/// Claims an Idempotency-Key for a new report's answer; claims nothing when it is taken.
pub(super) const CLAIM: &str = "INSERT INTO idempotency (key, request_hash, status_code, response, created_at) VALUES ($1, $2, 201, $3, $4) ON CONFLICT (key) DO NOTHING";

pub(super) fn claim_vals(key: &str, hash: &str, response: &str, at: i64) -> Vec<Val> {
    vec![
        Val::from(key),
        Val::from(hash),
        Val::from(response),
        Val::from(at),
    ]
}

/// The outcome of an idempotent insert.
pub enum Inserted {
    /// Stored now; the response to remember was saved with it.
    New,
    /// The key was seen before: its first answer, to return as is.
    Replay(StoredAnswer),
    /// The key was used before for a different report.
    KeyReused,
}

/// What was answered to the first request with an Idempotency-Key.
pub struct StoredAnswer {
    pub request_hash: String,
    pub status: u16,
    pub response: String,
}

/// A stored report, parsed.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub id: i64,
    pub tracking_code: String,
    pub secret_hash: Option<String>,
    pub report_type: ReportType,
    pub category: String,
    /// (question, option) as the citizen answered.
    pub answers: Vec<(String, String)>,
    pub title: String,
    pub body: String,
    pub incident_date: Option<Date>,
    pub desa: Option<String>,
    pub kecamatan: Option<String>,
    pub location_detail: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub privacy: Privacy,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_email: Option<String>,
    pub status: Status,
    pub unit: String,
    pub proposed_unit: String,
    pub reason_id: String,
    pub reason_en: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub with_unit_since: Option<i64>,
    pub answered_at: Option<i64>,
    pub first_answered_at: Option<i64>,
    pub first_answer_on_time: Option<bool>,
    pub misroute_count: i64,
    pub reopen_count: i64,
    pub merged_into: Option<String>,
    pub rating: Option<u8>,
    pub rating_comment: Option<String>,
    pub channel: Channel,
    /// Verified within the verification deadline (`None` until verified).
    pub verified_on_time: Option<bool>,
    /// Working days from reaching the unit to the first answer.
    pub first_answer_days: Option<u32>,
    /// Times passed to another unit.
    pub reroute_count: i64,
    /// Answers sent although the answer check found a part missing.
    pub normative_answers: i64,
    /// The follow-up after finishing: when due, when asked, the reply.
    pub followup_due_at: Option<i64>,
    pub followup_asked_at: Option<i64>,
    pub followup_reply: Option<Reply>,
    /// People who said "saya juga mengalami" (`domain::support`).
    pub supporters: u32,
    /// Held from the public for review (`domain::moderation::Hold`).
    pub held: Option<Hold>,
}

/// The search terms stored with a report (never empty: an empty value marks a report stored
/// before terms were kept).
pub fn stored_terms(title: &str, body: &str) -> String {
    let t = domain::search::document(title, body);
    if t.is_empty() {
        "-".to_string()
    } else {
        t
    }
}

impl NewRow {
    /// The report as it reads back once stored under `id`.
    fn as_stored(&self, id: i64) -> ReportRow {
        ReportRow {
            id,
            tracking_code: self.tracking_code.clone(),
            secret_hash: Some(self.secret_hash.clone()),
            report_type: self.report_type,
            category: self.category.to_string(),
            answers: self
                .answers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            title: self.title.clone(),
            body: self.body.clone(),
            incident_date: self.incident_date,
            desa: self.desa.map(String::from),
            kecamatan: self.kecamatan.map(String::from),
            location_detail: self.location_detail.clone(),
            lat: self.lat,
            lon: self.lon,
            privacy: self.privacy,
            reporter_name: self.reporter_name.clone(),
            reporter_phone: self.reporter_phone.clone(),
            reporter_email: self.reporter_email.clone(),
            status: self.status,
            unit: self.unit.to_string(),
            proposed_unit: self.unit.to_string(),
            reason_id: self.reason_id.to_string(),
            reason_en: self.reason_en.to_string(),
            created_at: self.created_at,
            updated_at: self.created_at,
            with_unit_since: None,
            answered_at: None,
            first_answered_at: None,
            first_answer_on_time: None,
            misroute_count: 0,
            reopen_count: 0,
            merged_into: None,
            rating: None,
            rating_comment: None,
            channel: self.channel,
            verified_on_time: None,
            first_answer_days: None,
            reroute_count: 0,
            normative_answers: 0,
            supporters: 0,
            followup_due_at: None,
            followup_asked_at: None,
            followup_reply: None,
            held: self.held,
        }
    }
}

impl ReportRow {
    pub fn timeline(&self) -> domain::deadline::Timeline {
        domain::deadline::Timeline {
            received_at: self.created_at,
            with_unit_since: self.with_unit_since,
            answered_at: self.answered_at,
        }
    }
    pub fn answer_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.answers.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub id: i64,
    pub at: i64,
    pub event: Event,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub role: Role,
    pub from_unit: Option<String>,
    pub to_unit: Option<String>,
    pub note: Option<String>,
    pub actor: Option<String>,
    pub is_public: bool,
}

#[derive(Debug, Clone)]
pub struct AttachmentRow {
    pub id: i64,
    pub content_type: String,
    /// The history entry (an answer) it belongs to; `None` for the citizen's photos.
    pub history_id: Option<i64>,
    pub position: i64,
    pub width: u32,
    pub height: u32,
    /// Counts black-outs (`redaction`): part of the public links, so no cache keeps an earlier
    /// version.
    pub revision: i64,
    /// Regions of it are blacked out (its original is kept).
    pub blacked_out: bool,
}

pub(super) const REPORT_COLUMNS: &str = "id, tracking_code, secret_hash, report_type, category, answers, title, body, incident_date, desa, kecamatan, location_detail, lat, lon, privacy, reporter_name, reporter_phone, reporter_email, status, unit, proposed_unit, reason_id, reason_en, created_at, updated_at, with_unit_since, answered_at, first_answered_at, first_answer_on_time, misroute_count, reopen_count, merged_into, rating, rating_comment, channel, verified_on_time, first_answer_days, reroute_count, normative_answers, followup_due_at, followup_asked_at, followup_reply, supporters, held";

fn answers_json(pairs: &[(&str, &str)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

pub(super) fn report_from(row: &AnyRow) -> StoreResult<ReportRow> {
    let answers: String = row.try_get("answers")?;
    let answers: std::collections::BTreeMap<String, String> = serde_json::from_str(&answers)
        .map_err(|e| StoreError::Corrupt(format!("answers {answers:?}: {e}")))?;
    let incident: Option<String> = row.try_get("incident_date")?;
    Ok(ReportRow {
        id: row.try_get("id")?,
        tracking_code: row.try_get("tracking_code")?,
        secret_hash: row.try_get("secret_hash")?,
        report_type: parse_code(
            "report type",
            &row.try_get::<String, _>("report_type")?,
            ReportType::parse,
        )?,
        category: row.try_get("category")?,
        answers: answers.into_iter().collect(),
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        incident_date: incident
            .map(|d| parse_code("incident date", &d, Date::parse))
            .transpose()?,
        desa: row.try_get("desa")?,
        kecamatan: row.try_get("kecamatan")?,
        location_detail: row.try_get("location_detail")?,
        lat: row.try_get("lat")?,
        lon: row.try_get("lon")?,
        privacy: parse_code(
            "privacy",
            &row.try_get::<String, _>("privacy")?,
            Privacy::parse,
        )?,
        reporter_name: row.try_get("reporter_name")?,
        reporter_phone: row.try_get("reporter_phone")?,
        reporter_email: row.try_get("reporter_email")?,
        status: parse_code(
            "status",
            &row.try_get::<String, _>("status")?,
            Status::parse,
        )?,
        unit: row.try_get("unit")?,
        proposed_unit: row.try_get("proposed_unit")?,
        reason_id: row.try_get("reason_id")?,
        reason_en: row.try_get("reason_en")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        with_unit_since: row.try_get("with_unit_since")?,
        answered_at: row.try_get("answered_at")?,
        first_answered_at: row.try_get("first_answered_at")?,
        first_answer_on_time: row
            .try_get::<Option<i64>, _>("first_answer_on_time")?
            .map(|v| v != 0),
        misroute_count: row.try_get("misroute_count")?,
        reopen_count: row.try_get("reopen_count")?,
        merged_into: row.try_get("merged_into")?,
        rating: row
            .try_get::<Option<i64>, _>("rating")?
            .map(|r| u8::try_from(r).map_err(|_| StoreError::Corrupt(format!("rating {r}"))))
            .transpose()?,
        rating_comment: row.try_get("rating_comment")?,
        channel: parse_code(
            "channel",
            &row.try_get::<String, _>("channel")?,
            Channel::parse,
        )?,
        verified_on_time: row
            .try_get::<Option<i64>, _>("verified_on_time")?
            .map(|v| v != 0),
        first_answer_days: row
            .try_get::<Option<i64>, _>("first_answer_days")?
            .map(|v| v.clamp(0, u32::MAX as i64) as u32),
        reroute_count: row.try_get("reroute_count")?,
        normative_answers: row.try_get("normative_answers")?,
        supporters: row
            .try_get::<i64, _>("supporters")?
            .clamp(0, u32::MAX as i64) as u32,
        followup_due_at: row.try_get("followup_due_at")?,
        followup_asked_at: row.try_get("followup_asked_at")?,
        followup_reply: row
            .try_get::<Option<String>, _>("followup_reply")?
            .map(|r| parse_code("followup_reply", &r, Reply::parse))
            .transpose()?,
        held: row
            .try_get::<Option<String>, _>("held")?
            .map(|h| parse_code("held", &h, Hold::parse))
            .transpose()?,
    })
}

fn history_from(r: &AnyRow) -> StoreResult<HistoryRow> {
    let from: Option<String> = r.try_get("from_status")?;
    Ok(HistoryRow {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        event: parse_code("event", &r.try_get::<String, _>("action")?, Event::parse)?,
        from_status: from
            .map(|s| parse_code("status", &s, Status::parse))
            .transpose()?,
        to_status: parse_code(
            "status",
            &r.try_get::<String, _>("to_status")?,
            Status::parse,
        )?,
        role: parse_code("role", &r.try_get::<String, _>("role")?, Role::parse)?,
        from_unit: r.try_get("from_unit")?,
        to_unit: r.try_get("to_unit")?,
        note: r.try_get("note")?,
        actor: r.try_get("actor")?,
        is_public: r.try_get::<i64, _>("is_public")? != 0,
    })
}

impl Store {
    /// Stores a report with everything that belongs to it, atomically and at most once per key.
    /// `response` is the answer to remember for the key.
    /// Through the group-commit writer (`writer.rs`) when it runs, else in a transaction of its
    /// own.
    pub async fn insert_report(
        &self,
        row: NewRow,
        idempotency: Option<(String, String)>,
        response: String,
    ) -> StoreResult<Inserted> {
        if let Some(w) = &self.writer {
            return w.submit(row, idempotency, response).await;
        }
        let r = async {
            let mut tx = self.begin().await?;
            let key = idempotency.as_ref().map(|(k, h)| (k.as_str(), h.as_str()));
            match tx.insert_report(&row, key, &response, None).await? {
                Inserted::New => {
                    tx.commit().await?;
                    Ok(Inserted::New)
                }
                other => {
                    tx.rollback().await;
                    Ok(other)
                }
            }
        }
        .await;
        self.record(r)
    }
}

/// The statements that write a new report and what belongs to it (its first history entry, its
/// share of the figures, its messages), in order; the first returns the report's `id`.
/// `next_change` is the store's expression for the next change number.
/// `prev` is the history chain's head the report's first entry links to.
pub(super) fn report_stmts(row: &NewRow, next_change: &str, prev: Option<&Head>) -> Stmts {
    // Everything the lists and figures read is written with the row itself; the report, its
    // first history entry and its share of the figures go to the store together.
    let derived = Derived::of(&row.as_stored(0));
    let mut batch = Stmts::default();
    batch.push(
            format!(
                "INSERT INTO reports (tracking_code, secret_hash, report_type, category, answers, title, body, incident_date, desa, kecamatan, location_detail, lat, lon, privacy, reporter_name, reporter_phone, reporter_email, status, unit, proposed_unit, reason_id, reason_en, catalog_version, channel, created_at, updated_at, search_terms, listed, opd, due_at, held, held_at, change_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, {}) RETURNING id",
                next_change
            ),
            vec![
                Val::from(&row.tracking_code),
                Val::from(&row.secret_hash),
                Val::from(row.report_type.code()),
                Val::from(row.category),
                Val::from(answers_json(&row.answers)),
                Val::from(&row.title),
                Val::from(&row.body),
                Val::from(row.incident_date.map(|d| d.to_string())),
                Val::from(row.desa),
                Val::from(row.kecamatan),
                Val::from(&row.location_detail),
                Val::from(row.lat),
                Val::from(row.lon),
                Val::from(row.privacy.code()),
                Val::from(&row.reporter_name),
                Val::from(&row.reporter_phone),
                Val::from(&row.reporter_email),
                Val::from(row.status.code()),
                Val::from(row.unit),
                Val::from(row.unit),
                Val::from(row.reason_id),
                Val::from(row.reason_en),
                Val::from(row.catalog_version),
                Val::from(row.channel.code()),
                Val::from(row.created_at),
                Val::from(row.created_at),
                Val::from(stored_terms(&row.title, &row.body)),
                Val::from(i64::from(derived.listed)),
                Val::from(derived.opd),
                Val::from(derived.due_at),
                Val::from(row.held.map(Hold::code)),
                Val::from(row.held.map(|_| row.created_at)),
            ],
        );
    super::chain::history_stmts(
        &mut batch,
        &NewHistory {
            code: &row.tracking_code,
            at: row.created_at,
            event: Event::Submit,
            from_status: None,
            to_status: row.status,
            role: row.filed_by,
            from_unit: None,
            to_unit: Some(row.unit),
            note: None,
            actor: row.filer.as_deref(),
        },
        prev,
    );
    super::derived::add_new(&mut batch, &Contribution::of(&row.as_stored(0)));
    for m in &row.messages {
        super::outbox::push_enqueue(&mut batch, m, row.created_at);
    }
    batch
}

impl Tx {
    /// Writes a report and what belongs to it in this transaction; commits nothing. With
    /// `savepoint`, all of it is inside that savepoint, released when the report is written; a
    /// replay, a reused key or a failure leaves it open for the caller to roll back to.
    pub async fn insert_report(
        &mut self,
        row: &NewRow,
        idempotency: Option<(&str, &str)>,
        response: &str,
        savepoint: Option<&str>,
    ) -> StoreResult<Inserted> {
        let tx = self;
        // The chain's head first (on PostgreSQL its lock, before any row is written).
        let prev = tx.chain_head().await?;
        // A lone report on SQLite (which holds the write lock already): the claim goes in the
        // same call as the report's rows, which are rolled back if it finds an earlier answer.
        let merged_claim = tx.backend == super::Backend::Sqlite && savepoint.is_none();
        let mut first = Stmts::default();
        if let Some(sp) = savepoint {
            first.push(format!("SAVEPOINT {sp}"), vec![]);
        }
        if let Some((key, hash)) = idempotency {
            // A write first: it holds the write lock (SQLite) or waits for a concurrent holder
            // of the same key (PostgreSQL) before deciding.
            first.push(
                format!("{CLAIM} RETURNING 1 AS claimed"),
                claim_vals(key, hash, response, row.created_at),
            );
            if !merged_claim {
                let claimed = !tx.run(first).await?.is_empty();
                first = Stmts::default();
                if !claimed {
                    return tx.earlier_answer(key, hash).await;
                }
            }
        }
        let mut batch = first;
        batch.append(report_stmts(row, tx.next_change(), prev.as_ref()));
        // Photos are large: each is its own statement, before the savepoint is released.
        let photos = !row.photos.is_empty();
        if let Some(sp) = savepoint.filter(|_| !photos) {
            batch.push(format!("RELEASE SAVEPOINT {sp}"), vec![]);
        }
        let rows = tx.run(batch).await?;
        let mut rows = rows.as_slice();
        if let Some((key, hash)) = idempotency.filter(|_| merged_claim) {
            match rows.split_first() {
                Some((claim, rest)) if claim.try_get::<i64, _>("claimed").is_ok() => rows = rest,
                _ => return tx.earlier_answer(key, hash).await,
            }
        }
        let id: i64 = rows
            .first()
            .ok_or_else(|| StoreError::Unavailable("the new report's id was not returned".into()))?
            .try_get("id")?;
        tx.touch(id);
        for (i, p) in row.photos.iter().enumerate() {
            tx.insert_file(id, None, i, p, row.created_at).await?;
        }
        if let Some(sp) = savepoint.filter(|_| photos) {
            tx.exec(&format!("RELEASE SAVEPOINT {sp}")).await?;
        }
        Ok(Inserted::New)
    }
}

impl Tx {
    /// What an Idempotency-Key that was already claimed answers: the first answer, or a
    /// reused key.
    async fn earlier_answer(&mut self, key: &str, hash: &str) -> StoreResult<Inserted> {
        let prev = sqlx::query(
            "SELECT request_hash, status_code, response FROM idempotency WHERE key = $1",
        )
        .bind(key)
        .fetch_one(self.conn())
        .await?;
        let prev_hash: String = prev.try_get("request_hash")?;
        if prev_hash != hash {
            return Ok(Inserted::KeyReused);
        }
        Ok(Inserted::Replay(StoredAnswer {
            request_hash: prev_hash,
            status: prev.try_get::<i64, _>("status_code")? as u16,
            response: prev.try_get("response")?,
        }))
    }
}

impl Store {
    /// Whether a request with this Idempotency-Key was already stored.
    pub async fn idempotency_known(&self, key: &str) -> StoreResult<bool> {
        Ok(self.idempotency_answer(key).await?.is_some())
    }

    /// The first answer to this Idempotency-Key, if a request with it was stored.
    pub async fn idempotency_answer(&self, key: &str) -> StoreResult<Option<StoredAnswer>> {
        let row = sqlx::query(
            "SELECT request_hash, status_code, response FROM idempotency WHERE key = $1",
        )
        .bind(key)
        .fetch_optional(&self.quick)
        .await?;
        row.map(|r| {
            Ok(StoredAnswer {
                request_hash: r.try_get("request_hash")?,
                status: r.try_get::<i64, _>("status_code")? as u16,
                response: r.try_get("response")?,
            })
        })
        .transpose()
    }

    /// Forgets idempotency answers older than `before` (they may hold a confidential report's secret).
    pub async fn prune_idempotency(&self, before: i64) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM idempotency WHERE created_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    pub async fn report_by_code(&self, code: &str) -> StoreResult<Option<ReportRow>> {
        let row = sqlx::query(&format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE tracking_code = $1"
        ))
        .bind(code)
        .fetch_optional(&self.quick)
        .await?;
        row.as_ref().map(report_from).transpose()
    }

    /// The reports a phone number filed, newest first (through `reports_by_phone`).
    pub async fn reports_of_phone(&self, phone: &str, limit: i64) -> StoreResult<Vec<ReportRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE reporter_phone = $1 ORDER BY id DESC LIMIT $2"
        ))
        .bind(phone)
        .bind(limit)
        .fetch_all(&self.quick)
        .await?;
        rows.iter().map(report_from).collect()
    }

    /// Which of these codes exist (and, with `public_only`, open by their code alone).
    pub async fn existing_codes(
        &self,
        codes: &[String],
        public_only: bool,
    ) -> StoreResult<Vec<String>> {
        let mut found = Vec::new();
        for c in codes {
            let row = sqlx::query("SELECT privacy, held FROM reports WHERE tracking_code = $1")
                .bind(c)
                .fetch_optional(&self.quick)
                .await?;
            if let Some(r) = row {
                if !public_only || super::shown_by_code(&r)? {
                    found.push(c.clone());
                }
            }
        }
        Ok(found)
    }

    pub async fn history(&self, report_id: i64) -> StoreResult<Vec<HistoryRow>> {
        let rows = sqlx::query(
            // A redacted note reads as redacted everywhere (`redaction.rs`); the chain reads the
            // entry as written.
            "SELECT h.id, h.at, h.action, h.from_status, h.to_status, h.role, h.from_unit, h.to_unit, COALESCE(x.shown, h.note) AS note, h.actor, h.is_public \
             FROM report_history h LEFT JOIN redactions x ON x.report_id = h.report_id AND x.part = $2 AND x.ref_id = h.id \
             WHERE h.report_id = $1 ORDER BY h.at, h.id",
        )
        .bind(report_id)
        .bind(domain::redaction::Part::Entry.code())
        .fetch_all(&self.quick)
        .await?;
        rows.iter().map(history_from).collect()
    }

    pub async fn attachments(&self, report_id: i64) -> StoreResult<Vec<AttachmentRow>> {
        let rows = sqlx::query("SELECT id, history_id, position, width, height, content_type, revision, CAST(CASE WHEN original IS NULL THEN 0 ELSE 1 END AS BIGINT) AS blacked FROM attachments WHERE report_id = $1 ORDER BY position, id")
            .bind(report_id)
            .fetch_all(&self.quick)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AttachmentRow {
                    id: r.try_get("id")?,
                    history_id: r.try_get("history_id")?,
                    position: r.try_get("position")?,
                    width: r.try_get::<i64, _>("width")?.clamp(0, u32::MAX as i64) as u32,
                    height: r.try_get::<i64, _>("height")?.clamp(0, u32::MAX as i64) as u32,
                    content_type: r.try_get("content_type")?,
                    revision: r.try_get("revision")?,
                    blacked_out: r.try_get::<i64, _>("blacked")? != 0,
                })
            })
            .collect()
    }

    /// The bytes of one file of one report (its thumbnail, or the file itself when it has none).
    pub async fn attachment_bytes(
        &self,
        report_id: i64,
        attachment_id: i64,
        thumb: bool,
    ) -> StoreResult<Option<(String, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT content_type, data, thumb FROM attachments WHERE report_id = $1 AND id = $2",
        )
        .bind(report_id)
        .bind(attachment_id)
        .fetch_optional(&self.quick)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let content_type: String = r.try_get("content_type")?;
        let small: Vec<u8> = r.try_get("thumb")?;
        let bytes = if thumb && !small.is_empty() {
            small
        } else {
            r.try_get("data")?
        };
        Ok(Some((content_type, bytes)))
    }

    /// Reports answered before `first_answer_on_time` was kept get it from what is known: the
    /// latest time with the unit before the first answer.
    pub(super) async fn backfill_answered_on_time(&self) -> StoreResult<()> {
        let rows = sqlx::query("SELECT id, with_unit_since, created_at, first_answered_at FROM reports WHERE first_answered_at IS NOT NULL AND first_answer_on_time IS NULL")
            .fetch_all(&self.pool)
            .await?;
        for r in rows {
            let first: i64 = r.try_get("first_answered_at")?;
            let since: i64 = r
                .try_get::<Option<i64>, _>("with_unit_since")?
                .unwrap_or(r.try_get("created_at")?)
                .min(first);
            let on_time = domain::deadline::answered_on_time(since, first);
            sqlx::query("UPDATE reports SET first_answer_on_time = $1 WHERE id = $2")
                .bind(i64::from(on_time))
                .bind(r.try_get::<i64, _>("id")?)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }
}
