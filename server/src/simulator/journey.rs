//! Plans one journey end to end, from the order to the doorstep: pure and deterministic, the
//! same seed and order time always give the same events at the same moments.

use super::dataset::{Carrier, Lane, Linehaul, NumberFormat, Site, EXCEPTION_RATES, HOLD_REASONS};
use super::path::{on_globe, Polyline};
use super::rng::SimRng;
use app::domain::calendar::WorkWeek;
use app::domain::event::{
    Actor, CarrierRef, DeliveryMethod, EventCode, EventInput, EventLocation, EventSource, ProofOfDelivery, ReasonCode,
    TrackingEvent,
};
use app::domain::shipment::{Handoff, Leg, RoutePlace, ShipmentSpec, Shopper, TransportMode};
use app::domain::values::CountryCode;
use app::domain::FieldError;
use app::domain::GeoPoint;
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};

/// Whether a plan carries the position pings between scans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every ping: truck GPS, flight progress, vessel positions, the courier's round.
    WithPositions,
    /// Scans, milestones and exceptions only: bulk history for ETA and analytics.
    ScansOnly,
}

/// Minutes between position pings, by what is moving.
const TRUCK_PING_MINUTES: i64 = 15;
const FLIGHT_PING_MINUTES: i64 = 5;
const VESSEL_PING_MINUTES: i64 = 240;
const COURIER_PING_MINUTES: i64 = 4;
const TRUCK_KMH: f64 = 55.0;
/// Roads are longer than the straight line between their ends.
const ROAD_DETOUR: f64 = 1.3;
const CRUISE_KMH: f64 = 850.0;
/// Seventeen knots.
const VESSEL_KMH: f64 = 31.5;

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
        TrackingEvent::from_input(planned.input.clone(), EventSource::Simulator, raw, planned.at)
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
        let departure = option.stops[0];
        let arrival = option.stops[option.stops.len() - 1];
        let postal_code = *self.rng.pick(lane.last_mile.postal_codes);
        let home = self.near(lane.destination.point(), 7.0);

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

        // Linehaul.
        let landed = match option.mode {
            TransportMode::Ocean => self.sail(handed),
            _ => self.fly(handed),
        };

        // Customs in the destination country.
        let cleared = self.customs(landed, &arrival);

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
                return self.finish(ordered_at, postal_code, Outcome::ReturnedToSender);
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
        self.finish(ordered_at, postal_code, Outcome::Delivered)
    }

    /// The flight (and any connection): weather and space can hold it back.
    fn fly(&mut self, handed: DateTime<Utc>) -> DateTime<Utc> {
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

    /// The sailing: the weekly vessel, the sea lane, discharge and unpacking.
    fn sail(&mut self, handed: DateTime<Utc>) -> DateTime<Utc> {
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

    /// Customs dwell, holds and duties; returns the release time.
    fn customs(&mut self, arrived: DateTime<Utc>, at: &Site) -> DateTime<Utc> {
        let customs = self.lane.customs;
        let office = at.working(WorkWeek::MondayToSaturday, 7, 20);
        let (median, p90, cap) = customs.dwell_hours;
        let mut release = arrived + hours(self.rng.skewed(median, p90, cap));
        if self.rng.chance(customs.hold_rate) {
            self.incidents.customs_hold = true;
            let reason = *self.rng.pick_weighted(HOLD_REASONS);
            let held_at = office.next_open(arrived + (release - arrived) / 2);
            let words = match reason {
                ReasonCode::RandomInspection => "Held by customs for a routine inspection",
                ReasonCode::MissingInvoiceData => {
                    "Held by customs: the invoice is incomplete; the shop has been asked for it"
                }
                _ => "Held by customs while the duties are assessed",
            };
            self.problem(
                EventCode::CustomsHeld,
                held_at,
                at,
                LegNo::Linehaul,
                reason,
                words.into(),
                None,
                "Customs usually finishes its checks within one to four days",
            );
            release = release.max(held_at) + hours(self.rng.skewed(30.0, 70.0, 110.0));
        }
        if self.rng.chance(customs.action_rate) {
            self.incidents.customs_action = true;
            let asked = office.next_open(self.last_at().max(arrived + (release - arrived) / 3));
            self.problem(
                EventCode::CustomsActionRequired,
                asked,
                at,
                LegNo::Linehaul,
                ReasonCode::AwaitingPayment,
                "Import duties and taxes are due before release".into(),
                Some(customs.action.to_owned()),
                "Customs releases the parcel once the payment is received",
            );
            let paid = asked + hours(self.rng.skewed(18.0, 60.0, 120.0));
            self.scan(EventCode::InTransit, paid, at, Some(LegNo::Linehaul), "Duties paid; awaiting release".into());
            release = release.max(paid) + hours(self.rng.uniform(2.0, 10.0));
        }
        let release = office.next_open(release);
        self.scan(EventCode::CustomsCleared, release, at, Some(LegNo::Linehaul), "Cleared by customs".into());
        release
    }

    /// Delivery rounds until someone is home (or the parcel waits at a pickup point).
    fn deliver(&mut self, ready: DateTime<Utc>, home: GeoPoint) -> (DateTime<Utc>, DeliveryMethod) {
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
    fn round(&mut self, start: DateTime<Utc>, home: GeoPoint) -> DateTime<Utc> {
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

    /// A truck from `from` to `to` departing at `leaves`; returns its arrival.
    fn drive(&mut self, leaves: DateTime<Utc>, from: &Site, to: &Site, leg: LegNo) -> DateTime<Utc> {
        let path = Polyline::through(&[from.point(), to.point()], 1.0);
        let arrives = leaves + hours(0.3 + path.length_km() * ROAD_DETOUR / TRUCK_KMH * self.rng.uniform(0.9, 1.3));
        self.pings_along(&path, leaves + minutes(5.0), arrives - minutes(5.0), TRUCK_PING_MINUTES, leg);
        self.route.push(RouteSegment { mode: TransportMode::Road, path });
        arrives
    }

    /// Position pings every `every` minutes, moving evenly along `path` from `from` to `until`.
    fn pings_along(&mut self, path: &Polyline, from: DateTime<Utc>, until: DateTime<Utc>, every: i64, leg: LegNo) {
        if self.detail == Detail::ScansOnly || until <= from {
            return;
        }
        let span = (until - from).num_seconds() as f64;
        let mut at = from;
        while at <= until {
            let fraction = (at - from).num_seconds() as f64 / span;
            let point = path.at_km(path.length_km() * fraction);
            let input = EventInput {
                location: EventLocation { point: Some(point), ..Default::default() },
                carrier: Some(self.carriers[leg as usize].clone()),
                ..EventInput::new(EventCode::Position, at.fixed_offset())
            };
            self.push(at, input);
            at += Duration::minutes(every);
        }
    }

    /// A scan at a site, reported in the site's local time.
    fn scan(
        &mut self,
        code: EventCode,
        at: DateTime<Utc>,
        site: &Site,
        leg: Option<LegNo>,
        words: String,
    ) -> &mut EventInput {
        let input = EventInput {
            location: EventLocation {
                city: Some(text(site.name)),
                region: None,
                country: Some(country(site.country)),
                point: Some(site.point()),
                time_zone: Some(site.tz.name().to_owned().try_into().expect("bundled zones exist")),
            },
            carrier: leg.map(|leg| self.carriers[leg as usize].clone()),
            description: Some(long(&words)),
            ..EventInput::new(code, site.tz.from_utc_datetime(&at.naive_utc()).fixed_offset())
        };
        self.push(at, input)
    }

    /// Something went wrong: the reason, what (if anything) the shopper must do, what next.
    #[allow(clippy::too_many_arguments)]
    fn problem(
        &mut self,
        code: EventCode,
        at: DateTime<Utc>,
        site: &Site,
        leg: LegNo,
        reason: ReasonCode,
        words: String,
        customer_action: Option<String>,
        next_step: &str,
    ) {
        let input = self.scan(code, at, site, Some(leg), words);
        input.reason = Some(reason);
        input.customer_action = customer_action.map(|a| long(&a));
        input.next_step = Some(long(next_step));
        if code == EventCode::CustomsHeld || code == EventCode::CustomsActionRequired {
            input.actor = Some(Actor::Customs);
        }
    }

    fn last_at(&self) -> DateTime<Utc> {
        self.events.last().map_or(DateTime::<Utc>::MIN_UTC, |e| e.at)
    }

    fn push(&mut self, at: DateTime<Utc>, mut input: EventInput) -> &mut EventInput {
        input.external_id = Some(text(&format!("sim-{:016x}-{:04}", self.seed, self.events.len())));
        self.events.push(PlannedEvent { at, input });
        &mut self.events.last_mut().expect("just pushed").input
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

/// A tracking number in the carrier's own format.
fn tracking_number(carrier: Carrier, rng: &mut SimRng) -> String {
    match carrier.numbers {
        NumberFormat::Prefixed { prefix, digits } => format!("{prefix}{}", rng.digits(digits)),
        // The master waybill is shared by a consolidation; the piece number makes it the parcel's.
        NumberFormat::AirWaybill { airline } => {
            let serial = rng.int(1_000_000, 9_999_999);
            format!("{airline}-{serial}{}-{}", serial % 7, rng.digits(4))
        }
        NumberFormat::S10 { service, country } => {
            let serial = rng.digits(8);
            format!("{service}{serial}{}{country}", s10_check_digit(&serial))
        }
        NumberFormat::BillOfLading { line } => format!("{line}{}", rng.digits(10)),
    }
}

/// The UPU S10 check digit over eight serial digits.
fn s10_check_digit(serial: &str) -> u32 {
    const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = serial.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        check => check,
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
    use crate::simulator::dataset::LANES;
    use crate::simulator::rng::derive_seed;
    use app::domain::Milestone;

    const START: &str = "2026-01-05T02:00:00Z";

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

    #[test]
    fn journeys_wait_for_holidays_at_origin() {
        // Ordered on the eve of Golden Week in Shenzhen: nothing is packed until 8 October.
        let lane = Lane::by_id("shenzhen-los-angeles").unwrap();
        let ordered: DateTime<Utc> = "2026-09-30T12:00:00Z".parse().unwrap();
        let plan = JourneyPlan::new(lane, &lane.options[0], 3, ordered, Detail::ScansOnly);
        let packed = plan.events.iter().find(|e| e.input.code == EventCode::Packed).unwrap();
        assert!(packed.at >= "2026-10-08T01:00:00Z".parse::<DateTime<Utc>>().unwrap(), "{}", packed.at);
    }

    #[test]
    fn carrier_numbers_look_like_the_carriers_own() {
        assert_eq!(s10_check_digit("47312482"), 9, "the UPU's worked example, RA473124829GB");
        let lane = Lane::by_id("dallas-london").unwrap();
        let plan = JourneyPlan::new(lane, &lane.options[0], 5, START.parse().unwrap(), Detail::ScansOnly);
        let numbers: Vec<&str> = plan.legs.iter().map(|l| l.tracking_number.as_str()).collect();
        assert!(numbers[0].starts_with("ASD"), "{numbers:?}");
        let awb = numbers[1];
        assert!(awb.starts_with("001-") && awb.len() == 17, "{awb}");
        let serial: u64 = awb[4..11].parse().unwrap();
        assert_eq!(serial % 7, awb[11..12].parse::<u64>().unwrap(), "mod-7 check digit");
        assert!(numbers[2].starts_with("RR") && numbers[2].ends_with("GB") && numbers[2].len() == 13);
        // Every event names the leg carrying the parcel then.
        let handoffs: Vec<_> = plan.events.iter().filter(|e| e.input.code == EventCode::Handoff).collect();
        assert_eq!(handoffs.len(), 2);
        assert_eq!(handoffs[1].input.carrier.as_ref().unwrap().carrier.as_str(), "royal-mail");
    }
}
