//! The server's integration tests, in one binary (one link, one copy of the server on disk):
//! each module starts the real server on a random port over a fresh SQLite file or PostgreSQL
//! database (`support`), most of them on both.

#[macro_use]
mod support;

mod accounts;
mod analytics;
mod bad_input;
mod console;
mod csv_import;
mod drills;
mod feedback;
mod ingest;
mod journey_page;
mod keys;
mod live;
mod pages;
mod performance;
mod rewards;
mod rewards_properties;
mod share;
mod simulator;
mod storage;
