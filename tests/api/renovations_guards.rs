//! The guards of a renovation file: it opens only for a C or D house, with
//! a type that fits the grade; subsidies are paid only once building has
//! started and never add up to more than the subsidy the county approved,
//! even when two payments arrive at once.

use chrono::{Days, NaiveDate, Utc};
use fieldsync::renovations::entity::{payment, renovation};
use fieldsync_tests::{Device, TestApp, db_tests};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

fn today(app: &TestApp) -> NaiveDate {
    app.state.calendar.today(Utc::now())
}

async fn grade(app: &TestApp, household: Uuid, grade: &str) {
    let admin = app.token("admin").await;
    app.patch(&format!("/v1/admin/households/{household}"), &admin, &json!({"grade": grade})).await.expect(200);
}

fn open_args(household: Uuid, renovation_type: &str) -> Value {
    json!({"id": Uuid::new_v4(), "household_id": household, "renovation_type": renovation_type, "build_mode": "self_built"})
}

async fn files(app: &TestApp) -> usize {
    renovation::Entity::find().all(app.state.db.read()).await.unwrap().len()
}

/// Opens a file for a D house, applied 30 days ago.
async fn open_d(app: &TestApp, phone: &mut Device, household: Uuid) -> Uuid {
    grade(app, household, "D").await;
    let mut args = open_args(household, "demolish_rebuild");
    args["applied_on"] = json!(today(app) - Days::new(30));
    phone.apply(app, "renovation.open", args.clone()).await;
    args["id"].as_str().unwrap().parse().unwrap()
}

/// Takes a file from its application up to `last`, approved with `subsidy` yuan on the way.
async fn file_steps(app: &TestApp, phone: &mut Device, file: Uuid, subsidy: &str, last: &str) {
    let steps = [
        "verify",
        "appraise",
        "village_review",
        "public_notice",
        "township_check",
        "county_approval",
        "agreement",
        "build_started",
        "build_completed",
        "joint_acceptance",
    ];
    for (i, step) in steps.iter().enumerate() {
        // The public notice stays up a week before the township check.
        let on = if i < 4 { today(app) - Days::new(20) } else { today(app) };
        let mut args = json!({"id": file, "step": step, "on": on});
        if *step == "county_approval" {
            args["subsidy"] = json!(subsidy);
        }
        phone.apply(app, "renovation.advance", args).await;
        if *step == last {
            return;
        }
    }
}

fn pay(app: &TestApp, file: Uuid, amount: &str) -> Value {
    let today = today(app);
    json!({"id": Uuid::new_v4(), "renovation_id": file, "amount": amount, "paid_on": today})
}

