//! What the three adapters share: JSON read with field paths, lenient carrier text, times,
//! places, and the final checks every event passes.

use super::super::event::{
    Actor, CarrierRef, DeliveryMethod, EventCode, EventInput, EventLocation, EventSource, EventWindow, ProofOfDelivery,
    ReasonCode, TrackingEvent,
};
use super::super::json::{self, JsonError};
use super::super::values::{BoundedText, CarrierSlug, CountryCode, LongText};
use super::super::{FieldError, GeoPoint};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, Utc};
use serde_json::Value;

/// The body as JSON. Kept as a `Value` so each checkpoint can be stored exactly as received.
pub(super) fn parse_json(body: &[u8]) -> Result<Value, FieldError> {
    json::parse(body).map_err(|error| match error {
        JsonError::Syntax(e) => FieldError::new("", format!("not valid JSON: {e}")),
        JsonError::Field(e) => e,
    })
}

/// A timestamp as aggregators write it. Returns the time and whether it carried an offset.
pub(super) fn parse_time(text: &str) -> Result<(DateTime<FixedOffset>, bool), String> {
    let text = text.trim();
    let with_offset = DateTime::parse_from_rfc3339(text)
        .ok()
        .or_else(|| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z").ok())
        .or_else(|| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%z").ok());
    let parsed = match with_offset {
        Some(time) => (time, true),
        None => {
            // No offset given: the time is read as UTC. Carriers that omit it usually mean local
            // time, but nothing in the payload says which zone, and guessing would be worse.
            let naive = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
                .iter()
                .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
                .ok_or_else(|| format!("{text:?} is not a date and time"))?;
            (naive.and_utc().fixed_offset(), false)
        }
    };
    // Parcels were not tracked before 1990; a year outside this range is a placeholder or
    // garbage, and years past 9999 would not survive the stored RFC 3339 form.
    if !(1990..=9999).contains(&parsed.0.with_timezone(&Utc).year()) {
        return Err(format!("{text:?} is not a plausible scan time"));
    }
    Ok(parsed)
}

/// Carrier text made safe for a [`BoundedText`]: control characters become spaces, and text
/// too long is cut with an ellipsis rather than refused (the carrier's wording is not worth
/// losing the event over). Empty text is no text.
pub(super) fn text<const MAX: usize>(raw: Option<&str>) -> Option<BoundedText<MAX>> {
    let cleaned: String = raw?.chars().map(|c| if c.is_control() && c != '\n' { ' ' } else { c }).collect();
    let trimmed = cleaned.trim();
    let fitted = if trimmed.chars().count() > MAX {
        let mut cut: String = trimmed.chars().take(MAX - 1).collect::<String>().trim_end().to_owned();
        cut.push('…');
        cut
    } else {
        trimmed.to_owned()
    };
    BoundedText::try_from(fitted).ok()
}

/// The first of `candidates` that has any text.
pub(super) fn first_text(candidates: &[Option<&str>]) -> Option<LongText> {
    candidates.iter().find_map(|c| text::<500>(*c))
}

/// A lower-case slug from a carrier's display name ("China Post" → `china-post`), or None
/// when nothing usable is left (e.g. a name only in Chinese).
pub(super) fn slugify(name: &str) -> Option<CarrierSlug> {
    let mut slug = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(40);
    CarrierSlug::try_from(slug.trim_end_matches('-')).ok()
}

/// An ISO 3166-1 alpha-2 code as 17TRACK and EasyPost send it.
pub(super) fn country_iso2(code: Option<&str>) -> Option<CountryCode> {
    CountryCode::try_from(code?).ok()
}

/// AfterShip sends ISO 3166-1 alpha-3. The countries most parcels start, pass or end in;
/// anything else is left without a country rather than guessed.
pub(super) fn country_iso3(code: Option<&str>) -> Option<CountryCode> {
    let code = code?.trim().to_ascii_uppercase();
    let iso2 = ISO3_TO_ISO2.iter().find(|(iso3, _)| *iso3 == code)?.1;
    CountryCode::try_from(iso2).ok()
}

const ISO3_TO_ISO2: &[(&str, &str)] = &[
    ("ARE", "AE"),
    ("ARG", "AR"),
    ("AUS", "AU"),
    ("AUT", "AT"),
    ("BEL", "BE"),
    ("BGD", "BD"),
    ("BGR", "BG"),
    ("BHR", "BH"),
    ("BLR", "BY"),
    ("BRA", "BR"),
    ("CAN", "CA"),
    ("CHE", "CH"),
    ("CHL", "CL"),
    ("CHN", "CN"),
    ("COL", "CO"),
    ("CRI", "CR"),
    ("CYP", "CY"),
    ("CZE", "CZ"),
    ("DEU", "DE"),
    ("DNK", "DK"),
    ("DOM", "DO"),
    ("ECU", "EC"),
    ("EGY", "EG"),
    ("ESP", "ES"),
    ("EST", "EE"),
    ("FIN", "FI"),
    ("FRA", "FR"),
    ("GBR", "GB"),
    ("GRC", "GR"),
    ("HKG", "HK"),
    ("HRV", "HR"),
    ("HUN", "HU"),
    ("IDN", "ID"),
    ("IND", "IN"),
    ("IRL", "IE"),
    ("ISL", "IS"),
    ("ISR", "IL"),
    ("ITA", "IT"),
    ("JOR", "JO"),
    ("JPN", "JP"),
    ("KAZ", "KZ"),
    ("KEN", "KE"),
    ("KOR", "KR"),
    ("KWT", "KW"),
    ("LBN", "LB"),
    ("LKA", "LK"),
    ("LTU", "LT"),
    ("LUX", "LU"),
    ("LVA", "LV"),
    ("MAC", "MO"),
    ("MAR", "MA"),
    ("MEX", "MX"),
    ("MLT", "MT"),
    ("MYS", "MY"),
    ("NGA", "NG"),
    ("NLD", "NL"),
    ("NOR", "NO"),
    ("NZL", "NZ"),
    ("OMN", "OM"),
    ("PAK", "PK"),
    ("PAN", "PA"),
    ("PER", "PE"),
    ("PHL", "PH"),
    ("POL", "PL"),
    ("PRI", "PR"),
    ("PRT", "PT"),
    ("QAT", "QA"),
    ("ROU", "RO"),
    ("RUS", "RU"),
    ("SAU", "SA"),
    ("SGP", "SG"),
    ("SRB", "RS"),
    ("SVK", "SK"),
    ("SVN", "SI"),
    ("SWE", "SE"),
    ("THA", "TH"),
    ("TUR", "TR"),
    ("TWN", "TW"),
    ("UKR", "UA"),
    ("URY", "UY"),
    ("USA", "US"),
    ("VNM", "VN"),
    ("ZAF", "ZA"),
];

/// City level at most: street and postal code never reach an event.
pub(super) fn location(
    city: Option<&str>,
    region: Option<&str>,
    country: Option<CountryCode>,
    lat_lon: Option<(f64, f64)>,
) -> EventLocation {
    EventLocation {
        city: text::<120>(city),
        region: text::<120>(region),
        country,
        // 0,0 is what feeds send for "no fix", not a scan in the Gulf of Guinea.
        point: lat_lon
            .filter(|&(lat, lon)| (lat, lon) != (0.0, 0.0))
            .and_then(|(lat, lon)| GeoPoint::new(lat, lon).ok()),
        time_zone: None,
    }
}

/// Does the carrier's wording really blame the weather? Only then is a delay a weather one.
pub(super) fn says_weather(texts: &[Option<&str>]) -> bool {
    const WORDS: [&str; 9] =
        ["weather", "storm", "snow", "hurricane", "typhoon", "flood", "blizzard", "cyclone", "tornado"];
    texts.iter().flatten().any(|t| {
        let t = t.to_lowercase();
        WORDS.iter().any(|w| t.contains(w))
    })
}

/// How a delivery was made, read from the carrier's wording (USPS and most posts say it).
pub(super) fn method_from_text(texts: &[Option<&str>]) -> Option<DeliveryMethod> {
    let t = texts.iter().flatten().map(|t| t.to_lowercase()).collect::<Vec<_>>().join(" ");
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    Some(if has(&["parcel locker", "locker"]) {
        DeliveryMethod::Locker
    } else if has(&["mailbox", "mail box", "letterbox", "letter box"]) {
        DeliveryMethod::Mailbox
    } else if has(&["neighbor", "neighbour"]) {
        DeliveryMethod::Neighbour
    } else if has(&["front door", "porch", "left at door", "doorstep", "safe place"]) {
        DeliveryMethod::LeftAtDoor
    } else if has(&["pickup point", "pick-up point", "picked up at", "collected at", "parcel shop"]) {
        DeliveryMethod::PickupPoint
    } else if has(&["left with individual", "handed to", "in person", "to recipient"]) {
        DeliveryMethod::HandedToRecipient
    } else {
        return None;
    })
}

/// Proof for a delivered event: a signature beats any other evidence.
pub(super) fn proof(method: Option<DeliveryMethod>, signed_by: Option<&str>) -> Option<ProofOfDelivery> {
    let signed_by = text::<120>(signed_by);
    let method = if signed_by.is_some() { DeliveryMethod::Signature } else { method? };
    Some(ProofOfDelivery { method, signed_by, photo_url: None, point: None })
}

/// What the shopper must do, for the few problems where it is on them.
pub(super) const ACTION_ADDRESS: &str =
    "Check your delivery address with the carrier: a unit, building number or new address may be needed.";
pub(super) const ACTION_PAYMENT: &str = "Pay the duties or charges the carrier asks for so the parcel can be released.";
pub(super) const ACTION_CUSTOMS_INFO: &str =
    "Customs needs more information: send the invoice or the documents the carrier asks for.";
pub(super) const ACTION_COLLECT: &str = "Collect the parcel from the pickup point before it is sent back.";

/// What an aggregator's status says happened, before time, place and proof are added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mapped {
    pub code: EventCode,
    pub reason: Option<ReasonCode>,
    pub customer_action: Option<&'static str>,
    /// Who acted, when it is not the code's usual actor.
    pub actor: Option<Actor>,
}

impl Mapped {
    pub const fn code(code: EventCode) -> Self {
        Self { code, reason: None, customer_action: None, actor: None }
    }

    pub const fn problem(code: EventCode, reason: Option<ReasonCode>, action: Option<&'static str>) -> Self {
        Self { code, reason, customer_action: action, actor: None }
    }

    /// Customs is looking at the parcel as it does every parcel: news, not a problem. A hold
    /// (`customs_held`) is only what the source calls a delay or a hold.
    pub const fn customs_processing() -> Self {
        Self { code: EventCode::InTransit, reason: None, customer_action: None, actor: Some(Actor::Customs) }
    }
}

/// One checkpoint, normalised but not yet checked.
pub(super) struct Draft {
    pub mapped: Mapped,
    pub occurred_at: DateTime<FixedOffset>,
    pub location: EventLocation,
    pub description: Option<LongText>,
    pub proof: Option<ProofOfDelivery>,
}

/// Builds the event through the same cross-field checks as the native API, so an adapter
/// cannot emit what the API would refuse. `at` is the checkpoint's path, `time_field` the
/// path of the time it used: errors name them.
pub(super) fn finish(
    draft: Draft,
    source: EventSource,
    parcel: &CarrierRef,
    raw: Value,
    window: EventWindow,
    at: &str,
    time_field: &str,
) -> Result<TrackingEvent, FieldError> {
    let Draft { mapped, occurred_at, location, description, proof } = draft;
    let input = EventInput {
        code: mapped.code,
        occurred_at,
        location,
        actor: mapped.actor,
        carrier: Some(parcel.clone()),
        description,
        next_step: None,
        // A reason on a non-problem code would be refused; the tables never pair them, and
        // this keeps a future table edit from turning into a rejected webhook.
        reason: mapped.reason.filter(|_| mapped.code.is_problem()),
        customer_action: text::<500>(mapped.customer_action),
        proof: proof.filter(|_| mapped.code == EventCode::Delivered),
        external_id: None,
    };
    TrackingEvent::from_input(input, source, raw, window).map_err(|e| {
        if e.field == "occurred_at" {
            FieldError { field: time_field.to_owned(), ..e }
        } else {
            FieldError { field: json::join(at, &e.field), ..e }
        }
    })
}

/// Oldest first, as [`super::WebhookEvents`] promises; stable, so equal times keep feed order.
pub(super) fn oldest_first(events: &mut [TrackingEvent]) {
    events.sort_by_key(|e| e.occurred_at_utc());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_offset_and_naive_ones_are_utc() {
        let (t, offset) = parse_time("2025-11-03T18:40:00+08:00").unwrap();
        assert!(offset);
        assert_eq!(t.offset().local_minus_utc(), 8 * 3600);
        let (t, offset) = parse_time("2025-11-04T02:15:00").unwrap();
        assert!(!offset);
        assert_eq!(t.to_rfc3339(), "2025-11-04T02:15:00+00:00");
        assert_eq!(parse_time("2025-11-04T02:15:00+0800").unwrap().0.offset().local_minus_utc(), 8 * 3600);
        assert!(parse_time("yesterday").is_err());
        assert!(parse_time("0001-01-01T00:00:00Z").is_err());
    }

    #[test]
    fn carrier_text_is_cleaned_and_cut_never_refused() {
        assert_eq!(text::<120>(Some("  Arrived\tat hub \r")).unwrap().as_str(), "Arrived at hub");
        assert_eq!(text::<120>(Some("   ")), None);
        let long = "x".repeat(700);
        let cut = text::<500>(Some(&long)).unwrap();
        assert_eq!(cut.as_str().chars().count(), 500);
        assert!(cut.as_str().ends_with('…'));
    }

    #[test]
    fn slugs_and_countries() {
        assert_eq!(slugify("China Post").unwrap().as_str(), "china-post");
        assert_eq!(slugify("  USPS (United States) ").unwrap().as_str(), "usps-united-states");
        assert_eq!(slugify("中国邮政"), None);
        assert_eq!(country_iso3(Some("chn")).unwrap().as_str(), "CN");
        assert_eq!(country_iso3(Some("XKX")), None);
        assert_eq!(country_iso2(Some("us")).unwrap().as_str(), "US");
        assert_eq!(country_iso2(Some("USA")), None);
        assert!(ISO3_TO_ISO2.len() >= 60);
    }

    #[test]
    fn no_fix_is_no_point() {
        assert_eq!(location(None, None, None, Some((0.0, 0.0))).point, None);
        assert_eq!(location(None, None, None, Some((95.0, 0.0))).point, None);
        assert!(location(None, None, None, Some((33.94, -118.4))).point.is_some());
    }

    #[test]
    fn delivery_wording() {
        assert_eq!(method_from_text(&[Some("Delivered, In/At Mailbox")]), Some(DeliveryMethod::Mailbox));
        assert_eq!(method_from_text(&[Some("Delivered, Front Door/Porch")]), Some(DeliveryMethod::LeftAtDoor));
        assert_eq!(method_from_text(&[Some("Delivered")]), None);
        let signed = proof(Some(DeliveryMethod::Mailbox), Some("J SMITH")).unwrap();
        assert_eq!((signed.method, signed.signed_by.unwrap().as_str()), (DeliveryMethod::Signature, "J SMITH"));
        assert!(says_weather(&[Some("Delayed due to winter storm")]));
        assert!(!says_weather(&[Some("Delayed: external factors"), None]));
    }
}
