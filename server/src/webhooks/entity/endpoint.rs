//! The `webhook_endpoints` table.

use sea_orm::entity::prelude::*;

use crate::db::typed::Json;

/// A receiver registered by an administrator. Its `Debug` leaves the secret out.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    /// Id (UUIDv7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Where events are POSTed (http or https).
    pub url: String,
    /// The signing secret, `whsec_<base64>`; never logged, shown only when made.
    pub secret: String,
    /// What the endpoint is for.
    pub description: String,
    /// The event types it receives, a JSON array of names (`*`: all).
    pub events: Json<Vec<String>>,
    /// The region whose subtree it hears of (none: all).
    pub region_id: Option<Uuid>,
    /// Root of the region subtree whose records it hears of (`""`: all).
    pub region_path: String,
    /// Whether events are sent to it.
    pub enabled: bool,
    /// Who registered it.
    pub created_by: Uuid,
    /// When.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("id", &self.id)
            .field("url", &self.url)
            .field("secret", &"[redacted]")
            .field("events", &self.events)
            .field("region_path", &self.region_path)
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

impl Model {
    /// The event type names it receives.
    pub fn event_names(&self) -> &[String] {
        &self.events
    }
}
