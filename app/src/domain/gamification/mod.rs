//! Gamification rules, pure: the tiers the eight milestones fall into, and the journey's
//! estimated carbon footprint (for the eco badge). Evaluated on every accepted event by the
//! server; nothing here touches storage.

pub mod eco;
pub mod rules;
pub mod tiers;

pub use eco::{journey_co2_grams, Co2Estimate};
pub use rules::{due_rules, Rule, RuleSet, ShipmentFacts};
pub use tiers::{Tier, TierProgress};
