//! Test harness: the real server on a random port over a fresh SQLite file or a fresh
//! PostgreSQL database, and a small SSE reader.
#![allow(dead_code)]

use futures::StreamExt;
use server::api::auth::issue_key;
use server::config::Settings;
use server::startup::Application;
use server::storage::{self, SharedStorage};
use sqlx::{Connection, PgConnection};
use std::net::SocketAddr;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Keeps the database alive for as long as the test needs it, and removes it after.
pub enum DatabaseGuard {
    Sqlite(tempfile::TempDir),
    Postgres(PostgresDatabase),
}

/// A test's own PostgreSQL database, dropped with this guard (its connections ended first).
pub struct PostgresDatabase {
    name: String,
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let (admin, name) = (postgres_admin_url(), self.name.clone());
        // Dropped inside the test's runtime, which cannot block on a future of its own: the drop
        // runs on a thread with a runtime of its own, and the test waits for it. The servers and
        // pools still holding connections wait too; `FORCE` ends those connections.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let mut connection = PgConnection::connect(&admin).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut connection).await?;
                connection.close().await?;
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("test database {} was not dropped: {error}", self.name),
            Err(_) => eprintln!("test database {} was not dropped: the dropping thread panicked", self.name),
        }
    }
}

/// The PostgreSQL server tests may create databases on: `DATABASE_URL_PG`, else the local one.
/// Never skipped: if it does not answer, the test fails and says so.
pub fn postgres_admin_url() -> String {
    std::env::var("DATABASE_URL_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub async fn fresh_database(backend: Backend) -> (String, DatabaseGuard) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("trekpost.db").display());
            (url, DatabaseGuard::Sqlite(dir))
        }
        Backend::Postgres => {
            let admin = postgres_admin_url();
            let mut connection = PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                panic!("PostgreSQL at {admin} does not answer ({e}); set DATABASE_URL_PG or run `make test`")
            });
            let name = format!("trekpost_test_{:016x}", rand::random::<u64>());
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut connection).await.expect("create database");
            let base = admin.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin);
            (format!("{base}/{name}"), DatabaseGuard::Postgres(PostgresDatabase { name }))
        }
    }
}

pub async fn fresh_storage(backend: Backend) -> (SharedStorage, DatabaseGuard) {
    let (url, guard) = fresh_database(backend).await;
    let mut settings = Settings::defaults();
    settings.database.url = url;
    settings.database.max_connections = 4;
    (storage::connect(&settings.database).await.expect("connect and migrate"), guard)
}

pub struct TestApp {
    pub address: SocketAddr,
    pub http: reqwest::Client,
    pub storage: SharedStorage,
    /// An API key of the demo merchant, whose shipments the demo seed created.
    pub demo_key: String,
    pub shutdown: CancellationToken,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    _database: DatabaseGuard,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Shopper tokens of the demo journeys, in seed order.
    pub async fn demo_tokens(&self) -> Vec<String> {
        self.storage.demo_journeys().await.expect("demo journeys").into_iter().map(|j| j.token).collect()
    }

    pub async fn demo_journey(&self, index: usize) -> app::model::journey::JourneySummary {
        self.storage.demo_journeys().await.expect("demo journeys").remove(index)
    }

    /// Posts a `position` event for the shipment through the native API.
    pub async fn post_position(&self, tracking_number: &str, lat: f64, lon: f64) -> reqwest::Response {
        let body = serde_json::json!({
            "code": "position",
            "occurred_at": chrono::Utc::now().to_rfc3339(),
            "location": {"lat": lat, "lon": lon},
        });
        self.post_event(tracking_number, body).await
    }

    pub async fn post_event(&self, reference: &str, body: serde_json::Value) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/api/v1/shipments/{reference}/events")))
            .bearer_auth(&self.demo_key)
            .json(&body)
            .send()
            .await
            .expect("request")
    }
}

/// Starts the real application with demo data on a fresh database of the given kind.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// As [`spawn_app`], with settings adjusted by `configure` first.
pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let (url, guard) = fresh_database(backend).await;
    let mut settings = Settings::defaults();
    settings.server.port = 0;
    settings.database.url = url;
    settings.database.max_connections = 4;
    settings.demo.enabled = true;
    // A small demo shop (every journey under way): the tests need a few journeys, not hundreds.
    (settings.demo.shoppers, settings.demo.shipments) = (4, 4);
    settings.limits.max_body_bytes = 1024;
    configure(&mut settings);
    let app = Application::build(settings.clone()).await.expect("application starts");
    let storage = storage::connect(&settings.database).await.expect("second connection");
    let demo_key = issue_key(storage.as_ref(), "demo", "Trekpost Demo Shop").await.expect("demo key");
    let address = app.address();
    let shutdown = app.shutdown_token();
    let server = tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
        storage,
        demo_key,
        shutdown,
        server,
        _database: guard,
    }
}

