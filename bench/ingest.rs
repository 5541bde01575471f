//! Ingest load test: the real server, in this process, on a random port, over a temporary
//! SQLite file and/or a fresh PostgreSQL database; events sent over HTTP as a merchant would.
//! See bench/README.md.
//!
//! cargo bench -p server --bench ingest -- [--backend sqlite|postgres|both] [--events N]

#[path = "support/database.rs"]
mod database;

use clap::Parser;
use database::{Backend, BackendChoice, Database};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use server::api::auth::issue_key;
use server::config::Settings;
use server::startup::Application;
use server::storage::{self, SharedStorage};
use sqlx::{Connection, PgConnection};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(about = "Trekpost ingest load test")]
struct Args {
    #[arg(long, value_enum, default_value = "both")]
    backend: BackendChoice,
    /// Events per scenario (batch scenarios send at least 20 batches).
    #[arg(long, default_value_t = 5000)]
    events: usize,
    /// Shipments the events are spread over.
    #[arg(long, default_value_t = 200)]
    shipments: usize,
    /// Passed by `cargo bench` to every bench binary.
    #[arg(long, hide = true)]
    bench: bool,
}

/// One thing measured: single events or batches, sent by `concurrency` clients at once.
#[derive(Debug, Clone, Copy)]
struct Scenario {
    name: &'static str,
    /// Events per request; 1 means `POST /api/v1/shipments/{reference}/events`.
    batch: usize,
    concurrency: usize,
}

const SCENARIOS: [Scenario; 5] = [
    Scenario { name: "single", batch: 1, concurrency: 1 },
    Scenario { name: "single", batch: 1, concurrency: 16 },
    Scenario { name: "batch", batch: 100, concurrency: 1 },
    Scenario { name: "batch", batch: 1000, concurrency: 1 },
    Scenario { name: "batch", batch: 100, concurrency: 4 },
];

/// Enough requests per batch scenario for its percentiles to mean something.
const MIN_BATCHES: usize = 20;

struct Measured {
    scenario: Scenario,
    requests: usize,
    events: usize,
    accepted: usize,
    duplicates: usize,
    errors: usize,
    wall: Duration,
    latencies: Vec<Duration>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let backend = format!("{:?}", args.backend).to_lowercase();
    println!(
        "command: cargo bench -p server --bench ingest -- --backend {backend} --events {} --shipments {}",
        args.events, args.shipments
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let backends = args.backend.backends();
    println!(
        "machine: {} CPU(s); server and load generator share them (one process, one tokio runtime)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for backend in backends {
        runtime.block_on(run_backend(backend, &args))?;
    }
    Ok(())
}

async fn run_backend(backend: Backend, args: &Args) -> anyhow::Result<()> {
    let (url, database) = Database::create(backend).await?;
    let result = measure_backend(backend, &url, args).await;
    database.drop_now().await?;
    result
}

async fn measure_backend(backend: Backend, url: &str, args: &Args) -> anyhow::Result<()> {
    let mut settings = Settings::load()?;
    settings.server.port = 0;
    settings.database.url = url.to_owned();
    settings.demo.enabled = false;
    // The load comes from one address: the per-client limit would measure itself.
    settings.limits.api_requests_per_minute = 100_000_000;
    let storage = storage::connect(&settings.database).await?;
    let version: String = match backend {
        Backend::Sqlite => sqlite_version(url).await?,
        Backend::Postgres => {
            let mut c = PgConnection::connect(url).await?;
            sqlx::query_scalar("SHOW server_version").fetch_one(&mut c).await?
        }
    };
    println!();
    println!(
        "## {backend:?} {version} (pool of {} connections), {} shipments",
        settings.database.max_connections, args.shipments
    );
    let app = Application::with_storage(settings, storage.clone()).await?;
    let base = format!("http://{}", app.address());
    let shutdown = app.shutdown_token();
    let server = tokio::spawn(app.run_until_stopped());

    let key = issue_key(storage.as_ref(), "bench", "Bench Shop").await?;
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build()?;
    let client = Client { http, base, key };
    let shipments = create_shipments(&client, args.shipments).await?;

    let mut generator = EventGenerator::new(shipments);
    let mut results = Vec::new();
    for scenario in SCENARIOS {
        let events = if scenario.batch == 1 { args.events } else { args.events.max(MIN_BATCHES * scenario.batch) };
        let requests = generator.requests(scenario.batch, events);
        results.push(run_scenario(&client, scenario, requests).await);
    }
    print_table(&results);
    check_stored(&storage, &generator, &results).await?;

    shutdown.cancel();
    server.await??;
    drop(storage);
    Ok(())
}

async fn sqlite_version(url: &str) -> anyhow::Result<String> {
    let mut c = sqlx::SqliteConnection::connect(url).await?;
    Ok(format!("SQLite {}", sqlx::query_scalar::<_, String>("SELECT sqlite_version()").fetch_one(&mut c).await?))
}

#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    base: String,
    key: String,
}

