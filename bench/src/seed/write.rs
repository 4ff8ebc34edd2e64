//! Writing generated reports into a store: where (`Target`), how many (`SeedOptions`), in
//! multi-row INSERTs inside large transactions, with the summaries the server keeps.

use super::*;

/// Where to seed: the same choice the server makes (`DATABASE_URL`, else an SQLite file in
/// `DATA_DIR`).
#[derive(Debug, Clone)]
pub struct Target {
    pub database_url: Option<String>,
    pub data_dir: std::path::PathBuf,
}

impl Target {
    /// The URL of the store's database, for connections of our own next to the store's.
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            // `Store::open`'s file name for DATA_DIR; the seed checks it wrote where the store reads.
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("lapor-natuna.sqlite").display()
            ),
        }
    }
    pub fn is_sqlite(&self) -> bool {
        self.database_url.is_none() || self.url().starts_with("sqlite:")
    }
    pub async fn open_store(&self) -> anyhow::Result<Store> {
        Store::open(self.database_url.as_deref(), &self.data_dir).await
    }
}

#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub reports: u64,
    pub seed: u64,
    pub now: i64,
    /// Reports per transaction.
    pub per_tx: usize,
    /// Print progress to stderr.
    pub progress: bool,
}

impl SeedOptions {
    pub fn new(reports: u64) -> SeedOptions {
        SeedOptions {
            reports,
            seed: 12,
            now: now(),
            per_tx: 20_000,
            progress: false,
        }
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64
}

#[derive(Clone)]
pub struct Seeded {
    pub reports: u64,
    pub history: u64,
    pub elapsed: Duration,
    pub store: Store,
}

/// Rows per INSERT statement (SQLite allows 32,766 parameters, PostgreSQL 65,535).
const REPORTS_PER_INSERT: usize = 200; // × 45 values
const HISTORY_PER_INSERT: usize = 1000; // × 14 values

const REPORT_INSERT_COLUMNS: &str = "id, tracking_code, secret_hash, report_type, category, answers, title, body, incident_date, desa, kecamatan, location_detail, lat, lon, privacy, reporter_name, reporter_phone, reporter_email, status, unit, proposed_unit, reason_id, reason_en, catalog_version, channel, created_at, updated_at, with_unit_since, answered_at, first_answered_at, first_answer_on_time, verified_at, finished_at, misroute_count, reopen_count, verified_on_time, first_answer_days, reroute_count, merged_into, rating, rating_comment, listed, opd, due_at, search_terms";

fn answers_json(row: &ReportRow) -> String {
    let map: serde_json::Map<String, serde_json::Value> = row
        .answers
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// `INSERT INTO table (columns) VALUES ($1, …), (…)` for `rows` rows of `width` values: `$n`
/// for PostgreSQL, `?` for SQLite (where thousands of numbered parameters bind slowly). The Any
/// driver's query builder writes `?` for both.
fn multi_insert(head: &str, rows: usize, width: usize, sqlite: bool) -> String {
    let mut sql = String::with_capacity(head.len() + rows * width * 6);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            if sqlite {
                sql.push('?');
            } else {
                sql.push('$');
                sql.push_str(&(r * width + c + 1).to_string());
            }
        }
        sql.push(')');
    }
    sql
}

const REPORT_WIDTH: usize = 45;
const HISTORY_WIDTH: usize = 14;

