//! The seller's five WISMO ("where is my order?") measures, and what shoppers and helpdesks
//! tell the seller: contacts, delivery disputes and ratings. Pure: storage keeps the facts and
//! counts them per week; this module says what a fact is, what each measure means and how a
//! week compares with the weeks before it.
//!
//! Every measure is worse when it grows: contacts per 1,000 orders, hours to the first carrier
//! scan, the share of orders that went [`SCAN_GAP_ALERT`] without an update, hours held at
//! customs and the share of delivered orders disputed.

use super::event::ReasonCode;
use super::performance::ProblemCause;
use super::{EventCode, Milestone, ShipmentState, ShipmentStatus};
use crate::domain::field_error::FieldError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A silence this long between two updates is what shoppers write in about (seed 002 §5).
pub const SCAN_GAP_ALERT: Duration = Duration::hours(72);

/// How many weeks a week is compared with.
pub const BASELINE_WEEKS: usize = 8;

coded_enum! {
    /// Where a contact or a dispute reached the shop.
    pub enum Channel {
        JourneyPage => "journey_page",
        Email => "email",
        Phone => "phone",
        Chat => "chat",
        Marketplace => "marketplace",
        Other => "other",
    }
}

coded_enum! {
    /// What the shopper asked about.
    pub enum ContactCategory {
        WhereIsIt => "where_is_it",
        WhenArrives => "when_arrives",
        Customs => "customs",
        DeliveryProblem => "delivery_problem",
        Other => "other",
    }
}

coded_enum! {
    /// Why a delivered (or supposedly delivered) order is disputed.
    pub enum DisputeReason {
        NotReceived => "not_received",
        Damaged => "damaged",
        WrongItem => "wrong_item",
        Incomplete => "incomplete",
        Other => "other",
    }
}

coded_enum! {
    /// What a shopper can tick about a delivery when rating it.
    pub enum RatingTag {
        Fast => "fast",
        Late => "late",
        ClearUpdates => "clear_updates",
        MissingUpdates => "missing_updates",
        CarefulCourier => "careful_courier",
        Damaged => "damaged",
        CustomsFees => "customs_fees",
    }
}

coded_enum! {
    /// The five weekly measures.
    pub enum Measure {
        ContactRate => "contacts",
        FirstScan => "first_scan",
        ScanGaps => "scan_gaps",
        CustomsDwell => "customs_dwell",
        DisputeRate => "disputes",
    }
}

/// One to five stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Stars(u8);

impl Stars {
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Stars {
    type Error = String;
    fn try_from(stars: u8) -> Result<Self, String> {
        (1..=5).contains(&stars).then_some(Self(stars)).ok_or_else(|| "must be 1 to 5 stars".to_owned())
    }
}

impl From<Stars> for u8 {
    fn from(stars: Stars) -> u8 {
        stars.0
    }
}

/// The longest comment kept with a rating or a dispute.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// A shopper's free text, trimmed, at most [`MAX_COMMENT_CHARS`]; empty text is no comment.
pub fn parse_comment(raw: &str) -> Result<Option<String>, FieldError> {
    let text = raw.trim();
    if text.chars().count() > MAX_COMMENT_CHARS {
        return Err(FieldError::new("comment", format!("at most {MAX_COMMENT_CHARS} characters")));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::new("comment", "must not contain control characters"));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// A rating as the shopper gave it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRating {
    pub delivery: Stars,
    pub tracking: Stars,
    pub tags: Vec<RatingTag>,
    pub comment: Option<String>,
}

impl DeliveryRating {
    pub fn new(delivery: Stars, tracking: Stars, mut tags: Vec<RatingTag>, comment: Option<String>) -> Self {
        tags.sort();
        tags.dedup();
        Self { delivery, tracking, tags, comment }
    }

