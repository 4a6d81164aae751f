//! The `blob_holders` table: who has proved they hold a photo's bytes (see
//! [`crate::blobs::holders`]).

use sea_orm::entity::prelude::*;

/// One user's proof of one photo.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "blob_holders")]
pub struct Model {
    /// The photo.
    #[sea_orm(primary_key, auto_increment = false)]
    pub sha256: String,
    /// The user who proved it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// When.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
