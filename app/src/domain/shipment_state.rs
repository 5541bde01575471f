//! What a shipment's events add up to. The fold sorts by when things happened and drops
//! duplicates first, so the state depends only on the set of events, never on the order or
//! the number of times they arrived.

use super::event::{EventCode, ProofOfDelivery, ReasonCode, TrackingEvent};
use super::{GeoPoint, Milestone, Progress};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Where the parcel stands, in one word for lists and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShipmentStatus {
    /// Nothing physical yet (at most an order or a label).
    Pending,
    InTransit,
    /// Something went wrong and is not yet resolved.
    Exception,
    /// The shopper must act (customs, address).
    ActionRequired,
    AvailableForPickup,
    Delivered,
    ReturnedToSender,
}

impl ShipmentStatus {
    pub fn code(self) -> &'static str {
        match self {
            ShipmentStatus::Pending => "pending",
            ShipmentStatus::InTransit => "in_transit",
            ShipmentStatus::Exception => "exception",
            ShipmentStatus::ActionRequired => "action_required",
            ShipmentStatus::AvailableForPickup => "available_for_pickup",
            ShipmentStatus::Delivered => "delivered",
            ShipmentStatus::ReturnedToSender => "returned_to_sender",
        }
    }
}

/// A problem that no later event has resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenProblem {
    pub code: EventCode,
    pub reason: Option<ReasonCode>,
    pub customer_action: Option<String>,
    pub since: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipmentState {
    /// Each milestone reached, at the earliest time any event reported it.
    pub milestones: BTreeMap<Milestone, DateTime<Utc>>,
    pub status: ShipmentStatus,
    /// The latest event the shopper would read as news (never a label or a position ping).
    pub headline: Option<EventCode>,
    pub last_event_at: Option<DateTime<Utc>>,
    pub open_problem: Option<OpenProblem>,
    /// The latest known point, from a position ping or a scan with coordinates.
    pub last_point: Option<(GeoPoint, DateTime<Utc>)>,
    pub proof: Option<ProofOfDelivery>,
    /// Distinct events folded.
    pub event_count: usize,
}

impl ShipmentState {
    pub fn progress(&self) -> Progress {
        Progress::from_reached(self.milestones.keys().copied())
    }
}

/// The events in journey order with duplicates dropped: by when they happened, then by their
/// place in the journey (out for delivery before delivered at the same minute), then by content,
/// and last by the whole event, so which of two "same" events is kept never depends on arrival.
pub fn timeline<'a>(events: impl IntoIterator<Item = &'a TrackingEvent>) -> Vec<&'a TrackingEvent> {
    timeline_of(events, |event| event)
}

/// [`timeline`] over anything that holds an event (e.g. a stored row with its id).
pub fn timeline_of<'a, T>(items: impl IntoIterator<Item = &'a T>, event: impl Fn(&T) -> &TrackingEvent) -> Vec<&'a T> {
    let mut keyed: Vec<_> = items.into_iter().map(|item| (event(item).dedupe_keys(), item)).collect();
    keyed.sort_by(|(a_keys, a), (b_keys, b)| {
        let (a, b) = (event(a), event(b));
        (a.occurred_at_utc(), a.code, &a_keys.content, &a_keys.external)
            .cmp(&(b.occurred_at_utc(), b.code, &b_keys.content, &b_keys.external))
            // Ties are rare: only then is the whole event compared.
            .then_with(|| whole(a).cmp(&whole(b)))
    });
    let (mut seen_content, mut seen_external) = (HashSet::new(), HashSet::new());
    keyed
        .into_iter()
        .filter(|(keys, _)| {
            let external_new = keys.external.as_ref().is_none_or(|id| !seen_external.contains(id));
            let new = external_new && !seen_content.contains(&keys.content);
            if new {
                seen_content.insert(keys.content.clone());
                seen_external.extend(keys.external.clone());
            }
            new
        })
        .map(|(_, item)| item)
        .collect()
}

fn whole(event: &TrackingEvent) -> String {
    serde_json::to_string(event).expect("events always serialise")
}

