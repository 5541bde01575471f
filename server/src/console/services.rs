//! What the console's server functions get from the server: [`ConsoleServices`] over storage
//! and the forecasts. Every method starts from the signed-in user's merchant, so nothing
//! another shop owns can be read or changed through it.

use super::accounts;
use super::design::Previews;
use super::imports::ImportJobs;
use crate::api::auth::{issue_key_for, rotate_key, IssuedKey};
use crate::api::dead_letters::{self, Rejection, Replayed};
use crate::api::events;
use crate::api::shipments::issue_journey_link;
use crate::api::webhooks::AGGREGATORS;
use crate::http::problem::Problem;
use crate::state::AppState;
use crate::storage::{MerchantId, StorageError};
use app::console::SignedIn;
use app::domain::account::{Role, SignInEmail};
use app::domain::attention::{self, AttentionKind};
use app::domain::design::DesignDraft;
use app::domain::{FieldError, TrackingNumber};
use app::model::console::{
    ApiKeyRow, AttentionItem, AttentionList, ConsoleEvent, DeadLetterRow, DesignDesk, DesignSaved, EventAdded,
    ImportForm, ImportKind, ImportProgress, IssuedApiKey, ReplayOutcome, ShipmentDetail, ShipmentHit, UserAdded,
    UserRow, WebhookSetting,
};
use app::ports::{ConsoleServices, RepositoryError};
use chrono::{DateTime, Utc};

/// The most parcels under way one attention list looks at.
const MAX_CHECKED: i64 = 5_000;
/// The most shipments one search lists.
const MAX_FOUND: i64 = 50;

/// The console's services over the web layer's state (a replay goes through the API's own
/// handlers, which take it).
pub struct ConsoleDesk {
    pub state: AppState,
    pub imports: ImportJobs,
    pub previews: Previews,
}

fn merchant(who: &SignedIn) -> MerchantId {
    MerchantId(who.merchant_id)
}

fn issued(key: IssuedKey) -> IssuedApiKey {
    IssuedApiKey { key: key.plaintext, prefix: key.prefix }
}

/// When the oldest of the reasons began.
fn since(kinds: &[AttentionKind], item: &AttentionItem, now: DateTime<Utc>) -> DateTime<Utc> {
    kinds
        .iter()
        .filter_map(|kind| match kind {
            AttentionKind::CustomsAction | AttentionKind::FailedAttempt | AttentionKind::Exception => {
                item.problem.as_ref().map(|p| p.since)
            }
            AttentionKind::Silent => item.last_event_at,
            AttentionKind::EtaMissed => {
                item.promised_by.and_then(|d| d.succ_opt()).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc())
            }
        })
        .min()
        .unwrap_or(now)
}

impl ConsoleDesk {
    pub fn new(state: AppState) -> Self {
        Self { state, imports: ImportJobs::default(), previews: Previews::default() }
    }

    async fn attention_list(&self, merchant: MerchantId) -> Result<AttentionList, StorageError> {
        let now = Utc::now();
        let under_way = self.state.storage.shipments_under_way(merchant, MAX_CHECKED).await?;
        let mut items = Vec::new();
        for shipment in &under_way {
            let state = self.state.storage.shipment_state(shipment.id).await?;
            let Some(lane) = self.state.storage.lane_of(shipment.id).await? else { continue };
            let outlook = self.state.live.forecasts.lane_outlook(&lane, &state, now).await?;
            let kinds = attention::needs_attention(&state, &outlook, now);
            if kinds.is_empty() {
                continue;
            }
            let mut item = AttentionItem {
                shipment_id: shipment.id.0,
                tracking_number: shipment.tracking_number.clone(),
                order_ref: shipment.order_ref.clone(),
                kinds: Vec::new(),
                since: now,
                stage: state.milestones.keys().next_back().copied(),
                status: state.status,
                carrier: lane.carrier.clone(),
                origin: lane.origin.as_str().to_owned(),
                destination: lane.destination.as_str().to_owned(),
                problem: state.open_problem.clone(),
                headline: state.headline,
                last_event_at: state.last_event_at,
                usual_silence_days: attention::usual_silence_days(&outlook),
                promised_by: outlook.promised_by,
            };
            item.since = since(&kinds, &item, now);
            item.kinds = kinds;
            items.push(item);
        }
        Ok(AttentionList { items, checked: under_way.len(), as_of: now })
    }

