//! The event standard: every tracking event, from whatever source, normalised to one shape.
//! Parsed once at the edge (API, webhooks, CSV, simulator); everything after can trust it.

use super::values::{CarrierSlug, CarrierTrackingNumber, CountryCode, HttpsUrl, LongText, ShortText, TimeZoneName};
use super::{FieldError, GeoPoint, Latitude, Longitude, Milestone};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

listed_enum! {
    /// What happened. The eight milestones plus the events between them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum EventCode {
        /// A label exists; nothing physical has happened. Never shown as a headline.
        LabelCreated,
        OrderConfirmed,
        Packed,
        CarrierReceived,
        DepartedOrigin,
        ArrivedDestination,
        CustomsCleared,
        OutForDelivery,
        Delivered,
        InTransit,
        Position,
        Handoff,
        CustomsHeld,
        CustomsActionRequired,
        Exception,
        DeliveryAttemptFailed,
        AvailableForPickup,
        ReturnedToSender,
    }
}

impl EventCode {
    pub fn code(self) -> &'static str {
        match self {
            EventCode::LabelCreated => "label_created",
            EventCode::InTransit => "in_transit",
            EventCode::Position => "position",
            EventCode::Handoff => "handoff",
            EventCode::CustomsHeld => "customs_held",
            EventCode::CustomsActionRequired => "customs_action_required",
            EventCode::Exception => "exception",
            EventCode::DeliveryAttemptFailed => "delivery_attempt_failed",
            EventCode::AvailableForPickup => "available_for_pickup",
            EventCode::ReturnedToSender => "returned_to_sender",
            other => other.milestone().expect("every other code is a milestone").code(),
        }
    }

    /// The milestone this event reaches, if it is one of the eight.
    pub fn milestone(self) -> Option<Milestone> {
        Some(match self {
            EventCode::OrderConfirmed => Milestone::OrderConfirmed,
            EventCode::Packed => Milestone::Packed,
            EventCode::CarrierReceived => Milestone::CarrierReceived,
            EventCode::DepartedOrigin => Milestone::DepartedOrigin,
            EventCode::ArrivedDestination => Milestone::ArrivedDestination,
            EventCode::CustomsCleared => Milestone::CustomsCleared,
            EventCode::OutForDelivery => Milestone::OutForDelivery,
            EventCode::Delivered => Milestone::Delivered,
            _ => return None,
        })
    }

    pub fn from_milestone(milestone: Milestone) -> Self {
        match milestone {
            Milestone::OrderConfirmed => EventCode::OrderConfirmed,
            Milestone::Packed => EventCode::Packed,
            Milestone::CarrierReceived => EventCode::CarrierReceived,
            Milestone::DepartedOrigin => EventCode::DepartedOrigin,
            Milestone::ArrivedDestination => EventCode::ArrivedDestination,
            Milestone::CustomsCleared => EventCode::CustomsCleared,
            Milestone::OutForDelivery => EventCode::OutForDelivery,
            Milestone::Delivered => EventCode::Delivered,
        }
    }

    /// Something went wrong or needs someone to act: shown as an exception card.
    pub fn is_problem(self) -> bool {
        matches!(
            self,
            EventCode::CustomsHeld
                | EventCode::CustomsActionRequired
                | EventCode::Exception
                | EventCode::DeliveryAttemptFailed
                | EventCode::ReturnedToSender
        )
    }

    /// Who usually reports this event, when the source does not say.
    pub fn usual_actor(self) -> Actor {
        match self {
            EventCode::OrderConfirmed => Actor::Merchant,
            EventCode::LabelCreated | EventCode::Packed => Actor::Warehouse,
            EventCode::CustomsCleared | EventCode::CustomsHeld | EventCode::CustomsActionRequired => Actor::Customs,
            EventCode::OutForDelivery
            | EventCode::Delivered
            | EventCode::DeliveryAttemptFailed
            | EventCode::AvailableForPickup => Actor::LastMile,
            _ => Actor::Carrier,
        }
    }
}

impl fmt::Display for EventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event code {0:?}")]
pub struct UnknownCode(pub String);

impl std::str::FromStr for EventCode {
    type Err = UnknownCode;
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        EventCode::ALL.into_iter().find(|c| c.code() == code).ok_or_else(|| UnknownCode(code.to_owned()))
    }
}

