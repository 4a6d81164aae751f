//! `/v1/numbers`: reserving numbers to issue offline, giving back or voiding
//! those not used, and the register.

use axum::{extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    Holder, Series,
    register::{self, NumberView, RegisterFilter},
    series,
    status::Status,
};
use crate::{
    app::AppState,
    auth::AuthUser,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::{Json, Query},
        openapi::{AuthErrors, BodyErrors, ErrorEnvelopeDoc},
        validate::Check,
    },
    notices::kind::NoticeKind,
    policy,
};

/// Longest reason for voiding a number.
pub const MAX_REASON: usize = 500;

/// The number routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reserve_numbers))
        .routes(routes!(reserved_numbers))
        .routes(routes!(give_back_numbers))
        .routes(routes!(void_number))
        .routes(routes!(number_register))
}

/// Numbers to reserve.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReserveBody {
    /// The kind of notice: one issued without a supervisor's approval
    /// (`rectification`, `summons`); the others are numbered when approved.
    pub kind: String,
    /// How many (1 to the county's `numbering.reserve_max`, counting those held already).
    pub count: u32,
    /// The device install (sync client) that will print them.
    #[serde(default)]
    pub client_id: Option<Uuid>,
}

/// Numbers held.
#[derive(Debug, Serialize, ToSchema)]
pub struct Numbers {
    /// The numbers, in series order.
    pub numbers: Vec<NumberView>,
}

/// Reserves numbers of one kind for the caller's device, to print on notices
/// issued where there is no network. Each is the caller's until issued with
/// a notice (`issue` with `number`), given back or voided.
#[utoipa::path(post, path = "/v1/numbers/reservations", tag = "numbers", security(("bearer" = [])),
    request_body = ReserveBody,
    responses((status = 201, body = Numbers), BodyErrors, AuthErrors))]
pub async fn reserve_numbers(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<ReserveBody>,
) -> ApiResult<(StatusCode, Json<Numbers>)> {
    let bureau = policy::numbers_to_reserve(&user)?;
    let max = state.numbering.reserve_max();
    let mut check = Check::new();
    let kind = NoticeKind::parse(&body.kind);
    match kind {
        None => check.fail("kind", Reason::NotAllowed { allowed: NoticeKind::NAMES }),
        Some(kind) if kind.needs_approval() => check.fail(
            "kind",
            Reason::Rule {
                code: "numbered_at_approval",
                en: "This kind of notice is numbered when a supervisor approves it, never on site.".into(),
                zh: "该类文书经审批后编号，不能在现场预留文号。".into(),
            },
        ),
        Some(_) => {}
    }
    if body.count == 0 || body.count > max {
        check.fail(
            "count",
            Reason::Rule {
                code: "out_of_range",
                en: format!("From 1 to {max} numbers at a time."),
                zh: format!("每次可预留 1 至 {max} 个文号。"),
            },
        );
    }
    check.finish()?;
    let kind = kind.map(NoticeKind::as_str).unwrap_or_default();
    let now = crate::clock::now();
    let series = Series { bureau_key: &bureau, kind, year: state.calendar.year(now) };
    let txn = state.db.begin().await?;
    // Reserved first: the series' counter row stays locked until the commit,
    // so two reservations of one series count what they hold one at a time.
    let holder = Holder { user_id: user.user_id, client_id: body.client_id };
    let taken = series::reserve(&txn, &state.numbering, series, holder, body.count, now).await?;
    let held = series::held(&txn, series, user.user_id).await?;
    if held > u64::from(max) {
        txn.rollback().await?;
        let before = held - u64::from(body.count);
        return Err(ApiError::field(
            "count",
            Reason::Rule {
                code: "too_many_reserved",
                en: format!("You hold {before} numbers of this kind already; at most {max} may be held."),
                zh: format!("您已持有该类文号 {before} 个，最多可持有 {max} 个。"),
            },
        ));
    }
    txn.commit().await?;
    Ok((StatusCode::CREATED, Json(Numbers { numbers: taken.into_iter().map(NumberView::from).collect() })))
}

/// The numbers the caller holds reserved, of every kind.
#[utoipa::path(get, path = "/v1/numbers/reserved", tag = "numbers", security(("bearer" = [])),
    responses((status = 200, body = Numbers), AuthErrors))]
