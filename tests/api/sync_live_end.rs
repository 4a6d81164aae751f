//! Live event streams end when they should: when the server shuts down
//! (without holding the shutdown for its grace period), when their session
//! ends (sign-out, disabled account, password reset), on whichever server
//! process holds them; and a token with no time left opens none.

use std::time::{Duration, Instant};

use fieldsync::{auth::token, templates::seed::DUST_CONTROL_V1};
use fieldsync_tests::{Backend, TestApp, db_tests};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);
/// Longer than any wait of these tests: a stream that held the shutdown
/// would make it last this long.
const GRACE_SECS: u64 = 30;

/// Signs in from a device of its own; returns the login answer.
async fn login_from(app: &TestApp, username: &str, device: &str) -> Value {
    let body = json!({"username": username, "password": fieldsync_tests::DEMO_PASSWORD, "device_id": device});
    app.send(Method::POST, "/v1/auth/login", None, Some(&body)).await.expect(200).clone()
}

fn access_token(login: &Value) -> String {
    login["access_token"].as_str().unwrap().to_owned()
}

/// Opens a stream and reads its first event.
async fn open(app: &TestApp, token: &str) -> fieldsync_tests::Events {
    let mut events = app.events(token, None).await;
    assert_eq!(events.next(WAIT).await.expect("ready").event, "ready");
    events
}

/// Pushes an inspection of site A, in the inspector's scope.
async fn change_in_scope(app: &TestApp, site: Uuid) {
    let mut writer = app.sync_client("supervisor").await;
    let args = json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": site});
    writer.mutate("inspection.create", args);
    writer.push().await.unwrap();
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
        let last = events.next(Duration::from_secs(1)).await.expect("an end event");

        assert!(took < Duration::from_secs(GRACE_SECS / 3), "shutdown took {took:?}, grace {GRACE_SECS} s");
        assert_eq!((last.event.as_str(), last.data.as_str()), ("end", r#"{"reason":"shutdown"}"#));
        assert!(events.ends_within(Duration::from_secs(1)).await, "the stream ended with the server");
        assert!(app.state.background.is_cancelled(), "background jobs were told to stop");
        assert_eq!(app.state.background.running(), 0, "and the shutdown waited for them");
    }

    async fn an_event_stream_ends_when_its_user_signs_out(app) {
        app.seed().await;
        let token = app.token("inspector").await;
        let mut events = open(&app, &token).await;

        app.send(Method::POST, "/v1/auth/logout", Some(&token), None).await.expect(204);

        let last = events.next(WAIT).await.expect("an end event");
        assert_eq!((last.event.as_str(), last.data.as_str()), ("end", r#"{"reason":"session_ended"}"#));
        assert!(events.ends_within(WAIT).await, "the stream of the ended session closed");
        // The access token still lapses on its own, but opens no stream of an ended session.
        app.try_events(&token).await.expect_error(401, "token_invalid");
    }

    async fn an_event_stream_ends_when_its_user_is_disabled(app) {
        app.seed().await;
        let login = login_from(&app, "inspector", "phone-1").await;
        let token = access_token(&login);
        let mut events = open(&app, &token).await;
        let admin = app.token("admin").await;

        let path = format!("/v1/admin/users/{}", login["user"]["id"].as_str().unwrap());
        app.patch(&path, &admin, &json!({"disabled": true})).await.expect(200);

        assert!(events.ends_within(WAIT).await, "the disabled user's stream closed");
        app.try_events(&token).await.expect_error(403, "account_disabled");
    }

    async fn an_event_stream_ends_when_its_users_password_is_reset(app) {
        app.seed().await;
        let login = login_from(&app, "inspector", "phone-1").await;
        let token = access_token(&login);
        let mut events = open(&app, &token).await;
        let admin = app.token("admin").await;

        let path = format!("/v1/admin/users/{}", login["user"]["id"].as_str().unwrap());
        app.patch(&path, &admin, &json!({"password": "a-new-password-2"})).await.expect(200);

        assert!(events.ends_within(WAIT).await, "the stream of the reset account closed");
        app.try_events(&token).await.expect_error(401, "token_invalid");
    }

    async fn signing_out_on_one_device_leaves_the_users_stream_on_another_open(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let phone = access_token(&login_from(&app, "inspector", "phone-1").await);
        let tablet = access_token(&login_from(&app, "inspector", "tablet-1").await);
        let mut on_phone = open(&app, &phone).await;
        let mut on_tablet = open(&app, &tablet).await;

        app.send(Method::POST, "/v1/auth/logout", Some(&tablet), None).await.expect(204);
        assert!(on_tablet.ends_within(WAIT).await, "the signed-out device's stream closed");
        change_in_scope(&app, places.site_a).await;

        let poke = on_phone.next(WAIT).await.expect("the other device is still poked");
        assert_eq!(poke.event, "poke");
    }

    async fn a_stream_is_not_opened_with_a_token_whose_time_is_up(app) {
        app.seed().await;
        let token = app.token("inspector").await;
        // Past its expiry, but within the clock leeway every other call allows.
        let mut claims = token::verify(&app.state.keys, &app.state.db, &token).await.unwrap();
        claims.exp = chrono::Utc::now().timestamp() - 5;
        let lapsed = token::sign(&app.state.keys, &claims).unwrap();
        app.get("/v1/templates", &lapsed).await.expect(200);

        // A stream would last no time: reconnecting with the same token would loop.
        app.try_events(&lapsed).await.expect_error(401, "token_expired");
    }

    async fn a_stream_says_it_ends_because_its_token_expired(app) {
        app.seed().await;
        let token = app.token("inspector").await;
        let mut claims = token::verify(&app.state.keys, &app.state.db, &token).await.unwrap();
        claims.exp = chrono::Utc::now().timestamp() + 2;
        let short = token::sign(&app.state.keys, &claims).unwrap();
        let mut events = open(&app, &short).await;

        let last = events.next(WAIT).await.expect("an end event at the token's expiry");
        assert_eq!((last.event.as_str(), last.data.as_str()), ("end", r#"{"reason":"token_expired"}"#));
        assert!(events.ends_within(Duration::from_secs(1)).await, "nothing follows the end event");
        // The device refreshes before reconnecting; the old token opens nothing.
        app.try_events(&short).await.expect_error(401, "token_expired");
        open(&app, &app.token("inspector").await).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_on_one_server_process_ends_the_stream_held_by_another() {
    let Some(backend) = Backend::postgres() else { return };
    let first = TestApp::spawn(backend).await;
    first.seed().await;
    let second = first.spawn_sibling().await;
    let token = first.token("inspector").await;
    let mut events = open(&second, &token).await;

    first.send(Method::POST, "/v1/auth/logout", Some(&token), None).await.expect(204);

    assert!(events.ends_within(WAIT).await, "the other process ended the stream");
    second.stop().await;
    first.stop().await;
}
