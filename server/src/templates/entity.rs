//! The `templates` table: one row per version of a checklist template.

use sea_orm::entity::prelude::*;

/// One version of a checklist template.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "templates")]
pub struct Model {
    /// Id of this version: inspections name it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Inspection kind: `dust_control`, `quality_safety` or `rural_appraisal`.
    pub kind: String,
    /// The template's code, the same for all its versions (e.g. `six_100`).
    pub code: String,
    /// Version, from 1, unique within the code.
    pub version: i32,
    /// `draft`, `published` or `retired`.
    pub status: String,
    /// The body, JSON (see `TemplateBody`); never changed once published.
    pub body: crate::db::typed::Json<serde_json::Value>,
    /// The admin who made it (none for the built-in ones).
    pub created_by: Option<Uuid>,
    /// Creation.
    pub created_at: DateTimeUtc,
    /// Publication.
    pub published_at: Option<DateTimeUtc>,
    /// Last change (of the status only, once published).
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
