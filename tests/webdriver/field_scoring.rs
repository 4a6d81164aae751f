//! The app's live figures (`/field/js/scoring.js`) against the server's
//! `result` after sync, for answer sets of each kind of inspection: the two
//! implementations of the same rules cannot drift apart unnoticed.

use fieldsync::templates::seed::{DUST_CONTROL_V2, QUALITY_SAFETY_V3, RURAL_APPRAISAL_V1};
use fieldsync_tests::{DEMO_PASSWORD, db_tests};
use serde_json::{Map, Value, json};

use crate::field_helpers::phone;

/// A photo hash (the server takes references before the bytes, §18).
const PHOTO: &str = "abababababababababababababababababababababababababababababababab";

fn with_photo(value: &str) -> Value {
    json!({"value": value, "photos": [PHOTO]})
}

/// Dust control: complete and passing; failing items with photos; the
/// main-road height floor; an optional section switched on; a number over
/// its maximum; incomplete.
fn dust_sets() -> Vec<Value> {
    let pass = json!({
        "hoarding_closed": "pass", "hoarding_frontage": "other", "hoarding_height": 2.2, "material_covered": "pass",
        "exit_count": 2, "exit_wash_trough": "pass", "exit_settling_tank": "pass", "vehicles_washed": "pass",
        "roads_hardened": "pass", "muck_trucks_sealed": "pass", "monitor_online": "pass", "pm10": 80
    });
    let mut main_road = pass.clone();
    main_road["hoarding_frontage"] = json!("main_road");
    main_road["hoarding_height"] = json!({"value": 2.2, "unit": "m", "photos": [PHOTO]});
    let mut failing = pass.clone();
    failing["material_covered"] = with_photo("fail");
    failing["vehicles_washed"] = json!("fail");
    failing["pm10"] = json!(151);
    let mut demolition = pass.clone();
    demolition["wet_demolition"] = json!(true);
    demolition["demolition_wet"] = with_photo("fail");
    vec![pass, main_road, failing, demolition, json!({"hoarding_closed": "pass", "pm10": 150})]
}

/// JGJ 59: the five tables that always apply with a few deductions; a tower
/// crane with 多塔作业 not applicable losing 15; machinery without a planer
/// and a piling machine losing 17; a guarantee item at 0 (the table scores
/// 0, the site fails); guarantee items under 40; a scaffold table left out
/// and a foundation pit with an item not applicable; a total between 70 and 80.
fn jgj59_sets(body: &Value) -> Vec<Value> {
    let zero = |sections: &[&str]| -> Map<String, Value> {
        let mut answers = Map::new();
        for section in body["sections"].as_array().unwrap() {
            if sections.contains(&section["id"].as_str().unwrap()) {
                for item in section["items"].as_array().unwrap() {
                    answers.insert(item["id"].as_str().unwrap().to_owned(), json!(0));
                }
            }
        }
        answers
    };
    let always = ["safety_mgmt", "civilised", "height", "electricity", "machinery"];
    let mut base = zero(&always);
    base.insert("safety_mgmt_subcontractors".into(), json!(4));
    base.insert("civilised_boards".into(), json!(2.5));
    base.insert("height_nets".into(), json!(10));
    base.insert("electricity_lighting".into(), json!(6));
    let mut crane = base.clone();
    crane.extend(zero(&["tower_crane"]));
    crane.insert("tower_crane_multi_crane".into(), json!("not_applicable"));
    crane.insert("tower_crane_ties".into(), json!(10));
    crane.insert("tower_crane_electrical".into(), json!(5));
    let mut machinery = base.clone();
    machinery.insert("machinery_planer".into(), json!("not_applicable"));
    machinery.insert("machinery_piling".into(), json!("not_applicable"));
    machinery.insert("machinery_mixer".into(), json!(10));
    machinery.insert("machinery_pump".into(), json!(6));
    machinery.insert("machinery_welder".into(), json!(1));
    let mut zeroed = base.clone();
    zeroed.insert("electricity_earthing".into(), json!(20));
    let mut under_forty = base.clone();
    for item in ["safety_mgmt_responsibility", "safety_mgmt_plan", "safety_mgmt_briefing", "safety_mgmt_checks"] {
        under_forty.insert(item.into(), json!(9));
    }
    let mut left_out = base.clone();
    left_out.insert("scaffold_portal".into(), json!(false));
    left_out.extend(zero(&["foundation_pit"]));
    left_out.insert("foundation_pit_monitoring".into(), json!(7.5));
    left_out.insert("foundation_pit_emergency".into(), json!("not_applicable"));
    let mut middling = base.clone();
    for (id, _) in zero(&["height"]) {
        middling.insert(id, json!(5));
    }
    for item in ["safety_mgmt_subcontractors", "safety_mgmt_certificates", "safety_mgmt_accidents", "safety_mgmt_signs"]
    {
        middling.insert(item.into(), json!(10));
    }
    for (item, points) in [("electricity_room", 15), ("electricity_lighting", 15), ("electricity_records", 10)] {
        middling.insert(item.into(), json!(points));
    }
    [base, crane, machinery, zeroed, under_forty, left_out, middling].into_iter().map(Value::Object).collect()
}

