//! AfterShip tracking webhooks (`event: tracking_update`, API 2024+ and the v4 shape before it):
//! every checkpoint of the tracking becomes one event. AfterShip resends the whole history on
//! each update; the events' content fingerprints drop the repeats.

use super::common::{
    self, country_iso3, finish, first_text, method_from_text, oldest_first, parse_json, parse_time, proof,
    says_weather, Draft, Mapped, ACTION_ADDRESS, ACTION_COLLECT, ACTION_CUSTOMS_INFO, ACTION_PAYMENT,
};
use super::{NormaliseResult, Webhook, WebhookEvents};
use crate::domain::event::{CarrierRef, DeliveryMethod, EventCode, EventSource, EventWindow, ReasonCode};
use crate::domain::json;
use crate::domain::values::{CarrierSlug, CarrierTrackingNumber, CountryCode, LongText};
use crate::domain::FieldError;

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Envelope {
    event: String,
    #[serde(default)]
    event_id: Option<String>,
}

#[derive(Deserialize)]
struct Msg {
    slug: String,
    tracking_number: String,
    #[serde(default)]
    checkpoints: Option<Vec<Value>>,
    #[serde(default)]
    signed_by: Option<String>,
    // Both spellings: `*_iso3` up to API 2024-07, `*_region` after it.
    #[serde(default)]
    origin_country_iso3: Option<String>,
    #[serde(default)]
    origin_country_region: Option<String>,
    #[serde(default)]
    destination_country_iso3: Option<String>,
    #[serde(default)]
    destination_country_region: Option<String>,
}

#[derive(Deserialize)]
struct Checkpoint {
    checkpoint_time: String,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    subtag: Option<String>,
    #[serde(default)]
    subtag_message: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    country_iso3: Option<String>,
    #[serde(default)]
    country_region: Option<String>,
    #[serde(default)]
    country_name: Option<String>,
    #[serde(default)]
    country_region_name: Option<String>,
    #[serde(default)]
    coordinate: Option<Coordinate>,
}

/// The legacy `coordinates` array is not read: AfterShip never documented its order.
#[derive(Deserialize)]
struct Coordinate {
    #[serde(default)]
    latitude: Option<f64>,
    #[serde(default)]
    longitude: Option<f64>,
}

