//! Trekpost's server: configuration, startup, HTTP APIs, live streams and storage around the
//! pure domain in the `app` crate.

pub mod api;
pub mod cli;
pub mod config;
pub mod csv_import;
pub mod engagement;
pub mod forecast;
pub mod ids;
pub mod ingest;
pub mod journey_pages;
pub mod live;
pub mod lookup;
pub mod rewards;
pub mod share;
pub mod simulator;
pub mod startup;
pub mod storage;
pub mod telemetry;
