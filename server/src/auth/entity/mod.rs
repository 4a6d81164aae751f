//! Tables of the auth module.

pub mod login_throttle;
pub mod refresh_token;
pub mod signing_key;
