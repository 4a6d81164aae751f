//! A photo's hash is not a capability: naming it in your own record grants
//! no download until you have proved you hold the bytes, and starting an
//! upload tells nobody whether the photo exists elsewhere (issue 15 item 5).

use fieldsync_tests::{TestApp, db_tests, fake_jpeg, sha_hex};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::notices_common::{act, draft, other_company_notice, world};

/// An inspection on `site` citing `photos`, pushed by `token`'s device.
async fn inspect(app: &TestApp, token: &str, site: Uuid, photos: &[String]) {
    let create = json!([{"id": 1, "name": "inspection.create", "args": {"id": Uuid::new_v4(), "template_id": fieldsync::templates::seed::DUST_CONTROL_V1, "site_id": site, "photos": photos}}]);
    let reply = app.push_as(token, Uuid::new_v4(), create).await;
    assert_eq!(reply.expect(200)["results"][0]["status"], "applied", "{}", reply.text);
}

async fn download(app: &TestApp, token: &str, sha: &str) -> u16 {
    app.fetch(&format!("/v1/blobs/{sha}"), token, &[]).await.0
}

async fn owed(app: &TestApp, token: &str) -> Vec<Value> {
    let reply = app.get("/v1/blobs/owed", token).await;
    reply.expect(200)["owed"].as_array().unwrap().iter().map(|o| o["sha256"].clone()).collect()
}

