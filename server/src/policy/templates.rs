//! Who may read and write checklist templates.

use uuid::Uuid;

use super::Role;
use crate::{auth::AuthUser, error::ApiError};

/// The right to write and publish checklist templates: admins only, since a
/// template applies to every region. Only [`template_admin`] makes one.
#[derive(Debug, Clone)]
pub struct TemplateAdmin {
    actor_id: Uuid,
}

impl TemplateAdmin {
    /// The admin holding the right (nil for the built-in seed).
    pub fn actor_id(&self) -> Uuid {
        self.actor_id
    }
}

/// The caller's right to manage templates, or `forbidden`.
pub fn template_admin(user: &AuthUser) -> Result<TemplateAdmin, ApiError> {
    match user.role {
        Role::Admin => Ok(TemplateAdmin { actor_id: user.user_id }),
        Role::Supervisor | Role::Inspector | Role::Contractor => Err(ApiError::forbidden()),
    }
}

/// The right used at startup to store the built-in templates.
pub fn template_system() -> TemplateAdmin {
    TemplateAdmin { actor_id: Uuid::nil() }
}

/// Whether the user may read published templates: bureau staff, who
/// inspect; contractors never see checklists (as in sync).
pub fn may_read_templates(user: &AuthUser) -> bool {
    user.role != Role::Contractor
}

/// Whether the user may read unpublished drafts: template admins.
pub fn may_read_drafts(user: &AuthUser) -> bool {
    user.role == Role::Admin
}
