//! The `refresh_tokens` table: one row per issued refresh token, grouped in
//! families (one family per sign-in).

use sea_orm::entity::prelude::*;

/// An issued refresh token (stored as its SHA-256 only).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refresh_tokens")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The sign-in this token descends from.
    pub family_id: Uuid,
    /// The user.
    pub user_id: Uuid,
    /// The device signed in from.
    pub device_id: Option<Uuid>,
    /// Hex SHA-256 of the token.
    pub token_hash: String,
    /// Issue time.
    pub created_at: DateTimeUtc,
    /// Expiry.
    pub expires_at: DateTimeUtc,
    /// When it was exchanged for a new one; a second use revokes the family.
    pub used_at: Option<DateTimeUtc>,
    /// When it was revoked (logout, reuse, disabled user).
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
