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

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
