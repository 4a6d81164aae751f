//! The `notice_events` table: a notice's append-only history.

use sea_orm::entity::prelude::*;

use crate::{db::typed::Json, notices::content::Response};

/// One transition or note in a notice's history. Never updated or deleted.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notice_events")]
pub struct Model {
    /// Entry id, in order of writing.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The notice.
    pub notice_id: Uuid,
    /// When, by the server clock.
    pub at: DateTimeUtc,
    /// Who (none for the system, e.g. the overdue job).
    pub actor_id: Option<Uuid>,
    /// From which device.
    pub device_id: Option<Uuid>,
    /// From which sync client.
    pub client_id: Option<Uuid>,
    /// What happened: an action name, `create`, `update`, `overdue`, `reminder`.
    pub action: String,
    /// State before.
    pub from_state: String,
    /// State after.
    pub to_state: String,
    /// The comment given with it.
    pub comment: String,
    /// Bureau-only (review comments): never shown to contractors.
    pub internal: bool,
    /// The answer given, on a `respond` entry: kept when a later answer
    /// supersedes it on the notice, its photos referenced with the notice's.
    pub response: Option<Json<Response>>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
