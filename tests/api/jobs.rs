//! Periodic jobs take turns through the database: with any number of
//! processes, one run per period.

use std::time::Duration;

use chrono::Utc;
use fieldsync::jobs::schedule::take_turn;
use fieldsync_tests::db_tests;
use uuid::Uuid;

db_tests! {
    async fn of_processes_asking_at_once_one_takes_the_turn_and_the_next_comes_a_period_later(app) {
        let db = &app.state.db;
        let period = Duration::from_secs(600);
        let now = Utc::now();
        let owners: Vec<Uuid> = (0..6).map(|_| Uuid::new_v4()).collect();
        let asks = owners.iter().map(|owner| take_turn(db, "test.job", *owner, period, now));
        let taken = futures::future::join_all(asks).await.into_iter().filter(|t| *t.as_ref().unwrap()).count();
        assert_eq!(taken, 1, "exactly one process runs the job");

        let halfway = now + chrono::Duration::seconds(300);
        for owner in &owners {
            assert!(!take_turn(db, "test.job", *owner, period, halfway).await.unwrap(), "not again within the period");
        }
        // Another job has its own turn.
        assert!(take_turn(db, "test.other", owners[0], period, halfway).await.unwrap());

        let later = now + chrono::Duration::seconds(600);
        let asks = owners.iter().map(|owner| take_turn(db, "test.job", *owner, period, later));
        let taken = futures::future::join_all(asks).await.into_iter().filter(|t| *t.as_ref().unwrap()).count();
        assert_eq!(taken, 1, "one run in the next period");
    }
}
