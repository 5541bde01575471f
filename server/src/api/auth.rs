//! Merchant API keys: `tpk_<prefix>_<secret>`. The prefix finds the key; only a SHA-256 of
//! the whole key is stored. Keys carry 256 random bits, so a fast hash is enough.

use crate::http::client::ClientAddr;
use crate::http::problem::Problem;
use crate::state::AppState;
use crate::storage::{MerchantId, Storage, StorageError};
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use axum::response::{IntoResponse, Response};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

const SCHEME: &str = "tpk";
const PREFIX_HEX_LEN: usize = 12;

/// A freshly made key: show `plaintext` once, store the rest.
pub struct IssuedKey {
    pub plaintext: String,
    pub prefix: String,
    pub hash: String,
}

impl IssuedKey {
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let mut prefix = [0u8; PREFIX_HEX_LEN / 2];
        let mut secret = [0u8; 32];
        rng.fill_bytes(&mut prefix);
        rng.fill_bytes(&mut secret);
        let prefix = hex::encode(prefix);
        let plaintext = format!("{SCHEME}_{prefix}_{}", URL_SAFE_NO_PAD.encode(secret));
        let hash = hash_key(&plaintext);
        Self { plaintext, prefix, hash }
    }
}

/// Issues a key for the merchant (created if new) and returns the plaintext to hand over.
pub async fn issue_key(
    storage: &dyn Storage,
    merchant_slug: &str,
    merchant_name: &str,
) -> Result<String, StorageError> {
    let merchant = storage.ensure_merchant(merchant_slug, merchant_name).await?;
    Ok(issue_key_for(storage, merchant).await?.plaintext)
}

/// Issues another key for an existing merchant.
pub async fn issue_key_for(storage: &dyn Storage, merchant: MerchantId) -> Result<IssuedKey, StorageError> {
    let key = IssuedKey::generate();
    storage.insert_api_key(merchant, &key.prefix, &key.hash).await?;
    Ok(key)
}

/// Replaces the merchant's live key `prefix` with a new one (the old one stops working at
/// once); `None` if the merchant has no such live key.
pub async fn rotate_key(
    storage: &dyn Storage,
    merchant: MerchantId,
    prefix: &str,
) -> Result<Option<IssuedKey>, StorageError> {
    let key = IssuedKey::generate();
    Ok(storage.rotate_api_key(merchant, prefix, &key.prefix, &key.hash).await?.then_some(key))
}

fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The prefix of a key that has the right shape.
fn key_prefix(key: &str) -> Option<&str> {
    let mut parts = key.splitn(3, '_');
    let (scheme, prefix, secret) = (parts.next()?, parts.next()?, parts.next()?);
    let well_formed = scheme == SCHEME
        && prefix.len() == PREFIX_HEX_LEN
        && prefix.bytes().all(|b| b.is_ascii_hexdigit())
        && !secret.is_empty();
    well_formed.then_some(prefix)
}

/// Compares without an early exit, so timing reveals nothing about the stored hash.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The merchant behind the request's `Authorization: Bearer <key>`, within its request budget.
///
/// Checked in this order, so that an answer never depends on someone else's traffic: a missing
/// or malformed key is a 401 that costs nothing; a well-formed key that does not verify costs
/// a read and takes from the client's (anonymous) budget; a verified key takes from its
/// merchant's budget, which nobody else's requests spend.
pub struct AuthenticatedMerchant(pub MerchantId);

impl FromRequestParts<AppState> for AuthenticatedMerchant {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ClientAddr(client) =
            ClientAddr::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let key = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                Problem::unauthorized("send the merchant API key as Authorization: Bearer tpk_…").into_response()
            })?;
        let invalid = || Problem::unauthorized("the API key is not valid").into_response();
        let prefix = key_prefix(key).ok_or_else(invalid)?;
        let stored = state.storage.api_key_by_prefix(prefix).await.map_err(|e| Problem::from(e).into_response())?;
        let Some(stored) =
            stored.filter(|stored| constant_time_eq(hash_key(key).as_bytes(), stored.key_hash.as_bytes()))
        else {
            state.rate_limiter.take(client).map_err(IntoResponse::into_response)?;
            return Err(invalid());
        };
        state.merchant_rate_limiter.take(stored.merchant).map_err(IntoResponse::into_response)?;
        // Bookkeeping, at most once a minute per key: a read decides, so a busy key does not
        // make every request a write (on SQLite, a wait for the one writer).
        let now = chrono::Utc::now();
        if stored.last_used_at.is_none_or(|last| now - last >= chrono::Duration::minutes(1)) {
            if let Err(error) = state.storage.record_api_key_use(prefix, now).await {
                tracing::warn!(error = %error, "API key use not recorded");
            }
        }
        Ok(Self(stored.merchant))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_well_formed_unique_and_hash_to_what_is_stored() {
        let a = IssuedKey::generate();
        let b = IssuedKey::generate();
        assert_ne!(a.plaintext, b.plaintext);
        assert_eq!(key_prefix(&a.plaintext), Some(a.prefix.as_str()));
        assert_eq!(hash_key(&a.plaintext), a.hash);
        assert!(!a.hash.contains(&a.plaintext));
    }

    #[test]
    fn malformed_keys_have_no_prefix() {
        assert_eq!(key_prefix("tpk_short_secret"), None);
        assert_eq!(key_prefix("xyz_0123456789ab_secret"), None);
        assert_eq!(key_prefix("tpk_0123456789ab_"), None);
        assert_eq!(key_prefix("tpk_0123456789zz_secret"), None);
        assert_eq!(key_prefix("tpk_0123456789ab_secret"), Some("0123456789ab"));
    }

    #[test]
    fn constant_time_eq_compares_contents_and_length() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
