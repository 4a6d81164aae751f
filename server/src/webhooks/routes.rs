//! `/v1/admin/webhooks`: register, list, read, change and remove endpoints.
//! The signing secret is made by the server and shown only when made
//! (registration, `rotate_secret`).

use axum::{extract::State, http::StatusCode};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    deliveries,
    entity::endpoint,
    input, signing,
    view::{EndpointView, EndpointWithSecret},
};
use crate::{
    app::AppState,
    auth::AuthUser,
    directory::regions,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        paging::{self, Page, PageParams},
        validate::Check,
    },
    policy::{self, WebhookAdmin},
};

/// The webhook routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(get_webhook, update_webhook, delete_webhook))
        .merge(deliveries::router())
}

/// A new endpoint.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// Where to POST events: an `http` or `https` URL whose host resolves,
    /// and not to an internal address (`forbidden_address`) unless the
    /// server's settings allow its network.
    pub url: String,
    /// Event types to receive, e.g. `["notice.issued", "notice.updated"]`; `["*"]` for all.
    pub events: Vec<String>,
    /// Only records in this region's subtree (default: the caller's whole scope).
    #[serde(default)]
    pub region_id: Option<Uuid>,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// Whether events are sent (default true).
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// Changes to an endpoint; absent fields stay. Its region cannot change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    /// New URL.
    pub url: Option<String>,
    /// New event filter.
    pub events: Option<Vec<String>>,
    /// New description.
    pub description: Option<String>,
    /// Stop (`false`) or resume (`true`) sending; pending deliveries wait meanwhile.
    pub enabled: Option<bool>,
    /// Make a new secret (answered once, in `secret`); the old one stops at once.
    #[serde(default)]
    pub rotate_secret: bool,
}

/// The endpoint `id` if the holder of `admin` covers it, else `not_found`.
pub async fn visible(state: &AppState, admin: &WebhookAdmin, id: Uuid) -> ApiResult<endpoint::Model> {
    endpoint::Entity::find_by_id(id)
        .one(state.db.read())
        .await?
        .filter(|e| admin.covers(&e.region_path))
        .ok_or_else(ApiError::not_found)
}

/// Lists the endpoints the caller manages.
#[utoipa::path(get, path = "/v1/admin/webhooks", tag = "webhooks", security(("bearer" = [])),
    params(PageParams),
    responses((status = 200, body = Page<EndpointView>),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_webhooks(
    State(state): State<AppState>,
    user: AuthUser,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<EndpointView>>> {
    let admin = policy::webhook_admin(&user)?;
    let mut select = endpoint::Entity::find();
    if let Some(pattern) = admin.scope().like_pattern() {
        select = select.filter(endpoint::Column::RegionPath.like(pattern));
    }
    let page = paging::fetch(state.db.read(), select, endpoint::Column::Id, &page, |e| e.id).await?;
    Ok(Json(page.map(|e| EndpointView::from(&e))))
}

/// Registers an endpoint; the answer holds its signing secret, shown only this once.
#[utoipa::path(post, path = "/v1/admin/webhooks", tag = "webhooks", security(("bearer" = [])),
    request_body = CreateWebhook,
    responses((status = 201, body = EndpointWithSecret), BodyErrors, AuthErrors))]