    async fn detail(
        &self,
        merchant: MerchantId,
        number: &TrackingNumber,
    ) -> Result<Option<ShipmentDetail>, StorageError> {
        let Some(record) = self.state.storage.shipment_record(merchant, number).await? else { return Ok(None) };
        let rewards = self.state.storage.journey_rewards(record.id).await?;
        let share_links = self.state.storage.open_share_links(record.id, Utc::now()).await?;
        let mut events: Vec<ConsoleEvent> = record
            .events
            .into_iter()
            .map(|stored| ConsoleEvent { id: stored.id, event: stored.event, received_at: stored.received_at })
            .collect();
        events.sort_by_key(|e| std::cmp::Reverse((e.event.occurred_at_utc(), e.id)));
        Ok(Some(ShipmentDetail {
            tracking_number: record.tracking_number.as_str().to_owned(),
            created_at: record.created_at,
            status: record.state.status,
            progress_percent: record.state.progress().percent(),
            stage: record.state.milestones.keys().next_back().copied(),
            spec: record.spec,
            events,
            rewards,
            share_links,
            page_views: record.engagement.page_views,
            seconds_on_page: record.engagement.seconds_on_page,
            as_of: Utc::now(),
        }))
    }

    /// Taken in exactly as `POST /api/v1/shipments/{number}/events` takes it (the same
    /// function): parsed, checked, stored durably, pages told, rewards evaluated. A refusal is
    /// shown in the console rather than kept as a dead letter.
    async fn add(
        &self,
        merchant: MerchantId,
        number: &TrackingNumber,
        raw: serde_json::Value,
    ) -> Result<Option<EventAdded>, Problem> {
        match events::accept_event(&self.state, merchant, number.as_str(), raw.to_string().as_bytes()).await {
            Ok(receipt) if receipt.receipt.duplicate => Ok(Some(EventAdded::Duplicate)),
            Ok(_) => Ok(Some(EventAdded::Added)),
            // `shipment` is blamed only when the number names none of this merchant's.
            Err(Rejection::Refused(problem)) if problem.field() == Some("shipment") => Ok(None),
            Err(Rejection::Refused(problem)) => Ok(Some(EventAdded::Invalid {
                field: problem.field().unwrap_or("body").to_owned(),
                reason: problem.detail().to_owned(),
            })),
            Err(Rejection::Failed(problem)) => Err(problem),
        }
    }
}

/// Letters per page of the dead-letter list.
const DEAD_LETTER_PAGE: i64 = 50;

/// Something the API's own code refused to do (storage failed), as the ports' error.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.detail())]
struct ProblemError(Problem);

fn repository_error(problem: Problem) -> RepositoryError {
    RepositoryError(Box::new(ProblemError(problem)))
}

/// A secret as aggregators issue them: long, printable, no spaces (a pasted line break or a
/// truncated copy is the usual mistake).
fn check_webhook_secret(secret: &str) -> Result<(), String> {
    let chars = secret.chars().count();
    if chars < 16 {
        Err("at least 16 characters: paste the whole secret the aggregator shows".into())
    } else if chars > 256 {
        Err("at most 256 characters".into())
    } else if secret.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err("no spaces or line breaks".into())
    } else {
        Ok(())
    }
}

fn tracking_number(raw: &str) -> Option<TrackingNumber> {
    TrackingNumber::parse(raw.trim()).ok()
}

#[async_trait::async_trait]
impl ConsoleServices for ConsoleDesk {
    async fn attention(&self, who: &SignedIn) -> Result<AttentionList, RepositoryError> {
        Ok(self.attention_list(merchant(who)).await?)
    }

