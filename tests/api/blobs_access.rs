//! Photo references and downloads: who may read a photo (whoever sees a
//! record that references it), ranges, ETags, thumbnails, the photos a
//! device still owes and the records that lack photos.

use fieldsync::{
    blobs::{Sha256, refs},
    directory::regions::entity as region,
    sync::{Placement, SyncScope},
};
use fieldsync_tests::{TestApp, fake_jpeg, real_image, sha_hex, store_tests};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

fn create_inspection(id: u64, site: Uuid, inspection: Uuid, photos: &[String]) -> Value {
    json!([{"id": id, "name": "inspection.create", "args": {"id": inspection, "template_id": fieldsync::templates::seed::DUST_CONTROL_V1, "site_id": site, "photos": photos}}])
}

/// Waits (polling, at most 20 s) until the photo's thumbnails are settled.
async fn thumbnails_state(app: &TestApp, sha: &str) -> String {
    for _ in 0..200 {
        let found =
            fieldsync::blobs::entity::blob::Entity::find_by_id(sha.to_owned()).one(app.state.db.read()).await.unwrap();
        let state = found.map(|b| b.thumbnails).unwrap_or_default();
        if state != "pending" {
            return state;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    "pending".into()
}

store_tests! {
    async fn the_inspector_downloads_a_photo_of_their_inspection_with_ranges_and_etags(env) {
        let app = &env.app;
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let photo = fake_jpeg(300_000, 11);
        let sha = sha_hex(&photo);
        app.upload(&token, &photo, photo.len()).await.expect(201);
        let path = format!("/v1/blobs/{sha}");
        // Stored but referenced by nothing: nobody but admins reads it.
        assert_eq!(app.fetch(&path, &token, &[]).await.0, 404);
        app.push_as(&token, Uuid::new_v4(), create_inspection(1, places.site_a, Uuid::new_v4(), std::slice::from_ref(&sha))).await.expect(200);

        let (status, headers, body) = app.fetch(&path, &token, &[]).await;
        assert_eq!(status, 200);
        assert_eq!(body, photo);
        assert_eq!(headers["content-type"], "image/jpeg");
        assert_eq!(headers["x-content-type-options"], "nosniff", "a browser never guesses another type from the bytes");
        assert_eq!(headers["etag"], format!("\"{sha}\"").as_str());
        assert!(headers["cache-control"].to_str().unwrap().contains("immutable"));
        assert_eq!(headers["accept-ranges"], "bytes");

        let (status, headers, body) = app.fetch(&path, &token, &[("range", "bytes=100-199")]).await;
        assert_eq!((status, body.as_slice()), (206, &photo[100..200]));
        assert_eq!(headers["content-range"], format!("bytes 100-199/{}", photo.len()).as_str());
        let (status, _, body) = app.fetch(&path, &token, &[("range", "bytes=-10")]).await;
        assert_eq!((status, body.as_slice()), (206, &photo[photo.len() - 10..]));
        let (status, headers, _) = app.fetch(&path, &token, &[("range", "bytes=999999-")]).await;
        assert_eq!(status, 416);
        assert_eq!(headers["content-range"], format!("bytes */{}", photo.len()).as_str());

        let (status, _, body) = app.fetch(&path, &token, &[("if-none-match", &format!("\"{sha}\""))]).await;
        assert_eq!((status, body.len()), (304, 0));
        // Inspections are for bureau staff of their region: not inspector2's, nor a contractor's.
        assert_eq!(app.fetch(&path, &app.token("inspector2").await, &[]).await.0, 404);
        assert_eq!(app.fetch(&path, &app.token("contractor").await, &[]).await.0, 404);
        assert_eq!(app.fetch(&path, &app.token("supervisor").await, &[]).await.0, 200);
        assert_eq!(app.fetch(&format!("/v1/blobs/{}", sha_hex(b"unknown")), &app.token("admin").await, &[]).await.0, 404);
    }

    async fn a_contractor_reads_the_photos_of_their_company_and_not_another_companys(env) {
        let app = &env.app;
        let seeded = app.seed().await;
        let photo = fake_jpeg(5_000, 12);
        let sha = sha_hex(&photo);
        app.upload(&app.token("contractor").await, &photo, photo.len()).await.expect(201);
        // A notice response of company A, as the notices domain will record it.
        let village = region::Entity::find_by_id(seeded.village1).one(app.state.db.read()).await.unwrap().unwrap();
        let placement = Placement::region(village.path).with_org(Some(seeded.company_a));
        let hashes = [Sha256::parse(&sha).unwrap()];
        let contractor = app.user("contractor").await;
        let owner = refs::Owner { user_id: contractor.id, client_id: None, scope: SyncScope { all: false, region: None, org: contractor.organisation_id, bureau: false } };
        refs::replace(app.state.db.write(), "notice_response", Uuid::new_v4(), &placement, &hashes, &owner).await.unwrap();
        let path = format!("/v1/blobs/{sha}");
        assert_eq!(app.fetch(&path, &app.token("contractor").await, &[]).await.0, 200);
        let (status, _, body) = app.fetch(&path, &app.token("contractor2").await, &[]).await;
        assert_eq!(status, 404, "never 403: the photo's existence is not disclosed");
        assert_eq!(serde_json::from_slice::<Value>(&body).unwrap()["error"]["code"], "not_found");
        assert_eq!(app.fetch(&path, &app.token("inspector").await, &[]).await.0, 200);
        assert_eq!(app.fetch(&path, &app.token("inspector2").await, &[]).await.0, 404);
    }

    async fn thumbnails_are_made_for_jpeg_and_png_and_served(env) {
        let app = &env.app;
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let jpeg = real_image(2000, 1000, image::ImageFormat::Jpeg);
        let png = real_image(200, 100, image::ImageFormat::Png);
        let hashes = [sha_hex(&jpeg), sha_hex(&png)];
        for data in [&jpeg, &png] {
            app.upload(&token, data, data.len()).await.expect(201);
        }
        app.push_as(&token, Uuid::new_v4(), create_inspection(1, places.site_a, Uuid::new_v4(), &hashes)).await.expect(200);
        for (sha, expected) in [(&hashes[0], [(320, 320, 160), (1280, 1280, 640)]), (&hashes[1], [(320, 200, 100), (1280, 200, 100)])] {
            assert_eq!(thumbnails_state(app, sha).await, "done");
            for (size, width, height) in expected {
                let (status, headers, body) = app.fetch(&format!("/v1/blobs/{sha}/thumbnails/{size}"), &token, &[]).await;
                assert_eq!(status, 200);
                assert_eq!(headers["content-type"], "image/jpeg");
                let thumb = image::load_from_memory(&body).unwrap();
                assert_eq!((thumb.width(), thumb.height()), (width, height), "{sha} at {size}");
            }
            assert_eq!(app.fetch(&format!("/v1/blobs/{sha}/thumbnails/640"), &token, &[]).await.0, 404);
            assert_eq!(app.fetch(&format!("/v1/blobs/{sha}/thumbnails/320"), &app.token("inspector2").await, &[]).await.0, 404);
        }
        // A phone held upright: EXIF orientation 6 turns the 2000 x 1000 picture to 1000 x 2000.
        let plain = real_image(2000, 1000, image::ImageFormat::Jpeg);
        let mut rotated = plain[..2].to_vec();
        rotated.extend(fieldsync::blobs::exif::app1_segment("2026:11:23 09:30:15", 38.0412, 114.5149, 6));
        rotated.extend_from_slice(&plain[2..]);
        let sha = sha_hex(&rotated);
        app.upload(&token, &rotated, rotated.len()).await.expect(201);
        app.push_as(&token, Uuid::new_v4(), create_inspection(1, places.site_a, Uuid::new_v4(), std::slice::from_ref(&sha))).await.expect(200);
        assert_eq!(thumbnails_state(app, &sha).await, "done");
        let (_, _, body) = app.fetch(&format!("/v1/blobs/{sha}/thumbnails/320"), &token, &[]).await;
        let thumb = image::load_from_memory(&body).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (160, 320), "EXIF orientation applied");
        let row = fieldsync::blobs::entity::blob::Entity::find_by_id(sha.clone()).one(app.state.db.read()).await.unwrap().unwrap();
        assert_eq!(row.taken_at.as_deref(), Some("2026-11-23 09:30:15"));
        assert!((row.latitude.unwrap() - 38.0412).abs() < 1e-4 && (row.longitude.unwrap() - 114.5149).abs() < 1e-4);

        // Bytes that only look like a JPEG get no thumbnail, and the photo is kept.
        let fake = fake_jpeg(4_000, 13);
        app.upload(&token, &fake, fake.len()).await.expect(201);
        assert_eq!(thumbnails_state(app, &sha_hex(&fake)).await, "failed");
    }

    async fn a_photo_referenced_before_its_bytes_is_owed_by_that_device_until_uploaded(env) {
        let app = &env.app;
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let photo = fake_jpeg(2_000, 14);
        let sha = sha_hex(&photo);
        let (client, inspection) = (Uuid::new_v4(), Uuid::new_v4());
        let reply = app.push_as(&token, client, create_inspection(1, places.site_a, inspection, std::slice::from_ref(&sha))).await;
        assert_eq!(reply.expect(200)["results"][0]["status"], "applied", "{}", reply.text);

        let owed = app.get(&format!("/v1/blobs/owed?client_id={client}"), &token).await;
        assert_eq!(owed.expect(200)["owed"], json!([{"sha256": sha, "client_id": client, "records": [{"record_type": "inspection", "record_id": inspection}]}]));
        let other_client = app.get(&format!("/v1/blobs/owed?client_id={}", Uuid::new_v4()), &token).await;
        assert_eq!(other_client.expect(200)["owed"], json!([]));
        assert_eq!(app.get("/v1/blobs/owed", &app.token("inspector2").await).await.expect(200)["owed"], json!([]));

        let missing = app.get("/v1/blobs/missing-records", &app.token("supervisor1").await).await;
        assert_eq!(missing.expect(200)["records"][0]["record_id"], json!(inspection));
        assert_eq!(missing.body["records"][0]["missing"], json!([sha]));
        let supervisor2 = app.get("/v1/blobs/missing-records", &app.token("admin").await).await;
        assert_eq!(supervisor2.expect(200)["records"].as_array().unwrap().len(), 1);
        app.get("/v1/blobs/missing-records", &token).await.expect_error(403, "forbidden");

        // The synced inspection carries its photo list.
        let request = app.http.post(app.url("/v1/sync/pull")).bearer_auth(&token).header("fieldsync-protocol", "1").json(&json!({"client_id": Uuid::new_v4()}));
        let pulled = TestApp::read(request).await;
        let changes = pulled.expect(200)["changes"].as_array().unwrap().clone();
        let record = changes.iter().find(|c| c["type"] == "inspection").unwrap_or_else(|| panic!("the inspection is pulled: {}", pulled.text));
        assert_eq!(record["data"]["photos"], json!([sha]));
        app.upload(&token, &photo, photo.len()).await.expect(201);
        assert_eq!(app.get("/v1/blobs/owed", &token).await.expect(200)["owed"], json!([]));
        assert_eq!(app.get("/v1/blobs/missing-records", &app.token("supervisor1").await).await.expect(200)["records"], json!([]));
        assert_eq!(app.fetch(&format!("/v1/blobs/{sha}"), &token, &[]).await.0, 200);
    }

    async fn a_bad_photo_hash_in_a_mutation_is_rejected_naming_the_field(env) {
        let app = &env.app;
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let photos = vec![sha_hex(b"fine"), "not-a-hash".to_owned()];
        let reply = app.push_as(&token, Uuid::new_v4(), create_inspection(1, places.site_a, Uuid::new_v4(), &photos)).await;
        let result = &reply.expect(200)["results"][0];
        assert_eq!(result["status"], "rejected");
        assert_eq!(result["error"]["code"], "validation_failed");
        assert_eq!(result["error"]["details"]["fields"][0]["field"], "photos.1");
    }

    async fn an_update_replaces_the_photo_list_and_a_delete_drops_its_references(env) {
        let app = &env.app;
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let token = app.token("inspector").await;
        let (client, inspection) = (Uuid::new_v4(), Uuid::new_v4());
        let (a, b) = (sha_hex(b"photo a"), sha_hex(b"photo b"));
        app.push_as(&token, client, create_inspection(1, places.site_a, inspection, std::slice::from_ref(&a))).await.expect(200);
        let update = json!([{"id": 2, "name": "inspection.update", "args": {"id": inspection, "base_rev": 1, "photos": [b]}}]);
        assert_eq!(app.push_as(&token, client, update).await.expect(200)["results"][0]["status"], "applied");
        let owed = app.get("/v1/blobs/owed", &token).await;
        assert_eq!(owed.expect(200)["owed"].as_array().unwrap().iter().map(|o| o["sha256"].clone()).collect::<Vec<_>>(), vec![json!(b)]);
        let delete = json!([{"id": 3, "name": "inspection.delete", "args": {"id": inspection}}]);
        assert_eq!(app.push_as(&token, client, delete).await.expect(200)["results"][0]["status"], "applied");
        assert_eq!(app.get("/v1/blobs/owed", &token).await.expect(200)["owed"], json!([]));
    }
}
