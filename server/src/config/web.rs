//! Settings of the web pages under `/app`: session lifetimes and cookie flags.

use serde::{Deserialize, Serialize};

/// Web page sessions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WebSettings {
    /// Send cookies with the `Secure` flag: enable whenever the pages are served over HTTPS
    /// (off by default so `http://127.0.0.1` works).
    pub secure_cookies: bool,
    /// A session unused for this many minutes is signed out.
    pub session_idle_mins: u64,
    /// A session ends this many hours after sign-in, however busy.
    pub session_max_hours: u64,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self { secure_cookies: false, session_idle_mins: 120, session_max_hours: 12 }
    }
}
