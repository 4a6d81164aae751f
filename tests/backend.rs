//! Which database a test runs on, and making a fresh one per test: a copy
//! of a template migrated once per test process (a file copy on SQLite,
//! `CREATE DATABASE … TEMPLATE` on PostgreSQL), so each test starts on the
//! full schema without running every migration again.

use std::{
    io::Write,
    path::{Path, PathBuf},
    sync::{
        Once,
        atomic::{AtomicU32, Ordering},
    },
};

use fieldsync::{
    config::{DatabaseSettings, DatabaseUrl},
    db::Db,
};
use sea_orm::{ConnectionTrait, Database};
use tokio::sync::OnceCell;

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

/// Migrates the empty database at `url` to the current schema, and closes it.
async fn migrate(url: &str) {
    let db = Db::connect(&DatabaseUrl::new(url.to_owned()), &DatabaseSettings::default())
        .await
        .expect("connect to the template");
    db.migrate_up().await.expect("migrate the template");
    if url.starts_with("sqlite:") {
        // Everything in the main file, so a copy of it alone is the whole database.
        db.write().execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint the template");
    }
    db.close().await;
}

/// The migrated SQLite file this process copies for each test.
static SQLITE_TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();

/// A fresh SQLite database with the full schema in `dir`; returns its URL.
pub async fn sqlite_database(dir: &Path) -> String {
    let template = SQLITE_TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().expect("template dir").keep();
            let path = dir.join("template.db");
            migrate(&format!("sqlite://{}?mode=rwc", path.display())).await;
            path
        })
        .await;
    let path = dir.join("test.db");
    std::fs::copy(template, &path).expect("copy the template database");
    format!("sqlite://{}?mode=rwc", path.display())
}

/// The migrated PostgreSQL database this process copies for each test.
static POSTGRES_TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// Whether process `pid` still runs.
fn running(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Creates a fresh database with the full schema on the server of `url`; returns its URL.
pub async fn create_postgres_database(url: &str) -> String {
    let (prefix, name, query) = split_url(url);
    let base = if name.is_empty() { "fieldsync_test" } else { name };
    let admin = Database::connect(format!("{prefix}postgres{query}")).await.expect("connect to postgres");
    let template = POSTGRES_TEMPLATE
        .get_or_init(|| async {
            // Templates of test processes that are gone go first.
            let names = admin
                .query_all_raw(sea_orm::Statement::from_string(
                    admin.get_database_backend(),
                    format!("SELECT datname FROM pg_database WHERE datname LIKE '{base}\\_%\\_template'"),
                ))
                .await
                .expect("list old templates");
            for row in names {
                let old: String = row.try_get("", "datname").expect("datname");
                let pid = old.trim_end_matches("_template").rsplit('_').next().and_then(|p| p.parse::<u32>().ok());
                if pid.is_some_and(|pid| !running(pid)) {
                    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{old}\" WITH (FORCE)")).await;
                }
            }
            let template = format!("{base}_{}_template", std::process::id());
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)"))
                .await
                .expect("drop old template");
            admin.execute_unprepared(&format!("CREATE DATABASE \"{template}\"")).await.expect("create the template");
            migrate(&format!("{prefix}{template}{query}")).await;
            template
        })
        .await;
    let db_name = format!("{base}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{db_name}\"")).await.expect("drop old test db");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{db_name}\" TEMPLATE \"{template}\""))
        .await
        .expect("create test db");
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
