//! An access token is refused as soon as its session ends: sign-out, reuse
//! of a refresh token, a password reset. Before, a token named its session
//! but nothing asked whether the session still stood, so it worked for up to
//! its whole 900 s after the session was gone.

use fieldsync_tests::{DEMO_PASSWORD, Reply, TestApp, db_tests};
use reqwest::Method;
use serde_json::json;

/// A sign-in of `username`: (access token, refresh token).
async fn sign_in(app: &TestApp, username: &str) -> (String, String) {
    let body = app.login_reply(username, DEMO_PASSWORD).await.expect(200).clone();
    (body["access_token"].as_str().unwrap().to_owned(), body["refresh_token"].as_str().unwrap().to_owned())
}

async fn refresh(app: &TestApp, refresh_token: &str) -> Reply {
    app.send(Method::POST, "/v1/auth/refresh", None, Some(&json!({"refresh_token": refresh_token}))).await
}

const PROBE: &str = "/v1/templates";

db_tests! {
    async fn a_signed_out_session_refuses_its_access_token_at_once(app) {
        app.seed().await;
        let (signed_out, _) = sign_in(&app, "inspector").await;
        let (other, _) = sign_in(&app, "inspector").await;
        app.get(PROBE, &signed_out).await.expect(200);

        app.send(Method::POST, "/v1/auth/logout", Some(&signed_out), None).await.expect(204);

        app.get(PROBE, &signed_out).await.expect_error(401, "token_invalid");
        app.get(PROBE, &other).await.expect(200);
    }

    async fn a_refresh_token_used_twice_ends_the_access_tokens_of_its_session(app) {
        app.seed().await;
        let (first_access, first_refresh) = sign_in(&app, "inspector2").await;
        let renewed = refresh(&app, &first_refresh).await.expect(200).clone();
        let renewed_access = renewed["access_token"].as_str().unwrap().to_owned();
        app.get(PROBE, &renewed_access).await.expect(200);

        // The old refresh token again: someone copied it. The family is revoked.
        refresh(&app, &first_refresh).await.expect_error(401, "refresh_token_reused");

        app.get(PROBE, &first_access).await.expect_error(401, "token_invalid");
        app.get(PROBE, &renewed_access).await.expect_error(401, "token_invalid");
    }

    async fn a_password_reset_ends_the_access_tokens_of_every_session_of_the_user(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let phone = app.login_reply("inspector", DEMO_PASSWORD).await.expect(200).clone();
        let (tablet, _) = sign_in(&app, "inspector").await;
        let (someone_else, _) = sign_in(&app, "supervisor").await;
        let me = phone["user"]["id"].as_str().unwrap();
        let phone = phone["access_token"].as_str().unwrap();

        app.patch(&format!("/v1/admin/users/{me}"), &admin, &json!({"password": "a-new-password-1"})).await.expect(200);

        app.get(PROBE, phone).await.expect_error(401, "token_invalid");
        app.get(PROBE, &tablet).await.expect_error(401, "token_invalid");
        app.get(PROBE, &someone_else).await.expect(200);
        // The new password signs in and its token works.
        let fresh = app.login_reply("inspector", "a-new-password-1").await.expect(200)["access_token"].clone();
        app.get(PROBE, fresh.as_str().unwrap()).await.expect(200);
    }
}