listed_enum! {
    /// Why something went wrong: specific, never vague.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ReasonCode {
        MissingInvoiceData,
        DutiesAssessment,
        RandomInspection,
        AwaitingPayment,
        AddressIssue,
        RecipientUnavailable,
        WeatherDisruption,
        Damaged,
        Lost,
    }
}

impl ReasonCode {
    /// The stable code, as the API and the database write it.
    pub fn code(self) -> &'static str {
        match self {
            ReasonCode::MissingInvoiceData => "missing_invoice_data",
            ReasonCode::DutiesAssessment => "duties_assessment",
            ReasonCode::RandomInspection => "random_inspection",
            ReasonCode::AwaitingPayment => "awaiting_payment",
            ReasonCode::AddressIssue => "address_issue",
            ReasonCode::RecipientUnavailable => "recipient_unavailable",
            ReasonCode::WeatherDisruption => "weather_disruption",
            ReasonCode::Damaged => "damaged",
            ReasonCode::Lost => "lost",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        ReasonCode::ALL.into_iter().find(|r| r.code() == code)
    }
}

listed_enum! {
    /// Who holds the parcel when the event happens.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Actor {
        Merchant,
        Warehouse,
        Carrier,
        Customs,
        LastMile,
    }
}

/// Where the event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventSource {
    Native,
    Aftership,
    #[serde(rename = "17track")]
    SeventeenTrack,
    Easypost,
    Simulator,
    Csv,
}

impl EventSource {
    pub fn code(self) -> &'static str {
        match self {
            EventSource::Native => "native",
            EventSource::Aftership => "aftership",
            EventSource::SeventeenTrack => "17track",
            EventSource::Easypost => "easypost",
            EventSource::Simulator => "simulator",
            EventSource::Csv => "csv",
        }
    }
}

/// Which carrier handled the parcel, under which of its numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarrierRef {
    pub carrier: CarrierSlug,
    pub tracking_number: CarrierTrackingNumber,
}

/// Where an event happened. City level at most: never a street address.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(into = "LocationWire")]
pub struct EventLocation {
    pub city: Option<ShortText>,
    pub region: Option<ShortText>,
    pub country: Option<CountryCode>,
    pub point: Option<GeoPoint>,
    pub time_zone: Option<TimeZoneName>,
}

impl EventLocation {
    pub fn is_empty(&self) -> bool {
        self == &EventLocation::default()
    }
}

/// `lat` and `lon` sit beside the names on the wire; they come as a pair or not at all.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocationWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    city: Option<ShortText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<ShortText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lat: Option<Latitude>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lon: Option<Longitude>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    time_zone: Option<TimeZoneName>,
}

impl TryFrom<LocationWire> for EventLocation {
    type Error = &'static str;
    fn try_from(w: LocationWire) -> Result<Self, Self::Error> {
        let point = match (w.lat, w.lon) {
            (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
            (None, None) => None,
            _ => return Err("lat and lon come together or not at all"),
        };
        Ok(Self { city: w.city, region: w.region, country: w.country, point, time_zone: w.time_zone })
    }
}

impl<'de> Deserialize<'de> for EventLocation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire: LocationWire = crate::domain::json::object_only(deserializer)?;
        Self::try_from(wire).map_err(serde::de::Error::custom)
    }
}

impl From<EventLocation> for LocationWire {
    fn from(l: EventLocation) -> Self {
        Self {
            city: l.city,
            region: l.region,
            country: l.country,
            lat: l.point.map(|p| p.lat),
            lon: l.point.map(|p| p.lon),
            time_zone: l.time_zone,
        }
    }
}

