//! Webhook delivery settings: the worker, its timeout and the retry schedule.

use std::time::Duration;

use serde::{Deserialize, Serialize};

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
