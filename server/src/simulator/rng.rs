//! The simulator's randomness: one portable generator per journey, derived from the run's seed,
//! so the same seed gives the same journeys on every machine and in every release.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded generator with the few distributions the simulator draws from.
pub struct SimRng(ChaCha8Rng);

impl SimRng {
    pub fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in `[low, high)`.
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        if high <= low {
            return low;
        }
        self.0.random_range(low..high)
    }

    /// Uniform whole number in `[low, high]`.
    pub fn int(&mut self, low: u64, high: u64) -> u64 {
        self.0.random_range(low..=high)
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        self.0.random::<f64>() < probability
    }

    /// A standard normal draw (Box–Muller).
    pub fn standard_normal(&mut self) -> f64 {
        let u1 = self.0.random::<f64>().max(f64::MIN_POSITIVE);
        let u2 = self.0.random::<f64>();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A right-skewed duration (log-normal) given its median and 90th percentile, capped at
    /// `max`: how dwell times at warehouses, airports and customs are spread.
    pub fn skewed(&mut self, median: f64, p90: f64, max: f64) -> f64 {
        const Z90: f64 = 1.281_551_565_5;
        let sigma = ((p90 / median).ln() / Z90).max(0.0);
        (median.ln() + sigma * self.standard_normal()).exp().min(max)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.0.random_range(0..items.len())]
    }

    /// Picks by weight; the weights need not sum to one.
    pub fn pick_weighted<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.uniform(0.0, total);
        for (item, weight) in items {
            if x < *weight {
                return item;
            }
            x -= weight;
        }
        &items[items.len() - 1].0
    }

    /// `n` decimal digits.
    pub fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.0.random_range(0..10u8))).collect()
    }
}

/// Mixes a run seed with a journey's index and a purpose into an independent journey seed
/// (SplitMix64), so adding journeys to a run never changes the ones before them.
pub fn derive_seed(seed: u64, index: u64, purpose: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ purpose.wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_numbers() {
        let (mut a, mut b) = (SimRng::new(7), SimRng::new(7));
        let draws = |r: &mut SimRng| (0..50).map(|_| r.uniform(0.0, 1.0)).collect::<Vec<_>>();
        assert_eq!(draws(&mut a), draws(&mut b));
        assert_ne!(draws(&mut SimRng::new(8)), draws(&mut SimRng::new(7)));
    }

    #[test]
    fn skewed_draws_have_the_asked_median_and_p90() {
        let mut rng = SimRng::new(1);
        let mut xs: Vec<f64> = (0..20_000).map(|_| rng.skewed(10.0, 30.0, 1e9)).collect();
        xs.sort_by(f64::total_cmp);
        let (median, p90) = (xs[10_000], xs[18_000]);
        assert!((9.3..10.7).contains(&median), "{median}");
        assert!((27.0..33.0).contains(&p90), "{p90}");
        assert!(SimRng::new(2).skewed(10.0, 30.0, 12.0) <= 12.0);
    }

    #[test]
    fn derived_seeds_differ_by_index_and_purpose() {
        assert_ne!(derive_seed(1, 0, 0), derive_seed(1, 1, 0));
        assert_ne!(derive_seed(1, 0, 0), derive_seed(1, 0, 1));
        assert_eq!(derive_seed(5, 9, 2), derive_seed(5, 9, 2));
    }
}