listed_enum! {
    /// How a delivery was proven.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum DeliveryMethod {
        HandedToRecipient,
        Signature,
        LeftAtDoor,
        Mailbox,
        Neighbour,
        PickupPoint,
        Locker,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofOfDelivery {
    pub method: DeliveryMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<ShortText>,
    /// An https URL of the doorstep photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_url: Option<HttpsUrl>,
    /// Where the courier's device was when it delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<GeoPoint>,
}

/// One normalised tracking event. Build it from [`EventInput`] with [`TrackingEvent::from_input`]
/// (or an adapter), which checks the rules that span fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackingEvent {
    pub code: EventCode,
    /// When it happened, with the UTC offset of where it happened.
    pub occurred_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "EventLocation::is_empty")]
    pub location: EventLocation,
    pub actor: Actor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<CarrierRef>,
    /// As the carrier wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LongText>,
    /// The one-line expectation of what happens next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<LongText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ReasonCode>,
    /// What the shopper must do, for problems that need them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_action: Option<LongText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<ProofOfDelivery>,
    pub source: EventSource,
    /// The source's own id for this event, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<ShortText>,
    /// What the source sent for this event, kept as received.
    #[serde(default)]
    pub raw: serde_json::Value,
}

/// The wire form of an event in the native API and CSV import: parsed into domain types field
/// by field; [`TrackingEvent::from_input`] adds the cross-field rules.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub code: EventCode,
    pub occurred_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub location: EventLocation,
    #[serde(default)]
    pub actor: Option<Actor>,
    #[serde(default)]
    pub carrier: Option<CarrierRef>,
    #[serde(default)]
    pub description: Option<LongText>,
    #[serde(default)]
    pub next_step: Option<LongText>,
    #[serde(default)]
    pub reason: Option<ReasonCode>,
    #[serde(default)]
    pub customer_action: Option<LongText>,
    #[serde(default)]
    pub proof: Option<ProofOfDelivery>,
    #[serde(default)]
    pub external_id: Option<ShortText>,
}

impl EventInput {
    /// Just what happened and when; set the other fields with struct update syntax.
    pub fn new(code: EventCode, occurred_at: DateTime<FixedOffset>) -> Self {
        Self {
            code,
            occurred_at,
            location: EventLocation::default(),
            actor: None,
            carrier: None,
            description: None,
            next_step: None,
            reason: None,
            customer_action: None,
            proof: None,
            external_id: None,
        }
    }
}

/// How far ahead of the receiver's clock an event may claim to have happened, by default.
pub const MAX_CLOCK_SKEW_MINUTES: i64 = 10;
/// How long ago an event may have happened, by default: a year of history, with a margin.
pub const MAX_EVENT_AGE_DAYS: i64 = 400;

/// When the receiver accepts that an event happened: no more than `max_age` before its clock
/// `now`, no more than `max_ahead` after it. A year typed wrong is refused here, and every date
/// the ETA walks from stays near.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventWindow {
    pub now: DateTime<Utc>,
    pub max_age: chrono::Duration,
    pub max_ahead: chrono::Duration,
}

impl EventWindow {
    /// The default window around `now`.
    pub fn around(now: DateTime<Utc>) -> Self {
        Self {
            now,
            max_age: chrono::Duration::days(MAX_EVENT_AGE_DAYS),
            max_ahead: chrono::Duration::minutes(MAX_CLOCK_SKEW_MINUTES),
        }
    }

    pub fn check(&self, occurred_at: DateTime<FixedOffset>) -> Result<(), FieldError> {
        let at = occurred_at.with_timezone(&Utc);
        if at > self.now + self.max_ahead {
            Err(FieldError::new("occurred_at", "lies in the future"))
        } else if at < self.now - self.max_age {
            Err(FieldError::new("occurred_at", format!("lies more than {} days in the past", self.max_age.num_days())))
        } else {
            Ok(())
        }
    }
}

impl TrackingEvent {
    /// Checks the rules that span fields, and the time against the receiver's `window`.
    pub fn from_input(
        input: EventInput,
        source: EventSource,
        raw: serde_json::Value,
        window: EventWindow,
    ) -> Result<Self, FieldError> {
        window.check(input.occurred_at)?;
        if input.proof.is_some() && input.code != EventCode::Delivered {
            return Err(FieldError::new("proof", "only a delivered event carries proof of delivery"));
        }
        if input.code == EventCode::Position && input.location.point.is_none() {
            return Err(FieldError::new("location.lat", "a position event needs lat and lon"));
        }
        if input.reason.is_some() && !input.code.is_problem() {
            return Err(FieldError::new("reason", format!("{} is not an exception; it takes no reason", input.code)));
        }
        Ok(TrackingEvent {
            code: input.code,
            occurred_at: input.occurred_at,
            location: input.location,
            actor: input.actor.unwrap_or(input.code.usual_actor()),
            carrier: input.carrier,
            description: input.description,
            next_step: input.next_step,
            reason: input.reason,
            customer_action: input.customer_action,
            proof: input.proof,
            source,
            external_id: input.external_id,
            raw,
        })
    }

