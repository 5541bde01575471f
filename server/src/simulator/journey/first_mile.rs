//! The first mile: the order, the warehouse, the consolidator's trucks to the export gateway,
//! export customs and the handoff to the linehaul; and the truck that any stretch drives.

use super::{hours, minutes, LegNo, Planner, RouteSegment};
use crate::simulator::dataset::{NumberFormat, Site};
use crate::simulator::path::Polyline;
use app::domain::calendar::WorkWeek;
use app::domain::event::EventCode;
use app::domain::shipment::TransportMode;
use chrono::{DateTime, Utc};

/// Minutes between a truck's GPS pings.
const TRUCK_PING_MINUTES: i64 = 15;
const TRUCK_KMH: f64 = 55.0;
/// Roads are longer than the straight line between their ends.
const ROAD_DETOUR: f64 = 1.3;

impl Planner {
    /// From the order to the handoff at the export gateway; returns the handoff's time.
    pub(super) fn first_mile(&mut self, ordered_at: DateTime<Utc>) -> DateTime<Utc> {
        let lane = self.lane;
        let option = self.option;
        let departure = option.stops[0];
        // Order and warehouse.
        self.scan(EventCode::OrderConfirmed, ordered_at, &lane.origin, None, "Order confirmed by the shop".into());
        let warehouse = lane.warehouse.working(WorkWeek::MondayToSaturday, 9, 20);
        let pack_start = warehouse.next_open(ordered_at + minutes(self.rng.uniform(5.0, 40.0)));
        let packed = warehouse.after_open_hours(pack_start, self.rng.skewed(5.0, 16.0, 30.0));
        let label_at = pack_start + (packed - pack_start) / 3;
        let first_mile = lane.first_mile;
        self.scan(
            EventCode::LabelCreated,
            label_at,
            &lane.warehouse,
            Some(LegNo::FirstMile),
            format!("Shipping label created; {} awaits the parcel", first_mile.name),
        );
        self.scan(
            EventCode::Packed,
            packed,
            &lane.warehouse,
            Some(LegNo::FirstMile),
            format!("Packed at {}", lane.warehouse.name),
        );

        // First mile: the evening collection, the consolidator's sorting centre, the export gateway.
        let collection = lane.warehouse.working(WorkWeek::MondayToSaturday, 17, 19);
        let collected = collection.next_open(packed + minutes(30.0));
        let at_hub = self.drive(collected, &lane.warehouse, &lane.first_mile_hub, LegNo::FirstMile);
        self.scan(
            EventCode::CarrierReceived,
            at_hub,
            &lane.first_mile_hub,
            Some(LegNo::FirstMile),
            format!("Received at {}", lane.first_mile_hub.name),
        );
        let leaves_hub = at_hub + hours(self.rng.skewed(12.0, 30.0, 48.0));
        self.scan(
            EventCode::InTransit,
            leaves_hub,
            &lane.first_mile_hub,
            Some(LegNo::FirstMile),
            format!("Departed {}", lane.first_mile_hub.name),
        );
        let at_gateway = self.drive(leaves_hub, &lane.first_mile_hub, &departure, LegNo::FirstMile);
        let gateway_words = match option.mode {
            TransportMode::Ocean => format!("Arrived at {}; consolidating into a container", departure.name),
            _ => format!("Arrived at the export terminal, {}", departure.name),
        };
        self.scan(EventCode::InTransit, at_gateway, &departure, Some(LegNo::FirstMile), gateway_words);
        let export_cleared = at_gateway + hours(self.rng.skewed(4.0, 12.0, 24.0));
        self.scan(
            EventCode::InTransit,
            export_cleared,
            &departure,
            Some(LegNo::FirstMile),
            "Export customs cleared".into(),
        );
        let handed = export_cleared + hours(self.rng.uniform(0.5, 3.0));
        let linehaul_number = self.carriers[1].tracking_number.clone();
        let handoff_words = match option.carrier.numbers {
            NumberFormat::AirWaybill { .. } => {
                format!("Handed over to {}, air waybill {}", option.carrier.name, linehaul_number)
            }
            _ => format!("Handed over to {}, bill of lading {}", option.carrier.name, linehaul_number),
        };
        self.scan(EventCode::Handoff, handed, &departure, Some(LegNo::Linehaul), handoff_words);
        handed
    }

    /// A truck from `from` to `to` departing at `leaves`; returns its arrival.
    pub(super) fn drive(&mut self, leaves: DateTime<Utc>, from: &Site, to: &Site, leg: LegNo) -> DateTime<Utc> {
        let path = Polyline::through(&[from.point(), to.point()], 1.0);
        let arrives = leaves + hours(0.3 + path.length_km() * ROAD_DETOUR / TRUCK_KMH * self.rng.uniform(0.9, 1.3));
        self.pings_along(&path, leaves + minutes(5.0), arrives - minutes(5.0), TRUCK_PING_MINUTES, leg);
        self.route.push(RouteSegment { mode: TransportMode::Road, path });
        arrives
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Detail, JourneyPlan};
    use crate::simulator::dataset::Lane;
    use app::domain::event::EventCode;
    use chrono::{DateTime, Utc};

    #[test]
    fn journeys_wait_for_holidays_at_origin() {
        // Ordered on the eve of Golden Week in Shenzhen: nothing is packed until 8 October.
        let lane = Lane::by_id("shenzhen-los-angeles").unwrap();
        let ordered: DateTime<Utc> = "2026-09-30T12:00:00Z".parse().unwrap();
        let plan = JourneyPlan::new(lane, &lane.options[0], 3, ordered, Detail::ScansOnly);
        let packed = plan.events.iter().find(|e| e.input.code == EventCode::Packed).unwrap();
        assert!(packed.at >= "2026-10-08T01:00:00Z".parse::<DateTime<Utc>>().unwrap(), "{}", packed.at);
    }
}
