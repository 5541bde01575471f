//! HTTP plumbing every feature uses: problem+json errors, JSON bodies that name the field at
//! fault, who the client is (behind trusted proxies too), the per-client rate limit, and the security headers of every response.

pub mod client;
pub mod json;
pub mod problem;
pub mod query;
pub mod rate_limit;
pub mod security;
pub mod serve;
pub mod streams;
