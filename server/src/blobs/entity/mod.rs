//! Tables of the photo store.

pub mod blob;
pub mod blob_ref;
pub mod holder;
pub mod upload;
