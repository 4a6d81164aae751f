//! Storing template versions: drafts made by an admin, published once
//! checked, never changed after; the version before a newly published one
//! is retired.

use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::{Value, json};
use sync_protocol::ErrorCode;
use uuid::Uuid;

use super::{
    body::{Scoring, TemplateBody},
    check,
    entity::{self, Entity as Templates, Model},
    record,
    status::{KINDS, Status},
};
use crate::{
    error::{ApiError, ApiResult, FieldError, Reason},
    http::validate::Check,
    policy::TemplateAdmin,
    sync::Write,
};

/// A new draft as submitted.
#[derive(Debug, Clone)]
pub struct NewTemplate {
    /// Inspection kind.
    pub kind: String,
    /// Code of the template; a new version if the code exists.
    pub code: String,
    /// The body, JSON.
    pub body: Value,
}

/// The body of a stored version.
pub fn body_of(m: &Model) -> ApiResult<TemplateBody> {
    serde_json::from_value(m.body.0.clone())
        .map_err(|e| ApiError::internal(format!("template {} has a bad body: {e}", m.id)))
}

/// A version inspections may use (published or retired), with its body.
pub async fn usable(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<(Model, TemplateBody)>> {
    let Some(found) = Templates::find_by_id(id).one(db).await? else { return Ok(None) };
    if !Status::parse(&found.status).is_some_and(Status::usable) {
        return Ok(None);
    }
    let body = body_of(&found)?;
    Ok(Some((found, body)))
}

/// Reads and checks a body: its shape, the rules of [`check::check`], and
/// that a rural appraisal is scored as one (households take its grade).
fn checked_body(kind: &str, body: &Value) -> Result<TemplateBody, Vec<FieldError>> {
    let parsed: TemplateBody = serde_json::from_value(body.clone()).map_err(|e| {
        let reason = Reason::Rule {
            code: "invalid_body",
            en: format!("Not a template body: {e}"),
            zh: format!("模板内容格式错误：{e}"),
        };
        vec![FieldError::new("body", reason)]
    })?;
    check::check(&parsed)?;
    if (kind == "rural_appraisal") != (parsed.scoring == Scoring::RuralAppraisal) {
        let reason = Reason::Rule {
            code: "scoring_mismatch",
            en: "Rural appraisals, and only they, use rural_appraisal scoring.".into(),
            zh: "农房鉴定模板须且仅须使用 rural_appraisal 评分。".into(),
        };
        return Err(vec![FieldError::new("body.scoring", reason)]);
    }
    Ok(parsed)
}

/// Stores a new draft: version 1 of a new code, or the next version of an
/// existing one (of the same kind).
pub async fn create_draft(write: &Write, admin: &TemplateAdmin, new: NewTemplate) -> ApiResult<Model> {
    let db = write.db();
    let mut check = Check::new();
    let kind = check.one_of("kind", &new.kind, KINDS);
    let code = new.code.trim().to_owned();
    if !check::is_id(&code) {
        check.fail(
            "code",
            Reason::Rule {
                code: "invalid_id",
                en: "1–64 characters of a–z, 0–9 and _.".into(),
                zh: "应为 1–64 个 a–z、0–9 或 _ 字符。".into(),
            },
        );
    }
    let versions =
        Templates::find().filter(entity::Column::Code.eq(&code)).order_by_desc(entity::Column::Version).all(db).await?;
    if versions.first().is_some_and(|latest| latest.kind != kind) {
        check.fail(
            "kind",
            Reason::Rule {
                code: "kind_mismatch",
                en: "The code belongs to another kind.".into(),
                zh: "该编码属于另一种检查类型。".into(),
            },
        );
    }
    let mut errors = check.into_errors();
    if let Err(problems) = checked_body(&kind, &new.body) {
        errors.extend(problems);
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let now = Utc::now().trunc_subsecs(6);
    let model = entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(kind),
        code: Set(code),
        version: Set(versions.first().map_or(1, |latest| latest.version + 1)),
        status: Set(Status::Draft.as_str().into()),
        body: Set(crate::db::typed::Json(new.body)),
        created_by: Set(Some(admin.actor_id()).filter(|id| !id.is_nil())),
        created_at: Set(now),
        published_at: Set(None),
        updated_at: Set(now),
    };
    Ok(model.insert(db).await?)
}

/// Publishes a draft after checking it again, retiring the version it
/// replaces; both go to devices.
pub async fn publish(write: &Write, _admin: &TemplateAdmin, id: Uuid) -> ApiResult<Model> {
    let db = write.db();
    // Locked until the commit: of two publishes of one draft, the second sees it published.
    let draft = Templates::find_by_id(id).lock_exclusive().one(db).await?.ok_or_else(ApiError::not_found)?;
    if draft.status != Status::Draft.as_str() {
        return Err(ApiError::new(ErrorCode::InvalidTransition).with_details(json!({ "state": draft.status })));
    }
    checked_body(&draft.kind, &draft.body).map_err(ApiError::validation)?;
    let others = Templates::find()
        .filter(entity::Column::Code.eq(&draft.code))
        .filter(entity::Column::Status.ne(Status::Draft.as_str()))
        .all(db)
        .await?;
    if others.iter().any(|o| o.version > draft.version) {
        let details = json!({ "state": draft.status, "reason": "newer_version_published" });
        return Err(ApiError::new(ErrorCode::InvalidTransition).with_details(details));
    }
    let now = Utc::now().trunc_subsecs(6);
    for current in others.into_iter().filter(|o| o.status == Status::Published.as_str()) {
        let mut active: entity::ActiveModel = current.into();
        active.status = Set(Status::Retired.as_str().into());
        active.updated_at = Set(now);
        let retired = active.update(db).await?;
        record::publish(write, &retired);
    }
    let mut active: entity::ActiveModel = draft.into();
    active.status = Set(Status::Published.as_str().into());
    active.published_at = Set(Some(now));
    active.updated_at = Set(now);
    let published = active.update(db).await?;
    record::publish(write, &published);
    Ok(published)
}

/// Stores a built-in version as published (it was checked by the seed's
/// own test), unless a version of that code and number exists, and retires
/// the earlier published version it replaces, as [`publish`] does.
pub async fn insert_published(write: &Write, model: Model) -> ApiResult<bool> {
    let db = write.db();
    let exists = Templates::find()
        .filter(entity::Column::Code.eq(&model.code))
        .filter(entity::Column::Version.eq(model.version))
        .one(db)
        .await?
        .is_some();
    if exists || Templates::find_by_id(model.id).one(db).await?.is_some() {
        return Ok(false);
    }
    let older = Templates::find()
        .filter(entity::Column::Code.eq(&model.code))
        .filter(entity::Column::Version.lt(model.version))
        .filter(entity::Column::Status.eq(Status::Published.as_str()))
        .lock_exclusive()
        .all(db)
        .await?;
    for current in older {
        let mut active: entity::ActiveModel = current.into();
        active.status = Set(Status::Retired.as_str().into());
        active.updated_at = Set(model.updated_at);
        let retired = active.update(db).await?;
        record::publish(write, &retired);
    }
    let model = entity::ActiveModel::from(model).reset_all().insert(db).await?;
    record::publish(write, &model);
    Ok(true)
}
