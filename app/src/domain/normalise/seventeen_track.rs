//! 17TRACK webhooks (API v2.2, `TRACKING_UPDATED`): each provider's events become events, and
//! a key-stage milestone that no provider event reports becomes one too. 17TRACK sends no
//! delivery id, so redeliveries are recognised by the events' content fingerprints alone.

use super::common::{
    self, country_iso2, finish, first_text, method_from_text, oldest_first, parse_json, parse_time, proof,
    says_weather, slugify, Draft, Mapped, ACTION_ADDRESS, ACTION_CUSTOMS_INFO,
};
use super::{NormaliseResult, Webhook, WebhookEvents};
use crate::domain::event::{CarrierRef, EventCode, EventLocation, EventSource, EventWindow, ReasonCode};
use crate::domain::json;
use crate::domain::values::{CarrierSlug, CarrierTrackingNumber};
use crate::domain::FieldError;
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Envelope {
    event: String,
}

#[derive(Deserialize)]
struct Data {
    number: String,
    #[serde(default)]
    carrier: Option<u64>,
    #[serde(default)]
    track_info: Option<TrackInfo>,
}

#[derive(Deserialize)]
struct TrackInfo {
    #[serde(default)]
    milestone: Option<Vec<Value>>,
    #[serde(default)]
    tracking: Option<Tracking>,
}

#[derive(Deserialize)]
struct Tracking {
    #[serde(default)]
    providers: Option<Vec<Provider>>,
}

#[derive(Deserialize)]
struct Provider {
    #[serde(default)]
    provider: Option<ProviderInfo>,
    #[serde(default)]
    events: Option<Vec<Value>>,
}

#[derive(Deserialize)]
struct ProviderInfo {
    #[serde(default)]
    key: Option<u64>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Event {
    #[serde(default)]
    time_iso: Option<String>,
    #[serde(default)]
    time_utc: Option<String>,
    #[serde(default)]
    time_raw: Option<TimeRaw>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    sub_status: Option<String>,
    #[serde(default)]
    address: Option<Address>,
}

#[derive(Deserialize)]
struct Milestone {
    #[serde(default)]
    key_stage: Option<String>,
    #[serde(default)]
    time_iso: Option<String>,
    #[serde(default)]
    time_utc: Option<String>,
    #[serde(default)]
    time_raw: Option<TimeRaw>,
}

/// 17TRACK gives one instant up to three ways; see [`Times::pick`].
struct Times<'a> {
    time_iso: Option<&'a str>,
    time_utc: Option<&'a str>,
    time_raw: Option<&'a TimeRaw>,
}

#[derive(Deserialize)]
struct TimeRaw {
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
}

/// Street and postal code are deliberately not read: events are city level.
#[derive(Deserialize)]
struct Address {
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    coordinates: Option<Coordinates>,
}

#[derive(Deserialize)]
struct Coordinates {
    #[serde(default)]
    longitude: Option<Number>,
    #[serde(default)]
    latitude: Option<Number>,
}

/// 17TRACK's own schema types coordinates as strings; some feeds send numbers.
#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Float(f64),
    Text(String),
}

impl Number {
    fn value(&self) -> Option<f64> {
        match self {
            Number::Float(f) => Some(*f),
            Number::Text(t) => t.trim().parse().ok(),
        }
    }
}

