//! JGJ 59 sheets through sync: finished only when every applicable table's
//! guarantee items are answered, and items answered not applicable (缺项)
//! left out of their table's score.

use fieldsync::templates::seed::QUALITY_SAFETY_V2;
use fieldsync_tests::{TestApp, db_tests};
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// The guarantee items of the tables that always apply (safety management,
/// civilised construction, electricity), in template order.
const GUARANTEE_ITEMS: [&str; 16] = [
    "safety_mgmt_responsibility",
    "safety_mgmt_plan",
    "safety_mgmt_briefing",
    "safety_mgmt_checks",
    "safety_mgmt_training",
    "safety_mgmt_emergency",
    "civilised_hoarding",
    "civilised_closure",
    "civilised_ground",
    "civilised_materials",
    "civilised_lodging",
    "civilised_fire",
    "electricity_external_lines",
    "electricity_earthing",
    "electricity_lines",
    "electricity_boxes",
];

/// Every always-applicable guarantee item answered with nothing deducted.
fn guarantee_answers() -> Map<String, Value> {
    GUARANTEE_ITEMS.iter().map(|id| ((*id).to_owned(), json!(0))).collect()
}

async fn pulled(app: &TestApp, id: Uuid) -> Value {
    let mut phone = app.sync_client("inspector").await;
    phone.pull_all().await.unwrap();
    phone.store.records.get(&("inspection".to_string(), id)).cloned().unwrap_or(Value::Null)
}

db_tests! {
    async fn an_empty_jgj59_sheet_is_not_finished_and_each_missing_guarantee_item_is_named(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": QUALITY_SAFETY_V2, "site_id": places.site_a})).await;
        let missing = phone.reject(&app, "inspection.finish", json!({"id": id}), "validation_failed").await;
        let expected: Vec<String> = GUARANTEE_ITEMS.iter().map(|i| format!("answers.{i} required")).collect();
        assert_eq!(missing, expected);
        let record = pulled(&app, id).await;
        assert_eq!((record["status"].as_str(), record["rev"].as_i64(), record["result"]["complete"].as_bool()), (Some("draft"), Some(1), Some(false)));
        // One item still missing: only it is named.
        let mut answers = guarantee_answers();
        answers.remove("electricity_boxes");
        phone.apply(&app, "inspection.update", json!({"id": id, "base_rev": 1, "answers": answers})).await;
        assert_eq!(phone.reject(&app, "inspection.finish", json!({"id": id}), "validation_failed").await, ["answers.electricity_boxes required"]);
        phone.apply(&app, "inspection.update", json!({"id": id, "base_rev": 2, "answers": {"electricity_boxes": 0}})).await;
        let finished = phone.apply(&app, "inspection.finish", json!({"id": id})).await;
        assert_eq!((finished["score"].as_f64(), finished["grade"].as_str()), (Some(100.0), Some("good")));
    }

    async fn items_not_applicable_are_left_out_of_the_tower_crane_and_machinery_scores(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut phone = app.device("inspector").await;
        let id = Uuid::new_v4();
        let mut answers = guarantee_answers();
        // One crane on site: 多塔作业 does not apply; the crane loses 15 of the 90 points that do.
        for (item, value) in [
            ("tower_crane_load_limiter", json!(0)), ("tower_crane_travel_limits", json!(0)), ("tower_crane_protection", json!(0)),
            ("tower_crane_hooks_ropes", json!(0)), ("tower_crane_install_use", json!(0)),
            ("tower_crane_multi_crane", json!({"value": "not_applicable", "note": "仅一台塔吊"})),
            ("tower_crane_base", json!(10)), ("tower_crane_electrical", json!(5)),
            // No planer and no piling machine: machinery loses 17 of the 78 points that apply.
            ("machinery_planer", json!("not_applicable")), ("machinery_piling", json!("not_applicable")),
            ("machinery_circular_saw", json!(10)), ("machinery_welder", json!(7)),
        ] {
            answers.insert(item.to_owned(), value);
        }
        phone.apply(&app, "inspection.create", json!({"id": id, "template_id": QUALITY_SAFETY_V2, "site_id": places.site_a, "answers": answers})).await;
        let finished = phone.apply(&app, "inspection.finish", json!({"id": id})).await;
        // Over the applicable weights: (100×10 + 100×15 + 100×10 + 100×10 + 83.33×10 + 78.21×5) / 60 = 95.41
        assert_eq!((finished["score"].as_f64(), finished["grade"].as_str()), (Some(95.41), Some("good")));
        let record = pulled(&app, id).await;
        let tables: Vec<(String, f64)> = record["result"]["tables"].as_array().unwrap().iter()
            .map(|t| (t["section_id"].as_str().unwrap().to_owned(), t["score"].as_f64().unwrap())).collect();
        assert_eq!(tables, [
            ("safety_mgmt".to_owned(), 100.0), ("civilised".to_owned(), 100.0), ("height".to_owned(), 100.0),
            ("electricity".to_owned(), 100.0), ("tower_crane".to_owned(), 83.33), ("machinery".to_owned(), 78.21),
        ]);
        assert_eq!(record["answers"]["machinery_planer"], "not_applicable");
        // A guarantee item the template does not mark is always checked; the refused edit changes nothing.
        let other = Uuid::new_v4();
        let refused = json!({"id": other, "template_id": QUALITY_SAFETY_V2, "site_id": places.site_a, "answers": {"safety_mgmt_checks": "not_applicable"}});
        assert_eq!(phone.reject(&app, "inspection.create", refused, "validation_failed").await, ["answers.safety_mgmt_checks must_apply"]);
        assert_eq!(pulled(&app, other).await, Value::Null);
    }
}
