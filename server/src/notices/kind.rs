//! The kinds of notice, from a plain rectification order to a case filed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a notice orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// Rectify within a deadline (限期整改).
    Rectification,
    /// Stop work and rectify (停工整改).
    StopWork,
    /// Equipment sealed (设备查封).
    EquipmentSealed,
    /// Summons to the bureau (约谈).
    Summons,
    /// Case filed, with a penalty (立案处罚).
    CaseFiled,
}

impl NoticeKind {
    /// Every kind.
    pub const ALL: [NoticeKind; 5] = [
        NoticeKind::Rectification,
        NoticeKind::StopWork,
        NoticeKind::EquipmentSealed,
        NoticeKind::Summons,
        NoticeKind::CaseFiled,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Rectification => "rectification",
            NoticeKind::StopWork => "stop_work",
            NoticeKind::EquipmentSealed => "equipment_sealed",
            NoticeKind::Summons => "summons",
            NoticeKind::CaseFiled => "case_filed",
        }
    }

    /// The kind of a stored name.
    pub fn parse(name: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Strong measures wait for a supervisor's approval before they are issued.
    pub fn needs_approval(self) -> bool {
        matches!(self, NoticeKind::StopWork | NoticeKind::EquipmentSealed | NoticeKind::CaseFiled)
    }

    /// The names of every kind (for validation messages).
    pub const NAMES: &'static [&'static str] =
        &["rectification", "stop_work", "equipment_sealed", "summons", "case_filed"];
}

crate::stored_enum!(NoticeKind);
