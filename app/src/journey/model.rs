//! What the journey page shows and what the live stream sends: shared by server and browser.

use crate::domain::{GeoPoint, Milestone, Progress, TrackingNumber};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A city on the route, never a street address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    pub point: GeoPoint,
}

/// One stored position of the parcel. `id` orders positions and is the SSE event id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositionFix {
    pub id: i64,
    pub point: GeoPoint,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneReached {
    pub milestone: Milestone,
    pub reached_at: DateTime<Utc>,
}

/// Everything the journey page renders for one shipment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyView {
    pub tracking_number: TrackingNumber,
    pub origin: Place,
    pub destination: Place,
    /// Where one carrier hands the parcel to the next, in journey order (city level).
    pub handoffs: Vec<Place>,
    pub milestones: Vec<MilestoneReached>,
    pub last_position: Option<PositionFix>,
    /// The newest stored event this view includes (0: none): the live stream resumes after
    /// it, so nothing stored between the render and the connection is missed.
    pub last_event_id: i64,
}

impl JourneyView {
    /// The route's turning points: origin, each handoff, destination.
    pub fn waypoints(&self) -> Vec<GeoPoint> {
        std::iter::once(&self.origin).chain(&self.handoffs).chain([&self.destination]).map(|p| p.point).collect()
    }

    pub fn progress(&self) -> Progress {
        Progress::from_reached(self.milestones.iter().map(|m| m.milestone))
    }
}

/// One line of the landing page's demo list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneySummary {
    pub token: String,
    pub tracking_number: TrackingNumber,
    pub origin_city: String,
    pub destination_city: String,
    pub progress: Progress,
}

/// A milestone scan as the live stream sends it; `point` is where it happened, if known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneScan {
    pub id: i64,
    pub milestone: Milestone,
    pub reached_at: DateTime<Utc>,
    pub point: Option<GeoPoint>,
}

impl MilestoneScan {
    /// The scan as a position of the parcel, when it has coordinates.
    pub fn fix(&self) -> Option<PositionFix> {
        self.point.map(|point| PositionFix { id: self.id, point, recorded_at: self.reached_at })
    }
}

/// A message on a journey's live stream (`/t/{token}/live`), JSON in the SSE `data:` field.
/// One stored event gives at most one message, so event ids stay strictly increasing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveUpdate {
    /// The parcel was seen somewhere (a ping or a scan that is not a milestone).
    Position(PositionFix),
    Milestone(MilestoneScan),
}

impl LiveUpdate {
    /// The SSE event id: the stored row's id, so a reconnect can resume after it.
    pub fn event_id(&self) -> i64 {
        match self {
            LiveUpdate::Position(fix) => fix.id,
            LiveUpdate::Milestone(scan) => scan.id,
        }
    }
}

/// Adds a live milestone to the ones shown, keeping the earliest time for each and journey order.
pub fn merge_milestone(milestones: &mut Vec<MilestoneReached>, milestone: Milestone, reached_at: DateTime<Utc>) {
    match milestones.iter_mut().find(|m| m.milestone == milestone) {
        Some(known) => known.reached_at = known.reached_at.min(reached_at),
        None => {
            milestones.push(MilestoneReached { milestone, reached_at });
            milestones.sort_by_key(|m| m.milestone);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_update_json_is_tagged_and_round_trips() {
        let update = LiveUpdate::Position(PositionFix {
            id: 7,
            point: GeoPoint::new(1.5, -2.25).unwrap(),
            recorded_at: "2026-11-21T08:00:00Z".parse().unwrap(),
        });
        let json = serde_json::to_string(&update).unwrap();
        assert!(json.starts_with(r#"{"type":"position","id":7"#), "{json}");
        assert_eq!(serde_json::from_str::<LiveUpdate>(&json).unwrap(), update);
        assert_eq!(update.event_id(), 7);
        let scan = LiveUpdate::Milestone(MilestoneScan {
            id: 8,
            milestone: Milestone::CustomsCleared,
            reached_at: "2026-11-21T09:00:00Z".parse().unwrap(),
            point: None,
        });
        let json = serde_json::to_string(&scan).unwrap();
        assert!(json.starts_with(r#"{"type":"milestone","id":8,"milestone":"customs_cleared""#), "{json}");
        assert_eq!(serde_json::from_str::<LiveUpdate>(&json).unwrap(), scan);
    }

    #[test]
    fn merged_milestones_keep_journey_order_and_the_earliest_time() {
        let at = |h: u32| format!("2026-11-21T{h:02}:00:00Z").parse::<DateTime<Utc>>().unwrap();
        let mut shown = vec![MilestoneReached { milestone: Milestone::Packed, reached_at: at(5) }];
        merge_milestone(&mut shown, Milestone::OrderConfirmed, at(1));
        merge_milestone(&mut shown, Milestone::Packed, at(7));
        merge_milestone(&mut shown, Milestone::Packed, at(4));
        let got: Vec<_> = shown.iter().map(|m| (m.milestone, m.reached_at)).collect();
        assert_eq!(got, vec![(Milestone::OrderConfirmed, at(1)), (Milestone::Packed, at(4))]);
    }
}
