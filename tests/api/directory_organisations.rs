//! `/v1/admin/organisations`: the bureau and contractor companies.

use std::collections::HashSet;

use fieldsync_tests::{TestApp, db_tests};
use serde_json::{Value, json};

/// A valid unified social credit code (GB 32100 check character included).
pub const CREDIT_CODE: &str = "91130100MA00000012";
/// Another valid credit code.
pub const CREDIT_CODE_2: &str = "91130100MA00000025";

/// Every item of a list, following `next_cursor` with pages of `limit`.
pub async fn walk(app: &TestApp, token: &str, path: &str, limit: u32) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{sep}limit={limit}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = app.get(&url, token).await;
        let body = page.expect(200);
        let got = body["items"].as_array().unwrap();
        assert!(got.len() <= limit as usize, "page larger than the limit");
        items.extend(got.iter().cloned());
        match body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
}

/// The values of `key` in a list answer's items.
pub fn column(reply: &Value, key: &str) -> Vec<String> {
    reply["items"].as_array().unwrap().iter().map(|i| i[key].as_str().unwrap_or_default().to_owned()).collect()
}

/// The `field` names of a `validation_failed` or one import row's details.
pub fn error_fields(details: &Value) -> Vec<String> {
    details["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect()
}

/// The `code` of the field error on `field`.
pub fn field_code(details: &Value, field: &str) -> String {
    let fields = details["fields"].as_array().unwrap();
    let found = fields.iter().find(|f| f["field"] == field).unwrap_or_else(|| panic!("no error on {field}: {details}"));
    found["code"].as_str().unwrap().to_owned()
}

db_tests! {
    async fn an_admin_creates_reads_updates_and_disables_an_organisation(app) {
        app.seed().await;
        let admin = app.token("admin").await;

        let created = app.post("/v1/admin/organisations", &admin, &json!({
            "kind": "bureau", "name": "County Housing Bureau", "credit_code": CREDIT_CODE,
            "contact_name": "Wang", "contact_phone": "0311-8888 6666"
        })).await;
        let org = created.expect(201).clone();
        let id = org["id"].as_str().unwrap();
        let read = app.get(&format!("/v1/admin/organisations/{id}"), &admin).await;
        let changed = app.patch(&format!("/v1/admin/organisations/{id}"), &admin,
            &json!({"name": "County Bureau", "contact_phone": null, "contact_name": ""})).await;
        let disabled = app.patch(&format!("/v1/admin/organisations/{id}"), &admin, &json!({"disabled": true})).await;

        assert_eq!(org["kind"], "bureau");
        assert_eq!(org["credit_code"], CREDIT_CODE);
        assert_eq!(org["disabled"], false);
        assert_eq!(read.expect(200)["name"], "County Housing Bureau");
        let changed = changed.expect(200);
        assert_eq!(changed["name"], "County Bureau");
        assert_eq!(changed["contact_phone"], Value::Null);
        assert_eq!(changed["contact_name"], Value::Null);
        assert_eq!(changed["credit_code"], CREDIT_CODE, "absent fields stay as they are");
        assert_eq!(disabled.expect(200)["disabled"], true);
    }

    async fn the_organisation_list_filters_by_kind_and_name(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        app.post("/v1/admin/organisations", &admin, &json!({"kind": "bureau", "name": "Quality Bureau"})).await.expect(201);

        let bureaus = app.get("/v1/admin/organisations?kind=bureau", &admin).await;
        let companies = app.get("/v1/admin/organisations?q=Company", &admin).await;
        let contractors = app.get("/v1/admin/organisations?kind=contractor&q=B", &admin).await;

        assert_eq!(column(bureaus.expect(200), "name"), ["Quality Bureau"]);
        assert_eq!(column(companies.expect(200), "name"), ["Company A", "Company B"]);
        assert_eq!(column(contractors.expect(200), "name"), ["Company B"]);
    }

    async fn paging_walks_every_organisation_exactly_once(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        for i in 0..5 {
            app.post("/v1/admin/organisations", &admin, &json!({"kind": "contractor", "name": format!("Builder {i}")})).await.expect(201);
        }

        let items = walk(&app, &admin, "/v1/admin/organisations", 2).await;

        let ids: HashSet<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(items.len(), 7);
        assert_eq!(ids.len(), 7);
    }

    async fn a_supervisor_creates_only_contractor_companies_registered_in_their_subtree(app) {
        let seeded = app.seed().await;
        let supervisor = app.token("supervisor").await;
        let supervisor1 = app.token("supervisor1").await;

        let bureau = app.post("/v1/admin/organisations", &supervisor, &json!({"kind": "bureau", "name": "B", "region_id": seeded.county})).await;
        let nowhere = app.post("/v1/admin/organisations", &supervisor, &json!({"kind": "contractor", "name": "C"})).await;
        let elsewhere = app.post("/v1/admin/organisations", &supervisor1, &json!({"kind": "contractor", "name": "C", "region_id": seeded.township2})).await;
        let own = app.post("/v1/admin/organisations", &supervisor1, &json!({"kind": "contractor", "name": "C", "region_id": seeded.township1})).await;

        bureau.expect_error(403, "forbidden");
        nowhere.expect_error(403, "forbidden");
        elsewhere.expect_error(422, "validation_failed");
        assert_eq!(field_code(&elsewhere.body["error"]["details"], "region_id"), "not_found");
        assert_eq!(own.expect(201)["region_id"], seeded.township1.to_string());
    }

    async fn a_township_supervisor_cannot_see_or_edit_a_company_registered_in_another_township(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let supervisor1 = app.token("supervisor1").await;
        let other = app.post("/v1/admin/organisations", &admin, &json!({"kind": "contractor", "name": "Far Builder", "region_id": seeded.township2})).await;
        let other = other.expect(201)["id"].as_str().unwrap().to_owned();
        let free = app.post("/v1/admin/organisations", &admin, &json!({"kind": "contractor", "name": "Free Builder"})).await;
        let free = free.expect(201)["id"].as_str().unwrap().to_owned();

        let read = app.get(&format!("/v1/admin/organisations/{other}"), &supervisor1).await;
        let edit = app.patch(&format!("/v1/admin/organisations/{other}"), &supervisor1, &json!({"name": "Mine"})).await;
        let list = app.get("/v1/admin/organisations", &supervisor1).await;
        let edit_free = app.patch(&format!("/v1/admin/organisations/{free}"), &supervisor1, &json!({"name": "Mine"})).await;

        read.expect_error(404, "not_found");
        edit.expect_error(404, "not_found");
        assert_eq!(column(list.expect(200), "name"), ["Free Builder"], "companies registered nowhere are visible");
        edit_free.expect_error(403, "forbidden");
    }

    async fn invalid_organisation_fields_are_reported_together(app) {
        app.seed().await;
        let admin = app.token("admin").await;

        let reply = app.post("/v1/admin/organisations", &admin, &json!({
            "kind": "shop", "name": " ", "credit_code": "91130100MA00000013", "contact_phone": "ring me"
        })).await;

        reply.expect_error(422, "validation_failed");
        let details = &reply.body["error"]["details"];
        assert_eq!(error_fields(details), ["kind", "name", "credit_code", "contact_phone"]);
        assert_eq!(field_code(details, "credit_code"), "invalid_credit_code");
    }

    async fn a_credit_code_belongs_to_one_organisation_only(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        app.post("/v1/admin/organisations", &admin, &json!({"kind": "contractor", "name": "One", "credit_code": CREDIT_CODE})).await.expect(201);
        let two = app.post("/v1/admin/organisations", &admin, &json!({"kind": "contractor", "name": "Two", "credit_code": CREDIT_CODE_2})).await;
        let two = two.expect(201)["id"].as_str().unwrap().to_owned();

        let create = app.post("/v1/admin/organisations", &admin, &json!({"kind": "contractor", "name": "Three", "credit_code": CREDIT_CODE})).await;
        let update = app.patch(&format!("/v1/admin/organisations/{two}"), &admin, &json!({"credit_code": CREDIT_CODE})).await;

        create.expect_error(422, "validation_failed");
        assert_eq!(field_code(&create.body["error"]["details"], "credit_code"), "taken");
        update.expect_error(422, "validation_failed");
        assert_eq!(field_code(&update.body["error"]["details"], "credit_code"), "taken");
    }

    async fn unknown_organisation_fields_and_ids_are_refused(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let missing = uuid::Uuid::now_v7();

        let extra = app.post("/v1/admin/organisations", &admin, &json!({"kind": "bureau", "name": "X", "colour": "red"})).await;
        let read = app.get(&format!("/v1/admin/organisations/{missing}"), &admin).await;
        let edit = app.patch(&format!("/v1/admin/organisations/{missing}"), &admin, &json!({"name": "X"})).await;
        let kind = app.patch(&format!("/v1/admin/organisations/{missing}"), &admin, &json!({"kind": "bureau"})).await;

        extra.expect_error(422, "validation_failed");
        read.expect_error(404, "not_found");
        edit.expect_error(404, "not_found");
        kind.expect_error(422, "validation_failed");
    }

    async fn inspectors_and_contractors_are_forbidden_the_organisation_admin_api(app) {
        app.seed().await;
        for username in ["inspector", "contractor"] {
            let token = app.token(username).await;

            let list = app.get("/v1/admin/organisations", &token).await;
            let create = app.post("/v1/admin/organisations", &token, &json!({"kind": "contractor", "name": "X"})).await;

            list.expect_error(403, "forbidden");
            create.expect_error(403, "forbidden");
        }
    }
}
