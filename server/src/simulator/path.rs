//! Paths parcels travel along: great-circle arcs between turning points, walked by distance.

use app::domain::geo::{great_circle_path, unwrap_longitude};
use app::domain::GeoPoint;

/// A path as closely spaced points (at most `step_km` apart) with distances along it.
#[derive(Debug, Clone, PartialEq)]
pub struct Polyline {
    points: Vec<GeoPoint>,
    /// Kilometres from the start to each point.
    along_km: Vec<f64>,
}

impl Polyline {
    /// Joins the turning points with great-circle arcs: the path a plane flies, and close
    /// enough to a ship's or a truck's between turning points a few hundred kilometres apart.
    pub fn through(turning_points: &[GeoPoint], step_km: f64) -> Self {
        let points: Vec<GeoPoint> =
            great_circle_path(turning_points, step_km).into_iter().map(|(lat, lon)| on_globe(lat, lon)).collect();
        let mut along_km = Vec::with_capacity(points.len());
        let mut total = 0.0;
        for (i, point) in points.iter().enumerate() {
            if i > 0 {
                total += points[i - 1].distance_km(point);
            }
            along_km.push(total);
        }
        Self { points, along_km }
    }

    pub fn length_km(&self) -> f64 {
        self.along_km.last().copied().unwrap_or(0.0)
    }

    pub fn points(&self) -> &[GeoPoint] {
        &self.points
    }

    /// The point `km` along the path (clamped to its ends).
    pub fn at_km(&self, km: f64) -> GeoPoint {
        let km = km.clamp(0.0, self.length_km());
        let i = self.along_km.partition_point(|&d| d < km);
        if i == 0 {
            return self.points[0];
        }
        let (a, b) = (self.points[i - 1], self.points[i]);
        let span = self.along_km[i] - self.along_km[i - 1];
        let f = if span > 0.0 { (km - self.along_km[i - 1]) / span } else { 0.0 };
        let lon_b = unwrap_longitude(a.lon(), b.lon());
        on_globe(a.lat() + (b.lat() - a.lat()) * f, a.lon() + (lon_b - a.lon()) * f)
    }

    /// Kilometres from `point` to the nearest point of the path (to within the step).
    pub fn distance_km(&self, point: &GeoPoint) -> f64 {
        self.points.iter().map(|p| p.distance_km(point)).fold(f64::INFINITY, f64::min)
    }
}

/// Folds an unwrapped longitude back into -180..=180.
pub fn on_globe(lat: f64, lon: f64) -> GeoPoint {
    let lon = (lon + 540.0).rem_euclid(360.0) - 180.0;
    GeoPoint::new(lat.clamp(-90.0, 90.0), lon).expect("folded coordinates are on the globe")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn walks_a_path_across_the_antimeridian_by_distance() {
        let path = Polyline::through(&[p(22.3, 113.9), p(33.9, -118.4)], 50.0);
        assert!((11_500.0..11_900.0).contains(&path.length_km()), "{}", path.length_km());
        assert!(path.at_km(0.0).distance_km(&p(22.3, 113.9)) < 0.01);
        assert!(path.at_km(1e9).distance_km(&p(33.9, -118.4)) < 0.01);
        let middle = path.at_km(path.length_km() / 2.0);
        assert!(middle.lon() > 170.0 || middle.lon() < -150.0, "mid-Pacific: {middle}");
        assert!(path.distance_km(&middle) < 30.0);
        assert!(path.distance_km(&p(0.0, 0.0)) > 5_000.0);
    }

    #[test]
    fn turning_points_are_on_the_path() {
        let turn = p(1.25, 104.1);
        let path = Polyline::through(&[p(29.9, 121.9), p(15.0, 112.0), turn, p(5.6, 80.5)], 25.0);
        assert!(path.distance_km(&turn) < 0.01);
    }
}
