//! The checks every fuzz target runs on what a normaliser returns, whatever the input.

use app::domain::event::{EventCode, EventWindow, TrackingEvent};
use app::domain::normalise::{NormaliseResult, Webhook};
use chrono::{DateTime, Utc};

/// The receiver's window around a fixed clock, so a crash found once reproduces forever.
pub fn window() -> EventWindow {
    EventWindow::around("2026-01-01T00:00:00Z".parse().expect("a valid time"))
}

/// Refusing input is always fine; accepted input must hold the event standard's promises.
pub fn check(result: NormaliseResult) {
    let Ok(Webhook::Events(webhook)) = result else { return };
    let mut previous: Option<DateTime<Utc>> = None;
    for event in &webhook.events {
        // Stored and read back, an event is the same event.
        let stored = serde_json::to_string(event).expect("an event serialises");
        let back: TrackingEvent = serde_json::from_str(&stored).unwrap_or_else(|e| panic!("{e}: {stored}"));
        assert_eq!(&back, event, "round trip changed the event");
        // What the adapters promise beyond the types.
        assert_eq!(event.carrier.as_ref(), Some(&webhook.parcel));
        assert!(event.proof.is_none() || event.code == EventCode::Delivered, "proof on {}", event.code);
        assert!(event.reason.is_none() || event.code.is_problem(), "reason on {}", event.code);
        let window = window();
        let at = event.occurred_at_utc();
        assert!(at <= window.now + window.max_ahead, "event in the future");
        assert!(at >= window.now - window.max_age, "event too far in the past");
        assert!(previous.is_none_or(|p| p <= at), "events not oldest first");
        previous = Some(at);
    }
    let state = app::domain::fold(&webhook.events);
    assert!(state.event_count <= webhook.events.len());
}
