//! Plans one journey end to end, from the order to the doorstep: pure and deterministic, the
//! same seed and order time always give the same events at the same moments.
//!
//! [`JourneyPlan::new`] runs the planner through the journey's stretches in order, one file each:
//! `first_mile` (the order, the warehouse and the trucks to the export gateway), `air` or `sea`
//! (the linehaul), `customs` (in the destination country) and `last_mile` (the depot and the
//! delivery rounds). `scans` is how every stretch records its events, `numbers` the carriers'
//! tracking numbers.

mod air;
mod customs;
mod first_mile;
mod last_mile;
mod numbers;
mod scans;
mod sea;

use super::dataset::{Lane, Linehaul, Site};
use super::path::{on_globe, Polyline};
use super::rng::SimRng;
use app::domain::event::{CarrierRef, EventInput, EventSource, EventWindow, TrackingEvent};
use app::domain::shipment::{Handoff, Leg, RoutePlace, ShipmentSpec, Shopper, TransportMode};
use app::domain::values::CountryCode;
use app::domain::FieldError;
use app::domain::GeoPoint;
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use numbers::tracking_number;

/// Whether a plan carries the position pings between scans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every ping: truck GPS, flight progress, vessel positions, the courier's round.
    WithPositions,
    /// Scans, milestones and exceptions only: bulk history for ETA and analytics.
    ScansOnly,
}

/// One event and the moment it happens.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedEvent {
    pub at: DateTime<Utc>,
    pub input: EventInput,
}

/// The stretch of the route one kind of transport covers.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteSegment {
    pub mode: TransportMode,
    pub path: Polyline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    ReturnedToSender,
}

/// What went wrong on this journey (for tests and statistics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Incidents {
    pub weather: bool,
    pub offloaded: bool,
    pub customs_hold: bool,
    pub customs_action: bool,
    pub address_issue: bool,
    pub damaged: bool,
    pub failed_attempt: bool,
    pub second_attempt_failed: bool,
}

/// A whole journey, planned.
#[derive(Debug, Clone)]
pub struct JourneyPlan {
    pub lane: &'static Lane,
    pub option: &'static Linehaul,
    pub seed: u64,
    pub ordered_at: DateTime<Utc>,
    pub destination: RoutePlace,
    pub legs: Vec<Leg>,
    pub events: Vec<PlannedEvent>,
    pub route: Vec<RouteSegment>,
    pub outcome: Outcome,
    pub incidents: Incidents,
}

impl JourneyPlan {
    /// Plans the journey of an order placed at `ordered_at` on the lane's `option`.
    pub fn new(
        lane: &'static Lane,
        option: &'static Linehaul,
        seed: u64,
        ordered_at: DateTime<Utc>,
        detail: Detail,
    ) -> Self {
        Planner::new(lane, option, seed, detail).plan(ordered_at)
    }

    /// Picks one of the lane's options (its index) the way its shipments split between them.
    pub fn choose_option(lane: &Lane, rng: &mut SimRng) -> usize {
        let weighted: Vec<(usize, f64)> = lane.options.iter().enumerate().map(|(i, o)| (i, o.share)).collect();
        *rng.pick_weighted(&weighted)
    }

    pub fn finished_at(&self) -> DateTime<Utc> {
        self.events.last().map_or(self.ordered_at, |e| e.at)
    }

    /// Order to delivery (or return), in days.
    pub fn transit_days(&self) -> f64 {
        (self.finished_at() - self.ordered_at).num_seconds() as f64 / 86_400.0
    }

    /// The shipment as the shop declares it to Trekpost.
    pub fn spec(&self, shopper: Shopper, order_ref: Option<String>, eco: bool) -> Result<ShipmentSpec, FieldError> {
        let origin = self.lane.origin;
        Ok(ShipmentSpec {
            tracking_number: None,
            order_ref: order_ref.map(|r| r.try_into()).transpose().map_err(|e| FieldError::new("order_ref", e))?,
            shopper,
            origin: RoutePlace {
                city: text(origin.name),
                region: None,
                country: country(origin.country),
                postal_code: None,
                lat: origin.point().lat,
                lon: origin.point().lon,
            },
            destination: self.destination.clone(),
            service: self.option.service,
            eco,
            legs: self.legs.clone(),
        })
    }

    /// The event as the simulator reports it, at the moment it happens.
    pub fn tracking_event(&self, planned: &PlannedEvent) -> TrackingEvent {
        let raw = serde_json::json!({"lane": self.lane.id, "journey": format!("{:016x}", self.seed)});
        TrackingEvent::from_input(planned.input.clone(), EventSource::Simulator, raw, EventWindow::around(planned.at))
            .expect("planned events are well formed")
    }
}

