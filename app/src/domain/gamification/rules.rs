//! A merchant's gamification rules as data, and their evaluation: given what is true of a
//! shipment (from the fold of its events) and of its shopper, which rules are due. Each rule
//! is due at most once per shipment (its id is the award's key, unique in storage), and the
//! answer depends only on facts that are sets and maxima, so any order, repeat or late arrival
//! of the same events gives the same awards.

use super::tiers::Tier;
use crate::domain::FieldError;
use crate::domain::Milestone;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What makes a rule due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    Milestone {
        milestone: Milestone,
    },
    Tier {
        tier: Tier,
    },
    /// Delivered on or before the last day of the window shown when it left the origin.
    DeliveredWithinWindow,
    /// The shopper chose the greener option.
    EcoChoice,
    /// This is the shopper's `n`th order with the merchant (1: the first).
    NthOrder {
        n: u32,
    },
    BordersCrossed {
        at_least: u32,
    },
    Distance {
        at_least_km: u32,
    },
    SharedJourney,
    RatedDelivery,
}

/// Who the rule is for, by their order count with the merchant (this order included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "who", rename_all = "snake_case", deny_unknown_fields)]
pub enum Audience {
    #[default]
    Everyone,
    FirstTimeBuyers,
    FrequentCustomers {
        min_orders: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    Welcome,
    FirstScan,
    CustomsCleared,
    BorderHopper,
    LongHaul,
    OnTime,
    Eco,
    Loyal,
    Sharer,
    Reviewer,
}

impl Badge {
    /// Shelf order.
    pub const ALL: [Badge; 10] = [
        Badge::Welcome,
        Badge::FirstScan,
        Badge::CustomsCleared,
        Badge::BorderHopper,
        Badge::LongHaul,
        Badge::OnTime,
        Badge::Eco,
        Badge::Loyal,
        Badge::Sharer,
        Badge::Reviewer,
    ];

    /// Storage's name, and the art's file name (`/badges/{code}.svg`).
    pub fn code(self) -> &'static str {
        match self {
            Badge::Welcome => "welcome",
            Badge::FirstScan => "first_scan",
            Badge::CustomsCleared => "customs_cleared",
            Badge::BorderHopper => "border_hopper",
            Badge::LongHaul => "long_haul",
            Badge::OnTime => "on_time",
            Badge::Eco => "eco",
            Badge::Loyal => "loyal",
            Badge::Sharer => "sharer",
            Badge::Reviewer => "reviewer",
        }
    }

    pub fn from_code(code: &str) -> Option<Badge> {
        Badge::ALL.into_iter().find(|b| b.code() == code)
    }
}

/// A named pool of the shop's own coupon codes (1 to 24 characters: a-z, 0-9 and -). Small
/// and `Copy`, like the rest of a rule.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PoolName {
    len: u8,
    bytes: [u8; 24],
}

impl PoolName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let ok = (1..=24).contains(&raw.len())
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            return Err("a pool is named with 1 to 24 characters: a-z, 0-9 and -".into());
        }
        let mut bytes = [0; 24];
        bytes[..raw.len()].copy_from_slice(raw.as_bytes());
        Ok(Self { len: raw.len() as u8, bytes })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).expect("parsed from ASCII")
    }
}

impl std::fmt::Debug for PoolName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl TryFrom<String> for PoolName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PoolName> for String {
    fn from(value: PoolName) -> Self {
        value.as_str().to_owned()
    }
}

/// What a due rule gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Grant {
    Badge {
        badge: Badge,
    },
    Points {
        points: u32,
    },
    /// A code worth `percent_off` for `valid_days`: the next unused one of the shop's own
    /// `pool` (uploaded in the console), or one Trekpost makes (without a pool, or when the
    /// pool has run dry), redeemed through the API either way.
    Coupon {
        percent_off: u8,
        valid_days: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pool: Option<PoolName>,
    },
    VipInvite,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable and unique within the merchant's rules: the award's key.
    pub id: String,
    pub trigger: Trigger,
    #[serde(default)]
    pub audience: Audience,
    pub grant: Grant,
}

/// Rules that passed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSet(Vec<Rule>);

const MAX_RULES: usize = 100;

