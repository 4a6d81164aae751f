//! Notices in a user's scope, as a query: the sync scope rule of
//! `SyncScope::sees` applied to the notices table, for REST lists, the
//! review queue and reports.

use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Select};

use super::entity::notice::{Column, Entity as Notices};
use crate::{auth::AuthUser, sync::SyncScope};

/// Every notice the user sees.
pub fn in_scope(user: &AuthUser) -> Select<Notices> {
    let scope = SyncScope::of(user);
    if scope.all {
        return Notices::find();
    }
    let mut visible = Condition::any();
    if let Some(root) = &scope.region {
        // Paths hold only hex digits and '/', so no LIKE escaping is needed.
        visible = visible.add(Column::RegionPath.like(format!("{root}%")));
    }
    if let Some(org) = scope.org {
        // A company sees a notice once it is issued to it (its placement then names it).
        visible = visible.add(Condition::all().add(Column::AddresseeOrgId.eq(org)).add(Column::IssuedAt.is_not_null()));
    }
    if !scope.bureau {
        visible = Condition::all().add(visible).add(Column::IssuedAt.is_not_null());
    }
    Notices::find().filter(visible)
}
