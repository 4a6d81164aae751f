//! Table-driven tests of the template rules, answer checks and scoring:
//! every rule is shown failing.

use serde_json::{Map, Value, json};

use super::{
    body::TemplateBody,
    check::check,
    evaluate::{Evaluation, Stage, evaluate},
    seed,
};
use crate::error::{FieldError, Reason};

/// Answers, the stage, and the fields and codes expected to fail.
type AnswerCase = (Value, Stage, Vec<(&'static str, &'static str)>);
/// A change to a good body and the one problem it must cause.
type BodyCase = (Box<dyn FnOnce(&mut Value)>, &'static str);

const PHOTO: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn body(value: Value) -> TemplateBody {
    serde_json::from_value(value).expect("a template body")
}

pub(super) fn builtin(index: usize) -> TemplateBody {
    let file = seed::parse(seed::FILES[index].1).expect("built-in parses");
    body(file.body)
}

pub(super) fn answers(value: Value) -> Map<String, Value> {
    value.as_object().cloned().expect("an object")
}

pub(super) fn code(error: &FieldError) -> String {
    match &error.reason {
        Reason::Rule { code, .. } => (*code).to_owned(),
        Reason::Required => "required".into(),
        Reason::TooLong { .. } => "too_long".into(),
        other => format!("{other:?}"),
    }
}

fn errors(result: Result<Evaluation, Vec<FieldError>>) -> Vec<(String, String)> {
    result.err().unwrap_or_default().iter().map(|e| (e.field.clone(), code(e))).collect()
}

fn small() -> TemplateBody {
    body(json!({
        "title": {"zh": "测试", "en": "Test"},
        "scoring": "pass_fail",
        "sections": [
            {"id": "main", "title": {"zh": "主", "en": "Main"}, "items": [
                {"id": "ok", "prompt": {"zh": "好", "en": "Good"}, "answer": {"type": "pass_fail"}, "required": true, "photo_required": true, "severity": "critical"},
                {"id": "road", "prompt": {"zh": "路", "en": "Road"}, "answer": {"type": "choice", "options": [
                    {"value": "main_road", "label": {"zh": "主", "en": "Main"}}, {"value": "other", "label": {"zh": "他", "en": "Other"}},
                    {"value": "none", "label": {"zh": "无", "en": "None"}, "fails": true}]}},
                {"id": "height", "prompt": {"zh": "高", "en": "Height"}, "answer": {"type": "number", "unit": "m", "min": 0, "max": 10, "pass_min": 2.0,
                    "pass_min_when": [{"item": "road", "equals": "main_road", "min": 2.5}]}},
                {"id": "note", "prompt": {"zh": "注", "en": "Note"}, "answer": {"type": "text", "max_length": 5}}
            ]},
            {"id": "extra", "title": {"zh": "附", "en": "Extra"}, "optional": true, "items": [
                {"id": "wet", "prompt": {"zh": "湿", "en": "Wet"}, "answer": {"type": "pass_fail"}, "required": true}
            ]}
        ]
    }))
}

#[test]
fn every_answer_rule_can_fail_and_names_the_item() {
    let t = small();
    let cases: Vec<AnswerCase> = vec![
        (json!({"ok": "pass"}), Stage::Final, vec![]),
        (json!({}), Stage::Draft, vec![]),
        (json!({}), Stage::Final, vec![("answers.ok", "required")]),
        (json!({"ok": "yes"}), Stage::Draft, vec![("answers.ok", "wrong_type")]),
        (json!({"ok": "fail"}), Stage::Draft, vec![("answers.ok", "photo_required")]),
        (json!({"ok": {"value": "fail", "photos": [PHOTO]}}), Stage::Draft, vec![]),
        (json!({"ok": {"value": "fail", "photos": ["abc"]}}), Stage::Draft, vec![("answers.ok", "invalid_photos")]),
        (json!({"ok": {"value": "pass", "colour": 1}}), Stage::Draft, vec![("answers.ok", "unknown_key")]),
        (json!({"nope": "pass"}), Stage::Draft, vec![("answers.nope", "unknown_item")]),
        (json!({"road": "motorway"}), Stage::Draft, vec![("answers.road", "not_allowed")]),
        (json!({"height": "tall"}), Stage::Draft, vec![("answers.height", "wrong_type")]),
        (json!({"height": 11}), Stage::Draft, vec![("answers.height", "out_of_range")]),
        (json!({"height": {"value": 250, "unit": "cm"}}), Stage::Draft, vec![("answers.height", "wrong_unit")]),
        (json!({"height": {"value": 2.5, "unit": "m"}}), Stage::Draft, vec![]),
        (json!({"ok": {"value": "pass", "unit": "m"}}), Stage::Draft, vec![("answers.ok", "wrong_unit")]),
        (json!({"note": "too long"}), Stage::Draft, vec![("answers.note", "too_long")]),
        (json!({"main": false}), Stage::Draft, vec![("answers.main", "not_optional")]),
        (json!({"extra": false, "wet": "pass"}), Stage::Draft, vec![("answers.wet", "not_applicable")]),
        (json!({"ok": "pass", "extra": true}), Stage::Final, vec![("answers.wet", "required")]),
        (json!({"ok": "pass", "extra": false}), Stage::Final, vec![]),
        (json!({"ok": "pass", "wet": null}), Stage::Final, vec![]),
    ];
    for (given, stage, expected) in cases {
        let got = errors(evaluate(&t, &answers(given.clone()), stage));
        let expected: Vec<(String, String)> = expected.iter().map(|(f, c)| (f.to_string(), c.to_string())).collect();
        assert_eq!(got, expected, "{given} at {stage:?}");
    }
}

#[test]
fn pass_fail_scoring_lists_the_failed_items_with_their_severity() {
    let t = small();
    let cases = [
        (json!({"ok": "pass", "road": "other", "height": 2.1}), Some("pass"), vec![]),
        (json!({"road": "other"}), None, vec![]),
        (json!({"ok": "pass", "road": "main_road", "height": 2.1}), Some("fail"), vec!["height"]),
        (json!({"height": 1.9}), Some("fail"), vec!["height"]),
        (json!({"ok": {"value": "fail", "photos": [PHOTO]}, "road": "none"}), Some("fail"), vec!["ok", "road"]),
    ];
    for (given, grade, failed) in cases {
        let result = evaluate(&t, &answers(given.clone()), Stage::Draft).expect("valid");
        assert_eq!(result.grade.as_deref(), grade, "{given}");
        let ids: Vec<&str> = result.failed.iter().map(|f| f.item_id.as_str()).collect();
        assert_eq!(ids, failed, "{given}");
    }
    let result =
        evaluate(&t, &answers(json!({"ok": {"value": "fail", "photos": [PHOTO]}})), Stage::Draft).expect("valid");
    assert_eq!(serde_json::to_value(&result.failed).expect("json"), json!([{"item_id": "ok", "severity": "critical"}]));
}

#[test]
fn the_dust_control_hoarding_rule_depends_on_the_road() {
    let t = builtin(0);
    for (road, height, fails) in
        [("main_road", 2.4, true), ("main_road", 2.5, false), ("other", 1.9, true), ("other", 2.0, false)]
    {
        let given = json!({"hoarding_frontage": road, "hoarding_height": {"value": height, "photos": [PHOTO]}});
        let result = evaluate(&t, &answers(given), Stage::Draft).expect("valid");
        assert_eq!(result.failed.iter().any(|f| f.item_id == "hoarding_height"), fails, "{road} {height}");
    }
    let pm10 = evaluate(&t, &answers(json!({"pm10": {"value": 180, "unit": "µg/m³"}})), Stage::Draft).expect("valid");
    assert_eq!(pm10.grade.as_deref(), Some("fail"));
}

/// JGJ 59 answers: the safety management table, civilised construction,
/// work at height, electricity and machinery always apply.
fn jgj(extra: Value) -> Evaluation {
    let mut given = answers(extra);
    given.entry("height_helmets").or_insert(json!(0));
    evaluate(&builtin(1), &given, Stage::Draft).expect("valid")
}

#[test]
fn jgj59_scores_tables_categories_and_the_weighted_total() {
    let full = jgj(json!({}));
    assert_eq!((full.score, full.grade.as_deref()), (Some(100.0), Some("good")));
    assert_eq!(full.categories.len(), 5, "only the tables that always apply");
    // Safety management loses 30 of its 10% weight → 3 of 50 points → 94 after rescaling.
    let r = jgj(json!({"safety_mgmt_subcontractors": 10, "safety_mgmt_certificates": 10, "safety_mgmt_signs": 10}));
    assert_eq!(r.tables[0].score, 70.0);
    assert_eq!(r.score, Some(94.0));
    // A guarantee item at 0 zeroes its table, and any zero table fails the site.
    let r = jgj(json!({"safety_mgmt_checks": 10}));
    assert!(r.tables[0].zeroed);
    assert_eq!((r.score, r.grade.as_deref()), (Some(80.0), Some("fail")));
    // Guarantee items under 40 zero the table even when none is at 0.
    let under_40: Value = json!({"civilised_hoarding": 4, "civilised_closure": 4, "civilised_ground": 4, "civilised_materials": 4, "civilised_lodging": 4, "civilised_fire": 1});
    assert!(jgj(under_40).tables[1].zeroed);
    // Scaffold tables average within their category; unanswered optional tables are left out.
    let r = jgj(json!({"scaffold_fastener_guard": 10, "scaffold_portal": true}));
    let scaffolds = r.categories.iter().find(|c| c.category_id == "scaffolds").expect("scaffolds apply");
    assert_eq!(scaffolds.score, 95.0);
    assert_eq!(r.categories.len(), 6);
    // Totals: ≥ 80 good, ≥ 70 pass, below fail.
    let cut = |points: u32| {
        let mut a = json!({});
        let items = [
            "height_helmets",
            "height_nets",
            "height_belts",
            "height_edges",
            "height_openings",
            "height_entrances",
            "height_climbing",
            "height_suspended",
            "height_mobile_platform",
            "height_steel_platform",
        ];
        let mut left = points;
        for item in items {
            let take = left.min(10);
            a[item] = json!(take);
            left -= take;
        }
        a
    };
    // Work at height weighs 10 of 50 applicable points: losing 100 of its points costs 20 of the total.
    assert_eq!(jgj(cut(100)).grade.as_deref(), Some("fail"), "a table at 0 fails");
    let r = jgj(cut(99));
    assert_eq!((r.score, r.grade.as_deref()), (Some(80.2), Some("good")));
    let mut low = cut(99);
    low["electricity_room"] = json!(15);
    low["electricity_lighting"] = json!(15);
    low["electricity_records"] = json!(10);
    let r = jgj(low);
    assert_eq!((r.score, r.grade.as_deref()), (Some(72.2), Some("pass")));
    let mut lower = cut(99);
    lower["machinery_planer"] = json!(10);
    lower["electricity_room"] = json!(15);
    lower["electricity_lighting"] = json!(15);
    lower["electricity_records"] = json!(10);
    lower["civilised_governance"] = json!(10);
    let r = jgj(lower);
    assert_eq!((r.score, r.grade.as_deref()), (Some(68.2), Some("fail")));
}

#[test]
fn rural_appraisal_derives_the_house_grade() {
    let t = builtin(2);
    let photo = |g: &str| json!({"value": g, "photos": [PHOTO]});
    let cases = [
        (json!({"site_safe": "pass", "foundation": "a", "walls_columns": "a"}), Some("A"), None),
        (json!({"site_safe": "pass", "foundation": "a", "walls_columns": "b"}), Some("B"), None),
        (
            json!({"site_safe": "pass", "foundation": "b", "floors_roof": photo("c")}),
            Some("C"),
            Some("repair_reinforce"),
        ),
        (json!({"site_safe": "pass", "overall_tilt": photo("d")}), Some("D"), Some("demolish_rebuild")),
        (
            json!({"site_safe": {"value": "fail", "photos": [PHOTO]}, "foundation": "a"}),
            Some("D"),
            Some("demolish_rebuild"),
        ),
        (json!({}), None, None),
    ];
    for (given, grade, renovation) in cases {
        let r = evaluate(&t, &answers(given.clone()), Stage::Draft).expect("valid");
        assert_eq!((r.grade.as_deref(), r.renovation.as_deref()), (grade, renovation), "{given}");
    }
    assert_eq!(
        errors(evaluate(&t, &answers(json!({"foundation": "e"})), Stage::Draft)),
        [("answers.foundation".into(), "wrong_type".into())]
    );
    assert_eq!(
        errors(evaluate(&t, &answers(json!({"foundation": "c"})), Stage::Draft)),
        [("answers.foundation".into(), "photo_required".into())]
    );
    // A dangerous site needs no component grades to be finished.
    let done = json!({"head_name": "王", "storeys": 1, "site_safe": {"value": "fail", "photos": [PHOTO]}, "renovation_type": "demolish_rebuild", "appraiser": "李", "reviewer": "赵", "structure": "earth_timber"});
    let r = evaluate(&t, &answers(done), Stage::Final).expect("complete");
    assert!(r.complete);
}

fn broken(mutate: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut value = serde_json::to_value(small()).expect("json");
    mutate(&mut value);
    check(&body(value)).err().unwrap_or_default().iter().map(|e| format!("{} {}", e.field, code(e))).collect()
}

#[test]
fn every_publication_rule_can_fail() {
    assert_eq!(check(&small()), Ok(()));
    let cases: Vec<BodyCase> = vec![
        (Box::new(|v| v["sections"][0]["items"][3]["id"] = json!("ok")), "body.sections[0].items[3].id duplicate_id"),
        (Box::new(|v| v["sections"][1]["id"] = json!("ok")), "body.sections[1].id duplicate_id"),
        (Box::new(|v| v["sections"][0]["id"] = json!("Main Section")), "body.sections[0].id invalid_id"),
        (
            Box::new(|v| v["sections"][0]["items"][0]["prompt"]["en"] = json!(" ")),
            "body.sections[0].items[0].prompt missing_translation",
        ),
        (
            Box::new(|v| v["sections"][0]["items"][2]["answer"]["max"] = json!(-1)),
            "body.sections[0].items[2].answer.max bad_range",
        ),
        (
            Box::new(|v| v["sections"][0]["items"][2]["answer"]["pass_min"] = json!(20)),
            "body.sections[0].items[2].answer bad_range",
        ),
        (
            Box::new(|v| v["sections"][0]["items"][2]["answer"]["pass_min_when"][0]["equals"] = json!("lane")),
            "body.sections[0].items[2].answer.pass_min_when[0] unknown_option",
        ),
        (
            Box::new(|v| {
                v["sections"][0]["items"][1]["answer"]["options"] =
                    json!([{"value": "main_road", "label": {"zh": "x", "en": "x"}}])
            }),
            "body.sections[0].items[1].answer.options too_few_options",
        ),
        (
            Box::new(|v| v["sections"][0]["items"][3]["answer"]["max_length"] = json!(0)),
            "body.sections[0].items[3].answer.max_length bad_range",
        ),
        (Box::new(|v| v["sections"][1]["items"] = json!([])), "body.sections[1].items required"),
        (
            Box::new(|v| v["sections"][0]["items"][0]["answer"] = json!({"type": "deduction", "max_points": 10})),
            "body.sections[0].items[0] not_for_scoring",
        ),
        (
            Box::new(|v| v["sections"][0]["items"][0]["site_danger"] = json!(true)),
            "body.sections[0].items[0] not_for_scoring",
        ),
        (
            Box::new(|v| v["sections"][0]["items"][0]["may_not_apply"] = json!(true)),
            "body.sections[0].items[0] not_for_scoring",
        ),
    ];
    for (mutate, expected) in cases {
        assert_eq!(broken(mutate), [expected]);
    }
}

#[test]
fn jgj59_and_rural_publication_rules_can_fail() {
    let jgj = serde_json::to_value(builtin(1)).expect("json");
    let mutated = |f: &dyn Fn(&mut Value)| {
        let mut v = jgj.clone();
        f(&mut v);
        check(&body(v)).err().unwrap_or_default().iter().map(|e| format!("{} {}", e.field, code(e))).collect::<Vec<_>>()
    };
    assert_eq!(mutated(&|v| v["categories"][9]["weight"] = json!(10)), ["body.categories bad_weights"]);
    assert_eq!(
        mutated(&|v| v["sections"][0]["items"][0]["answer"]["max_points"] = json!(20)),
        ["body.sections[0].items bad_points"]
    );
    assert_eq!(
        mutated(&|v| v["sections"][0]["category"] = json!("nowhere")),
        ["body.categories[0] empty_category", "body.sections[0].category NotFound"]
    );
    let guarantee_moved = mutated(&|v| {
        for i in 0..3 {
            v["sections"][0]["items"][i]["guarantee"] = json!(false);
        }
    });
    assert_eq!(guarantee_moved, ["body.sections[0].items bad_points"]);
    let mut rural = serde_json::to_value(builtin(2)).expect("json");
    rural["sections"][1]["items"][0]["site_danger"] = json!(false);
    let problems: Vec<String> =
        check(&body(rural)).err().unwrap_or_default().iter().map(|e| format!("{} {}", e.field, code(e))).collect();
    assert_eq!(problems, ["body.sections no_site_danger"]);
}
