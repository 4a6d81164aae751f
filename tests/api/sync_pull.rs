//! Pull: scopes, pages, checkpoints, deletions, conflicts, and the
//! reference client end to end.

use std::collections::BTreeSet;

use fieldsync::templates::seed::DUST_CONTROL_V1;
use fieldsync_tests::{TestApp, db_tests};
use serde_json::{Value, json};
use sync_protocol::client::Client;
use uuid::Uuid;

fn create_args(site: Uuid, id: Uuid) -> Value {
    json!({"id": id, "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": site, "notes": "first visit"})
}

fn ids(client: &Client, record_type: &str) -> BTreeSet<Uuid> {
    client.store.of_type(record_type).map(|(id, _)| *id).collect()
}

/// The township inspector's device, synced after recording one inspection.
async fn synced_inspector(app: &TestApp) -> Client {
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    let mut inspector = app.sync_client("inspector").await;
    inspector.mutate("inspection.create", create_args(places.site_a, Uuid::new_v4()));
    inspector.sync().await.unwrap();
    inspector
}

async fn pull_raw(app: &TestApp, token: &str, body: &Value) -> fieldsync_tests::Reply {
    let request =
        app.http.post(app.url("/v1/sync/pull")).bearer_auth(token).header("fieldsync-protocol", "1").json(body);
    TestApp::read(request).await
}

