//! A database that cannot store a push never acknowledges it (spec §16):
//! SQLite with a full disk, a PostgreSQL connection lost mid-statement, and a
//! database that is down all answer a retryable `503`, and the server
//! recovers by itself. Before, SQLite's rollback on `SQLITE_FULL` left the
//! driver counting itself inside a transaction, so every later write ran as a
//! savepoint of a transaction nobody committed: acknowledged and lost.

use std::{collections::BTreeSet, time::Duration};

use fieldsync::config::DatabaseUrl;
use fieldsync::templates::seed::DUST_CONTROL_V1;
use fieldsync::{inspections::entity as inspection, sync::entity::client};
use fieldsync_tests::{Backend, TcpProxy, TestApp};
use sea_orm::{ConnectionTrait, EntityTrait, Statement, TransactionTrait};
use serde_json::{Value, json};
use uuid::Uuid;

/// A device that keeps what it has not had acknowledged and sends it again.
/// Each inspection it records is created and then edited: the edits split
/// the creates into pushes of single mutations, whose one-row writes make
/// SQLite roll back the whole transaction when the disk is full (a multi-row
/// insert rolls back only its statement).
struct Phone {
    client_id: Uuid,
    token: String,
    /// Mutations not yet answered, oldest first: (mutation id, inspection id, whether it is the create).
    queue: Vec<(u64, Uuid, bool)>,
    next: u64,
    /// Inspections whose create the server answered `applied`.
    applied: BTreeSet<Uuid>,
    /// The last `last_mutation_id` the server answered.
    confirmed: u64,
}

impl Phone {
    async fn new(app: &TestApp) -> Phone {
        let token = app.token("inspector").await;
        Phone { client_id: Uuid::new_v4(), token, queue: Vec::new(), next: 1, applied: BTreeSet::new(), confirmed: 0 }
    }

    /// Queues `n` inspections, each created and then edited with long notes (to fill pages fast).
    fn record(&mut self, n: usize) {
        for _ in 0..n {
            let id = Uuid::new_v4();
            self.queue.push((self.next, id, true));
            self.queue.push((self.next + 1, id, false));
            self.next += 2;
        }
    }

    /// The push of everything queued.
    fn body(&self, site: Uuid) -> Value {
        let notes = "积尘".repeat(1_500);
        let mutations: Vec<Value> = self
            .queue
            .iter()
            .map(|(id, inspection, create)| match create {
                true => json!({"id": id, "name": "inspection.create",
                    "args": {"id": inspection, "template_id": DUST_CONTROL_V1, "site_id": site}}),
                false => json!({"id": id, "name": "inspection.update",
                    "args": {"id": inspection, "base_rev": 1, "notes": notes}}),
            })
            .collect();
        json!({"client_id": self.client_id, "mutations": mutations})
    }

    /// Pushes the queue; returns the HTTP status (and the error code of a refusal).
    async fn push(&mut self, app: &TestApp, site: Uuid) -> (u16, String) {
        let request = app
            .http
            .post(app.url("/v1/sync/push"))
            .bearer_auth(&self.token)
            .header("fieldsync-protocol", "1")
            .json(&self.body(site));
        let reply = TestApp::read(request).await;
        if reply.status != 200 {
            let retry = reply.status < 500 || reply.headers.contains_key("retry-after");
            assert!(retry, "a refusal of the server's says when to retry: {}", reply.text);
            return (reply.status, reply.code().to_owned());
        }
        for result in reply.body["results"].as_array().unwrap() {
            assert_eq!(result["status"], "applied", "{result}");
            let id = result["id"].as_u64().unwrap();
            if let Some((_, inspection, true)) = self.queue.iter().find(|(m, _, _)| *m == id) {
                self.applied.insert(*inspection);
            }
        }
        self.confirmed = reply.body["last_mutation_id"].as_u64().unwrap();
        self.queue.retain(|(id, _, _)| *id > self.confirmed);
        (200, String::new())
    }
}

async fn page_count(app: &TestApp) -> u64 {
    let row = app
        .state
        .db
        .read()
        .query_one_raw(Statement::from_string(app.state.db.backend(), "PRAGMA page_count"))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap() as u64
}

