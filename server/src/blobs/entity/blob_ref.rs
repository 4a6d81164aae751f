//! The `blob_refs` table: which record references which photo, with the
//! record's placement (who may see it, hence download the photo) and who
//! made the reference (who owes the bytes).

use sea_orm::entity::prelude::*;

/// One reference from a record to a photo.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "blob_refs")]
pub struct Model {
    /// Record type, e.g. `inspection`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_type: String,
    /// Record id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: Uuid,
    /// The photo (possibly not uploaded yet).
    #[sea_orm(primary_key, auto_increment = false)]
    pub sha256: String,
    /// The record's region path (`""` for none), as in `sync_changes`.
    pub region_path: String,
    /// The organisation that sees the record (`""` for none).
    pub org_id: String,
    /// `all` or `bureau`.
    pub audience: String,
    /// The user who made the reference.
    pub user_id: Uuid,
    /// The sync client that made it.
    pub client_id: Option<Uuid>,
    /// When it was made.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
