//! Fills a database with a year of a county's work (inspections, notices
//! and their re-inspections), straight into the tables: a million rows
//! through the API would take longer than the benchmark itself.

use chrono::{Duration, NaiveDate, Utc};
use fieldsync::db::typed::Json;
use fieldsync::notices::{
    kind::NoticeKind::{Rectification, StopWork, Summons},
    state::{Review, State},
};
use fieldsync::{
    directory::{households::entity as household, sites::entity as site, users::entity as user},
    inspections::{entity as inspection, record},
    notices::entity::{event, notice},
    sync::entity::change,
    templates::seed::{DUST_CONTROL_V1, QUALITY_SAFETY_V1, RURAL_APPRAISAL_V1},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Database, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};
use uuid::Uuid;

/// Rows per INSERT (well under both databases' bind limits).
const ROWS: usize = 1_000;

/// A place to inspect: id, region path, contractor, whether it is a household.
struct Place {
    id: Uuid,
    path: String,
    org: Option<Uuid>,
    household: bool,
}

/// Adds `inspections` finished inspections and `notices` notices spread
/// over the last 365 days, over the demo county's sites and households.
pub async fn year_of_work(database_url: &str, inspections: usize, notices: usize) -> anyhow::Result<()> {
    let db = Database::connect(database_url).await?;
    let (places, inspector) = county(&db).await?;
    insert_inspections(&db, &places, inspector, inspections, false).await?;
    insert_notices(&db, &places, inspector, notices).await
}

/// Adds `count` inspections spread over the demo county, each with its row
/// in the change log (as if synced), in commits of 10,000: a database that
/// devices pull from at that size.
pub async fn synced_inspections(database_url: &str, count: usize) -> anyhow::Result<()> {
    let db = Database::connect(database_url).await?;
    let (places, inspector) = county(&db).await?;
    insert_inspections(&db, &places, inspector, count, true).await
}

/// The demo county's sites and households, and its first inspector.
async fn county(db: &DatabaseConnection) -> anyhow::Result<(Vec<Place>, Uuid)> {
    let mut places: Vec<Place> = site::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| Place { id: s.id, path: s.region_path, org: s.contractor_id, household: false })
        .collect();
    places.extend(household::Entity::find().all(db).await?.into_iter().map(|h| Place {
        id: h.id,
        path: h.region_path,
        org: None,
        household: true,
    }));
    let inspector = user::Entity::find()
        .filter(user::Column::Role.eq("inspector"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo inspector"))?
        .id;
    anyhow::ensure!(!places.is_empty(), "no demo places");
    Ok((places, inspector))
}

/// When the `i`-th filled row happened: spread over the past year.
fn when(i: usize) -> chrono::DateTime<Utc> {
    Utc::now() - Duration::minutes(((i * 7919) % (365 * 24 * 60)) as i64)
}

/// Inserts `count` finished inspections; with `log`, each commit also takes
/// the next version and writes the inspections' change-log rows under it.
async fn insert_inspections(
    db: &DatabaseConnection,
    places: &[Place],
    inspector: Uuid,
    count: usize,
    log: bool,
) -> anyhow::Result<()> {
    let mut done = 0;
    while done < count {
        let txn = db.begin().await?;
        let version = if log { Some(fieldsync::sync::write::next_version(&txn).await? as i64) } else { None };
        for _ in 0..10 {
            let n = ROWS.min(count - done);
            if n == 0 {
                break;
            }
            let models: Vec<inspection::Model> =
                (done..done + n).map(|i| inspection_row(&places[i % places.len()], inspector, i)).collect();
            if let Some(version) = version {
                let changes = models.iter().map(|m| change_row(m, version));
                change::Entity::insert_many(changes).exec_without_returning(&txn).await?;
            }
            let rows = models.into_iter().map(inspection::ActiveModel::from);
            inspection::Entity::insert_many(rows).exec_without_returning(&txn).await?;
            done += n;
        }
        txn.commit().await?;
    }
    Ok(())
}

fn inspection_row(place: &Place, inspector: Uuid, i: usize) -> inspection::Model {
    let started = when(i);
    let kind = if place.household {
        "rural_appraisal"
    } else if i.is_multiple_of(2) {
        "dust_control"
    } else {
        "quality_safety"
    };
    inspection::Model {
        id: Uuid::new_v4(),
        kind: kind.into(),
        template_id: Some(match kind {
            "rural_appraisal" => RURAL_APPRAISAL_V1,
            "dust_control" => DUST_CONTROL_V1,
            _ => QUALITY_SAFETY_V1,
        }),
        site_id: (!place.household).then_some(place.id),
        household_id: place.household.then_some(place.id),
        region_path: place.path.clone(),
        inspector_id: inspector,
        status: "finished".into(),
        started_at: started,
        finished_at: Some(started + Duration::minutes(50)),
        notes: String::new(),
        conclusion: "pass".into(),
        answers: Json::default(),
        findings: Json::default(),
        photos: Json::default(),
        latitude: None,
        longitude: None,
        location_accuracy_m: None,
        score: None,
        grade: None,
        result: Some(Json(serde_json::json!({"grade": "pass"}))),
        rev: 1,
        field_revs: Json::default(),
        created_at: started,
        updated_at: started,
    }
}

/// The change-log row a device pulls for an inspection, as the engine writes it.
fn change_row(m: &inspection::Model, version: i64) -> change::ActiveModel {
    let placement = record::placement(m);
    change::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        record_type: Set(record::RECORD_TYPE.to_owned()),
        record_id: Set(m.id),
        region_path: Set(placement.region_key().to_owned()),
        org_id: Set(placement.org_key()),
        audience: Set(placement.audience.as_str().to_owned()),
        deleted: Set(false),
        data: Set(serde_json::to_string(&record::InspectionRecord::from(m)).ok()),
        version: Set(version),
        changed_at: Set(m.updated_at),
    }
}

