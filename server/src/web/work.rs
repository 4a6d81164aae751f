//! The inspector's page: their recent inspections and the notices they
//! wrote that are still open, read-only (they work on the phone); the
//! notices link to the shared notice page.

use askama::Template;
use axum::{extract::State, http::Uri, response::Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{
    dates,
    layout::{self, Chrome},
    orders::open_in_scope,
    rows::{self, NoticeRow},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    directory::{households::entity as household, sites::entity as site},
    error::{ApiError, ApiResult},
    inspections::entity as inspection,
    notices::entity::notice,
    policy::{self, Role},
};

/// How many inspections the page lists.
const INSPECTIONS_SHOWN: u64 = 30;

/// One inspection's line.
#[derive(Debug, Clone)]
pub struct InspectionRow {
    /// When it started (bureau time).
    pub started: String,
    /// The site's name, or the household's head.
    pub place: String,
    /// `draft` or `finished`, in the page language.
    pub status: String,
    /// Score and grade, when the checklist gives them.
    pub result: String,
    /// How many findings.
    pub findings: usize,
}

/// The page.
#[derive(Template)]
#[template(path = "web/work.html")]
pub struct WorkPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// Their inspections, newest first.
    pub inspections: Vec<InspectionRow>,
    /// Their open notices, most urgent first.
    pub notices: Vec<NoticeRow>,
}

/// `GET /app/work`.
pub async fn show_work(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    if signed.user.role != Role::Inspector {
        return Err(ApiError::not_found());
    }
    let db = state.db.read();
    let t = signed.t();
    let user = &signed.user;
    let mine: Vec<inspection::Model> = inspection::Entity::find()
        .filter(inspection::Column::InspectorId.eq(user.user_id))
        .order_by_desc(inspection::Column::StartedAt)
        .limit(INSPECTIONS_SHOWN)
        .all(db)
        .await?
        .into_iter()
        // Their own, and still theirs to see (a moved inspector sees their new township only).
        .filter(|m| policy::may_inspect(user, &m.region_path))
        .collect();
    let sites =
        site::Entity::find().filter(site::Column::Id.is_in(mine.iter().filter_map(|m| m.site_id))).all(db).await?;
    let households = household::Entity::find()
        .filter(household::Column::Id.is_in(mine.iter().filter_map(|m| m.household_id)))
        .all(db)
        .await?;
    let place = |m: &inspection::Model| {
        let site = sites.iter().find(|s| Some(s.id) == m.site_id).map(|s| s.name.clone());
        let home = households.iter().find(|h| Some(h.id) == m.household_id).map(|h| h.head_name.clone());
        site.or(home).unwrap_or_default()
    };
    let inspections = mine
        .iter()
        .map(|m| InspectionRow {
            started: dates::moment(t, &state.calendar, m.started_at),
            place: place(m),
            status: t.inspection_status(&m.status),
            result: [m.score.map(|s| format!("{s:.0}")), m.grade.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            findings: m.findings.len(),
        })
        .collect();
    let open = open_in_scope(user).filter(notice::Column::AuthorId.eq(user.user_id)).all(db).await?;
    let page = WorkPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        inspections,
        notices: rows::rows(db, t, &state.calendar, &open).await?,
    };
    Ok(layout::render(&page))
}
