//! The small checked values the domain is built from: bounded text, country codes, time zones,
//! carrier slugs and numbers, https URLs. Each is parsed once at the edge and trusted after.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Trimmed, non-empty text of at most `MAX` characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BoundedText<const MAX: usize>(String);

impl<const MAX: usize> BoundedText<MAX> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> TryFrom<String> for BoundedText<MAX> {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            Err("must not be empty".into())
        } else if trimmed.chars().count() > MAX {
            Err(format!("must be at most {MAX} characters"))
        } else if trimmed.chars().any(|c| c.is_control() && c != '\n') {
            Err("must not contain control characters".into())
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }
}

impl<const MAX: usize> TryFrom<&str> for BoundedText<MAX> {
    type Error = String;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::try_from(value.to_owned())
    }
}

impl<const MAX: usize> From<BoundedText<MAX>> for String {
    fn from(value: BoundedText<MAX>) -> Self {
        value.0
    }
}

impl<const MAX: usize> fmt::Display for BoundedText<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub type ShortText = BoundedText<120>;
pub type LongText = BoundedText<500>;

/// ISO 3166-1 alpha-2, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII letters")
    }
}

impl TryFrom<String> for CountryCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CountryCode::try_from(value.as_str())
    }
}

impl TryFrom<&str> for CountryCode {
    type Error = String;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        match value.trim().as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(format!("{value:?} is not an ISO 3166-1 alpha-2 country code")),
        }
    }
}

impl From<CountryCode> for String {
    fn from(value: CountryCode) -> Self {
        value.as_str().to_owned()
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An IANA time zone name that exists, e.g. `Asia/Shanghai`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0.parse().expect("checked when parsed")
    }
}

impl TryFrom<String> for TimeZoneName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        match value.trim().parse::<chrono_tz::Tz>() {
            Ok(tz) => Ok(Self(tz.name().to_owned())),
            Err(_) => Err(format!("{value:?} is not an IANA time zone")),
        }
    }
}

impl From<TimeZoneName> for String {
    fn from(value: TimeZoneName) -> Self {
        value.0
    }
}

/// A carrier's short name, lower case: `usps`, `yunexpress`, `cathay-cargo`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CarrierSlug(String);

impl CarrierSlug {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CarrierSlug {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let slug: String = value.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        if (1..=40).contains(&slug.len()) && slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            Ok(Self(slug))
        } else {
            Err(format!("{value:?} is not a carrier slug (letters, digits and dashes, at most 40)"))
        }
    }
}

impl TryFrom<&str> for CarrierSlug {
    type Error = String;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::try_from(value.to_owned())
    }
}

impl From<CarrierSlug> for String {
    fn from(value: CarrierSlug) -> Self {
        value.0
    }
}

impl fmt::Display for CarrierSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A carrier's own tracking number, normalised: upper case, no spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CarrierTrackingNumber(String);

impl CarrierTrackingNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CarrierTrackingNumber {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let number: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        if (4..=40).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            Ok(Self(number))
        } else {
            Err(format!("{value:?} is not a tracking number (4 to 40 letters, digits or dashes)"))
        }
    }
}

impl TryFrom<&str> for CarrierTrackingNumber {
    type Error = String;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::try_from(value.to_owned())
    }
}

impl From<CarrierTrackingNumber> for String {
    fn from(value: CarrierTrackingNumber) -> Self {
        value.0
    }
}

impl fmt::Display for CarrierTrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An absolute `https://` URL of reasonable length.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HttpsUrl(String);

impl TryFrom<String> for HttpsUrl {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let ok = value.len() <= 2048
            && value.strip_prefix("https://").is_some_and(|rest| {
                !rest.is_empty() && !rest.starts_with('/') && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
            });
        if ok {
            Ok(Self(value))
        } else {
            Err("must be an https:// URL".into())
        }
    }
}

impl From<HttpsUrl> for String {
    fn from(value: HttpsUrl) -> Self {
        value.0
    }
}

impl HttpsUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
