//! `/app/admin/sites` and `/app/admin/households`: the places in the
//! reader's scope, and the county's spreadsheet imported into them. The
//! file goes to the API's own import (same checks, all rows or none); its
//! outcome, or each bad line in words, comes back on the page.

use std::collections::HashMap;

use askama::Template;
use axum::{body::Body, extract::State, http::Uri, response::Response};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;
use sync_protocol::ErrorCode;

use super::{
    admin_places,
    flash::{self, Flash},
    layout::{self, Chrome},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    directory::{households, import, sites},
    error::{ApiError, ApiResult},
    http::json::Json,
    policy::directory_admin,
};

/// Places listed at most.
const SHOWN: u64 = 300;
/// Bad lines named on the page at most (the rest are counted).
const LINES_SHOWN: usize = 12;

/// One place's line.
#[derive(Debug)]
pub struct PlaceLine {
    /// Name (site) or head of household.
    pub name: String,
    /// Address.
    pub address: String,
    /// Township or village.
    pub region: String,
    /// Status, category or grade, in words.
    pub detail: String,
}

/// The page.
#[derive(Template)]
#[template(path = "web/admin_directory.html")]
pub struct DirectoryPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// The session's CSRF token (the import script sends it as a header).
    pub csrf: String,
    /// `sites` or `households`.
    pub kind: &'static str,
    /// The page's title.
    pub title: &'static str,
    /// The columns a file has, in the county's words.
    pub columns_hint: &'static str,
    /// The places.
    pub places: Vec<PlaceLine>,
}

async fn region_names(state: &AppState, ids: Vec<uuid::Uuid>) -> ApiResult<HashMap<uuid::Uuid, String>> {
    Ok(admin_places::region_names(state.db.read(), ids).await?)
}

/// `GET /app/admin/sites`.
pub async fn list_sites(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    let admin = directory_admin(&signed.user)?;
    let t = signed.t();
    let found = sites::repo::in_scope(admin.scope())
        .order_by_asc(sites::entity::Column::Name)
        .limit(SHOWN)
        .all(state.db.read())
        .await?;
    let names = region_names(&state, found.iter().map(|s| s.region_id).collect()).await?;
    let places = found
        .into_iter()
        .map(|s| PlaceLine {
            region: names.get(&s.region_id).cloned().unwrap_or_default(),
            detail: t.site_status(&s.status),
            name: s.name,
            address: s.address,
        })
        .collect();
    let page = DirectoryPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        csrf: signed.csrf.clone(),
        kind: "sites",
        title: t.nav_sites,
        columns_hint: t.sites_columns,
        places,
    };
    Ok(layout::render(&page))
}

/// `GET /app/admin/households`.
pub async fn list_households(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    let admin = directory_admin(&signed.user)?;
    let t = signed.t();
    let found = households::repo::in_scope(admin.scope())
        .filter(households::entity::Column::Disabled.eq(false))
        .order_by_asc(households::entity::Column::Address)
        .limit(SHOWN)
        .all(state.db.read())
        .await?;
    let names = region_names(&state, found.iter().map(|h| h.region_id).collect()).await?;
    let places = found
        .into_iter()
        .map(|h| PlaceLine {
            region: names.get(&h.region_id).cloned().unwrap_or_default(),
            detail: match &h.grade {
                Some(grade) => format!("{}{}{grade}", t.grade, t.colon),
                None => t.not_graded.to_owned(),
            },
            name: h.head_name,
            address: h.address.unwrap_or_default(),
        })
        .collect();
    let page = DirectoryPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        csrf: signed.csrf.clone(),
        kind: "households",
        title: t.nav_households,
        columns_hint: t.households_columns,
        places,
    };
    Ok(layout::render(&page))
}

/// What an import did, or each bad line in words.
fn outcome(t: &Text, result: ApiResult<Json<import::ImportSummary>>) -> ApiResult<Flash> {
    match result {
        Ok(Json(summary)) => Ok(Flash { ok: true, lines: vec![t.imported(summary.imported, summary.skipped)] }),
        Err(error) if matches!(error.code(), ErrorCode::ImportFailed | ErrorCode::ImportInterrupted) => {
            Ok(Flash { ok: false, lines: bad_lines(t, &error) })
        }
        Err(error) if flash::back_to_the_form(&error) => Ok(Flash::refused(t, &error)),
        Err(error) => Err(error),
    }
}

/// The message, then "第 5 行：身份证号：…" for the first bad lines, and how many more.
fn bad_lines(t: &Text, error: &ApiError) -> Vec<String> {
    let body = error.body(t.lang, None);
    let details = &body["error"]["details"];
    let mut lines = vec![body["error"]["message"].as_str().unwrap_or_default().to_owned()];
    let rows = details["rows"].as_array().cloned().unwrap_or_default();
    for row in rows.iter().take(LINES_SHOWN) {
        let line = row["line"].as_u64().unwrap_or_default();
        let fields: Vec<String> = row["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                let name = t.field_label(f["field"].as_str().unwrap_or_default());
                format!("{name}{}{}", t.colon, f["message"].as_str().unwrap_or_default())
            })
            .collect();
        lines.push(format!("{}{}{}", t.line_number(line), t.colon, fields.join(t.sentence_separator)));
    }
    let total = details["failed_rows"].as_u64().unwrap_or(rows.len() as u64);
    if total > LINES_SHOWN.min(rows.len()) as u64 {
        lines.push(t.more_bad_lines(total));
    }
    if let Some(Value::Number(imported)) = details.get("imported") {
        lines.push(t.imported(imported.as_u64().unwrap_or_default(), 0));
    }
    lines
}

/// `POST /app/admin/sites/import` (the CSV file as the body; the token in the header).
pub async fn import_sites(State(state): State<AppState>, signed: Signed, body: Body) -> ApiResult<Response> {
    let result = import::sites::import_sites(State(state.clone()), signed.user.clone(), body).await;
    Ok(flash::redirect(&state, "/app/admin/sites", &outcome(signed.t(), result)?))
}

/// `POST /app/admin/households/import`.
pub async fn import_households(State(state): State<AppState>, signed: Signed, body: Body) -> ApiResult<Response> {
    let result = import::households::import_households(State(state.clone()), signed.user.clone(), body).await;
    Ok(flash::redirect(&state, "/app/admin/households", &outcome(signed.t(), result)?))
}