db_tests! {
    async fn naming_another_townships_photo_in_your_own_inspection_does_not_let_you_download_it(app) {
        let (places, tokens) = world(&app).await;
        let photo = fake_jpeg(20_000, 41);
        let sha = sha_hex(&photo);
        app.upload(tokens.get("inspector"), &photo, photo.len()).await.expect(201);
        inspect(&app, tokens.get("inspector"), places.site_a, std::slice::from_ref(&sha)).await;
        assert_eq!(download(&app, tokens.get("inspector2"), &sha).await, 404);

        // Township 2's inspector cites the hash in an inspection of their own site.
        inspect(&app, tokens.get("inspector2"), places.site_b, std::slice::from_ref(&sha)).await;
        assert_eq!(download(&app, tokens.get("inspector2"), &sha).await, 404, "a named hash is no proof");
        assert_eq!(owed(&app, tokens.get("inspector2")).await, vec![json!(sha)], "the photo is owed by that device");
        let missing = app.get("/v1/blobs/missing-records", tokens.get("admin")).await;
        assert_eq!(missing.expect(200)["records"].as_array().unwrap().len(), 1, "{}", missing.text);
        // Sending the bytes proves them, like any first upload.
        let start = app.start_upload(tokens.get("inspector2"), &sha, photo.len() as u64).await;
        assert_eq!(start.expect(201)["complete"], false);
        app.upload(tokens.get("inspector2"), &photo, photo.len()).await.expect(201);
        assert_eq!(download(&app, tokens.get("inspector2"), &sha).await, 200);
        assert!(owed(&app, tokens.get("inspector2")).await.is_empty());
    }

    async fn a_contractor_citing_another_companys_photo_in_an_answer_does_not_get_it(app) {
        let (places, tokens) = world(&app).await;
        let photo = fake_jpeg(8_000, 42);
        let sha = sha_hex(&photo);
        // Company A's answer carries the photo.
        let ours = draft(&app, "inspector", &places, "rectification").await;
        act(&app, tokens.get("inspector"), ours, "issue").await.expect(200);
        act(&app, tokens.get("contractor"), ours, "acknowledge").await.expect(200);
        app.upload(tokens.get("contractor"), &photo, photo.len()).await.expect(201);
        let answer = json!({"text": "Nets laid.", "photos": [sha]});
        app.post(&format!("/v1/notices/{ours}/actions/respond"), tokens.get("contractor"), &answer).await.expect(200);
        assert_eq!(download(&app, tokens.get("inspector"), &sha).await, 200);
        assert_eq!(download(&app, tokens.get("contractor2"), &sha).await, 404);

        // Company B names it in its own answer.
        let theirs = other_company_notice(&app, &tokens, &places).await;
        act(&app, tokens.get("contractor2"), theirs, "acknowledge").await.expect(200);
        app.post(&format!("/v1/notices/{theirs}/actions/respond"), tokens.get("contractor2"), &answer).await.expect(200);
        assert_eq!(download(&app, tokens.get("contractor2"), &sha).await, 404);
        assert_eq!(download(&app, tokens.get("inspector2"), &sha).await, 404, "nor to the readers of company B's notice");
        assert_eq!(owed(&app, tokens.get("contractor2")).await, vec![json!(sha)]);
        assert_eq!(download(&app, tokens.get("contractor"), &sha).await, 200, "the owner keeps reading it");
    }

    async fn starting_an_upload_tells_only_those_who_may_read_a_photo_that_it_is_stored(app) {
        let (places, tokens) = world(&app).await;
        let photo = fake_jpeg(6_000, 43);
        let sha = sha_hex(&photo);
        app.upload(tokens.get("inspector"), &photo, photo.len()).await.expect(201);
        inspect(&app, tokens.get("inspector"), places.site_a, std::slice::from_ref(&sha)).await;
        let never = fake_jpeg(6_000, 44);

        // Outside the photo's scope, a stored photo and one never seen get the same answer.
        let shape = |reply: &fieldsync_tests::Reply| {
            let mut keys: Vec<String> = reply.body.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            (reply.status, keys, reply.body["offset"].clone(), reply.body["complete"].clone())
        };
        let stored = app.start_upload(tokens.get("inspector2"), &sha, photo.len() as u64).await;
        let unknown = app.start_upload(tokens.get("inspector2"), &sha_hex(&never), never.len() as u64).await;
        assert_eq!(shape(&stored), shape(&unknown), "{} / {}", stored.text, unknown.text);
        assert_eq!(stored.status, 201);
        let missing = app.post("/v1/blobs/missing", tokens.get("inspector2"), &json!({"hashes": [sha]})).await;
        assert_eq!(missing.expect(200)["missing"], json!([sha]));
        assert_eq!(download(&app, tokens.get("inspector2"), &sha).await, 404);

        // Who may read it already is told so, and sends nothing.
        let supervisor = app.start_upload(tokens.get("supervisor1"), &sha, photo.len() as u64).await;
        assert_eq!(supervisor.expect(200)["complete"], true, "{}", supervisor.text);
        let again = app.start_upload(tokens.get("inspector"), &sha, photo.len() as u64).await;
        assert_eq!(again.expect(200)["complete"], true);
    }

    async fn a_photo_you_may_read_can_be_cited_in_a_notice_without_sending_it_again(app) {
        let (places, tokens) = world(&app).await;
        let photo = fake_jpeg(7_000, 45);
        let sha = sha_hex(&photo);
        app.upload(tokens.get("inspector"), &photo, photo.len()).await.expect(201);
        inspect(&app, tokens.get("inspector"), places.site_a, std::slice::from_ref(&sha)).await;
        assert_eq!(download(&app, tokens.get("contractor"), &sha).await, 404, "inspections are the bureau's");
        // The township's supervisor, who reads the inspection, cites its photo in a notice.
        let id = Uuid::new_v4();
        let mut args = crate::notices_common::content();
        args["id"] = json!(id);
        args["kind"] = json!("rectification");
        args["site_id"] = json!(places.site_a);
        args["findings"][0]["photos"] = json!([sha]);
        let mut client = app.sync_client("supervisor1").await;
        client.mutate("notice.create", args);
        let results = client.push().await.unwrap();
        assert_eq!(results[0].status, sync_protocol::MutationStatus::Applied, "{:?}", results[0]);
        assert!(owed(&app, tokens.get("supervisor1")).await.is_empty(), "nothing owed: the bytes came from its scope");
        act(&app, tokens.get("supervisor1"), id, "issue").await.expect(200);
        assert_eq!(download(&app, tokens.get("contractor"), &sha).await, 200, "the addressee reads the notice's photo");
        assert_eq!(download(&app, tokens.get("contractor2"), &sha).await, 404);
    }
}
