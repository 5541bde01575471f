//! Builds the whole application from [`Settings`]: storage, live hub, routes. `main` runs it
//! on the configured port; the tests run it on port 0 and talk to it over HTTP.

use crate::config::{DemoSettings, RetentionSettings, Settings, SimulatorSettings};
use crate::forecast::Forecasts;
use crate::http::client;
use crate::http::rate_limit::{self, RateLimiter, ServerFunctionLimit};
use crate::http::security::{self, PagePolicy};
use crate::http::streams::StreamSlots;
use crate::live::{LiveFeed, LiveHub};
use crate::share::SharingService;
use crate::simulator::{demo, Simulator};
use crate::state::AppState;
use crate::storage::{self, SharedStorage, Storage, StorageError};
use crate::{api, console, live, share, shopper};
use anyhow::Context;
use app::ports::AppServices;
use app::{shell, App};
use axum::{middleware, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::ExpiredDeletion;

/// The name cargo-leptos gives the built wasm, JS and CSS (`[workspace.metadata.leptos] name`).
pub const SITE_OUTPUT_NAME: &str = "trekpost";

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    grace: Duration,
    /// How long a client may take to send its request headers.
    header_read: Duration,
    workers: Workers,
}

/// Background work started with the server and stopped with it.
#[derive(Clone)]
struct Workers {
    retention: RetentionSettings,
    demo: DemoSettings,
    simulator: SimulatorSettings,
    /// The demo shop was seeded by this start: write its history too.
    write_history: bool,
}

impl Application {
    /// Connects and migrates the configured database, seeds demo data if asked to, and binds.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let storage = storage::connect(&settings.database)
            .await
            .with_context(|| format!("cannot open the database at {}", settings.database.url))?;
        let mut seeded = 0;
        if settings.demo.enabled {
            seeded = demo::seed_if_empty(&storage, &settings.demo, chrono::Utc::now())
                .await
                .context("cannot seed the demo shop")?;
            if let Some((email, password)) =
                demo::ensure_demo_owner(storage.as_ref()).await.context("cannot create the demo owner")?
            {
                // Printed once, when the owner is made: only its hash is kept.
                println!("console sign-in for the demo shop: {} / {}", email.as_str(), password.expose());
            }
        }
        let mut app = Self::with_storage(settings, storage).await?;
        app.workers.write_history = seeded > 0 && app.workers.demo.history_journeys > 0;
        Ok(app)
    }

    pub async fn with_storage(settings: Settings, storage: SharedStorage) -> anyhow::Result<Self> {
        let address = settings.server.address();
        let listener = TcpListener::bind(address).await.with_context(|| format!("cannot listen on {address}"))?;
        let bound = listener.local_addr()?;
        let leptos_options = LeptosOptions::builder()
            .output_name(SITE_OUTPUT_NAME)
            .site_root(settings.site.root.to_string_lossy().into_owned())
            .site_pkg_dir(settings.site.pkg_dir.clone())
            .site_addr(bound)
            .build();
        let forecasts = Arc::new(Forecasts::new(storage.clone()));
        let live = Arc::new(LiveFeed { hub: LiveHub::new(settings.limits.live_buffer), forecasts });
        let state = AppState {
            storage: storage.clone(),
            live: live.clone(),
            shutdown: CancellationToken::new(),
            leptos_options,
            limits: Arc::new(settings.limits.clone()),
            rate_limiter: Arc::new(RateLimiter::per_minute(settings.limits.requests_per_minute)),
            merchant_rate_limiter: Arc::new(RateLimiter::per_minute(settings.limits.api_requests_per_minute)),
            streams: Arc::new(StreamSlots::new(
                settings.limits.max_streams_per_client,
                Duration::from_secs(settings.limits.max_stream_seconds),
            )),
            sharing: Arc::new(SharingService::new(storage, live)),
        };
        let router = router(state.clone(), shopper::services(&state, &settings), &settings);
        let workers = Workers {
            retention: settings.retention.clone(),
            demo: settings.demo.clone(),
            simulator: settings.simulator.clone(),
            write_history: false,
        };
        Ok(Self {
            listener,
            router,
            state,
            grace: Duration::from_secs(settings.server.shutdown_grace_seconds),
            header_read: Duration::from_secs(settings.limits.header_read_seconds),
            workers,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Cancel it to shut the server down as SIGTERM would.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.state.shutdown.clone()
    }

    /// Serves until SIGTERM or Ctrl-C (or the shutdown token), then drains: live streams
    /// close, in-flight requests get the grace period to finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let shutdown = self.state.shutdown.clone();
        tokio::spawn(cancel_on_signal(shutdown.clone()));
        self.workers.clone().start(&self.state);
        let server = crate::http::serve::serve(self.listener, self.router, self.header_read, shutdown.clone());
        let grace = self.grace;
        tokio::select! {
            () = server => Ok(()),
            _ = async { shutdown.cancelled().await; tokio::time::sleep(grace).await } => {
                tracing::warn!("requests still running after the grace period; stopping anyway");
                Ok(())
            }
        }
    }
}

