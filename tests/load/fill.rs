//! Fills a database with a year of a county's work (inspections, notices
//! and their re-inspections), straight into the tables: a million rows
//! through the API would take longer than the benchmark itself.

use chrono::{Duration, NaiveDate, Utc};
use fieldsync::{
    directory::{households::entity as household, sites::entity as site, users::entity as user},
    inspections::entity as inspection,
    notices::entity::{event, notice},
    templates::seed::{DUST_CONTROL_V1, QUALITY_SAFETY_V1, RURAL_APPRAISAL_V1},
};
use sea_orm::{ActiveValue::Set, ColumnTrait, Database, EntityTrait, QueryFilter, TransactionTrait};
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
    let mut places: Vec<Place> = site::Entity::find()
        .all(&db)
        .await?
        .into_iter()
        .map(|s| Place { id: s.id, path: s.region_path, org: s.contractor_id, household: false })
        .collect();
    places.extend(household::Entity::find().all(&db).await?.into_iter().map(|h| Place {
        id: h.id,
        path: h.region_path,
        org: None,
        household: true,
    }));
    let inspector = user::Entity::find()
        .filter(user::Column::Role.eq("inspector"))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo inspector"))?
        .id;
    anyhow::ensure!(!places.is_empty(), "no demo places");
    let now = Utc::now();
    let when = |i: usize| now - Duration::minutes(((i * 7919) % (365 * 24 * 60)) as i64);

    let mut done = 0;
    while done < inspections {
        let txn = db.begin().await?;
        for _ in 0..10 {
            let n = ROWS.min(inspections - done);
            if n == 0 {
                break;
            }
            let rows = (done..done + n).map(|i| {
                let place = &places[i % places.len()];
                let started = when(i);
                let kind = if place.household {
                    "rural_appraisal"
                } else if i % 2 == 0 {
                    "dust_control"
                } else {
                    "quality_safety"
                };
                inspection::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    kind: Set(kind.into()),
                    template_id: Set(Some(match kind {
                        "rural_appraisal" => RURAL_APPRAISAL_V1,
                        "dust_control" => DUST_CONTROL_V1,
                        _ => QUALITY_SAFETY_V1,
                    })),
                    site_id: Set((!place.household).then_some(place.id)),
                    household_id: Set(place.household.then_some(place.id)),
                    region_path: Set(place.path.clone()),
                    inspector_id: Set(inspector),
                    status: Set("finished".into()),
                    started_at: Set(started),
                    finished_at: Set(Some(started + Duration::minutes(50))),
                    notes: Set(String::new()),
                    conclusion: Set("pass".into()),
                    answers: Set("{}".into()),
                    findings: Set("[]".into()),
                    photos: Set("[]".into()),
                    score: Set(None),
                    grade: Set(None),
                    result: Set(Some("pass".into())),
                    rev: Set(1),
                    field_revs: Set("{}".into()),
                    created_at: Set(started),
                    updated_at: Set(started),
                }
            });
            inspection::Entity::insert_many(rows).exec_without_returning(&txn).await?;
            done += n;
        }
        txn.commit().await?;
    }

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
                kind: Set(["rectification", "rectification", "rectification", "summons", "stop_work"][i % 5].into()),
                state: Set(state.into()),
                inspection_id: Set(None),
                site_id: Set(Some(place.id)),
                household_id: Set(None),
                region_path: Set(place.path.clone()),
                addressee_org_id: Set(place.org),
                bureau_key: Set(fieldsync::notices::number::bureau_key(&place.path)),
                author_id: Set(inspector),
                content: Set("{}".into()),
                deadline: Set(Some(deadline)),
                issued_at: Set(Some(issued)),
                acknowledged_at: Set(None),
                responded_at: Set(None),
                closed_at: Set(closed),
                verified_on_time: Set(closed.map(|c| c.date_naive() <= deadline)),
                response: Set(None),
                verdict_comment: Set(String::new()),
                review_status: Set("approved".into()),
                review_comment: Set(String::new()),
                reviewed_by: Set(None),
                reviewed_at: Set(None),
                overdue_at: Set((state == "issued").then(|| issued + Duration::days(4))),
                escalated_at: Set(None),
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
    }
}
