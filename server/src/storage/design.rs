//! What shaping the shopper's page keeps: the live design (the merchant's name, colour, logo,
//! words and rules, where the pages read them), its saved versions, and uploaded logos.

use super::{MerchantId, StorageError};
use app::domain::design::{LogoDigest, LogoType, PageDesign};
use chrono::{DateTime, Utc};

/// One saved version, as the history lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignVersion {
    pub version: i64,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
}

/// What saving came to.
#[derive(Debug, Clone, PartialEq)]
pub enum DesignSave {
    Saved(i64),
    /// Someone saved since the editor opened `base`: their version, unchanged.
    Conflict(DesignVersion),
}

#[async_trait::async_trait]
pub trait DesignStore: Send + Sync {
    /// The live design and its version (0: never saved, the defaults).
    async fn current_design(&self, merchant: MerchantId) -> Result<(i64, PageDesign), StorageError>;

    /// The shop as its shoppers' pages show it.
    async fn shop_brand(&self, merchant: MerchantId) -> Result<app::model::journey::ShopBrand, StorageError>;

    /// Makes `design` the live one and keeps it as version `base + 1`, in one transaction;
    /// refused when the newest version is not `base`. Awards already granted are untouched.
    async fn save_design(
        &self,
        merchant: MerchantId,
        base: i64,
        design: &PageDesign,
        saved_by: &str,
        now: DateTime<Utc>,
    ) -> Result<DesignSave, StorageError>;

    /// Newest first.
    async fn design_versions(&self, merchant: MerchantId, limit: i64) -> Result<Vec<DesignVersion>, StorageError>;

    /// Keeps an uploaded logo (the same bytes twice are one logo).
    async fn store_logo(
        &self,
        merchant: MerchantId,
        digest: &LogoDigest,
        kind: LogoType,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<(), StorageError>;

    /// An uploaded logo of the merchant's: its type and bytes.
    async fn logo(
        &self,
        merchant: MerchantId,
        digest: &LogoDigest,
    ) -> Result<Option<(LogoType, Vec<u8>)>, StorageError>;
}
