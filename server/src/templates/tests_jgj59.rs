//! JGJ 59-2011 rules of the built-in template: 缺项 rescaling, the guarantee
//! rule, finishing only complete sheets, and the tables of the standard.

use serde_json::{Map, Value, json};

use super::{
    evaluate::{Evaluation, Stage, evaluate},
    tests::{answers, builtin, code},
};

/// Index in [`super::seed::FILES`] of JGJ 59 version 1 and version 2.
const V1: usize = 1;
const V2: usize = 3;

fn run(index: usize, given: Value, stage: Stage) -> Result<Evaluation, Vec<String>> {
    evaluate(&builtin(index), &answers(given), stage)
        .map_err(|errors| errors.iter().map(|e| format!("{} {}", e.field, code(e))).collect())
}

fn draft(given: Value) -> Evaluation {
    run(V2, given, Stage::Draft).expect("valid")
}

fn table(evaluation: &Evaluation, section: &str) -> f64 {
    evaluation.tables.iter().find(|t| t.section_id == section).expect("the table applies").score
}

/// The tower crane loses 15 points of its general items; 多塔作业 is answered
/// with `multi` (one crane on site: not applicable).
fn tower_crane(multi: Value) -> Value {
    json!({"tower_crane_base": 10, "tower_crane_electrical": 5, "tower_crane_multi_crane": multi})
}

/// Machinery loses 17 points (circular saw 10, welder 7); the planer (10) and
/// the piling machine (12) are answered with `absent`.
fn machinery(absent: Value) -> Value {
    json!({"machinery_circular_saw": 10, "machinery_welder": 7, "machinery_planer": absent, "machinery_piling": absent})
}

fn merged(parts: &[Value]) -> Value {
    let mut all = Map::new();
    for part in parts {
        all.extend(part.as_object().expect("an object").clone());
    }
    Value::Object(all)
}

#[test]
fn jgj59_not_applicable_items_are_left_out_and_the_table_converted_to_100() {
    // 多塔作业 not applicable: (90 − 15) / 90 × 100; scored as full marks it gave (100 − 15) = 85.
    assert_eq!(table(&draft(tower_crane(json!("not_applicable"))), "tower_crane"), 83.33);
    assert_eq!(table(&draft(tower_crane(json!(0))), "tower_crane"), 85.0);
    // No planer, no piling machine: (78 − 17) / 78 × 100 = 78.21; as full marks 83.
    let absent = draft(machinery(json!({"value": "not_applicable", "note": "不在场"})));
    assert_eq!(table(&absent, "machinery"), 78.21);
    assert_eq!(table(&draft(machinery(json!(0))), "machinery"), 83.0);
    assert!(absent.failed.iter().all(|f| !f.item_id.starts_with("machinery_p")), "not applicable is not failed");
    // Enough to flip the grade: with safety management, civilised construction and
    // electricity at 70 and work at height at 50, the total is 69.57 (不合格), not 70.25 (合格).
    let site = json!({
        "safety_mgmt_subcontractors": 10, "safety_mgmt_certificates": 10, "safety_mgmt_signs": 10,
        "civilised_governance": 10, "civilised_boards": 10, "civilised_facilities": 10,
        "electricity_room": 15, "electricity_lighting": 15,
        "height_helmets": 10, "height_nets": 10, "height_belts": 10, "height_edges": 10, "height_openings": 10,
    });
    let absent =
        draft(merged(&[site.clone(), tower_crane(json!("not_applicable")), machinery(json!("not_applicable"))]));
    assert_eq!((absent.score, absent.grade.as_deref()), (Some(69.57), Some("fail")));
    let full = draft(merged(&[site, tower_crane(json!(0)), machinery(json!(0))]));
    assert_eq!((full.score, full.grade.as_deref()), (Some(70.25), Some("pass")));
}

