//! Demo data for a fresh database: a demo merchant and journeys at different stages on real
//! lanes, so `make run` shows the product straight away.

use crate::ingest;
use crate::storage::{AppendRequest, EventToAppend, NewShipment, Storage, StorageError, DEMO_MERCHANT_SLUG};
use app::domain::event::{EventCode, EventInput, EventLocation, EventSource, TrackingEvent};
use app::domain::geo::great_circle;
use app::domain::shipment::{RoutePlace, ShipmentSpec, Shopper};
use app::domain::{GeoPoint, Milestone};
use chrono::{DateTime, Duration, Utc};

struct DemoJourney {
    origin: (&'static str, &'static str, f64, f64),
    destination: (&'static str, &'static str, f64, f64),
    /// Milestones reached, in order, with hours ago.
    reached: &'static [(Milestone, i64)],
    /// Fraction of the route flown so far.
    along_route: f64,
}

const JOURNEYS: &[DemoJourney] = &[
    DemoJourney {
        origin: ("Shenzhen", "CN", 22.5431, 114.0579),
        destination: ("Los Angeles", "US", 34.0522, -118.2437),
        reached: &[
            (Milestone::OrderConfirmed, 70),
            (Milestone::Packed, 52),
            (Milestone::CarrierReceived, 40),
            (Milestone::DepartedOrigin, 9),
        ],
        along_route: 0.55,
    },
    DemoJourney {
        origin: ("Shanghai", "CN", 31.2304, 121.4737),
        destination: ("Frankfurt", "DE", 50.1109, 8.6821),
        reached: &[
            (Milestone::OrderConfirmed, 150),
            (Milestone::Packed, 130),
            (Milestone::CarrierReceived, 120),
            (Milestone::DepartedOrigin, 96),
            (Milestone::ArrivedDestination, 60),
            (Milestone::CustomsCleared, 20),
        ],
        along_route: 0.985,
    },
    DemoJourney {
        origin: ("Seoul", "KR", 37.5665, 126.9780),
        destination: ("Sydney", "AU", -33.8688, 151.2093),
        reached: &[(Milestone::OrderConfirmed, 20), (Milestone::Packed, 3)],
        along_route: 0.0,
    },
    DemoJourney {
        origin: ("Dallas", "US", 32.7767, -96.7970),
        destination: ("London", "GB", 51.5074, -0.1278),
        reached: &[
            (Milestone::OrderConfirmed, 200),
            (Milestone::Packed, 190),
            (Milestone::CarrierReceived, 180),
            (Milestone::DepartedOrigin, 160),
            (Milestone::ArrivedDestination, 140),
            (Milestone::CustomsCleared, 100),
            (Milestone::OutForDelivery, 30),
            (Milestone::Delivered, 26),
        ],
        along_route: 1.0,
    },
];

fn place((city, country, lat, lon): (&str, &str, f64, f64)) -> RoutePlace {
    RoutePlace {
        city: city.try_into().expect("demo cities are valid"),
        region: None,
        country: country.try_into().expect("demo countries are valid"),
        postal_code: None,
        lat: lat.try_into().expect("demo places are valid"),
        lon: lon.try_into().expect("demo places are valid"),
    }
}

fn demo_event(code: EventCode, at: DateTime<Utc>, point: Option<GeoPoint>) -> TrackingEvent {
    let input = EventInput {
        location: EventLocation { point, ..Default::default() },
        ..EventInput::new(code, at.fixed_offset())
    };
    TrackingEvent::from_input(input, EventSource::Native, serde_json::Value::Null, Utc::now())
        .expect("demo events are in the past and well formed")
}

/// The point `fraction` of the way along the great circle, longitude folded into -180..=180.
fn along(origin: GeoPoint, destination: GeoPoint, fraction: f64) -> GeoPoint {
    const STEPS: usize = 200;
    let (lat, lon) =
        great_circle(origin, destination, STEPS)[(fraction.clamp(0.0, 1.0) * STEPS as f64).round() as usize];
    let lon = (lon + 540.0).rem_euclid(360.0) - 180.0;
    GeoPoint::new(lat, lon).expect("great-circle points are on the globe")
}

/// Seeds the demo journeys if the database has no shipments; returns how many it created.
pub async fn seed_if_empty(storage: &dyn Storage) -> Result<usize, StorageError> {
    if storage.shipment_count().await? > 0 {
        return Ok(0);
    }
    let merchant = storage.ensure_merchant(DEMO_MERCHANT_SLUG, "Trekpost Demo Shop").await?;
    let now = Utc::now();
    for (i, journey) in JOURNEYS.iter().enumerate() {
        let (origin, destination) = (place(journey.origin), place(journey.destination));
        let position = along(origin.point(), destination.point(), journey.along_route);
        let spec = ShipmentSpec {
            tracking_number: None,
            order_ref: Some(format!("DEMO-{}", 1001 + i).try_into().expect("valid")),
            shopper: Shopper {
                reference: format!("demo-shopper-{}", i + 1).try_into().expect("valid"),
                name: None,
                email: None,
                locale: None,
            },
            origin,
            destination,
            service: Default::default(),
            eco: i % 2 == 1,
            legs: Vec::new(),
        };
        let shipment = storage.create_shipment(merchant, &NewShipment::issue(spec)).await?;
        let mut events: Vec<EventToAppend> = journey
            .reached
            .iter()
            .map(|&(milestone, hours_ago)| {
                demo_event(EventCode::from_milestone(milestone), now - Duration::hours(hours_ago), None)
            })
            .map(|event| EventToAppend { shipment, event })
            .collect();
        let ping = demo_event(EventCode::Position, now - Duration::minutes(10), Some(position));
        events.push(EventToAppend { shipment, event: ping });
        ingest::append(storage, None, AppendRequest { merchant, delivery: None, events: &events }).await?;
    }
    tracing::info!(journeys = JOURNEYS.len(), "seeded demo journeys");
    Ok(JOURNEYS.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midway_point_of_a_transpacific_flight_is_over_the_pacific() {
        let p = along(place(JOURNEYS[0].origin).point(), place(JOURNEYS[0].destination).point(), 0.55);
        assert!(p.lon() > 150.0 || p.lon() < -150.0, "{p}");
        assert!(p.lat() > 30.0, "great circle bends north: {p}");
    }

    #[test]
    fn route_ends_are_the_places_themselves() {
        let (o, d) = (place(JOURNEYS[1].origin).point(), place(JOURNEYS[1].destination).point());
        assert!(along(o, d, 0.0).distance_km(&o) < 0.01);
        assert!(along(o, d, 1.0).distance_km(&d) < 0.01);
    }
}
