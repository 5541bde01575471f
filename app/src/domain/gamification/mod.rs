//! Gamification rules, pure: the tiers the eight milestones fall into, the rules (as data)
//! that say which badges, points, coupons and invites are due, seasonal missions, what the
//! route counts for (borders, carbon estimate) and how the leaderboard names shoppers.
//! Evaluated on every accepted event by the server; nothing here touches storage.

pub mod eco;
pub mod leaderboard;
pub mod missions;
pub mod route;
pub mod rules;
pub mod tiers;

pub use eco::{journey_co2_grams, Co2Estimate, EcoGrade};
pub use leaderboard::{masked_name, DisplayName};
pub use missions::{Mission, MissionProgress, Season};
pub use route::borders_crossed;
pub use rules::{due_rules, rewards_ahead, Audience, Badge, Grant, PoolName, Rule, RuleSet, ShipmentFacts, Trigger};
pub use tiers::{Tier, TierProgress};