    /// The tags as stored: codes joined by commas.
    pub fn tag_codes(&self) -> String {
        self.tags.iter().map(|t| t.code()).collect::<Vec<_>>().join(",")
    }
}

/// What the measures keep of one shipment, derived from its events on every append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentFacts {
    /// The order's time: its order-confirmed milestone, else when the shipment was created.
    pub ordered_at: DateTime<Utc>,
    /// Order to the first carrier scan (any milestone from carrier received on).
    pub first_scan: Option<Duration>,
    /// The longest stretch between two updates from the first carrier scan on (position pings
    /// are not updates: the shopper reads scans). The silence still running is not in it: it
    /// grows with the clock, so the measure adds it when it counts.
    pub longest_gap: Duration,
    pub last_update_at: Option<DateTime<Utc>>,
    /// From arrival in the destination country (or the first customs hold, if earlier) to
    /// customs cleared.
    pub customs_dwell: Option<Duration>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// Delivered or returned: no silence runs any more.
    pub ended: bool,
    /// From the first carrier scan to delivery.
    pub transit: Option<Duration>,
    /// Failed delivery attempts before delivery (all of them while not delivered).
    pub failed_attempts: u32,
    /// Customs held the parcel or asked for something.
    pub customs_held: bool,
    /// What first went wrong, if anything did.
    pub first_problem: Option<ProblemCause>,
}

impl ShipmentFacts {
    /// `updates`: each event other than a position ping, with its code, the carrier's reason
    /// and when it happened, in any order.
    pub fn derive(
        created_at: DateTime<Utc>,
        state: &ShipmentState,
        updates: impl IntoIterator<Item = (EventCode, Option<ReasonCode>, DateTime<Utc>)>,
    ) -> Self {
        let ordered_at = state.milestones.get(&Milestone::OrderConfirmed).copied().unwrap_or(created_at);
        let first_scan_at = state.milestones.range(Milestone::CarrierReceived..).map(|(_, at)| *at).min();
        let mut problems: Vec<(DateTime<Utc>, ProblemCause)> = Vec::new();
        let mut updates: Vec<(EventCode, DateTime<Utc>)> = updates
            .into_iter()
            .inspect(|(code, reason, at)| {
                if let Some(cause) = ProblemCause::of(*code, *reason) {
                    problems.push((*at, cause));
                }
            })
            .map(|(code, _, at)| (code, at))
            .collect();
        updates.sort_by_key(|(_, at)| *at);
        problems.sort_by_key(|(at, _)| *at);
        let delivered_at = state.milestones.get(&Milestone::Delivered).copied();
        let failed_attempts = updates
            .iter()
            .filter(|(code, at)| *code == EventCode::DeliveryAttemptFailed && delivered_at.is_none_or(|d| *at <= d))
            .count() as u32;
        let scanned: Vec<DateTime<Utc>> = match first_scan_at {
            Some(first) => updates.iter().map(|(_, at)| *at).filter(|at| *at >= first).collect(),
            None => Vec::new(),
        };
        let longest_gap = scanned.windows(2).map(|w| w[1] - w[0]).max().unwrap_or_else(Duration::zero);
        let held_from = updates
            .iter()
            .filter(|(code, _)| matches!(code, EventCode::CustomsHeld | EventCode::CustomsActionRequired))
            .map(|(_, at)| *at)
            .chain(state.milestones.get(&Milestone::ArrivedDestination).copied())
            .min();
        let customs_dwell = match (held_from, state.milestones.get(&Milestone::CustomsCleared)) {
            (Some(from), Some(cleared)) if *cleared >= from => Some(*cleared - from),
            _ => None,
        };
        Self {
            ordered_at,
            first_scan: first_scan_at.map(|at| (at - ordered_at).max(Duration::zero())),
            longest_gap,
            last_update_at: updates.last().map(|(_, at)| *at),
            customs_dwell,
            delivered_at,
            ended: matches!(state.status, ShipmentStatus::Delivered | ShipmentStatus::ReturnedToSender),
            transit: match (first_scan_at, delivered_at) {
                (Some(first), Some(delivered)) => Some((delivered - first).max(Duration::zero())),
                _ => None,
            },
            failed_attempts,
            customs_held: updates
                .iter()
                .any(|(code, _)| matches!(code, EventCode::CustomsHeld | EventCode::CustomsActionRequired)),
            first_problem: problems.first().map(|(_, cause)| *cause),
        }
    }
}

/// Weeks run Monday to Sunday, UTC. The index counts weeks since Monday 1970-01-05.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Week(pub i64);

