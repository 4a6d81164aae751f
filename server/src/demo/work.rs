//! The demo's work in progress: inspections of the first township's sites
//! and the notices they led to, in every state a supervisor and a
//! contractor meet, and a daily patrol. Made through the real mutations, so
//! the demo follows the same rules as a phone.

use chrono::{Days, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

use super::api;
use crate::{
    auth::AuthUser,
    directory::{regions::entity as region, sites::entity as site, users::entity as user},
    notices::Calendar,
    patrols::plans::{self, NewPlan},
    policy::{self, Role},
    sync::{Ctx, Registry, Write},
    templates::seed::DUST_CONTROL_V2,
};

/// The photo the demo's findings cite (its bytes are not part of the demo).
pub const PHOTO: &str = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

/// A demo user as if signed in on a phone.
async fn signed_in(db: &impl ConnectionTrait, username: &str) -> anyhow::Result<AuthUser> {
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo user {username}"))?;
    let region_path = match found.region_id {
        Some(id) => region::Entity::find_by_id(id).one(db).await?.map(|r| r.path),
        None => None,
    };
    Ok(AuthUser {
        user_id: found.id,
        username: found.username,
        role: Role::parse(&found.role).unwrap_or(Role::Inspector),
        region_id: found.region_id,
        region_path,
        organisation_id: found.organisation_id,
        device_id: None,
        session_id: Uuid::nil(),
        expires_at: 0,
    })
}

/// Applies mutations as one user's phone would push them.
struct Phone<'a> {
    write: &'a Write,
    registry: &'a Registry,
    user: AuthUser,
    client_id: Uuid,
    next: u64,
}

impl Phone<'_> {
    async fn run(&mut self, name: &str, args: Value) -> anyhow::Result<Option<Value>> {
        self.next += 1;
        let ctx = Ctx::new(self.write.db(), self.write, &self.user, self.client_id, self.next);
        api(self.registry.apply(name, &ctx, args).await)
    }
}

/// One inspection and the notice it led to.
struct Story {
    /// Items that failed.
    failed: &'static [&'static str],
    /// The notice's kind.
    kind: &'static str,
    /// What happened after the issue: by which phone (0 inspector, 1
    /// contractor, 2 supervisor), which action.
    steps: &'static [(usize, &'static str)],
}

/// Every dust-control answer, with `failed` items failing (and photographed).
fn answers(failed: &[&str]) -> Value {
    let mut answers = json!({
        "hoarding_closed": "pass", "hoarding_frontage": "main_road", "hoarding_height": {"value": 2.5, "unit": "m"},
        "material_covered": "pass", "exit_count": 2, "exit_wash_trough": "pass", "exit_settling_tank": "pass",
        "vehicles_washed": "pass", "roads_hardened": "pass", "muck_trucks_sealed": "pass", "monitor_online": "pass",
    });
    for item in failed {
        answers[*item] = json!({"value": "fail", "photos": [PHOTO]});
    }
    answers
}

/// Creates the demo's inspections, notices and patrol plan; returns the notices made.
pub async fn create_work(write: &Write, registry: &Registry, calendar: &Calendar) -> anyhow::Result<usize> {
    let inspector = signed_in(write.db(), "inspector").await?;
    let contractor = signed_in(write.db(), "contractor").await?;
    let township = inspector.region_path.clone().unwrap_or_default();
    // Sites of the inspector's township built by the demo contractor's company.
    let sites = site::Entity::find()
        .filter(site::Column::RegionPath.starts_with(township.as_str()))
        .filter(site::Column::ContractorId.eq(contractor.organisation_id))
        .order_by_asc(site::Column::Name)
        .all(write.db())
        .await?;
    let mut phones = Vec::new();
    for name in ["inspector", "contractor", "supervisor"] {
        let user = signed_in(write.db(), name).await?;
        phones.push(Phone { write, registry, user, client_id: Uuid::new_v4(), next: 0 });
    }
    let today = calendar.today(Utc::now());
    let stories = [
        Story { failed: &["material_covered"], kind: "rectification", steps: &[] },
        Story {
            failed: &["vehicles_washed"],
            kind: "rectification",
            steps: &[(1, "acknowledge"), (2, "review_approve")],
        },
        Story {
            failed: &["roads_hardened", "muck_trucks_sealed"],
            kind: "rectification",
            steps: &[(1, "acknowledge"), (1, "respond")],
        },
        Story {
            failed: &["material_covered"],
            kind: "rectification",
            steps: &[(1, "acknowledge"), (1, "respond"), (0, "verify")],
        },
        Story { failed: &["hoarding_closed", "exit_wash_trough"], kind: "stop_work", steps: &[] },
    ];
    let mut made = 0;
    for (i, Story { failed, kind, steps }) in stories.iter().enumerate() {
        let Some(site) = sites.get(i % sites.len().max(1)) else { break };
        let inspection = Uuid::new_v4();
        phones[0]
            .run("inspection.create", json!({"id": inspection, "template_id": DUST_CONTROL_V2, "site_id": site.id, "answers": answers(failed)}))
            .await?;
        phones[0].run("inspection.finish", json!({"id": inspection, "conclusion": "见整改通知书"})).await?;
        let notice = Uuid::new_v4();
        let findings: Vec<Value> = failed
            .iter()
            .map(|item| json!({"item_id": item, "text": format!("检查项 {item} 不合格"), "location": "工地出入口", "clause": "《大气污染防治法》第六十九条", "photos": [PHOTO]}))
            .collect();
        // The first notice was served five days ago with a deadline two days
        // ago, which has passed: the overdue job marks it.
        let deadline = if i == 0 { json!(today - Days::new(2)) } else { Value::Null };
        let served = if i == 0 { json!(chrono::Utc::now() - chrono::Duration::days(5)) } else { Value::Null };
        phones[0]
            .run("notice.create", json!({
                "id": notice, "kind": kind, "site_id": site.id, "inspection_id": inspection, "findings": findings,
                "legal_basis": "《中华人民共和国大气污染防治法》第六十九条", "required_actions": "立即整改，落实扬尘防治“六个百分百”措施。",
                "deadline_days": 3, "deadline": deadline,
            }))
            .await?;
        phones[0].run("notice.issue", json!({"id": notice, "at": served})).await?;
        for (who, action) in steps.iter() {
            let args = json!({"id": notice, "comment": "已复查", "text": "已按要求整改，见照片。", "photos": [PHOTO]});
            phones[*who].run(&format!("notice.{action}"), args).await?;
        }
        made += 1;
    }
    let township_id = inspector.region_id.ok_or_else(|| anyhow::anyhow!("the demo inspector has no township"))?;
    let plan = NewPlan {
        name: "每日巡查".into(),
        kind: "dust_control".into(),
        site_id: None,
        region_id: Some(township_id),
        every_days: 1,
        starts_on: today - Days::new(7),
        assignee_id: Some(inspector.user_id),
    };
    api(plans::create(write, &policy::system(), plan).await)?;
    Ok(made)
}
