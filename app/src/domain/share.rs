//! Public share links: the slug that names one, how long it lives, and the rule that keeps
//! shared places at city level.

use crate::domain::GeoPoint;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Length of 16 random bytes as unpadded base64url, like the shopper's token (but a different
/// secret: a share link never leads to the journey page).
pub const SHARE_SLUG_LEN: usize = 22;

/// A syntactically valid share slug (`/s/{slug}`). Whether a link has it is for storage to say.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShareSlug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareSlugError {
    #[error("a share link has {SHARE_SLUG_LEN} characters after /s/, this one has {0}")]
    Length(usize),
    #[error("a share link uses only letters, digits, '-' and '_'")]
    Alphabet,
}

impl ShareSlug {
    pub fn parse(raw: &str) -> Result<Self, ShareSlugError> {
        let len = raw.chars().count();
        if len != SHARE_SLUG_LEN {
            return Err(ShareSlugError::Length(len));
        }
        if !raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(ShareSlugError::Alphabet);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The public page.
    pub fn path(&self) -> String {
        format!("/s/{}", self.0)
    }

    /// The social card (Open Graph and Twitter image).
    pub fn card_path(&self) -> String {
        format!("/s/{}/card.png", self.0)
    }

    /// The public page's live stream.
    pub fn live_path(&self) -> String {
        format!("/s/{}/live", self.0)
    }
}

impl TryFrom<String> for ShareSlug {
    type Error = ShareSlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ShareSlug> for String {
    fn from(value: ShareSlug) -> Self {
        value.0
    }
}

impl fmt::Display for ShareSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How long a new share link opens, as the shopper chooses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ShareExpiry {
    Week,
    /// A parcel's journey and a little after: the default.
    #[default]
    Month,
    Never,
}

impl ShareExpiry {
    pub const ALL: [ShareExpiry; 3] = [ShareExpiry::Week, ShareExpiry::Month, ShareExpiry::Never];

    pub fn code(self) -> &'static str {
        match self {
            ShareExpiry::Week => "week",
            ShareExpiry::Month => "month",
            ShareExpiry::Never => "never",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    /// When a link created at `now` stops opening.
    pub fn expires_at(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            ShareExpiry::Week => Some(now + Duration::days(7)),
            ShareExpiry::Month => Some(now + Duration::days(30)),
            ShareExpiry::Never => None,
        }
    }
}

/// Whether a stored link still opens at `now`: not revoked, not past its expiry.
pub fn link_is_open(revoked_at: Option<DateTime<Utc>>, expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    revoked_at.is_none() && expires_at.is_none_or(|at| now < at)
}

/// Grid steps per degree in a shared coordinate: 0.1° is about 11 km, a city, never a street.
const CITY_GRID_STEPS_PER_DEGREE: f64 = 10.0;

/// The point snapped to a grid of about 11 km: what a public page may show of a place. A
/// courier's last ping or a precise delivery address becomes the district it is in.
pub fn city_level(point: GeoPoint) -> GeoPoint {
    let snap = |v: f64| (v * CITY_GRID_STEPS_PER_DEGREE).round() / CITY_GRID_STEPS_PER_DEGREE;
    // Snapping stays within ±90/±180, so the point stays valid; fall back to it if not.
    GeoPoint::new(snap(f64::from(point.lat)).clamp(-90.0, 90.0), snap(f64::from(point.lon)).clamp(-180.0, 180.0))
        .unwrap_or(point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_22_url_safe_characters() {
        assert!(ShareSlug::parse("AbCdEfGhIjKlMnOpQr-_09").is_ok());
        assert_eq!(ShareSlug::parse("short"), Err(ShareSlugError::Length(5)));
        assert_eq!(ShareSlug::parse("AbCdEfGhIjKlMnOpQr+/09"), Err(ShareSlugError::Alphabet));
        let slug = ShareSlug::parse("AbCdEfGhIjKlMnOpQr-_09").unwrap();
        assert_eq!(slug.card_path(), "/s/AbCdEfGhIjKlMnOpQr-_09/card.png");
    }

    #[test]
    fn links_close_when_revoked_or_expired() {
        let now: DateTime<Utc> = "2026-11-21T12:00:00Z".parse().unwrap();
        assert!(link_is_open(None, None, now));
        assert!(link_is_open(None, ShareExpiry::Week.expires_at(now), now));
        assert!(!link_is_open(None, Some(now), now), "expiry is exclusive");
        assert!(!link_is_open(Some(now), None, now));
        assert_eq!(ShareExpiry::Never.expires_at(now), None);
        assert_eq!(ShareExpiry::Month.expires_at(now), Some(now + Duration::days(30)));
        assert!(ShareExpiry::ALL.into_iter().all(|e| ShareExpiry::from_code(e.code()) == Some(e)));
    }

    #[test]
    fn shared_points_are_snapped_to_about_eleven_kilometres() {
        let doorstep = GeoPoint::new(52.520_837, 13.409_412).unwrap();
        let shared = city_level(doorstep);
        assert!((f64::from(shared.lat) - 52.5).abs() < 1e-9 && (f64::from(shared.lon) - 13.4).abs() < 1e-9);
        assert!(doorstep.distance_km(&shared) < 8.0, "still the same city");
        // Two doors in one district share one point.
        assert_eq!(
            city_level(GeoPoint::new(52.5449, 13.3551).unwrap()),
            city_level(GeoPoint::new(52.5012, 13.4498).unwrap())
        );
        let edge = city_level(GeoPoint::new(-89.99, 179.99).unwrap());
        assert_eq!((f64::from(edge.lat), f64::from(edge.lon)), (-90.0, 180.0));
    }
}
