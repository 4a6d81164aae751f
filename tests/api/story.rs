//! The whole story through HTTP with the reference client: an inspector
//! offline records a dust-control inspection with two failed items and
//! photos and issues a notice; the contractor acknowledges and answers with
//! photos; the inspector verifies; the supervisor's report counts it as
//! rectified on time.

use fieldsync::templates::seed::DUST_CONTROL_V1;
use fieldsync_tests::{db_tests, real_image, sha_hex};
use serde_json::{Value, json};
use sync_protocol::MutationStatus;
use uuid::Uuid;

fn all_applied(results: &[sync_protocol::MutationResult]) {
    for r in results {
        assert_eq!(r.status, MutationStatus::Applied, "{r:?}");
    }
}

db_tests! {
    async fn an_offline_inspection_becomes_a_notice_answered_verified_and_counted(app) {
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        let photos: Vec<Vec<u8>> = (0..3).map(|i| real_image(40 + i, 30, image::ImageFormat::Png)).collect();
        let [soil, trucks, fixed] = [0, 1, 2].map(|i| sha_hex(&photos[i]));

        // The inspector's phone syncs, then works without a network.
        let mut phone = app.sync_client("inspector").await;
        phone.pull_all().await.unwrap();
        let (inspection, notice) = (Uuid::new_v4(), Uuid::new_v4());
        let findings = [(Uuid::new_v4(), "material_covered", &soil), (Uuid::new_v4(), "muck_trucks_sealed", &trucks)];
        phone.mutate("inspection.create", json!({
            "id": inspection, "template_id": DUST_CONTROL_V1, "site_id": places.site_a,
            "answers": {
                "hoarding_closed": "pass", "hoarding_frontage": "main_road", "hoarding_height": {"value": 2.5, "unit": "m"},
                "material_covered": {"value": "fail", "photos": [soil]}, "exit_count": 1, "exit_wash_trough": "pass",
                "exit_settling_tank": "pass", "vehicles_washed": "pass", "roads_hardened": "pass",
                "muck_trucks_sealed": {"value": "fail", "photos": [trucks]}, "monitor_online": "pass",
            },
            "findings": findings.iter().map(|(id, item, photo)| json!({"id": id, "item_id": item, "severity": "major", "text": "not done", "photos": [photo]})).collect::<Vec<_>>(),
        }));
        phone.mutate("inspection.finish", json!({"id": inspection, "conclusion": "two items failed"}));
        phone.mutate("notice.create", json!({
            "id": notice, "kind": "rectification", "site_id": places.site_a, "inspection_id": inspection, "deadline_days": 3,
            "findings": findings.iter().map(|(id, item, photo)| json!({"finding_id": id, "item_id": item, "text": "not done", "location": "north gate", "clause": "Art. 69", "photos": [photo]})).collect::<Vec<_>>(),
            "required_actions": "Cover the soil; seal the trucks.", "legal_basis": "Air Pollution Prevention Law",
        }));
        phone.mutate("notice.issue", json!({"id": notice}));
        // Back online: one push, every mutation applied once.
        let results = phone.push().await.unwrap();
        all_applied(&results);
        let number = results[3].result.as_ref().unwrap()["number"].as_str().unwrap().to_owned();

        // The photos follow hours later: the server says which the phone owes.
        let inspector = app.token("inspector").await;
        let owed = app.get(&format!("/v1/blobs/owed?client_id={}", phone.client_id), &inspector).await;
        let mut owed: Vec<String> = owed.expect(200)["owed"].as_array().unwrap().iter().map(|o| o["sha256"].as_str().unwrap().to_owned()).collect();
        owed.sort();
        let mut expected = vec![soil.clone(), trucks.clone()];
        expected.sort();
        assert_eq!(owed, expected);
        for photo in &photos[..2] {
            app.upload(&inspector, photo, 1 << 20).await.expect(201);
        }
        let owed = app.get(&format!("/v1/blobs/owed?client_id={}", phone.client_id), &inspector).await;
        assert_eq!(owed.expect(200)["owed"], json!([]));

        // The contractor pulls the order (never the inspection), sees its photos, answers.
        let mut contractor = app.sync_client("contractor").await;
        contractor.pull_all().await.unwrap();
        let order: Value = contractor.store.get("notice", &notice).cloned().unwrap();
        assert_eq!((order["number"].as_str(), order["state"].as_str()), (Some(number.as_str()), Some("issued")));
        assert!(contractor.store.get("inspection", &inspection).is_none());
        assert_eq!(contractor.store.of_type("notice_review").count(), 0);
        let company_a = app.token("contractor").await;
        assert_eq!(app.fetch(&format!("/v1/blobs/{soil}"), &company_a, &[]).await.0, 200);
        let company_b = app.token("contractor2").await;
        assert_eq!(app.fetch(&format!("/v1/blobs/{soil}"), &company_b, &[]).await.0, 404);
        contractor.mutate("notice.acknowledge", json!({"id": notice}));
        contractor.mutate("notice.respond", json!({"id": notice, "text": "Soil covered, trucks sealed.", "photos": [fixed]}));
        all_applied(&contractor.push().await.unwrap());
        app.upload(&company_a, &photos[2], 1 << 20).await.expect(201);

        // The inspector's phone gets the answer and its photo, and verifies.
        phone.pull_all().await.unwrap();
        let answered = phone.store.get("notice", &notice).cloned().unwrap();
        assert_eq!((answered["state"].as_str(), answered["response"]["photos"][0].as_str()), (Some("responded"), Some(fixed.as_str())));
        assert_eq!(app.fetch(&format!("/v1/blobs/{fixed}"), &inspector, &[]).await.0, 200);
        phone.mutate("notice.verify", json!({"id": notice, "comment": "re-inspected: done"}));
        all_applied(&phone.push().await.unwrap());
        contractor.pull_all().await.unwrap();
        assert_eq!(contractor.store.get("notice", &notice).unwrap()["state"], "verified");

        // The supervisor's report counts it.
        let supervisor = app.token("supervisor1").await;
        let report = app.get("/v1/reports/daily", &supervisor).await;
        let line = report.expect(200)["townships"].as_array().unwrap().iter().find(|t| t["name"] == "Township One").unwrap().clone();
        let dust = &line["by_kind"]["dust_control"];
        assert_eq!((dust["inspections"].as_i64(), dust["sites_inspected"].as_i64()), (Some(1), Some(1)));
        assert_eq!(dust["notices_issued"]["rectification"], 1);
        assert_eq!((dust["rectified"].as_i64(), dust["rectified_on_time"].as_i64()), (Some(1), Some(1)));
        assert_eq!(dust["rectification_rate"], 1.0);
        assert_eq!(dust["reinspection_pass_rate"], 1.0);
    }
}
