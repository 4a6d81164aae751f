//! Creating and changing users, within a caller's scope.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    Select, sea_query::Query,
};
use uuid::Uuid;

use super::entity::{self, Entity as Users};
use crate::{
    auth::{password, refresh},
    db::Db,
    directory::{
        organisations::{self, entity as organisation},
        regions,
    },
    error::{ApiError, ApiResult, Reason},
    policy::{self, DirectoryAdmin, Role},
};

/// A new user, fields already trimmed and checked for length.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name (stored lower-case).
    pub username: String,
    /// Name shown to people.
    pub display_name: String,
    /// Password in clear; hashed here.
    pub password: String,
    /// Role.
    pub role: Role,
    /// Root of the scope (required for supervisors and inspectors).
    pub region_id: Option<Uuid>,
    /// Organisation (required for contractors: their company).
    pub organisation_id: Option<Uuid>,
    /// Phone.
    pub phone: Option<String>,
}

/// Checks that a role, region and organisation fit together and lie in the
/// caller's scope: a region in their subtree, an organisation they may edit
/// (a supervisor: only contractor companies registered in their subtree). An
/// organisation outside it is `not_found`, as if it did not exist.
pub async fn check_assignment(
    db: &impl ConnectionTrait,
    admin: &DirectoryAdmin,
    role: Role,
    region_id: Option<Uuid>,
    organisation_id: Option<Uuid>,
) -> ApiResult<()> {
    if !admin.may_assign_role(role) {
        return Err(ApiError::forbidden());
    }
    match (role, region_id) {
        (Role::Supervisor | Role::Inspector, None) => {
            return Err(ApiError::field("region_id", Reason::Required));
        }
        (_, Some(id)) => {
            regions::repo::referenced(db, admin.scope(), "region_id", id).await?;
        }
        (_, None) => {}
    }
    match (role, organisation_id) {
        (Role::Contractor, None) => {
            return Err(ApiError::field("organisation_id", Reason::Required));
        }
        (_, Some(id)) => {
            let org = organisation::Entity::find_by_id(id).one(db).await?;
            let org = match org {
                Some(org) if organisations::repo::may_edit(db, admin, &org).await? => org,
                _ => return Err(ApiError::field("organisation_id", Reason::NotFound)),
            };
            if role == Role::Contractor && org.kind != "contractor" {
                return Err(ApiError::field(
                    "organisation_id",
                    Reason::Rule {
                        code: "not_a_contractor",
                        en: "A contractor user must belong to a contractor company.".into(),
                        zh: "施工单位用户必须隶属于施工企业。".into(),
                    },
                ));
            }
        }
        (_, None) => {}
    }
    Ok(())
}

/// Creates a user.
pub async fn create(db: &impl ConnectionTrait, admin: &DirectoryAdmin, new: NewUser) -> ApiResult<entity::Model> {
    password::validate("password", &new.password)?;
    let hash = password::hash(new.password.clone()).await?;
    create_hashed(db, admin, new, hash).await
}

/// Creates a user whose password is already hashed (hash before the write
/// transaction: argon2 is slow on purpose, and SQLite has one writer).
pub async fn create_hashed(
    db: &impl ConnectionTrait,
    admin: &DirectoryAdmin,
    new: NewUser,
    password_hash: String,
) -> ApiResult<entity::Model> {
    check_assignment(db, admin, new.role, new.region_id, new.organisation_id).await?;
    let username = new.username.to_lowercase();
    if Users::find().filter(entity::Column::Username.eq(&username)).one(db).await?.is_some() {
        return Err(ApiError::field("username", Reason::Taken));
    }
    let now = Utc::now();
    let model = entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        username: Set(username),
        display_name: Set(new.display_name),
        password_hash: Set(password_hash),
        role: Set(new.role.as_str().to_owned()),
        region_id: Set(new.region_id),
        organisation_id: Set(new.organisation_id),
        phone: Set(new.phone),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    };
    Ok(model.insert(db).await?)
}

