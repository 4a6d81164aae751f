//! Findings: what an inspector found wrong, each with a stable id made on
//! the device, so a notice can cite it. Stored with the inspection.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    error::{FieldError, Reason},
    templates::{TemplateBody, answer, body::Severity},
};

/// Longest finding text.
pub const MAX_TEXT: usize = 2_000;
/// Longest location.
pub const MAX_LOCATION: usize = 300;
/// Most findings one inspection holds.
pub const MAX_FINDINGS: usize = 200;
/// Most photos one finding holds.
pub const MAX_PHOTOS: usize = 20;

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Id made by the device (UUID); notices cite it.
    pub id: Uuid,
    /// The checklist item it concerns, if any.
    #[serde(default)]
    pub item_id: Option<String>,
    /// `minor`, `major` or `critical`.
    pub severity: Severity,
    /// What was found.
    pub text: String,
    /// Where exactly (e.g. "east gate, 2nd floor").
    #[serde(default)]
    pub location: String,
    /// SHA-256 hashes (lower-case hex) of its photos.
    #[serde(default)]
    pub photos: Vec<String>,
}

fn rule(code: &'static str, en: &str, zh: &str) -> Reason {
    Reason::Rule { code, en: en.into(), zh: zh.into() }
}

/// Checks findings against the template; errors name `findings[<i>].<field>`.
pub fn check(findings: &[Finding], template: Option<&TemplateBody>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if findings.len() > MAX_FINDINGS {
        let reason = Reason::Rule {
            code: "too_many",
            en: format!("At most {MAX_FINDINGS} findings."),
            zh: format!("最多 {MAX_FINDINGS} 条问题。"),
        };
        errors.push(FieldError::new("findings", reason));
    }
    let mut ids = std::collections::HashSet::new();
    for (i, finding) in findings.iter().enumerate() {
        let mut fail =
            |field: &str, reason: Reason| errors.push(FieldError::new(format!("findings[{i}].{field}"), reason));
        if !ids.insert(finding.id) {
            fail("id", Reason::Taken);
        }
        let unknown = finding.item_id.as_deref().is_some_and(|item| template.is_some_and(|t| t.item(item).is_none()));
        if unknown {
            fail("item_id", rule("unknown_item", "The template has no such item.", "模板中没有此检查项。"));
        }
        if finding.text.trim().is_empty() {
            fail("text", Reason::Required);
        } else if finding.text.chars().count() > MAX_TEXT {
            fail("text", Reason::TooLong { max: MAX_TEXT });
        }
        if finding.location.chars().count() > MAX_LOCATION {
            fail("location", Reason::TooLong { max: MAX_LOCATION });
        }
        if finding.photos.len() > MAX_PHOTOS || !finding.photos.iter().all(|p| answer::is_sha256(p)) {
            let reason = rule(
                "invalid_photos",
                "photos is a list of at most 20 SHA-256 hashes in lower-case hex.",
                "photos 应为最多 20 个小写十六进制 SHA-256。",
            );
            fail("photos", reason);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_finding_rule_can_fail() {
        let template: TemplateBody =
            serde_json::from_value(json!({"title": {"zh": "t", "en": "t"}, "scoring": "pass_fail", "sections": [
                {"id": "s", "title": {"zh": "s", "en": "s"}, "items": [{"id": "ok", "prompt": {"zh": "o", "en": "o"}, "answer": {"type": "pass_fail"}}]}
            ]}))
            .expect("template");
        let good = Finding {
            id: Uuid::from_u128(1),
            item_id: Some("ok".into()),
            severity: Severity::Major,
            text: "No wash trough".into(),
            location: "East gate".into(),
            photos: vec!["a".repeat(64)],
        };
        let cases: Vec<(Finding, &str)> = vec![
            (Finding { item_id: Some("nope".into()), ..good.clone() }, "findings[1].item_id"),
            (Finding { text: " ".into(), ..good.clone() }, "findings[1].text"),
            (Finding { text: "x".repeat(MAX_TEXT + 1), ..good.clone() }, "findings[1].text"),
            (Finding { location: "x".repeat(MAX_LOCATION + 1), ..good.clone() }, "findings[1].location"),
            (Finding { photos: vec!["A".repeat(64)], ..good.clone() }, "findings[1].photos"),
            (Finding { id: good.id, ..good.clone() }, "findings[1].id"),
        ];
        assert!(check(std::slice::from_ref(&good), Some(&template)).is_empty());
        for (bad, field) in cases {
            let mut list = vec![good.clone(), bad];
            if field != "findings[1].id" {
                list[1].id = Uuid::from_u128(2);
            }
            let fields: Vec<String> = check(&list, Some(&template)).into_iter().map(|e| e.field).collect();
            assert_eq!(fields, [field]);
        }
    }
}
