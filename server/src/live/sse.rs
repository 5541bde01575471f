//! `GET /t/{token}/live`: the journey's Server-Sent Events stream.
//!
//! Each event's id is the stored event's id (positions and milestones). A client that reconnects sends Last-Event-ID
//! (or, on first connect, `?after=` the id the page was rendered with) and gets everything it
//! missed from storage before the live updates resume; ids never go backwards on one stream.

use super::hub::Frame;
use crate::forecast::Forecasts;
use crate::http::client::ClientAddr;
use crate::http::problem::Problem;
use crate::http::query::QueryParams;
use crate::http::streams;
use crate::state::AppState;
use crate::storage::{SharedStorage, ShipmentId};
use app::domain::ShopperToken;
use app::model::journey::LiveUpdate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use serde::Deserialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::broadcast::{self, error::RecvError};

/// How many stored updates one catch-up query reads.
const CATCH_UP_BATCH: i64 = 500;

#[derive(Debug, Deserialize)]
pub struct LiveQuery {
    /// Resume after this event id when there is no Last-Event-ID header (first connect).
    after: Option<i64>,
}

pub async fn live_stream(
    State(state): State<AppState>,
    Path(token): Path<String>,
    QueryParams(query): QueryParams<LiveQuery>,
    client: ClientAddr,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Problem> {
    let token = ShopperToken::parse(&token).map_err(|e| Problem::bad_request("token", e.to_string()))?;
    let shipment =
        state.storage.shipment_by_token(&token).await?.ok_or_else(|| Problem::not_found("no journey has this link"))?;
    let resume_after = match headers.get("last-event-id") {
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|v| v.trim().parse::<i64>().ok())
                .ok_or_else(|| Problem::bad_request("Last-Event-ID", "must be a whole number"))?,
        ),
        None => query.after,
    };
    let slot = state.streams.take(client)?;
    // Subscribe before reading the backlog, so nothing can fall between the two.
    let receiver = state.live.hub.subscribe(shipment);
    let resume_after = match resume_after {
        Some(after) => Some(bounded_resume(&state, shipment, after).await?),
        None => None,
    };
    let cursor = Cursor {
        storage: state.storage.clone(),
        forecasts: state.live.forecasts.clone(),
        shipment,
        last_sent: resume_after,
        catch_up: resume_after.is_some(),
        owes_outlook: false,
        backlog: VecDeque::new(),
        receiver,
    };
    let events = futures::stream::unfold(cursor, Cursor::next).map(|frame| {
        let event = Event::default().data(&frame.json);
        Ok(match frame.id {
            Some(id) => event.id(id.to_string()),
            None => event,
        })
    });
    Ok(Sse::new(streams::bounded(events, slot, state.shutdown.clone())).keep_alive(KeepAlive::default()))
}

/// Where a stream resuming after `after` starts: there, unless more than `limits.max_replay`
/// updates are stored since; then only the newest that many are replayed (a page never lags
/// that far: it renders the journey and resumes from the newest id it rendered).
async fn bounded_resume(state: &AppState, shipment: ShipmentId, after: i64) -> Result<i64, Problem> {
    let skip = state.limits.max_replay as i64;
    match state.storage.live_update_id_from_end(shipment, skip).await? {
        Some(oldest_skipped) if oldest_skipped > after => Ok(oldest_skipped),
        _ => Ok(after),
    }
}

struct Cursor {
    storage: SharedStorage,
    forecasts: Arc<Forecasts>,
    shipment: ShipmentId,
    last_sent: Option<i64>,
    /// Storage holds updates this stream has not sent yet.
    catch_up: bool,
    /// The catch-up replayed scans: the page gets a fresh outlook once it is over.
    owes_outlook: bool,
    backlog: VecDeque<Arc<Frame>>,
    receiver: broadcast::Receiver<Arc<Frame>>,
}

impl Cursor {
    async fn next(mut self) -> Option<(Arc<Frame>, Self)> {
        loop {
            if self.catch_up && self.backlog.is_empty() {
                self.fill_backlog().await?;
            }
            let frame = match self.backlog.pop_front() {
                Some(frame) => frame,
                None => match self.receiver.recv().await {
                    Ok(frame) => frame,
                    // Fell behind the live channel: read what was missed from storage.
                    Err(RecvError::Lagged(_)) => {
                        self.catch_up = self.last_sent.is_some();
                        continue;
                    }
                    Err(RecvError::Closed) => return None,
                },
            };
            match frame.id {
                // An outlook describes the state after whatever came before it.
                None => return Some((frame, self)),
                Some(id) if self.last_sent.is_none_or(|last| id > last) => {
                    self.last_sent = Some(id);
                    return Some((frame, self));
                }
                Some(_) => {}
            }
        }
    }

