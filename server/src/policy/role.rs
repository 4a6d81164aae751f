//! The roles a user can have.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a user is in the bureau's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages regions, organisations, users, sites, households and templates.
    Admin,
    /// Sees everything in their region; reviews notices; approves strong measures.
    Supervisor,
    /// Inspects sites and households of their region, issues notices.
    Inspector,
    /// Sees the orders addressed to their company and the sites they build.
    Contractor,
}

impl Role {
    /// Every role's wire name.
    pub const NAMES: &'static [&'static str] = &["admin", "supervisor", "inspector", "contractor"];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Inspector => "inspector",
            Role::Contractor => "contractor",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Role> {
        match name {
            "admin" => Some(Role::Admin),
            "supervisor" => Some(Role::Supervisor),
            "inspector" => Some(Role::Inspector),
            "contractor" => Some(Role::Contractor),
            _ => None,
        }
    }
}