impl Times<'_> {
    /// The event's own time: `time_iso` when it carries the local offset, else `time_utc`
    /// (true UTC), else `time_iso` without offset read as UTC, else the raw parts. Returns
    /// the field it came from for error messages; `Ok(None)` when no time is given at all.
    fn pick(&self, at: &str) -> Result<Option<(DateTime<FixedOffset>, String)>, FieldError> {
        let field = |name: &str| format!("{at}.{name}");
        let iso = self.time_iso.filter(|t| !t.trim().is_empty()).map(parse_time);
        let utc = self.time_utc.filter(|t| !t.trim().is_empty()).map(parse_time);
        let raw = self.time_raw.and_then(|r| {
            let date = r.date.as_deref().filter(|d| !d.trim().is_empty())?;
            let time = r.time.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("00:00:00");
            Some(parse_time(&format!("{}T{}{}", date.trim(), time.trim(), r.timezone.as_deref().unwrap_or("").trim())))
        });
        let found = match (&iso, &utc, &raw) {
            (Some(Ok((t, true))), _, _) => Some((*t, field("time_iso"))),
            (_, Some(Ok((t, _))), _) => Some((*t, field("time_utc"))),
            (Some(Ok((t, false))), _, _) => Some((*t, field("time_iso"))),
            (_, _, Some(Ok((t, _)))) => Some((*t, field("time_raw"))),
            _ => None,
        };
        if found.is_some() {
            return Ok(found);
        }
        // Something was given but none of it parsed: name the first one.
        for (name, result) in [("time_iso", iso), ("time_utc", utc), ("time_raw", raw)] {
            if let Some(Err(reason)) = result {
                return Err(FieldError::new(field(name), reason));
            }
        }
        Ok(None)
    }
}

pub fn parse(body: &[u8], window: EventWindow) -> NormaliseResult {
    let json = parse_json(body)?;
    let envelope: Envelope = json::from_value(&json, "")?;
    if envelope.event != "TRACKING_UPDATED" {
        // TRACKING_STOPPED: 17TRACK stopped following the number; nothing happened to the parcel.
        return Ok(Webhook::Ignored { kind: envelope.event });
    }
    let data_value = json.get("data").ok_or_else(|| FieldError::new("data", "missing field `data`"))?;
    let data: Data = json::from_value(data_value, "data")?;
    let tracking_number =
        CarrierTrackingNumber::try_from(data.number.as_str()).map_err(|e| FieldError::new("data.number", e))?;
    let track_info = data.track_info.unwrap_or(TrackInfo { milestone: None, tracking: None });
    let providers = track_info.tracking.and_then(|t| t.providers).unwrap_or_default();
    let parcel = CarrierRef { carrier: parcel_slug(data.carrier, &providers), tracking_number };

    let (mut events, mut refused) = (Vec::new(), Vec::new());
    for (p, provider) in providers.iter().enumerate() {
        for (i, raw) in provider.events.iter().flatten().enumerate() {
            let checkpoint = || -> Result<crate::domain::TrackingEvent, FieldError> {
                let at = format!("data.track_info.tracking.providers[{p}].events[{i}]");
                let event: Event = json::from_value(raw, &at)?;
                let times = Times {
                    time_iso: event.time_iso.as_deref(),
                    time_utc: event.time_utc.as_deref(),
                    time_raw: event.time_raw.as_ref(),
                };
                let (occurred_at, time_field) = times
                    .pick(&at)?
                    .ok_or_else(|| FieldError::new(format!("{at}.time_iso"), "the event has no time"))?;
                let texts = [event.description.as_deref()];
                let mapped = map_status(event.sub_status.as_deref(), event.stage.as_deref(), &texts);
                let draft = Draft {
                    mapped,
                    occurred_at,
                    location: place(event.address.as_ref()),
                    description: first_text(&texts),
                    proof: proof(method_from_text(&texts), None),
                };
                finish(draft, EventSource::SeventeenTrack, &parcel, raw.clone(), window, &at, &time_field)
            };
            match checkpoint() {
                Ok(event) => events.push(event),
                Err(error) => refused.push(error),
            }
        }
    }
    let milestones = track_info.milestone.unwrap_or_default();
    let extra = milestone_events(&milestones, &events, &parcel, window);
    events.extend(extra);
    oldest_first(&mut events);
    Ok(Webhook::Events(WebhookEvents { delivery_id: None, parcel, events, refused }))
}

/// The main carrier's name as a slug: the provider whose key is `data.carrier`, else the
/// first named one, else `17track-<carrier code>`.
fn parcel_slug(carrier: Option<u64>, providers: &[Provider]) -> CarrierSlug {
    let infos = || providers.iter().filter_map(|p| p.provider.as_ref());
    let main = infos().find(|info| carrier.is_some() && info.key == carrier).or_else(|| infos().next());
    main.and_then(|info| info.name.as_deref())
        .and_then(slugify)
        .or_else(|| CarrierSlug::try_from(carrier.map_or("17track".to_owned(), |c| format!("17track-{c}"))).ok())
        .unwrap_or_else(|| CarrierSlug::try_from("17track").expect("a valid slug"))
}