pub fn parse(body: &[u8], window: EventWindow) -> NormaliseResult {
    let json = parse_json(body)?;
    let envelope: Envelope = json::from_value(&json, "")?;
    if envelope.event != "tracking_update" {
        return Ok(Webhook::Ignored { kind: envelope.event });
    }
    let msg_value = json.get("msg").ok_or_else(|| FieldError::new("msg", "missing field `msg`"))?;
    let msg: Msg = json::from_value(msg_value, "msg")?;
    let parcel = CarrierRef {
        carrier: CarrierSlug::try_from(msg.slug.as_str()).map_err(|e| FieldError::new("msg.slug", e))?,
        tracking_number: CarrierTrackingNumber::try_from(msg.tracking_number.as_str())
            .map_err(|e| FieldError::new("msg.tracking_number", e))?,
    };
    let lane = Lane {
        origin: country_iso3(msg.origin_country_region.as_deref().or(msg.origin_country_iso3.as_deref())),
        destination: country_iso3(
            msg.destination_country_region.as_deref().or(msg.destination_country_iso3.as_deref()),
        ),
    };

    let (mut events, mut refused) = (Vec::new(), Vec::new());
    for (i, raw) in msg.checkpoints.iter().flatten().enumerate() {
        let checkpoint = || -> Result<crate::domain::TrackingEvent, FieldError> {
            let at = format!("msg.checkpoints[{i}]");
            let cp: Checkpoint = json::from_value(raw, &at)?;
            let time_field = format!("{at}.checkpoint_time");
            let (occurred_at, _) = parse_time(&cp.checkpoint_time).map_err(|e| FieldError::new(&time_field, e))?;
            let country = country_iso3(cp.country_region.as_deref().or(cp.country_iso3.as_deref()));
            let country_name = cp.country_region_name.as_deref().or(cp.country_name.as_deref());
            let mapped =
                lane.refine(map_status(cp.tag.as_deref(), cp.subtag.as_deref(), &[cp.message.as_deref()]), country);
            let description = describe(cp.message.as_deref().or(cp.subtag_message.as_deref()), country, country_name);
            let method = subtag_method(cp.subtag.as_deref())
                .or_else(|| method_from_text(&[cp.message.as_deref(), cp.subtag_message.as_deref()]));
            let draft = Draft {
                mapped,
                occurred_at,
                location: common::location(
                    cp.city.as_deref(),
                    cp.state.as_deref(),
                    country,
                    cp.coordinate.and_then(|c| c.latitude.zip(c.longitude)),
                ),
                description,
                proof: proof(method, None),
            };
            finish(draft, EventSource::Aftership, &parcel, raw.clone(), window, &at, &time_field)
        };
        match checkpoint() {
            Ok(event) => events.push(event),
            Err(error) => refused.push(error),
        }
    }
    oldest_first(&mut events);
    // The tracking's signature belongs to its (latest) delivery.
    if let Some(signed_by) = common::text::<120>(msg.signed_by.as_deref()) {
        if let Some(delivered) = events.iter_mut().rev().find(|e| e.code == EventCode::Delivered) {
            delivered.proof = proof(None, Some(signed_by.as_str()));
        }
    }
    Ok(Webhook::Events(WebhookEvents { delivery_id: envelope.event_id, parcel, events, refused }))
}

/// The carrier's words; when the country could not be turned into a code, its name is kept
/// here so the place is not lost.
fn describe(message: Option<&str>, country: Option<CountryCode>, country_name: Option<&str>) -> Option<LongText> {
    let name = country_name.map(str::trim).filter(|n| !n.is_empty() && country.is_none());
    match (message, name) {
        (Some(m), Some(n)) if !m.to_lowercase().contains(&n.to_lowercase()) => {
            first_text(&[Some(&format!("{m} ({n})"))])
        }
        (Some(m), _) => first_text(&[Some(m)]),
        (None, n) => first_text(&[n]),
    }
}

/// Origin and destination of the whole tracking, which no single checkpoint knows.
struct Lane {
    origin: Option<CountryCode>,
    destination: Option<CountryCode>,
}

impl Lane {
    /// AfterShip tags every facility departure `InTransit_007`. One inside the destination
    /// country of a cross-border parcel is a domestic hop, not the departure from origin.
    fn refine(&self, mapped: Mapped, country: Option<CountryCode>) -> Mapped {
        let cross_border = self.origin.is_some() && self.destination.is_some() && self.origin != self.destination;
        if mapped.code == EventCode::DepartedOrigin && cross_border && country.is_some() && country == self.destination
        {
            Mapped::code(EventCode::InTransit)
        } else {
            mapped
        }
    }
}

