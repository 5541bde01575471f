//! Which shipments a seller should look at, and why: the console's "needs attention" rules.
//! Pure: the caller brings the shipment's state and what its lane's history says.

use super::eta::NextScan;
use super::event::EventCode;
use super::shipment_state::{ShipmentState, ShipmentStatus};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Silence that long is unusual on any lane: the rule for lanes with too little history to
/// say what is normal for them.
pub const DEFAULT_SILENT_DAYS: u32 = 7;

listed_enum! {
    /// Why a shipment needs a seller's attention, most urgent first.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum AttentionKind {
        /// Customs will not release the parcel until the shopper (or the shop) acts.
        CustomsAction,
        /// The carrier could not deliver and will try again or hold it.
        FailedAttempt,
        /// Any other unresolved problem: held, damaged, delayed.
        Exception,
        /// The promised delivery window has passed and the parcel is not delivered.
        EtaMissed,
        /// No news for longer than parcels on this lane usually go quiet at this stage.
        Silent,
    }
}

impl AttentionKind {
    pub fn code(self) -> &'static str {
        match self {
            AttentionKind::CustomsAction => "customs_action",
            AttentionKind::FailedAttempt => "failed_attempt",
            AttentionKind::Exception => "exception",
            AttentionKind::EtaMissed => "eta_missed",
            AttentionKind::Silent => "silent",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What the lane's history says about this shipment now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LaneOutlook {
    /// How long parcels usually wait for the next milestone (`None`: too little history).
    pub next_scan: Option<NextScan>,
    /// The last day of the window shown when the parcel left the origin.
    pub promised_by: Option<NaiveDate>,
    /// Today at the destination.
    pub destination_today: Option<NaiveDate>,
}

/// The longest silence (days) that is still normal at this stage.
pub fn usual_silence_days(outlook: &LaneOutlook) -> u32 {
    outlook.next_scan.as_ref().map_or(DEFAULT_SILENT_DAYS, |n| n.max_days.max(1))
}

/// Every reason the shipment needs attention, most urgent first; empty when it does not.
pub fn needs_attention(state: &ShipmentState, outlook: &LaneOutlook, now: DateTime<Utc>) -> Vec<AttentionKind> {
    if matches!(state.status, ShipmentStatus::Delivered | ShipmentStatus::ReturnedToSender) {
        return Vec::new();
    }
    let mut kinds = Vec::new();
    if let Some(problem) = &state.open_problem {
        kinds.push(match problem.code {
            EventCode::CustomsActionRequired => AttentionKind::CustomsAction,
            EventCode::CustomsHeld if state.status == ShipmentStatus::ActionRequired => AttentionKind::CustomsAction,
            EventCode::DeliveryAttemptFailed => AttentionKind::FailedAttempt,
            _ => AttentionKind::Exception,
        });
    }
    if let (Some(promised), Some(today)) = (outlook.promised_by, outlook.destination_today) {
        if promised < today {
            kinds.push(AttentionKind::EtaMissed);
        }
    }
    // A parcel waiting at a pick-up point is quiet by nature.
    if state.status != ShipmentStatus::AvailableForPickup {
        if let Some(last) = state.last_event_at {
            if now - last > chrono::Duration::days(usual_silence_days(outlook).into()) {
                kinds.push(AttentionKind::Silent);
            }
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::ReasonCode;
    use crate::domain::milestone::Milestone;
    use crate::domain::shipment_state::OpenProblem;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn in_transit(last: &str) -> ShipmentState {
        let mut state = crate::domain::shipment_state::fold(std::iter::empty());
        (state.status, state.last_event_at) = (ShipmentStatus::InTransit, Some(utc(last)));
        state
    }

    fn with_problem(mut state: ShipmentState, code: EventCode, status: ShipmentStatus) -> ShipmentState {
        state.status = status;
        state.open_problem = Some(OpenProblem {
            code,
            reason: Some(ReasonCode::MissingInvoiceData),
            customer_action: None,
            since: utc("2026-12-01T08:00:00Z"),
        });
        state
    }

    const NOW: &str = "2026-12-03T12:00:00Z";

    #[test]
    fn a_parcel_moving_normally_needs_nothing() {
        let outlook = LaneOutlook {
            next_scan: Some(NextScan { milestone: Milestone::ArrivedDestination, min_days: 2, max_days: 4 }),
            ..Default::default()
        };
        assert!(needs_attention(&in_transit("2026-12-01T00:00:00Z"), &outlook, utc(NOW)).is_empty());
    }

    #[test]
    fn silence_counts_against_the_lanes_usual_gap_or_a_week_without_history() {
        let lane = LaneOutlook {
            next_scan: Some(NextScan { milestone: Milestone::ArrivedDestination, min_days: 1, max_days: 2 }),
            ..Default::default()
        };
        let three_days_quiet = in_transit("2026-11-30T11:00:00Z");
        assert_eq!(needs_attention(&three_days_quiet, &lane, utc(NOW)), [AttentionKind::Silent]);
        assert!(needs_attention(&three_days_quiet, &LaneOutlook::default(), utc(NOW)).is_empty(), "no history: a week");
        let eight_days_quiet = in_transit("2026-11-25T11:00:00Z");
        assert_eq!(needs_attention(&eight_days_quiet, &LaneOutlook::default(), utc(NOW)), [AttentionKind::Silent]);
    }

    #[test]
    fn problems_are_told_apart_and_come_first() {
        let outlook = LaneOutlook {
            promised_by: Some("2026-12-02".parse().unwrap()),
            destination_today: Some("2026-12-03".parse().unwrap()),
            ..Default::default()
        };
        let recent = in_transit("2026-12-03T10:00:00Z");
        let customs = with_problem(recent.clone(), EventCode::CustomsActionRequired, ShipmentStatus::ActionRequired);
        assert_eq!(
            needs_attention(&customs, &outlook, utc(NOW)),
            [AttentionKind::CustomsAction, AttentionKind::EtaMissed]
        );
        let held = with_problem(recent.clone(), EventCode::CustomsHeld, ShipmentStatus::Exception);
        assert_eq!(needs_attention(&held, &LaneOutlook::default(), utc(NOW)), [AttentionKind::Exception]);
        let attempt = with_problem(recent, EventCode::DeliveryAttemptFailed, ShipmentStatus::Exception);
        assert_eq!(needs_attention(&attempt, &LaneOutlook::default(), utc(NOW)), [AttentionKind::FailedAttempt]);
    }

    #[test]
    fn delivered_and_returned_parcels_are_done_whatever_happened() {
        let mut state =
            with_problem(in_transit("2026-10-01T00:00:00Z"), EventCode::Exception, ShipmentStatus::Delivered);
        assert!(needs_attention(&state, &LaneOutlook::default(), utc(NOW)).is_empty());
        state.status = ShipmentStatus::ReturnedToSender;
        assert!(needs_attention(&state, &LaneOutlook::default(), utc(NOW)).is_empty());
    }

    #[test]
    fn every_kind_has_a_code_that_reads_back() {
        for kind in AttentionKind::ALL {
            assert_eq!(AttentionKind::parse(kind.code()), Some(kind));
        }
    }
}
