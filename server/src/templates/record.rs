//! The template as devices receive it, and publishing it to the change log.

use super::{entity::Model, view::TemplateView};
use crate::sync::{Placement, Write, placement::EVERYWHERE};

/// Record type name in the sync protocol.
pub const RECORD_TYPE: &str = "template";

/// Where a template lies: everywhere, for bureau staff only (contractors
/// neither inspect nor receive checklists).
pub fn placement() -> Placement {
    Placement::region(EVERYWHERE).internal()
}

/// Publishes a published or retired version to devices (drafts stay on the server).
pub fn publish(write: &Write, m: &Model) {
    write.upsert(RECORD_TYPE, m.id, placement(), &TemplateView::from(m));
}
