//! What every page shares: the header (user, role, language switch,
//! sign-out, navigation by role), rendering a template into a response with
//! the pages' security headers, and errors as friendly HTML pages.

use askama::Template;
use axum::{
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use sync_protocol::ErrorCode;

use super::{
    session::{self, Signed},
    text::{self, Text},
};
use crate::{error::take_error, policy::Role};

/// The header of a signed-in page.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The user's name.
    pub username: String,
    /// The user's role, in the page language.
    pub role: String,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
    /// This page, escaped for a query string (the language switch returns here).
    pub here: String,
    /// The navigation of the user's role.
    pub nav: Vec<NavItem>,
    /// The message the last form left.
    pub flash: Option<super::flash::Flash>,
    /// The reader is an admin (the templates are theirs alone).
    pub admin: bool,
}

/// One link of the navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    /// Where it goes.
    pub href: &'static str,
    /// What it says.
    pub label: &'static str,
    /// Whether it is the current page's area.
    pub active: bool,
}

impl Chrome {
    /// The header for a signed-in user on the page at `here` (path and query).
    pub fn of(signed: &Signed, here: &str) -> Chrome {
        let t = signed.t();
        let links: Vec<(&'static str, &'static str)> = match signed.user.role {
            Role::Admin | Role::Supervisor => vec![
                ("/app/dashboard", t.nav_dashboard),
                ("/app/notices", t.nav_notices),
                ("/app/review", t.nav_review),
                ("/app/approvals", t.nav_approvals),
                ("/app/numbers", t.numbers.nav),
                ("/app/admin", t.nav_admin),
            ],
            Role::Inspector => vec![("/app/work", t.nav_work), ("/app/notices", t.nav_notices)],
            Role::Contractor => vec![("/app/orders", t.nav_orders)],
        };
        let path = here.split('?').next().unwrap_or(here);
        Chrome {
            username: signed.user.username.clone(),
            role: t.role(signed.user.role.as_str()),
            csrf: signed.csrf.clone(),
            here: session::url_escape(here),
            nav: links
                .into_iter()
                .map(|(href, label)| NavItem {
                    href,
                    label,
                    active: path == href || path.starts_with(&format!("{href}/")),
                })
                .collect(),
            flash: signed.flash.clone(),
            admin: signed.user.role == Role::Admin,
        }
    }
}

/// Renders a page: HTML, never cached (it shows what this user may see).
pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => {
            let mut response = Html(html).into_response();
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(err) => crate::error::ApiError::internal(err).into_response(),
    }
}

/// A page with a title and a message: errors and refusals.
#[derive(Template)]
#[template(path = "web/message.html")]
pub struct MessagePage {
    /// Texts.
    pub t: &'static Text,
    /// No header: the reader may not be signed in.
    pub chrome: Option<Chrome>,
    /// Title.
    pub title: String,
    /// Message.
    pub body: String,
    /// Further lines (invalid fields).
    pub details: Vec<String>,
}

/// A message page with a status (with the header when the reader is signed in).
pub fn message(
    status: StatusCode,
    t: &'static Text,
    chrome: Option<Chrome>,
    (title, body): (&str, &str),
    details: Vec<String>,
) -> Response {
    let page = MessagePage { t, chrome, title: title.to_owned(), body: body.to_owned(), details };
    let mut response = render(&page);
    *response.status_mut() = status;
    response
}

/// Middleware: turns an [`crate::error::ApiError`] from a page handler into
/// an HTML page in the page language (404 for records out of scope, as the
/// API answers), and adds the pages' security headers.
pub async fn html_errors(request: Request, next: Next) -> Response {
    let lang = text::lang_of(request.headers());
    let here = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let chrome = request.extensions().get::<Signed>().map(|signed| Chrome::of(signed, &here));
    let mut response = next.run(request).await;
    if let Some(error) = take_error(&mut response) {
        let t = text::text(lang);
        let status = error.status();
        let (title, body) = match error.code() {
            ErrorCode::NotFound => (t.not_found_title, t.not_found_body.to_owned()),
            ErrorCode::Forbidden => (t.forbidden_title, t.forbidden_body.to_owned()),
            _ => (t.error_title, message_of(&error, lang)),
        };
        let details = field_messages(&error, lang);
        let mut page = message(status, t, chrome, (title, &body), details);
        for name in [header::RETRY_AFTER] {
            if let Some(value) = response.headers().get(&name) {
                page.headers_mut().insert(name, value.clone());
            }
        }
        response = page;
    }
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

fn message_of(error: &crate::error::ApiError, lang: crate::i18n::Lang) -> String {
    let body = error.body(lang, None);
    body["error"]["message"].as_str().unwrap_or_default().to_owned()
}

/// Each field of a refusal, named in words, with its message.
pub(super) fn field_messages(error: &crate::error::ApiError, lang: crate::i18n::Lang) -> Vec<String> {
    let t = text::text(lang);
    let body = error.body(lang, None);
    let Some(fields) = body["error"]["details"]["fields"].as_array() else { return Vec::new() };
    fields
        .iter()
        .map(|f| {
            let name = t.field_label(f["field"].as_str().unwrap_or_default());
            format!("{name}{}{}", t.colon, f["message"].as_str().unwrap_or_default())
        })
        .collect()
}
