//! Runs: consecutive `inspection.create` mutations of one push are applied
//! together (one read and one insert for all), with the same answers, the
//! same audit trail and the same refusals as one at a time; a run the
//! database refuses as a whole is applied again one by one.

use chrono::Utc;
use fieldsync::{
    audit::entity as audit, blobs::entity::blob_ref, directory::users::entity as user,
    inspections::entity as inspection, templates::seed::DUST_CONTROL_V1,
};
use fieldsync_tests::{TestApp, db_tests};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

const PHOTO: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

async fn push(app: &TestApp, token: &str, body: &Value) -> Value {
    let request =
        app.http.post(app.url("/v1/sync/push")).bearer_auth(token).header("fieldsync-protocol", "1").json(body);
    TestApp::read(request).await.expect(200).clone()
}

fn create(id: u64, site: Uuid, inspection_id: Uuid) -> Value {
    json!({"id": id, "name": "inspection.create", "args": {"id": inspection_id, "template_id": DUST_CONTROL_V1, "site_id": site, "photos": [PHOTO]}})
}

fn statuses(body: &Value) -> Vec<String> {
    body["results"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap().to_owned()).collect()
}

async fn stored(app: &TestApp, ids: &[Uuid]) -> u64 {
    inspection::Entity::find()
        .filter(inspection::Column::Id.is_in(ids.to_vec()))
        .count(app.state.db.read())
        .await
        .unwrap()
}

async fn audited(app: &TestApp, ids: &[Uuid]) -> u64 {
    audit::Entity::find().filter(audit::Column::RecordId.is_in(ids.to_vec())).count(app.state.db.read()).await.unwrap()
}

async fn referenced(app: &TestApp, ids: &[Uuid]) -> u64 {
    blob_ref::Entity::find()
        .filter(blob_ref::Column::RecordId.is_in(ids.to_vec()))
        .count(app.state.db.read())
        .await
        .unwrap()
}

db_tests! {
    async fn a_run_refuses_a_repeated_or_taken_id_and_applies_the_rest(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let client = Uuid::new_v4();
        let earlier = Uuid::new_v4();
        push(&app, &token, &json!({"client_id": client, "mutations": [create(1, places.site_a, earlier)]})).await;
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let body = push(&app, &token, &json!({"client_id": client, "mutations": [
            create(2, places.site_a, a),
            create(3, places.site_a, b),
            create(4, places.site_a, a),       // the same id again, in the same run
            create(5, places.site_a, earlier), // an id stored by an earlier push
            create(6, places.site_b, Uuid::new_v4()), // a site outside the inspector's region
            create(7, places.site_a, c),
        ]})).await;
        assert_eq!(statuses(&body), ["applied", "applied", "rejected", "rejected", "rejected", "applied"]);
        assert_eq!(body["results"][0]["result"], json!({"rev": 1}));
        let fields: Vec<&str> = (2..5).map(|i| body["results"][i]["error"]["details"]["fields"][0]["code"].as_str().unwrap()).collect();
        assert_eq!(fields, ["taken", "taken", "not_found"]);
        assert_eq!(body["last_mutation_id"], 7);
        // Exactly the applied ones are stored, audited (once each) and reference their photo.
        assert_eq!(stored(&app, &[a, b, c]).await, 3);
        assert_eq!(audited(&app, &[a, b, c]).await, 3);
        assert_eq!(referenced(&app, &[a, b, c]).await, 3);
        // And devices receive them.
        let mut phone = app.sync_client("inspector").await;
        phone.pull_all().await.unwrap();
        for id in [a, b, c, earlier] {
            assert!(phone.store.records.contains_key(&("inspection".to_owned(), id)), "{id} not pulled");
        }
        // A retry of the whole push answers the same and stores nothing more.
        let again = push(&app, &token, &json!({"client_id": client, "mutations": [
            create(2, places.site_a, a), create(3, places.site_a, b), create(4, places.site_a, a),
            create(5, places.site_a, earlier), create(6, places.site_b, Uuid::new_v4()), create(7, places.site_a, c),
        ]})).await;
        assert_eq!(again["results"], body["results"]);
        assert_eq!(audited(&app, &[a, b, c]).await, 3);
    }

    async fn a_run_the_database_refuses_whole_is_applied_one_by_one(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        // A reference left behind for an id no inspection has yet: the run's single
        // insert of references fails on it, which only the database can tell.
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let inspector = user::Entity::find().filter(user::Column::Username.eq("inspector")).one(app.state.db.read()).await.unwrap().unwrap();
        blob_ref::Entity::insert(blob_ref::ActiveModel {
            sha256: Set(PHOTO.to_owned()),
            record_type: Set("inspection".to_owned()),
            record_id: Set(b),
            region_path: Set(String::new()),
            org_id: Set(String::new()),
            audience: Set("bureau".to_owned()),
            user_id: Set(inspector.id),
            client_id: Set(None),
            created_at: Set(Utc::now()),
        })
        .exec_without_returning(app.state.db.write())
        .await
        .unwrap();
        let body = push(&app, &token, &json!({"client_id": Uuid::new_v4(), "mutations": [
            create(1, places.site_a, a), create(2, places.site_a, b), create(3, places.site_a, c),
        ]})).await;
        // One by one, each in its own savepoint, all three apply (the stale reference is taken over).
        assert_eq!(statuses(&body), ["applied", "applied", "applied"]);
        assert_eq!(stored(&app, &[a, b, c]).await, 3);
        assert_eq!(audited(&app, &[a, b, c]).await, 3, "the failed run left no audit entries behind");
        assert_eq!(referenced(&app, &[a, b, c]).await, 3);
        let mut phone = app.sync_client("inspector").await;
        phone.pull_all().await.unwrap();
        let pulled = [a, b, c].iter().filter(|id| phone.store.records.contains_key(&("inspection".to_owned(), **id))).count();
        assert_eq!(pulled, 3);
    }
}
