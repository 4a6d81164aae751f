//! Facts of a notice both its pages show (the bureau's and the company's):
//! how it was served, what a stop-work or sealing order holds on site, and
//! the steps of its escalation.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::{dates, text::Text};
use crate::notices::{case, entity::notice, escalation, kind::NoticeKind, suspension};

/// A step of the notice's escalation, linking to its printed document.
#[derive(Debug)]
pub struct EscalationLine {
    /// The step's name.
    pub step: &'static str,
    /// Its document's number.
    pub number: String,
    /// When.
    pub at: String,
    /// The new day to rectify by.
    pub respond_by: String,
    /// Its printed document.
    pub href: String,
}

/// The notice's escalation (督办单 and the steps after it), first first.
pub async fn escalations(
    db: &impl ConnectionTrait,
    t: &'static Text,
    calendar: &crate::notices::Calendar,
    m: &notice::Model,
) -> Result<Vec<EscalationLine>, DbErr> {
    let steps = escalation::of_notice(db, m.id).await?;
    let today = calendar.today(chrono::Utc::now());
    Ok(steps
        .into_iter()
        .map(|e| EscalationLine {
            step: t.lang.pick(e.step.en(), e.step.zh()),
            number: e.number.clone(),
            at: dates::moment(t, calendar, e.issued_at),
            respond_by: dates::day(t, e.respond_by, today),
            href: format!("/app/notices/{}/escalations/{}/print", m.id, e.id),
        })
        .collect())
}

/// How the notice was served, in a line (none while a draft).
pub fn served(t: &'static Text, calendar: &crate::notices::Calendar, m: &notice::Model) -> Option<String> {
    m.issued_at?;
    let Some(at) = m.served_at else { return Some(t.service.not_served.to_owned()) };
    let how = m.service.as_ref().map_or_else(|| t.service.unrecorded.to_owned(), |s| t.service.line(s));
    Some(format!("{} · {how}", dates::moment(t, calendar, at)))
}

/// What a stop-work or sealing order holds on site, in words.
#[derive(Debug)]
pub struct OnSite {
    /// "停工中 · 自 …" or "已复工 · 依据 …".
    pub line: String,
    /// The document that lifted it (复工通知书 / 解封决定书), once lifted.
    pub lifted_by: Option<&'static str>,
}

/// What a stop-work or sealing order holds, or how it ended (none for other notices).
pub async fn on_site(
    db: &impl ConnectionTrait,
    t: &'static Text,
    calendar: &crate::notices::Calendar,
    m: &notice::Model,
) -> Result<Option<OnSite>, DbErr> {
    let Some(s) = suspension::entity::Entity::find_by_id(m.id).one(db).await? else { return Ok(None) };
    let words = &t.suspension;
    let stop_work = s.kind == NoticeKind::StopWork;
    let mut line = words.standing(s.standing, stop_work).to_owned();
    if !s.equipment.is_empty() {
        line.push_str(&format!(" · {}", s.equipment));
    }
    line.push_str(&format!(" · {} {}", words.since, dates::moment(t, calendar, s.began_at)));
    if let Some(number) = &s.lift_number {
        line.push_str(&format!(" · {} {number}", words.lifted_by));
    }
    let title = if stop_work {
        t.lang.pick("Resumption notice", "复工通知书")
    } else {
        t.lang.pick("Unsealing decision", "解封决定书")
    };
    Ok(Some(OnSite { line, lifted_by: s.lift_number.is_some().then_some(title) }))
}

/// Where a penalty case is, with the documents it has served.
#[derive(Debug)]
pub struct CaseLine {
    /// The stage, in words.
    pub stage: &'static str,
    /// The documents printed so far: (title, link).
    pub documents: Vec<(&'static str, String)>,
}

/// The penalty case of a filed notice, once opened.
pub async fn case(db: &impl ConnectionTrait, t: &'static Text, m: &notice::Model) -> Result<Option<CaseLine>, DbErr> {
    let Some(c) = case::entity::Entity::find_by_id(m.id).one(db).await? else { return Ok(None) };
    let mut documents = Vec::new();
    let link = |doc: &str| format!("/app/notices/{}/case/{doc}/print", m.id);
    if c.notification_number.is_some() {
        documents.push((t.lang.pick("Prior notice", "行政处罚事先告知书"), link("notification")));
    }
    if c.decision_number.is_some() {
        documents.push((t.lang.pick("Penalty decision", "行政处罚决定书"), link("decision")));
    }
    Ok(Some(CaseLine { stage: t.lang.pick(c.stage.en(), c.stage.zh()), documents }))
}
