//! When to try a failed delivery again: exponential backoff with jitter.

use std::time::Duration;

use rand::Rng;

use crate::config::WebhookSettings;

/// The wait after the `attempts`-th failed attempt, before jitter: the base
/// doubled after each failure, at most the cap.
pub fn delay(settings: &WebhookSettings, attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(62) as i32;
    let secs = (settings.backoff_base_secs * 2f64.powi(doublings)).min(settings.backoff_cap_secs);
    Duration::try_from_secs_f64(secs.max(0.0)).unwrap_or(Duration::ZERO)
}

/// The wait with ±10 % jitter, so deliveries that failed together (a
/// receiver went down) do not all come back in the same instant.
pub fn jittered(settings: &WebhookSettings, attempts: u32) -> Duration {
    delay(settings, attempts).mul_f64(rand::rng().random_range(0.9..=1.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_doubles_to_the_cap_and_spans_days() {
        let settings = WebhookSettings::default();
        assert_eq!(delay(&settings, 1), Duration::from_secs(30));
        assert_eq!(delay(&settings, 2), Duration::from_secs(60));
        assert_eq!(delay(&settings, 19), Duration::from_secs(6 * 3600));
        // Waits fall between the attempts: max_attempts - 1 of them.
        let total: Duration = (1..settings.max_attempts).map(|n| delay(&settings, n)).sum();
        assert!(total > Duration::from_secs(2 * 86_400) && total < Duration::from_secs(4 * 86_400), "{total:?}");
        assert!(delay(&settings, 1) < Duration::from_secs(3600), "an hour's outage is covered many times over");
    }
}
