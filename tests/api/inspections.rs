//! Inspections on checklist templates: answers checked against the exact
//! version kept, results computed, findings merged, finishing, and a rural
//! appraisal grading its household.

use fieldsync::templates::seed::{DUST_CONTROL_V1, QUALITY_SAFETY_V1, RURAL_APPRAISAL_V1};
use fieldsync_tests::{TestApp, db_tests};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::templates::publish_dust_control_pm25;

const PHOTO: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// Every required answer of dust control v1, all passing.
pub fn dust_answers() -> Value {
    json!({
        "hoarding_closed": "pass", "hoarding_frontage": "main_road", "hoarding_height": {"value": 2.5, "unit": "m"},
        "material_covered": "pass", "exit_count": 2, "exit_wash_trough": "pass", "exit_settling_tank": "pass",
        "vehicles_washed": "pass", "roads_hardened": "pass", "muck_trucks_sealed": "pass", "monitor_online": "pass",
    })
}

/// The inspection as a device of `user` pulls it.
async fn pulled(app: &TestApp, user: &str, record_type: &str, id: Uuid) -> Value {
    let mut phone = app.sync_client(user).await;
    phone.pull_all().await.unwrap();
    phone.store.records.get(&(record_type.to_string(), id)).cloned().unwrap_or(Value::Null)
}

