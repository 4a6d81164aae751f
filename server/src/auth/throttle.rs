//! Login throttling: after too many failures for one user name or from one
//! address within a window, sign-ins for that key are refused until the
//! window has passed. Counters live in the database, so every server process
//! counts the same failures.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, sea_query::OnConflict};
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

    fn all(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.user).chain(self.addr.iter())
    }
}

/// Refuses with `too_many_requests` (and `Retry-After`) while a key is locked.
pub async fn check(db: &impl ConnectionTrait, keys: &Keys) -> Result<(), ApiError> {
    let now = Utc::now();
    for key in keys.all() {
        if let Some(row) = LoginThrottle::find_by_id(key.clone()).one(db).await?
            && let Some(until) = row.locked_until.filter(|until| *until > now)
        {
            let secs = (until - now).num_seconds().max(1) as u64;
            return Err(ApiError::new(ErrorCode::TooManyRequests).with_retry_after(secs));
        }
    }
    Ok(())
}

/// Counts a failed sign-in against every key, locking those over their limit.
pub async fn record_failure(db: &impl ConnectionTrait, keys: &Keys, settings: &AuthSettings) -> Result<(), DbErr> {
    let now = Utc::now();
    let window = Duration::seconds(settings.throttle_window_secs as i64);
    let limits =
        [(Some(&keys.user), settings.max_failures_per_user), (keys.addr.as_ref(), settings.max_failures_per_address)];
    for (key, limit) in limits {
        let Some(key) = key else { continue };
        let row = LoginThrottle::find_by_id(key.clone()).one(db).await?;
        let (failures, started) = match row {
            Some(row) if row.window_started_at + window > now => (row.failures + 1, row.window_started_at),
            _ => (1, now),
        };
        let locked_until: Option<DateTime<Utc>> = (failures as u32 >= limit).then(|| now + window);
        LoginThrottle::insert(login_throttle::ActiveModel {
            key: Set(key.clone()),
            failures: Set(failures),
            window_started_at: Set(started),
            locked_until: Set(locked_until),
        })
        .on_conflict(
            OnConflict::column(login_throttle::Column::Key)
                .update_columns([
                    login_throttle::Column::Failures,
                    login_throttle::Column::WindowStartedAt,
                    login_throttle::Column::LockedUntil,
                ])
                .to_owned(),
        )
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
