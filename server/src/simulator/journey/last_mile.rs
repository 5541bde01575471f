//! The last mile: the local carrier's handoff and trunk to the depot, what can go wrong there,
//! and the delivery rounds until the parcel is delivered (or sent back).

use super::{hours, long, minutes, text, LegNo, Outcome, Planner, RouteSegment};
use crate::simulator::dataset::EXCEPTION_RATES;
use crate::simulator::path::Polyline;
use app::domain::calendar::WorkWeek;
use app::domain::event::{DeliveryMethod, EventCode, ProofOfDelivery, ReasonCode};
use app::domain::shipment::TransportMode;
use app::domain::GeoPoint;
use chrono::{DateTime, Utc};

/// Minutes between pings of the courier's round.
const COURIER_PING_MINUTES: i64 = 4;

impl Planner {
    /// From customs release to the doorstep: returns how the journey ends.
    pub(super) fn last_mile(&mut self, cleared: DateTime<Utc>, home: GeoPoint) -> Outcome {
        let lane = self.lane;
        let arrival = self.option.stops[self.option.stops.len() - 1];
        // Last mile: handoff at the gateway, trunk to the depot, then delivery rounds.
        let last_mile = lane.last_mile;
        let handed_local = cleared + hours(self.rng.skewed(8.0, 24.0, 48.0));
        self.scan(
            EventCode::Handoff,
            handed_local,
            &arrival,
            Some(LegNo::LastMile),
            format!("Handed to {} for delivery", last_mile.carrier.name),
        );
        let at_depot = self.drive(handed_local, &arrival, &last_mile.depot, LegNo::LastMile);
        self.scan(
            EventCode::InTransit,
            at_depot,
            &last_mile.depot,
            Some(LegNo::LastMile),
            format!("Arrived at {}", last_mile.depot.name),
        );
        let mut ready = at_depot + hours(self.rng.uniform(1.0, 6.0));

        if self.rng.chance(EXCEPTION_RATES.damaged) {
            self.incidents.damaged = true;
            let at = at_depot + hours(self.rng.uniform(0.5, 2.0));
            self.problem(
                EventCode::Exception,
                at,
                &last_mile.depot,
                LegNo::LastMile,
                ReasonCode::Damaged,
                "Outer packaging damaged in transit; contents checked and repacked".into(),
                None,
                "It continues to you after repacking, usually a day later",
            );
            ready = at + hours(self.rng.uniform(12.0, 30.0));
            self.scan(
                EventCode::InTransit,
                ready,
                &last_mile.depot,
                Some(LegNo::LastMile),
                "Repacked; back in the delivery flow".into(),
            );
        }

        if self.rng.chance(EXCEPTION_RATES.address_issue) {
            self.incidents.address_issue = true;
            let at = ready.max(at_depot + hours(2.0));
            self.problem(
                EventCode::Exception,
                at,
                &last_mile.depot,
                LegNo::LastMile,
                ReasonCode::AddressIssue,
                "Address incomplete: the house number is missing".into(),
                Some(format!("Confirm your full delivery address with {}.", last_mile.carrier.name)),
                "Delivery resumes as soon as the address is confirmed",
            );
            if self.rng.chance(EXCEPTION_RATES.address_unresolved) {
                let returned = at + hours(24.0 * self.rng.uniform(7.0, 10.0));
                self.scan(
                    EventCode::ReturnedToSender,
                    returned,
                    &last_mile.depot,
                    Some(LegNo::LastMile),
                    "Returned to sender: the address could not be confirmed".into(),
                );
                return Outcome::ReturnedToSender;
            }
            ready = at + hours(self.rng.skewed(20.0, 60.0, 96.0));
            self.scan(
                EventCode::InTransit,
                ready,
                &last_mile.depot,
                Some(LegNo::LastMile),
                "Address confirmed by the recipient".into(),
            );
        }

        let (delivered_at, method) = self.deliver(ready, home);
        let proof = ProofOfDelivery {
            method,
            signed_by: (method == DeliveryMethod::Signature).then(|| text("Recipient")),
            photo_url: None,
            point: Some(home),
        };
        let words = match method {
            DeliveryMethod::LeftAtDoor => "Delivered, left at the front door",
            DeliveryMethod::Mailbox => "Delivered to the mailbox",
            DeliveryMethod::Neighbour => "Delivered to a neighbour",
            DeliveryMethod::Locker => "Delivered to a parcel locker",
            DeliveryMethod::PickupPoint => "Collected by the recipient at the pickup point",
            DeliveryMethod::Signature => "Delivered, signed for",
            DeliveryMethod::HandedToRecipient => "Delivered to the recipient",
        };
        let delivered =
            self.scan(EventCode::Delivered, delivered_at, &lane.destination, Some(LegNo::LastMile), words.into());
        delivered.proof = Some(proof);
        delivered.location.point = Some(home);
        Outcome::Delivered
    }

