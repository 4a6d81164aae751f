//! A report: the period's figures per township, with totals per inspection
//! kind, the county total, the township average and the ranking.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    figures::{self, Bounds, Figures},
    period::Period,
};
use crate::{
    directory::regions::{Level, entity as region},
    notices::Calendar,
    policy::RegionScope,
};

/// One township's line.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TownshipLine {
    /// The township.
    pub region_id: Uuid,
    /// Its name.
    pub name: String,
    /// Its place in the ranking, from 1.
    pub rank: usize,
    /// All kinds together.
    pub total: Figures,
    /// Per inspection kind (`none`: notices not made from an inspection).
    pub by_kind: BTreeMap<String, Figures>,
    /// Above the township average in rectification rate.
    pub rectification_above_average: bool,
    /// Above the township average in inspections finished.
    pub inspections_above_average: bool,
    /// The composite score the ranking orders by, 0..100.
    pub score: f64,
    /// What the score is made of, part by part.
    pub score_parts: Vec<super::ranking::ScorePart>,
    /// Among the last places the county flags (末位).
    pub last_place: bool,
}

/// The township average, the yardstick of the ranking.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Average {
    /// Inspections finished per township.
    pub inspections: f64,
    /// Notices issued per township.
    pub notices_issued: f64,
    /// Mean of the townships' rectification rates (those that issued notices).
    pub rectification_rate: Option<f64>,
}

/// A report over a region for a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Report {
    /// The period.
    pub period: Period,
    /// The bureau's time zone the period is counted in.
    pub time_zone: String,
    /// The whole region in scope.
    pub total: Figures,
    /// The whole region per inspection kind.
    pub by_kind: BTreeMap<String, Figures>,
    /// Townships, best first by the county's composite score.
    pub townships: Vec<TownshipLine>,
    /// The township average.
    pub average: Average,
}

/// Builds the report of `period` over `scope`.
pub async fn build(
    db: &impl ConnectionTrait,
    calendar: &Calendar,
    scope: &RegionScope,
    period: Period,
    ranking: &super::ranking::RankingSettings,
) -> Result<Report, DbErr> {
    let (start, end) = period.instants(calendar);
    let pattern = scope.like_pattern().unwrap_or_else(|| "%".into());
    let bounds = Bounds { start, end, first_day: period.start, end_day: period.end, scope: pattern };
    let counted = figures::count(db, &bounds).await?;
    let distinct = figures::distincts(db, &bounds).await?;
    // Every township in scope has a line, with or without activity; a user
    // scoped below a township sees the line of the township above.
    let mut names: BTreeMap<String, (Uuid, String)> = BTreeMap::new();
    let in_scope = scope
        .restrict(region::Entity::find(), region::Column::Path)
        .filter(region::Column::Level.eq(Level::Township.as_str()))
        .order_by_asc(region::Column::Path)
        .all(db)
        .await?;
    let above: Vec<String> = counted.keys().map(|(t, _)| t.clone()).collect();
    let named_above = region::Entity::find().filter(region::Column::Path.is_in(above)).all(db).await?;
    for r in in_scope.into_iter().chain(named_above) {
        names.insert(r.path.clone(), (r.id, r.name));
    }

    let mut lines: BTreeMap<String, TownshipLine> = names
        .iter()
        .map(|(path, (id, name))| {
            let line = TownshipLine {
                region_id: *id,
                name: name.clone(),
                rank: 0,
                total: Figures::default(),
                by_kind: BTreeMap::new(),
                rectification_above_average: false,
                inspections_above_average: false,
                score: 0.0,
                score_parts: Vec::new(),
                last_place: false,
            };
            (path.clone(), line)
        })
        .collect();
    let mut total = Figures::default();
    let mut by_kind: BTreeMap<String, Figures> = BTreeMap::new();
    for ((township, kind), figures) in counted {
        total.add(&figures);
        by_kind.entry(kind.clone()).or_default().add(&figures);
        if let Some(line) = lines.get_mut(&township) {
            line.total.add(&figures);
            line.by_kind.insert(kind, figures.with_rates());
        }
    }
    set_distinct(&mut total, &distinct, None);
    let mut townships: Vec<TownshipLine> = lines
        .into_iter()
        .map(|(path, mut line)| {
            set_distinct(&mut line.total, &distinct, Some(&path));
            line.total = std::mem::take(&mut line.total).with_rates();
            line
        })
        .collect();
    let average = average(&townships);
    super::ranking::rank(&mut townships, ranking);
    mark_averages(&mut townships, &average);
    Ok(Report {
        period,
        time_zone: calendar.tz.name().to_owned(),
        total: total.with_rates(),
        by_kind: by_kind.into_iter().map(|(k, f)| (k, f.with_rates())).collect(),
        townships,
        average,
    })
}

/// Puts the distinct counts of a township (or of all) in its summed figures.
fn set_distinct(figures: &mut Figures, distinct: &figures::Distincts, township: Option<&str>) {
    let of = |d: &figures::Distinct| township.map_or(d.total, |t| d.of(t));
    figures.sites_inspected = of(&distinct.places);
    figures.sites_suspended = of(&distinct.sites_suspended);
    figures.sites_resumed = of(&distinct.sites_resumed);
}

fn average(townships: &[TownshipLine]) -> Average {
    if townships.is_empty() {
        return Average::default();
    }
    let n = townships.len() as f64;
    let rates: Vec<f64> = townships.iter().filter_map(|t| t.total.rectification_rate).collect();
    Average {
        inspections: townships.iter().map(|t| t.total.inspections as f64).sum::<f64>() / n,
        notices_issued: townships.iter().map(|t| t.total.issued() as f64).sum::<f64>() / n,
        rectification_rate: (!rates.is_empty()).then(|| rates.iter().sum::<f64>() / rates.len() as f64),
    }
}

/// Marks who is above the township average.
fn mark_averages(townships: &mut [TownshipLine], average: &Average) {
    for line in townships.iter_mut() {
        line.inspections_above_average = line.total.inspections as f64 > average.inspections;
        line.rectification_above_average = matches!(
            (line.total.rectification_rate, average.rectification_rate),
            (Some(mine), Some(avg)) if mine > avg
        );
    }
}
