//! Reading, creating and changing households, within a caller's scope.

use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select,
};
use uuid::Uuid;

use super::{
    entity::{self, Entity as Households},
    id_number::IdNumber,
    record,
    validate::{self, HOUSEHOLD_LEVELS, HouseholdInput, NewHousehold},
};
use crate::{
    directory::{
        insert, regions,
        sites::placement::{Lookup, check_move},
    },
    error::{ApiError, ApiResult, Reason},
    http::validate::Check,
    policy::{DirectoryAdmin, RegionScope},
    sync::Write,
};

/// Households in a scope.
pub fn in_scope(scope: &RegionScope) -> Select<Households> {
    scope.restrict(Households::find(), entity::Column::RegionPath)
}

/// A household visible in a scope, or `None`.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    scope: &RegionScope,
    id: Uuid,
) -> ApiResult<Option<entity::Model>> {
    Ok(Households::find_by_id(id).one(db).await?.filter(|h| scope.contains(&h.region_path)))
}

/// A household visible in a scope, locked for change until the transaction
/// ends (so concurrent edits read one after the other), or `None`.
async fn find_for_change(db: &impl ConnectionTrait, scope: &RegionScope, id: Uuid) -> ApiResult<Option<entity::Model>> {
    Ok(Households::find_by_id(id).lock_exclusive().one(db).await?.filter(|h| scope.contains(&h.region_path)))
}

/// Whether another household has this ID number (anywhere: the number is unique).
pub async fn id_number_taken(db: &impl ConnectionTrait, id_number: &str, except: Option<Uuid>) -> ApiResult<bool> {
    let mut select = Households::find().filter(entity::Column::IdNumber.eq(id_number));
    if let Some(id) = except {
        select = select.filter(entity::Column::Id.ne(id));
    }
    Ok(select.one(db).await?.is_some())
}

/// Loads the village of a new household and checks it all, reporting every
/// invalid field at once.
pub async fn validate_new(
    db: &impl ConnectionTrait,
    admin: &DirectoryAdmin,
    input: &HouseholdInput,
    region_id: Uuid,
) -> ApiResult<NewHousehold> {
    let region = regions::entity::Entity::find_by_id(region_id).one(db).await?;
    let mut check = Check::new();
    let new = validate::check_new(&mut check, admin, input, "region_id", Lookup::given(region.as_ref()));
    if let Ok(number) = IdNumber::parse(&input.id_number)
        && id_number_taken(db, number.as_str(), None).await?
    {
        check.fail("id_number", Reason::Taken);
    }
    check.finish()?;
    new.ok_or_else(|| ApiError::internal("household check passed without a household"))
}

/// The row of a new household.
fn new_model(import_key: Option<Uuid>, new: NewHousehold) -> entity::Model {
    // Microseconds, as PostgreSQL stores them: the published record equals the row.
    let now = Utc::now().trunc_subsecs(6);
    let f = new.fields;
    entity::Model {
        id: Uuid::now_v7(),
        head_name: f.head_name,
        id_number: f.id_number,
        phone: f.phone,
        region_id: new.placement.region_id,
        region_path: new.placement.region_path,
        category: f.category,
        grade: f.grade,
        graded_at: None,
        grade_appraisal_id: None,
        pending_appraisal_id: None,
        pending_grade: None,
        address: f.address,
        members: f.members,
        disabled: false,
        created_at: now,
        updated_at: now,
        import_key,
    }
}

/// Stores a checked new household and publishes it to devices.
pub async fn insert(write: &Write, new: NewHousehold) -> ApiResult<entity::Model> {
    insert::one::<Households>(write, new_model(None, new), record::publish).await
}

/// Stores checked new households in one statement (keep the batch small
/// enough for the database's parameter limit), each with its import key, and publishes them to devices.
pub async fn insert_many(write: &Write, new: Vec<(Uuid, NewHousehold)>) -> ApiResult<()> {
    insert::many::<Households>(
        write,
        new.into_iter().map(|(key, new)| new_model(Some(key), new)).collect(),
        record::publish,
    )
    .await
}

/// Changes to a household, as requested (checked by [`update`]). `None`:
/// unchanged; `Some(None)`: cleared.
#[derive(Debug, Clone, Default)]
pub struct HouseholdChanges {
    /// New head name.
    pub head_name: Option<String>,
    /// New ID number.
    pub id_number: Option<String>,
    /// New phone, or none.
    pub phone: Option<Option<String>>,
    /// New village.
    pub region_id: Option<Uuid>,
    /// New category.
    pub category: Option<String>,
    /// New grade, or none.
    pub grade: Option<Option<String>>,
    /// New address, or none.
    pub address: Option<Option<String>>,
    /// New number of members, or none.
    pub members: Option<Option<i64>>,
    /// Disable or enable.
    pub disabled: Option<bool>,
}

/// Updates a household in the caller's scope and publishes it to devices.
/// The household as changed must pass the rules of a new one; a new village
/// is checked like on creation.
pub async fn update(
    write: &Write,
    admin: &DirectoryAdmin,
    id: Uuid,
    changes: HouseholdChanges,
) -> ApiResult<entity::Model> {
    let db = write.db();
    let household = find_for_change(db, admin.scope(), id).await?.ok_or_else(ApiError::not_found)?;
    let h = &household;
    let input = HouseholdInput {
        head_name: changes.head_name.unwrap_or_else(|| h.head_name.clone()),
        id_number: changes.id_number.unwrap_or_else(|| h.id_number.clone()),
        phone: changes.phone.unwrap_or_else(|| h.phone.clone()),
        category: changes.category.unwrap_or_else(|| h.category.clone()),
        grade: changes.grade.unwrap_or_else(|| h.grade.clone()),
        address: changes.address.unwrap_or_else(|| h.address.clone()),
        members: changes.members.unwrap_or(h.members.map(i64::from)),
    };
    let mut check = Check::new();
    let fields = validate::check_fields(&mut check, &input);
    let placement = check_move(db, &mut check, admin, changes.region_id, HOUSEHOLD_LEVELS).await?;
    if fields.id_number != household.id_number
        && IdNumber::parse(&fields.id_number).is_ok()
        && id_number_taken(db, &fields.id_number, Some(id)).await?
    {
        check.fail("id_number", Reason::Taken);
    }
    // Once appraisals grade the household, only they (and their review) change the grade.
    if fields.grade != household.grade
        && (household.grade_appraisal_id.is_some() || household.pending_appraisal_id.is_some())
    {
        check.fail(
            "grade",
            Reason::Rule {
                code: "graded_by_appraisal",
                en: "The grade comes from the household's appraisals: record a new appraisal instead.".into(),
                zh: "该户等级来自房屋安全鉴定，请通过新的鉴定变更。".into(),
            },
        );
    }
    check.finish()?;
    let mut active: entity::ActiveModel = household.into();
    active.head_name = Set(fields.head_name);
    active.id_number = Set(fields.id_number);
    active.phone = Set(fields.phone);
    active.category = Set(fields.category);
    active.grade = Set(fields.grade);
    active.address = Set(fields.address);
    active.members = Set(fields.members);
    if let Some(placement) = placement {
        active.region_id = Set(placement.region_id);
        active.region_path = Set(placement.region_path);
    }
    if let Some(disabled) = changes.disabled {
        active.disabled = Set(disabled);
    }
    active.updated_at = Set(Utc::now());
    let model = active.update(db).await?;
    record::publish(write, &model);
    Ok(model)
}
