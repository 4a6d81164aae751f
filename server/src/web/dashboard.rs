//! `/app/dashboard`: the region's figures of today and this month, overdue
//! notices first, and the township ranking as a bar chart drawn with CSS
//! widths. Inspections come from the reports; every notice figure is the
//! count of the notice list it links to, so a card and its list agree.

use askama::Template;
use axum::{extract::State, http::Uri, response::Response};
use chrono::{NaiveDate, Utc};
use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};

use super::{
    layout::{self, Chrome},
    notices_list::{self, ListQuery},
    rows::{self, NoticeRow},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    error::ApiResult,
    notices::{entity::notice, state::State as NoticeState},
    policy,
    reports::{
        figures::Figures,
        period::{Period, PeriodKind},
        report::{self, Report},
    },
};

/// Overdue notices shown on the dashboard (the list shows them all).
const OVERDUE_SHOWN: u64 = 20;

/// One number of the dashboard.
#[derive(Debug)]
pub struct Figure {
    /// What it counts.
    pub label: &'static str,
    /// The count, formatted.
    pub value: String,
    /// The list of what it counts.
    pub href: Option<String>,
}

/// One township's bar.
#[derive(Debug)]
pub struct Bar {
    /// Place in the ranking.
    pub rank: usize,
    /// Township.
    pub name: String,
    /// The composite score as a bar width, 0–100.
    pub width: u32,
    /// The score, formatted.
    pub score: String,
    /// The rectification rate, formatted.
    pub rate: String,
    /// Notices issued this month.
    pub issued: i64,
    /// Among the last places (末位).
    pub last_place: bool,
}

/// The dashboard.
#[derive(Template)]
#[template(path = "web/dashboard.html")]
pub struct DashboardPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// Today's figures.
    pub today: Vec<Figure>,
    /// This month's figures.
    pub month: Vec<Figure>,
    /// Notices overdue now.
    pub overdue: Figure,
    /// Overdue notices, oldest deadline first.
    pub rows: Vec<NoticeRow>,
    /// Township ranking of this month.
    pub ranking: Vec<Bar>,
}

fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_else(|| "—".to_owned())
}

/// The notices the list shows with `q`: how many, and the link to it.
async fn listed(state: &AppState, signed: &Signed, q: ListQuery) -> ApiResult<(u64, String)> {
    let count = notices_list::select(state, signed, &q).await?.count(state.db.read()).await?;
    Ok((count, format!("/app/notices?{}", q.query_string())))
}

/// The figures of `period` (`from` to `to`): inspections, and the notices
/// issued in it, with those rectified and the rate.
async fn figures(
    state: &AppState,
    signed: &Signed,
    inspections: &Figures,
    (from, to): (NaiveDate, NaiveDate),
) -> ApiResult<Vec<Figure>> {
    let t = signed.t();
    let period = ListQuery { from: from.to_string(), to: to.to_string(), ..ListQuery::default() };
    let (issued, issued_href) = listed(state, signed, period.clone()).await?;
    let rectified_q = ListQuery { state: NoticeState::Verified.as_str().to_owned(), ..period };
    let (rectified, rectified_href) = listed(state, signed, rectified_q).await?;
    let rate = (issued > 0).then(|| rectified as f64 / issued as f64);
    Ok(vec![
        Figure { label: t.inspections, value: inspections.inspections.to_string(), href: None },
        Figure { label: t.sites_inspected, value: inspections.sites_inspected.to_string(), href: None },
        Figure { label: t.notices_issued, value: issued.to_string(), href: Some(issued_href) },
        Figure { label: t.rectified, value: rectified.to_string(), href: Some(rectified_href) },
        Figure { label: t.rectification_rate, value: percent(rate), href: None },
    ])
}

fn ranking(report: &Report) -> Vec<Bar> {
    report
        .townships
        .iter()
        .map(|line| Bar {
            rank: line.rank,
            name: line.name.clone(),
            width: line.score.round().clamp(0.0, 100.0) as u32,
            score: format!("{:.1}", line.score),
            rate: percent(line.total.rectification_rate),
            issued: line.total.issued(),
            last_place: line.last_place,
        })
        .collect()
}

/// `GET /app/dashboard`: bureau staff (reports' scope); contractors get 403.
pub async fn show_dashboard(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    let scope = policy::report_scope(&signed.user)?;
    let db = state.db.read();
    let today = state.calendar.today(Utc::now());
    let day = Period::containing(PeriodKind::Daily, today);
    let month = Period::containing(PeriodKind::Monthly, today);
    let daily = report::build(db, &state.calendar, &scope, day, &state.settings.ranking).await?;
    let monthly = report::build(db, &state.calendar, &scope, month, &state.settings.ranking).await?;
    let overdue_q = ListQuery { overdue: "true".into(), ..ListQuery::default() };
    let (overdue_count, overdue_href) = listed(&state, &signed, overdue_q.clone()).await?;
    let overdue = notices_list::select(&state, &signed, &overdue_q)
        .await?
        .order_by_asc(notice::Column::Deadline)
        .order_by_asc(notice::Column::Id)
        .limit(OVERDUE_SHOWN)
        .all(db)
        .await?;
    let t = signed.t();
    let page = DashboardPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        today: figures(&state, &signed, &daily.total, (today, today)).await?,
        month: figures(&state, &signed, &monthly.total, (month.start, today)).await?,
        overdue: Figure { label: t.overdue_now, value: overdue_count.to_string(), href: Some(overdue_href) },
        rows: rows::rows(db, t, &state.calendar, &overdue).await?,
        ranking: ranking(&monthly),
    };
    Ok(layout::render(&page))
}
