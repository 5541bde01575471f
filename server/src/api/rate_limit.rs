//! Per-client request-rate limit: a token bucket per IP address. Over the limit, a request
//! gets 429 problem+json with Retry-After, and nothing it carried is accepted.

use super::problem::Problem;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Above this many tracked clients, full buckets (idle clients) are forgotten.
const PRUNE_ABOVE: usize = 10_000;

pub struct RateLimiter {
    /// Burst size: a fresh client may send this many requests at once.
    capacity: f64,
    refill_per_second: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    pub fn per_minute(requests: u32) -> Self {
        let requests = f64::from(requests.max(1));
        Self { capacity: requests, refill_per_second: requests / 60.0, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `client`, or says how long until one is free.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().expect("rate limiter lock");
        if buckets.len() > PRUNE_ABOVE {
            let full = |b: &Bucket| b.tokens + now.duration_since(b.updated).as_secs_f64() * self.refill_per_second;
            buckets.retain(|_, b| full(b) < self.capacity);
        }
        let bucket = buckets.entry(client).or_insert(Bucket { tokens: self.capacity, updated: now });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.refill_per_second).min(self.capacity);
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
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    match limiter.check(peer.ip(), Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            // Rounded up: a client that waits this long will get through.
            let seconds = (wait.as_secs_f64().ceil() as u64).max(1);
            let mut response = Problem::too_many_requests(seconds).into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
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
    fn tokens_never_exceed_the_burst_size() {
        let limiter = RateLimiter::per_minute(2);
        let later = Instant::now() + Duration::from_secs(3600);
        assert!(limiter.check(A, later).is_ok());
        assert!(limiter.check(A, later).is_ok());
        assert!(limiter.check(A, later).is_err());
    }
}
