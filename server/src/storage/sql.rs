//! The SQL behind [`Storage`], written once and compiled for both databases: the queries use
//! `$n` placeholders and SQL that SQLite and PostgreSQL read alike.

use super::*;
use crate::config::DatabaseSettings;
use app::journey::model::{JourneySummary, JourneyView, MilestoneReached};
use app::ports::RepositoryError;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Pool, Postgres, Sqlite};
use std::str::FromStr;
use std::time::Duration;

/// The merchant whose shipments the landing page lists in demo mode.
pub const DEMO_MERCHANT_SLUG: &str = "demo";

pub struct SqlStore<DB: sqlx::Database> {
    pool: Pool<DB>,
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
        Ok(Arc::new(SqlStore::<Sqlite> { pool }))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        sqlx::migrate!("../migrations/postgres").run(&pool).await?;
        Ok(Arc::new(SqlStore::<Postgres> { pool }))
    } else {
        Err(StorageError::UnsupportedUrl(url.to_owned()))
    }
}

type ShipmentRow = (i64, String, String, String, f64, f64, String, String, f64, f64);
type PositionRow = (i64, f64, f64, DateTime<Utc>);

fn place(city: String, country_code: String, lat: f64, lon: f64) -> Result<Place, StorageError> {
    let point = GeoPoint::new(lat, lon).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    Ok(Place { city, country_code, point })
}

fn position_fix((id, lat, lon, recorded_at): PositionRow) -> Result<PositionFix, StorageError> {
    let point = GeoPoint::new(lat, lon).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    Ok(PositionFix { id, point, recorded_at })
}

fn tracking_number(raw: &str) -> Result<TrackingNumber, StorageError> {
    TrackingNumber::parse(raw).map_err(|e| StorageError::Corrupt(format!("tracking number {raw:?}: {e}")))
}

fn milestone(raw: &str) -> Result<Milestone, StorageError> {
    raw.parse().map_err(|e: app::domain::milestone::UnknownMilestone| StorageError::Corrupt(e.to_string()))
}

fn repository_error(error: StorageError) -> RepositoryError {
    RepositoryError(Box::new(error))
}

