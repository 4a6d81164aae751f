//! Storing new records that devices receive: the rows exactly as built (id
//! and times included), each then published to the change log.

use sea_orm::{ActiveModelBehavior, ActiveModelTrait, EntityTrait, IntoActiveModel};

use crate::{error::ApiResult, sync::Write};

/// Stores a new row of `E` and publishes it with `publish`.
pub async fn one<E>(write: &Write, model: E::Model, publish: fn(&Write, &E::Model)) -> ApiResult<E::Model>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelBehavior + Send,
{
    let model = model.into_active_model().reset_all().insert(write.db()).await?;
    publish(write, &model);
    Ok(model)
}

/// Stores new rows of `E` in one statement (keep the batch small enough for
/// the database's parameter limit) and publishes each with `publish`.
pub async fn many<E>(write: &Write, models: Vec<E::Model>, publish: fn(&Write, &E::Model)) -> ApiResult<()>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
{
    if models.is_empty() {
        return Ok(());
    }
    let rows = models.iter().cloned().map(|model| model.into_active_model().reset_all());
    E::insert_many(rows).exec_without_returning(write.db()).await?;
    for model in &models {
        publish(write, model);
    }
    Ok(())
}
