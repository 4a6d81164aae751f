//! `/app/admin/organisations`: the companies and bureaus an admin or
//! supervisor sees, and a form that registers a contractor company (with
//! its unified social credit code), through the API's own path.

use askama::Template;
use axum::{Form, extract::State, http::Uri, response::Response};
use sea_orm::{QueryOrder, QuerySelect};
use serde::Deserialize;

use super::{
    actions::go_back,
    admin_places::{self, Choice},
    layout::{self, Chrome},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    directory::organisations::{
        entity as organisation, repo,
        routes::{self as organisations, CreateOrganisation},
    },
    error::ApiResult,
    policy::directory_admin,
};

/// Organisations listed at most.
const SHOWN: u64 = 500;

/// One organisation's line.
#[derive(Debug)]
pub struct OrgLine {
    /// Name.
    pub name: String,
    /// Kind, in words.
    pub kind: String,
    /// Credit code.
    pub credit_code: String,
    /// Contact and phone.
    pub contact: String,
}

/// The page.
#[derive(Template)]
#[template(path = "web/admin_orgs.html")]
pub struct OrgsPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// The session's CSRF token for the form.
    pub csrf: String,
    /// The organisations.
    pub organisations: Vec<OrgLine>,
    /// Kinds the reader may register.
    pub kinds: Vec<Choice>,
    /// Regions a company may be registered in.
    pub regions: Vec<Choice>,
}

/// `GET /app/admin/organisations`.
pub async fn list(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    let admin = directory_admin(&signed.user)?;
    let t = signed.t();
    let db = state.db.read();
    let found = repo::in_scope(&admin).order_by_asc(organisation::Column::Name).limit(SHOWN).all(db).await?;
    let organisations = found
        .into_iter()
        .map(|o| OrgLine {
            kind: t.organisation_kind_name(&o.kind),
            credit_code: o.credit_code.unwrap_or_default(),
            contact: [o.contact_name, o.contact_phone].into_iter().flatten().collect::<Vec<_>>().join(" "),
            name: o.name,
        })
        .collect();
    // Supervisors register contractor companies only.
    let kinds = repo::KINDS
        .iter()
        .filter(|k| admin.is_admin() || **k == repo::CONTRACTOR)
        .map(|k| Choice { value: (*k).to_owned(), label: t.organisation_kind_name(k) })
        .collect();
    let page = OrgsPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        csrf: signed.csrf.clone(),
        organisations,
        kinds,
        regions: admin_places::regions(db, &admin).await?,
    };
    Ok(layout::render(&page))
}

/// The register form.
#[derive(Debug, Deserialize)]
pub struct NewOrgForm {
    /// Kind.
    #[serde(default)]
    pub kind: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Unified social credit code.
    #[serde(default)]
    pub credit_code: String,
    /// Region id.
    #[serde(default)]
    pub region_id: String,
    /// Contact.
    #[serde(default)]
    pub contact_name: String,
    /// Contact phone.
    #[serde(default)]
    pub contact_phone: String,
}

fn given(text: String) -> Option<String> {
    Some(text).filter(|t| !t.trim().is_empty())
}

/// `POST /app/admin/organisations`.
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(form): Form<NewOrgForm>,
) -> ApiResult<Response> {
    let req = CreateOrganisation {
        kind: form.kind,
        name: form.name,
        credit_code: given(form.credit_code),
        region_id: form.region_id.trim().parse().ok(),
        contact_name: given(form.contact_name),
        contact_phone: given(form.contact_phone),
    };
    let done = organisations::create(&state, &signed.user, req).await.map(|_| ());
    go_back(&state, &signed, "/app/admin/organisations", "organisation_created", done)
}
