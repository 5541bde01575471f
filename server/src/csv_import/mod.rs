//! CSV import: `server import shipments|events|contacts|disputes --merchant <slug> FILE.csv`.
//!
//! Every row becomes the same wire form the native API takes
//! ([`ShipmentInput`](app::domain::shipment::ShipmentInput),
//! [`EventInput`](app::domain::event::EventInput)) and goes through the same checks, so a row
//! the API would refuse is refused here with the same reason; events then take
//! [`ingest::append`](crate::ingest::append) like every other event.
//!
//! A header row is required; columns are matched by name, in any order; an unknown column is
//! an error (a misspelt column would otherwise be dropped silently). Cells are trimmed and an
//! empty cell means "absent".
//!
//! Shipment columns (`*` = required): `order_ref`, `tracking_number` (issued when empty),
//! `shopper_reference*`, `shopper_name`, `shopper_email`, `shopper_locale`, `origin_city*`,
//! `origin_region`, `origin_country*`, `origin_lat*`, `origin_lon*`, `destination_city*`,
//! `destination_region`, `destination_country*`, `destination_postal_code`, `destination_lat*`,
//! `destination_lon*`, `service` (economy, standard, express), `eco` (true/false), `legs`:
//! `carrier:tracking_number:mode[@handoff_city/handoff_country/lat/lon]` joined by `|`, e.g.
//! `yunexpress:YT2412345678901234:air@Los Angeles/US/33.94/-118.41|usps:9400110898825022579493:courier`.
//!
//! Event columns: `shipment*` (Trekpost tracking number or a leg's carrier number), `code*`,
//! `occurred_at*` (RFC 3339 with offset), `city`, `region`, `country`, `lat`, `lon`, `time_zone`,
//! `carrier`, `carrier_tracking_number`, `description`, `next_step`, `reason`,
//! `customer_action`, `external_id`.
//!
//! Contact and dispute columns (a helpdesk's export): `order_ref` or `tracking_number`,
//! `occurred_at*`, `channel*`, `category*` (contacts) or `reason*` and `comment` (disputes),
//! `external_id`; checked and recorded as `POST /api/v1/contacts` and `/api/v1/disputes` do.
//!
//! Two passes: the first parses and checks every row (and looks up every shipment) without
//! writing; if any row is rejected nothing is written unless `skip_invalid` is set. The second
//! writes: each shipment (with its legs) in its own transaction, events in transactions of up
//! to [`EVENT_CHUNK`]. Re-importing an events file stores nothing twice (duplicates are
//! acknowledged); re-importing a shipments file is refused row by row in the first pass when
//! the rows carry tracking numbers or legs, which then already exist.
//! The whole file is held in memory between the passes.
//!
//! The two passes are `import_rows`, the same for both kinds of file; what differs is an
//! `Importer`: `shipments` and `events` check a row and write a batch. `rows` reads the file and
//! turns cells into wire values, `report` says what happened, `progress` draws it and `cli` is
//! the command.

mod cli;
mod events;
mod helpdesk;
mod progress;
mod report;
mod rows;
mod shipments;

pub use cli::{run, ImportArgs, ImportCommand};
pub use events::EVENT_CHUNK;
pub use progress::{Progress, Quiet};
pub use report::{CreatedShipment, RecordImport, Reject, ShipmentImport, Stopped};

use crate::storage::{MerchantId, SharedStorage, Storage, StorageError};
use app::domain::event::EventWindow;
use events::{Events, EVENT_COLUMNS};
use helpdesk::{Helpdesk, CONTACT_COLUMNS, DISPUTE_COLUMNS};
use rows::{read_rows, reject, Column, Row, RowError};
use shipments::{Shipments, SHIPMENT_COLUMNS};
use std::io::Read;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no merchant {0:?}: create it with `server api-key create --merchant {0}`")]
    UnknownMerchant(String),
    #[error("line 1: {0}")]
    Header(String),
    #[error("cannot read the CSV")]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

#[derive(Clone, Copy)]
pub struct ImportOptions<'a> {
    pub skip_invalid: bool,
    pub progress: &'a dyn Progress,
    /// The times an event row may carry (`limits.event_window` of the settings).
    pub event_window: EventWindow,
}

/// Checks every row, then (unless a row was rejected and `skip_invalid` is off) creates each
/// valid shipment with its legs in its own transaction.
pub async fn import_shipments(
    storage: &dyn Storage,
    merchant: &str,
    input: impl Read,
    options: ImportOptions<'_>,
) -> Result<ShipmentImport, ImportError> {
    let mut shipments = Shipments::new(storage, merchant_id(storage, merchant).await?);
    let Passes { rows, valid, rejected, refused_when_writing, written, stopped } =
        import_rows(input, SHIPMENT_COLUMNS, &mut shipments, options).await?;
    Ok(ShipmentImport { rows, valid, created: shipments.created, rejected, refused_when_writing, written, stopped })
}

/// Checks every row and finds its shipment, then (unless a row was rejected and
/// `skip_invalid` is off) appends the valid events through [`ingest::append`](crate::ingest::append),
/// up to [`EVENT_CHUNK`] per transaction.
pub async fn import_events(
    shared: &SharedStorage,
    merchant: &str,
    input: impl Read,
    options: ImportOptions<'_>,
) -> Result<RecordImport, ImportError> {
    let mut events = Events::new(shared, merchant_id(shared.as_ref(), merchant).await?, options.event_window);
    // Nothing is refused while writing: a stored event is a duplicate, acknowledged.
    let Passes { rows, valid, rejected, written, stopped, .. } =
        import_rows(input, EVENT_COLUMNS, &mut events, options).await?;
    let (stored, duplicates) = (events.stored, events.duplicates);
    Ok(RecordImport { what: "events", rows, valid, stored, duplicates, rejected, written, stopped })
}

