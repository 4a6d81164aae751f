//! When and where a device says a photo was taken (sync-protocol §18,
//! *Metadata*): bounded like every device claim, kept on the photo by its
//! first uploader, shown under the photo on the notice pages.

use chrono::{DateTime, Duration, Utc};
use fieldsync::blobs::entity::blob;
use fieldsync_tests::{Reply, TestApp, fake_jpeg, sha_hex, store_tests};
use sea_orm::EntityTrait;
use serde_json::json;

/// Each failed field with its code, in order.
fn refused(reply: Reply) -> Vec<(String, String)> {
    let body = reply.expect(422);
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields = body["error"]["details"]["fields"].as_array().expect("fields").clone();
    fields.iter().map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned())).collect()
}

async fn row(app: &TestApp, sha: &str) -> blob::Model {
    blob::Entity::find_by_id(sha.to_owned()).one(app.state.db.read()).await.unwrap().expect("stored")
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

store_tests! {
    async fn a_devices_claims_are_bounded_kept_by_the_first_uploader_and_never_cost_the_photo(env) {
        let app = &env.app;
        app.seed().await;
        let token = app.token("inspector").await;
        let photo = fake_jpeg(3_000, 41);
        let (sha, size) = (sha_hex(&photo), photo.len() as u64);
        let now = Utc::now();

        // A phone clock two hours ahead, a latitude off the globe: refused, each by its field.
        let wrong = json!({"taken_at": (now + Duration::hours(2)).to_rfc3339(), "location": {"latitude": 91.0, "longitude": 114.5}});
        assert_eq!(refused(app.start_claiming(&token, &sha, size, wrong).await), [pair("taken_at", "in_future"), pair("location.latitude", "out_of_range")]);
        let old = json!({"taken_at": (now - Duration::days(400)).to_rfc3339()});
        assert_eq!(refused(app.start_claiming(&token, &sha, size, old).await), [pair("taken_at", "too_old")]);
        assert_eq!(refused(app.start_claiming(&token, &sha, size, json!({"taken_at": "yesterday"})).await), [pair("taken_at", "invalid")]);
        assert!(blob::Entity::find_by_id(sha.clone()).one(app.state.db.read()).await.unwrap().is_none(), "nothing started");

        // Within bounds: kept on the photo once its bytes are verified.
        let taken = now - Duration::minutes(3);
        let claims = json!({"taken_at": taken.to_rfc3339(), "location": {"latitude": 38.0412, "longitude": 114.5149, "accuracy_m": 12.5}});
        app.upload_claiming(&token, &photo, claims).await.expect(201);
        let kept = row(app, &sha).await;
        assert_eq!(kept.claimed_taken_at.map(|t| t.timestamp()), Some(taken.timestamp()));
        assert_eq!((kept.claimed_latitude, kept.claimed_longitude, kept.claimed_accuracy_m), (Some(38.0412), Some(114.5149), Some(12.5)));
        assert_eq!((kept.taken_at, kept.latitude), (None, None), "the camera's own record is apart (none in this file)");

        // Another inspector uploads the same bytes with other claims: the first stand.
        let other = app.token("inspector2").await;
        let later: DateTime<Utc> = now - Duration::minutes(1);
        app.upload_claiming(&other, &photo, json!({"taken_at": later.to_rfc3339(), "location": {"latitude": 1.0, "longitude": 2.0}})).await.expect(201);
        let after = row(app, &sha).await;
        assert_eq!((after.claimed_taken_at, after.claimed_latitude), (kept.claimed_taken_at, Some(38.0412)));
    }
}
