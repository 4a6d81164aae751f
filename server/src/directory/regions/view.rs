//! How a region is shown over the API, and its levels.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::Model;

/// A level of the region tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 县: the root.
    County,
    /// 乡镇: below a county.
    Township,
    /// 村: below a township.
    Village,
}

impl Level {
    /// Wire names of the levels.
    pub const NAMES: &'static [&'static str] = &["county", "township", "village"];

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Level> {
        match name {
            "county" => Some(Level::County),
            "township" => Some(Level::Township),
            "village" => Some(Level::Village),
            _ => None,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::County => "county",
            Level::Township => "township",
            Level::Village => "village",
        }
    }

    /// The level a parent of this level must have.
    pub fn parent(self) -> Option<Level> {
        match self {
            Level::County => None,
            Level::Township => Some(Level::County),
            Level::Village => Some(Level::Township),
        }
    }
}

/// A region as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionView {
    /// Id.
    pub id: Uuid,
    /// Parent region; absent for a county.
    pub parent_id: Option<Uuid>,
    /// `county`, `township` or `village`.
    pub level: String,
    /// Administrative division code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Whether the region is disabled.
    pub disabled: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<Model> for RegionView {
    fn from(m: Model) -> Self {
        RegionView {
            id: m.id,
            parent_id: m.parent_id,
            level: m.level,
            code: m.code,
            name: m.name,
            disabled: m.disabled,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}
