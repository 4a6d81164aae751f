//! The fieldsync sync protocol: wire types, error codes and rules shared by the
//! server and its clients. No server dependencies, so a Rust client can use it.
//!
//! The full specification is in this crate's `README.md`.
#![forbid(unsafe_code)]

pub mod auth;
pub mod blobs;
#[cfg(feature = "client")]
pub mod client;
pub mod error;
pub mod events;
pub mod location;
pub mod pull;
pub mod push;
#[cfg(feature = "typescript")]
pub mod typescript;

pub use error::{ErrorBody, ErrorCode, ErrorEnvelope};
pub use pull::{Change, ChangeOp, PullRequest, PullResponse};
pub use push::{Mutation, MutationResult, MutationStatus, PushRequest, PushResponse};

/// The protocol version this crate speaks. Clients send it in the
/// `Fieldsync-Protocol` header on every sync request.
pub const PROTOCOL_VERSION: u32 = 1;

/// The oldest protocol version the server still accepts.
pub const MIN_PROTOCOL_VERSION: u32 = 1;

/// The HTTP header that carries the protocol version.
pub const PROTOCOL_HEADER: &str = "fieldsync-protocol";
