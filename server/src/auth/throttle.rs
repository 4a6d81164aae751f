//! Login throttling: after too many failures for one user name or from one
//! address within a window, sign-ins for that key are refused until the
//! window has passed. Counters live in the database, so every server process
//! counts the same failures.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, Statement,
    sea_query::{Expr, ExprTrait},
};
use sync_protocol::ErrorCode;

use super::entity::login_throttle::{self, Entity as LoginThrottle};
use crate::{config::AuthSettings, error::ApiError};

/// The throttling keys of one sign-in attempt.
#[derive(Debug, Clone)]
pub struct Keys {
    user: String,
    addr: Option<String>,
}

impl Keys {
    /// Keys for a user name and (when known) a client address.
    pub fn new(username: &str, addr: Option<String>) -> Keys {
        Keys { user: format!("user:{username}"), addr: addr.map(|a| format!("addr:{a}")) }
    }
}

/// Admits one sign-in attempt, or refuses it with `too_many_requests` (and
/// `Retry-After`) when a key has had its limit of attempts in the window.
/// The attempt is counted against every key before the password is hashed,
/// in one upsert per key that returns the new count: parallel guesses each
/// take a number, so no more than the limit of them are ever checked (a
/// read, then a write, let 150 guesses at once all through). A successful
/// sign-in gives its attempt back ([`succeeded`]).
pub async fn admit(db: &impl ConnectionTrait, keys: &Keys, settings: &AuthSettings) -> Result<(), ApiError> {
    let now = Utc::now();
    let window = Duration::seconds(settings.throttle_window_secs as i64);
    let limits =
        [(Some(&keys.user), settings.max_failures_per_user), (keys.addr.as_ref(), settings.max_failures_per_address)];
    let mut refused: Option<DateTime<Utc>> = None;
    for (key, limit) in limits {
        let Some(key) = key else { continue };
        let (attempts, started) = count_attempt(db, key, now, now - window).await?;
        if attempts > i64::from(limit) {
            let until = started + window;
            refused = Some(refused.map_or(until, |r| Ord::max(r, until)));
        }
    }
    match refused {
        Some(until) => {
            let secs = Ord::max((until - now).num_seconds(), 1) as u64;
            Err(ApiError::new(ErrorCode::TooManyRequests).with_retry_after(secs))
        }
        None => Ok(()),
    }
}

/// Adds one attempt to `key`'s window (a new window if the last began
/// before `cutoff`); returns the attempts in the window and when it began.
async fn count_attempt(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
    cutoff: DateTime<Utc>,
) -> Result<(i64, DateTime<Utc>), DbErr> {
    let backend = db.get_database_backend();
    let sql = number_placeholders(UPSERT, backend);
    let values = [key.into(), now.into(), cutoff.into(), cutoff.into(), now.into()];
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("login_throttle".into()))?;
    Ok((i64::from(row.try_get::<i32>("", "failures")?), row.try_get("", "window_started_at")?))
}

/// The attempt upsert, with `?` placeholders: key, now, cutoff, cutoff, now.
const UPSERT: &str = "INSERT INTO login_throttle (key, failures, window_started_at, locked_until) \
    VALUES (?, 1, ?, NULL) ON CONFLICT (key) DO UPDATE SET \
    failures = CASE WHEN login_throttle.window_started_at > ? THEN login_throttle.failures + 1 ELSE 1 END, \
    window_started_at = CASE WHEN login_throttle.window_started_at > ? THEN login_throttle.window_started_at ELSE ? END \
    RETURNING failures, window_started_at";

/// `?` placeholders as the backend numbers them.
fn number_placeholders(sql: &str, backend: DatabaseBackend) -> String {
    if backend != DatabaseBackend::Postgres {
        return sql.to_owned();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// A successful sign-in: the user name's failures are forgotten and the
/// address gets its attempt back.
pub async fn succeeded(db: &impl ConnectionTrait, keys: &Keys) -> Result<(), DbErr> {
    clear_user(db, keys).await?;
    if let Some(addr) = &keys.addr {
        LoginThrottle::update_many()
            .col_expr(login_throttle::Column::Failures, Expr::col(login_throttle::Column::Failures).sub(1))
            .filter(login_throttle::Column::Key.eq(addr.as_str()))
            .filter(login_throttle::Column::Failures.gt(0))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Forgets the failures of a user name after a successful sign-in.
pub async fn clear_user(db: &impl ConnectionTrait, keys: &Keys) -> Result<(), DbErr> {
    LoginThrottle::delete_by_id(keys.user.clone()).exec(db).await?;
    Ok(())
}
