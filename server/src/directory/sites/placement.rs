//! Where a site or household lies in the region tree: the region a record
//! names must exist in the caller's scope, have the right level and be in use.

use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::{
    directory::regions::{
        Level,
        entity::{Entity as Regions, Model as Region},
    },
    error::{ApiResult, Reason},
    http::validate::Check,
    policy::DirectoryAdmin,
};

/// What looking up a referenced record found, as the validation needs to know.
#[derive(Debug)]
pub enum Lookup<'a, T> {
    /// The reference was left empty.
    Absent,
    /// Nothing matches the reference.
    Missing,
    /// The record referred to.
    Found(&'a T),
}

impl<T> Clone for Lookup<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Lookup<'_, T> {}

impl<'a, T> Lookup<'a, T> {
    /// `Found` or `Missing`, for a reference that was given.
    pub fn given(found: Option<&'a T>) -> Self {
        found.map_or(Lookup::Missing, Lookup::Found)
    }
}

/// A checked region for a record: its id and the path to copy.
#[derive(Debug, Clone)]
pub struct Placement {
    /// The region.
    pub region_id: Uuid,
    /// Its materialised path.
    pub region_path: String,
}

/// Checks the region a record is placed in: given, visible to `admin`, of one
/// of `levels`, not disabled. A region outside the scope is `not_found`.
pub fn check_region(
    check: &mut Check,
    admin: &DirectoryAdmin,
    field: &str,
    region: Lookup<'_, Region>,
    levels: &[Level],
) -> Option<Placement> {
    let reason = match region {
        Lookup::Absent => Reason::Required,
        Lookup::Found(r) if !admin.covers(&r.path) => Reason::NotFound,
        Lookup::Missing => Reason::NotFound,
        Lookup::Found(r) if !Level::parse(&r.level).is_some_and(|l| levels.contains(&l)) => wrong_level(levels),
        Lookup::Found(r) if r.disabled => {
            Reason::Rule {
                code: "region_disabled", en: "The region is disabled.".into(), zh: "该区域已停用。".into()
            }
        }
        Lookup::Found(r) => {
            return Some(Placement { region_id: r.id, region_path: r.path.clone() });
        }
    };
    check.fail(field, reason);
    None
}

/// Checks the region a change moves a record to, if it names one
/// (`region_id`), as [`check_region`] does for a new record.
pub async fn check_move(
    db: &impl ConnectionTrait,
    check: &mut Check,
    admin: &DirectoryAdmin,
    region_id: Option<Uuid>,
    levels: &[Level],
) -> ApiResult<Option<Placement>> {
    let Some(region_id) = region_id else {
        return Ok(None);
    };
    let region = Regions::find_by_id(region_id).one(db).await?;
    Ok(check_region(check, admin, "region_id", Lookup::given(region.as_ref()), levels))
}

fn wrong_level(levels: &[Level]) -> Reason {
    let en: Vec<&str> = levels.iter().map(|l| l.as_str()).collect();
    let zh: Vec<&str> = levels
        .iter()
        .map(|l| match l {
            Level::County => "县",
            Level::Township => "乡镇",
            Level::Village => "村",
        })
        .collect();
    Reason::Rule {
        code: "wrong_region_level",
        en: format!("The region must be a {}.", en.join(" or ")),
        zh: format!("区域必须是{}。", zh.join("或")),
    }
}
