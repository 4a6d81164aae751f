//! Checklist templates over HTTP and sync: admins publish versions, the
//! previous version is retired, bodies are checked, only bureau staff read
//! them.

use fieldsync::templates::seed::{
    DUST_CONTROL_V1, DUST_CONTROL_V2, QUALITY_SAFETY_V1, QUALITY_SAFETY_V2, QUALITY_SAFETY_V3,
};
use fieldsync_tests::{TestApp, db_tests};
use serde_json::{Value, json};
use uuid::Uuid;

/// The current version of dust control (2) with one more required item: the PM2.5 reading.
pub async fn dust_control_pm25_body(app: &TestApp, token: &str) -> Value {
    let current = app.get(&format!("/v1/templates/{DUST_CONTROL_V2}"), token).await;
    let mut body = current.expect(200)["body"].clone();
    let monitor = body["sections"].as_array_mut().unwrap().iter_mut().find(|s| s["id"] == "dust_monitor").unwrap();
    monitor["items"].as_array_mut().unwrap().push(json!({
        "id": "pm25", "prompt": {"zh": "在线监测PM2.5读数", "en": "Online PM2.5 reading"},
        "answer": {"type": "number", "unit": "µg/m³", "min": 0, "max": 5000, "pass_max": 75}, "required": true
    }));
    body
}

/// Publishes version 3 of dust control, with the PM2.5 reading, as the admin; returns its id.
pub async fn publish_dust_control_pm25(app: &TestApp) -> Uuid {
    let admin = app.token("admin").await;
    let body = dust_control_pm25_body(app, &admin).await;
    let draft = app
        .post("/v1/admin/templates", &admin, &json!({"kind": "dust_control", "code": "six_100", "body": body}))
        .await;
    let id = draft.expect(201)["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/admin/templates/{id}/publish"), &admin, &json!({})).await.expect(200);
    id.parse().unwrap()
}

