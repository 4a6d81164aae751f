//! Who may see and do what: by role, region subtree and organisation.
//!
//! Every permission rule lives here. Handlers ask for a capability
//! (e.g. [`DirectoryAdmin`]) and get it or a `forbidden` error; repository
//! functions that change the directory take that capability, so they cannot
//! be called without the check.

mod role;
mod scope;
mod templates;
mod webhooks;

use uuid::Uuid;

pub use role::Role;
pub use scope::RegionScope;
pub use templates::{TemplateAdmin, may_read_drafts, may_read_templates, template_admin, template_system};
pub use webhooks::{WebhookAdmin, endpoint_receives, webhook_admin};

use crate::{auth::AuthUser, error::ApiError};

/// The right to manage directory data within a region scope: held by admins
/// (everything) and supervisors (their subtree). Only [`directory_admin`] makes one.
#[derive(Debug, Clone)]
pub struct DirectoryAdmin {
    actor_id: Uuid,
    role: Role,
    scope: RegionScope,
}

/// The caller's right to manage directory data, or `forbidden`.
pub fn directory_admin(user: &AuthUser) -> Result<DirectoryAdmin, ApiError> {
    let scope = match user.role {
        Role::Admin => RegionScope::All,
        Role::Supervisor => match &user.region_path {
            Some(path) => RegionScope::Subtree(path.clone()),
            None => return Err(ApiError::forbidden()),
        },
        Role::Inspector | Role::Contractor => return Err(ApiError::forbidden()),
    };
    Ok(DirectoryAdmin { actor_id: user.user_id, role: user.role, scope })
}

impl DirectoryAdmin {
    /// The region scope this right covers.
    pub fn scope(&self) -> &RegionScope {
        &self.scope
    }

    /// The user holding the right.
    pub fn actor_id(&self) -> Uuid {
        self.actor_id
    }

    /// Whether the holder is an admin (unrestricted).
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether a record in the region with this path may be seen and changed.
    pub fn covers(&self, region_path: &str) -> bool {
        self.scope.contains(region_path)
    }

    /// Whether a region may be created or changed: supervisors manage the
    /// regions below their root, not their root itself.
    pub fn may_edit_region(&self, region_path: &str) -> bool {
        match &self.scope {
            RegionScope::Subtree(root) => region_path != root && region_path.starts_with(root.as_str()),
            other => other.contains(region_path),
        }
    }

    /// Whether the holder may give a user this role: supervisors create only
    /// inspectors and contractors.
    pub fn may_assign_role(&self, role: Role) -> bool {
        self.is_admin() || matches!(role, Role::Inspector | Role::Contractor)
    }
}

/// The unrestricted right used by the command line and the demo loader,
/// which run with local access to the database, not through the API.
pub fn system() -> DirectoryAdmin {
    DirectoryAdmin { actor_id: Uuid::nil(), role: Role::Admin, scope: RegionScope::All }
}

/// Whether the user may record inspections of a place with this region path:
/// bureau staff whose region contains it (admins anywhere).
pub fn may_inspect(user: &AuthUser, region_path: &str) -> bool {
    is_bureau_over(user.role, user.region_path.as_deref(), region_path)
}

/// Whether someone of `role` scoped to the region at `root` is bureau staff
/// over a place at `region_path` (the rule of [`may_inspect`], for a user
/// who is not the caller: an officer named on a case).
pub fn is_bureau_over(role: Role, root: Option<&str>, region_path: &str) -> bool {
    match role {
        Role::Admin => true,
        Role::Supervisor | Role::Inspector => root.is_some_and(|root| region_path.starts_with(root)),
        Role::Contractor => false,
    }
}

/// Whether the user supervises a place with this region path: supervisors
/// whose region contains it, and admins.
pub fn may_supervise(user: &AuthUser, region_path: &str) -> bool {
    match user.role {
        Role::Admin => true,
        Role::Supervisor => may_inspect(user, region_path),
        Role::Inspector | Role::Contractor => false,
    }
}

/// Whether the user speaks for an organisation: a contractor who belongs to it.
pub fn speaks_for(user: &AuthUser, org_id: Uuid) -> bool {
    user.role == Role::Contractor && user.organisation_id == Some(org_id)
}

/// The part of the region tree whose reports the user may read: bureau
/// staff their region (admins all); contractors none.
pub fn report_scope(user: &AuthUser) -> Result<RegionScope, ApiError> {
    match (user.role, &user.region_path) {
        (Role::Admin, _) => Ok(RegionScope::All),
        (Role::Supervisor | Role::Inspector, Some(path)) => Ok(RegionScope::Subtree(path.clone())),
        _ => Err(ApiError::forbidden()),
    }
}

/// The county whose document numbers the user may reserve to issue
/// offline, give back and void: inspectors' and supervisors' (bureau staff
/// with a region; admins issue nothing on site).
pub fn numbers_to_reserve(user: &AuthUser) -> Result<String, ApiError> {
    match (user.role, &user.region_path) {
        (Role::Supervisor | Role::Inspector, Some(path)) => Ok(crate::numbers::bureau_key(path)),
        _ => Err(ApiError::forbidden()),
    }
}

/// Whether the user may void any unissued number of their county, not only
/// those they hold: supervisors.
pub fn may_void_any_number(user: &AuthUser) -> bool {
    user.role == Role::Supervisor
}

/// Whose number register the user reads: a supervisor their county's
/// (`Some`), an admin every county's (`None`).
pub fn number_register(user: &AuthUser) -> Result<Option<String>, ApiError> {
    match (user.role, &user.region_path) {
        (Role::Admin, _) => Ok(None),
        (Role::Supervisor, Some(path)) => Ok(Some(crate::numbers::bureau_key(path))),
        _ => Err(ApiError::forbidden()),
    }
}

/// Whether the user works the supervisor's queues (review of notices issued
/// on the spot, approval of strong measures): supervisors and admins. Each
/// action is still decided per notice by the lifecycle.
pub fn works_supervisor_queues(user: &AuthUser) -> bool {
    matches!(user.role, Role::Admin | Role::Supervisor)
}

/// Whether the user may follow which records still lack their photos:
/// supervisors (within their region, by the sync scope) and admins.
pub fn may_follow_missing_photos(user: &AuthUser) -> bool {
    matches!(user.role, Role::Admin | Role::Supervisor)
}
