//! The wire models: what the pages show and what the live stream sends, shared by server and
//! browser. Storage, the live hub, ingest, the forecast and the API build them; the page
//! folders render them.

pub mod analytics;
pub mod console;
pub mod journey;
pub mod rewards;
pub mod share;
