//! Request-rate limits: a token bucket per key, the client address ([`ClientAddr`]) for
//! anonymous calls, the merchant for authenticated API calls. Over the limit, a request gets
//! 429 problem+json with Retry-After, and nothing it carried is accepted.

use super::client::ClientAddr;
use super::problem::Problem;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Above this many tracked clients, full buckets (idle clients) are forgotten, at most once a
/// minute so a crowd of active clients does not turn every request into a scan.
const PRUNE_ABOVE: usize = 10_000;
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Buckets keyed by `K`: a client address unless said otherwise.
pub struct RateLimiter<K = IpAddr> {
    /// Burst size: a fresh key may send this many requests at once.
    capacity: f64,
    refill_per_second: f64,
    state: Mutex<Buckets<K>>,
}

struct Buckets<K> {
    by_client: HashMap<K, Bucket>,
    last_prune: Option<Instant>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl<K: Hash + Eq> RateLimiter<K> {
    pub fn per_minute(requests: u32) -> Self {
        let requests = f64::from(requests.max(1));
        Self {
            capacity: requests,
            refill_per_second: requests / 60.0,
            state: Mutex::new(Buckets { by_client: HashMap::new(), last_prune: None }),
        }
    }

    /// The tokens `bucket` holds at `now`.
    fn refilled(&self, bucket: &Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        (bucket.tokens + elapsed * self.refill_per_second).min(self.capacity)
    }

    /// Takes one token for `client`, or says how long until one is free.
    pub fn check(&self, client: K, now: Instant) -> Result<(), Duration> {
        let mut state = self.state.lock().expect("rate limiter lock");
        let due = state.last_prune.is_none_or(|last| now.saturating_duration_since(last) >= PRUNE_EVERY);
        if state.by_client.len() > PRUNE_ABOVE && due {
            state.by_client.retain(|_, b| self.refilled(b, now) < self.capacity);
            state.last_prune = Some(now);
        }
        let fresh = Bucket { tokens: self.capacity, updated: now };
        let tokens = state.by_client.get(&client).map_or(self.capacity, |b| self.refilled(b, now));
        let bucket = state.by_client.entry(client).or_insert(fresh);
        bucket.tokens = tokens;
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.refill_per_second))
        }
    }
}

/// Middleware: refuses a client that is over its rate.
pub async fn limit(
    State(limiter): State<Arc<RateLimiter>>,
    ClientAddr(client): ClientAddr,
    request: Request,
    next: Next,
) -> Response {
    admit(&limiter, client, request, next).await
}

/// The app's server functions (anonymous calls that each cost a query) and the budget they
/// take from; the page renders beside them do not.
#[derive(Clone)]
pub struct ServerFunctionLimit {
    limiter: Arc<RateLimiter>,
    paths: Arc<HashSet<&'static str>>,
}

impl ServerFunctionLimit {
    pub fn new(limiter: Arc<RateLimiter>) -> Self {
        let paths = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
        Self { limiter, paths: Arc::new(paths) }
    }
}

/// Middleware for the Leptos routes: a server function call takes from the client's budget.
pub async fn limit_server_functions(
    State(limit): State<ServerFunctionLimit>,
    ClientAddr(client): ClientAddr,
    request: Request,
    next: Next,
) -> Response {
    if limit.paths.contains(request.uri().path()) {
        admit(&limit.limiter, client, request, next).await
    } else {
        next.run(request).await
    }
}

async fn admit(limiter: &RateLimiter, client: IpAddr, request: Request, next: Next) -> Response {
    match limiter.take(client) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

impl<K: Hash + Eq> RateLimiter<K> {
    /// Takes one token for `key` now, or the 429 to answer.
    pub fn take(&self, key: K) -> Result<(), OverLimit> {
        self.check(key, Instant::now()).map_err(|wait| OverLimit { wait })
    }
}

/// A request over its budget: answered 429 with Retry-After.
#[derive(Debug)]
pub struct OverLimit {
    wait: Duration,
}

impl IntoResponse for OverLimit {
    fn into_response(self) -> Response {
        // Rounded up: a client that waits this long will get through.
        let seconds = (self.wait.as_secs_f64().ceil() as u64).max(1);
        let mut response = Problem::too_many_requests(seconds).into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn a_burst_up_to_the_limit_passes_then_the_client_waits() {
        let limiter = RateLimiter::per_minute(3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check(A, t0), Ok(()));
        }
        let wait = limiter.check(A, t0).unwrap_err();
        assert!((19..=20).contains(&wait.as_secs()), "one token per 20 s: {wait:?}");
        assert_eq!(limiter.check(B, t0), Ok(()), "other clients are unaffected");
        assert_eq!(limiter.check(A, t0 + Duration::from_secs(20)), Ok(()), "refilled");
        assert!(limiter.check(A, t0 + Duration::from_secs(20)).is_err());
    }

    #[test]
    fn idle_clients_are_forgotten_at_most_once_a_minute() {
        let limiter = RateLimiter::per_minute(60);
        let t0 = Instant::now();
        for i in 0..=PRUNE_ABOVE as u32 {
            limiter.check(IpAddr::V4(i.into()), t0).unwrap();
        }
        let tracked = || limiter.state.lock().unwrap().by_client.len();
        // Everyone spent a token half a second ago: nobody's bucket is full, nobody is forgotten.
        limiter.check(A, t0 + Duration::from_millis(500)).unwrap();
        assert_eq!(tracked(), PRUNE_ABOVE + 2);
        // A minute later all buckets are full again, but the last scan was too recent…
        assert!(limiter.check(B, t0 + Duration::from_secs(30)).is_ok());
        assert_eq!(tracked(), PRUNE_ABOVE + 3);
        // …until a minute has passed since it.
        limiter.check(B, t0 + Duration::from_secs(62)).unwrap();
        assert_eq!(tracked(), 1, "only the client asking now is kept");
    }

    #[test]
    fn tokens_never_exceed_the_burst_size() {
        let limiter = RateLimiter::per_minute(2);
        let later = Instant::now() + Duration::from_secs(3600);
        assert!(limiter.check(A, later).is_ok());
        assert!(limiter.check(A, later).is_ok());
        assert!(limiter.check(A, later).is_err());
    }
}
