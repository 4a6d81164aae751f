//! `GET /v1/sync/events`: the live stream (server-sent events) that tells a
//! device when to pull. Each event's name is in its `event:` line and its
//! payload, JSON, in its `data:` line. See the spec, sections 6 and 13.

use serde::{Deserialize, Serialize};

/// Seconds between heartbeats (`: ping` comments) of a stream without events.
pub const HEARTBEAT_SECS: u64 = 15;

/// The name of an event, in its `event:` line. Ignore events of other names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EventName {
    /// The first event (unless a `poke` comes first); its id is the
    /// server's current version. Data: [`VersionData`].
    Ready,
    /// Something in the user's scope changed: pull. Its id is the version of
    /// the change; without an id (version 0) the server lost track of what
    /// the connection missed: pull anyway. Data: [`VersionData`].
    Poke,
    /// The last event; the stream closes right after it. No id. Data: [`EndData`].
    End,
}

impl EventName {
    /// The name as it appears in the `event:` line.
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Ready => "ready",
            EventName::Poke => "poke",
            EventName::End => "end",
        }
    }
}

/// The data of a `ready` or `poke` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct VersionData {
    /// The version the event is about (the same as its id), 0 for a `poke`
    /// that has no id.
    pub version: u64,
}

/// The data of the `end` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct EndData {
    /// Why the stream ends. Treat a reason you do not know as `shutdown`.
    pub reason: EndReason,
}

/// Why a stream ends, in its `end` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The access token it was opened with expired: refresh, then reconnect
    /// at once with the new token (never with the old one).
    TokenExpired,
    /// Its session ended (sign-out, the account disabled, its password
    /// reset, a refresh token used twice): refresh once; sign in again if
    /// that fails.
    SessionEnded,
    /// The server is stopping: reconnect with backoff.
    Shutdown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_are_their_wire_strings() {
        for name in [EventName::Ready, EventName::Poke, EventName::End] {
            assert_eq!(serde_json::to_value(name).ok(), Some(serde_json::json!(name.as_str())));
        }
    }

    #[test]
    fn end_data_reads_as_the_spec_shows_it() {
        let data = EndData { reason: EndReason::TokenExpired };
        assert_eq!(serde_json::to_string(&data).ok().as_deref(), Some(r#"{"reason":"token_expired"}"#));
    }
}
