//! The history chain (`domain::chain`) in the store: every history entry is written by
//! `history_stmts`, after the chain's current head was read in the same transaction; the first
//! entry of a new day records the day before's head in `chain_heads`. On PostgreSQL, where
//! several instances write at once, a transaction that writes history first takes one advisory
//! lock (`Tx::lock_chain`), held until it ends, so entries join the chain one at a time; on
//! SQLite the write lock (`BEGIN IMMEDIATE`) already is that.

use super::stmts::{Stmts, Val};
use super::writes::NewHistory;
use super::{Backend, Store, StoreError, StoreResult, Tx};
use domain::chain::{self, Broken, Entry, Hash, GENESIS};
use domain::wire::{ChainHead, ChainProof, ProofEntry, ProofLink, ProofSegment};
use domain::Date;
use futures_util::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::Row;

/// The chain's last entry: what the next one links to.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    pub id: i64,
    pub at: i64,
    pub hash: Hash,
}

/// The statement that reads the head (the last entry; none before the first).
pub(crate) const HEAD_SQL: &str =
    "SELECT id, at, hash FROM report_history ORDER BY id DESC LIMIT 1";

/// The advisory lock's key on PostgreSQL ("LN" "CH").
const CHAIN_LOCK: i64 = 0x4c4e_4348;

pub(crate) fn head_of(row: Option<(i64, i64, Option<String>)>) -> StoreResult<Option<Head>> {
    let Some((id, at, hash)) = row else {
        return Ok(None);
    };
    let hash = hash.as_deref().and_then(chain::from_hex).ok_or_else(|| {
        StoreError::Other(format!(
            "history entry {id} has no hash: the chain is not sealed (Store::seal_chain)"
        ))
    })?;
    Ok(Some(Head { id, at, hash }))
}

fn day(at: i64) -> String {
    Date::from_unix_wib(at).to_string()
}

/// Whether an entry at `at` is the first of a later day than its previous entry's (at `prev`).
fn starts_a_day(prev: i64, at: i64) -> bool {
    Date::from_unix_wib(prev) < Date::from_unix_wib(at)
}

/// A new salt for an entry: 16 random bytes, hex.
fn salt() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("the operating system's random source");
    hex::encode(b)
}

/// The statements that write `h` into the chain after `prev`: the entry with its salt, content
/// hash and hash (returning its id), and, when it is the first entry of a later day than
/// `prev`'s, that day's head.
pub(crate) fn history_stmts(batch: &mut Stmts, h: &NewHistory<'_>, prev: Option<&Head>) {
    let sealed = seal_entry(prev.map_or(&GENESIS, |p| &p.hash), h);
    close_day(batch, prev, h.at);
    batch.push(
        "INSERT INTO report_history (report_id, at, action, from_status, to_status, role, from_unit, to_unit, note, actor, is_public, salt, content_hash, hash) \
         VALUES ((SELECT id FROM reports WHERE tracking_code = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        vec![
            Val::from(h.code),
            Val::from(h.at),
            Val::from(h.event.code()),
            Val::from(h.from_status.map(|s| s.code())),
            Val::from(h.to_status.code()),
            Val::from(h.role.code()),
            Val::from(h.from_unit),
            Val::from(h.to_unit),
            Val::from(h.note),
            Val::from(h.actor),
            Val::from(i64::from(h.event.is_public())),
            Val::from(sealed.salt),
            Val::from(sealed.content),
            Val::from(chain::to_hex(&sealed.hash)),
        ],
    );
}

/// Records `prev` as its day's head when an entry at `at` is the first of a later day.
fn close_day(batch: &mut Stmts, prev: Option<&Head>, at: i64) {
    if let Some(p) = prev.filter(|p| starts_a_day(p.at, at)) {
        batch.push(
            "INSERT INTO chain_heads (day, last_id, hash) VALUES ($1, $2, $3) ON CONFLICT (day) DO NOTHING",
            vec![Val::from(day(p.at)), Val::from(p.id), Val::from(chain::to_hex(&p.hash))],
        );
    }
}

/// An entry's seal: its salt, content hash (hex) and hash in the chain.
pub struct Seal {
    pub salt: String,
    pub content: String,
    pub hash: Hash,
}

/// Seals `h` after the entry whose hash is `prev` (`GENESIS` for the first): a new salt, the
/// content hash and the link. For writers outside the server too (the benchmark's seed).
pub fn seal_entry(prev: &Hash, h: &NewHistory<'_>) -> Seal {
    let salt = salt();
    let entry = Entry {
        code: h.code,
        at: h.at,
        action: h.event.code(),
        from_status: h.from_status.map(|s| s.code()),
        to_status: h.to_status.code(),
        role: h.role.code(),
        from_unit: h.from_unit,
        to_unit: h.to_unit,
        note: h.note,
        actor: h.actor,
        is_public: h.event.is_public(),
        salt: &salt,
    };
    let content = entry.content();
    Seal {
        hash: chain::link(prev, &content),
        content: chain::to_hex(&content),
        salt,
    }
}

