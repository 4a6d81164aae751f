//! A NUL character (U+0000) in text is refused with the field named, the
//! same on SQLite and PostgreSQL (which cannot store it in text): in JSON
//! bodies, in CSV cells, in query parameters, and in pushed mutations, where
//! it rejects the one mutation, not the push.

use fieldsync::{
    directory::sites::entity as site, inspections::entity as inspection, templates::seed::DUST_CONTROL_V1,
};
use fieldsync_tests::{Reply, TestApp, db_tests};
use reqwest::Method;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::directory_import::{failed_lines, import, row_code};

/// The one invalid field of a `validation_failed` answer: (field, code, message).
fn only_field(error: &Value) -> (String, String, String) {
    let fields = error["details"]["fields"].as_array().unwrap_or_else(|| panic!("no fields: {error}"));
    assert_eq!(fields.len(), 1, "{error}");
    let text = |key: &str| fields[0][key].as_str().unwrap_or_default().to_owned();
    (text("field"), text("code"), text("message"))
}

async fn push(app: &TestApp, token: &str, body: &Value) -> Reply {
    let request =
        app.http.post(app.url("/v1/sync/push")).bearer_auth(token).header("fieldsync-protocol", "1").json(body);
    TestApp::read(request).await
}

fn create(id: u64, site: Uuid, extra: Value) -> Value {
    let mut args =
        json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": site});
    args.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    json!({"id": id, "name": "inspection.create", "args": args})
}

db_tests! {
    async fn a_nul_character_in_a_json_body_is_refused_naming_the_field(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let admin = app.token("admin").await;
        let path = format!("/v1/admin/sites/{}", places.site_a);

        let reply = app.patch(&path, &admin, &json!({"name": "Site\u{0}A"})).await;
        let zh = TestApp::read(
            app.http.patch(app.url(&path)).bearer_auth(&admin).header("accept-language", "zh-CN").json(&json!({"address": "x\u{0}"})),
        ).await;
        let nested = app.post("/v1/admin/households", &admin, &json!({"head_name": "Wang", "members": [{"note": "a\u{0}"}]})).await;

        reply.expect_error(422, "validation_failed");
        let (field, code, message) = only_field(&reply.body["error"]);
        assert_eq!((field.as_str(), code.as_str()), ("name", "nul_character"));
        assert!(message.contains("NUL"), "{message}");
        zh.expect_error(422, "validation_failed");
        let (field, _, message) = only_field(&zh.body["error"]);
        assert_eq!(field, "address");
        assert!(message.contains("空字符"), "{message}");
        nested.expect_error(422, "validation_failed");
        assert_eq!(only_field(&nested.body["error"]).0, "members[0].note");
        let stored = site::Entity::find_by_id(places.site_a).one(app.state.db.read()).await.unwrap().unwrap();
        assert_eq!((stored.name.as_str(), stored.address.as_str()), ("Site A", "Somewhere"), "nothing changed");
    }

    async fn a_nul_character_in_a_query_parameter_is_refused(app) {
        app.seed().await;
        let admin = app.token("admin").await;

        let reply = app.get("/v1/admin/sites?q=a%00b", &admin).await;

        reply.expect_error(400, "invalid_parameter");
        assert_eq!(reply.body["error"]["details"]["parameter"], "q", "{}", reply.text);
    }

    async fn a_nul_character_in_a_csv_cell_fails_its_row_and_stores_nothing(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let before = site::Entity::find().count(app.state.db.read()).await.unwrap();
        let file = "name,address,project_type,region_code\n\
                    Good Site,1 Road,housing,130101001\n\
                    Bad\0Site,2 Road,housing,130101001\n";

        let reply = import(&app, &admin, "sites", file).await;

        assert_eq!(failed_lines(&reply), [3]);
        assert_eq!(row_code(&reply, 3, "name"), "nul_character");
        let after = site::Entity::find().count(app.state.db.read()).await.unwrap();
        assert_eq!(before, after, "nothing is stored");
    }

    async fn a_pushed_mutation_with_a_nul_character_is_rejected_alone(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let batch = json!({"client_id": Uuid::new_v4(), "mutations": [
            create(1, places.site_a, json!({"notes": "north\u{0}side"})),
            create(2, places.site_a, json!({"answers": {"hoarding_closed": {"value": "pass", "note": "\u{0}"}}})),
            create(3, places.site_a, json!({"notes": "fine"})),
        ]});

        let reply = push(&app, &token, &batch).await;
        let again = push(&app, &token, &batch).await;

        let body = reply.expect(200);
        assert_eq!(body["last_mutation_id"], 3);
        let statuses: Vec<&str> = body["results"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["rejected", "rejected", "applied"]);
        for (result, expected) in body["results"].as_array().unwrap().iter().zip(["notes", "answers.hoarding_closed.note"]) {
            assert_eq!(result["error"]["code"], "validation_failed", "{result}");
            let (field, code, _) = only_field(&result["error"]);
            assert_eq!((field.as_str(), code.as_str()), (expected, "nul_character"));
        }
        assert_eq!(again.expect(200), body, "a retry gets the stored answers");
        assert_eq!(inspection::Entity::find().count(app.state.db.read()).await.unwrap(), 1);
    }

    async fn a_nul_character_in_a_sign_in_is_refused_before_the_password_is_checked(app) {
        app.seed().await;

        let reply = app.send(Method::POST, "/v1/auth/login", None, Some(&json!({"username": "inspector\u{0}", "password": "x"}))).await;

        reply.expect_error(422, "validation_failed");
        assert_eq!(only_field(&reply.body["error"]).0, "username");
    }
}
