//! Login throttling holds under concurrency: guesses sent all at once each
//! take a number before any password is checked, so no more than the limit
//! are ever checked. Before, the count was read and then written: 150
//! parallel guesses were all checked and the right one answered 200.

use fieldsync_tests::db_tests;
use futures::future::join_all;

db_tests! {
    async fn parallel_guesses_for_one_user_are_checked_no_more_than_the_limit(app) {
        app.seed().await;
        let limit = app.state.settings.auth.max_failures_per_user as usize;
        let guesses = (0..40).map(|i| {
            let password = if i == 37 { fieldsync_tests::DEMO_PASSWORD.to_owned() } else { format!("wrong-{i}") };
            let app = &app;
            async move { app.login_reply("inspector", &password).await }
        });
        let replies = join_all(guesses).await;
        let checked = replies.iter().filter(|r| r.status == 401 || r.status == 200).count();
        let refused = replies.iter().filter(|r| r.status == 429).count();
        assert!(checked <= limit, "{checked} guesses were checked; the limit is {limit}");
        assert_eq!(checked + refused, 40, "every other guess is refused with 429");
        assert!(replies.iter().filter(|r| r.status == 429).all(|r| r.headers.contains_key("retry-after")));
        // Locked now, whatever the password.
        let after = app.login_reply("inspector", fieldsync_tests::DEMO_PASSWORD).await;
        if replies.iter().all(|r| r.status != 200) {
            assert_eq!(after.status, 429, "{}", after.text);
        }
    }
}
