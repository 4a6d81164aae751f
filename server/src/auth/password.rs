//! Password hashing with Argon2id, off the async runtime.

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};

use crate::error::{ApiError, Reason};

/// Hashes running at once. Each Argon2 run takes 19 MiB and a core for tens
/// of milliseconds; unbounded, a burst of sign-ins would start hundreds of
/// blocking threads and gigabytes of memory. This is a process-wide resource,
/// like the blocking thread pool it guards, hence a static.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 8;

/// A PHC string that no password matches, verified against for unknown users
/// so that a wrong user name takes as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Yb9vQ6XaC8i3D3c6W9o3jJx2v6b0W3Xq3m9g0HqV0pI";

/// Why a new password is not acceptable, if it is not.
pub fn problem(password: &str) -> Option<Reason> {
    (password.chars().count() < MIN_LENGTH).then(|| Reason::Rule {
        code: "too_short",
        en: format!("At least {MIN_LENGTH} characters."),
        zh: format!("至少 {MIN_LENGTH} 个字符。"),
    })
}

/// Checks that a new password is acceptable.
pub fn validate(field: &str, password: &str) -> Result<(), ApiError> {
    match problem(password) {
        Some(reason) => Err(ApiError::field(field, reason)),
        None => Ok(()),
    }
}

/// Hashes a password into a PHC string.
pub async fn hash(password: String) -> Result<String, ApiError> {
    let _permit = HASHING.acquire().await.map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| ApiError::internal(e.to_string()))
}

/// Whether `password` matches the PHC string `hash` (or the dummy when `None`).
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, ApiError> {
    let _permit = HASHING.acquire().await.map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        known && ok
    })
    .await
    .map_err(ApiError::internal)
}
