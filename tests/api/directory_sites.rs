//! `/v1/admin/sites`: construction sites in the caller's region subtree.

use std::collections::HashSet;

use fieldsync_tests::{TestApp, db_tests};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::directory_organisations::{column, error_fields, field_code, walk};

/// A valid new site in `region`.
pub fn site(name: &str, region: Uuid) -> Value {
    json!({"name": name, "address": "1 Main Road", "project_type": "housing", "region_id": region})
}

/// Creates a site as `token`; returns its id.
async fn create(app: &TestApp, token: &str, body: &Value) -> String {
    let reply = app.post("/v1/admin/sites", token, body).await;
    reply.expect(201)["id"].as_str().unwrap().to_owned()
}

db_tests! {
    async fn an_admin_creates_reads_updates_and_disables_a_site(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;

        let created = app.post("/v1/admin/sites", &admin, &json!({
            "name": "Riverside Flats", "address": "8 River Road", "latitude": 37.05, "longitude": 115.5,
            "project_type": "housing", "contractor_id": seeded.company_a, "region_id": seeded.village1,
            "permit_number": "130101202601010101"
        })).await;
        let site = created.expect(201).clone();
        let id = site["id"].as_str().unwrap();
        let read = app.get(&format!("/v1/admin/sites/{id}"), &admin).await;
        let changed = app.patch(&format!("/v1/admin/sites/{id}"), &admin, &json!({
            "name": "Riverside Flats II", "status": "completed", "contractor_id": null, "latitude": null, "longitude": null
        })).await;
        let disabled = app.patch(&format!("/v1/admin/sites/{id}"), &admin, &json!({"disabled": true})).await;

        assert_eq!(site["status"], "active", "the default status");
        assert_eq!(site["contractor_id"], seeded.company_a.to_string());
        assert!(site.get("region_path").is_none(), "{site}");
        assert_eq!(read.expect(200)["name"], "Riverside Flats");
        let changed = changed.expect(200);
        assert_eq!(changed["name"], "Riverside Flats II");
        assert_eq!(changed["status"], "completed");
        assert_eq!(changed["contractor_id"], Value::Null);
        assert_eq!(changed["latitude"], Value::Null);
        assert_eq!(changed["permit_number"], "130101202601010101", "absent fields stay as they are");
        assert_eq!(disabled.expect(200)["disabled"], true);
    }

    async fn a_site_lies_in_a_township_or_village_that_exists(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;

        let county = app.post("/v1/admin/sites", &admin, &site("A", seeded.county)).await;
        let unknown = app.post("/v1/admin/sites", &admin, &site("B", Uuid::now_v7())).await;
        let township = app.post("/v1/admin/sites", &admin, &site("C", seeded.township1)).await;

        county.expect_error(422, "validation_failed");
        assert_eq!(field_code(&county.body["error"]["details"], "region_id"), "wrong_region_level");
        unknown.expect_error(422, "validation_failed");
        assert_eq!(field_code(&unknown.body["error"]["details"], "region_id"), "not_found");
        township.expect(201);
    }

    async fn the_contractor_of_a_site_must_be_a_contractor_company(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let bureau = app.post("/v1/admin/organisations", &admin, &json!({"kind": "bureau", "name": "Bureau"})).await;
        let bureau = bureau.expect(201)["id"].clone();
        let mut body = site("A", seeded.village1);

        body["contractor_id"] = bureau;
        let by_bureau = app.post("/v1/admin/sites", &admin, &body).await;
        body["contractor_id"] = json!(Uuid::now_v7());
        let by_nobody = app.post("/v1/admin/sites", &admin, &body).await;

        by_bureau.expect_error(422, "validation_failed");
        assert_eq!(field_code(&by_bureau.body["error"]["details"], "contractor_id"), "not_a_contractor");
        by_nobody.expect_error(422, "validation_failed");
        assert_eq!(field_code(&by_nobody.body["error"]["details"], "contractor_id"), "not_found");
    }

    async fn invalid_site_fields_are_reported_together(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;

        let reply = app.post("/v1/admin/sites", &admin, &json!({
            "name": "", "address": "Road", "project_type": "bridge", "latitude": 95.0, "longitude": 115.0,
            "status": "paused", "region_id": seeded.county
        })).await;
        let id = create(&app, &admin, &site("Fine", seeded.village1)).await;
        let update = app.patch(&format!("/v1/admin/sites/{id}"), &admin, &json!({"address": " ", "longitude": 200.0})).await;

        reply.expect_error(422, "validation_failed");
        assert_eq!(error_fields(&reply.body["error"]["details"]), ["name", "latitude", "project_type", "status", "region_id"]);
        update.expect_error(422, "validation_failed");
        assert_eq!(error_fields(&update.body["error"]["details"]), ["address", "longitude", "latitude"]);
    }

    async fn the_site_list_filters_by_region_subtree_contractor_status_and_name(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let mut bridge = site("North Bridge", seeded.village1);
        bridge["contractor_id"] = json!(seeded.company_a);
        create(&app, &admin, &bridge).await;
        let mut hall = site("Town Hall", seeded.township1);
        hall["status"] = json!("planned");
        create(&app, &admin, &hall).await;
        let mut road = site("South Road", seeded.village2);
        road["contractor_id"] = json!(seeded.company_b);
        create(&app, &admin, &road).await;

        let township1 = app.get(&format!("/v1/admin/sites?region_id={}", seeded.township1), &admin).await;
        let village1 = app.get(&format!("/v1/admin/sites?region_id={}", seeded.village1), &admin).await;
        let company_b = app.get(&format!("/v1/admin/sites?contractor_id={}", seeded.company_b), &admin).await;
        let planned = app.get("/v1/admin/sites?status=planned", &admin).await;
        let text = app.get("/v1/admin/sites?q=Bridge", &admin).await;

        assert_eq!(column(township1.expect(200), "name"), ["North Bridge", "Town Hall"]);
        assert_eq!(column(village1.expect(200), "name"), ["North Bridge"]);
        assert_eq!(column(company_b.expect(200), "name"), ["South Road"]);
        assert_eq!(column(planned.expect(200), "name"), ["Town Hall"]);
        assert_eq!(column(text.expect(200), "name"), ["North Bridge"]);
    }

    async fn paging_walks_every_site_exactly_once(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        for i in 0..7 {
            create(&app, &admin, &site(&format!("Site {i}"), seeded.village1)).await;
        }

        let items = walk(&app, &admin, "/v1/admin/sites", 3).await;

        let ids: HashSet<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(items.len(), 7);
        assert_eq!(ids.len(), 7);
    }

    async fn a_township_supervisor_cannot_edit_another_townships_site(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let supervisor1 = app.token("supervisor1").await;
        let other = create(&app, &admin, &site("Far Site", seeded.village2)).await;

        let read = app.get(&format!("/v1/admin/sites/{other}"), &supervisor1).await;
        let edit = app.patch(&format!("/v1/admin/sites/{other}"), &supervisor1, &json!({"name": "Mine"})).await;
        let disable = app.patch(&format!("/v1/admin/sites/{other}"), &supervisor1, &json!({"disabled": true})).await;
        let list = app.get("/v1/admin/sites", &supervisor1).await;
        let after = app.get(&format!("/v1/admin/sites/{other}"), &admin).await;

        read.expect_error(404, "not_found");
        edit.expect_error(404, "not_found");
        disable.expect_error(404, "not_found");
        assert!(column(list.expect(200), "name").is_empty());
        let after = after.expect(200);
        assert_eq!((after["name"].as_str(), after["disabled"].as_bool()), (Some("Far Site"), Some(false)));
    }

    async fn a_township_supervisor_places_sites_only_in_their_township(app) {
        let seeded = app.seed().await;
        let supervisor1 = app.token("supervisor1").await;

        let elsewhere = app.post("/v1/admin/sites", &supervisor1, &site("Far", seeded.village2)).await;
        let own = create(&app, &supervisor1, &site("Near", seeded.village1)).await;
        let moved = app.patch(&format!("/v1/admin/sites/{own}"), &supervisor1, &json!({"region_id": seeded.village2})).await;

        elsewhere.expect_error(422, "validation_failed");
        assert_eq!(field_code(&elsewhere.body["error"]["details"], "region_id"), "not_found");
        moved.expect_error(422, "validation_failed");
        assert_eq!(field_code(&moved.body["error"]["details"], "region_id"), "not_found");
    }

    async fn a_permit_number_belongs_to_one_site_only(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let mut first = site("First", seeded.village1);
        first["permit_number"] = json!("P-1");
        create(&app, &admin, &first).await;
        let second = create(&app, &admin, &site("Second", seeded.village1)).await;

        let mut copy = site("Copy", seeded.village1);
        copy["permit_number"] = json!("P-1");
        let create_copy = app.post("/v1/admin/sites", &admin, &copy).await;
        let update = app.patch(&format!("/v1/admin/sites/{second}"), &admin, &json!({"permit_number": "P-1"})).await;

        create_copy.expect_error(422, "validation_failed");
        assert_eq!(field_code(&create_copy.body["error"]["details"], "permit_number"), "taken");
        update.expect_error(422, "validation_failed");
        assert_eq!(field_code(&update.body["error"]["details"], "permit_number"), "taken");
    }

    async fn unknown_site_fields_and_ids_are_refused(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let mut body = site("A", seeded.village1);
        body["region_path"] = json!("/x/");
        let missing = Uuid::now_v7();

        let extra = app.post("/v1/admin/sites", &admin, &body).await;
        let read = app.get(&format!("/v1/admin/sites/{missing}"), &admin).await;
        let edit = app.patch(&format!("/v1/admin/sites/{missing}"), &admin, &json!({"name": "X"})).await;
        let garbage = app.get("/v1/admin/sites/not-an-id", &admin).await;

        extra.expect_error(422, "validation_failed");
        read.expect_error(404, "not_found");
        edit.expect_error(404, "not_found");
        garbage.expect_error(404, "not_found");
    }

    async fn inspectors_and_contractors_are_forbidden_the_site_admin_api(app) {
        let seeded = app.seed().await;
        for username in ["inspector", "contractor"] {
            let token = app.token(username).await;

            let list = app.get("/v1/admin/sites", &token).await;
            let create = app.post("/v1/admin/sites", &token, &site("X", seeded.village1)).await;

            list.expect_error(403, "forbidden");
            create.expect_error(403, "forbidden");
        }
    }
}