async fn readiness(app: &TestApp) -> (u16, Value) {
    let reply = TestApp::read(app.http.get(app.url("/readyz"))).await;
    (reply.status, reply.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_sqlite_disk_refuses_pushes_loses_no_acknowledged_mutation_and_recovers_by_itself() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    // A second server on the same file whose database may grow by a few pages only.
    let limit = page_count(&app).await + 60;
    let server = app.spawn_sibling_with(|s| s.database.sqlite_max_page_count = Some(limit)).await;
    let mut phones = vec![Phone::new(&server).await, Phone::new(&server).await, Phone::new(&server).await];
    let mut refusals = 0;
    for round in 0..40 {
        for phone in &mut phones {
            phone.record(2);
            let (status, code) = phone.push(&server, places.site_a).await;
            if status != 200 {
                assert_eq!((status, code.as_str()), (503, "storage_full"), "round {round}");
                refusals += 1;
            }
        }
        if refusals >= 6 {
            break;
        }
    }
    assert!(refusals >= 6, "the database filled up ({refusals} refusals)");
    let (status, body) = readiness(&server).await;
    assert_eq!((status, body["writer"].as_str()), (503, Some("full")), "{body}");
    // Still full: more refusals, none acknowledged.
    for phone in &mut phones {
        assert_eq!(phone.push(&server, places.site_a).await, (503, "storage_full".to_owned()));
    }
    // Room again: the operator raises the limit on the server's writer.
    server.state.db.write().execute_unprepared("PRAGMA max_page_count = 1000000").await.unwrap();
    for phone in &mut phones {
        phone.record(2);
        assert_eq!(phone.push(&server, places.site_a).await.0, 200, "writes commit again without a restart");
        assert!(phone.queue.is_empty());
    }
    let (status, body) = readiness(&server).await;
    assert_eq!((status, body["writer"].as_str()), (200, Some("ok")), "{body}");
    // Everything acknowledged is stored, read through the first server's own connections.
    let stored: BTreeSet<Uuid> =
        inspection::Entity::find().all(app.state.db.read()).await.unwrap().into_iter().map(|m| m.id).collect();
    for phone in &phones {
        let missing: Vec<&Uuid> = phone.applied.difference(&stored).collect();
        assert!(missing.is_empty(), "acknowledged but not stored: {missing:?}");
        let row = client::Entity::find_by_id(phone.client_id).one(app.state.db.read()).await.unwrap().unwrap();
        assert_eq!(row.last_mutation_id as u64, phone.confirmed, "the device's progress is the server's");
        assert_eq!(phone.confirmed, phone.next - 1, "every mutation got through in the end");
    }
    let applied: usize = phones.iter().map(|p| p.applied.len()).sum();
    assert_eq!(stored.len(), applied, "nothing stored twice or unacknowledged");
    server.stop().await;
    app.stop().await;
}

/// One connection to the test's database, as an administrator.
async fn admin_of(app: &TestApp) -> sea_orm::DatabaseConnection {
    let mut options = sea_orm::ConnectOptions::new(app.database_url());
    options.max_connections(1).min_connections(1).sqlx_logging(false);
    sea_orm::Database::connect(options).await.unwrap()
}

/// The backend ids of this database's connections waiting on a lock.
async fn waiting_on_a_lock(admin: &impl ConnectionTrait) -> Vec<i32> {
    let sql = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() \
        AND wait_event_type = 'Lock'";
    let rows = admin.query_all_raw(Statement::from_string(admin.get_database_backend(), sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<i32>(0).unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_connection_lost_mid_statement_answers_a_retryable_503_and_the_next_push_applies() {
    let Some(backend) = Backend::postgres() else { return };
    let app = TestApp::spawn(backend).await;
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    let mut phone = Phone::new(&app).await;
    let admin = admin_of(&app).await;
    // Hold the version row, so the push waits on it mid-transaction.
    let holder = admin.begin().await.unwrap();
    holder.execute_unprepared("SELECT version FROM sync_state WHERE id = 1 FOR UPDATE").await.unwrap();
    phone.record(1);
    let pushing = {
        let http = app.http.clone();
        let url = app.url("/v1/sync/push");
        let body = phone.body(places.site_a);
        let token = phone.token.clone();
        tokio::spawn(async move {
            TestApp::read(http.post(url).bearer_auth(token).header("fieldsync-protocol", "1").json(&body)).await
        })
    };
    let mut waiting = Vec::new();
    for _ in 0..100 {
        waiting = waiting_on_a_lock(&holder).await;
        if !waiting.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(waiting.len(), 1, "the push waits on the version row");
    holder.execute_unprepared(&format!("SELECT pg_terminate_backend({})", waiting[0])).await.unwrap();
    let reply = pushing.await.unwrap();
    holder.rollback().await.unwrap();
    assert_eq!((reply.status, reply.code()), (503, "service_unavailable"), "{}", reply.text);
    assert!(reply.headers.contains_key("retry-after"));
    // The device sends the same push again; it applies once.
    assert_eq!(phone.push(&app, places.site_a).await.0, 200);
    assert_eq!(phone.applied.len(), 1);
    let stored = inspection::Entity::find().all(app.state.db.read()).await.unwrap();
    assert_eq!(stored.len(), 1);
    admin.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_answers_within_a_second_while_postgres_is_unreachable_and_pushes_answer_503() {
    let Some(backend) = Backend::postgres() else { return };
    let Backend::Postgres(url) = &backend else { unreachable!() };
    // The server reaches its database through a relay the test can cut.
    let proxy = TcpProxy::for_url(url).await;
    let app = TestApp::spawn_with(backend.clone(), |s| {
        s.database_url = DatabaseUrl::new(proxy.rewrite(s.database_url.expose()));
    })
    .await;
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    let mut phone = Phone::new(&app).await;
    assert_eq!(readiness(&app).await.0, 200);
    proxy.cut();
    let started = std::time::Instant::now();
    let (status, body) = readiness(&app).await;
    let took = started.elapsed();
    assert_eq!((status, body["database"].as_str()), (503, Some("unavailable")), "{body}");
    // The server gives the database under a second; the bound here is loose
    // for a busy machine, and far below the pool's 10 s acquire timeout.
    assert!(took < Duration::from_secs(4), "readiness answered in {took:?}");
    phone.record(1);
    assert_eq!(phone.push(&app, places.site_a).await, (503, "service_unavailable".to_owned()));
    // And back: ready again without a restart, and the same push applies once.
    proxy.restore();
    let mut ready = false;
    for _ in 0..50 {
        if readiness(&app).await.0 == 200 {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "ready again once the database is back");
    assert_eq!(phone.push(&app, places.site_a).await.0, 200);
    assert_eq!(inspection::Entity::find().all(app.state.db.read()).await.unwrap().len(), 1);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_left_inside_a_transaction_by_the_driver_is_replaced_before_the_next_write() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    // What SQLite does on a full disk in the middle of a one-row write: it
    // ends the whole transaction by itself, the savepoints with it, while the
    // driver still counts itself two levels deep.
    {
        let write = fieldsync::sync::Write::begin(&app.state.db).await.unwrap();
        let savepoint = write.db().begin().await.unwrap();
        savepoint.execute_unprepared("ROLLBACK").await.unwrap();
        assert!(savepoint.rollback().await.is_err(), "the savepoint went with the transaction");
    }
    // A push that fails after its transaction began (another user's client
    // id) rolls back. Run as a savepoint of a transaction the driver began
    // without knowing, that rollback would leave the transaction open.
    let mut phone = Phone::new(&app).await;
    phone.record(1);
    assert_eq!(phone.push(&app, places.site_a).await.0, 200);
    let mut intruder = Phone::new(&app).await;
    intruder.client_id = phone.client_id;
    intruder.token = app.token("inspector2").await;
    intruder.record(1);
    assert_eq!(intruder.push(&app, places.site_b).await, (403, "client_mismatch".to_owned()));
    phone.record(2);
    assert_eq!(phone.push(&app, places.site_a).await.0, 200);
    // Stored for good: another connection may write at once (no transaction
    // is left open on the writer), and the rows are still there after the
    // server's connections close.
    let other = sea_orm::Database::connect(app.database_url()).await.unwrap();
    other.execute_unprepared("PRAGMA busy_timeout = 1000").await.unwrap();
    other.execute_unprepared("BEGIN IMMEDIATE").await.expect("the writer holds no open transaction");
    other.execute_unprepared("COMMIT").await.unwrap();
    let url = app.database_url().to_owned();
    app.state.db.clone().close().await;
    let reopened = sea_orm::Database::connect(url).await.unwrap();
    let stored: BTreeSet<Uuid> =
        inspection::Entity::find().all(&reopened).await.unwrap().into_iter().map(|m| m.id).collect();
    assert_eq!(stored, phone.applied, "every acknowledged inspection was committed");
    assert_eq!(stored.len(), 3);
}
