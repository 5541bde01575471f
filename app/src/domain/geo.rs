//! Coordinates that cannot be out of range, and the great-circle maths the map draws with.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoError {
    #[error("latitude {0} is outside -90..=90")]
    Latitude(f64),
    #[error("longitude {0} is outside -180..=180")]
    Longitude(f64),
}

/// Degrees north, always finite and within -90..=90.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Latitude(f64);

/// Degrees east, always finite and within -180..=180.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Longitude(f64);

impl TryFrom<f64> for Latitude {
    type Error = GeoError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        if value.is_finite() && (-90.0..=90.0).contains(&value) {
            Ok(Self(value))
        } else {
            Err(GeoError::Latitude(value))
        }
    }
}

impl TryFrom<f64> for Longitude {
    type Error = GeoError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        if value.is_finite() && (-180.0..=180.0).contains(&value) {
            Ok(Self(value))
        } else {
            Err(GeoError::Longitude(value))
        }
    }
}

impl From<Latitude> for f64 {
    fn from(value: Latitude) -> Self {
        value.0
    }
}

impl From<Longitude> for f64 {
    fn from(value: Longitude) -> Self {
        value.0
    }
}

/// A point on the globe.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: Latitude,
    pub lon: Longitude,
}

impl GeoPoint {
    pub fn new(lat: f64, lon: f64) -> Result<Self, GeoError> {
        Ok(Self { lat: lat.try_into()?, lon: lon.try_into()? })
    }

    pub fn lat(&self) -> f64 {
        self.lat.0
    }

    pub fn lon(&self) -> f64 {
        self.lon.0
    }

    /// Great-circle distance in kilometres (haversine, mean Earth radius).
    pub fn distance_km(&self, other: &GeoPoint) -> f64 {
        let (a, b) = (self.to_radians(), other.to_radians());
        let dlat = b.0 - a.0;
        let dlon = b.1 - a.1;
        let h = (dlat / 2.0).sin().powi(2) + a.0.cos() * b.0.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
    }

    fn to_radians(self) -> (f64, f64) {
        (self.lat().to_radians(), self.lon().to_radians())
    }
}

impl fmt::Display for GeoPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (ns, ew) = (if self.lat() >= 0.0 { 'N' } else { 'S' }, if self.lon() >= 0.0 { 'E' } else { 'W' });
        write!(f, "{:.2}°{ns} {:.2}°{ew}", self.lat().abs(), self.lon().abs())
    }
}

const EARTH_RADIUS_KM: f64 = 6371.0;

/// `segments + 1` points along the great circle from `from` to `to`, so a flight is drawn as
/// the arc it flies rather than a straight line on the Mercator map. Longitudes are unwrapped
/// (they may leave -180..=180) so that a route across the antimeridian stays one line.
pub fn great_circle(from: GeoPoint, to: GeoPoint, segments: usize) -> Vec<(f64, f64)> {
    let segments = segments.max(1);
    let (lat1, lon1) = from.to_radians();
    let (lat2, lon2) = to.to_radians();
    let angle = from.distance_km(&to) / EARTH_RADIUS_KM;
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(segments + 1);
    for i in 0..=segments {
        let f = i as f64 / segments as f64;
        let (lat, lon) = if angle < 1e-9 {
            (from.lat(), from.lon())
        } else {
            let a = ((1.0 - f) * angle).sin() / angle.sin();
            let b = (f * angle).sin() / angle.sin();
            let x = a * lat1.cos() * lon1.cos() + b * lat2.cos() * lon2.cos();
            let y = a * lat1.cos() * lon1.sin() + b * lat2.cos() * lon2.sin();
            let z = a * lat1.sin() + b * lat2.sin();
            (z.atan2((x * x + y * y).sqrt()).to_degrees(), y.atan2(x).to_degrees())
        };
        let lon = match points.last() {
            Some(&(_, prev)) => unwrap_longitude(prev, lon),
            None => lon,
        };
        points.push((lat, lon));
    }
    points
}

