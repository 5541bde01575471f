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
    pub milestones: Vec<MilestoneReached>,
    pub last_position: Option<PositionFix>,
}

impl JourneyView {
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

/// A message on a journey's live stream (`/t/{token}/live`), JSON in the SSE `data:` field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveUpdate {
    Position(PositionFix),
}

impl LiveUpdate {
    /// The SSE event id: the stored row's id, so a reconnect can resume after it.
    pub fn event_id(&self) -> i64 {
        match self {
            LiveUpdate::Position(fix) => fix.id,
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
    }
}