impl Tx {
    /// Takes the chain's lock (PostgreSQL; once per transaction). A transaction that writes
    /// history takes it before it writes anything else, so that two writers never wait for each
    /// other's rows while holding it.
    pub(crate) async fn lock_chain(&mut self) -> StoreResult<()> {
        if self.backend == Backend::Postgres && !self.chain_locked {
            sqlx::query("SELECT count(*) AS n FROM (SELECT pg_advisory_xact_lock($1)) AS l")
                .bind(CHAIN_LOCK)
                .fetch_one(self.conn())
                .await?;
            self.chain_locked = true;
        }
        Ok(())
    }

    /// The chain's head as this transaction sees it (its own entries included).
    pub(crate) async fn chain_head(&mut self) -> StoreResult<Option<Head>> {
        self.lock_chain().await?;
        let mut s = Stmts::default();
        s.push(HEAD_SQL, vec![]);
        let rows = self.run(s).await?;
        head_of(rows.first().map(head_row).transpose()?)
    }

    /// Writes one history entry at the chain's head; its id.
    pub async fn insert_history(&mut self, h: &NewHistory<'_>) -> StoreResult<i64> {
        let prev = self.chain_head().await?;
        let mut s = Stmts::default();
        history_stmts(&mut s, h, prev.as_ref());
        let rows = self.run(s).await?;
        let row = rows
            .last()
            .ok_or_else(|| StoreError::Other("the history entry's id was not returned".into()))?;
        Ok(row.try_get("id")?)
    }
}

fn head_row(r: &AnyRow) -> StoreResult<(i64, i64, Option<String>)> {
    Ok((r.try_get("id")?, r.try_get("at")?, r.try_get("hash")?))
}

/// The columns an entry is checked by, with its report's code.
const ENTRY_COLUMNS: &str = "h.id, r.tracking_code, h.at, h.action, h.from_status, h.to_status, h.role, h.from_unit, h.to_unit, h.note, h.actor, h.is_public, h.salt, h.content_hash, h.hash";

struct StoredEntry {
    id: i64,
    /// `None` when the entry's report does not exist (it was moved to a made-up report).
    code: Option<String>,
    at: i64,
    action: String,
    from_status: Option<String>,
    to_status: String,
    role: String,
    from_unit: Option<String>,
    to_unit: Option<String>,
    note: Option<String>,
    actor: Option<String>,
    is_public: bool,
    salt: Option<String>,
    content_hash: Option<String>,
    hash: Option<String>,
}

impl StoredEntry {
    fn read(r: &AnyRow) -> StoreResult<StoredEntry> {
        Ok(StoredEntry {
            id: r.try_get("id")?,
            code: r.try_get("tracking_code")?,
            at: r.try_get("at")?,
            action: r.try_get("action")?,
            from_status: r.try_get("from_status")?,
            to_status: r.try_get("to_status")?,
            role: r.try_get("role")?,
            from_unit: r.try_get("from_unit")?,
            to_unit: r.try_get("to_unit")?,
            note: r.try_get("note")?,
            actor: r.try_get("actor")?,
            is_public: r.try_get::<i64, _>("is_public")? != 0,
            salt: r.try_get("salt")?,
            content_hash: r.try_get("content_hash")?,
            hash: r.try_get("hash")?,
        })
    }

    fn entry<'a>(&'a self, salt: &'a str) -> Entry<'a> {
        Entry {
            code: self.code.as_deref().unwrap_or_default(),
            at: self.at,
            action: &self.action,
            from_status: self.from_status.as_deref(),
            to_status: &self.to_status,
            role: &self.role,
            from_unit: self.from_unit.as_deref(),
            to_unit: self.to_unit.as_deref(),
            note: self.note.as_deref(),
            actor: self.actor.as_deref(),
            is_public: self.is_public,
            salt,
        }
    }
}

/// What `server verify-chain` found.
#[derive(Debug)]
pub enum Verified {
    /// Every entry checks out: how many, and the last hash.
    Whole { entries: u64, head: Option<String> },
    /// The first entry that does not, and why.
    BrokenAt {
        id: i64,
        code: String,
        at: i64,
        why: Broken,
        checked: u64,
    },
    /// A recorded day's head that is not the hash of its entry.
    BadHead { day: String, last_id: i64 },
}

