//! Live pokes across processes: on PostgreSQL every commit that changed
//! synced records sends `NOTIFY fieldsync_changes` inside its transaction
//! (delivered only if it commits, in commit order), and every process
//! listens and pokes its own SSE connections; a commit that ended sessions
//! sends `NOTIFY fieldsync_sessions_ended`, and every process checks the
//! sessions of its SSE connections. On SQLite there is one process, and the
//! in-process notifier is enough.

use std::{sync::Arc, time::Duration};

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr, Statement,
    sea_query::{InsertStatement, PostgresQueryBuilder, Values},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    notifier::{Notifier, Poke},
    placement::{Audience, EVERYWHERE, Placement},
    streams::Streams,
    write::Committed,
};
use crate::{auth::refresh::SESSIONS_ENDED, db::Db, jobs::Background};

/// The PostgreSQL channel.
pub const CHANNEL: &str = "fieldsync_changes";
/// Largest NOTIFY payload sent; PostgreSQL allows 8000 bytes.
const MAX_PAYLOAD: usize = 7_000;

#[derive(Debug, Serialize, Deserialize)]
struct Message {
    /// The process that committed (it has poked its own connections already).
    origin: Uuid,
    version: u64,
    /// `[region_path, org_id, audience]` of each changed record; absent when too many (poke everyone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    places: Option<Vec<(String, String, String)>>,
}

/// Sends the notification for a commit, inside its transaction, with
/// `also`, an insert of the caller's that belongs to the same commit: on
/// PostgreSQL the two go as one statement, one round trip fewer while the
/// version row is held (the push's stored answers ride along this way).
pub async fn notify(
    txn: &DatabaseTransaction,
    origin: Uuid,
    committed: &Committed,
    also: Option<InsertStatement>,
) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    let payload =
        committed.version.filter(|_| backend == DatabaseBackend::Postgres).map(|v| payload(origin, v, committed));
    match (payload, also) {
        (None, None) => {}
        (None, Some(insert)) => {
            txn.execute(&insert).await?;
        }
        (Some(payload), None) => {
            txn.execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            ))
            .await?;
        }
        (Some(payload), Some(insert)) => {
            // A data-modifying WITH runs to completion whether or not the query reads it.
            let (insert, Values(mut values)) = insert.build(PostgresQueryBuilder);
            let sql = format!("WITH also AS ({insert}) SELECT pg_notify(${}, ${})", values.len() + 1, values.len() + 2);
            values.extend([CHANNEL.into(), payload.into()]);
            txn.execute_raw(Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values)).await?;
        }
    }
    Ok(())
}

/// The NOTIFY payload of a commit: its version and the places it touched
/// (none when too many to fit: every process then pokes everyone).
fn payload(origin: Uuid, version: u64, committed: &Committed) -> String {
    let mut places: Vec<(String, String, String)> = committed
        .placements
        .iter()
        .map(|p| (p.region_key().to_owned(), p.org_key(), p.audience.as_str().to_owned()))
        .collect();
    places.sort();
    places.dedup();
    let payload = serde_json::to_string(&Message { origin, version, places: Some(places) }).unwrap_or_default();
    if payload.len() <= MAX_PAYLOAD {
        return payload;
    }
    serde_json::to_string(&Message { origin, version, places: None }).unwrap_or_default()
}

fn placements(places: Option<Vec<(String, String, String)>>) -> Vec<Placement> {
    match places {
        Some(places) => places
            .into_iter()
            .map(|(region, org, audience)| Placement {
                region_path: Some(region).filter(|r| !r.is_empty()),
                org_id: org.parse().ok(),
                audience: if audience == "bureau" { Audience::Bureau } else { Audience::All },
            })
            .collect(),
        // Unknown places: a placement every scope sees, so every connection pulls.
        None => {
            vec![Placement::region(EVERYWHERE), Placement { region_path: None, org_id: None, audience: Audience::All }]
        }
    }
}

/// Listens for other processes' commits and announces them here, and for
/// ended sessions (any process's, this one's too) and has this process's
/// streams checked, until the process stops. Reconnects after a lost connection.
pub fn spawn_listener(db: &Db, origin: Uuid, notifier: Notifier, streams: Arc<Streams>, background: &Background) {
    if db.backend() != DatabaseBackend::Postgres {
        return;
    }
    let pool = db.read().get_postgres_connection_pool().clone();
    let stop = background.token();
    background.spawn(async move {
        loop {
            tokio::select! {
                _ = stop.cancelled() => return,
                result = listen(&pool, origin, &notifier, &streams) => {
                    if let Err(err) = result {
                        tracing::warn!(error.cause = %err, "live listener lost its connection; reconnecting");
                    }
                }
            }
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    });
}

async fn listen(
    pool: &sea_orm::sqlx::PgPool,
    origin: Uuid,
    notifier: &Notifier,
    streams: &Streams,
) -> Result<(), sea_orm::sqlx::Error> {
    // Note: a restarted listener may miss notifications sent while it was away; every SSE
    // connection also pulls on connect, and devices pull on their own schedule, so a missed
    // poke delays a device, it never loses data.
    let mut listener = sea_orm::sqlx::postgres::PgListener::connect_with(pool).await?;
    listener.listen_all([CHANNEL, SESSIONS_ENDED]).await?;
    // Sessions may have ended while the listener was away.
    streams.sessions_ended();
    loop {
        let notification = listener.recv().await?;
        if notification.channel() == SESSIONS_ENDED {
            streams.sessions_ended();
            continue;
        }
        let Ok(message) = serde_json::from_str::<Message>(notification.payload()) else { continue };
        if message.origin == origin {
            continue;
        }
        notifier.announce(Poke { version: message.version, placements: placements(message.places) });
    }
}