/// AfterShip subtag (falling back to its tag) → canonical code. Subtags from AfterShip's
/// "Delivery sub-statuses" list; anything unknown is `in_transit`, its text kept by the caller.
fn map_status(tag: Option<&str>, subtag: Option<&str>, texts: &[Option<&str>]) -> Mapped {
    use EventCode::*;
    use ReasonCode::*;
    let by_subtag = match subtag.unwrap_or("") {
        "InfoReceived_001" => Some(Mapped::code(LabelCreated)),
        "InTransit_001" | "InTransit_003" | "InTransit_008" | "InTransit_009" => Some(Mapped::code(InTransit)),
        "InTransit_002" => Some(Mapped::code(CarrierReceived)),
        "InTransit_004" => Some(Mapped::code(ArrivedDestination)),
        "InTransit_005" => Some(Mapped::code(CustomsCleared)),
        // "Handed over to customs": the normal wait in customs, nothing asked of anyone yet.
        "InTransit_006" => Some(Mapped::customs_processing()),
        "InTransit_007" => Some(Mapped::code(DepartedOrigin)),
        "OutForDelivery_001" | "OutForDelivery_003" => Some(Mapped::code(OutForDelivery)),
        // "Delivery appointment scheduled": not on the van yet.
        "OutForDelivery_004" => Some(Mapped::code(InTransit)),
        "AvailableForPickup_001" => Some(Mapped::code(AvailableForPickup)),
        "AttemptFail_001" => Some(Mapped::code(DeliveryAttemptFailed)),
        "AttemptFail_002" | "AttemptFail_003" => {
            Some(Mapped::problem(DeliveryAttemptFailed, Some(RecipientUnavailable), None))
        }
        "Delivered_001" | "Delivered_002" | "Delivered_003" | "Delivered_004" | "Delivered_005" => {
            Some(Mapped::code(Delivered))
        }
        "Exception_002" | "Exception_007" => Some(Mapped::problem(Exception, Some(AddressIssue), Some(ACTION_ADDRESS))),
        "Exception_004" => Some(Mapped::code(CustomsHeld)),
        "Exception_005" => Some(delay(texts)),
        "Exception_006" => Some(Mapped::problem(Exception, Some(AwaitingPayment), Some(ACTION_PAYMENT))),
        "Exception_008" => Some(Mapped::problem(Exception, None, Some(ACTION_COLLECT))),
        "Exception_010" | "Exception_011" => Some(Mapped::code(ReturnedToSender)),
        "Exception_012" => Some(Mapped::problem(Exception, Some(Damaged), None)),
        "Exception_013" => Some(Mapped::problem(Exception, Some(Lost), None)),
        "Exception_017" => Some(Mapped::problem(Exception, Some(WeatherDisruption), None)),
        "Exception_018" => {
            Some(Mapped::problem(CustomsActionRequired, Some(MissingInvoiceData), Some(ACTION_CUSTOMS_INFO)))
        }
        // Refused, rejected by carrier, processing delay, late flight, cancelled, disposed…:
        // a problem, but none of the specific reasons fits.
        s if s.starts_with("Exception_") => Some(delay(texts)),
        _ => None,
    };
    by_subtag.unwrap_or_else(|| match tag.unwrap_or("") {
        "InfoReceived" | "Pending" => Mapped::code(LabelCreated),
        "OutForDelivery" => Mapped::code(OutForDelivery),
        "AvailableForPickup" => Mapped::code(AvailableForPickup),
        "AttemptFail" => Mapped::code(DeliveryAttemptFailed),
        "Delivered" => Mapped::code(Delivered),
        "Exception" => delay(texts),
        _ => Mapped::code(InTransit),
    })
}

/// A generic exception: weather only when the carrier says so.
fn delay(texts: &[Option<&str>]) -> Mapped {
    let reason = says_weather(texts).then_some(ReasonCode::WeatherDisruption);
    Mapped::problem(EventCode::Exception, reason, None)
}