impl Workers {
    fn start(self, state: &AppState) {
        let (storage, live, shutdown) = (state.storage.clone(), state.live.clone(), state.shutdown.clone());
        if self.write_history {
            let (storage, demo) = (storage.clone(), self.demo.clone());
            tokio::spawn(async move {
                let written = async {
                    let merchant = demo::demo_merchant(storage.as_ref()).await?;
                    let now = chrono::Utc::now();
                    demo::write_history(&storage, merchant, demo.history_journeys, demo.seed, now, &|_| {}).await
                };
                match written.await {
                    Ok(report) => tracing::info!(
                        journeys = report.journeys,
                        events = report.events,
                        feedback = report.feedback,
                        seconds = (report.planning + report.storing).as_secs_f64(),
                        "wrote the demo shop's history"
                    ),
                    Err(error) => tracing::error!(error = %error, "cannot write the demo shop's history"),
                }
            });
        }
        tokio::spawn(crate::ingest::retry_pending_rewards(storage.clone(), live.clone(), shutdown.clone()));
        tokio::spawn(apply_retention(storage.clone(), self.retention.clone(), shutdown.clone()));
        tokio::spawn(backfill_measure_facts(storage.clone(), shutdown.clone()));
        if self.simulator.enabled {
            tokio::spawn(async move {
                match Simulator::resume(storage, live, self.simulator, &self.demo).await {
                    Ok(simulator) => simulator.run(shutdown).await,
                    Err(error) => tracing::error!(error = %error, "the simulator cannot start"),
                }
            });
        }
    }
}

/// Each feature's routes, the Leptos pages with their server functions, and the layers every
/// response passes through.
fn router(state: AppState, services: AppServices, settings: &Settings) -> Router {
    let policy = PagePolicy::new(&settings.map);
    let trusted = settings.server.trusted_proxies.clone();
    let leptos_options = state.leptos_options.clone();
    let body_read = Duration::from_secs(state.limits.body_read_seconds);
    // Every page render (404s included) gets the pages' services and sends its own CSP.
    let page_context = move || {
        provide_context(services.clone());
        security::send_page_policy(&policy);
    };
    // Server functions are anonymous and each costs a query: they take from the client's
    // budget. The pages themselves (shoppers reloading) and files do not.
    let server_functions = ServerFunctionLimit::new(state.rate_limiter.clone());
    let rate_limited = middleware::from_fn_with_state(server_functions, rate_limit::limit_server_functions);
    let pages = Router::new()
        .leptos_routes_with_context(&state, generate_route_list(App), page_context.clone(), move || {
            shell(leptos_options.clone())
        })
        .layer(rate_limited);
    let routes = Router::new()
        .merge(api::router(&state))
        .merge(live::router(&state))
        .merge(share::router(&state))
        .merge(shopper::router(&state))
        .merge(console::router(&state, settings))
        .merge(pages)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(page_context, shell));
    let routes = console::layers(routes, &state, settings).layer(CompressionLayer::new());
    security::layers(routes)
        .layer(RequestBodyTimeoutLayer::new(body_read))
        .layer(TraceLayer::new_for_http())
        // Outermost: every limit inside counts per client, behind trusted proxies too.
        .layer(middleware::from_fn_with_state(Arc::new(trusted), client::identify))
        .with_state(state)
}

/// Hourly, and once at start: deletes or folds what the retention settings say is old enough.
async fn apply_retention(storage: SharedStorage, retention: RetentionSettings, shutdown: CancellationToken) {
    loop {
        let before = chrono::Utc::now() - chrono::Duration::days(retention.dead_letter_days.into());
        match storage.delete_dead_letters_before(before).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "old dead letters deleted"),
            Err(error) => tracing::warn!(error = %error, "dead letters not pruned"),
        }
        let before = chrono::Utc::now() - chrono::Duration::days(retention.page_view_days.into());
        match storage.fold_page_views_before(before).await {
            Ok(0) => {}
            Ok(folded) => tracing::info!(folded, "old page views folded into daily totals"),
            Err(error) => tracing::warn!(error = %error, "page views not folded"),
        }
        if let Err(error) = storage.console_sessions().delete_expired().await {
            tracing::warn!(error = %error, "expired console sessions not deleted");
        }
        match storage.delete_journey_tokens_expired_before(chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "expired journey links deleted"),
            Err(error) => tracing::warn!(error = %error, "expired journey links not deleted"),
        }
        let before = chrono::Utc::now() - chrono::Duration::days(retention.raw_payload_days.into());
        match drop_raw_payloads(storage.as_ref(), before).await {
            Ok(0) => {}
            Ok(dropped) => tracing::info!(dropped, "old events' raw payloads dropped"),
            Err(error) => tracing::warn!(error = %error, "raw payloads not dropped"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
        }
    }
}

/// Once at start: shipments stored before the measures' facts were kept get theirs, in small
/// batches (each shipment its own short transaction) so ingest is never held up for long.
async fn backfill_measure_facts(storage: SharedStorage, shutdown: CancellationToken) {
    const BATCH: i64 = 200;
    let mut derived = 0;
    while !shutdown.is_cancelled() {
        match storage.backfill_facts(BATCH).await {
            Ok(0) => break,
            Ok(count) => derived += count,
            Err(error) => {
                tracing::warn!(error = %error, "measure facts not backfilled");
                return;
            }
        }
    }
    if derived > 0 {
        tracing::info!(derived, "measure facts derived for shipments stored before they were kept");
    }
}

/// In batches, so the sweep never holds the write lock for long (on SQLite, the only one).
pub async fn drop_raw_payloads(
    storage: &dyn Storage,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<u64, StorageError> {
    const BATCH: i64 = 500;
    let mut dropped = 0;
    loop {
        let changed = storage.drop_raw_payloads_before(before, BATCH).await?;
        dropped += changed;
        if changed < BATCH as u64 {
            return Ok(dropped);
        }
    }
}

async fn cancel_on_signal(shutdown: CancellationToken) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(error = %error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
        _ = shutdown.cancelled() => return,
    }
    tracing::info!("shutdown signal received; draining");
    shutdown.cancel();
}
