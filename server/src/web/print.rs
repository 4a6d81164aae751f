//! `/app/notices/{id}/print`: the notice as the official document, in
//! Chinese, laid out for A4: number, addressee, site, findings with photos
//! and clauses, legal basis, required actions, deadline, issuing unit and
//! signature lines. The browser prints it (or saves it as PDF).

use askama::Template;
use axum::{extract::State, response::Response};
use uuid::Uuid;

use super::{layout, notice_page::FindingView, rows::Names, session::Signed};
use crate::{
    app::AppState,
    error::ApiResult,
    http::json::Path,
    notices::{access, kind::NoticeKind, record::kind_of},
};

/// The printable notice.
#[derive(Template)]
#[template(path = "web/print.html")]
pub struct PrintPage {
    /// The document's title (by kind).
    pub title: &'static str,
    /// Official number, or blank lines before issue.
    pub number: String,
    /// Addressee.
    pub addressee: String,
    /// Site or household.
    pub site: String,
    /// Findings.
    pub findings: Vec<FindingView>,
    /// Legal basis.
    pub legal_basis: String,
    /// Required actions.
    pub required_actions: String,
    /// Penalty in yuan, for a case filed.
    pub penalty: Option<String>,
    /// Deadline as 年月日, or empty.
    pub deadline: String,
    /// Issuing unit.
    pub issuer: String,
    /// Issue date as 年月日, or blank.
    pub issued: String,
}

/// The document title of a kind.
pub fn title(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Rectification => "限期整改通知书",
        NoticeKind::StopWork => "停工整改通知书",
        NoticeKind::EquipmentSealed => "设备查封通知书",
        NoticeKind::Summons => "约谈通知书",
        NoticeKind::CaseFiled => "行政处罚决定书",
    }
}

/// `GET /app/notices/{id}/print`: for whoever may see the notice (else 404).
pub async fn print_notice(State(state): State<AppState>, signed: Signed, Path(id): Path<Uuid>) -> ApiResult<Response> {
    let db = state.db.read();
    let m = access::visible(db, &signed.user, id).await?;
    let names = Names::load(db, std::slice::from_ref(&m)).await?;
    let content = &m.content;
    let chinese = chinese_date;
    let page = PrintPage {
        title: title(kind_of(&m)),
        number: m.number.clone().unwrap_or_default(),
        addressee: names.addressee(&m),
        site: names.place(&m),
        findings: content.findings.iter().map(FindingView::from).collect(),
        legal_basis: content.legal_basis.clone(),
        required_actions: content.required_actions.clone(),
        penalty: content.penalty_amount.clone(),
        deadline: m.deadline.map(chinese).unwrap_or_default(),
        issuer: format!("{}住房和城乡建设局", names.region(&m.bureau_key)),
        issued: m.issued_at.map(|at| chinese(at.with_timezone(&state.calendar.tz).date_naive())).unwrap_or_default(),
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
