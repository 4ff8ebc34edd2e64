//! The two engines' migrations define one schema: the same tables, the same columns with the same
//! nullability, and the same indexes, read from a real SQLite file and a real PostgreSQL database
//! after the server migrated them.

use crate::helpers::*;
use sqlx::{Connection, Row};
use std::collections::BTreeMap;

type Schema = BTreeMap<String, Vec<(String, bool)>>;

async fn sqlite_schema(app: &TestApp) -> (Schema, Vec<String>) {
    let url = format!(
        "sqlite://{}",
        app.data_path().join("lapor-natuna.sqlite").display()
    );
    let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let tables: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name")
        .fetch_all(&mut c)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("name"))
        .collect();
    let mut schema = Schema::new();
    for t in tables {
        let cols = sqlx::query(&format!("PRAGMA table_info({t})"))
            .fetch_all(&mut c)
            .await
            .unwrap();
        let mut v: Vec<(String, bool)> = cols
            .iter()
            // SQLite's INTEGER PRIMARY KEY is NOT NULL whatever the flag says.
            .map(|r| {
                (
                    r.get::<String, _>("name"),
                    r.get::<i64, _>("notnull") != 0 || r.get::<i64, _>("pk") != 0,
                )
            })
            .collect();
        v.sort();
        schema.insert(t, v);
    }
    let indexes = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name")
        .fetch_all(&mut c)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("name"))
        .collect();
    (schema, indexes)
}

async fn postgres_schema(app: &TestApp) -> (Schema, Vec<String>) {
    let mut c = sqlx::PgConnection::connect(app.database_url.as_deref().unwrap())
        .await
        .unwrap();
    let rows = sqlx::query("SELECT table_name::text AS t, column_name::text AS c, is_nullable::text AS n FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%' ORDER BY 1, 2")
        .fetch_all(&mut c)
        .await
        .unwrap();
    let mut schema = Schema::new();
    for r in rows {
        schema
            .entry(r.get("t"))
            .or_default()
            .push((r.get("c"), r.get::<String, _>("n") == "NO"));
    }
    for v in schema.values_mut() {
        v.sort();
    }
    // Indexes the migrations named (not those PostgreSQL makes for keys and unique columns).
    let indexes = sqlx::query("SELECT indexname::text AS i FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key' ORDER BY 1")
        .fetch_all(&mut c)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("i"))
        .collect();
    (schema, indexes)
}

pub mod both_engines_define_the_same_tables_columns_and_indexes {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let lite = TestApp::spawn(Db::Sqlite).await;
        let pg = TestApp::spawn(Db::Postgres).await;
        let (ls, li) = sqlite_schema(&lite).await;
        let (ps, pi) = postgres_schema(&pg).await;
        assert!(ls.contains_key("reports") && ls.len() >= 8, "{ls:?}");
        for (table, cols) in &ls {
            assert_eq!(
                Some(cols),
                ps.get(table),
                "table {table}: SQLite {cols:?} vs PostgreSQL {:?}",
                ps.get(table)
            );
        }
        assert_eq!(
            ls.keys().collect::<Vec<_>>(),
            ps.keys().collect::<Vec<_>>(),
            "the same tables"
        );
        assert_eq!(li, pi, "the same indexes");
    }
}