/// Rural appraisals: B (the worst component); C from one component; D from a dangerous site
/// (components then not needed); D from a component; nothing graded yet.
fn rural_sets() -> Vec<Value> {
    let base = json!({
        "head_name": "Wang", "structure": "brick_concrete", "storeys": 2, "site_safe": "pass",
        "foundation": "a", "walls_columns": "a", "beams_trusses_purlins": "b", "floors_roof": "a", "overall_tilt": "a",
        "renovation_type": "none", "appraiser": "Li", "reviewer": "Zhao"
    });
    let mut c = base.clone();
    c["walls_columns"] = with_photo("c");
    let dangerous = json!({"head_name": "Wang", "structure": "stone", "storeys": 1, "site_safe": with_photo("fail")});
    let mut d = base.clone();
    d["floors_roof"] = with_photo("d");
    d["foundation"] = with_photo("c");
    vec![base, c, dangerous, d, json!({"head_name": "Wang"})]
}

/// The figures both sides give, with absent lists and values as empty.
fn figures(result: &Value) -> Value {
    let or = |key: &str, empty: Value| result.get(key).filter(|v| !v.is_null()).cloned().unwrap_or(empty);
    json!({
        "complete": or("complete", Value::Null), "grade": or("grade", Value::Null), "score": or("score", Value::Null),
        "failed": or("failed", json!([])), "tables": or("tables", json!([])), "categories": or("categories", json!([])),
        "renovation": or("renovation", Value::Null),
    })
}

/// Creates each inspection through the library, syncs, and answers, per
/// answer set, the app's figures and the server's `result` as pulled.
const COMPARE: &str = r#"
const scoring = await import('/field/js/scoring.js');
const [cases, password] = args;
const c = new lib.SyncClient({ baseUrl: location.origin, storage: new lib.IndexedDbStorage('parity-test'), language: 'en' });
await c.open();
await c.signIn('inspector', password);
await c.sync();
const ids = [];
for (const k of cases) {
  const id = crypto.randomUUID();
  ids.push(id);
  await c.mutate('inspection.create', { id, template_id: k.template_id, [k.place]: k.place_id, answers: k.answers });
}
await c.sync();
const out = [];
for (const [i, k] of cases.entries()) {
  const template = await c.record('template', k.template_id);
  const mine = scoring.evaluate(template.body, k.answers);
  const pulled = await c.record('inspection', ids[i]);
  out.push({ errors: mine.errors, app: mine.result, server: pulled?.result ?? null, grade: pulled?.grade ?? null, score: pulled?.score ?? null });
}
return { out, outcomes: await c.outcomes() };
"#;

db_tests! {
    async fn the_apps_live_figures_match_the_servers_result_for_every_kind(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let jgj59: Value = serde_json::from_str(include_str!("../../server/templates/quality_safety.jgj59.v3.json")).unwrap();
        let mut cases = Vec::new();
        for answers in dust_sets() {
            cases.push(json!({"template_id": DUST_CONTROL_V2, "place": "site_id", "place_id": places.site_a, "answers": answers}));
        }
        for answers in jgj59_sets(&jgj59["body"]) {
            cases.push(json!({"template_id": QUALITY_SAFETY_V3, "place": "site_id", "place_id": places.site_a, "answers": answers}));
        }
        for answers in rural_sets() {
            cases.push(json!({"template_id": RURAL_APPRAISAL_V1, "place": "household_id", "place_id": places.household, "answers": answers}));
        }
        let chrome = phone(&app).await;
        let answer = chrome.run(COMPARE, vec![json!(cases), json!(DEMO_PASSWORD)]).await;
        assert_eq!(answer["outcomes"], json!([]), "every answer set is one the server takes: {answer}");
        let out = answer["out"].as_array().unwrap();
        assert_eq!(out.len(), cases.len());
        let mut grades = Vec::new();
        for (case, compared) in cases.iter().zip(out) {
            assert_eq!(compared["errors"], json!([]), "the app refuses what the server took: {case}");
            assert!(compared["server"].is_object(), "the server computed no result for {case}: {compared}");
            assert_eq!(figures(&compared["app"]), figures(&compared["server"]), "the app and the server differ on {case}");
            assert_eq!(compared["server"]["grade"], compared["grade"], "{compared}");
            grades.push(compared["grade"].clone());
        }
        // The answer sets reach every grade they were written for.
        assert_eq!(
            grades,
            json!([
                "pass", "fail", "fail", "fail", null,
                "good", "good", "good", "fail", "fail", "good", "pass",
                "B", "C", "D", "D", null
            ]).as_array().unwrap().clone(),
        );
        chrome.stop().await;
    }
}
