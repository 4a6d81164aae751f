//! `/v1/reports/{daily|weekly|monthly}`: the figures of a period over the
//! caller's region, as JSON or CSV.

use axum::{
    extract::State,
    response::{IntoResponse, Response},
};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::{
    csv,
    period::{Period, PeriodKind},
    report::{self, Report},
};
use crate::{
    app::AppState,
    auth::AuthUser,
    directory::regions,
    error::{ApiError, ApiResult, Reason},
    http::{
        json::{Json, Path, Query},
        openapi::{AuthErrors, ErrorEnvelopeDoc},
    },
    policy,
};

/// The report routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_report))
}

/// Parameters of a report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// A day in the period (default: today in the bureau's time zone).
    pub date: Option<NaiveDate>,
    /// Narrow to this township or village, within the caller's region.
    pub region_id: Option<Uuid>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// The CSV's headers and words: `zh` (default) or `en`.
    pub lang: Option<String>,
}

/// The figures of the day, week or month containing `date`, per township and
/// inspection kind, with the township ranking.
#[utoipa::path(get, path = "/v1/reports/{period}", tag = "reports", security(("bearer" = [])),
    params(("period" = String, Path, description = "`daily`, `weekly` or `monthly`"), ReportParams),
    responses((status = 200, body = Report, description = "The report (JSON, or CSV with `format=csv`)"),
        (status = 403, description = "Contractors have no reports (`forbidden`)", body = ErrorEnvelopeDoc),
        (status = 422, description = "Bad period, date or format (`validation_failed`)", body = ErrorEnvelopeDoc),
        AuthErrors))]
pub async fn get_report(
    State(state): State<AppState>,
    user: AuthUser,
    Path(period): Path<String>,
    Query(params): Query<ReportParams>,
) -> ApiResult<Response> {
    let mut scope = policy::report_scope(&user)?;
    let kind = PeriodKind::parse(&period)
        .ok_or_else(|| ApiError::field("period", Reason::NotAllowed { allowed: &["daily", "weekly", "monthly"] }))?;
    let csv_wanted = match params.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(ApiError::field("format", Reason::NotAllowed { allowed: &["json", "csv"] })),
    };
    let lang = match params.lang.as_deref() {
        None | Some("zh") => crate::i18n::Lang::Zh,
        Some("en") => crate::i18n::Lang::En,
        Some(_) => return Err(ApiError::field("lang", Reason::NotAllowed { allowed: &["zh", "en"] })),
    };
    let db = state.db.read();
    if let Some(region_id) = params.region_id {
        scope = regions::repo::below(db, &scope, region_id).await?;
    }
    let day = params.date.unwrap_or_else(|| state.calendar.today(Utc::now()));
    let report =
        report::build(db, &state.calendar, &scope, Period::containing(kind, day), &state.settings.ranking).await?;
    if !csv_wanted {
        return Ok(Json(report).into_response());
    }
    let body = csv::render(&report, lang).map_err(|err| ApiError::internal(err.to_string()))?;
    Ok(crate::http::csv_out::attachment(body, &format!("report-{period}-{}.csv", report.period.start)))
}
