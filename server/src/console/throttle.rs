//! Slows password guessing: wrong passwords are counted per account and per client, and past
//! a threshold that key is locked for a while (doubling with each further failure, up to an
//! hour). A locked sign-in is refused before the password is checked, with the same words as
//! a wrong one, so the lock tells a guesser nothing about the account. Kept in memory: an
//! instance that restarts forgets, which costs a guesser a restart they cannot cause.

use crate::config::ConsoleSettings;
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest lock, however many failures.
const MAX_LOCK: Duration = Duration::from_secs(3600);
/// Failures older than this are forgotten (unless they locked the key).
const MEMORY: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
    locked_until: Option<Instant>,
}

/// Failures per key, and the locks they caused.
struct Counter<K> {
    threshold: u32,
    lockout: Duration,
    keys: Mutex<HashMap<K, Failures>>,
}

impl<K: Eq + Hash + Clone> Counter<K> {
    fn new(threshold: u32, lockout: Duration) -> Self {
        Self { threshold: threshold.max(1), lockout, keys: Mutex::new(HashMap::new()) }
    }

    /// How long the key stays locked, if it is.
    fn locked(&self, key: &K, now: Instant) -> Option<Duration> {
        let keys = self.keys.lock().expect("throttle lock");
        let until = keys.get(key)?.locked_until?;
        (until > now).then(|| until - now)
    }

    fn fail(&self, key: K, now: Instant) {
        let mut keys = self.keys.lock().expect("throttle lock");
        if keys.len() > 100_000 {
            // A flood of made-up accounts must not grow memory without end.
            keys.retain(|_, f| now.duration_since(f.last) < MEMORY || f.locked_until.is_some_and(|u| u > now));
        }
        let entry = keys.entry(key).or_insert(Failures { count: 0, last: now, locked_until: None });
        if now.duration_since(entry.last) >= MEMORY && entry.locked_until.is_none_or(|u| u <= now) {
            entry.count = 0;
        }
        entry.count += 1;
        entry.last = now;
        if entry.count >= self.threshold {
            let doublings = (entry.count - self.threshold).min(8);
            let lock = (self.lockout * 2u32.pow(doublings)).min(MAX_LOCK);
            entry.locked_until = Some(now + lock);
        }
    }

    fn forget(&self, key: &K) {
        self.keys.lock().expect("throttle lock").remove(key);
    }
}

/// The console's sign-in throttle: one counter per account (its normalised email) and one per
/// client address.
pub struct SignInThrottle {
    accounts: Counter<String>,
    clients: Counter<IpAddr>,
}

impl SignInThrottle {
    pub fn new(settings: &ConsoleSettings) -> Self {
        let lockout = Duration::from_secs(settings.lockout_seconds);
        Self {
            accounts: Counter::new(settings.failures_per_account, lockout),
            clients: Counter::new(settings.failures_per_client, lockout),
        }
    }

    /// How long this sign-in must wait, if the account or the client is locked.
    pub fn locked(&self, account: &str, client: IpAddr, now: Instant) -> Option<Duration> {
        match (self.accounts.locked(&account.to_owned(), now), self.clients.locked(&client, now)) {
            (Some(a), Some(c)) => Some(a.max(c)),
            (a, c) => a.or(c),
        }
    }

    pub fn failed(&self, account: &str, client: IpAddr, now: Instant) {
        self.accounts.fail(account.to_owned(), now);
        self.clients.fail(client, now);
    }

    /// A right password clears the account's count (the client's stays: one client guessing
    /// across many accounts is still guessing).
    pub fn succeeded(&self, account: &str) {
        self.accounts.forget(&account.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(per_account: u32, per_client: u32) -> SignInThrottle {
        SignInThrottle::new(&ConsoleSettings {
            idle_seconds: 60,
            absolute_seconds: 600,
            failures_per_account: per_account,
            failures_per_client: per_client,
            lockout_seconds: 60,
        })
    }

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const ELSEWHERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 7));

    #[test]
    fn an_account_locks_after_its_threshold_and_unlocks_after_the_lockout() {
        let (t, now) = (throttle(3, 100), Instant::now());
        for _ in 0..2 {
            t.failed("ana@acme.example", HOME, now);
        }
        assert_eq!(t.locked("ana@acme.example", HOME, now), None, "two of three");
        t.failed("ana@acme.example", HOME, now);
        assert_eq!(t.locked("ana@acme.example", ELSEWHERE, now), Some(Duration::from_secs(60)), "from any client");
        assert_eq!(t.locked("bo@acme.example", ELSEWHERE, now), None, "other accounts are not locked");
        assert_eq!(t.locked("ana@acme.example", HOME, now + Duration::from_secs(61)), None);
    }

    #[test]
    fn each_failure_past_the_threshold_doubles_the_lock_up_to_an_hour() {
        let (t, now) = (throttle(1, 100), Instant::now());
        t.failed("ana@acme.example", HOME, now);
        t.failed("ana@acme.example", HOME, now);
        assert_eq!(t.locked("ana@acme.example", HOME, now), Some(Duration::from_secs(120)));
        for _ in 0..20 {
            t.failed("ana@acme.example", HOME, now);
        }
        assert_eq!(t.locked("ana@acme.example", HOME, now), Some(MAX_LOCK));
    }

    #[test]
    fn a_client_guessing_across_accounts_is_locked_out_of_all_of_them() {
        let (t, now) = (throttle(100, 4), Instant::now());
        for i in 0..4 {
            t.failed(&format!("user{i}@acme.example"), HOME, now);
        }
        assert!(t.locked("anyone@acme.example", HOME, now).is_some());
        assert_eq!(t.locked("anyone@acme.example", ELSEWHERE, now), None);
    }

    #[test]
    fn a_right_password_clears_the_accounts_count() {
        let (t, now) = (throttle(3, 100), Instant::now());
        t.failed("ana@acme.example", HOME, now);
        t.failed("ana@acme.example", HOME, now);
        t.succeeded("ana@acme.example");
        t.failed("ana@acme.example", HOME, now);
        assert_eq!(t.locked("ana@acme.example", HOME, now), None);
    }
}
