//! The state every handler shares, at the root of the web layer: each feature's `router()`
//! takes it, and `startup` builds it once.

use crate::config::LimitSettings;
use crate::http::rate_limit::RateLimiter;
use crate::http::streams::StreamSlots;
use crate::live::LiveFeed;
use crate::share::SharingService;
use crate::storage::{MerchantId, SharedStorage};
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub storage: SharedStorage,
    pub live: Arc<LiveFeed>,
    /// Cancelled on SIGTERM: live streams end so the server can drain.
    pub shutdown: CancellationToken,
    pub leptos_options: LeptosOptions,
    pub limits: Arc<LimitSettings>,
    /// One budget per client for anonymous calls: live streams, share cards, server
    /// functions, webhooks, and API keys that do not verify.
    pub rate_limiter: Arc<RateLimiter>,
    /// One budget per merchant for its authenticated API calls, whoever makes them.
    pub merchant_rate_limiter: Arc<RateLimiter<MerchantId>>,
    /// The live streams each client has open, and how long one may last.
    pub streams: Arc<StreamSlots>,
    pub sharing: Arc<SharingService>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
