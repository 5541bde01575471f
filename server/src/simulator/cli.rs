//! `server simulate …`: bulk history into a merchant's account, one journey printed as JSON
//! lines, and the bundled lanes.

use super::dataset::LANES;
use super::demo;
use super::journey::{Detail, JourneyPlan};
use super::Lane;
use crate::config::Settings;
use crate::storage;
use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum SimulateCommand {
    /// Write completed journeys of the past year for a merchant (for ETA and analytics).
    History {
        #[arg(long, default_value = "demo")]
        merchant: String,
        #[arg(long, default_value_t = 10_000)]
        journeys: usize,
        /// Same seed, same journeys; a second run for one merchant needs another seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print one planned journey's events as JSON lines (nothing is stored).
    Journey {
        /// A lane id from `server simulate lanes`.
        #[arg(long)]
        lane: String,
        /// Which of the lane's services (0 = the first listed).
        #[arg(long, default_value_t = 0)]
        option: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// When the order was placed (RFC 3339); defaults to now.
        #[arg(long)]
        ordered_at: Option<DateTime<Utc>>,
        /// Include the position pings between scans.
        #[arg(long)]
        positions: bool,
    },
    /// List the bundled lanes and their services.
    Lanes,
}

pub async fn run(command: SimulateCommand, settings: &Settings) -> anyhow::Result<()> {
    match command {
        SimulateCommand::History { merchant, journeys, seed } => {
            let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
            let merchant_id = match storage.merchant_by_slug(&merchant).await? {
                Some(id) => id,
                None if merchant == storage::DEMO_MERCHANT_SLUG => demo::demo_merchant(storage.as_ref()).await?,
                None => bail!("no merchant {merchant:?}: create it with `server api-key create --merchant {merchant}`"),
            };
            let bar = indicatif::ProgressBar::new(journeys as u64);
            let report = demo::write_history(&storage, merchant_id, journeys, seed, Utc::now(), &|done| {
                bar.set_position(done as u64)
            })
            .await
            .map_err(|e| match e {
                storage::StorageError::Conflict { .. } => anyhow::anyhow!(
                    "journeys from seed {seed} are already stored for {merchant:?}; pass another --seed"
                ),
                other => other.into(),
            })?;
            bar.finish_and_clear();
            println!(
                "{} journeys ({} delivered, {} returned to sender), {} events in {:.1} s: planned in {:.1} s, stored in {:.1} s",
                report.journeys,
                report.delivered,
                report.returned,
                report.events,
                (report.planning + report.storing).as_secs_f64(),
                report.planning.as_secs_f64(),
                report.storing.as_secs_f64()
            );
        }
        SimulateCommand::Journey { lane, option, seed, ordered_at, positions } => {
            let Some(found) = Lane::by_id(&lane) else {
                let ids: Vec<&str> = LANES.iter().map(|l| l.id).collect();
                bail!("--lane must be one of {}, got {lane:?}", ids.join(", "));
            };
            let Some(linehaul) = found.options.get(option) else {
                bail!("--option must be below {} for {lane}", found.options.len());
            };
            let detail = if positions { Detail::WithPositions } else { Detail::ScansOnly };
            let plan = JourneyPlan::new(found, linehaul, seed, ordered_at.unwrap_or_else(Utc::now), detail);
            for planned in &plan.events {
                let event = plan.tracking_event(planned);
                println!("{}", serde_json::to_string(&event)?);
            }
        }
        SimulateCommand::Lanes => {
            for lane in LANES {
                for (i, o) in lane.options.iter().enumerate() {
                    let stops: Vec<&str> = o.stops.iter().map(|s| s.name).collect();
                    println!(
                        "{:26} {i} {:8} {:6} {:22} {:.0}–{:.0} days  {}",
                        lane.id,
                        o.service.code(),
                        o.mode.code(),
                        o.carrier.name,
                        o.transit_days.0,
                        o.transit_days.1,
                        stops.join(" → ")
                    );
                }
            }
        }
    }
    Ok(())
}
