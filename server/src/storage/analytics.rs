//! What the seller's measures are counted from: per-shipment facts (kept by the fold, see
//! `sql::analytics::store_facts`), WISMO contacts and delivery disputes from the journey page
//! or a helpdesk, and the weekly counts behind the WISMO dashboard.

use super::{MerchantId, ShipmentId, StorageError};
use app::domain::engagement::Engagement;
use app::domain::feedback::{LaneRatings, RatingWeek, ShopperComment};
use app::domain::performance::{CountryCustoms, LanePerformance, ProblemCount};
use app::domain::wismo::{Channel, ContactCategory, DisputeReason, LaneCode, Measure, Week, WeekFigures};
use app::domain::Milestone;
use chrono::{DateTime, Utc};

/// A contact to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewContact {
    pub merchant: MerchantId,
    pub shipment: Option<ShipmentId>,
    pub order_ref: Option<String>,
    pub channel: Channel,
    pub category: ContactCategory,
    /// The furthest milestone and the silence the shopper saw when asking (journey page only).
    pub stage: Option<Milestone>,
    pub silence_seconds: Option<i64>,
    pub at: DateTime<Utc>,
    pub external_id: Option<String>,
}

/// A dispute to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDispute {
    pub merchant: MerchantId,
    pub shipment: Option<ShipmentId>,
    pub order_ref: Option<String>,
    pub channel: Channel,
    pub reason: DisputeReason,
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
    pub external_id: Option<String>,
}

/// Which shipments a measure looks at: weeks `from..=to`, and optionally one lane, carrier or
/// service.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureScope {
    pub merchant: MerchantId,
    pub from: Week,
    pub to: Week,
    pub lane: Option<LaneCode>,
    pub carrier: Option<String>,
    pub service: Option<String>,
}

/// An order behind a measure's week, as the drill-down lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBehind {
    pub tracking_number: String,
    pub order_ref: Option<String>,
    pub lane: LaneCode,
    pub carrier: String,
    pub service: String,
    pub ordered_at: DateTime<Utc>,
    /// The hours the measure counts (first scan, longest silence, customs dwell).
    pub hours: Option<i64>,
    /// What the contact or dispute was about.
    pub about: Option<String>,
}

/// Customs dwell on one lane over a scope's weeks.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneDwell {
    pub lane: LaneCode,
    pub cleared: i64,
    pub p50_hours: i64,
    pub p90_hours: i64,
}

/// The journey page's contacts at one stage over a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct StageContacts {
    pub stage: Milestone,
    pub contacts: i64,
    pub silence_p50_hours: i64,
}

/// The lanes, carriers and services a merchant's shipments have, for the filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScopeOptions {
    pub lanes: Vec<LaneCode>,
    pub carriers: Vec<String>,
    pub services: Vec<String>,
}

#[async_trait::async_trait]
pub trait AnalyticsStore: Send + Sync {
    /// Records a contact; `None` when a helpdesk sent this contact (its external id) before.
    async fn record_contact(&self, contact: &NewContact) -> Result<Option<i64>, StorageError>;

    /// Marks a journey page contact as passed on to the shop; false when it is not that
    /// shipment's.
    async fn escalate_contact(&self, shipment: ShipmentId, contact: i64) -> Result<bool, StorageError>;

    /// Records a dispute; `None` when the journey already has one, or the helpdesk sent it before.
    async fn file_dispute(&self, dispute: &NewDispute) -> Result<Option<i64>, StorageError>;

    /// The journey page's dispute on the shipment, if any: its reason.
    async fn journey_dispute(&self, shipment: ShipmentId) -> Result<Option<DisputeReason>, StorageError>;

    /// The merchant a shipment belongs to and its order reference.
    async fn shipment_owner(&self, shipment: ShipmentId) -> Result<Option<(MerchantId, Option<String>)>, StorageError>;

    /// The shipment a helpdesk's order reference names (the newest, if several do).
    async fn shipment_by_order_ref(
        &self,
        merchant: MerchantId,
        order_ref: &str,
    ) -> Result<Option<ShipmentId>, StorageError>;

    /// One entry per week of the scope, oldest first, weeks without orders included.
    async fn week_figures(&self, scope: &MeasureScope, now: DateTime<Utc>) -> Result<Vec<WeekFigures>, StorageError>;

    /// Customs dwell per lane over the scope, longest median first.
    async fn customs_dwell_by_lane(&self, scope: &MeasureScope) -> Result<Vec<LaneDwell>, StorageError>;

    /// Where in the journey the journey page's contacts of the scope were made, in journey order.
    async fn contacts_by_stage(&self, scope: &MeasureScope) -> Result<Vec<StageContacts>, StorageError>;

    /// The orders behind a measure over the scope's weeks, worst first, at most `limit`.
    async fn orders_behind(
        &self,
        scope: &MeasureScope,
        measure: Measure,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OrderBehind>, StorageError>;

    /// The filters' choices among the merchant's shipments ordered in the scope's weeks.
    async fn scope_options(&self, scope: &MeasureScope) -> Result<ScopeOptions, StorageError>;

    /// Whether the delivered shipment kept the window shown at departure, once recorded.
    async fn delivered_on_time(&self, shipment: ShipmentId) -> Result<Option<bool>, StorageError>;

    /// Records whether the delivered shipment kept its window (the fold leaves it alone).
    async fn record_delivered_on_time(&self, shipment: ShipmentId, on_time: bool) -> Result<(), StorageError>;

    /// Transit, punctuality, first attempts and problems per lane and carrier over the orders
    /// placed in the scope, worst first.
    async fn lane_performance(&self, scope: &MeasureScope) -> Result<Vec<LanePerformance>, StorageError>;

    /// The orders of the scope per cause of their first problem, most first.
    async fn problems_by_cause(&self, scope: &MeasureScope) -> Result<Vec<ProblemCount>, StorageError>;

    /// Customs holds and dwell per destination country over the scope, worst first.
    async fn customs_by_country(&self, scope: &MeasureScope) -> Result<Vec<CountryCustoms>, StorageError>;

    /// Ratings per week of delivery over the scope, oldest first, weeks without ratings included.
    async fn rating_weeks(&self, scope: &MeasureScope) -> Result<Vec<RatingWeek>, StorageError>;

    /// Ratings per lane and carrier over the orders delivered in the scope, worst first.
    async fn ratings_by_lane(&self, scope: &MeasureScope) -> Result<Vec<LaneRatings>, StorageError>;

    /// The shoppers' comments of the scope: ratings' (in their delivery's week) and disputes'
    /// (in their filing's), about known journeys, newest first, at most `limit`.
    async fn comments(&self, scope: &MeasureScope, limit: i64) -> Result<Vec<ShopperComment>, StorageError>;

    /// How the shoppers of the orders placed in the scope used their journey pages.
    async fn engagement(&self, scope: &MeasureScope) -> Result<Engagement, StorageError>;

    /// Derives the facts of shipments that have none or an older version of them (stored
    /// before facts were kept, or before they counted as much), at most `limit` of them;
    /// returns how many.
    async fn backfill_facts(&self, limit: i64) -> Result<u64, StorageError>;
}