struct Planner {
    lane: &'static Lane,
    option: &'static Linehaul,
    seed: u64,
    rng: SimRng,
    detail: Detail,
    carriers: [CarrierRef; 3],
    events: Vec<PlannedEvent>,
    route: Vec<RouteSegment>,
    incidents: Incidents,
}

/// Which carrier's number an event is reported under.
#[derive(Clone, Copy)]
enum LegNo {
    FirstMile = 0,
    Linehaul = 1,
    LastMile = 2,
}

impl Planner {
    fn new(lane: &'static Lane, option: &'static Linehaul, seed: u64, detail: Detail) -> Self {
        let mut rng = SimRng::new(seed);
        let carriers = [lane.first_mile, option.carrier, lane.last_mile.carrier].map(|c| CarrierRef {
            carrier: c.slug.try_into().expect("bundled slugs are valid"),
            tracking_number: tracking_number(c, &mut rng).as_str().try_into().expect("generated numbers are valid"),
        });
        Self {
            lane,
            option,
            seed,
            rng,
            detail,
            carriers,
            events: Vec::new(),
            route: Vec::new(),
            incidents: Incidents::default(),
        }
    }

    fn plan(mut self, ordered_at: DateTime<Utc>) -> JourneyPlan {
        let lane = self.lane;
        let option = self.option;
        let arrival = option.stops[option.stops.len() - 1];
        let postal_code = *self.rng.pick(lane.last_mile.postal_codes);
        let home = self.near(lane.destination.point(), 7.0);

        // Order, warehouse and first mile, to the linehaul's handoff.
        let handed = self.first_mile(ordered_at);

        // Linehaul.
        let landed = match option.mode {
            TransportMode::Ocean => self.sail(handed),
            _ => self.fly(handed),
        };

        // Customs in the destination country.
        let cleared = self.customs(landed, &arrival);
        let outcome = self.last_mile(cleared, home);
        self.finish(ordered_at, postal_code, outcome)
    }

    /// The next scheduled departure at or after `earliest`, in the departure stop's local time.
    fn next_departure(&self, earliest: DateTime<Utc>) -> DateTime<Utc> {
        let option = self.option;
        let tz = option.stops[0].tz;
        let mut date = earliest.with_timezone(&tz).date_naive();
        loop {
            if option.departure_days.contains(&date.weekday()) {
                let naive = date.and_hms_opt(0, 0, 0).expect("midnight") + hours(option.departure_hour);
                if let Some(at) = tz.from_local_datetime(&naive).earliest() {
                    let at = at.with_timezone(&Utc);
                    if at >= earliest {
                        return at;
                    }
                }
            }
            date = date.succ_opt().expect("representable");
        }
    }

    /// A point within `km` of `centre`.
    fn near(&mut self, centre: GeoPoint, km: f64) -> GeoPoint {
        let distance = km * self.rng.uniform(0.0, 1.0).sqrt();
        let bearing = self.rng.uniform(0.0, std::f64::consts::TAU);
        let dlat = distance * bearing.cos() / 111.2;
        let dlon = distance * bearing.sin() / (111.2 * centre.lat().to_radians().cos().max(0.1));
        on_globe(centre.lat() + dlat, centre.lon() + dlon)
    }

    fn finish(self, ordered_at: DateTime<Utc>, postal_code: &str, outcome: Outcome) -> JourneyPlan {
        let lane = self.lane;
        let destination = lane.destination;
        let names = [lane.first_mile.name, self.option.carrier.name, lane.last_mile.carrier.name];
        let leg = |i: usize, mode: TransportMode, via: Vec<GeoPoint>, handoff: Option<&Site>| Leg {
            carrier: self.carriers[i].carrier.clone(),
            carrier_name: Some(text(names[i])),
            tracking_number: self.carriers[i].tracking_number.clone(),
            mode,
            via,
            handoff: handoff.map(|site| Handoff {
                city: text(site.name),
                country: country(site.country),
                lat: site.point().lat,
                lon: site.point().lon,
            }),
        };
        let option = self.option;
        // The long haul passes its transit airports, or the sea lane's straits and capes.
        let transit = option.stops[1..option.stops.len() - 1].iter().map(Site::point);
        let sea_lane = option.sea_lane.iter().map(|&(lat, lon)| on_globe(lat, lon));
        let legs = vec![
            leg(0, TransportMode::Road, Vec::new(), Some(&option.stops[0])),
            leg(1, option.mode, transit.chain(sea_lane).collect(), Some(&option.stops[option.stops.len() - 1])),
            leg(2, TransportMode::Courier, Vec::new(), None),
        ];
        JourneyPlan {
            lane,
            option,
            seed: self.seed,
            ordered_at,
            destination: RoutePlace {
                city: text(destination.name),
                region: None,
                country: country(destination.country),
                postal_code: Some(postal_code.try_into().expect("bundled postal codes are short")),
                lat: destination.point().lat,
                lon: destination.point().lon,
            },
            legs,
            events: self.events,
            route: self.route,
            outcome,
            incidents: self.incidents,
        }
    }
}

