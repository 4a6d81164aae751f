//! The register: every number taken from the series a reader may see, in
//! series order, with where each stands (issued on which notice, reserved
//! by whom, free again, voided why).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{entity as number, status::Status};

/// Rows listed at most.
pub const MAX_ROWS: u64 = 20_000;

/// Which numbers to list.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterFilter {
    /// The year (default: this year in the bureau's time zone).
    pub year: Option<i32>,
    /// One kind of document.
    pub kind: Option<String>,
    /// One status: `issued`, `reserved`, `free`, `voided`.
    pub status: Option<String>,
}

/// One number of the register.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NumberView {
    /// The number as printed.
    pub number: String,
    /// The kind of document.
    pub kind: String,
    /// The year of its series.
    pub year: i32,
    /// Its position in the series.
    pub seq: i64,
    /// Where it stands.
    pub status: Status,
    /// The notice it was issued on.
    pub notice_id: Option<Uuid>,
    /// Who reserved it.
    pub holder_id: Option<Uuid>,
    /// When it was reserved.
    pub reserved_at: Option<DateTime<Utc>>,
    /// When it was issued.
    pub used_at: Option<DateTime<Utc>>,
    /// When it was voided.
    pub voided_at: Option<DateTime<Utc>>,
    /// Who voided it.
    pub voided_by: Option<Uuid>,
    /// Why it was voided.
    pub void_reason: String,
}

impl From<number::Model> for NumberView {
    fn from(m: number::Model) -> Self {
        NumberView {
            number: m.number,
            kind: m.kind,
            year: m.year,
            seq: m.seq,
            status: m.status,
            notice_id: m.notice_id,
            holder_id: m.holder_id,
            reserved_at: m.reserved_at,
            used_at: m.used_at,
            voided_at: m.voided_at,
            voided_by: m.voided_by,
            void_reason: m.void_reason,
        }
    }
}

/// The numbers of `year` matching `filter`, of the county `bureau` (every
/// county's for `None`), in series order.
pub async fn list(
    db: &impl ConnectionTrait,
    bureau: Option<&str>,
    year: i32,
    kind: Option<&str>,
    status: Option<Status>,
) -> Result<Vec<number::Model>, DbErr> {
    let mut select = number::Entity::find().filter(number::Column::Year.eq(year));
    if let Some(bureau) = bureau {
        select = select.filter(number::Column::BureauKey.eq(bureau));
    }
    if let Some(kind) = kind {
        select = select.filter(number::Column::Kind.eq(kind));
    }
    if let Some(status) = status {
        select = select.filter(number::Column::Status.eq(status));
    }
    select
        .order_by_asc(number::Column::BureauKey)
        .order_by_asc(number::Column::Kind)
        .order_by_asc(number::Column::Seq)
        .limit(MAX_ROWS)
        .all(db)
        .await
}

/// The numbers `user_id` holds reserved now, of every kind and year.
pub async fn reserved_by(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<number::Model>, DbErr> {
    number::Entity::find()
        .filter(number::Column::HolderId.eq(user_id))
        .filter(number::Column::Status.eq(Status::Reserved))
        .order_by_asc(number::Column::Kind)
        .order_by_asc(number::Column::Year)
        .order_by_asc(number::Column::Seq)
        .all(db)
        .await
}