    async fn fill_backlog(&mut self) -> Option<()> {
        let after = self.last_sent.unwrap_or(0);
        match self.storage.live_updates_after(self.shipment, after, CATCH_UP_BATCH).await {
            Ok(updates) => {
                self.catch_up = updates.len() as i64 == CATCH_UP_BATCH;
                self.backlog.extend(updates.iter().map(|update| Arc::new(Frame::new(update))));
                // Scans may come in an earlier batch than the last one: remember them.
                self.owes_outlook |= updates.iter().any(|u| matches!(u, LiveUpdate::Scan(_)));
                if self.owes_outlook && !self.catch_up {
                    self.owes_outlook = false;
                    // The page missed scans: bring its headline, problem and forecast up to date.
                    match self.forecasts.current_outlook(self.shipment).await {
                        Ok(outlook) => {
                            self.backlog.push_back(Arc::new(Frame::new(&LiveUpdate::Outlook(Box::new(outlook)))))
                        }
                        Err(error) => {
                            tracing::warn!(error = %error, shipment = self.shipment.0, "outlook not replayed")
                        }
                    }
                    // Scans it missed may have granted rewards it has not seen either.
                    match self.storage.journey_rewards(self.shipment).await {
                        Ok(rewards) => {
                            self.backlog.push_back(Arc::new(Frame::new(&LiveUpdate::Rewards(Box::new(rewards)))))
                        }
                        Err(error) => {
                            tracing::warn!(error = %error, shipment = self.shipment.0, "rewards not replayed")
                        }
                    }
                }
                Some(())
            }
            Err(error) => {
                // End the stream; the browser reconnects with Last-Event-ID and resumes.
                tracing::warn!(error = %error, shipment = self.shipment.0, "live catch-up failed");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::live::{LiveFeed, LiveHub};
    use crate::storage::{AppendReport, AppendRequest, EventToAppend, MerchantId, NewShipment};
    use app::domain::event::{EventCode, EventInput, EventLocation, EventSource, TrackingEvent};
    use app::domain::shipment::{ShipmentInput, ShipmentSpec};
    use app::domain::GeoPoint;

    async fn storage_with_shipment() -> (SharedStorage, ShipmentId, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::defaults();
        settings.database.url = format!("sqlite://{}", dir.path().join("t.db").display());
        let storage = crate::storage::connect(&settings.database).await.unwrap();
        let merchant = storage.ensure_merchant("m", "M").await.unwrap();
        let seoul = serde_json::json!({"city": "Seoul", "country": "KR", "lat": 37.5, "lon": 127.0});
        let input: ShipmentInput = serde_json::from_value(serde_json::json!({
            "shopper": {"reference": "s"}, "origin": seoul, "destination": seoul
        }))
        .unwrap();
        let spec = ShipmentSpec::from_input(input).unwrap();
        let shipment = storage.create_shipment(merchant, &NewShipment::issue(spec)).await.unwrap();
        (storage, shipment, dir)
    }

    fn feed(storage: &SharedStorage, capacity: usize) -> LiveFeed {
        LiveFeed { hub: LiveHub::new(capacity), forecasts: Arc::new(Forecasts::new(storage.clone())) }
    }

    /// Stores a position ping through the ingest path, which publishes it; returns its id.
    async fn record_and_publish(storage: &SharedStorage, hub: &LiveFeed, shipment: ShipmentId, lat: f64) -> i64 {
        let input = EventInput {
            location: EventLocation { point: Some(GeoPoint::new(lat, 0.0).unwrap()), ..Default::default() },
            ..EventInput::new(EventCode::Position, chrono::Utc::now().fixed_offset())
        };
        let event = TrackingEvent::from_input(
            input,
            EventSource::Native,
            serde_json::Value::Null,
            app::domain::event::EventWindow::around(chrono::Utc::now()),
        )
        .unwrap();
        let events = [EventToAppend { shipment, event }];
        let request = AppendRequest { merchant: MerchantId(1), delivery: None, events: &events };
        match crate::ingest::append(storage.as_ref(), hub, request).await.unwrap() {
            AppendReport::Appended { ids, .. } => ids[0].expect("a new position"),
            other => panic!("{other:?}"),
        }
    }

    fn cursor_after(
        storage: &SharedStorage,
        hub: &LiveFeed,
        shipment: ShipmentId,
        last_sent: i64,
        catch_up: bool,
    ) -> Cursor {
        Cursor {
            storage: storage.clone(),
            forecasts: hub.forecasts.clone(),
            shipment,
            last_sent: Some(last_sent),
            catch_up,
            owes_outlook: false,
            backlog: VecDeque::new(),
            receiver: hub.hub.subscribe(shipment),
        }
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_catches_up_from_storage_without_gaps() {
        let (storage, shipment, _dir) = storage_with_shipment().await;
        let hub = feed(&storage, 1);
        let first = record_and_publish(&storage, &hub, shipment, 1.0).await;
        let cursor = cursor_after(&storage, &hub, shipment, first, false);
        // Five updates while this subscriber reads nothing: its one-slot channel overflows.
        let mut expected = Vec::new();
        for lat in 2..=6 {
            expected.push(record_and_publish(&storage, &hub, shipment, lat as f64).await);
        }
        let received: Vec<i64> = futures::stream::unfold(cursor, Cursor::next)
            .filter_map(|frame| async move { frame.id })
            .take(5)
            .collect()
            .await;
        assert_eq!(received, expected, "every update, in order, none twice");
    }

    #[tokio::test]
    async fn a_resumed_stream_replays_after_the_given_id_then_goes_live() {
        let (storage, shipment, _dir) = storage_with_shipment().await;
        let hub = feed(&storage, 8);
        let seen = record_and_publish(&storage, &hub, shipment, 1.0).await;
        let missed = record_and_publish(&storage, &hub, shipment, 2.0).await;
        let cursor = cursor_after(&storage, &hub, shipment, seen, true);
        let mut stream = Box::pin(futures::stream::unfold(cursor, Cursor::next));
        assert_eq!(stream.next().await.unwrap().id, Some(missed));
        let live = record_and_publish(&storage, &hub, shipment, 3.0).await;
        assert_eq!(stream.next().await.unwrap().id, Some(live));
    }
}
