//! `/app/notices/{id}/escalations/{step}/print`: a 督办单 (or a later step:
//! 通报批评决定, 约谈通知书, 不良行为记录告知书) as the official document, in
//! Chinese, for A4: its number, the addressee, the notice it follows up,
//! the days overdue, the new day to rectify by and the steps that follow.

use askama::Template;
use axum::{extract::State, response::Response};
use sea_orm::EntityTrait;
use uuid::Uuid;

use super::{layout, print::chinese_date, rows::Names, session::Signed};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult},
    http::json::Path,
    notices::{access, escalation},
};

/// The printable step.
#[derive(Template)]
#[template(path = "web/print_escalation.html")]
pub struct EscalationPrint {
    /// The document's title.
    pub title: &'static str,
    /// Its number.
    pub number: String,
    /// Whom it is addressed to.
    pub addressee: String,
    /// The site or household.
    pub place: String,
    /// The notice followed up: its title and number.
    pub notice: String,
    /// The notice's issue date.
    pub notice_issued: String,
    /// The notice's deadline.
    pub deadline: String,
    /// Days past the deadline when this step was taken.
    pub days_over: i64,
    /// The step's own words (what it decides).
    pub decision: &'static str,
    /// The new last day to rectify.
    pub respond_by: String,
    /// The steps that follow, in the county's order (通报批评、约谈…).
    pub next_steps: String,
    /// Issuing unit.
    pub issuer: String,
    /// Issue date.
    pub issued: String,
}

/// What a step decides, in the document's words.
fn decision(step: escalation::ladder::Step) -> &'static str {
    use escalation::ladder::Step;
    match step {
        Step::Supervision => "现对该问题挂牌督办，请你单位高度重视，立即组织整改。",
        Step::PublicCriticism => "经督办仍未整改到位，现对你单位予以通报批评，并在全县住建系统月度通报中公布。",
        Step::Interview => {
            "经督办、通报仍未整改到位，请你单位主要负责人于收到本通知之日起三个工作日内到我局接受约谈，并携带整改方案。"
        }
        Step::BadRecord => {
            "经督办、通报、约谈仍未整改到位，我局将依据《建筑市场诚信行为信息管理办法》，将你单位该行为记入建筑市场不良行为记录，并向社会公布。"
        }
    }
}

/// `GET /app/notices/{id}/escalations/{step}/print`: for whoever may see the notice (else 404).
pub async fn print_escalation(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, step_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Response> {
    let db = state.db.read();
    let m = access::visible(db, &signed.user, id).await?;
    let step = escalation::entity::Entity::find_by_id(step_id)
        .one(db)
        .await?
        .filter(|s| s.notice_id == m.id)
        .ok_or_else(ApiError::not_found)?;
    let names = Names::load(db, std::slice::from_ref(&m)).await?;
    let issued_day = state.calendar.today(step.issued_at);
    let next: Vec<&str> = state.ladder.after(step.step).into_iter().map(|s| s.zh()).collect();
    let page = EscalationPrint {
        title: step.step.title(),
        number: step.number.clone(),
        addressee: step.addressee_name.clone(),
        place: names.place(&m),
        notice: format!("{}（{}）", super::print::title(m.kind), m.number.clone().unwrap_or_default()),
        notice_issued: m.issued_at.map(|at| chinese_date(state.calendar.today(at))).unwrap_or_default(),
        deadline: chinese_date(step.deadline),
        days_over: (issued_day - step.deadline).num_days(),
        decision: decision(step.step),
        respond_by: chinese_date(step.respond_by),
        next_steps: next.join("、"),
        issuer: names.issuer(&m),
        issued: chinese_date(issued_day),
    };
    Ok(layout::render(&page))
}
