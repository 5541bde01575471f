//! What every ingest endpoint does with a payload it cannot accept: answer with a problem that
//! names the field, and keep the payload as a dead letter the seller can list and resend.

use super::problem::Problem;
use crate::startup::AppState;
use crate::storage::MerchantId;
use app::domain::event::EventSource;

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