pub async fn create_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<CreateWebhook>,
) -> ApiResult<(StatusCode, Json<EndpointWithSecret>)> {
    let admin = policy::webhook_admin(&user)?;
    let mut check = Check::new();
    let (url, parsed) = input::url(&mut check, &req.url);
    if let Some(parsed) = &parsed {
        input::destination(&mut check, parsed, &state.settings.webhooks).await;
    }
    let events = input::events(&mut check, &req.events);
    let description = req.description.trim().to_owned();
    if description.chars().count() > input::MAX_DESCRIPTION {
        check.fail("description", Reason::TooLong { max: input::MAX_DESCRIPTION });
    }
    let region_path = match req.region_id {
        None => Some(admin.default_region()),
        Some(id) => regions::repo::find_visible(state.db.read(), admin.scope(), id).await?.map(|r| r.path),
    };
    if region_path.is_none() {
        check.fail("region_id", Reason::NotFound);
    }
    check.finish()?;
    let now = Utc::now();
    let secret = signing::new_secret();
    let created = endpoint::ActiveModel {
        id: Set(Uuid::now_v7()),
        url: Set(url),
        secret: Set(secret.clone()),
        description: Set(description),
        events: Set(crate::db::typed::Json(events)),
        region_id: Set(req.region_id),
        region_path: Set(region_path.unwrap_or_default()),
        enabled: Set(req.enabled.unwrap_or(true)),
        created_by: Set(admin.actor_id()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(state.db.write())
    .await?;
    tracing::info!(webhook.endpoint = %created.id, user.id = %admin.actor_id(), "webhook endpoint registered");
    Ok((StatusCode::CREATED, Json(EndpointWithSecret { endpoint: EndpointView::from(&created), secret: Some(secret) })))
}

/// Reads one endpoint (without its secret).
#[utoipa::path(get, path = "/v1/admin/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 200, body = EndpointView),
        (status = 404, description = "No such endpoint in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<EndpointView>> {
    let admin = policy::webhook_admin(&user)?;
    Ok(Json(EndpointView::from(&visible(&state, &admin, id).await?)))
}

/// Changes an endpoint, pauses or resumes it, or rotates its secret (the
/// answer then holds the new secret, shown only this once).
#[utoipa::path(patch, path = "/v1/admin/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Endpoint id")), request_body = UpdateWebhook,
    responses((status = 200, body = EndpointWithSecret, description = "The endpoint; `secret` only after a rotation"),
        (status = 404, description = "No such endpoint in scope (`not_found`)", body = ErrorEnvelopeDoc),
        BodyErrors, AuthErrors))]
pub async fn update_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Json(req): Json<UpdateWebhook>,
) -> ApiResult<Json<EndpointWithSecret>> {
    let admin = policy::webhook_admin(&user)?;
    let found = visible(&state, &admin, id).await?;
    let mut check = Check::new();
    let mut next: endpoint::ActiveModel = found.into();
    if let Some(url) = &req.url {
        let (url, parsed) = input::url(&mut check, url);
        if let Some(parsed) = &parsed {
            input::destination(&mut check, parsed, &state.settings.webhooks).await;
        }
        next.url = Set(url);
    }
    if let Some(events) = &req.events {
        next.events = Set(crate::db::typed::Json(input::events(&mut check, events)));
    }
    if let Some(description) = &req.description {
        if description.trim().chars().count() > input::MAX_DESCRIPTION {
            check.fail("description", Reason::TooLong { max: input::MAX_DESCRIPTION });
        }
        next.description = Set(description.trim().to_owned());
    }
    check.finish()?;
    if let Some(enabled) = req.enabled {
        next.enabled = Set(enabled);
    }
    let secret = req.rotate_secret.then(signing::new_secret);
    if let Some(secret) = &secret {
        next.secret = Set(secret.clone());
    }
    next.updated_at = Set(Utc::now());
    let saved = next.update(state.db.write()).await?;
    if saved.enabled {
        state.webhooks.notify_one();
    }
    Ok(Json(EndpointWithSecret { endpoint: EndpointView::from(&saved), secret }))
}

/// Removes an endpoint with its deliveries and their log.
#[utoipa::path(delete, path = "/v1/admin/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 204, description = "Removed"),
        (status = 404, description = "No such endpoint in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn delete_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let admin = policy::webhook_admin(&user)?;
    let found = visible(&state, &admin, id).await?;
    let txn = state.db.begin().await?;
    deliveries::remove_all(&txn, found.id).await?;
    endpoint::Entity::delete_by_id(found.id).exec(&txn).await?;
    txn.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
