//! `POST /app/notices/{id}/actions/{action}`: the pages' forms act on a
//! notice through the same function as `POST /v1/notices/{id}/actions/{action}`
//! (lifecycle table, policy, history, sync), then go back to the page.

use axum::{Form, extract::State, response::Response};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    flash::{self, Flash},
    session::{Signed, safe_next},
};
use crate::{
    app::AppState,
    error::ApiResult,
    http::json::Path,
    notices::{perform::ActionBody, routes::act},
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
}

/// Performs the action, then goes back to `next` (or the notice's page)
/// saying what was done, or why not.
pub async fn act_on_notice(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, action)): Path<(Uuid, String)>,
    Form(form): Form<ActionForm>,
) -> ApiResult<Response> {
    let body = ActionBody { comment: form.comment, ..ActionBody::default() };
    let back = form.next.map(|n| safe_next(Some(&n))).unwrap_or_else(|| format!("/app/notices/{id}"));
    let done = act(&state, &signed.user, id, &action, body).await.map(|_| ());
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