async fn insert_reports(
    conn: &mut AnyConnection,
    batch: &[(i64, Generated)],
    sqlite: bool,
    chain: &mut domain::chain::Hash,
) -> Result<(), sqlx::Error> {
    for chunk in batch.chunks(REPORTS_PER_INSERT) {
        let sql = multi_insert(
            &format!("INSERT INTO reports ({REPORT_INSERT_COLUMNS})"),
            chunk.len(),
            REPORT_WIDTH,
            sqlite,
        );
        // PostgreSQL: not cached, as a cached statement keeps the parameter types of its first
        // use (a NULL there is typed differently from a value here).
        let mut q = sqlx::query(&sql).persistent(sqlite);
        for (id, g) in chunk {
            let r = &g.row;
            q = q
                .bind(*id)
                .bind(r.tracking_code.clone())
                .bind(r.secret_hash.clone())
                .bind(r.report_type.code())
                .bind(r.category.clone())
                .bind(answers_json(r))
                .bind(r.title.clone())
                .bind(r.body.clone())
                .bind(r.incident_date.map(|d| d.to_string()))
                .bind(r.desa.clone())
                .bind(r.kecamatan.clone())
                .bind(r.location_detail.clone())
                .bind(r.lat)
                .bind(r.lon)
                .bind(r.privacy.code())
                .bind(r.reporter_name.clone())
                .bind(r.reporter_phone.clone())
                .bind(r.reporter_email.clone())
                .bind(r.status.code())
                .bind(r.unit.clone())
                .bind(r.proposed_unit.clone())
                .bind(r.reason_id.clone())
                .bind(r.reason_en.clone())
                .bind(g.catalog_version)
                .bind(r.channel.code())
                .bind(r.created_at)
                .bind(r.updated_at)
                .bind(r.with_unit_since)
                .bind(r.answered_at)
                .bind(r.first_answered_at)
                .bind(r.first_answer_on_time.map(i64::from))
                .bind(g.verified_at)
                .bind(g.finished_at)
                .bind(r.misroute_count)
                .bind(r.reopen_count)
                .bind(r.verified_on_time.map(i64::from))
                .bind(r.first_answer_days.map(i64::from))
                .bind(r.reroute_count)
                .bind(r.merged_into.clone())
                .bind(r.rating.map(i64::from))
                .bind(r.rating_comment.clone())
                .bind(i64::from(g.derived.listed))
                .bind(g.derived.opd)
                .bind(g.derived.due_at)
                .bind(g.search_terms.clone());
        }
        q.execute(&mut *conn).await?;
    }
    let history: Vec<(i64, &str, &HistoryEntry)> = batch
        .iter()
        .flat_map(|(id, g)| {
            g.history
                .iter()
                .map(move |h| (*id, g.row.tracking_code.as_str(), h))
        })
        .collect();
    for chunk in history.chunks(HISTORY_PER_INSERT) {
        let sql = multi_insert(
            "INSERT INTO report_history (report_id, at, action, from_status, to_status, role, from_unit, to_unit, note, actor, is_public, salt, content_hash, hash)",
            chunk.len(),
            HISTORY_WIDTH,
            sqlite,
        );
        let mut q = sqlx::query(&sql).persistent(sqlite);
        for (id, code, h) in chunk {
            // Sealed in the chain as the server seals an entry (rows get ids in this order).
            let seal = server::store::seal_entry(
                chain,
                &server::store::NewHistory {
                    code,
                    at: h.at,
                    event: h.event,
                    from_status: h.from_status,
                    to_status: h.to_status,
                    role: h.role,
                    from_unit: h.from_unit.as_deref(),
                    to_unit: h.to_unit.as_deref(),
                    note: h.note.as_deref(),
                    actor: h.actor.as_deref(),
                },
            );
            *chain = seal.hash;
            q = q
                .bind(*id)
                .bind(h.at)
                .bind(h.event.code())
                .bind(h.from_status.map(Status::code))
                .bind(h.to_status.code())
                .bind(h.role.code())
                .bind(h.from_unit.clone())
                .bind(h.to_unit.clone())
                .bind(h.note.clone())
                .bind(h.actor.clone())
                .bind(i64::from(h.event.is_public()))
                .bind(seal.salt)
                .bind(seal.content)
                .bind(domain::chain::to_hex(&seal.hash));
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Creates the coordinator account (as `server create-coordinator` does), unless it exists.
pub async fn create_coordinator(store: &Store, now: i64) -> anyhow::Result<()> {
    let coordinator = catalog::coordinator();
    domain::account::check(
        COORDINATOR_USERNAME,
        Role::Koordinator.code(),
        coordinator.code,
        Some(COORDINATOR_PASSWORD),
        None,
    )
    .map_err(|e| anyhow::anyhow!("coordinator account: {e:?}"))?;
    let hash = server::backoffice::auth::hash_password(COORDINATOR_PASSWORD);
    match store
        .insert_officer(&server::store::NewOfficerRow {
            username: COORDINATOR_USERNAME,
            display_name: "Koordinator (bench)",
            email: None,
            role: Role::Koordinator,
            unit: coordinator,
            password_hash: &hash,
            now,
            actor: server::backoffice::auth::SERVER_COMMAND,
        })
        .await
    {
        Ok(()) | Err(server::store::StoreError::Duplicate) => {}
        Err(e) => anyhow::bail!("coordinator account: {e}"),
    }
    // A coordinator signs in with two steps: its authenticator is the bench's known secret,
    // enrolled as `totp/confirm` would (a step before now, so that now's code is fresh).
    let officer = store
        .officer(COORDINATOR_USERNAME)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the coordinator account is not there"))?;
    if !store.totp_state(officer.id).await?.enabled {
        store
            .start_totp(officer.id, COORDINATOR_TOTP_SECRET)
            .await?;
        let step = domain::totp::step_of(now) - 2;
        store.enable_totp(&officer, step, &[], "", now).await?;
    }
    Ok(())
}

/// Seeds `opts.reports` reports into the store at `target` (opened with `Store::open`, which
/// runs the migrations), then ANALYZE. Returns the opened store.
pub async fn seed(target: &Target, opts: &SeedOptions) -> anyhow::Result<Seeded> {
    let started = Instant::now();
    let store = target.open_store().await?;
    create_coordinator(&store, opts.now).await?;
    let before = store.count_reports().await?;
    let sqlite = target.is_sqlite();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    // Durability does not matter while seeding (a failed seed is redone); the
                    // checkpoint at the end makes the file whole.
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = OFF",
                        "PRAGMA cache_size = -524288",
                        "PRAGMA temp_store = MEMORY",
                        "PRAGMA busy_timeout = 10000",
                    ] {
                        sqlx::query(pragma).execute(&mut *conn).await?;
                    }
                } else {
                    sqlx::query("SET synchronous_commit = off")
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            })
        })
        .connect(&target.url())
        .await?;
    let mut conn = pool.acquire().await?;
    let first_id: i64 =
        sqlx::query_scalar::<_, i64>("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM reports")
            .fetch_one(&mut *conn)
            .await?
            + 1;

    // The history chain's head: the seed's entries join it (`server::store::seal_entry`).
    let head: Option<String> = sqlx::query_scalar::<_, Option<String>>(
        "SELECT hash FROM report_history ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    let mut chain = match head {
        Some(h) => domain::chain::from_hex(&h)
            .ok_or_else(|| anyhow::anyhow!("the store's last history entry has no hash"))?,
        None => domain::chain::GENESIS,
    };

    // Reports are made on a thread of their own while the previous batch is written.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<(i64, Generated)>>(2);
    let (n, seed, now, per_tx) = (opts.reports, opts.seed, opts.now, opts.per_tx.max(1));
    let maker = std::thread::spawn(move || {
        let mut generator = Generator::new(n, seed, now);
        let mut id = first_id;
        loop {
            let batch: Vec<(i64, Generated)> = generator
                .by_ref()
                .take(per_tx)
                .map(|g| {
                    id += 1;
                    (id - 1, g)
                })
                .collect();
            if batch.is_empty() || tx.blocking_send(batch).is_err() {
                break;
            }
        }
    });

    let mut sums = Summaries::default();
    let (mut reports, mut history) = (0u64, 0u64);
    let mut last_note = Instant::now();
    while let Some(batch) = rx.recv().await {
        let begin = if sqlite { "BEGIN IMMEDIATE" } else { "BEGIN" };
        sqlx::query(begin).execute(&mut *conn).await?;
        insert_reports(&mut conn, &batch, sqlite, &mut chain).await?;
        sqlx::query("COMMIT").execute(&mut *conn).await?;
        for (_, g) in &batch {
            sums.add(&Contribution::of(&g.row));
            history += g.history.len() as u64;
        }
        reports += batch.len() as u64;
        if opts.progress && last_note.elapsed() > Duration::from_secs(10) {
            last_note = Instant::now();
            eprintln!(
                "seed: {reports} of {n} reports ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    maker
        .join()
        .map_err(|_| anyhow::anyhow!("the report maker panicked"))?;
    drop(conn);
    // The summaries as the server keeps them, written through its own code.
    let mut tx = store.begin().await?;
    tx.add_summaries(&sums).await?;
    tx.commit().await?;
    let mut conn = pool.acquire().await?;
    if sqlite {
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *conn)
            .await?;
    } else {
        // Explicit ids leave the sequence behind: the server's next report must come after.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('reports', 'id'), (SELECT MAX(id) FROM reports))",
        )
        .execute(&mut *conn)
        .await?;
        // What autovacuum would have done on a database this old: visibility map and statistics.
        sqlx::query("VACUUM (ANALYZE)").execute(&mut *conn).await?;
    }
    drop(conn);
    pool.close().await;
    let after = store.count_reports().await?;
    anyhow::ensure!(
        after == before + reports,
        "the store counts {after} reports after seeding {reports} onto {before}: the seed wrote somewhere the store does not read"
    );
    Ok(Seeded {
        reports,
        history,
        elapsed: started.elapsed(),
        store,
    })
}

/// Opens a data directory's store and says so (for the binary).
pub fn describe(target: &Target) -> String {
    match &target.database_url {
        Some(u) => {
            let db = u.rsplit('/').next().unwrap_or(u);
            format!("PostgreSQL database {db}")
        }
        None => format!("SQLite in {}", Path::new(&target.data_dir).display()),
    }
}
