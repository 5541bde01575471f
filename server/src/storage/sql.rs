//! The SQL behind [`Storage`], written once and compiled for both databases: the queries use
//! `$n` placeholders and SQL that SQLite and PostgreSQL read alike.

mod rewards;
mod share;

use super::*;
use crate::config::DatabaseSettings;
use app::domain::eta::HistoryJourney;
use app::domain::shipment::{Handoff, Leg, RoutePlace, ServiceLevel, Shopper};
use app::domain::{fold, EventCode, GeoPoint, Milestone};
use app::model::journey::{
    JourneySummary, JourneyView, LiveUpdate, MilestoneReached, Outlook, Place, PositionFix, RouteLeg, Scan,
    TimelineEntry,
};
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

type ShipmentRow = (i64, String, String, String, f64, f64, String, String, f64, f64, String);
type PositionRow = (i64, f64, f64, DateTime<Utc>);
type EventRow = (i64, String, DateTime<Utc>);
type LiveRow = (i64, String, Option<f64>, Option<f64>, DateTime<Utc>, Option<String>);
type LegRow =
    (String, Option<String>, String, String, Option<String>, Option<String>, Option<f64>, Option<f64>, Option<String>);

/// Events the live stream sends: milestones, and anything with coordinates.
/// Everything after an id, in id order; position pings without their body (the point is enough).
const LIVE_UPDATES_AFTER: &str =
    "SELECT id, code, lat, lon, occurred_at, CASE WHEN code = 'position' THEN NULL ELSE body END \
     FROM tracking_events WHERE shipment_id = $1 AND id > $2 ORDER BY id LIMIT $3";

/// How each database starts a write transaction. SQLite takes the write lock up front, so two
/// writers queue on the busy timeout instead of failing to upgrade a read lock.
trait WriteTransaction {
    const BEGIN: &'static str;
}

impl WriteTransaction for Sqlite {
    const BEGIN: &'static str = "BEGIN IMMEDIATE";
}

impl WriteTransaction for Postgres {
    const BEGIN: &'static str = "BEGIN";
}

fn stored_event((id, body, received_at): EventRow) -> Result<StoredEvent, StorageError> {
    let event = serde_json::from_str(&body).map_err(|e| StorageError::Corrupt(format!("event {id}: {e}")))?;
    Ok(StoredEvent { id, event, received_at })
}

fn corrupt<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> StorageError + '_ {
    move |e| StorageError::Corrupt(format!("{what}: {e}"))
}

/// A unique-constraint failure as a conflict the caller can act on; anything else as is.
fn conflict_or(error: sqlx::Error, field: &str, reason: &str) -> StorageError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StorageError::Conflict { field: field.to_owned(), reason: reason.to_owned() }
        }
        _ => StorageError::Database(error),
    }
}

fn place(city: String, country_code: String, lat: f64, lon: f64) -> Result<Place, StorageError> {
    let point = GeoPoint::new(lat, lon).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    Ok(Place { city, country_code, point })
}

fn position_fix((id, lat, lon, recorded_at): PositionRow) -> Result<PositionFix, StorageError> {
    let point = GeoPoint::new(lat, lon).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    Ok(PositionFix { id, point, recorded_at })
}

