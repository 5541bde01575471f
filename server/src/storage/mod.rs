//! Storage: one trait, one SQL implementation compiled for SQLite (the embedded default) and
//! PostgreSQL (the store for scale). Migrations live in `migrations/{sqlite,postgres}`.

pub mod rewards;
pub mod share;
mod sql;

use app::domain::eta::HistoryJourney;
use app::domain::event::{EventSource, TrackingEvent};
use app::domain::shipment::{ServiceLevel, ShipmentSpec};
use app::domain::values::CountryCode;
use app::domain::{ShipmentState, ShopperToken, TrackingNumber};
use app::model::journey::LiveUpdate;
use app::ports::{JourneyRepository, RepositoryError};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use rewards::{RewardContext, RewardStore, ShopperId};
pub use share::{ShareStore, StoredShareLink};
pub use sql::{connect, DEMO_MERCHANT_SLUG};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MerchantId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShipmentId(pub i64);

/// A shipment about to be stored: the merchant's spec plus the identifiers Trekpost issues.
#[derive(Debug, Clone)]
pub struct NewShipment {
    pub tracking_number: TrackingNumber,
    pub shopper_token: ShopperToken,
    pub spec: ShipmentSpec,
}

impl NewShipment {
    /// Keeps the merchant's tracking number if they chose one, otherwise issues one; the
    /// shopper token is always fresh.
    pub fn issue(spec: ShipmentSpec) -> Self {
        Self {
            tracking_number: spec.tracking_number.clone().unwrap_or_else(crate::ids::new_tracking_number),
            shopper_token: crate::ids::new_shopper_token(),
            spec,
        }
    }
}

/// What storage keeps of an API key: never the key itself.
#[derive(Debug, Clone)]
pub struct StoredApiKey {
    pub merchant: MerchantId,
    pub key_hash: String,
}

/// One event for one shipment, as part of an [`AppendRequest`].
#[derive(Debug, Clone)]
pub struct EventToAppend {
    pub shipment: ShipmentId,
    pub event: TrackingEvent,
}

/// Events committed together: all or none.
#[derive(Debug, Clone, Copy)]
pub struct AppendRequest<'a> {
    pub merchant: MerchantId,
    /// A webhook delivery's id: recorded in the same transaction, so a redelivery after a
    /// crash is processed again and a redelivery after success is not.
    pub delivery: Option<(EventSource, &'a str)>,
    pub events: &'a [EventToAppend],
}

#[derive(Debug, Clone, PartialEq)]
pub enum AppendReport {
    /// This webhook delivery was processed before; nothing was written.
    DeliverySeenBefore,
    Appended {
        /// Per event, in request order: the new row id, or `None` for a duplicate.
        ids: Vec<Option<i64>>,
        /// The state of every shipment touched, after the append.
        states: BTreeMap<ShipmentId, ShipmentState>,
    },
}

/// A shipment's lane: its countries, where they lie, its service and first carrier.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneFacts {
    pub origin: CountryCode,
    pub origin_lon: f64,
    pub destination: CountryCode,
    pub destination_lon: f64,
    pub service: ServiceLevel,
    pub carrier: Option<String>,
}

/// A stored event with its row id (the live stream's event id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    pub id: i64,
    #[serde(flatten)]
    pub event: TrackingEvent,
    pub received_at: DateTime<Utc>,
}

/// A shipment as its merchant reads it back.
#[derive(Debug, Clone)]
pub struct ShipmentRecord {
    pub id: ShipmentId,
    pub tracking_number: TrackingNumber,
    pub shopper_token: ShopperToken,
    pub spec: ShipmentSpec,
    pub created_at: DateTime<Utc>,
    /// Every distinct event, in journey order (by when it happened).
    pub events: Vec<StoredEvent>,
    pub state: ShipmentState,
    pub engagement: Engagement,
}

/// How much the shopper looked at the journey page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Engagement {
    pub page_views: i64,
    pub seconds_on_page: i64,
}

/// A payload that could not be parsed, kept for the seller to see and resend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadLetter {
    pub id: i64,
    pub source: String,
    pub field: String,
    pub reason: String,
    pub payload: String,
    pub received_at: DateTime<Utc>,
}

/// A journey the simulator is playing forward: enough to replan it after a restart.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedJourney {
    pub shipment: ShipmentId,
    pub lane: String,
    pub option_index: i32,
    pub seed: u64,
    /// Simulated time of the order, played at real time `wall_anchor`...
    pub ordered_at: DateTime<Utc>,
    pub wall_anchor: DateTime<Utc>,
    /// ...and this many times faster than real time from there (1 = real time).
    pub acceleration: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL {0:?}: use sqlite://… or postgres://…")]
    UnsupportedUrl(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// The write would break a uniqueness rule the caller can fix (e.g. a carrier tracking
    /// number already on another shipment).
    #[error("{field}: {reason}")]
    Conflict { field: String, reason: String },
}

