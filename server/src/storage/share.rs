//! What sharing keeps: public links to a journey (revocable, expiring), with the shop's name
//! and colour their pages wear.

use super::{ShipmentId, StorageError};
use app::domain::share::ShareSlug;
use app::model::share::{BrandColour, ShareLink};
use chrono::{DateTime, Utc};

/// A stored link with what opening it needs: the journey behind it and its shop.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredShareLink {
    pub link: ShareLink,
    pub shipment: ShipmentId,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The card's language tag.
    pub locale: String,
    pub shop_name: String,
    pub brand_colour: Option<BrandColour>,
}

#[async_trait::async_trait]
pub trait ShareStore: Send + Sync {
    async fn create_share_link(&self, shipment: ShipmentId, link: &ShareLink, locale: &str)
        -> Result<(), StorageError>;

    /// The shipment's links that open at `now`, newest first.
    async fn open_share_links(&self, shipment: ShipmentId, now: DateTime<Utc>) -> Result<Vec<ShareLink>, StorageError>;

    /// Revokes the shipment's link; false when the shipment has no such open link.
    async fn revoke_share_link(
        &self,
        shipment: ShipmentId,
        slug: &ShareSlug,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError>;

    /// The link by its slug, open or not.
    async fn share_link(&self, slug: &ShareSlug) -> Result<Option<StoredShareLink>, StorageError>;

    /// Counts one opening of the link's shared page (the seller's share-page views).
    async fn count_share_view(&self, slug: &ShareSlug) -> Result<(), StorageError>;
}
