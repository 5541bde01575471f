//! `POST /t/{token}/views/{view}`: the journey page reports how long it was in view (a
//! `navigator.sendBeacon` when the shopper leaves or hides it), for the seller's engagement
//! numbers. Body: whole seconds, as text.

use crate::http::problem::Problem;
use crate::state::AppState;
use app::domain::ShopperToken;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// A page left open longer than a day is counted as a day.
const MAX_SECONDS: i64 = 86_400;

pub async fn time_on_page(
    State(state): State<AppState>,
    path: Result<Path<(String, i64)>, PathRejection>,
    body: String,
) -> Result<StatusCode, Problem> {
    let Path((token, view)) = path.map_err(|e| Problem::bad_request("view", e.body_text()))?;
    let token = ShopperToken::parse(&token).map_err(|e| Problem::bad_request("token", e.to_string()))?;
    let seconds: i64 = body
        .trim()
        .parse()
        .ok()
        .filter(|s| (0..=MAX_SECONDS).contains(s))
        .ok_or_else(|| Problem::bad_request("body", format!("whole seconds from 0 to {MAX_SECONDS}")))?;
    if state.storage.record_time_on_page(&token, view, seconds).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::not_found("no such view of this journey"))
    }
}