fn place(address: Option<&Address>) -> EventLocation {
    let Some(a) = address else { return EventLocation::default() };
    let point = a.coordinates.as_ref().and_then(|c| {
        let lat = c.latitude.as_ref()?.value()?;
        let lon = c.longitude.as_ref()?.value()?;
        Some((lat, lon))
    });
    common::location(a.city.as_deref(), a.state.as_deref(), country_iso2(a.country.as_deref()), point)
}

/// Key stages 17TRACK derived but no provider event reports (at that time, or with that code)
/// add a milestone the journey would otherwise miss. Label-only and return stages add nothing
/// the events do not already say, so only the five physical milestones are considered.
fn milestone_events(
    milestones: &[Value],
    events: &[crate::domain::TrackingEvent],
    parcel: &CarrierRef,
    window: EventWindow,
) -> Vec<crate::domain::TrackingEvent> {
    let mut extra = Vec::new();
    for (i, raw) in milestones.iter().enumerate() {
        let at = format!("data.track_info.milestone[{i}]");
        // The milestones are 17TRACK's summary, not a carrier's scan: one that is malformed,
        // unreached (no time) or impossible (in the future) is skipped, never a refused update.
        let Ok(milestone) = json::from_value::<Milestone>(raw, &at) else { continue };
        let code = match milestone.key_stage.as_deref() {
            Some("PickedUp") => EventCode::CarrierReceived,
            Some("Departure") => EventCode::DepartedOrigin,
            Some("Arrival") => EventCode::ArrivedDestination,
            Some("OutForDelivery") => EventCode::OutForDelivery,
            Some("Delivered") => EventCode::Delivered,
            _ => continue,
        };
        let times = Times {
            time_iso: milestone.time_iso.as_deref(),
            time_utc: milestone.time_utc.as_deref(),
            time_raw: milestone.time_raw.as_ref(),
        };
        let Ok(Some((occurred_at, time_field))) = times.pick(&at) else { continue };
        let covered = events.iter().any(|e| e.code == code || e.occurred_at == occurred_at);
        if covered {
            continue;
        }
        let draft = Draft {
            mapped: Mapped::code(code),
            occurred_at,
            location: EventLocation::default(),
            description: None,
            proof: None,
        };
        if let Ok(event) = finish(draft, EventSource::SeventeenTrack, parcel, raw.clone(), window, &at, &time_field) {
            extra.push(event);
        }
    }
    extra
}

