//! `/app/notices/{id}/service/print`: the 送达回证 of an issued notice, in
//! Chinese, for A4: the document served and its number, the receiver, the
//! place, the method, the time, the witness. Before service it prints the
//! blank receipt the inspector carries to the site.

use askama::Template;
use axum::{extract::State, response::Response};
use uuid::Uuid;

use super::{layout, print::chinese_date, rows::Names, session::Signed};
use crate::{
    app::AppState,
    error::{ApiError, ApiResult},
    http::json::Path,
    notices::access,
};

/// The printable 送达回证.
#[derive(Template)]
#[template(path = "web/print_service.html")]
pub struct ServicePrint {
    /// The document served: its title and number.
    pub document: String,
    /// The addressee (受送达人).
    pub addressee: String,
    /// Where it was served.
    pub place: String,
    /// How, or blank.
    pub method: String,
    /// Who signed, or blank.
    pub receiver: String,
    /// When (年月日 时分), or blank.
    pub at: String,
    /// The witness of a service left at the site, or blank.
    pub witness: String,
    /// The registered-post number or the receiver's position, or blank.
    pub note: String,
    /// Issuing unit.
    pub issuer: String,
}

/// `GET /app/notices/{id}/service/print`: for whoever may see the notice, once issued (else 404).
pub async fn print_service(State(state): State<AppState>, signed: Signed, Path(id): Path<Uuid>) -> ApiResult<Response> {
    let db = state.db.read();
    let m = access::visible(db, &signed.user, id).await?;
    if m.issued_at.is_none() {
        return Err(ApiError::not_found());
    }
    let names = Names::load(db, std::slice::from_ref(&m)).await?;
    let service = m.service.as_ref().map(|s| s.0.clone());
    let at = m.served_at.map(|at| {
        let local = at.with_timezone(&state.calendar.tz);
        format!("{} {}", chinese_date(local.date_naive()), local.format("%H时%M分"))
    });
    let page = ServicePrint {
        document: format!("{}（{}）", super::print::title(m.kind), m.number.clone().unwrap_or_default()),
        addressee: names.addressee(&m),
        place: names.place(&m),
        method: service.as_ref().map(|s| s.method.zh().to_owned()).unwrap_or_default(),
        receiver: service.as_ref().map(|s| s.receiver.clone()).unwrap_or_default(),
        at: at.unwrap_or_default(),
        witness: service.as_ref().map(|s| s.witness.clone()).unwrap_or_default(),
        note: service.as_ref().map(|s| s.note.clone()).unwrap_or_default(),
        issuer: names.issuer(&m),
    };
    Ok(layout::render(&page))
}
