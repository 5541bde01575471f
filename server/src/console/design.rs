//! The console's side of shaping the shopper's page: the editor's starting point and history,
//! saves (through [`crate::design::save`], credited to the signed-in user), logo uploads, and
//! the preview: a real journey of the shop's, wearing the user's last valid draft.
//!
//! Drafts shown in previews live in this process's memory, one per user (like imports: on
//! several instances the preview must reach the instance that took the draft).

use super::services::ConsoleDesk;
use crate::design::{self, DesignChange};
use crate::storage::{DesignVersion, MerchantId, StorageError};
use app::console::SignedIn;
use app::domain::design::{DesignDraft, LogoDigest, LogoType, PageDesign, ShopWords};
use app::domain::gamification::{rewards_ahead, PoolName};
use app::domain::FieldError;
use app::model::console::{CouponPoolRow, DesignDesk, DesignSaved, DesignVersionRow};
use app::model::journey::{logo_path, JourneyView, ShopBrand};
use app::model::rewards::RewardAhead;
use chrono::Utc;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// Versions the editor lists.
const HISTORY: i64 = 20;
/// The most codes one paste adds.
const MAX_CODES: usize = 10_000;

/// Each user's last valid draft, for their preview.
#[derive(Default)]
pub struct Previews(Mutex<HashMap<i64, PageDesign>>);

fn row(version: DesignVersion) -> DesignVersionRow {
    DesignVersionRow { version: version.version, saved_by: version.saved_by, saved_at: version.saved_at }
}

impl ConsoleDesk {
    /// The journey previews show: the shop's oldest shipment under way (it has come furthest
    /// and still has milestones ahead), else none.
    async fn preview_shipment(
        &self,
        merchant: MerchantId,
    ) -> Result<Option<crate::storage::ShipmentListing>, StorageError> {
        Ok(self.state.storage.shipments_under_way(merchant, 1).await?.into_iter().next())
    }

    pub(super) async fn design_desk(&self, who: &SignedIn) -> Result<DesignDesk, StorageError> {
        let merchant = MerchantId(who.merchant_id);
        let (version, design) = self.state.storage.current_design(merchant).await?;
        let history = self.state.storage.design_versions(merchant, HISTORY).await?;
        Ok(DesignDesk {
            version,
            draft: design.to_draft(),
            history: history.into_iter().map(row).collect(),
            shop_slug: who.merchant_slug.clone(),
            preview_of: self.preview_shipment(merchant).await?.map(|s| s.tracking_number),
            pools: self.pools(merchant).await?,
        })
    }

    async fn pools(&self, merchant: MerchantId) -> Result<Vec<CouponPoolRow>, StorageError> {
        let pools = self.state.storage.coupon_pools(merchant).await?;
        Ok(pools
            .into_iter()
            .map(|(name, left, given)| CouponPoolRow { name: name.as_str().to_owned(), left, given })
            .collect())
    }

    pub(super) async fn add_codes(
        &self,
        who: &SignedIn,
        pool: &str,
        codes: &str,
    ) -> Result<Result<Vec<CouponPoolRow>, FieldError>, StorageError> {
        let merchant = MerchantId(who.merchant_id);
        let pool = match PoolName::parse(pool.trim()) {
            Ok(pool) => pool,
            Err(reason) => return Ok(Err(FieldError::new("pool", reason))),
        };
        let codes: Vec<String> = codes.lines().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect();
        if codes.is_empty() {
            return Ok(Err(FieldError::new("codes", "paste the codes, one per line")));
        }
        if codes.len() > MAX_CODES {
            return Ok(Err(FieldError::new("codes", format!("at most {MAX_CODES} codes at a time"))));
        }
        let code_ok = |c: &str| {
            (4..=40).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if let Some((line, bad)) = codes.iter().enumerate().find(|(_, c)| !code_ok(c)) {
            return Ok(Err(FieldError::new(
                format!("codes[{}]", line + 1),
                format!("{bad:?}: a code is 4 to 40 letters, digits, - or _"),
            )));
        }
        let added = self.state.storage.add_coupon_codes(merchant, &pool, &codes, Utc::now()).await?;
        tracing::info!(user = who.user_id, pool = pool.as_str(), added, sent = codes.len(), "coupon codes added");
        Ok(Ok(self.pools(merchant).await?))
    }

    pub(super) fn preview(&self, who: &SignedIn, draft: DesignDraft) -> Vec<FieldError> {
        match PageDesign::parse(draft) {
            Ok(design) => {
                self.previews.0.lock().expect("not poisoned").insert(who.user_id, design);
                Vec::new()
            }
            Err(errors) => errors,
        }
    }

    pub(super) async fn save(
        &self,
        who: &SignedIn,
        base: i64,
        draft: DesignDraft,
    ) -> Result<DesignSaved, StorageError> {
        let merchant = MerchantId(who.merchant_id);
        Ok(match design::save(self.state.storage.as_ref(), merchant, base, draft, &who.email).await? {
            DesignChange::Saved { version, at, design } => {
                self.previews.0.lock().expect("not poisoned").insert(who.user_id, design);
                DesignSaved::Saved(DesignVersionRow { version, saved_by: who.email.clone(), saved_at: at })
            }
            DesignChange::Invalid(errors) => DesignSaved::Invalid(errors),
            DesignChange::Conflict(newest) => DesignSaved::Conflict(row(newest)),
        })
    }

    pub(super) async fn keep_logo(
        &self,
        who: &SignedIn,
        bytes: Vec<u8>,
    ) -> Result<Result<String, FieldError>, StorageError> {
        let kind = match LogoType::sniff(&bytes) {
            Ok(kind) => kind,
            Err(error) => return Ok(Err(error)),
        };
        let digest = LogoDigest::parse(&hex::encode(Sha256::digest(&bytes))).expect("a SHA-256 in hex is a digest");
        self.state.storage.store_logo(MerchantId(who.merchant_id), &digest, kind, &bytes, Utc::now()).await?;
        tracing::info!(user = who.user_id, logo = digest.as_str(), bytes = bytes.len(), "logo uploaded");
        Ok(Ok(digest.as_str().to_owned()))
    }

    pub(super) async fn previewed_journey(&self, who: &SignedIn) -> Result<Option<JourneyView>, StorageError> {
        let merchant = MerchantId(who.merchant_id);
        let Some(shipment) = self.preview_shipment(merchant).await? else { return Ok(None) };
        let Some(mut journey) = self.state.storage.journey_of(shipment.id).await? else { return Ok(None) };
        let draft = self.previews.0.lock().expect("not poisoned").get(&who.user_id).cloned();
        let Some(design) = draft else { return Ok(Some(journey)) };
        journey.shop = ShopBrand {
            name: design.shop_name.clone(),
            colour: design.colour.clone(),
            logo: design.logo.as_ref().map(|logo| logo_path(&who.merchant_slug, logo)),
            words: ShopWords::clone(&design.words),
        };
        // What the draft's rules would offer this shopper at the milestones ahead.
        if let Some(context) = self.state.storage.reward_context(shipment.id).await? {
            let granted: Vec<String> = journey.rewards.awards.iter().map(|a| a.rule_id.clone()).collect();
            journey.rewards.ahead = rewards_ahead(&design.rules, context.order_number, &granted)
                .into_iter()
                .map(|(milestone, grant)| RewardAhead { milestone, grant })
                .collect();
        }
        Ok(Some(journey))
    }
}