impl Store {
    /// Gives every entry written before the chain existed (migration 0018) its salt and hashes,
    /// in the order they were written, a thousand per transaction. Nothing to do on a store
    /// that was created with the chain.
    pub async fn seal_chain(&self) -> StoreResult<u64> {
        let mut sealed = 0u64;
        loop {
            let mut tx = self.begin().await?;
            tx.lock_chain().await?;
            let first: Option<i64> =
                sqlx::query("SELECT MIN(id) AS id FROM report_history WHERE hash IS NULL")
                    .fetch_one(tx.conn())
                    .await?
                    .try_get("id")?;
            let Some(first) = first else {
                tx.rollback().await;
                return Ok(sealed);
            };
            let prev = sqlx::query(
                "SELECT id, at, hash FROM report_history WHERE id < $1 ORDER BY id DESC LIMIT 1",
            )
            .bind(first)
            .fetch_optional(tx.conn())
            .await?;
            let mut prev = head_of(prev.as_ref().map(head_row).transpose()?)?;
            let rows = sqlx::query(&format!(
                "SELECT {ENTRY_COLUMNS} FROM report_history h JOIN reports r ON r.id = h.report_id WHERE h.id >= $1 ORDER BY h.id LIMIT 1000"
            ))
            .bind(first)
            .fetch_all(tx.conn())
            .await?;
            for r in &rows {
                let e = StoredEntry::read(r)?;
                let salt = salt();
                let content = e.entry(&salt).content();
                let hash = chain::link(prev.as_ref().map_or(&GENESIS, |p| &p.hash), &content);
                let mut s = Stmts::default();
                close_day(&mut s, prev.as_ref(), e.at);
                s.push(
                    "UPDATE report_history SET salt = $1, content_hash = $2, hash = $3 WHERE id = $4",
                    vec![
                        Val::from(salt.clone()),
                        Val::from(chain::to_hex(&content)),
                        Val::from(chain::to_hex(&hash)),
                        Val::from(e.id),
                    ],
                );
                tx.run(s).await?;
                prev = Some(Head {
                    id: e.id,
                    at: e.at,
                    hash,
                });
                sealed += 1;
            }
            tx.commit().await?;
        }
    }

