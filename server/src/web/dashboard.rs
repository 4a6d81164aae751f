//! `/app/dashboard`: the region's figures of today and this month (the
//! reports' own numbers), overdue notices first, and the township ranking
//! as a bar chart drawn with CSS widths.

use askama::Template;
use axum::{extract::State, http::Uri, response::Response};
use chrono::Utc;
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{
    layout::{self, Chrome},
    rows::{self, NoticeRow},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    error::ApiResult,
    notices::{entity::notice, query, state::State as NoticeState},
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
}

/// One township's bar.
#[derive(Debug)]
pub struct Bar {
    /// Place in the ranking.
    pub rank: usize,
    /// Township.
    pub name: String,
    /// Rectification rate as a bar width, 0–100.
    pub width: u32,
    /// The rate, formatted.
    pub rate: String,
    /// Notices issued this month.
    pub issued: i64,
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
    /// Overdue notices, oldest deadline first.
    pub rows: Vec<NoticeRow>,
    /// Township ranking of this month.
    pub ranking: Vec<Bar>,
}

fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_else(|| "—".to_owned())
}

fn figures(t: &Text, f: &Figures) -> Vec<Figure> {
    vec![
        Figure { label: t.inspections, value: f.inspections.to_string() },
        Figure { label: t.sites_inspected, value: f.sites_inspected.to_string() },
        Figure { label: t.notices_issued, value: f.issued().to_string() },
        Figure { label: t.rectified, value: f.rectified.to_string() },
        Figure { label: t.overdue, value: f.overdue.to_string() },
        Figure { label: t.rectification_rate, value: percent(f.rectification_rate) },
    ]
}

fn ranking(report: &Report) -> Vec<Bar> {
    report
        .townships
        .iter()
        .map(|line| Bar {
            rank: line.rank,
            name: line.name.clone(),
            width: line.total.rectification_rate.map(|r| (r * 100.0).round().clamp(0.0, 100.0) as u32).unwrap_or(0),
            rate: percent(line.total.rectification_rate),
            issued: line.total.issued(),
        })
        .collect()
}

/// `GET /app/dashboard`: bureau staff (reports' scope); contractors get 403.
pub async fn show_dashboard(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    let scope = policy::report_scope(&signed.user)?;
    let db = state.db.read();
    let today = state.calendar.today(Utc::now());
    let daily = report::build(db, &state.calendar, &scope, Period::containing(PeriodKind::Daily, today)).await?;
    let monthly = report::build(db, &state.calendar, &scope, Period::containing(PeriodKind::Monthly, today)).await?;
    let overdue = query::in_scope(&signed.user)
        .filter(notice::Column::OverdueAt.is_not_null())
        .filter(notice::Column::State.is_in(NoticeState::outstanding_names()))
        .order_by_asc(notice::Column::Deadline)
        .order_by_asc(notice::Column::Id)
        .limit(OVERDUE_SHOWN)
        .all(db)
        .await?;
    let t = signed.t();
    let page = DashboardPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        today: figures(t, &daily.total),
        month: figures(t, &monthly.total),
        rows: rows::rows(db, t, &state.calendar, &overdue).await?,
        ranking: ranking(&monthly),
    };
    Ok(layout::render(&page))
}