/// Folds events, in any order and with any repeats, into the shipment's state.
pub fn fold<'a>(events: impl IntoIterator<Item = &'a TrackingEvent>) -> ShipmentState {
    let mut state = ShipmentState {
        milestones: BTreeMap::new(),
        status: ShipmentStatus::Pending,
        headline: None,
        last_event_at: None,
        open_problem: None,
        last_point: None,
        proof: None,
        event_count: 0,
    };
    for event in timeline(events) {
        let at = event.occurred_at_utc();
        state.event_count += 1;
        state.last_event_at = Some(at);
        if let Some(point) = event.location.point.or(event.proof.as_ref().and_then(|p| p.point)) {
            state.last_point = Some((point, at));
        }
        if let Some(milestone) = event.code.milestone() {
            state.milestones.entry(milestone).or_insert(at);
        }
        if event.proof.is_some() {
            state.proof = event.proof.clone();
        }
        match event.code {
            EventCode::Position | EventCode::LabelCreated => {}
            code if code.is_problem() => {
                state.headline = Some(code);
                state.open_problem = Some(OpenProblem {
                    code,
                    reason: event.reason,
                    customer_action: event.customer_action.as_ref().map(|a| a.as_str().to_owned()),
                    since: at,
                });
            }
            code => {
                // Any later news of the parcel moving resolves an earlier problem.
                state.headline = Some(code);
                state.open_problem = None;
            }
        }
        state.status = status_after(&state, event.code);
    }
    state
}

