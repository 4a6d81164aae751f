//! How a user is shown over the API (never with the password hash): the
//! protocol's user, the same in the admin API and in the sign-in answer.

pub use sync_protocol::auth::User as UserView;

use super::entity::Model;

impl From<Model> for UserView {
    fn from(m: Model) -> Self {
        UserView {
            id: m.id,
            username: m.username,
            display_name: m.display_name,
            role: m.role,
            region_id: m.region_id,
            organisation_id: m.organisation_id,
            phone: m.phone,
            disabled: m.disabled,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}
