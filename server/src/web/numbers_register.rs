//! `/app/numbers`: the number register (文号登记簿) for supervisors and
//! admins: every number of the year taken, where it stands, a form to void
//! one not used, and the register as CSV (with a byte-order mark, so Excel
//! reads the Chinese).

use std::collections::HashSet;

use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    http::Uri,
    response::Response,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    dates,
    flash::{self, Flash},
    layout::{self, Chrome},
    notice_page::user_names,
    session::Signed,
    text::Text,
};
use crate::{
    app::AppState,
    config::numbering::KINDS,
    error::{ApiError, ApiResult},
    http::csv_out::{self, CsvOut},
    numbers::{
        entity as number,
        register::{self, RegisterFilter},
        routes::{self as numbers, VoidBody},
        status::Status,
    },
    policy,
};

/// One number's line.
#[derive(Debug)]
pub struct NumberLine {
    /// The number.
    pub number: String,
    /// The kind, in words.
    pub kind: String,
    /// Status name (for the style) and in words.
    pub status: (&'static str, &'static str),
    /// Who reserved it.
    pub holder: String,
    /// When it was reserved.
    pub reserved_at: String,
    /// When it was used or voided.
    pub when: String,
    /// The notice it is on.
    pub notice: Option<Uuid>,
    /// Why it was voided.
    pub reason: String,
    /// It may be voided (reserved or given back).
    pub voidable: bool,
}

/// A status and how many numbers have it.
#[derive(Debug)]
pub struct Count {
    /// The status, in words.
    pub label: &'static str,
    /// How many.
    pub n: usize,
}

/// The page.
#[derive(Template)]
#[template(path = "web/numbers.html")]
pub struct RegisterPage {
    /// Texts.
    pub t: &'static Text,
    /// Header.
    pub chrome: Option<Chrome>,
    /// The session's CSRF token for the void forms.
    pub csrf: String,
    /// The year shown.
    pub year: i32,
    /// The kind chosen, if any.
    pub kind: String,
    /// The kinds, for the filter.
    pub kinds: Vec<(&'static str, String)>,
    /// The numbers.
    pub lines: Vec<NumberLine>,
    /// How many of each status.
    pub counts: Vec<Count>,
    /// The query string of the filter (for the CSV link).
    pub qs: String,
    /// The reader may void numbers (a supervisor).
    pub may_void: bool,
}

/// The register's rows for the signed-in reader.
async fn rows(state: &AppState, signed: &Signed, filter: &RegisterFilter) -> ApiResult<(i32, Vec<NumberLine>)> {
    let bureau = policy::number_register(&signed.user)?;
    let t = signed.t();
    let year = filter.year.unwrap_or_else(|| state.calendar.year(crate::clock::now()));
    let kind = filter.kind.as_deref().filter(|k| KINDS.iter().any(|(name, _)| name == k));
    let status = filter.status.as_deref().and_then(Status::parse);
    let db = state.db.read();
    let found: Vec<number::Model> = register::list(db, bureau.as_deref(), year, kind, status).await?;
    let ids: HashSet<Uuid> = found.iter().filter_map(|n| n.holder_id).collect();
    let people = user_names(db, ids).await?;
    let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| dates::moment(t, &state.calendar, at)).unwrap_or_default()
    };
    let lines = found
        .into_iter()
        .map(|n| NumberLine {
            kind: t.numbers.kind(t, &n.kind),
            status: (n.status.as_str(), t.numbers.status(n.status.as_str())),
            holder: n.holder_id.and_then(|id| people.get(&id).cloned()).unwrap_or_default(),
            reserved_at: when(n.reserved_at),
            when: when(n.used_at.or(n.voided_at)),
            notice: n.notice_id,
            reason: n.void_reason,
            voidable: matches!(n.status, Status::Reserved | Status::Free),
            number: n.number,
        })
        .collect();
    Ok((year, lines))
}

/// `GET /app/numbers`.
pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    uri: Uri,
    Query(filter): Query<RegisterFilter>,
) -> ApiResult<Response> {
    let t = signed.t();
    let (year, lines) = rows(&state, &signed, &filter).await?;
    let counts = Status::ALL
        .into_iter()
        .map(|s| Count {
            label: t.numbers.status(s.as_str()),
            n: lines.iter().filter(|l| l.status.0 == s.as_str()).count(),
        })
        .collect();
    let page = RegisterPage {
        t,
        chrome: Some(Chrome::of(&signed, &uri.to_string())),
        csrf: signed.csrf.clone(),
        year,
        kind: filter.kind.clone().unwrap_or_default(),
        kinds: KINDS.iter().map(|(k, _)| (*k, t.numbers.kind(t, k))).collect(),
        lines,
        counts,
        qs: uri.query().unwrap_or_default().to_owned(),
        may_void: policy::may_void_any_number(&signed.user),
    };
    Ok(layout::render(&page))
}

/// `GET /app/numbers.csv`: the register as shown, in the reader's language.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(filter): Query<RegisterFilter>,
) -> ApiResult<Response> {
    let t = signed.t();
    let (_, lines) = rows(&state, &signed, &filter).await?;
    let n = t.numbers;
    let mut out = CsvOut::with_bom();
    out.row([t.number, t.kind, t.status, n.holder, n.reserved_at, n.when, n.use_or_reason])
        .map_err(ApiError::internal)?;
    for l in &lines {
        let used = l.notice.map(|id| id.to_string()).unwrap_or_else(|| l.reason.clone());
        out.row([l.number.as_str(), &l.kind, l.status.1, &l.holder, &l.reserved_at, &l.when, &used])
            .map_err(ApiError::internal)?;
    }
    Ok(csv_out::attachment(out.finish().map_err(ApiError::internal)?, "numbers.csv"))
}

/// The void form (the CSRF field is checked before).
#[derive(Debug, Deserialize)]
pub struct VoidForm {
    /// The number.
    pub number: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// `POST /app/numbers/void`: voids the number, back to the register saying so, or why not.
pub async fn void(State(state): State<AppState>, signed: Signed, Form(form): Form<VoidForm>) -> ApiResult<Response> {
    let t = signed.t();
    let body = VoidBody { number: form.number, reason: form.reason };
    match numbers::void(&state, &signed.user, &body).await {
        Ok(()) => {
            Ok(flash::redirect(&state, "/app/numbers", &Flash { ok: true, lines: vec![t.numbers.voided_done.into()] }))
        }
        Err(error) if flash::back_to_the_form(&error) => {
            Ok(flash::redirect(&state, "/app/numbers", &Flash::refused(t, &error)))
        }
        Err(error) => Err(error),
    }
}
