//! Live updates: a hub that fans each update out to every open journey page, and the SSE
//! endpoint those pages listen on.

mod hub;
mod sse;

pub use hub::{Frame, LiveHub};
pub use sse::live_stream;
