//! What a notice says: the findings it cites, the legal basis, the actions
//! required, a penalty; and what the addressee answers.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::kind::NoticeKind;
use crate::{blobs::sha256::is_photo_name, error::Reason, http::validate::Check, money::Fen};

/// Longest free text accepted in a notice field.
pub const MAX_TEXT: usize = 10_000;
/// Most findings one notice cites.
pub const MAX_FINDINGS: usize = 200;
/// Most photos per finding or answer.
pub const MAX_PHOTOS: usize = 50;
/// Longest description of sealed equipment.
pub const MAX_EQUIPMENT: usize = 500;

/// A finding the notice cites.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CitedFinding {
    /// The inspection's finding (its device-made id), if it came from one.
    #[serde(default)]
    pub finding_id: Option<Uuid>,
    /// The checklist item, if any.
    #[serde(default)]
    pub item_id: Option<String>,
    /// What is wrong.
    #[serde(default)]
    pub text: String,
    /// Exactly where (building, floor, axis...).
    #[serde(default)]
    pub location: String,
    /// The clause violated.
    #[serde(default)]
    pub clause: String,
    /// Photos, by SHA-256 (hex).
    #[serde(default)]
    pub photos: Vec<String>,
}

/// The body of a notice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NoticeContent {
    /// The findings cited.
    #[serde(default)]
    pub findings: Vec<CitedFinding>,
    /// Laws and standards the order rests on.
    #[serde(default)]
    pub legal_basis: String,
    /// What the addressee must do.
    #[serde(default)]
    pub required_actions: String,
    /// Penalty in yuan, as a decimal string (`case_filed` only), e.g. `"20000.00"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty_amount: Option<String>,
    /// "Within N days": the deadline is counted from the day of issue (see
    /// the bureau's calendar), unless the notice gives a `deadline` date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_days: Option<u32>,
    /// A second officer, for kinds that need two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_officer_id: Option<Uuid>,
    /// What a sealing order seals (`equipment_sealed`): the machine and its
    /// identification, e.g. "QTZ80 塔式起重机（备案号 冀 T-0021）".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sealed_equipment: String,
}

/// The addressee's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Response {
    /// The rectification report.
    pub text: String,
    /// Evidence photos, by SHA-256 (hex).
    #[serde(default)]
    pub photos: Vec<String>,
}

fn check_text(check: &mut Check, field: &str, text: &str) {
    if text.chars().count() > MAX_TEXT {
        check.fail(field, Reason::TooLong { max: MAX_TEXT });
    }
}

/// Checks a list of photo hashes.
pub fn check_photos(check: &mut Check, field: &str, photos: &[String]) {
    if photos.len() > MAX_PHOTOS {
        check.fail(
            field,
            Reason::Rule {
                code: "too_many",
                en: format!("At most {MAX_PHOTOS} photos."),
                zh: format!("最多 {MAX_PHOTOS} 张照片。"),
            },
        );
    }
    for (i, hash) in photos.iter().enumerate() {
        if !is_photo_name(hash) {
            check.fail(
                &format!("{field}[{i}]"),
                Reason::Rule {
                    code: "not_sha256",
                    en: "A photo is named by the SHA-256 of its bytes, 64 lowercase hex digits.".into(),
                    zh: "照片须以其内容的 SHA-256 标识（64 位小写十六进制）。".into(),
                },
            );
        }
    }
}

impl NoticeContent {
    /// Checks the content; `penalty` says whether the kind carries a penalty.
    pub fn check(&self, check: &mut Check, penalty: bool) {
        if self.findings.len() > MAX_FINDINGS {
            check.fail(
                "findings",
                Reason::Rule {
                    code: "too_many",
                    en: format!("At most {MAX_FINDINGS} findings."),
                    zh: format!("最多 {MAX_FINDINGS} 条问题。"),
                },
            );
        }
        for (i, finding) in self.findings.iter().enumerate() {
            for (name, text) in [("text", &finding.text), ("location", &finding.location), ("clause", &finding.clause)]
            {
                check_text(check, &format!("findings[{i}].{name}"), text);
            }
            check_photos(check, &format!("findings[{i}].photos"), &finding.photos);
        }
        check_text(check, "legal_basis", &self.legal_basis);
        check_text(check, "required_actions", &self.required_actions);
        if self.sealed_equipment.chars().count() > MAX_EQUIPMENT {
            check.fail("sealed_equipment", Reason::TooLong { max: MAX_EQUIPMENT });
        }
        match (&self.penalty_amount, penalty) {
            (Some(amount), true) if Fen::parse(amount).is_none() => check.fail("penalty_amount", Reason::Invalid),
            (Some(_), false) => check.fail("penalty_amount", Reason::Invalid),
            _ => {}
        }
    }

    /// What must be present before a notice of `kind` is issued.
    pub fn check_complete(&self, check: &mut Check, kind: NoticeKind) {
        if self.findings.is_empty() {
            check.fail("findings", Reason::Required);
        }
        if self.required_actions.trim().is_empty() {
            check.fail("required_actions", Reason::Required);
        }
        if kind == NoticeKind::CaseFiled && self.penalty_amount.is_none() {
            check.fail("penalty_amount", Reason::Required);
        }
        if kind == NoticeKind::EquipmentSealed && self.sealed_equipment.trim().is_empty() {
            check.fail("sealed_equipment", Reason::Required);
        }
    }

    /// Every photo the notice cites.
    pub fn photos(&self) -> impl Iterator<Item = &String> {
        self.findings.iter().flat_map(|f| f.photos.iter())
    }
}

impl Response {
    /// Checks an answer.
    pub fn check(&self, check: &mut Check) {
        if self.text.trim().is_empty() {
            check.fail("text", Reason::Required);
        }
        check_text(check, "text", &self.text);
        check_photos(check, "photos", &self.photos);
    }
}
