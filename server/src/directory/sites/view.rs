//! How a site is shown over the API.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::Model;

/// A construction site as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SiteView {
    /// Id.
    pub id: Uuid,
    /// Project name.
    pub name: String,
    /// Address.
    pub address: String,
    /// WGS-84 latitude.
    pub latitude: Option<f64>,
    /// WGS-84 longitude.
    pub longitude: Option<f64>,
    /// `housing`, `municipal`, `transport`, `water`, `industrial` or `other`.
    pub project_type: String,
    /// The contractor company building it.
    pub contractor_id: Option<Uuid>,
    /// The township or village it lies in.
    pub region_id: Uuid,
    /// Construction permit number.
    pub permit_number: Option<String>,
    /// The owner or developer (建设单位).
    pub owner_unit: Option<String>,
    /// The supervision company (监理单位).
    pub supervision_unit: Option<String>,
    /// `planned`, `active`, `suspended` or `completed`.
    pub status: String,
    /// Whether the site is disabled.
    pub disabled: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<Model> for SiteView {
    fn from(m: Model) -> Self {
        SiteView {
            id: m.id,
            name: m.name,
            address: m.address,
            latitude: m.latitude,
            longitude: m.longitude,
            project_type: m.project_type,
            contractor_id: m.contractor_id,
            region_id: m.region_id,
            permit_number: m.permit_number,
            owner_unit: m.owner_unit,
            supervision_unit: m.supervision_unit,
            status: m.status,
            disabled: m.disabled,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}
