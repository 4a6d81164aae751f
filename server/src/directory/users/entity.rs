//! The `users` table.

use sea_orm::entity::prelude::*;

/// A user account.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Login name, lower-case, unique.
    pub username: String,
    /// Name shown to people.
    pub display_name: String,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// `admin`, `supervisor`, `inspector` or `contractor`.
    pub role: String,
    /// Root of the user's region scope (supervisors and inspectors).
    pub region_id: Option<Uuid>,
    /// The user's organisation (a contractor's company).
    pub organisation_id: Option<Uuid>,
    /// Phone number.
    pub phone: Option<String>,
    /// A disabled user cannot sign in or refresh.
    pub disabled: bool,
    /// Creation time.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// A user's relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The root of the user's region scope.
    #[sea_orm(
        belongs_to = "crate::directory::regions::entity::Entity",
        from = "Column::RegionId",
        to = "crate::directory::regions::entity::Column::Id"
    )]
    Region,
}

impl Related<crate::directory::regions::entity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