    async fn api_keys(&self, who: &SignedIn) -> Result<Vec<ApiKeyRow>, RepositoryError> {
        let keys = self.state.storage.api_keys(merchant(who)).await?;
        Ok(keys
            .into_iter()
            .map(|k| ApiKeyRow {
                prefix: k.prefix,
                created_at: k.created_at,
                last_used_at: k.last_used_at,
                revoked_at: k.revoked_at,
            })
            .collect())
    }

    async fn create_api_key(&self, who: &SignedIn) -> Result<IssuedApiKey, RepositoryError> {
        let key = issue_key_for(self.state.storage.as_ref(), merchant(who)).await?;
        tracing::info!(user = who.user_id, prefix = %key.prefix, "API key created in the console");
        Ok(issued(key))
    }

    async fn revoke_api_key(&self, who: &SignedIn, prefix: &str) -> Result<bool, RepositoryError> {
        let revoked = self.state.storage.revoke_api_key(merchant(who), prefix).await?;
        if revoked {
            tracing::info!(user = who.user_id, prefix, "API key revoked in the console");
        }
        Ok(revoked)
    }

    async fn rotate_api_key(&self, who: &SignedIn, prefix: &str) -> Result<Option<IssuedApiKey>, RepositoryError> {
        let key = rotate_key(self.state.storage.as_ref(), merchant(who), prefix).await?;
        if let Some(key) = &key {
            tracing::info!(user = who.user_id, old = prefix, new = %key.prefix, "API key replaced in the console");
        }
        Ok(key.map(issued))
    }

    async fn find_shipments(&self, who: &SignedIn, query: &str) -> Result<Vec<ShipmentHit>, RepositoryError> {
        let found = self.state.storage.find_shipments(merchant(who), query, MAX_FOUND).await?;
        Ok(found
            .into_iter()
            .map(|s| ShipmentHit { tracking_number: s.tracking_number, order_ref: s.order_ref })
            .collect())
    }

    async fn shipment(&self, who: &SignedIn, number: &str) -> Result<Option<ShipmentDetail>, RepositoryError> {
        let Some(number) = tracking_number(number) else { return Ok(None) };
        Ok(self.detail(merchant(who), &number).await?)
    }

    async fn add_event(
        &self,
        who: &SignedIn,
        number: &str,
        event: serde_json::Value,
    ) -> Result<Option<EventAdded>, RepositoryError> {
        let Some(number) = tracking_number(number) else { return Ok(None) };
        let added = self.add(merchant(who), &number, event).await.map_err(repository_error)?;
        if added == Some(EventAdded::Added) {
            tracing::info!(user = who.user_id, shipment = %number.as_str(), "event added in the console");
        }
        Ok(added)
    }

    async fn webhooks(&self, who: &SignedIn) -> Result<Vec<WebhookSetting>, RepositoryError> {
        let set = self.state.storage.webhook_secrets_set(merchant(who)).await?;
        Ok(AGGREGATORS
            .iter()
            .map(|a| WebhookSetting {
                aggregator: a.path.to_owned(),
                endpoint_path: format!("/api/v1/webhooks/{}/{}", who.merchant_slug, a.path),
                signature_header: a.signature_header.to_owned(),
                secret_set_at: set.iter().find(|(source, _)| source == a.source.code()).map(|(_, at)| *at),
            })
            .collect())
    }

    async fn set_webhook_secret(
        &self,
        who: &SignedIn,
        aggregator: &str,
        secret: &str,
    ) -> Result<Result<(), FieldError>, RepositoryError> {
        let Some(aggregator) = AGGREGATORS.iter().find(|a| a.path == aggregator) else {
            return Ok(Err(FieldError::new("aggregator", "is not aftership, 17track or easypost")));
        };
        if let Err(reason) = check_webhook_secret(secret) {
            return Ok(Err(FieldError::new("secret", reason)));
        }
        self.state.storage.set_webhook_secret(merchant(who), aggregator.source, secret).await?;
        tracing::info!(user = who.user_id, aggregator = aggregator.path, "webhook secret set in the console");
        Ok(Ok(()))
    }