impl RuleSet {
    pub fn parse(rules: Vec<Rule>) -> Result<Self, FieldError> {
        if rules.len() > MAX_RULES {
            return Err(FieldError::new("rules", format!("at most {MAX_RULES} rules")));
        }
        let mut ids = HashSet::new();
        for (i, rule) in rules.iter().enumerate() {
            let field = |name: &str| format!("rules[{i}].{name}");
            let id_ok = (1..=40).contains(&rule.id.len())
                && rule.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
            if !id_ok {
                return Err(FieldError::new(field("id"), "1 to 40 characters: a-z, 0-9, - and _"));
            }
            if !ids.insert(rule.id.as_str()) {
                return Err(FieldError::new(field("id"), "already used by another rule"));
            }
            match rule.trigger {
                Trigger::NthOrder { n: 0 } => return Err(FieldError::new(field("trigger.n"), "orders count from 1")),
                Trigger::BordersCrossed { at_least: 0 } => {
                    return Err(FieldError::new(field("trigger.at_least"), "must be at least 1"))
                }
                Trigger::Distance { at_least_km: 0 } => {
                    return Err(FieldError::new(field("trigger.at_least_km"), "must be at least 1"))
                }
                _ => {}
            }
            if let Audience::FrequentCustomers { min_orders } = rule.audience {
                if min_orders < 2 {
                    return Err(FieldError::new(field("audience.min_orders"), "frequent means 2 orders or more"));
                }
            }
            match rule.grant {
                Grant::Points { points: 0 } => {
                    return Err(FieldError::new(field("grant.points"), "must be at least 1"))
                }
                Grant::Coupon { percent_off, .. } if !(1..=90).contains(&percent_off) => {
                    return Err(FieldError::new(field("grant.percent_off"), "between 1 and 90"))
                }
                Grant::Coupon { valid_days: 0, .. } => {
                    return Err(FieldError::new(field("grant.valid_days"), "must be at least 1"))
                }
                _ => {}
            }
        }
        Ok(Self(rules))
    }

    pub fn rules(&self) -> &[Rule] {
        &self.0
    }

    /// What every new merchant starts with.
    pub fn default_set() -> Self {
        use Audience::*;
        let rule = |id: &str, trigger, audience, grant| Rule { id: id.to_owned(), trigger, audience, grant };
        let badge = |badge| Grant::Badge { badge };
        Self::parse(vec![
            rule("welcome", Trigger::NthOrder { n: 1 }, Everyone, badge(Badge::Welcome)),
            rule(
                "first-scan",
                Trigger::Milestone { milestone: Milestone::CarrierReceived },
                Everyone,
                badge(Badge::FirstScan),
            ),
            rule(
                "customs-cleared",
                Trigger::Milestone { milestone: Milestone::CustomsCleared },
                Everyone,
                badge(Badge::CustomsCleared),
            ),
            rule(
                "customs-coupon-new",
                Trigger::Milestone { milestone: Milestone::CustomsCleared },
                FirstTimeBuyers,
                Grant::Coupon { percent_off: 10, valid_days: 30, pool: None },
            ),
            rule(
                "customs-coupon-loyal",
                Trigger::Milestone { milestone: Milestone::CustomsCleared },
                FrequentCustomers { min_orders: 3 },
                Grant::Coupon { percent_off: 15, valid_days: 60, pool: None },
            ),
            rule(
                "out-for-delivery-points",
                Trigger::Milestone { milestone: Milestone::OutForDelivery },
                Everyone,
                Grant::Points { points: 50 },
            ),
            rule(
                "delivered-points",
                Trigger::Milestone { milestone: Milestone::Delivered },
                Everyone,
                Grant::Points { points: 100 },
            ),
            rule(
                "vip",
                Trigger::Milestone { milestone: Milestone::Delivered },
                FrequentCustomers { min_orders: 5 },
                Grant::VipInvite,
            ),
            rule(
                "repeat-order-points",
                Trigger::Milestone { milestone: Milestone::OrderConfirmed },
                FrequentCustomers { min_orders: 2 },
                Grant::Points { points: 40 },
            ),
            rule("border-hopper", Trigger::BordersCrossed { at_least: 2 }, Everyone, badge(Badge::BorderHopper)),
            rule("long-haul", Trigger::Distance { at_least_km: 5_000 }, Everyone, badge(Badge::LongHaul)),
            rule("on-time", Trigger::DeliveredWithinWindow, Everyone, badge(Badge::OnTime)),
            rule("eco", Trigger::EcoChoice, Everyone, badge(Badge::Eco)),
            rule("loyal", Trigger::NthOrder { n: 5 }, Everyone, badge(Badge::Loyal)),
            rule("sharer", Trigger::SharedJourney, Everyone, badge(Badge::Sharer)),
            rule("share-points", Trigger::SharedJourney, Everyone, Grant::Points { points: 20 }),
            rule("reviewer", Trigger::RatedDelivery, Everyone, badge(Badge::Reviewer)),
            rule("review-points", Trigger::RatedDelivery, Everyone, Grant::Points { points: 30 }),
        ])
        .expect("the default rules are valid")
    }
}