/// Great-circle arcs through the waypoints, points at most `step_km` apart, longitudes
/// unwrapped along the whole path so a route across the antimeridian stays one line (fold
/// them back into -180..=180 to place a point on the globe).
pub fn great_circle_path(waypoints: &[GeoPoint], step_km: f64) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = waypoints.first().map(|p| (p.lat(), p.lon())).into_iter().collect();
    for pair in waypoints.windows(2) {
        let segments = (pair[0].distance_km(&pair[1]) / step_km).ceil().max(1.0) as usize;
        let arc = great_circle(pair[0], pair[1], segments);
        let previous = points.last().map_or(arc[0].1, |p| p.1);
        let shift = unwrap_longitude(previous, arc[0].1) - arc[0].1;
        points.extend(arc.into_iter().skip(1).map(|(lat, lon)| (lat, lon + shift)));
    }
    points
}

/// Shifts `lon` by whole turns so it lies within 180° of `previous`.
pub fn unwrap_longitude(previous: f64, lon: f64) -> f64 {
    let mut lon = lon;
    while lon - previous > 180.0 {
        lon -= 360.0;
    }
    while lon - previous < -180.0 {
        lon += 360.0;
    }
    lon
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn rejects_out_of_range_and_non_finite_coordinates() {
        assert_eq!(GeoPoint::new(91.0, 0.0), Err(GeoError::Latitude(91.0)));
        assert_eq!(GeoPoint::new(0.0, -180.5), Err(GeoError::Longitude(-180.5)));
        assert!(GeoPoint::new(f64::NAN, 0.0).is_err());
        assert!(GeoPoint::new(0.0, f64::INFINITY).is_err());
        assert!(GeoPoint::new(-90.0, 180.0).is_ok());
    }

    #[test]
    fn json_with_a_bad_latitude_does_not_parse() {
        let err = serde_json::from_str::<GeoPoint>(r#"{"lat": 123.0, "lon": 0.0}"#).unwrap_err();
        assert!(err.to_string().contains("latitude 123"), "{err}");
    }

    #[test]
    fn distance_shenzhen_to_los_angeles_is_about_11700_km() {
        let km = p(22.54, 114.06).distance_km(&p(33.94, -118.41));
        assert!((11_500.0..11_900.0).contains(&km), "{km}");
    }

    #[test]
    fn a_path_through_handoff_points_stays_one_line_across_the_antimeridian() {
        let (shenzhen, hkg, lax, la) = (p(22.54, 114.06), p(22.31, 113.92), p(33.94, -118.41), p(34.05, -118.24));
        let points = great_circle_path(&[shenzhen, hkg, lax, la], 150.0);
        assert!(points.windows(2).all(|w| (w[1].1 - w[0].1).abs() < 20.0), "no jump across the map");
        let last = points.last().unwrap();
        assert!((last.1 - (360.0 - 118.24)).abs() < 1e-6, "{last:?}");
        assert!(points.iter().any(|&(lat, lon)| (lat - 22.31).abs() < 1e-9 && (lon - 113.92).abs() < 1e-9));
        assert_eq!(great_circle_path(&[hkg], 10.0), vec![(22.31, 113.92)]);
    }

    #[test]
    fn great_circle_starts_and_ends_at_the_endpoints_and_bends_north() {
        let arc = great_circle(p(22.54, 114.06), p(33.94, -118.41), 32);
        assert_eq!(arc.len(), 33);
        assert!((arc[0].0 - 22.54).abs() < 1e-9 && (arc[0].1 - 114.06).abs() < 1e-9);
        let last = arc[32];
        assert!((last.0 - 33.94).abs() < 1e-6);
        // Unwrapped across the antimeridian: -118.41 becomes 241.59.
        assert!((last.1 - 241.59).abs() < 1e-6, "{last:?}");
        // A trans-Pacific great circle peaks far north of both ends.
        let max_lat = arc.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        assert!(max_lat > 45.0, "{max_lat}");
        // Consecutive points never jump across the map.
        assert!(arc.windows(2).all(|w| (w[1].1 - w[0].1).abs() < 20.0));
    }
}
