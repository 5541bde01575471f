//! Seasonal missions: the things a shopper does for points (receive parcels, order again,
//! share a journey, rate a delivery), counted per season (a calendar month, UTC). A mission
//! done gives a bonus once per season, and the leaderboard ranks points by season and all time.

use super::rules::{Audience, Grant, Rule, Trigger};
use crate::domain::Milestone;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mission {
    Deliveries,
    RepeatPurchase,
    Share,
    Review,
}

impl Mission {
    pub const ALL: [Mission; 4] = [Mission::Deliveries, Mission::RepeatPurchase, Mission::Share, Mission::Review];

    pub fn code(self) -> &'static str {
        match self {
            Mission::Deliveries => "deliveries",
            Mission::RepeatPurchase => "repeat_purchase",
            Mission::Share => "share",
            Mission::Review => "review",
        }
    }

    pub fn from_code(code: &str) -> Option<Mission> {
        Mission::ALL.into_iter().find(|m| m.code() == code)
    }

    /// How many times in a season.
    pub fn target(self) -> u32 {
        match self {
            Mission::Deliveries => 3,
            Mission::RepeatPurchase => 2,
            Mission::Share => 1,
            Mission::Review => 2,
        }
    }

    /// The bonus for completing it, once per season.
    pub fn bonus_points(self) -> u32 {
        match self {
            Mission::Deliveries => 150,
            Mission::RepeatPurchase => 100,
            Mission::Share => 50,
            Mission::Review => 50,
        }
    }

    /// The mission a points rule counts towards: points for a delivery, for an order that is
    /// not the first, for a share, for a rating. Other rules count towards none.
    pub fn of(rule: &Rule) -> Option<Mission> {
        if !matches!(rule.grant, Grant::Points { .. }) {
            return None;
        }
        match rule.trigger {
            Trigger::Milestone { milestone: Milestone::Delivered } => Some(Mission::Deliveries),
            Trigger::SharedJourney => Some(Mission::Share),
            Trigger::RatedDelivery => Some(Mission::Review),
            Trigger::NthOrder { n } if n >= 2 => Some(Mission::RepeatPurchase),
            Trigger::Milestone { milestone: Milestone::OrderConfirmed }
                if matches!(rule.audience, Audience::FrequentCustomers { .. }) =>
            {
                Some(Mission::RepeatPurchase)
            }
            _ => None,
        }
    }
}

/// A calendar month (UTC): the leaderboard's season.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Season {
    year: i32,
    month: u32,
}

impl Season {
    pub fn of(at: DateTime<Utc>) -> Self {
        Self { year: at.year(), month: at.month() }
    }

    /// `2026-11`: how storage keys a season.
    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    pub fn parse(code: &str) -> Option<Self> {
        let (year, month) = code.split_once('-')?;
        let (year, month) = (year.parse().ok()?, month.parse().ok()?);
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }
}

/// How far a shopper is with a mission this season.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionProgress {
    pub mission: Mission,
    pub done: u32,
    pub target: u32,
    pub bonus_points: u32,
}

impl MissionProgress {
    /// `done` is how many points awards of this mission the shopper got this season.
    pub fn new(mission: Mission, done: u32) -> Self {
        Self {
            mission,
            done: done.min(mission.target()),
            target: mission.target(),
            bonus_points: mission.bonus_points(),
        }
    }

    pub fn is_complete(&self) -> bool {
        self.done >= self.target
    }

    /// Per cent done, for the progress bar.
    pub fn percent(&self) -> u8 {
        (self.done * 100 / self.target.max(1)).min(100) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::gamification::RuleSet;

    #[test]
    fn points_rules_count_towards_their_mission() {
        let rules = RuleSet::default_set();
        let mission = |id: &str| Mission::of(rules.rules().iter().find(|r| r.id == id).unwrap());
        assert_eq!(mission("delivered-points"), Some(Mission::Deliveries));
        assert_eq!(mission("repeat-order-points"), Some(Mission::RepeatPurchase));
        assert_eq!(mission("share-points"), Some(Mission::Share));
        assert_eq!(mission("review-points"), Some(Mission::Review));
        assert_eq!(mission("out-for-delivery-points"), None, "points, but no mission");
        assert_eq!(mission("reviewer"), None, "a badge is not a mission step");
    }

    #[test]
    fn seasons_are_utc_months() {
        let at: DateTime<Utc> = "2026-11-30T23:59:59Z".parse().unwrap();
        assert_eq!(Season::of(at).code(), "2026-11");
        assert_eq!(Season::of(at + chrono::Duration::seconds(1)).code(), "2026-12");
        assert_eq!(Season::parse("2026-12"), Some(Season::of(at + chrono::Duration::seconds(1))));
        assert_eq!(Season::parse("2026-13"), None);
    }

    #[test]
    fn progress_stops_at_the_target() {
        let p = MissionProgress::new(Mission::Deliveries, 5);
        assert_eq!((p.done, p.target, p.percent(), p.is_complete()), (3, 3, 100, true));
        assert_eq!(MissionProgress::new(Mission::Review, 1).percent(), 50);
    }
}
