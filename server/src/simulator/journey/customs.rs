//! Import customs in the destination country: the dwell, holds and duties.

use super::{hours, LegNo, Planner};
use crate::simulator::dataset::{Site, HOLD_REASONS};
use app::domain::calendar::WorkWeek;
use app::domain::event::{EventCode, ReasonCode};
use chrono::{DateTime, Utc};

impl Planner {
    /// Customs dwell, holds and duties; returns the release time.
    pub(super) fn customs(&mut self, arrived: DateTime<Utc>, at: &Site) -> DateTime<Utc> {
        let customs = self.lane.customs;
        let office = at.working(WorkWeek::MondayToSaturday, 7, 20);
        let (median, p90, cap) = customs.dwell_hours;
        let mut release = arrived + hours(self.rng.skewed(median, p90, cap));
        if self.rng.chance(customs.hold_rate) {
            self.incidents.customs_hold = true;
            let reason = *self.rng.pick_weighted(HOLD_REASONS);
            let held_at = office.next_open(arrived + (release - arrived) / 2);
            let words = match reason {
                ReasonCode::RandomInspection => "Held by customs for a routine inspection",
                ReasonCode::MissingInvoiceData => {
                    "Held by customs: the invoice is incomplete; the shop has been asked for it"
                }
                _ => "Held by customs while the duties are assessed",
            };
            self.problem(
                EventCode::CustomsHeld,
                held_at,
                at,
                LegNo::Linehaul,
                reason,
                words.into(),
                None,
                "Customs usually finishes its checks within one to four days",
            );
            release = release.max(held_at) + hours(self.rng.skewed(30.0, 70.0, 110.0));
        }
        if self.rng.chance(customs.action_rate) {
            self.incidents.customs_action = true;
            let asked = office.next_open(self.last_at().max(arrived + (release - arrived) / 3));
            self.problem(
                EventCode::CustomsActionRequired,
                asked,
                at,
                LegNo::Linehaul,
                ReasonCode::AwaitingPayment,
                "Import duties and taxes are due before release".into(),
                Some(customs.action.to_owned()),
                "Customs releases the parcel once the payment is received",
            );
            let paid = asked + hours(self.rng.skewed(18.0, 60.0, 120.0));
            self.scan(EventCode::InTransit, paid, at, Some(LegNo::Linehaul), "Duties paid; awaiting release".into());
            release = release.max(paid) + hours(self.rng.uniform(2.0, 10.0));
        }
        let release = office.next_open(release);
        self.scan(EventCode::CustomsCleared, release, at, Some(LegNo::Linehaul), "Cleared by customs".into());
        release
    }
}
