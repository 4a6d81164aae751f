//! The rules a template body must follow before it is published: unique
//! stable ids, sane ranges, weights and points that add up, and answer types
//! that fit the scoring. Every broken rule is reported, with its path.

use std::collections::HashSet;

use super::body::{AnswerType, Scoring, TemplateBody, Text};
use crate::error::{FieldError, Reason};

/// Longest id of a section, item or category.
const MAX_ID: usize = 64;
/// Points of one JGJ 59 check table.
const TABLE_POINTS: f64 = 100.0;
/// Guarantee points below which a JGJ 59 table scores nothing.
pub const GUARANTEE_FLOOR: f64 = 40.0;
const EPSILON: f64 = 1e-6;

/// Whether a text is a well-formed stable id (of a section, item, option,
/// category or template code): 1–64 of `a-z`, `0-9` and `_`.
pub fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_ID
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn rule(code: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Reason {
    Reason::Rule { code, en: en.into(), zh: zh.into() }
}

/// Collects the broken rules under `body.`.
struct Problems(Vec<FieldError>);

impl Problems {
    fn add(&mut self, path: String, reason: Reason) {
        self.0.push(FieldError::new(format!("body.{path}"), reason));
    }

    fn text(&mut self, path: String, text: &Text) {
        if text.zh.trim().is_empty() || text.en.trim().is_empty() {
            self.add(
                path,
                rule("missing_translation", "Needs both a Chinese and an English text.", "需同时提供中文和英文。"),
            );
        }
    }

    fn id(&mut self, path: String, id: &str, seen: &mut HashSet<String>) {
        if !is_id(id) {
            self.add(
                path,
                rule(
                    "invalid_id",
                    "Ids are 1–64 characters of a–z, 0–9 and _.",
                    "编号应为 1–64 个 a–z、0–9 或 _ 字符。",
                ),
            );
        } else if !seen.insert(id.to_owned()) {
            self.add(path, rule("duplicate_id", format!("The id {id} is used twice."), format!("编号 {id} 重复。")));
        }
    }
}

/// Checks a body; `Ok` when it may be published.
pub fn check(body: &TemplateBody) -> Result<(), Vec<FieldError>> {
    let mut p = Problems(Vec::new());
    p.text("title".into(), &body.title);
    if body.sections.is_empty() {
        p.add("sections".into(), Reason::Required);
    }
    let mut ids = HashSet::new();
    for (s, section) in body.sections.iter().enumerate() {
        p.id(format!("sections[{s}].id"), &section.id, &mut ids);
        p.text(format!("sections[{s}].title"), &section.title);
        if section.items.is_empty() {
            p.add(format!("sections[{s}].items"), Reason::Required);
        }
        for (i, item) in section.items.iter().enumerate() {
            let at = format!("sections[{s}].items[{i}]");
            p.id(format!("{at}.id"), &item.id, &mut ids);
            p.text(format!("{at}.prompt"), &item.prompt);
            check_answer(&mut p, body, &at, &item.answer);
        }
    }
    match body.scoring {
        Scoring::Jgj59 => check_jgj59(&mut p, body),
        Scoring::RuralAppraisal => check_rural(&mut p, body),
        Scoring::PassFail => {}
    }
    check_flags(&mut p, body);
    if p.0.is_empty() { Ok(()) } else { Err(p.0) }
}

fn check_answer(p: &mut Problems, body: &TemplateBody, at: &str, answer: &AnswerType) {
    let path = format!("{at}.answer");
    match answer {
        AnswerType::Number { unit, min, max, pass_min, pass_min_when, pass_max } => {
            if unit.trim().is_empty() {
                p.add(format!("{path}.unit"), Reason::Required);
            }
            let limits = pass_min.iter().chain(pass_max).copied().chain(pass_min_when.iter().map(|c| c.min));
            if !(min.is_finite() && max.is_finite() && min < max) {
                p.add(format!("{path}.max"), rule("bad_range", "min must be below max.", "最小值必须小于最大值。"));
            } else if limits.into_iter().any(|limit| !(limit >= *min && limit <= *max)) {
                p.add(
                    path.clone(),
                    rule(
                        "bad_range",
                        "Pass limits must lie between min and max.",
                        "合格界限必须在最小值与最大值之间。",
                    ),
                );
            }
            for (c, condition) in pass_min_when.iter().enumerate() {
                let fits = body.item(&condition.item).is_some_and(|(_, other)| {
                    matches!(&other.answer, AnswerType::Choice { options } if options.iter().any(|o| o.value == condition.equals))
                });
                if !fits {
                    p.add(
                        format!("{path}.pass_min_when[{c}]"),
                        rule(
                            "unknown_option",
                            "Must name a choice item and one of its options.",
                            "必须指向一个选择项及其选项。",
                        ),
                    );
                }
            }
        }
        AnswerType::Choice { options } => {
            let mut values = HashSet::new();
            if options.len() < 2 {
                p.add(
                    format!("{path}.options"),
                    rule("too_few_options", "A choice needs two options or more.", "选择项至少需要两个选项。"),
                );
            }
            for (o, option) in options.iter().enumerate() {
                p.id(format!("{path}.options[{o}].value"), &option.value, &mut values);
                p.text(format!("{path}.options[{o}].label"), &option.label);
            }
        }
        AnswerType::Text { max_length } if !(1..=10_000).contains(max_length) => {
            p.add(format!("{path}.max_length"), rule("bad_range", "Between 1 and 10000.", "必须在 1 与 10000 之间。"));
        }
        AnswerType::Deduction { max_points } if !(*max_points > 0.0 && *max_points <= TABLE_POINTS) => {
            p.add(
                format!("{path}.max_points"),
                rule("bad_range", "Between 0 and 100 points.", "分值必须在 0 与 100 之间。"),
            );
        }
        _ => {}
    }
}

fn check_jgj59(p: &mut Problems, body: &TemplateBody) {
    let mut ids = HashSet::new();
    let mut total = 0.0;
    if body.categories.is_empty() {
        p.add("categories".into(), Reason::Required);
    }
    for (c, category) in body.categories.iter().enumerate() {
        p.id(format!("categories[{c}].id"), &category.id, &mut ids);
        p.text(format!("categories[{c}].title"), &category.title);
        if category.weight.is_nan() || category.weight <= 0.0 {
            p.add(format!("categories[{c}].weight"), rule("bad_range", "A weight is above 0.", "权重必须大于 0。"));
        }
        if !body.sections.iter().any(|s| s.category.as_deref() == Some(category.id.as_str())) {
            p.add(
                format!("categories[{c}]"),
                rule("empty_category", "No section counts in this category.", "该分类下没有检查表。"),
            );
        }
        total += category.weight;
    }
    if (total - TABLE_POINTS).abs() > EPSILON {
        p.add(
            "categories".into(),
            rule(
                "bad_weights",
                format!("Weights add up to {total}, not 100."),
                format!("权重合计为 {total}，应为 100。"),
            ),
        );
    }
    for (s, section) in body.sections.iter().enumerate() {
        if !section.category.as_ref().is_some_and(|c| ids.contains(c)) {
            p.add(format!("sections[{s}].category"), Reason::NotFound);
        }
        let points = |guarantee: Option<bool>| -> f64 {
            section
                .items
                .iter()
                .filter(|i| guarantee.is_none_or(|g| i.guarantee == g))
                .map(|i| if let AnswerType::Deduction { max_points } = i.answer { max_points } else { 0.0 })
                .sum()
        };
        if (points(None) - TABLE_POINTS).abs() > EPSILON {
            p.add(
                format!("sections[{s}].items"),
                rule("bad_points", "The items' points add up to 100.", "各项分值合计应为 100。"),
            );
        }
        let has_guarantee = section.items.iter().any(|i| i.guarantee);
        if has_guarantee && points(Some(true)) < GUARANTEE_FLOOR {
            p.add(
                format!("sections[{s}].items"),
                rule("bad_points", "Guarantee items, if any, hold 40 points or more.", "保证项目分值合计不应低于 40。"),
            );
        }
    }
}

fn check_rural(p: &mut Problems, body: &TemplateBody) {
    let items: Vec<_> = body.items().map(|(_, i)| i).collect();
    if !items.iter().any(|i| i.site_danger) {
        p.add(
            "sections".into(),
            rule("no_site_danger", "A rural appraisal needs a site danger item.", "农房鉴定需包含场地危险性检查项。"),
        );
    }
    if !items.iter().any(|i| i.component) {
        p.add(
            "sections".into(),
            rule("no_components", "A rural appraisal needs component grade items.", "农房鉴定需包含构件等级项。"),
        );
    }
}

/// Flags that only make sense with a scoring or an answer type.
fn check_flags(p: &mut Problems, body: &TemplateBody) {
    if body.scoring != Scoring::Jgj59 && !body.categories.is_empty() {
        p.add(
            "categories".into(),
            rule("not_for_scoring", "Only JGJ 59 scoring has categories.", "仅 JGJ 59 评分使用分类。"),
        );
    }
    for (s, section) in body.sections.iter().enumerate() {
        for (i, item) in section.items.iter().enumerate() {
            let at = format!("sections[{s}].items[{i}]");
            let deduction = matches!(item.answer, AnswerType::Deduction { .. });
            let misplaced = (deduction && body.scoring != Scoring::Jgj59)
                || (item.guarantee && !deduction)
                || (item.may_not_apply && !item.guarantee)
                || (item.site_danger
                    && !(body.scoring == Scoring::RuralAppraisal && item.answer == AnswerType::PassFail))
                || (item.component && !(body.scoring == Scoring::RuralAppraisal && item.answer == AnswerType::Grade));
            if misplaced {
                p.add(
                    at,
                    rule(
                        "not_for_scoring",
                        "This answer type or flag does not fit the template's scoring.",
                        "该答案类型或标记与模板评分方式不符。",
                    ),
                );
            }
        }
    }
}
