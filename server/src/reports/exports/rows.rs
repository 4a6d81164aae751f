//! What an export writes: notices or inspections in a period and region,
//! page by page in id order, as CSV records.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{inspections::entity as inspection, notices::entity::notice};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum What {
    /// Notices issued in the period.
    Notices,
    /// Inspections started in the period.
    Inspections,
}

impl What {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            What::Notices => "notices",
            What::Inspections => "inspections",
        }
    }

    /// The header row.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            What::Notices => &[
                "id",
                "number",
                "kind",
                "state",
                "region_path",
                "site_id",
                "household_id",
                "addressee_org_id",
                "issued_at",
                "deadline",
                "acknowledged_at",
                "responded_at",
                "closed_at",
                "verified_on_time",
                "overdue_at",
                "escalated_at",
            ],
            What::Inspections => &[
                "id",
                "kind",
                "status",
                "region_path",
                "site_id",
                "household_id",
                "inspector_id",
                "started_at",
                "finished_at",
                "conclusion",
            ],
        }
    }
}

/// The rows of an export: period instants and region pattern.
#[derive(Debug, Clone)]
pub struct Selection {
    /// What.
    pub what: What,
    /// Period start.
    pub start: DateTime<Utc>,
    /// Period end (exclusive).
    pub end: DateTime<Utc>,
    /// Region paths `LIKE` this.
    pub pattern: String,
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl Selection {
    /// How many rows the export will have.
    pub async fn count(&self, db: &impl ConnectionTrait) -> Result<u64, DbErr> {
        match self.what {
            What::Notices => self.notices().count(db).await,
            What::Inspections => self.inspections().count(db).await,
        }
    }

    fn notices(&self) -> sea_orm::Select<notice::Entity> {
        notice::Entity::find()
            .filter(notice::Column::IssuedAt.gte(self.start))
            .filter(notice::Column::IssuedAt.lt(self.end))
            .filter(notice::Column::RegionPath.like(self.pattern.clone()))
    }

    fn inspections(&self) -> sea_orm::Select<inspection::Entity> {
        inspection::Entity::find()
            .filter(inspection::Column::StartedAt.gte(self.start))
            .filter(inspection::Column::StartedAt.lt(self.end))
            .filter(inspection::Column::RegionPath.like(self.pattern.clone()))
    }

    /// The next page of records after id `after`, with the last id read.
    pub async fn page(
        &self,
        db: &impl ConnectionTrait,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Vec<String>>, Option<Uuid>), DbErr> {
        match self.what {
            What::Notices => {
                let mut select = self.notices().order_by_asc(notice::Column::Id).limit(limit);
                if let Some(after) = after {
                    select = select.filter(notice::Column::Id.gt(after));
                }
                let found = select.all(db).await?;
                let last = found.last().map(|n| n.id);
                let rows = found
                    .into_iter()
                    .map(|n| {
                        vec![
                            n.id.to_string(),
                            opt(n.number),
                            n.kind.as_str().to_owned(),
                            n.state.as_str().to_owned(),
                            n.region_path,
                            opt(n.site_id),
                            opt(n.household_id),
                            opt(n.addressee_org_id),
                            opt(n.issued_at.map(|t| t.to_rfc3339())),
                            opt(n.deadline),
                            opt(n.acknowledged_at.map(|t| t.to_rfc3339())),
                            opt(n.responded_at.map(|t| t.to_rfc3339())),
                            opt(n.closed_at.map(|t| t.to_rfc3339())),
                            opt(n.verified_on_time),
                            opt(n.overdue_at.map(|t| t.to_rfc3339())),
                            opt(n.escalated_at.map(|t| t.to_rfc3339())),
                        ]
                    })
                    .collect();
                Ok((rows, last))
            }
            What::Inspections => {
                let mut select = self.inspections().order_by_asc(inspection::Column::Id).limit(limit);
                if let Some(after) = after {
                    select = select.filter(inspection::Column::Id.gt(after));
                }
                let found = select.all(db).await?;
                let last = found.last().map(|i| i.id);
                let rows = found
                    .into_iter()
                    .map(|i| {
                        vec![
                            i.id.to_string(),
                            i.kind,
                            i.status,
                            i.region_path,
                            opt(i.site_id),
                            opt(i.household_id),
                            i.inspector_id.to_string(),
                            i.started_at.to_rfc3339(),
                            opt(i.finished_at.map(|t| t.to_rfc3339())),
                            i.conclusion,
                        ]
                    })
                    .collect();
                Ok((rows, last))
            }
        }
    }
}
