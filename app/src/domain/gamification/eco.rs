//! An estimate of a parcel's journey emissions, by mode and distance: the figure beside the
//! eco badge. Factors are well-to-wheel grams CO2e per tonne-km, rounded from the UK
//! government's 2023 freight conversion factors (air freight long-haul, container ship,
//! average HGV, rail freight, average van); good to a factor, not to a gram.

use crate::domain::shipment::TransportMode;
use crate::domain::GeoPoint;
use serde::{Deserialize, Serialize};

/// Roads and courier rounds are longer than the straight line between their ends.
const ROAD_DETOUR: f64 = 1.2;

fn grams_per_tonne_km(mode: TransportMode) -> f64 {
    match mode {
        TransportMode::Air => 600.0,
        TransportMode::Ocean => 16.0,
        TransportMode::Road => 100.0,
        TransportMode::Rail => 28.0,
        TransportMode::Courier => 580.0,
    }
}

fn detour(mode: TransportMode) -> f64 {
    match mode {
        TransportMode::Road | TransportMode::Courier | TransportMode::Rail => ROAD_DETOUR,
        TransportMode::Air | TransportMode::Ocean => 1.0,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Co2Estimate {
    pub grams: f64,
    pub km: f64,
    /// The same parcel over the same distance, all of it by air: what "greener" compares with.
    pub by_air_grams: f64,
}

impl Co2Estimate {
    /// At most half of the all-air figure: the greener choice the eco badge rewards.
    pub fn is_greener_choice(&self) -> bool {
        self.grams <= self.by_air_grams / 2.0
    }

    /// The percentage of the all-air figure this journey saved (0 when it flew all the way).
    pub fn percent_saved_versus_air(&self) -> u8 {
        if self.by_air_grams <= 0.0 {
            return 0;
        }
        (100.0 - 100.0 * self.grams / self.by_air_grams).round().clamp(0.0, 100.0) as u8
    }
}

/// The eco score a share page and card show: A (a fifth of flying or less) to E (flown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EcoGrade {
    A,
    B,
    C,
    D,
    E,
}

impl EcoGrade {
    pub fn of(estimate: &Co2Estimate) -> EcoGrade {
        match estimate.percent_saved_versus_air() {
            80.. => EcoGrade::A,
            60..=79 => EcoGrade::B,
            40..=59 => EcoGrade::C,
            20..=39 => EcoGrade::D,
            _ => EcoGrade::E,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            EcoGrade::A => "A",
            EcoGrade::B => "B",
            EcoGrade::C => "C",
            EcoGrade::D => "D",
            EcoGrade::E => "E",
        }
    }

    /// The grade's colour, green to red, on the page and the card alike.
    pub fn colour(self) -> &'static str {
        match self {
            EcoGrade::A => "#15803d",
            EcoGrade::B => "#65a30d",
            EcoGrade::C => "#ca8a04",
            EcoGrade::D => "#ea580c",
            EcoGrade::E => "#dc2626",
        }
    }
}

/// The journey's legs as (mode, the points it passes through), for a parcel of `weight_kg`.
pub fn journey_co2_grams<'a>(
    legs: impl IntoIterator<Item = (TransportMode, &'a [GeoPoint])>,
    weight_kg: f64,
) -> Co2Estimate {
    let tonnes = weight_kg.max(0.0) / 1000.0;
    let mut estimate = Co2Estimate { grams: 0.0, km: 0.0, by_air_grams: 0.0 };
    for (mode, points) in legs {
        let km: f64 = points.windows(2).map(|p| p[0].distance_km(&p[1])).sum::<f64>() * detour(mode);
        estimate.km += km;
        estimate.grams += km * tonnes * grams_per_tonne_km(mode);
        estimate.by_air_grams += km * tonnes * grams_per_tonne_km(TransportMode::Air);
    }
    estimate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn a_kilo_flown_shanghai_to_frankfurt_is_a_few_kilos_of_co2_and_by_sea_far_less() {
        let (pvg, fra) = (p(31.14, 121.81), p(50.04, 8.56));
        let air = journey_co2_grams([(TransportMode::Air, &[pvg, fra][..])], 1.0);
        assert!((8_500.0..9_300.0).contains(&air.km), "{air:?}");
        assert!((5_000.0..5_600.0).contains(&air.grams), "about 5.3 kg: {air:?}");
        assert!(!air.is_greener_choice());
        // By sea via Singapore and Suez: twice as far, under a fifteenth of the emissions.
        let lane = [p(29.9, 121.9), p(1.25, 104.1), p(12.6, 43.3), p(31.3, 32.3), p(36.0, -5.6), p(53.5, 9.9)];
        let sea = journey_co2_grams([(TransportMode::Ocean, &lane[..])], 1.0);
        assert!(sea.km > air.km * 1.5 && sea.grams < air.grams / 15.0, "{sea:?}");
        assert!(sea.is_greener_choice());
        assert_eq!((EcoGrade::of(&air), EcoGrade::of(&sea)), (EcoGrade::E, EcoGrade::A));
        assert_eq!(air.percent_saved_versus_air(), 0);
        assert!(sea.percent_saved_versus_air() >= 93, "{sea:?}");
    }

    #[test]
    fn legs_add_up_and_weight_scales() {
        let (a, b, c) = (p(22.54, 114.06), p(22.31, 113.92), p(33.94, -118.41));
        let legs = [(TransportMode::Road, &[a, b][..]), (TransportMode::Air, &[b, c][..])];
        let one = journey_co2_grams(legs, 1.0);
        let two = journey_co2_grams(legs, 2.0);
        assert!((two.grams - 2.0 * one.grams).abs() < 1e-6);
        let road_km = a.distance_km(&b) * ROAD_DETOUR;
        assert!((one.km - road_km - b.distance_km(&c)).abs() < 1e-6);
        assert_eq!(journey_co2_grams([], 1.0).grams, 0.0);
    }
}
