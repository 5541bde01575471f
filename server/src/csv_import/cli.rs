//! `server import shipments|events`: the arguments, their `--help`, and the command that runs an
//! import with progress bars and prints its outcome.

use super::events::EVENT_COLUMNS;
use super::helpdesk::{CONTACT_COLUMNS, DISPUTE_COLUMNS};
use super::progress::Bar;
use super::report::Reject;
use super::rows::Column;
use super::shipments::SHIPMENT_COLUMNS;
use super::{import_events, import_helpdesk, import_shipments, ImportOptions};
use crate::config::Settings;
use crate::storage;
use anyhow::{bail, Context};
use std::path::PathBuf;

/// How many rejects the command lists before summing up the rest.
const MAX_LISTED_REJECTS: usize = 50;

/// The `--help` text listing a file's columns, from the same table the header is checked with.
fn columns_help(columns: &[Column]) -> String {
    let mut text =
        String::from("CSV columns (header row required, any order, * = required; an empty cell is absent):\n");
    for c in columns {
        let star = if c.required { "*" } else { "" };
        let sep = if c.help.is_empty() { "" } else { ": " };
        text.push_str(&format!("  {}{star}{sep}{}\n", c.name, c.help));
    }
    text.push_str(
        "\nEvery row is checked before anything is written: if any row is rejected nothing is imported \
         (unless --skip-invalid). Rejects and the summary go to stderr.",
    );
    text
}

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Create shipments (with their legs) from a CSV file; prints order_ref,tracking_number,
    /// journey_path for each created shipment to stdout.
    #[command(after_help = columns_help(SHIPMENT_COLUMNS))]
    Shipments(ImportArgs),
    /// Add tracking events from a CSV file; a re-imported event is counted as a duplicate and
    /// stored once.
    #[command(after_help = columns_help(EVENT_COLUMNS))]
    Events(ImportArgs),
    /// Record shoppers' contacts from a helpdesk's export (they count in the WISMO measures); a
    /// re-imported external_id counts once.
    #[command(after_help = columns_help(CONTACT_COLUMNS))]
    Contacts(ImportArgs),
    /// Record delivery disputes from a helpdesk's export, as contacts.
    #[command(after_help = columns_help(DISPUTE_COLUMNS))]
    Disputes(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The merchant's slug; the merchant must exist.
    #[arg(long)]
    pub merchant: String,
    /// Import the valid rows even if some are rejected.
    #[arg(long)]
    pub skip_invalid: bool,
    /// The CSV file (UTF-8, comma-separated, header row first).
    pub file: PathBuf,
}

fn print_rejects(rejects: &[Reject]) {
    for r in rejects.iter().take(MAX_LISTED_REJECTS) {
        eprintln!("{r}");
    }
    if rejects.len() > MAX_LISTED_REJECTS {
        eprintln!("... and {} more", rejects.len() - MAX_LISTED_REJECTS);
    }
}

/// `server import …`: runs an import with progress bars and prints the outcome. Fails (a
/// non-zero exit) when a row was rejected and nothing or not everything was imported.
pub async fn run(command: ImportCommand, settings: &Settings) -> anyhow::Result<()> {
    let (ImportCommand::Shipments(args)
    | ImportCommand::Events(args)
    | ImportCommand::Contacts(args)
    | ImportCommand::Disputes(args)) = &command;
    let file = std::fs::File::open(&args.file).with_context(|| format!("cannot open {}", args.file.display()))?;
    let input = std::io::BufReader::new(file);
    let storage = storage::connect(&settings.database).await.context("cannot open the database")?;
    let bar = Bar::new();
    let event_window = settings.limits.event_window(chrono::Utc::now());
    let options = ImportOptions { skip_invalid: args.skip_invalid, progress: &bar, event_window };
    let (rejected, written, stopped, imported_any) = match &command {
        ImportCommand::Shipments(_) => {
            let report = import_shipments(storage.as_ref(), &args.merchant, input, options).await?;
            // The links first, even after a stop: those shipments exist and need sending.
            if !report.created.is_empty() {
                let mut out = csv::Writer::from_writer(std::io::stdout().lock());
                out.write_record(["order_ref", "tracking_number", "journey_path"])?;
                for c in &report.created {
                    out.write_record([
                        c.order_ref.as_deref().unwrap_or(""),
                        c.tracking_number.as_str(),
                        &c.journey_path,
                    ])?;
                }
                out.flush()?;
            }
            print_rejects(&report.rejected);
            eprintln!("{}", report.summary());
            (report.rejected.len(), report.written, report.stopped.is_some(), !report.created.is_empty())
        }
        ImportCommand::Events(_) | ImportCommand::Contacts(_) | ImportCommand::Disputes(_) => {
            let report = match &command {
                ImportCommand::Events(_) => import_events(&storage, &args.merchant, input, options).await?,
                _ => {
                    let disputes = matches!(command, ImportCommand::Disputes(_));
                    import_helpdesk(storage.as_ref(), &args.merchant, disputes, input, options).await?
                }
            };
            print_rejects(&report.rejected);
            eprintln!("{}", report.summary());
            (report.rejected.len(), report.written, report.stopped.is_some(), report.stored + report.duplicates > 0)
        }
    };
    if stopped {
        bail!("the import stopped on a database error; see the summary above");
    }
    if !written && rejected > 0 {
        bail!("nothing imported: {rejected} row(s) rejected");
    }
    if rejected > 0 && !(args.skip_invalid && imported_any) {
        bail!("{rejected} row(s) not imported");
    }
    Ok(())
}