impl Client {
    async fn post(&self, path: &str, body: Vec<u8>) -> reqwest::Result<(u16, Vec<u8>)> {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.key)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await?;
        let status = response.status().as_u16();
        Ok((status, response.bytes().await?.to_vec()))
    }
}

/// A shipment the events go to: its Trekpost number and its legs' carrier numbers.
#[derive(Debug, Clone)]
struct Target {
    tracking_number: String,
    air_leg: String,
    last_mile: String,
}

/// Shenzhen → Los Angeles by air, then USPS: the shape most cross-border parcels have.
async fn create_shipments(client: &Client, count: usize) -> anyhow::Result<Vec<Target>> {
    let run = rand::random::<u32>();
    let mut targets = Vec::with_capacity(count);
    for i in 0..count {
        let air_leg = format!("YT{run:08X}{i:08}");
        let last_mile = format!("9400{run:010}{i:08}");
        let body = json!({
            "order_ref": format!("BENCH-{i}"),
            "shopper": {"reference": format!("shopper-{}", i % 50), "email": "shopper@example.com"},
            "origin": {"city": "Shenzhen", "country": "CN", "lat": 22.54, "lon": 114.06},
            "destination": {"city": "Los Angeles", "region": "CA", "country": "US", "lat": 34.05, "lon": -118.24},
            "service": "standard",
            "legs": [
                {"carrier": "yunexpress", "tracking_number": air_leg, "mode": "air",
                 "handoff": {"city": "Los Angeles", "country": "US", "lat": 33.94, "lon": -118.41}},
                {"carrier": "usps", "tracking_number": last_mile, "mode": "courier"}
            ]
        });
        let (status, bytes) = client.post("/api/v1/shipments", serde_json::to_vec(&body)?).await?;
        anyhow::ensure!(status == 201, "creating a shipment: {status} {}", String::from_utf8_lossy(&bytes));
        let created: Value = serde_json::from_slice(&bytes)?;
        let tracking_number = created["tracking_number"].as_str().unwrap_or_default().to_owned();
        targets.push(Target { tracking_number, air_leg, last_mile });
    }
    Ok(targets)
}

const MILESTONES: [(&str, &str, &str, f64, f64); 8] = [
    ("order_confirmed", "Shenzhen", "CN", 22.54, 114.06),
    ("packed", "Shenzhen", "CN", 22.54, 114.06),
    ("carrier_received", "Shenzhen", "CN", 22.63, 113.81),
    ("departed_origin", "Shenzhen", "CN", 22.64, 113.81),
    ("arrived_destination", "Los Angeles", "US", 33.94, -118.41),
    ("customs_cleared", "Los Angeles", "US", 33.94, -118.41),
    ("out_for_delivery", "Los Angeles", "US", 34.05, -118.24),
    ("delivered", "Los Angeles", "US", 34.05, -118.24),
];

/// Makes events no two of which are duplicates: each gets its own second on a clock that
/// starts 30 days ago, so none lies in the future.
struct EventGenerator {
    targets: Vec<Target>,
    rng: StdRng,
    start: chrono::DateTime<chrono::Utc>,
    sent: usize,
    /// Per shipment: milestones sent so far.
    progress: Vec<usize>,
}

