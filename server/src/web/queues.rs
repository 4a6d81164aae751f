//! The supervisor's queues: `/app/review` (notices issued on the spot,
//! waiting for review: approve, or return with a comment) and
//! `/app/approvals` (strong measures waiting for approval: approve or
//! decline). The forms post to [`super::actions`], the API's path.

use askama::Template;
use axum::{extract::State, http::Uri, response::Response};
use sea_orm::{QueryOrder, QuerySelect};

use super::{
    layout::{self, Chrome},
    rows::{self, NoticeRow},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult},
    notices::{
        entity::notice,
        query::{self, NoticeFilter},
    },
    policy,
};

/// Most notices one queue page shows, oldest first (work the head of the queue).
const SHOWN: u64 = 100;

/// A queue of notices with a form each.
#[derive(Template)]
#[template(path = "web/queue.html")]
pub struct QueuePage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// Title.
    pub title: &'static str,
    /// Said when empty.
    pub empty: &'static str,
    /// This page's path (the forms come back here).
    pub here: &'static str,
    /// The session's CSRF token.
    pub csrf: String,
    /// The action that agrees (`review_approve`, `approve`).
    pub yes_action: &'static str,
    /// Its label.
    pub yes_label: String,
    /// The action that sends back (`review_return`, `decline`).
    pub no_action: &'static str,
    /// Its label.
    pub no_label: String,
    /// The notices.
    pub rows: Vec<NoticeRow>,
}

struct Queue {
    filter: NoticeFilter,
    title: fn(&Text) -> &'static str,
    empty: fn(&Text) -> &'static str,
    here: &'static str,
    yes: &'static str,
    no: &'static str,
}

async fn show(state: &AppState, signed: &Signed, uri: &Uri, queue: Queue) -> ApiResult<Response> {
    if !policy::works_supervisor_queues(&signed.user) {
        return Err(ApiError::forbidden());
    }
    let db = state.db.read();
    let found = query::filtered(db, &state.calendar, &signed.user, &queue.filter)
        .await?
        .order_by_asc(notice::Column::UpdatedAt)
        .order_by_asc(notice::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?;
    let t = signed.t();
    let page = QueuePage {
        t,
        chrome: Some(Chrome::of(signed, &uri.to_string())),
        title: (queue.title)(t),
        empty: (queue.empty)(t),
        here: queue.here,
        csrf: signed.csrf.clone(),
        yes_action: queue.yes,
        yes_label: t.action(queue.yes),
        no_action: queue.no,
        no_label: t.action(queue.no),
        rows: rows::rows(db, t, &state.calendar, &found).await?,
    };
    Ok(layout::render(&page))
}

/// `GET /app/review`: notices waiting for the supervisor's review.
pub async fn review_queue(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    let queue = Queue {
        filter: NoticeFilter { review: Some("pending".into()), ..NoticeFilter::default() },
        title: |t| t.nav_review,
        empty: |t| t.review_empty,
        here: "/app/review",
        yes: "review_approve",
        no: "review_return",
    };
    show(&state, &signed, &uri, queue).await
}

/// `GET /app/approvals`: strong measures waiting for approval.
pub async fn approval_queue(State(state): State<AppState>, signed: Signed, uri: Uri) -> ApiResult<Response> {
    let queue = Queue {
        filter: NoticeFilter { state: Some("pending_approval".into()), ..NoticeFilter::default() },
        title: |t| t.nav_approvals,
        empty: |t| t.approvals_empty,
        here: "/app/approvals",
        yes: "approve",
        no: "decline",
    };
    show(&state, &signed, &uri, queue).await
}
