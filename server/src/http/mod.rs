//! HTTP plumbing every feature uses: problem+json errors, JSON bodies that name the field at
//! fault, and the per-client rate limit.

pub mod json;
pub mod problem;
pub mod rate_limit;
