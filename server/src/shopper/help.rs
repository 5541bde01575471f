//! The journey page's help entry and delivery problem report, behind the shopper's token:
//! each question becomes a WISMO contact with the stage and the silence the journey is at,
//! each report a dispute, for the seller's measures.

use crate::storage::{NewContact, NewDispute, SharedStorage, StorageError};
use app::domain::wismo::{Channel, ContactCategory, DisputeReason};
use app::domain::{Milestone, ShopperToken};
use app::ports::{Asked, DisputeFiled, RepositoryError, ShopperHelp};
use chrono::Utc;

pub struct JourneyHelp {
    pub storage: SharedStorage,
}

#[async_trait::async_trait]
impl ShopperHelp for JourneyHelp {
    async fn ask(&self, token: &ShopperToken, category: ContactCategory) -> Result<Asked, RepositoryError> {
        let run = async {
            let Some(shipment) = self.storage.shipment_by_token(token).await? else { return Ok(Asked::UnknownJourney) };
            let Some((merchant, order_ref)) = self.storage.shipment_owner(shipment).await? else {
                return Ok(Asked::UnknownJourney);
            };
            let state = self.storage.shipment_state(shipment).await?;
            let now = Utc::now();
            let contact = NewContact {
                merchant,
                shipment: Some(shipment),
                order_ref,
                channel: Channel::JourneyPage,
                category,
                stage: state.progress().furthest(),
                silence_seconds: state.last_event_at.map(|at| (now - at).num_seconds().max(0)),
                at: now,
                external_id: None,
            };
            let id = self.storage.record_contact(&contact).await?;
            Ok::<_, StorageError>(id.map_or(Asked::UnknownJourney, Asked::Recorded))
        };
        run.await.map_err(RepositoryError::from)
    }

    async fn pass_on(&self, token: &ShopperToken, contact: i64) -> Result<bool, RepositoryError> {
        let run = async {
            let Some(shipment) = self.storage.shipment_by_token(token).await? else { return Ok(false) };
            self.storage.escalate_contact(shipment, contact).await
        };
        run.await.map_err(RepositoryError::from)
    }

    async fn report_problem(
        &self,
        token: &ShopperToken,
        reason: DisputeReason,
        comment: Option<String>,
    ) -> Result<DisputeFiled, RepositoryError> {
        let run = async {
            let Some(shipment) = self.storage.shipment_by_token(token).await? else {
                return Ok(DisputeFiled::UnknownJourney);
            };
            let Some((merchant, order_ref)) = self.storage.shipment_owner(shipment).await? else {
                return Ok(DisputeFiled::UnknownJourney);
            };
            let state = self.storage.shipment_state(shipment).await?;
            if !state.milestones.contains_key(&Milestone::Delivered) {
                return Ok(DisputeFiled::NotDelivered);
            }
            let dispute = NewDispute {
                merchant,
                shipment: Some(shipment),
                order_ref,
                channel: Channel::JourneyPage,
                reason,
                comment,
                at: Utc::now(),
                external_id: None,
            };
            Ok::<_, StorageError>(match self.storage.file_dispute(&dispute).await? {
                Some(_) => DisputeFiled::Filed,
                None => DisputeFiled::AlreadyFiled,
            })
        };
        run.await.map_err(RepositoryError::from)
    }
}
