//! Reading, creating and changing sites, within a caller's scope.

use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select,
};
use uuid::Uuid;

use super::{
    entity::{self, Entity as Sites},
    placement::{Lookup, check_move},
    record,
    validate::{self, NewSite, SITE_LEVELS, SiteInput, SiteRefs},
};
use crate::{
    directory::{
        insert,
        organisations::{self, repo::check_contractor},
        regions,
    },
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    policy::{DirectoryAdmin, RegionScope},
    sync::Write,
};

/// Sites in a scope.
pub fn in_scope(scope: &RegionScope) -> Select<Sites> {
    scope.restrict(Sites::find(), entity::Column::RegionPath)
}

/// A site visible in a scope, or `None`.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    scope: &RegionScope,
    id: Uuid,
) -> ApiResult<Option<entity::Model>> {
    Ok(Sites::find_by_id(id).one(db).await?.filter(|s| scope.contains(&s.region_path)))
}

/// A site visible in a scope, locked for change until the transaction ends
/// (so concurrent edits read one after the other), or `None`.
async fn find_for_change(db: &impl ConnectionTrait, scope: &RegionScope, id: Uuid) -> ApiResult<Option<entity::Model>> {
    Ok(Sites::find_by_id(id).lock_exclusive().one(db).await?.filter(|s| scope.contains(&s.region_path)))
}

/// Whether another site has this construction permit number.
pub async fn permit_taken(db: &impl ConnectionTrait, permit_number: &str, except: Option<Uuid>) -> ApiResult<bool> {
    let mut select = Sites::find().filter(entity::Column::PermitNumber.eq(permit_number));
    if let Some(id) = except {
        select = select.filter(entity::Column::Id.ne(id));
    }
    Ok(select.one(db).await?.is_some())
}

/// Loads what a new site refers to and checks it all, reporting every
/// invalid field at once.
pub async fn validate_new(
    db: &impl ConnectionTrait,
    admin: &DirectoryAdmin,
    input: &SiteInput,
    region_id: Uuid,
    contractor_id: Option<Uuid>,
) -> ApiResult<NewSite> {
    let region = regions::entity::Entity::find_by_id(region_id).one(db).await?;
    let contractor = match contractor_id {
        Some(id) => Some(organisations::entity::Entity::find_by_id(id).one(db).await?),
        None => None,
    };
    let refs = SiteRefs {
        region_field: "region_id",
        region: Lookup::given(region.as_ref()),
        contractor_field: "contractor_id",
        contractor: contractor.as_ref().map_or(Lookup::Absent, |c| Lookup::given(c.as_ref())),
    };
    let mut check = Check::new();
    let new = validate::check_new(&mut check, admin, input, refs);
    let permit = input.permit_number.as_deref().map(str::trim);
    if let Some(permit) = permit.filter(|p| !p.is_empty())
        && permit_taken(db, permit, None).await?
    {
        check.fail("permit_number", Reason::Taken);
    }
    check.finish()?;
    new.ok_or_else(|| ApiError::internal("site check passed without a site"))
}

/// The row of a new site.
fn new_model(import_key: Option<Uuid>, new: NewSite) -> entity::Model {
    // Microseconds, as PostgreSQL stores them: the published record equals the row.
    let now = Utc::now().trunc_subsecs(6);
    let f = new.fields;
    entity::Model {
        id: Uuid::now_v7(),
        name: f.name,
        address: f.address,
        latitude: f.latitude,
        longitude: f.longitude,
        project_type: f.project_type,
        contractor_id: new.contractor_id,
        region_id: new.placement.region_id,
        region_path: new.placement.region_path,
        permit_number: f.permit_number,
        owner_unit: f.owner_unit,
        supervision_unit: f.supervision_unit,
        status: f.status,
        disabled: false,
        created_at: now,
        updated_at: now,
        import_key,
    }
}

/// Stores a checked new site and publishes it to devices.
pub async fn insert(write: &Write, new: NewSite) -> ApiResult<entity::Model> {
    insert::one::<Sites>(write, new_model(None, new), record::publish).await
}