db_tests! {
    async fn an_inspection_made_on_v1_still_validates_and_renders_after_v2_is_published(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": DUST_CONTROL_V1, "site_id": places.site_a})).await;
        let v2 = publish_dust_control_pm25(&app).await;
        // Edits are checked against v1, which the inspection keeps.
        phone.apply(&app, "inspection.update", json!({"id": id, "base_rev": 1, "answers": dust_answers()})).await;
        let rejected = phone.reject(&app, "inspection.update", json!({"id": id, "base_rev": 2, "answers": {"pm25": 20}}), "validation_failed").await;
        assert_eq!(rejected, ["answers.pm25 unknown_item"]);
        // v2's new required item is not required of it: it finishes on v1's rules.
        let finished = phone.apply(&app, "inspection.finish", json!({"id": id, "conclusion": "All six in place."})).await;
        assert_eq!(finished["grade"], "pass");
        let record = pulled(&app, "inspector", "inspection", id).await;
        assert_eq!((record["template_id"].as_str(), record["status"].as_str(), record["grade"].as_str()), (Some(DUST_CONTROL_V1.to_string().as_str()), Some("finished"), Some("pass")));
        let shown = app.get(&format!("/v1/templates/{DUST_CONTROL_V1}"), &phone.token).await;
        assert_eq!(shown.expect(200)["status"], "retired", "the version it names can still be read");
        // A phone that has not heard of v2 may still start on v1; v2 works too.
        phone.apply(&app, "inspection.create", json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "site_id": places.site_a})).await;
        let on_v2 = Uuid::new_v4();
        phone.apply(&app, "inspection.create", json!({"id": on_v2, "template_id": v2, "site_id": places.site_a, "answers": {"pm25": 80}})).await;
        assert_eq!(pulled(&app, "inspector", "inspection", on_v2).await["grade"], "fail");
    }

    async fn a_bad_answer_or_finding_is_refused_with_the_item_named(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let create = |answers: Value| json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "site_id": places.site_a, "answers": answers});
        let cases = [
            (json!({"hoarding_height": "tall"}), "answers.hoarding_height wrong_type"),
            (json!({"hoarding_height": {"value": 250, "unit": "cm"}}), "answers.hoarding_height wrong_unit"),
            (json!({"hoarding_height": 12}), "answers.hoarding_height out_of_range"),
            (json!({"hoarding_frontage": "alley"}), "answers.hoarding_frontage not_allowed"),
            (json!({"material_covered": "fail"}), "answers.material_covered photo_required"),
            (json!({"colour": "red"}), "answers.colour unknown_item"),
        ];
        for (answers, expected) in cases {
            assert_eq!(phone.reject(&app, "inspection.create", create(answers), "validation_failed").await, [expected]);
        }
        phone.apply(&app, "inspection.create", create(json!({"material_covered": {"value": "fail", "photos": [PHOTO]}}))).await;
        let bad_finding = json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "site_id": places.site_a,
            "findings": [{"id": Uuid::new_v4(), "item_id": "nowhere", "severity": "major", "text": "", "photos": ["nope"]}]});
        assert_eq!(
            phone.reject(&app, "inspection.create", bad_finding, "validation_failed").await,
            ["findings[0].item_id unknown_item", "findings[0].text required", "findings[0].photos invalid_photos"]
        );
        // The template must be a usable version, for the place it is meant for.
        let draftless = json!({"id": Uuid::new_v4(), "template_id": Uuid::new_v4(), "site_id": places.site_a});
        assert_eq!(phone.reject(&app, "inspection.create", draftless, "validation_failed").await, ["template_id not_found"]);
        let rural_on_site = json!({"id": Uuid::new_v4(), "template_id": RURAL_APPRAISAL_V1, "site_id": places.site_a});
        assert_eq!(phone.reject(&app, "inspection.create", rural_on_site, "validation_failed").await, ["household_id required"]);
        let wrong_kind = json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "kind": "quality_safety", "site_id": places.site_a});
        assert_eq!(phone.reject(&app, "inspection.create", wrong_kind, "validation_failed").await, ["kind invalid"]);
        phone.reject(&app, "inspection.create", json!({"id": Uuid::new_v4(), "site_id": places.site_a}), "validation_failed").await;
    }

    async fn where_the_device_was_at_the_start_is_kept_and_bounded(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let create = |location: Value| json!({"id": Uuid::new_v4(), "template_id": DUST_CONTROL_V1, "site_id": places.site_a, "location": location});
        let here = json!({"latitude": 38.0412, "longitude": 114.5149, "accuracy_m": 12.5});
        let located = create(here.clone());
        phone.apply(&app, "inspection.create", located.clone()).await;
        let id: Uuid = serde_json::from_value(located["id"].clone()).unwrap();
        assert_eq!(pulled(&app, "supervisor", "inspection", id).await["location"], here);
        let unlocated = Uuid::new_v4();
        phone.apply(&app, "inspection.create", json!({"id": unlocated, "template_id": DUST_CONTROL_V1, "site_id": places.site_a})).await;
        assert_eq!(pulled(&app, "supervisor", "inspection", unlocated).await["location"], Value::Null, "none claimed, none stored");
        let no_accuracy = json!({"latitude": -33.9, "longitude": 151.2});
        let plain = create(no_accuracy.clone());
        phone.apply(&app, "inspection.create", plain.clone()).await;
        let id: Uuid = serde_json::from_value(plain["id"].clone()).unwrap();
        assert_eq!(pulled(&app, "supervisor", "inspection", id).await["location"], no_accuracy);

        let out_of_range = [
            (json!({"latitude": 90.5, "longitude": 0}), vec!["location.latitude out_of_range"]),
            (
                json!({"latitude": 0, "longitude": -180.01, "accuracy_m": -1}),
                vec!["location.longitude out_of_range", "location.accuracy_m out_of_range"],
            ),
            (json!({"latitude": 1, "longitude": 1, "accuracy_m": 100_001}), vec!["location.accuracy_m out_of_range"]),
        ];
        for (location, expected) in out_of_range {
            assert_eq!(phone.reject(&app, "inspection.create", create(location), "validation_failed").await, expected);
        }
        for malformed in [json!({"latitude": "38", "longitude": 114}), json!({"latitude": 38, "longitude": 114, "altitude": 80}), json!({"latitude": 38})] {
            phone.reject(&app, "inspection.create", create(malformed), "validation_failed").await;
        }
    }

    async fn jgj59_is_scored_end_to_end(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        // Safety management loses 30 (table 70); the fastener scaffold loses its ties (a guarantee item at 0).
        // Finishing needs every guarantee item of the applicable tables answered.
        let mut answers = json!({"safety_mgmt_subcontractors": 10, "safety_mgmt_certificates": 10, "safety_mgmt_signs": 10});
        for item in [
            "safety_mgmt_responsibility", "safety_mgmt_plan", "safety_mgmt_briefing", "safety_mgmt_checks", "safety_mgmt_training",
            "safety_mgmt_emergency", "civilised_hoarding", "civilised_closure", "civilised_ground", "civilised_materials",
            "civilised_lodging", "civilised_fire", "electricity_external_lines", "electricity_earthing", "electricity_lines", "electricity_boxes",
        ] {
            answers[item] = json!(0);
        }
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": QUALITY_SAFETY_V1, "site_id": places.site_a, "answers": answers})).await;
        let record = pulled(&app, "inspector", "inspection", id).await;
        assert_eq!((record["score"].as_f64(), record["grade"].as_str()), (Some(94.0), Some("good")));
        assert_eq!(record["result"]["tables"][0], json!({"section_id": "safety_mgmt", "score": 70.0, "zeroed": false}));
        let scaffold = json!({"scaffold_fastener_ties": 10, "scaffold_fastener_plan": 0, "scaffold_fastener_base": 0, "scaffold_fastener_stable": 0, "scaffold_fastener_plank": 0, "scaffold_fastener_brief": 0});
        phone.apply(&app, "inspection.update", json!({"id": id, "base_rev": 1, "answers": scaffold})).await;
        let finished = phone.apply(&app, "inspection.finish", json!({"id": id})).await;
        // Scaffolds (weight 10) score 0: (70×10 + 0×10 + 100×40) / 60 = 78.33, and a table at 0 fails the site.
        assert_eq!((finished["score"].as_f64(), finished["grade"].as_str()), (Some(78.33), Some("fail")));
    }

    async fn a_rural_appraisal_changes_the_households_grade_from_c_to_d(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let admin = app.token("admin").await;
        app.patch(&format!("/v1/admin/households/{}", places.household), &admin, &json!({"grade": "C"})).await.expect(200);
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        let answers = json!({
            "head_name": "Wang", "structure": "earth_timber", "storeys": 1, "site_safe": "pass",
            "foundation": "b", "walls_columns": {"value": "d", "photos": [PHOTO]}, "beams_trusses_purlins": {"value": "c", "photos": [PHOTO]},
            "floors_roof": "b", "overall_tilt": "a", "renovation_type": "demolish_rebuild", "appraiser": "Li", "reviewer": "Zhao",
        });
        let on_site = json!({"id": id, "template_id": RURAL_APPRAISAL_V1, "site_id": places.site_a, "household_id": places.household});
        assert_eq!(phone.reject(&app, "inspection.create", on_site, "validation_failed").await, ["template_id invalid"]);
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": RURAL_APPRAISAL_V1, "household_id": places.household, "answers": answers})).await;
        let household = app.get(&format!("/v1/admin/households/{}", places.household), &admin).await;
        assert_eq!(household.expect(200)["grade"], "C", "a draft does not grade the household");
        let finished = phone.apply(&app, "inspection.finish", json!({"id": id})).await;
        assert_eq!(finished["grade"], "D");
        let household = app.get(&format!("/v1/admin/households/{}", places.household), &admin).await;
        assert_eq!(household.expect(200)["grade"], "D");
        assert_eq!(pulled(&app, "inspector", "household", places.household).await["grade"], "D");
        let record = pulled(&app, "inspector", "inspection", id).await;
        assert_eq!(record["result"]["renovation"], "demolish_rebuild");
    }

    async fn a_finished_inspection_is_never_changed_again(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": DUST_CONTROL_V1, "site_id": places.site_a})).await;
        let missing = phone.reject(&app, "inspection.finish", json!({"id": id}), "validation_failed").await;
        assert_eq!(missing.len(), 11, "{missing:?}");
        assert!(missing.iter().all(|m| m.ends_with(" required")), "{missing:?}");
        phone.apply(&app, "inspection.update", json!({"id": id, "base_rev": 1, "answers": dust_answers()})).await;
        let finished_at = (chrono::Utc::now() - chrono::Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
        phone.apply(&app, "inspection.finish", json!({"id": id, "finished_at": finished_at})).await;
        phone.reject(&app, "inspection.update", json!({"id": id, "base_rev": 3, "notes": "late"}), "inspection_finished").await;
        phone.reject(&app, "inspection.finish", json!({"id": id}), "inspection_finished").await;
        phone.reject(&app, "inspection.delete", json!({"id": id}), "inspection_finished").await;
        let mut supervisor = app.device("supervisor").await;
        supervisor.reject(&app, "inspection.update", json!({"id": id, "base_rev": 3, "notes": "late"}), "inspection_finished").await;
        let record = pulled(&app, "inspector", "inspection", id).await;
        assert_eq!((record["status"].as_str(), record["finished_at"].as_str()), (Some("finished"), Some(finished_at.as_str())));
    }

    async fn findings_are_added_changed_and_removed_one_by_one(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let (mut phone, mut desk) = (app.device("inspector").await, app.device("supervisor").await);
        let id = Uuid::new_v4();
        let (f1, f2, f3) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let finding = |fid: Uuid, text: &str| json!({"id": fid, "item_id": "exit_wash_trough", "severity": "major", "text": text, "location": "East gate", "photos": [PHOTO]});
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": DUST_CONTROL_V1, "site_id": places.site_a, "findings": [finding(f1, "No wash trough")]})).await;
        // Two devices edit from rev 1: different findings merge.
        desk.apply(&app, "inspection.update", json!({"id": id, "base_rev": 1, "findings": [finding(f2, "No settling tank")]})).await;
        phone.apply(&app, "inspection.update", json!({"id": id, "base_rev": 1, "findings": [finding(f1, "No wash trough at the east gate"), finding(f3, "Mud on the road")]})).await;
        let record = pulled(&app, "inspector", "inspection", id).await;
        let texts: Vec<&str> = record["findings"].as_array().unwrap().iter().map(|f| f["text"].as_str().unwrap()).collect();
        assert_eq!(texts, ["No wash trough at the east gate", "No settling tank", "Mud on the road"]);
        phone.apply(&app, "inspection.update", json!({"id": id, "base_rev": 3, "removed_findings": [f2]})).await;
        let record = pulled(&app, "inspector", "inspection", id).await;
        let ids: Vec<&str> = record["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [f1.to_string(), f3.to_string()]);
        assert_eq!(record["findings"][0]["photos"], json!([PHOTO]));
    }

    async fn only_the_user_who_made_a_draft_inspection_deletes_it(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": DUST_CONTROL_V1, "site_id": places.site_a})).await;
        // Supervisors and admins over it may edit it, not delete it; outside the region it is not found.
        for user in ["supervisor1", "supervisor", "admin"] {
            app.device(user).await.reject(&app, "inspection.delete", json!({"id": id}), "forbidden").await;
        }
        app.device("inspector2").await.reject(&app, "inspection.delete", json!({"id": id}), "not_found").await;
        assert!(pulled(&app, "inspector", "inspection", id).await["inspector_id"].is_string());
        phone.apply(&app, "inspection.delete", json!({"id": id})).await;
        assert_eq!(pulled(&app, "inspector", "inspection", id).await, Value::Null);
        // A supervisor's own inspection is theirs to delete: "its inspector" is whoever made it.
        let mut supervisor = app.device("supervisor1").await;
        let own = Uuid::new_v4();
        supervisor.apply(&app, "inspection.create", json!({"id": own, "template_id": DUST_CONTROL_V1, "site_id": places.site_a})).await;
        phone.reject(&app, "inspection.delete", json!({"id": own}), "forbidden").await;
        supervisor.apply(&app, "inspection.delete", json!({"id": own})).await;
    }
}
