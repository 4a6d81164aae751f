//! No lost change under concurrency: the change log's versions follow
//! commit order, so a reader can never move past a change that commits later.

use std::collections::{BTreeSet, HashMap};

use fieldsync::templates::seed::DUST_CONTROL_V1;
use fieldsync::{
    inspections::entity as inspection,
    sync::{Placement, Write},
};
use fieldsync_tests::{Backend, TestApp, db_tests};
use sea_orm::{ConnectionTrait, EntityTrait, Statement, TransactionTrait};
use serde_json::json;
use sync_protocol::client::Client;
use uuid::Uuid;

db_tests! {
    async fn a_reader_never_passes_a_change_that_commits_after_a_later_one(app) {
        app.seed().await;
        // Signed in before the writes start: on SQLite a sign-in would queue behind them.
        let mut reader = app.sync_client("admin").await;
        let db = app.state.db.clone();
        let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
        // T1 takes its version and holds it, uncommitted.
        let t1 = Write::begin(&db).await.unwrap();
        t1.upsert("probe", first, Placement::region("/"), &json!({"n": 1}));
        let t1 = t1.prepare().await.unwrap();
        let v1 = t1.version().unwrap();
        // T2 starts and tries to commit behind it.
        let db2 = db.clone();
        let t2 = tokio::spawn(async move {
            let w = Write::begin(&db2).await.unwrap();
            w.upsert("probe", second, Placement::region("/"), &json!({"n": 2}));
            w.commit().await.unwrap()
        });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!t2.is_finished(), "T2 must wait for T1's version lock");
        reader.pull_all().await.unwrap();
        assert!(reader.store.of_type("probe").next().is_none(), "nothing committed yet");
        t1.commit().await.unwrap();
        let t2 = t2.await.unwrap();
        assert_eq!(t2.version, Some(v1 + 1), "T2 got the version after T1's");
        reader.pull_all().await.unwrap();
        let seen: BTreeSet<Uuid> = reader.store.of_type("probe").map(|(id, _)| *id).collect();
        assert_eq!(seen, BTreeSet::from([first, second]), "the reader got both, the earlier-started one too");
    }

    async fn concurrent_writers_and_readers_agree_with_the_server_exactly(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        for round in 0..3 {
            let token = app.token("inspector").await;
            let mut writers = Vec::new();
            for w in 0..6 {
                let mut client = Client::new(app.url(""), token.clone());
                let site = places.site_a;
                writers.push(tokio::spawn(async move {
                    for _ in 0..8 {
                        for _ in 0..(3 + (w % 4)) {
                            client.mutate("inspection.create", json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": site}));
                        }
                        client.push().await.unwrap();
                    }
                }));
            }
            let mut readers = Vec::new();
            for _ in 0..3 {
                let mut reader = Client::new(app.url(""), token.clone());
                let writers_done = writers.iter().map(|w| w.abort_handle()).collect::<Vec<_>>();
                readers.push(tokio::spawn(async move {
                    let mut delivered: HashMap<Uuid, u32> = HashMap::new();
                    let pull = async |reader: &mut Client, delivered: &mut HashMap<Uuid, u32>| {
                        let before = reader.store.records.clone();
                        let pulled = reader.pull_limit(7).await.unwrap();
                        for key in reader.store.records.keys() {
                            if !before.contains_key(key) { *delivered.entry(key.1).or_default() += 1; }
                        }
                        pulled.has_more
                    };
                    while writers_done.iter().any(|w| !w.is_finished()) {
                        pull(&mut reader, &mut delivered).await;
                    }
                    while pull(&mut reader, &mut delivered).await {}
                    (reader, delivered)
                }));
            }
            for writer in writers { writer.await.unwrap(); }
            let server: BTreeSet<Uuid> = inspection::Entity::find().all(app.state.db.read()).await.unwrap().into_iter().map(|i| i.id).collect();
            for reader in readers {
                let (reader, delivered) = reader.await.unwrap();
                let held: BTreeSet<Uuid> = reader.store.of_type("inspection").map(|(id, _)| *id).collect();
                assert_eq!(held.len(), server.len(), "round {round}: reader holds {} of {}", held.len(), server.len());
                assert_eq!(held, server, "round {round}");
                assert!(delivered.values().all(|&n| n == 1), "round {round}: a record was delivered twice");
            }
        }
    }
}

/// The failure the design avoids, shown on this very PostgreSQL: with a
/// plain sequence as the cursor, a transaction that drew an earlier number
/// but commits later is skipped by a reader that already moved past it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_naive_sequence_cursor_loses_a_change_on_postgres() {
    let Some(backend) = Backend::postgres() else { return };
    let app = TestApp::spawn(backend).await;
    let db = app.state.db.write();
    db.execute_unprepared("CREATE TABLE naive_log (seq BIGSERIAL PRIMARY KEY, what TEXT NOT NULL)").await.unwrap();
    let slow = db.begin().await.unwrap();
    slow.execute_unprepared("INSERT INTO naive_log (what) VALUES ('slow')").await.unwrap(); // draws seq 1
    db.execute_unprepared("INSERT INTO naive_log (what) VALUES ('fast')").await.unwrap(); // draws 2, commits
    let state = app.state.clone();
    let read = async |after: i64| {
        let sql = format!("SELECT seq, what FROM naive_log WHERE seq > {after} ORDER BY seq");
        let rows = state.db.read().query_all_raw(Statement::from_string(state.db.backend(), sql)).await.unwrap();
        rows.iter()
            .map(|r| (r.try_get::<i64>("", "seq").unwrap(), r.try_get::<String>("", "what").unwrap()))
            .collect::<Vec<_>>()
    };
    let first = read(0).await;
    assert_eq!(first, vec![(2, "fast".to_string())]);
    let cursor = first.last().unwrap().0;
    slow.commit().await.unwrap();
    let second = read(cursor).await;
    assert!(second.is_empty(), "the naive cursor skipped the slow transaction's row: {second:?}");
    assert_eq!(read(0).await.len(), 2, "yet the row is there");
    app.stop().await;
}
