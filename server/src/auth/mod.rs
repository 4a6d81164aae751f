//! Authentication: sign-in, token refresh and sign-out, access tokens, the
//! `AuthUser` extractor, password hashing and login throttling.

pub mod entity;
mod extractor;
pub mod keys;
pub mod password;
pub mod refresh;
mod routes;
pub mod signin;
pub mod throttle;
pub mod token;

pub use extractor::{AuthUser, Session, bearer};
pub use routes::router;
