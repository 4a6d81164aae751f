//! The `regions` table: county → township → village.

use sea_orm::entity::prelude::*;

/// A region of the tree.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "regions")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The parent region; none for a county.
    pub parent_id: Option<Uuid>,
    /// `county`, `township` or `village`.
    pub level: String,
    /// Administrative division code, unique.
    pub code: String,
    /// Name.
    pub name: String,
    /// Materialised path of ids from the root: `/<county>/<township>/`.
    pub path: String,
    /// Disabled regions take no new records.
    pub disabled: bool,
    /// Creation time.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
