//! The figures of a report, counted in the database per township and per
//! inspection kind over a period. Each query reads only the period's rows
//! through an index on its time column (see the reports migration), so a
//! report costs what the period holds, not what the database holds.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr, Statement, Value};
use serde::Serialize;
use utoipa::ToSchema;

use crate::directory::regions::repo::path_len;

/// The counts of one township and kind (or a total).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    /// Distinct sites and households inspected.
    pub sites_inspected: i64,
    /// Inspections finished.
    pub inspections: i64,
    /// Notices issued, by notice kind.
    pub notices_issued: BTreeMap<String, i64>,
    /// Summonses issued (also counted in `notices_issued`).
    pub summonses: i64,
    /// Notices verified (closed after re-inspection).
    pub rectified: i64,
    /// Of those, answered by their deadline (the contractor's timeliness).
    pub rectified_on_time: i64,
    /// Of those, answered by the deadline but re-inspected after it (the bureau's own lateness).
    pub reinspected_late: i64,
    /// Notices that became overdue.
    pub overdue: i64,
    /// Distinct sites a stop-work order suspended (its approval in the period).
    pub sites_suspended: i64,
    /// Distinct sites a re-inspection let resume (a 复工通知书 in the period).
    pub sites_resumed: i64,
    /// Sealing orders that took effect.
    pub equipment_sealed: i64,
    /// Sealings lifted by a 解封决定书.
    pub equipment_unsealed: i64,
    /// Of the notices issued in the period, how many are verified by now.
    pub issued_and_rectified: i64,
    /// `issued_and_rectified` ÷ notices issued; none when nothing was issued.
    pub rectification_rate: Option<f64>,
    /// Re-inspections of answers (verified or rejected).
    pub reinspections: i64,
    /// Of those, verified.
    pub reinspections_passed: i64,
    /// `reinspections_passed` ÷ `reinspections`; none without re-inspections.
    pub reinspection_pass_rate: Option<f64>,
    /// Rural appraisals finished, by the house grade found (`A`–`D`).
    pub appraisals: BTreeMap<String, i64>,
    /// Rural renovations whose building started.
    pub renovations_started: i64,
    /// Rural renovations whose building was completed.
    pub renovations_completed: i64,
    /// Rural renovations that passed the joint acceptance.
    pub renovations_accepted: i64,
    /// Subsidies paid, in fen.
    pub funds_paid_fen: i64,
}

impl Figures {
    /// Notices issued, all kinds.
    pub fn issued(&self) -> i64 {
        self.notices_issued.values().sum()
    }

    /// Adds another's counts to these.
    pub fn add(&mut self, other: &Figures) {
        self.sites_inspected += other.sites_inspected;
        self.inspections += other.inspections;
        for (kind, n) in &other.notices_issued {
            *self.notices_issued.entry(kind.clone()).or_default() += n;
        }
        self.summonses += other.summonses;
        self.rectified += other.rectified;
        self.rectified_on_time += other.rectified_on_time;
        self.reinspected_late += other.reinspected_late;
        self.overdue += other.overdue;
        self.sites_suspended += other.sites_suspended;
        self.sites_resumed += other.sites_resumed;
        self.equipment_sealed += other.equipment_sealed;
        self.equipment_unsealed += other.equipment_unsealed;
        self.issued_and_rectified += other.issued_and_rectified;
        self.reinspections += other.reinspections;
        self.reinspections_passed += other.reinspections_passed;
        for (grade, n) in &other.appraisals {
            *self.appraisals.entry(grade.clone()).or_default() += n;
        }
        self.renovations_started += other.renovations_started;
        self.renovations_completed += other.renovations_completed;
        self.renovations_accepted += other.renovations_accepted;
        self.funds_paid_fen += other.funds_paid_fen;
    }

    /// Computes the rates from the counts.
    pub fn with_rates(mut self) -> Self {
        let ratio = |a: i64, b: i64| (b > 0).then(|| a as f64 / b as f64);
        self.rectification_rate = ratio(self.issued_and_rectified, self.issued());
        self.reinspection_pass_rate = ratio(self.reinspections_passed, self.reinspections);
        self
    }
}