impl Week {
    /// Seconds from 1970-01-01 (a Thursday) to the first Monday.
    pub const EPOCH_OFFSET: i64 = 4 * 86_400;
    pub const SECONDS: i64 = 7 * 86_400;

    pub fn of(at: DateTime<Utc>) -> Self {
        Self((at.timestamp() - Self::EPOCH_OFFSET).div_euclid(Self::SECONDS))
    }

    pub fn of_date(day: NaiveDate) -> Self {
        Self::of(day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
    }

    pub fn starts_at(self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.0 * Self::SECONDS + Self::EPOCH_OFFSET, 0).expect("weeks are in range")
    }

    pub fn monday(self) -> NaiveDate {
        self.starts_at().date_naive()
    }

    pub fn next(self) -> Self {
        Self(self.0 + 1)
    }
}

/// The value at quantile `q` (0–1, nearest rank) of values counted in buckets: `(value, count)`
/// in any order. `None` when nothing was counted.
pub fn quantile(buckets: &[(i64, i64)], q: f64) -> Option<i64> {
    let total: i64 = buckets.iter().map(|(_, n)| n).sum();
    if total <= 0 {
        return None;
    }
    let mut sorted = buckets.to_vec();
    sorted.sort();
    let rank = ((q * total as f64).ceil() as i64).clamp(1, total);
    let mut seen = 0;
    sorted
        .into_iter()
        .find(|(_, n)| {
            seen += n;
            seen >= rank
        })
        .map(|(value, _)| value)
}

/// One week's counts behind the five measures. Orders, first scans, gaps and dwell belong to the
/// week the order was placed; contacts to the week they were made; disputes to the week they
/// were filed, against the orders delivered that week.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WeekFigures {
    pub week: i64,
    pub orders: i64,
    pub contacts: i64,
    /// Orders with a first carrier scan, and the hours it took at the median and p90.
    pub scanned: i64,
    pub first_scan_p50_hours: Option<i64>,
    pub first_scan_p90_hours: Option<i64>,
    /// Orders that went [`SCAN_GAP_ALERT`] or longer without an update (the silence still
    /// running included).
    pub gapped: i64,
    pub cleared_customs: i64,
    pub customs_dwell_p50_hours: Option<i64>,
    pub customs_dwell_p90_hours: Option<i64>,
    pub delivered: i64,
    pub disputes: i64,
}

impl WeekFigures {
    /// The measure's value this week; `None` when the week has nothing to measure.
    pub fn value(&self, measure: Measure) -> Option<f64> {
        let ratio = |n: i64, of: i64, scale: f64| (of > 0).then(|| n as f64 * scale / of as f64);
        match measure {
            Measure::ContactRate => ratio(self.contacts, self.orders, 1000.0),
            Measure::FirstScan => self.first_scan_p50_hours.map(|h| h as f64),
            Measure::ScanGaps => ratio(self.gapped, self.scanned, 100.0),
            Measure::CustomsDwell => self.customs_dwell_p50_hours.map(|h| h as f64),
            Measure::DisputeRate => ratio(self.disputes, self.delivered, 100.0),
        }
    }

    pub fn week(&self) -> Week {
        Week(self.week)
    }
}

/// The latest week against the mean of the [`BASELINE_WEEKS`] before it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub latest: Option<f64>,
    pub baseline: Option<f64>,
}

impl Trend {
    /// `weeks` oldest first, one per week, the latest last.
    pub fn of(weeks: &[WeekFigures], measure: Measure) -> Self {
        let Some((latest, before)) = weeks.split_last() else { return Self { latest: None, baseline: None } };
        let earlier: Vec<f64> = before.iter().rev().take(BASELINE_WEEKS).filter_map(|w| w.value(measure)).collect();
        let baseline = (!earlier.is_empty()).then(|| earlier.iter().sum::<f64>() / earlier.len() as f64);
        Self { latest: latest.value(measure), baseline }
    }

    /// The change against the baseline, in percent (positive: worse).
    pub fn change_percent(&self) -> Option<f64> {
        match (self.latest, self.baseline) {
            (Some(latest), Some(base)) if base > 0.0 => Some((latest - base) / base * 100.0),
            _ => None,
        }
    }
}

