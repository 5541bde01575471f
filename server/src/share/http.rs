//! `GET /s/{slug}/card.png` (the social card) and `GET /s/{slug}/live` (the public page's live
//! stream). A revoked or expired link answers 410 Gone on both; an open page is told `gone` the
//! moment its link is revoked.

use super::Opened;
use crate::http::client::ClientAddr;
use crate::http::problem::Problem;
use crate::http::streams;
use crate::state::AppState;
use app::domain::share::ShareSlug;
use app::model::share::ShareUpdate;
use app::ports::SharedView;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::{Stream, StreamExt};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::{self, error::RecvError};

fn gone() -> Problem {
    Problem::new(StatusCode::GONE, "Gone", "this journey is no longer shared: its link was stopped or has expired")
}

fn parse_slug(raw: &str) -> Result<ShareSlug, Problem> {
    // A malformed slug names no link: the same answer as an unknown one.
    ShareSlug::parse(raw).map_err(|_| Problem::not_found("no journey is shared at this link"))
}

pub async fn card_png(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let slug = parse_slug(&slug)?;
    let share = match state.sharing.open(&slug).await {
        Ok(Opened::Open(share)) => share,
        Ok(Opened::Gone) => return Err(gone()),
        Ok(Opened::NotFound) => return Err(Problem::not_found("no journey is shared at this link")),
        Err(error) => {
            tracing::error!(error = %error, "share link not read");
            return Err(Problem::internal());
        }
    };
    let card = state.sharing.card(&share).await.map_err(|error| {
        tracing::error!(error = %error, "share card not drawn");
        Problem::internal()
    })?;
    let etag = HeaderValue::from_str(&card.etag).expect("a hex etag is a header value");
    // Caches must ask each time (a revoked link must stop showing); unchanged → 304, no body.
    let cache = HeaderValue::from_static("no-cache");
    if headers.get(header::IF_NONE_MATCH).is_some_and(|tag| tag == etag) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag), (header::CACHE_CONTROL, cache)]).into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        card.png.as_ref().clone(),
    )
        .into_response())
}

/// Scans often come in bursts (a batch, a webhook): one view per burst.
const SETTLE: Duration = Duration::from_millis(250);
/// A quiet journey's page still learns within this long that its link expired.
const RECHECK: Duration = Duration::from_secs(60);

pub async fn live_stream(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    client: ClientAddr,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Problem> {
    let slug = parse_slug(&slug)?;
    let slot = state.streams.take(client)?;
    let shipment = match state.sharing.open(&slug).await {
        Ok(Opened::Open(share)) => share.link.shipment,
        Ok(Opened::Gone) => return Err(gone()),
        Ok(Opened::NotFound) => return Err(Problem::not_found("no journey is shared at this link")),
        Err(error) => {
            tracing::error!(error = %error, "share link not read");
            return Err(Problem::internal());
        }
    };
    // Subscribe before the first view is read, so no change can fall between the two.
    let watch = Watch {
        scans: state.live.hub.subscribe(shipment),
        revoked: state.sharing.revocations(),
        sharing: state.sharing.clone(),
        slug,
        last_sent: None,
        woke: Instant::now(),
        ended: false,
    };
    let events = futures::stream::unfold(watch, Watch::next).map(|json| Ok(Event::default().data(json)));
    Ok(Sse::new(streams::bounded(events, slot, state.shutdown.clone())).keep_alive(KeepAlive::default()))
}

struct Watch {
    sharing: Arc<super::SharingService>,
    slug: ShareSlug,
    /// Any live update of the shipment (its content is private; it only says "look again").
    scans: broadcast::Receiver<Arc<crate::live::hub::Frame>>,
    revoked: broadcast::Receiver<ShareSlug>,
    last_sent: Option<String>,
    /// When this page last learnt that the view may have changed: it needs a read from then on.
    woke: Instant,
    ended: bool,
}

impl Watch {
    async fn next(mut self) -> Option<(String, Self)> {
        if self.ended {
            return None;
        }
        loop {
            if self.last_sent.is_some() {
                self.changed().await?;
            }
            let update = match self.sharing.view_since(&self.slug, self.woke).await {
                Some(SharedView::Open(view)) => ShareUpdate::View(view),
                Some(SharedView::Gone | SharedView::NotFound) => {
                    self.ended = true;
                    ShareUpdate::Gone
                }
                // End the stream; the browser reconnects and starts from the current view.
                None => return None,
            };
            let json = serde_json::to_string(&update).expect("share updates always serialise");
            if self.last_sent.as_ref() != Some(&json) {
                self.last_sent = Some(json.clone());
                return Some((json, self));
            }
        }
    }

    /// Waits for something that may change the view: an update of the journey, this link
    /// revoked, or time passing (expiry). `None` when the server stops publishing.
    async fn changed(&mut self) -> Option<()> {
        self.wait_for_change().await?;
        self.woke = Instant::now();
        tokio::time::sleep(SETTLE).await;
        while self.scans.try_recv().is_ok() {}
        Some(())
    }

    async fn wait_for_change(&mut self) -> Option<()> {
        loop {
            tokio::select! {
                received = self.scans.recv() => match received {
                    Ok(_) | Err(RecvError::Lagged(_)) => break,
                    Err(RecvError::Closed) => return None,
                },
                revoked = self.revoked.recv() => match revoked {
                    Ok(slug) if slug == self.slug => return Some(()),
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_)) => return Some(()),
                    Err(RecvError::Closed) => return None,
                },
                _ = tokio::time::sleep(RECHECK) => return Some(()),
            }
        }
        Some(())
    }
}