#[test]
fn a_guarantee_item_is_not_applicable_only_where_the_template_allows() {
    let na = json!("not_applicable");
    assert_eq!(
        run(V2, json!({"safety_mgmt_checks": na}), Stage::Draft).err(),
        Some(vec!["answers.safety_mgmt_checks must_apply".to_owned()])
    );
    // Version 1 does not mark 多塔作业; version 2 does.
    assert_eq!(
        run(V1, json!({"tower_crane_multi_crane": na}), Stage::Draft).err(),
        Some(vec!["answers.tower_crane_multi_crane must_apply".to_owned()])
    );
    assert!(run(V2, json!({"tower_crane_multi_crane": na}), Stage::Draft).is_ok());
    // General items may be not applicable in both versions.
    assert_eq!(table(&run(V1, machinery(na.clone()), Stage::Draft).expect("valid"), "machinery"), 78.21);
    // Not applicable is no number of points, nor a unit.
    assert_eq!(
        run(V2, json!({"machinery_planer": {"value": "not_applicable", "unit": "points"}}), Stage::Draft).err(),
        Some(vec!["answers.machinery_planer wrong_unit".to_owned()])
    );
    assert_eq!(
        run(V2, json!({"machinery_planer": "absent"}), Stage::Draft).err(),
        Some(vec!["answers.machinery_planer wrong_type".to_owned()])
    );
}

#[test]
fn a_table_with_every_item_not_applicable_is_refused() {
    let every: Map<String, Value> = builtin(V2)
        .section("machinery")
        .expect("machinery")
        .items
        .iter()
        .map(|i| (i.id.clone(), json!("not_applicable")))
        .collect();
    assert_eq!(
        run(V2, Value::Object(every), Stage::Draft).err(),
        Some(vec!["answers.machinery nothing_applies".to_owned()])
    );
}

#[test]
fn with_an_item_not_applicable_the_guarantee_rule_converts_the_guarantee_subtotal() {
    let crane = |deducted: [f64; 4]| {
        let r = draft(json!({
            "tower_crane_multi_crane": "not_applicable",
            "tower_crane_load_limiter": deducted[0], "tower_crane_travel_limits": deducted[1],
            "tower_crane_protection": deducted[2], "tower_crane_hooks_ropes": deducted[3],
        }));
        let t = r.tables.iter().find(|t| t.section_id == "tower_crane").expect("applies").clone();
        (t.score, t.zeroed)
    };
    // 35 of the 50 applicable guarantee points are 42 of 60: the table scores (35 + 40) / 90.
    assert_eq!(crane([5.0, 5.0, 5.0, 0.0]), (83.33, false));
    // 33 of 50 are 39.6 of 60, under 40: the table scores 0.
    assert_eq!(crane([5.0, 5.0, 5.0, 2.0]), (0.0, true));
    // A guarantee item that keeps nothing zeroes the table whatever the rest.
    assert_eq!(crane([10.0, 0.0, 0.0, 0.0]), (0.0, true));
    // Without 缺项 the subtotal is the points kept: 40 of 60 pass, 39 do not.
    let plain = |hooks: f64| {
        let r = draft(
            json!({"tower_crane": true, "tower_crane_load_limiter": 5, "tower_crane_travel_limits": 5, "tower_crane_protection": 5, "tower_crane_hooks_ropes": hooks}),
        );
        table(&r, "tower_crane")
    };
    assert_eq!((plain(5.0), plain(6.0)), (80.0, 0.0));
}

/// The guarantee items of the tables that always apply, in template order.
fn always_guaranteed() -> Vec<String> {
    let body = builtin(V2);
    body.sections
        .iter()
        .filter(|s| !s.optional)
        .flat_map(|s| s.items.iter().filter(|i| i.guarantee))
        .map(|i| i.id.clone())
        .collect()
}