fn subtag_method(subtag: Option<&str>) -> Option<DeliveryMethod> {
    match subtag? {
        "Delivered_002" => Some(DeliveryMethod::PickupPoint),
        "Delivered_003" => Some(DeliveryMethod::Signature),
        // Cash on delivery: someone was there to pay.
        "Delivered_004" => Some(DeliveryMethod::HandedToRecipient),
        "Delivered_005" => Some(DeliveryMethod::Neighbour),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::Actor;
    use crate::domain::{fold, ShipmentStatus};
    use serde_json::json;

    use super::super::test_support::{self, now};

    fn events(body: &str) -> WebhookEvents {
        test_support::events(parse, body)
    }

    fn refusal(body: &[u8]) -> FieldError {
        test_support::refusal(parse, body)
    }

    const IN_TRANSIT: &str = include_str!("samples/aftership_in_transit.json");
    const DELIVERED: &str = include_str!("samples/aftership_delivered.json");

    fn one_checkpoint(checkpoint: Value) -> Value {
        json!({"event": "tracking_update", "event_id": "e-1",
               "msg": {"slug": "yunexpress", "tracking_number": "YT2412345678901234", "checkpoints": [checkpoint]}})
    }

    #[test]
    fn one_unreadable_checkpoint_does_not_cost_the_others() {
        let mut body = one_checkpoint(json!({"checkpoint_time": "2025-11-05T10:00:00+08:00", "tag": "InTransit"}));
        // A local time sent without its offset can land in the future when read as UTC.
        body["msg"]["checkpoints"].as_array_mut().unwrap().push(json!({"checkpoint_time": "2026-01-05T10:00:00"}));
        let webhook = events(body.to_string().as_str());
        assert_eq!(webhook.events.len(), 1);
        assert_eq!(webhook.refused.len(), 1);
        assert_eq!(webhook.refused[0].field, "msg.checkpoints[1].checkpoint_time");
    }

    #[test]
    fn subtags_map_to_codes_reasons_and_actions() {
        use EventCode::*;
        use ReasonCode::*;
        let table = [
            ("InfoReceived", "InfoReceived_001", LabelCreated, None),
            ("InTransit", "InTransit_001", InTransit, None),
            ("InTransit", "InTransit_002", CarrierReceived, None),
            ("InTransit", "InTransit_003", InTransit, None),
            ("InTransit", "InTransit_004", ArrivedDestination, None),
            ("InTransit", "InTransit_005", CustomsCleared, None),
            ("InTransit", "InTransit_006", InTransit, None),
            ("InTransit", "InTransit_007", DepartedOrigin, None),
            ("OutForDelivery", "OutForDelivery_001", OutForDelivery, None),
            ("OutForDelivery", "OutForDelivery_004", InTransit, None),
            ("AvailableForPickup", "AvailableForPickup_001", AvailableForPickup, None),
            ("AttemptFail", "AttemptFail_001", DeliveryAttemptFailed, None),
            ("AttemptFail", "AttemptFail_002", DeliveryAttemptFailed, Some(RecipientUnavailable)),
            ("Delivered", "Delivered_003", Delivered, None),
            ("Exception", "Exception_001", Exception, None),
            ("Exception", "Exception_002", Exception, Some(AddressIssue)),
            ("Exception", "Exception_004", CustomsHeld, None),
            ("Exception", "Exception_005", Exception, None),
            ("Exception", "Exception_006", Exception, Some(AwaitingPayment)),
            ("Exception", "Exception_007", Exception, Some(AddressIssue)),
            ("Exception", "Exception_010", ReturnedToSender, None),
            ("Exception", "Exception_011", ReturnedToSender, None),
            ("Exception", "Exception_012", Exception, Some(Damaged)),
            ("Exception", "Exception_013", Exception, Some(Lost)),
            ("Exception", "Exception_017", Exception, Some(WeatherDisruption)),
            ("Exception", "Exception_018", CustomsActionRequired, Some(MissingInvoiceData)),
            ("Exception", "Exception_099", Exception, None),
            ("Delivered", "Delivered_042", Delivered, None),
            ("Teleported", "Teleported_001", InTransit, None),
        ];
        for (tag, subtag, code, reason) in table {
            let mapped = map_status(Some(tag), Some(subtag), &[]);
            assert_eq!((mapped.code, mapped.reason), (code, reason), "{subtag}");
        }
        assert!(map_status(None, Some("Exception_006"), &[]).customer_action.is_some());
        assert!(map_status(None, Some("Exception_012"), &[]).customer_action.is_none());
        assert!(map_status(None, Some("InTransit_006"), &[]).customer_action.is_none());
        let weather = map_status(Some("Exception"), Some("Exception_005"), &[Some("Delayed by a snow storm")]);
        assert_eq!(weather.reason, Some(WeatherDisruption));
    }

    #[test]
    fn the_in_transit_sample_becomes_its_journey_in_order() {
        let webhook = events(IN_TRANSIT);
        assert_eq!(webhook.delivery_id.as_deref(), Some("5b0f4a1e-9c1d-4e8a-a7b2-3f6d2c0e9a11"));
        assert_eq!(webhook.parcel.carrier.as_str(), "yunexpress");
        assert_eq!(webhook.parcel.tracking_number.as_str(), "YT2412345678901234");
        let codes: Vec<_> = webhook.events.iter().map(|e| e.code).collect();
        use EventCode::*;
        assert_eq!(
            codes,
            [LabelCreated, CarrierReceived, InTransit, DepartedOrigin, ArrivedDestination, InTransit, CustomsHeld]
        );
        for e in &webhook.events {
            assert_eq!(e.source, EventSource::Aftership);
            assert_eq!(e.carrier.as_ref(), Some(&webhook.parcel));
            assert!(e.raw.is_object() && e.raw.get("checkpoint_time").is_some());
            assert_eq!(e.external_id, None);
        }
        let actors: Vec<_> = webhook.events.iter().map(|e| e.actor).collect();
        assert_eq!(actors[5], Actor::Customs, "routine customs processing is customs' news");
        assert!(actors.iter().enumerate().all(|(i, a)| i == 5 || *a == webhook.events[i].code.usual_actor()));
        let received = &webhook.events[1];
        assert_eq!(received.location.city.as_ref().unwrap().as_str(), "Shenzhen");
        assert_eq!(received.location.country.unwrap().as_str(), "CN");
        assert_eq!(received.occurred_at.offset().local_minus_utc(), 8 * 3600);
        // A checkpoint without an offset is read as UTC.
        assert_eq!(webhook.events[2].occurred_at.offset().local_minus_utc(), 0);
        let arrived = &webhook.events[4];
        assert_eq!(arrived.location.country.unwrap().as_str(), "US");
        assert!(arrived.location.point.is_some());
        let state = fold(&webhook.events);
        assert_eq!(state.status, ShipmentStatus::Exception);
    }

    #[test]
    fn the_delivered_sample_ends_signed_for() {
        let webhook = events(DELIVERED);
        let codes: Vec<_> = webhook.events.iter().map(|e| e.code).collect();
        assert_eq!(codes.last(), Some(&EventCode::Delivered));
        assert!(codes.contains(&EventCode::CustomsCleared) && codes.contains(&EventCode::OutForDelivery));
        // The hop between US facilities is not a second departure from origin.
        assert_eq!(codes.iter().filter(|c| **c == EventCode::DepartedOrigin).count(), 1);
        let delivered = webhook.events.last().unwrap();
        let proof = delivered.proof.as_ref().unwrap();
        assert_eq!(proof.method, DeliveryMethod::Signature);
        assert_eq!(proof.signed_by.as_ref().unwrap().as_str(), "J SMITH");
        assert!(webhook.events.iter().filter(|e| e.code != EventCode::Delivered).all(|e| e.proof.is_none()));
        assert_eq!(fold(&webhook.events).status, ShipmentStatus::Delivered);
    }

    #[test]
    fn an_unknown_subtag_is_in_transit_with_its_words_kept() {
        let body = one_checkpoint(json!({"checkpoint_time": "2025-11-05T10:00:00+08:00", "tag": "Hovering",
            "subtag": "Hovering_001", "message": "Parcel is hovering over the depot", "country_iso3": "XKX",
            "country_name": "Kosovo"}));
        let webhook = events(&body.to_string());
        let event = &webhook.events[0];
        assert_eq!(event.code, EventCode::InTransit);
        assert_eq!(event.description.as_ref().unwrap().as_str(), "Parcel is hovering over the depot (Kosovo)");
        assert_eq!(event.location.country, None);
    }

    #[test]
    fn delivered_subtags_say_how() {
        for (subtag, method) in
            [("Delivered_002", DeliveryMethod::PickupPoint), ("Delivered_005", DeliveryMethod::Neighbour)]
        {
            let body = one_checkpoint(json!({"checkpoint_time": "2025-11-05T10:00:00Z", "tag": "Delivered",
                "subtag": subtag, "message": "Delivered"}));
            assert_eq!(events(&body.to_string()).events[0].proof.as_ref().unwrap().method, method);
        }
        let plain = one_checkpoint(json!({"checkpoint_time": "2025-11-05T10:00:00Z", "tag": "Delivered",
            "subtag": "Delivered_001", "message": "Delivered"}));
        assert_eq!(events(&plain.to_string()).events[0].proof, None);
    }

    #[test]
    fn other_notifications_are_ignored() {
        let body = json!({"event": "tracking_delete", "msg": {"whatever": 1}});
        assert_eq!(
            parse(body.to_string().as_bytes(), EventWindow::around(now())).unwrap(),
            Webhook::Ignored { kind: "tracking_delete".into() }
        );
    }

    #[test]
    fn bad_payloads_name_the_field() {
        assert_eq!(refusal(b"{not json").field, "");
        assert_eq!(refusal(b"{}").field, "event");
        let no_time = one_checkpoint(json!({"tag": "InTransit", "message": "x"}));
        assert_eq!(refusal(no_time.to_string().as_bytes()).field, "msg.checkpoints[0].checkpoint_time");
        let bad_time = one_checkpoint(json!({"checkpoint_time": "soon", "tag": "InTransit"}));
        assert_eq!(refusal(bad_time.to_string().as_bytes()).field, "msg.checkpoints[0].checkpoint_time");
        let wrong_type = one_checkpoint(json!({"checkpoint_time": "2025-11-05T10:00:00Z", "city": 7}));
        assert_eq!(refusal(wrong_type.to_string().as_bytes()).field, "msg.checkpoints[0].city");
        let mut no_number = one_checkpoint(json!({"checkpoint_time": "2025-11-05T10:00:00Z"}));
        no_number["msg"].as_object_mut().unwrap().remove("tracking_number");
        assert_eq!(refusal(no_number.to_string().as_bytes()).field, "msg.tracking_number");
        let future = one_checkpoint(json!({"checkpoint_time": "2026-01-05T10:00:00Z"}));
        let err = refusal(future.to_string().as_bytes());
        assert_eq!(
            (err.field.as_str(), err.reason.as_str()),
            ("msg.checkpoints[0].checkpoint_time", "lies in the future")
        );
        assert_eq!(refusal(br#"{"event": "tracking_update"}"#).field, "msg");
    }

    #[test]
    fn odd_values_survive_storage_unchanged() {
        let long = format!("{}\u{85}\u{2028}tail", "Ω".repeat(600));
        let body = one_checkpoint(json!({"checkpoint_time": "2025-06-30T23:59:60.123456789+14:00",
            "tag": "Exception", "subtag": "Exception_005", "message": long, "city": "\tSan\u{0}José\r",
            "coordinate": {"latitude": 1e-300, "longitude": -180.0}, "country_region": "usa", "extra": [1e308, -0.0]}));
        let event = events(&body.to_string()).events.remove(0);
        assert_eq!(event.location.city.as_ref().unwrap().as_str(), "San José");
        assert_eq!(event.description.as_ref().unwrap().as_str().chars().count(), 500);
        let stored = serde_json::to_string(&event).unwrap();
        assert_eq!(serde_json::from_str::<crate::domain::TrackingEvent>(&stored).unwrap(), event);
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        for body in ["", "null", "[]", "\"x\"", r#"{"event": 5}"#, r#"{"event": "tracking_update", "msg": []}"#] {
            let _ = parse(body.as_bytes(), EventWindow::around(now()));
        }
    }
}