/// What one request carries: its path, body and event count.
struct Request {
    path: String,
    body: Vec<u8>,
    events: usize,
}

impl EventGenerator {
    fn new(targets: Vec<Target>) -> Self {
        let progress = vec![0; targets.len()];
        let start = chrono::Utc::now() - chrono::Duration::days(30);
        Self { targets, rng: StdRng::seed_from_u64(7), start, sent: 0, progress }
    }

    /// About 85% position pings, 10% milestones (in order, per shipment), 3% in-transit
    /// scans, 2% exceptions; addressed by Trekpost number or either leg's carrier number.
    fn next(&mut self) -> (String, Value) {
        let index = self.rng.random_range(0..self.targets.len());
        let target = &self.targets[index];
        let at = self.start + chrono::Duration::seconds(self.sent as i64);
        let n = self.sent;
        self.sent += 1;
        let reference = match n % 3 {
            0 => target.tracking_number.clone(),
            1 => target.air_leg.clone(),
            _ => target.last_mile.clone(),
        };
        let roll = self.rng.random_range(0..100);
        let event = if roll < 85 {
            // Along the great-circle-ish track over the Pacific.
            let f = (n % 997) as f64 / 997.0;
            let lon = 114.06 + f * (360.0 - 118.41 - 114.06);
            let lon = if lon > 180.0 { lon - 360.0 } else { lon };
            json!({"code": "position", "occurred_at": at.to_rfc3339(),
                   "location": {"lat": 22.6 + f * 11.3 + self.rng.random_range(0.0..0.01), "lon": lon},
                   "carrier": {"carrier": "yunexpress", "tracking_number": target.air_leg}})
        } else if roll < 95 {
            let (code, city, country, lat, lon) = MILESTONES[self.progress[index] % MILESTONES.len()];
            self.progress[index] += 1;
            let local = at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("a valid offset"));
            json!({"code": code, "occurred_at": local.to_rfc3339(),
                   "location": {"city": city, "country": country, "lat": lat, "lon": lon},
                   "carrier": {"carrier": "yunexpress", "tracking_number": target.air_leg},
                   "description": format!("{code} at {city}"), "external_id": format!("bench-{n}")})
        } else if roll < 98 {
            json!({"code": "in_transit", "occurred_at": at.to_rfc3339(),
                   "location": {"city": "Anchorage", "country": "US"},
                   "description": "In transit to next facility", "external_id": format!("bench-{n}")})
        } else {
            json!({"code": "customs_held", "occurred_at": at.to_rfc3339(),
                   "location": {"city": "Los Angeles", "country": "US"}, "reason": "missing_invoice_data",
                   "customer_action": "Send the commercial invoice to the seller",
                   "external_id": format!("bench-{n}")})
        };
        (reference, event)
    }

    /// `events` events as requests of `batch` each (the last may be smaller).
    fn requests(&mut self, batch: usize, events: usize) -> Vec<Request> {
        let mut requests = Vec::new();
        let mut left = events;
        while left > 0 {
            let size = left.min(batch);
            left -= size;
            if batch == 1 {
                let (reference, event) = self.next();
                let body = serde_json::to_vec(&event).expect("serialises");
                requests.push(Request { path: format!("/api/v1/shipments/{reference}/events"), body, events: 1 });
            } else {
                let items: Vec<Value> = (0..size)
                    .map(|_| {
                        let (shipment, event) = self.next();
                        json!({"shipment": shipment, "event": event})
                    })
                    .collect();
                let body = serde_json::to_vec(&json!({ "events": items })).expect("serialises");
                requests.push(Request { path: "/api/v1/events".into(), body, events: size });
            }
        }
        requests
    }
}