/// One Server-Sent Event.
#[derive(Debug, Clone, PartialEq)]
pub struct SseEvent {
    pub id: Option<String>,
    pub data: String,
}

/// Reads events off an SSE response, skipping keep-alive comments.
pub struct SseReader {
    body: futures::stream::BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    buffer: String,
}

impl SseReader {
    pub fn new(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Self { body: response.bytes_stream().boxed(), buffer: String::new() }
    }

    /// The next event, or None when the server closed the stream. Panics after 10 s.
    pub async fn next(&mut self) -> Option<SseEvent> {
        tokio::time::timeout(std::time::Duration::from_secs(10), self.next_inner())
            .await
            .expect("an SSE event within 10 s")
    }

    async fn next_inner(&mut self) -> Option<SseEvent> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut id, mut data) = (None, Vec::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = Some(v.trim().to_owned());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
                    }
                }
                if !data.is_empty() {
                    return Some(SseEvent { id, data: data.join("\n") });
                }
                continue;
            }
            match self.body.next().await {
                Some(Ok(chunk)) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                Some(Err(e)) => panic!("SSE stream failed: {e}"),
                None => return None,
            }
        }
    }
}

/// Test data shaped like what merchants send.
pub mod fixtures {
    use app::domain::event::{EventInput, EventSource, EventWindow, TrackingEvent};
    use app::domain::shipment::{ShipmentInput, ShipmentSpec};
    use chrono::{DateTime, Utc};
    use serde_json::{json, Value};

    /// The eight milestones of a journey, in order, a few hours to a day apart.
    pub const JOURNEY: [(&str, &str); 8] = [
        ("order_confirmed", "2026-11-02T02:00:00Z"),
        ("packed", "2026-11-02T08:00:00Z"),
        ("carrier_received", "2026-11-03T04:00:00Z"),
        ("departed_origin", "2026-11-04T10:00:00Z"),
        ("arrived_destination", "2026-11-05T00:00:00Z"),
        ("customs_cleared", "2026-11-06T00:00:00Z"),
        ("out_for_delivery", "2026-11-06T15:00:00Z"),
        ("delivered", "2026-11-06T22:00:00Z"),
    ];

    /// Shenzhen → Los Angeles: a consolidator's air leg, handed to USPS for the last mile.
    pub fn two_leg_shipment() -> Value {
        json!({
            "order_ref": "ORDER-1001",
            "shopper": {"reference": "cust-42", "name": "Ana Lima", "email": "ana@example.com", "locale": "en-US"},
            "origin": {"city": "Shenzhen", "country": "CN", "lat": 22.5431, "lon": 114.0579},
            "destination": {"city": "Los Angeles", "region": "CA", "country": "US", "postal_code": "90012",
                            "lat": 34.0522, "lon": -118.2437},
            "service": "standard",
            "eco": true,
            "legs": [
                {"carrier": "yunexpress", "tracking_number": "YT2412345678901234", "mode": "air",
                 "handoff": {"city": "Los Angeles", "country": "US", "lat": 33.9416, "lon": -118.4085}},
                {"carrier": "usps", "tracking_number": "9400110898825022579493", "mode": "courier"}
            ]
        })
    }

    pub fn spec(value: Value) -> ShipmentSpec {
        ShipmentSpec::from_input(serde_json::from_value::<ShipmentInput>(value).expect("shipment input"))
            .expect("valid shipment")
    }

    /// A native event from its wire form.
    pub fn event(value: Value) -> TrackingEvent {
        let input: EventInput = serde_json::from_value(value.clone()).expect("event input");
        TrackingEvent::from_input(input, EventSource::Native, value, EventWindow::around(Utc::now()))
            .expect("valid event")
    }

    pub fn milestone(code: &str, at: DateTime<Utc>) -> TrackingEvent {
        event(json!({"code": code, "occurred_at": at.to_rfc3339()}))
    }

    pub fn position(lat: f64, lon: f64, at: DateTime<Utc>) -> TrackingEvent {
        event(json!({"code": "position", "occurred_at": at.to_rfc3339(), "location": {"lat": lat, "lon": lon}}))
    }
}

/// Declares each listed `async fn name(backend: Backend)` as a test on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name($crate::support::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() { super::$name($crate::support::Backend::Postgres).await })*
        }
    };
}
