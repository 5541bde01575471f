//! The journey as levels: the eight milestones grouped into four tiers. A tier is unlocked when
//! the journey reaches its first milestone and completed at its last; like [`Progress`], it
//! only ever moves forward.

use crate::domain::{Milestone, Progress};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The shop has it: order confirmed, packed.
    Liftoff,
    /// On its way abroad: the carrier has it, it left the origin.
    Voyage,
    /// Arrived and through customs.
    Border,
    /// Out for delivery, delivered.
    HomeStretch,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Liftoff, Tier::Voyage, Tier::Border, Tier::HomeStretch];

    pub fn code(self) -> &'static str {
        match self {
            Tier::Liftoff => "liftoff",
            Tier::Voyage => "voyage",
            Tier::Border => "border",
            Tier::HomeStretch => "home_stretch",
        }
    }

    pub fn of(milestone: Milestone) -> Tier {
        match milestone {
            Milestone::OrderConfirmed | Milestone::Packed => Tier::Liftoff,
            Milestone::CarrierReceived | Milestone::DepartedOrigin => Tier::Voyage,
            Milestone::ArrivedDestination | Milestone::CustomsCleared => Tier::Border,
            Milestone::OutForDelivery | Milestone::Delivered => Tier::HomeStretch,
        }
    }

    /// The tier's milestones, in journey order.
    pub fn milestones(self) -> impl Iterator<Item = Milestone> {
        Milestone::ALL.into_iter().filter(move |m| Tier::of(*m) == self)
    }
}

/// Where the journey stands in tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TierProgress {
    progress: Progress,
}

impl TierProgress {
    pub fn new(progress: Progress) -> Self {
        Self { progress }
    }

    /// The tier the journey is in now (the furthest unlocked); `None` before the first milestone.
    pub fn current(&self) -> Option<Tier> {
        self.progress.furthest().map(Tier::of)
    }

    pub fn is_unlocked(&self, tier: Tier) -> bool {
        self.current().is_some_and(|current| tier <= current)
    }

    pub fn is_completed(&self, tier: Tier) -> bool {
        tier.milestones().all(|m| self.progress.is_done(m))
    }

    /// Tiers unlocked by moving from `before` to `self` (what a live unlock animation shows).
    pub fn newly_unlocked(&self, before: &TierProgress) -> Vec<Tier> {
        Tier::ALL.into_iter().filter(|t| self.is_unlocked(*t) && !before.is_unlocked(*t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(reached: &[Milestone]) -> TierProgress {
        TierProgress::new(Progress::from_reached(reached.iter().copied()))
    }

    #[test]
    fn every_tier_holds_two_milestones_in_journey_order() {
        let all: Vec<Milestone> = Tier::ALL.into_iter().flat_map(Tier::milestones).collect();
        assert_eq!(all, Milestone::ALL.to_vec());
        assert!(Tier::ALL.into_iter().all(|t| t.milestones().count() == 2));
    }

    #[test]
    fn tiers_unlock_at_their_first_milestone_and_complete_at_their_last() {
        let p = at(&[Milestone::ArrivedDestination]);
        assert_eq!(p.current(), Some(Tier::Border));
        assert!(p.is_unlocked(Tier::Liftoff) && p.is_completed(Tier::Voyage), "skipped scans still count");
        assert!(p.is_unlocked(Tier::Border) && !p.is_completed(Tier::Border));
        assert!(!p.is_unlocked(Tier::HomeStretch));
        assert_eq!(at(&[]).current(), None);
        assert!(at(&[Milestone::Delivered]).is_completed(Tier::HomeStretch));
    }

    #[test]
    fn a_jump_unlocks_every_tier_passed_and_a_late_scan_unlocks_nothing() {
        let before = at(&[Milestone::Packed]);
        let after = at(&[Milestone::Packed, Milestone::CustomsCleared]);
        assert_eq!(after.newly_unlocked(&before), vec![Tier::Voyage, Tier::Border]);
        let late = at(&[Milestone::Packed, Milestone::CustomsCleared, Milestone::CarrierReceived]);
        assert_eq!(late.newly_unlocked(&after), Vec::<Tier>::new(), "forward only");
    }
}
