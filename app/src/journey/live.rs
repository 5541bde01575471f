//! The browser end of the live pipe: an EventSource on `/t/{token}/live` that feeds the
//! position signal. The browser reconnects by itself and sends Last-Event-ID, so the server
//! replays whatever was missed.

use super::model::{MilestoneReached, PositionFix};
use crate::i18n::{use_text, Text};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// Only the browser's stream moves past Connecting; the server renders that state.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum LiveStatus {
    Connecting,
    Live,
    Reconnecting,
}

/// What the live stream updates on the page.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub struct LiveSignals {
    pub position: RwSignal<Option<PositionFix>>,
    pub milestones: RwSignal<Vec<MilestoneReached>>,
}

/// Subscribes this page to its journey's live stream (in the browser only) and returns the
/// connection status. `after` is the newest event the page was rendered with.
pub fn use_live_updates(token: String, after: i64, signals: LiveSignals) -> ReadSignal<LiveStatus> {
    let (status, set_status) = signal(LiveStatus::Connecting);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| connect(&token, after, signals, set_status));
    #[cfg(not(feature = "hydrate"))]
    let _ = (token, after, signals, set_status);
    status
}

/// Moves the marker to `fix` unless the page already shows a newer position.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn advance(position: RwSignal<Option<PositionFix>>, fix: PositionFix) {
    position.update(|current| {
        // Newer by id and not older in time: a late, replayed ping never pulls the marker back.
        if current.as_ref().is_none_or(|old| fix.id > old.id && fix.recorded_at >= old.recorded_at) {
            *current = Some(fix);
        }
    })
}

#[cfg(feature = "hydrate")]
fn connect(token: &str, after: i64, signals: LiveSignals, set_status: WriteSignal<LiveStatus>) {
    use super::model::{merge_milestone, LiveUpdate};
    let LiveSignals { position, milestones } = signals;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{EventSource, MessageEvent};

    // Resume after the newest event the server rendered, so nothing between render and
    // connect is lost (the browser sends Last-Event-ID itself on later reconnects).
    let url = format!("/t/{token}/live?after={after}");
    let Ok(source) = EventSource::new(&url) else {
        set_status.set(LiveStatus::Reconnecting);
        return;
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        set_status.set(LiveStatus::Live);
        let Some(data) = event.data().as_string() else { return };
        match serde_json::from_str::<LiveUpdate>(&data) {
            Ok(LiveUpdate::Position(fix)) => advance(position, fix),
            Ok(LiveUpdate::Milestone(scan)) => {
                milestones.update(|shown| merge_milestone(shown, scan.milestone, scan.reached_at));
                if let Some(fix) = scan.fix() {
                    advance(position, fix);
                }
            }
            Err(error) => leptos::logging::warn!("ignoring a live update that does not parse: {error}"),
        }
    });
    let on_open = Closure::<dyn FnMut()>::new(move || set_status.set(LiveStatus::Live));
    let on_error = Closure::<dyn FnMut()>::new(move || set_status.set(LiveStatus::Reconnecting));
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    // The closures live as long as the connection; both go when the page does.
    let connection = SendWrapper::new((source, on_message, on_open, on_error));
    on_cleanup(move || connection.0.close());
}

#[component]
pub fn LiveBadge(status: ReadSignal<LiveStatus>) -> impl IntoView {
    let t = use_text();
    let label = move || match status.get() {
        LiveStatus::Connecting => t(Text::LiveConnecting),
        LiveStatus::Live => t(Text::LiveOn),
        LiveStatus::Reconnecting => t(Text::LiveReconnecting),
    };
    let class = move || match status.get() {
        LiveStatus::Connecting => "live-badge connecting",
        LiveStatus::Live => "live-badge live",
        LiveStatus::Reconnecting => "live-badge reconnecting",
    };
    view! {
        <p class=class role="status" data-testid="live-status">
            <span class="pulse" aria-hidden="true"></span>
            {label}
        </p>
    }
}
