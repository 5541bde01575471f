//! Trekpost's own tracking number: `TP` + 10 Crockford base32 symbols + 1 check symbol.
//!
//! Readable aloud (no I, L, O, U), about 50 random bits so it cannot be enumerated, and a
//! mod-37 check (prime, so every single typo and adjacent swap changes it) caught before any
//! lookup. Numbers whose check value would need one of Crockford's extra symbols (`*~$=U`) are
//! never issued, so every character is a plain letter or digit, safe in URLs and on labels.

use serde::{Deserialize, Serialize};
use std::fmt;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BODY_LEN: usize = 10;
const PREFIX: &str = "TP";

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackingNumberError {
    #[error("a Trekpost tracking number starts with TP and has 13 characters")]
    Shape,
    #[error("{0:?} is not a valid tracking number character")]
    Character(char),
    #[error("the check character does not match: a character is mistyped")]
    Checksum,
}

impl TrackingNumber {
    /// Builds a tracking number from 50 random bits (the caller supplies the randomness, so
    /// this stays pure). `None` for the 5 in 37 bodies whose check value has no plain symbol:
    /// the caller draws again.
    pub fn from_random_bits(bits: u64) -> Option<Self> {
        let mut body = String::with_capacity(BODY_LEN);
        for i in (0..BODY_LEN).rev() {
            body.push(ALPHABET[((bits >> (i * 5)) & 31) as usize] as char);
        }
        let check = *ALPHABET.get(checksum(&body) as usize)? as char;
        Some(Self(format!("{PREFIX}{body}{check}")))
    }

    /// Accepts any case, spaces and dashes, and Crockford's look-alikes (O→0, I/L→1).
    pub fn parse(raw: &str) -> Result<Self, TrackingNumberError> {
        let cleaned: String =
            raw.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        let rest = cleaned.strip_prefix(PREFIX).ok_or(TrackingNumberError::Shape)?;
        if rest.chars().count() != BODY_LEN + 1 {
            return Err(TrackingNumberError::Shape);
        }
        let mut body = String::with_capacity(BODY_LEN);
        for c in rest.chars().take(BODY_LEN) {
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
                return Err(TrackingNumberError::Character(c));
            }
            body.push(c);
        }
        let check = rest.chars().last().ok_or(TrackingNumberError::Shape)?;
        if ALPHABET.get(checksum(&body) as usize).map(|&c| c as char) != Some(check) {
            return Err(TrackingNumberError::Checksum);
        }
        Ok(Self(format!("{PREFIX}{body}{check}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn checksum(body: &str) -> u64 {
    body.bytes()
        .map(|b| ALPHABET.iter().position(|&a| a == b).expect("body is in the alphabet") as u64)
        .fold(0, |acc, v| (acc * 32 + v) % 37)
}

impl TryFrom<String> for TrackingNumber {
    type Error = TrackingNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TrackingNumber> for String {
    fn from(value: TrackingNumber) -> Self {
        value.0
    }
}

impl fmt::Display for TrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first issuable number at or after `bits`.
    fn issued(bits: u64) -> TrackingNumber {
        (bits..).find_map(TrackingNumber::from_random_bits).unwrap()
    }

    #[test]
    fn generated_numbers_are_plain_alphanumerics_and_parse_back() {
        let mut refused = 0;
        for bits in (0..20_000u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) & ((1 << 50) - 1)) {
            match TrackingNumber::from_random_bits(bits) {
                Some(n) => {
                    assert_eq!(n.as_str().len(), 13);
                    assert!(n.as_str().bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()), "{n}");
                    assert_eq!(TrackingNumber::parse(n.as_str()), Ok(n));
                }
                None => refused += 1,
            }
        }
        // About 5 in 37 bodies are skipped.
        assert!((2_200..3_200).contains(&refused), "{refused}");
    }

    #[test]
    fn parsing_forgives_case_spacing_and_look_alikes() {
        let n = issued(0x0123_4567_89AB);
        let messy = format!("{} {}", &n.as_str()[..6], &n.as_str()[6..]).to_lowercase();
        assert_eq!(TrackingNumber::parse(&messy), Ok(n.clone()));
        let with_o = n.as_str().replacen('0', "O", 1);
        assert_eq!(TrackingNumber::parse(&with_o), Ok(n));
    }

    #[test]
    fn a_single_typo_or_swap_is_caught() {
        let n = issued(0x2_5A5A_5A5A_5A5A);
        let s = n.as_str().as_bytes();
        for i in 2..12 {
            for &replacement in ALPHABET {
                if replacement == s[i] {
                    continue;
                }
                let mut typo = s.to_vec();
                typo[i] = replacement;
                let typo = String::from_utf8(typo).unwrap();
                assert!(TrackingNumber::parse(&typo).is_err(), "{typo} slipped through");
            }
        }
        let mut swapped = s.to_vec();
        swapped.swap(3, 4);
        if swapped != s {
            assert!(TrackingNumber::parse(std::str::from_utf8(&swapped).unwrap()).is_err());
        }
    }

    #[test]
    fn rejects_wrong_shapes() {
        assert_eq!(TrackingNumber::parse("XX1234567890A"), Err(TrackingNumberError::Shape));
        assert_eq!(TrackingNumber::parse("TP123"), Err(TrackingNumberError::Shape));
        assert_eq!(TrackingNumber::parse("TP12345678U00"), Err(TrackingNumberError::Character('U')));
    }
}