/// Figures keyed by (township path, inspection kind). Notices not made from
/// an inspection count under the kind `none`.
pub type ByTownship = BTreeMap<(String, String), Figures>;

/// What the queries are bound to: the period's instants and days, and the scope.
pub struct Bounds {
    /// Start of the period.
    pub start: DateTime<Utc>,
    /// End of the period (exclusive).
    pub end: DateTime<Utc>,
    /// First day of the period (bureau time zone).
    pub first_day: NaiveDate,
    /// The day after the last.
    pub end_day: NaiveDate,
    /// `LIKE` pattern of the region paths in scope.
    pub scope: String,
}

fn township() -> usize {
    path_len(2)
}

/// Counts every figure of the period.
pub async fn count(db: &impl ConnectionTrait, bounds: &Bounds) -> Result<ByTownship, DbErr> {
    let mut out = ByTownship::new();
    let t = township();
    let inspections = format!(
        "SELECT substr(i.region_path, 1, {t}) AS township, i.kind AS kind, COUNT(*) AS n, \
         COUNT(DISTINCT COALESCE(i.site_id, i.household_id)) AS places \
         FROM inspections i WHERE i.status = 'finished' AND i.finished_at >= ? AND i.finished_at < ? \
         AND i.region_path LIKE ? GROUP BY 1, 2"
    );
    for row in query(db, &inspections, bounds).await? {
        let f = out.entry(key(&row)?).or_default();
        f.inspections += row.try_get::<i64>("", "n")?;
        f.sites_inspected += row.try_get::<i64>("", "places")?;
    }
    let notices = |time: &str, extra: &str, select: &str| {
        format!(
            "SELECT substr(n.region_path, 1, {t}) AS township, COALESCE(i.kind, 'none') AS kind, {select} \
             FROM notices n LEFT JOIN inspections i ON i.id = n.inspection_id \
             WHERE n.{time} >= ? AND n.{time} < ? AND n.region_path LIKE ? {extra} GROUP BY 1, 2{}",
            if select.contains("notice_kind") { ", 3" } else { "" }
        )
    };
    let issued = notices(
        "issued_at",
        "",
        "n.kind AS notice_kind, COUNT(*) AS n, SUM(CASE WHEN n.state = 'verified' THEN 1 ELSE 0 END) AS fixed",
    );
    for row in query(db, &issued, bounds).await? {
        let f = out.entry(key(&row)?).or_default();
        let kind: String = row.try_get("", "notice_kind")?;
        let n: i64 = row.try_get("", "n")?;
        if kind == "summons" {
            f.summonses += n;
        }
        *f.notices_issued.entry(kind).or_default() += n;
        f.issued_and_rectified += row.try_get::<i64>("", "fixed")?;
    }
    let verified = notices(
        "closed_at",
        "AND n.state = 'verified'",
        "COUNT(*) AS n, SUM(CASE WHEN n.verified_on_time THEN 1 ELSE 0 END) AS on_time, \
         SUM(CASE WHEN n.reinspected_late THEN 1 ELSE 0 END) AS late",
    );
    for row in query(db, &verified, bounds).await? {
        let f = out.entry(key(&row)?).or_default();
        f.rectified += row.try_get::<i64>("", "n")?;
        f.rectified_on_time += row.try_get::<i64>("", "on_time")?;
        f.reinspected_late += row.try_get::<i64>("", "late")?;
    }
    for row in query(db, &notices("overdue_at", "", "COUNT(*) AS n"), bounds).await? {
        out.entry(key(&row)?).or_default().overdue += row.try_get::<i64>("", "n")?;
    }
    let reinspections = format!(
        "SELECT substr(n.region_path, 1, {t}) AS township, COALESCE(i.kind, 'none') AS kind, COUNT(*) AS n, \
         SUM(CASE WHEN e.action = 'verify' THEN 1 ELSE 0 END) AS passed \
         FROM notice_events e JOIN notices n ON n.id = e.notice_id LEFT JOIN inspections i ON i.id = n.inspection_id \
         WHERE e.action IN ('verify', 'reject') AND e.at >= ? AND e.at < ? AND n.region_path LIKE ? GROUP BY 1, 2"
    );
    for row in query(db, &reinspections, bounds).await? {
        let f = out.entry(key(&row)?).or_default();
        f.reinspections += row.try_get::<i64>("", "n")?;
        f.reinspections_passed += row.try_get::<i64>("", "passed")?;
    }
    count_suspensions(db, bounds, &mut out).await?;
    count_rural(db, bounds, &mut out).await?;
    Ok(out)
}