    /// Checks the whole chain, streamed in the order it was written, then every recorded day's
    /// head; stops at the first entry that does not check out.
    pub async fn verify_chain(&self) -> StoreResult<Verified> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM report_history h LEFT JOIN reports r ON r.id = h.report_id ORDER BY h.id"
        );
        let mut rows = sqlx::query(&sql).fetch(&self.exports);
        let mut prev = GENESIS;
        let mut checked = 0u64;
        let mut last = None;
        while let Some(r) = rows.try_next().await? {
            // An entry moved to a report that does not exist has no code: it cannot check out.
            let e = StoredEntry::read(&r)?;
            let salt = e.salt.clone().unwrap_or_default();
            let outcome = if e.salt.is_none() {
                Err(Broken::Unreadable)
            } else if e.code.is_none() {
                Err(Broken::Content)
            } else {
                chain::check(
                    &prev,
                    &e.entry(&salt),
                    e.content_hash.as_deref(),
                    e.hash.as_deref(),
                )
            };
            match outcome {
                Ok(h) => {
                    prev = h;
                    checked += 1;
                    last = Some(h);
                }
                Err(why) => {
                    return Ok(Verified::BrokenAt {
                        id: e.id,
                        code: e.code.unwrap_or_default(),
                        at: e.at,
                        why,
                        checked,
                    })
                }
            }
        }
        drop(rows);
        let heads = sqlx::query(
            "SELECT c.day, c.last_id, c.hash AS head, h.hash, h.at FROM chain_heads c LEFT JOIN report_history h ON h.id = c.last_id ORDER BY c.day",
        )
        .fetch_all(&self.exports)
        .await?;
        for r in &heads {
            let day_: String = r.try_get("day")?;
            let head: String = r.try_get("head")?;
            let hash: Option<String> = r.try_get("hash")?;
            let at: Option<i64> = r.try_get("at")?;
            if hash.as_deref() != Some(head.as_str())
                || at.map(day).as_deref() != Some(day_.as_str())
            {
                return Ok(Verified::BadHead {
                    day: day_,
                    last_id: r.try_get("last_id")?,
                });
            }
        }
        Ok(Verified::Whole {
            entries: checked,
            head: last.map(|h| chain::to_hex(&h)),
        })
    }

    /// The newest `limit` days' heads, newest first; the first is today's head so far (or the
    /// last day's, when nothing was written since).
    pub async fn chain_heads(&self, today: Date, limit: i64) -> StoreResult<Vec<ChainHead>> {
        let current = sqlx::query(HEAD_SQL).fetch_optional(&self.quick).await?;
        let current = head_of(current.as_ref().map(head_row).transpose()?)?;
        let rows =
            sqlx::query("SELECT day, last_id, hash FROM chain_heads ORDER BY day DESC LIMIT $1")
                .bind(limit)
                .fetch_all(&self.quick)
                .await?;
        let mut heads = Vec::with_capacity(rows.len() + 1);
        if let Some(c) = current {
            heads.push(ChainHead {
                day: day(c.at),
                last_entry: c.id,
                head: chain::to_hex(&c.hash),
                closed: Date::from_unix_wib(c.at) < today,
            });
        }
        for r in &rows {
            let h = ChainHead {
                day: r.try_get("day")?,
                last_entry: r.try_get("last_id")?,
                head: r.try_get("hash")?,
                closed: true,
            };
            if heads.first().is_some_and(|c| c.day == h.day) {
                continue;
            }
            heads.push(h);
        }
        heads.truncate(limit.max(0) as usize);
        Ok(heads)
    }

    /// A report's proof (`wire::ChainProof`): its public entries in full, every other entry of
    /// the service between them and the heads they lead to as content hashes.
    pub async fn chain_proof(
        &self,
        report_id: i64,
        code: &str,
        today: Date,
    ) -> StoreResult<Result<ChainProof, ProofTooLong>> {
        let mine = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM report_history h JOIN reports r ON r.id = h.report_id WHERE h.report_id = $1 ORDER BY h.id"
        ))
        .bind(report_id)
        .fetch_all(&self.quick)
        .await?
        .iter()
        .map(StoredEntry::read)
        .collect::<StoreResult<Vec<_>>>()?;
        // A redacted note is public no more: its entry is given as its content hash only.
        let redacted = self.redacted_entries(report_id).await?;
        let mut segments = Vec::new();
        let mut i = 0;
        while let Some(first) = mine.get(i) {
            let sealed = sqlx::query("SELECT day, last_id, hash FROM chain_heads WHERE last_id >= $1 ORDER BY last_id LIMIT 1")
                .bind(first.id)
                .fetch_optional(&self.quick)
                .await?;
            let (day_, last_id, head, closed) = match sealed {
                Some(r) => (
                    r.try_get::<String, _>("day")?,
                    r.try_get::<i64, _>("last_id")?,
                    r.try_get::<String, _>("hash")?,
                    true,
                ),
                None => {
                    let c = sqlx::query(HEAD_SQL).fetch_one(&self.quick).await?;
                    let c = head_of(Some(head_row(&c)?))?.expect("a head: this report has entries");
                    (
                        day(c.at),
                        c.id,
                        chain::to_hex(&c.hash),
                        Date::from_unix_wib(c.at) < today,
                    )
                }
            };
            let prev = sqlx::query(
                "SELECT hash FROM report_history WHERE id < $1 ORDER BY id DESC LIMIT 1",
            )
            .bind(first.id)
            .fetch_optional(&self.quick)
            .await?;
            let prev = match prev {
                Some(r) => r.try_get::<Option<String>, _>("hash")?.unwrap_or_default(),
                None => chain::to_hex(&GENESIS),
            };
            let rows = sqlx::query("SELECT id, content_hash FROM report_history WHERE id >= $1 AND id <= $2 ORDER BY id LIMIT $3")
                .bind(first.id)
                .bind(last_id)
                .bind(domain::chain::MAX_PROOF_LINKS as i64 + 1)
                .fetch_all(&self.quick)
                .await?;
            if rows.len() > domain::chain::MAX_PROOF_LINKS {
                return Ok(Err(ProofTooLong { day: day_ }));
            }
            let mut links = Vec::with_capacity(rows.len());
            for r in &rows {
                let id: i64 = r.try_get("id")?;
                let entry = mine
                    .iter()
                    .find(|e| e.id == id && e.is_public && !redacted.contains(&id))
                    .map(|e| ProofEntry {
                        at: e.at,
                        action: e.action.clone(),
                        from_status: e.from_status.clone(),
                        to_status: e.to_status.clone(),
                        from_unit: e.from_unit.clone(),
                        to_unit: e.to_unit.clone(),
                        note: e.note.clone(),
                        sealed: chain::to_hex(
                            &e.entry(e.salt.as_deref().unwrap_or_default()).sealed(),
                        ),
                    });
                links.push(ProofLink {
                    id,
                    content: r
                        .try_get::<Option<String>, _>("content_hash")?
                        .unwrap_or_default(),
                    entry,
                });
            }
            segments.push(ProofSegment {
                day: day_,
                closed,
                prev,
                links,
                head,
            });
            while mine.get(i).is_some_and(|e| e.id <= last_id) {
                i += 1;
            }
        }
        Ok(Ok(ChainProof {
            code: code.to_string(),
            segments,
        }))
    }
}

/// A proof longer than `domain::chain::MAX_PROOF_LINKS` links (a day of that many entries).
#[derive(Debug)]
pub struct ProofTooLong {
    pub day: String,
}
