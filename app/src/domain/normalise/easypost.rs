//! EasyPost webhook Events for trackers (`tracker.created`, `tracker.updated`): each of the
//! Tracker's `tracking_details` becomes one event. Other Event kinds are acknowledged and ignored.

use super::common::{
    finish, first_text, location, method_from_text, oldest_first, parse_json, parse_time, proof, says_weather, slugify,
    Draft, Mapped,
};
use super::{NormaliseResult, Webhook, WebhookEvents};
use crate::domain::event::{CarrierRef, EventCode, EventSource, EventWindow, ReasonCode};
use crate::domain::json;
use crate::domain::values::CarrierTrackingNumber;
use crate::domain::FieldError;

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Envelope {
    /// The Event's kind, e.g. `tracker.updated`.
    description: String,
    #[serde(default)]
    id: Option<String>,
}

#[derive(Deserialize)]
struct Tracker {
    #[serde(default)]
    object: Option<String>,
    tracking_code: String,
    carrier: String,
    #[serde(default)]
    signed_by: Option<String>,
    #[serde(default)]
    tracking_details: Option<Vec<Value>>,
}

#[derive(Deserialize)]
struct Detail {
    datetime: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    status_detail: Option<String>,
    #[serde(default)]
    tracking_location: Option<Location>,
}

/// `zip` is deliberately not read: events are city level.
#[derive(Deserialize)]
struct Location {
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    country: Option<String>,
}

pub fn parse(body: &[u8], window: EventWindow) -> NormaliseResult {
    let json = parse_json(body)?;
    let envelope: Envelope = json::from_value(&json, "")?;
    if !matches!(envelope.description.as_str(), "tracker.created" | "tracker.updated") {
        return Ok(Webhook::Ignored { kind: envelope.description });
    }
    let result = json.get("result").ok_or_else(|| FieldError::new("result", "missing field `result`"))?;
    let tracker: Tracker = json::from_value(result, "result")?;
    if tracker.object.as_deref().is_some_and(|o| o != "Tracker") {
        return Err(FieldError::new("result.object", "a tracker event must carry a Tracker"));
    }
    let parcel = CarrierRef {
        carrier: slugify(&tracker.carrier)
            .ok_or_else(|| FieldError::new("result.carrier", format!("{:?} is not a carrier name", tracker.carrier)))?,
        tracking_number: CarrierTrackingNumber::try_from(tracker.tracking_code.as_str())
            .map_err(|e| FieldError::new("result.tracking_code", e))?,
    };

    let (mut events, mut refused) = (Vec::new(), Vec::new());
    for (i, raw) in tracker.tracking_details.iter().flatten().enumerate() {
        let checkpoint = || -> Result<crate::domain::TrackingEvent, FieldError> {
            let at = format!("result.tracking_details[{i}]");
            let detail: Detail = json::from_value(raw, &at)?;
            let time_field = format!("{at}.datetime");
            // EasyPost localises `datetime` when it knows the place and sends UTC otherwise.
            let (occurred_at, _) = parse_time(&detail.datetime).map_err(|e| FieldError::new(&time_field, e))?;
            let texts = [detail.message.as_deref(), detail.description.as_deref()];
            let mapped = map_status(detail.status.as_deref(), detail.status_detail.as_deref(), &texts);
            let place = detail.tracking_location.as_ref();
            let draft = Draft {
                mapped,
                occurred_at,
                location: location(
                    place.and_then(|l| l.city.as_deref()),
                    place.and_then(|l| l.state.as_deref()),
                    super::common::country_iso2(place.and_then(|l| l.country.as_deref())),
                    None,
                ),
                description: first_text(&texts),
                proof: proof(method_from_text(&texts), None),
            };
            finish(draft, EventSource::Easypost, &parcel, raw.clone(), window, &at, &time_field)
        };
        match checkpoint() {
            Ok(event) => events.push(event),
            Err(error) => refused.push(error),
        }
    }
    oldest_first(&mut events);
    // The tracker's signature belongs to its (latest) delivery.
    if let Some(signed_by) = tracker.signed_by.as_deref().filter(|s| !s.trim().is_empty()) {
        if let Some(delivered) = events.iter_mut().rev().find(|e| e.code == EventCode::Delivered) {
            delivered.proof = proof(None, Some(signed_by));
        }
    }
    Ok(Webhook::Events(WebhookEvents { delivery_id: envelope.id, parcel, events, refused }))
}

