//! The one error type of the HTTP API.
//!
//! Every handler returns `Result<_, ApiError>`. An `ApiError` carries a stable
//! [`ErrorCode`] (status and default messages come from it), optional structured
//! details, and for internal errors the cause, which is logged once here and
//! never sent to the client. The body is rendered in the caller's language by
//! the [`render_errors`] middleware, which also adds the request id.

use std::{fmt, sync::Arc};

use axum::{
    extract::{Request, rejection::JsonRejection},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sea_orm::{DbErr, SqlErr};
use serde_json::{Value, json};
use sync_protocol::ErrorCode;

use crate::{db::fault::Fault, i18n::Lang};

/// Why one field of a request is invalid.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The field is missing or empty.
    Required,
    /// The value is longer than `max` characters.
    TooLong {
        /// The largest allowed length.
        max: usize,
    },
    /// The value is not one of the allowed values.
    NotAllowed {
        /// The values that are allowed.
        allowed: &'static [&'static str],
    },
    /// The value is malformed.
    Invalid,
    /// The record the field refers to does not exist (or is not visible).
    NotFound,
    /// The value must be unique and is already taken.
    Taken,
    /// The value lies outside the caller's region or organisation.
    OutOfScope,
    /// The text holds a NUL character (U+0000), which cannot be stored.
    NulCharacter,
    /// A specific rule, with its message in both languages.
    Rule {
        /// Stable snake_case code of the rule.
        code: &'static str,
        /// English message.
        en: String,
        /// Chinese message.
        zh: String,
    },
}

impl Reason {
    fn code(&self) -> &'static str {
        match self {
            Reason::Required => "required",
            Reason::TooLong { .. } => "too_long",
            Reason::NotAllowed { .. } => "not_allowed",
            Reason::Invalid => "invalid",
            Reason::NotFound => "not_found",
            Reason::Taken => "taken",
            Reason::OutOfScope => "out_of_scope",
            Reason::NulCharacter => "nul_character",
            Reason::Rule { code, .. } => code,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Required, Lang::En) => "This field is required.".into(),
            (Reason::Required, Lang::Zh) => "此字段为必填项。".into(),
            (Reason::TooLong { max }, Lang::En) => format!("At most {max} characters."),
            (Reason::TooLong { max }, Lang::Zh) => format!("最多 {max} 个字符。"),
            (Reason::NotAllowed { allowed }, Lang::En) => {
                format!("Must be one of: {}.", allowed.join(", "))
            }
            (Reason::NotAllowed { allowed }, Lang::Zh) => {
                format!("必须是以下之一：{}。", allowed.join("、"))
            }
            (Reason::Invalid, Lang::En) => "The value is not valid.".into(),
            (Reason::Invalid, Lang::Zh) => "取值不合法。".into(),
            (Reason::NotFound, Lang::En) => "No such record.".into(),
            (Reason::NotFound, Lang::Zh) => "记录不存在。".into(),
            (Reason::Taken, Lang::En) => "This value is already in use.".into(),
            (Reason::Taken, Lang::Zh) => "该值已被使用。".into(),
            (Reason::OutOfScope, Lang::En) => "Outside your region or organisation.".into(),
            (Reason::OutOfScope, Lang::Zh) => "超出您的管辖区域或单位范围。".into(),
            (Reason::NulCharacter, Lang::En) => {
                "The text holds a NUL character (U+0000), which cannot be stored.".into()
            }
            (Reason::NulCharacter, Lang::Zh) => "文本含有空字符（U+0000），无法保存。".into(),
            (Reason::Rule { en, .. }, Lang::En) => en.clone(),
            (Reason::Rule { zh, .. }, Lang::Zh) => zh.clone(),
        }
    }
}

/// One invalid field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field's name as sent (dotted for nested fields).
    pub field: String,
    /// Why it is invalid.
    pub reason: Reason,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, reason: Reason) -> Self {
        Self { field: field.into(), reason }
    }

    fn render(&self, lang: Lang) -> Value {
        json!({"field": self.field, "code": self.reason.code(), "message": self.reason.message(lang)})
    }
}

/// The errors of one row of an imported file.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// The invalid fields of that row.
    pub fields: Vec<FieldError>,
}

/// Structured details of an error, rendered in the caller's language.
#[derive(Debug, Clone, Default)]
pub enum Details {
    /// No details.
    #[default]
    None,
    /// Language-neutral details.
    Json(Value),
    /// Invalid fields.
    Fields(Vec<FieldError>),
    /// Invalid rows of an import: some of them, how many in all, and how
    /// many rows were stored before them (for an interrupted import).
    Rows {
        /// The rows listed.
        rows: Vec<RowError>,
        /// How many rows failed.
        total: u64,
        /// Rows stored before the failure, if any were.
        imported: Option<u64>,
    },
}

impl Details {
    fn render(&self, lang: Lang) -> Option<Value> {
        match self {
            Details::None => None,
            Details::Json(v) => Some(v.clone()),
            Details::Fields(fields) => {
                Some(json!({"fields": fields.iter().map(|f| f.render(lang)).collect::<Vec<_>>()}))
            }
            Details::Rows { rows, total, imported } => {
                let listed: Vec<Value> = rows
                    .iter()
                    .map(|r| json!({"line": r.line, "fields": r.fields.iter().map(|f| f.render(lang)).collect::<Vec<_>>()}))
                    .collect();
                let mut details = json!({"rows": listed, "failed_rows": total});
                if let Some(imported) = imported {
                    details["imported"] = json!(imported);
                }
                Some(details)
            }
        }
    }
}

type Cause = Box<dyn std::error::Error + Send + Sync>;

