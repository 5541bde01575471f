//! What a public share page shows: built from the shopper's journey view by keeping only what
//! is safe for anyone to see. The type has no field that could carry a name, an address, a
//! postal code, a tracking number, a carrier's words or a reward code, so no later change to
//! the journey view can leak one here by accident.

use crate::domain::gamification::{Badge, Co2Estimate, EcoGrade};
use crate::domain::share::{city_level, ShareExpiry, ShareSlug};
use crate::domain::{Milestone, Progress, ShipmentStatus};
use crate::model::journey::{JourneyView, MilestoneReached, Place, PositionFix, RouteLeg};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A merchant's brand colour as `#rrggbb`: the accent of their share pages and cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BrandColour(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a brand colour is written #rrggbb (six hex digits), not {0:?}")]
pub struct BrandColourError(pub String);

impl BrandColour {
    /// Trekpost's own blue, for merchants who set none.
    pub const DEFAULT: &'static str = "#1e3a8a";

    pub fn parse(raw: &str) -> Result<Self, BrandColourError> {
        let hex = raw.strip_prefix('#').filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex {
            Some(hex) => Ok(Self(format!("#{}", hex.to_ascii_lowercase()))),
            None => Err(BrandColourError(raw.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Red, green and blue, 0–255.
    pub fn rgb(&self) -> (u8, u8, u8) {
        let channel = |i: usize| u8::from_str_radix(&self.0[i..i + 2], 16).unwrap_or(0);
        (channel(1), channel(3), channel(5))
    }
}

impl Default for BrandColour {
    fn default() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}

impl TryFrom<String> for BrandColour {
    type Error = BrandColourError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<BrandColour> for String {
    fn from(value: BrandColour) -> Self {
        value.0
    }
}

/// One share link as its owner sees it on the journey page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareLink {
    pub slug: ShareSlug,
    pub created_at: DateTime<Utc>,
    /// `None`: until revoked.
    pub expires_at: Option<DateTime<Utc>>,
}

/// What the journey page's share panel asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareRequest {
    pub expiry: ShareExpiry,
}

/// The public journey: city-level places, progress, this journey's badges, distance, days, eco.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareView {
    pub shop_name: String,
    pub brand_colour: BrandColour,
    pub origin: Place,
    pub destination: Place,
    /// The carriers' legs; every point on them at city level.
    pub legs: Vec<RouteLeg>,
    pub milestones: Vec<MilestoneReached>,
    pub status: ShipmentStatus,
    /// Where the parcel is, at city level (a courier's van near the door becomes its district).
    pub position: Option<PositionFix>,
    /// Badges this journey earned (not the shopper's collection from other orders).
    pub badges: Vec<Badge>,
    /// Along the route, rounded to 10 km.
    pub distance_km: u32,
    /// Whole days from the first milestone to delivery (or to now, while travelling); at least 1.
    pub days: u32,
    pub footprint: Option<Co2Estimate>,
}

impl ShareView {
    /// Keeps of the journey only what a stranger may see. `now` counts the days of a journey
    /// still under way.
    pub fn from_journey(
        journey: &JourneyView,
        shop_name: String,
        brand_colour: BrandColour,
        now: DateTime<Utc>,
    ) -> ShareView {
        let public_place = |p: &Place| Place {
            city: p.city.clone(),
            country_code: p.country_code.clone(),
            point: city_level(p.point),
        };
        let legs = journey
            .route()
            .into_iter()
            .map(|leg| RouteLeg {
                waypoints: leg.waypoints.into_iter().map(city_level).collect(),
                handoff: leg.handoff.as_ref().map(public_place),
                ..leg
            })
            .collect();
        let started = journey.milestones.iter().map(|m| m.reached_at).min();
        let delivered = journey.milestones.iter().find(|m| m.milestone == Milestone::Delivered).map(|m| m.reached_at);
        let days = started.map_or(1, |start| {
            let hours = (delivered.unwrap_or(now) - start).num_hours().max(0);
            u32::try_from((hours + 23) / 24).unwrap_or(u32::MAX).max(1)
        });
        let km =
            journey.footprint.map_or_else(|| journey.origin.point.distance_km(&journey.destination.point), |f| f.km);
        ShareView {
            shop_name,
            brand_colour,
            origin: public_place(&journey.origin),
            destination: public_place(&journey.destination),
            legs,
            milestones: journey.milestones.clone(),
            status: journey.outlook.status,
            position: journey
                .last_position
                .as_ref()
                .map(|fix| PositionFix { point: city_level(fix.point), ..fix.clone() }),
            badges: journey.rewards.journey_badges(),
            distance_km: ((km / 10.0).round() * 10.0) as u32,
            days,
            footprint: journey.footprint,
        }
    }

    pub fn progress(&self) -> Progress {
        Progress::from_reached(self.milestones.iter().map(|m| m.milestone))
    }

    pub fn eco_grade(&self) -> Option<EcoGrade> {
        self.footprint.as_ref().filter(|f| f.by_air_grams > 0.0).map(EcoGrade::of)
    }

    pub fn is_delivered(&self) -> bool {
        self.progress().is_done(Milestone::Delivered)
    }
}

/// The answer to "show me the journey behind this share link".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SharedJourney {
    Found {
        view: Box<ShareView>,
        /// Absolute addresses for the Open Graph and Twitter tags.
        page_url: String,
        card_url: String,
    },
    /// Revoked by its owner or expired: 410.
    Gone,
    NotFound,
}

/// A message on a share page's live stream (`/s/{slug}/live`), JSON in the SSE `data:` field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ShareUpdate {
    /// The whole public view after a change (it is small).
    View(Box<ShareView>),
    /// The link was revoked or expired while the page was open.
    Gone,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_colours_are_six_hex_digits() {
        assert_eq!(BrandColour::parse("#E11D48").unwrap().as_str(), "#e11d48");
        assert_eq!(BrandColour::parse("#e11d48").unwrap().rgb(), (0xe1, 0x1d, 0x48));
        for bad in ["e11d48", "#e11d4", "#e11d48ff", "#zzzzzz", "red", "#e11d4\u{e9}"] {
            assert!(BrandColour::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(BrandColour::default().as_str(), BrandColour::DEFAULT);
    }
}