fn live_update((id, code, lat, lon, at, body): LiveRow) -> Result<LiveUpdate, StorageError> {
    if let Some(body) = body {
        let event: TrackingEvent =
            serde_json::from_str(&body).map_err(|e| StorageError::Corrupt(format!("event {id}: {e}")))?;
        // Replayed scans may move the marker; the page keeps whichever fix is newest in time.
        let entry = TimelineEntry::from_event(id, &event);
        return Ok(LiveUpdate::Scan(Box::new(Scan { moves_marker: entry.point.is_some(), entry })));
    }
    match (code.as_str(), lat, lon) {
        ("position", Some(lat), Some(lon)) => {
            let point = GeoPoint::new(lat, lon).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            Ok(LiveUpdate::Position(PositionFix { id, point, recorded_at: at }))
        }
        _ => Err(StorageError::Corrupt(format!("event {id} is a position without a point"))),
    }
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

fn repository_error(error: StorageError) -> RepositoryError {
    RepositoryError(Box::new(error))
}

macro_rules! impl_sql_store {
    ($db:ty) => {
        impl SqlStore<$db> {
            async fn insert_shipment(
                tx: &mut sqlx::Transaction<'_, $db>,
                merchant: MerchantId,
                s: &NewShipment,
                now: DateTime<Utc>,
            ) -> Result<ShipmentId, StorageError> {
                let spec = &s.spec;
                // The latest details the merchant sent win; the reference ties repeat orders together.
                let shopper: i64 = sqlx::query_scalar(
                    "INSERT INTO shoppers (merchant_id, reference, name, email, locale, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (merchant_id, reference) DO UPDATE SET \
                        name = COALESCE(excluded.name, shoppers.name), \
                        email = COALESCE(excluded.email, shoppers.email), \
                        locale = COALESCE(excluded.locale, shoppers.locale) \
                     RETURNING id",
                )
                .bind(merchant.0)
                .bind(spec.shopper.reference.as_str())
                .bind(spec.shopper.name.as_ref().map(|n| n.as_str()))
                .bind(spec.shopper.email.as_ref().map(|e| e.as_str()))
                .bind(spec.shopper.locale.as_ref().map(|l| l.as_str()))
                .bind(now)
                .fetch_one(&mut **tx)
                .await?;
                let (o, d) = (&spec.origin, &spec.destination);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO shipments (merchant_id, tracking_number, shopper_token, \
                        origin_city, origin_country, origin_lat, origin_lon, \
                        destination_city, destination_country, destination_lat, destination_lon, created_at, \
                        shopper_id, order_ref, service, eco, origin_region, destination_region, destination_postal_code) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
                     RETURNING id",
                )
                .bind(merchant.0)
                .bind(s.tracking_number.as_str())
                .bind(s.shopper_token.as_str())
                .bind(o.city.as_str())
                .bind(o.country.as_str())
                .bind(o.point().lat())
                .bind(o.point().lon())
                .bind(d.city.as_str())
                .bind(d.country.as_str())
                .bind(d.point().lat())
                .bind(d.point().lon())
                .bind(now)
                .bind(shopper)
                .bind(spec.order_ref.as_ref().map(|r| r.as_str()))
                .bind(spec.service.code())
                .bind(spec.eco)
                .bind(o.region.as_ref().map(|r| r.as_str()))
                .bind(d.region.as_ref().map(|r| r.as_str()))
                .bind(d.postal_code.as_ref().map(|p| p.as_str()))
                .fetch_one(&mut **tx)
                .await
                .map_err(|e| conflict_or(e, "tracking_number", "is already in use"))?;
                for (seq, leg) in spec.legs.iter().enumerate() {
                    let handoff = leg.handoff.as_ref();
                    sqlx::query(
                        "INSERT INTO shipment_legs (shipment_id, merchant_id, seq, carrier, carrier_tracking_number, \
                            mode, handoff_city, handoff_country, handoff_lat, handoff_lon, carrier_name, via) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    )
                    .bind(id)
                    .bind(merchant.0)
                    .bind(seq as i32)
                    .bind(leg.carrier.as_str())
                    .bind(leg.tracking_number.as_str())
                    .bind(leg.mode.code())
                    .bind(handoff.map(|h| h.city.as_str()))
                    .bind(handoff.map(|h| h.country.as_str()))
                    .bind(handoff.map(|h| f64::from(h.lat)))
                    .bind(handoff.map(|h| f64::from(h.lon)))
                    .bind(leg.carrier_name.as_ref().map(|n| n.as_str()))
                    .bind((!leg.via.is_empty()).then(|| serde_json::to_string(&leg.via).expect("points serialise")))
                    .execute(&mut **tx)
                    .await
                    .map_err(|e| {
                        conflict_or(e, &format!("legs[{seq}].tracking_number"), "is already on another of your shipments")
                    })?;
                }
                Ok(ShipmentId(id))
            }

            async fn journey(&self, token: &ShopperToken) -> Result<Option<JourneyView>, StorageError> {
                let row: Option<ShipmentRow> = sqlx::query_as(
                    "SELECT id, tracking_number, origin_city, origin_country, origin_lat, origin_lon, \
                            destination_city, destination_country, destination_lat, destination_lon, service \
                     FROM shipments WHERE shopper_token = $1",
                )
                .bind(token.as_str())
                .fetch_optional(&self.pool)
                .await?;
                let Some((id, number, o_city, o_country, o_lat, o_lon, d_city, d_country, d_lat, d_lon, service)) = row
                else {
                    return Ok(None);
                };
                // Read first: whatever is stored after it reaches the page through the stream.
                let last_event_id: i64 =
                    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM tracking_events WHERE shipment_id = $1")
                        .bind(id)
                        .fetch_one(&self.pool)
                        .await?;
                let last: Option<PositionRow> = sqlx::query_as(
                    "SELECT id, lat, lon, occurred_at FROM tracking_events WHERE shipment_id = $1 AND lat IS NOT NULL \
                       AND id <= $2 ORDER BY occurred_at DESC, id DESC LIMIT 1",
                )
                .bind(id)
                .bind(last_event_id)
                .fetch_optional(&self.pool)
                .await?;
                let events: Vec<StoredEvent> = Self::foldable_events(&self.pool, ShipmentId(id))
                    .await?
                    .into_iter()
                    .filter(|e| e.id <= last_event_id)
                    .collect();
                let state = fold(events.iter().map(|e| &e.event));
                let mut timeline: Vec<TimelineEntry> = events
                    .iter()
                    .filter(|e| e.event.code != EventCode::Position)
                    .map(|e| TimelineEntry::from_event(e.id, &e.event))
                    .collect();
                timeline.sort_by_key(TimelineEntry::order_key);
                let (origin, destination) = (place(o_city, o_country, o_lat, o_lon)?, place(d_city, d_country, d_lat, d_lon)?);
                let legs = RouteLeg::from_legs(&origin, &destination, &self.legs_of(ShipmentId(id)).await?);
                let footprint = app::rewards::journey::footprint(&legs);
                Ok(Some(JourneyView {
                    tracking_number: tracking_number(&number)?,
                    origin,
                    destination,
                    service: service.parse().map_err(corrupt("service"))?,
                    legs,
                    milestones: state
                        .milestones
                        .iter()
                        .map(|(milestone, reached_at)| MilestoneReached { milestone: *milestone, reached_at: *reached_at })
                        .collect(),
                    timeline,
                    outlook: Outlook::from_state(&state),
                    last_position: last.map(position_fix).transpose()?,
                    last_event_id,
                    rewards: self.journey_rewards(ShipmentId(id)).await?,
                    footprint,
                }))
            }

            /// One query for the list and its milestones (one row per shipment and milestone): the
            /// demo journeys under way, the one with the latest news first.
            async fn demo_summaries(&self) -> Result<Vec<JourneySummary>, StorageError> {
                let rows: Vec<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
                    "SELECT s.id, s.shopper_token, s.tracking_number, s.origin_city, s.destination_city, sm.milestone \
                     FROM shipments s LEFT JOIN shipment_milestones sm ON sm.shipment_id = s.id \
                     JOIN (SELECT d.id, COALESCE((SELECT MAX(e.id) FROM tracking_events e WHERE e.shipment_id = d.id), 0) AS latest \
                           FROM shipments d JOIN merchants m ON m.id = d.merchant_id \
                           WHERE m.slug = $1 AND d.status NOT IN ('delivered', 'returned_to_sender') \
                           ORDER BY latest DESC, d.id DESC LIMIT 12) active ON active.id = s.id \
                     ORDER BY active.latest DESC, s.id DESC",
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

            async fn record_view(&self, token: &ShopperToken) -> Result<Option<i64>, RepositoryError> {
                sqlx::query_scalar(
                    "INSERT INTO journey_views (shipment_id, opened_at) \
                     SELECT id, $2 FROM shipments WHERE shopper_token = $1 RETURNING id",
                )
                .bind(token.as_str())
                .bind(Utc::now())
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| repository_error(e.into()))
            }
        }

        impl SqlStore<$db> {
            /// Folds the shipment's events into its state and stores what is derived from it.
            /// Position pings only matter through the latest one, so only that one is read.
            async fn refold(
                tx: &mut sqlx::Transaction<'_, $db>,
                shipment: ShipmentId,
            ) -> Result<ShipmentState, StorageError> {
                let events = Self::foldable_events(&mut **tx, shipment).await?;
                let state = fold(events.iter().map(|e| &e.event));
                for (milestone, reached_at) in &state.milestones {
                    sqlx::query(
                        "INSERT INTO shipment_milestones (shipment_id, milestone, reached_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (shipment_id, milestone) DO UPDATE SET reached_at = excluded.reached_at",
                    )
                    .bind(shipment.0)
                    .bind(milestone.code())
                    .bind(*reached_at)
                    .execute(&mut **tx)
                    .await?;
                }
                sqlx::query("UPDATE shipments SET status = $1, last_event_at = $2 WHERE id = $3")
                    .bind(state.status.code())
                    .bind(state.last_event_at)
                    .bind(shipment.0)
                    .execute(&mut **tx)
                    .await?;
                Ok(state)
            }

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
                E: sqlx::Executor<'e, Database = $db>,
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

        #[async_trait::async_trait]
        impl Storage for SqlStore<$db> {
            async fn shipment_count(&self) -> Result<i64, StorageError> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM shipments").fetch_one(&self.pool).await?)
            }

            async fn ensure_merchant(&self, slug: &str, name: &str) -> Result<MerchantId, StorageError> {
                let id: i64 = sqlx::query_scalar(
                    // A name that was only ever the slug (a key issued before the shop was named)
                    // gives way to a real one; a real name is never overwritten.
                    "INSERT INTO merchants (slug, name, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (slug) DO UPDATE SET name = CASE WHEN merchants.name = merchants.slug \
                     THEN excluded.name ELSE merchants.name END RETURNING id",
                )
                .bind(slug)
                .bind(name)
                .bind(Utc::now())
                .fetch_one(&self.pool)
                .await?;
                Ok(MerchantId(id))
            }

            async fn merchant_by_slug(&self, slug: &str) -> Result<Option<MerchantId>, StorageError> {
                let id: Option<i64> = sqlx::query_scalar("SELECT id FROM merchants WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(id.map(MerchantId))
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
                let ids = self.create_shipments(merchant, std::slice::from_ref(s)).await?;
                Ok(ids[0])
            }

            async fn create_shipments(
                &self,
                merchant: MerchantId,
                shipments: &[NewShipment],
            ) -> Result<Vec<ShipmentId>, StorageError> {
                let now = Utc::now();
                let mut tx = self.pool.begin_with(<$db as WriteTransaction>::BEGIN).await?;
                let mut ids = Vec::with_capacity(shipments.len());
                for s in shipments {
                    ids.push(Self::insert_shipment(&mut tx, merchant, s, now).await?);
                }
                tx.commit().await?;
                Ok(ids)
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

            async fn shipment_by_carrier_number(
                &self,
                merchant: MerchantId,
                carrier_number: &str,
            ) -> Result<Option<ShipmentId>, StorageError> {
                let id: Option<i64> = sqlx::query_scalar(
                    "SELECT shipment_id FROM shipment_legs WHERE merchant_id = $1 AND carrier_tracking_number = $2",
                )
                .bind(merchant.0)
                .bind(carrier_number)
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

            async fn append_events(&self, request: AppendRequest<'_>) -> Result<AppendReport, StorageError> {
                let now = Utc::now();
                let mut tx = self.pool.begin_with(<$db as WriteTransaction>::BEGIN).await?;
                if let Some((source, delivery_id)) = request.delivery {
                    let new: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO webhook_deliveries (merchant_id, source, delivery_id, received_at) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING merchant_id",
                    )
                    .bind(request.merchant.0)
                    .bind(source.code())
                    .bind(delivery_id)
                    .bind(now)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if new.is_none() {
                        return Ok(AppendReport::DeliverySeenBefore);
                    }
                }
                let touched: std::collections::BTreeSet<ShipmentId> =
                    request.events.iter().map(|e| e.shipment).collect();
                // Lock the shipments (in id order, so concurrent batches cannot deadlock) before
                // reading their events: two appends to one shipment then fold one after the other.
                for shipment in &touched {
                    let locked = sqlx::query("UPDATE shipments SET status = status WHERE id = $1 AND merchant_id = $2")
                        .bind(shipment.0)
                        .bind(request.merchant.0)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if locked != 1 {
                        return Err(StorageError::Conflict {
                            field: "shipment".into(),
                            reason: format!("shipment {} is not this merchant's", shipment.0),
                        });
                    }
                }
                let mut ids = Vec::with_capacity(request.events.len());
                for EventToAppend { shipment, event } in request.events {
                    let keys = event.dedupe_keys();
                    let body = serde_json::to_string(event).expect("events always serialise");
                    let point = event.location.point;
                    let id: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO tracking_events (shipment_id, code, occurred_at, source, external_key, \
                            content_key, lat, lon, body, received_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id",
                    )
                    .bind(shipment.0)
                    .bind(event.code.code())
                    .bind(event.occurred_at_utc())
                    .bind(event.source.code())
                    .bind(keys.external)
                    .bind(keys.content)
                    .bind(point.map(|p| p.lat()))
                    .bind(point.map(|p| p.lon()))
                    .bind(body)
                    .bind(now)
                    .fetch_optional(&mut *tx)
                    .await?;
                    ids.push(id);
                }
                let mut states = BTreeMap::new();
                for shipment in touched {
                    states.insert(shipment, Self::refold(&mut tx, shipment).await?);
                }
                tx.commit().await?;
                Ok(AppendReport::Appended { ids, states })
            }

            async fn shipment_record(
                &self,
                merchant: MerchantId,
                number: &TrackingNumber,
            ) -> Result<Option<ShipmentRecord>, StorageError> {
                let row: Option<(
                    i64,
                    String,
                    DateTime<Utc>,
                    Option<String>,
                    String,
                    bool,
                    String,
                    Option<String>,
                    String,
                    f64,
                    f64,
                )> = sqlx::query_as(
                    "SELECT s.id, s.shopper_token, s.created_at, s.order_ref, s.service, s.eco, \
                            s.origin_city, s.origin_region, s.origin_country, s.origin_lat, s.origin_lon \
                     FROM shipments s WHERE s.merchant_id = $1 AND s.tracking_number = $2",
                )
                .bind(merchant.0)
                .bind(number.as_str())
                .fetch_optional(&self.pool)
                .await?;
                let Some((id, token, created_at, order_ref, service, eco, o_city, o_region, o_country, o_lat, o_lon)) =
                    row
                else {
                    return Ok(None);
                };
                let (d_city, d_region, d_country, d_postal, d_lat, d_lon, s_ref, s_name, s_email, s_locale): (
                    String,
                    Option<String>,
                    String,
                    Option<String>,
                    f64,
                    f64,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                ) = sqlx::query_as(
                    "SELECT s.destination_city, s.destination_region, s.destination_country, \
                            s.destination_postal_code, s.destination_lat, s.destination_lon, \
                            sh.reference, sh.name, sh.email, sh.locale \
                     FROM shipments s LEFT JOIN shoppers sh ON sh.id = s.shopper_id WHERE s.id = $1",
                )
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
                let text = |v: String, what: &'static str| v.try_into().map_err(corrupt(what));
                let opt_text = |v: Option<String>, what: &'static str| v.map(|v| text(v, what)).transpose();
                let spec = ShipmentSpec {
                    tracking_number: Some(number.clone()),
                    order_ref: opt_text(order_ref, "order_ref")?,
                    shopper: Shopper {
                        // Shipments from before shoppers were recorded have none.
                        reference: text(s_ref.unwrap_or_else(|| "unknown".into()), "shopper reference")?,
                        name: opt_text(s_name, "shopper name")?,
                        email: s_email.map(|e| e.try_into().map_err(corrupt("shopper email"))).transpose()?,
                        locale: s_locale.map(|l| l.try_into().map_err(corrupt("shopper locale"))).transpose()?,
                    },
                    origin: RoutePlace {
                        city: text(o_city, "origin city")?,
                        region: opt_text(o_region, "origin region")?,
                        country: o_country.try_into().map_err(corrupt("origin country"))?,
                        postal_code: None,
                        lat: o_lat.try_into().map_err(corrupt("origin lat"))?,
                        lon: o_lon.try_into().map_err(corrupt("origin lon"))?,
                    },
                    destination: RoutePlace {
                        city: text(d_city, "destination city")?,
                        region: opt_text(d_region, "destination region")?,
                        country: d_country.try_into().map_err(corrupt("destination country"))?,
                        postal_code: d_postal.map(|p| p.try_into().map_err(corrupt("postal code"))).transpose()?,
                        lat: d_lat.try_into().map_err(corrupt("destination lat"))?,
                        lon: d_lon.try_into().map_err(corrupt("destination lon"))?,
                    },
                    service: service.parse::<ServiceLevel>().map_err(corrupt("service"))?,
                    eco,
                    legs: self.legs_of(ShipmentId(id)).await?,
                };
                let rows: Vec<EventRow> =
                    sqlx::query_as("SELECT id, body, received_at FROM tracking_events WHERE shipment_id = $1 ORDER BY id")
                        .bind(id)
                        .fetch_all(&self.pool)
                        .await?;
                let stored = rows.into_iter().map(stored_event).collect::<Result<Vec<_>, _>>()?;
                let state = fold(stored.iter().map(|e| &e.event));
                let events = app::domain::shipment_state::timeline_of(&stored, |e| &e.event).into_iter().cloned().collect();
                let (page_views, seconds_on_page): (i64, i64) = sqlx::query_as(
                    "SELECT COUNT(*), CAST(COALESCE(SUM(seconds_visible), 0) AS BIGINT) FROM journey_views \
                     WHERE shipment_id = $1",
                )
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
                Ok(Some(ShipmentRecord {
                    id: ShipmentId(id),
                    tracking_number: number.clone(),
                    shopper_token: ShopperToken::parse(&token).map_err(corrupt("shopper token"))?,
                    spec,
                    created_at,
                    events,
                    state,
                    engagement: Engagement { page_views, seconds_on_page },
                }))
            }

            async fn lane_of(&self, shipment: ShipmentId) -> Result<Option<LaneFacts>, StorageError> {
                let row: Option<(String, f64, String, f64, String, Option<String>)> = sqlx::query_as(
                    "SELECT origin_country, origin_lon, destination_country, destination_lon, service, \
                            (SELECT l.carrier FROM shipment_legs l WHERE l.shipment_id = s.id ORDER BY l.seq LIMIT 1) \
                     FROM shipments s WHERE s.id = $1",
                )
                .bind(shipment.0)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|(origin, origin_lon, destination, destination_lon, service, carrier)| {
                    Ok(LaneFacts {
                        origin: origin.try_into().map_err(corrupt("origin country"))?,
                        origin_lon,
                        destination: destination.try_into().map_err(corrupt("destination country"))?,
                        destination_lon,
                        service: service.parse().map_err(corrupt("service"))?,
                        carrier,
                    })
                })
                .transpose()
            }

            async fn shipment_state(&self, shipment: ShipmentId) -> Result<ShipmentState, StorageError> {
                let events = Self::foldable_events(&self.pool, shipment).await?;
                Ok(fold(events.iter().map(|e| &e.event)))
            }

            async fn lane_history(
                &self,
                origin: &str,
                destination: &str,
                since: DateTime<Utc>,
                limit: i64,
            ) -> Result<Vec<HistoryJourney>, StorageError> {
                let rows: Vec<(i64, String, Option<String>, String, DateTime<Utc>)> = sqlx::query_as(
                    "SELECT s.id, s.service, \
                            (SELECT l.carrier FROM shipment_legs l WHERE l.shipment_id = s.id ORDER BY l.seq LIMIT 1), \
                            sm.milestone, sm.reached_at \
                     FROM (SELECT id, service FROM shipments WHERE origin_country = $1 AND destination_country = $2 \
                             AND status = 'delivered' AND last_event_at >= $3 ORDER BY last_event_at DESC LIMIT $4) s \
                     JOIN shipment_milestones sm ON sm.shipment_id = s.id ORDER BY s.id",
                )
                .bind(origin)
                .bind(destination)
                .bind(since)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let mut journeys: Vec<(i64, HistoryJourney)> = Vec::new();
                for (id, service, carrier, code, reached_at) in rows {
                    if journeys.last().is_none_or(|(last, _)| *last != id) {
                        journeys.push((id, HistoryJourney { carrier, service, milestones: Vec::new() }));
                    }
                    let (_, journey) = journeys.last_mut().expect("just pushed");
                    journey.milestones.push((milestone(&code)?, reached_at));
                }
                Ok(journeys.into_iter().map(|(_, journey)| journey).collect())
            }

            async fn live_updates_after(
                &self,
                shipment: ShipmentId,
                after: i64,
                limit: i64,
            ) -> Result<Vec<LiveUpdate>, StorageError> {
                let rows: Vec<LiveRow> = sqlx::query_as(LIVE_UPDATES_AFTER)
                .bind(shipment.0)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(live_update).collect()
            }

            async fn tokens_by_number(
                &self,
                number: &str,
            ) -> Result<Vec<(ShopperToken, Option<String>)>, StorageError> {
                let rows: Vec<(String, Option<String>)> = sqlx::query_as(
                    "SELECT shopper_token, destination_postal_code FROM shipments WHERE tracking_number = $1 \
                     UNION SELECT s.shopper_token, s.destination_postal_code FROM shipments s \
                       JOIN shipment_legs l ON l.shipment_id = s.id WHERE l.carrier_tracking_number = $1",
                )
                .bind(number)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(token, postal)| {
                        let token = ShopperToken::parse(&token).map_err(|e| StorageError::Corrupt(e.to_string()))?;
                        Ok((token, postal))
                    })
                    .collect()
            }

            async fn record_time_on_page(
                &self,
                token: &ShopperToken,
                view: i64,
                seconds: i64,
            ) -> Result<bool, StorageError> {
                let updated = sqlx::query(
                    "UPDATE journey_views SET seconds_visible = CASE WHEN seconds_visible < $3 THEN $3 \
                        ELSE seconds_visible END \
                     WHERE id = $2 AND shipment_id = (SELECT id FROM shipments WHERE shopper_token = $1)",
                )
                .bind(token.as_str())
                .bind(view)
                .bind(seconds.clamp(0, 86_400) as i32)
                .execute(&self.pool)
                .await?;
                Ok(updated.rows_affected() == 1)
            }

            async fn add_simulated_journey(&self, j: &SimulatedJourney) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO simulated_journeys \
                        (shipment_id, lane, option_index, seed, ordered_at, wall_anchor, acceleration) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(j.shipment.0)
                .bind(&j.lane)
                .bind(j.option_index)
                // Stored bit for bit: the seed's full 64 bits in a signed column.
                .bind(j.seed as i64)
                .bind(j.ordered_at)
                .bind(j.wall_anchor)
                .bind(j.acceleration)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn running_simulated_journeys(&self) -> Result<Vec<SimulatedJourney>, StorageError> {
                let rows: Vec<(i64, String, i32, i64, DateTime<Utc>, DateTime<Utc>, f64)> = sqlx::query_as(
                    "SELECT shipment_id, lane, option_index, seed, ordered_at, wall_anchor, acceleration \
                     FROM simulated_journeys WHERE NOT finished ORDER BY shipment_id",
                )
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(shipment, lane, option_index, seed, ordered_at, wall_anchor, acceleration)| SimulatedJourney {
                        shipment: ShipmentId(shipment),
                        lane,
                        option_index,
                        seed: seed as u64,
                        ordered_at,
                        wall_anchor,
                        acceleration,
                    })
                    .collect())
            }

            async fn finish_simulated_journey(&self, shipment: ShipmentId) -> Result<(), StorageError> {
                sqlx::query("UPDATE simulated_journeys SET finished = TRUE WHERE shipment_id = $1")
                    .bind(shipment.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_webhook_secret(
                &self,
                merchant: MerchantId,
                source: EventSource,
                secret: &str,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO webhook_secrets (merchant_id, source, secret, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (merchant_id, source) DO UPDATE SET secret = excluded.secret, \
                        created_at = excluded.created_at",
                )
                .bind(merchant.0)
                .bind(source.code())
                .bind(secret)
                .bind(Utc::now())
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn webhook_secret(
                &self,
                merchant: MerchantId,
                source: EventSource,
            ) -> Result<Option<String>, StorageError> {
                Ok(sqlx::query_scalar("SELECT secret FROM webhook_secrets WHERE merchant_id = $1 AND source = $2")
                    .bind(merchant.0)
                    .bind(source.code())
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn add_dead_letter(
                &self,
                merchant: MerchantId,
                source: EventSource,
                field: &str,
                reason: &str,
                payload: &str,
            ) -> Result<i64, StorageError> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO dead_letters (merchant_id, source, field, reason, payload, received_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(merchant.0)
                .bind(source.code())
                .bind(field)
                .bind(reason)
                .bind(payload)
                .bind(Utc::now())
                .fetch_one(&self.pool)
                .await?)
            }

            async fn dead_letters(
                &self,
                merchant: MerchantId,
                before: Option<i64>,
                limit: i64,
            ) -> Result<Vec<DeadLetter>, StorageError> {
                let rows: Vec<(i64, String, String, String, String, DateTime<Utc>)> = sqlx::query_as(
                    "SELECT id, source, field, reason, payload, received_at FROM dead_letters \
                     WHERE merchant_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
                )
                .bind(merchant.0)
                .bind(before.unwrap_or(i64::MAX))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, source, field, reason, payload, received_at)| DeadLetter {
                        id,
                        source,
                        field,
                        reason,
                        payload,
                        received_at,
                    })
                    .collect())
            }
        }
    };
}

impl_sql_store!(Sqlite);
impl_sql_store!(Postgres);
