//! `/app/notices/{id}/lift/print`: the 复工通知书 that lets a stopped site
//! resume, or the 解封决定书 that unseals equipment, once the re-inspection
//! lifted the order (404 before).

use askama::Template;
use axum::{extract::State, response::Response};
use sea_orm::EntityTrait;
use uuid::Uuid;

use super::{layout, print::chinese_date, rows::Names, session::Signed};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult},
    http::json::Path,
    notices::{access, kind::NoticeKind, suspension},
};

/// The printable lifting document.
#[derive(Template)]
#[template(path = "web/print_lift.html")]
pub struct LiftPrint {
    /// 复工通知书 or 解封决定书.
    pub title: &'static str,
    /// Its number.
    pub number: String,
    /// The addressee.
    pub addressee: String,
    /// The site.
    pub place: String,
    /// The order lifted: its title and number.
    pub order: String,
    /// When the order took effect.
    pub began: String,
    /// What was sealed (a sealing order).
    pub equipment: String,
    /// Whether it lets a site resume (else it unseals).
    pub resumes: bool,
    /// Issuing unit.
    pub issuer: String,
    /// Date lifted.
    pub issued: String,
}

/// `GET /app/notices/{id}/lift/print`: for whoever may see the order, once lifted.
pub async fn print_lift(State(state): State<AppState>, signed: Signed, Path(id): Path<Uuid>) -> ApiResult<Response> {
    let db = state.db.read();
    let m = access::visible(db, &signed.user, id).await?;
    let lifted = suspension::entity::Entity::find_by_id(m.id).one(db).await?;
    let Some((s, number, ended)) = lifted.and_then(|s| Some((s.clone(), s.lift_number?, s.ended_at?))) else {
        return Err(ApiError::not_found());
    };
    let names = Names::load(db, std::slice::from_ref(&m)).await?;
    let resumes = s.kind == NoticeKind::StopWork;
    let page = LiftPrint {
        title: if resumes { "复工通知书" } else { "解封决定书" },
        number,
        addressee: names.addressee(&m),
        place: names.place(&m),
        order: format!("{}（{}）", super::print::title(m.kind), m.number.clone().unwrap_or_default()),
        began: chinese_date(state.calendar.today(s.began_at)),
        equipment: s.equipment.clone(),
        resumes,
        issuer: names.issuer(&m),
        issued: chinese_date(state.calendar.today(ended)),
    };
    Ok(layout::render(&page))
}
