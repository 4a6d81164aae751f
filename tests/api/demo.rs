//! Demo data (`fieldsync serve --demo`): loaded once, realistic, and never
//! mixed into a database that holds other data.

use fieldsync::directory::{
    households::entity::Entity as Households, organisations::entity::Entity as Organisations,
    regions::entity as region, sites::entity::Entity as Sites, users::entity::Entity as Users,
};
use fieldsync_tests::{DEMO_PASSWORD, TestApp, db_tests};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Row counts of the directory tables.
#[derive(Debug, PartialEq, Eq)]
struct Counts {
    regions: u64,
    organisations: u64,
    users: u64,
    sites: u64,
    households: u64,
}

async fn counts(app: &TestApp) -> Counts {
    let db = app.state.db.read();
    Counts {
        regions: region::Entity::find().count(db).await.unwrap(),
        organisations: Organisations::find().count(db).await.unwrap(),
        users: Users::find().count(db).await.unwrap(),
        sites: Sites::find().count(db).await.unwrap(),
        households: Households::find().count(db).await.unwrap(),
    }
}

async fn load(app: &TestApp) {
    fieldsync::demo::load(&app.state.db, &app.state.sync.registry, &app.state.calendar).await.unwrap();
}

/// Whether an 18-character resident id number ends in its ISO 7064 MOD 11-2 check character.
fn has_valid_check_digit(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 || !chars[..17].iter().all(char::is_ascii_digit) {
        return false;
    }
    let sum: u32 = chars[..17].iter().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    "10X98765432".chars().nth((sum % 11) as usize) == Some(chars[17])
}

#[test]
fn the_check_digit_test_knows_a_published_example() {
    assert!(has_valid_check_digit("11010519491231002X"));
    assert!(!has_valid_check_digit("110105194912310021"));
}

db_tests! {
    async fn loading_the_demo_twice_gives_the_same_data(app) {
        load(&app).await;
        let first = counts(&app).await;
        load(&app).await;
        assert_eq!(counts(&app).await, first);
    }

    async fn the_demo_is_a_county_with_townships_villages_sites_and_households(app) {
        load(&app).await;
        let db = app.state.db.read();
        let regions = region::Entity::find().all(db).await.unwrap();
        let counties: Vec<_> = regions.iter().filter(|r| r.level == "county").collect();
        assert_eq!(counties.len(), 1);
        let townships: Vec<_> = regions.iter().filter(|r| r.level == "township").collect();
        assert!(townships.len() >= 4, "{} townships", townships.len());
        for township in &townships {
            assert!(township.code.starts_with(&counties[0].code));
            let villages = regions.iter().filter(|r| r.parent_id == Some(township.id)).count();
            assert!(villages >= 3, "{} has {villages} villages", township.name);
        }

        let sites = Sites::find().all(db).await.unwrap();
        assert!(sites.len() >= 12, "{} sites", sites.len());
        for site in &sites {
            let region = regions.iter().find(|r| r.id == site.region_id).unwrap();
            assert_eq!(site.region_path, region.path, "{}", site.name);
            assert!(site.contractor_id.is_some(), "{}", site.name);
        }
        let contractors: std::collections::HashSet<_> = sites.iter().map(|s| s.contractor_id).collect();
        assert_eq!(contractors.len(), 2, "sites are split between two companies");

        let households = Households::find().all(db).await.unwrap();
        assert!(households.len() >= 50, "{} households", households.len());
        for household in &households {
            assert!(has_valid_check_digit(&household.id_number), "{}", household.id_number);
            let village = regions.iter().find(|r| r.id == household.region_id).unwrap();
            assert_eq!(village.level, "village");
            assert_eq!(household.region_path, village.path);
        }
        let categories: std::collections::HashSet<_> = households.iter().map(|h| h.category.as_str()).collect();
        assert!(categories.len() >= 7, "{categories:?}");
        assert!(households.iter().any(|h| h.grade.is_none()));
        for grade in ["A", "B", "C", "D"] {
            assert!(households.iter().any(|h| h.grade.as_deref() == Some(grade)), "no grade {grade}");
        }
    }

    async fn every_demo_user_signs_in_with_the_demo_password(app) {
        load(&app).await;
        for (username, role) in [
            ("admin", "admin"),
            ("supervisor", "supervisor"),
            ("inspector", "inspector"),
            ("inspector2", "inspector"),
            ("contractor", "contractor"),
            ("contractor2", "contractor"),
        ] {
            let reply = app.login_reply(username, DEMO_PASSWORD).await;
            assert_eq!(reply.expect(200)["user"]["role"], role, "{username}");
        }
        assert_eq!(fieldsync::demo::PASSWORD, DEMO_PASSWORD);
    }

    async fn a_database_with_other_data_is_left_untouched(app) {
        app.seed().await;
        let before = counts(&app).await;
        load(&app).await;
        assert_eq!(counts(&app).await, before);
        let county = region::Entity::find()
            .filter(region::Column::Code.eq(fieldsync::demo::COUNTY_CODE))
            .one(app.state.db.read())
            .await
            .unwrap();
        assert!(county.is_none());
    }
    async fn the_demo_has_notices_in_each_state_a_supervisor_and_a_contractor_meet(app) {
        load(&app).await;
        let contractor = app.token("contractor").await;
        let orders = app.get("/v1/notices", &contractor).await;
        let mut states: Vec<String> =
            orders.expect(200)["items"].as_array().unwrap().iter().map(|n| n["state"].as_str().unwrap().to_owned()).collect();
        states.sort();
        assert_eq!(states, ["acknowledged", "issued", "responded", "verified"], "the contractor's orders");
        let supervisor = app.token("supervisor").await;
        let approvals = app.get("/v1/notices?state=pending_approval", &supervisor).await;
        assert_eq!(approvals.expect(200)["items"].as_array().unwrap().len(), 1, "a stop-work order awaits approval");
        let queue = app.get("/v1/notices?review=pending", &supervisor).await;
        assert_eq!(queue.expect(200)["items"].as_array().unwrap().len(), 3);
        let inspector = app.token("inspector").await;
        let due = app.get("/v1/patrols/due", &inspector).await;
        assert_eq!(due.expect(200).as_array().unwrap().len(), 1);
    }
}
