//! Rural renovation files (一户一档): steps in order, the public notice's
//! week, photos and subsidies; and the reports counting appraisals,
//! renovations and funds.

use chrono::{Days, NaiveDate, Utc};
use fieldsync::templates::seed::RURAL_APPRAISAL_V1;
use fieldsync_tests::{TestApp, db_tests};
use serde_json::{Value, json};
use uuid::Uuid;

const PHOTO: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn township_one(report: &Value) -> &Value {
    report["townships"].as_array().unwrap().iter().find(|t| t["name"] == "Township One").unwrap()
}

fn today(app: &TestApp) -> NaiveDate {
    app.state.calendar.today(Utc::now())
}

db_tests! {
    async fn a_rural_appraisal_from_c_to_d_is_counted_in_the_report(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let admin = app.token("admin").await;
        app.patch(&format!("/v1/admin/households/{}", places.household), &admin, &json!({"grade": "C"})).await.expect(200);
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        let answers = json!({
            "head_name": "Wang", "structure": "earth_timber", "storeys": 1, "site_safe": "pass",
            "foundation": "b", "walls_columns": {"value": "d", "photos": [PHOTO]}, "beams_trusses_purlins": "b",
            "floors_roof": "b", "overall_tilt": "a", "renovation_type": "demolish_rebuild", "appraiser": "Li", "reviewer": "Zhao",
        });
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": RURAL_APPRAISAL_V1, "household_id": places.household, "answers": answers})).await;
        let supervisor = app.token("supervisor1").await;
        let before = app.get("/v1/reports/daily", &supervisor).await;
        assert_eq!(township_one(before.expect(200))["total"]["appraisals"], json!({}), "a draft is not counted");
        assert_eq!(phone.apply(&app, "inspection.finish", json!({"id": id})).await["grade"], "D");
        let report = app.get("/v1/reports/daily", &supervisor).await;
        let one = township_one(report.expect(200));
        assert_eq!(one["by_kind"]["rural_appraisal"]["appraisals"], json!({"D": 1}));
        assert_eq!(one["total"]["inspections"], 1);
        let household = app.get(&format!("/v1/admin/households/{}", places.household), &admin).await;
        assert_eq!(household.expect(200)["grade"], "D");
    }

    async fn a_renovation_file_follows_the_process_and_the_report_counts_it(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let day = |back: u64| today(&app) - Days::new(back);
        let admin = app.token("admin").await;
        app.patch(&format!("/v1/admin/households/{}", places.household), &admin, &json!({"grade": "D"})).await.expect(200);
        let mut phone = app.device("inspector").await;
        let file = Uuid::new_v4();
        phone.apply(&app, "renovation.open", json!({"id": file, "household_id": places.household, "renovation_type": "demolish_rebuild",
            "build_mode": "self_built", "file_number": "QH-2026-001", "applied_on": day(40)})).await;
        let again = json!({"id": Uuid::new_v4(), "household_id": places.household, "renovation_type": "new_build", "build_mode": "unified"});
        assert_eq!(phone.reject(&app, "renovation.open", again, "validation_failed").await, ["household_id file_exists"]);
        let skipped = phone.send(&app, "renovation.advance", json!({"id": file, "step": "appraise", "on": day(39)})).await;
        assert_eq!((skipped["error"]["code"].as_str(), skipped["error"]["details"]["expected"].as_str()), (Some("invalid_transition"), Some("verify")));
        for (step, back) in [("verify", 39), ("appraise", 38), ("village_review", 37), ("public_notice", 36)] {
            phone.apply(&app, "renovation.advance", json!({"id": file, "step": step, "on": day(back), "photos": [PHOTO]})).await;
        }
        let early = json!({"id": file, "step": "township_check", "on": day(30)});
        assert_eq!(phone.reject(&app, "renovation.advance", early, "validation_failed").await, ["on public_notice_too_short"]);
        phone.apply(&app, "renovation.advance", json!({"id": file, "step": "township_check", "on": day(29)})).await;
        phone.apply(&app, "renovation.advance", json!({"id": file, "step": "county_approval", "on": day(28), "subsidy": "35000"})).await;
        for (step, back) in [("agreement", 27), ("build_started", 0), ("build_completed", 0), ("joint_acceptance", 0)] {
            phone.apply(&app, "renovation.advance", json!({"id": file, "step": step, "on": day(back)})).await;
        }
        phone.apply(&app, "renovation.photos", json!({"id": file, "stage": "before", "photos": [PHOTO]})).await;
        for (amount, paid) in [("15000", day(0)), ("5000.50", day(0))] {
            phone.apply(&app, "renovation.pay", json!({"id": Uuid::new_v4(), "renovation_id": file, "amount": amount, "paid_on": paid})).await;
        }
        assert_eq!(phone.reject(&app, "renovation.pay", json!({"id": Uuid::new_v4(), "renovation_id": file, "amount": "-3", "paid_on": day(0)}), "validation_failed").await, ["amount invalid"]);
        let last_year = json!({"id": Uuid::new_v4(), "renovation_id": file, "amount": "1000", "paid_on": day(400)});
        assert_eq!(phone.reject(&app, "renovation.pay", last_year, "validation_failed").await, ["paid_on before_payable_step"]);

        let supervisor = app.token("supervisor1").await;
        let report = app.get("/v1/reports/daily", &supervisor).await;
        let rural = &township_one(report.expect(200))["by_kind"]["rural_appraisal"];
        assert_eq!((rural["renovations_started"].as_i64(), rural["renovations_completed"].as_i64(), rural["renovations_accepted"].as_i64()), (Some(1), Some(1), Some(1)));
        assert_eq!(rural["funds_paid_fen"], 2_000_050);
        let csv = app.get("/v1/reports/daily?format=csv&lang=en", &supervisor).await;
        assert!(csv.text.lines().nth(1).unwrap().contains(",0,0,0,0,1,1,1,20000.50,"), "{}", csv.text);

        let mut inspector = app.sync_client("inspector").await;
        inspector.pull_all().await.unwrap();
        let record = inspector.store.get("renovation", &file).unwrap();
        assert_eq!((record["step"].as_str(), record["photos"]["before"][0].as_str()), (Some("joint_acceptance"), Some(PHOTO)));
        assert_eq!(inspector.store.of_type("subsidy_payment").count(), 2);
        assert_eq!(record["subsidy"], "35000.00");
        let mut contractor = app.sync_client("contractor").await;
        contractor.pull_all().await.unwrap();
        assert_eq!(contractor.store.of_type("renovation").count(), 0);
        let mut outsider = app.device("inspector2").await;
        outsider.reject(&app, "renovation.advance", json!({"id": file, "step": "verify", "on": day(0)}), "not_found").await;
    }
}
