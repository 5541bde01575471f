//! Storage: one trait per concern (shipments, events, journeys, merchants, the simulator,
//! rewards, sharing, console users, the seller's measures), [`Storage`] their sum, and one SQL implementation compiled for SQLite (the
//! embedded default) and PostgreSQL (the store for scale). Migrations live in
//! `migrations/{sqlite,postgres}`. Every method returns a [`StorageError`]; the app's ports see
//! it as a [`RepositoryError`].

pub mod analytics;
pub mod design;
pub mod events;
pub mod journeys;
pub mod merchants;
pub mod rewards;
pub mod sessions;
pub mod share;
pub mod shipments;
pub mod simulator;
mod sql;
pub mod users;

use app::ports::RepositoryError;
use std::sync::Arc;

pub use analytics::{
    AnalyticsStore, LaneDwell, MeasureScope, NewContact, NewDispute, OrderBehind, ScopeOptions, StageContacts,
};
pub use design::{DesignSave, DesignStore, DesignVersion};
pub use events::{AppendReport, AppendRequest, EventStore, EventToAppend, StoredEvent};
pub use journeys::{JourneyStore, LaneFacts};
pub use merchants::{ApiKeyInfo, DeadLetter, MerchantStore, StoredApiKey};
pub use rewards::{RewardContext, RewardStore, ShopperId};
pub use sessions::ConsoleSessionStore;
pub use share::{ShareStore, StoredShareLink};
pub use shipments::{Engagement, NewShipment, ShipmentListing, ShipmentRecord, ShipmentStore};
pub use simulator::{SimulatedJourney, SimulatorStore};
pub use sql::{connect, token_hash, DEMO_MERCHANT_SLUG};
pub use users::{SellerUser, UserId, UserStore};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MerchantId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShipmentId(pub i64);

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

/// What the app's ports report when storage fails.
impl From<StorageError> for RepositoryError {
    fn from(error: StorageError) -> Self {
        RepositoryError(Box::new(error))
    }
}

/// Everything storage does: callers hold a [`SharedStorage`] and call any concern's methods on
/// it.
pub trait Storage:
    ShipmentStore
    + EventStore
    + JourneyStore
    + MerchantStore
    + SimulatorStore
    + RewardStore
    + ShareStore
    + UserStore
    + DesignStore
    + AnalyticsStore
{
}

impl<T> Storage for T where
    T: ShipmentStore
        + EventStore
        + JourneyStore
        + MerchantStore
        + SimulatorStore
        + RewardStore
        + ShareStore
        + UserStore
        + DesignStore
        + AnalyticsStore
{
}

pub type SharedStorage = Arc<dyn Storage>;