fn status_after(state: &ShipmentState, latest: EventCode) -> ShipmentStatus {
    if state.milestones.contains_key(&Milestone::Delivered) {
        return ShipmentStatus::Delivered;
    }
    if let Some(problem) = &state.open_problem {
        return match problem.code {
            EventCode::ReturnedToSender => ShipmentStatus::ReturnedToSender,
            EventCode::CustomsActionRequired => ShipmentStatus::ActionRequired,
            _ if problem.reason == Some(ReasonCode::AddressIssue)
                || problem.reason == Some(ReasonCode::AwaitingPayment) =>
            {
                ShipmentStatus::ActionRequired
            }
            _ => ShipmentStatus::Exception,
        };
    }
    match (latest, state.headline) {
        (_, Some(EventCode::AvailableForPickup)) => ShipmentStatus::AvailableForPickup,
        _ if state.progress().furthest().is_some_and(|m| m >= Milestone::CarrierReceived) => ShipmentStatus::InTransit,
        (_, Some(EventCode::InTransit | EventCode::Handoff)) => ShipmentStatus::InTransit,
        _ if state.last_point.is_some() => ShipmentStatus::InTransit,
        _ => ShipmentStatus::Pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{EventInput, EventSource, EventWindow};
    use proptest::prelude::*;
    use serde_json::json;

    fn event(code: EventCode, at: &str) -> TrackingEvent {
        let mut wire = json!({"code": code.code(), "occurred_at": at});
        if code == EventCode::Position {
            wire["location"] = json!({"lat": 0.0, "lon": 0.0});
        }
        let input: EventInput = serde_json::from_value(wire).unwrap();
        // Any time the fold may see: a window of a century.
        let window = EventWindow {
            max_age: chrono::Duration::days(36_500),
            ..EventWindow::around("2030-01-01T00:00:00Z".parse().unwrap())
        };
        TrackingEvent::from_input(input, EventSource::Native, json!({}), window).unwrap()
    }

    #[test]
    fn a_late_scan_takes_its_place_by_time_and_progress_never_goes_back() {
        let events = [
            event(EventCode::OrderConfirmed, "2026-11-01T08:00:00+08:00"),
            event(EventCode::DepartedOrigin, "2026-11-03T22:00:00+08:00"),
            // Reported after departure, happened before it.
            event(EventCode::CarrierReceived, "2026-11-02T10:00:00+08:00"),
        ];
        let state = fold(&events);
        assert_eq!(state.progress().furthest(), Some(Milestone::DepartedOrigin));
        assert_eq!(state.headline, Some(EventCode::DepartedOrigin), "the late scan is not news");
        assert_eq!(state.status, ShipmentStatus::InTransit);
        assert_eq!(
            timeline(&events).iter().map(|e| e.code).collect::<Vec<_>>(),
            [EventCode::OrderConfirmed, EventCode::CarrierReceived, EventCode::DepartedOrigin]
        );
    }

    #[test]
    fn a_problem_stays_open_until_the_parcel_moves_again() {
        let mut held = event(EventCode::CustomsActionRequired, "2026-11-05T09:00:00+01:00");
        held.reason = Some(ReasonCode::MissingInvoiceData);
        let arrived = event(EventCode::ArrivedDestination, "2026-11-05T06:00:00+01:00");
        let ping = {
            let mut p = event(EventCode::Position, "2026-11-05T10:00:00+01:00");
            p.location.point = Some(GeoPoint::new(50.0, 8.6).unwrap());
            p
        };
        let state = fold([&arrived, &held, &ping]);
        assert_eq!(state.status, ShipmentStatus::ActionRequired);
        assert_eq!(state.open_problem.as_ref().unwrap().reason, Some(ReasonCode::MissingInvoiceData));
        assert_eq!(state.headline, Some(EventCode::CustomsActionRequired), "a position ping is not news");
        let cleared = event(EventCode::CustomsCleared, "2026-11-06T09:00:00+01:00");
        let state = fold([&arrived, &held, &ping, &cleared]);
        assert_eq!(state.open_problem, None);
        assert_eq!(state.status, ShipmentStatus::InTransit);
    }

    #[test]
    fn delivered_wins_and_keeps_its_proof() {
        let mut delivered = event(EventCode::Delivered, "2026-11-07T15:00:00-05:00");
        delivered.proof = Some(ProofOfDelivery {
            method: crate::domain::event::DeliveryMethod::Signature,
            signed_by: Some("J. DOE".try_into().unwrap()),
            photo_url: None,
            point: Some(GeoPoint::new(40.7, -74.0).unwrap()),
        });
        let state = fold([&delivered, &event(EventCode::OutForDelivery, "2026-11-07T08:00:00-05:00")]);
        assert_eq!(state.status, ShipmentStatus::Delivered);
        assert_eq!(state.progress().percent(), 100);
        assert!(state.proof.is_some());
        assert_eq!(state.last_point.unwrap().0, GeoPoint::new(40.7, -74.0).unwrap());
    }

    #[test]
    fn an_empty_history_is_pending() {
        let state = fold(std::iter::empty());
        assert_eq!((state.status, state.event_count, state.headline), (ShipmentStatus::Pending, 0, None));
    }

    /// Events drawn from a small world so that collisions (same time, same code) happen often.
    fn arb_event() -> impl Strategy<Value = TrackingEvent> {
        (
            proptest::sample::select(EventCode::ALL.to_vec()),
            0i64..40,
            proptest::option::of(0u8..3),
            proptest::option::of((-60.0f64..60.0, -170.0f64..170.0)),
            proptest::option::of(0u8..4),
            proptest::sample::select(vec![-8i32, 0, 1, 8]),
        )
            .prop_map(|(code, hour, external, point, reason, offset_hours)| {
                let at = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap() + chrono::Duration::hours(hour);
                let offset = chrono::FixedOffset::east_opt(offset_hours * 3600).unwrap();
                let mut e = event(code, &at.with_timezone(&offset).to_rfc3339());
                e.external_id = external.map(|n| format!("ext-{n}-{}", code.code()).try_into().unwrap());
                if code == EventCode::Position || point.is_some() {
                    let (lat, lon) = point.unwrap_or((10.0, 10.0));
                    e.location.point = Some(GeoPoint::new(lat, lon).unwrap());
                }
                if code.is_problem() {
                    e.reason = reason.map(|r| {
                        [ReasonCode::AddressIssue, ReasonCode::Lost, ReasonCode::DutiesAssessment, ReasonCode::Damaged]
                            [r as usize]
                    });
                }
                e
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any permutation and any duplication of the same events folds to the same state.
        #[test]
        fn order_and_repeats_never_change_the_state(
            events in proptest::collection::vec(arb_event(), 0..25),
            shuffle_seed in any::<u64>(),
            repeats in proptest::collection::vec(0usize..25, 0..10),
        ) {
            let expected = fold(&events);
            let mut delivered: Vec<&TrackingEvent> = events.iter().collect();
            for r in repeats {
                if let Some(e) = events.get(r) { delivered.push(e); }
            }
            // A Fisher-Yates shuffle driven by the seed.
            let mut seed = shuffle_seed | 1;
            for i in (1..delivered.len()).rev() {
                seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
                delivered.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(fold(delivered), expected);
        }

        /// Adding events can reach more milestones, never fewer, and never moves progress back.
        #[test]
        fn milestones_only_move_forward(
            events in proptest::collection::vec(arb_event(), 0..20),
            more in proptest::collection::vec(arb_event(), 0..10),
        ) {
            let before = fold(&events);
            let after = fold(events.iter().chain(&more));
            prop_assert!(after.progress().percent() >= before.progress().percent());
            for (milestone, at) in &before.milestones {
                let later = after.milestones.get(milestone).copied();
                prop_assert!(later.is_some_and(|t| t <= *at), "{milestone} lost or moved later");
            }
        }
    }
}