    pub fn occurred_at_utc(&self) -> DateTime<Utc> {
        self.occurred_at.with_timezone(&Utc)
    }

    /// Keys under which a second copy of this event is recognised as the same event.
    pub fn dedupe_keys(&self) -> DedupeKeys {
        DedupeKeys {
            external: self.external_id.as_ref().map(|id| format!("{}:{}", self.source.code(), id)),
            content: self.content_fingerprint(),
        }
    }

    /// A hash of what the event says happened (not who relayed it or how they worded its
    /// envelope): the same scan relayed twice, or by two aggregators, hashes the same.
    pub fn content_fingerprint(&self) -> String {
        let mut hash = Sha256::new();
        let mut field = |value: &str| {
            hash.update((value.len() as u64).to_le_bytes());
            hash.update(value.as_bytes());
        };
        field(self.code.code());
        field(&self.occurred_at_utc().timestamp().to_string());
        field(self.carrier.as_ref().map_or("", |c| c.tracking_number.as_str()));
        field(self.location.country.as_ref().map_or("", |c| c.as_str()));
        field(&self.location.city.as_ref().map_or(String::new(), |c| c.as_str().to_lowercase()));
        // Rounded to ~1 m so float noise from re-serialisation cannot split duplicates.
        field(&self.location.point.map_or(String::new(), |p| format!("{:.5},{:.5}", p.lat(), p.lon())));
        field(&self.description.as_ref().map_or(String::new(), |d| d.as_str().to_lowercase()));
        hex_lower(&hash.finalize())
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DedupeKeys {
    /// `source:external_id`, when the source gave an id.
    pub external: Option<String>,
    pub content: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        "2026-11-21T12:00:00Z".parse().unwrap()
    }

    fn input(value: serde_json::Value) -> Result<TrackingEvent, FieldError> {
        let input: EventInput =
            serde_json::from_value(value.clone()).map_err(|e| FieldError::new("?", e.to_string()))?;
        TrackingEvent::from_input(input, EventSource::Native, value, EventWindow::around(now()))
    }

    #[test]
    fn a_time_outside_the_receivers_window_is_refused_naming_occurred_at() {
        let at = |when: &str| input(json!({"code": "in_transit", "occurred_at": when}));
        assert!(at("2025-10-18T12:00:00Z").is_ok(), "399 days ago");
        assert!(at("2026-11-21T12:09:00Z").is_ok(), "within the clock skew");
        for (when, reason) in [
            ("2025-10-16T12:00:00Z", "lies more than 400 days in the past"),
            ("0001-01-01T00:00:00Z", "lies more than 400 days in the past"),
            ("2026-11-21T12:11:00Z", "lies in the future"),
            ("9999-12-31T23:59:59Z", "lies in the future"),
        ] {
            assert_eq!(at(when).unwrap_err(), FieldError::new("occurred_at", reason), "{when}");
        }
        let wide = EventWindow { max_age: chrono::Duration::days(3650), ..EventWindow::around(now()) };
        let old: EventInput =
            serde_json::from_value(json!({"code": "in_transit", "occurred_at": "2020-01-01T00:00:00Z"})).unwrap();
        assert!(TrackingEvent::from_input(old, EventSource::Native, json!({}), wide).is_ok(), "configurable");
    }

    #[test]
    fn reason_codes_are_their_wire_names() {
        for reason in ReasonCode::ALL {
            assert_eq!(serde_json::to_value(reason).unwrap(), reason.code());
            assert_eq!(ReasonCode::parse(reason.code()), Some(reason));
        }
    }

    #[test]
    fn codes_round_trip_and_milestones_map_both_ways() {
        for code in EventCode::ALL {
            assert_eq!(code.code().parse::<EventCode>(), Ok(code));
            assert_eq!(serde_json::to_value(code).unwrap(), json!(code.code()));
            if let Some(m) = code.milestone() {
                assert_eq!(EventCode::from_milestone(m), code);
                assert_eq!(m.code(), code.code());
            }
        }
        assert_eq!(EventCode::ALL.iter().filter(|c| c.milestone().is_some()).count(), 8);
    }

    #[test]
    fn a_full_event_parses_with_its_offset_and_defaults_its_actor() {
        let event = input(json!({
            "code": "customs_action_required",
            "occurred_at": "2026-11-20T09:30:00-08:00",
            "location": {"city": "Los Angeles", "region": "CA", "country": "us", "lat": 33.94, "lon": -118.4,
                         "time_zone": "America/Los_Angeles"},
            "carrier": {"carrier": "USPS", "tracking_number": "9400 1000 0000 0000 0000 00"},
            "description": "Held by customs: commercial invoice missing",
            "reason": "missing_invoice_data",
            "customer_action": "Send the invoice to the seller",
            "external_id": "evt-1"
        }))
        .unwrap();
        assert_eq!(event.actor, Actor::Customs);
        assert_eq!(event.occurred_at.offset().local_minus_utc(), -8 * 3600);
        assert_eq!(event.location.country.unwrap().as_str(), "US");
        let carrier = event.carrier.as_ref().unwrap();
        assert_eq!((carrier.carrier.as_str(), carrier.tracking_number.as_str()), ("usps", "9400100000000000000000"));
        // Stored form round-trips exactly.
        let stored = serde_json::to_string(&event).unwrap();
        assert_eq!(serde_json::from_str::<TrackingEvent>(&stored).unwrap(), event);
    }

    #[test]
    fn cross_field_rules_name_the_field() {
        let base = |extra: serde_json::Value| {
            let mut v = json!({"code": "in_transit", "occurred_at": "2026-11-20T09:30:00Z"});
            v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            v
        };
        assert_eq!(input(base(json!({"occurred_at": "2026-11-22T09:30:00Z"}))).unwrap_err().field, "occurred_at");
        assert_eq!(input(base(json!({"proof": {"method": "signature"}}))).unwrap_err().field, "proof");
        assert_eq!(input(base(json!({"code": "position"}))).unwrap_err().field, "location.lat");
        assert_eq!(input(base(json!({"reason": "lost"}))).unwrap_err().field, "reason");
        assert!(input(base(json!({"code": "exception", "reason": "lost"}))).is_ok());
    }

    #[test]
    fn bad_values_are_refused_by_their_types() {
        for bad in [
            json!({"code": "teleported", "occurred_at": "2026-11-20T09:30:00Z"}),
            json!({"code": "in_transit", "occurred_at": "2026-11-20 09:30"}),
            json!({"code": "in_transit", "occurred_at": "2026-11-20T09:30:00Z", "location": {"country": "USA"}}),
            json!({"code": "in_transit", "occurred_at": "2026-11-20T09:30:00Z", "location": {"time_zone": "Mars/Olympus"}}),
            json!({"code": "in_transit", "occurred_at": "2026-11-20T09:30:00Z", "location": {"lat": 91.0, "lon": 0.0}}),
            json!({"code": "in_transit", "occurred_at": "2026-11-20T09:30:00Z", "description": "   "}),
            json!({"code": "delivered", "occurred_at": "2026-11-20T09:30:00Z", "proof": {"method": "signature", "photo_url": "http://x"}}),
            json!({"code": "in_transit", "occurred_at": "2026-11-20T09:30:00Z", "colour": "red"}),
        ] {
            assert!(input(bad.clone()).is_err(), "accepted {bad}");
        }
    }

    #[test]
    fn the_same_scan_relayed_differently_has_the_same_content_fingerprint() {
        let a = input(json!({"code": "departed_origin", "occurred_at": "2026-11-20T09:30:00+08:00",
                              "location": {"city": "Shenzhen", "country": "CN"}, "description": "Departed"}))
        .unwrap();
        let mut b = a.clone();
        b.occurred_at = "2026-11-20T01:30:00Z".parse().unwrap();
        b.source = EventSource::Aftership;
        b.raw = json!({"other": "envelope"});
        b.location.city = Some("SHENZHEN".try_into().unwrap());
        assert_eq!(a.content_fingerprint(), b.content_fingerprint());
        let mut c = a.clone();
        c.code = EventCode::ArrivedDestination;
        assert_ne!(a.content_fingerprint(), c.content_fingerprint());
        assert_eq!(a.dedupe_keys().external, None);
    }
}
