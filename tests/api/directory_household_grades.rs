//! A household's current grade comes from its latest appraisal by appraisal
//! time, never by sync order; an improvement from C or D waits for a
//! supervisor who is not the appraiser; a worsening takes effect at once;
//! the history keeps every appraisal.

use chrono::{Duration, Utc};
use fieldsync::templates::seed::RURAL_APPRAISAL_V1;
use fieldsync_tests::{Device, TestApp, db_tests};
use serde_json::{Value, json};
use uuid::Uuid;

const PHOTO: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// The answers of a complete appraisal whose worst component (the walls) has `grade`.
fn answers(grade: &str) -> Value {
    let walls = grade.to_ascii_lowercase();
    let walls = if matches!(grade, "C" | "D") { json!({"value": walls, "photos": [PHOTO]}) } else { json!(walls) };
    json!({
        "head_name": "Wang", "structure": "earth_timber", "storeys": 1, "site_safe": "pass",
        "foundation": "a", "walls_columns": walls, "beams_trusses_purlins": "a",
        "floors_roof": "a", "overall_tilt": "a", "renovation_type": "none", "appraiser": "Li", "reviewer": "Zhao",
    })
}

/// Records and finishes an appraisal of `grade`, finished `hours_ago`; returns its id and the finish result.
async fn appraise(app: &TestApp, device: &mut Device, household: Uuid, grade: &str, hours_ago: i64) -> (Uuid, Value) {
    let id = Uuid::new_v4();
    let create =
        json!({"id": id, "template_id": RURAL_APPRAISAL_V1, "household_id": household, "answers": answers(grade)});
    device.apply(app, "inspection.create", create).await;
    let finished_at = Utc::now() - Duration::hours(hours_ago);
    let result = device.apply(app, "inspection.finish", json!({"id": id, "finished_at": finished_at})).await;
    assert_eq!(result["grade"], grade, "{result}");
    (id, result)
}

async fn household(app: &TestApp, id: Uuid) -> Value {
    let admin = app.token("admin").await;
    app.get(&format!("/v1/admin/households/{id}"), &admin).await.expect(200).clone()
}