db_tests! {
    async fn each_user_pulls_exactly_the_inspections_of_their_scope(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut inspector = app.sync_client("inspector").await;
        let mut inspector2 = app.sync_client("inspector2").await;
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        inspector.mutate("inspection.create", create_args(places.site_a, a));
        inspector2.mutate("inspection.create", create_args(places.site_b, b));
        inspector.sync().await.unwrap();
        inspector2.sync().await.unwrap();
        assert_eq!(ids(&inspector, "inspection"), BTreeSet::from([a]));
        assert_eq!(ids(&inspector2, "inspection"), BTreeSet::from([b]));
        assert!(inspector.store.pending.is_empty());
        let mut supervisor = app.sync_client("supervisor").await;
        supervisor.pull_all().await.unwrap();
        assert_eq!(ids(&supervisor, "inspection"), BTreeSet::from([a, b]));
        // Inspections are internal: a contractor gets none, even of their own site.
        let mut contractor = app.sync_client("contractor").await;
        contractor.pull_all().await.unwrap();
        assert_eq!(ids(&contractor, "inspection"), BTreeSet::new());
        // The record carries the server's fields.
        let record = &inspector.store.records[&("inspection".to_string(), a)];
        assert_eq!(record["rev"], 1);
        assert_eq!(record["status"], "draft");
    }

    async fn an_idle_pull_returns_nothing_and_keeps_the_checkpoint_usable(app) {
        let mut inspector = synced_inspector(&app).await;
        let before = inspector.store.records.clone();
        for _ in 0..3 {
            let pulled = inspector.pull().await.unwrap();
            assert_eq!((pulled.changes, pulled.has_more, pulled.resynced), (0, false, false));
        }
        assert_eq!(inspector.store.records, before);
    }

    async fn an_idle_pull_reports_the_clients_progress_and_refuses_another_users_client(app) {
        let inspector = synced_inspector(&app).await;
        let checkpoint = inspector.store.checkpoint.clone().expect("a checkpoint after a sync");
        let token = app.token("inspector").await;
        // A rejected mutation is processed but changes nothing: the log's head
        // stays where it was, and the up-to-date pull still reports it.
        let site_elsewhere = json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": Uuid::new_v4()});
        let push = json!({"client_id": inspector.client_id, "mutations": [{"id": 2, "name": "inspection.create", "args": site_elsewhere}]});
        let request = app.http.post(app.url("/v1/sync/push")).bearer_auth(&token).header("fieldsync-protocol", "1").json(&push);
        let pushed = fieldsync_tests::TestApp::read(request).await;
        assert_eq!(pushed.expect(200)["results"][0]["status"], "rejected");
        let body = json!({"client_id": inspector.client_id, "checkpoint": checkpoint});
        let reply = pull_raw(&app, &token, &body).await;
        let page = reply.expect(200);
        assert_eq!((page["changes"].as_array().map(Vec::len), page["has_more"].as_bool()), (Some(0), Some(false)));
        assert_eq!(page["last_mutation_id"], 2);
        assert_eq!(page["checkpoint"], checkpoint.as_str());
        // A client not yet registered has processed nothing.
        let fresh = json!({"client_id": Uuid::new_v4(), "checkpoint": checkpoint});
        assert_eq!(pull_raw(&app, &token, &fresh).await.expect(200)["last_mutation_id"], 0);
        // Another user of the same scope (the township's supervisor) may not pull as this client.
        let other = app.token("supervisor1").await;
        pull_raw(&app, &other, &body).await.expect_error(403, "client_mismatch");
    }

    async fn edits_and_deletions_reach_other_devices(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.sync_client("inspector").await;
        let mut desk = app.sync_client("supervisor").await;
        let id = Uuid::new_v4();
        phone.mutate("inspection.create", create_args(places.site_a, id));
        phone.sync().await.unwrap();
        desk.pull_all().await.unwrap();
        phone.mutate("inspection.update", json!({"id": id, "base_rev": 1, "notes": "hoarding 2.5 m", "answers": {"hoarding_closed": "pass"}}));
        phone.sync().await.unwrap();
        desk.pull_all().await.unwrap();
        let record = &desk.store.records[&("inspection".to_string(), id)];
        assert_eq!((record["notes"].as_str(), record["answers"]["hoarding_closed"].as_str(), record["rev"].as_i64()), (Some("hoarding 2.5 m"), Some("pass"), Some(2)));
        phone.mutate("inspection.delete", json!({"id": id}));
        phone.sync().await.unwrap();
        desk.pull_all().await.unwrap();
        assert!(ids(&desk, "inspection").is_empty());
        assert!(ids(&phone, "inspection").is_empty(), "a deleted record must not come back");
    }

    async fn concurrent_edits_merge_by_field_and_the_loser_is_told(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.sync_client("inspector").await;
        let mut desk = app.sync_client("supervisor").await;
        let id = Uuid::new_v4();
        phone.mutate("inspection.create", create_args(places.site_a, id));
        phone.sync().await.unwrap();
        desk.pull_all().await.unwrap();
        // Both edit offline from rev 1: different fields merge, the same field goes to the first to arrive.
        desk.mutate("inspection.update", json!({"id": id, "base_rev": 1, "notes": "from the desk", "answers": {"vehicles_washed": "fail"}}));
        phone.mutate("inspection.update", json!({"id": id, "base_rev": 1, "notes": "from the phone", "conclusion": "rectify"}));
        desk.sync().await.unwrap();
        let results = phone.push().await.unwrap();
        assert_eq!(results[0].status, sync_protocol::MutationStatus::Applied);
        let conflicts = &results[0].result.as_ref().unwrap()["conflicts"];
        assert_eq!(conflicts, &json!([{"field": "notes", "yours": "from the phone", "kept": "from the desk"}]));
        phone.pull_all().await.unwrap();
        desk.pull_all().await.unwrap();
        let record = &phone.store.records[&("inspection".to_string(), id)];
        assert_eq!(record["notes"], "from the desk");
        assert_eq!(record["conclusion"], "rectify");
        assert_eq!(record["answers"]["vehicles_washed"], "fail");
        let inspections = |c: &Client| c.store.of_type("inspection").map(|(id, v)| (*id, v.clone())).collect::<Vec<_>>();
        assert_eq!(inspections(&phone), inspections(&desk), "both devices converge");
        // The losing value is kept in the audit trail.
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let audit = fieldsync::audit::entity::Entity::find()
            .filter(fieldsync::audit::entity::Column::Action.eq("conflict"))
            .all(app.state.db.read()).await.unwrap();
        assert_eq!(audit.len(), 1);
        assert!(audit[0].detail.contains("from the phone"));
    }

    async fn a_first_sync_in_small_pages_gets_every_record_exactly_once(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.sync_client("inspector").await;
        let mut created = BTreeSet::new();
        for _ in 0..3 {
            for _ in 0..9 {
                let id = Uuid::new_v4();
                created.insert(id);
                phone.mutate("inspection.create", create_args(places.site_a, id));
            }
            phone.push().await.unwrap();
        }
        let mut fresh = app.sync_client("inspector").await;
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let request = sync_protocol::PullRequest { client_id: fresh.client_id, checkpoint: fresh.store.checkpoint.clone(), limit: Some(4) };
            let reply = pull_raw(&app, &app.token("inspector").await, &serde_json::to_value(&request).unwrap()).await;
            let page: sync_protocol::PullResponse = serde_json::from_value(reply.expect(200).clone()).unwrap();
            assert!(page.changes.len() <= 4);
            seen.extend(page.changes.iter().filter(|c| c.record_type == "inspection").map(|c| c.id));
            fresh.store.apply_page(&page.changes, page.checkpoint);
            pages += 1;
            if !page.has_more { break; }
        }
        assert!(pages >= 7, "{pages} pages");
        let unique: BTreeSet<Uuid> = seen.iter().copied().collect();
        assert_eq!(seen.len(), unique.len(), "no record twice");
        assert_eq!(unique, created);
    }

    async fn a_garbage_or_forged_checkpoint_is_refused(app) {
        let seeded = app.seed().await;
        app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let client = Uuid::new_v4();
        pull_raw(&app, &token, &json!({"client_id": client, "checkpoint": "garbage"})).await.expect_error(400, "invalid_checkpoint");
        let first = pull_raw(&app, &token, &json!({"client_id": client})).await;
        let checkpoint = first.expect(200)["checkpoint"].as_str().unwrap().to_owned();
        // Flip one character of a real checkpoint.
        let mut forged: Vec<char> = checkpoint.chars().collect();
        let i = forged.len() / 2;
        forged[i] = if forged[i] == 'A' { 'B' } else { 'A' };
        let forged: String = forged.into_iter().collect();
        pull_raw(&app, &token, &json!({"client_id": client, "checkpoint": forged})).await.expect_error(400, "invalid_checkpoint");
        pull_raw(&app, &token, &json!({"client_id": client, "checkpoint": checkpoint, "limit": 0})).await.expect_error(422, "validation_failed");
        pull_raw(&app, &token, &json!({"client_id": client, "checkpoint": checkpoint})).await.expect(200);
    }

    async fn an_inspector_moved_to_another_township_swaps_records_without_a_full_resync(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut inspector = app.sync_client("inspector").await;
        let mut inspector2 = app.sync_client("inspector2").await;
        let mine: Vec<Uuid> = (0..3).map(|_| Uuid::new_v4()).collect();
        let theirs: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
        for id in &mine { inspector.mutate("inspection.create", create_args(places.site_a, *id)); }
        for id in &theirs { inspector2.mutate("inspection.create", create_args(places.site_b, *id)); }
        inspector.sync().await.unwrap();
        inspector2.sync().await.unwrap();
        assert_eq!(ids(&inspector, "inspection"), mine.iter().copied().collect());
        let before = inspector.store.records.clone();
        // The admin moves the inspector to township 2.
        let admin = app.token("admin").await;
        let users = app.get("/v1/admin/users?q=inspector&limit=50", &admin).await;
        let me = users.expect(200)["items"].as_array().unwrap().iter().find(|u| u["username"] == "inspector").unwrap()["id"].as_str().unwrap().to_owned();
        app.patch(&format!("/v1/admin/users/{me}"), &admin, &json!({"region_id": seeded.township2})).await.expect(200);
        let mut pages = Vec::new();
        loop {
            let pulled = inspector.pull_limit(2).await.unwrap();
            assert!(!pulled.resynced, "a scope change must not force a full resync");
            pages.push(pulled.changes);
            if !pulled.has_more { break; }
        }
        assert_eq!(ids(&inspector, "inspection"), theirs.iter().copied().collect(), "pages: {pages:?}");
        // The device now holds exactly what a fresh device of the moved inspector gets...
        let mut fresh = app.sync_client("inspector").await;
        fresh.pull_all().await.unwrap();
        assert_eq!(inspector.store.records, fresh.store.records);
        // ...and only what left and what entered was sent, nothing both scopes share.
        let after = &inspector.store.records;
        let differ = before.keys().filter(|k| !after.contains_key(*k)).count() + after.keys().filter(|k| !before.contains_key(*k)).count();
        let moved: usize = pages.iter().sum();
        assert_eq!(moved, differ, "only what left and what entered was sent");
        // Later changes in the new township keep arriving.
        let later = Uuid::new_v4();
        inspector2.mutate("inspection.create", create_args(places.site_b, later));
        inspector2.sync().await.unwrap();
        inspector.pull_all().await.unwrap();
        assert!(ids(&inspector, "inspection").contains(&later));
    }

    async fn a_checkpoint_of_another_user_only_ever_yields_the_callers_own_records(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut inspector = app.sync_client("inspector").await;
        inspector.mutate("inspection.create", create_args(places.site_a, Uuid::new_v4()));
        inspector.sync().await.unwrap();
        let mut inspector2 = app.sync_client("inspector2").await;
        inspector2.store.checkpoint = inspector.store.checkpoint.clone();
        inspector2.pull_all().await.unwrap();
        assert!(ids(&inspector2, "inspection").is_empty());
    }

    async fn a_checkpoint_issued_to_another_user_answers_must_resync_even_in_the_same_scope(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut inspector = app.sync_client("inspector").await;
        inspector.mutate("inspection.create", create_args(places.site_a, Uuid::new_v4()));
        inspector.sync().await.unwrap();
        let theirs = inspector.store.checkpoint.clone().unwrap();
        // supervisor1 has the inspector's scope (township 1), so nothing in the
        // checkpoint tells the scopes apart: only the user it was issued to does.
        for (user, other) in [("supervisor1", "inspector, same scope"), ("inspector2", "inspector, other scope")] {
            let token = app.token(user).await;
            let reply = pull_raw(&app, &token, &json!({"client_id": Uuid::new_v4(), "checkpoint": theirs})).await;
            let body = reply.expect(200);
            assert_eq!((body["must_resync"].as_bool(), body["changes"].as_array().map(Vec::len), body["checkpoint"].as_str()),
                (Some(true), Some(0), Some("")), "{user} with a checkpoint of {other}: {body}");
        }
        // A device that kept the inspector's records and checkpoint across the
        // switch ends with exactly what a fresh device of the new user holds.
        let mut switched = Client::new(app.url(""), app.token("supervisor1").await);
        switched.store.records = inspector.store.records.clone();
        switched.store.records.insert(("inspection".into(), Uuid::new_v4()), json!({"stale": true}));
        switched.store.checkpoint = Some(theirs.clone());
        switched.pull_all().await.unwrap();
        let mut fresh = app.sync_client("supervisor1").await;
        fresh.pull_all().await.unwrap();
        assert_eq!(switched.store.records, fresh.store.records);
        // The owner's own checkpoint still works.
        let token = app.token("inspector").await;
        let own = pull_raw(&app, &token, &json!({"client_id": inspector.client_id, "checkpoint": theirs})).await;
        assert_eq!(own.expect(200)["must_resync"], false);
    }

    async fn an_empty_checkpoint_is_refused_not_taken_for_a_first_sync(app) {
        let inspector = synced_inspector(&app).await;
        let token = app.token("inspector").await;
        // `must_resync` answers `"checkpoint": ""`; a device that stored it and
        // sends it back must resync (drop its records), not get a first sync on
        // top of records whose deletions it would never receive.
        for empty in ["", " ", "\t"] {
            let reply = pull_raw(&app, &token, &json!({"client_id": inspector.client_id, "checkpoint": empty})).await;
            reply.expect_error(400, "invalid_checkpoint");
        }
        // Absent and null are the first sync.
        for body in [json!({"client_id": inspector.client_id}), json!({"client_id": inspector.client_id, "checkpoint": null})] {
            let reply = pull_raw(&app, &token, &body).await;
            assert!(!reply.expect(200)["changes"].as_array().unwrap().is_empty(), "a first sync sends the scope");
        }
    }

    async fn rewriting_current_values_raises_no_rev_and_sends_other_devices_nothing(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let inspection = Uuid::new_v4();
        let mut args = create_args(places.site_a, inspection);
        args["answers"] = json!({"hoarding_closed": "pass"});
        assert_eq!(phone.apply(&app, "inspection.create", args).await["rev"], 1);
        let notice = Uuid::new_v4();
        let document = json!({"findings": [{"text": "Bare soil", "location": "North gate", "clause": "Art. 6"}],
            "required_actions": "Cover it.", "deadline_days": 3});
        let mut create = document.clone();
        create["id"] = json!(notice);
        create["kind"] = json!("rectification");
        create["site_id"] = json!(places.site_a);
        assert_eq!(phone.apply(&app, "notice.create", create).await["rev"], 1);
        // A renovation file opens only for a dangerous house.
        let admin = app.token("admin").await;
        app.patch(&format!("/v1/admin/households/{}", places.household), &admin, &json!({"grade": "D"})).await.expect(200);
        let file = Uuid::new_v4();
        phone.apply(&app, "renovation.open", json!({"id": file, "household_id": places.household, "renovation_type": "demolish_rebuild",
            "build_mode": "self_built", "file_number": "QH-1", "applied_on": "2026-01-05"})).await;
        let photo = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let rev = phone.apply(&app, "renovation.photos", json!({"id": file, "stage": "before", "photos": [photo]})).await["rev"].clone();
        let mut other = app.sync_client("supervisor1").await;
        other.pull_all().await.unwrap();

        // The same values again, from the same device and from another one.
        let same = json!({"id": inspection, "base_rev": 1, "notes": "first visit", "answers": {"hoarding_closed": "pass"}});
        let result = phone.apply(&app, "inspection.update", same.clone()).await;
        assert_eq!(result, json!({"rev": 1, "conflicts": []}));
        let mut document_again = document.clone();
        document_again["id"] = json!(notice);
        assert_eq!(phone.apply(&app, "notice.update", document_again).await, json!({"rev": 1}));
        let again = phone.apply(&app, "renovation.photos", json!({"id": file, "stage": "before", "photos": [photo]})).await;
        assert_eq!(again["rev"], rev);
        let mut supervisor = app.device("supervisor1").await;
        assert_eq!(supervisor.apply(&app, "inspection.update", same).await, json!({"rev": 1, "conflicts": []}));

        let pulled = other.pull().await.unwrap();
        assert_eq!((pulled.changes, pulled.resynced), (0, false), "a rewrite of current values is no change");
        // A real change still is one: rev 2, one change for the other device.
        let changed = json!({"id": inspection, "base_rev": 1, "notes": "second visit"});
        assert_eq!(phone.apply(&app, "inspection.update", changed).await["rev"], 2);
        assert_eq!(other.pull().await.unwrap().changes, 1);
    }
}
