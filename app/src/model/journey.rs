//! What the journey page shows and what the live stream sends: shared by server and browser.

use crate::domain::eta::{EtaWindow, NextScan};
use crate::domain::event::{Actor, ProofOfDelivery, ReasonCode};
use crate::domain::gamification::Co2Estimate;
use crate::domain::shipment::{Leg, ServiceLevel, TransportMode};
use crate::domain::shipment_state::OpenProblem;
use crate::domain::values::CountryCode;
use crate::domain::{
    EventCode, GeoPoint, Milestone, Progress, ShipmentState, ShipmentStatus, TrackingEvent, TrackingNumber,
};
use crate::model::rewards::JourneyRewards;
use chrono::{DateTime, FixedOffset, Utc};
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

/// One carrier's part of the route as the map draws it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteLeg {
    pub carrier: String,
    /// The carrier's name as the shopper knows it.
    pub carrier_name: String,
    pub mode: TransportMode,
    /// Where the leg starts, the points it passes (a transit airport, straits and capes at
    /// sea), where it ends: drawn as great circles between them.
    pub waypoints: Vec<GeoPoint>,
    /// The city where this carrier hands over to the next; `None` on the last leg.
    pub handoff: Option<Place>,
}

impl RouteLeg {
    /// The drawn legs of a shipment's carrier legs: each starts where the previous one handed
    /// over (the first at the origin) and ends at its handoff (the last at the destination).
    pub fn from_legs(origin: &Place, destination: &Place, legs: &[Leg]) -> Vec<RouteLeg> {
        let mut start = origin.point;
        legs.iter()
            .map(|leg| {
                let handoff = leg.handoff.as_ref().map(|h| Place {
                    city: h.city.as_str().to_owned(),
                    country_code: h.country.as_str().to_owned(),
                    point: GeoPoint { lat: h.lat, lon: h.lon },
                });
                let end = handoff.as_ref().map_or(destination.point, |h| h.point);
                let waypoints = std::iter::once(start).chain(leg.via.iter().copied()).chain([end]).collect();
                start = end;
                RouteLeg {
                    carrier: leg.carrier.as_str().to_owned(),
                    carrier_name: leg.display_name(),
                    mode: leg.mode,
                    waypoints,
                    handoff,
                }
            })
            .collect()
    }
}

/// One entry of the trusted-update timeline: a scan as it happened, where it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The stored event's id (also its live-stream id).
    pub id: i64,
    pub code: EventCode,
    /// The local time where it happened, with that place's UTC offset.
    pub occurred_at: DateTime<FixedOffset>,
    /// IANA zone of the place, when the carrier gave one.
    pub time_zone: Option<String>,
    pub city: Option<String>,
    pub country: Option<CountryCode>,
    pub point: Option<GeoPoint>,
    pub actor: Actor,
    pub carrier: Option<String>,
    /// The carrier's own words.
    pub description: Option<String>,
    pub reason: Option<ReasonCode>,
    /// The carrier's own instructions to the shopper, when something is asked of them.
    pub customer_action: Option<String>,
}

impl TimelineEntry {
    pub fn from_event(id: i64, event: &TrackingEvent) -> Self {
        let text = |t: &Option<crate::domain::values::LongText>| t.as_ref().map(|t| t.as_str().to_owned());
        Self {
            id,
            code: event.code,
            // Shown in the place's own zone when the carrier named it (some send UTC times).
            occurred_at: match &event.location.time_zone {
                Some(zone) => event.occurred_at.with_timezone(&zone.tz()).fixed_offset(),
                None => event.occurred_at,
            },
            time_zone: event.location.time_zone.as_ref().map(|z| z.as_str().to_owned()),
            city: event.location.city.as_ref().map(|c| c.as_str().to_owned()),
            country: event.location.country,
            point: event.location.point,
            actor: event.actor,
            carrier: event.carrier.as_ref().map(|c| c.carrier.as_str().to_owned()),
            description: text(&event.description),
            reason: event.reason,
            customer_action: text(&event.customer_action),
        }
    }
}

