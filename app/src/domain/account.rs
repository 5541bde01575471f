//! A seller's account in the console: who signs in (an email), with what (a password that
//! meets the policy), and what they may do (their role in their one merchant).

use serde::{Deserialize, Serialize};

listed_enum! {
    /// Owners manage users, API keys and secrets; staff work the shipments.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Role {
        Owner,
        Staff,
    }
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Staff => "staff",
        }
    }

    pub fn parse(code: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|r| r.code() == code).ok_or_else(|| format!("{code:?} is not owner or staff"))
    }

    pub fn manages_access(self) -> bool {
        self == Role::Owner
    }
}

/// A sign-in: an email address, trimmed and lower-cased, so one person is one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SignInEmail(String);

impl SignInEmail {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let email = raw.trim().to_lowercase();
        let well_formed = email.len() <= 254
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            })
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if well_formed {
            Ok(Self(email))
        } else {
            Err(format!("{:?} is not an email address", raw.trim()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SignInEmail {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<SignInEmail> for String {
    fn from(email: SignInEmail) -> Self {
        email.0
    }
}

/// A password that meets the policy: long rather than clever (NIST SP 800-63B), at most 128
/// characters so hashing stays cheap, and not one character repeated. Never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_CHARS: usize = 128;

impl Password {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let chars = raw.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            Err(format!("at least {MIN_PASSWORD_CHARS} characters"))
        } else if chars > MAX_PASSWORD_CHARS {
            Err(format!("at most {MAX_PASSWORD_CHARS} characters"))
        } else if raw.chars().all(|c| raw.starts_with(c)) {
            Err("not one character repeated".into())
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_one_per_person_and_must_look_like_one() {
        assert_eq!(SignInEmail::parse("  Ana@Example.COM ").unwrap().as_str(), "ana@example.com");
        for bad in ["", "ana", "ana@", "@example.com", "ana@example", "ana@.com", "a na@example.com"] {
            assert!(SignInEmail::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn passwords_are_long_and_never_printed() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("aaaaaaaaaaaaaaaa").is_err());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        let password = Password::parse("correct horse battery").unwrap();
        assert_eq!(format!("{password:?}"), "Password(…)");
    }

    #[test]
    fn only_owners_manage_access() {
        assert!(Role::Owner.manages_access());
        assert!(!Role::Staff.manages_access());
        assert_eq!(Role::parse("staff"), Ok(Role::Staff));
        assert!(Role::parse("admin").is_err());
    }
}
