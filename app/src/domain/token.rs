//! The shopper's secret link token: 128 random bits, base64url without padding.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Length of 16 bytes encoded as unpadded base64url.
pub const SHOPPER_TOKEN_LEN: usize = 22;

/// A syntactically valid shopper token. Whether it names a shipment is for storage to say.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShopperToken(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("a journey link token has {SHOPPER_TOKEN_LEN} characters, this one has {0}")]
    Length(usize),
    #[error("a journey link token uses only letters, digits, '-' and '_'")]
    Alphabet,
}

impl ShopperToken {
    pub fn parse(raw: &str) -> Result<Self, TokenError> {
        let len = raw.chars().count();
        if len != SHOPPER_TOKEN_LEN {
            return Err(TokenError::Length(len));
        }
        if !raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(TokenError::Alphabet);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The shopper's journey page: the only way in, so it goes out in e-mails and texts.
    pub fn journey_path(&self) -> String {
        format!("/t/{}", self.0)
    }
}

impl TryFrom<String> for ShopperToken {
    type Error = TokenError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ShopperToken> for String {
    fn from(value: ShopperToken) -> Self {
        value.0
    }
}

impl fmt::Display for ShopperToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_22_url_safe_characters() {
        assert!(ShopperToken::parse("AbCdEfGhIjKlMnOpQr-_09").is_ok());
    }

    #[test]
    fn rejects_wrong_length_and_alphabet() {
        assert_eq!(ShopperToken::parse("short"), Err(TokenError::Length(5)));
        assert_eq!(ShopperToken::parse("AbCdEfGhIjKlMnOpQr+/09"), Err(TokenError::Alphabet));
        assert_eq!(ShopperToken::parse("AbCdEfGhIjKlMnOpQr-_0é"), Err(TokenError::Alphabet));
    }
}
