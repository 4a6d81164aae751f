//! A supervisor makes and moves contractor accounts only in companies they
//! may edit (registered in their subtree). Before, `check_assignment` asked
//! only whether the company existed: a township supervisor made an account in
//! a company of the county, signed in as it and read that company's notices.

use fieldsync::audit::entity as audit;
use fieldsync_tests::{TestApp, db_tests};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::directory_organisations::field_code;

fn contractor(username: &str, company: &Value) -> Value {
    json!({"username": username, "display_name": username, "password": "long-enough-1",
        "role": "contractor", "organisation_id": company})
}

async fn company_in(app: &TestApp, admin: &str, name: &str, region: &Value) -> Value {
    let created = app
        .post("/v1/admin/organisations", admin, &json!({"kind": "contractor", "name": name, "region_id": region}))
        .await;
    created.expect(201)["id"].clone()
}

db_tests! {
    async fn a_supervisor_cannot_create_or_move_a_contractor_account_into_a_company_outside_their_subtree(app) {
        let seeded = app.seed().await;
        let admin = app.token("admin").await;
        let township_supervisor = app.token("supervisor1").await;
        let county_supervisor = app.token("supervisor").await;
        // Company A is registered at the county: above township 1.
        let refused = app.post("/v1/admin/users", &township_supervisor, &contractor("sneaky", &json!(seeded.company_a))).await;
        assert_eq!(field_code(&refused.expect(422)["error"]["details"], "organisation_id"), "not_found");
        assert_eq!(app.login_reply("sneaky", "long-enough-1").await.status, 401, "no account was made");
        // A company of township 1: theirs to staff.
        let local = company_in(&app, &admin, "Township One Builders", &json!(seeded.township1)).await;
        let made = app.post("/v1/admin/users", &township_supervisor, &contractor("local.builder", &local)).await;
        let id = made.expect(201)["id"].as_str().unwrap().to_owned();
        // ... but not theirs to move to the county's company.
        let moved = app.patch(&format!("/v1/admin/users/{id}"), &township_supervisor, &json!({"organisation_id": seeded.company_a})).await;
        assert_eq!(field_code(&moved.expect(422)["error"]["details"], "organisation_id"), "not_found");
        // Another county's company is out of reach of this county's supervisor.
        let other = app.post("/v1/admin/regions", &admin, &json!({"level": "county", "code": "130200", "name": "Other County"})).await;
        let other_company = company_in(&app, &admin, "Other County Builders", &other.expect(201)["id"]).await;
        let refused = app.post("/v1/admin/users", &county_supervisor, &contractor("far.away", &other_company)).await;
        assert_eq!(field_code(&refused.expect(422)["error"]["details"], "organisation_id"), "not_found");
        app.post("/v1/admin/users", &county_supervisor, &contractor("near.by", &json!(seeded.company_b))).await.expect(201);
        // Every account made is in the audit trail, with who made it.
        let created: Vec<audit::Model> = audit::Entity::find()
            .filter(audit::Column::RecordType.eq("user"))
            .filter(audit::Column::Action.eq("create"))
            .all(app.state.db.read())
            .await
            .unwrap();
        assert_eq!(created.len(), 2, "{created:?}");
        assert!(created.iter().all(|entry| entry.actor_id.is_some()));
    }
}
