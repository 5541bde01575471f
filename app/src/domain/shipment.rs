//! A shipment as a merchant declares it: shopper, route, service and the carrier legs that will
//! carry it. One Trekpost tracking number covers every leg.

use super::values::{BoundedText, CarrierSlug, CarrierTrackingNumber, CountryCode, ShortText};
use super::{FieldError, GeoPoint, Latitude, Longitude, TrackingNumber};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

listed_enum! {
    /// How a leg moves the parcel.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum TransportMode {
        Air,
        Ocean,
        Road,
        Rail,
        Courier,
    }
}

impl TransportMode {
    pub fn code(self) -> &'static str {
        match self {
            TransportMode::Air => "air",
            TransportMode::Ocean => "ocean",
            TransportMode::Road => "road",
            TransportMode::Rail => "rail",
            TransportMode::Courier => "courier",
        }
    }
}

impl std::str::FromStr for TransportMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [TransportMode::Air, TransportMode::Ocean, TransportMode::Road, TransportMode::Rail, TransportMode::Courier]
            .into_iter()
            .find(|m| m.code() == s.trim())
            .ok_or_else(|| format!("{s:?} is not one of air, ocean, road, rail, courier"))
    }
}

listed_enum! {
    /// The service the shopper paid for; lanes are compared per service.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ServiceLevel {
        Economy,
        #[default]
        Standard,
        Express,
    }
}

impl ServiceLevel {
    pub fn code(self) -> &'static str {
        match self {
            ServiceLevel::Economy => "economy",
            ServiceLevel::Standard => "standard",
            ServiceLevel::Express => "express",
        }
    }
}

impl std::str::FromStr for ServiceLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [ServiceLevel::Economy, ServiceLevel::Standard, ServiceLevel::Express]
            .into_iter()
            .find(|m| m.code() == s.trim())
            .ok_or_else(|| format!("{s:?} is not one of economy, standard, express"))
    }
}

/// An e-mail address, loosely checked: something@domain, no spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl TryFrom<String> for EmailAddress {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let v = value.trim();
        let ok = v.len() <= 254
            && !v.chars().any(|c| c.is_whitespace() || c.is_control())
            && v.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
        if ok {
            Ok(Self(v.to_owned()))
        } else {
            Err(format!("{value:?} is not an e-mail address"))
        }
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

impl EmailAddress {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The person the parcel is for. Private: never on a public page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shopper {
    /// The merchant's own id for the customer; repeat orders share it.
    pub reference: ShortText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<ShortText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailAddress>,
    /// BCP 47, e.g. `zh-CN`; chooses the journey page's language when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<BoundedText<35>>,
}

/// A city on the route, with coordinates. `postal_code` is kept for the destination only
/// (for the tracking lookup) and never shown publicly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutePlace {
    pub city: ShortText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<ShortText>,
    pub country: CountryCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<BoundedText<16>>,
    pub lat: Latitude,
    pub lon: Longitude,
}

impl RoutePlace {
    pub fn point(&self) -> GeoPoint {
        GeoPoint { lat: self.lat, lon: self.lon }
    }
}

/// Where one carrier hands the parcel to the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    pub city: ShortText,
    pub country: CountryCode,
    pub lat: Latitude,
    pub lon: Longitude,
}

/// One carrier's part of the journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leg {
    pub carrier: CarrierSlug,
    /// The carrier's name as shoppers know it ("Royal Mail"); the slug, tidied, when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_name: Option<ShortText>,
    pub tracking_number: CarrierTrackingNumber,
    pub mode: TransportMode,
    /// Points the leg passes between its ends, for the map: a transit airport, the straits
    /// and capes of a sea lane. Without them the leg is drawn as one great circle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<GeoPoint>,
    /// Where this leg ends and the next begins; absent on the last leg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff: Option<Handoff>,
}

impl Leg {
    /// The name to show for the carrier.
    pub fn display_name(&self) -> String {
        match &self.carrier_name {
            Some(name) => name.as_str().to_owned(),
            None => tidy_slug(self.carrier.as_str()),
        }
    }
}

/// `royal-mail` → `Royal Mail`: a readable name when the seller gave none.
pub fn tidy_slug(slug: &str) -> String {
    slug.split(['-', '_'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub const MAX_VIA_POINTS: usize = 32;

/// Whether a postal code the shopper typed is the shipment's: case, spaces and dashes aside
/// (`sw11 4nj` is `SW11 4NJ`, `05508010` is `05508-010`).
pub fn postal_codes_match(typed: &str, stored: &str) -> bool {
    let canonical =
        |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect() };
    let typed = canonical(typed);
    !typed.is_empty() && typed == canonical(stored)
}

/// The wire form of a new shipment (native API, CSV import).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipmentInput {
    /// Leave out to have Trekpost issue one.
    #[serde(default)]
    pub tracking_number: Option<TrackingNumber>,
    #[serde(default)]
    pub order_ref: Option<ShortText>,
    pub shopper: Shopper,
    pub origin: RoutePlace,
    pub destination: RoutePlace,
    #[serde(default)]
    pub service: ServiceLevel,
    /// The shopper chose the greener option.
    #[serde(default)]
    pub eco: bool,
    #[serde(default)]
    pub legs: Vec<Leg>,
}

pub const MAX_LEGS: usize = 8;

/// A shipment whose parts agree with each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipmentSpec {
    pub tracking_number: Option<TrackingNumber>,
    pub order_ref: Option<ShortText>,
    pub shopper: Shopper,
    pub origin: RoutePlace,
    pub destination: RoutePlace,
    pub service: ServiceLevel,
    pub eco: bool,
    pub legs: Vec<Leg>,
}

