//! Who the leaderboard shows: a name the shopper chose to show, or a mask that reveals
//! nothing about them. Names are opt-in; the default is the mask.

use crate::domain::FieldError;
use serde::{Deserialize, Serialize};

/// A name a shopper chose to show on the leaderboard: 2 to 24 letters, digits or spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let length = name.chars().count();
        if !(2..=24).contains(&length) || !name.chars().all(|c| c.is_alphanumeric() || c == ' ') {
            return Err(FieldError::new("display_name", "2 to 24 letters, digits or spaces"));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        Self::parse(&raw)
    }
}

impl From<DisplayName> for String {
    fn from(name: DisplayName) -> String {
        name.0
    }
}

/// How a shopper who did not opt in appears (the page writes it as "Shopper K7QZ" in the
/// reader's language): four characters derived from their row id, stable and distinct enough
/// to tell rows apart, meaningless outside.
pub fn masked_name(shopper_id: i64) -> String {
    // A multiplicative hash, so neighbouring ids do not look alike or reveal order.
    let mixed = (shopper_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..4).map(|i| ALPHABET[((mixed >> (i * 5)) & 31) as usize] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tidied_and_checked() {
        assert_eq!(DisplayName::parse("  Ana   K ").unwrap().as_str(), "Ana K");
        assert_eq!(DisplayName::parse("小明").unwrap().as_str(), "小明");
        assert_eq!(DisplayName::parse("a").unwrap_err().field, "display_name");
        assert!(DisplayName::parse("<script>").is_err());
        assert!(DisplayName::parse(&"x".repeat(25)).is_err());
    }

    #[test]
    fn masks_are_stable_and_tell_neighbours_apart() {
        assert_eq!(masked_name(41), masked_name(41));
        let masks: std::collections::HashSet<_> = (1..=1000).map(masked_name).collect();
        assert!(masks.len() > 950, "{} distinct of 1000", masks.len());
        assert!(!masked_name(42).contains("42"));
    }
}
