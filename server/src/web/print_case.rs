//! `/app/notices/{id}/case/{document}/print`: the documents a penalty case
//! serves on its party, in Chinese, for A4, each only once its step was
//! taken (404 before): the 行政处罚事先告知书 (`notification`: facts, law,
//! proposed penalty, the rights to state its case and to a hearing, with
//! their time limits) and the 行政处罚决定书 (`decision`: facts, the party's
//! statement, law, penalty, how and by when to pay, and the remedies:
//! 行政复议 within sixty days, 行政诉讼 within six months).

use askama::Template;
use axum::{extract::State, response::Response};
use sea_orm::EntityTrait;
use uuid::Uuid;

use super::{layout, print::chinese_date, print_text, rows::Names, session::Signed};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult},
    http::json::Path,
    money::Fen,
    notices::{
        access,
        case::{STATEMENT_DAYS, entity},
    },
};

/// A printed document of a case.
#[derive(Template)]
#[template(path = "web/print_case.html")]
pub struct CasePrint {
    /// The decision (else the prior notice).
    pub decision: bool,
    /// Its title.
    pub title: &'static str,
    /// Its number.
    pub number: String,
    /// The party.
    pub party: String,
    /// The site.
    pub place: String,
    /// The facts established.
    pub facts: String,
    /// The findings and the clauses they violate.
    pub violations: Vec<String>,
    /// The legal basis.
    pub legal_basis: String,
    /// The penalty, in yuan.
    pub amount: String,
    /// The party's statement (decision).
    pub statement: String,
    /// The last day to state its case (prior notice).
    pub statement_due: String,
    /// The last day to ask for a hearing, if it has the right (prior notice).
    pub hearing_due: Option<String>,
    /// The officers and their certificate numbers.
    pub officers: Vec<(String, String)>,
    /// The county's government (行政复议) and court (行政诉讼).
    pub county: String,
    /// Issuing unit.
    pub issuer: String,
    /// Date.
    pub issued: String,
    /// Days for the statement.
    pub statement_days: u32,
}

/// `GET /app/notices/{id}/case/{document}/print`.
pub async fn print_case(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, document)): Path<(Uuid, String)>,
) -> ApiResult<Response> {
    let db = state.db.read();
    let m = access::visible(db, &signed.user, id).await?;
    let c = entity::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let decision = match document.as_str() {
        "decision" => true,
        "notification" => false,
        _ => return Err(ApiError::not_found()),
    };
    let (number, at, fen) = if decision {
        (c.decision_number.clone(), c.decided_at, c.decided_fen)
    } else {
        (c.notification_number.clone(), c.notified_at, c.proposed_fen)
    };
    let (Some(number), Some(at)) = (number, at) else { return Err(ApiError::not_found()) };
    let names = Names::load(db, std::slice::from_ref(&m)).await?;
    let content = &m.content;
    let legal_basis = if content.legal_basis.trim().is_empty() {
        print_text::default_basis(m.kind, None).to_owned()
    } else {
        content.legal_basis.clone()
    };
    let county = names.region(&m.bureau_key);
    let day = chinese_date;
    let page = CasePrint {
        decision,
        title: if decision { "行政处罚决定书" } else { "行政处罚事先告知书" },
        number,
        party: names.addressee(&m),
        place: names.place(&m),
        facts: c.facts.clone(),
        violations: content
            .findings
            .iter()
            .map(|f| if f.clause.is_empty() { f.text.clone() } else { format!("{}（违反{}）", f.text, f.clause) })
            .collect(),
        legal_basis,
        amount: fen.map(|f| Fen::from_fen(f).to_string()).unwrap_or_default(),
        statement: c.statement.clone(),
        statement_due: c.statement_due.map(day).unwrap_or_default(),
        hearing_due: c.hearing_due.map(day),
        officers: c.officers.0.iter().map(|o| (o.name.clone(), o.cert.clone())).collect(),
        county: county.clone(),
        issuer: names.issuer(&m),
        issued: day(state.calendar.today(at)),
        statement_days: STATEMENT_DAYS,
    };
    Ok(layout::render(&page))
}
