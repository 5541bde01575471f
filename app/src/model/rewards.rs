//! What the shopper's reward views show and what the live stream sends about rewards: shared
//! by server and browser. Only ever sent to the shopper the shipment belongs to.

use crate::domain::gamification::{Badge, Mission, MissionProgress, Season, Trigger};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a granted award gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reward {
    Badge { badge: Badge },
    Points { points: u32 },
    Coupon { code: String, percent_off: u8, expires_at: DateTime<Utc>, redeemed: bool },
    VipInvite { code: String },
}

/// One award granted for one shipment by one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Award {
    pub id: i64,
    pub rule_id: String,
    /// What earned it, as the rule said when it was granted.
    pub trigger: Trigger,
    pub reward: Reward,
    pub granted_at: DateTime<Utc>,
}

/// The rewards part of a journey page: this shipment's awards and the shopper's standing with
/// the merchant. Sent whole after every change (it is small), so a page that missed one
/// update is right again with the next.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JourneyRewards {
    /// This shipment's awards, oldest first.
    pub awards: Vec<Award>,
    /// Every badge the shopper holds with the merchant (from any of their orders).
    pub badges: Vec<Badge>,
    /// The shopper's points balance with the merchant.
    pub points: i64,
    /// Whether the shipment has been rated (the rating form shows until it is).
    pub rated: bool,
    /// What the shop's rules still offer this shopper at the milestones ahead, in journey
    /// order (the page hides those already reached).
    #[serde(default)]
    pub ahead: Vec<RewardAhead>,
}

/// A reward waiting at a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardAhead {
    pub milestone: crate::domain::Milestone,
    pub grant: crate::domain::gamification::Grant,
}

impl JourneyRewards {
    /// The badges this journey earned (the shopper may hold others from earlier orders).
    pub fn journey_badges(&self) -> Vec<Badge> {
        self.awards
            .iter()
            .filter_map(|a| match a.reward {
                Reward::Badge { badge } => Some(badge),
                _ => None,
            })
            .collect()
    }
}

/// How a shopper appears on a leaderboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShownName {
    /// A name they chose to show.
    Chosen(String),
    /// Not opted in: a code that tells rows apart and nothing else.
    Masked(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Board {
    /// This month.
    #[default]
    Season,
    AllTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaderRow {
    /// Ties share a rank (1, 2, 2, 4).
    pub rank: i64,
    pub name: ShownName,
    pub points: i64,
    pub is_me: bool,
}

/// Where the shopper stands, even far outside the top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    /// `None` before they have any points on this board.
    pub rank: Option<i64>,
    pub points: i64,
    pub name: ShownName,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaderboardView {
    pub shop_name: String,
    pub board: Board,
    pub season: Season,
    pub top: Vec<LeaderRow>,
    /// How many shoppers have points on this board.
    pub ranked: i64,
    /// Present when a shopper opened the board through their own link.
    pub me: Option<Standing>,
    pub missions: Vec<MissionProgress>,
}

/// One line of the points ledger, newest first on the shopper's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub points: i64,
    pub reason: LedgerReason,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LedgerReason {
    Award(Trigger),
    Mission(Mission),
}

/// The shopper's own page: everything they earned with one merchant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopperRewardsView {
    pub shop_name: String,
    pub points: i64,
    pub season_points: i64,
    pub season: Season,
    pub badges: Vec<Badge>,
    /// Coupons and invites earned on the order whose token opened the page, newest first (a
    /// token never shows another order's codes).
    pub rewards: Vec<Award>,
    pub ledger: Vec<LedgerLine>,
    pub missions: Vec<MissionProgress>,
    pub name: ShownName,
    /// How the shopper appears while their name is hidden.
    pub masked_as: String,
    pub season_rank: Option<i64>,
    pub all_time_rank: Option<i64>,
}