/// What is true of one shipment now: all derived from its events (sets and maxima).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShipmentFacts {
    pub milestones: Vec<Milestone>,
    pub delivered_within_window: bool,
    pub eco_choice: bool,
    pub borders_crossed: u32,
    pub distance_km: u32,
    pub shared: bool,
    pub rated: bool,
}

/// Which of the rules are due for this shipment of a shopper with `order_number` orders
/// (this one included), in rule order. Granting is the caller's, once per (shipment, rule id).
pub fn due_rules<'r>(rules: &'r RuleSet, facts: &ShipmentFacts, order_number: u32) -> Vec<&'r Rule> {
    let reached = |m: Milestone| facts.milestones.iter().any(|r| *r >= m);
    rules
        .rules()
        .iter()
        .filter(|rule| match rule.audience {
            Audience::Everyone => true,
            Audience::FirstTimeBuyers => order_number == 1,
            Audience::FrequentCustomers { min_orders } => order_number >= min_orders,
        })
        .filter(|rule| match rule.trigger {
            Trigger::Milestone { milestone } => reached(milestone),
            Trigger::Tier { tier } => tier.milestones().next().is_some_and(reached),
            Trigger::DeliveredWithinWindow => facts.delivered_within_window,
            Trigger::EcoChoice => facts.eco_choice,
            Trigger::NthOrder { n } => order_number == n,
            Trigger::BordersCrossed { at_least } => facts.borders_crossed >= at_least,
            Trigger::Distance { at_least_km } => facts.distance_km >= at_least_km,
            Trigger::SharedJourney => facts.shared,
            Trigger::RatedDelivery => facts.rated,
        })
        .collect()
}