/// Stores checked new sites in one statement (keep the batch small enough
/// for the database's parameter limit), each with its import key, and publishes them to devices.
pub async fn insert_many(write: &Write, new: Vec<(Uuid, NewSite)>) -> ApiResult<()> {
    insert::many::<Sites>(write, new.into_iter().map(|(key, new)| new_model(Some(key), new)).collect(), record::publish)
        .await
}

/// Changes to a site, as requested (checked by [`update`]). `None`:
/// unchanged; `Some(None)`: cleared.
#[derive(Debug, Clone, Default)]
pub struct SiteChanges {
    /// New project name.
    pub name: Option<String>,
    /// New address.
    pub address: Option<String>,
    /// New latitude, or none.
    pub latitude: Option<Option<f64>>,
    /// New longitude, or none.
    pub longitude: Option<Option<f64>>,
    /// New project type.
    pub project_type: Option<String>,
    /// New contractor company, or none.
    pub contractor_id: Option<Option<Uuid>>,
    /// New region.
    pub region_id: Option<Uuid>,
    /// New permit number, or none.
    pub permit_number: Option<Option<String>>,
    /// New owner unit (建设单位), or none.
    pub owner_unit: Option<Option<String>>,
    /// New supervision unit (监理单位), or none.
    pub supervision_unit: Option<Option<String>>,
    /// New status.
    pub status: Option<String>,
    /// Disable or enable.
    pub disabled: Option<bool>,
}

/// Updates a site in the caller's scope and publishes it to devices (moved
/// to another region or contractor, it leaves the devices that no longer see
/// it). The site as changed must pass the rules of a new one; a new region
/// or contractor is checked like on creation.
pub async fn update(write: &Write, admin: &DirectoryAdmin, id: Uuid, changes: SiteChanges) -> ApiResult<entity::Model> {
    let db = write.db();
    let site = find_for_change(db, admin.scope(), id).await?.ok_or_else(ApiError::not_found)?;
    let input = SiteInput {
        name: changes.name.unwrap_or_else(|| site.name.clone()),
        address: changes.address.unwrap_or_else(|| site.address.clone()),
        latitude: changes.latitude.unwrap_or(site.latitude),
        longitude: changes.longitude.unwrap_or(site.longitude),
        project_type: changes.project_type.unwrap_or_else(|| site.project_type.clone()),
        permit_number: changes.permit_number.unwrap_or_else(|| site.permit_number.clone()),
        owner_unit: changes.owner_unit.unwrap_or_else(|| site.owner_unit.clone()),
        supervision_unit: changes.supervision_unit.unwrap_or_else(|| site.supervision_unit.clone()),
        status: Some(changes.status.unwrap_or_else(|| site.status.clone())),
    };
    let mut check = Check::new();
    let fields = validate::check_fields(&mut check, &input);
    let placement = check_move(db, &mut check, admin, changes.region_id, SITE_LEVELS).await?;
    let contractor_id = match changes.contractor_id {
        Some(Some(org_id)) => {
            let org = organisations::entity::Entity::find_by_id(org_id).one(db).await?;
            Some(check_contractor(&mut check, "contractor_id", org.as_ref()))
        }
        Some(None) => Some(None),
        None => None,
    };
    if let Some(permit) = &fields.permit_number
        && site.permit_number.as_ref() != Some(permit)
        && permit_taken(db, permit, Some(id)).await?
    {
        check.fail("permit_number", Reason::Taken);
    }
    check.finish()?;
    let mut active: entity::ActiveModel = site.into();
    active.name = Set(fields.name);
    active.address = Set(fields.address);
    active.latitude = Set(fields.latitude);
    active.longitude = Set(fields.longitude);
    active.project_type = Set(fields.project_type);
    active.permit_number = Set(fields.permit_number);
    active.owner_unit = Set(fields.owner_unit);
    active.supervision_unit = Set(fields.supervision_unit);
    active.status = Set(fields.status);
    if let Some(placement) = placement {
        active.region_id = Set(placement.region_id);
        active.region_path = Set(placement.region_path);
    }
    if let Some(contractor) = contractor_id {
        active.contractor_id = Set(contractor);
    }
    if let Some(disabled) = changes.disabled {
        active.disabled = Set(disabled);
    }
    active.updated_at = Set(Utc::now());
    let model = active.update(db).await?;
    record::publish(write, &model);
    Ok(model)
}
