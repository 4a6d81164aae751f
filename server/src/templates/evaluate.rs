//! Answers checked against their template, and the result computed: pure
//! functions, the same on every call, so a device could run them too.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{
    answer::{self, Answer, Typed},
    body::{AnswerType, Item, Scoring, Section, Severity, TemplateBody},
    score,
};
use crate::error::{FieldError, Reason};

/// How complete the answers must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// A draft: answers may be missing; those given must be valid.
    Draft,
    /// Finishing: every required item (and, for JGJ 59, every guarantee
    /// item) of every applicable section answered.
    Final,
}

/// An item that failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailedItem {
    /// The item.
    pub item_id: String,
    /// How serious (default `major`).
    pub severity: Severity,
}

/// The score of one JGJ 59 check table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableScore {
    /// The section.
    pub section_id: String,
    /// Out of 100, after the guarantee rule.
    pub score: f64,
    /// Scored 0 because a guarantee item scored 0 or guarantee items totalled under 40.
    pub zeroed: bool,
}

/// The score of one JGJ 59 summary category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// The category.
    pub category_id: String,
    /// Average of its tables, out of 100.
    pub score: f64,
    /// Its weight.
    pub weight: f64,
    /// Points in the total before rescaling: `score × weight / 100`.
    pub points: f64,
}

/// The result of an inspection's answers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Evaluation {
    /// Every required item (JGJ 59: every guarantee item) of every
    /// applicable section is answered.
    pub complete: bool,
    /// Dust control `pass`/`fail`; JGJ 59 `good`/`pass`/`fail`; rural `A`–`D`.
    pub grade: Option<String>,
    /// JGJ 59: the total out of 100, rescaled over the applicable categories.
    pub score: Option<f64>,
    /// The items that failed, in template order.
    pub failed: Vec<FailedItem>,
    /// JGJ 59: the applicable tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableScore>,
    /// JGJ 59: the applicable categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<CategoryScore>,
    /// Rural: the renovation the grade calls for (`repair_reinforce`, `demolish_rebuild`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renovation: Option<String>,
}

/// The read answers of the applicable sections, by item id.
pub type Answers = BTreeMap<String, Answer>;

fn rule(code: &'static str, en: &str, zh: &str) -> Reason {
    Reason::Rule { code, en: en.into(), zh: zh.into() }
}

