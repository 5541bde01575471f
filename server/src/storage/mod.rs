//! Storage: one trait, one SQL implementation compiled for SQLite (the embedded default) and
//! PostgreSQL (the store for scale). Migrations live in `migrations/{sqlite,postgres}`.

mod sql;

use app::domain::{GeoPoint, Milestone, ShopperToken, TrackingNumber};
use app::journey::model::{Place, PositionFix};
use app::ports::JourneyRepository;
use chrono::{DateTime, Utc};
use std::sync::Arc;

pub use sql::{connect, DEMO_MERCHANT_SLUG};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MerchantId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShipmentId(pub i64);

/// A shipment as a merchant creates it.
#[derive(Debug, Clone)]
pub struct NewShipment {
    pub tracking_number: TrackingNumber,
    pub shopper_token: ShopperToken,
    pub origin: Place,
    pub destination: Place,
}

impl NewShipment {
    /// A shipment between two places with a fresh tracking number and shopper token.
    pub fn fresh(origin: Place, destination: Place) -> Self {
        Self {
            tracking_number: crate::ids::new_tracking_number(),
            shopper_token: crate::ids::new_shopper_token(),
            origin,
            destination,
        }
    }
}

/// What storage keeps of an API key: never the key itself.
#[derive(Debug, Clone)]
pub struct StoredApiKey {
    pub merchant: MerchantId,
    pub key_hash: String,
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
}

#[async_trait::async_trait]
pub trait Storage: JourneyRepository {
    async fn shipment_count(&self) -> Result<i64, StorageError>;

    /// Creates the merchant if the slug is new; returns its id either way.
    async fn ensure_merchant(&self, slug: &str, name: &str) -> Result<MerchantId, StorageError>;

    async fn insert_api_key(&self, merchant: MerchantId, prefix: &str, key_hash: &str) -> Result<(), StorageError>;

    /// The live (unrevoked) key with this prefix.
    async fn api_key_by_prefix(&self, prefix: &str) -> Result<Option<StoredApiKey>, StorageError>;

    async fn create_shipment(&self, merchant: MerchantId, shipment: &NewShipment) -> Result<ShipmentId, StorageError>;

    /// Idempotent: a milestone already reached keeps its first time.
    async fn record_milestone(
        &self,
        shipment: ShipmentId,
        milestone: Milestone,
        reached_at: DateTime<Utc>,
    ) -> Result<(), StorageError>;

    async fn shipment_of_merchant(
        &self,
        merchant: MerchantId,
        tracking_number: &TrackingNumber,
    ) -> Result<Option<ShipmentId>, StorageError>;

    async fn shipment_by_token(&self, token: &ShopperToken) -> Result<Option<ShipmentId>, StorageError>;

    /// Commits the position and returns it with its id (the live stream's event id).
    async fn record_position(
        &self,
        shipment: ShipmentId,
        point: GeoPoint,
        recorded_at: DateTime<Utc>,
    ) -> Result<PositionFix, StorageError>;

    /// Positions with an id above `after`, oldest first, at most `limit`.
    async fn positions_after(
        &self,
        shipment: ShipmentId,
        after: i64,
        limit: i64,
    ) -> Result<Vec<PositionFix>, StorageError>;
}

pub type SharedStorage = Arc<dyn Storage>;
