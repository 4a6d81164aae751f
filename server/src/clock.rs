//! The server's clock for what the domain stamps: when a record was made,
//! changed or acted on, and "today" for deadlines. It is the system clock,
//! except inside [`as_of`]: the demo loader replays two months of a
//! county's work day by day, each step as of its own time, through the same
//! mutations a phone sends. Nothing else sets it. Times from devices are
//! claims bounded against it (see `sync::device_time`); infrastructure
//! (sessions, tokens, uploads, the change log, jobs) reads the system clock.

use std::future::Future;

use chrono::{DateTime, Utc};

tokio::task_local! {
    static AS_OF: DateTime<Utc>;
}

/// The time now, as the domain sees it.
pub fn now() -> DateTime<Utc> {
    AS_OF.try_with(|at| *at).unwrap_or_else(|_| Utc::now())
}

/// Runs `work` as if it were `at`: [`now`] answers `at` inside it.
pub async fn as_of<F: Future>(at: DateTime<Utc>, work: F) -> F::Output {
    AS_OF.scope(at, work).await
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[tokio::test]
    async fn now_is_the_replayed_time_inside_as_of_and_the_system_time_outside() {
        let past = Utc::now() - Duration::days(40);
        assert_eq!(as_of(past, async { now() }).await, past);
        let outside = now();
        assert!((outside - Utc::now()).num_seconds().abs() < 5, "{outside}");
    }
}