/// 17TRACK sub-status (its "Main status_Sub status" list), then the event's stage, then the
/// main status part → canonical code. Unknown is `in_transit`, text kept by the caller.
fn map_status(sub_status: Option<&str>, stage: Option<&str>, texts: &[Option<&str>]) -> Mapped {
    use EventCode::*;
    use ReasonCode::*;
    let sub = sub_status.unwrap_or("");
    let mapped = match sub {
        "InfoReceived" => Mapped::code(LabelCreated),
        "InTransit_PickedUp" => Mapped::code(CarrierReceived),
        "InTransit_Departure" => Mapped::code(DepartedOrigin),
        "InTransit_Arrival" => Mapped::code(ArrivedDestination),
        // Customs is looking at it; nobody has been asked for anything yet.
        "InTransit_CustomsProcessing" => Mapped::customs_processing(),
        "InTransit_CustomsReleased" => Mapped::code(CustomsCleared),
        "InTransit_CustomsRequiringInformation" => {
            Mapped::problem(CustomsActionRequired, Some(MissingInvoiceData), Some(ACTION_CUSTOMS_INFO))
        }
        "AvailableForPickup_Other" => Mapped::code(AvailableForPickup),
        "OutForDelivery_Other" => Mapped::code(OutForDelivery),
        "DeliveryFailure_NoBody" => Mapped::problem(DeliveryAttemptFailed, Some(RecipientUnavailable), None),
        "DeliveryFailure_InvalidAddress" => {
            Mapped::problem(DeliveryAttemptFailed, Some(AddressIssue), Some(ACTION_ADDRESS))
        }
        "Delivered_Other" => Mapped::code(Delivered),
        "Exception_Returning" | "Exception_Returned" => Mapped::code(ReturnedToSender),
        // "Recipient information found wrong before delivery".
        "Exception_NoBody" => Mapped::problem(Exception, Some(AddressIssue), Some(ACTION_ADDRESS)),
        "Exception_Damage" => Mapped::problem(Exception, Some(Damaged), None),
        "Exception_Lost" => Mapped::problem(Exception, Some(Lost), None),
        s if s.starts_with("DeliveryFailure") => Mapped::code(DeliveryAttemptFailed),
        // Security, rejected, delayed, destroyed, cancelled, held, other: weather only if said.
        s if s.starts_with("Exception") => {
            Mapped::problem(Exception, says_weather(texts).then_some(WeatherDisruption), None)
        }
        s if s.starts_with("InfoReceived") => Mapped::code(LabelCreated),
        s if s.starts_with("AvailableForPickup") => Mapped::code(AvailableForPickup),
        s if s.starts_with("OutForDelivery") => Mapped::code(OutForDelivery),
        s if s.starts_with("Delivered") => Mapped::code(Delivered),
        // InTransit_Other and friends, Expired, NotFound, unknown.
        _ => Mapped::code(InTransit),
    };
    if mapped.code != InTransit {
        return mapped;
    }
    // A generic transit scan that 17TRACK placed at a key stage is that stage.
    match stage.unwrap_or("") {
        "InfoReceived" => Mapped::code(LabelCreated),
        "PickedUp" => Mapped::code(CarrierReceived),
        "Departure" => Mapped::code(DepartedOrigin),
        "Arrival" => Mapped::code(ArrivedDestination),
        "AvailableForPickup" => Mapped::code(AvailableForPickup),
        "OutForDelivery" => Mapped::code(OutForDelivery),
        "Delivered" => Mapped::code(Delivered),
        "Returning" | "Returned" => Mapped::code(ReturnedToSender),
        _ => mapped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{fold, ShipmentStatus};
    use serde_json::json;

    use super::super::test_support::{self, now};

    fn events(body: &str) -> WebhookEvents {
        test_support::events(parse, body)
    }

    fn refusal(body: &[u8]) -> FieldError {
        test_support::refusal(parse, body)
    }

    const UPDATED: &str = include_str!("samples/17track_updated.json");
    const STOPPED: &str = include_str!("samples/17track_stopped.json");

    fn with_events(provider_events: Value, milestone: Value) -> String {
        json!({"event": "TRACKING_UPDATED", "data": {"number": "LX123456789CN", "carrier": 3011,
            "track_info": {"milestone": milestone, "tracking": {"providers": [
                {"provider": {"key": 3011, "name": "China Post"}, "events": provider_events}]}}}})
        .to_string()
    }

    #[test]
    fn sub_statuses_map_to_codes_reasons_and_actions() {
        use EventCode::*;
        use ReasonCode::*;
        let table = [
            ("InfoReceived", None, LabelCreated, None),
            ("InTransit_PickedUp", None, CarrierReceived, None),
            ("InTransit_Other", None, InTransit, None),
            ("InTransit_Other", Some("Departure"), DepartedOrigin, None),
            ("InTransit_Departure", None, DepartedOrigin, None),
            ("InTransit_Arrival", None, ArrivedDestination, None),
            ("InTransit_CustomsProcessing", None, InTransit, None),
            ("InTransit_CustomsReleased", None, CustomsCleared, None),
            ("InTransit_CustomsRequiringInformation", None, CustomsActionRequired, Some(MissingInvoiceData)),
            ("AvailableForPickup_Other", None, AvailableForPickup, None),
            ("OutForDelivery_Other", None, OutForDelivery, None),
            ("DeliveryFailure_Other", None, DeliveryAttemptFailed, None),
            ("DeliveryFailure_NoBody", None, DeliveryAttemptFailed, Some(RecipientUnavailable)),
            ("DeliveryFailure_InvalidAddress", None, DeliveryAttemptFailed, Some(AddressIssue)),
            ("Delivered_Other", None, Delivered, None),
            ("Exception_Returning", None, ReturnedToSender, None),
            ("Exception_Returned", None, ReturnedToSender, None),
            ("Exception_NoBody", None, Exception, Some(AddressIssue)),
            ("Exception_Damage", None, Exception, Some(Damaged)),
            ("Exception_Lost", None, Exception, Some(Lost)),
            ("Exception_Delayed", None, Exception, None),
            ("Exception_Other", None, Exception, None),
            ("Expired_Other", None, InTransit, None),
            ("Warped_Other", None, InTransit, None),
        ];
        for (sub, stage, code, reason) in table {
            let mapped = map_status(Some(sub), stage, &[]);
            assert_eq!((mapped.code, mapped.reason), (code, reason), "{sub}");
        }
        let info = map_status(Some("InTransit_CustomsRequiringInformation"), None, &[]);
        assert_eq!(info.customer_action, Some(ACTION_CUSTOMS_INFO));
        assert_eq!(map_status(Some("InTransit_CustomsProcessing"), None, &[]).customer_action, None);
        let weather = map_status(Some("Exception_Delayed"), None, &[Some("Flights cancelled: typhoon")]);
        assert_eq!(weather.reason, Some(WeatherDisruption));
    }

    #[test]
    fn the_updated_sample_becomes_its_journey_in_order() {
        let webhook = events(UPDATED);
        assert_eq!(webhook.delivery_id, None);
        assert_eq!(webhook.parcel.carrier.as_str(), "china-post");
        assert_eq!(webhook.parcel.tracking_number.as_str(), "LX123456789CN");
        use EventCode::*;
        let codes: Vec<_> = webhook.events.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                CarrierReceived,
                InTransit,
                DepartedOrigin,
                ArrivedDestination,
                InTransit,
                CustomsCleared,
                InTransit,
                InTransit
            ]
        );
        for e in &webhook.events {
            assert_eq!(e.source, EventSource::SeventeenTrack);
            assert_eq!(e.carrier.as_ref(), Some(&webhook.parcel));
            assert!(e.raw.get("description").is_some());
            assert!(e.description.is_some());
        }
        let first = &webhook.events[0];
        assert_eq!(first.location.city.as_ref().unwrap().as_str(), "Shenzhen");
        assert_eq!(first.location.country.unwrap().as_str(), "CN");
        assert_eq!(first.occurred_at.offset().local_minus_utc(), 8 * 3600);
        assert!(first.location.point.is_some());
        let arrived = &webhook.events[3];
        assert_eq!(arrived.location.country.unwrap().as_str(), "US");
        assert_eq!(arrived.occurred_at.offset().local_minus_utc(), -8 * 3600);
        // No offset in time_iso: time_utc is used.
        assert_eq!(webhook.events[6].occurred_at.offset().local_minus_utc(), 0);
        let state = fold(&webhook.events);
        assert_eq!(state.status, ShipmentStatus::InTransit);
        assert!(state.milestones.contains_key(&crate::domain::Milestone::CustomsCleared));
    }

    #[test]
    fn tracking_stopped_and_other_kinds_are_ignored() {
        assert_eq!(
            parse(STOPPED.as_bytes(), EventWindow::around(now())).unwrap(),
            Webhook::Ignored { kind: "TRACKING_STOPPED".into() }
        );
        let other = json!({"event": "SOMETHING_NEW", "data": {}}).to_string();
        assert_eq!(
            parse(other.as_bytes(), EventWindow::around(now())).unwrap(),
            Webhook::Ignored { kind: "SOMETHING_NEW".into() }
        );
    }

    #[test]
    fn an_unknown_sub_status_is_in_transit_with_its_words_kept() {
        let body = with_events(
            json!([{"time_iso": "2025-11-12T03:40:00+08:00", "description": "Bag loaded on balloon",
                    "sub_status": "InTransit_Balloon", "stage": null}]),
            json!([]),
        );
        let event = &events(&body).events[0];
        assert_eq!(event.code, EventCode::InTransit);
        assert_eq!(event.description.as_ref().unwrap().as_str(), "Bag loaded on balloon");
    }

    #[test]
    fn a_milestone_no_event_reports_becomes_one() {
        let body = with_events(
            json!([{"time_iso": "2025-11-10T10:20:00+08:00", "description": "Acceptance",
                    "sub_status": "InTransit_PickedUp"}]),
            json!([
                {"key_stage": "InfoReceived", "time_iso": "2025-11-09T16:03:00+08:00"},
                {"key_stage": "PickedUp", "time_iso": "2025-11-10T10:20:00+08:00"},
                {"key_stage": "Departure", "time_iso": "2025-11-12T03:40:00+08:00", "time_utc": "2025-11-11T19:40:00Z"},
                {"key_stage": "Arrival", "time_iso": null, "time_utc": null},
                {"key_stage": "Delivered", "time_iso": "garbage"}
            ]),
        );
        let webhook = events(&body);
        let codes: Vec<_> = webhook.events.iter().map(|e| e.code).collect();
        assert_eq!(codes, [EventCode::CarrierReceived, EventCode::DepartedOrigin]);
        let departure = &webhook.events[1];
        assert_eq!(departure.raw["key_stage"], "Departure");
        assert_eq!(departure.description, None);
    }

    #[test]
    fn the_slug_falls_back_to_the_carrier_code() {
        let body = json!({"event": "TRACKING_UPDATED", "data": {"number": "LX123456789CN", "carrier": 3011,
            "track_info": {"tracking": {"providers": [{"provider": {"key": 3011, "name": "中国邮政"}, "events": []}]}}}});
        assert_eq!(events(&body.to_string()).parcel.carrier.as_str(), "17track-3011");
        let bare = json!({"event": "TRACKING_UPDATED", "data": {"number": "LX123456789CN", "track_info": null}});
        let webhook = events(&bare.to_string());
        assert_eq!((webhook.parcel.carrier.as_str(), webhook.events.len()), ("17track", 0));
    }

    #[test]
    fn bad_payloads_name_the_field() {
        assert_eq!(refusal(b"\xff").field, "");
        assert_eq!(refusal(br#"{"data": {}}"#).field, "event");
        assert_eq!(refusal(br#"{"event": "TRACKING_UPDATED", "data": {}}"#).field, "data.number");
        let no_time = with_events(json!([{"description": "x"}]), json!([]));
        assert_eq!(refusal(no_time.as_bytes()).field, "data.track_info.tracking.providers[0].events[0].time_iso");
        let bad_utc = with_events(json!([{"time_utc": "later", "description": "x"}]), json!([]));
        assert_eq!(refusal(bad_utc.as_bytes()).field, "data.track_info.tracking.providers[0].events[0].time_utc");
        let bad_city = with_events(json!([{"time_utc": "2025-11-11T19:40:00Z", "address": {"city": []}}]), json!([]));
        assert_eq!(refusal(bad_city.as_bytes()).field, "data.track_info.tracking.providers[0].events[0].address.city");
    }

    #[test]
    fn time_raw_is_the_last_resort() {
        let body = with_events(
            json!([{"time_iso": null, "time_utc": null,
                    "time_raw": {"date": "2025-11-12", "time": "03:40:00", "timezone": "+08:00"}, "description": "x"}]),
            json!([]),
        );
        let event = &events(&body).events[0];
        assert_eq!(event.occurred_at.to_rfc3339(), "2025-11-12T03:40:00+08:00");
    }

    #[test]
    fn coordinates_as_text_or_numbers() {
        let body = with_events(
            json!([{"time_utc": "2025-11-11T19:40:00Z", "description": "x",
                    "address": {"country": "CN", "city": "Shenzhen", "street": "1 Secret Road", "postal_code": "518000",
                                "coordinates": {"longitude": "114.05", "latitude": 22.54}}}]),
            json!([]),
        );
        let event = &events(&body).events[0];
        let point = event.location.point.unwrap();
        assert_eq!((point.lat(), point.lon()), (22.54, 114.05));
        let stored = serde_json::to_string(&event.location).unwrap();
        assert!(!stored.contains("Secret") && !stored.contains("518000"));
    }
}
