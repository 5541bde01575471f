//! The one path every event takes in, whatever sent it (native API, webhooks, CSV import, the
//! simulator): find the shipment, commit the events, then tell the open journey pages.

use crate::live::LiveHub;
use crate::storage::{AppendReport, AppendRequest, MerchantId, ShipmentId, Storage, StorageError};
use app::domain::event::CarrierTrackingNumber;
use app::domain::TrackingNumber;
use app::journey::model::{LiveUpdate, MilestoneScan, PositionFix};

/// Finds the merchant's shipment by Trekpost tracking number or by any leg's carrier number.
pub async fn resolve_parcel(
    storage: &dyn Storage,
    merchant: MerchantId,
    reference: &str,
) -> Result<Option<ShipmentId>, StorageError> {
    if let Ok(number) = TrackingNumber::parse(reference) {
        if let Some(found) = storage.shipment_of_merchant(merchant, &number).await? {
            return Ok(Some(found));
        }
    }
    match CarrierTrackingNumber::try_from(reference) {
        Ok(carrier_number) => storage.shipment_by_carrier_number(merchant, carrier_number.as_str()).await,
        Err(_) => Ok(None),
    }
}

/// Commits the events (durable when this returns), then publishes to the live hub each new
/// milestone and each new position that is now the parcel's latest. A position that arrives
/// late is stored but does not yank the marker back.
pub async fn append(
    storage: &dyn Storage,
    hub: Option<&LiveHub>,
    request: AppendRequest<'_>,
) -> Result<AppendReport, StorageError> {
    let report = storage.append_events(request).await?;
    if let (Some(hub), AppendReport::Appended { ids, states }) = (hub, &report) {
        for (item, id) in request.events.iter().zip(ids) {
            let Some(id) = *id else { continue };
            let event = &item.event;
            let at = event.occurred_at_utc();
            // Only the parcel's latest known point moves the marker; a late scan does not.
            let latest = states.get(&item.shipment).and_then(|s| s.last_point).is_some_and(|(_, t)| t == at);
            let point = event.location.point.filter(|_| latest);
            let update = match (event.code.milestone(), point) {
                (Some(milestone), point) => {
                    LiveUpdate::Milestone(MilestoneScan { id, milestone, reached_at: at, point })
                }
                (None, Some(point)) => LiveUpdate::Position(PositionFix { id, point, recorded_at: at }),
                (None, None) => continue,
            };
            hub.publish(item.shipment, &update);
        }
    }
    Ok(report)
}
