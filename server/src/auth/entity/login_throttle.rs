//! The `login_throttle` table: failed sign-ins per user name and per address.

use sea_orm::entity::prelude::*;

/// Failure counter of one key (`user:<name>` or `addr:<ip>`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    /// `user:<name>` or `addr:<ip>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Failures in the current window.
    pub failures: i32,
    /// Start of the current window.
    pub window_started_at: DateTimeUtc,
    /// Sign-ins are refused until then.
    pub locked_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
