//! The `signing_keys` table.

use sea_orm::entity::prelude::*;

/// A key that signs access tokens.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signing_keys")]
pub struct Model {
    /// Key id, in every token's header.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kid: String,
    /// The HMAC secret, base64.
    pub secret: String,
    /// When the key was made; the newest unretired key signs.
    pub created_at: DateTimeUtc,
    /// Once set, tokens signed with this key are refused.
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
