//! Dead letters: what every ingest endpoint does with a payload it cannot accept (answer with
//! a problem that names the field, and keep the payload), and `GET /api/v1/dead-letters`, the
//! payloads this merchant sent that could not be accepted, newest first, with the field and
//! the reason, so they can be fixed and sent again.

use super::auth::AuthenticatedMerchant;
use crate::http::problem::Problem;
use crate::http::query::QueryParams;
use crate::state::AppState;
use crate::storage::{DeadLetter, MerchantId};
use app::domain::event::EventSource;
use axum::extract::State;
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
    QueryParams(page): QueryParams<Page>,
) -> Result<Json<DeadLetterPage>, Problem> {
    let limit = page.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(Problem::invalid_field("limit", "must be between 1 and 500"));
    }
    let dead_letters = state.storage.dead_letters(merchant, page.before, limit).await?;
    let next_before = (dead_letters.len() as i64 == limit).then(|| dead_letters.last().map(|d| d.id)).flatten();
    Ok(Json(DeadLetterPage { dead_letters, next_before }))
}

/// Keeps the refused payload, then hands the problem back for the response. If even the dead
/// letter cannot be written the client gets a 500, so it retries and nothing is lost silently.
pub async fn dead_letter(
    state: &AppState,
    merchant: MerchantId,
    source: EventSource,
    body: &[u8],
    problem: Problem,
) -> Problem {
    let payload = String::from_utf8_lossy(body);
    let field = problem.field().unwrap_or("body").to_owned();
    match state.storage.add_dead_letter(merchant, source, &field, problem.detail(), &payload).await {
        Ok(id) => {
            tracing::warn!(merchant = merchant.0, source = source.code(), dead_letter = id, %field, "payload refused");
            problem
        }
        Err(error) => Problem::from(error),
    }
}
