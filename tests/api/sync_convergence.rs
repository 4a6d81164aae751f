//! Convergence, as a property: devices that edit overlapping records offline
//! in any order, then all sync, hold exactly the server's state.

use std::sync::Arc;

use fieldsync::templates::seed::DUST_CONTROL_V1;
use fieldsync_tests::{Backend, Places, TestApp};
use proptest::{
    prelude::*,
    test_runner::{Config, TestRunner},
};
use serde_json::{Value, json};
use sync_protocol::client::Client;
use uuid::Uuid;

const DEVICES: usize = 3;
const SLOTS: usize = 4;

#[derive(Debug, Clone)]
enum Op {
    Create { device: usize, slot: usize },
    Edit { device: usize, slot: usize, field: usize, value: u8 },
    Delete { device: usize, slot: usize },
    Push { device: usize },
    Pull { device: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let device = 0..DEVICES;
    let slot = 0..SLOTS;
    prop_oneof![
        (device.clone(), slot.clone()).prop_map(|(device, slot)| Op::Create { device, slot }),
        (device.clone(), slot.clone(), 0..4usize, any::<u8>()).prop_map(|(device, slot, field, value)| Op::Edit {
            device,
            slot,
            field,
            value
        }),
        (device.clone(), slot.clone()).prop_map(|(device, slot)| Op::Delete { device, slot }),
        device.clone().prop_map(|device| Op::Push { device }),
        device.prop_map(|device| Op::Pull { device }),
    ]
}

fn inspections(client: &Client) -> Vec<(Uuid, Value)> {
    client.store.of_type("inspection").map(|(id, v)| (*id, v.clone())).collect()
}

async fn run_case(app: &TestApp, places: &Places, tokens: &[String], ops: Vec<Op>) {
    let slots: Vec<Uuid> = (0..SLOTS).map(|_| Uuid::new_v4()).collect();
    let mut devices: Vec<Client> = tokens.iter().map(|t| Client::new(app.url(""), t.clone())).collect();
    for device in &mut devices {
        device.pull_all().await.unwrap();
    }
    for op in ops {
        match op {
            Op::Create { device, slot } => {
                let args = json!({"id": slots[slot], "template_id": DUST_CONTROL_V1, "kind": "dust_control", "site_id": places.site_a});
                devices[device].mutate("inspection.create", args);
            }
            Op::Edit { device, slot, field, value } => {
                // Edit on the revision the device last saw (0 when it never saw the record).
                let key = ("inspection".to_string(), slots[slot]);
                let base_rev = devices[device].store.records.get(&key).and_then(|r| r["rev"].as_i64()).unwrap_or(0);
                let mut args = json!({"id": slots[slot], "base_rev": base_rev});
                match field {
                    0 => args["notes"] = json!(format!("n{value}")),
                    1 => args["conclusion"] = json!(format!("c{value}")),
                    // Answers valid for the dust control template: a number and a choice.
                    2 => args["answers"] = json!({ "pm10": value }),
                    _ => {
                        args["answers"] =
                            json!({ "hoarding_frontage": if value % 2 == 0 { "main_road" } else { "other" } })
                    }
                }
                devices[device].mutate("inspection.update", args);
            }
            Op::Delete { device, slot } => {
                devices[device].mutate("inspection.delete", json!({"id": slots[slot]}));
            }
            Op::Push { device } => {
                devices[device].push().await.unwrap();
            }
            Op::Pull { device } => {
                devices[device].pull().await.unwrap();
            }
        }
    }
    for _ in 0..2 {
        for device in &mut devices {
            device.sync().await.unwrap();
        }
    }
    let mut fresh = Client::new(app.url(""), tokens[0].clone());
    fresh.pull_all().await.unwrap();
    let server = inspections(&fresh);
    for (i, device) in devices.iter().enumerate() {
        assert!(device.store.pending.is_empty(), "device {i} still has pending mutations");
        assert_eq!(inspections(device), server, "device {i} differs from the server");
    }
}

#[test]
fn devices_editing_overlapping_records_offline_converge_to_the_server() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (app, places, tokens) = runtime.block_on(async {
        let app = TestApp::spawn(Backend::Sqlite).await;
        let seeded = app.seed().await;
        let places = app.seed_places(&seeded).await;
        // Two devices of the township's inspector and the county supervisor: all see site A.
        let tokens = vec![app.token("inspector").await, app.token("inspector").await, app.token("supervisor").await];
        (app, places, tokens)
    });
    let app = Arc::new(app);
    let mut runner = TestRunner::new(Config { cases: 24, failure_persistence: None, ..Config::default() });
    let strategy = proptest::collection::vec(op(), 1..40);
    let result = runner.run(&strategy, |ops| {
        runtime.block_on(run_case(&app, &places, &tokens, ops));
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    if let Ok(app) = Arc::try_unwrap(app) {
        runtime.block_on(app.stop());
    }
}
