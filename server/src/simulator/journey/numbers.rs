//! Tracking numbers in each carrier's own format.

use crate::simulator::dataset::{Carrier, NumberFormat};
use crate::simulator::rng::SimRng;

/// A tracking number in the carrier's own format.
pub(super) fn tracking_number(carrier: Carrier, rng: &mut SimRng) -> String {
    match carrier.numbers {
        NumberFormat::Prefixed { prefix, digits } => format!("{prefix}{}", rng.digits(digits)),
        // The master waybill is shared by a consolidation; the piece number makes it the parcel's.
        NumberFormat::AirWaybill { airline } => {
            let serial = rng.int(1_000_000, 9_999_999);
            format!("{airline}-{serial}{}-{}", serial % 7, rng.digits(4))
        }
        NumberFormat::S10 { service, country } => {
            let serial = rng.digits(8);
            format!("{service}{serial}{}{country}", s10_check_digit(&serial))
        }
        NumberFormat::BillOfLading { line } => format!("{line}{}", rng.digits(10)),
    }
}

/// The UPU S10 check digit over eight serial digits.
fn s10_check_digit(serial: &str) -> u32 {
    const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = serial.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        check => check,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::START;
    use super::super::{Detail, JourneyPlan};
    use super::s10_check_digit;
    use crate::simulator::dataset::Lane;
    use app::domain::event::EventCode;

    #[test]
    fn carrier_numbers_look_like_the_carriers_own() {
        assert_eq!(s10_check_digit("47312482"), 9, "the UPU's worked example, RA473124829GB");
        let lane = Lane::by_id("dallas-london").unwrap();
        let plan = JourneyPlan::new(lane, &lane.options[0], 5, START.parse().unwrap(), Detail::ScansOnly);
        let numbers: Vec<&str> = plan.legs.iter().map(|l| l.tracking_number.as_str()).collect();
        assert!(numbers[0].starts_with("ASD"), "{numbers:?}");
        let awb = numbers[1];
        assert!(awb.starts_with("001-") && awb.len() == 17, "{awb}");
        let serial: u64 = awb[4..11].parse().unwrap();
        assert_eq!(serial % 7, awb[11..12].parse::<u64>().unwrap(), "mod-7 check digit");
        assert!(numbers[2].starts_with("RR") && numbers[2].ends_with("GB") && numbers[2].len() == 13);
        // Every event names the leg carrying the parcel then.
        let handoffs: Vec<_> = plan.events.iter().filter(|e| e.input.code == EventCode::Handoff).collect();
        assert_eq!(handoffs.len(), 2);
        assert_eq!(handoffs[1].input.carrier.as_ref().unwrap().carrier.as_str(), "royal-mail");
    }
}
