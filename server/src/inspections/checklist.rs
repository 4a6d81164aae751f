//! An inspection and its template: the version it keeps, its answers checked
//! against it, and the computed result stored with it.

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{entity, findings::Finding};
use crate::{
    db::typed::Json,
    error::{ApiError, ApiResult, Reason},
    templates::{self, Evaluation, Stage, TemplateBody},
};

/// The template version an inspection names, if inspections may use it
/// (published or retired); otherwise `template_id` is `not_found`.
pub async fn usable(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<(templates::entity::Model, TemplateBody)> {
    templates::repo::usable(db, id).await?.ok_or_else(|| ApiError::field("template_id", Reason::NotFound))
}

/// The body of the version an inspection keeps; `None` for inspections made
/// before templates existed (their answers are not checked).
pub async fn kept(db: &impl ConnectionTrait, inspection: &entity::Model) -> ApiResult<Option<TemplateBody>> {
    let Some(id) = inspection.template_id else { return Ok(None) };
    let found = templates::entity::Entity::find_by_id(id).one(db).await?;
    let found = found.ok_or_else(|| ApiError::internal(format!("inspection {} lost template {id}", inspection.id)))?;
    Ok(Some(templates::repo::body_of(&found)?))
}

/// Checks answers and findings; every invalid one is reported at once.
pub fn judge(
    template: Option<&TemplateBody>,
    answers: &Map<String, Value>,
    findings: &[Finding],
    stage: Stage,
) -> ApiResult<Option<Evaluation>> {
    let mut errors = super::findings::check(findings, template);
    let evaluation = match template.map(|t| templates::evaluate(t, answers, stage)) {
        Some(Ok(evaluation)) => Some(evaluation),
        Some(Err(problems)) => {
            errors.splice(0..0, problems);
            None
        }
        None => None,
    };
    if errors.is_empty() { Ok(evaluation) } else { Err(ApiError::validation(errors)) }
}

/// Stores the computed result on the inspection row.
pub fn store(active: &mut entity::ActiveModel, evaluation: Option<&Evaluation>) {
    let Some(evaluation) = evaluation else { return };
    active.score = Set(evaluation.score);
    active.grade = Set(evaluation.grade.clone());
    active.result = Set(serde_json::to_value(evaluation).ok().map(Json));
}
