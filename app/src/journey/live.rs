//! The browser end of the live pipe: an EventSource on `/t/{token}/live` that feeds the
//! page's signals (position, milestones, timeline, outlook). After an error the page reconnects
//! with backoff and `?after=` the last event it saw, so the server replays whatever was missed.

use crate::i18n::{use_text, Text};
use crate::model::journey::{MilestoneReached, Outlook, PositionFix, TimelineEntry};
use crate::model::rewards::JourneyRewards;
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
    pub timeline: RwSignal<Vec<TimelineEntry>>,
    pub outlook: RwSignal<Outlook>,
    pub rewards: RwSignal<JourneyRewards>,
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
    use send_wrapper::SendWrapper;
    use std::rc::Rc;

    let stream = Rc::new(browser::Stream::new(token, after, signals, set_status));
    browser::open(stream.clone());
    // The connection lives as long as the page.
    let stream = SendWrapper::new(stream);
    on_cleanup(move || stream.stop());
}

/// The stream's life in the browser: one EventSource at a time; after an error it is closed
/// and reopened with a growing delay (1 s, 2 s, 4 s … 30 s), resuming after the last event
/// seen, so a phone that slept or a server that restarted misses nothing and is not hammered.
#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use crate::model::journey::{merge_entry, merge_milestone, LiveUpdate};
    use gloo_timers::future::TimeoutFuture;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{EventSource, MessageEvent};

    const FIRST_RETRY_MS: u32 = 1_000;
    const LONGEST_RETRY_MS: u32 = 30_000;

    pub struct Stream {
        token: String,
        signals: LiveSignals,
        set_status: WriteSignal<LiveStatus>,
        /// The newest event id received (or rendered): the next connection resumes after it.
        last_id: Cell<i64>,
        failures: Cell<u32>,
        stopped: Cell<bool>,
        source: RefCell<Option<EventSource>>,
        #[allow(clippy::type_complexity)]
        handlers: RefCell<Vec<Closure<dyn FnMut(web_sys::Event)>>>,
    }

    impl Stream {
        pub fn new(token: &str, after: i64, signals: LiveSignals, set_status: WriteSignal<LiveStatus>) -> Self {
            Self {
                token: token.to_owned(),
                signals,
                set_status,
                last_id: Cell::new(after),
                failures: Cell::new(0),
                stopped: Cell::new(false),
                source: RefCell::new(None),
                handlers: RefCell::new(Vec::new()),
            }
        }

        pub fn stop(&self) {
            self.stopped.set(true);
            if let Some(source) = self.source.borrow_mut().take() {
                source.close();
            }
            // The handlers hold the stream: dropping them breaks the cycle.
            self.handlers.borrow_mut().clear();
        }

        fn receive(&self, event: &MessageEvent) {
            self.set_status.set(LiveStatus::Live);
            if let Ok(id) = event.last_event_id().parse::<i64>() {
                self.last_id.set(self.last_id.get().max(id));
            }
            let Some(data) = event.data().as_string() else { return };
            let LiveSignals { position, milestones, timeline, outlook, rewards } = self.signals;
            match serde_json::from_str::<LiveUpdate>(&data) {
                Ok(LiveUpdate::Position(fix)) => advance(position, fix),
                Ok(LiveUpdate::Scan(scan)) => {
                    if let Some(milestone) = scan.milestone() {
                        let reached_at = scan.entry.occurred_at.to_utc();
                        milestones.update(|shown| merge_milestone(shown, milestone, reached_at));
                    }
                    if let Some(fix) = scan.fix() {
                        advance(position, fix);
                    }
                    timeline.update(|entries| merge_entry(entries, scan.entry));
                }
                Ok(LiveUpdate::Outlook(latest)) => outlook.set(*latest),
                Ok(LiveUpdate::Rewards(latest)) => rewards.set(*latest),
                Err(error) => leptos::logging::warn!("ignoring a live update that does not parse: {error}"),
            }
        }
    }

    pub fn open(stream: Rc<Stream>) {
        if stream.stopped.get() {
            return;
        }
        let url = format!("/t/{}/live?after={}", stream.token, stream.last_id.get());
        let Ok(source) = EventSource::new(&url) else {
            retry_later(stream);
            return;
        };
        let on_message = {
            let stream = stream.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                if let Some(event) = event.dyn_ref::<MessageEvent>() {
                    stream.receive(event);
                }
            })
        };
        let on_open = {
            let stream = stream.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                stream.failures.set(0);
                stream.set_status.set(LiveStatus::Live);
            })
        };
        let on_error = {
            let stream = stream.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                if let Some(source) = stream.source.borrow_mut().take() {
                    source.close();
                }
                retry_later(stream.clone());
            })
        };
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *stream.source.borrow_mut() = Some(source);
        *stream.handlers.borrow_mut() = vec![on_message, on_open, on_error];
    }

    fn retry_later(stream: Rc<Stream>) {
        stream.set_status.set(LiveStatus::Reconnecting);
        let failures = stream.failures.get();
        stream.failures.set(failures.saturating_add(1));
        let delay = FIRST_RETRY_MS.saturating_mul(1 << failures.min(5)).min(LONGEST_RETRY_MS);
        leptos::task::spawn_local(async move {
            TimeoutFuture::new(delay).await;
            open(stream);
        });
    }
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
