//! What an import did: its rejects, its outcome, and the one-line summary the command prints.

use crate::storage::StorageError;
use app::domain::TrackingNumber;
use std::fmt;

/// A row that was not imported: `line N: field: reason`, N as in the file (header = line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub line: u64,
    /// The CSV column to blame (`row` when it is the row's shape).
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.reason)
    }
}

/// A database error that stopped the writing pass: the valid rows from `line` on were not
/// written.
#[derive(Debug)]
pub struct Stopped {
    pub line: u64,
    pub error: StorageError,
    /// How many valid rows that leaves out.
    pub not_attempted: usize,
}

/// What [`import_shipments`](super::import_shipments) did.
#[derive(Debug, Default)]
pub struct ShipmentImport {
    pub rows: usize,
    /// Rows that passed the checks.
    pub valid: usize,
    /// In file order.
    pub created: Vec<CreatedShipment>,
    /// Rows refused by the checks or, when writing, by the database (e.g. a carrier number
    /// taken in the meantime); in file order.
    pub rejected: Vec<Reject>,
    /// How many of `rejected` passed the checks but were refused when written.
    pub refused_when_writing: usize,
    /// Whether the writing pass ran.
    pub written: bool,
    pub stopped: Option<Stopped>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatedShipment {
    pub line: u64,
    pub order_ref: Option<String>,
    pub tracking_number: TrackingNumber,
    /// The shopper's journey page, as the API returns it.
    pub journey_path: String,
}

/// What an import of records stored once did: [`import_events`](super::import_events) (events)
/// and [`import_helpdesk`](super::import_helpdesk) (contacts, disputes).
#[derive(Debug, Default)]
pub struct RecordImport {
    /// What the rows are: `events`, `contacts`, `disputes`.
    pub what: &'static str,
    pub rows: usize,
    pub valid: usize,
    /// Newly stored.
    pub stored: usize,
    /// Acknowledged but already stored (by an earlier import, another source, or this file).
    pub duplicates: usize,
    pub rejected: Vec<Reject>,
    pub written: bool,
    /// Events before `line` were committed; the chunk starting there and the rest were not.
    pub stopped: Option<Stopped>,
}

impl ShipmentImport {
    /// The one-line summary, saying what was and was not imported.
    pub fn summary(&self) -> String {
        let mut text =
            format!("shipments: {} rows, {} created, {} rejected", self.rows, self.created.len(), self.rejected.len());
        if self.refused_when_writing > 0 {
            text.push_str(&format!(" ({} refused by the database while writing)", self.refused_when_writing));
        }
        if !self.written {
            text.push_str("; nothing imported");
            if !self.rejected.is_empty() && self.valid > 0 {
                text.push_str(&format!(
                    " (fix the rows above, or pass --skip-invalid to import the {} valid rows)",
                    self.valid
                ));
            }
        }
        if let Some(stopped) = &self.stopped {
            text.push_str(&format!(
                "; stopped at line {} ({}): that row and the valid rows after it ({} in all) were not imported",
                stopped.line,
                error_chain(&stopped.error),
                stopped.not_attempted
            ));
        }
        text
    }
}

impl RecordImport {
    /// The one-line summary, saying what was and was not imported.
    pub fn summary(&self) -> String {
        if !self.written {
            let mut text = format!(
                "{}: {} rows, {} valid, {} rejected; nothing imported",
                self.what,
                self.rows,
                self.valid,
                self.rejected.len()
            );
            if !self.rejected.is_empty() && self.valid > 0 {
                text.push_str(&format!(
                    " (fix the rows above, or pass --skip-invalid to import the {} valid rows)",
                    self.valid
                ));
            }
            return text;
        }
        let mut text = format!(
            "{}: {} rows, {} accepted ({} duplicates), {} rejected",
            self.what,
            self.rows,
            self.stored + self.duplicates,
            self.duplicates,
            self.rejected.len()
        );
        if let Some(stopped) = &self.stopped {
            text.push_str(&format!(
                "; stopped at line {} ({}): the {} valid rows from there on were not imported; the rows before are \
                 stored, and importing the file again stores none of them twice",
                stopped.line,
                error_chain(&stopped.error),
                stopped.not_attempted
            ));
        }
        text
    }
}

/// An error with its causes: `database error: connection refused`.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