/// An API error: a stable code, details, and (for internal errors) a cause
/// that is logged but never sent.
pub struct ApiError {
    code: ErrorCode,
    details: Details,
    retry_after: Option<u64>,
    cause: Option<Cause>,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("code", &self.code)
            .field("details", &self.details)
            .field("cause", &self.cause.as_ref().map(|c| c.to_string()))
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.as_str())?;
        if let Some(cause) = &self.cause {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A result whose error is an [`ApiError`].
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with a code and no details.
    pub fn new(code: ErrorCode) -> Self {
        Self { code, details: Details::None, retry_after: None, cause: None }
    }

    /// Adds language-neutral details.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Details::Json(details);
        self
    }

    /// Adds a `Retry-After` in seconds.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs.max(1));
        self
    }

    /// The code of this error.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The record is missing or outside the caller's scope (never says which).
    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound)
    }

    /// The caller may not do this.
    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden)
    }

    /// Invalid fields.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        Self { details: Details::Fields(fields), ..Self::new(ErrorCode::ValidationFailed) }
    }

    /// One invalid field.
    pub fn field(field: impl Into<String>, reason: Reason) -> Self {
        Self::validation(vec![FieldError::new(field, reason)])
    }

    /// A record a device names by its own id was refused by a unique index:
    /// the id is taken (field `field`, code `taken`), the same answer as when
    /// the earlier record had committed before the check that looks for it.
    /// On PostgreSQL two creates of one id at once both pass that check; the
    /// second insert waits for the first and fails on the index.
    pub fn taken_if_duplicate(err: impl Into<ApiError>, field: &str) -> Self {
        let err = err.into();
        if err.code == ErrorCode::AlreadyExists { Self::field(field, Reason::Taken) } else { err }
    }

    /// An import with bad rows; nothing was stored.
    pub fn import_failed(rows: Vec<RowError>) -> Self {
        let total = rows.len() as u64;
        Self::rows(ErrorCode::ImportFailed, rows, total, None)
    }

    /// An import error listing `rows` of the `total` bad ones, after
    /// `imported` rows were stored (`None`: nothing was).
    pub fn rows(code: ErrorCode, rows: Vec<RowError>, total: u64, imported: Option<u64>) -> Self {
        Self { details: Details::Rows { rows, total, imported }, ..Self::new(code) }
    }

    /// An unexpected failure; `cause` is logged, never sent.
    pub fn internal(cause: impl Into<Cause>) -> Self {
        Self { cause: Some(cause.into()), ..Self::new(ErrorCode::Internal) }
    }

    /// Renders the JSON envelope in a language.
    pub fn body(&self, lang: Lang, request_id: Option<&str>) -> Value {
        let mut error = json!({
            "code": self.code.as_str(),
            "message": lang.pick(self.code.message_en(), self.code.message_zh()),
        });
        if let Some(details) = self.details.render(lang) {
            error["details"] = details;
        }
        if let Some(id) = request_id {
            error["request_id"] = Value::String(id.to_owned());
        }
        json!({ "error": error })
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        Self::new(code)
    }
}

/// What the [`render_errors`] middleware needs to render an error body again.
#[derive(Clone)]
struct Rendered(Arc<ApiError>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Some(cause) = &self.cause {
            tracing::error!(error.code = self.code.as_str(), error.cause = %cause, "request failed");
        }
        let status = self.status();
        let body = self.body(Lang::En, None);
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(Rendered(Arc::new(self)));
        response
    }
}

/// Takes out the error a response was made from, so the caller renders it
/// itself (the web pages answer HTML, not the JSON envelope).
pub fn take_error(response: &mut Response) -> Option<Arc<ApiError>> {
    response.extensions_mut().remove::<Rendered>().map(|Rendered(error)| error)
}

/// The code of the error a response was made from, if it was.
pub fn code_of(response: &Response) -> Option<ErrorCode> {
    response.extensions().get::<Rendered>().map(|Rendered(error)| error.code())
}

/// Middleware: renders every [`ApiError`] in the caller's language and adds
/// the request id to its body.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let lang = Lang::from_headers(request.headers());
    let request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let response = next.run(request).await;
    let Some(Rendered(error)) = response.extensions().get::<Rendered>().cloned() else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = error.body(lang, request_id.as_deref());
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}

impl From<DbErr> for ApiError {
    /// Unique violations become `already_exists`, foreign-key violations
    /// `invalid_reference`, a lost connection `service_unavailable`, a full
    /// disk `storage_full`; the rest is internal.
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                return Self::new(ErrorCode::AlreadyExists);
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                return Self::new(ErrorCode::InvalidReference);
            }
            _ => {}
        }
        match crate::db::fault::classify(&err) {
            Fault::Unreachable => {
                tracing::error!(error.cause = %err, "database unavailable");
                Self::new(ErrorCode::ServiceUnavailable).with_retry_after(5)
            }
            Fault::Full => {
                tracing::error!(error.cause = %err, "database storage full");
                Self::new(ErrorCode::StorageFull).with_retry_after(30)
            }
            Fault::Other => Self::internal(err),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let text = rejection.body_text();
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::new(ErrorCode::UnsupportedMediaType),
            JsonRejection::BytesRejection(_) if text.contains("length limit") => Self::new(ErrorCode::PayloadTooLarge),
            // Valid JSON of the wrong shape: a missing field, a wrong type, an unknown field.
            JsonRejection::JsonDataError(_) => {
                Self::new(ErrorCode::ValidationFailed).with_details(json!({ "reason": text }))
            }
            _ => Self::new(ErrorCode::MalformedJson),
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        Self::new(ErrorCode::InvalidParameter).with_details(json!({ "reason": rejection.body_text() }))
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(_: axum::extract::rejection::PathRejection) -> Self {
        Self::not_found()
    }
}