fn hours(h: f64) -> Duration {
    Duration::seconds((h * 3600.0).round() as i64)
}

fn minutes(m: f64) -> Duration {
    Duration::seconds((m * 60.0).round() as i64)
}

fn text(s: &str) -> app::domain::values::ShortText {
    s.try_into().expect("bundled names are short text")
}

fn long(s: &str) -> app::domain::values::LongText {
    s.try_into().expect("bundled sentences fit")
}

fn country(code: &str) -> CountryCode {
    code.try_into().expect("bundled country codes are valid")
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::dataset::{EXCEPTION_RATES, LANES};
    use crate::simulator::rng::derive_seed;
    use app::domain::event::EventCode;
    use app::domain::Milestone;

    pub(super) const START: &str = "2026-01-05T02:00:00Z";

    /// `n` journeys per lane, ordered over a year so weekends and holidays all come up.
    fn journeys(n: u64, detail: Detail) -> Vec<JourneyPlan> {
        let start: DateTime<Utc> = START.parse().unwrap();
        let mut plans = Vec::new();
        for (l, lane) in LANES.iter().enumerate() {
            for i in 0..n {
                let seed = derive_seed(42, i, l as u64);
                let option = &lane.options[JourneyPlan::choose_option(lane, &mut SimRng::new(seed ^ 1))];
                let ordered_at = start + Duration::minutes((i * 7919 % (365 * 24 * 60)) as i64);
                plans.push(JourneyPlan::new(lane, option, seed, ordered_at, detail));
            }
        }
        plans
    }

    #[test]
    fn the_same_seed_plans_the_same_journey() {
        let lane = &LANES[2];
        let at = START.parse().unwrap();
        let a = JourneyPlan::new(lane, &lane.options[0], 9, at, Detail::WithPositions);
        let b = JourneyPlan::new(lane, &lane.options[0], 9, at, Detail::WithPositions);
        assert_eq!(a.events, b.events);
        assert_eq!(a.legs, b.legs);
        let c = JourneyPlan::new(lane, &lane.options[0], 10, at, Detail::WithPositions);
        assert_ne!(a.events, c.events);
    }

    #[test]
    fn every_journey_is_in_time_order_and_reaches_every_milestone_in_order() {
        for plan in journeys(150, Detail::WithPositions) {
            let id = format!("{} seed {:x}", plan.lane.id, plan.seed);
            assert!(plan.events.windows(2).all(|w| w[0].at <= w[1].at), "{id}: events out of time order");
            let milestones: Vec<_> = plan.events.iter().filter_map(|e| e.input.code.milestone()).collect();
            // In journey order; only "out for delivery" repeats, after a failed attempt.
            assert!(
                milestones.windows(2).all(|w| w[0] < w[1] || w[0] == Milestone::OutForDelivery && w[1] == w[0]),
                "{id}"
            );
            match plan.outcome {
                Outcome::Delivered => {
                    assert_eq!(milestones.iter().collect::<std::collections::BTreeSet<_>>().len(), 8, "{id}")
                }
                Outcome::ReturnedToSender => {
                    assert_eq!(plan.events.last().unwrap().input.code, EventCode::ReturnedToSender, "{id}")
                }
            }
            // Reported in local time: the offset is the site's.
            let departed = plan.events.iter().find(|e| e.input.code == EventCode::DepartedOrigin).unwrap();
            let tz = plan.option.stops[0].tz;
            assert_eq!(departed.input.occurred_at, tz.from_utc_datetime(&departed.at.naive_utc()).fixed_offset());
            // Every event passes the event standard's checks.
            for event in &plan.events {
                plan.tracking_event(event);
            }
        }
    }

    #[test]
    fn positions_lie_on_the_route() {
        for plan in journeys(40, Detail::WithPositions) {
            let pings: Vec<GeoPoint> = plan
                .events
                .iter()
                .filter(|e| e.input.code == EventCode::Position)
                .map(|e| e.input.location.point.unwrap())
                .collect();
            assert!(pings.len() > 50, "{}: {} pings", plan.lane.id, pings.len());
            for ping in pings {
                let off = plan.route.iter().map(|s| s.path.distance_km(&ping)).fold(f64::INFINITY, f64::min);
                assert!(off < 25.0, "{} seed {:x}: {ping} is {off:.0} km off the route", plan.lane.id, plan.seed);
            }
            // Flights fly great circles between the airports; the route starts at the shop's warehouse.
            let air = plan.route.iter().find(|s| s.mode == TransportMode::Air);
            if let Some(air) = air {
                let first = plan.option.stops[0].point();
                assert!(air.path.points()[0].distance_km(&first) < 0.1);
            }
            let first = plan.route[0].path.points()[0];
            assert!(first.distance_km(&plan.lane.warehouse.point()) < 0.1);
        }
    }

    #[test]
    fn transit_times_fall_in_each_options_configured_range() {
        let plans = journeys(400, Detail::ScansOnly);
        for plan in plans.iter().filter(|p| p.outcome == Outcome::Delivered) {
            let (low, high) = plan.option.transit_days;
            let days = plan.transit_days();
            assert!(
                (low..=high).contains(&days),
                "{} {} seed {:x}: {days:.1} days, configured {low}–{high}; {:?}",
                plan.lane.id,
                plan.option.service_name,
                plan.seed,
                plan.incidents
            );
        }
    }

    #[test]
    fn exceptions_happen_at_their_configured_rates() {
        let plans = journeys(1500, Detail::ScansOnly);
        let n = plans.len() as f64;
        // Observed count within four standard deviations of the binomial expectation.
        let check = |name: &str, rate: f64, count: usize| {
            let expected = n * rate;
            let sd = (n * rate * (1.0 - rate)).sqrt();
            assert!(
                (count as f64 - expected).abs() <= 4.0 * sd,
                "{name}: {count} of {n}, expected {expected:.0} ± {:.0}",
                4.0 * sd
            );
        };
        let count = |f: fn(&Incidents) -> bool| plans.iter().filter(|p| f(&p.incidents)).count();
        let r = EXCEPTION_RATES;
        check("weather", r.weather, count(|i| i.weather));
        check("address issue", r.address_issue, count(|i| i.address_issue));
        check("damaged", r.damaged, count(|i| i.damaged));
        let delivered_or_attempted =
            plans.iter().filter(|p| !p.incidents.address_issue || p.outcome == Outcome::Delivered);
        let attempts = delivered_or_attempted.count() as f64;
        let failed = count(|i| i.failed_attempt) as f64;
        assert!((failed / attempts - r.failed_attempt).abs() < 0.015, "failed attempts {failed} of {attempts}");
        let hold_expected: f64 = LANES.iter().map(|l| l.customs.hold_rate).sum::<f64>() / LANES.len() as f64;
        check("customs hold", hold_expected, count(|i| i.customs_hold));
        let action_expected: f64 = LANES.iter().map(|l| l.customs.action_rate).sum::<f64>() / LANES.len() as f64;
        check("customs action", action_expected, count(|i| i.customs_action));
        // And the events carry them: every exception has its reason.
        for plan in &plans {
            for event in
                plan.events.iter().filter(|e| e.input.code.is_problem() && e.input.code != EventCode::ReturnedToSender)
            {
                assert!(event.input.reason.is_some(), "{:?}", event.input.code);
            }
        }
    }

    /// Transit-time percentiles per lane option: `cargo test -p server --lib transit_table -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn transit_table() {
        let plans = journeys(2000, Detail::ScansOnly);
        for lane in LANES {
            for option in lane.options {
                let mut days: Vec<f64> = plans
                    .iter()
                    .filter(|p| {
                        p.lane.id == lane.id && std::ptr::eq(p.option, option) && p.outcome == Outcome::Delivered
                    })
                    .map(|p| p.transit_days())
                    .collect();
                days.sort_by(f64::total_cmp);
                let q = |f: f64| days[((days.len() - 1) as f64 * f) as usize];
                println!(
                    "{:26} {:8} n={:4} min {:5.1} p10 {:5.1} p50 {:5.1} p90 {:5.1} max {:5.1}",
                    lane.id,
                    option.service.code(),
                    days.len(),
                    q(0.0),
                    q(0.1),
                    q(0.5),
                    q(0.9),
                    q(1.0)
                );
            }
        }
    }
}
