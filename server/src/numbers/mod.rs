//! Document numbers (文号): per county, kind of document and year, in the
//! pattern the county sets (`config::NumberingSettings`), gap-free and never
//! reused. A notice takes its number in the transaction that issues it; a
//! device about to work without a network reserves a few numbers of a kind
//! first and prints one on each notice it issues offline; numbers it does
//! not use go back to be taken first by the next notice, or are voided
//! with a reason. The register lists every number taken and where it stands.

pub mod entity;
pub mod register;
pub mod routes;
pub mod series;
pub mod status;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

pub use routes::router;
pub use series::{Holder, Series};

use crate::{
    config::{NumberingSettings, Parts, Pattern},
    directory::regions::entity as region,
};

/// The county's numbering rules, checked.
#[derive(Debug, Clone)]
pub struct Numbering {
    settings: NumberingSettings,
    pattern: Pattern,
}

impl Numbering {
    /// The rules of `settings`, or why they are wrong.
    pub fn new(settings: &NumberingSettings) -> anyhow::Result<Numbering> {
        Ok(Numbering { pattern: settings.pattern()?, settings: settings.clone() })
    }

    /// Most numbers of one kind a user may hold reserved.
    pub fn reserve_max(&self) -> u32 {
        self.settings.reserve_max
    }

    /// The short name of the county `bureau_key` (its region's path).
    pub async fn county_short(&self, db: &impl ConnectionTrait, bureau_key: &str) -> Result<String, DbErr> {
        let county = region::Entity::find().filter(region::Column::Path.eq(bureau_key)).one(db).await?;
        Ok(county.map(|c| self.settings.county_short(&c.code, &c.name)).unwrap_or_default())
    }

    /// The number `seq` of `series`, with the county's short name known.
    pub fn text(&self, county: &str, series: Series<'_>, seq: i64) -> String {
        let kind = self.settings.kind_short(series.kind);
        self.pattern.format(Parts { county, kind, year: series.year, seq })
    }

    /// The number `seq` of `series`.
    pub async fn format(&self, db: &impl ConnectionTrait, series: Series<'_>, seq: i64) -> Result<String, DbErr> {
        Ok(self.text(&self.county_short(db, series.bureau_key).await?, series, seq))
    }
}

/// The bureau a region path belongs to: its county, the first segment.
pub fn bureau_key(region_path: &str) -> String {
    let county = region_path.trim_start_matches('/').split('/').next().unwrap_or_default();
    format!("/{county}/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bureau_is_the_county() {
        assert_eq!(super::bureau_key("/a1/b2/c3/"), "/a1/");
        assert_eq!(super::bureau_key("/a1/"), "/a1/");
    }
}
