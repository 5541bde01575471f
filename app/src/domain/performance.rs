//! Carrier and lane performance: how long parcels take on each lane with each carrier, how
//! often the window the shopper was shown at departure held, how often the first delivery
//! attempt worked, what goes wrong and where customs hold parcels. Pure: storage counts, this
//! module says what a problem is, what a share means and which lanes are worst.

use super::event::ReasonCode;
use super::wismo::LaneCode;
use super::EventCode;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// What went wrong on a shipment: the carrier's reason when it gave one, else the kind of
/// problem event (an exception, a failed attempt, a customs hold, a return).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProblemCause {
    Reason(ReasonCode),
    Unstated(EventCode),
}

impl ProblemCause {
    /// The events that are problems.
    pub const EVENTS: [EventCode; 5] = [
        EventCode::Exception,
        EventCode::DeliveryAttemptFailed,
        EventCode::CustomsHeld,
        EventCode::CustomsActionRequired,
        EventCode::ReturnedToSender,
    ];

    /// The cause an event states, if the event is a problem.
    pub fn of(code: EventCode, reason: Option<ReasonCode>) -> Option<Self> {
        Self::EVENTS.contains(&code).then(|| reason.map_or(Self::Unstated(code), Self::Reason))
    }

    /// The code stored: the reason's, or the event's when no reason was given (the two sets of
    /// codes do not overlap).
    pub fn code(self) -> &'static str {
        match self {
            Self::Reason(reason) => reason.code(),
            Self::Unstated(event) => event.code(),
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        ReasonCode::parse(code)
            .map(Self::Reason)
            .or_else(|| code.parse::<EventCode>().ok().filter(|e| Self::EVENTS.contains(e)).map(Self::Unstated))
    }
}

/// `counted` of `of`: on time of those with a promise, first attempts of those delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub counted: i64,
    pub of: i64,
}

impl Share {
    /// The share in percent; `None` when there is nothing to count from.
    pub fn percent(self) -> Option<f64> {
        (self.of > 0).then(|| 100.0 * self.counted as f64 / self.of as f64)
    }
}

/// One lane with one carrier over the orders placed in a scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanePerformance {
    pub lane: LaneCode,
    pub carrier: String,
    pub orders: i64,
    pub delivered: i64,
    /// First carrier scan to delivery, in hours, over the delivered orders.
    pub transit_p50_hours: Option<i64>,
    pub transit_p90_hours: Option<i64>,
    /// Delivered by the last day of the window shown at departure, of the delivered orders
    /// that were shown one.
    pub on_time: Share,
    /// Delivered without a failed attempt, of the delivered orders.
    pub first_attempt: Share,
    /// Orders with any problem, of all orders.
    pub with_problem: Share,
}

impl LanePerformance {
    /// Worst first: the lowest on-time share (a lane with no promised windows yet after every
    /// lane with one), then the highest problem rate, then the slowest p90.
    pub fn worst_first(a: &Self, b: &Self) -> Ordering {
        let on_time = |l: &Self| l.on_time.percent();
        let by_on_time = match (on_time(a), on_time(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let problems = |l: &Self| l.with_problem.percent().unwrap_or(0.0);
        by_on_time
            .then_with(|| problems(b).total_cmp(&problems(a)))
            .then_with(|| b.transit_p90_hours.cmp(&a.transit_p90_hours))
            .then_with(|| (&a.lane, &a.carrier).cmp(&(&b.lane, &b.carrier)))
    }
}

/// Orders whose first problem had one cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemCount {
    pub cause: ProblemCause,
    pub orders: i64,
}

/// Customs in one destination country over the orders shipped there in a scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCustoms {
    pub country: String,
    /// Held or asked for something, of the orders shipped there (scanned by a carrier).
    pub held: Share,
    pub cleared: i64,
    pub dwell_p50_hours: Option<i64>,
    pub dwell_p90_hours: Option<i64>,
}

impl CountryCustoms {
    /// Worst first: the highest hold rate, then the longest median dwell.
    pub fn worst_first(a: &Self, b: &Self) -> Ordering {
        let held = |c: &Self| c.held.percent().unwrap_or(0.0);
        held(b)
            .total_cmp(&held(a))
            .then_with(|| b.dwell_p50_hours.cmp(&a.dwell_p50_hours))
            .then_with(|| a.country.cmp(&b.country))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(code: &str, on_time: (i64, i64), problems: (i64, i64), p90: Option<i64>) -> LanePerformance {
        LanePerformance {
            lane: LaneCode::parse(code).unwrap(),
            carrier: "dhl".into(),
            orders: problems.1,
            delivered: on_time.1,
            transit_p50_hours: p90.map(|h| h / 2),
            transit_p90_hours: p90,
            on_time: Share { counted: on_time.0, of: on_time.1 },
            first_attempt: Share::default(),
            with_problem: Share { counted: problems.0, of: problems.1 },
        }
    }

    #[test]
    fn problems_are_named_by_their_reason_else_by_their_event() {
        let held = ProblemCause::of(EventCode::CustomsHeld, Some(ReasonCode::DutiesAssessment)).unwrap();
        assert_eq!(held.code(), "duties_assessment");
        let bare = ProblemCause::of(EventCode::Exception, None).unwrap();
        assert_eq!(bare.code(), "exception");
        assert_eq!(ProblemCause::of(EventCode::InTransit, Some(ReasonCode::WeatherDisruption)), None);
        for cause in [held, bare] {
            assert_eq!(ProblemCause::parse(cause.code()), Some(cause));
        }
        assert_eq!(ProblemCause::parse("delivered"), None);
    }

    #[test]
    fn a_share_of_nothing_has_no_percent() {
        assert_eq!(Share { counted: 0, of: 0 }.percent(), None);
        assert_eq!(Share { counted: 3, of: 4 }.percent(), Some(75.0));
    }

    #[test]
    fn the_least_punctual_lane_comes_first_and_lanes_without_promises_last() {
        let mut lanes = [
            lane("CN-US", (9, 10), (1, 10), Some(200)),
            lane("DE-FR", (0, 0), (5, 10), Some(50)),
            lane("CN-GB", (5, 10), (1, 10), Some(300)),
            lane("JP-US", (9, 10), (4, 10), Some(100)),
        ];
        lanes.sort_by(LanePerformance::worst_first);
        let order: Vec<String> = lanes.iter().map(|l| l.lane.to_string()).collect();
        assert_eq!(order, ["CN-GB", "JP-US", "CN-US", "DE-FR"]);
    }

    #[test]
    fn the_country_holding_most_parcels_comes_first() {
        let country = |code: &str, held: i64, p50: Option<i64>| CountryCustoms {
            country: code.into(),
            held: Share { counted: held, of: 10 },
            cleared: 10,
            dwell_p50_hours: p50,
            dwell_p90_hours: p50,
        };
        let mut countries = [country("US", 1, Some(40)), country("GB", 3, Some(10)), country("DE", 1, Some(60))];
        countries.sort_by(CountryCustoms::worst_first);
        let order: Vec<&str> = countries.iter().map(|c| c.country.as_str()).collect();
        assert_eq!(order, ["GB", "DE", "US"]);
    }
}
