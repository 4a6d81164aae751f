//! `POST /app/notices/{id}/actions/{action}`: the pages' forms act on a
//! notice through the same function as `POST /v1/notices/{id}/actions/{action}`
//! (lifecycle table, policy, history, sync), then go back to the page.

use axum::{Form, extract::State, response::Response};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    flash::{self, Flash},
    session::{Signed, safe_next},
};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult, Reason},
    http::json::Path,
    notices::{Calendar, perform::ActionBody, routes::act, service::ServiceForm},
};

/// The fields of an action form (the CSRF field is checked before).
#[derive(Debug, Deserialize)]
pub struct ActionForm {
    /// The comment (required to return, decline, reject, revoke).
    #[serde(default)]
    pub comment: String,
    /// The page to go back to.
    #[serde(default)]
    pub next: Option<String>,
    /// How it was served, to whom (`serve`).
    #[serde(flatten)]
    pub service: ServiceForm,
    /// When it was served, in the bureau's time (`serve`; empty: now).
    #[serde(default)]
    pub at: String,
}

impl ActionForm {
    /// The action's body: the comment, and a service with its time.
    fn body(self, calendar: &Calendar) -> ApiResult<ActionBody> {
        let at = local_time(calendar, &self.at)?;
        Ok(ActionBody { comment: self.comment, at, service: self.service.body(), ..ActionBody::default() })
    }
}

/// A `datetime-local` field's value in the bureau's time zone; empty is none.
fn local_time(calendar: &Calendar, value: &str) -> ApiResult<Option<DateTime<Utc>>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let local = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| ApiError::field("at", Reason::Invalid))?;
    let at = local.and_local_timezone(calendar.tz).earliest().ok_or_else(|| ApiError::field("at", Reason::Invalid))?;
    Ok(Some(at.with_timezone(&Utc)))
}

/// Performs the action, then goes back to `next` (or the notice's page)
/// saying what was done, or why not.
pub async fn act_on_notice(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, action)): Path<(Uuid, String)>,
    Form(form): Form<ActionForm>,
) -> ApiResult<Response> {
    let back = form.next.as_deref().map(|n| safe_next(Some(n))).unwrap_or_else(|| format!("/app/notices/{id}"));
    let done = match form.body(&state.calendar) {
        Ok(body) => act(&state, &signed.user, id, &action, body).await.map(|_| ()),
        Err(error) => Err(error),
    };
    go_back(&state, &signed, &back, &action, done)
}

/// Back to `to` with what `action` did, or, for a refusal the form can
/// mend, why not; any other error is the error page.
pub fn go_back(state: &AppState, signed: &Signed, to: &str, action: &str, done: ApiResult<()>) -> ApiResult<Response> {
    match done {
        Ok(()) => Ok(flash::redirect(state, to, &Flash::done(signed.t(), action))),
        Err(error) if flash::back_to_the_form(&error) => {
            Ok(flash::redirect(state, to, &Flash::refused(signed.t(), &error)))
        }
        Err(error) => Err(error),
    }
}
