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

/// Why a payload was not taken in.
#[derive(Debug)]
pub enum Rejection {
    /// The payload is at fault: kept as a dead letter, its problem sent back.
    Refused(Problem),
    /// Trekpost could not do it (storage failed): nothing kept, the client retries.
    Failed(Problem),
}

impl Rejection {
    pub fn failed(error: impl Into<Problem>) -> Self {
        Self::Failed(error.into())
    }

    /// The response to send: a refusal is kept as a dead letter first.
    pub async fn kept(
        self,
        state: &AppState,
        merchant: MerchantId,
        source: EventSource,
        endpoint: &str,
        body: &[u8],
    ) -> Problem {
        match self {
            Rejection::Refused(problem) => dead_letter(state, merchant, source, endpoint, body, problem).await,
            Rejection::Failed(problem) => problem,
        }
    }
}

/// Keeps the refused payload (with the endpoint it was sent to, for a replay), then hands the
/// problem back for the response. If even the dead letter cannot be written the client gets a
/// 500, so it retries and nothing is lost silently.
pub async fn dead_letter(
    state: &AppState,
    merchant: MerchantId,
    source: EventSource,
    endpoint: &str,
    body: &[u8],
    problem: Problem,
) -> Problem {
    let payload = String::from_utf8_lossy(body);
    let field = problem.field().unwrap_or("body").to_owned();
    match state.storage.add_dead_letter(merchant, source, endpoint, &field, problem.detail(), &payload).await {
        Ok(id) => {
            tracing::warn!(merchant = merchant.0, source = source.code(), dead_letter = id, %field, "payload refused");
            problem
        }
        Err(error) => Problem::from(error),
    }
}

/// What replaying a dead letter came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Replayed {
    /// Taken in this time; the letter is marked replayed.
    Accepted,
    /// Refused again, for this reason; the letter stays.
    Refused { field: String, reason: String },
    /// It came before letters remembered their endpoint, and its source alone does not say.
    NotReplayable,
    /// Replayed before, or not this merchant's.
    Unknown,
}

/// The endpoint a letter came through, as replay knows them.
pub enum Door<'a> {
    Webhook(&'static super::webhooks::Aggregator),
    Batch,
    Shipment,
    /// One event, for the shipment or leg this reference names.
    Event(&'a str),
}

/// The door a letter from `source` to `endpoint` came through; `None` for a letter kept before
/// letters remembered their endpoint (a webhook's source alone still says).
pub fn door<'a>(source: &str, endpoint: Option<&'a str>) -> Option<Door<'a>> {
    if let Some(aggregator) = super::webhooks::AGGREGATORS.iter().find(|a| a.source.code() == source) {
        return Some(Door::Webhook(aggregator));
    }
    match endpoint? {
        super::events::BATCH_ENDPOINT => Some(Door::Batch),
        super::shipments::SHIPMENTS_ENDPOINT => Some(Door::Shipment),
        other => other.strip_prefix("/api/v1/shipments/")?.strip_suffix("/events").map(Door::Event),
    }
}

/// Sends a dead letter's payload through the door it first came to (its endpoint), as its
/// merchant: the same parsing, the same checks, the same ingest. A webhook's signature was
/// verified before it was kept, so it is not asked for again.
pub async fn replay(state: &AppState, merchant: MerchantId, id: i64) -> Result<Replayed, Problem> {
    let Some(letter) = state.storage.dead_letter(merchant, id).await? else { return Ok(Replayed::Unknown) };
    if letter.replayed_at.is_some() {
        return Ok(Replayed::Unknown);
    }
    let Some(door) = door(&letter.source, letter.endpoint.as_deref()) else { return Ok(Replayed::NotReplayable) };
    let body = letter.payload.as_bytes();
    let outcome = match door {
        Door::Webhook(aggregator) => match super::webhooks::accept(state, merchant, aggregator, body).await {
            Ok(receipt) => super::webhooks::refusals(&receipt).map_or(Ok(()), |p| Err(Rejection::Refused(p))),
            Err(rejection) => Err(rejection),
        },
        Door::Batch => super::events::accept_batch(state, merchant, body).await.map(drop),
        Door::Shipment => super::shipments::accept_shipment(state, merchant, body).await.map(drop),
        Door::Event(reference) => super::events::accept_event(state, merchant, reference, body).await.map(drop),
    };
    match outcome {
        Ok(()) => {
            state.storage.mark_dead_letter_replayed(merchant, id, chrono::Utc::now()).await?;
            tracing::info!(merchant = merchant.0, dead_letter = id, "dead letter replayed");
            Ok(Replayed::Accepted)
        }
        Err(Rejection::Refused(problem)) => Ok(Replayed::Refused {
            field: problem.field().unwrap_or("body").to_owned(),
            reason: problem.detail().to_owned(),
        }),
        Err(Rejection::Failed(problem)) => Err(problem),
    }
}