/// EasyPost `status_detail` (then `status`) → canonical code. Unknown is `in_transit`, text
/// kept by the caller. EasyPost's generic details say nothing about customs or attempts, so
/// for those the carrier's words decide.
fn map_status(status: Option<&str>, detail: Option<&str>, texts: &[Option<&str>]) -> Mapped {
    use EventCode::*;
    use ReasonCode::*;
    let by_detail = match detail.unwrap_or("") {
        "label_created" => Some(Mapped::code(LabelCreated)),
        "received_at_origin_facility" => Some(Mapped::code(CarrierReceived)),
        "departed_origin_facility" => Some(Mapped::code(DepartedOrigin)),
        "arrived_at_destination" | "received_at_destination_facility" => Some(Mapped::code(ArrivedDestination)),
        "transferred_to_destination_carrier" => Some(Mapped::code(Handoff)),
        "out_for_delivery" => Some(Mapped::code(OutForDelivery)),
        "arrived_at_pickup_location" => Some(Mapped::code(AvailableForPickup)),
        "delivered" => Some(Mapped::code(Delivered)),
        "return" => Some(Mapped::code(ReturnedToSender)),
        "damaged" => Some(Mapped::problem(Exception, Some(Damaged), None)),
        "lost" => Some(Mapped::problem(Exception, Some(Lost), None)),
        "weather_delay" => Some(Mapped::problem(Exception, Some(WeatherDisruption), None)),
        "delayed" | "cancelled" | "refused" | "missorted" | "transit_exception" | "awaiting_information" => {
            Some(Mapped::problem(Exception, says_weather(texts).then_some(WeatherDisruption), None))
        }
        // Generic details ("address_correction": the carrier fixed it, nothing left to do) say
        // no more than the status does.
        "address_correction" | "arrived_at_facility" | "departed_facility" | "in_transit" | "status_update" => None,
        "held" | "delivery_exception" => Some(from_words(Mapped::problem(Exception, None, None), texts)),
        _ => None,
    };
    by_detail.unwrap_or_else(|| match status.unwrap_or("") {
        "pre_transit" => Mapped::code(LabelCreated),
        "out_for_delivery" => Mapped::code(OutForDelivery),
        "delivered" => Mapped::code(Delivered),
        "available_for_pickup" => Mapped::code(AvailableForPickup),
        "return_to_sender" => Mapped::code(ReturnedToSender),
        "failure" | "cancelled" => from_words(Mapped::problem(Exception, None, None), texts),
        // in_transit, unknown, error and anything new.
        _ => from_words(Mapped::code(InTransit), texts),
    })
}