/// What the shipment's state says now: the headline, any problem, the forecast, the proof.
/// Recomputed on every event and sent on the live stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlook {
    pub status: ShipmentStatus,
    /// The latest news (never a label being printed, never a position ping).
    pub headline: Option<EventCode>,
    pub problem: Option<OpenProblem>,
    pub proof: Option<ProofOfDelivery>,
    pub eta: Option<EtaWindow>,
    pub next_scan: Option<NextScan>,
}

impl Outlook {
    /// The part the events alone decide; the forecast comes from the lane's history.
    pub fn from_state(state: &ShipmentState) -> Self {
        Self {
            status: state.status,
            headline: state.headline,
            problem: state.open_problem.clone(),
            proof: state.proof.clone(),
            eta: None,
            next_scan: None,
        }
    }
}

/// Everything the journey page renders for one shipment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyView {
    pub tracking_number: TrackingNumber,
    pub origin: Place,
    pub destination: Place,
    pub service: ServiceLevel,
    /// The carriers' legs in journey order; may be empty (the map then draws origin to
    /// destination).
    pub legs: Vec<RouteLeg>,
    pub milestones: Vec<MilestoneReached>,
    /// Every scan except position pings, oldest first.
    pub timeline: Vec<TimelineEntry>,
    pub outlook: Outlook,
    pub last_position: Option<PositionFix>,
    /// The newest stored event this view includes (0: none): the live stream resumes after
    /// it, so nothing stored between the render and the connection is missed.
    pub last_event_id: i64,
    /// Badges, reward cards and points: this page is the shopper's own (its token is secret).
    pub rewards: JourneyRewards,
    /// The route's estimated CO2 for a 1 kg parcel, computed once on the server: trigonometry
    /// in the browser can differ in the last digit, and the page must hydrate what was rendered.
    pub footprint: Option<Co2Estimate>,
    /// The shop the parcel comes from: its name, colour and logo head the page, its words
    /// name the tiers and tell the story.
    pub shop: ShopBrand,
}

/// A shop as its shoppers' pages show it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShopBrand {
    pub name: String,
    pub colour: crate::model::share::BrandColour,
    /// Where its logo is served; `None`: no logo.
    pub logo: Option<String>,
    pub words: crate::domain::design::ShopWords,
}

/// Where a shop's uploaded logo is served (public: it heads its shoppers' pages).
pub fn logo_path(shop_slug: &str, digest: &crate::domain::design::LogoDigest) -> String {
    format!("/shops/{shop_slug}/logo/{}", digest.as_str())
}

impl JourneyView {
    /// The legs to draw: the carriers' legs, or one straight leg when none are known.
    pub fn route(&self) -> Vec<RouteLeg> {
        if !self.legs.is_empty() {
            return self.legs.clone();
        }
        vec![RouteLeg {
            carrier: String::new(),
            carrier_name: String::new(),
            mode: TransportMode::Road,
            waypoints: vec![self.origin.point, self.destination.point],
            handoff: None,
        }]
    }

    pub fn progress(&self) -> Progress {
        Progress::from_reached(self.milestones.iter().map(|m| m.milestone))
    }

    /// The carrier's name for a slug, as the legs give it.
    pub fn carrier_name(&self, slug: &str) -> Option<String> {
        self.legs.iter().find(|leg| leg.carrier == slug).map(|leg| leg.carrier_name.clone())
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

/// A scan as the live stream sends it: a new timeline entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scan {
    pub entry: TimelineEntry,
    /// The scan is where the parcel is now (it is the latest point known), so the marker moves.
    pub moves_marker: bool,
}

impl Scan {
    /// The scan as the parcel's position, when it moves the marker.
    pub fn fix(&self) -> Option<PositionFix> {
        let point = self.entry.point.filter(|_| self.moves_marker)?;
        Some(PositionFix { id: self.entry.id, point, recorded_at: self.entry.occurred_at.with_timezone(&Utc) })
    }