/// Inserts `notices` notices over the sites, with their closing events.
async fn insert_notices(
    db: &DatabaseConnection,
    places: &[Place],
    inspector: Uuid,
    notices: usize,
) -> anyhow::Result<()> {
    let sites: Vec<&Place> = places.iter().filter(|p| !p.household).collect();
    let mut done = 0;
    while done < notices {
        let txn = db.begin().await?;
        let n = (10 * ROWS).min(notices - done);
        let mut rows = Vec::with_capacity(n);
        let mut events = Vec::new();
        for i in done..done + n {
            let place = sites[i % sites.len()];
            let issued = when(i * 5 + 3);
            let deadline: NaiveDate = (issued + Duration::days(3)).date_naive();
            let state = [
                "verified",
                "verified",
                "verified",
                "verified",
                "verified",
                "verified",
                "issued",
                "acknowledged",
                "responded",
                "rejected",
            ][i % 10];
            let closed = (state == "verified").then(|| issued + Duration::days((i % 5) as i64));
            let id = Uuid::new_v4();
            if let Some(at) = closed {
                events.push(event_row(id, at, "verify"));
            }
            if state == "rejected" {
                events.push(event_row(id, issued + Duration::days(2), "reject"));
            }
            rows.push(notice::ActiveModel {
                id: Set(id),
                number: Set(Some(format!("L-{i:07}"))),
                kind: Set([Rectification, Rectification, Rectification, Summons, StopWork][i % 5]),
                state: Set(State::parse(state).expect("a state")),
                inspection_id: Set(None),
                site_id: Set(Some(place.id)),
                household_id: Set(None),
                region_path: Set(place.path.clone()),
                addressee_org_id: Set(place.org),
                bureau_key: Set(fieldsync::numbers::bureau_key(&place.path)),
                author_id: Set(inspector),
                content: Set(Json::default()),
                deadline: Set(Some(deadline)),
                issued_at: Set(Some(issued)),
                served_at: Set(Some(issued)),
                service: Set(None),
                acknowledged_at: Set(None),
                responded_at: Set(None),
                closed_at: Set(closed),
                verified_on_time: Set(closed.map(|c| c.date_naive() <= deadline)),
                reinspected_late: Set(None),
                response: Set(None),
                verdict_comment: Set(String::new()),
                review_status: Set(Review::Approved),
                review_comment: Set(String::new()),
                reviewed_by: Set(None),
                reviewed_at: Set(None),
                overdue_at: Set((state == "issued").then(|| issued + Duration::days(4))),
                escalated_at: Set(None),
                escalation_level: Set(0),
                rev: Set(1),
                created_at: Set(issued),
                updated_at: Set(issued),
            });
        }
        for chunk in rows.chunks(ROWS / 2) {
            notice::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
        }
        for chunk in events.chunks(ROWS) {
            event::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
        }
        txn.commit().await?;
        done += n;
    }
    Ok(())
}

fn event_row(notice: Uuid, at: chrono::DateTime<Utc>, action: &str) -> event::ActiveModel {
    event::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        notice_id: Set(notice),
        at: Set(at),
        actor_id: Set(None),
        device_id: Set(None),
        client_id: Set(None),
        action: Set(action.into()),
        from_state: Set("responded".into()),
        to_state: Set(if action == "verify" { "verified" } else { "rejected" }.into()),
        comment: Set(String::new()),
        internal: Set(false),
        response: Set(None),
    }
}
