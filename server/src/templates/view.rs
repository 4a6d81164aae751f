//! How a template version is shown over the API and synced to devices.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use super::entity::Model;

/// One version of a checklist template.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TemplateView {
    /// Id of this version: `template_id` of the inspections made with it.
    pub id: Uuid,
    /// `dust_control`, `quality_safety` or `rural_appraisal`.
    pub kind: String,
    /// Code shared by all versions, e.g. `six_100`, `jgj59`.
    pub code: String,
    /// Version, from 1.
    pub version: i32,
    /// `draft`, `published` or `retired`.
    pub status: String,
    /// Sections and items: see the sync protocol spec, "Checklist templates".
    #[schema(value_type = Object)]
    pub body: Value,
    /// Creation.
    pub created_at: DateTime<Utc>,
    /// Publication.
    pub published_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<&Model> for TemplateView {
    fn from(m: &Model) -> Self {
        TemplateView {
            id: m.id,
            kind: m.kind.clone(),
            code: m.code.clone(),
            version: m.version,
            status: m.status.clone(),
            body: m.body.0.clone(),
            created_at: m.created_at,
            published_at: m.published_at,
            updated_at: m.updated_at,
        }
    }
}