/// The orders that acted on the site: sites stopped and resumed, equipment
/// sealed and unsealed, by when the order took effect and when it was lifted.
async fn count_suspensions(db: &impl ConnectionTrait, bounds: &Bounds, out: &mut ByTownship) -> Result<(), DbErr> {
    let t = township();
    let orders = |time: &str, extra: &str| {
        format!(
            "SELECT substr(s.region_path, 1, {t}) AS township, COALESCE(i.kind, 'none') AS kind,              COUNT(DISTINCT CASE WHEN s.kind = 'stop_work' THEN s.site_id END) AS sites,              SUM(CASE WHEN s.kind = 'equipment_sealed' THEN 1 ELSE 0 END) AS sealed              FROM suspensions s JOIN notices n ON n.id = s.notice_id LEFT JOIN inspections i ON i.id = n.inspection_id              WHERE s.{time} >= ? AND s.{time} < ? AND s.region_path LIKE ? {extra} GROUP BY 1, 2"
        )
    };
    for row in query(db, &orders("began_at", ""), bounds).await? {
        let f = out.entry(key(&row)?).or_default();
        f.sites_suspended += row.try_get::<i64>("", "sites")?;
        f.equipment_sealed += row.try_get::<i64>("", "sealed")?;
    }
    for row in query(db, &orders("ended_at", "AND s.standing = 'lifted'"), bounds).await? {
        let f = out.entry(key(&row)?).or_default();
        f.sites_resumed += row.try_get::<i64>("", "sites")?;
        f.equipment_unsealed += row.try_get::<i64>("", "sealed")?;
    }
    Ok(())
}

/// Rural figures: appraisals by grade, renovations by stage reached, subsidies.
async fn count_rural(db: &impl ConnectionTrait, bounds: &Bounds, out: &mut ByTownship) -> Result<(), DbErr> {
    let t = township();
    let appraisals = format!(
        "SELECT substr(i.region_path, 1, {t}) AS township, i.kind AS kind, COALESCE(i.grade, '') AS grade, \
         COUNT(*) AS n FROM inspections i WHERE i.status = 'finished' AND i.finished_at >= ? AND i.finished_at < ? \
         AND i.region_path LIKE ? AND i.kind = 'rural_appraisal' GROUP BY 1, 2, 3"
    );
    for row in query(db, &appraisals, bounds).await? {
        let grade: String = row.try_get("", "grade")?;
        *out.entry(key(&row)?).or_default().appraisals.entry(grade).or_default() += row.try_get::<i64>("", "n")?;
    }
    let days = |column: &str| {
        format!(
            "SELECT substr(r.region_path, 1, {t}) AS township, 'rural_appraisal' AS kind, COUNT(*) AS n \
             FROM renovations r WHERE r.{column} >= ? AND r.{column} < ? AND r.region_path LIKE ? GROUP BY 1"
        )
    };
    for (column, field) in [("started_on", 0), ("completed_on", 1), ("accepted_on", 2)] {
        for row in query_days(db, &days(column), bounds).await? {
            let f = out.entry(key(&row)?).or_default();
            let n: i64 = row.try_get("", "n")?;
            match field {
                0 => f.renovations_started += n,
                1 => f.renovations_completed += n,
                _ => f.renovations_accepted += n,
            }
        }
    }
    let paid = format!(
        "SELECT substr(p.region_path, 1, {t}) AS township, 'rural_appraisal' AS kind, CAST(SUM(p.amount_fen) AS BIGINT) AS fen \
         FROM subsidy_payments p WHERE p.paid_on >= ? AND p.paid_on < ? AND p.region_path LIKE ? GROUP BY 1"
    );
    for row in query_days(db, &paid, bounds).await? {
        out.entry(key(&row)?).or_default().funds_paid_fen += row.try_get::<i64>("", "fen")?;
    }
    Ok(())
}

