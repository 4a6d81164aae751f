//! Taking a job's turn: one conditional upsert, so of any number of processes
//! asking at once exactly one gets it, and nobody gets it again before the
//! period has passed.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};
use uuid::Uuid;

use crate::db::Db;

/// Takes the turn of job `name` for `owner` if its next run is due at `now`
/// (or it never ran), and sets the next run a `period` later. Whether the
/// turn was taken.
pub async fn take_turn(db: &Db, name: &str, owner: Uuid, period: Duration, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let next = now + chrono::Duration::from_std(period).unwrap_or(chrono::Duration::hours(1));
    let conn = db.write();
    let backend = conn.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "INSERT INTO job_schedule (name, next_run_at, owner, started_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO UPDATE SET next_run_at = excluded.next_run_at, owner = excluded.owner, \
             started_at = excluded.started_at WHERE job_schedule.next_run_at <= excluded.started_at RETURNING name"
        }
        _ => {
            "INSERT INTO job_schedule (name, next_run_at, owner, started_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT (name) DO UPDATE SET next_run_at = excluded.next_run_at, owner = excluded.owner, \
             started_at = excluded.started_at WHERE job_schedule.next_run_at <= excluded.started_at RETURNING name"
        }
    };
    let taken = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [name.into(), next.into(), owner.into(), now.into()],
        ))
        .await?;
    Ok(taken.is_some())
}
