//! `POST /v1/sync/pull`: a device fetches what changed in its scope since its checkpoint.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Largest page size a client may ask for.
pub const MAX_PULL_LIMIT: u32 = 5_000;
/// Page size when the client asks for none.
pub const DEFAULT_PULL_LIMIT: u32 = 1_000;

/// A request for the next page of changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PullRequest {
    /// The client, as in push.
    pub client_id: Uuid,
    /// The checkpoint of the last page applied; absent for a first sync.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub checkpoint: Option<String>,
    /// Largest number of changes wanted (default 1,000, at most 5,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub limit: Option<u32>,
}

/// One page of changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PullResponse {
    /// The changes, at most one per record; apply them all in one local transaction.
    pub changes: Vec<Change>,
    /// Store this with the page's changes (in the same local transaction) and send it next time.
    pub checkpoint: String,
    /// Whether more pages follow: pull again at once with the new checkpoint.
    pub has_more: bool,
    /// The highest mutation id of this client the server has processed; every
    /// change of those mutations is in this page or an earlier one.
    pub last_mutation_id: u64,
    /// The checkpoint sent is too old (or from another scope epoch): throw away the
    /// synced records (keep the unpushed mutations) and pull again with no checkpoint.
    #[serde(default)]
    pub must_resync: bool,
}

/// A change to one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Change {
    /// Record type, e.g. `site`, `household`, `notice`.
    #[serde(rename = "type")]
    pub record_type: String,
    /// Record id.
    pub id: Uuid,
    /// `upsert` (store `data` as the record) or `delete` (remove the record if present).
    pub op: ChangeOp,
    /// The whole record, for an upsert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub data: Option<serde_json::Value>,
    /// The record's version: it only grows.
    pub version: u64,
}

/// What to do with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// Insert or replace the record.
    Upsert,
    /// Remove the record (deleted, or no longer visible to this user).
    Delete,
}
