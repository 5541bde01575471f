//! `GET /api/v1/dead-letters`: the payloads this merchant sent that could not be accepted,
//! newest first, with the field and the reason, so they can be fixed and sent again.

use super::auth::AuthenticatedMerchant;
use super::problem::Problem;
use crate::startup::AppState;
use crate::storage::DeadLetter;
use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct Page {
    /// Continue below this id (the `next_before` of the previous page).
    before: Option<i64>,
    limit: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct DeadLetterPage {
    pub dead_letters: Vec<DeadLetter>,
    pub next_before: Option<i64>,
}

pub async fn list_dead_letters(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    Query(page): Query<Page>,
) -> Result<Json<DeadLetterPage>, Problem> {
    let limit = page.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(Problem::invalid_field("limit", "must be between 1 and 500"));
    }
    let dead_letters = state.storage.dead_letters(merchant, page.before, limit).await?;
    let next_before = (dead_letters.len() as i64 == limit).then(|| dead_letters.last().map(|d| d.id)).flatten();
    Ok(Json(DeadLetterPage { dead_letters, next_before }))
}