/// A lane as the seller filters by it: `CN-US`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LaneCode {
    pub origin: String,
    pub destination: String,
}

impl LaneCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let country = |c: &str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase());
        match raw.split_once('-') {
            Some((o, d)) if country(o) && country(d) => Ok(Self { origin: o.to_owned(), destination: d.to_owned() }),
            _ => Err("a lane is two country codes joined by a dash, e.g. CN-US".to_owned()),
        }
    }
}

impl std::fmt::Display for LaneCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.origin, self.destination)
    }
}

/// A contact or dispute as a helpdesk sends it (`POST /api/v1/contacts`, `/api/v1/disputes`):
/// which order, when, through which channel, and what about (`category` for a contact,
/// `reason` for a dispute).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpdeskInput {
    #[serde(default)]
    pub order_ref: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
    pub occurred_at: DateTime<chrono::FixedOffset>,
    pub channel: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
}

/// Which order a helpdesk report is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderNamed {
    Reference(String),
    TrackingNumber(String),
}

impl OrderNamed {
    /// The merchant's order reference, when the report named the order by it.
    pub fn reference(&self) -> Option<String> {
        match self {
            Self::Reference(reference) => Some(reference.clone()),
            Self::TrackingNumber(_) => None,
        }
    }
}

/// What a helpdesk report says, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpdeskReport<About> {
    pub order: OrderNamed,
    pub at: DateTime<Utc>,
    pub channel: Channel,
    pub about: About,
    pub comment: Option<String>,
    /// The helpdesk's own id: the same id twice is one report.
    pub external_id: Option<String>,
}

fn short_text(field: &str, value: Option<String>, max: usize) -> Result<Option<String>, FieldError> {
    match value.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") => Err(FieldError::new(field, "must not be blank")),
        Some(v) if v.chars().count() > max || v.chars().any(char::is_control) => {
            Err(FieldError::new(field, format!("at most {max} printable characters")))
        }
        Some(v) => Ok(Some(v.to_owned())),
    }
}

impl HelpdeskInput {
    fn report<About>(
        self,
        window: &super::event::EventWindow,
        about: impl FnOnce(&Self) -> Result<About, FieldError>,
    ) -> Result<HelpdeskReport<About>, FieldError> {
        window.check(self.occurred_at)?;
        let about = about(&self)?;
        let channel = Channel::parse(&self.channel).map_err(|e| FieldError::new("channel", e))?;
        if channel == Channel::JourneyPage {
            return Err(FieldError::new("channel", "journey page reports come from the journey page itself"));
        }
        let order = match (
            short_text("order_ref", self.order_ref, 100)?,
            short_text("tracking_number", self.tracking_number, 64)?,
        ) {
            (Some(reference), _) => OrderNamed::Reference(reference),
            (None, Some(number)) => OrderNamed::TrackingNumber(number),
            (None, None) => return Err(FieldError::new("order_ref", "name the order: order_ref or tracking_number")),
        };
        Ok(HelpdeskReport {
            order,
            at: self.occurred_at.with_timezone(&Utc),
            channel,
            about,
            comment: self.comment.as_deref().map(parse_comment).transpose()?.flatten(),
            external_id: short_text("external_id", self.external_id, 100)?,
        })
    }

    /// A contact: `category` says what the shopper asked; a dispute's `reason` has no place.
    pub fn contact(self, window: &super::event::EventWindow) -> Result<HelpdeskReport<ContactCategory>, FieldError> {
        self.report(window, |input| {
            if input.reason.is_some() {
                return Err(FieldError::new("reason", "is a dispute's field: contacts have a category"));
            }
            if input.comment.is_some() {
                return Err(FieldError::new("comment", "is a dispute's field: a contact is counted, not kept"));
            }
            let category = input.category.as_deref().ok_or_else(|| FieldError::new("category", "is required"))?;
            ContactCategory::parse(category).map_err(|e| FieldError::new("category", e))
        })
    }

