//! Photo uploads on both stores: resumable chunks, verification of hash,
//! size and type, one copy per photo.

use fieldsync::blobs::{Sha256, store};
use fieldsync_tests::{BlobEnv, TestApp, fake_jpeg, sha_hex, store_tests};
use futures::StreamExt;
use reqwest::header::CONTENT_RANGE;
use serde_json::json;

const MIB: usize = 1024 * 1024;

async fn stored(env: &BlobEnv, data: &[u8]) -> bool {
    let sha = Sha256::parse(&sha_hex(data)).unwrap();
    env.app.state.blobs.store.exists(&store::blob_key(&sha)).await.unwrap()
}

async fn missing(app: &TestApp, token: &str, hashes: &[String]) -> Vec<String> {
    let reply = app.post("/v1/blobs/missing", token, &json!({"hashes": hashes})).await;
    serde_json::from_value(reply.expect(200)["missing"].clone()).unwrap()
}

store_tests! {
    async fn a_photo_uploaded_in_chunks_is_stored_once_and_no_longer_missing(env) {
        let app = &env.app;
        app.seed().await;
        let token = app.token("inspector").await;
        let photo = fake_jpeg(11 * MIB, 1);
        let other = sha_hex(b"never uploaded");
        assert_eq!(missing(app, &token, &[sha_hex(&photo), other.clone()]).await, vec![sha_hex(&photo), other.clone()]);
        let reply = app.upload(&token, &photo, 5 * MIB).await;
        assert_eq!(reply.expect(201)["complete"], true);
        assert!(stored(&env, &photo).await);
        assert_eq!(missing(app, &token, &[sha_hex(&photo), other.clone()]).await, vec![other]);
        // The same photo again from the uploader (another sign-in): nothing to send.
        let again = app.start_upload(&app.token("inspector").await, &sha_hex(&photo), photo.len() as u64).await;
        assert_eq!(again.expect(200)["complete"], true);
        assert!(again.body.get("upload_id").is_none());
    }

    async fn an_upload_cut_in_the_middle_resumes_from_the_offset_the_server_reports(env) {
        let app = &env.app;
        app.seed().await;
        let token = app.token("inspector").await;
        let photo = fake_jpeg(11 * MIB, 2);
        let started = app.start_upload(&token, &sha_hex(&photo), photo.len() as u64).await;
        let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
        app.put_chunk(&token, &upload, 0, photo[..5 * MIB].to_vec(), photo.len() as u64).await.expect(200);
        // The second chunk's connection dies after 2 MiB.
        let half: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(photo[5 * MIB..7 * MIB].to_vec()), Err(std::io::Error::other("cut"))];
        let cut = app
            .http
            .put(app.url(&format!("/v1/blobs/uploads/{upload}")))
            .bearer_auth(&token)
            .header(CONTENT_RANGE, format!("bytes {}-{}/{}", 5 * MIB, 10 * MIB - 1, photo.len()))
            .body(reqwest::Body::wrap_stream(futures::stream::iter(half)))
            .send()
            .await;
        assert!(cut.is_err() || cut.unwrap().status() != 200);
        let state = app.get(&format!("/v1/blobs/uploads/{upload}"), &token).await;
        assert_eq!(state.expect(200)["offset"], 5 * MIB);
        assert_eq!(state.headers["upload-offset"], (5 * MIB).to_string().as_str());
        let done = app.send_rest(&token, &upload, &photo, 5 * MIB, 5 * MIB).await;
        assert_eq!(done.expect(201)["complete"], true);
        let object = env.app.state.blobs.store.get(&store::blob_key(&Sha256::parse(&sha_hex(&photo)).unwrap()), None).await.unwrap();
        let bytes: Vec<u8> = object.body.map(|c| c.unwrap().to_vec()).concat().await;
        assert_eq!(sha_hex(&bytes), sha_hex(&photo), "the stored photo is the one sent, byte for byte");
    }

    async fn bytes_that_do_not_match_the_declared_hash_are_refused_and_discarded(env) {
        let app = &env.app;
        app.seed().await;
        let token = app.token("inspector").await;
        let photo = fake_jpeg(6 * MIB + 10, 3);
        let claimed = sha_hex(&fake_jpeg(6 * MIB + 10, 4));
        let started = app.start_upload(&token, &claimed, photo.len() as u64).await;
        let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
        let reply = app.send_rest(&token, &upload, &photo, 0, 5 * MIB).await;
        reply.expect_error(422, "blob_hash_mismatch");
        app.get(&format!("/v1/blobs/uploads/{upload}"), &token).await.expect_error(404, "not_found");
        assert_eq!(missing(app, &token, std::slice::from_ref(&claimed)).await, vec![claimed.clone()]);
        assert!(!stored(&env, &photo).await);
        let claimed_key = store::blob_key(&Sha256::parse(&claimed).unwrap());
        assert!(!env.app.state.blobs.store.exists(&claimed_key).await.unwrap());
    }

    async fn a_chunk_may_be_larger_than_the_json_body_limit(env) {
        let app = &env.app;
        app.seed().await;
        let token = app.token("inspector").await;
        let max_body = app.state.settings.http.max_body_bytes;
        // A whole photo in one chunk, half as large again as any JSON body may be.
        let photo = fake_jpeg(max_body * 3 / 2, 11);
        let started = app.start_upload(&token, &sha_hex(&photo), photo.len() as u64).await;
        let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
        let done = app.put_chunk(&token, &upload, 0, photo.clone(), photo.len() as u64).await;
        assert_eq!(done.expect(201)["complete"], true);
        assert!(stored(&env, &photo).await);
        // A JSON body of that size is refused.
        let big = json!({"hashes": [sha_hex(&photo)], "padding": "x".repeat(max_body * 3 / 2)});
        app.post("/v1/blobs/missing", &token, &big).await.expect_error(413, "payload_too_large");
        // Chunks but the last are at least 5 MiB: one just below is refused, nothing kept.
        let photo = fake_jpeg(6 * MIB, 12);
        let started = app.start_upload(&token, &sha_hex(&photo), photo.len() as u64).await;
        let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
        let small = app.put_chunk(&token, &upload, 0, photo[..5 * MIB - 1].to_vec(), photo.len() as u64).await;
        small.expect_error(422, "upload_chunk_too_small");
        assert_eq!(small.body["error"]["details"]["min_chunk_bytes"], 5 * MIB);
        assert_eq!(app.get(&format!("/v1/blobs/uploads/{upload}"), &token).await.expect(200)["offset"], 0);
        // A body shorter or longer than its Content-Range: nothing kept, the session stays.
        for body in [photo[..5 * MIB].to_vec(), photo[..5 * MIB + 2].to_vec()] {
            let request = app.http.put(app.url(&format!("/v1/blobs/uploads/{upload}"))).bearer_auth(&token)
                .header(CONTENT_RANGE, format!("bytes 0-{}/{}", 5 * MIB, photo.len())).body(body);
            TestApp::read(request).await.expect_error(422, "blob_size_mismatch");
            assert_eq!(app.get(&format!("/v1/blobs/uploads/{upload}"), &token).await.expect(200)["offset"], 0);
        }
        let request = app.http.put(app.url(&format!("/v1/blobs/uploads/{upload}"))).bearer_auth(&token)
            .header(CONTENT_RANGE, "bytes 0-/6").body(photo[..10].to_vec());
        TestApp::read(request).await.expect_error(400, "invalid_parameter");
    }

    async fn a_size_other_than_the_declared_one_is_refused_and_discarded(env) {
        let app = &env.app;
        app.seed().await;
        let token = app.token("inspector").await;
        let photo = fake_jpeg(1000, 5);
        let started = app.start_upload(&token, &sha_hex(&photo), 1200).await;
        let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
        app.put_chunk(&token, &upload, 0, photo.clone(), 1000).await.expect_error(422, "blob_size_mismatch");
        app.get(&format!("/v1/blobs/uploads/{upload}"), &token).await.expect_error(404, "not_found");
        // A body longer than its Content-Range stores nothing either.
        let started = app.start_upload(&token, &sha_hex(&photo), 1000).await;
        let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
        let long = app.http.put(app.url(&format!("/v1/blobs/uploads/{upload}"))).bearer_auth(&token)
            .header(CONTENT_RANGE, "bytes 0-499/1000").body(photo.clone());
        let reply = TestApp::read(long).await;
        assert_ne!(reply.status, 200, "{}", reply.text);
        assert_eq!(app.get(&format!("/v1/blobs/uploads/{upload}"), &token).await.expect(200)["offset"], 0);
        assert!(!stored(&env, &photo).await);
    }

    async fn a_photo_over_the_size_limit_is_refused_before_any_byte_is_sent(env) {
        let app = &env.app;
        app.seed().await;
        let token = app.token("inspector").await;
        let reply = app.start_upload(&token, &sha_hex(b"big"), 25 * 1024 * 1024 + 1).await;
        reply.expect_error(413, "blob_too_large");
        assert_eq!(reply.body["error"]["details"]["max_size_bytes"], 25 * 1024 * 1024);
        app.start_upload(&token, "not-a-hash", 10).await.expect_error(422, "validation_failed");
    }

    async fn bytes_that_are_not_a_photo_are_refused(env) {
        let app = &env.app;
        app.seed().await;
        let token = app.token("inspector").await;
        for data in [b"%PDF-1.7\n%binary stuff here".to_vec(), b"GIF89a\x01\x00\x01\x00\x00\x00\x00\x00\x00\x00".to_vec()] {
            let started = app.start_upload(&token, &sha_hex(&data), data.len() as u64).await;
            let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
            app.put_chunk(&token, &upload, 0, data.clone(), data.len() as u64).await.expect_error(415, "blob_type_not_allowed");
            app.get(&format!("/v1/blobs/uploads/{upload}"), &token).await.expect_error(404, "not_found");
        }
    }

    async fn a_chunk_that_does_not_start_at_the_offset_is_refused_with_the_offset(env) {
        let app = &env.app;
        app.seed().await;
        let token = app.token("inspector").await;
        let photo = fake_jpeg(6 * MIB, 6);
        let started = app.start_upload(&token, &sha_hex(&photo), photo.len() as u64).await;
        let upload = started.expect(201)["upload_id"].as_str().unwrap().to_owned();
        let reply = app.put_chunk(&token, &upload, 100, photo[100..].to_vec(), photo.len() as u64).await;
        reply.expect_error(409, "upload_offset_mismatch");
        assert_eq!(reply.body["error"]["details"]["offset"], 0);
        let small = app.put_chunk(&token, &upload, 0, photo[..1000].to_vec(), photo.len() as u64).await;
        small.expect_error(422, "upload_chunk_too_small");
        // Someone else's session does not exist for them.
        let other = app.token("inspector2").await;
        app.get(&format!("/v1/blobs/uploads/{upload}"), &other).await.expect_error(404, "not_found");
    }

    async fn concurrent_uploads_of_the_same_photo_store_it_once(env) {
        let app = &env.app;
        app.seed().await;
        let (a, b) = (app.token("inspector").await, app.token("inspector2").await);
        let photo = fake_jpeg(7 * MIB, 7);
        let first = app.start_upload(&a, &sha_hex(&photo), photo.len() as u64).await;
        let second = app.start_upload(&b, &sha_hex(&photo), photo.len() as u64).await;
        let (first, second) = (first.expect(201)["upload_id"].as_str().unwrap().to_owned(), second.expect(201)["upload_id"].as_str().unwrap().to_owned());
        let (x, y) = tokio::join!(app.send_rest(&a, &first, &photo, 0, 5 * MIB), app.send_rest(&b, &second, &photo, 0, 5 * MIB));
        assert_eq!(x.expect(201)["complete"], true);
        assert_eq!(y.expect(201)["complete"], true);
        use sea_orm::{EntityTrait, PaginatorTrait};
        assert_eq!(fieldsync::blobs::entity::blob::Entity::find().count(app.state.db.read()).await.unwrap(), 1);
        assert_eq!(fieldsync::blobs::entity::upload::Entity::find().count(app.state.db.read()).await.unwrap(), 0);
        assert!(stored(&env, &photo).await);
    }
}
