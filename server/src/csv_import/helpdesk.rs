//! Helpdesk rows (a helpdesk's export of contacts or disputes): each row the API's
//! [`HelpdeskInput`], checked by the same `contact`/`dispute` and recorded by the same
//! functions as `POST /api/v1/contacts` and `/api/v1/disputes`; a row whose `external_id` was
//! recorded before is acknowledged and counted once.

use super::report::Reject;
use super::rows::{col, parse_wire, plain_reason, text, Column, Row, RowError};
use super::Importer;
use crate::api::helpdesk::{record_contact, record_dispute};
use crate::storage::{MerchantId, Storage, StorageError};
use app::domain::event::EventWindow;
use app::domain::wismo::{ContactCategory, DisputeReason, HelpdeskInput, HelpdeskReport};
use serde_json::{Map, Value};

/// Reports recorded per batch (each its own statement: a resent one is simply not counted).
const BATCH: usize = 500;

const ORDER_HELP: &str = "your order reference; or tracking_number";
const NUMBER_HELP: &str = "Trekpost or a carrier's tracking number, when there is no order_ref";
const WHEN_HELP: &str = "RFC 3339 with the offset, e.g. 2026-11-20T09:30:00+01:00";
const CHANNEL_HELP: &str = "email, phone, chat, marketplace or other";
const EXTERNAL_HELP: &str = "the helpdesk's ticket id: a re-import with the same id counts once";

pub(super) const CONTACT_COLUMNS: &[Column] = &[
    col("order_ref", false, ORDER_HELP),
    col("tracking_number", false, NUMBER_HELP),
    col("occurred_at", true, WHEN_HELP),
    col("channel", true, CHANNEL_HELP),
    col("category", true, "where_is_it, delivery_date, customs, ... (as in the API)"),
    col("external_id", false, EXTERNAL_HELP),
];

pub(super) const DISPUTE_COLUMNS: &[Column] = &[
    col("order_ref", false, ORDER_HELP),
    col("tracking_number", false, NUMBER_HELP),
    col("occurred_at", true, WHEN_HELP),
    col("channel", true, CHANNEL_HELP),
    col("reason", true, "not_received, damaged, incomplete, wrong_item or other"),
    col("comment", false, "the shopper's words"),
    col("external_id", false, EXTERNAL_HELP),
];

/// A checked row.
pub(super) enum Report {
    Contact(HelpdeskReport<ContactCategory>),
    Dispute(HelpdeskReport<DisputeReason>),
}

/// Contacts or disputes, by the columns the file was read with.
pub(super) struct Helpdesk<'a> {
    storage: &'a dyn Storage,
    merchant: MerchantId,
    disputes: bool,
    window: EventWindow,
    /// Newly recorded.
    pub(super) recorded: usize,
    /// Acknowledged: recorded before under the same external id.
    pub(super) repeated: usize,
}

impl Helpdesk<'_> {
    pub(super) fn new(
        storage: &dyn Storage,
        merchant: MerchantId,
        disputes: bool,
        window: EventWindow,
    ) -> Helpdesk<'_> {
        Helpdesk { storage, merchant, disputes, window, recorded: 0, repeated: 0 }
    }

    fn checked(&self, row: &Row) -> Result<Report, RowError> {
        let mut body = Map::new();
        let columns = if self.disputes { DISPUTE_COLUMNS } else { CONTACT_COLUMNS };
        for column in columns {
            text(row, &mut body, column.name, column.name);
        }
        let input: HelpdeskInput =
            parse_wire(&Value::Object(body)).map_err(|(field, reason)| (field, plain_reason(&reason)))?;
        let refused = |e: app::domain::FieldError| (e.field, e.reason);
        Ok(if self.disputes {
            Report::Dispute(input.dispute(&self.window).map_err(refused)?)
        } else {
            Report::Contact(input.contact(&self.window).map_err(refused)?)
        })
    }
}

impl Importer for Helpdesk<'_> {
    type Valid = Report;
    const BATCH: usize = BATCH;

    async fn check(&mut self, row: &Row) -> Result<Result<Report, RowError>, StorageError> {
        Ok(self.checked(row))
    }

    async fn write(&mut self, batch: Vec<(u64, Report)>) -> Result<Vec<Reject>, StorageError> {
        for (_, report) in batch {
            let (id, _) = match report {
                Report::Contact(report) => record_contact(self.storage, self.merchant, report).await?,
                Report::Dispute(report) => record_dispute(self.storage, self.merchant, report).await?,
            };
            if id.is_some() {
                self.recorded += 1;
            } else {
                self.repeated += 1;
            }
        }
        Ok(Vec::new())
    }
}