/// What the app's ports see of a storage failure: its cause, kept.
impl From<StorageError> for RepositoryError {
    fn from(error: StorageError) -> Self {
        RepositoryError(Box::new(error))
    }
}

#[async_trait::async_trait]
pub trait Storage: JourneyRepository + RewardStore + ShareStore {
    async fn shipment_count(&self) -> Result<i64, StorageError>;

    /// Creates the merchant if the slug is new; returns its id either way. A merchant whose name
    /// is still its slug takes the name given.
    async fn ensure_merchant(&self, slug: &str, name: &str) -> Result<MerchantId, StorageError>;

    async fn merchant_by_slug(&self, slug: &str) -> Result<Option<MerchantId>, StorageError>;

    async fn insert_api_key(&self, merchant: MerchantId, prefix: &str, key_hash: &str) -> Result<(), StorageError>;

    /// The live (unrevoked) key with this prefix.
    async fn api_key_by_prefix(&self, prefix: &str) -> Result<Option<StoredApiKey>, StorageError>;

    /// The shipment, its shopper and its legs, in one transaction. A tracking number or carrier
    /// number already in use is a [`StorageError::Conflict`] naming the field.
    async fn create_shipment(&self, merchant: MerchantId, shipment: &NewShipment) -> Result<ShipmentId, StorageError>;

    /// Several shipments in one transaction: all or none (bulk imports and simulated history).
    async fn create_shipments(
        &self,
        merchant: MerchantId,
        shipments: &[NewShipment],
    ) -> Result<Vec<ShipmentId>, StorageError>;

    async fn shipment_of_merchant(
        &self,
        merchant: MerchantId,
        tracking_number: &TrackingNumber,
    ) -> Result<Option<ShipmentId>, StorageError>;

    /// The merchant's shipment with a leg under this carrier tracking number.
    async fn shipment_by_carrier_number(
        &self,
        merchant: MerchantId,
        carrier_number: &str,
    ) -> Result<Option<ShipmentId>, StorageError>;

    async fn shipment_by_token(&self, token: &ShopperToken) -> Result<Option<ShipmentId>, StorageError>;

    /// The shopper tokens and destination postal codes of the shipments a number names: a
    /// Trekpost tracking number, or any leg's carrier number (of any merchant).
    async fn tokens_by_number(&self, number: &str) -> Result<Vec<(ShopperToken, Option<String>)>, StorageError>;

    /// Commits the events (duplicates skipped) and refolds each touched shipment's state, in one
    /// transaction: when this returns, everything is durable.
    async fn append_events(&self, request: AppendRequest<'_>) -> Result<AppendReport, StorageError>;

    async fn shipment_record(
        &self,
        merchant: MerchantId,
        tracking_number: &TrackingNumber,
    ) -> Result<Option<ShipmentRecord>, StorageError>;

    /// What the live stream sends for events with an id above `after` (milestones and
    /// events with coordinates), oldest first, at most `limit`.
    /// What the delivery window needs to know about the shipment's lane.
    async fn lane_of(&self, shipment: ShipmentId) -> Result<Option<LaneFacts>, StorageError>;

    /// The shipment's state folded from its stored events.
    async fn shipment_state(&self, shipment: ShipmentId) -> Result<ShipmentState, StorageError>;

    /// Delivered journeys from `origin` to `destination` (ISO countries) whose last event is
    /// after `since`, newest first, at most `limit`: the history a delivery window rests on.
    async fn lane_history(
        &self,
        origin: &str,
        destination: &str,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<HistoryJourney>, StorageError>;

    async fn live_updates_after(
        &self,
        shipment: ShipmentId,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LiveUpdate>, StorageError>;

    /// Adds to a page view's time in view (it only grows; at most a day). False if the view is
    /// not one of this journey's.
    async fn record_time_on_page(&self, token: &ShopperToken, view: i64, seconds: i64) -> Result<bool, StorageError>;

    /// Records a journey the simulator plays forward.
    async fn add_simulated_journey(&self, journey: &SimulatedJourney) -> Result<(), StorageError>;

    /// The simulator's journeys not yet finished, to resume after a restart.
    async fn running_simulated_journeys(&self) -> Result<Vec<SimulatedJourney>, StorageError>;

    async fn finish_simulated_journey(&self, shipment: ShipmentId) -> Result<(), StorageError>;

    async fn set_webhook_secret(
        &self,
        merchant: MerchantId,
        source: EventSource,
        secret: &str,
    ) -> Result<(), StorageError>;

    async fn webhook_secret(&self, merchant: MerchantId, source: EventSource) -> Result<Option<String>, StorageError>;

    async fn add_dead_letter(
        &self,
        merchant: MerchantId,
        source: EventSource,
        field: &str,
        reason: &str,
        payload: &str,
    ) -> Result<i64, StorageError>;

    /// The merchant's dead letters, newest first, with ids below `before` (all when `None`).
    async fn dead_letters(
        &self,
        merchant: MerchantId,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<DeadLetter>, StorageError>;
}

pub type SharedStorage = Arc<dyn Storage>;