fn codes(list: &Value) -> Vec<(String, i64, String)> {
    let mut codes: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["code"].as_str().unwrap().to_owned(),
                t["version"].as_i64().unwrap(),
                t["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    codes.sort();
    codes
}

db_tests! {
    async fn the_built_in_templates_are_published_at_startup(app) {
        app.seed().await;
        let inspector = app.token("inspector").await;
        let list = app.get("/v1/templates", &inspector).await;
        assert_eq!(codes(list.expect(200)), [
            ("jgj59".to_owned(), 3, "published".to_owned()),
            ("rural_appraisal".to_owned(), 1, "published".to_owned()),
            ("six_100".to_owned(), 2, "published".to_owned()),
        ]);
        let jgj = app.get(&format!("/v1/templates/{QUALITY_SAFETY_V3}"), &inspector).await;
        assert_eq!(jgj.expect(200)["body"]["sections"].as_array().unwrap().len(), 19);
        assert!(jgj.body["body"]["legal_basis"]["zh"].as_str().unwrap().contains("建设工程安全生产管理条例"));
        // Each later version retires the one before, which inspections made with it keep.
        for earlier in [QUALITY_SAFETY_V1, QUALITY_SAFETY_V2, DUST_CONTROL_V1] {
            let old = app.get(&format!("/v1/templates/{earlier}"), &inspector).await;
            assert_eq!(old.expect(200)["status"], "retired", "{earlier}");
        }
        let dust = app.get(&format!("/v1/templates/{DUST_CONTROL_V2}"), &inspector).await;
        assert_eq!(dust.expect(200)["body"]["sections"][1]["items"][0]["clause"]["zh"], "《中华人民共和国大气污染防治法》第六十九条");
    }

    async fn the_built_in_templates_are_stored_once_however_often_the_server_starts(app) {
        app.seed().await;
        let second = app.spawn_sibling().await;
        let list = second.get("/v1/templates?limit=10", &second.token("admin").await).await;
        assert_eq!(list.expect(200)["items"].as_array().unwrap().len(), 3);
        second.stop().await;
        let mut phone = app.sync_client("inspector").await;
        phone.pull_all().await.unwrap();
        assert_eq!(phone.store.of_type("template").count(), 6, "three published; JGJ 59 versions 1 and 2 and dust control version 1 retired");
    }

    async fn an_admin_publishes_a_new_version_and_the_old_one_is_retired(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let body = dust_control_pm25_body(&app, &admin).await;
        let draft = app.post("/v1/admin/templates", &admin, &json!({"kind": "dust_control", "code": "six_100", "body": body})).await;
        let draft = draft.expect(201).clone();
        assert_eq!((draft["version"].as_i64(), draft["status"].as_str()), (Some(3), Some("draft")));
        let id = draft["id"].as_str().unwrap();
        // A draft is on no device and in no list but the admin's.
        let mut phone = app.sync_client("inspector").await;
        phone.pull_all().await.unwrap();
        assert!(!phone.store.of_type("template").any(|(t, _)| t.to_string() == id));
        let published = app.post(&format!("/v1/admin/templates/{id}/publish"), &admin, &json!({})).await;
        assert_eq!(published.expect(200)["status"], "published");
        let current = app.get("/v1/templates?code=six_100", &admin).await;
        assert_eq!(codes(current.expect(200)), [("six_100".to_owned(), 3, "published".to_owned())]);
        let retired = app.get("/v1/templates?status=retired&code=six_100", &admin).await;
        assert_eq!(codes(retired.expect(200)), [("six_100".to_owned(), 1, "retired".to_owned()), ("six_100".to_owned(), 2, "retired".to_owned())]);
        // Devices receive the new version and the old one as retired.
        phone.pull_all().await.unwrap();
        let status = |id: &str| phone.store.records[&("template".to_string(), id.parse::<Uuid>().unwrap())]["status"].clone();
        assert_eq!((status(id), status(&DUST_CONTROL_V2.to_string())), (json!("published"), json!("retired")));
        // Published is final: no second publication.
        app.post(&format!("/v1/admin/templates/{id}/publish"), &admin, &json!({})).await.expect_error(409, "invalid_transition");
        // A code keeps its kind.
        let other_kind = app.post("/v1/admin/templates", &admin, &json!({"kind": "quality_safety", "code": "six_100", "body": draft["body"]})).await;
        other_kind.expect_error(422, "validation_failed");
        assert_eq!(other_kind.body["error"]["details"]["fields"][0]["field"], "kind");
    }

    async fn a_body_that_breaks_the_rules_is_refused_with_its_path(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let mut body = dust_control_pm25_body(&app, &admin).await;
        body["sections"][0]["items"][1]["id"] = json!("hoarding_closed");
        body["sections"][1]["items"][0]["answer"] = json!({"type": "number", "unit": "m", "min": 5, "max": 1});
        let reply = app.post("/v1/admin/templates", &admin, &json!({"kind": "dust_control", "code": "six_100", "body": body})).await;
        reply.expect_error(422, "validation_failed");
        let fields: Vec<String> = reply.body["error"]["details"]["fields"].as_array().unwrap().iter()
            .map(|f| format!("{} {}", f["field"].as_str().unwrap(), f["code"].as_str().unwrap())).collect();
        assert!(fields.contains(&"body.sections[0].items[1].id duplicate_id".to_owned()), "{fields:?}");
        assert!(fields.contains(&"body.sections[1].items[0].answer.max bad_range".to_owned()), "{fields:?}");
        let shapeless = app.post("/v1/admin/templates", &admin, &json!({"kind": "dust_control", "code": "x", "body": {"title": 1}})).await;
        shapeless.expect_error(422, "validation_failed");
        assert_eq!(shapeless.body["error"]["details"]["fields"][0]["code"], "invalid_body");
        let jgj = app.get(&format!("/v1/templates/{QUALITY_SAFETY_V1}"), &admin).await;
        let mut body = jgj.expect(200)["body"].clone();
        body["categories"][0]["weight"] = json!(20);
        let reply = app.post("/v1/admin/templates", &admin, &json!({"kind": "quality_safety", "code": "jgj59", "body": body})).await;
        reply.expect_error(422, "validation_failed");
        assert_eq!(reply.body["error"]["details"]["fields"][0]["code"], "bad_weights");
    }

    async fn only_admins_write_templates_and_contractors_read_none(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let body = dust_control_pm25_body(&app, &admin).await;
        let request = json!({"kind": "dust_control", "code": "six_100", "body": body});
        let draft = app.post("/v1/admin/templates", &admin, &request).await.expect(201)["id"].as_str().unwrap().to_owned();
        // (user, create, publish, list, read a published one, read the draft)
        let cases = [
            ("supervisor", 403, 403, 200, 200, 404),
            ("inspector", 403, 403, 200, 200, 404),
            ("contractor", 403, 403, 403, 404, 404),
            ("admin", 201, 200, 200, 200, 200),
        ];
        for (user, create, publish, list, read, read_draft) in cases {
            let token = app.token(user).await;
            let got = (
                app.post("/v1/admin/templates", &token, &request).await.status,
                app.post(&format!("/v1/admin/templates/{draft}/publish"), &token, &json!({})).await.status,
                app.get("/v1/templates", &token).await.status,
                app.get(&format!("/v1/templates/{DUST_CONTROL_V1}"), &token).await.status,
                app.get(&format!("/v1/templates/{draft}"), &token).await.status,
            );
            // The admin's publication above made `draft` published: readable by all staff from now on.
            let read_draft = if user == "admin" { 200 } else { read_draft };
            assert_eq!(got, (create, publish, list, read, read_draft), "{user}");
        }
        let drafts = app.get("/v1/templates?status=draft", &app.token("inspector").await).await;
        drafts.expect_error(403, "forbidden");
    }

    async fn contractors_receive_no_templates_and_no_inspections(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut inspector = app.device("inspector").await;
        inspector.apply(&app, "inspection.create", json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "site_id": places.site_a})).await;
        let mut contractor = app.sync_client("contractor").await;
        contractor.pull_all().await.unwrap();
        assert_eq!(contractor.store.of_type("template").count(), 0);
        assert_eq!(contractor.store.of_type("inspection").count(), 0);
        assert_eq!(contractor.store.of_type("site").count(), 1, "the contractor does see its site");
        let mut phone = app.sync_client("inspector").await;
        phone.pull_all().await.unwrap();
        assert_eq!((phone.store.of_type("template").count(), phone.store.of_type("inspection").count()), (6, 1));
    }
}
