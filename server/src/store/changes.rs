//! Other server instances' changes, on PostgreSQL: a transaction that changed reports sends their
//! ids with `NOTIFY` (delivered only if it commits), and every instance listens, removing those
//! reports' cached reads. When the listening connection drops, a change may have been missed: the
//! cache is off (every read goes to the store) until the connection is back, and starts empty.

use super::StoreResult;
use crate::cache::Cache;
use sqlx::postgres::PgListener;
use sqlx::AnyConnection;
use std::sync::Arc;
use std::time::Duration;

const CHANNEL: &str = "lapor_report_changes";

/// Announces changed report ids ("12,13"), in the transaction on `conn`.
pub(super) async fn notify(conn: &mut AnyConnection, ids: &str) -> StoreResult<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(ids)
        .execute(conn)
        .await?;
    Ok(())
}

/// Listens for changes until the process ends, reconnecting as needed.
pub(super) fn listen(url: &str, cache: Arc<Cache>) {
    let url = url.to_string();
    tokio::spawn(async move {
        loop {
            cache.set_live(false);
            match listen_once(&url, &cache).await {
                Ok(()) => tracing::warn!("cache: lost the change channel; reconnecting"),
                Err(e) => tracing::warn!("cache: change channel: {e}; reconnecting"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

async fn listen_once(url: &str, cache: &Cache) -> Result<(), sqlx::Error> {
    let mut l = PgListener::connect(url).await?;
    l.ignore_pool_close_event(true);
    l.listen(CHANNEL).await?;
    // Whatever changed before this point is not in the (empty) cache.
    cache.set_live(true);
    tracing::info!("cache: listening for other instances' changes");
    loop {
        // `None`: the connection was lost (and notifications with it).
        let Some(n) = l.try_recv().await? else {
            return Ok(());
        };
        tracing::debug!("cache: changed elsewhere: {}", n.payload());
        let ids: Vec<i64> = n
            .payload()
            .split(',')
            .filter_map(|s| s.parse().ok())
            .collect();
        if ids.is_empty() {
            cache.clear();
        } else {
            cache.changed(&ids);
        }
    }
}
