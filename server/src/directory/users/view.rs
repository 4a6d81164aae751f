//! How a user is shown over the API (never with the password hash).

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::Model;

/// A user as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    /// Id.
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// Name shown to people.
    pub display_name: String,
    /// Role: `admin`, `supervisor`, `inspector` or `contractor`.
    pub role: String,
    /// Root of the region scope.
    pub region_id: Option<Uuid>,
    /// Organisation.
    pub organisation_id: Option<Uuid>,
    /// Phone.
    pub phone: Option<String>,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<Model> for UserView {
    fn from(m: Model) -> Self {
        UserView {
            id: m.id,
            username: m.username,
            display_name: m.display_name,
            role: m.role,
            region_id: m.region_id,
            organisation_id: m.organisation_id,
            phone: m.phone,
            disabled: m.disabled,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}
