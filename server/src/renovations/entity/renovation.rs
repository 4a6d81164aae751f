//! The `renovations` table: one household's file (一户一档).

use std::collections::BTreeMap;

use sea_orm::entity::prelude::*;

use crate::{
    db::typed::Json,
    renovations::{
        record::{HousePhotos, StepDone},
        steps::Step,
    },
};

/// A household's renovation file.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "renovations")]
pub struct Model {
    /// Id, made by the device that opened it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The household (one file each).
    pub household_id: Uuid,
    /// The household's region path.
    pub region_path: String,
    /// The file number the county gives it.
    pub file_number: String,
    /// `repair_reinforce`, `demolish_rebuild` or `new_build`.
    pub renovation_type: String,
    /// `self_built` or `unified`.
    pub build_mode: String,
    /// The last step reached.
    pub step: Step,
    /// Every step reached, by name: day, who, note, photos (JSON).
    pub steps: Json<BTreeMap<String, StepDone>>,
    /// Photos before, during and after (JSON).
    pub photos: Json<HousePhotos>,
    /// Building started (the day of `build_started`).
    pub started_on: Option<Date>,
    /// Building completed.
    pub completed_on: Option<Date>,
    /// Joint acceptance passed.
    pub accepted_on: Option<Date>,
    /// The subsidy the county approved, in fen (set with the county
    /// approval; `None` before it): payments never add up to more.
    pub subsidy_fen: Option<i64>,
    /// Revision.
    pub rev: i64,
    /// Who opened it.
    pub created_by: Uuid,
    /// Opened.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
