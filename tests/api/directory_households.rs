//! `/v1/admin/households`: rural households in the caller's villages.

use std::collections::HashSet;

use fieldsync_tests::{TestApp, db_tests};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::directory_organisations::{column, error_fields, field_code, walk};

pub use fieldsync_tests::ids::{bad_check_digit, id_number};

/// A valid new household in `village`.
pub fn household(head: &str, seq: u32, village: Uuid) -> Value {
    json!({"head_name": head, "id_number": id_number(seq), "region_id": village, "category": "general"})
}

/// Creates a household as `token`; returns its id.
async fn create(app: &TestApp, token: &str, body: &Value) -> String {
    let reply = app.post("/v1/admin/households", token, body).await;
    reply.expect(201)["id"].as_str().unwrap().to_owned()
}

db_tests! {
    async fn an_admin_creates_reads_updates_and_disables_a_household(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let number = id_number(7);

        let created = app.post("/v1/admin/households", &admin, &json!({
            "head_name": "张三", "id_number": number.to_lowercase(), "phone": "13800138000", "region_id": seeded.village1,
            "category": "minimum_allowance", "grade": "C", "address": "一组 12 号", "members": 4
        })).await;
        let household = created.expect(201).clone();
        let id = household["id"].as_str().unwrap();
        let read = app.get(&format!("/v1/admin/households/{id}"), &admin).await;
        let changed = app.patch(&format!("/v1/admin/households/{id}"), &admin, &json!({
            "grade": null, "members": 5, "phone": "", "category": "poverty_return_risk"
        })).await;
        let disabled = app.patch(&format!("/v1/admin/households/{id}"), &admin, &json!({"disabled": true})).await;

        assert_eq!(household["id_number"], number, "stored upper-case");
        assert_eq!(household["category"], "minimum_allowance");
        assert!(household.get("region_path").is_none(), "{household}");
        assert_eq!(read.expect(200)["head_name"], "张三");
        let changed = changed.expect(200);
        assert_eq!(changed["grade"], Value::Null);
        assert_eq!(changed["phone"], Value::Null);
        assert_eq!(changed["members"], 5);
        assert_eq!(changed["category"], "poverty_return_risk");
        assert_eq!(changed["address"], "一组 12 号", "absent fields stay as they are");
        assert_eq!(disabled.expect(200)["disabled"], true);
    }

    async fn a_household_lies_in_a_village(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;

        let township = app.post("/v1/admin/households", &admin, &household("A", 1, seeded.township1)).await;
        let unknown = app.post("/v1/admin/households", &admin, &household("B", 2, Uuid::now_v7())).await;

        township.expect_error(422, "validation_failed");
        assert_eq!(field_code(&township.body["error"]["details"], "region_id"), "wrong_region_level");
        unknown.expect_error(422, "validation_failed");
        assert_eq!(field_code(&unknown.body["error"]["details"], "region_id"), "not_found");
    }

    async fn an_id_number_with_a_bad_check_digit_is_refused(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let mut body = household("A", 1, seeded.village1);
        body["id_number"] = json!(bad_check_digit(1));

        let reply = app.post("/v1/admin/households", &admin, &body).await;

        reply.expect_error(422, "validation_failed");
        assert_eq!(field_code(&reply.body["error"]["details"], "id_number"), "bad_check_digit");
    }

    async fn a_stored_id_number_cannot_be_used_again(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        create(&app, &admin, &household("A", 1, seeded.village1)).await;
        let other = create(&app, &admin, &household("B", 2, seeded.village2)).await;

        let again = app.post("/v1/admin/households", &admin, &household("C", 1, seeded.village2)).await;
        let update = app.patch(&format!("/v1/admin/households/{other}"), &admin, &json!({"id_number": id_number(1)})).await;

        again.expect_error(422, "validation_failed");
        assert_eq!(field_code(&again.body["error"]["details"], "id_number"), "taken");
        update.expect_error(422, "validation_failed");
        assert_eq!(field_code(&update.body["error"]["details"], "id_number"), "taken");
    }

    async fn invalid_household_fields_are_reported_together(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;

        let reply = app.post("/v1/admin/households", &admin, &json!({
            "head_name": " ", "id_number": "12345", "phone": "call me", "region_id": seeded.village1,
            "category": "rich", "grade": "E", "members": 0
        })).await;

        reply.expect_error(422, "validation_failed");
        let details = &reply.body["error"]["details"];
        assert_eq!(error_fields(details), ["head_name", "id_number", "phone", "category", "grade", "members"]);
        assert_eq!(field_code(details, "id_number"), "invalid_id_number");
    }

    async fn the_household_list_filters_by_region_subtree_category_grade_and_name(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let mut zhang = household("张三", 1, seeded.village1);
        zhang["category"] = json!("minimum_allowance");
        zhang["grade"] = json!("D");
        create(&app, &admin, &zhang).await;
        create(&app, &admin, &household("李四", 2, seeded.village1)).await;
        let mut wang = household("王五", 3, seeded.village2);
        wang["grade"] = json!("D");
        create(&app, &admin, &wang).await;

        let township1 = app.get(&format!("/v1/admin/households?region_id={}", seeded.township1), &admin).await;
        let allowance = app.get("/v1/admin/households?category=minimum_allowance", &admin).await;
        let grade_d = app.get("/v1/admin/households?grade=D", &admin).await;
        let text = app.get("/v1/admin/households?q=%E6%9D%8E", &admin).await;

        assert_eq!(column(township1.expect(200), "head_name"), ["张三", "李四"]);
        assert_eq!(column(allowance.expect(200), "head_name"), ["张三"]);
        assert_eq!(column(grade_d.expect(200), "head_name"), ["张三", "王五"]);
        assert_eq!(column(text.expect(200), "head_name"), ["李四"]);
    }

    async fn paging_walks_every_household_exactly_once(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        for i in 0..8 {
            create(&app, &admin, &household(&format!("Head {i}"), i, seeded.village1)).await;
        }

        let items = walk(&app, &admin, "/v1/admin/households", 3).await;

        let ids: HashSet<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(items.len(), 8);
        assert_eq!(ids.len(), 8);
    }

    async fn a_township_supervisor_cannot_see_or_edit_another_townships_household(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let supervisor1 = app.token("supervisor1").await;
        let other = create(&app, &admin, &household("Far", 1, seeded.village2)).await;
        create(&app, &supervisor1, &household("Near", 2, seeded.village1)).await;

        let read = app.get(&format!("/v1/admin/households/{other}"), &supervisor1).await;
        let edit = app.patch(&format!("/v1/admin/households/{other}"), &supervisor1, &json!({"grade": "A"})).await;
        let list = app.get("/v1/admin/households", &supervisor1).await;
        let place = app.post("/v1/admin/households", &supervisor1, &household("Far too", 3, seeded.village2)).await;

        read.expect_error(404, "not_found");
        edit.expect_error(404, "not_found");
        assert_eq!(column(list.expect(200), "head_name"), ["Near"]);
        place.expect_error(422, "validation_failed");
        assert_eq!(field_code(&place.body["error"]["details"], "region_id"), "not_found");
    }

    async fn unknown_household_fields_and_ids_are_refused(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let mut body = household("A", 1, seeded.village1);
        body["income"] = json!(100);
        let missing = Uuid::now_v7();

        let extra = app.post("/v1/admin/households", &admin, &body).await;
        let read = app.get(&format!("/v1/admin/households/{missing}"), &admin).await;
        let edit = app.patch(&format!("/v1/admin/households/{missing}"), &admin, &json!({"grade": "A"})).await;

        extra.expect_error(422, "validation_failed");
        read.expect_error(404, "not_found");
        edit.expect_error(404, "not_found");
    }

    async fn inspectors_and_contractors_are_forbidden_the_household_admin_api(app) {
        let seeded = app.seed().await;
        for username in ["inspector", "contractor"] {
            let token = app.token(username).await;

            let list = app.get("/v1/admin/households", &token).await;
            let create = app.post("/v1/admin/households", &token, &household("X", 1, seeded.village1)).await;

            list.expect_error(403, "forbidden");
            create.expect_error(403, "forbidden");
        }
    }
}