/// What this journey can still unlock at a milestone ahead, for a shopper with `order_number`
/// orders: the milestone-triggered rules of their audience not yet granted here, in journey
/// order. The page shows them as "up next"; the rules decide, this only previews.
pub fn rewards_ahead(rules: &RuleSet, order_number: u32, granted: &[String]) -> Vec<(Milestone, Grant)> {
    let mut ahead: Vec<(Milestone, Grant)> = rules
        .rules()
        .iter()
        .filter(|rule| match rule.audience {
            Audience::Everyone => true,
            Audience::FirstTimeBuyers => order_number == 1,
            Audience::FrequentCustomers { min_orders } => order_number >= min_orders,
        })
        .filter(|rule| !granted.contains(&rule.id))
        .filter_map(|rule| match rule.trigger {
            Trigger::Milestone { milestone } => Some((milestone, rule.grant)),
            Trigger::Tier { tier } => tier.milestones().next().map(|m| (m, rule.grant)),
            _ => None,
        })
        .collect();
    ahead.sort_by_key(|(milestone, _)| *milestone);
    ahead
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ids(rules: &[&Rule]) -> Vec<String> {
        rules.iter().map(|r| r.id.clone()).collect()
    }

    #[test]
    fn rules_read_from_json_and_bad_ones_name_their_field() {
        let rules: Vec<Rule> = serde_json::from_value(serde_json::json!([
            {"id": "cc-coupon", "trigger": {"on": "milestone", "milestone": "customs_cleared"},
             "audience": {"who": "first_time_buyers"}, "grant": {"kind": "coupon", "percent_off": 10, "valid_days": 30}}
        ]))
        .unwrap();
        assert!(RuleSet::parse(rules.clone()).is_ok());
        let typo = serde_json::json!([{"id": "x", "trigger": {"on": "eco_choice"}, "grant": {"kind": "vip_invite"}, "grnt": 1}]);
        assert!(serde_json::from_value::<Vec<Rule>>(typo).is_err(), "unknown fields are refused");
        let mut twice = rules.clone();
        twice.push(rules[0].clone());
        assert_eq!(RuleSet::parse(twice).unwrap_err().field, "rules[1].id");
        let mut greedy = rules.clone();
        greedy[0].grant = Grant::Coupon { percent_off: 95, valid_days: 30, pool: None };
        assert_eq!(RuleSet::parse(greedy).unwrap_err().field, "rules[0].grant.percent_off");
        let mut frequent = rules;
        frequent[0].audience = Audience::FrequentCustomers { min_orders: 1 };
        assert_eq!(RuleSet::parse(frequent).unwrap_err().field, "rules[0].audience.min_orders");
    }

    #[test]
    fn first_time_buyers_and_frequent_customers_get_different_rewards() {
        let rules = RuleSet::default_set();
        let cleared = ShipmentFacts { milestones: vec![Milestone::CustomsCleared], ..Default::default() };
        let first = ids(&due_rules(&rules, &cleared, 1));
        assert!(first.contains(&"customs-coupon-new".into()) && first.contains(&"welcome".into()));
        assert!(!first.contains(&"customs-coupon-loyal".into()));
        let third = ids(&due_rules(&rules, &cleared, 3));
        assert!(third.contains(&"customs-coupon-loyal".into()) && !third.contains(&"customs-coupon-new".into()));
        assert!(!third.contains(&"vip".into()), "VIP only at delivery");
        let delivered = ShipmentFacts { milestones: vec![Milestone::Delivered], ..Default::default() };
        assert!(ids(&due_rules(&rules, &delivered, 5)).contains(&"vip".into()));
        assert!(!ids(&due_rules(&rules, &delivered, 4)).contains(&"vip".into()));
    }

    #[test]
    fn nothing_is_due_for_what_did_not_happen() {
        let rules = RuleSet::default_set();
        let packed = ShipmentFacts { milestones: vec![Milestone::Packed], ..Default::default() };
        // Packed implies the order was confirmed (a repeat order's points), and nothing later.
        assert_eq!(ids(&due_rules(&rules, &packed, 2)), vec!["repeat-order-points".to_owned()]);
        assert!(ids(&due_rules(&rules, &packed, 1)).iter().all(|id| id == "welcome"));
    }

    #[test]
    fn what_lies_ahead_is_the_shoppers_own_and_not_yet_granted() {
        let rules = RuleSet::default_set();
        let first: Vec<(Milestone, Grant)> = rewards_ahead(&rules, 1, &["first-scan".into()]);
        assert!(
            first.contains(&(Milestone::CustomsCleared, Grant::Coupon { percent_off: 10, valid_days: 30, pool: None }))
        );
        assert!(
            !first.iter().any(|(_, g)| *g == Grant::Coupon { percent_off: 15, valid_days: 60, pool: None }),
            "not for them"
        );
        assert!(!first.iter().any(|(m, _)| *m == Milestone::CarrierReceived), "granted already");
        assert!(first.windows(2).all(|w| w[0].0 <= w[1].0), "in journey order");
        let loyal = rewards_ahead(&rules, 5, &[]);
        assert!(loyal.contains(&(Milestone::Delivered, Grant::VipInvite)));
    }

    proptest! {
        /// The milestones reached, in any order and with repeats, give the same rules due.
        #[test]
        fn order_and_repeats_of_the_same_milestones_change_nothing(
            reached in proptest::collection::vec(0usize..8, 0..12),
            order_number in 1u32..8,
        ) {
            let rules = RuleSet::default_set();
            let milestones: Vec<Milestone> = reached.iter().map(|i| Milestone::ALL[*i]).collect();
            let mut shuffled = milestones.clone();
            shuffled.reverse();
            shuffled.extend(milestones.iter().copied());
            let once = due_rules(&rules, &ShipmentFacts { milestones, ..Default::default() }, order_number);
            let again = due_rules(&rules, &ShipmentFacts { milestones: shuffled, ..Default::default() }, order_number);
            prop_assert_eq!(ids(&once), ids(&again));
        }
    }
}
