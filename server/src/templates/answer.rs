//! One answer as a device sends it, read against its item. An answer is the
//! bare value (`"pass"`, `2.4`, `"b"`) or an object
//! `{"value": 2.4, "unit": "m", "photos": ["<sha256>"], "note": "..."}`.
//! A JGJ 59 deduction item may also be answered `"not_applicable"` (缺项).

use serde_json::{Map, Value};

use super::body::{AnswerType, Item};
use crate::error::Reason;

/// An answer's value, checked against its item's answer type.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    /// Pass (`true`) or fail.
    Pass(bool),
    /// A number in the item's unit.
    Number(f64),
    /// The option chosen.
    Choice(String),
    /// Free text.
    Text(String),
    /// Grade `a`–`d`, as 0–3.
    Grade(u8),
    /// Points deducted.
    Deduction(f64),
    /// JGJ 59 缺项: the item does not apply to the site and is left out of
    /// its table's score.
    NotApplicable,
}

/// The value that answers a JGJ 59 item as not applicable (缺项).
pub const NOT_APPLICABLE: &str = "not_applicable";

/// A readable answer: its value and the photos it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The value.
    pub value: Typed,
    /// SHA-256 hashes of its photos.
    pub photos: Vec<String>,
}

fn rule(code: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Reason {
    Reason::Rule { code, en: en.into(), zh: zh.into() }
}

/// Whether a text is a SHA-256 in hex, as photos are addressed.
pub use crate::blobs::sha256::is_photo_name as is_sha256;

/// The photo hashes of an answer's `photos` list.
pub fn photos(list: Option<&Value>) -> Result<Vec<String>, Reason> {
    let bad = || {
        rule(
            "invalid_photos",
            "photos is a list of SHA-256 hashes in lower-case hex.",
            "photos 应为小写十六进制 SHA-256 列表。",
        )
    };
    match list {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            items.iter().map(|v| v.as_str().filter(|t| is_sha256(t)).map(str::to_owned).ok_or_else(bad)).collect()
        }
        Some(_) => Err(bad()),
    }
}

/// Reads an answer to `item`: its type, unit, range, option or length.
pub fn read(item: &Item, raw: &Value) -> Result<Answer, Reason> {
    let (value, unit, photos) = match raw {
        Value::Object(fields) => split(fields)?,
        bare => (bare, None, Vec::new()),
    };
    let value = match (&item.answer, value.as_str()) {
        (AnswerType::Deduction { .. }, Some(NOT_APPLICABLE)) if unit.is_none() => not_applicable(item)?,
        _ => typed(&item.answer, value, unit)?,
    };
    Ok(Answer { value, photos })
}

/// JGJ 59 §4.0.1: guarantee items are all checked, so only a general item,
/// or a guarantee item the template marks `may_not_apply`, can be 缺项.
fn not_applicable(item: &Item) -> Result<Typed, Reason> {
    if item.guarantee && !item.may_not_apply {
        return Err(rule(
            "must_apply",
            "A guarantee item is always checked; it cannot be not applicable.",
            "保证项目应全数检查，不能作缺项。",
        ));
    }
    Ok(Typed::NotApplicable)
}

type Parts<'a> = (&'a Value, Option<&'a str>, Vec<String>);

fn split(fields: &Map<String, Value>) -> Result<Parts<'_>, Reason> {
    if let Some(key) = fields.keys().find(|k| !["value", "unit", "photos", "note"].contains(&k.as_str())) {
        return Err(rule(
            "unknown_key",
            format!("Unknown key {key} in the answer."),
            format!("答案中有未知字段 {key}。"),
        ));
    }
    let value = fields.get("value").ok_or(Reason::Required)?;
    let unit = match fields.get("unit") {
        None | Some(Value::Null) => None,
        Some(Value::String(unit)) => Some(unit.as_str()),
        Some(_) => return Err(Reason::Invalid),
    };
    if fields.get("note").is_some_and(|n| !n.is_string() && !n.is_null()) {
        return Err(Reason::Invalid);
    }
    Ok((value, unit, photos(fields.get("photos"))?))
}

fn typed(kind: &AnswerType, value: &Value, unit: Option<&str>) -> Result<Typed, Reason> {
    if let Some(unit) = unit {
        match kind {
            AnswerType::Number { unit: expected, .. } if expected == unit => {}
            AnswerType::Number { unit: expected, .. } => {
                return Err(rule(
                    "wrong_unit",
                    format!("Give the value in {expected}."),
                    format!("请以 {expected} 为单位填写。"),
                ));
            }
            _ => return Err(rule("wrong_unit", "This answer has no unit.", "该答案没有单位。")),
        }
    }
    match kind {
        AnswerType::PassFail => match value.as_str() {
            Some("pass") => Ok(Typed::Pass(true)),
            Some("fail") => Ok(Typed::Pass(false)),
            _ => Err(rule("wrong_type", "Answer pass or fail.", "请回答 pass 或 fail。")),
        },
        AnswerType::Number { min, max, unit, .. } => {
            let n = number(value)?;
            in_range(n, *min, *max, unit)?;
            Ok(Typed::Number(n))
        }
        AnswerType::Choice { options } => {
            let chosen = value.as_str().filter(|v| options.iter().any(|o| o.value == *v));
            chosen.map(|v| Typed::Choice(v.to_owned())).ok_or_else(|| {
                let list: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
                rule(
                    "not_allowed",
                    format!("Must be one of: {}.", list.join(", ")),
                    format!("必须是以下之一：{}。", list.join("、")),
                )
            })
        }
        AnswerType::Text { max_length } => {
            let text = value.as_str().ok_or_else(|| rule("wrong_type", "Answer with a text.", "请填写文字。"))?;
            if text.chars().count() > *max_length {
                return Err(Reason::TooLong { max: *max_length });
            }
            Ok(Typed::Text(text.to_owned()))
        }
        AnswerType::Grade => match value.as_str() {
            Some(g @ ("a" | "b" | "c" | "d")) => Ok(Typed::Grade(g.as_bytes()[0] - b'a')),
            _ => Err(rule("wrong_type", "Answer a grade a, b, c or d.", "请填写等级 a、b、c 或 d。")),
        },
        AnswerType::Deduction { max_points } => {
            let n = number(value)?;
            in_range(n, 0.0, *max_points, "points")?;
            Ok(Typed::Deduction(n))
        }
    }
}

fn number(value: &Value) -> Result<f64, Reason> {
    value.as_f64().filter(|n| n.is_finite()).ok_or_else(|| rule("wrong_type", "Answer with a number.", "请填写数字。"))
}

fn in_range(n: f64, min: f64, max: f64, unit: &str) -> Result<(), Reason> {
    if n < min || n > max {
        return Err(rule(
            "out_of_range",
            format!("Must be between {min} and {max} {unit}."),
            format!("必须在 {min} 与 {max} {unit} 之间。"),
        ));
    }
    Ok(())
}
