//! A contractor's order: what the notice says, acknowledging it, answering
//! it with a report and photos, and the inspector's verdict. The forms act
//! through `notices::routes::act`, the function behind
//! `POST /v1/notices/{id}/actions/{action}`; photos go up first through
//! `/app/uploads` (see `uploads`) and the form names them by SHA-256.

use askama::Template;
use axum::{Form, extract::State, http::Uri, response::Response};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    actions::go_back,
    captions::{Captions, photos_of},
    dates,
    earlier_answers::{EarlierAnswer, earlier},
    layout::{self, Chrome},
    notice_facts,
    notice_page::user_names,
    orders::contractor_only,
    rows::{self, NoticeRow},
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult},
    http::json::Path,
    notices::{
        access,
        content::{NoticeContent, Response as Answer},
        entity::notice,
        lifecycle::{self, Action},
        perform::ActionBody,
        record::{kind_of, standing, state_of},
        routes::act,
        state::State as NoticeState,
        view,
    },
};

/// The page.
#[derive(Template)]
#[template(path = "web/order.html")]
pub struct OrderPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// The session's CSRF token for the forms.
    pub csrf: String,
    /// The notice's line: number, kind, state, site, deadline.
    pub row: NoticeRow,
    /// When it was acknowledged and last answered (bureau time), or empty.
    pub acknowledged: String,
    /// When it was last answered, or empty.
    pub responded: String,
    /// What it says.
    pub content: NoticeContent,
    /// The company's last answer.
    pub answer: Option<Answer>,
    /// The re-inspection's outcome or what is awaited, if answered.
    pub verdict: Option<&'static str>,
    /// The inspector's comment on the re-inspection.
    pub verdict_comment: String,
    /// Whether the company may acknowledge it now.
    pub can_acknowledge: bool,
    /// Whether the company may answer it now.
    pub can_respond: bool,
    /// The company's answers a later one superseded, with why they were not accepted.
    pub earlier: Vec<EarlierAnswer>,
    /// When and where each photo was taken.
    pub captions: Captions,
    /// Days left to the deadline, in words ("还剩 2 天", "逾期 3 天"), while it is open.
    pub days_left: Option<String>,
    /// What a strong measure means for the company, in a banner.
    pub measure: Option<&'static str>,
    /// How it was served (the 送达回证), or that it waits to be.
    pub served: Option<String>,
    /// What a stop-work or sealing order holds on site, or how it ended.
    pub on_site: Option<notice_facts::OnSite>,
    /// The steps of its escalation, with their documents.
    pub escalations: Vec<notice_facts::EscalationLine>,
}

/// Whether the lifecycle table lets the user perform `action` now.
fn allowed(user: &crate::auth::AuthUser, m: &notice::Model, action: Action) -> bool {
    lifecycle::decide(kind_of(m), standing(m), action, access::parties(user, m)).is_ok()
}

/// `GET /app/orders/{id}`: another company's order, like an unknown one, is 404.
pub async fn show_order(
    State(state): State<AppState>,
    signed: Signed,
    uri: Uri,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    contractor_only(&signed)?;
    let db = state.db.read();
    let t = signed.t();
    let m = access::visible(db, &signed.user, id).await?;
    let row = rows::rows(db, t, &state.calendar, std::slice::from_ref(&m))
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("no row for a notice"))?;
    let at = |when: Option<chrono::DateTime<chrono::Utc>>| {
        when.map(|at| dates::moment(t, &state.calendar, at)).unwrap_or_default()
    };
    let verdict = match state_of(&m) {
        NoticeState::Verified => Some(t.verdict_verified),
        NoticeState::Rejected => Some(t.verdict_rejected),
        NoticeState::Responded => Some(t.awaiting_verdict),
        _ => None,
    };
    let events = view::history(db, false, id).await?;
    let people = user_names(db, events.iter().filter_map(|e| e.actor_id).collect()).await?;
    let who = |id: Option<Uuid>| id.and_then(|id| people.get(&id).cloned()).unwrap_or_else(|| t.system.to_owned());
    let earlier = earlier(t, &state.calendar, &events, who);
    let shown = photos_of(&m.content, m.response.as_ref().map(|r| &r.0)).chain(earlier.iter().flat_map(|e| &e.photos));
    let captions = Captions::load(db, t, &state.calendar, shown).await?;
    let page = OrderPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        csrf: signed.csrf.clone(),
        row,
        acknowledged: at(m.acknowledged_at),
        responded: at(m.responded_at),
        content: m.content.0.clone(),
        answer: m.response.as_ref().map(|r| r.0.clone()),
        verdict,
        verdict_comment: m.verdict_comment.clone(),
        can_acknowledge: allowed(&signed.user, &m, Action::Acknowledge),
        can_respond: allowed(&signed.user, &m, Action::Respond),
        earlier,
        captions,
        days_left: m
            .deadline
            .filter(|_| m.state.is_outstanding())
            .map(|deadline| t.days_left((deadline - state.calendar.today(chrono::Utc::now())).num_days())),
        measure: t.measure(kind_of(&m).as_str()),
        served: notice_facts::served(t, &state.calendar, &m),
        on_site: notice_facts::on_site(db, t, &state.calendar, &m).await?,
        escalations: notice_facts::escalations(db, t, &state.calendar, &m).await?,
    };
    Ok(layout::render(&page))
}

/// `POST /app/orders/{id}/acknowledge` (the CSRF field is checked before).
pub async fn acknowledge(State(state): State<AppState>, signed: Signed, Path(id): Path<Uuid>) -> ApiResult<Response> {
    contractor_only(&signed)?;
    let action = Action::Acknowledge.as_str();
    let done = act(&state, &signed.user, id, action, ActionBody::default()).await.map(|_| ());
    go_back(&state, &signed, &format!("/app/orders/{id}"), action, done)
}

/// The answer form.
#[derive(Debug, Deserialize)]
pub struct RespondForm {
    /// The report.
    #[serde(default)]
    pub text: String,
    /// The uploaded photos' SHA-256, separated by spaces (filled in by the
    /// upload script; empty without script).
    #[serde(default)]
    pub photos: String,
}

/// `POST /app/orders/{id}/respond`.
pub async fn respond(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(form): Form<RespondForm>,
) -> ApiResult<Response> {
    contractor_only(&signed)?;
    let photos = form.photos.split_whitespace().map(str::to_owned).collect();
    let body = ActionBody { text: Some(form.text), photos, ..ActionBody::default() };
    let action = Action::Respond.as_str();
    let done = act(&state, &signed.user, id, action, body).await.map(|_| ());
    go_back(&state, &signed, &format!("/app/orders/{id}"), action, done)
}
