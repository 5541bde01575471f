//! Changing how a shop's pages look and reward, from the console or the API: the draft is
//! checked whole ([`PageDesign::parse`]), its logo must be one the shop uploaded, and it is
//! saved as the next version with its author. Awards already granted are never touched: a
//! changed rule applies from the shipments' next events on.

use crate::storage::{DesignSave, DesignVersion, MerchantId, Storage, StorageError};
use app::domain::design::{DesignDraft, PageDesign};
use app::domain::FieldError;
use chrono::Utc;

/// Who a version is credited to when it came through the API.
pub const API_AUTHOR: &str = "API";

#[derive(Debug)]
pub enum DesignChange {
    Saved {
        version: i64,
        at: chrono::DateTime<Utc>,
        design: PageDesign,
    },
    /// Every field that is wrong; nothing was saved.
    Invalid(Vec<FieldError>),
    /// Someone saved since `base`: nothing was saved.
    Conflict(DesignVersion),
}

/// Saves `draft` as the version after `base`.
pub async fn save(
    storage: &dyn Storage,
    merchant: MerchantId,
    base: i64,
    draft: DesignDraft,
    author: &str,
) -> Result<DesignChange, StorageError> {
    let design = match PageDesign::parse(draft) {
        Ok(design) => design,
        Err(errors) => return Ok(DesignChange::Invalid(errors)),
    };
    if let Some(logo) = &design.logo {
        if storage.logo(merchant, logo).await?.is_none() {
            return Ok(DesignChange::Invalid(vec![FieldError::new("logo", "not a logo uploaded to this shop")]));
        }
    }
    let at = Utc::now();
    Ok(match storage.save_design(merchant, base, &design, author, at).await? {
        DesignSave::Saved(version) => {
            tracing::info!(merchant = merchant.0, version, author, "page design saved");
            DesignChange::Saved { version, at, design }
        }
        DesignSave::Conflict(newest) => DesignChange::Conflict(newest),
    })
}

/// Changes one part of the live design (the API's rules or colour), keeping the rest: read,
/// change, save, read again when another save came in between.
pub async fn update(
    storage: &dyn Storage,
    merchant: MerchantId,
    author: &str,
    change: impl Fn(&mut DesignDraft),
) -> Result<Result<PageDesign, Vec<FieldError>>, StorageError> {
    loop {
        let (base, current) = storage.current_design(merchant).await?;
        let mut draft = current.to_draft();
        change(&mut draft);
        match save(storage, merchant, base, draft, author).await? {
            DesignChange::Saved { design, .. } => return Ok(Ok(design)),
            DesignChange::Invalid(errors) => return Ok(Err(errors)),
            DesignChange::Conflict(_) => continue,
        }
    }
}