/// Checks every row of a helpdesk's export (contacts, or `disputes`) as the API checks one,
/// then (unless a row was rejected and `skip_invalid` is off) records the valid ones; a report
/// whose `external_id` was recorded before counts once.
pub async fn import_helpdesk(
    storage: &dyn Storage,
    merchant: &str,
    disputes: bool,
    input: impl Read,
    options: ImportOptions<'_>,
) -> Result<RecordImport, ImportError> {
    let mut helpdesk = Helpdesk::new(storage, merchant_id(storage, merchant).await?, disputes, options.event_window);
    let columns = if disputes { DISPUTE_COLUMNS } else { CONTACT_COLUMNS };
    let Passes { rows, valid, rejected, written, stopped, .. } =
        import_rows(input, columns, &mut helpdesk, options).await?;
    let what = if disputes { "disputes" } else { "contacts" };
    let (stored, duplicates) = (helpdesk.recorded, helpdesk.repeated);
    Ok(RecordImport { what, rows, valid, stored, duplicates, rejected, written, stopped })
}

/// The columns a file of `kind` may have, for the console's import page.
pub fn columns(kind: app::model::console::ImportKind) -> Vec<app::model::console::ImportColumn> {
    use app::model::console::{ImportColumn, ImportKind};
    let columns = match kind {
        ImportKind::Shipments => SHIPMENT_COLUMNS,
        ImportKind::Events => EVENT_COLUMNS,
        ImportKind::Contacts => CONTACT_COLUMNS,
        ImportKind::Disputes => DISPUTE_COLUMNS,
    };
    columns.iter().map(|c| ImportColumn { name: c.name.to_owned(), required: c.required }).collect()
}

async fn merchant_id(storage: &dyn Storage, slug: &str) -> Result<MerchantId, ImportError> {
    storage.merchant_by_slug(slug).await?.ok_or_else(|| ImportError::UnknownMerchant(slug.to_owned()))
}

/// One kind of file: how a row is checked and how the valid rows are written.
trait Importer {
    /// A checked row, ready to write.
    type Valid;
    /// Valid rows per [`Importer::write`].
    const BATCH: usize;

    /// Checks one row (against storage and the rows before it, which passed): what to write, or
    /// why not. An error is the database's and ends the import.
    async fn check(&mut self, row: &Row) -> Result<Result<Self::Valid, RowError>, StorageError>;

    /// Writes up to [`Importer::BATCH`] valid rows, with their lines: the rows the database
    /// refused one by one, or the error that stops the writing pass at this batch.
    async fn write(&mut self, batch: Vec<(u64, Self::Valid)>) -> Result<Vec<Reject>, StorageError>;
}

/// What the two passes did with a file, whatever its rows are.
#[derive(Default)]
struct Passes {
    rows: usize,
    valid: usize,
    /// In file order.
    rejected: Vec<Reject>,
    /// How many of `rejected` passed the checks but were refused when written.
    refused_when_writing: usize,
    written: bool,
    stopped: Option<Stopped>,
}

/// Validate, then write: reads the file, checks every row, and unless a row was rejected (and
/// `skip_invalid` is off) or none is valid, writes the valid rows in batches, in file order,
/// until the database stops it. Both passes drive the progress bar, a row at a time while
/// checking and a batch at a time while writing.
async fn import_rows<I: Importer>(
    input: impl Read,
    columns: &[Column],
    importer: &mut I,
    options: ImportOptions<'_>,
) -> Result<Passes, ImportError> {
    let (rows, mut rejected) = read_rows(input, columns)?;
    let mut passes = Passes { rows: rows.len() + rejected.len(), ..Default::default() };

    options.progress.start("checking", rows.len() as u64);
    let mut valid = Vec::with_capacity(rows.len());
    for row in &rows {
        options.progress.advance(1);
        match importer.check(row).await? {
            Ok(checked) => valid.push((row.line, checked)),
            Err(error) => rejected.push(reject(row.line, error)),
        }
    }
    options.progress.finish();
    rejected.sort_by_key(|r| r.line);
    passes.valid = valid.len();
    passes.rejected = rejected;
    if valid.is_empty() || (!passes.rejected.is_empty() && !options.skip_invalid) {
        return Ok(passes);
    }

    passes.written = true;
    options.progress.start("importing", valid.len() as u64);
    let total = valid.len();
    let mut left = valid.into_iter();
    let mut done = 0;
    while done < total {
        let batch: Vec<_> = left.by_ref().take(I::BATCH).collect();
        let (line, size) = (batch[0].0, batch.len());
        match importer.write(batch).await {
            Ok(refused) => {
                passes.refused_when_writing += refused.len();
                passes.rejected.extend(refused);
            }
            Err(error) => {
                passes.stopped = Some(Stopped { line, error, not_attempted: total - done });
                break;
            }
        }
        done += size;
        options.progress.advance(size as u64);
    }
    options.progress.finish();
    passes.rejected.sort_by_key(|r| r.line);
    Ok(passes)
}
