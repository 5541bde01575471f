//! The linehaul by air: the flight (and any connection), held back by weather or space.

use super::{hours, long, minutes, LegNo, Planner, RouteSegment};
use crate::simulator::dataset::{Site, EXCEPTION_RATES};
use crate::simulator::path::Polyline;
use app::domain::event::{EventCode, ReasonCode};
use app::domain::shipment::TransportMode;
use chrono::{DateTime, Utc};

/// Minutes between flight-progress pings.
const FLIGHT_PING_MINUTES: i64 = 5;
const CRUISE_KMH: f64 = 850.0;

impl Planner {
    /// The flight (and any connection): weather and space can hold it back.
    pub(super) fn fly(&mut self, handed: DateTime<Utc>) -> DateTime<Utc> {
        let option = self.option;
        let departure = option.stops[0];
        // Consolidated cargo waits for a flight with space on the forwarder's allocation.
        let build_up = hours(4.0 + self.rng.skewed(10.0, 30.0, 60.0));
        let mut scheduled = self.next_departure(handed + build_up);
        if self.rng.chance(EXCEPTION_RATES.offloaded) {
            self.incidents.offloaded = true;
            self.scan(
                EventCode::InTransit,
                scheduled,
                &departure,
                Some(LegNo::Linehaul),
                "Offloaded for lack of space; booked on the next flight".into(),
            );
            scheduled = self.next_departure(scheduled + hours(1.0));
        }
        if self.rng.chance(EXCEPTION_RATES.weather) {
            self.incidents.weather = true;
            self.problem(
                EventCode::Exception,
                scheduled - hours(2.0),
                &departure,
                LegNo::Linehaul,
                ReasonCode::WeatherDisruption,
                format!("Flight {} delayed by severe weather", option.service_name),
                None,
                "It flies as soon as the weather clears, usually within two days",
            );
            let delay = hours(self.rng.uniform(20.0, 40.0));
            scheduled = self.next_departure(scheduled + delay);
        }
        let mut takeoff = scheduled + hours(self.rng.skewed(0.3, 1.5, 6.0));
        let arrival = option.stops[option.stops.len() - 1];
        let flight_hours = |from: &Site, to: &Site| 0.5 + from.point().distance_km(&to.point()) / CRUISE_KMH;
        let total_hours: f64 = option.stops.windows(2).map(|w| flight_hours(&w[0], &w[1])).sum();
        let next_step = format!(
            "Tracking is quiet in the air; next scan: arrival at {}, usually within {} hours",
            arrival.name,
            (total_hours * 1.5 + 6.0).round()
        );
        let departed = self.scan(
            EventCode::DepartedOrigin,
            takeoff,
            &departure,
            Some(LegNo::Linehaul),
            format!("Departed {} on {}", departure.name, option.service_name),
        );
        departed.next_step = Some(long(&next_step));
        let mut landing = takeoff;
        for (i, hop) in option.stops.windows(2).enumerate() {
            let path = Polyline::through(&[hop[0].point(), hop[1].point()], 20.0);
            let block = flight_hours(&hop[0], &hop[1]);
            landing = takeoff + hours(block);
            self.pings_along(
                &path,
                takeoff + minutes(15.0),
                landing - minutes(10.0),
                FLIGHT_PING_MINUTES,
                LegNo::Linehaul,
            );
            self.route.push(RouteSegment { mode: TransportMode::Air, path });
            if i + 2 < option.stops.len() {
                let hub = hop[1];
                self.scan(
                    EventCode::InTransit,
                    landing + minutes(40.0),
                    &hub,
                    Some(LegNo::Linehaul),
                    format!("Arrived at transit hub {}", hub.name),
                );
                takeoff = landing + hours(self.rng.skewed(10.0, 24.0, 40.0));
                self.scan(
                    EventCode::InTransit,
                    takeoff,
                    &hub,
                    Some(LegNo::Linehaul),
                    format!("Departed {} on the connecting flight", hub.name),
                );
            }
        }
        let arrived = landing + hours(self.rng.uniform(1.0, 4.0));
        let scan = self.scan(
            EventCode::ArrivedDestination,
            arrived,
            &arrival,
            Some(LegNo::Linehaul),
            format!("Arrived at {}; awaiting customs clearance", arrival.name),
        );
        scan.next_step = Some(long("Next: customs clearance, usually within one to three days"));
        arrived
    }
}
