//! Push: at most once, in order per client, a rejection never blocks, bad
//! input refused with clear codes and nothing stored.

use fieldsync::inspections::entity as inspection;
use fieldsync::templates::seed::DUST_CONTROL_V1;
use fieldsync_tests::{TestApp, db_tests};
use reqwest::Method;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use uuid::Uuid;

async fn push(app: &TestApp, token: &str, body: &Value) -> fieldsync_tests::Reply {
    let request =
        app.http.post(app.url("/v1/sync/push")).bearer_auth(token).header("fieldsync-protocol", "1").json(body);
    TestApp::read(request).await
}

fn create(id: u64, site: Uuid, inspection_id: Uuid) -> Value {
    json!({"id": id, "name": "inspection.create", "args": {"id": inspection_id, "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": site, "notes": "hoarding ok"}})
}

async fn inspections(app: &TestApp) -> u64 {
    inspection::Entity::find().count(app.state.db.read()).await.unwrap()
}

async fn audit_rows(app: &TestApp) -> u64 {
    fieldsync::audit::entity::Entity::find().count(app.state.db.read()).await.unwrap()
}

db_tests! {
    async fn the_same_batch_pushed_five_times_takes_effect_once(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let client = Uuid::new_v4();
        let batch = json!({"client_id": client, "mutations": [create(1, places.site_a, Uuid::new_v4()), create(2, places.site_a, Uuid::new_v4())]});
        let first = push(&app, &token, &batch).await;
        let first_body = first.expect(200).clone();
        assert_eq!(first_body["last_mutation_id"], 2);
        assert_eq!(first_body["results"][0]["status"], "applied");
        for _ in 0..4 {
            let again = push(&app, &token, &batch).await;
            assert_eq!(again.expect(200), &first_body, "a retry must get the same answer");
        }
        assert_eq!(inspections(&app).await, 2);
        assert_eq!(audit_rows(&app).await, 2);
        // A retry that overlaps new mutations applies only the new one.
        let overlap = json!({"client_id": client, "mutations": [create(2, places.site_a, Uuid::new_v4()), create(3, places.site_a, Uuid::new_v4())]});
        let reply = push(&app, &token, &overlap).await;
        assert_eq!(reply.expect(200)["last_mutation_id"], 3);
        assert_eq!(reply.body["results"][0], first_body["results"][1]);
        assert_eq!(inspections(&app).await, 3);
    }

    async fn a_rejected_mutation_does_not_block_the_ones_after_it(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let bad_kind = json!({"id": 2, "name": "inspection.create", "args": {"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "astrology", "site_id": places.site_a}});
        // Site B lies in township 2, outside the inspector's region: as if it did not exist.
        let out_of_scope = create(3, places.site_b, Uuid::new_v4());
        let unknown = json!({"id": 4, "name": "inspection.teleport", "args": {}});
        let wrong_shape = json!({"id": 5, "name": "inspection.create", "args": {"id": "not-a-uuid"}});
        let batch = json!({"client_id": Uuid::new_v4(), "mutations": [
            create(1, places.site_a, Uuid::new_v4()), bad_kind, out_of_scope, unknown, wrong_shape, create(6, places.site_a, Uuid::new_v4())
        ]});
        let reply = push(&app, &token, &batch).await;
        let body = reply.expect(200);
        let statuses: Vec<&str> = body["results"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["applied", "rejected", "rejected", "rejected", "rejected", "applied"]);
        let codes: Vec<&str> = body["results"].as_array().unwrap().iter().map(|r| r["error"]["code"].as_str().unwrap_or("")).collect();
        assert_eq!(codes, ["", "validation_failed", "validation_failed", "unknown_mutation", "validation_failed", ""]);
        assert_eq!(body["results"][2]["error"]["details"]["fields"][0]["code"], "not_found");
        assert_eq!(body["last_mutation_id"], 6);
        assert_eq!(inspections(&app).await, 2);
    }

    async fn a_skipped_mutation_id_is_not_processed_until_the_gap_is_filled(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let client = Uuid::new_v4();
        let reply = push(&app, &token, &json!({"client_id": client, "mutations": [create(2, places.site_a, Uuid::new_v4())]})).await;
        let body = reply.expect(200);
        assert_eq!(body["results"][0]["status"], "not_processed");
        assert_eq!(body["results"][0]["error"]["code"], "mutation_gap");
        assert_eq!(body["results"][0]["error"]["details"]["expected_mutation_id"], 1);
        assert_eq!(body["last_mutation_id"], 0);
        assert_eq!(inspections(&app).await, 0);
        let fill = json!({"client_id": client, "mutations": [create(1, places.site_a, Uuid::new_v4()), create(2, places.site_a, Uuid::new_v4())]});
        assert_eq!(push(&app, &token, &fill).await.expect(200)["last_mutation_id"], 2);
        assert_eq!(inspections(&app).await, 2);
    }

    async fn bad_pushes_are_refused_whole_with_clear_codes(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let client = Uuid::new_v4();
        push(&app, &token, &json!({"client_id": client, "mutations": [create(1, places.site_a, Uuid::new_v4())]})).await.expect(200);
        // Another user may not use this client id.
        let other = app.token("inspector2").await;
        push(&app, &other, &json!({"client_id": client, "mutations": [create(2, places.site_a, Uuid::new_v4())]})).await.expect_error(403, "client_mismatch");
        // Protocol version missing or unsupported.
        let body = json!({"client_id": client, "mutations": []});
        let reply = app.send(Method::POST, "/v1/sync/push", Some(&token), Some(&body)).await;
        reply.expect_error(426, "unsupported_protocol_version");
        let request = app.http.post(app.url("/v1/sync/push")).bearer_auth(&token).header("fieldsync-protocol", "99").json(&body);
        TestApp::read(request).await.expect_error(426, "unsupported_protocol_version");
        // Too many mutations, ids not increasing.
        let many: Vec<Value> = (2..=502).map(|i| create(i, places.site_a, Uuid::new_v4())).collect();
        push(&app, &token, &json!({"client_id": client, "mutations": many})).await.expect_error(413, "too_many_mutations");
        let twice = json!({"client_id": client, "mutations": [create(2, places.site_a, Uuid::new_v4()), create(2, places.site_a, Uuid::new_v4())]});
        push(&app, &token, &twice).await.expect_error(422, "validation_failed");
        push(&app, &token, &json!({"client_id": "nope", "mutations": []})).await.expect_error(422, "validation_failed");
        assert_eq!(inspections(&app).await, 1, "nothing stored by refused pushes");
    }

    async fn a_contractor_cannot_create_inspections(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("contractor").await;
        let reply = push(&app, &token, &json!({"client_id": Uuid::new_v4(), "mutations": [create(1, places.site_a, Uuid::new_v4())]})).await;
        assert_eq!(reply.expect(200)["results"][0]["status"], "rejected");
        assert_eq!(inspections(&app).await, 0);
    }

    async fn mutation_ids_from_2_pow_53_on_are_refused_whole(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let client = Uuid::new_v4();
        let too_big = 1u64 << 53;
        let body = json!({"client_id": client, "mutations": [create(1, places.site_a, Uuid::new_v4()), create(too_big, places.site_a, Uuid::new_v4())]});
        let reply = push(&app, &token, &body).await;
        reply.expect_error(422, "validation_failed");
        let field = &reply.body["error"]["details"]["fields"][0];
        assert_eq!((field["field"].as_str(), field["code"].as_str()), (Some("mutations[1].id"), Some("out_of_range")), "{}", reply.body);
        assert_eq!(inspections(&app).await, 0, "nothing of a refused push is applied");
        // The largest id a JavaScript number holds exactly is in range (here a gap).
        let body = json!({"client_id": client, "mutations": [create(too_big - 1, places.site_a, Uuid::new_v4())]});
        let reply = push(&app, &token, &body).await;
        let result = &reply.expect(200)["results"][0];
        assert_eq!((result["status"].as_str(), result["error"]["code"].as_str()), (Some("not_processed"), Some("mutation_gap")));
        // Not an integer from 0 to 2^64 - 1: the body's shape is wrong.
        for id in ["18446744073709551616", "-1", "1.5", "\"1\""] {
            let raw = format!(r#"{{"client_id": "{client}", "mutations": [{{"id": {id}, "name": "inspection.delete", "args": {{"id": "{}"}}}}]}}"#, Uuid::new_v4());
            let request = app.http.post(app.url("/v1/sync/push")).bearer_auth(&token).header("fieldsync-protocol", "1")
                .header("content-type", "application/json").body(raw);
            TestApp::read(request).await.expect_error(422, "validation_failed");
        }
        let empty = push(&app, &token, &json!({"client_id": client, "mutations": []})).await;
        assert_eq!(empty.expect(200)["last_mutation_id"], 0);
    }
}
