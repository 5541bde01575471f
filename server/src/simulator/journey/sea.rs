//! The linehaul by sea: the weekly vessel along the sea lane, discharge and unpacking.

use super::{hours, long, LegNo, Planner, RouteSegment};
use crate::simulator::dataset::EXCEPTION_RATES;
use crate::simulator::path::Polyline;
use app::domain::event::{EventCode, ReasonCode};
use app::domain::shipment::TransportMode;
use app::domain::GeoPoint;
use chrono::{DateTime, Utc};

/// Minutes between vessel positions.
const VESSEL_PING_MINUTES: i64 = 240;
/// Seventeen knots.
const VESSEL_KMH: f64 = 31.5;

impl Planner {
    /// The sailing: the weekly vessel, the sea lane, discharge and unpacking.
    pub(super) fn sail(&mut self, handed: DateTime<Utc>) -> DateTime<Utc> {
        let option = self.option;
        let (port, arrival) = (option.stops[0], option.stops[option.stops.len() - 1]);
        // Containers close two days before the vessel sails.
        let mut sails = self.next_departure(handed + hours(48.0)) + hours(self.rng.skewed(2.0, 8.0, 24.0));
        if self.rng.chance(EXCEPTION_RATES.weather) {
            self.incidents.weather = true;
            self.problem(
                EventCode::Exception,
                sails - hours(6.0),
                &port,
                LegNo::Linehaul,
                ReasonCode::WeatherDisruption,
                format!("{port} closed by a typhoon warning; sailing postponed", port = port.name),
                None,
                "The vessel sails once the port reopens, usually within three days",
            );
            sails += hours(self.rng.uniform(36.0, 80.0));
        }
        let mut turning: Vec<GeoPoint> = vec![port.point()];
        turning.extend(option.sea_lane.iter().map(|&(lat, lon)| GeoPoint::new(lat, lon).expect("bundled sea lanes")));
        turning.push(arrival.point());
        let path = Polyline::through(&turning, 40.0);
        let days = path.length_km() / VESSEL_KMH / 24.0;
        let departed = self.scan(
            EventCode::DepartedOrigin,
            sails,
            &port,
            Some(LegNo::Linehaul),
            format!("Loaded on the vessel; departed {} ({})", port.name, option.service_name),
        );
        departed.next_step = Some(long(&format!(
            "At sea for about {} days; next key scan: discharge at {}",
            days.round(),
            arrival.name
        )));
        let berthed = sails + hours(days * 24.0 * self.rng.uniform(1.0, 1.12));
        self.pings_along(&path, sails + hours(2.0), berthed - hours(2.0), VESSEL_PING_MINUTES, LegNo::Linehaul);
        self.route.push(RouteSegment { mode: TransportMode::Ocean, path });
        self.scan(
            EventCode::InTransit,
            berthed,
            &arrival,
            Some(LegNo::Linehaul),
            format!("Vessel berthed at {}", arrival.name),
        );
        let unpacked = berthed + hours(self.rng.skewed(40.0, 90.0, 160.0));
        let scan = self.scan(
            EventCode::ArrivedDestination,
            unpacked,
            &arrival,
            Some(LegNo::Linehaul),
            format!("Container discharged and unpacked at {}; awaiting customs", arrival.name),
        );
        scan.next_step = Some(long("Next: customs clearance, usually within a few days"));
        unpacked
    }
}
