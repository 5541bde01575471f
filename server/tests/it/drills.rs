//! Fault drills: the real server binary killed with SIGKILL under load and restarted on the same
//! database has kept every event it acknowledged, exactly once; every event delivered three times
//! in random order (native single and batch, fresh webhook deliveries) ends as one delivery in
//! order; a live stream dropped at random points and resumed with Last-Event-ID misses no frame
//! and repeats none.

use crate::support::{fixtures, fresh_database, spawn_app, spawn_app_with, Backend, SseReader, TestApp};
use app::domain::event::EventSource;
use serde_json::{json, Value};
use server::api::webhooks::signature::sign;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::process::{Child, Command};

const SERVER: &str = env!("CARGO_BIN_EXE_server");

/// The server binary on `database` at `port`, its API open wide enough for a load client.
fn server_command(database: &str, port: u16) -> Command {
    let mut command = Command::new(SERVER);
    command
        .env("TREKPOST__DATABASE__URL", database)
        .env("TREKPOST__SERVER__PORT", port.to_string())
        .env("TREKPOST__LIMITS__API_REQUESTS_PER_MINUTE", "1000000")
        .env("TREKPOST__LOG__FILTER", "warn")
        .env_remove("TREKPOST_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    command
}

async fn start(database: &str, port: u16) -> Child {
    let mut child = server_command(database, port).arg("serve").spawn().expect("the server starts");
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(response) = client.get(format!("http://127.0.0.1:{port}/healthz")).send().await {
            if response.status() == 200 {
                return child;
            }
        }
        assert!(child.try_wait().unwrap().is_none(), "the server exited before it answered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not answer /healthz");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn event(id: &str, seconds_ago: i64) -> Value {
    let at = chrono::Utc::now() - chrono::Duration::seconds(seconds_ago);
    json!({"code": "in_transit", "occurred_at": at.to_rfc3339(), "external_id": id, "description": format!("drill {id}")})
}

async fn kill_9_under_load_loses_no_acknowledged_event(backend: Backend) {
    let (database, _guard) = fresh_database(backend).await;
    let port = free_port();
    let key_output = server_command(&database, port)
        .args(["api-key", "create", "--merchant", "drill"])
        .stdout(Stdio::piped())
        .output()
        .await
        .unwrap();
    assert!(key_output.status.success());
    let key = String::from_utf8(key_output.stdout).unwrap().trim().to_owned();
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();

    let mut server = start(&database, port).await;
    let shipment: Value = http
        .post(format!("{base}/shipments"))
        .bearer_auth(&key)
        .json(&json!({
            "shopper": {"reference": "drill"},
            "origin": {"city": "Shenzhen", "country": "CN", "lat": 22.54, "lon": 114.06},
            "destination": {"city": "Los Angeles", "country": "US", "lat": 34.05, "lon": -118.24}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let number = shipment["tracking_number"].as_str().unwrap().to_owned();

    // Four clients post as fast as they can, single events and batches of 25, until the
    // server is gone; each remembers what was acknowledged.
    let acknowledged = Arc::new(Mutex::new(BTreeSet::<String>::new()));
    let mut clients = Vec::new();
    for client in 0..4 {
        let (http, base, key, number, acknowledged) =
            (http.clone(), base.clone(), key.clone(), number.clone(), acknowledged.clone());
        clients.push(tokio::spawn(async move {
            for round in 0.. {
                let ids: Vec<String> = if client % 2 == 0 {
                    vec![format!("c{client}-r{round}")]
                } else {
                    (0..25).map(|i| format!("c{client}-r{round}-{i}")).collect()
                };
                let request = if ids.len() == 1 {
                    http.post(format!("{base}/shipments/{number}/events")).json(&event(&ids[0], round))
                } else {
                    let events: Vec<Value> =
                        ids.iter().map(|id| json!({"shipment": number, "event": event(id, round)})).collect();
                    http.post(format!("{base}/events")).json(&json!({ "events": events }))
                };
                match request.bearer_auth(&key).send().await {
                    Ok(response) if response.status().is_success() => acknowledged.lock().unwrap().extend(ids),
                    Ok(response) => panic!("refused under load: {}", response.status()),
                    // The server was killed: this request's fate is unknown, and nothing more is sent.
                    Err(_) => return round,
                }
            }
            unreachable!()
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.start_kill().expect("SIGKILL");
    server.wait().await.unwrap();
    for client in clients {
        client.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > 50, "the load ran before the kill: {} acknowledged", acknowledged.len());

    let _server = start(&database, port).await;
    let stored: Value =
        http.get(format!("{base}/shipments/{number}")).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    let mut counts = BTreeMap::<String, usize>::new();
    for event in stored["events"].as_array().unwrap() {
        *counts.entry(event["external_id"].as_str().unwrap_or_default().to_owned()).or_default() += 1;
    }
    let missing: Vec<&String> = acknowledged.iter().filter(|id| !counts.contains_key(*id)).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged events lost, e.g. {:?}",
        missing.len(),
        &missing[..3.min(missing.len())]
    );
    let doubled: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "stored twice: {doubled:?}");
    println!("kill -9 drill ({backend:?}): {} events acknowledged before SIGKILL, all kept once", acknowledged.len());
}

/// Positions posted while a client keeps dropping its stream at random points and resuming
/// with Last-Event-ID: it sees every one, in order, none twice.
async fn a_stream_dropped_at_random_points_and_resumed_misses_nothing_and_repeats_nothing(backend: Backend) {
    const POSTED: usize = 80;
    let app = Arc::new(spawn_app(backend).await);
    let journey = app.demo_journey(0).await;
    let token = app::domain::ShopperToken::parse(&journey.token).unwrap();
    let shipment = app.storage.shipment_by_token(&token).await.unwrap().unwrap();
    let stored = app.storage.live_updates_after(shipment, 0, 1_000_000).await.unwrap();
    let start = stored.iter().filter_map(app::model::journey::LiveUpdate::event_id).max().unwrap_or(0);

    let writer = {
        let (app, number) = (app.clone(), journey.tracking_number.to_string());
        tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..POSTED {
                let response = app.post_position(&number, 10.0 + i as f64 / 10.0, 20.0).await;
                assert_eq!(response.status(), 201);
                ids.push(response.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            ids
        })
    };
    let mut seen: Vec<i64> = Vec::new();
    let mut reconnects = 0;
    let mut rng = rand::random::<u64>() | 1;
    while seen.len() < POSTED {
        let last = seen.last().copied().unwrap_or(start);
        let response = app
            .http
            .get(app.url(&format!("/t/{}/live", journey.token)))
            .header("last-event-id", last.to_string())
            .send()
            .await
            .unwrap();
        let mut stream = SseReader::new(response);
        // xorshift: how many frames to read before dropping the connection.
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let take = 1 + (rng % 7) as usize;
        for _ in 0..take.min(POSTED - seen.len()) {
            let frame = stream.next().await.expect("a frame");
            if let Some(id) = frame.id {
                seen.push(id.parse().unwrap());
            }
        }
        reconnects += 1;
    }
    let posted = writer.await.unwrap();
    assert_eq!(seen, posted, "every frame once, in order, across {reconnects} connections");
}

const AFTERSHIP_IN_TRANSIT: &str = include_str!("../../../app/src/domain/normalise/samples/aftership_in_transit.json");
const WEBHOOK_SECRET: &str = "replay-drill-secret";

/// A small deterministic shuffle (xorshift), so a failing order can be replayed from its seed.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

/// A two-leg shipment whose legs carry carrier numbers of its own; its number and the first
/// leg's carrier number (what the AfterShip sample tracks).
async fn replay_shipment(app: &TestApp, n: u64) -> (String, String) {
    let mut body = fixtures::two_leg_shipment();
    let first_leg = format!("YT24{n:014}");
    body["order_ref"] = json!(format!("REPLAY-{n}"));
    // Each its shopper's first order, so both earn the same rules.
    body["shopper"]["reference"] = json!(format!("replay-{n}"));
    body["legs"][0]["tracking_number"] = json!(first_leg);
    body["legs"][1]["tracking_number"] = json!(format!("9400{n:018}"));
    let created: Value = app
        .http
        .post(app.url("/api/v1/shipments"))
        .bearer_auth(&app.demo_key)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (created["tracking_number"].as_str().unwrap().to_owned(), first_leg)
}

/// What the shipment ended as: status, milestones, every stored event (code, time, source),
/// and the rule ids of its awards.
async fn final_state(app: &TestApp, number: &str) -> (Value, Value, Vec<(String, String, String)>, Vec<String>) {
    let view: Value = app
        .http
        .get(app.url(&format!("/api/v1/shipments/{number}")))
        .bearer_auth(&app.demo_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut events: Vec<(String, String, String)> = view["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].to_string(), e["occurred_at"].to_string(), e["source"].to_string()))
        .collect();
    events.sort();
    let tracking = app::domain::TrackingNumber::parse(number).unwrap();
    let merchant = app.storage.merchant_by_slug("demo").await.unwrap().unwrap();
    let shipment = app.storage.shipment_of_merchant(merchant, &tracking).await.unwrap().unwrap();
    let mut rules: Vec<String> =
        app.storage.journey_rewards(shipment).await.unwrap().awards.into_iter().map(|a| a.rule_id).collect();
    rules.sort();
    (view["status"].clone(), view["milestones"].clone(), events, rules)
}

/// Every event of a journey (native scans and an AfterShip history) delivered three times in
/// random order, through the single and batch endpoints and as fresh webhook deliveries, ends
/// exactly as one delivery in order: same state, same events, no reward twice.
async fn every_event_three_times_in_random_order_ends_as_one_delivery_in_order(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.limits.requests_per_minute = 1_000_000;
        s.limits.api_requests_per_minute = 1_000_000;
        // The AfterShip sample is dated November 2025.
        s.limits.event_max_age_days = 3650;
    })
    .await;
    let merchant = app.storage.merchant_by_slug("demo").await.unwrap().unwrap();
    app.storage.set_webhook_secret(merchant, EventSource::Aftership, WEBHOOK_SECRET).await.unwrap();
    let seed = rand::random::<u64>() | 1;
    let native: Vec<Value> = fixtures::JOURNEY
        .iter()
        .enumerate()
        .flat_map(|(i, (code, at))| {
            let scan = json!({"code": "in_transit", "occurred_at": at, "description": format!("sorted at hub {i}"),
                              "external_id": format!("hub-{i}")});
            [json!({"code": code, "occurred_at": at}), scan]
        })
        .collect();
    let webhook = |leg: &str, delivery: &str| {
        let body = AFTERSHIP_IN_TRANSIT
            .replace("YT2412345678901234", leg)
            .replace("5b0f4a1e-9c1d-4e8a-a7b2-3f6d2c0e9a11", delivery);
        let signature = sign::aftership(WEBHOOK_SECRET, body.as_bytes());
        app.http
            .post(app.url("/api/v1/webhooks/demo/aftership"))
            .header("content-type", "application/json")
            .header("aftership-hmac-sha256", signature)
            .body(body)
            .send()
    };

    // Once, in order.
    let (once, once_leg) = replay_shipment(&app, 7_000_000 + seed % 1_000_000).await;
    for event in &native {
        assert_eq!(app.post_event(&once, event.clone()).await.status(), 201);
    }
    assert_eq!(webhook(&once_leg, "once-1").await.unwrap().status(), 200);

    // Three times, shuffled: each copy as a single event or inside a batch of up to five.
    let (thrice, thrice_leg) = replay_shipment(&app, 8_000_000 + seed % 1_000_000).await;
    let mut deliveries: Vec<Option<Value>> = native.iter().cycle().take(native.len() * 3).cloned().map(Some).collect();
    deliveries.extend([None, None, None]); // the webhook, three fresh deliveries
    shuffle(&mut deliveries, seed);
    let mut batch = Vec::new();
    for (i, delivery) in deliveries.into_iter().enumerate() {
        match delivery {
            // A repeat is acknowledged (200) and stored once; a first delivery is created (201).
            Some(event) if i % 2 == 0 => assert!(app.post_event(&thrice, event).await.status().is_success()),
            Some(event) => batch.push(json!({"shipment": thrice, "event": event})),
            None => assert_eq!(webhook(&thrice_leg, &format!("thrice-{i}")).await.unwrap().status(), 200),
        }
        if batch.len() == 5 {
            let events = std::mem::take(&mut batch);
            let response = app
                .http
                .post(app.url("/api/v1/events"))
                .bearer_auth(&app.demo_key)
                .json(&json!({ "events": events }))
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success());
        }
    }
    if !batch.is_empty() {
        let response = app
            .http
            .post(app.url("/api/v1/events"))
            .bearer_auth(&app.demo_key)
            .json(&json!({ "events": batch }))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
    }
    // And a webhook redelivered as is (same delivery id): acknowledged, nothing done again.
    let again = webhook(&thrice_leg, "thrice-redelivered").await.unwrap();
    assert_eq!(again.status(), 200);
    let redelivered = webhook(&thrice_leg, "thrice-redelivered").await.unwrap();
    assert_eq!(redelivered.json::<Value>().await.unwrap()["redelivery"], true);

    let (expected, got) = (final_state(&app, &once).await, final_state(&app, &thrice).await);
    assert_eq!(got.0, expected.0, "status (seed {seed})");
    assert_eq!(got.1.as_array().unwrap().len(), expected.1.as_array().unwrap().len(), "milestones (seed {seed})");
    assert_eq!(got.2, expected.2, "the same events, each once (seed {seed})");
    assert_eq!(got.3, expected.3, "the same rewards (seed {seed})");
    let distinct: BTreeSet<&String> = got.3.iter().collect();
    assert_eq!(distinct.len(), got.3.len(), "no reward twice");
    println!("replay drill ({backend:?}): {} events ×3 shuffled (seed {seed}) = one delivery in order", got.2.len());
}

on_both_backends!(
    every_event_three_times_in_random_order_ends_as_one_delivery_in_order,
    kill_9_under_load_loses_no_acknowledged_event,
    a_stream_dropped_at_random_points_and_resumed_misses_nothing_and_repeats_nothing,
);
