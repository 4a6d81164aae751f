//! Settings of the web pages under `/app`: session lifetimes and cookie flags.

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

/// Web page sessions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WebSettings {
    /// Send cookies with the `Secure` flag. Unset: yes, unless the server
    /// listens on a loopback address (plain `http://127.0.0.1` then works);
    /// behind a proxy that terminates TLS the server listens elsewhere, so
    /// the default is safe there. `false` only for plain HTTP on a network.
    pub secure_cookies: Option<bool>,
    /// A session unused for this many minutes is signed out.
    pub session_idle_mins: u64,
    /// A session ends this many hours after sign-in, however busy.
    pub session_max_hours: u64,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self { secure_cookies: None, session_idle_mins: 120, session_max_hours: 12 }
    }
}

impl WebSettings {
    /// Whether cookies carry `Secure` for a server listening on `listen`.
    pub fn secure_cookies(&self, listen: SocketAddr) -> bool {
        self.secure_cookies.unwrap_or(!listen.ip().is_loopback())
    }
}
