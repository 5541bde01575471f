//! What gamification keeps: merchants' rules, awards (once per shipment and rule), reward
//! codes, the append-only points ledger and its running totals, ratings and display names.

use super::{MerchantId, ShipmentId, StorageError};
use app::domain::gamification::{DisplayName, PoolName, Rule, RuleSet, Season};
use app::domain::ShopperToken;
use app::model::journey::{Place, RouteLeg};
use app::model::rewards::{Award, Board, JourneyRewards, LeaderRow, ShopperRewardsView, Standing};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShopperId(pub i64);

/// Everything rule evaluation needs to know about a shipment beyond its events.
#[derive(Debug, Clone)]
pub struct RewardContext {
    pub merchant: MerchantId,
    pub shopper: ShopperId,
    /// This shipment's place among the shopper's orders with the merchant (1: the first).
    pub order_number: u32,
    pub rules: RuleSet,
    /// The merchant marked the shipping option as the greener one.
    pub eco_option: bool,
    pub origin: Place,
    pub destination: Place,
    pub route: Vec<RouteLeg>,
    pub rated: bool,
    pub shared: bool,
    /// Rule ids already granted for this shipment: nothing to write when all due are here.
    pub granted: HashSet<String>,
}

/// What redeeming a coupon or invite code did.
#[derive(Debug, Clone, PartialEq)]
pub enum Redemption {
    Redeemed { award: Award, shopper_reference: String },
    AlreadyRedeemed { at: DateTime<Utc> },
    Expired { at: DateTime<Utc> },
    Unknown,
}

/// A shipment's shopper, found from the page's token.
#[derive(Debug, Clone, PartialEq)]
pub struct ShopperOfToken {
    pub shipment: ShipmentId,
    pub shopper: ShopperId,
    pub merchant: MerchantId,
    pub shop_name: String,
}

/// One board's top rows and a shopper's standing on it.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardPage {
    pub top: Vec<LeaderRow>,
    pub ranked: i64,
    pub me: Option<Standing>,
}

#[async_trait::async_trait]
pub trait RewardStore: Send + Sync {
    /// The merchant's rules, or the default set when they never set any.
    async fn rules_of(&self, merchant: MerchantId) -> Result<RuleSet, StorageError>;

    async fn reward_context(&self, shipment: ShipmentId) -> Result<Option<RewardContext>, StorageError>;

    /// Grants the due rules not granted before, in one transaction: each award at most once per
    /// (shipment, rule id) — the database refuses a second — with its points in the ledger and
    /// the season's mission bonuses. Returns only the awards this call granted.
    async fn grant(
        &self,
        context: &RewardContext,
        shipment: ShipmentId,
        due: &[&Rule],
        now: DateTime<Utc>,
    ) -> Result<Vec<Award>, StorageError>;

    async fn journey_rewards(&self, shipment: ShipmentId) -> Result<JourneyRewards, StorageError>;

    /// Adds the shop's own codes to a pool: how many were new (a code already in any of the
    /// shop's pools is skipped).
    async fn add_coupon_codes(
        &self,
        merchant: MerchantId,
        pool: &PoolName,
        codes: &[String],
        now: DateTime<Utc>,
    ) -> Result<usize, StorageError>;

    /// The shop's pools: name, codes left, codes handed out; by name.
    async fn coupon_pools(&self, merchant: MerchantId) -> Result<Vec<(PoolName, i64, i64)>, StorageError>;

    /// Marks a merchant's coupon or invite code used; a second redemption is refused.
    async fn redeem(&self, merchant: MerchantId, code: &str, now: DateTime<Utc>) -> Result<Redemption, StorageError>;

    /// Records the shopper's rating of a delivered shipment, in their language; false if it was
    /// rated before.
    async fn rate_delivery(
        &self,
        shipment: ShipmentId,
        rating: &app::domain::wismo::DeliveryRating,
        locale: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError>;

    async fn set_display_name(&self, shopper: ShopperId, name: Option<&DisplayName>) -> Result<(), StorageError>;

    async fn shopper_of_token(&self, token: &ShopperToken) -> Result<Option<ShopperOfToken>, StorageError>;

    /// The merchant's display name by slug.
    async fn merchant_named(&self, slug: &str) -> Result<Option<(MerchantId, String)>, StorageError>;

    /// The top `limit` of a board (a season, or all time when `None`) and `me`'s standing.
    async fn board(
        &self,
        merchant: MerchantId,
        board: Board,
        season: Season,
        me: Option<ShopperId>,
        limit: i64,
    ) -> Result<BoardPage, StorageError>;

    /// How many points awards of each mission the shopper got this season.
    async fn mission_counts(
        &self,
        shopper: ShopperId,
        season: Season,
    ) -> Result<Vec<(app::domain::gamification::Mission, u32)>, StorageError>;

    /// The shopper's own page as the token of `shipment` opens it (without missions and ranks,
    /// which the caller adds): points, badges and ledger of the shopper, but the coupon and
    /// invite codes of that order only; a token shows no other order's codes.
    async fn shopper_rewards(
        &self,
        shopper: ShopperId,
        shipment: ShipmentId,
        season: Season,
        shop_name: String,
    ) -> Result<ShopperRewardsView, StorageError>;
}
