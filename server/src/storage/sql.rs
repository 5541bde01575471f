//! The SQL behind [`Storage`], written once for both databases: the queries use `$n`
//! placeholders and SQL that SQLite and PostgreSQL read alike, and each concern's store is one
//! generic impl over [`Sql`], the two databases.
//!
//! Each impl states what its queries need of the database: its executors, and that the column
//! types bound and read (`bool`, `i32`, `i64`, `f64`, text, timestamps, and their options)
//! encode and decode. Rust does not carry such bounds along with a trait, so every generic
//! impl repeats the same list; SQLite and PostgreSQL meet all of it.

mod analytics;
mod design;
mod events;
mod journeys;
mod merchants;
mod rewards;
mod share;
mod shipments;
mod simulator;
mod users;

use super::sessions::{ConsoleSessionStore, SESSION_TABLE};
use super::{MerchantId, SharedStorage, ShipmentId, StorageError, StoredEvent};
use crate::config::DatabaseSettings;
use app::domain::shipment::{Handoff, Leg};
use app::domain::{GeoPoint, Milestone, ShopperToken, TrackingNumber};
use app::model::journey::Place;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Pool, Postgres, Sqlite, Type};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The merchant whose shipments the landing page lists in demo mode.
pub const DEMO_MERCHANT_SLUG: &str = "demo";

pub struct SqlStore<DB: sqlx::Database> {
    pool: Pool<DB>,
}

/// The databases the SQL is written for.
pub trait Sql: sqlx::Database {
    /// How a write transaction starts. SQLite takes the write lock up front, so two writers
    /// queue on the busy timeout instead of failing to upgrade a read lock.
    const BEGIN_WRITE: &'static str;

    /// How many rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;

    /// The console's sessions in this database's `console_sessions` table.
    fn session_store(pool: &Pool<Self>) -> ConsoleSessionStore;
}

impl Sql for Sqlite {
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";

    fn rows_affected(result: &Self::QueryResult) -> u64 {
        result.rows_affected()
    }

    fn session_store(pool: &Pool<Self>) -> ConsoleSessionStore {
        let store = SqliteStore::new(pool.clone()).with_table_name(SESSION_TABLE).expect("a valid table name");
        ConsoleSessionStore::Sqlite(store)
    }
}

impl Sql for Postgres {
    const BEGIN_WRITE: &'static str = "BEGIN";

    fn rows_affected(result: &Self::QueryResult) -> u64 {
        result.rows_affected()
    }

    fn session_store(pool: &Pool<Self>) -> ConsoleSessionStore {
        let store = PostgresStore::new(pool.clone())
            .with_schema_name("public")
            .and_then(|store| store.with_table_name(SESSION_TABLE))
            .expect("a valid schema and table name");
        ConsoleSessionStore::Postgres(store)
    }
}

/// The journey whose link `token` is, as a subquery on `$1` (bound to [`token_hash`]).
const SHIPMENT_OF_TOKEN: &str = "(SELECT shipment_id FROM journey_tokens WHERE token_hash = $1)";

/// What is stored of a journey link: its SHA-256, hex. Tokens carry 128 random bits, so a
/// fast hash is enough (as for API keys).
pub fn token_hash(token: &ShopperToken) -> String {
    hex::encode(Sha256::digest(token.as_str().as_bytes()))
}

impl<DB: Sql> SqlStore<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    /// Links stored in plaintext by earlier versions become hashes in `journey_tokens`, in
    /// one transaction; a no-op once done (no plaintext is left).
    async fn hash_plaintext_tokens(&self) -> Result<(), StorageError> {
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let plain: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, shopper_token FROM shipments WHERE shopper_token IS NOT NULL")
                .fetch_all(&mut *tx)
                .await?;
        for (shipment, token) in &plain {
            let token = ShopperToken::parse(token).map_err(corrupt("shopper token"))?;
            // Several instances may start at once on one PostgreSQL: the first one's hash stands.
            sqlx::query(
                "INSERT INTO journey_tokens (token_hash, shipment_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (token_hash) DO NOTHING",
            )
            .bind(token_hash(&token))
            .bind(shipment)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE shipments SET shopper_token = NULL WHERE shopper_token IS NOT NULL")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if !plain.is_empty() {
            tracing::info!(links = plain.len(), "journey links stored in plaintext are now stored as hashes");
        }
        Ok(())
    }
}

/// Opens the database named by the URL, creating a SQLite file if needed, and migrates it.
pub async fn connect(settings: &DatabaseSettings) -> Result<SharedStorage, StorageError> {
    let url = settings.url.as_str();
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(settings.max_connections).connect_with(options).await?;
        sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
        let store = SqlStore::<Sqlite> { pool };
        store.hash_plaintext_tokens().await?;
        Ok(Arc::new(store))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        sqlx::migrate!("../migrations/postgres").run(&pool).await?;
        let store = SqlStore::<Postgres> { pool };
        store.hash_plaintext_tokens().await?;
        Ok(Arc::new(store))
    } else {
        Err(StorageError::UnsupportedUrl(url.to_owned()))
    }
}

type EventRow = (i64, String, DateTime<Utc>);
type LegRow =
    (String, Option<String>, String, String, Option<String>, Option<String>, Option<f64>, Option<f64>, Option<String>);

