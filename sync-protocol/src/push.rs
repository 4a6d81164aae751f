//! `POST /v1/sync/push`: a device sends its queued mutations.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ErrorBody;

/// Largest number of mutations in one push.
pub const MAX_PUSH_MUTATIONS: usize = 500;

/// Largest mutation id, 2^53 − 1: every id is exact as a JavaScript or Dart
/// number (an IEEE 754 double), so no client ever rounds one.
pub const MAX_MUTATION_ID: u64 = (1 << 53) - 1;

/// A batch of mutations from one client, in the order they were made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PushRequest {
    /// The client (one app install signed in as one user); made by the app
    /// once, a random UUID, and kept for as long as the app keeps its data.
    pub client_id: Uuid,
    /// The mutations, with strictly increasing ids, oldest first.
    pub mutations: Vec<Mutation>,
}

/// One named, versioned operation made on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Mutation {
    /// The client's mutation number: 1 for its first mutation, then +1 each
    /// time; at most [`MAX_MUTATION_ID`].
    pub id: u64,
    /// The operation, e.g. `inspection.create`, `notice.acknowledge`.
    pub name: String,
    /// The operation's arguments; their shape depends on `name`.
    #[serde(default)]
    pub args: serde_json::Value,
    /// When the user made it, by the device's clock; informative only (never decides anything).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub client_time: Option<String>,
}

/// The server's answer to a push: one result per mutation it processed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PushResponse {
    /// One result per mutation sent, in order.
    pub results: Vec<MutationResult>,
    /// The highest mutation id of this client the server has processed
    /// (applied or rejected). The device may drop every queued mutation up to it.
    pub last_mutation_id: u64,
}

/// What became of one mutation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct MutationResult {
    /// The mutation's id.
    pub id: u64,
    /// Applied, rejected, or not processed (a gap before it).
    pub status: MutationStatus,
    /// Server-assigned values of an applied mutation (an official number, a
    /// state) and any fields of it that lost a conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub result: Option<serde_json::Value>,
    /// Why it was rejected or not processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub error: Option<ErrorBody>,
}

/// The fate of one mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MutationStatus {
    /// It took effect (exactly once, whatever the number of retries).
    Applied,
    /// It was refused and changed nothing; final: do not retry it. Later mutations go on.
    Rejected,
    /// Not processed because an earlier mutation id is missing; resend from
    /// `last_mutation_id + 1`.
    NotProcessed,
}