impl ShipmentSpec {
    pub fn from_input(input: ShipmentInput) -> Result<Self, FieldError> {
        if input.legs.len() > MAX_LEGS {
            return Err(FieldError::new("legs", format!("at most {MAX_LEGS} legs")));
        }
        if input.origin.postal_code.is_some() {
            return Err(FieldError::new("origin.postal_code", "only the destination keeps a postal code"));
        }
        let mut numbers = HashSet::new();
        for (i, leg) in input.legs.iter().enumerate() {
            if !numbers.insert(&leg.tracking_number) {
                return Err(FieldError::new(format!("legs[{i}].tracking_number"), "already used by another leg"));
            }
            if leg.via.len() > MAX_VIA_POINTS {
                return Err(FieldError::new(format!("legs[{i}].via"), format!("at most {MAX_VIA_POINTS} points")));
            }
            let last = i + 1 == input.legs.len();
            if last && leg.handoff.is_some() {
                return Err(FieldError::new(
                    format!("legs[{i}].handoff"),
                    "the last leg hands the parcel to the shopper, not to another carrier",
                ));
            }
        }
        Ok(Self {
            tracking_number: input.tracking_number,
            order_ref: input.order_ref,
            shopper: input.shopper,
            origin: input.origin,
            destination: input.destination,
            service: input.service,
            eco: input.eco,
            legs: input.legs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(value: serde_json::Value) -> Result<ShipmentSpec, FieldError> {
        let input: ShipmentInput = serde_json::from_value(value).map_err(|e| FieldError::new("?", e.to_string()))?;
        ShipmentSpec::from_input(input)
    }

    fn two_legs() -> serde_json::Value {
        json!({
            "shopper": {"reference": "cust-1", "email": "ana@example.com"},
            "origin": {"city": "Shenzhen", "country": "CN", "lat": 22.54, "lon": 114.06},
            "destination": {"city": "Los Angeles", "country": "US", "postal_code": "90012", "lat": 34.05, "lon": -118.24},
            "service": "express",
            "legs": [
                {"carrier": "yunexpress", "tracking_number": "YT2412345678901234", "mode": "air",
                 "handoff": {"city": "Los Angeles", "country": "US", "lat": 33.94, "lon": -118.41}},
                {"carrier": "usps", "tracking_number": "9400110898825022579493", "mode": "courier"}
            ]
        })
    }

    #[test]
    fn postal_codes_match_whatever_the_spacing_and_case() {
        assert!(postal_codes_match("sw11 4nj", "SW11 4NJ"));
        assert!(postal_codes_match("05508010", "05508-010"));
        assert!(postal_codes_match(" 90012 ", "90012"));
        assert!(!postal_codes_match("90013", "90012"));
        assert!(!postal_codes_match("", ""), "nothing typed matches nothing");
        assert!(!postal_codes_match("- -", "--"));
    }

    #[test]
    fn a_two_leg_shipment_parses() {
        let s = spec(two_legs()).unwrap();
        assert_eq!(s.legs.len(), 2);
        assert_eq!(s.service, ServiceLevel::Express);
        assert!(!s.eco);
        assert_eq!(s.destination.postal_code.as_ref().unwrap().as_str(), "90012");
    }

    #[test]
    fn carriers_without_a_name_get_their_slug_tidied() {
        let s = spec(two_legs()).unwrap();
        assert_eq!(s.legs[0].display_name(), "Yunexpress");
        assert_eq!(tidy_slug("royal-mail"), "Royal Mail");
        let mut v = two_legs();
        v["legs"][0]["carrier_name"] = json!("YunExpress");
        v["legs"][0]["via"] = json!([{"lat": 22.31, "lon": 113.92}]);
        let s = spec(v).unwrap();
        assert_eq!(s.legs[0].display_name(), "YunExpress");
        assert_eq!(s.legs[0].via.len(), 1);
    }

    #[test]
    fn legs_must_agree() {
        let mut v = two_legs();
        v["legs"][1]["tracking_number"] = v["legs"][0]["tracking_number"].clone();
        assert_eq!(spec(v).unwrap_err().field, "legs[1].tracking_number");
        let mut v = two_legs();
        v["legs"][1]["handoff"] = v["legs"][0]["handoff"].clone();
        assert_eq!(spec(v).unwrap_err().field, "legs[1].handoff");
        let mut v = two_legs();
        v["origin"]["postal_code"] = json!("518000");
        assert_eq!(spec(v).unwrap_err().field, "origin.postal_code");
        let mut v = two_legs();
        v["legs"][0]["via"] = json!(vec![json!({"lat": 1.0, "lon": 2.0}); MAX_VIA_POINTS + 1]);
        assert_eq!(spec(v).unwrap_err().field, "legs[0].via");
        let mut v = two_legs();
        v["legs"][0]["via"] = json!([{"lat": 91.0, "lon": 2.0}]);
        assert!(spec(v).is_err(), "a point off the globe");
        let mut v = two_legs();
        v["legs"][0]["mode"] = json!("teleport");
        assert!(spec(v).is_err());
        let mut v = two_legs();
        v["shopper"]["email"] = json!("not an email");
        assert!(spec(v).is_err());
    }
}
