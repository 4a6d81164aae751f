//! The object store down: records keep syncing, uploads answer a retryable
//! 503, `/readyz` says degraded, nothing is reported saved; uploads resume
//! when it is back. And the cleanup job: expired sessions and photos no
//! record references go after their grace period.

use chrono::Utc;
use fieldsync::blobs::{Sha256, cleanup, store};
use fieldsync_tests::{Backend, BlobEnv, fake_jpeg, sha_hex, store_tests};
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

const MIB: usize = 1024 * 1024;

async fn records_sync_and_uploads_wait_while_the_object_store_is_down(backend: Backend) {
    let mut env = BlobEnv::spawn(backend, true).await;
    let app = &env.app;
    let seeded = app.seed().await;
    let places = app.seed_places(&seeded).await;
    let token = app.token("inspector").await;
    let photo = fake_jpeg(11 * MIB, 21);
    let sha = sha_hex(&photo);
    let started = app.start_upload(&token, &sha, photo.len() as u64).await;
    let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
    app.put_chunk(&token, &upload, 0, photo[..5 * MIB].to_vec(), photo.len() as u64).await.expect(200);

    env.s3.as_mut().unwrap().stop().await;
    let app = &env.app;
    let ready = app.send(Method::GET, "/readyz", None, None).await;
    assert_eq!(
        (ready.expect(200)["blob_store"].as_str(), ready.body["status"].as_str()),
        (Some("degraded"), Some("degraded"))
    );
    // Records still sync, photos referenced and all.
    let create = json!([{"id": 1, "name": "inspection.create", "args": {"id": Uuid::new_v4(), "template_id": fieldsync::templates::seed::DUST_CONTROL_V1, "site_id": places.site_a, "photos": [sha]}}]);
    assert_eq!(app.push_as(&token, Uuid::new_v4(), create).await.expect(200)["results"][0]["status"], "applied");
    // Uploads answer a clear, retryable error.
    let chunk =
        app.put_chunk(&token, &upload, 5 * MIB as u64, photo[5 * MIB..10 * MIB].to_vec(), photo.len() as u64).await;
    chunk.expect_error(503, "storage_unavailable");
    assert!(chunk.headers.get("retry-after").is_some());
    app.start_upload(&token, &sha_hex(b"another"), 10).await.expect_error(503, "storage_unavailable");
    let missing = app.post("/v1/blobs/missing", &token, &json!({"hashes": [sha]})).await;
    assert_eq!(missing.expect(200)["missing"], json!([sha]), "nothing is reported saved that is not");

    env.s3.as_mut().unwrap().restart().await;
    let app = &env.app;
    let ready = app.send(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.expect(200)["blob_store"], "ok");
    let state = app.get(&format!("/v1/blobs/uploads/{upload}"), &token).await;
    assert_eq!(state.expect(200)["offset"], 5 * MIB);
    app.send_rest(&token, &upload, &photo, 5 * MIB, 5 * MIB).await.expect(201);
    let (status, _, body) = app.fetch(&format!("/v1/blobs/{sha}"), &token, &[]).await;
    assert_eq!((status, sha_hex(&body)), (200, sha));
    assert_eq!(app.get("/v1/blobs/owed", &token).await.expect(200)["owed"], json!([]));
    env.stop().await;
}

mod s3_outage {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite() {
        records_sync_and_uploads_wait_while_the_object_store_is_down(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        if let Some(backend) = Backend::postgres() {
            records_sync_and_uploads_wait_while_the_object_store_is_down(backend).await;
        }
    }
}

store_tests! {
    async fn unreferenced_photos_and_expired_uploads_are_cleaned_up_after_their_grace(env) {
        let app = &env.app;
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let (kept, orphan) = (fake_jpeg(3_000, 31), fake_jpeg(3_000, 32));
        for photo in [&kept, &orphan] {
            app.upload(&token, photo, photo.len()).await.expect(201);
        }
        let create = json!([{"id": 1, "name": "inspection.create", "args": {"id": Uuid::new_v4(), "template_id": fieldsync::templates::seed::DUST_CONTROL_V1, "site_id": places.site_a, "photos": [sha_hex(&kept)]}}]);
        app.push_as(&token, Uuid::new_v4(), create).await.expect(200);
        let abandoned = fake_jpeg(6 * MIB, 33);
        let started = app.start_upload(&token, &sha_hex(&abandoned), abandoned.len() as u64).await;
        let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
        app.put_chunk(&token, &upload, 0, abandoned[..5 * MIB].to_vec(), abandoned.len() as u64).await.expect(200);

        let blobs = &app.state.blobs;
        // Within the grace period nothing goes.
        let early = cleanup::sweep(&app.state.db, blobs, Utc::now() + chrono::Duration::hours(1)).await.unwrap();
        assert_eq!((early.orphans, early.expired_uploads), (0, 0));
        let later = Utc::now() + chrono::Duration::days(8);
        let swept = cleanup::sweep(&app.state.db, blobs, later).await.unwrap();
        assert_eq!((swept.orphans, swept.expired_uploads), (1, 1));
        let key = |data: &[u8]| store::blob_key(&Sha256::parse(&sha_hex(data)).unwrap());
        assert!(blobs.store.exists(&key(&kept)).await.unwrap());
        assert!(!blobs.store.exists(&key(&orphan)).await.unwrap());
        let missing = app.post("/v1/blobs/missing", &token, &json!({"hashes": [sha_hex(&kept), sha_hex(&orphan)]})).await;
        assert_eq!(missing.expect(200)["missing"], json!([sha_hex(&orphan)]));
        app.get(&format!("/v1/blobs/uploads/{upload}"), &token).await.expect_error(404, "not_found");
    }
}

mod presigned {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn downloads_redirect_to_a_presigned_url_of_the_store_when_configured() {
        let env = BlobEnv::spawn_with(Backend::Sqlite, true, |s| s.blobs.s3.presign_downloads = true).await;
        let app = &env.app;
        app.seed().await;
        let token = app.token("admin").await;
        let photo = fake_jpeg(50_000, 41);
        let sha = sha_hex(&photo);
        app.upload(&token, &photo, photo.len()).await.expect(201);
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let answer = http.get(app.url(&format!("/v1/blobs/{sha}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(answer.status(), 307);
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.contains("X-Amz-Signature"), "{location}");
        // The URL works without the bearer token, and only until it expires.
        let fetched = http.get(&location).send().await.unwrap();
        assert_eq!(fetched.status(), 200);
        assert_eq!(sha_hex(&fetched.bytes().await.unwrap()), sha);
        // One hex digit of the signature changed: refused.
        let at = location.find("X-Amz-Signature=").unwrap() + "X-Amz-Signature=".len();
        let mut forged = location.clone();
        let digit = if &location[at..at + 1] == "0" { "1" } else { "0" };
        forged.replace_range(at..at + 1, digit);
        assert_eq!(http.get(&forged).send().await.unwrap().status(), 403);
        env.stop().await;
    }
}
