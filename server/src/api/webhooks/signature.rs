//! Each aggregator's own signature over the raw body, checked in constant time.

use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

fn hmac(secret: &str, body: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    mac
}

/// AfterShip: `aftership-hmac-sha256` = base64(HMAC-SHA256(secret, body)).
pub fn aftership(secret: &str, body: &[u8], header: &str) -> bool {
    STANDARD.decode(header.trim()).is_ok_and(|given| hmac(secret, body).verify_slice(&given).is_ok())
}

/// 17TRACK v2: `sign` = hex(SHA-256(body + "/" + key)).
pub fn seventeen_track(secret: &str, body: &[u8], header: &str) -> bool {
    let mut hash = Sha256::new();
    hash.update(body);
    hash.update(b"/");
    hash.update(secret.as_bytes());
    hex::decode(header.trim()).is_ok_and(|given| constant_time_eq(&hash.finalize(), &given))
}

/// EasyPost: `X-Hmac-Signature` = "hmac-sha256-hex=" + hex(HMAC-SHA256(secret, body)).
pub fn easypost(secret: &str, body: &[u8], header: &str) -> bool {
    header
        .trim()
        .strip_prefix("hmac-sha256-hex=")
        .and_then(|hex_digest| hex::decode(hex_digest).ok())
        .is_some_and(|given| hmac(secret, body).verify_slice(&given).is_ok())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Signatures as the aggregators compute them, for tests and the bench.
pub mod sign {
    use super::*;

    pub fn aftership(secret: &str, body: &[u8]) -> String {
        STANDARD.encode(hmac(secret, body).finalize().into_bytes())
    }

    pub fn seventeen_track(secret: &str, body: &[u8]) -> String {
        let mut hash = Sha256::new();
        hash.update(body);
        hash.update(b"/");
        hash.update(secret.as_bytes());
        hex::encode(hash.finalize())
    }

    pub fn easypost(secret: &str, body: &[u8]) -> String {
        format!("hmac-sha256-hex={}", hex::encode(hmac(secret, body).finalize().into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scheme_accepts_its_own_signature_and_nothing_else() {
        let (secret, body) = ("s3cret", br#"{"a":1}"# as &[u8]);
        assert!(aftership(secret, body, &sign::aftership(secret, body)));
        assert!(seventeen_track(secret, body, &sign::seventeen_track(secret, body)));
        assert!(easypost(secret, body, &sign::easypost(secret, body)));
        let tampered = br#"{"a":2}"#;
        assert!(!aftership(secret, tampered, &sign::aftership(secret, body)));
        assert!(!seventeen_track(secret, tampered, &sign::seventeen_track(secret, body)));
        assert!(!easypost(secret, tampered, &sign::easypost(secret, body)));
        assert!(!aftership("other", body, &sign::aftership(secret, body)));
        assert!(!easypost(secret, body, &sign::easypost(secret, body).replace("hmac-sha256-hex=", "")));
        assert!(!seventeen_track(secret, body, "not hex"));
        assert!(!aftership(secret, body, ""));
    }

    #[test]
    fn the_17track_signature_is_sha256_of_body_slash_key() {
        // Computed independently: printf '%s' '{"a":1}/s3cret' | sha256sum
        assert_eq!(
            sign::seventeen_track("s3cret", br#"{"a":1}"#),
            "920b8559d58b38d84485d0b5fc3fa7906c27ea44b0a9eb86036000da93eb39f2"
        );
    }
}
