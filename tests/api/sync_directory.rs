//! The directory on devices: regions, organisations, sites and households
//! reach exactly the devices whose scope covers them, and follow every
//! change made through the admin API, the CSV import and the demo loader.

use std::collections::BTreeSet;

use fieldsync_tests::{TestApp, db_tests};
use serde_json::json;
use sync_protocol::client::Client;
use uuid::Uuid;

use crate::directory_households::id_number;

fn ids(client: &Client, record_type: &str) -> BTreeSet<Uuid> {
    client.store.of_type(record_type).map(|(id, _)| *id).collect()
}

/// A signed-in client that has pulled everything it may see.
async fn synced(app: &TestApp, username: &str) -> Client {
    let mut client = app.sync_client(username).await;
    client.pull_all().await.unwrap();
    client
}

fn record<'a>(client: &'a Client, record_type: &str, id: Uuid) -> &'a serde_json::Value {
    client
        .store
        .records
        .get(&(record_type.to_owned(), id))
        .unwrap_or_else(|| panic!("no {record_type} {id} on the device"))
}

db_tests! {
    async fn an_inspector_downloads_the_sites_households_and_regions_of_their_township_only(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;

        let inspector = synced(&app, "inspector").await;

        assert_eq!(ids(&inspector, "site"), BTreeSet::from([places.site_a]));
        assert_eq!(ids(&inspector, "household"), BTreeSet::from([places.household]));
        assert_eq!(ids(&inspector, "region"), BTreeSet::from([seeded.township1, seeded.village1]));
        assert_eq!(ids(&inspector, "organisation"), BTreeSet::from([seeded.company_a, seeded.company_b]));
        let site = record(&inspector, "site", places.site_a);
        assert_eq!((site["name"].as_str(), site["disabled"].as_bool()), (Some("Site A"), Some(false)));
        assert_eq!(site["region_id"], json!(seeded.village1));
        assert_eq!(site["contractor_id"], json!(seeded.company_a));
        assert_eq!(record(&inspector, "household", places.household)["head_name"], "Wang");
        assert_eq!(record(&inspector, "region", seeded.village1)["level"], "village");
        // A device never stores the server's materialised paths.
        for (_, value) in inspector.store.records.iter() {
            assert!(value.get("region_path").is_none() && value.get("path").is_none(), "{value}");
        }
        // The other township's inspector gets the other half.
        let inspector2 = synced(&app, "inspector2").await;
        assert_eq!(ids(&inspector2, "site"), BTreeSet::from([places.site_b]));
        assert_eq!(ids(&inspector2, "household"), BTreeSet::new());
        assert_eq!(ids(&inspector2, "region"), BTreeSet::from([seeded.township2, seeded.village2]));
        // The county supervisor gets the whole county.
        let supervisor = synced(&app, "supervisor").await;
        assert_eq!(ids(&supervisor, "site"), BTreeSet::from([places.site_a, places.site_b]));
        assert_eq!(ids(&supervisor, "region").len(), 5);
    }

    async fn a_contractor_downloads_only_their_companys_sites_and_company(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;

        let contractor = synced(&app, "contractor").await;

        assert_eq!(ids(&contractor, "site"), BTreeSet::from([places.site_a]));
        assert_eq!(ids(&contractor, "organisation"), BTreeSet::from([seeded.company_a]));
        assert_eq!(ids(&contractor, "household"), BTreeSet::new());
        assert_eq!(ids(&contractor, "region"), BTreeSet::new());
        let contractor2 = synced(&app, "contractor2").await;
        assert_eq!(ids(&contractor2, "site"), BTreeSet::from([places.site_b]));
        assert_eq!(ids(&contractor2, "organisation"), BTreeSet::from([seeded.company_b]));
    }

    async fn a_site_moved_to_another_contractor_disappears_from_the_old_contractors_device(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut old = synced(&app, "contractor").await;
        let mut new = synced(&app, "contractor2").await;
        let mut inspector = synced(&app, "inspector").await;
        assert!(ids(&old, "site").contains(&places.site_a));
        assert!(!ids(&new, "site").contains(&places.site_a));
        let admin = app.token("admin").await;

        let path = format!("/v1/admin/sites/{}", places.site_a);
        app.patch(&path, &admin, &json!({"contractor_id": seeded.company_b})).await.expect(200);
        old.pull_all().await.unwrap();
        new.pull_all().await.unwrap();
        inspector.pull_all().await.unwrap();

        assert_eq!(ids(&old, "site"), BTreeSet::new(), "the old contractor's device drops the site");
        assert_eq!(ids(&new, "site"), BTreeSet::from([places.site_a, places.site_b]));
        assert_eq!(record(&new, "site", places.site_a)["contractor_id"], json!(seeded.company_b));
        assert_eq!(ids(&inspector, "site"), BTreeSet::from([places.site_a]));
        assert_eq!(record(&inspector, "site", places.site_a)["contractor_id"], json!(seeded.company_b));
        // A fresh device of the old contractor never sees it either.
        assert_eq!(ids(&synced(&app, "contractor").await, "site"), BTreeSet::new());
    }

    async fn a_renamed_site_reaches_devices_and_a_csv_import_reaches_devices(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let mut inspector = synced(&app, "inspector").await;
        let admin = app.token("admin").await;

        let path = format!("/v1/admin/sites/{}", places.site_a);
        app.patch(&path, &admin, &json!({"name": "Site A, phase 2"})).await.expect(200);
        inspector.pull_all().await.unwrap();
        assert_eq!(record(&inspector, "site", places.site_a)["name"], "Site A, phase 2");

        // Disabling publishes the record with its flag; it stays on the device.
        let path = format!("/v1/admin/households/{}", places.household);
        app.patch(&path, &admin, &json!({"disabled": true})).await.expect(200);
        inspector.pull_all().await.unwrap();
        assert_eq!(record(&inspector, "household", places.household)["disabled"], true);

        let file = format!(
            "head_name,id_number,region_code,category\n\
             Zhang,{},130101001,general\n\
             Li,{},130101001,minimum_allowance\n\
             Zhao,{},130102001,general\n",
            id_number(1), id_number(2), id_number(3)
        );
        let request = app
            .http
            .post(app.url("/v1/admin/households/import"))
            .bearer_auth(&admin)
            .header("content-type", "text/csv")
            .body(file);
        assert_eq!(TestApp::read(request).await.expect(200), &json!({"imported": 3, "skipped": 0}));
        inspector.pull_all().await.unwrap();

        let heads: BTreeSet<String> = inspector
            .store
            .of_type("household")
            .map(|(_, h)| h["head_name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(heads, BTreeSet::from(["Wang".to_owned(), "Zhang".to_owned(), "Li".to_owned()]));
        let inspector2 = synced(&app, "inspector2").await;
        let heads2: Vec<&str> = inspector2.store.of_type("household").map(|(_, h)| h["head_name"].as_str().unwrap()).collect();
        assert_eq!(heads2, ["Zhao"]);
    }

    async fn the_demo_county_downloads_to_the_demo_inspector(app) {
        use fieldsync::directory::{households::entity as household, regions::entity as region, sites::entity as site};
        use sea_orm::EntityTrait;
        fieldsync::demo::load(&app.state.db, &app.state.sync.registry, &app.state.calendar, &app.state.blobs).await.unwrap();
        let db = app.state.db.read();
        let me = app.user("inspector").await;
        let township = region::Entity::find_by_id(me.region_id.unwrap()).one(db).await.unwrap().unwrap();
        let in_township = |path: &str| path.starts_with(&township.path);
        let sites: BTreeSet<Uuid> =
            site::Entity::find().all(db).await.unwrap().into_iter().filter(|s| in_township(&s.region_path)).map(|s| s.id).collect();
        let households: BTreeSet<Uuid> = household::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .filter(|h| in_township(&h.region_path))
            .map(|h| h.id)
            .collect();
        let regions: BTreeSet<Uuid> =
            region::Entity::find().all(db).await.unwrap().into_iter().filter(|r| in_township(&r.path)).map(|r| r.id).collect();

        let inspector = synced(&app, "inspector").await;

        assert!(!ids(&inspector, "site").is_empty());
        assert!(!ids(&inspector, "household").is_empty());
        assert_eq!(ids(&inspector, "site"), sites, "exactly the sites of the township");
        assert_eq!(ids(&inspector, "household"), households, "exactly the households of the township");
        assert_eq!(ids(&inspector, "region"), regions);
        assert_eq!(ids(&inspector, "organisation").len(), 3, "the bureau and both companies");
        // The demo contractor sees their own company's sites only.
        let contractor = synced(&app, "contractor").await;
        let company = app.user("contractor").await.organisation_id;
        assert!(!ids(&contractor, "site").is_empty());
        for (_, s) in contractor.store.of_type("site") {
            assert_eq!(s["contractor_id"], json!(company));
        }
    }
}
