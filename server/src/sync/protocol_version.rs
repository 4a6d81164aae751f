//! The `Fieldsync-Protocol` header every sync request carries.

use axum::{extract::FromRequestParts, http::request::Parts};
use serde_json::json;
use sync_protocol::{ErrorCode, MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION};

use crate::error::ApiError;

/// The protocol version of a sync request; a missing or unsupported one is
/// refused with `unsupported_protocol_version` (426), telling the app to update.
#[derive(Debug, Clone, Copy)]
pub struct ProtocolVersion(pub u32);

impl<S: Send + Sync> FromRequestParts<S> for ProtocolVersion {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // The header, or `?protocol=` for clients that cannot set headers (EventSource).
        let from_query =
            || parts.uri.query()?.split('&').find_map(|pair| pair.strip_prefix("protocol=")).map(str::to_owned);
        let sent = parts
            .headers
            .get(PROTOCOL_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or_else(from_query)
            .and_then(|v| v.trim().parse().ok());
        match sent {
            Some(version) if (MIN_PROTOCOL_VERSION..=PROTOCOL_VERSION).contains(&version) => {
                Ok(ProtocolVersion(version))
            }
            _ => Err(ApiError::new(ErrorCode::UnsupportedProtocolVersion).with_details(json!({
                "header": PROTOCOL_HEADER,
                "min_supported": MIN_PROTOCOL_VERSION,
                "max_supported": PROTOCOL_VERSION,
            }))),
        }
    }
}
