//! Finding a notice the caller may see, and who the caller is to it.

use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};
use uuid::Uuid;

use super::{entity::notice, lifecycle::Parties, record};
use crate::{
    auth::AuthUser,
    error::{ApiError, ApiResult},
    policy,
    sync::SyncScope,
};

/// Who the user is to a notice (the rule for each party is in `policy`).
pub fn parties(user: &AuthUser, m: &notice::Model) -> Parties {
    let bureau = policy::may_inspect(user, &m.region_path);
    Parties {
        bureau,
        supervisor: policy::may_supervise(user, &m.region_path),
        addressee: match m.addressee_org_id {
            Some(org) => m.issued_at.is_some() && policy::speaks_for(user, org),
            None => bureau,
        },
    }
}

/// Whether the user sees the notice: the sync scope rule, applied to its placement.
pub fn sees(user: &AuthUser, m: &notice::Model) -> bool {
    SyncScope::of(user).sees(&record::placement(m))
}

/// The notice, locked for change until the transaction ends, if the caller
/// may see it (else `not_found`).
pub async fn for_change(db: &impl ConnectionTrait, user: &AuthUser, id: Uuid) -> ApiResult<notice::Model> {
    let found = notice::Entity::find_by_id(id).lock_exclusive().one(db).await?.ok_or_else(ApiError::not_found)?;
    if !sees(user, &found) {
        return Err(ApiError::not_found());
    }
    Ok(found)
}

/// The notice, if the caller may see it (else `not_found`).
pub async fn visible(db: &impl ConnectionTrait, user: &AuthUser, id: Uuid) -> ApiResult<notice::Model> {
    let found = notice::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)?;
    if !sees(user, &found) {
        return Err(ApiError::not_found());
    }
    Ok(found)
}
