//! Reading and writing regions, always within a caller's scope.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, QuerySelect, Select};
use uuid::Uuid;

use super::{
    entity::{self, Entity as Regions},
    record,
    view::Level,
};
use crate::{
    error::{ApiError, ApiResult, Reason},
    policy::{DirectoryAdmin, RegionScope},
    sync::Write,
};

/// A validated new region.
#[derive(Debug, Clone)]
pub struct NewRegion {
    /// Parent; none for a county.
    pub parent_id: Option<Uuid>,
    /// Level.
    pub level: Level,
    /// Administrative division code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// Regions in a scope.
pub fn in_scope(scope: &RegionScope) -> Select<Regions> {
    scope.restrict(Regions::find(), entity::Column::Path)
}

/// A region visible in a scope, or `None`.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    scope: &RegionScope,
    id: Uuid,
) -> ApiResult<Option<entity::Model>> {
    Ok(Regions::find_by_id(id).one(db).await?.filter(|r| scope.contains(&r.path)))
}

/// The subtree of region `id` as a scope, for filtering a list by region: the
/// region and what lies below it when it is visible in `scope`, else nothing.
pub async fn below(db: &impl ConnectionTrait, scope: &RegionScope, id: Uuid) -> ApiResult<RegionScope> {
    Ok(match find_visible(db, scope, id).await? {
        Some(region) => RegionScope::Subtree(region.path),
        None => RegionScope::None,
    })
}

/// A region referenced by field `field` that must exist in `scope` (else a field error).
pub async fn referenced(
    db: &impl ConnectionTrait,
    scope: &RegionScope,
    field: &str,
    id: Uuid,
) -> ApiResult<entity::Model> {
    find_visible(db, scope, id).await?.ok_or_else(|| ApiError::field(field, Reason::NotFound))
}

/// Characters of one segment of a region path: the region's id in simple
/// hex and a `/`. Every segment has this length, so the path of a region's
/// ancestor at a level is a prefix of known length (reports group by it).
pub const SEGMENT_LEN: usize = 33;

/// Length of the path of a region at `depth` (county 1, township 2, village 3).
pub const fn path_len(depth: usize) -> usize {
    1 + depth * SEGMENT_LEN
}

/// The path of the township a region path lies in.
pub fn township_path(region_path: &str) -> &str {
    region_path.get(..path_len(2)).unwrap_or(region_path)
}

/// Creates a region below its parent and publishes it to devices.
pub async fn create(write: &Write, admin: &DirectoryAdmin, new: NewRegion) -> ApiResult<entity::Model> {
    let db = write.db();
    let id = Uuid::now_v7();
    let segment = format!("{}/", id.simple());
    debug_assert_eq!(segment.len(), SEGMENT_LEN);
    let path = match (new.level.parent(), new.parent_id) {
        (None, None) => format!("/{segment}"),
        (None, Some(_)) => return Err(ApiError::field("parent_id", rule_parent(new.level))),
        (Some(_), None) => return Err(ApiError::field("parent_id", Reason::Required)),
        (Some(parent_level), Some(parent_id)) => {
            let parent = referenced(db, admin.scope(), "parent_id", parent_id).await?;
            if parent.level != parent_level.as_str() {
                return Err(ApiError::field("parent_id", rule_parent(new.level)));
            }
            format!("{}{segment}", parent.path)
        }
    };
    if !admin.may_edit_region(&path) {
        return Err(ApiError::forbidden());
    }
    let now = Utc::now();
    let model = entity::ActiveModel {
        id: Set(id),
        parent_id: Set(new.parent_id),
        level: Set(new.level.as_str().to_owned()),
        code: Set(new.code),
        name: Set(new.name),
        path: Set(path),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let model = model.insert(db).await?;
    record::publish(write, &model);
    Ok(model)
}

fn rule_parent(level: Level) -> Reason {
    match level.parent() {
        None => Reason::Rule {
            code: "county_has_no_parent",
            en: "A county has no parent region.".into(),
            zh: "县级区域没有上级区域。".into(),
        },
        Some(parent) => Reason::Rule {
            code: "wrong_parent_level",
            en: format!("The parent of a {} must be a {}.", level.as_str(), parent.as_str()),
            zh: format!("{}的上级必须是{}。", zh_level(level), zh_level(parent)),
        },
    }
}

fn zh_level(level: Level) -> &'static str {
    match level {
        Level::County => "县",
        Level::Township => "乡镇",
        Level::Village => "村",
    }
}

/// Changes to a region.
#[derive(Debug, Clone, Default)]
pub struct RegionChanges {
    /// New code.
    pub code: Option<String>,
    /// New name.
    pub name: Option<String>,
    /// Disable or enable.
    pub disabled: Option<bool>,
}

/// Updates a region the caller may edit and publishes it to devices.
pub async fn update(
    write: &Write,
    admin: &DirectoryAdmin,
    id: Uuid,
    changes: RegionChanges,
) -> ApiResult<entity::Model> {
    let db = write.db();
    // Locked until the transaction ends, so concurrent edits read one after the other.
    let region = Regions::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .filter(|r| admin.scope().contains(&r.path))
        .ok_or_else(ApiError::not_found)?;
    if !admin.may_edit_region(&region.path) {
        return Err(ApiError::forbidden());
    }
    let mut active: entity::ActiveModel = region.into();
    if let Some(code) = changes.code {
        active.code = Set(code);
    }
    if let Some(name) = changes.name {
        active.name = Set(name);
    }
    if let Some(disabled) = changes.disabled {
        active.disabled = Set(disabled);
    }
    active.updated_at = Set(Utc::now());
    let model = active.update(db).await?;
    record::publish(write, &model);
    Ok(model)
}
