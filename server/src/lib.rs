//! Trekpost's server: configuration, startup, HTTP APIs, live streams and storage around the
//! pure domain in the `app` crate.

pub mod api;
pub mod cli;
pub mod config;
pub mod console;
pub mod csv_import;
pub mod design;
pub mod forecast;
pub mod http;
pub mod ids;
pub mod ingest;
pub mod live;
pub mod rewards;
pub mod share;
pub mod shopper;
pub mod simulator;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;
