//! Notices in a user's scope, as a query: the sync scope rule of
//! `SyncScope::sees` applied to the notices table, for REST lists, the
//! review queue, the web pages and reports; and the list filters on top.

use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Select};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{
    deadline::Calendar,
    entity::notice::{Column, Entity as Notices},
    record,
};
use crate::{auth::AuthUser, directory::regions, error::ApiResult, policy::RegionScope, sync::SyncScope};

/// Filters of a notice list (the REST list and the web pages).
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoticeFilter {
    /// Only this state (`pending_approval` is the supervisor's approval queue).
    pub state: Option<String>,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only this review state (`pending` is the supervisor's review queue).
    pub review: Option<String>,
    /// Only this site.
    pub site_id: Option<Uuid>,
    /// Only this township or village (and below).
    pub region_id: Option<Uuid>,
    /// Only overdue (`true`: past the deadline and still out with the
    /// addressee) or not overdue (`false`) notices.
    pub overdue: Option<bool>,
    /// Only notices issued on or after this day (bureau time zone).
    pub issued_from: Option<NaiveDate>,
    /// Only notices issued on or before this day (bureau time zone).
    pub issued_to: Option<NaiveDate>,
}

/// The notices the user sees that pass the filter.
pub async fn filtered(
    db: &impl ConnectionTrait,
    calendar: &Calendar,
    user: &AuthUser,
    filter: &NoticeFilter,
) -> ApiResult<Select<Notices>> {
    let mut select = in_scope(user);
    if let Some(region_id) = filter.region_id {
        let below = regions::repo::below(db, &RegionScope::All, region_id).await?;
        select = below.restrict(select, Column::RegionPath);
    }
    for (column, value) in
        [(Column::State, &filter.state), (Column::Kind, &filter.kind), (Column::ReviewStatus, &filter.review)]
    {
        if let Some(value) = value {
            select = select.filter(column.eq(value.as_str()));
        }
    }
    if let Some(site) = filter.site_id {
        select = select.filter(Column::SiteId.eq(site));
    }
    match filter.overdue {
        Some(true) => select = select.filter(record::overdue_condition()),
        Some(false) => select = select.filter(record::overdue_condition().not()),
        None => {}
    }
    if let Some(day) = filter.issued_from {
        select = select.filter(Column::IssuedAt.gte(calendar.midnight(day)));
    }
    if let Some(day) = filter.issued_to.and_then(|d| d.checked_add_days(Days::new(1))) {
        select = select.filter(Column::IssuedAt.lt(calendar.midnight(day)));
    }
    Ok(select)
}

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
