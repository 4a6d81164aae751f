//! `/app/notices`: the notices the user sees, filtered by township, kind,
//! state, review, issue dates and overdue, fifty a page; and
//! `/app/notices.csv`, exactly the filtered list as a spreadsheet.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::Uri,
    response::Response,
};
use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder, Select};
use serde::Deserialize;

use super::{
    layout::{self, Chrome},
    rows::{self, NoticeRow},
    session::{Signed, url_escape},
    text::Text,
};
use crate::{
    app::AppState,
    directory::regions::{Level, entity as region, repo as regions},
    error::{ApiError, ApiResult},
    http::csv_out::CsvOut,
    notices::{
        entity::notice,
        query::{self, NoticeFilter},
    },
    policy::{self, RegionScope},
};

/// Notices per page.
const PER_PAGE: u64 = 50;
/// Most notices one CSV export holds.
const MAX_EXPORT: u64 = 50_000;

/// The list's query string, as the filter form sends it (empty means any).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ListQuery {
    /// Township id.
    #[serde(default)]
    pub township: String,
    /// Kind.
    #[serde(default)]
    pub kind: String,
    /// State.
    #[serde(default)]
    pub state: String,
    /// Review state.
    #[serde(default)]
    pub review: String,
    /// Issued on or after (YYYY-MM-DD).
    #[serde(default)]
    pub from: String,
    /// Issued on or before (YYYY-MM-DD).
    #[serde(default)]
    pub to: String,
    /// `true`: overdue only.
    #[serde(default)]
    pub overdue: String,
    /// Site id: that site's notices only.
    #[serde(default)]
    pub site: String,
    /// Page, from 1.
    #[serde(default)]
    pub page: Option<u64>,
}

fn given(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

impl ListQuery {
    /// The domain's filter; a value that does not parse filters nothing.
    pub fn filter(&self) -> NoticeFilter {
        NoticeFilter {
            state: given(&self.state),
            kind: given(&self.kind),
            review: given(&self.review),
            site_id: given(&self.site).and_then(|v| v.parse().ok()),
            region_id: given(&self.township).and_then(|v| v.parse().ok()),
            overdue: (self.overdue == "true").then_some(true),
            issued_from: given(&self.from).and_then(|v| v.parse().ok()),
            issued_to: given(&self.to).and_then(|v| v.parse().ok()),
        }
    }

    /// The filters as a query string (without the page), for links.
    pub fn query_string(&self) -> String {
        [
            ("township", &self.township),
            ("kind", &self.kind),
            ("state", &self.state),
            ("review", &self.review),
            ("from", &self.from),
            ("to", &self.to),
            ("overdue", &self.overdue),
            ("site", &self.site),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", url_escape(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// A choice of a filter's drop-down.
#[derive(Debug)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What it says.
    pub label: String,
    /// Chosen now.
    pub selected: bool,
}

/// A filter's drop-down.
#[derive(Debug)]
pub struct Dropdown {
    /// Field name.
    pub name: &'static str,
    /// Label.
    pub label: &'static str,
    /// Choices after "any".
    pub choices: Vec<Choice>,
}

fn dropdown(name: &'static str, label: &'static str, current: &str, choices: Vec<(String, String)>) -> Dropdown {
    let choices =
        choices.into_iter().map(|(value, label)| Choice { selected: value == current, value, label }).collect();
    Dropdown { name, label, choices }
}

/// The notice list.
#[derive(Template)]
#[template(path = "web/notices.html")]
pub struct NoticesPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// The filters as sent.
    pub q: ListQuery,
    /// Drop-downs of the filter form.
    pub dropdowns: Vec<Dropdown>,
    /// This page's notices.
    pub rows: Vec<NoticeRow>,
    /// How many match.
    pub total: u64,
    /// This page, from 1.
    pub page: u64,
    /// Pages.
    pub pages: u64,
    /// The filters as a query string.
    pub qs: String,
}

/// The user's notices that pass the filters, newest first.
pub(super) async fn select(state: &AppState, signed: &Signed, q: &ListQuery) -> ApiResult<Select<notice::Entity>> {
    let select = query::filtered(state.db.read(), &state.calendar, &signed.user, &q.filter()).await?;
    Ok(select.order_by_desc(notice::Column::CreatedAt).order_by_desc(notice::Column::Id))
}

/// The townships the user may filter by.
async fn townships(state: &AppState, signed: &Signed) -> ApiResult<Vec<(String, String)>> {
    let scope = policy::report_scope(&signed.user).unwrap_or(RegionScope::None);
    let found = regions::in_scope(&scope)
        .filter(region::Column::Level.eq(Level::Township.as_str()))
        .order_by_asc(region::Column::Path)
        .all(state.db.read())
        .await?;
    Ok(found.into_iter().map(|r| (r.id.to_string(), r.name)).collect())
}

/// `GET /app/notices`.
pub async fn list_notices(
    State(state): State<AppState>,
    signed: Signed,
    uri: Uri,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let t = signed.t();
    let db = state.db.read();
    let paginator = select(&state, &signed, &q).await?.paginate(db, PER_PAGE);
    let total = paginator.num_items().await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let found = paginator.fetch_page(page - 1).await?;
    let labelled = |pairs: Vec<(&'static str, &'static str)>| {
        pairs.into_iter().map(|(v, l)| (v.to_owned(), l.to_owned())).collect::<Vec<_>>()
    };
    let dropdowns = vec![
        dropdown("township", t.township, &q.township, townships(&state, &signed).await?),
        dropdown("kind", t.kind, &q.kind, labelled(t.choices("kind"))),
        dropdown("state", t.state, &q.state, labelled(t.choices("state"))),
        dropdown("review", t.review, &q.review, labelled(t.choices("review"))),
    ];
    let page = NoticesPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        qs: q.query_string(),
        dropdowns,
        rows: rows::rows(db, t, &state.calendar, &found).await?,
        total,
        page,
        pages,
        q,
    };
    Ok(layout::render(&page))
}

/// `GET /app/notices.csv`: every notice the list shows with these filters
/// (all pages), UTF-8 with a byte-order mark so Excel reads the Chinese.
pub async fn export_notices(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let t = signed.t();
    let db = state.db.read();
    let paginator = select(&state, &signed, &q).await?.paginate(db, 1_000);
    let mut out = CsvOut::with_bom();
    let header =
        [t.number, t.kind, t.state, t.review, t.site, t.township, t.addressee, t.deadline, t.issued_at, t.overdue];
    out.row(header).map_err(ApiError::internal)?;
    let mut page = 0;
    while page * 1_000 < MAX_EXPORT {
        let found = paginator.fetch_page(page).await?;
        if found.is_empty() {
            break;
        }
        for (m, row) in found.iter().zip(rows::rows(db, t, &state.calendar, &found).await?) {
            let overdue = if row.overdue { t.yes } else { t.no };
            // Dates as a spreadsheet reads them, not as the page says them.
            let deadline = m.deadline.map(|d| d.to_string()).unwrap_or_default();
            let issued = m
                .issued_at
                .map(|at| at.with_timezone(&state.calendar.tz).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            let record = [
                row.number.as_str(),
                &row.kind,
                &row.state,
                &row.review,
                &row.site,
                &row.township,
                &row.addressee,
                &deadline,
                &issued,
                overdue,
            ];
            out.row(record).map_err(ApiError::internal)?;
        }
        page += 1;
    }
    Ok(crate::http::csv_out::attachment(out.finish().map_err(ApiError::internal)?, "notices.csv"))
}
