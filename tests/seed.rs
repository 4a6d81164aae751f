//! A small directory to test against: one county with two townships, a
//! bureau, two contractor companies, and one user of each kind. The
//! directory is published to the sync change log, as the API would.

use fieldsync::{
    directory::{
        organisations::{self, repo::NewOrganisation},
        regions::{self, Level, repo::NewRegion},
        users::repo::{self as users, NewUser},
    },
    policy::{self, Role},
    sync::Write,
};
use uuid::Uuid;

use crate::TestApp;

/// The password of every seeded user.
pub const DEMO_PASSWORD: &str = "fieldsync-demo";

/// Ids of the seeded records.
#[derive(Debug, Clone)]
pub struct Seeded {
    /// The county.
    pub county: Uuid,
    /// Township 1 (the inspector's) and township 2 (inspector2's).
    pub township1: Uuid,
    /// Township 2.
    pub township2: Uuid,
    /// A village in township 1.
    pub village1: Uuid,
    /// A village in township 2.
    pub village2: Uuid,
    /// Contractor company A.
    pub company_a: Uuid,
    /// Contractor company B.
    pub company_b: Uuid,
}

async fn region(write: &Write, parent: Option<Uuid>, level: Level, code: &str, name: &str) -> Uuid {
    let new = NewRegion { parent_id: parent, level, code: code.into(), name: name.into() };
    regions::repo::create(write, &policy::system(), new).await.expect("seed region").id
}

async fn company(write: &Write, name: &str, region: Uuid) -> Uuid {
    let new = NewOrganisation {
        kind: "contractor".into(),
        name: name.into(),
        credit_code: None,
        region_id: Some(region),
        contact_name: None,
        contact_phone: None,
    };
    organisations::repo::create(write, &policy::system(), new).await.expect("seed company").id
}

async fn user(write: &Write, username: &str, role: Role, region: Option<Uuid>, org: Option<Uuid>) {
    let new = NewUser {
        username: username.into(),
        display_name: username.into(),
        password: DEMO_PASSWORD.into(),
        role,
        region_id: region,
        organisation_id: org,
        phone: None,
    };
    users::create(write.db(), &policy::system(), new).await.expect("seed user");
}

impl TestApp {
    /// Seeds the standard directory: users `admin`, `supervisor` (county),
    /// `supervisor1` (township 1), `inspector` (township 1), `inspector2`
    /// (township 2), `contractor` (company A), `contractor2` (company B).
    pub async fn seed(&self) -> Seeded {
        let write = Write::begin(&self.state.db).await.expect("seed transaction");
        let county = region(&write, None, Level::County, "130100", "Test County").await;
        let township1 = region(&write, Some(county), Level::Township, "130101", "Township One").await;
        let township2 = region(&write, Some(county), Level::Township, "130102", "Township Two").await;
        let village1 = region(&write, Some(township1), Level::Village, "130101001", "Village One").await;
        let village2 = region(&write, Some(township2), Level::Village, "130102001", "Village Two").await;
        let company_a = company(&write, "Company A", county).await;
        let company_b = company(&write, "Company B", county).await;
        user(&write, "admin", Role::Admin, None, None).await;
        user(&write, "supervisor", Role::Supervisor, Some(county), None).await;
        user(&write, "supervisor1", Role::Supervisor, Some(township1), None).await;
        user(&write, "inspector", Role::Inspector, Some(township1), None).await;
        user(&write, "inspector2", Role::Inspector, Some(township2), None).await;
        user(&write, "contractor", Role::Contractor, None, Some(company_a)).await;
        user(&write, "contractor2", Role::Contractor, None, Some(company_b)).await;
        self.state.sync.commit(write).await.expect("seed commit");
        Seeded { county, township1, township2, village1, village2, company_a, company_b }
    }
}

/// Sites and a household to inspect, on top of [`Seeded`].
#[derive(Debug, Clone)]
pub struct Places {
    /// A site in village 1 (township 1), built by company A.
    pub site_a: Uuid,
    /// A site in village 2 (township 2), built by company B.
    pub site_b: Uuid,
    /// A household in village 1.
    pub household: Uuid,
}

impl TestApp {
    /// Adds two sites and a household (straight into their tables, then
    /// published to the change log in the same transaction).
    pub async fn seed_places(&self, seeded: &Seeded) -> Places {
        use chrono::Utc;
        use fieldsync::directory::{
            households::{self, entity as household},
            regions::entity as region,
            sites::{self, entity as site},
        };
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
        let write = Write::begin(&self.state.db).await.expect("seed transaction");
        let db = write.db();
        let path = |id: Uuid| async move { region::Entity::find_by_id(id).one(db).await.unwrap().unwrap().path };
        let now = Utc::now();
        let mut ids = Vec::new();
        for (village, company, name) in
            [(seeded.village1, seeded.company_a, "Site A"), (seeded.village2, seeded.company_b, "Site B")]
        {
            let id = Uuid::now_v7();
            let model = site::ActiveModel {
                id: Set(id),
                name: Set(name.into()),
                address: Set("Somewhere".into()),
                latitude: Set(None),
                longitude: Set(None),
                project_type: Set("housing".into()),
                contractor_id: Set(Some(company)),
                region_id: Set(village),
                region_path: Set(path(village).await),
                permit_number: Set(None),
                owner_unit: Set(None),
                supervision_unit: Set(None),
                status: Set("active".into()),
                disabled: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                import_key: Set(None),
            }
            .insert(db)
            .await
            .unwrap();
            sites::record::publish(&write, &model);
            ids.push(id);
        }
        let household_id = Uuid::now_v7();
        let model = household::ActiveModel {
            id: Set(household_id),
            head_name: Set("Wang".into()),
            id_number: Set("11010519491231002X".into()),
            phone: Set(None),
            region_id: Set(seeded.village1),
            region_path: Set(path(seeded.village1).await),
            category: Set("minimum_allowance".into()),
            grade: Set(None),
            graded_at: Set(None),
            grade_appraisal_id: Set(None),
            pending_appraisal_id: Set(None),
            pending_grade: Set(None),
            address: Set(None),
            members: Set(Some(3)),
            disabled: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            import_key: Set(None),
        }
        .insert(db)
        .await
        .unwrap();
        households::record::publish(&write, &model);
        self.state.sync.commit(write).await.expect("seed commit");
        Places { site_a: ids[0], site_b: ids[1], household: household_id }
    }

    /// A reference sync client signed in as `username`.
    pub async fn sync_client(&self, username: &str) -> sync_protocol::client::Client {
        let token = self.token(username).await;
        sync_protocol::client::Client::new(self.url(""), token)
    }
}
