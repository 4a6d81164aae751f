//! The `sync_mutations` table: the answer given to each processed mutation,
//! so that a retried push gets the same answer.

use sea_orm::entity::prelude::*;

/// The recorded outcome of one mutation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_mutations")]
pub struct Model {
    /// Client id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: Uuid,
    /// Mutation id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub mutation_id: i64,
    /// Mutation name.
    pub name: String,
    /// The `MutationResult` as JSON.
    pub outcome: String,
    /// Version of the commit that holds its changes (0 when it changed nothing).
    pub version: i64,
    /// When it was processed.
    pub processed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