/// Sends the requests from `concurrency` clients, each taking the next unsent one.
async fn run_scenario(client: &Client, scenario: Scenario, requests: Vec<Request>) -> Measured {
    let requests = Arc::new(requests);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..scenario.concurrency)
        .map(|_| {
            let (client, requests, next) = (client.clone(), requests.clone(), next.clone());
            tokio::spawn(async move {
                let mut seen = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = requests.get(i) else { break };
                    let sent = Instant::now();
                    let outcome = client.post(&request.path, request.body.clone()).await;
                    seen.push((sent.elapsed(), outcome, request.events));
                }
                seen
            })
        })
        .collect();
    let mut measured = Measured {
        scenario,
        requests: requests.len(),
        events: requests.iter().map(|r| r.events).sum(),
        accepted: 0,
        duplicates: 0,
        errors: 0,
        wall: Duration::ZERO,
        latencies: Vec::with_capacity(requests.len()),
    };
    let mut first_error = None;
    for worker in workers {
        for (latency, outcome, events) in worker.await.expect("a worker finishes") {
            measured.latencies.push(latency);
            match outcome {
                Ok((201, _)) if scenario.batch == 1 => measured.accepted += 1,
                Ok((200, _)) if scenario.batch == 1 => measured.duplicates += 1,
                Ok((200, body)) => {
                    let receipt: Value = serde_json::from_slice(&body).unwrap_or_default();
                    measured.accepted += receipt["accepted"].as_u64().unwrap_or(0) as usize;
                    measured.duplicates += receipt["duplicates"].as_u64().unwrap_or(0) as usize;
                }
                Ok((status, body)) => {
                    measured.errors += events;
                    first_error.get_or_insert_with(|| format!("{status} {}", String::from_utf8_lossy(&body)));
                }
                Err(e) => {
                    measured.errors += events;
                    first_error.get_or_insert_with(|| e.to_string());
                }
            }
        }
    }
    measured.wall = started.elapsed();
    measured.latencies.sort();
    if let Some(error) = first_error {
        eprintln!("{} x{} c{}: first error: {error}", scenario.name, scenario.batch, scenario.concurrency);
    }
    measured
}

/// Nearest-rank percentile of sorted latencies, in milliseconds.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1].as_secs_f64() * 1000.0
}

fn print_table(results: &[Measured]) {
    println!();
    println!(
        "| scenario                  | requests | events | dup | err | wall s | events/s | p50 ms | p95 ms | p99 ms |"
    );
    println!(
        "|---------------------------|---------:|-------:|----:|----:|-------:|---------:|-------:|-------:|-------:|"
    );
    for m in results {
        let s = m.scenario;
        let what = if s.batch == 1 {
            format!("single event, {} client{}", s.concurrency, if s.concurrency == 1 { "" } else { "s" })
        } else {
            format!("batch of {}, {} client{}", s.batch, s.concurrency, if s.concurrency == 1 { "" } else { "s" })
        };
        println!(
            "| {what:<25} | {:>8} | {:>6} | {:>3} | {:>3} | {:>6.2} | {:>8.0} | {:>6.1} | {:>6.1} | {:>6.1} |",
            m.requests,
            m.events,
            m.duplicates,
            m.errors,
            m.wall.as_secs_f64(),
            m.accepted as f64 / m.wall.as_secs_f64(),
            percentile(&m.latencies, 50.0),
            percentile(&m.latencies, 95.0),
            percentile(&m.latencies, 99.0),
        );
    }
}

/// Reads every shipment back: the events stored must be the events accepted.
async fn check_stored(storage: &SharedStorage, generator: &EventGenerator, results: &[Measured]) -> anyhow::Result<()> {
    let merchant = storage.merchant_by_slug("bench").await?.expect("the bench merchant");
    let mut stored = 0;
    for target in &generator.targets {
        let number = app::domain::TrackingNumber::parse(&target.tracking_number)?;
        stored += storage.shipment_record(merchant, &number).await?.map_or(0, |r| r.events.len());
    }
    let accepted: usize = results.iter().map(|m| m.accepted).sum();
    println!();
    println!("stored events read back: {stored} (accepted: {accepted})");
    anyhow::ensure!(stored == accepted, "stored events differ from accepted ones");
    Ok(())
}
