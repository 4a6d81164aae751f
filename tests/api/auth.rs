//! Sign-in, tokens, refresh rotation, sign-out, throttling, and role and
//! scope denials — each with its error code.

use fieldsync::{
    auth::{keys, token},
    directory::users::repo as users,
};
use fieldsync_tests::{Backend, DEMO_PASSWORD, TestApp, db_tests};
use reqwest::Method;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

async fn refresh(app: &TestApp, refresh_token: &str) -> fieldsync_tests::Reply {
    app.send(Method::POST, "/v1/auth/refresh", None, Some(&json!({"refresh_token": refresh_token}))).await
}

/// The claims of a real sign-in of `name`, valid for `ttl` seconds from now.
async fn claims_for(app: &TestApp, name: &str, ttl: i64) -> token::Claims {
    let token = app.token(name).await;
    let mut claims = token::verify(&app.state.keys, &app.state.db, &token).await.unwrap();
    claims.iat = chrono::Utc::now().timestamp();
    claims.exp = claims.iat + ttl;
    claims
}

db_tests! {
    async fn the_right_password_returns_both_tokens_and_the_user(app) {
        app.seed().await;
        let reply = app.login_reply("Inspector", DEMO_PASSWORD).await;
        let body = reply.expect(200);
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 900);
        assert!(body["refresh_token"].as_str().unwrap().len() >= 40);
        assert_eq!(body["user"]["username"], "inspector");
        assert_eq!(body["user"]["role"], "inspector");
        assert!(body["user"].get("password_hash").is_none());
        let token = body["access_token"].as_str().unwrap();
        // The device was registered and is in the token.
        let devices = fieldsync::directory::devices::entity::Entity::find().count(app.state.db.read()).await.unwrap();
        assert_eq!(devices, 1);
        let inspector = app.user("inspector").await;
        let claims = token::verify(&app.state.keys, &app.state.db, token).await.unwrap();
        assert_eq!(claims.sub, inspector.id);
        assert!(claims.dev.is_some());
    }

    async fn a_wrong_password_and_an_unknown_user_get_the_same_answer(app) {
        app.seed().await;
        app.login_reply("inspector", "wrong-password").await.expect_error(401, "invalid_credentials");
        app.login_reply("nobody", DEMO_PASSWORD).await.expect_error(401, "invalid_credentials");
        app.login_reply("  ", DEMO_PASSWORD).await.expect_error(422, "validation_failed");
    }

    async fn a_request_without_a_token_or_with_garbage_is_refused(app) {
        app.seed().await;
        app.send(Method::GET, "/v1/admin/regions", None, None).await.expect_error(401, "unauthenticated");
        app.get("/v1/admin/regions", "garbage").await.expect_error(401, "token_invalid");
        let request = app.http.get(app.url("/v1/admin/regions")).header("authorization", "Basic YWRtaW46eA==");
        TestApp::read(request).await.expect_error(401, "unauthenticated");
    }

    async fn an_expired_token_is_refused_with_token_expired(app) {
        app.seed().await;
        let mut claims = claims_for(&app, "admin", 60).await;
        claims.iat -= 3600;
        claims.exp = claims.iat + 60;
        let expired = token::sign(&app.state.keys, &claims).unwrap();
        app.get("/v1/admin/regions", &expired).await.expect_error(401, "token_expired");
        let fresh = token::sign(&app.state.keys, &claims_for(&app, "admin", 60).await).unwrap();
        app.get("/v1/admin/regions", &fresh).await.expect(200);
    }

    async fn a_tampered_token_is_refused(app) {
        app.seed().await;
        let token = app.token("inspector").await;
        let parts: Vec<&str> = token.split('.').collect();
        // Raise the role in the payload, keep the signature.
        let payload = String::from_utf8(base64_decode(parts[1])).unwrap().replace("\"inspector\"", "\"admin\"");
        let forged = format!("{}.{}.{}", parts[0], base64_encode(payload.as_bytes()), parts[2]);
        app.get("/v1/admin/regions", &forged).await.expect_error(401, "token_invalid");
        // An unsigned token ("alg": "none") is refused too.
        let none = format!("{}.{}.", base64_encode(br#"{"alg":"none","typ":"JWT"}"#), parts[1]);
        app.get("/v1/admin/regions", &none).await.expect_error(401, "token_invalid");
    }

    async fn rotating_the_key_logs_nobody_out_and_a_retired_key_is_refused(app) {
        app.seed().await;
        let old_token = app.token("supervisor").await;
        let old_kid = header_kid(&old_token);
        let new_kid = keys::rotate(&app.state.db).await.unwrap();
        app.state.keys.reload(&app.state.db).await.unwrap();
        // Still valid after rotation; new tokens use the new key.
        app.get("/v1/admin/regions", &old_token).await.expect(200);
        let new_token = app.token("supervisor").await;
        assert_eq!(header_kid(&new_token), new_kid);
        assert!(keys::retire(&app.state.db, &old_kid).await.unwrap());
        app.state.keys.reload(&app.state.db).await.unwrap();
        app.get("/v1/admin/regions", &old_token).await.expect_error(401, "token_invalid");
        app.get("/v1/admin/regions", &new_token).await.expect(200);
    }

    async fn a_refresh_token_works_once_and_its_reuse_revokes_the_session(app) {
        app.seed().await;
        let login = app.login_reply("inspector", DEMO_PASSWORD).await;
        let first = login.expect(200)["refresh_token"].as_str().unwrap().to_owned();
        let second_reply = refresh(&app, &first).await;
        let second = second_reply.expect(200)["refresh_token"].as_str().unwrap().to_owned();
        assert_ne!(first, second);
        let access = second_reply.body["access_token"].as_str().unwrap();
        app.send(Method::POST, "/v1/auth/logout", Some(access), None).await; // unrelated session check below
        // A second session is untouched by what happens to the first.
        let other = app.login_reply("inspector", DEMO_PASSWORD).await.expect(200)["refresh_token"].as_str().unwrap().to_owned();

        let login = app.login_reply("inspector", DEMO_PASSWORD).await;
        let a = login.expect(200)["refresh_token"].as_str().unwrap().to_owned();
        let b = refresh(&app, &a).await.expect(200)["refresh_token"].as_str().unwrap().to_owned();
        refresh(&app, &a).await.expect_error(401, "refresh_token_reused");
        // The whole family is revoked, including the newest token.
        refresh(&app, &b).await.expect_error(401, "refresh_token_invalid");
        refresh(&app, &other).await.expect(200);
        refresh(&app, "not-a-token").await.expect_error(401, "refresh_token_invalid");
    }

    async fn sign_in_and_refresh_refuse_fields_they_do_not_know(app) {
        app.seed().await;
        let login = app.login_reply("inspector", DEMO_PASSWORD).await;
        let refresh_token = login.expect(200)["refresh_token"].as_str().unwrap().to_owned();

        let extra_login = json!({"username": "inspector", "password": DEMO_PASSWORD, "device_id": "d-1", "remember_me": true});
        let login = app.send(Method::POST, "/v1/auth/login", None, Some(&extra_login)).await;
        let extra_refresh = json!({"refresh_token": refresh_token, "device_id": "d-1"});
        let refreshed = app.send(Method::POST, "/v1/auth/refresh", None, Some(&extra_refresh)).await;

        login.expect_error(422, "validation_failed");
        assert!(login.body["error"]["details"]["reason"].as_str().unwrap().contains("remember_me"), "{}", login.text);
        refreshed.expect_error(422, "validation_failed");
        assert!(refreshed.body["error"]["details"]["reason"].as_str().unwrap().contains("device_id"), "{}", refreshed.text);
        // Refused before it was used: the refresh token still works.
        refresh(&app, &refresh_token).await.expect(200);
    }

    async fn logout_ends_the_session(app) {
        app.seed().await;
        let login = app.login_reply("contractor", DEMO_PASSWORD).await;
        let body = login.expect(200);
        let access = body["access_token"].as_str().unwrap();
        let refresh_token = body["refresh_token"].as_str().unwrap();
        app.send(Method::POST, "/v1/auth/logout", Some(access), None).await.expect(204);
        refresh(&app, refresh_token).await.expect_error(401, "refresh_token_invalid");
    }

    async fn a_disabled_user_can_neither_sign_in_nor_refresh_nor_use_a_token(app) {
        app.seed().await;
        let login = app.login_reply("inspector", DEMO_PASSWORD).await;
        let body = login.expect(200).clone();
        let inspector = app.user("inspector").await;
        users::set_disabled(app.state.db.write(), inspector, true).await.unwrap();
        app.get("/v1/admin/regions", body["access_token"].as_str().unwrap()).await.expect_error(403, "account_disabled");
        refresh(&app, body["refresh_token"].as_str().unwrap()).await.expect_error(401, "refresh_token_invalid");
        app.login_reply("inspector", DEMO_PASSWORD).await.expect_error(403, "account_disabled");
    }

    async fn an_inspector_and_a_contractor_may_not_use_the_admin_api(app) {
        app.seed().await;
        for name in ["inspector", "contractor"] {
            let token = app.token(name).await;
            app.get("/v1/admin/regions", &token).await.expect_error(403, "forbidden");
        }
    }

    async fn a_township_supervisor_cannot_see_or_edit_another_township(app) {
        let seeded = app.seed().await;
        let token = app.token("supervisor1").await;
        // Their own township's village: visible and editable.
        app.patch(&format!("/v1/admin/regions/{}", seeded.village1), &token, &json!({"name": "Renamed"})).await.expect(200);
        // Their root itself: visible but not editable.
        app.get(&format!("/v1/admin/regions/{}", seeded.township1), &token).await.expect(200);
        app.patch(&format!("/v1/admin/regions/{}", seeded.township1), &token, &json!({"name": "X"})).await.expect_error(403, "forbidden");
        // Another township and its village: as if they did not exist.
        for id in [seeded.township2, seeded.village2, seeded.county] {
            app.get(&format!("/v1/admin/regions/{id}"), &token).await.expect_error(404, "not_found");
            app.patch(&format!("/v1/admin/regions/{id}"), &token, &json!({"name": "X"})).await.expect_error(404, "not_found");
        }
        let listed = app.get("/v1/admin/regions?limit=100", &token).await;
        let ids: Vec<&str> = listed.expect(200)["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(!ids.contains(&seeded.village2.to_string().as_str()));
        // Nor create below it, nor create a county.
        let body = json!({"parent_id": seeded.township2, "level": "village", "code": "999", "name": "Sneaky"});
        app.post("/v1/admin/regions", &token, &body).await.expect_error(422, "validation_failed");
        let body = json!({"level": "county", "code": "998", "name": "Sneaky"});
        app.post("/v1/admin/regions", &token, &body).await.expect_error(403, "forbidden");
        let unchanged = app.get(&format!("/v1/admin/regions/{}", seeded.village2), &app.token("admin").await).await;
        assert_eq!(unchanged.expect(200)["name"], "Village Two");
    }

    async fn region_creation_checks_levels_fields_and_unique_codes(app) {
        let seeded = app.seed().await;
        let token = app.token("supervisor").await;
        let body = json!({"parent_id": seeded.township1, "level": "village", "code": "130101002", "name": "Village Three"});
        let created = app.post("/v1/admin/regions", &token, &body).await;
        assert_eq!(created.expect(201)["parent_id"], seeded.township1.to_string());
        app.post("/v1/admin/regions", &token, &body).await.expect_error(409, "already_exists");
        let wrong_parent = json!({"parent_id": seeded.county, "level": "village", "code": "1", "name": "V"});
        let reply = app.post("/v1/admin/regions", &token, &wrong_parent).await;
        reply.expect_error(422, "validation_failed");
        assert_eq!(reply.body["error"]["details"]["fields"][0]["code"], "wrong_parent_level");
        let bad = json!({"parent_id": seeded.township1, "level": "hamlet", "code": "", "name": ""});
        let reply = app.post("/v1/admin/regions", &token, &bad).await;
        reply.expect_error(422, "validation_failed");
        let fields: Vec<&str> = reply.body["error"]["details"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["level", "code", "name"]);
        let missing = json!({"parent_id": uuid::Uuid::now_v7(), "level": "village", "code": "2", "name": "V"});
        let reply = app.post("/v1/admin/regions", &token, &missing).await;
        reply.expect_error(422, "validation_failed");
        assert_eq!(reply.body["error"]["details"]["fields"][0]["code"], "not_found");
        app.get(&format!("/v1/admin/regions/{}", uuid::Uuid::now_v7()), &token).await.expect_error(404, "not_found");
        app.get("/v1/admin/regions/not-a-uuid", &token).await.expect_error(404, "not_found");
        app.get("/v1/admin/regions?limit=0", &token).await.expect_error(400, "invalid_parameter");
        app.get("/v1/admin/regions?cursor=%%%", &token).await.expect_error(400, "invalid_parameter");
    }

    async fn region_lists_page_through_every_region_exactly_once(app) {
        app.seed().await;
        let token = app.token("admin").await;
        let mut seen = Vec::new();
        let mut path = "/v1/admin/regions?limit=2".to_owned();
        loop {
            let reply = app.get(&path, &token).await;
            let body = reply.expect(200).clone();
            seen.extend(body["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()));
            match body["next_cursor"].as_str() {
                Some(cursor) => path = format!("/v1/admin/regions?limit=2&cursor={cursor}"),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((seen.len(), unique.len()), (5, 5));
    }
}

/// Throttling needs its own settings, so it is declared by hand for both backends.
async fn repeated_failures_lock_the_user_name(backend: Backend) {
    let app = TestApp::spawn_with(backend, |s| s.auth.max_failures_per_user = 3).await;
    app.seed().await;
    for _ in 0..3 {
        app.login_reply("inspector", "wrong-password").await.expect_error(401, "invalid_credentials");
    }
    let reply = app.login_reply("inspector", DEMO_PASSWORD).await;
    reply.expect_error(429, "too_many_requests");
    let retry: u64 = reply.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 900, "{retry}");
    // Another user is not locked by it.
    app.login_reply("inspector2", DEMO_PASSWORD).await.expect(200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_lock_the_user_name_on_sqlite() {
    repeated_failures_lock_the_user_name(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_lock_the_user_name_on_postgres() {
    if let Some(backend) = Backend::postgres() {
        repeated_failures_lock_the_user_name(backend).await;
    }
}

fn header_kid(token: &str) -> String {
    let header: Value = serde_json::from_slice(&base64_decode(token.split('.').next().unwrap())).unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).unwrap()
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
