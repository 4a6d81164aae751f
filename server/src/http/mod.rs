//! HTTP plumbing shared by every domain: extractors, paging, validation,
//! health probes, metrics, cross-origin calls and the OpenAPI document.

pub mod client_addr;
pub mod cors;
pub mod csv_out;
pub mod health;
pub mod json;
pub mod metrics;
pub mod nul;
pub mod openapi;
pub mod paging;
pub mod validate;