/// The users a directory admin may see: all for admins; for supervisors the
/// users whose region lies in their subtree, and the contractor users whose
/// company is registered in it.
pub fn in_scope(admin: &DirectoryAdmin) -> Select<Users> {
    let select = Users::find();
    let Some(region_ids) = organisations::repo::region_ids_in(admin.scope()) else {
        return select;
    };
    let companies = Query::select()
        .column(organisation::Column::Id)
        .from(organisation::Entity)
        .and_where(organisation::Column::RegionId.in_subquery(region_ids.clone()))
        .to_owned();
    select.filter(
        Condition::any().add(entity::Column::RegionId.in_subquery(region_ids)).add(
            Condition::all()
                .add(entity::Column::Role.eq(Role::Contractor.as_str()))
                .add(entity::Column::OrganisationId.in_subquery(companies)),
        ),
    )
}

/// A user visible to `admin`, or `None`.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    admin: &DirectoryAdmin,
    id: Uuid,
) -> ApiResult<Option<entity::Model>> {
    Ok(in_scope(admin).filter(entity::Column::Id.eq(id)).one(db).await?)
}

/// Changes to a user, fields already checked. `None`: unchanged;
/// `Some(None)`: cleared.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// New display name.
    pub display_name: Option<String>,
    /// New phone, or none.
    pub phone: Option<Option<String>>,
    /// New role.
    pub role: Option<Role>,
    /// New scope root, or none.
    pub region_id: Option<Option<Uuid>>,
    /// New organisation, or none.
    pub organisation_id: Option<Option<Uuid>>,
    /// Disable (ends the user's sessions) or enable.
    pub disabled: Option<bool>,
    /// The hash of a new password (ends the user's sessions): hashed before
    /// the write transaction, as argon2 is slow on purpose.
    pub password_hash: Option<String>,
}

/// Updates a user the caller may manage: one whose current role the caller
/// may assign. A new role, region or organisation is checked with
/// [`check_assignment`]. Run it in a transaction: it writes more than once.
pub async fn update(
    db: &impl ConnectionTrait,
    admin: &DirectoryAdmin,
    id: Uuid,
    changes: UserChanges,
) -> ApiResult<entity::Model> {
    // Locked until the transaction ends, so concurrent edits read one after the other.
    let user = in_scope(admin).filter(entity::Column::Id.eq(id)).lock_exclusive().one(db).await?;
    let user = user.ok_or_else(ApiError::not_found)?;
    let role = Role::parse(&user.role).ok_or_else(|| ApiError::internal(format!("user {} has bad role", user.id)))?;
    if !admin.may_assign_role(role) {
        return Err(ApiError::forbidden());
    }
    if changes.disabled == Some(true) && id == admin.actor_id() {
        return Err(ApiError::field(
            "disabled",
            Reason::Rule {
                code: "cannot_disable_self",
                en: "You cannot disable your own account.".into(),
                zh: "不能停用自己的账号。".into(),
            },
        ));
    }
    if changes.role.is_some() || changes.region_id.is_some() || changes.organisation_id.is_some() {
        check_assignment(
            db,
            admin,
            changes.role.unwrap_or(role),
            changes.region_id.unwrap_or(user.region_id),
            changes.organisation_id.unwrap_or(user.organisation_id),
        )
        .await?;
    }
    let mut active: entity::ActiveModel = user.into();
    if let Some(name) = changes.display_name {
        active.display_name = Set(name);
    }
    if let Some(phone) = changes.phone {
        active.phone = Set(phone);
    }
    if let Some(role) = changes.role {
        active.role = Set(role.as_str().to_owned());
    }
    if let Some(region) = changes.region_id {
        active.region_id = Set(region);
    }
    if let Some(org) = changes.organisation_id {
        active.organisation_id = Set(org);
    }
    active.updated_at = Set(Utc::now());
    let mut user = active.update(db).await?;
    if let Some(hash) = changes.password_hash {
        set_password_hash(db, user.clone(), hash).await?;
    }
    if let Some(disabled) = changes.disabled {
        user = set_disabled(db, user, disabled).await?;
    }
    Ok(user)
}

