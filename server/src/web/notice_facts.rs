//! Facts of a notice both its pages show (the bureau's and the company's):
//! how it was served, and what a stop-work or sealing order holds on site.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::{dates, text::Text};
use crate::notices::{entity::notice, kind::NoticeKind, suspension};

/// How the notice was served, in a line (none while a draft).
pub fn served(t: &'static Text, calendar: &crate::notices::Calendar, m: &notice::Model) -> Option<String> {
    m.issued_at?;
    let Some(at) = m.served_at else { return Some(t.service.not_served.to_owned()) };
    let how = m.service.as_ref().map_or_else(|| t.service.unrecorded.to_owned(), |s| t.service.line(s));
    Some(format!("{} · {how}", dates::moment(t, calendar, at)))
}

/// What a stop-work or sealing order holds, in a line: "停工中 · 自 …" or "已复工 · 依据 …".
pub async fn on_site(
    db: &impl ConnectionTrait,
    t: &'static Text,
    calendar: &crate::notices::Calendar,
    m: &notice::Model,
) -> Result<Option<String>, DbErr> {
    let Some(s) = suspension::entity::Entity::find_by_id(m.id).one(db).await? else { return Ok(None) };
    let words = &t.suspension;
    let mut line = words.standing(s.standing, s.kind == NoticeKind::StopWork).to_owned();
    if !s.equipment.is_empty() {
        line.push_str(&format!(" · {}", s.equipment));
    }
    line.push_str(&format!(" · {} {}", words.since, dates::moment(t, calendar, s.began_at)));
    if let Some(number) = &s.lift_number {
        line.push_str(&format!(" · {} {number}", words.lifted_by));
    }
    Ok(Some(line))
}
