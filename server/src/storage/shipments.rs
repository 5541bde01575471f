//! What storage keeps of shipments: the merchant's spec with the identifiers Trekpost issues,
//! the shopper behind it and its legs, read back by number, token or carrier number.

use super::{MerchantId, ShipmentId, StorageError, StoredEvent};
use app::domain::shipment::ShipmentSpec;
use app::domain::{ShipmentState, ShopperToken, TrackingNumber};
use chrono::{DateTime, Utc};
use serde::Serialize;

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

    /// As [`issue`](Self::issue), for the demo shop: the link follows from the number
    /// ([`crate::ids::demo_shopper_token`]), so the landing page can list it.
    pub fn issue_demo(spec: ShipmentSpec) -> Self {
        let shipment = Self::issue(spec);
        Self { shopper_token: crate::ids::demo_shopper_token(&shipment.tracking_number), ..shipment }
    }
}

/// A shipment as its merchant reads it back.
#[derive(Debug, Clone)]
pub struct ShipmentRecord {
    pub id: ShipmentId,
    pub tracking_number: TrackingNumber,
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

#[async_trait::async_trait]
pub trait ShipmentStore: Send + Sync {
    async fn shipment_count(&self) -> Result<i64, StorageError>;

    /// The database answers: one round trip that reads no table (the health check's).
    async fn ping(&self) -> Result<(), StorageError>;

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

    /// The shipments a number names, with their destination postal codes: a Trekpost
    /// tracking number, or any leg's carrier number (of any merchant).
    async fn shipments_by_number(&self, number: &str) -> Result<Vec<(ShipmentId, Option<String>)>, StorageError>;

    /// Another link to the shipment's journey (a /track lookup's, a resent one), stored by
    /// its hash; with an end, the hourly sweep deletes it after.
    async fn add_journey_token(
        &self,
        shipment: ShipmentId,
        token: &ShopperToken,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<(), StorageError>;

    /// Deletes the journey links whose end is before `now`; how many.
    async fn delete_journey_tokens_expired_before(&self, now: DateTime<Utc>) -> Result<u64, StorageError>;

    async fn shipment_record(
        &self,
        merchant: MerchantId,
        tracking_number: &TrackingNumber,
    ) -> Result<Option<ShipmentRecord>, StorageError>;

    /// The merchant's shipments that `query` names, newest first, at most `limit`: by Trekpost
    /// tracking number, any leg's carrier number, order reference or shopper email (exactly,
    /// ignoring case where the value does).
    async fn find_shipments(
        &self,
        merchant: MerchantId,
        query: &str,
        limit: i64,
    ) -> Result<Vec<ShipmentListing>, StorageError>;

    /// The merchant's shipments not yet delivered nor returned, oldest first, at most `limit`.
    async fn shipments_under_way(&self, merchant: MerchantId, limit: i64)
        -> Result<Vec<ShipmentListing>, StorageError>;
}

/// A shipment as the console lists it before opening it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShipmentListing {
    pub id: ShipmentId,
    pub tracking_number: String,
    pub order_ref: Option<String>,
}
