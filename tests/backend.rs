//! Which database a test runs on, and making a fresh one per test.

use std::{
    io::Write,
    sync::{
        Once,
        atomic::{AtomicU32, Ordering},
    },
};

use sea_orm::{ConnectionTrait, Database};

/// The database backend of one test.
#[derive(Debug, Clone)]
pub enum Backend {
    /// A SQLite file in the test's temporary directory.
    Sqlite,
    /// A fresh database on the PostgreSQL server named by `FIELDSYNC_TEST_DATABASE_URL`.
    Postgres(String),
}

static SKIP_NOTE: Once = Once::new();
static NEXT: AtomicU32 = AtomicU32::new(0);

impl Backend {
    /// PostgreSQL if configured; otherwise prints (once, past the output
    /// capture) that PostgreSQL variants are skipped.
    pub fn postgres() -> Option<Backend> {
        match std::env::var("FIELDSYNC_TEST_DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => Some(Backend::Postgres(url)),
            _ => {
                SKIP_NOTE.call_once(|| {
                    let _ = writeln!(
                        std::io::stderr(),
                        "note: FIELDSYNC_TEST_DATABASE_URL is not set; storage tests ran on SQLite only"
                    );
                });
                None
            }
        }
    }

    /// Short name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// Splits `postgres://.../name?x` into (`postgres://.../`, `name`, `?x`).
fn split_url(url: &str) -> (&str, &str, &str) {
    let (base, query) = url.split_once('?').map(|(b, q)| (b, &url[b.len()..][..q.len() + 1])).unwrap_or((url, ""));
    let slash = base.rfind('/').map(|i| i + 1).unwrap_or(base.len());
    (&base[..slash], &base[slash..], query)
}

/// Creates a fresh, empty database on the server of `url`; returns its URL.
pub async fn create_postgres_database(url: &str) -> String {
    let (prefix, name, query) = split_url(url);
    let base = if name.is_empty() { "fieldsync_test" } else { name };
    let db_name = format!("{base}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let admin = Database::connect(format!("{prefix}postgres{query}")).await.expect("connect to postgres");
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{db_name}\"")).await.expect("drop old test db");
    admin.execute_unprepared(&format!("CREATE DATABASE \"{db_name}\"")).await.expect("create test db");
    let _ = admin.close().await;
    format!("{prefix}{db_name}{query}")
}

/// Drops a database made by [`create_postgres_database`].
pub async fn drop_postgres_database(url: &str) {
    let (prefix, name, query) = split_url(url);
    if let Ok(admin) = Database::connect(format!("{prefix}postgres{query}")).await {
        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
        let _ = admin.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::split_url;

    #[test]
    fn database_urls_split_into_prefix_name_and_query() {
        assert_eq!(split_url("postgres://u@h:5432/db"), ("postgres://u@h:5432/", "db", ""));
        assert_eq!(split_url("postgres://u@h/db?sslmode=disable"), ("postgres://u@h/", "db", "?sslmode=disable"));
    }
}