/// A unique index a write can run into, and the field its conflict names.
struct UniqueIndex {
    /// The constraint's name in PostgreSQL (the default `table_columns_key` of a `UNIQUE`).
    postgres: &'static str,
    /// SQLite names no constraint: its message lists the index's columns instead.
    sqlite: &'static str,
    field: &'static str,
    reason: &'static str,
}

/// The uniqueness rules a caller can fix. The other unique indexes (a shopper token or an API
/// key prefix, drawn at random by Trekpost) stay database errors.
const UNIQUE_INDEXES: &[UniqueIndex] = &[
    UniqueIndex {
        postgres: "seller_users_email",
        sqlite: "seller_users.email",
        field: "email",
        reason: "already signs in to a shop",
    },
    UniqueIndex {
        postgres: "shipments_merchant_tracking_number",
        sqlite: "shipments.merchant_id, shipments.tracking_number",
        field: "tracking_number",
        reason: "is already on another of your shipments",
    },
    UniqueIndex {
        postgres: "shipment_legs_merchant_id_carrier_tracking_number_key",
        sqlite: "shipment_legs.merchant_id, shipment_legs.carrier_tracking_number",
        field: "tracking_number",
        reason: "is already on another of your shipments",
    },
];

/// A unique violation of an index in [`UNIQUE_INDEXES`] as a conflict naming that index's
/// field, under `path` (the part of the request written, e.g. `legs[1].`); anything else as is.
fn conflict_or(error: sqlx::Error, path: &str) -> StorageError {
    let sqlx::Error::Database(db) = &error else { return StorageError::Database(error) };
    let index = db.constraint().or_else(|| db.message().strip_prefix("UNIQUE constraint failed: "));
    match index.and_then(|name| UNIQUE_INDEXES.iter().find(|i| i.postgres == name || i.sqlite == name)) {
        Some(known) if db.is_unique_violation() => {
            StorageError::Conflict { field: format!("{path}{}", known.field), reason: known.reason.to_owned() }
        }
        _ => StorageError::Database(error),
    }
}

fn stored_event((id, body, received_at): EventRow) -> Result<StoredEvent, StorageError> {
    let event = serde_json::from_str(&body).map_err(|e| StorageError::Corrupt(format!("event {id}: {e}")))?;
    Ok(StoredEvent { id, event, received_at })
}

fn corrupt<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> StorageError + '_ {
    move |e| StorageError::Corrupt(format!("{what}: {e}"))
}

fn place(city: String, country_code: String, lat: f64, lon: f64) -> Result<Place, StorageError> {
    let point = GeoPoint::new(lat, lon).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    Ok(Place { city, country_code, point })
}

fn leg(row: LegRow) -> Result<Leg, StorageError> {
    let (carrier, carrier_name, number, mode, h_city, h_country, h_lat, h_lon, via) = row;
    let handoff = match (h_city, h_country, h_lat, h_lon) {
        (Some(city), Some(country), Some(lat), Some(lon)) => Some(Handoff {
            city: city.try_into().map_err(corrupt("handoff city"))?,
            country: country.try_into().map_err(corrupt("handoff country"))?,
            lat: lat.try_into().map_err(corrupt("handoff lat"))?,
            lon: lon.try_into().map_err(corrupt("handoff lon"))?,
        }),
        _ => None,
    };
    Ok(Leg {
        carrier: carrier.try_into().map_err(corrupt("carrier"))?,
        carrier_name: carrier_name.map(|n| n.try_into()).transpose().map_err(corrupt("carrier name"))?,
        tracking_number: number.try_into().map_err(corrupt("carrier tracking number"))?,
        mode: mode.parse().map_err(corrupt("mode"))?,
        via: via.map(|v| serde_json::from_str(&v)).transpose().map_err(corrupt("leg via"))?.unwrap_or_default(),
        handoff,
    })
}

fn tracking_number(raw: &str) -> Result<TrackingNumber, StorageError> {
    TrackingNumber::parse(raw).map_err(|e| StorageError::Corrupt(format!("tracking number {raw:?}: {e}")))
}

fn milestone(raw: &str) -> Result<Milestone, StorageError> {
    raw.parse().map_err(|e: app::domain::milestone::UnknownMilestone| StorageError::Corrupt(e.to_string()))
}

/// What more than one concern reads.
impl<DB: Sql> SqlStore<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> f64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<f64>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn legs_of(&self, shipment: ShipmentId) -> Result<Vec<Leg>, StorageError> {
        let rows: Vec<LegRow> = sqlx::query_as(
            "SELECT carrier, carrier_name, carrier_tracking_number, mode, handoff_city, handoff_country, \
                    handoff_lat, handoff_lon, via FROM shipment_legs WHERE shipment_id = $1 ORDER BY seq",
        )
        .bind(shipment.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(leg).collect()
    }

    /// Every event but the position pings, and the latest ping: all the fold needs.
    async fn foldable_events<'e, E>(executor: E, shipment: ShipmentId) -> Result<Vec<StoredEvent>, StorageError>
    where
        E: Executor<'e, Database = DB>,
    {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, body, received_at FROM tracking_events WHERE shipment_id = $1 AND (code <> 'position' \
               OR id = (SELECT p.id FROM tracking_events p WHERE p.shipment_id = $1 AND p.code = 'position' \
                        ORDER BY p.occurred_at DESC, p.id DESC LIMIT 1)) ORDER BY id",
        )
        .bind(shipment.0)
        .fetch_all(executor)
        .await?;
        rows.into_iter().map(stored_event).collect()
    }
}
