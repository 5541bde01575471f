//! What the journey page, its forecast and the landing page read: a shipment as its shopper
//! sees it, the demo journeys under way, page views and time on page, and lane history.

use super::{MerchantId, ShipmentId, StorageError};
use app::domain::eta::HistoryJourney;
use app::domain::shipment::ServiceLevel;
use app::domain::values::CountryCode;
use app::domain::ShopperToken;
use app::model::journey::{JourneySummary, JourneyView};
use chrono::{DateTime, Utc};

/// A shipment's lane: its merchant (history is never shared between shops), its countries,
/// where they lie, its service and first carrier.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneFacts {
    pub merchant: MerchantId,
    pub origin: CountryCode,
    pub origin_lon: f64,
    pub destination: CountryCode,
    pub destination_lon: f64,
    pub service: ServiceLevel,
    pub carrier: Option<String>,
}

#[async_trait::async_trait]
pub trait JourneyStore: Send + Sync {
    /// The journey behind a shopper's token, as its page shows it (without the forecast).
    async fn journey_by_token(&self, token: &ShopperToken) -> Result<Option<JourneyView>, StorageError>;

    /// The journey of a shipment the caller already holds (a share link's).
    async fn journey_of(&self, shipment: ShipmentId) -> Result<Option<JourneyView>, StorageError>;

    /// The demo shop's journeys under way, the one with the latest news first.
    async fn demo_journeys(&self) -> Result<Vec<JourneySummary>, StorageError>;

    /// Counts one opening of the journey page; returns the view's id (for its time on page).
    async fn record_view(&self, token: &ShopperToken) -> Result<Option<i64>, StorageError>;

    /// Adds to a page view's time in view (it only grows; at most a day). False if the view is
    /// not one of this journey's.
    async fn record_time_on_page(&self, token: &ShopperToken, view: i64, seconds: i64) -> Result<bool, StorageError>;

    /// Writes page views a shipment's shopper made in the past, each with its time in view, in
    /// one transaction (the demo's history: what its shoppers would have done).
    async fn record_past_views(&self, shipment: ShipmentId, views: &[(DateTime<Utc>, i64)])
        -> Result<(), StorageError>;

    /// Folds page views opened before `before` into per-shipment daily totals (the seller's
    /// numbers stay the same); how many views were folded.
    async fn fold_page_views_before(&self, before: DateTime<Utc>) -> Result<u64, StorageError>;

    /// What the delivery window needs to know about the shipment's lane.
    async fn lane_of(&self, shipment: ShipmentId) -> Result<Option<LaneFacts>, StorageError>;

    /// The same, for the shipment behind a shopper's token (the journey page's one lookup).
    async fn lane_of_token(&self, token: &ShopperToken) -> Result<Option<LaneFacts>, StorageError>;

    /// The merchant's delivered journeys from `origin` to `destination` (ISO countries) whose
    /// last event is after `since`, newest first, at most `limit`: the history a delivery
    /// window rests on. Another shop's parcels never shape this one's estimates.
    async fn lane_history(
        &self,
        merchant: MerchantId,
        origin: &str,
        destination: &str,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<HistoryJourney>, StorageError>;
}
