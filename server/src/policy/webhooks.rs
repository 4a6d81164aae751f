//! Who manages webhook endpoints, and which records an endpoint hears of.

use uuid::Uuid;

use super::{Role, scope::RegionScope};
use crate::{auth::AuthUser, error::ApiError};

/// The right to manage webhook endpoints within a region scope: admins
/// (every endpoint) and supervisors (endpoints of their subtree). Only
/// [`webhook_admin`] makes one.
#[derive(Debug, Clone)]
pub struct WebhookAdmin {
    actor_id: Uuid,
    scope: RegionScope,
}

/// The caller's right to manage webhooks, or `forbidden`.
pub fn webhook_admin(user: &AuthUser) -> Result<WebhookAdmin, ApiError> {
    let scope = match (user.role, &user.region_path) {
        (Role::Admin, _) => RegionScope::All,
        (Role::Supervisor, Some(path)) => RegionScope::Subtree(path.clone()),
        _ => return Err(ApiError::forbidden()),
    };
    Ok(WebhookAdmin { actor_id: user.user_id, scope })
}

impl WebhookAdmin {
    /// The user holding the right.
    pub fn actor_id(&self) -> Uuid {
        self.actor_id
    }

    /// The region scope this right covers.
    pub fn scope(&self) -> &RegionScope {
        &self.scope
    }

    /// The region path a new endpoint gets when none is asked for: the
    /// holder's whole scope (`""`: the whole tree).
    pub fn default_region(&self) -> String {
        match &self.scope {
            RegionScope::Subtree(root) => root.clone(),
            _ => String::new(),
        }
    }

    /// Whether the holder may see and change an endpoint scoped to this
    /// region path (`""`: the whole tree, admins only).
    pub fn covers(&self, endpoint_region: &str) -> bool {
        match &self.scope {
            RegionScope::All => true,
            scope => !endpoint_region.is_empty() && scope.contains(endpoint_region),
        }
    }
}

/// Whether an endpoint scoped to `endpoint_region` (`""`: the whole tree)
/// hears of a record lying in `record_region`.
pub fn endpoint_receives(endpoint_region: &str, record_region: &str) -> bool {
    endpoint_region.is_empty() || RegionScope::Subtree(endpoint_region.to_owned()).contains(record_region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_hears_of_its_subtree_only() {
        assert!(endpoint_receives("", "/a/b/"));
        assert!(endpoint_receives("/a/", "/a/b/"));
        assert!(!endpoint_receives("/a/b/", "/a/c/"));
    }
}
