//! Demo data (`fieldsync serve --demo`): loaded once, realistic, and never
//! mixed into a database that holds other data.

use fieldsync::directory::{
    households::entity::Entity as Households, organisations::entity::Entity as Organisations,
    regions::entity as region, sites::entity::Entity as Sites, users::entity::Entity as Users,
};
use std::collections::BTreeSet;

use chrono::Utc;
use fieldsync::{
    blobs::entity::{blob, blob_ref},
    inspections::entity as inspection,
    notices::entity::{event, notice},
};
use fieldsync_tests::{DEMO_PASSWORD, TestApp, db_tests};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

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
    fieldsync::demo::load(&app.state.db, &app.state.sync.registry, &app.state.calendar, &app.state.blobs)
        .await
        .unwrap();
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
    async fn the_demo_has_notices_of_every_kind_in_every_state_for_both_companies(app) {
        load(&app).await;
        let notices = notice::Entity::find().all(app.state.db.read()).await.unwrap();
        let states: BTreeSet<&str> = notices.iter().map(|n| n.state.as_str()).collect();
        let every_state = ["acknowledged", "draft", "issued", "pending_approval", "rejected", "responded", "revoked", "verified"];
        assert_eq!(states, BTreeSet::from(every_state), "every state a supervisor and a contractor meet");
        let kinds: BTreeSet<&str> = notices.iter().map(|n| n.kind.as_str()).collect();
        assert_eq!(kinds, BTreeSet::from(["case_filed", "equipment_sealed", "rectification", "stop_work", "summons"]));
        let companies: BTreeSet<Uuid> = notices.iter().filter_map(|n| n.addressee_org_id).collect();
        assert_eq!(companies.len(), 2, "both contractor companies have orders");
        for n in &notices {
            if let (Some(issued), Some(deadline)) = (n.issued_at, n.deadline) {
                assert!(deadline >= app.state.calendar.today(issued), "{}: deadline {deadline} before its issue {issued}", n.id);
            }
            for finding in &n.content.findings {
                assert!(!finding.text.is_empty() && !finding.text.contains('_'), "a finding reads as written: {}", finding.text);
                // The template's clause, where it has one (the online monitor has none).
                let item = finding.item_id.as_deref().unwrap_or_default();
                assert!(finding.clause.starts_with('《') || item == "monitor_online", "{item}: {}", finding.clause);
            }
        }
        let open_overdue = notices.iter().filter(|n| n.overdue_at.is_some() || n.deadline.is_some_and(|d| d < app.state.calendar.today(Utc::now()) && n.closed_at.is_none() && n.state.as_str() != "revoked")).count();
        assert!(open_overdue > 0, "some orders are past their deadline");
        let supervisor = app.token("supervisor").await;
        let queue = app.get("/v1/notices?review=pending", &supervisor).await;
        assert!(!queue.expect(200)["items"].as_array().unwrap().is_empty(), "recent notices await review");
        let inspector = app.token("inspector").await;
        let due = app.get("/v1/patrols/due", &inspector).await;
        assert_eq!(due.expect(200).as_array().unwrap().len(), 1);
    }
    async fn the_demo_started_on_a_monday_morning_still_has_every_state_and_kind(app) {
        // The last Monday, 07:30 in the bureau's time zone: nothing was done yet that day.
        let calendar = app.state.calendar;
        let mut day = calendar.today(Utc::now()) - chrono::Days::new(1);
        while chrono::Datelike::weekday(&day) != chrono::Weekday::Mon {
            day = day - chrono::Days::new(1);
        }
        let local = day.and_hms_opt(7, 30, 0).unwrap();
        let at = chrono::TimeZone::from_local_datetime(&calendar.tz, &local).earliest().unwrap().to_utc();
        fieldsync::clock::as_of(at, load(&app)).await;
        let notices = notice::Entity::find().all(app.state.db.read()).await.unwrap();
        let states: BTreeSet<&str> = notices.iter().map(|n| n.state.as_str()).collect();
        let every_state = ["acknowledged", "draft", "issued", "pending_approval", "rejected", "responded", "revoked", "verified"];
        assert_eq!(states, BTreeSet::from(every_state), "as of {at}");
        let kinds: BTreeSet<&str> = notices.iter().map(|n| n.kind.as_str()).collect();
        assert_eq!(kinds.len(), 5, "{kinds:?}");
        assert!(notices.iter().any(|n| n.review_status.as_str() == "pending"), "something awaits review");
        assert!(notices.iter().all(|n| n.issued_at.is_none_or(|i| i <= at)), "nothing issued after {at}");
    }
    async fn the_demo_spans_sixty_days_of_every_kind_of_inspection_in_every_township(app) {
        load(&app).await;
        let db = app.state.db.read();
        let inspections = inspection::Entity::find().all(db).await.unwrap();
        let kinds: BTreeSet<&str> = inspections.iter().map(|i| i.kind.as_str()).collect();
        assert_eq!(kinds, BTreeSet::from(["dust_control", "quality_safety", "rural_appraisal"]));
        let townships = region::Entity::find().filter(region::Column::Level.eq("township")).all(db).await.unwrap();
        assert_eq!(townships.len(), 5);
        for town in &townships {
            assert!(inspections.iter().any(|i| i.region_path.starts_with(&town.path)), "{} has inspections", town.name);
        }
        let days: BTreeSet<chrono::NaiveDate> = inspections.iter().map(|i| app.state.calendar.today(i.started_at)).collect();
        let (first, last) = (*days.first().unwrap(), *days.last().unwrap());
        assert!((last - first).num_days() >= 55, "from {first} to {last}");
        assert!(inspections.iter().all(|i| i.finished_at.is_some() || i.status != "finished"));
    }
    async fn every_photo_the_demo_cites_is_stored_and_served(app) {
        load(&app).await;
        let db = app.state.db.read();
        let cited: BTreeSet<String> = blob_ref::Entity::find().all(db).await.unwrap().into_iter().map(|r| r.sha256).collect();
        assert!(cited.len() > 100, "{} photos", cited.len());
        let stored: BTreeSet<String> = blob::Entity::find().all(db).await.unwrap().into_iter().map(|b| b.sha256).collect();
        let missing: Vec<&String> = cited.difference(&stored).collect();
        assert!(missing.is_empty(), "cited but not stored: {missing:?}");
        // The bytes are there, a JPEG whose EXIF says when and where.
        let supervisor = app.token("supervisor").await;
        let sha = cited.iter().next().unwrap();
        let (status, _, bytes) = app.fetch(&format!("/v1/blobs/{sha}"), &supervisor, &[]).await;
        assert_eq!(status, 200);
        assert_eq!(&bytes[..2], b"\xFF\xD8");
        let exif = fieldsync::blobs::exif::read(&bytes);
        assert!(exif.taken_at.is_some() && exif.latitude.is_some(), "{exif:?}");
    }
    async fn in_the_demo_each_role_writes_in_its_own_voice(app) {
        load(&app).await;
        let db = app.state.db.read();
        let users = Users::find().all(db).await.unwrap();
        let role_of = |id: Option<Uuid>| id.and_then(|id| users.iter().find(|u| u.id == id)).map(|u| u.role.clone());
        let events = event::Entity::find().all(db).await.unwrap();
        let mut contractor_comments = 0;
        for e in &events {
            if role_of(e.actor_id).as_deref() == Some("contractor") {
                assert!(!e.comment.contains("复查") || e.comment.contains("请"), "a contractor does not re-inspect: {}", e.comment);
                contractor_comments += 1;
            }
            if e.action == "verify" {
                assert_eq!(role_of(e.actor_id).as_deref(), Some("inspector"), "{e:?}");
            }
        }
        assert!(contractor_comments > 0);
    }
}
