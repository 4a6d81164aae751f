//! Reading, creating and changing organisations, within a caller's scope.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    QueryTrait, Select, sea_query::SelectStatement,
};
use uuid::Uuid;

use super::{
    entity::{self, Entity as Organisations},
    record,
};
use crate::{
    directory::regions,
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    policy::{DirectoryAdmin, RegionScope},
    sync::Write,
};

/// Kinds of organisation.
pub const KINDS: &[&str] = &["bureau", "contractor"];

/// The kind of a contractor company.
pub const CONTRACTOR: &str = "contractor";

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

/// The ids of the regions in a scope, as a subquery; `None` when the scope is everything.
pub fn region_ids_in(scope: &RegionScope) -> Option<SelectStatement> {
    scope.like_pattern()?;
    Some(regions::repo::in_scope(scope).select_only().column(regions::entity::Column::Id).into_query())
}

/// The organisations a directory admin may see: all for admins; for
/// supervisors those registered in their subtree plus contractor companies
/// registered nowhere.
pub fn in_scope(admin: &DirectoryAdmin) -> Select<Organisations> {
    let select = Organisations::find();
    match region_ids_in(admin.scope()) {
        None => select,
        Some(region_ids) => select.filter(
            Condition::any()
                .add(entity::Column::RegionId.in_subquery(region_ids))
                .add(Condition::all().add(entity::Column::Kind.eq(CONTRACTOR)).add(entity::Column::RegionId.is_null())),
        ),
    }
}

/// An organisation visible to `admin`, or `None`.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    admin: &DirectoryAdmin,
    id: Uuid,
) -> ApiResult<Option<entity::Model>> {
    Ok(in_scope(admin).filter(entity::Column::Id.eq(id)).one(db).await?)
}

/// Whether `admin` may change `org`: admins any; supervisors only contractor
/// companies registered in their subtree.
pub async fn may_edit(db: &impl ConnectionTrait, admin: &DirectoryAdmin, org: &entity::Model) -> ApiResult<bool> {
    if admin.is_admin() {
        return Ok(true);
    }
    match org.region_id {
        Some(region) if org.kind == CONTRACTOR => {
            Ok(regions::repo::find_visible(db, admin.scope(), region).await?.is_some())
        }
        _ => Ok(false),
    }
}

/// Fails with `credit_code: taken` when another organisation has this code.
async fn check_credit_code_free(db: &impl ConnectionTrait, code: &str, except: Option<Uuid>) -> ApiResult<()> {
    let mut select = Organisations::find().filter(entity::Column::CreditCode.eq(code));
    if let Some(id) = except {
        select = select.filter(entity::Column::Id.ne(id));
    }
    match select.one(db).await? {
        Some(_) => Err(ApiError::field("credit_code", Reason::Taken)),
        None => Ok(()),
    }
}

/// Checks that a record may name `org` as its contractor company: it exists,
/// is a contractor and is not disabled. Returns its id.
pub fn check_contractor(check: &mut Check, field: &str, org: Option<&entity::Model>) -> Option<Uuid> {
    let reason = match org {
        None => Reason::NotFound,
        Some(org) if org.kind != CONTRACTOR => Reason::Rule {
            code: "not_a_contractor",
            en: "The organisation is not a contractor company.".into(),
            zh: "该单位不是施工企业。".into(),
        },
        Some(org) if org.disabled => Reason::Rule {
            code: "organisation_disabled",
            en: "The organisation is disabled.".into(),
            zh: "该单位已停用。".into(),
        },
        Some(org) => return Some(org.id),
    };
    check.fail(field, reason);
    None
}

/// Creates an organisation and publishes it to devices. Supervisors create
/// contractor companies registered in their region; admins create any.
pub async fn create(write: &Write, admin: &DirectoryAdmin, new: NewOrganisation) -> ApiResult<entity::Model> {
    let db = write.db();
    if !admin.is_admin() && (new.kind != CONTRACTOR || new.region_id.is_none()) {
        return Err(ApiError::forbidden());
    }
    if let Some(region) = new.region_id {
        regions::repo::referenced(db, admin.scope(), "region_id", region).await?;
    }
    if let Some(code) = &new.credit_code {
        check_credit_code_free(db, code, None).await?;
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
    let model = model.insert(db).await?;
    record::publish(write, &model);
    Ok(model)
}

/// Changes to an organisation, fields already checked. `None`: unchanged;
/// `Some(None)`: cleared. The kind cannot change.
#[derive(Debug, Clone, Default)]
pub struct OrganisationChanges {
    /// New name.
    pub name: Option<String>,
    /// New credit code, or none.
    pub credit_code: Option<Option<String>>,
    /// New region, or none (admins only).
    pub region_id: Option<Option<Uuid>>,
    /// New contact person, or none.
    pub contact_name: Option<Option<String>>,
    /// New contact phone, or none.
    pub contact_phone: Option<Option<String>>,
    /// Disable or enable.
    pub disabled: Option<bool>,
}

/// Updates an organisation the caller may edit and publishes it to devices.
pub async fn update(
    write: &Write,
    admin: &DirectoryAdmin,
    id: Uuid,
    changes: OrganisationChanges,
) -> ApiResult<entity::Model> {
    let db = write.db();
    // Locked until the transaction ends, so concurrent edits read one after the other.
    let org = in_scope(admin).filter(entity::Column::Id.eq(id)).lock_exclusive().one(db).await?;
    let org = org.ok_or_else(ApiError::not_found)?;
    if !may_edit(db, admin, &org).await? {
        return Err(ApiError::forbidden());
    }
    match changes.region_id {
        Some(Some(region)) => {
            regions::repo::referenced(db, admin.scope(), "region_id", region).await?;
        }
        // A supervisor's company must stay registered in their subtree.
        Some(None) if !admin.is_admin() => return Err(ApiError::forbidden()),
        _ => {}
    }
    if let Some(Some(code)) = &changes.credit_code {
        check_credit_code_free(db, code, Some(id)).await?;
    }
    let mut active: entity::ActiveModel = org.into();
    if let Some(name) = changes.name {
        active.name = Set(name);
    }
    if let Some(code) = changes.credit_code {
        active.credit_code = Set(code);
    }
    if let Some(region) = changes.region_id {
        active.region_id = Set(region);
    }
    if let Some(contact) = changes.contact_name {
        active.contact_name = Set(contact);
    }
    if let Some(phone) = changes.contact_phone {
        active.contact_phone = Set(phone);
    }
    if let Some(disabled) = changes.disabled {
        active.disabled = Set(disabled);
    }
    active.updated_at = Set(Utc::now());
    let model = active.update(db).await?;
    record::publish(write, &model);
    Ok(model)
}