    async fn dead_letters(&self, who: &SignedIn, before: Option<i64>) -> Result<Vec<DeadLetterRow>, RepositoryError> {
        let letters = self.state.storage.dead_letters(merchant(who), before, DEAD_LETTER_PAGE).await?;
        Ok(letters
            .into_iter()
            .map(|l| DeadLetterRow {
                id: l.id,
                replayable: dead_letters::door(&l.source, l.endpoint.as_deref()).is_some(),
                source: l.source,
                endpoint: l.endpoint,
                field: l.field,
                reason: l.reason,
                payload: l.payload,
                received_at: l.received_at,
                replayed_at: l.replayed_at,
            })
            .collect())
    }

    async fn replay_dead_letter(&self, who: &SignedIn, id: i64) -> Result<ReplayOutcome, RepositoryError> {
        let replayed = dead_letters::replay(&self.state, merchant(who), id).await.map_err(repository_error)?;
        tracing::info!(user = who.user_id, dead_letter = id, outcome = ?replayed, "dead letter replayed in the console");
        Ok(match replayed {
            Replayed::Accepted => ReplayOutcome::Accepted,
            Replayed::Refused { field, reason } => ReplayOutcome::Refused { field, reason },
            Replayed::NotReplayable => ReplayOutcome::NotReplayable,
            Replayed::Unknown => ReplayOutcome::Unknown,
        })
    }

    async fn users(&self, who: &SignedIn) -> Result<Vec<UserRow>, RepositoryError> {
        let users = self.state.storage.users_of(merchant(who)).await?;
        Ok(users
            .into_iter()
            .map(|u| UserRow {
                email: u.email.as_str().to_owned(),
                role: u.role,
                created_at: u.created_at,
                disabled_at: u.disabled_at,
            })
            .collect())
    }

    async fn add_user(&self, who: &SignedIn, email: &str, role: &str) -> Result<UserAdded, RepositoryError> {
        let invalid = |field: &str, reason: String| Ok(UserAdded::Invalid { field: field.to_owned(), reason });
        let email = match SignInEmail::parse(email) {
            Ok(email) => email,
            Err(reason) => return invalid("email", reason),
        };
        let role = match Role::parse(role) {
            Ok(role) => role,
            Err(reason) => return invalid("role", reason),
        };
        let password = accounts::generated_password();
        match accounts::create_user(self.state.storage.as_ref(), merchant(who), &email, role, &password).await {
            Ok(_) => {
                tracing::info!(user = who.user_id, added = %email.as_str(), role = role.code(), "console user added");
                Ok(UserAdded::Added { email: email.as_str().to_owned(), password: password.expose().to_owned() })
            }
            Err(StorageError::Conflict { field, reason }) => invalid(&field, reason),
            Err(error) => Err(error.into()),
        }
    }

    async fn disable_user(&self, who: &SignedIn, email: &str) -> Result<bool, RepositoryError> {
        let Ok(email) = SignInEmail::parse(email) else { return Ok(false) };
        let disabled = self.state.storage.disable_user(merchant(who), &email).await?;
        if disabled {
            tracing::info!(user = who.user_id, disabled = %email.as_str(), "console user disabled");
        }
        Ok(disabled)
    }

    async fn new_journey_link(&self, who: &SignedIn, number: &str) -> Result<Option<String>, RepositoryError> {
        let Some(number) = tracking_number(number) else { return Ok(None) };
        let token = issue_journey_link(self.state.storage.as_ref(), merchant(who), &number, None).await?;
        if token.is_some() {
            tracing::info!(user = who.user_id, shipment = %number.as_str(), "journey link issued in the console");
        }
        Ok(token.map(|t| t.journey_path()))
    }