macro_rules! impl_sql_store {
    ($db:ty) => {
        impl SqlStore<$db> {
            async fn milestones_of(&self, shipment: i64) -> Result<Vec<MilestoneReached>, StorageError> {
                let rows: Vec<(String, DateTime<Utc>)> =
                    sqlx::query_as("SELECT milestone, reached_at FROM shipment_milestones WHERE shipment_id = $1")
                        .bind(shipment)
                        .fetch_all(&self.pool)
                        .await?;
                let mut reached = rows
                    .into_iter()
                    .map(|(code, reached_at)| Ok(MilestoneReached { milestone: milestone(&code)?, reached_at }))
                    .collect::<Result<Vec<_>, StorageError>>()?;
                reached.sort_by_key(|r| r.milestone);
                Ok(reached)
            }

            async fn journey(&self, token: &ShopperToken) -> Result<Option<JourneyView>, StorageError> {
                let row: Option<ShipmentRow> = sqlx::query_as(
                    "SELECT id, tracking_number, origin_city, origin_country, origin_lat, origin_lon, \
                            destination_city, destination_country, destination_lat, destination_lon \
                     FROM shipments WHERE shopper_token = $1",
                )
                .bind(token.as_str())
                .fetch_optional(&self.pool)
                .await?;
                let Some((id, number, o_city, o_country, o_lat, o_lon, d_city, d_country, d_lat, d_lon)) = row else {
                    return Ok(None);
                };
                let last: Option<PositionRow> = sqlx::query_as(
                    "SELECT id, lat, lon, recorded_at FROM positions WHERE shipment_id = $1 ORDER BY id DESC LIMIT 1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(Some(JourneyView {
                    tracking_number: tracking_number(&number)?,
                    origin: place(o_city, o_country, o_lat, o_lon)?,
                    destination: place(d_city, d_country, d_lat, d_lon)?,
                    milestones: self.milestones_of(id).await?,
                    last_position: last.map(position_fix).transpose()?,
                }))
            }

            /// One query for the list and its milestones (one row per shipment and milestone).
            async fn demo_summaries(&self) -> Result<Vec<JourneySummary>, StorageError> {
                let rows: Vec<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
                    "SELECT s.id, s.shopper_token, s.tracking_number, s.origin_city, s.destination_city, sm.milestone \
                     FROM shipments s LEFT JOIN shipment_milestones sm ON sm.shipment_id = s.id \
                     WHERE s.id IN (SELECT d.id FROM shipments d JOIN merchants m ON m.id = d.merchant_id \
                                    WHERE m.slug = $1 ORDER BY d.id LIMIT 50) \
                     ORDER BY s.id",
                )
                .bind(DEMO_MERCHANT_SLUG)
                .fetch_all(&self.pool)
                .await?;
                let mut summaries: Vec<(i64, JourneySummary, Vec<Milestone>)> = Vec::new();
                for (id, token, number, origin_city, destination_city, reached) in rows {
                    if summaries.last().is_none_or(|(last, _, _)| *last != id) {
                        let summary = JourneySummary {
                            token,
                            tracking_number: tracking_number(&number)?,
                            origin_city,
                            destination_city,
                            progress: Default::default(),
                        };
                        summaries.push((id, summary, Vec::new()));
                    }
                    if let (Some(code), Some((_, _, milestones))) = (reached, summaries.last_mut()) {
                        milestones.push(milestone(&code)?);
                    }
                }
                Ok(summaries
                    .into_iter()
                    .map(|(_, summary, reached)| JourneySummary {
                        progress: app::domain::Progress::from_reached(reached),
                        ..summary
                    })
                    .collect())
            }
        }

        #[async_trait::async_trait]
        impl JourneyRepository for SqlStore<$db> {
            async fn journey_by_token(&self, token: &ShopperToken) -> Result<Option<JourneyView>, RepositoryError> {
                self.journey(token).await.map_err(repository_error)
            }

            async fn demo_journeys(&self) -> Result<Vec<JourneySummary>, RepositoryError> {
                self.demo_summaries().await.map_err(repository_error)
            }
        }

        #[async_trait::async_trait]
        impl Storage for SqlStore<$db> {
            async fn shipment_count(&self) -> Result<i64, StorageError> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM shipments").fetch_one(&self.pool).await?)
            }

            async fn ensure_merchant(&self, slug: &str, name: &str) -> Result<MerchantId, StorageError> {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO merchants (slug, name, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id",
                )
                .bind(slug)
                .bind(name)
                .bind(Utc::now())
                .fetch_one(&self.pool)
                .await?;
                Ok(MerchantId(id))
            }

            async fn insert_api_key(
                &self,
                merchant: MerchantId,
                prefix: &str,
                key_hash: &str,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO api_keys (merchant_id, key_prefix, key_hash, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(merchant.0)
                .bind(prefix)
                .bind(key_hash)
                .bind(Utc::now())
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn api_key_by_prefix(&self, prefix: &str) -> Result<Option<StoredApiKey>, StorageError> {
                let row: Option<(i64, String)> = sqlx::query_as(
                    "SELECT merchant_id, key_hash FROM api_keys WHERE key_prefix = $1 AND revoked_at IS NULL",
                )
                .bind(prefix)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(merchant, key_hash)| StoredApiKey { merchant: MerchantId(merchant), key_hash }))
            }

            async fn create_shipment(&self, merchant: MerchantId, s: &NewShipment) -> Result<ShipmentId, StorageError> {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO shipments (merchant_id, tracking_number, shopper_token, \
                        origin_city, origin_country, origin_lat, origin_lon, \
                        destination_city, destination_country, destination_lat, destination_lon, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                )
                .bind(merchant.0)
                .bind(s.tracking_number.as_str())
                .bind(s.shopper_token.as_str())
                .bind(&s.origin.city)
                .bind(&s.origin.country_code)
                .bind(s.origin.point.lat())
                .bind(s.origin.point.lon())
                .bind(&s.destination.city)
                .bind(&s.destination.country_code)
                .bind(s.destination.point.lat())
                .bind(s.destination.point.lon())
                .bind(Utc::now())
                .fetch_one(&self.pool)
                .await?;
                Ok(ShipmentId(id))
            }

            async fn record_milestone(
                &self,
                shipment: ShipmentId,
                milestone: Milestone,
                reached_at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO shipment_milestones (shipment_id, milestone, reached_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (shipment_id, milestone) DO NOTHING",
                )
                .bind(shipment.0)
                .bind(milestone.code())
                .bind(reached_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn shipment_of_merchant(
                &self,
                merchant: MerchantId,
                number: &TrackingNumber,
            ) -> Result<Option<ShipmentId>, StorageError> {
                let id: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM shipments WHERE merchant_id = $1 AND tracking_number = $2")
                        .bind(merchant.0)
                        .bind(number.as_str())
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(id.map(ShipmentId))
            }

            async fn shipment_by_token(&self, token: &ShopperToken) -> Result<Option<ShipmentId>, StorageError> {
                let id: Option<i64> = sqlx::query_scalar("SELECT id FROM shipments WHERE shopper_token = $1")
                    .bind(token.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(id.map(ShipmentId))
            }

            async fn record_position(
                &self,
                shipment: ShipmentId,
                point: GeoPoint,
                recorded_at: DateTime<Utc>,
            ) -> Result<PositionFix, StorageError> {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO positions (shipment_id, lat, lon, recorded_at, received_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(shipment.0)
                .bind(point.lat())
                .bind(point.lon())
                .bind(recorded_at)
                .bind(Utc::now())
                .fetch_one(&self.pool)
                .await?;
                Ok(PositionFix { id, point, recorded_at })
            }

            async fn positions_after(
                &self,
                shipment: ShipmentId,
                after: i64,
                limit: i64,
            ) -> Result<Vec<PositionFix>, StorageError> {
                let rows: Vec<PositionRow> = sqlx::query_as(
                    "SELECT id, lat, lon, recorded_at FROM positions \
                     WHERE shipment_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(shipment.0)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(position_fix).collect()
            }
        }
    };
}

impl_sql_store!(Sqlite);
impl_sql_store!(Postgres);