pub async fn reserved_numbers(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<Numbers>> {
    let held = register::reserved_by(state.db.read(), user.user_id).await?;
    Ok(Json(Numbers { numbers: held.into_iter().map(NumberView::from).collect() }))
}

/// Numbers given back.
#[derive(Debug, Deserialize, ToSchema)]
pub struct GiveBackBody {
    /// Reserved numbers the caller holds and will not use.
    pub numbers: Vec<String>,
}

/// How many were given back.
#[derive(Debug, Serialize, ToSchema)]
pub struct GivenBack {
    /// Numbers given back: the next notices of their series take them.
    pub given_back: u64,
}

/// Gives back reserved numbers the caller did not use: all of them, or
/// none if one is not the caller's reserved number (any more).
#[utoipa::path(post, path = "/v1/numbers/give-back", tag = "numbers", security(("bearer" = [])),
    request_body = GiveBackBody,
    responses((status = 200, body = GivenBack), BodyErrors, AuthErrors))]
pub async fn give_back_numbers(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<GiveBackBody>,
) -> ApiResult<Json<GivenBack>> {
    let bureau = policy::numbers_to_reserve(&user)?;
    let mut wanted = body.numbers.clone();
    wanted.sort();
    wanted.dedup();
    if wanted.is_empty() {
        return Err(ApiError::field("numbers", Reason::Required));
    }
    let txn = state.db.begin().await?;
    let given = series::give_back(&txn, &bureau, &wanted, user.user_id).await?;
    if given != wanted.len() as u64 {
        txn.rollback().await?;
        return Err(not_held("numbers"));
    }
    txn.commit().await?;
    Ok(Json(GivenBack { given_back: given }))
}

/// A number voided.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VoidBody {
    /// The number.
    pub number: String,
    /// Why it will never be used (a spoiled form, a lost device).
    pub reason: String,
}

/// Voids a number not issued: the holder their reserved one; supervisors and
/// admins any reserved or free number of their county. The register keeps
/// it, with the reason.
#[utoipa::path(post, path = "/v1/numbers/void", tag = "numbers", security(("bearer" = [])),
    request_body = VoidBody,
    responses((status = 204, description = "Voided"), BodyErrors, AuthErrors))]
pub async fn void_number(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<VoidBody>,
) -> ApiResult<StatusCode> {
    void(&state, &user, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Voids `body.number` for `user` in a transaction of its own: the REST
/// call and the register page's form.
pub async fn void(state: &AppState, user: &AuthUser, body: &VoidBody) -> ApiResult<()> {
    let bureau = policy::numbers_to_reserve(user)?;
    let mut check = Check::new();
    let reason = check.text("reason", &body.reason, MAX_REASON);
    check.finish()?;
    let any = policy::may_void_any_number(user);
    let txn = state.db.begin().await?;
    let voided =
        series::void(&txn, &bureau, body.number.trim(), user.user_id, any, &reason, crate::clock::now()).await?;
    if !voided {
        txn.rollback().await?;
        return Err(not_held("number"));
    }
    txn.commit().await?;
    Ok(())
}

/// The register of the caller's county (every county's for an admin): each
/// number of the year taken, and where it stands.
#[utoipa::path(get, path = "/v1/numbers/register", tag = "numbers", security(("bearer" = [])),
    params(RegisterFilter),
    responses((status = 200, body = Numbers),
        (status = 400, description = "Bad parameter (`invalid_parameter`)", body = ErrorEnvelopeDoc), AuthErrors))]
pub async fn number_register(
    State(state): State<AppState>,
    user: AuthUser,
    Query(filter): Query<RegisterFilter>,
) -> ApiResult<Json<Numbers>> {
    let bureau = policy::number_register(&user)?;
    let status = match filter.status.as_deref() {
        None => None,
        Some(name) => Some(Status::parse(name).ok_or_else(|| {
            ApiError::field("status", Reason::NotAllowed { allowed: &["issued", "reserved", "free", "voided"] })
        })?),
    };
    let year = filter.year.unwrap_or_else(|| state.calendar.year(crate::clock::now()));
    let rows = register::list(state.db.read(), bureau.as_deref(), year, filter.kind.as_deref(), status).await?;
    Ok(Json(Numbers { numbers: rows.into_iter().map(NumberView::from).collect() }))
}

/// The refusal of a number the caller does not hold (or may not void).
pub fn not_held(field: &str) -> ApiError {
    ApiError::field(
        field,
        Reason::Rule {
            code: "not_held",
            en: "Not a number you hold reserved (it may be issued, given back or voided already).".into(),
            zh: "该文号不是您预留且未使用的文号（可能已使用、已退回或已作废）。".into(),
        },
    )
}
