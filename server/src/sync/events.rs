//! `GET /v1/sync/events`: server-sent events telling a device "pull now"
//! when a commit touches its scope, with heartbeats. The stream ends when
//! the access token expires (the device reconnects with a fresh one), when
//! its session ends (sign-out, a disabled account, a password reset; see
//! [`super::streams`]) and when the server shuts down; its last event,
//! `end`, says which.

use std::{sync::Arc, time::Duration};

use axum::{
    extract::State,
    http::HeaderMap,
    response::sse::{Event, KeepAlive, Sse},
};
use futures::{FutureExt, Stream, StreamExt, stream};
use sync_protocol::{
    ErrorCode,
    events::{EndData, EndReason, EventName, HEARTBEAT_SECS, VersionData},
};
use tokio::sync::broadcast::error::RecvError;

use super::{notifier::Poke, placement::SyncScope, protocol_version::ProtocolVersion, pull::head};
use crate::{
    app::AppState,
    auth::{AuthUser, refresh},
    error::{ApiError, ApiResult},
    http::openapi::{AuthErrors, ErrorEnvelopeDoc},
};

/// `Retry-After` of a stream refused because its user holds too many.
const STREAMS_RETRY_SECS: u64 = 30;

/// Streams `poke` events; each carries the version to pull up to as its id.
/// A token past its expiry (within the clock leeway other calls allow)
/// answers `token_expired`, one of an ended session `token_invalid`; a user
/// holding `sync.max_streams_per_user` streams already, `too_many_streams`.
#[utoipa::path(get, path = "/v1/sync/events", tag = "sync", security(("bearer" = [])),
    params(("last-event-id" = Option<u64>, Header, description = "Version of the last poke received; a newer head pokes at once"),
        ("fieldsync-protocol" = Option<u32>, Header, description = "Protocol version (or the `protocol` query parameter)")),
    responses((status = 200, description = "`text/event-stream` of `ready` and `poke` events, and a last `end` event saying why the stream ends", content_type = "text/event-stream"),
        (status = 426, description = "Unsupported protocol version", body = ErrorEnvelopeDoc),
        (status = 429, description = "The user holds too many live streams (`too_many_streams`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn events(
    State(state): State<AppState>,
    user: AuthUser,
    _version: ProtocolVersion,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, axum::Error>>>> {
    // Within the clock leeway a token still passes, but a stream would end
    // at once and a device reconnecting with the same token would loop.
    let lifetime = user.expires_at - chrono::Utc::now().timestamp();
    if lifetime <= 0 {
        return Err(ApiError::new(ErrorCode::TokenExpired));
    }
    // Registered before the session is read: a session that ends after the
    // read is caught by the check that its end triggers.
    let max = state.settings.sync.max_streams_per_user;
    let registered = state
        .sync
        .streams
        .register(user.user_id, user.session_id, max, &state.background)
        .map_err(|_| ApiError::new(ErrorCode::TooManyStreams).with_retry_after(STREAMS_RETRY_SECS))?;
    if !refresh::live_sessions(state.db.read(), &[user.session_id]).await?.contains(&user.session_id) {
        return Err(ApiError::new(ErrorCode::TokenInvalid));
    }
    let scope = SyncScope::of(&user);
    // Subscribe before reading the head, so nothing committed in between is missed.
    let receiver = state.sync.notifier.subscribe();
    let head = head(state.db.read()).await?.version;
    let last_seen =
        headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    let first = match last_seen {
        // Something may have changed while the device was away: pull now.
        Some(seen) if seen < head => version_event(EventName::Poke, head),
        _ => version_event(EventName::Ready, head),
    }
    .map(|event| event.id(head.to_string()));
    let pokes = stream::unfold((receiver, scope), |(mut receiver, scope)| async move {
        loop {
            match receiver.recv().await {
                Ok(poke) if touches(&poke, &scope) => return Some((poke_event(poke.version), (receiver, scope))),
                Ok(_) => continue,
                // Too far behind to know what changed: pull anyway.
                Err(RecvError::Lagged(_)) => return Some((poke_event(0), (receiver, scope))),
                Err(RecvError::Closed) => return None,
            }
        }
    });
    let stopping = state.background.token();
    // The last event says why the stream ends, so that a device refreshes its
    // token before reconnecting instead of finding out from a refusal.
    let end = async move {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(lifetime as u64)) => EndReason::TokenExpired,
            _ = registered.ended() => {
                if stopping.is_cancelled() { EndReason::Shutdown } else { EndReason::SessionEnded }
            }
        }
    }
    .shared();
    let last = end.clone();
    let stream = stream::once(async move { first })
        .chain(pokes)
        .take_until(end)
        .chain(stream::once(async move { end_event(last.await) }));
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(HEARTBEAT_SECS)).text("ping")))
}

/// The last event of a stream. Its data, like every event's, is serialised
/// from the protocol's type; a failure (none is possible for these types)
/// would end the stream, as a cut connection does.
fn end_event(reason: EndReason) -> Result<Event, axum::Error> {
    Event::default().event(EventName::End.as_str()).json_data(EndData { reason })
}

fn touches(poke: &Arc<Poke>, scope: &SyncScope) -> bool {
    poke.placements.iter().any(|p| scope.sees(p))
}

/// A `poke` after a commit, with its version as id; version 0, without id,
/// when the connection lagged.
fn poke_event(version: u64) -> Result<Event, axum::Error> {
    let event = version_event(EventName::Poke, version);
    if version > 0 { event.map(|event| event.id(version.to_string())) } else { event }
}

/// A `ready` or `poke` event, without its id.
fn version_event(name: EventName, version: u64) -> Result<Event, axum::Error> {
    Event::default().event(name.as_str()).json_data(VersionData { version })
}
