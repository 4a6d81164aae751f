//! The contractor's "my orders": the notices issued to their company, as
//! `notices::query` scopes them for the API, the open ones most urgent
//! first (overdue, then the nearest deadline), then the last ones closed.

use askama::Template;
use axum::{extract::State, http::Uri, response::Response};
use sea_orm::{
    ColumnTrait, QueryFilter, QueryOrder, QuerySelect, Select,
    sea_query::{NullOrdering, Order},
};

use super::{
    layout::{self, Chrome},
    rows::{self, NoticeRow},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult},
    notices::{
        entity::notice::{Column, Entity as Notices},
        query,
        state::State as NoticeState,
    },
    policy::Role,
};

/// How many closed orders the page lists.
const CLOSED_SHOWN: u64 = 30;

/// The page.
#[derive(Template)]
#[template(path = "web/orders.html")]
pub struct OrdersPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// Open orders, most urgent first.
    pub open: Vec<NoticeRow>,
    /// The last orders closed.
    pub closed: Vec<NoticeRow>,
}

/// Orders the most urgent first: overdue ones, then by the nearest deadline
/// (none last), then by age.
pub fn urgent_first(select: Select<Notices>) -> Select<Notices> {
    select
        .order_by(Column::OverdueAt.is_null(), Order::Asc)
        .order_by_with_nulls(Column::Deadline, Order::Asc, NullOrdering::Last)
        .order_by_asc(Column::Id)
}

/// The open notices of a user's scope (out with the addressee, not closed).
pub fn open_in_scope(user: &AuthUser) -> Select<Notices> {
    urgent_first(query::in_scope(user).filter(Column::State.is_in(NoticeState::outstanding_names())))
}

/// Pages of the contractor's role only: others have their own (404, like a
/// page that does not exist).
pub fn contractor_only(signed: &Signed) -> ApiResult<()> {
    if signed.user.role == Role::Contractor { Ok(()) } else { Err(ApiError::not_found()) }
}

/// `GET /app/orders`.
pub async fn list_orders(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    contractor_only(&signed)?;
    let db = state.db.read();
    let t = signed.t();
    let open = open_in_scope(&signed.user).all(db).await?;
    let closed = query::in_scope(&signed.user)
        .filter(Column::State.is_not_in(NoticeState::outstanding_names()))
        .order_by_desc(Column::UpdatedAt)
        .limit(CLOSED_SHOWN)
        .all(db)
        .await?;
    let page = OrdersPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        open: rows::rows(db, t, &state.calendar, &open).await?,
        closed: rows::rows(db, t, &state.calendar, &closed).await?,
    };
    Ok(layout::render(&page))
}
