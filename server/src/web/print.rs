//! `/app/notices/{id}/print`: the notice as the official document, in
//! Chinese, laid out for A4: number, addressee, the project's parties
//! (建设单位, 施工单位, 监理单位) and inspection date, findings with photos
//! and the clauses they violate, the legal basis fitting the kind, required
//! actions, the kind's closing order (rectify by, stop work and apply to
//! resume, equipment sealed, come to the interview), issuing unit and
//! signature lines. Not yet issued, it prints marked 草稿 and unnumbered; a
//! filed case prints as its 立案审批表. The browser prints it (or saves it
//! as PDF).

use askama::Template;
use axum::{extract::State, response::Response};
use sea_orm::EntityTrait;
use uuid::Uuid;

use super::{layout, notice_page::FindingView, print_text, rows::Names, session::Signed};
use crate::{
    app::AppState,
    directory::sites::entity as site,
    error::ApiResult,
    http::json::Path,
    inspections::entity as inspection,
    notices::{access, kind::NoticeKind, record::kind_of, state::Review},
};

/// The printable notice.
#[derive(Template)]
#[template(path = "web/print.html")]
pub struct PrintPage {
    /// The document's title (by kind).
    pub title: &'static str,
    /// Not yet issued (a draft, or a strong measure awaiting approval): printed marked 草稿.
    pub draft: bool,
    /// A filed case: printed as the 立案审批表.
    pub case: bool,
    /// Official number, or blank lines before issue.
    pub number: String,
    /// Addressee.
    pub addressee: String,
    /// Site or household.
    pub site: String,
    /// The facts of the project: (label, value), blank values to fill by hand.
    pub facts: Vec<(&'static str, String)>,
    /// Findings.
    pub findings: Vec<FindingView>,
    /// Legal basis: the notice's own, or the one fitting its kind.
    pub legal_basis: String,
    /// Required actions.
    pub required_actions: String,
    /// Penalty in yuan, for a case filed.
    pub penalty: Option<String>,
    /// The closing order of the kind.
    pub closing: String,
    /// Issuing unit.
    pub issuer: String,
    /// Issue date as 年月日, or blank.
    pub issued: String,
    /// The supervisor's approval comment (a filed case's 负责人审批意见).
    pub approval: String,
}

/// The document title of a kind.
pub use super::print_text::title;

/// `GET /app/notices/{id}/print`: for whoever may see the notice (else 404).
pub async fn print_notice(State(state): State<AppState>, signed: Signed, Path(id): Path<Uuid>) -> ApiResult<Response> {
    let db = state.db.read();
    let m = access::visible(db, &signed.user, id).await?;
    let names = Names::load(db, std::slice::from_ref(&m)).await?;
    let site = match m.site_id {
        Some(id) => site::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let inspection = match m.inspection_id {
        Some(id) => inspection::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let content = &m.content;
    let chinese = chinese_date;
    let day = |at: chrono::DateTime<chrono::Utc>| chinese(state.calendar.today(at));
    let kind = kind_of(&m);
    let inspected = inspection.as_ref().and_then(|i| i.finished_at.or(Some(i.started_at))).map(day);
    let text = |value: Option<&String>| value.cloned().unwrap_or_default();
    let mut facts = vec![("工程名称", names.place(&m))];
    if let Some(site) = &site {
        facts.push(("工程地点", site.address.clone()));
        facts.push(("建设单位", text(site.owner_unit.as_ref())));
        facts.push(("施工单位", names.addressee(&m)));
        facts.push(("监理单位", text(site.supervision_unit.as_ref())));
        facts.push(("施工许可证号", text(site.permit_number.as_ref())));
    }
    facts.push(("检查日期", inspected.or_else(|| m.issued_at.map(day)).unwrap_or_default()));
    let legal_basis = if content.legal_basis.trim().is_empty() {
        print_text::default_basis(kind, inspection.as_ref().map(|i| i.kind.as_str())).to_owned()
    } else {
        content.legal_basis.clone()
    };
    let deadline = m.deadline.map(chinese).unwrap_or_default();
    let page = PrintPage {
        title: title(kind),
        draft: m.issued_at.is_none(),
        case: kind == NoticeKind::CaseFiled,
        number: m.number.clone().unwrap_or_default(),
        addressee: names.addressee(&m),
        site: names.place(&m),
        facts,
        findings: content.findings.iter().map(FindingView::from).collect(),
        legal_basis,
        required_actions: content.required_actions.clone(),
        penalty: content.penalty_amount.clone(),
        closing: print_text::closing(kind, &deadline, &content.sealed_equipment),
        issuer: names.issuer(&m),
        issued: m.issued_at.map(day).unwrap_or_default(),
        approval: if m.review_status == Review::Approved { m.review_comment.clone() } else { String::new() },
    };
    Ok(layout::render(&page))
}

/// A date as a Chinese document prints it: `2026年12月5日`, no leading zeros.
pub fn chinese_date(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_printed_date_has_no_leading_zeros() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default();
        assert_eq!(super::chinese_date(day), "2026年12月5日");
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap_or_default();
        assert_eq!(super::chinese_date(day), "2027年1月15日");
    }
}
