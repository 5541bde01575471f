//! Fresh random identifiers from the operating system's CSPRNG.

use app::domain::share::ShareSlug;
use app::domain::{ShopperToken, TrackingNumber};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;

/// 128 random bits: a journey link nobody can guess.
pub fn new_shopper_token() -> ShopperToken {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    ShopperToken::parse(&URL_SAFE_NO_PAD.encode(bytes)).expect("16 bytes encode to a valid token")
}

/// The demo shop's journey links are public (the landing page lists them), so they follow
/// from the tracking number instead of being drawn: only their hashes are stored, like any
/// other, and the landing page can still link to them.
pub fn demo_shopper_token(number: &TrackingNumber) -> ShopperToken {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("trekpost demo journey {}", number.as_str()).as_bytes());
    ShopperToken::parse(&URL_SAFE_NO_PAD.encode(&digest[..16])).expect("16 bytes encode to a valid token")
}

/// 128 random bits, drawn apart from the journey's token: a share link reveals nothing of it.
pub fn new_share_slug() -> ShareSlug {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    ShareSlug::parse(&URL_SAFE_NO_PAD.encode(bytes)).expect("16 bytes encode to a valid slug")
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

/// A coupon or invite code: 80 random bits in Crockford base32 (no I, L, O, U), grouped for
/// reading aloud: `TP-7KQ2-M9XD-4HRA-ZC1E`.
pub fn new_reward_code() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 10];
    rand::rng().fill_bytes(&mut bytes);
    let bits = bytes.iter().fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
    let symbols: Vec<char> = (0..16).map(|i| ALPHABET[((bits >> (75 - 5 * i)) & 31) as usize] as char).collect();
    let groups: Vec<String> = symbols.chunks(4).map(|c| c.iter().collect()).collect();
    format!("TP-{}", groups.join("-"))
}

/// 128 random bits: a console import's id (only its merchant can read it anyway).
pub fn new_import_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
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
        let slugs: HashSet<_> = (0..1000).map(|_| new_share_slug()).collect();
        assert_eq!(slugs.len(), 1000);
        assert!(numbers.iter().all(|n| TrackingNumber::parse(n.as_str()).as_ref() == Ok(n)));
        let codes: HashSet<_> = (0..1000).map(|_| new_reward_code()).collect();
        assert_eq!(codes.len(), 1000);
        assert!(codes.iter().all(|c| c.len() == 22 && c.starts_with("TP-")));
    }
}
