//! The audit trail in words: what was done to the record ("Inspection
//! finished"), and its details as a reader says them ("Changed: conclusion,
//! 裸露土方及易扬尘物料100%覆盖"; "Grade D, now the household's grade"),
//! with the template's item names, never the stored JSON or field ids.

use serde_json::Value;

use super::text::Text;
use crate::templates::body::TemplateBody;

/// What an entry did, in words.
pub fn action(t: &Text, record_type: &str, action: &str) -> String {
    t.audit_action(&format!("{record_type}.{action}"))
}

/// An entry's details, in words; `template` names the answers' items.
pub fn details(t: &Text, detail: &str, template: Option<&TemplateBody>) -> String {
    let Ok(Value::Object(detail)) = serde_json::from_str::<Value>(detail) else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(fields) = detail.get("fields").and_then(Value::as_array) {
        let names: Vec<String> = fields.iter().filter_map(Value::as_str).map(|f| field(t, f, template)).collect();
        parts.push(format!("{}{}{}", t.audit_changed, t.colon, names.join(t.list_separator)));
    }
    if let Some(name) = detail.get("field").and_then(Value::as_str) {
        let (kept, refused) = (shown(detail.get("kept")), shown(detail.get("rejected")));
        parts.push(format!("{}{}{}", field(t, name, template), t.colon, t.audit_conflict(&kept, &refused)));
    }
    if let Some(grade) = detail.get("grade").and_then(Value::as_str) {
        parts.push(format!("{}{}{grade}", t.grade, t.colon));
    }
    if let Some(effect) = detail.get("household_grade").and_then(Value::as_str) {
        parts.push(t.grade_effect(effect));
    }
    if let Some(decision) = detail.get("decision").and_then(Value::as_str) {
        parts.push(t.appraisal_decision(decision));
    }
    if let Some(comment) = detail.get("comment").and_then(Value::as_str).filter(|c| !c.is_empty()) {
        parts.push(comment.to_owned());
    }
    parts.join(t.sentence_separator)
}

/// A changed field's name: the template's item for an answer, else the field's.
fn field(t: &Text, name: &str, template: Option<&TemplateBody>) -> String {
    if let Some(item) = name.strip_prefix("answers.") {
        return template
            .and_then(|body| body.item(item))
            .map(|(_, i)| t.lang.pick(&i.prompt.en, &i.prompt.zh).to_owned())
            .unwrap_or_else(|| t.audit_field("answers"));
    }
    if name.starts_with("findings.") {
        return t.audit_field("findings");
    }
    t.audit_field(name)
}

/// A value as a reader sees it: text without quotes, nothing as a dash.
fn shown(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "—".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::text::{EN, ZH};

    #[test]
    fn details_are_words_not_json() {
        let finish = r#"{"grade":"D","household_grade":"current","client_id":"0193","mutation_id":4}"#;
        assert_eq!(details(&ZH, finish, None), "等级：D；成为该户现行等级");
        assert_eq!(details(&EN, finish, None), "Grade: D; now the household's grade");
        let update = r#"{"fields":["conclusion","findings.0193","photos"],"client_id":"0193","mutation_id":5}"#;
        assert_eq!(details(&ZH, update, None), "修改：结论、发现的问题、照片");
        let conflict = r#"{"field":"notes","kept":"东侧","rejected":null}"#;
        assert_eq!(details(&EN, conflict, None), "Notes: kept “东侧”, not “—”");
        assert_eq!(details(&EN, "not json", None), "");
        assert_eq!(action(&ZH, "inspection", "finish"), "完成检查");
    }
}
