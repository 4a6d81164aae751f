//! `/app/search?q=`: one box for notices (by number or place), construction
//! sites (by name, address or permit number) and rural households (by the
//! head's name or address), each within what the user may see: notices as
//! the lists show them, sites and households in the user's region (bureau
//! staff only; a contractor finds their company's orders).

use askama::Template;
use axum::{
    extract::{Query, State},
    http::Uri,
    response::Response,
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    layout::{self, Chrome},
    rows::{self, NoticeRow},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    directory::{households, sites},
    error::ApiResult,
    notices::{entity::notice, query},
    policy::{self, Role},
};

/// Hits shown per kind.
const SHOWN: u64 = 20;

/// The query string.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    /// What to look for.
    #[serde(default)]
    pub q: String,
}

/// A site or household found.
#[derive(Debug)]
pub struct Place {
    /// Its name.
    pub name: String,
    /// Where it is, and what it is.
    pub detail: String,
    /// Its notices' list.
    pub notices: Option<String>,
}

/// The results page.
#[derive(Template)]
#[template(path = "web/search.html")]
pub struct SearchPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// What was looked for.
    pub q: String,
    /// Notices found.
    pub rows: Vec<NoticeRow>,
    /// Where a notice's page is (`/app/notices/` or a contractor's `/app/orders/`).
    pub link: &'static str,
    /// Sites found.
    pub sites: Vec<Place>,
    /// Households found.
    pub households: Vec<Place>,
}

/// `GET /app/search`.
pub async fn search(
    State(state): State<AppState>,
    signed: Signed,
    uri: Uri,
    Query(query): Query<SearchQuery>,
) -> ApiResult<Response> {
    let t = signed.t();
    let db = state.db.read();
    let q = query.q.trim().chars().take(100).collect::<String>();
    let (mut found_sites, mut found_households) = (Vec::new(), Vec::new());
    if !q.is_empty()
        && let Ok(scope) = policy::report_scope(&signed.user)
    {
        let named = Condition::any()
            .add(sites::entity::Column::Name.contains(&q))
            .add(sites::entity::Column::Address.contains(&q))
            .add(sites::entity::Column::PermitNumber.contains(&q));
        found_sites = sites::repo::in_scope(&scope)
            .filter(named)
            .order_by_asc(sites::entity::Column::Name)
            .limit(SHOWN)
            .all(db)
            .await?;
        let named = Condition::any()
            .add(households::entity::Column::HeadName.contains(&q))
            .add(households::entity::Column::Address.contains(&q));
        found_households = households::repo::in_scope(&scope)
            .filter(named)
            .order_by_asc(households::entity::Column::Address)
            .limit(SHOWN)
            .all(db)
            .await?;
    }
    let notices = if q.is_empty() {
        Vec::new()
    } else {
        // By number, or by a place found above (a contractor: by their sites' names).
        let mut places: Vec<Uuid> = found_sites.iter().map(|s| s.id).collect();
        if signed.user.role == Role::Contractor {
            let named = Condition::any()
                .add(sites::entity::Column::Name.contains(&q))
                .add(sites::entity::Column::Address.contains(&q));
            // Any site of that name: only the company's own orders are listed below.
            let ids: Vec<Uuid> = sites::entity::Entity::find()
                .filter(named)
                .select_only()
                .column(sites::entity::Column::Id)
                .limit(SHOWN * 5)
                .into_tuple()
                .all(db)
                .await?;
            places.extend(ids);
        }
        let households: Vec<Uuid> = found_households.iter().map(|h| h.id).collect();
        let matching = Condition::any()
            .add(notice::Column::Number.contains(&q))
            .add(notice::Column::SiteId.is_in(places))
            .add(notice::Column::HouseholdId.is_in(households));
        query::in_scope(&signed.user)
            .filter(matching)
            .order_by_desc(notice::Column::CreatedAt)
            .limit(SHOWN)
            .all(db)
            .await?
    };
    let link = if signed.user.role == Role::Contractor { "/app/orders/" } else { "/app/notices/" };
    let page = SearchPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        rows: rows::rows(db, t, &state.calendar, &notices).await?,
        link,
        sites: found_sites
            .into_iter()
            .map(|s| Place { detail: s.address, notices: Some(format!("/app/notices?site={}", s.id)), name: s.name })
            .collect(),
        households: found_households
            .into_iter()
            .map(|h| Place {
                detail: format!(
                    "{}{}{}",
                    h.address.unwrap_or_default(),
                    t.list_separator,
                    h.grade.map(|g| format!("{}{}{g}", t.grade, t.colon)).unwrap_or_else(|| t.not_graded.to_owned())
                ),
                notices: None,
                name: h.head_name,
            })
            .collect(),
        q,
    };
    Ok(layout::render(&page))
}