/// Refines a generic status by the carrier's words: USPS says "Inbound Into Customs" or
/// "Notice Left (No Authorized Recipient Available)" under plain `in_transit`.
fn from_words(generic: Mapped, texts: &[Option<&str>]) -> Mapped {
    use EventCode::*;
    let words = texts.iter().flatten().map(|t| t.to_lowercase()).collect::<Vec<_>>().join(" ");
    let has = |needles: &[&str]| needles.iter().any(|n| words.contains(n));
    if has(&["customs"]) {
        if has(&["out of customs", "released", "cleared", "clearance complete", "processing complete"]) {
            Mapped::code(CustomsCleared)
        } else if has(&["held", "delay", "detained"]) {
            Mapped::code(CustomsHeld)
        } else {
            Mapped::customs_processing()
        }
    } else if has(&["notice left", "delivery attempt", "attempted delivery", "attempted -"]) {
        let unavailable =
            has(&["no authorized recipient", "no one", "not available", "unavailable", "business closed"]);
        Mapped::problem(DeliveryAttemptFailed, unavailable.then_some(ReasonCode::RecipientUnavailable), None)
    } else if generic.code == Exception && says_weather(texts) {
        Mapped::problem(Exception, Some(ReasonCode::WeatherDisruption), None)
    } else {
        generic
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::DeliveryMethod;
    use crate::domain::{fold, ShipmentStatus};
    use serde_json::json;

    use super::super::test_support::{self, now};

    fn events(body: &str) -> WebhookEvents {
        test_support::events(parse, body)
    }

    fn refusal(body: &[u8]) -> FieldError {
        test_support::refusal(parse, body)
    }

    const UPDATED: &str = include_str!("samples/easypost_tracker_updated.json");
    const BATCH: &str = include_str!("samples/easypost_batch_created.json");

    fn one_detail(detail: Value) -> String {
        json!({"object": "Event", "id": "evt_1", "description": "tracker.updated",
               "result": {"object": "Tracker", "tracking_code": "9400110898825022579493", "carrier": "USPS",
                          "tracking_details": [detail]}})
        .to_string()
    }

    #[test]
    fn status_details_map_to_codes_and_reasons() {
        use EventCode::*;
        use ReasonCode::*;
        let table = [
            ("pre_transit", "label_created", None, LabelCreated, None),
            ("pre_transit", "status_update", Some("Shipping Label Created"), LabelCreated, None),
            ("pre_transit", "", None, LabelCreated, None),
            ("in_transit", "received_at_origin_facility", None, CarrierReceived, None),
            ("in_transit", "departed_origin_facility", None, DepartedOrigin, None),
            ("in_transit", "departed_facility", None, InTransit, None),
            ("in_transit", "arrived_at_destination", None, ArrivedDestination, None),
            ("in_transit", "received_at_destination_facility", None, ArrivedDestination, None),
            ("in_transit", "transferred_to_destination_carrier", None, Handoff, None),
            ("in_transit", "in_transit", Some("Inbound Into Customs"), InTransit, None),
            ("in_transit", "in_transit", Some("Held in Customs"), CustomsHeld, None),
            ("in_transit", "in_transit", Some("Inbound Out of Customs"), CustomsCleared, None),
            (
                "in_transit",
                "delivery_exception",
                Some("Notice Left (No Authorized Recipient Available)"),
                DeliveryAttemptFailed,
                Some(RecipientUnavailable),
            ),
            ("out_for_delivery", "out_for_delivery", None, OutForDelivery, None),
            ("available_for_pickup", "arrived_at_pickup_location", None, AvailableForPickup, None),
            ("delivered", "delivered", None, Delivered, None),
            ("return_to_sender", "return", None, ReturnedToSender, None),
            ("failure", "damaged", None, Exception, Some(Damaged)),
            ("failure", "lost", None, Exception, Some(Lost)),
            ("in_transit", "weather_delay", None, Exception, Some(WeatherDisruption)),
            ("in_transit", "delayed", Some("Delayed: late trailer"), Exception, None),
            ("failure", "", None, Exception, None),
            ("unknown", "unknown", None, InTransit, None),
            ("levitating", "", None, InTransit, None),
        ];
        for (status, detail, text, code, reason) in table {
            let mapped = map_status(Some(status), Some(detail), &[text]);
            assert_eq!((mapped.code, mapped.reason), (code, reason), "{status}/{detail}");
            assert_eq!(mapped.customer_action, None, "{status}/{detail}");
        }
    }

    #[test]
    fn the_updated_sample_becomes_its_journey_in_order() {
        let webhook = events(UPDATED);
        assert_eq!(webhook.delivery_id.as_deref(), Some("evt_2f6a9c1b8e4d4f0a9b7c3d2e1f0a5b6c"));
        assert_eq!(webhook.parcel.carrier.as_str(), "usps");
        assert_eq!(webhook.parcel.tracking_number.as_str(), "9400110898825022579493");
        use EventCode::*;
        let codes: Vec<_> = webhook.events.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [LabelCreated, CarrierReceived, InTransit, DepartedOrigin, ArrivedDestination, OutForDelivery, Delivered]
        );
        for e in &webhook.events {
            assert_eq!(e.source, EventSource::Easypost);
            assert_eq!(e.carrier.as_ref(), Some(&webhook.parcel));
            assert_eq!(e.raw["object"], "TrackingDetail");
        }
        let delivered = webhook.events.last().unwrap();
        let proof = delivered.proof.as_ref().unwrap();
        assert_eq!((proof.method, proof.signed_by.as_ref().unwrap().as_str()), (DeliveryMethod::Signature, "M GARCIA"));
        assert_eq!(delivered.location.city.as_ref().unwrap().as_str(), "PHOENIX");
        assert_eq!(delivered.location.country.unwrap().as_str(), "US");
        assert_eq!(fold(&webhook.events).status, ShipmentStatus::Delivered);
    }

    #[test]
    fn other_event_kinds_are_ignored() {
        assert_eq!(
            parse(BATCH.as_bytes(), EventWindow::around(now())).unwrap(),
            Webhook::Ignored { kind: "batch.created".into() }
        );
        let refund = json!({"object": "Event", "description": "refund.successful", "result": {"object": "Refund"}});
        assert_eq!(
            parse(refund.to_string().as_bytes(), EventWindow::around(now())).unwrap(),
            Webhook::Ignored { kind: "refund.successful".into() }
        );
    }

    #[test]
    fn an_unknown_status_is_in_transit_with_its_words_kept() {
        let body = one_detail(json!({"object": "TrackingDetail", "datetime": "2025-11-18T03:12:00Z",
            "status": "teleported", "status_detail": "quantum_tunnel", "message": "Parcel rematerialised in Tucson",
            "tracking_location": {"object": "TrackingLocation", "city": "TUCSON", "state": "AZ", "country": "US", "zip": "85701"}}));
        let event = &events(&body).events[0];
        assert_eq!(event.code, EventCode::InTransit);
        assert_eq!(event.description.as_ref().unwrap().as_str(), "Parcel rematerialised in Tucson");
        assert!(!serde_json::to_string(&event.location).unwrap().contains("85701"));
    }

    #[test]
    fn delivered_without_signature_reads_the_method_from_the_words() {
        let body = one_detail(json!({"datetime": "2025-11-20T19:47:00Z", "status": "delivered",
            "status_detail": "delivered", "message": "Delivered, In/At Mailbox"}));
        assert_eq!(events(&body).events[0].proof.as_ref().unwrap().method, DeliveryMethod::Mailbox);
    }

    #[test]
    fn bad_payloads_name_the_field() {
        assert_eq!(refusal(b"").field, "");
        assert_eq!(refusal(br#"{"object": "Event"}"#).field, "description");
        assert_eq!(refusal(br#"{"description": "tracker.updated"}"#).field, "result");
        let no_code = json!({"description": "tracker.updated", "result": {"carrier": "USPS"}});
        assert_eq!(refusal(no_code.to_string().as_bytes()).field, "result.tracking_code");
        let no_time = one_detail(json!({"status": "in_transit", "message": "x"}));
        assert_eq!(refusal(no_time.as_bytes()).field, "result.tracking_details[0].datetime");
        let bad_time = one_detail(json!({"datetime": 1731900000, "status": "in_transit"}));
        assert_eq!(refusal(bad_time.as_bytes()).field, "result.tracking_details[0].datetime");
        let not_tracker = json!({"description": "tracker.updated", "result": {"object": "Batch",
            "tracking_code": "9400110898825022579493", "carrier": "USPS"}});
        assert_eq!(refusal(not_tracker.to_string().as_bytes()).field, "result.object");
    }
}
