//! The eight canonical milestones of a journey and the forward-only progress they give.

use serde::{Deserialize, Serialize};
use std::fmt;

listed_enum! {
    /// A trusted update the shopper sees, in journey order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Milestone {
        OrderConfirmed,
        Packed,
        CarrierReceived,
        DepartedOrigin,
        ArrivedDestination,
        CustomsCleared,
        OutForDelivery,
        Delivered,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown milestone code {0:?}")]
pub struct UnknownMilestone(pub String);

impl Milestone {
    /// The stable code used in the event standard, the database and the APIs.
    pub fn code(self) -> &'static str {
        match self {
            Milestone::OrderConfirmed => "order_confirmed",
            Milestone::Packed => "packed",
            Milestone::CarrierReceived => "carrier_received",
            Milestone::DepartedOrigin => "departed_origin",
            Milestone::ArrivedDestination => "arrived_destination",
            Milestone::CustomsCleared => "customs_cleared",
            Milestone::OutForDelivery => "out_for_delivery",
            Milestone::Delivered => "delivered",
        }
    }

    /// 1-based position in the journey.
    pub fn ordinal(self) -> usize {
        self as usize + 1
    }
}

impl std::str::FromStr for Milestone {
    type Err = UnknownMilestone;
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Milestone::ALL.into_iter().find(|m| m.code() == code).ok_or_else(|| UnknownMilestone(code.to_owned()))
    }
}

impl fmt::Display for Milestone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How far a journey has come. Built from the set of milestones reached, so it can only move
/// forward: a milestone reported late never pulls the bar back, and the furthest one counts
/// even when an earlier one was never scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Progress {
    furthest: Option<Milestone>,
}

impl Progress {
    pub fn from_reached(reached: impl IntoIterator<Item = Milestone>) -> Self {
        Self { furthest: reached.into_iter().max() }
    }

    pub fn furthest(&self) -> Option<Milestone> {
        self.furthest
    }

    /// Whole percent, 0 before the first milestone, 100 once delivered.
    pub fn percent(&self) -> u8 {
        self.furthest.map_or(0, |m| (m.ordinal() * 100 / Milestone::ALL.len()) as u8)
    }

    /// A milestone counts as done when the journey has reached it or anything after it.
    pub fn is_done(&self, milestone: Milestone) -> bool {
        self.furthest.is_some_and(|f| milestone <= f)
    }

    /// The milestone the shopper is waiting for next.
    pub fn next(&self) -> Option<Milestone> {
        match self.furthest {
            None => Some(Milestone::OrderConfirmed),
            Some(f) => Milestone::ALL.get(f.ordinal()).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_rejected() {
        for m in Milestone::ALL {
            assert_eq!(m.code().parse::<Milestone>(), Ok(m));
        }
        assert_eq!("label_created".parse::<Milestone>(), Err(UnknownMilestone("label_created".into())));
    }

    #[test]
    fn progress_only_counts_the_furthest_milestone() {
        let p = Progress::from_reached([Milestone::DepartedOrigin, Milestone::OrderConfirmed]);
        assert_eq!(p.percent(), 50);
        assert!(p.is_done(Milestone::Packed), "skipped scans still count as done");
        assert!(!p.is_done(Milestone::ArrivedDestination));
        assert_eq!(p.next(), Some(Milestone::ArrivedDestination));
    }

    #[test]
    fn progress_bounds() {
        assert_eq!(Progress::from_reached([]).percent(), 0);
        assert_eq!(Progress::from_reached([]).next(), Some(Milestone::OrderConfirmed));
        let done = Progress::from_reached([Milestone::Delivered]);
        assert_eq!(done.percent(), 100);
        assert_eq!(done.next(), None);
    }
}
