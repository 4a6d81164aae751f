//! The client's address, for throttling and the audit trail.

use std::{convert::Infallible, net::SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};

use crate::app::AppState;

/// The client's IP address: the peer's or, when the settings say a trusted
/// proxy stands in front (`auth.trust_forwarded_for`), the rightmost
/// `X-Forwarded-For` entry: the address that proxy saw. Entries left of it
/// are whatever the client wrote, so a client cannot choose its address to
/// dodge login throttling. A header that is missing or not an IP address
/// falls back to the peer.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub Option<String>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if state.settings.auth.trust_forwarded_for
            && let Ok(forwarded) = client_ip::rightmost_x_forwarded_for(&parts.headers)
        {
            return Ok(ClientAddr(Some(forwarded.to_string())));
        }
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(ClientAddr(peer))
    }
}
