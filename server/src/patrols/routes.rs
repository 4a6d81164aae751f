//! Patrol plans: supervisors make them (`/v1/admin/patrol-plans`);
//! inspectors see what is due and supervisors what was missed (`/v1/patrols`).

use axum::{extract::State, http::StatusCode};
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    entity,
    plans::{self, NewPlan},
    progress::{self, DueView, MissedView},
    record::{self, PlanRecord},
};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        validate::Check,
    },
    policy::{self, Role, directory_admin},
    sync::Write,
};

/// The patrol routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(update_plan))
        .routes(routes!(list_due))
        .routes(routes!(list_missed))
}

/// A new plan.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreatePlan {
    /// Name.
    pub name: String,
    /// Inspection kind that fulfils a round.
    pub kind: String,
    /// A site to inspect every round, or
    pub site_id: Option<Uuid>,
    /// a region: any inspection in it fulfils a round.
    pub region_id: Option<Uuid>,
    /// Days per round (1 daily, 7 weekly).
    pub every_days: i32,
    /// First day (default: today, bureau time zone).
    pub starts_on: Option<NaiveDate>,
    /// Inspector in charge (default: any inspector of the region).
    pub assignee_id: Option<Uuid>,
}

/// Changes to a plan.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdatePlan {
    /// New name.
    pub name: Option<String>,
    /// New round length.
    pub every_days: Option<i32>,
    /// Switch on or off.
    pub active: Option<bool>,
}

/// Lists the plans in the caller's region.
#[utoipa::path(get, path = "/v1/admin/patrol-plans", tag = "patrols", security(("bearer" = [])),
    responses((status = 200, body = Vec<PlanRecord>), AuthErrors))]
pub async fn list_plans(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<Vec<PlanRecord>>> {
    let admin = directory_admin(&user)?;
    let found = admin.scope().restrict(entity::Entity::find(), entity::Column::RegionPath).all(state.db.read()).await?;
    Ok(Json(found.iter().map(PlanRecord::from).collect()))
}

/// Makes a plan in the caller's region.
#[utoipa::path(post, path = "/v1/admin/patrol-plans", tag = "patrols", security(("bearer" = [])),
    request_body = CreatePlan, responses((status = 201, body = PlanRecord), BodyErrors, AuthErrors))]
pub async fn create_plan(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<CreatePlan>,
) -> ApiResult<(StatusCode, Json<PlanRecord>)> {
    let admin = directory_admin(&user)?;
    let new = NewPlan {
        name: req.name,
        kind: req.kind,
        site_id: req.site_id,
        region_id: req.region_id,
        every_days: req.every_days,
        starts_on: req.starts_on.unwrap_or_else(|| state.calendar.today(Utc::now())),
        assignee_id: req.assignee_id,
    };
    let write = Write::begin(&state.db).await?;
    let plan = plans::create(&write, &admin, new).await?;
    state.sync.commit(write).await?;
    Ok((StatusCode::CREATED, Json(PlanRecord::from(&plan))))
}

/// Changes or switches off a plan in the caller's region.
#[utoipa::path(patch, path = "/v1/admin/patrol-plans/{id}", tag = "patrols", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Plan id")), request_body = UpdatePlan,
    responses((status = 200, body = PlanRecord),
        (status = 404, description = "No such plan in scope (`not_found`)", body = ErrorEnvelopeDoc), BodyErrors, AuthErrors))]
pub async fn update_plan(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Json(req): Json<UpdatePlan>,
) -> ApiResult<Json<PlanRecord>> {
    let admin = directory_admin(&user)?;
    let write = Write::begin(&state.db).await?;
    let found = entity::Entity::find_by_id(id)
        .lock_exclusive()
        .one(write.db())
        .await?
        .filter(|p| admin.covers(&p.region_path))
        .ok_or_else(ApiError::not_found)?;
    let mut check = Check::new();
    let mut next: entity::ActiveModel = found.into();
    if let Some(name) = req.name {
        next.name = Set(check.text("name", &name, 200));
    }
    if let Some(every) = req.every_days {
        plans::check_every(&mut check, every);
        next.every_days = Set(every);
    }
    if let Some(active) = req.active {
        next.active = Set(active);
    }
    check.finish()?;
    next.updated_at = Set(Utc::now());
    let saved = next.update(write.db()).await?;
    record::publish(&write, &saved);
    state.sync.commit(write).await?;
    Ok(Json(PlanRecord::from(&saved)))
}

/// The active plans a user works to: bureau staff's region; an inspector
/// only the plans assigned to them or to nobody.
async fn plans_for(state: &AppState, user: &AuthUser) -> ApiResult<Vec<entity::Model>> {
    let scope = policy::report_scope(user)?;
    let mut select =
        scope.restrict(entity::Entity::find(), entity::Column::RegionPath).filter(entity::Column::Active.eq(true));
    if user.role == Role::Inspector {
        select = select.filter(
            Condition::any().add(entity::Column::AssigneeId.is_null()).add(entity::Column::AssigneeId.eq(user.user_id)),
        );
    }
    Ok(select.all(state.db.read()).await?)
}

/// What is due: each plan's current round, undone and soonest first.
#[utoipa::path(get, path = "/v1/patrols/due", tag = "patrols", security(("bearer" = [])),
    responses((status = 200, body = Vec<DueView>),
        (status = 403, description = "Contractors have no patrols (`forbidden`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_due(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<Vec<DueView>>> {
    let plans = plans_for(&state, &user).await?;
    let today = state.calendar.today(Utc::now());
    Ok(Json(progress::due(state.db.read(), &state.calendar, plans, today).await?))
}

/// The period of missed rounds.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MissedParams {
    /// First day (default: 30 days ago).
    pub from: Option<NaiveDate>,
    /// Last day, included (default: yesterday).
    pub to: Option<NaiveDate>,
}

/// What was missed: rounds that ended in the period without an inspection.
#[utoipa::path(get, path = "/v1/patrols/missed", tag = "patrols", security(("bearer" = [])),
    params(MissedParams),
    responses((status = 200, body = Vec<MissedView>),
        (status = 403, description = "Contractors have no patrols (`forbidden`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn list_missed(
    State(state): State<AppState>,
    user: AuthUser,
    Query(params): Query<MissedParams>,
) -> ApiResult<Json<Vec<MissedView>>> {
    let plans = plans_for(&state, &user).await?;
    let today = state.calendar.today(Utc::now());
    let to = params.to.map(|d| d + chrono::Days::new(1)).unwrap_or(today);
    let from = params.from.unwrap_or(today - chrono::Days::new(30));
    if from > to || (to - from).num_days() > 3_660 {
        return Err(ApiError::field("from", Reason::Invalid));
    }
    Ok(Json(progress::missed(state.db.read(), &state.calendar, plans, from, to).await?))
}
