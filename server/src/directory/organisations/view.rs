//! How an organisation is shown over the API.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::Model;

/// An organisation as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationView {
    /// Id.
    pub id: Uuid,
    /// `bureau` or `contractor`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Unified social credit code (统一社会信用代码).
    pub credit_code: Option<String>,
    /// Region the organisation is registered in.
    pub region_id: Option<Uuid>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Whether the organisation is disabled.
    pub disabled: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<Model> for OrganisationView {
    fn from(m: Model) -> Self {
        OrganisationView {
            id: m.id,
            kind: m.kind,
            name: m.name,
            credit_code: m.credit_code,
            region_id: m.region_id,
            contact_name: m.contact_name,
            contact_phone: m.contact_phone,
            disabled: m.disabled,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}
