//! Webhook delivery settings: the worker, its timeout, the retry schedule
//! and the internal networks receivers may be in nevertheless.

use std::{net::IpAddr, time::Duration};

use ipnet::IpNet;
use serde::{Deserialize, Deserializer, Serialize};

/// Webhook delivery.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WebhookSettings {
    /// Whether this process runs a delivery worker (any number may).
    pub worker: bool,
    /// Attempts of one delivery before it is marked `failed`.
    pub max_attempts: u32,
    /// Wait before the second attempt, in seconds; it doubles after each failure.
    pub backoff_base_secs: f64,
    /// Longest wait between two attempts, in seconds.
    pub backoff_cap_secs: f64,
    /// How long a receiver has to answer, in seconds.
    pub timeout_secs: u64,
    /// How often the worker looks for due deliveries when nothing wakes it, in seconds.
    pub poll_secs: u64,
    /// Most deliveries one worker sends at once.
    pub batch: u64,
    /// Days a finished delivery (delivered or failed) stays in the log.
    pub keep_days: u32,
    /// Networks (`10.20.0.0/16`) or addresses (`10.20.0.5`) a webhook may be
    /// sent to although they are internal (loopback, private, link-local, ...):
    /// for receivers that really are on the inside. Empty by default.
    #[serde(deserialize_with = "networks")]
    pub allow_networks: Vec<IpNet>,
}

/// Reads `allow_networks`: CIDR networks, or single addresses standing for themselves.
fn networks<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<IpNet>, D::Error> {
    let given = Vec::<String>::deserialize(deserializer)?;
    given
        .iter()
        .map(|s| {
            let s = s.trim();
            s.parse::<IpNet>().or_else(|_| s.parse::<IpAddr>().map(IpNet::from)).map_err(|_| {
                serde::de::Error::custom(format!("`{s}` is neither a network (10.0.0.0/8) nor an address (10.0.0.5)"))
            })
        })
        .collect()
}

impl Default for WebhookSettings {
    /// 20 attempts, 30 s doubling up to 6 h: about 3 days from first to last attempt.
    fn default() -> Self {
        Self {
            worker: true,
            max_attempts: 20,
            backoff_base_secs: 30.0,
            backoff_cap_secs: 6.0 * 3600.0,
            timeout_secs: 10,
            poll_secs: 5,
            batch: 32,
            keep_days: 30,
            allow_networks: Vec::new(),
        }
    }
}

impl WebhookSettings {
    /// The receiver's time to answer.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs.max(1))
    }

    /// How long a process holds a delivery it is sending: past it, another
    /// process may take the delivery over (the first one crashed).
    pub fn lease(&self) -> Duration {
        self.timeout() * 2 + Duration::from_secs(30)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_networks_take_networks_and_single_addresses_and_refuse_anything_else() {
        let read = |toml: &str| toml::from_str::<WebhookSettings>(toml).map(|s| s.allow_networks);
        let networks = read("allow_networks = [\"10.20.0.0/16\", \"127.0.0.1\", \"fd00::/8\"]").unwrap();
        let shown: Vec<String> = networks.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["10.20.0.0/16", "127.0.0.1/32", "fd00::/8"]);
        assert!(read("").unwrap().is_empty(), "nothing is allowed by default");
        assert!(read("allow_networks = [\"intranet\"]").unwrap_err().to_string().contains("intranet"));
    }
}