    pub fn milestone(&self) -> Option<Milestone> {
        self.entry.code.milestone()
    }
}

/// A message on a journey's live stream (`/t/{token}/live`), JSON in the SSE `data:` field.
/// One stored event gives at most one message with its id, so ids stay strictly increasing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveUpdate {
    /// A position ping.
    Position(PositionFix),
    /// Any other scan: a milestone, a handoff, a customs hold, an exception.
    Scan(Box<Scan>),
    /// The state after the updates before it (sent after each batch and after a replay).
    /// It has no id of its own: a reconnect resumes after the last event.
    Outlook(Box<Outlook>),
    /// The shipment's rewards after a grant (and after a replay); no id of its own either.
    Rewards(Box<JourneyRewards>),
}

impl LiveUpdate {
    /// The SSE event id: the stored row's id, so a reconnect can resume after it.
    pub fn event_id(&self) -> Option<i64> {
        match self {
            LiveUpdate::Position(fix) => Some(fix.id),
            LiveUpdate::Scan(scan) => Some(scan.entry.id),
            LiveUpdate::Outlook(_) | LiveUpdate::Rewards(_) => None,
        }
    }
}

impl TimelineEntry {
    /// Timeline order: when it happened, then the order it was stored in.
    pub fn order_key(&self) -> (DateTime<Utc>, i64) {
        (self.occurred_at.to_utc(), self.id)
    }
}

/// Adds a live scan to the timeline once (a replay may repeat one), in timeline order.
pub fn merge_entry(entries: &mut Vec<TimelineEntry>, entry: TimelineEntry) {
    if entries.iter().any(|known| known.id == entry.id) {
        return;
    }
    let at = entries.partition_point(|known| known.order_key() <= entry.order_key());
    entries.insert(at, entry);
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
        assert_eq!(update.event_id(), Some(7));
        let event: TrackingEvent = serde_json::from_value(serde_json::json!({
            "code": "customs_cleared", "occurred_at": "2026-11-21T17:00:00+08:00",
            "location": {"city": "Shanghai", "country": "CN", "lat": 31.2, "lon": 121.5, "time_zone": "Asia/Shanghai"},
            "actor": "customs", "source": "native", "raw": {}
        }))
        .unwrap();
        let scan = LiveUpdate::Scan(Box::new(Scan { entry: TimelineEntry::from_event(8, &event), moves_marker: true }));
        let json = serde_json::to_string(&scan).unwrap();
        assert!(json.starts_with(r#"{"type":"scan","entry":{"id":8,"code":"customs_cleared""#), "{json}");
        assert_eq!(serde_json::from_str::<LiveUpdate>(&json).unwrap(), scan);
        let LiveUpdate::Scan(parsed) = scan else { unreachable!() };
        assert_eq!(parsed.milestone(), Some(Milestone::CustomsCleared));
        let fix = parsed.fix().unwrap();
        assert_eq!(
            fix.recorded_at,
            "2026-11-21T09:00:00Z".parse::<DateTime<Utc>>().unwrap(),
            "local time kept, UTC derived"
        );
    }

    #[test]
    fn merged_entries_keep_time_order_and_come_once() {
        let entry = |id: i64, at: &str| {
            let event: TrackingEvent = serde_json::from_value(serde_json::json!({
                "code": "in_transit", "occurred_at": at, "actor": "carrier", "source": "native", "raw": {}
            }))
            .unwrap();
            TimelineEntry::from_event(id, &event)
        };
        let mut shown = vec![entry(1, "2026-11-21T08:00:00+00:00"), entry(3, "2026-11-21T10:00:00+00:00")];
        // Stored later, happened in between (in another time zone).
        merge_entry(&mut shown, entry(4, "2026-11-21T17:00:00+08:00"));
        merge_entry(&mut shown, entry(4, "2026-11-21T17:00:00+08:00"));
        assert_eq!(shown.iter().map(|e| e.id).collect::<Vec<_>>(), vec![1, 4, 3]);
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
