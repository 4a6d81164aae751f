//! The database: connection pools for SQLite and PostgreSQL, write
//! transactions, and migrations.
//!
//! On SQLite every write goes through a pool of exactly one connection and
//! starts with `BEGIN IMMEDIATE`, so writers queue in the process instead of
//! failing with "database is locked", and commit order is the order writes
//! took the lock. Readers use a separate pool (WAL mode lets them run beside
//! the writer). On PostgreSQL both are the same pool.
//!
//! A connection that leaves a transaction in doubt is never used again. After
//! an error inside a transaction (SQLite rolls back by itself on a full disk;
//! a PostgreSQL connection may drop mid-statement) the driver can still count
//! itself inside one, and would turn the next `BEGIN` into a `SAVEPOINT` of a
//! transaction nobody commits: every later write acknowledged and lost. Each
//! pool checks a connection before handing it out and replaces one that
//! counts itself inside a transaction.

pub mod fault;
mod health;
pub mod statistics;
pub mod typed;

pub use health::{Writer, WriterState, watch_writes};

use std::{sync::Arc, time::Duration};

use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
    sqlx::{
        self, Connection,
        pool::PoolConnectionMetadata,
        sqlite::{SqliteJournalMode, SqliteSynchronous},
    },
};

use crate::config::{DatabaseSettings, DatabaseUrl};

/// Key of the PostgreSQL advisory lock held while migrating.
const MIGRATION_LOCK: i64 = 0x6669_656c_6473_796e; // "fieldsyn"

/// The database connections of one process.
#[derive(Debug, Clone)]
pub struct Db {
    read: DatabaseConnection,
    write: DatabaseConnection,
    commits: Arc<tokio::sync::Mutex<()>>,
    writer: Writer,
}

/// How long a readiness probe waits for the database.
const PING_TIMEOUT: Duration = Duration::from_millis(800);

/// Whether a pooled connection may be handed out: not one that counts itself
/// inside a transaction (see the module's documentation).
fn outside_transaction<C: Connection>(conn: &C) -> bool {
    let clean = !conn.is_in_transaction();
    if !clean {
        tracing::warn!("a pooled database connection was left inside a transaction; replacing it");
    }
    clean
}

impl Db {
    /// Connects to the database named by `url`.
    pub async fn connect(url: &DatabaseUrl, settings: &DatabaseSettings) -> Result<Db, DbErr> {
        if url.is_postgres() {
            let mut options = ConnectOptions::new(url.expose());
            options
                .max_connections(settings.max_connections)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(10))
                .sqlx_logging(false)
                .map_sqlx_postgres_before_acquire(|conn: &mut sqlx::PgConnection, _: PoolConnectionMetadata| {
                    Box::pin(async move { Ok(outside_transaction(conn)) })
                });
            let pool = Database::connect(options).await?;
            return Ok(Db { read: pool.clone(), write: pool, commits: Arc::default(), writer: Writer::default() });
        }
        let busy = Duration::from_millis(settings.sqlite_busy_timeout_ms);
        let max_pages = settings.sqlite_max_page_count;
        let sqlite = move |max: u32| {
            let mut options = ConnectOptions::new(url.expose());
            options
                .max_connections(max)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .sqlx_logging(false)
                .map_sqlx_sqlite_opts(move |o| {
                    let o = o
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .busy_timeout(busy);
                    match max_pages {
                        Some(pages) => o.pragma("max_page_count", pages.to_string()),
                        None => o,
                    }
                })
                .map_sqlx_sqlite_before_acquire(|conn: &mut sqlx::SqliteConnection, _: PoolConnectionMetadata| {
                    Box::pin(async move { Ok(outside_transaction(conn)) })
                });
            options
        };
        // The writer first: it creates the file and switches it to WAL.
        let write = Database::connect(sqlite(1)).await?;
        let read = Database::connect(sqlite(settings.max_connections.max(2))).await?;
        Ok(Db { read, write, commits: Arc::default(), writer: Writer::default() })
    }

    /// The connection for reads.
    pub fn read(&self) -> &DatabaseConnection {
        &self.read
    }

    /// The connection for single-statement writes outside a transaction.
    pub fn write(&self) -> &DatabaseConnection {
        &self.write
    }

    /// Which database this is.
    pub fn backend(&self) -> DatabaseBackend {
        self.write.get_database_backend()
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE` on SQLite).
    pub async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        self.write.begin_with_options(options).await
    }

    /// This process's queue for the last step of a synced write (taking the
    /// next version, under the counter row's lock, until COMMIT). The row
    /// lock alone orders commits across processes, but every commit wakes
    /// all the transactions of this process waiting on that row at once, a
    /// herd that, on PostgreSQL with dozens of pushes, spent more time
    /// waking than writing. Queued here first, a process has one
    /// transaction at a time at the row. Hold it only with a transaction
    /// already open, and take no other connection while holding it.
    pub fn commit_queue(&self) -> Arc<tokio::sync::Mutex<()>> {
        self.commits.clone()
    }

    /// What the writes of this process last met (a full disk, or nothing).
    pub fn writer(&self) -> &Writer {
        &self.writer
    }

    /// Whether the database answers, within a short time: a probe must
    /// answer while the database is down, not wait out the pool's timeout.
    pub async fn ping(&self) -> Result<(), DbErr> {
        match tokio::time::timeout(PING_TIMEOUT, self.read.ping()).await {
            Ok(result) => result,
            Err(_) => Err(DbErr::Custom(format!("no answer within {} ms", PING_TIMEOUT.as_millis()))),
        }
    }

    /// Applies every pending migration. On PostgreSQL the migrations run in
    /// one transaction holding an advisory lock, so several processes
    /// starting at once migrate one after the other, never twice.
    pub async fn migrate_up(&self) -> Result<(), DbErr> {
        if self.backend() != DatabaseBackend::Postgres {
            return Migrator::up(&self.write, None).await;
        }
        let txn = self.write.begin().await?;
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")).await?;
        Migrator::up(&txn, None).await?;
        txn.commit().await
    }

    /// Closes the pools.
    pub async fn close(self) {
        let _ = self.read.close().await;
        let _ = self.write.close().await;
    }
}
