//! What the console's server functions get from the server: [`ConsoleServices`] over storage
//! and the forecasts. Every method starts from the signed-in user's merchant, so nothing
//! another shop owns can be read or changed through it.

use crate::api::auth::{issue_key_for, rotate_key, IssuedKey};
use crate::forecast::Forecasts;
use crate::storage::{MerchantId, SharedStorage, StorageError};
use app::console::SignedIn;
use app::domain::attention::{self, AttentionKind};
use app::model::console::{ApiKeyRow, AttentionItem, AttentionList, IssuedApiKey};
use app::ports::{ConsoleServices, RepositoryError};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// The most parcels under way one attention list looks at.
const MAX_CHECKED: i64 = 5_000;

pub struct ConsoleDesk {
    pub storage: SharedStorage,
    pub forecasts: Arc<Forecasts>,
}

fn merchant(who: &SignedIn) -> MerchantId {
    MerchantId(who.merchant_id)
}

fn issued(key: IssuedKey) -> IssuedApiKey {
    IssuedApiKey { key: key.plaintext, prefix: key.prefix }
}

/// When the oldest of the reasons began.
fn since(kinds: &[AttentionKind], item: &AttentionItem, now: DateTime<Utc>) -> DateTime<Utc> {
    kinds
        .iter()
        .filter_map(|kind| match kind {
            AttentionKind::CustomsAction | AttentionKind::FailedAttempt | AttentionKind::Exception => {
                item.problem.as_ref().map(|p| p.since)
            }
            AttentionKind::Silent => item.last_event_at,
            AttentionKind::EtaMissed => {
                item.promised_by.and_then(|d| d.succ_opt()).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc())
            }
        })
        .min()
        .unwrap_or(now)
}

impl ConsoleDesk {
    async fn attention_list(&self, merchant: MerchantId) -> Result<AttentionList, StorageError> {
        let now = Utc::now();
        let under_way = self.storage.shipments_under_way(merchant, MAX_CHECKED).await?;
        let mut items = Vec::new();
        for shipment in &under_way {
            let state = self.storage.shipment_state(shipment.id).await?;
            let Some(lane) = self.storage.lane_of(shipment.id).await? else { continue };
            let outlook = self.forecasts.lane_outlook(&lane, &state, now).await?;
            let kinds = attention::needs_attention(&state, &outlook, now);
            if kinds.is_empty() {
                continue;
            }
            let mut item = AttentionItem {
                shipment_id: shipment.id.0,
                tracking_number: shipment.tracking_number.clone(),
                order_ref: shipment.order_ref.clone(),
                kinds: Vec::new(),
                since: now,
                stage: state.milestones.keys().next_back().copied(),
                status: state.status,
                carrier: lane.carrier.clone(),
                origin: lane.origin.as_str().to_owned(),
                destination: lane.destination.as_str().to_owned(),
                problem: state.open_problem.clone(),
                headline: state.headline,
                last_event_at: state.last_event_at,
                usual_silence_days: attention::usual_silence_days(&outlook),
                promised_by: outlook.promised_by,
            };
            item.since = since(&kinds, &item, now);
            item.kinds = kinds;
            items.push(item);
        }
        Ok(AttentionList { items, checked: under_way.len(), as_of: now })
    }
}

#[async_trait::async_trait]
impl ConsoleServices for ConsoleDesk {
    async fn attention(&self, who: &SignedIn) -> Result<AttentionList, RepositoryError> {
        Ok(self.attention_list(merchant(who)).await?)
    }

    async fn api_keys(&self, who: &SignedIn) -> Result<Vec<ApiKeyRow>, RepositoryError> {
        let keys = self.storage.api_keys(merchant(who)).await?;
        Ok(keys
            .into_iter()
            .map(|k| ApiKeyRow {
                prefix: k.prefix,
                created_at: k.created_at,
                last_used_at: k.last_used_at,
                revoked_at: k.revoked_at,
            })
            .collect())
    }

    async fn create_api_key(&self, who: &SignedIn) -> Result<IssuedApiKey, RepositoryError> {
        let key = issue_key_for(self.storage.as_ref(), merchant(who)).await?;
        tracing::info!(user = who.user_id, prefix = %key.prefix, "API key created in the console");
        Ok(issued(key))
    }

    async fn revoke_api_key(&self, who: &SignedIn, prefix: &str) -> Result<bool, RepositoryError> {
        let revoked = self.storage.revoke_api_key(merchant(who), prefix).await?;
        if revoked {
            tracing::info!(user = who.user_id, prefix, "API key revoked in the console");
        }
        Ok(revoked)
    }

    async fn rotate_api_key(&self, who: &SignedIn, prefix: &str) -> Result<Option<IssuedApiKey>, RepositoryError> {
        let key = rotate_key(self.storage.as_ref(), merchant(who), prefix).await?;
        if let Some(key) = &key {
            tracing::info!(user = who.user_id, old = prefix, new = %key.prefix, "API key replaced in the console");
        }
        Ok(key.map(issued))
    }
}
