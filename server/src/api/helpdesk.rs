//! What a helpdesk heard from shoppers: `POST /api/v1/contacts` ("where is my order?" and the
//! like, by email, phone, chat or a marketplace) and `POST /api/v1/disputes` (not received,
//! damaged…), each naming the order by its reference or a tracking number, when it happened
//! and through which channel. They count in the WISMO measures next to the journey page's own.
//! The helpdesk's `external_id` makes a resend harmless: the same id again is answered 200 and
//! counted once.

use super::auth::AuthenticatedMerchant;
use crate::http::json::ApiJson;
use crate::http::problem::Problem;
use crate::state::AppState;
use crate::storage::{MerchantId, NewContact, NewDispute, ShipmentId, Storage, StorageError};
use app::domain::event::EventWindow;
use app::domain::wismo::{ContactCategory, DisputeReason, HelpdeskInput, HelpdeskReport, OrderNamed};
use app::domain::TrackingNumber;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Recorded {
    /// False when this `external_id` was recorded before (nothing new was counted).
    pub recorded: bool,
    /// Whether the order named is one of the merchant's shipments; a report about an unknown
    /// order still counts, but only while the dashboard is not filtered.
    pub order_found: bool,
}

/// The merchant's shipment the report's order names, if any.
async fn shipment_named(
    storage: &dyn Storage,
    merchant: MerchantId,
    order: &OrderNamed,
) -> Result<Option<ShipmentId>, StorageError> {
    Ok(match order {
        OrderNamed::Reference(reference) => storage.shipment_by_order_ref(merchant, reference).await?,
        OrderNamed::TrackingNumber(number) => match TrackingNumber::parse(number) {
            Ok(ours) => storage.shipment_of_merchant(merchant, &ours).await?,
            Err(_) => storage.shipment_by_carrier_number(merchant, number).await?,
        },
    })
}

/// Records a checked contact (the API's and the CSV import's one way): its id, `None` when its
/// external id was recorded before, and the shipment it names.
pub(crate) async fn record_contact(
    storage: &dyn Storage,
    merchant: MerchantId,
    report: HelpdeskReport<ContactCategory>,
) -> Result<(Option<i64>, Option<ShipmentId>), StorageError> {
    let shipment = shipment_named(storage, merchant, &report.order).await?;
    let id = storage
        .record_contact(&NewContact {
            merchant,
            shipment,
            order_ref: report.order.reference(),
            channel: report.channel,
            category: report.about,
            stage: None,
            silence_seconds: None,
            at: report.at,
            external_id: report.external_id,
        })
        .await?;
    Ok((id, shipment))
}

/// Records a checked dispute, as [`record_contact`] a contact.
pub(crate) async fn record_dispute(
    storage: &dyn Storage,
    merchant: MerchantId,
    report: HelpdeskReport<DisputeReason>,
) -> Result<(Option<i64>, Option<ShipmentId>), StorageError> {
    let shipment = shipment_named(storage, merchant, &report.order).await?;
    let id = storage
        .file_dispute(&NewDispute {
            merchant,
            shipment,
            order_ref: report.order.reference(),
            channel: report.channel,
            reason: report.about,
            comment: report.comment,
            at: report.at,
            external_id: report.external_id,
        })
        .await?;
    Ok((id, shipment))
}

fn answer((id, shipment): (Option<i64>, Option<ShipmentId>)) -> (StatusCode, Json<Recorded>) {
    let status = if id.is_some() { StatusCode::CREATED } else { StatusCode::OK };
    (status, Json(Recorded { recorded: id.is_some(), order_found: shipment.is_some() }))
}

pub async fn add_contact(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    ApiJson(input): ApiJson<HelpdeskInput>,
) -> Result<(StatusCode, Json<Recorded>), Problem> {
    let report = input.contact(&EventWindow::around(Utc::now()))?;
    Ok(answer(record_contact(state.storage.as_ref(), merchant, report).await?))
}

pub async fn add_dispute(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    ApiJson(input): ApiJson<HelpdeskInput>,
) -> Result<(StatusCode, Json<Recorded>), Problem> {
    let report = input.dispute(&EventWindow::around(Utc::now()))?;
    Ok(answer(record_dispute(state.storage.as_ref(), merchant, report).await?))
}
