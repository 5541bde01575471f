//! What storage keeps of merchants: their shops, API keys (hashes only), webhook secrets and
//! the payloads that could not be parsed (dead letters).

use super::{MerchantId, StorageError};
use app::domain::event::EventSource;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// What storage keeps of an API key: never the key itself.
#[derive(Debug, Clone)]
pub struct StoredApiKey {
    pub merchant: MerchantId,
    pub key_hash: String,
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

#[async_trait::async_trait]
pub trait MerchantStore: Send + Sync {
    /// Creates the merchant if the slug is new; returns its id either way. A merchant whose name
    /// is still its slug takes the name given.
    async fn ensure_merchant(&self, slug: &str, name: &str) -> Result<MerchantId, StorageError>;

    async fn merchant_by_slug(&self, slug: &str) -> Result<Option<MerchantId>, StorageError>;

    async fn insert_api_key(&self, merchant: MerchantId, prefix: &str, key_hash: &str) -> Result<(), StorageError>;

    /// The live (unrevoked) key with this prefix.
    async fn api_key_by_prefix(&self, prefix: &str) -> Result<Option<StoredApiKey>, StorageError>;

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
