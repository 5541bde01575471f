//! Fault drills: the real server binary killed with SIGKILL under load and restarted on the same
//! database has kept every event it acknowledged, exactly once; a live stream dropped at random
//! points and resumed with Last-Event-ID misses no frame and repeats none.

use crate::support::{fresh_database, spawn_app, Backend, SseReader};
use serde_json::{json, Value};
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
        .env("TREKPOST__LIMITS__REQUESTS_PER_MINUTE", "1000000")
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

on_both_backends!(
    kill_9_under_load_loses_no_acknowledged_event,
    a_stream_dropped_at_random_points_and_resumed_misses_nothing_and_repeats_nothing,
);
