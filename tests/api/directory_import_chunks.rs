//! Large CSV imports: the errors of a bad file are capped, a good file is
//! stored in chunks that let devices push in between, and a file sent again
//! stores only what is not stored yet (issue 15 item 9).

use std::time::Duration;

use fieldsync::sync::entity::change;
use fieldsync_tests::{TestApp, db_tests};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use crate::directory_import::{failed_lines, import};

/// A sites file of `rows` rows in village 130101001, permit numbers `P-<n>`.
fn sites_file(rows: std::ops::Range<usize>) -> String {
    let mut file = String::from("name,address,project_type,region_code,permit_number\n");
    for n in rows {
        file.push_str(&format!("Site {n},Road {n},housing,130101001,P-{n}\n"));
    }
    file
}

async fn sites_stored(app: &TestApp) -> u64 {
    fieldsync::directory::sites::entity::Entity::find().count(app.state.db.read()).await.unwrap()
}

/// The highest change-log version of records of `record_type`.
async fn last_version(app: &TestApp, record_type: &str) -> i64 {
    let found: Option<i64> = change::Entity::find()
        .select_only()
        .column_as(change::Column::Version.max(), "v")
        .filter(change::Column::RecordType.eq(record_type))
        .into_tuple()
        .one(app.state.db.read())
        .await
        .unwrap()
        .flatten();
    found.unwrap_or(0)
}

db_tests! {
    async fn a_file_of_many_bad_rows_lists_the_first_hundred_and_counts_them_all(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let mut file = sites_file(0..10);
        for n in 0..250 {
            file.push_str(&format!("Bad {n},Road,housing,999999,\n"));
        }
        let reply = import(&app, &admin, "sites", file).await;
        let lines = failed_lines(&reply);
        assert_eq!(lines.len(), 100, "the first hundred bad rows are listed");
        assert_eq!(lines[0], 12);
        assert_eq!(reply.body["error"]["details"]["failed_rows"], 250, "and all are counted");
        assert!(reply.text.len() < 40_000, "the answer stays small: {} bytes", reply.text.len());
        assert_eq!(sites_stored(&app).await, 0, "nothing is stored");
    }

    async fn a_file_sent_again_stores_only_the_rows_not_stored_yet(app) {
        app.seed().await;
        let admin = app.token("admin").await;
        let file = "name,address,project_type,region_code\nCanal,Canal Road,water,130101001\nDepot,East Road,housing,130101001\n";
        assert_eq!(import(&app, &admin, "sites", file).await.expect(200), &json!({"imported": 2, "skipped": 0}));
        // The answer was lost; the admin sends the same file again.
        assert_eq!(import(&app, &admin, "sites", file).await.expect(200), &json!({"imported": 0, "skipped": 2}));
        // A longer version of the file, the columns in another order.
        let longer = "region_code,name,address,project_type\n130101001,Canal,Canal Road,water\n130101001,Depot,East Road,housing\n130101001,Mill,Mill Lane,housing\n";
        assert_eq!(import(&app, &admin, "sites", longer).await.expect(200), &json!({"imported": 1, "skipped": 2}));
        assert_eq!(sites_stored(&app).await, 3, "no site twice");
        // The same row twice in one file is a mistake, not two sites.
        let twice = "name,address,project_type,region_code\nPier,Dock Road,water,130101001\nPier,Dock Road,water,130101001\n";
        let reply = import(&app, &admin, "sites", twice).await;
        assert_eq!(failed_lines(&reply), [3]);
        assert_eq!(crate::directory_import::row_code(&reply, 3, "row"), "duplicate_row");
    }

    async fn a_large_import_lets_a_device_push_between_its_chunks_and_a_row_taken_meanwhile_stops_it(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let admin = app.token("admin").await;
        let inspector = app.token("inspector").await;
        let rows = 10_000;
        let file = sites_file(0..rows);
        let done = std::sync::atomic::AtomicBool::new(false);
        let importing = async {
            let reply = import(&app, &admin, "sites", file.clone()).await;
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            reply
        };
        // Once the first chunk is stored, a device pushes and an admin takes the last row's permit number.
        let meanwhile = async {
            while sites_stored(&app).await <= 2 {
                assert!(!done.load(std::sync::atomic::Ordering::SeqCst), "the import ended before a device could push");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let push = json!([{"id": 1, "name": "inspection.create", "args": {"id": Uuid::new_v4(), "template_id": fieldsync::templates::seed::DUST_CONTROL_V1, "site_id": places.site_a}}]);
            let pushed = app.push_as(&inspector, Uuid::new_v4(), push).await;
            assert_eq!(pushed.expect(200)["results"][0]["status"], "applied");
            let taken = json!({"name": "Other", "address": "Elsewhere", "project_type": "housing", "region_id": seeded.village1, "permit_number": format!("P-{}", rows - 1)});
            app.post("/v1/admin/sites", &admin, &taken).await.expect(201);
        };
        let (reply, ()) = tokio::join!(importing, meanwhile);
        let last = rows - 1;
        reply.expect_error(409, "import_interrupted");
        let details = &reply.body["error"]["details"];
        assert_eq!(details["failed_rows"], 1, "{}", reply.text);
        assert_eq!(details["rows"][0]["line"], last as u64 + 2);
        let imported = details["imported"].as_u64().unwrap();
        assert!(imported >= 500 && imported < rows as u64, "stored before the stop: {imported}");
        assert_eq!(sites_stored(&app).await, imported + 2 + 1, "what was stored is kept (2 seeded, 1 by the admin)");
        assert!(last_version(&app, "inspection").await < last_version(&app, "site").await, "the push was committed while the import ran");

        // The corrected file (without the taken row) completes the import.
        let corrected = sites_file(0..last);
        let again = import(&app, &admin, "sites", corrected).await;
        assert_eq!(again.expect(200)["skipped"], imported);
        assert_eq!(again.body["imported"], last as u64 - imported);
        assert_eq!(sites_stored(&app).await, rows as u64 + 2);
    }
}
