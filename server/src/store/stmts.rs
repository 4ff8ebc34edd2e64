//! Statements that run together. On SQLite they go to the driver as one call (it runs each in
//! turn and `$n` counts across all of them), which saves the hand-off to the connection's thread
//! that each statement otherwise costs; on PostgreSQL they run one after the other. Each is
//! written with its own `$1…$k`; they are renumbered when joined.

use super::{Backend, StoreResult, Tx};
use sqlx::any::AnyRow;

/// A value bound to a statement.
#[derive(Debug, Clone)]
pub enum Val {
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
}

impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(Some(v.to_string()))
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(Some(v))
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Val {
        Val::Text(Some(v.clone()))
    }
}
impl From<Option<&str>> for Val {
    fn from(v: Option<&str>) -> Val {
        Val::Text(v.map(str::to_string))
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Val {
        Val::Text(v)
    }
}
impl From<&Option<String>> for Val {
    fn from(v: &Option<String>) -> Val {
        Val::Text(v.clone())
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(Some(v))
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Val {
        Val::Int(v)
    }
}
impl From<Option<f64>> for Val {
    fn from(v: Option<f64>) -> Val {
        Val::Real(v)
    }
}

#[derive(Debug, Default)]
pub struct Stmts {
    items: Vec<(String, Vec<Val>)>,
}

impl Stmts {
    pub fn push(&mut self, sql: impl Into<String>, vals: Vec<Val>) {
        self.items.push((sql.into(), vals));
    }
    pub fn append(&mut self, mut other: Stmts) {
        self.items.append(&mut other.items);
    }
    /// Each statement with its own `$1…$k` values.
    pub fn items(&self) -> &[(String, Vec<Val>)] {
        &self.items
    }
}

fn bind<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    vals: &'q [Val],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for v in vals {
        q = match v {
            Val::Text(t) => q.bind(t.as_deref()),
            Val::Int(i) => q.bind(*i),
            Val::Real(Some(r)) => q.bind(*r),
            // sqlx 0.8's Any driver sends an empty f64 to PostgreSQL as an empty float4 (and an
            // empty f32 as float8: the two are swapped, launchbadge/sqlx#4290); a connection
            // that prepared a statement with float4 then refuses the next real f64. An empty
            // f32 arrives as the float8 the column is.
            Val::Real(None) => q.bind(None::<f32>),
        };
    }
    q
}

/// `sql` with every `$n` moved up by `by`.
fn renumber(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut n = String::new();
        while let Some((_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
            n.push(*d);
            chars.next();
        }
        match n.parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&n),
        }
    }
    out
}

impl Tx {
    /// Runs the statements in order; the rows they return (`RETURNING`), in order.
    pub(crate) async fn run(&mut self, s: Stmts) -> StoreResult<Vec<AnyRow>> {
        match self.backend {
            Backend::Sqlite => {
                // A deferred BEGIN goes first, in the same call.
                let mut sql = self
                    .begin
                    .take()
                    .map(|b| format!("{b};\n"))
                    .unwrap_or_default();
                let mut vals = Vec::new();
                for (text, v) in s.items {
                    sql.push_str(&renumber(&text, vals.len()));
                    sql.push_str(";\n");
                    vals.extend(v);
                }
                Ok(bind(sqlx::query(&sql), &vals)
                    .fetch_all(self.conn())
                    .await?)
            }
            Backend::Postgres => {
                debug_assert!(self.begin.is_none(), "PostgreSQL begins at once");
                let mut rows = Vec::new();
                for (text, v) in &s.items {
                    rows.extend(bind(sqlx::query(text), v).fetch_all(self.conn()).await?);
                }
                Ok(rows)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parameters_move_up_and_nothing_else_changes() {
        assert_eq!(
            super::renumber("INSERT INTO t (a, b) VALUES ($1, $12) -- $x", 3),
            "INSERT INTO t (a, b) VALUES ($4, $15) -- $x"
        );
    }
}
