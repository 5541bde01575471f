//! The seller's side of gamification: `GET`/`PUT /api/v1/rules` (the merchant's rules, the
//! default set until they set their own) and `POST /api/v1/coupons/{code}/redeem` (a coupon or
//! invite code, once).

use super::auth::AuthenticatedMerchant;
use crate::http::json::{self, JsonBody};
use crate::http::problem::Problem;
use crate::state::AppState;
use crate::storage::rewards::Redemption;
use app::domain::gamification::{Rule, RuleSet};
use app::model::rewards::Reward;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesBody {
    pub rules: Vec<Rule>,
}

pub async fn get_rules(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
) -> Result<Json<RulesBody>, Problem> {
    let rules = state.storage.rules_of(merchant).await?;
    Ok(Json(RulesBody { rules: rules.rules().to_vec() }))
}

/// Replaces the merchant's rules. Awards already granted stay; a rule id that is new grants
/// from the shipments' next events on.
pub async fn put_rules(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    JsonBody(body): JsonBody,
) -> Result<Json<RulesBody>, Problem> {
    // Read as JSON Schema reads it (30.0 is an integer), and refused if it says more than
    // the rules mean.
    let mut sent: serde_json::Value = json::parse(&body)?;
    app::domain::json::integral_numbers(&mut sent);
    let body: RulesBody = json::parse_value(&sent)?;
    let rules = RuleSet::parse(body.rules)?;
    let understood =
        serde_json::to_value(RulesBody { rules: rules.rules().to_vec() }).map_err(|_| Problem::internal())?;
    if let Some(field) = app::domain::json::unused_field(&sent, &understood) {
        return Err(Problem::invalid_field(field, "is not a field of this kind of rule"));
    }
    let saved = crate::design::update(state.storage.as_ref(), merchant, crate::design::API_AUTHOR, |draft| {
        draft.rules = rules.rules().to_vec();
    })
    .await?
    .map_err(first_refusal)?;
    Ok(Json(RulesBody { rules: saved.rules.rules().to_vec() }))
}

/// The first field the design refused (the rest of the design was valid before the change).
pub(super) fn first_refusal(errors: Vec<app::domain::FieldError>) -> Problem {
    errors.into_iter().next().map_or_else(Problem::internal, |e| Problem::invalid_field(e.field, e.reason))
}

#[derive(Debug, Serialize)]
pub struct RedeemedView {
    pub code: String,
    pub reward: Reward,
    /// The shopper's reference, as the merchant sent it with the shipment.
    pub shopper_reference: String,
    pub redeemed_at: DateTime<Utc>,
}

pub async fn redeem(
    State(state): State<AppState>,
    AuthenticatedMerchant(merchant): AuthenticatedMerchant,
    Path(code): Path<String>,
) -> Result<Json<RedeemedView>, Problem> {
    let code = code.trim().to_ascii_uppercase();
    let now = Utc::now();
    match state.storage.redeem(merchant, &code, now).await? {
        Redemption::Redeemed { award, shopper_reference } => {
            tracing::info!(merchant = merchant.0, award = award.id, "reward code redeemed");
            Ok(Json(RedeemedView { code, reward: award.reward, shopper_reference, redeemed_at: now }))
        }
        Redemption::AlreadyRedeemed { at } => {
            Err(Problem::conflict("code", format!("this code was already redeemed at {}", at.to_rfc3339())))
        }
        Redemption::Expired { at } => {
            Err(Problem::new(StatusCode::GONE, "Expired", format!("this code expired at {}", at.to_rfc3339()))
                .with_field("code"))
        }
        Redemption::Unknown => Err(Problem::not_found("you issued no such code").with_field("code")),
    }
}
