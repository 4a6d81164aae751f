//! Creating and changing organisations, within a caller's scope.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use uuid::Uuid;

use super::entity;
use crate::{
    directory::regions,
    error::{ApiError, ApiResult},
    policy::DirectoryAdmin,
};

/// Kinds of organisation.
pub const KINDS: &[&str] = &["bureau", "contractor"];

/// A new organisation, fields already checked.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    /// `bureau` or `contractor`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Unified social credit code.
    pub credit_code: Option<String>,
    /// Region it is registered in.
    pub region_id: Option<Uuid>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
}

/// Creates an organisation. Supervisors create contractor companies
/// registered in their region; admins create any.
pub async fn create(
    db: &impl ConnectionTrait,
    admin: &DirectoryAdmin,
    new: NewOrganisation,
) -> ApiResult<entity::Model> {
    if !admin.is_admin() && (new.kind != "contractor" || new.region_id.is_none()) {
        return Err(ApiError::forbidden());
    }
    if let Some(region) = new.region_id {
        regions::repo::referenced(db, admin.scope(), "region_id", region).await?;
    }
    let now = Utc::now();
    let model = entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(new.kind),
        name: Set(new.name),
        credit_code: Set(new.credit_code),
        region_id: Set(new.region_id),
        contact_name: Set(new.contact_name),
        contact_phone: Set(new.contact_phone),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    };
    Ok(model.insert(db).await?)
}
