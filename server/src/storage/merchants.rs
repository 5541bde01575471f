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
    /// When it last authenticated a request (to the minute), to tell whether to record again.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// What a merchant sees of one of its keys: never the key, nor its hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiKeyInfo {
    /// The key's public part (`tpk_<prefix>_…`): how the seller names it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    /// The last request it authenticated, to the minute.
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A payload that could not be parsed, kept for the seller to see and resend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadLetter {
    pub id: i64,
    pub source: String,
    /// The request path it was sent to (`None` for letters kept before this was recorded).
    pub endpoint: Option<String>,
    pub field: String,
    pub reason: String,
    pub payload: String,
    pub received_at: DateTime<Utc>,
    /// When a replay took it in.
    pub replayed_at: Option<DateTime<Utc>>,
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

    /// The merchant's keys, live and revoked, newest first.
    async fn api_keys(&self, merchant: MerchantId) -> Result<Vec<ApiKeyInfo>, StorageError>;

    /// Revokes the merchant's live key with this prefix; `false` if it has none such.
    async fn revoke_api_key(&self, merchant: MerchantId, prefix: &str) -> Result<bool, StorageError>;

    /// In one transaction: revokes the merchant's live key `old_prefix` and stores the new one;
    /// `false` (and nothing stored) if there is no such live key.
    async fn rotate_api_key(
        &self,
        merchant: MerchantId,
        old_prefix: &str,
        new_prefix: &str,
        new_hash: &str,
    ) -> Result<bool, StorageError>;

    /// Records that the key authenticated a request at `at` (the caller writes only when the
    /// stored time is a minute older, so busy keys do not turn every request into a write).
    async fn record_api_key_use(&self, prefix: &str, at: DateTime<Utc>) -> Result<(), StorageError>;

    async fn set_webhook_secret(
        &self,
        merchant: MerchantId,
        source: EventSource,
        secret: &str,
    ) -> Result<(), StorageError>;

    async fn webhook_secret(&self, merchant: MerchantId, source: EventSource) -> Result<Option<String>, StorageError>;

    /// When each of the merchant's webhook secrets was last set, by source code (never the secret).
    async fn webhook_secrets_set(&self, merchant: MerchantId) -> Result<Vec<(String, DateTime<Utc>)>, StorageError>;

    async fn add_dead_letter(
        &self,
        merchant: MerchantId,
        source: EventSource,
        endpoint: &str,
        field: &str,
        reason: &str,
        payload: &str,
    ) -> Result<i64, StorageError>;

    /// Deletes every merchant's dead letters received before `before`; how many went.
    async fn delete_dead_letters_before(&self, before: DateTime<Utc>) -> Result<u64, StorageError>;

    /// The merchant's dead letter `id`.
    async fn dead_letter(&self, merchant: MerchantId, id: i64) -> Result<Option<DeadLetter>, StorageError>;

    /// Marks the merchant's dead letter replayed; false if it is not theirs or was already.
    async fn mark_dead_letter_replayed(
        &self,
        merchant: MerchantId,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, StorageError>;

    /// The merchant's dead letters, newest first, with ids below `before` (all when `None`).
    async fn dead_letters(
        &self,
        merchant: MerchantId,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<DeadLetter>, StorageError>;
}
