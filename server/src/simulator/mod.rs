//! The journey simulator: realistic international parcel journeys on real lanes, fed through
//! the same ingest path as real carriers.
//!
//! Pure parts (no I/O): [`dataset`] (the bundled world), `app::domain::calendar` (working time and
//! holidays), [`path`] (great-circle paths), [`rng`] (seeded randomness) and [`journey`] (one
//! journey planned from its seed). Around them: [`driver`] plays planned journeys into storage
//! as their moments come, and [`demo`] builds the demo shop with its shoppers and history.

pub mod cli;
pub mod dataset;
pub mod demo;
pub mod driver;
pub mod feedback;
pub mod journey;
pub mod path;
pub mod rng;

pub use dataset::{Lane, LANES};
pub use driver::Simulator;
pub use journey::{Detail, JourneyPlan, Outcome, PlannedEvent};
