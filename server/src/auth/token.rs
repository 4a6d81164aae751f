//! Access tokens: short-lived JWTs signed with the key ring's current key.

use chrono::Utc;
use jsonwebtoken::{Algorithm, Header, Validation, decode, decode_header, encode, errors::ErrorKind};
use serde::{Deserialize, Serialize};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::keys::KeyRing;
use crate::{db::Db, error::ApiError, policy::Role};

/// Seconds of clock skew tolerated when checking expiry.
const LEEWAY_SECS: u64 = 30;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// The user's role when the token was issued.
    pub role: Role,
    /// Root of the user's region scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Uuid>,
    /// The user's organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    /// The device signed in from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev: Option<Uuid>,
    /// The sign-in (refresh-token family) this token belongs to.
    pub sid: Uuid,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Expires at, seconds since the epoch.
    pub exp: i64,
}

impl Claims {
    /// Claims for a user, valid for `ttl_secs` from now.
    pub fn new(
        sub: Uuid,
        role: Role,
        region: Option<Uuid>,
        org: Option<Uuid>,
        dev: Option<Uuid>,
        sid: Uuid,
        ttl_secs: u64,
    ) -> Claims {
        let iat = Utc::now().timestamp();
        Claims { sub, role, region, org, dev, sid, iat, exp: iat + ttl_secs as i64 }
    }
}

/// Signs claims with the current key.
pub fn sign(keys: &KeyRing, claims: &Claims) -> Result<String, ApiError> {
    let (kid, key) = keys.signing_key().ok_or_else(|| ApiError::internal("no active signing key"))?;
    let header = Header { kid: Some(kid), ..Header::new(Algorithm::HS256) };
    encode(&header, claims, &key).map_err(ApiError::internal)
}

/// Verifies a token: its key must be known and not retired, its signature
/// valid and its expiry not past.
pub async fn verify(keys: &KeyRing, db: &Db, token: &str) -> Result<Claims, ApiError> {
    let header = decode_header(token).map_err(|_| ApiError::new(ErrorCode::TokenInvalid))?;
    if header.alg != Algorithm::HS256 {
        return Err(ApiError::new(ErrorCode::TokenInvalid));
    }
    let kid = header.kid.ok_or_else(|| ApiError::new(ErrorCode::TokenInvalid))?;
    let key = keys.verifying_key(db, &kid).await?.ok_or_else(|| ApiError::new(ErrorCode::TokenInvalid))?;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = LEEWAY_SECS;
    validation.set_required_spec_claims(&["exp", "sub"]);
    match decode::<Claims>(token, &key, &validation) {
        Ok(data) => Ok(data.claims),
        Err(err) if matches!(err.kind(), ErrorKind::ExpiredSignature) => Err(ApiError::new(ErrorCode::TokenExpired)),
        Err(_) => Err(ApiError::new(ErrorCode::TokenInvalid)),
    }
}
