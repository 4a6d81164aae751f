//! `/v1/cases/{id}`: a penalty case (its id is its filed notice's), read
//! and moved on one step at a time, by REST and by the `case.step` mutation.

use axum::extract::State;
use sea_orm::EntityTrait;
use serde::Deserialize;
use serde_json::Value;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{CaseRecord, StepBody, entity, stage::Step, take};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::{Json, Path},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
    },
    notices::{Rules, access, perform::Actor},
    sync::{Ctx, Mutation, Write},
};

/// The case routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_case)).routes(routes!(step_case))
}

/// Reads a case, for whoever sees its notice.
#[utoipa::path(get, path = "/v1/cases/{id}", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The filed notice's id")),
    responses((status = 200, body = CaseRecord),
        (status = 404, description = "No such case in scope (`not_found`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn get_case(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CaseRecord>> {
    let db = state.db.read();
    access::visible(db, &user, id).await?;
    let found = entity::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)?;
    Ok(Json(CaseRecord::from(&found)))
}

/// Takes a step: `investigate`, `notify`, `decide` (a supervisor), `serve`,
/// `execute` or `close` (a supervisor).
#[utoipa::path(post, path = "/v1/cases/{id}/{step}", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The filed notice's id"), ("step" = String, Path, description = "The step")),
    request_body = StepBody,
    responses((status = 200, body = CaseRecord),
        (status = 404, description = "No such case in scope (`not_found`)", body = ErrorEnvelopeDoc),
        (status = 409, description = "Not the case's next step (`invalid_transition`, with `details.stage`)",
            body = ErrorEnvelopeDoc),
        BodyErrors, AuthErrors))]
pub async fn step_case(
    State(state): State<AppState>,
    user: AuthUser,
    Path((id, step)): Path<(Uuid, String)>,
    Json(body): Json<StepBody>,
) -> ApiResult<Json<CaseRecord>> {
    let step = parse(&step)?;
    let write = Write::begin(&state.db).await?;
    let actor = Actor { user: &user, client_id: None };
    let saved = take(write.db(), &write, &state.notice_rules(), actor, id, step, body).await?;
    state.sync.commit(write).await?;
    Ok(Json(CaseRecord::from(&saved)))
}

fn parse(step: &str) -> ApiResult<Step> {
    const NAMES: &[&str] = &["investigate", "notify", "decide", "serve", "execute", "close"];
    Step::parse(step).ok_or_else(|| ApiError::field("step", Reason::NotAllowed { allowed: NAMES }))
}

/// Arguments of `case.step`.
#[derive(Debug, Deserialize)]
pub struct Args {
    /// The case (its filed notice).
    pub id: Uuid,
    /// The step.
    pub step: String,
    /// What the step carries.
    #[serde(flatten)]
    pub body: StepBody,
}

/// `case.step`: a step of a penalty case, from a device.
#[derive(Debug)]
pub struct CaseStep(pub Rules);

#[async_trait::async_trait]
impl Mutation for CaseStep {
    const NAME: &'static str = "case.step";
    type Args = Args;

    async fn apply(&self, ctx: &Ctx<'_>, args: Args) -> ApiResult<Option<Value>> {
        let step = parse(&args.step)?;
        let actor = Actor { user: ctx.user, client_id: Some(ctx.client_id) };
        let saved = take(ctx.db, ctx.write(), &self.0, actor, args.id, step, args.body).await?;
        Ok(Some(serde_json::to_value(CaseRecord::from(&saved)).unwrap_or_default()))
    }
}
