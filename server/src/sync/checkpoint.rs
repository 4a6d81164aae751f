//! Checkpoints: opaque to clients, signed by the server.
//!
//! A checkpoint says how far a client has received the change log — every
//! row up to `(version, row)` — within which scope, and, during a first
//! sync, the version it started at. It is JSON, base64url-encoded, with an
//! HMAC so that a corrupted or forged one is refused, never trusted.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sea_orm::{ConnectionTrait, DbErr, Statement};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::placement::SyncScope;
use crate::{db::Db, error::ApiError};

/// Length of the MAC kept in a checkpoint, in bytes.
const MAC_LEN: usize = 16;

/// Where a client stands in the change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Every row ordered at or before `(version, row)` was delivered.
    pub version: u64,
    /// Row id within `version`; `i64::MAX` when the whole version was delivered.
    pub row: i64,
    /// The scope the rows were filtered by.
    pub scope: SyncScope,
    /// The user it was issued to; another user's checkpoint means a resync
    /// (absent in checkpoints issued before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Uuid>,
    /// During a first sync: the head version when it started (deletions at or
    /// below it are skipped, the client never had those records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_sync_from: Option<u64>,
    /// While the user's scope changes: how far the device has been moved
    /// from the old scope to the new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition: Option<Transition>,
}

/// A scope change in progress. First the records of the old scope that the
/// new one lacks are deleted (`Leave`), then the records of the new scope
/// that the old one lacked, up to the checkpoint's position, are sent
/// (`Enter`); after that the pull goes on from the position as usual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    /// The scope the device had.
    pub old: SyncScope,
    /// Which half is under way.
    pub phase: Phase,
    /// Cursor within the phase: `(version, row)` of the last row sent
    /// (the version is unused while leaving, which goes by row).
    pub after: (u64, i64),
}

/// The two halves of a scope change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Deleting what left the scope.
    Leave,
    /// Sending what entered it.
    Enter,
}

/// The key that signs checkpoints, shared by every server process.
#[derive(Clone)]
pub struct CheckpointKey(Vec<u8>);

impl std::fmt::Debug for CheckpointKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckpointKey([redacted])")
    }
}

impl CheckpointKey {
    /// Loads the key from the database, creating it on first start.
    pub async fn load_or_create(db: &Db) -> Result<CheckpointKey, DbErr> {
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        let backend = db.backend();
        // Insert if absent; a concurrent first start keeps whichever came first.
        db.write()
            .execute_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    sea_orm::DatabaseBackend::Postgres => {
                        "INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING"
                    }
                    _ => "INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                },
                ["checkpoint".into(), URL_SAFE_NO_PAD.encode(secret).into()],
            ))
            .await?;
        let row = db
            .read()
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT value FROM server_secrets WHERE name = 'checkpoint'",
            ))
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("checkpoint key".into()))?;
        let value: String = row.try_get("", "value")?;
        let key = URL_SAFE_NO_PAD.decode(value).map_err(|e| DbErr::Custom(format!("bad checkpoint key: {e}")))?;
        Ok(CheckpointKey(key))
    }

    fn mac(&self, payload: &[u8]) -> Vec<u8> {
        // HMAC accepts keys of any length.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!());
        mac.update(payload);
        mac.finalize().into_bytes()[..MAC_LEN].to_vec()
    }

    /// Encodes and signs a checkpoint.
    pub fn encode(&self, checkpoint: &Checkpoint) -> String {
        let payload = serde_json::to_vec(checkpoint).unwrap_or_default();
        let mut bytes = self.mac(&payload);
        bytes.extend_from_slice(&payload);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Decodes a checkpoint, refusing anything this server did not sign.
    pub fn decode(&self, text: &str) -> Result<Checkpoint, ApiError> {
        let invalid = || ApiError::new(ErrorCode::InvalidCheckpoint);
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| invalid())?;
        if bytes.len() <= MAC_LEN {
            return Err(invalid());
        }
        let (mac, payload) = bytes.split_at(MAC_LEN);
        let mut verifier = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).map_err(|_| invalid())?;
        verifier.update(payload);
        verifier.verify_truncated_left(mac).map_err(|_| invalid())?;
        serde_json::from_slice(payload).map_err(|_| invalid())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_round_trips_and_any_tampering_is_refused() {
        let key = CheckpointKey(vec![7; 32]);
        let checkpoint = Checkpoint {
            version: 42,
            row: i64::MAX,
            scope: SyncScope { all: false, region: Some("/a/".into()), org: None, bureau: true },
            user: Some(Uuid::from_u128(7)),
            first_sync_from: None,
            transition: None,
        };
        let text = key.encode(&checkpoint);
        assert_eq!(key.decode(&text).unwrap(), checkpoint);
        let mut bytes = URL_SAFE_NO_PAD.decode(&text).unwrap();
        let last = bytes.len() - 3;
        bytes[last] ^= 1;
        assert!(key.decode(&URL_SAFE_NO_PAD.encode(bytes)).is_err());
        assert!(CheckpointKey(vec![8; 32]).decode(&text).is_err());
        assert!(key.decode("garbage!").is_err());
        assert!(key.decode("").is_err());
    }
}