#[test]
fn a_jgj59_sheet_finishes_only_with_every_applicable_guarantee_item_answered() {
    let missing: Vec<String> = always_guaranteed().iter().map(|id| format!("answers.{id} required")).collect();
    assert_eq!(missing.len(), 16, "safety management 6, civilised construction 6, electricity 4");
    assert_eq!(run(V2, json!({}), Stage::Final).err(), Some(missing.clone()));
    assert_eq!(run(V1, json!({}), Stage::Final).err(), Some(missing), "version 1 sheets too");
    let mut given: Map<String, Value> = always_guaranteed().into_iter().map(|id| (id, json!(0))).collect();
    let draft = run(V2, Value::Object(given.clone()), Stage::Draft).expect("valid");
    assert!(draft.complete);
    // A table brought in needs its guarantee items too; 缺项 counts as answered.
    given.insert("tower_crane_base".into(), json!(10));
    assert_eq!(
        run(V2, Value::Object(given.clone()), Stage::Final).err(),
        Some(
            ["load_limiter", "travel_limits", "protection", "hooks_ropes", "multi_crane", "install_use"]
                .iter()
                .map(|i| format!("answers.tower_crane_{i} required"))
                .collect()
        )
    );
    for item in ["load_limiter", "travel_limits", "protection", "hooks_ropes", "install_use"] {
        given.insert(format!("tower_crane_{item}"), json!(0));
    }
    given.insert("tower_crane_multi_crane".into(), json!("not_applicable"));
    let done = run(V2, Value::Object(given), Stage::Final).expect("complete");
    assert_eq!((done.complete, table(&done, "tower_crane")), (true, 88.89));
    assert!(!run(V2, json!({}), Stage::Draft).expect("a draft may be empty").complete);
}

/// JGJ 59-2011 appendix B, 表 B.1–B.19: each table's items with their points;
/// `*` marks a guarantee item (保证项目).
const STANDARD: &[(&str, &str)] = &[
    (
        "安全管理",
        "安全生产责任制 10*、施工组织设计及专项施工方案 10*、安全技术交底 10*、安全检查 10*、安全教育 10*、应急救援 10*、分包单位安全管理 10、持证上岗 10、生产安全事故处理 10、安全标志 10",
    ),
    (
        "文明施工",
        "现场围挡 10*、封闭管理 10*、施工场地 10*、材料管理 10*、现场办公与住宿 10*、现场防火 10*、综合治理 10、公示标牌 10、生活设施 10、社区服务 10",
    ),
    (
        "扣件式钢管脚手架",
        "施工方案 10*、立杆基础 10*、架体与建筑结构拉结 10*、杆件间距与剪刀撑 10*、脚手板与防护栏杆 10*、交底与验收 10*、横向水平杆设置 10、杆件连接 10、层间防护 10、构配件材质 5、通道 5",
    ),
    (
        "门式钢管脚手架",
        "施工方案 10*、架体基础 10*、架体稳定 10*、杆件锁臂 10*、脚手板 10*、交底与验收 10*、架体防护 10、构配件材质 10、荷载 10、通道 10",
    ),
    (
        "碗扣式钢管脚手架",
        "施工方案 10*、架体基础 10*、架体稳定 10*、杆件锁件 10*、脚手板 10*、交底与验收 10*、架体防护 10、构配件材质 10、荷载 10、通道 10",
    ),
    (
        "承插型盘扣式钢管脚手架",
        "施工方案 10*、架体基础 10*、架体稳定 10*、杆件设置 10*、脚手板 10*、交底与验收 10*、架体防护 10、杆件连接 10、构配件材质 10、通道 10",
    ),
    (
        "满堂脚手架",
        "施工方案 10*、架体基础 10*、架体稳定 10*、杆件锁件 10*、脚手板 10*、交底与验收 10*、架体防护 10、构配件材质 10、荷载 10、通道 10",
    ),
    (
        "悬挑式脚手架",
        "施工方案 10*、悬挑钢梁 10*、架体稳定 10*、脚手板 10*、荷载 10*、交底与验收 10*、杆件间距 10、架体防护 10、层间防护 10、构配件材质 10",
    ),
    (
        "附着式升降脚手架",
        "施工方案 10*、安全装置 10*、架体构造 10*、附着支座 10*、架体安装 10*、架体升降 10*、检查验收 10、脚手板 10、架体防护 10、安全作业 10",
    ),
    (
        "高处作业吊篮",
        "施工方案 10*、安全装置 10*、悬挂机构 10*、钢丝绳 10*、安装作业 10*、升降作业 10*、交底与验收 10、安全防护 10、吊篮稳定 10、荷载 10",
    ),
    (
        "基坑工程",
        "施工方案 10*、基坑支护 10*、降排水 10*、基坑开挖 10*、坑边荷载 10*、安全防护 10*、基坑监测 10、支撑拆除 10、作业环境 10、应急预案 10",
    ),
    (
        "模板支架",
        "施工方案 10*、支架基础 10*、支架构造 10*、支架稳定 10*、施工荷载 10*、交底与验收 10*、杆件连接 10、底座与托撑 10、构配件材质 10、支架拆除 10",
    ),
    (
        "高处作业",
        "安全帽 10、安全网 10、安全带 10、临边防护 10、洞口防护 10、通道口防护 10、攀登作业 10、悬空作业 10、移动式操作平台 10、悬挑式物料钢平台 10",
    ),
    (
        "施工用电",
        "外电防护 10*、接地与接零保护系统 20*、配电线路 10*、配电箱与开关箱 20*、配电室与配电装置 15、现场照明 15、用电档案 10",
    ),
    (
        "物料提升机",
        "安全装置 15*、防护设施 15*、附墙架与缆风绳 10*、钢丝绳 10*、安拆、验收与使用 10*、基础与导轨架 10、动力与传动 10、通信装置 5、卷扬机操作棚 10、避雷装置 5",
    ),
    (
        "施工升降机",
        "安全装置 10*、限位装置 10*、防护设施 10*、附墙架 10*、钢丝绳、滑轮与对重 10*、安拆、验收与使用 10*、导轨架 10、基础 10、电气安全 10、通信装置 10",
    ),
    (
        "塔式起重机",
        "载荷限制装置 10*、行程限位装置 10*、保护装置 10*、吊钩、滑轮、卷筒与钢丝绳 10*、多塔作业 10*、安拆、验收与使用 10*、附着 10、基础与轨道 10、结构设施 10、电气安全 10",
    ),
    (
        "起重吊装",
        "施工方案 10*、起重机械 10*、钢丝绳与地锚 10*、索具 10*、作业环境 10*、作业人员 10*、起重吊装 10、高处作业 10、构件码放 10、警戒监护 10",
    ),
    (
        "施工机具",
        "平刨 10、圆盘锯 10、手持电动工具 8、钢筋机械 10、电焊机 10、搅拌机 10、气瓶 8、翻斗车 8、潜水泵 6、振捣器 8、桩工机械 12",
    ),
];

