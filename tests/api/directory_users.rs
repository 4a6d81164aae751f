//! `/v1/admin/users`: accounts, their scope, disabling and passwords.

use std::collections::HashSet;

use fieldsync_tests::{DEMO_PASSWORD, TestApp, db_tests};
use reqwest::Method;
use serde_json::{Value, json};

use crate::directory_organisations::{column, error_fields, field_code, walk};

/// The id of a user, looked up by an admin.
async fn user_id(app: &TestApp, admin: &str, username: &str) -> String {
    let reply = app.get(&format!("/v1/admin/users?q={username}"), admin).await;
    let items = reply.expect(200)["items"].as_array().unwrap().clone();
    let user = items.iter().find(|u| u["username"] == username).unwrap_or_else(|| panic!("no user {username}"));
    user["id"].as_str().unwrap().to_owned()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

db_tests! {
    async fn an_admin_creates_a_user_who_can_then_sign_in(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;

        let created = app.post("/v1/admin/users", &admin, &json!({
            "username": "New.Inspector", "display_name": "New Inspector", "password": "long-enough-1",
            "role": "inspector", "region_id": seeded.village1, "phone": "13800138000"
        })).await;
        let login = app.login_reply("new.inspector", "long-enough-1").await;

        let user = created.expect(201);
        assert_eq!(user["username"], "new.inspector");
        assert_eq!(user["role"], "inspector");
        assert_eq!(user["region_id"], seeded.village1.to_string());
        assert!(user.get("password_hash").is_none() && !created.text.contains("argon2"), "{}", created.text);
        login.expect(200);
    }

    async fn an_admin_changes_a_users_name_phone_role_and_region(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let id = user_id(&app, &admin, "inspector").await;

        let changed = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({
            "display_name": "Chief", "phone": "0311-1234567", "role": "supervisor", "region_id": seeded.township2
        })).await;
        let cleared = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"phone": null})).await;
        let read = app.get(&format!("/v1/admin/users/{id}"), &admin).await;

        let changed = changed.expect(200);
        assert_eq!(changed["display_name"], "Chief");
        assert_eq!(changed["phone"], "0311-1234567");
        assert_eq!(changed["role"], "supervisor");
        assert_eq!(changed["region_id"], seeded.township2.to_string());
        assert_eq!(cleared.expect(200)["phone"], Value::Null);
        assert_eq!(read.expect(200)["display_name"], "Chief");
    }

    async fn a_new_role_is_checked_against_region_and_organisation(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let id = user_id(&app, &admin, "inspector").await;

        let no_company = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"role": "contractor"})).await;
        let company = app.patch(&format!("/v1/admin/users/{id}"), &admin,
            &json!({"role": "contractor", "organisation_id": seeded.company_b, "region_id": null})).await;

        no_company.expect_error(422, "validation_failed");
        assert_eq!(field_code(&no_company.body["error"]["details"], "organisation_id"), "required");
        let company = company.expect(200);
        assert_eq!(company["role"], "contractor");
        assert_eq!(company["organisation_id"], seeded.company_b.to_string());
    }

    async fn the_user_list_filters_by_role_region_organisation_state_and_text(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let inspector2 = user_id(&app, &admin, "inspector2").await;
        app.patch(&format!("/v1/admin/users/{inspector2}"), &admin, &json!({"disabled": true})).await.expect(200);

        let inspectors = app.get("/v1/admin/users?role=inspector", &admin).await;
        let township1 = app.get(&format!("/v1/admin/users?region_id={}", seeded.township1), &admin).await;
        let company_a = app.get(&format!("/v1/admin/users?organisation_id={}", seeded.company_a), &admin).await;
        let disabled = app.get("/v1/admin/users?disabled=true", &admin).await;
        let text = app.get("/v1/admin/users?q=SUPERVISOR", &admin).await;

        assert_eq!(column(inspectors.expect(200), "username"), ["inspector", "inspector2"]);
        assert_eq!(column(township1.expect(200), "username"), ["supervisor1", "inspector"]);
        assert_eq!(column(company_a.expect(200), "username"), ["contractor"]);
        assert_eq!(column(disabled.expect(200), "username"), ["inspector2"]);
        assert_eq!(column(text.expect(200), "username"), ["supervisor", "supervisor1"]);
    }

    async fn paging_walks_every_user_exactly_once(app) {
        app.seed().await;
        let admin = app.token("admin").await;

        let items = walk(&app, &admin, "/v1/admin/users", 3).await;

        let ids: HashSet<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(items.len(), 7);
        assert_eq!(ids.len(), 7);
    }

    async fn a_supervisor_cannot_create_an_admin_or_a_supervisor(app) {
        let seeded = app.seed().await;
        let supervisor = app.token("supervisor").await;
        let body = |role: &str| json!({
            "username": format!("new-{role}"), "display_name": "X", "password": "long-enough-1",
            "role": role, "region_id": seeded.township1
        });

        let admin = app.post("/v1/admin/users", &supervisor, &body("admin")).await;
        let peer = app.post("/v1/admin/users", &supervisor, &body("supervisor")).await;
        let inspector = app.post("/v1/admin/users", &supervisor, &body("inspector")).await;

        admin.expect_error(403, "forbidden");
        peer.expect_error(403, "forbidden");
        inspector.expect(201);
    }

    async fn a_township_supervisor_creates_inspectors_only_in_their_township(app) {
        let seeded = app.seed().await;
        let supervisor1 = app.token("supervisor1").await;
        let body = |name: &str, region: uuid::Uuid| json!({
            "username": name, "display_name": name, "password": "long-enough-1", "role": "inspector", "region_id": region
        });

        let own = app.post("/v1/admin/users", &supervisor1, &body("own", seeded.village1)).await;
        let other = app.post("/v1/admin/users", &supervisor1, &body("other", seeded.village2)).await;

        own.expect(201);
        other.expect_error(422, "validation_failed");
        assert_eq!(field_code(&other.body["error"]["details"], "region_id"), "not_found");
    }

    async fn a_township_supervisor_sees_only_the_users_of_their_township(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let supervisor = app.token("supervisor").await;
        let supervisor1 = app.token("supervisor1").await;
        let inspector2 = user_id(&app, &admin, "inspector2").await;

        let township = app.get("/v1/admin/users", &supervisor1).await;
        let county = app.get("/v1/admin/users", &supervisor).await;
        let read = app.get(&format!("/v1/admin/users/{inspector2}"), &supervisor1).await;
        let edit = app.patch(&format!("/v1/admin/users/{inspector2}"), &supervisor1, &json!({"disabled": true})).await;

        assert_eq!(sorted(column(township.expect(200), "username")), ["inspector", "supervisor1"]);
        assert_eq!(
            sorted(column(county.expect(200), "username")),
            ["contractor", "contractor2", "inspector", "inspector2", "supervisor", "supervisor1"],
            "a county supervisor sees contractors of companies registered in the county, not admins"
        );
        read.expect_error(404, "not_found");
        edit.expect_error(404, "not_found");
    }

    async fn a_supervisor_cannot_change_another_supervisor(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let supervisor = app.token("supervisor").await;
        let supervisor1 = user_id(&app, &admin, "supervisor1").await;
        let inspector = user_id(&app, &admin, "inspector").await;

        let peer = app.patch(&format!("/v1/admin/users/{supervisor1}"), &supervisor, &json!({"disabled": true})).await;
        let promote = app.patch(&format!("/v1/admin/users/{inspector}"), &supervisor, &json!({"role": "supervisor"})).await;
        let rename = app.patch(&format!("/v1/admin/users/{inspector}"), &supervisor, &json!({"display_name": "Renamed"})).await;

        peer.expect_error(403, "forbidden");
        promote.expect_error(403, "forbidden");
        assert_eq!(rename.expect(200)["display_name"], "Renamed");
    }

    async fn disabling_a_user_makes_their_next_login_and_refresh_fail(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let id = user_id(&app, &admin, "inspector").await;
        let session = app.login_reply("inspector", DEMO_PASSWORD).await;
        let session = session.expect(200).clone();
        let refresh_token = session["refresh_token"].as_str().unwrap();
        let access_token = session["access_token"].as_str().unwrap();

        let disabled = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"disabled": true})).await;
        let login = app.login_reply("inspector", DEMO_PASSWORD).await;
        let refresh = app.send(Method::POST, "/v1/auth/refresh", None, Some(&json!({"refresh_token": refresh_token}))).await;
        let with_old_token = app.get("/v1/admin/users", access_token).await;

        assert_eq!(disabled.expect(200)["disabled"], true);
        login.expect_error(403, "account_disabled");
        refresh.expect_error(401, "refresh_token_invalid");
        with_old_token.expect_error(403, "account_disabled");
    }

    async fn enabling_a_user_again_lets_them_sign_in(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let id = user_id(&app, &admin, "inspector").await;
        app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"disabled": true})).await.expect(200);

        let enabled = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"disabled": false})).await;
        let login = app.login_reply("inspector", DEMO_PASSWORD).await;

        assert_eq!(enabled.expect(200)["disabled"], false);
        login.expect(200);
    }

    async fn an_admin_cannot_disable_their_own_account(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let id = user_id(&app, &admin, "admin").await;

        let reply = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"disabled": true})).await;

        reply.expect_error(422, "validation_failed");
        assert_eq!(field_code(&reply.body["error"]["details"], "disabled"), "cannot_disable_self");
    }

    async fn a_new_password_replaces_the_old_one(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let id = user_id(&app, &admin, "inspector").await;

        let short = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"password": "short"})).await;
        let set = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"password": "a-new-password"})).await;
        let old = app.login_reply("inspector", DEMO_PASSWORD).await;
        let new = app.login_reply("inspector", "a-new-password").await;

        short.expect_error(422, "validation_failed");
        assert_eq!(field_code(&short.body["error"]["details"], "password"), "too_short");
        set.expect(200);
        old.expect_error(401, "invalid_credentials");
        new.expect(200);
    }

    async fn invalid_user_fields_are_reported_together(app) {
        app.seed().await;
        let admin = app.token("admin").await;

        let reply = app.post("/v1/admin/users", &admin, &json!({
            "username": "two words", "display_name": "", "password": "short", "role": "boss", "phone": "call me"
        })).await;

        reply.expect_error(422, "validation_failed");
        assert_eq!(error_fields(&reply.body["error"]["details"]), ["username", "display_name", "password", "role", "phone"]);
    }

    async fn a_username_is_unique_regardless_of_case(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;

        let reply = app.post("/v1/admin/users", &admin, &json!({
            "username": "INSPECTOR", "display_name": "X", "password": "long-enough-1", "role": "inspector", "region_id": seeded.township1
        })).await;

        reply.expect_error(422, "validation_failed");
        assert_eq!(field_code(&reply.body["error"]["details"], "username"), "taken");
    }

    async fn unknown_user_fields_and_ids_are_refused(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let id = user_id(&app, &admin, "inspector").await;
        let missing = uuid::Uuid::now_v7();

        let extra = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"password_hash": "x"})).await;
        let rename = app.patch(&format!("/v1/admin/users/{id}"), &admin, &json!({"username": "x"})).await;
        let read = app.get(&format!("/v1/admin/users/{missing}"), &admin).await;
        let edit = app.patch(&format!("/v1/admin/users/{missing}"), &admin, &json!({"display_name": "X"})).await;

        extra.expect_error(422, "validation_failed");
        rename.expect_error(422, "validation_failed");
        read.expect_error(404, "not_found");
        edit.expect_error(404, "not_found");
    }

    async fn inspectors_and_contractors_are_forbidden_the_user_admin_api(app) {
        app.seed().await;
        for username in ["inspector", "contractor"] {
            let token = app.token(username).await;

            let list = app.get("/v1/admin/users", &token).await;
            let create = app.post("/v1/admin/users", &token, &json!({
                "username": "x", "display_name": "x", "password": "long-enough-1", "role": "inspector"
            })).await;

            list.expect_error(403, "forbidden");
            create.expect_error(403, "forbidden");
        }
    }
    async fn the_command_line_makes_a_contractor_of_a_company_named_by_its_credit_code_or_name(app) {
        use fieldsync::{directory::users::repo::{self, Placement}, policy::Role};
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let company = app.get(&format!("/v1/admin/organisations/{}", seeded.company_a), &admin).await.expect(200).clone();
        let name = company["name"].as_str().unwrap().to_owned();
        let by_name = Placement { region_code: None, organisation: Some(name.clone()) };
        let made = repo::create_from_cli(&app.state.db, "wang.cli", Role::Contractor, None, by_name, "long-enough-1".into()).await.unwrap();
        assert_eq!(made.organisation_id, Some(seeded.company_a));
        let nowhere = Placement { region_code: None, organisation: Some("No Such Company Ltd".into()) };
        let refused = repo::create_from_cli(&app.state.db, "li.cli", Role::Contractor, None, nowhere, "long-enough-1".into()).await;
        assert!(refused.unwrap_err().to_string().contains("no organisation"), "a company that does not exist is named");
        let login = app.login_reply("wang.cli", "long-enough-1").await;
        let token = login.expect(200)["access_token"].as_str().unwrap().to_owned();
        assert_eq!(app.get("/v1/notices", &token).await.status, 200, "the new contractor signs in and sees their orders");
    }
}