    fn import_form(&self) -> ImportForm {
        ImportForm {
            max_bytes: self.state.limits.max_import_bytes,
            columns: ImportKind::ALL.into_iter().map(|kind| (kind, crate::csv_import::columns(kind))).collect(),
        }
    }

    async fn start_import(
        &self,
        who: &SignedIn,
        kind: ImportKind,
        file_name: String,
        skip_invalid: bool,
        csv: Vec<u8>,
    ) -> Result<Result<String, FieldError>, RepositoryError> {
        Ok(self.imports.start(&self.state, who, kind, file_name, skip_invalid, csv))
    }

    async fn import_progress(&self, who: &SignedIn, id: &str) -> Result<Option<ImportProgress>, RepositoryError> {
        Ok(self.imports.progress(who, id))
    }

    async fn design(&self, who: &SignedIn) -> Result<DesignDesk, RepositoryError> {
        Ok(self.design_desk(who).await?)
    }

    async fn preview_design(&self, who: &SignedIn, draft: DesignDraft) -> Result<Vec<FieldError>, RepositoryError> {
        Ok(self.preview(who, draft))
    }

    async fn save_design(&self, who: &SignedIn, base: i64, draft: DesignDraft) -> Result<DesignSaved, RepositoryError> {
        Ok(self.save(who, base, draft).await?)
    }

    async fn upload_logo(&self, who: &SignedIn, bytes: Vec<u8>) -> Result<Result<String, FieldError>, RepositoryError> {
        Ok(self.keep_logo(who, bytes).await?)
    }

    async fn add_coupon_codes(
        &self,
        who: &SignedIn,
        pool: &str,
        codes: &str,
    ) -> Result<Result<Vec<app::model::console::CouponPoolRow>, FieldError>, RepositoryError> {
        Ok(self.add_codes(who, pool, codes).await?)
    }

    async fn preview_journey(
        &self,
        who: &SignedIn,
    ) -> Result<Option<app::model::journey::JourneyView>, RepositoryError> {
        Ok(self.previewed_journey(who).await?)
    }

    async fn wismo(
        &self,
        who: &SignedIn,
        filter: &app::model::analytics::WismoFilter,
    ) -> Result<app::model::analytics::WismoFigures, RepositoryError> {
        Ok(self.wismo_figures(who, filter).await?)
    }

    async fn performance(
        &self,
        who: &SignedIn,
        filter: &app::model::analytics::WismoFilter,
    ) -> Result<app::model::analytics::PerformanceFigures, RepositoryError> {
        Ok(self.performance_figures(who, filter).await?)
    }

    async fn feedback(
        &self,
        who: &SignedIn,
        filter: &app::model::analytics::WismoFilter,
    ) -> Result<app::model::analytics::FeedbackFigures, RepositoryError> {
        Ok(self.feedback_figures(who, filter).await?)
    }

    async fn engagement(
        &self,
        who: &SignedIn,
        filter: &app::model::analytics::WismoFilter,
    ) -> Result<app::model::analytics::EngagementFigures, RepositoryError> {
        Ok(self.engagement_figures(who, filter).await?)
    }

    async fn orders_behind(
        &self,
        who: &SignedIn,
        filter: &app::model::analytics::WismoFilter,
        measure: app::domain::wismo::Measure,
        week: Option<chrono::NaiveDate>,
    ) -> Result<Vec<app::model::analytics::OrderBehindRow>, RepositoryError> {
        Ok(self.orders_behind_week(who, filter, measure, week).await?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn webhook_secrets_must_be_whole_and_on_one_line() {
        assert!(super::check_webhook_secret("whsec_0123456789abcdef").is_ok());
        assert!(super::check_webhook_secret("short").is_err());
        assert!(super::check_webhook_secret("whsec_0123456789 abcdef").is_err());
        assert!(super::check_webhook_secret("whsec_0123456789abcdef\n").is_err());
        assert!(super::check_webhook_secret(&"x".repeat(257)).is_err());
    }
}
