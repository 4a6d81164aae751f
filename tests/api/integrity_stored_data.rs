//! Stored data that does not decode fails loudly, never as a default: a
//! damaged row is not overwritten by the next edit, not read as a draft, not
//! served as an empty document, and a record that cannot be written as JSON
//! is not stored as its deletion. Each refusal is a retryable server error;
//! the row stays as it was for an operator to repair.

use std::collections::HashMap;

use fieldsync::sync::{Placement, Write};
use fieldsync::templates::seed::DUST_CONTROL_V1;
use fieldsync_tests::{Device, TestApp, db_tests};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use uuid::Uuid;

use crate::notices_common;

/// Overwrites one column of one row by hand, as damage would.
async fn damage(app: &TestApp, table: &str, column: &str, text: &str, id: Uuid) {
    let backend = app.state.db.backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => format!("UPDATE {table} SET {column} = $1 WHERE id = $2"),
        _ => format!("UPDATE {table} SET {column} = ? WHERE id = ?"),
    };
    let statement = Statement::from_sql_and_values(backend, sql, [text.into(), id.into()]);
    let done = app.state.db.write().execute_raw(statement).await.unwrap();
    assert_eq!(done.rows_affected(), 1);
}

/// One column of one row, as stored.
async fn stored(app: &TestApp, table: &str, column: &str, id: Uuid) -> String {
    let backend = app.state.db.backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => format!("SELECT {column} AS v FROM {table} WHERE id = $1"),
        _ => format!("SELECT {column} AS v FROM {table} WHERE id = ?"),
    };
    let row = app.state.db.read().query_one_raw(Statement::from_sql_and_values(backend, sql, [id.into()])).await;
    row.unwrap().unwrap().try_get::<String>("", "v").unwrap()
}

/// Pushes one mutation that the server must refuse as its own fault: the
/// whole push answers `500 internal`, retryable, and nothing is processed.
async fn push_refused(app: &TestApp, device: &Device, mutation_id: u64, name: &str, args: serde_json::Value) {
    let body = json!({"client_id": device.client_id, "mutations": [{"id": mutation_id, "name": name, "args": args}]});
    let request = app.http.post(app.url("/v1/sync/push")).bearer_auth(&device.token).header("fieldsync-protocol", "1");
    let reply = TestApp::read(request.json(&body)).await;
    assert_eq!((reply.status, reply.code()), (500, "internal"), "{}", reply.text);
}

db_tests! {
    async fn an_edit_of_an_inspection_whose_stored_answers_do_not_decode_changes_nothing(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": DUST_CONTROL_V1, "site_id": places.site_a})).await;
        damage(&app, "inspections", "answers", "{\"hoarding\": tru", id).await;
        push_refused(&app, &phone, 2, "inspection.update", json!({"id": id, "base_rev": 1, "notes": "after the damage"})).await;
        assert_eq!(stored(&app, "inspections", "answers", id).await, "{\"hoarding\": tru", "the damaged answers are kept as they were");
        assert_eq!(stored(&app, "inspections", "notes", id).await, "", "the edit was not applied");
        // The device may send it again once the row is repaired: mutation 2 was not processed.
        damage(&app, "inspections", "answers", "{}", id).await;
        let retried = phone.send(&app, "inspection.update", json!({"id": id, "base_rev": 1, "notes": "after the repair"})).await;
        assert_eq!(retried["status"], "applied", "{retried}");
    }

    async fn a_notice_whose_stored_state_is_unknown_is_never_read_as_a_draft(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let id = notices_common::draft(&app, "inspector", &places, "rectification").await;
        damage(&app, "notices", "state", "archived", id).await;
        let phone = app.device("inspector").await;
        push_refused(&app, &phone, 1, "notice.update", json!({"id": id, "content": notices_common::content()})).await;
        assert_eq!(stored(&app, "notices", "state", id).await, "archived");
        let admin = app.token("admin").await;
        let shown = app.get(&format!("/v1/notices/{id}"), &admin).await;
        assert_eq!((shown.status, shown.code()), (500, "internal"), "{}", shown.text);
    }

    async fn a_notice_whose_stored_content_does_not_decode_is_not_served_as_an_empty_document(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let id = notices_common::draft(&app, "inspector", &places, "rectification").await;
        damage(&app, "notices", "content", "[1, 2", id).await;
        let admin = app.token("admin").await;
        let shown = app.get(&format!("/v1/notices/{id}"), &admin).await;
        assert_eq!((shown.status, shown.code()), (500, "internal"), "{}", shown.text);
        let issued = notices_common::act(&app, &admin, id, "issue").await;
        assert_eq!((issued.status, issued.code()), (500, "internal"), "{}", issued.text);
        assert_eq!(stored(&app, "notices", "content", id).await, "[1, 2", "nothing was written over it");
        assert_eq!(stored(&app, "notices", "state", id).await, "draft");
    }

    async fn a_record_that_cannot_be_written_as_json_fails_its_write_and_is_not_stored_as_a_deletion(app) {
        app.seed().await;
        let id = Uuid::new_v4();
        let write = Write::begin(&app.state.db).await.unwrap();
        write.upsert("probe", id, Placement::region("/"), &json!({"n": 1}));
        app.state.sync.commit(write).await.unwrap();
        // JSON has no keys that are pairs: serialising this fails.
        let unwritable: HashMap<(u8, u8), u8> = HashMap::from([((1, 2), 3)]);
        let write = Write::begin(&app.state.db).await.unwrap();
        write.upsert("probe", id, Placement::region("/"), &unwritable);
        assert!(app.state.sync.commit(write).await.is_err(), "the write fails instead");
        let mut reader = app.sync_client("admin").await;
        reader.pull_all().await.unwrap();
        assert_eq!(reader.store.get("probe", &id), Some(&json!({"n": 1})), "the record is still there as it was");
    }
}
