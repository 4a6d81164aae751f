//! Settings of the web pages under `/app`: session lifetimes and cookie flags.

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

/// Web page sessions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WebSettings {
    /// Send cookies with the `Secure` flag. Unset: yes, unless the server
    /// listens on a loopback address over plain HTTP (`http://127.0.0.1`
    /// then works); behind a proxy that terminates TLS the server listens
    /// elsewhere, so the default is safe there. `false` only for plain HTTP
    /// on a network; with TLS on (`[tls]`) cookies are `Secure` regardless.
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
    /// Whether cookies carry `Secure` for a server listening on `listen`,
    /// over HTTPS if `tls`: a browser sends a `Secure` cookie over HTTPS
    /// only, so over HTTPS there is no reason to leave the flag off.
    pub fn secure_cookies(&self, listen: SocketAddr, tls: bool) -> bool {
        tls || self.secure_cookies.unwrap_or(!listen.ip().is_loopback())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_secure_over_tls_whatever_the_address_or_the_setting() {
        let (loopback, network): (SocketAddr, SocketAddr) =
            ("127.0.0.1:8443".parse().unwrap(), "0.0.0.0:8443".parse().unwrap());
        for secure_cookies in [None, Some(false), Some(true)] {
            let web = WebSettings { secure_cookies, ..WebSettings::default() };
            assert!(web.secure_cookies(loopback, true) && web.secure_cookies(network, true), "{secure_cookies:?}");
        }
        let web = WebSettings::default();
        assert!(!web.secure_cookies(loopback, false));
        assert!(web.secure_cookies(network, false));
    }
}
