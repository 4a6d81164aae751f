//! `/app/admin/templates`: every version of every checklist template (an
//! admin's), a draft made from a version's body as edited on the page, and
//! publishing a draft; both through the API's own handlers, so the checks
//! and the audit row are the same.

use askama::Template;
use axum::{Form, extract::State, http::Uri, response::Response};
use sea_orm::{EntityTrait, QueryOrder};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    actions::go_back,
    layout::{self, Chrome},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult, Reason},
    http::json::{Json, Path},
    policy::template_admin,
    templates::{entity as template, routes as templates},
};

/// One version's line.
#[derive(Debug)]
pub struct VersionLine {
    /// Id.
    pub id: Uuid,
    /// Kind, in words.
    pub kind: String,
    /// Stored kind.
    pub kind_code: String,
    /// Code.
    pub code: String,
    /// Version.
    pub version: i32,
    /// Title in the page's language.
    pub title: String,
    /// Status, in words.
    pub status: String,
    /// Stored status.
    pub status_code: String,
    /// A draft: it may be published.
    pub draft: bool,
    /// The body, as JSON text to start a new version from.
    pub body: String,
}

/// The page.
#[derive(Template)]
#[template(path = "web/admin_templates.html")]
pub struct TemplatesPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// The session's CSRF token for the forms.
    pub csrf: String,
    /// Every version, newest first within a code.
    pub versions: Vec<VersionLine>,
}

/// `GET /app/admin/templates`.
pub async fn list(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    template_admin(&signed.user)?;
    let t = signed.t();
    let found = template::Entity::find()
        .order_by_asc(template::Column::Kind)
        .order_by_asc(template::Column::Code)
        .order_by_desc(template::Column::Version)
        .all(state.db.read())
        .await?;
    let versions = found
        .into_iter()
        .map(|m| {
            let title = &m.body.0["title"];
            VersionLine {
                id: m.id,
                kind: t.inspection_kind(&m.kind),
                title: title[t.lang.pick("en", "zh")].as_str().unwrap_or_default().to_owned(),
                status: t.template_status(&m.status),
                draft: m.status == "draft",
                status_code: m.status.clone(),
                body: serde_json::to_string_pretty(&m.body.0).unwrap_or_default(),
                kind_code: m.kind,
                code: m.code,
                version: m.version,
            }
        })
        .collect();
    let page =
        TemplatesPage { t, chrome: Some(Chrome::of(&signed, &uri.to_string())), csrf: signed.csrf.clone(), versions };
    Ok(layout::render(&page))
}

/// The new-version form.
#[derive(Debug, Deserialize)]
pub struct DraftForm {
    /// Kind.
    #[serde(default)]
    pub kind: String,
    /// Code.
    #[serde(default)]
    pub code: String,
    /// The body, as JSON text.
    #[serde(default)]
    pub body: String,
}

/// `POST /app/admin/templates`: a draft, the next version of its code.
pub async fn create_draft(
    State(state): State<AppState>,
    signed: Signed,
    Form(form): Form<DraftForm>,
) -> ApiResult<Response> {
    let done = match serde_json::from_str(&form.body) {
        Ok(body) => {
            let req = templates::CreateTemplate { kind: form.kind, code: form.code, body };
            templates::create_template(State(state.clone()), signed.user.clone(), Json(req)).await.map(|_| ())
        }
        Err(_) => Err(ApiError::field("body", Reason::Invalid)),
    };
    go_back(&state, &signed, "/app/admin/templates", "template_drafted", done)
}

/// `POST /app/admin/templates/{id}/publish`.
pub async fn publish(State(state): State<AppState>, signed: Signed, Path(id): Path<Uuid>) -> ApiResult<Response> {
    let done = templates::publish_template(State(state.clone()), signed.user.clone(), Path(id)).await.map(|_| ());
    go_back(&state, &signed, "/app/admin/templates", "template_published", done)
}
