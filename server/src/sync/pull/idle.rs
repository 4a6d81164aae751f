//! The pull of a device that is up to date, the most common request of all
//! (every device polls): one statement reads the head of the change log
//! and the client's progress, and when nothing was committed since the
//! checkpoint the answer is made from them alone, with no snapshot
//! transaction and no read of the change log.

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use uuid::Uuid;

use super::Head;
use crate::{
    auth::AuthUser,
    error::{ApiError, ApiResult},
    sync::{checkpoint::Checkpoint, clients, placement::SyncScope},
};

/// Whether a pull from `checkpoint` could be idle: the checkpoint ends on a
/// whole version, was issued to the caller, in the caller's current scope,
/// outside a first sync or a scope move. Every other checkpoint takes the
/// full path.
pub fn could_be(checkpoint: &Checkpoint, user: &AuthUser, scope: &SyncScope) -> bool {
    checkpoint.row == i64::MAX
        && checkpoint.user == Some(user.user_id)
        && checkpoint.first_sync_from.is_none()
        && checkpoint.transition.is_none()
        && checkpoint.scope == *scope
}

/// The head and the client's last processed mutation (0 for a client not
/// yet registered), as of one moment; refuses another user's client.
pub async fn head_and_progress(db: &impl ConnectionTrait, client_id: Uuid, user: &AuthUser) -> ApiResult<(Head, u64)> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "SELECT s.version, s.purged_through, c.user_id, c.device_id, c.last_mutation_id \
             FROM sync_state s LEFT JOIN sync_clients c ON c.client_id = $1 WHERE s.id = 1"
        }
        _ => {
            "SELECT s.version, s.purged_through, c.user_id, c.device_id, c.last_mutation_id \
             FROM sync_state s LEFT JOIN sync_clients c ON c.client_id = ? WHERE s.id = 1"
        }
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [client_id.into()]))
        .await?
        .ok_or_else(|| ApiError::internal("sync_state row missing"))?;
    let version: i64 = row.try_get("", "version")?;
    let purged: i64 = row.try_get("", "purged_through")?;
    let owner: Option<Uuid> = row.try_get("", "user_id")?;
    let processed = match owner {
        Some(owner) => {
            let device: Option<Uuid> = row.try_get("", "device_id")?;
            clients::check_owner(owner, device, user)?;
            row.try_get::<Option<i64>>("", "last_mutation_id")?.unwrap_or(0) as u64
        }
        None => 0,
    };
    Ok((Head { version: version as u64, purged_through: purged as u64 }, processed))
}
