//! The one path every event takes in, whatever sent it (native API, webhooks, CSV import, the
//! simulator): find the shipment, commit the events, then tell the open journey pages.

use crate::live::LiveFeed;
use crate::storage::{AppendReport, AppendRequest, MerchantId, ShipmentId, Storage, StorageError};
use app::domain::values::CarrierTrackingNumber;
use app::domain::{EventCode, TrackingNumber};
use app::model::journey::{LiveUpdate, PositionFix, Scan, TimelineEntry};
use std::collections::BTreeSet;

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

/// Commits the events (durable when this returns), grants the rewards now due, then
/// publishes to the open journey pages each new scan and each new position that is now the
/// parcel's latest (a position that arrives late is stored but does not yank the marker back),
/// then each touched shipment's new outlook and, when something was granted, its rewards.
pub async fn append(
    storage: &dyn Storage,
    live: &LiveFeed,
    request: AppendRequest<'_>,
) -> Result<AppendReport, StorageError> {
    let report = storage.append_events(request).await?;
    let AppendReport::Appended { ids, states } = &report else { return Ok(report) };
    let mut changed = BTreeSet::new();
    for (item, id) in request.events.iter().zip(ids) {
        let Some(id) = *id else { continue };
        let event = &item.event;
        let at = event.occurred_at_utc();
        let latest = states.get(&item.shipment).and_then(|s| s.last_point).is_some_and(|(_, t)| t == at);
        let update = match event.code {
            EventCode::Position if latest => match event.location.point {
                Some(point) => LiveUpdate::Position(PositionFix { id, point, recorded_at: at }),
                None => continue,
            },
            EventCode::Position => continue,
            _ => {
                changed.insert(item.shipment);
                let entry = TimelineEntry::from_event(id, event);
                LiveUpdate::Scan(Box::new(Scan { moves_marker: latest && entry.point.is_some(), entry }))
            }
        };
        live.hub.publish(item.shipment, &update);
    }
    let mut rewarded = BTreeSet::new();
    // Position pings change no facts a rule reads: only shipments with a new scan are evaluated.
    for shipment in &changed {
        let Some(state) = states.get(shipment) else { continue };
        // The events are durable either way; awards not granted now are granted with the
        // shipment's next event (evaluation only ever adds what is due and missing).
        match crate::rewards::evaluate(storage, &live.forecasts, *shipment, state).await {
            Ok(awards) if !awards.is_empty() => {
                rewarded.insert(*shipment);
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(error = %error, shipment = shipment.0, "rewards not evaluated"),
        }
    }
    for shipment in changed.union(&rewarded) {
        let Some(state) = states.get(shipment) else { continue };
        if !live.hub.has_subscribers(*shipment) {
            continue;
        }
        // A page without a fresh outlook or rewards gets them on reconnect.
        if changed.contains(shipment) {
            match live.forecasts.outlook(*shipment, state).await {
                Ok(outlook) => {
                    live.hub.publish(*shipment, &LiveUpdate::Outlook(Box::new(outlook)));
                }
                Err(error) => tracing::warn!(error = %error, shipment = shipment.0, "outlook not sent"),
            }
        }
        if rewarded.contains(shipment) {
            live.publish_rewards(storage, *shipment).await;
        }
    }
    Ok(report)
}
