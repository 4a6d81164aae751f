//! `POST /app/notices/{id}/actions/{action}`: the pages' forms act on a
//! notice through the same function as `POST /v1/notices/{id}/actions/{action}`
//! (lifecycle table, policy, history, sync), then go back to the page.

use axum::{Form, extract::State, response::Redirect};
use serde::Deserialize;
use uuid::Uuid;

use super::session::{Signed, safe_next};
use crate::{app::AppState, error::ApiResult, http::json::Path, notices::perform::ActionBody, notices::routes::act};

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

/// Performs the action, then goes back to `next` (or the notice's page).
pub async fn act_on_notice(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, action)): Path<(Uuid, String)>,
    Form(form): Form<ActionForm>,
) -> ApiResult<Redirect> {
    let body = ActionBody { comment: form.comment, ..ActionBody::default() };
    act(&state, &signed.user, id, &action, body).await?;
    let back = form.next.map(|n| safe_next(Some(&n))).unwrap_or_else(|| format!("/app/notices/{id}"));
    Ok(Redirect::to(&back))
}
