//! Fresh random identifiers from the operating system's CSPRNG.

use app::domain::{ShopperToken, TrackingNumber};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;

/// 128 random bits: a journey link nobody can guess.
pub fn new_shopper_token() -> ShopperToken {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    ShopperToken::parse(&URL_SAFE_NO_PAD.encode(bytes)).expect("16 bytes encode to a valid token")
}

/// About 50 random bits in Trekpost's checksummed format.
pub fn new_tracking_number() -> TrackingNumber {
    let mut rng = rand::rng();
    loop {
        if let Some(number) = TrackingNumber::from_random_bits(rng.next_u64() & ((1 << 50) - 1)) {
            return number;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tokens_and_numbers_are_valid_and_do_not_repeat() {
        let tokens: HashSet<_> = (0..1000).map(|_| new_shopper_token()).collect();
        assert_eq!(tokens.len(), 1000);
        let numbers: HashSet<_> = (0..1000).map(|_| new_tracking_number()).collect();
        assert_eq!(numbers.len(), 1000);
        assert!(numbers.iter().all(|n| TrackingNumber::parse(n.as_str()).as_ref() == Ok(n)));
    }
}
