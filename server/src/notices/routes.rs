//! `/v1/notices`: notices for the web and other systems. Lists and reads are
//! scoped like sync; actions go through the same lifecycle as the mutations.

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    access,
    entity::notice,
    lifecycle::Action,
    perform::{ActionBody, Actor, Input, perform},
    query::{self, NoticeFilter},
    view::{self, EventView, NoticeDetail, NoticeView},
};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        paging::{self, Page, PageParams},
    },
    sync::Write,
};

/// The notice routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_notices)).routes(routes!(get_notice)).routes(routes!(act_on_notice))
}

/// Lists the notices the caller sees: bureau staff their region's, contractors
/// those issued to their company.
#[utoipa::path(get, path = "/v1/notices", tag = "notices", security(("bearer" = [])),
    params(NoticeFilter, PageParams),
    responses((status = 200, body = Page<NoticeView>),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_notices(
    State(state): State<AppState>,
    user: AuthUser,
    Query(filter): Query<NoticeFilter>,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<NoticeView>>> {
    let db = state.db.read();
    let select = query::filtered(db, &state.calendar, &user, &filter).await?;
    let page = paging::fetch(db, select, notice::Column::Id, &page, |n| n.id).await?;
    Ok(Json(page.map(|n| NoticeView::for_user(&user, &n))))
}

/// Reads a notice with its history.
#[utoipa::path(get, path = "/v1/notices/{id}", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Notice id")),
    responses((status = 200, body = NoticeDetail),
        (status = 404, description = "No such notice in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_notice(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<NoticeDetail>> {
    let db = state.db.read();
    let found = access::visible(db, &user, id).await?;
    let history = view::history(db, access::parties(&user, &found).bureau, id).await?;
    Ok(Json(NoticeDetail {
        view: NoticeView::for_user(&user, &found),
        history: history.into_iter().map(EventView::from).collect(),
    }))
}

/// Performs a lifecycle action: `issue`, `approve`, `decline`, `acknowledge`,
/// `respond`, `verify`, `reject`, `revoke`, `review_approve`, `review_return`.
#[utoipa::path(post, path = "/v1/notices/{id}/actions/{action}", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Notice id"), ("action" = String, Path, description = "The action")),
    request_body = ActionBody,
    responses((status = 200, body = NoticeView),
        (status = 404, description = "No such notice in scope (`not_found`)", body = ErrorEnvelopeDoc),
        (status = 409, description = "Not possible in the current state (`invalid_transition`, with `details.state`)",
            body = ErrorEnvelopeDoc),
        BodyErrors, AuthErrors))]
pub async fn act_on_notice(
    State(state): State<AppState>,
    user: AuthUser,
    Path((id, action)): Path<(Uuid, String)>,
    Json(body): Json<ActionBody>,
) -> ApiResult<Json<NoticeView>> {
    let saved = act(&state, &user, id, &action, body).await?;
    Ok(Json(NoticeView::for_user(&user, &saved)))
}

/// Performs the action named `action` on notice `id` in a transaction of
/// its own: the REST call and the web pages' forms.
pub async fn act(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
    action: &str,
    body: ActionBody,
) -> ApiResult<notice::Model> {
    let action = Action::parse(action)
        .ok_or_else(|| ApiError::field("action", Reason::NotAllowed { allowed: Action::NAMES }))?;
    let write = Write::begin(&state.db).await?;
    let actor = Actor { user, client_id: None };
    let saved = perform(write.db(), &write, &state.notice_rules(), actor, id, action, Input::from(body)).await?;
    state.sync.commit(write).await?;
    Ok(saved)
}