async fn history(app: &TestApp, id: Uuid) -> Vec<(Uuid, String, String)> {
    let admin = app.token("admin").await;
    let reply = app.get(&format!("/v1/admin/households/{id}/appraisals"), &admin).await;
    reply
        .expect(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().parse().unwrap(),
                a["grade"].as_str().unwrap().to_owned(),
                a["standing"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

db_tests! {
    async fn an_older_appraisal_synced_late_does_not_make_a_dangerous_house_safe(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut online = app.device("inspector").await;
        let mut offline = app.device("inspector").await;
        let (recent, result) = appraise(&app, &mut online, places.household, "D", 1).await;
        assert_eq!(result["household_grade"], "current");
        // Finished three days ago on a phone that was offline since, and synced now.
        let (old, result) = appraise(&app, &mut offline, places.household, "B", 72).await;
        assert_eq!(result["household_grade"], "older");
        let now = household(&app, places.household).await;
        assert_eq!((now["grade"].as_str(), now["grade_appraisal_id"].as_str()), (Some("D"), Some(recent.to_string().as_str())));
        assert_eq!(now["pending_appraisal_id"], Value::Null);
        assert_eq!(history(&app, places.household).await, [(recent, "D".into(), "current".into()), (old, "B".into(), "history".into())]);
        let mut phone = app.sync_client("inspector").await;
        phone.pull_all().await.unwrap();
        assert_eq!(phone.store.get("household", &places.household).unwrap()["grade"], "D");
    }

    async fn an_improvement_from_d_waits_for_a_supervisor_who_is_not_the_appraiser(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut township = app.device("supervisor1").await;
        let (dangerous, _) = appraise(&app, &mut township, places.household, "D", 48).await;
        let (repaired, result) = appraise(&app, &mut township, places.household, "B", 1).await;
        assert_eq!(result["household_grade"], "pending_review");
        let now = household(&app, places.household).await;
        assert_eq!((now["grade"].as_str(), now["pending_grade"].as_str()), (Some("D"), Some("B")), "the house stays D until reviewed");
        assert_eq!(now["pending_appraisal_id"], json!(repaired));
        let mut phone = app.sync_client("inspector").await;
        phone.pull_all().await.unwrap();
        let synced = phone.store.get("household", &places.household).unwrap();
        assert_eq!((synced["grade"].as_str(), synced["pending_grade"].as_str()), (Some("D"), Some("B")));
        assert_eq!(history(&app, places.household).await, [(repaired, "B".into(), "pending_review".into()), (dangerous, "D".into(), "current".into())]);

        // The appraiser, an inspector, an outsider: none of them signs it off.
        assert_eq!(township.reject(&app, "appraisal.review", json!({"id": repaired, "decision": "approve"}), "validation_failed").await, ["id own_appraisal"]);
        let mut inspector = app.device("inspector").await;
        inspector.reject(&app, "appraisal.review", json!({"id": repaired, "decision": "approve"}), "forbidden").await;
        let mut outsider = app.device("inspector2").await;
        outsider.reject(&app, "appraisal.review", json!({"id": repaired, "decision": "approve"}), "not_found").await;
        assert_eq!(household(&app, places.household).await["grade"], "D", "refused reviews change nothing");

        let mut county = app.device("supervisor").await;
        county.reject(&app, "appraisal.review", json!({"id": dangerous, "decision": "approve"}), "invalid_transition").await;
        let approved = county.apply(&app, "appraisal.review", json!({"id": repaired, "decision": "approve", "comment": "checked on site"})).await;
        assert_eq!(approved, json!({"grade": "B", "pending_appraisal_id": null}));
        let now = household(&app, places.household).await;
        assert_eq!((now["grade"].as_str(), now["pending_grade"].as_str()), (Some("B"), None));
        let admin = app.token("admin").await;
        let listed = app.get(&format!("/v1/admin/households/{}/appraisals", places.household), &admin).await;
        let first = &listed.expect(200)[0];
        assert_eq!((first["standing"].as_str(), first["review"]["status"].as_str(), first["review"]["comment"].as_str()), (Some("current"), Some("approved"), Some("checked on site")));
        assert_eq!(first["review"]["decided_by"], json!(app.user("supervisor").await.id));
        county.reject(&app, "appraisal.review", json!({"id": repaired, "decision": "approve"}), "invalid_transition").await;

        // A worsening grade takes effect at once, without review.
        let (worse, result) = appraise(&app, &mut township, places.household, "C", 0).await;
        assert_eq!(result["household_grade"], "current");
        assert_eq!(household(&app, places.household).await["grade"], "C");
        assert_eq!(history(&app, places.household).await[0], (worse, "C".into(), "current".into()));
    }

    async fn a_rejected_improvement_leaves_the_house_at_its_grade(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        appraise(&app, &mut phone, places.household, "C", 5).await;
        let (claimed, _) = appraise(&app, &mut phone, places.household, "A", 1).await;
        let mut county = app.device("supervisor").await;
        assert_eq!(county.reject(&app, "appraisal.review", json!({"id": claimed, "decision": "reject"}), "validation_failed").await, ["comment required"]);
        county.apply(&app, "appraisal.review", json!({"id": claimed, "decision": "reject", "comment": "cracks still open"})).await;
        let now = household(&app, places.household).await;
        assert_eq!((now["grade"].as_str(), now["pending_grade"].as_str()), (Some("C"), None));
        assert_eq!(history(&app, places.household).await[0], (claimed, "A".into(), "rejected".into()));
    }

    async fn a_newer_worse_appraisal_overtakes_an_older_improvement_waiting_for_review(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        appraise(&app, &mut phone, places.household, "C", 10).await;
        let (better, _) = appraise(&app, &mut phone, places.household, "B", 5).await;
        let (worse, _) = appraise(&app, &mut phone, places.household, "D", 1).await;
        let now = household(&app, places.household).await;
        assert_eq!((now["grade"].as_str(), now["pending_grade"].as_str()), (Some("D"), None));
        let mut county = app.device("supervisor").await;
        county.reject(&app, "appraisal.review", json!({"id": better, "decision": "approve"}), "invalid_transition").await;
        assert_eq!(household(&app, places.household).await["grade_appraisal_id"], json!(worse));
    }

    async fn an_appraisal_finished_in_future_is_refused(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": RURAL_APPRAISAL_V1, "household_id": places.household, "answers": answers("A")})).await;
        let later = Utc::now() + Duration::days(30);
        assert_eq!(phone.reject(&app, "inspection.finish", json!({"id": id, "finished_at": later}), "validation_failed").await, ["finished_at in_future"]);
        assert_eq!(household(&app, places.household).await["grade"], Value::Null);
    }

    async fn an_appraised_households_grade_is_not_edited_by_hand(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let admin = app.token("admin").await;
        let path = format!("/v1/admin/households/{}", places.household);
        app.patch(&path, &admin, &json!({"grade": "C"})).await.expect(200);
        let mut phone = app.device("inspector").await;
        appraise(&app, &mut phone, places.household, "D", 1).await;
        app.patch(&path, &admin, &json!({"grade": "A"})).await.expect_error(422, "validation_failed");
        app.patch(&path, &admin, &json!({"members": 4})).await.expect(200);
        assert_eq!(household(&app, places.household).await["grade"], "D");
    }
}