    /// A dispute: `reason` says what is wrong with the delivery.
    pub fn dispute(self, window: &super::event::EventWindow) -> Result<HelpdeskReport<DisputeReason>, FieldError> {
        self.report(window, |input| {
            if input.category.is_some() {
                return Err(FieldError::new("category", "is a contact's field: disputes have a reason"));
            }
            let reason = input.reason.as_deref().ok_or_else(|| FieldError::new("reason", "is required"))?;
            DisputeReason::parse(reason).map_err(|e| FieldError::new("reason", e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn state(milestones: &[(Milestone, DateTime<Utc>)], status: ShipmentStatus) -> ShipmentState {
        let mut state = crate::domain::fold(std::iter::empty());
        state.milestones = milestones.iter().copied().collect();
        state.status = status;
        state
    }

    #[test]
    fn facts_measure_first_scan_gaps_and_customs_from_the_events() {
        use EventCode as E;
        let ms = [
            (Milestone::OrderConfirmed, at(2, 0)),
            (Milestone::CarrierReceived, at(3, 6)),
            (Milestone::ArrivedDestination, at(8, 0)),
            (Milestone::CustomsCleared, at(9, 12)),
            (Milestone::Delivered, at(10, 0)),
        ];
        let updates = [
            (E::OrderConfirmed, None, at(2, 0)),
            (E::CarrierReceived, None, at(3, 6)),
            (E::InTransit, None, at(4, 6)),
            (E::ArrivedDestination, None, at(8, 0)),
            (E::CustomsHeld, Some(ReasonCode::DutiesAssessment), at(8, 12)),
            (E::CustomsCleared, None, at(9, 12)),
            (E::DeliveryAttemptFailed, Some(ReasonCode::RecipientUnavailable), at(9, 20)),
            (E::Delivered, None, at(10, 0)),
        ];
        let facts = ShipmentFacts::derive(at(1, 0), &state(&ms, ShipmentStatus::Delivered), updates);
        assert_eq!(facts.ordered_at, at(2, 0));
        assert_eq!(facts.first_scan, Some(Duration::hours(30)));
        // 4 Nov 06:00 to 8 Nov 00:00: 90 hours; the two days before the first scan do not count.
        assert_eq!(facts.longest_gap, Duration::hours(90));
        assert_eq!(facts.customs_dwell, Some(Duration::hours(36)));
        assert_eq!(facts.delivered_at, Some(at(10, 0)));
        assert!(facts.ended);
        // 3 Nov 06:00 to 10 Nov 00:00.
        assert_eq!(facts.transit, Some(Duration::hours(162)));
        assert_eq!(facts.failed_attempts, 1);
        assert!(facts.customs_held);
        // The customs hold came before the failed attempt.
        assert_eq!(facts.first_problem, Some(ProblemCause::Reason(ReasonCode::DutiesAssessment)));
    }

    #[test]
    fn an_order_not_yet_scanned_has_no_first_scan_and_no_gap() {
        let facts = ShipmentFacts::derive(at(1, 0), &state(&[], ShipmentStatus::Pending), []);
        assert_eq!(facts.ordered_at, at(1, 0));
        assert_eq!((facts.first_scan, facts.longest_gap, facts.ended), (None, Duration::zero(), false));
        assert_eq!(
            (facts.transit, facts.failed_attempts, facts.customs_held, facts.first_problem),
            (None, 0, false, None)
        );
    }

    #[test]
    fn weeks_start_on_monday() {
        // 30 Nov 2026 is a Monday.
        let week = Week::of(Utc.with_ymd_and_hms(2026, 12, 3, 15, 0, 0).unwrap());
        assert_eq!(week.monday(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(Week::of(Utc.with_ymd_and_hms(2026, 11, 29, 23, 59, 59).unwrap()).next(), week);
        assert_eq!(Week::of_date(week.monday()), week);
    }

    #[test]
    fn quantiles_use_the_nearest_rank() {
        let buckets = [(10, 1), (2, 1), (5, 2)];
        assert_eq!(quantile(&buckets, 0.5), Some(5));
        assert_eq!(quantile(&buckets, 0.9), Some(10));
        assert_eq!(quantile(&buckets, 0.0), Some(2));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn a_week_is_compared_with_the_mean_of_the_eight_before() {
        let week = |week, contacts| WeekFigures { week, orders: 1000, contacts, ..Default::default() };
        let mut weeks: Vec<WeekFigures> = (0..10).map(|w| week(w, 10)).collect();
        weeks[0].contacts = 1000; // nine weeks back: not in the baseline
        weeks[9].contacts = 15;
        let trend = Trend::of(&weeks, Measure::ContactRate);
        assert_eq!((trend.latest, trend.baseline), (Some(15.0), Some(10.0)));
        assert_eq!(trend.change_percent(), Some(50.0));
        assert_eq!(WeekFigures::default().value(Measure::DisputeRate), None, "no deliveries, no rate");
    }

    #[test]
    fn ratings_take_one_to_five_stars_and_a_bounded_comment() {
        assert!(Stars::try_from(0).is_err() && Stars::try_from(6).is_err());
        assert_eq!(parse_comment("  "), Ok(None));
        assert!(parse_comment(&"x".repeat(MAX_COMMENT_CHARS + 1)).is_err());
        let rating = DeliveryRating::new(
            Stars::try_from(5).unwrap(),
            Stars::try_from(4).unwrap(),
            vec![RatingTag::Late, RatingTag::Fast, RatingTag::Late],
            None,
        );
        assert_eq!(rating.tag_codes(), "fast,late");
    }

    #[test]
    fn codes_round_trip_and_unknown_ones_list_the_known() {
        for c in ContactCategory::ALL {
            assert_eq!(ContactCategory::parse(c.code()), Ok(c));
        }
        assert!(Channel::parse("fax").unwrap_err().contains("journey_page"));
        assert_eq!(LaneCode::parse("CN-US").unwrap().to_string(), "CN-US");
        assert!(LaneCode::parse("cn-us").is_err());
    }
}

#[cfg(test)]
mod helpdesk_tests {
    use super::*;
    use crate::domain::event::EventWindow;

    fn input(json: serde_json::Value) -> HelpdeskInput {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_helpdesk_contact_names_its_order_time_channel_and_category() {
        let window = EventWindow::around(Utc::now());
        let at = (Utc::now() - Duration::hours(3)).to_rfc3339();
        let contact = input(serde_json::json!({"order_ref": " ORDER-7 ", "occurred_at": at, "channel": "email",
            "category": "where_is_it", "external_id": "zd-1"}))
        .contact(&window)
        .unwrap();
        assert_eq!(contact.order, OrderNamed::Reference("ORDER-7".into()));
        assert_eq!((contact.channel, contact.about), (Channel::Email, ContactCategory::WhereIsIt));

        let refused = |json: serde_json::Value| input(json).contact(&window).unwrap_err().field;
        assert_eq!(
            refused(serde_json::json!({"occurred_at": at, "channel": "email", "category": "customs"})),
            "order_ref"
        );
        assert_eq!(
            refused(
                serde_json::json!({"order_ref": "A", "occurred_at": at, "channel": "journey_page", "category": "customs"})
            ),
            "channel"
        );
        assert_eq!(
            refused(serde_json::json!({"order_ref": "A", "occurred_at": at, "channel": "fax", "category": "customs"})),
            "channel"
        );
        assert_eq!(refused(serde_json::json!({"order_ref": "A", "occurred_at": at, "channel": "chat"})), "category");
        assert_eq!(
            refused(
                serde_json::json!({"order_ref": "A", "occurred_at": at, "channel": "chat", "category": "customs", "reason": "damaged"})
            ),
            "reason"
        );
        let future = (Utc::now() + Duration::days(2)).to_rfc3339();
        assert_eq!(
            refused(
                serde_json::json!({"order_ref": "A", "occurred_at": future, "channel": "chat", "category": "customs"})
            ),
            "occurred_at"
        );
    }

    #[test]
    fn a_helpdesk_dispute_has_a_reason() {
        let window = EventWindow::around(Utc::now());
        let at = Utc::now().to_rfc3339();
        let dispute =
            input(serde_json::json!({"tracking_number": "TP123", "occurred_at": at, "channel": "marketplace",
            "reason": "not_received", "comment": "  "}))
            .dispute(&window)
            .unwrap();
        assert_eq!((dispute.about, dispute.comment), (DisputeReason::NotReceived, None));
        assert_eq!(dispute.order, OrderNamed::TrackingNumber("TP123".into()));
    }
}
