//! The delivery log of an endpoint, manual redelivery and test events.

use axum::{extract::State, http::StatusCode};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{self, Expr},
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    entity::{attempt, delivery},
    outbox,
    routes::visible,
    view::DeliveryView,
};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, ErrorEnvelopeDoc},
        paging::{self, Page, PageParams},
    },
    policy,
};

/// The delivery routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_deliveries)).routes(routes!(redeliver)).routes(routes!(test_webhook))
}

/// Filters of the delivery log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryFilter {
    /// Only deliveries in this state: `pending`, `delivered` or `failed`.
    pub state: Option<String>,
}

/// Deliveries with their attempts.
async fn with_log(db: &impl ConnectionTrait, deliveries: Vec<delivery::Model>) -> Result<Vec<DeliveryView>, DbErr> {
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::DeliveryId.is_in(deliveries.iter().map(|d| d.id)))
        .order_by_asc(attempt::Column::Id)
        .all(db)
        .await?;
    Ok(deliveries
        .into_iter()
        .map(|d| {
            let log = attempts.iter().filter(|a| a.delivery_id == d.id).cloned().collect();
            DeliveryView::new(d, log)
        })
        .collect())
}

/// The delivery log of an endpoint, oldest first, each with its attempts.
#[utoipa::path(get, path = "/v1/admin/webhooks/{id}/deliveries", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Endpoint id"), DeliveryFilter, PageParams),
    responses((status = 200, body = Page<DeliveryView>),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc),
        (status = 404, description = "No such endpoint in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_deliveries(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Query(filter): Query<DeliveryFilter>,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<DeliveryView>>> {
    let admin = policy::webhook_admin(&user)?;
    let endpoint = visible(&state, &admin, id).await?;
    let mut select = delivery::Entity::find().filter(delivery::Column::EndpointId.eq(endpoint.id));
    if let Some(wanted) = filter.state {
        select = select.filter(delivery::Column::State.eq(wanted));
    }
    let db = state.db.read();
    let page = paging::fetch(db, select, delivery::Column::Id, &page, |d| d.id).await?;
    let items = with_log(db, page.items).await?;
    Ok(Json(Page { items, next_cursor: page.next_cursor }))
}

/// Sends a delivery again, with the same `webhook-id` and a fresh schedule
/// of attempts (delivered and failed ones alike).
#[utoipa::path(post, path = "/v1/admin/webhooks/deliveries/{id}/redeliver", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Delivery id")),
    responses((status = 202, body = DeliveryView),
        (status = 404, description = "No such delivery in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn redeliver(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<(StatusCode, Json<DeliveryView>)> {
    let admin = policy::webhook_admin(&user)?;
    let found = delivery::Entity::find_by_id(id).one(state.db.read()).await?.ok_or_else(ApiError::not_found)?;
    visible(&state, &admin, found.endpoint_id).await?;
    let now = Utc::now();
    delivery::Entity::update_many()
        .col_expr(delivery::Column::State, Expr::value(delivery::PENDING))
        .col_expr(delivery::Column::Attempts, Expr::value(0))
        .col_expr(delivery::Column::NextAttemptAt, Expr::value(now))
        .col_expr(delivery::Column::UpdatedAt, Expr::value(now))
        .filter(delivery::Column::Id.eq(id))
        .exec(state.db.write())
        .await?;
    state.webhooks.notify_one();
    let found = delivery::Entity::find_by_id(id).one(state.db.read()).await?.ok_or_else(ApiError::not_found)?;
    let view = with_log(state.db.read(), vec![found]).await?.pop().ok_or_else(ApiError::not_found)?;
    Ok((StatusCode::ACCEPTED, Json(view)))
}

/// Sends a test event (`webhook.ping`) to an endpoint.
#[utoipa::path(post, path = "/v1/admin/webhooks/{id}/test", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 202, body = DeliveryView),
        (status = 404, description = "No such endpoint in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn test_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<(StatusCode, Json<DeliveryView>)> {
    let admin = policy::webhook_admin(&user)?;
    let endpoint = visible(&state, &admin, id).await?;
    let txn = state.db.begin().await?;
    let made = outbox::ping(&txn, &endpoint).await?;
    txn.commit().await?;
    state.webhooks.notify_one();
    Ok((StatusCode::ACCEPTED, Json(DeliveryView::new(made, Vec::new()))))
}

/// Removes an endpoint's deliveries and their log (before the endpoint).
pub async fn remove_all(db: &impl ConnectionTrait, endpoint_id: Uuid) -> Result<(), DbErr> {
    let of_endpoint = sea_query::Query::select()
        .column(delivery::Column::Id)
        .from(delivery::Entity)
        .and_where(delivery::Column::EndpointId.eq(endpoint_id))
        .to_owned();
    attempt::Entity::delete_many().filter(attempt::Column::DeliveryId.in_subquery(of_endpoint)).exec(db).await?;
    delivery::Entity::delete_many().filter(delivery::Column::EndpointId.eq(endpoint_id)).exec(db).await?;
    Ok(())
}