/// Checks `answers` (item id → answer, or an optional section's id →
/// `true`/`false`) against the template and computes the result; errors
/// name the field `answers.<id>`.
pub fn evaluate(
    body: &TemplateBody,
    answers: &Map<String, Value>,
    stage: Stage,
) -> Result<Evaluation, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |id: &str, reason: Reason| errors.push(FieldError::new(format!("answers.{id}"), reason));
    for (id, value) in answers.iter().filter(|(_, v)| !v.is_null()) {
        match (body.section(id), body.item(id)) {
            (Some(section), _) if section.optional && value.is_boolean() => {}
            (Some(_), _) => fail(
                id,
                rule(
                    "not_optional",
                    "Only an optional section is switched on or off, with true or false.",
                    "只有可选检查表可用 true 或 false 开关。",
                ),
            ),
            (None, None) => fail(id, rule("unknown_item", "The template has no such item.", "模板中没有此检查项。")),
            (None, Some(_)) => {}
        }
    }
    // A dangerous site makes the house D at once: its components need no grades.
    let dangerous_site = body.items().any(|(_, item)| {
        let answer = answers.get(&item.id).and_then(|raw| answer::read(item, raw).ok());
        item.site_danger && answer.is_some_and(|a| a.value == Typed::Pass(false))
    });
    let mut read = Answers::new();
    let mut applicable = Vec::new();
    let mut complete = true;
    for section in &body.sections {
        let applies = applies(section, answers);
        for item in &section.items {
            let raw = answers.get(&item.id).filter(|v| !v.is_null());
            match (applies, raw) {
                (false, Some(_)) => fail(
                    &item.id,
                    rule("not_applicable", "The section is marked not applicable.", "该检查表已标记为不适用。"),
                ),
                (false, None) => {}
                (true, None) => {
                    if required(body, item) && !(dangerous_site && item.component) {
                        complete = false;
                        if stage == Stage::Final {
                            fail(&item.id, Reason::Required);
                        }
                    }
                }
                (true, Some(raw)) => match answer::read(item, raw) {
                    Ok(answer) => {
                        read.insert(item.id.clone(), answer);
                    }
                    Err(reason) => fail(&item.id, reason),
                },
            }
        }
        if applies {
            if body.scoring == Scoring::Jgj59 && nothing_applies(section, &read) {
                fail(
                    &section.id,
                    rule(
                        "nothing_applies",
                        "Every item of this table is not applicable: leave the table out instead.",
                        "该检查表各项均为缺项，应整表不适用（缺表）。",
                    ),
                );
            }
            applicable.push(section);
        }
    }
    let mut failed = Vec::new();
    for item in applicable.iter().flat_map(|s| &s.items) {
        let Some(answer) = read.get(&item.id) else { continue };
        if !fails(item, answer, &read) {
            continue;
        }
        if item.photo_required && answer.photos.is_empty() {
            fail(
                &item.id,
                rule("photo_required", "A failed answer to this item needs a photo.", "此项不合格时须附照片。"),
            );
        }
        failed.push(FailedItem { item_id: item.id.clone(), severity: item.severity.unwrap_or(Severity::Major) });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut evaluation = match body.scoring {
        Scoring::PassFail => score::pass_fail(&failed, complete),
        Scoring::Jgj59 => score::jgj59(body, &applicable, &read),
        Scoring::RuralAppraisal => score::rural(&applicable, &read),
    };
    evaluation.complete = complete;
    evaluation.failed = failed;
    Ok(evaluation)
}

/// Whether a section counts: always, unless optional and switched off or untouched.
fn applies(section: &Section, answers: &Map<String, Value>) -> bool {
    if !section.optional {
        return true;
    }
    match answers.get(&section.id).and_then(Value::as_bool) {
        Some(on) => on,
        None => section.items.iter().any(|i| answers.get(&i.id).is_some_and(|v| !v.is_null())),
    }
}

/// Whether an item must be answered before finishing: a required item, and
/// every JGJ 59 guarantee item (保证项目应全数检查, JGJ 59-2011 §4.0.1): an
/// unanswered deduction item would otherwise score full marks.
fn required(body: &TemplateBody, item: &Item) -> bool {
    item.required || (body.scoring == Scoring::Jgj59 && item.guarantee)
}

/// Whether every item of a JGJ 59 table is answered not applicable.
fn nothing_applies(section: &Section, read: &Answers) -> bool {
    section.items.iter().all(|i| read.get(&i.id).is_some_and(|a| a.value == Typed::NotApplicable))
}

/// Whether an answer fails its item.
fn fails(item: &Item, answer: &Answer, all: &Answers) -> bool {
    match (&item.answer, &answer.value) {
        (_, Typed::Pass(pass)) => !pass,
        (AnswerType::Number { pass_min, pass_min_when, pass_max, .. }, Typed::Number(n)) => {
            let condition = pass_min_when
                .iter()
                .find(|c| all.get(&c.item).is_some_and(|a| matches!(&a.value, Typed::Choice(v) if *v == c.equals)));
            let floor = condition.map(|c| c.min).or(*pass_min);
            floor.is_some_and(|f| *n < f) || pass_max.is_some_and(|m| *n > m)
        }
        (AnswerType::Choice { options }, Typed::Choice(value)) => options.iter().any(|o| o.value == *value && o.fails),
        (_, Typed::Grade(grade)) => *grade >= 2,
        (_, Typed::Deduction(points)) => *points > 0.0,
        _ => false,
    }
}
