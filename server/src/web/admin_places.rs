//! What the admin pages offer to choose from and name: the regions a
//! user's scope may start at, the contractor companies, and the names of
//! regions and organisations by id, all within the reader's scope.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    directory::{
        organisations::{entity as organisation, repo as organisations},
        regions::{Level, entity as region, repo as regions},
    },
    policy::DirectoryAdmin,
};

/// One choice of a drop-down.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What it says.
    pub label: String,
}

/// The county and townships in the reader's scope, in code order.
pub async fn regions(db: &impl ConnectionTrait, admin: &DirectoryAdmin) -> Result<Vec<Choice>, DbErr> {
    let found = regions::in_scope(admin.scope())
        .filter(region::Column::Level.is_in([Level::County.as_str(), Level::Township.as_str()]))
        .order_by_asc(region::Column::Path)
        .all(db)
        .await?;
    Ok(found.into_iter().map(|r| Choice { value: r.id.to_string(), label: r.name }).collect())
}

/// The contractor companies the reader may give users to.
pub async fn companies(db: &impl ConnectionTrait, admin: &DirectoryAdmin) -> Result<Vec<Choice>, DbErr> {
    let found = organisations::in_scope(admin)
        .filter(organisation::Column::Kind.eq(organisations::CONTRACTOR))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?;
    Ok(found.into_iter().map(|o| Choice { value: o.id.to_string(), label: o.name }).collect())
}

/// Region names by id.
pub async fn region_names(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<HashMap<Uuid, String>, DbErr> {
    let found = region::Entity::find().filter(region::Column::Id.is_in(ids)).all(db).await?;
    Ok(found.into_iter().map(|r| (r.id, r.name)).collect())
}

/// Organisation names by id.
pub async fn organisation_names(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<HashMap<Uuid, String>, DbErr> {
    let found = organisation::Entity::find().filter(organisation::Column::Id.is_in(ids)).all(db).await?;
    Ok(found.into_iter().map(|o| (o.id, o.name)).collect())
}