/// Sets a user's password and ends their sessions.
pub async fn set_password(db: &impl ConnectionTrait, user: entity::Model, new_password: String) -> ApiResult<()> {
    password::validate("password", &new_password)?;
    let hash = password::hash(new_password).await?;
    set_password_hash(db, user, hash).await
}

/// Sets a user's password by its hash and ends their sessions.
pub async fn set_password_hash(db: &impl ConnectionTrait, user: entity::Model, hash: String) -> ApiResult<()> {
    let id = user.id;
    let mut active: entity::ActiveModel = user.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    refresh::revoke_user(db, id).await?;
    crate::web::session::end_user(db, id).await?;
    Ok(())
}

/// Disables or enables a user; disabling ends their sessions.
pub async fn set_disabled(db: &impl ConnectionTrait, user: entity::Model, disabled: bool) -> ApiResult<entity::Model> {
    let id = user.id;
    let mut active: entity::ActiveModel = user.into();
    active.disabled = Set(disabled);
    active.updated_at = Set(Utc::now());
    let user = active.update(db).await?;
    if disabled {
        refresh::revoke_user(db, id).await?;
        crate::web::session::end_user(db, id).await?;
    }
    Ok(user)
}

async fn by_username(db: &Db, username: &str) -> anyhow::Result<entity::Model> {
    Users::find()
        .filter(entity::Column::Username.eq(username.trim().to_lowercase()))
        .one(db.read())
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user {username}"))
}

/// `fieldsync admin create-user`.
pub async fn create_from_cli(
    db: &Db,
    username: &str,
    role: Role,
    display_name: Option<String>,
    place: Placement,
    password: String,
) -> anyhow::Result<entity::Model> {
    let region_id = match place.region_code {
        Some(code) => Some(
            regions::entity::Entity::find()
                .filter(regions::entity::Column::Code.eq(&code))
                .one(db.read())
                .await?
                .ok_or_else(|| anyhow::anyhow!("no region with code {code}"))?
                .id,
        ),
        None => None,
    };
    let organisation_id = match place.organisation {
        Some(named) => {
            let by = sea_orm::Condition::any()
                .add(organisation::Column::CreditCode.eq(named.trim()))
                .add(organisation::Column::Name.eq(named.trim()));
            let found = organisation::Entity::find().filter(by).all(db.read()).await?;
            match found.as_slice() {
                [one] => Some(one.id),
                [] => anyhow::bail!("no organisation with the credit code or name {named}"),
                _ => anyhow::bail!("several organisations are named {named}; give the credit code"),
            }
        }
        None => None,
    };
    let new = NewUser {
        username: username.trim().to_owned(),
        display_name: display_name.unwrap_or_else(|| username.trim().to_owned()),
        password,
        role,
        region_id,
        organisation_id,
        phone: None,
    };
    create(db.write(), &policy::system(), new).await.map_err(|e| anyhow::anyhow!("{e}"))
}

/// Where a user made on the command line belongs: a region by its code,
/// an organisation by its credit code or exact name.
#[derive(Debug, Default)]
pub struct Placement {
    /// The region's code.
    pub region_code: Option<String>,
    /// The organisation's credit code or name.
    pub organisation: Option<String>,
}

/// `fieldsync admin reset-password`.
pub async fn reset_password_from_cli(db: &Db, username: &str, password: String) -> anyhow::Result<()> {
    let user = by_username(db, username).await?;
    set_password(db.write(), user, password).await.map_err(|e| anyhow::anyhow!("{e}"))
}

/// `fieldsync admin disable-user`.
pub async fn disable_from_cli(db: &Db, username: &str) -> anyhow::Result<()> {
    let user = by_username(db, username).await?;
    set_disabled(db.write(), user, true).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}
