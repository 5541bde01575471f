//! The one path every event takes in, whatever sent it (native API, webhooks, CSV import, the
//! simulator): find the shipment, commit the events, then tell the open journey pages.

use crate::live::LiveFeed;
use crate::storage::{AppendReport, AppendRequest, MerchantId, SharedStorage, ShipmentId, Storage, StorageError};
use app::domain::values::CarrierTrackingNumber;
use app::domain::ShipmentState;
use app::domain::{EventCode, TrackingNumber};
use app::model::journey::{LiveUpdate, PositionFix, Scan, TimelineEntry};
use std::collections::BTreeSet;
use tokio_util::sync::CancellationToken;

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

/// Commits the events (durable when this returns, each scanned shipment marked for reward
/// evaluation in the same transaction), grants the rewards now due, then
/// publishes to the open journey pages each new scan and each new position that is now the
/// parcel's latest (a position that arrives late is stored but does not yank the marker back),
/// then each touched shipment's new outlook and, when something was granted, its rewards.
pub async fn append(
    storage: &dyn Storage,
    live: &LiveFeed,
    request: AppendRequest<'_>,
) -> Result<AppendReport, StorageError> {
    let report = storage.append_events(request).await?;
    let AppendReport::Appended { ids, states, pending_rewards } = &report else { return Ok(report) };
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
    // Only shipments with a new scan were marked (position pings change no fact a rule reads).
    for (shipment, generation) in pending_rewards {
        let Some(state) = states.get(shipment) else { continue };
        if evaluate_marked(storage, live, *shipment, state, *generation).await {
            rewarded.insert(*shipment);
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

/// Evaluates the rewards of a shipment marked pending with `generation`, and clears the mark
/// once that ran. If it fails, the mark stays for [`evaluate_pending`]; the events are durable
/// either way, and an evaluation run twice grants once. Whether anything was granted.
async fn evaluate_marked(
    storage: &dyn Storage,
    live: &LiveFeed,
    shipment: ShipmentId,
    state: &ShipmentState,
    generation: i64,
) -> bool {
    match crate::rewards::evaluate(storage, &live.forecasts, shipment, state).await {
        Ok(awards) => {
            if let Err(error) = storage.reward_evaluation_done(shipment, generation).await {
                tracing::warn!(error = %error, shipment = shipment.0, "reward evaluation not marked done");
            }
            !awards.is_empty()
        }
        Err(error) => {
            tracing::warn!(error = %error, shipment = shipment.0, "rewards not evaluated; retried later");
            false
        }
    }
}

/// How long a mark waits before the retry takes it: a request evaluating it now finishes first.
const PENDING_GRACE: chrono::Duration = chrono::Duration::seconds(30);

/// Evaluates the shipments whose evaluation is still pending (it failed, or the process died
/// between commit and evaluation) and tells their open pages what was granted. At start-up
/// everything pending is taken (`marked_before` now); later rounds leave recent marks to the
/// requests that made them. Returns how many were evaluated.
pub async fn evaluate_pending(
    storage: &dyn Storage,
    live: &LiveFeed,
    marked_before: chrono::DateTime<chrono::Utc>,
) -> Result<usize, StorageError> {
    let pending = storage.pending_reward_evaluations(marked_before, 500).await?;
    for (shipment, generation) in &pending {
        let state = storage.shipment_state(*shipment).await?;
        if evaluate_marked(storage, live, *shipment, &state, *generation).await {
            live.publish_rewards(storage, *shipment).await;
        }
    }
    Ok(pending.len())
}

/// The retry worker: everything pending at start-up, then every minute what is older than a
/// grace period, until `shutdown`.
pub async fn retry_pending_rewards(
    storage: SharedStorage,
    live: std::sync::Arc<LiveFeed>,
    shutdown: CancellationToken,
) {
    let mut marked_before = chrono::Utc::now();
    loop {
        match evaluate_pending(storage.as_ref(), &live, marked_before).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "pending reward evaluations retried"),
            Err(error) => tracing::warn!(error = %error, "pending reward evaluations not read"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(std::time::Duration::from_secs(60)) => {}
        }
        marked_before = chrono::Utc::now() - PENDING_GRACE;
    }
}