/// A count of distinct things per township and in all: a site counted
/// under two kinds of inspection is one site in its township's total and
/// in the county's, so these totals are counted, not summed over kinds.
#[derive(Debug, Default)]
pub struct Distinct {
    /// Per township path.
    pub by_township: BTreeMap<String, i64>,
    /// In all.
    pub total: i64,
}

impl Distinct {
    /// The township's count.
    pub fn of(&self, township: &str) -> i64 {
        self.by_township.get(township).copied().unwrap_or(0)
    }
}

/// The distinct counts of a period whose totals are not sums over kinds.
#[derive(Debug, Default)]
pub struct Distincts {
    /// Places (sites and households) inspected, whatever the kinds of inspection.
    pub places: Distinct,
    /// Sites a stop-work order suspended.
    pub sites_suspended: Distinct,
    /// Sites that resumed after a re-inspection.
    pub sites_resumed: Distinct,
}

/// Counts the distinct things of the period.
pub async fn distincts(db: &impl ConnectionTrait, bounds: &Bounds) -> Result<Distincts, DbErr> {
    let inspected = "FROM inspections i WHERE i.status = 'finished' AND i.finished_at >= ? AND i.finished_at < ? \
         AND i.region_path LIKE ?";
    let stopped = |time: &str, extra: &str| {
        format!(
            "FROM suspensions i WHERE i.kind = 'stop_work' AND i.{time} >= ? AND i.{time} < ? \
             AND i.region_path LIKE ? {extra}"
        )
    };
    Ok(Distincts {
        places: distinct(db, bounds, "COALESCE(i.site_id, i.household_id)", inspected).await?,
        sites_suspended: distinct(db, bounds, "i.site_id", &stopped("began_at", "")).await?,
        sites_resumed: distinct(db, bounds, "i.site_id", &stopped("ended_at", "AND i.standing = 'lifted'")).await?,
    })
}

/// `COUNT(DISTINCT thing)` over the rows `from` (aliased `i`, with a `region_path`).
async fn distinct(db: &impl ConnectionTrait, bounds: &Bounds, thing: &str, from: &str) -> Result<Distinct, DbErr> {
    let t = township();
    let count = format!("COUNT(DISTINCT {thing}) AS n");
    let mut out = Distinct::default();
    for row in
        query(db, &format!("SELECT substr(i.region_path, 1, {t}) AS township, {count} {from} GROUP BY 1"), bounds)
            .await?
    {
        out.by_township.insert(row.try_get::<String>("", "township")?, row.try_get::<i64>("", "n")?);
    }
    for row in query(db, &format!("SELECT {count} {from}"), bounds).await? {
        out.total = row.try_get::<i64>("", "n")?;
    }
    Ok(out)
}

fn key(row: &sea_orm::QueryResult) -> Result<(String, String), DbErr> {
    Ok((row.try_get("", "township")?, row.try_get("", "kind")?))
}

/// Runs a query bound to the period's instants and the scope.
async fn query(db: &impl ConnectionTrait, sql: &str, bounds: &Bounds) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
    run(db, sql, [bounds.start.into(), bounds.end.into(), bounds.scope.clone().into()]).await
}

/// Runs a query bound to the period's days and the scope.
async fn query_days(db: &impl ConnectionTrait, sql: &str, bounds: &Bounds) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
    run(db, sql, [bounds.first_day.into(), bounds.end_day.into(), bounds.scope.clone().into()]).await
}

/// Runs a query written with `?` placeholders on either database.
async fn run(db: &impl ConnectionTrait, sql: &str, values: [Value; 3]) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            let mut n = 0;
            sql.split('?')
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part.to_owned()
                    } else {
                        n += 1;
                        format!("${n}{part}")
                    }
                })
                .collect()
        }
        _ => sql.to_owned(),
    };
    db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await
}
