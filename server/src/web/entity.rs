//! The `web_sessions` table.

use sea_orm::entity::prelude::*;

/// A signed-in browser.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "web_sessions")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Hex SHA-256 of the cookie's token: a copy of the table signs nobody in.
    pub token_hash: String,
    /// The user.
    pub user_id: Uuid,
    /// The token every form of the session carries.
    pub csrf_secret: String,
    /// Sign-in.
    pub created_at: DateTimeUtc,
    /// Last request (refreshed at most once a minute).
    pub last_seen_at: DateTimeUtc,
    /// The absolute end of the session.
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
