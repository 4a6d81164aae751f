//! The OpenAPI document: assembled from every domain router, with the error
//! envelope and the full list of error codes.

use utoipa::{
    IntoResponses, Modify, OpenApi, ToSchema,
    openapi::{
        ObjectBuilder, OpenApi as Doc, RefOr, Schema, Type,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

/// The error envelope, as documented (the server builds it in `error.rs`).
#[derive(Debug, ToSchema)]
#[schema(as = Error)]
pub struct ErrorEnvelopeDoc {
    /// The error.
    #[allow(dead_code)]
    error: ErrorBodyDoc,
}

/// The body of an error.
#[derive(Debug, ToSchema)]
#[schema(as = ErrorBody)]
#[allow(dead_code)]
pub struct ErrorBodyDoc {
    /// Stable snake_case error code (see `ErrorCode` for the list).
    #[schema(schema_with = error_code_schema)]
    code: String,
    /// Message for people, in the language of `Accept-Language` (en or zh).
    message: String,
    /// Structured details: `{"fields": [...]}` for invalid fields, `{"rows": [...]}` for imports.
    details: Option<serde_json::Value>,
    /// Request id, to quote when reporting a problem.
    request_id: Option<String>,
}

fn error_code_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(sync_protocol::ErrorCode::ALL.iter().map(|c| c.as_str())))
        .description(Some("Stable error code"))
        .into()
}

/// Errors any authenticated endpoint can answer.
#[derive(Debug, IntoResponses)]
#[allow(dead_code)]
pub enum AuthErrors {
    /// No token, or an invalid or expired one (`unauthenticated`, `token_invalid`, `token_expired`).
    #[response(status = 401)]
    Unauthenticated(#[to_schema] ErrorEnvelopeDoc),
    /// The account is disabled, or the role may not do this (`account_disabled`, `forbidden`).
    #[response(status = 403)]
    Forbidden(ErrorEnvelopeDoc),
}

/// Errors of an endpoint that takes a JSON body.
#[derive(Debug, IntoResponses)]
#[allow(dead_code)]
pub enum BodyErrors {
    /// The body is not JSON (`malformed_json`).
    #[response(status = 400)]
    Malformed(ErrorEnvelopeDoc),
    /// The body is too large (`payload_too_large`).
    #[response(status = 413)]
    TooLarge(ErrorEnvelopeDoc),
    /// The body is not `application/json` (`unsupported_media_type`).
    #[response(status = 415)]
    MediaType(ErrorEnvelopeDoc),
    /// Fields are invalid (`validation_failed`, `invalid_reference`).
    #[response(status = 422)]
    Invalid(ErrorEnvelopeDoc),
}

/// Top-level document metadata.
#[derive(OpenApi)]
#[openapi(
    info(title = "fieldsync", description = "Sync server for offline-first mobile field inspection."),
    components(schemas(ErrorEnvelopeDoc, ErrorBodyDoc)),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut Doc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// Whether a schema reference names the error envelope.
pub fn is_error_schema(schema: &RefOr<Schema>) -> bool {
    matches!(schema, RefOr::Ref(r) if r.ref_location.ends_with("/Error"))
}