db_tests! {
    async fn a_file_opens_only_for_a_c_or_d_house(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let refused = phone.reject(&app, "renovation.open", open_args(places.household, "repair_reinforce"), "validation_failed").await;
        assert_eq!(refused, ["household_id grade_not_eligible"], "a house never appraised");
        for safe in ["A", "B"] {
            grade(&app, places.household, safe).await;
            let result = phone.send(&app, "renovation.open", open_args(places.household, "repair_reinforce")).await;
            assert_eq!(result["error"]["details"]["fields"][0]["code"], "grade_not_eligible", "{safe}: {result}");
            assert!(result["error"]["details"]["fields"][0]["message"].as_str().unwrap().contains("C, D"), "{result}");
        }
        assert_eq!(files(&app).await, 0, "a refused open stores nothing");
        grade(&app, places.household, "C").await;
        phone.apply(&app, "renovation.open", open_args(places.household, "repair_reinforce")).await;
        assert_eq!(files(&app).await, 1);
    }

    async fn the_renovation_type_fits_the_grade(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        grade(&app, places.household, "D").await;
        let refused = phone.reject(&app, "renovation.open", open_args(places.household, "repair_reinforce"), "validation_failed").await;
        assert_eq!(refused, ["renovation_type type_does_not_fit_grade"], "a whole dangerous house is rebuilt, not patched");
        grade(&app, places.household, "C").await;
        for wrong in ["demolish_rebuild", "new_build"] {
            let refused = phone.reject(&app, "renovation.open", open_args(places.household, wrong), "validation_failed").await;
            assert_eq!(refused, ["renovation_type type_does_not_fit_grade"], "{wrong}");
        }
        assert_eq!(files(&app).await, 0);
        grade(&app, places.household, "D").await;
        phone.apply(&app, "renovation.open", open_args(places.household, "new_build")).await;
    }

    async fn subsidies_are_paid_only_from_building_started_and_never_beyond_the_approved_subsidy(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let file = open_d(&app, &mut phone, places.household).await;
        // ¥35,000 at the application step: refused.
        assert_eq!(phone.reject(&app, "renovation.pay", pay(&app, file, "35000"), "validation_failed").await, ["renovation_id payment_step_not_reached"]);
        let tomorrow = today(&app) + Days::new(1);
        assert_eq!(phone.reject(&app, "renovation.advance", json!({"id": file, "step": "verify", "on": tomorrow}), "validation_failed").await, ["on in_future"]);
        assert_eq!(phone.reject(&app, "renovation.advance", json!({"id": file, "step": "verify", "on": today(&app), "subsidy": "1"}), "validation_failed").await, ["subsidy subsidy_at_county_approval"]);
        file_steps(&app, &mut phone, file, "35000", "township_check").await;
        let approval = json!({"id": file, "step": "county_approval", "on": today(&app)});
        assert_eq!(phone.reject(&app, "renovation.advance", approval.clone(), "validation_failed").await, ["subsidy required"]);
        let mut zero = approval.clone();
        zero["subsidy"] = json!("0");
        assert_eq!(phone.reject(&app, "renovation.advance", zero, "validation_failed").await, ["subsidy invalid"]);
        let mut approved = approval;
        approved["subsidy"] = json!("35000");
        phone.apply(&app, "renovation.advance", approved).await;
        phone.apply(&app, "renovation.advance", json!({"id": file, "step": "agreement", "on": today(&app)})).await;
        assert_eq!(phone.reject(&app, "renovation.pay", pay(&app, file, "10000"), "validation_failed").await, ["renovation_id payment_step_not_reached"], "the agreement is not the works");
        phone.apply(&app, "renovation.advance", json!({"id": file, "step": "build_started", "on": today(&app)})).await;
        let mut future = pay(&app, file, "100");
        future["paid_on"] = json!(tomorrow);
        assert_eq!(phone.reject(&app, "renovation.pay", future, "validation_failed").await, ["paid_on in_future"]);
        assert_eq!(phone.apply(&app, "renovation.pay", pay(&app, file, "20000")).await["paid"], "20000.00");
        let over = phone.send(&app, "renovation.pay", pay(&app, file, "15000.01")).await;
        assert_eq!(over["error"]["details"]["fields"][0]["code"], "exceeds_subsidy", "{over}");
        assert!(over["error"]["details"]["fields"][0]["message"].as_str().unwrap().contains("15000.00"), "names what is left: {over}");
        assert_eq!(phone.apply(&app, "renovation.pay", pay(&app, file, "15000")).await["paid"], "35000.00");
        assert_eq!(phone.reject(&app, "renovation.pay", pay(&app, file, "0.01"), "validation_failed").await, ["amount exceeds_subsidy"]);
        let stored: i64 = payment::Entity::find().all(app.state.db.read()).await.unwrap().iter().map(|p| p.amount_fen).sum();
        assert_eq!(stored, 3_500_000, "refused payments stored nothing");
    }

    async fn two_payments_at_once_that_together_exceed_the_subsidy_exactly_one_succeeds(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let mut tablet = app.device("supervisor1").await;
        let file = open_d(&app, &mut phone, places.household).await;
        file_steps(&app, &mut phone, file, "35000", "build_started").await;
        let mut left: i64 = 3_500_000;
        let mut rounds = 0;
        // Each round: two payments of just over half of what is left, at the same instant.
        while left >= 2 {
            let each = left / 2 + 1;
            let amount = format!("{}.{:02}", each / 100, each % 100);
            let (a, b) = tokio::join!(
                phone.send(&app, "renovation.pay", pay(&app, file, &amount)),
                tablet.send(&app, "renovation.pay", pay(&app, file, &amount)),
            );
            let applied = [&a, &b].iter().filter(|r| r["status"] == "applied").count();
            assert_eq!(applied, 1, "round {rounds}: {a} {b}");
            let refused = if a["status"] == "applied" { &b } else { &a };
            assert_eq!(refused["error"]["details"]["fields"][0]["code"], "exceeds_subsidy", "round {rounds}: {refused}");
            left -= each;
            rounds += 1;
        }
        let stored: i64 = payment::Entity::find().all(app.state.db.read()).await.unwrap().iter().map(|p| p.amount_fen).sum();
        assert_eq!(stored, 3_500_000 - left);
        assert!(stored <= 3_500_000 && rounds > 10, "{rounds} rounds");
    }
}
