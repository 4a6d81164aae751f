//! Live event streams end when they should: when the server shuts down,
//! without holding the shutdown for its grace period.

use std::time::{Duration, Instant};

use fieldsync_tests::{TestApp, db_tests};

const WAIT: Duration = Duration::from_secs(10);
/// Longer than any wait of these tests: a stream that held the shutdown
/// would make it last this long.
const GRACE_SECS: u64 = 30;

/// Opens a stream and reads its first event.
async fn open(app: &TestApp, token: &str) -> fieldsync_tests::Events {
    let mut events = app.events(token, None).await;
    assert_eq!(events.next(WAIT).await.expect("ready").event, "ready");
    events
}

db_tests! {
    settings = |s| s.http.shutdown_grace_secs = GRACE_SECS;

    async fn an_open_event_stream_ends_at_shutdown_instead_of_holding_it_for_the_grace_period(app) {
        app.seed().await;
        let token = app.token("inspector").await;
        let mut events = open(&app, &token).await;

        let started = Instant::now();
        app.shut_down().await;
        let took = started.elapsed();

        assert!(took < Duration::from_secs(GRACE_SECS / 3), "shutdown took {took:?}, grace {GRACE_SECS} s");
        assert!(events.ends_within(Duration::from_secs(1)).await, "the stream ended with the server");
        assert!(app.state.background.is_cancelled(), "background jobs were told to stop");
        assert_eq!(app.state.background.running(), 0, "and the shutdown waited for them");
    }
}
