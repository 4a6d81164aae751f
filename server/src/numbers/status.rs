//! Where a number stands: every number taken from a series is in one of
//! these, so the register accounts for all of them.

use serde::Serialize;
use utoipa::ToSchema;

/// A number's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Printed on a notice.
    Issued,
    /// Held by a device, to be issued offline.
    Reserved,
    /// Given back unused: the next notice of its series takes it.
    Free,
    /// Never to be used, with a reason (a spoiled form, a device lost).
    Voided,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 4] = [Status::Issued, Status::Reserved, Status::Free, Status::Voided];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Issued => "issued",
            Status::Reserved => "reserved",
            Status::Free => "free",
            Status::Voided => "voided",
        }
    }

    /// The status of a stored name.
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

crate::stored_enum!(Status);