/// A table as `name points[*]` entries joined by `、`.
fn listed(section: &super::body::Section) -> String {
    section
        .items
        .iter()
        .map(|i| {
            let super::body::AnswerType::Deduction { max_points } = i.answer else { panic!("{} is not scored", i.id) };
            format!("{} {max_points}{}", i.prompt.zh, if i.guarantee { "*" } else { "" })
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[test]
fn the_jgj59_v2_tables_are_those_of_jgj59_2011() {
    let body = builtin(V2);
    let got: Vec<(String, String)> = body.sections.iter().map(|s| (s.title.zh.clone(), listed(s))).collect();
    let expected: Vec<(String, String)> = STANDARD.iter().map(|(t, i)| ((*t).to_owned(), (*i).to_owned())).collect();
    for (got, expected) in got.iter().zip(&expected) {
        assert_eq!(got, expected);
    }
    assert_eq!(got.len(), expected.len());
    // Version 1 had the fastener scaffold repeat the portal scaffold's items, and a
    // disk-lock scaffold with 荷载 where the standard has 杆件连接.
    let v1 = builtin(V1);
    let v1_listed = |id: &str| listed(v1.section(id).expect("table"));
    assert_eq!(v1_listed("scaffold_fastener").replace("架体与建筑结构拉结", "杆件锁臂"), v1_listed("scaffold_portal"));
    assert!(v1_listed("scaffold_disk").contains("荷载 10"));
}