    /// Delivery rounds until someone is home (or the parcel waits at a pickup point).
    pub(super) fn deliver(&mut self, ready: DateTime<Utc>, home: GeoPoint) -> (DateTime<Utc>, DeliveryMethod) {
        let lane = self.lane;
        let depot = lane.last_mile.depot;
        let rounds = depot.working(lane.last_mile.delivery_week, 7, 9);
        let mut start = rounds.next_open(ready + hours(1.0));
        let first_fails = self.rng.chance(EXCEPTION_RATES.failed_attempt);
        if first_fails {
            self.incidents.failed_attempt = true;
            let attempt = self.round(start, home);
            self.problem(
                EventCode::DeliveryAttemptFailed,
                attempt,
                &lane.destination,
                LegNo::LastMile,
                ReasonCode::RecipientUnavailable,
                "Delivery attempted: nobody was home".into(),
                Some(format!(
                    "Nothing to do: {} tries again on the next delivery day, or reschedule online.",
                    lane.last_mile.carrier.name
                )),
                "Second attempt on the next delivery day",
            );
            start = rounds.next_open(attempt + hours(6.0));
            if self.rng.chance(EXCEPTION_RATES.second_attempt_fails) {
                self.incidents.second_attempt_failed = true;
                let second = self.round(start, home);
                let pickup = self.scan(
                    EventCode::AvailableForPickup,
                    second + minutes(90.0),
                    &lane.destination,
                    Some(LegNo::LastMile),
                    "Nobody was home again; the parcel waits at the local post office".into(),
                );
                pickup.customer_action = Some(long("Collect it with photo ID within 10 days."));
                let counter = depot.working(WorkWeek::MondayToSaturday, 9, 18);
                let collected = counter.next_open(second + hours(2.0 + self.rng.skewed(20.0, 60.0, 150.0)));
                return (collected, DeliveryMethod::PickupPoint);
            }
        }
        let delivered = self.round(start, home);
        let method = *self.rng.pick_weighted(lane.last_mile.delivery_methods);
        (delivered, method)
    }

    /// One delivery round: out for delivery, the courier's stops, arrival at the door.
    pub(super) fn round(&mut self, start: DateTime<Utc>, home: GeoPoint) -> DateTime<Utc> {
        let lane = self.lane;
        let depot = lane.last_mile.depot;
        let out = start + minutes(self.rng.uniform(0.0, 90.0));
        self.scan(EventCode::OutForDelivery, out, &lane.destination, Some(LegNo::LastMile), "Out for delivery".into());
        let mut stops = vec![depot.point()];
        for _ in 0..self.rng.int(2, 4) {
            stops.push(self.near(home, 6.0));
        }
        stops.push(home);
        let path = Polyline::through(&stops, 0.5);
        let at_door = out + hours(self.rng.uniform(1.5, 7.0));
        self.pings_along(&path, out + minutes(10.0), at_door - minutes(5.0), COURIER_PING_MINUTES, LegNo::LastMile);
        self.route.push(RouteSegment { mode: TransportMode::Courier, path });
        at_door
    }
}
