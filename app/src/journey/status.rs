//! The answer at a glance: the latest news, anything that needs the shopper, when it arrives
//! and why we think so, and, once delivered, the proof. Follows the live outlook.

use crate::domain::eta::{EtaBasis, EtaWindow};
use crate::domain::shipment::ServiceLevel;
use crate::domain::shipment_state::OpenProblem;
use crate::domain::{EventCode, ShipmentStatus};
use crate::i18n::countries::country_name;
use crate::i18n::datetime::{format_date, format_date_range, format_local_time};
use crate::i18n::journey::{
    delivery_method_label, event_label, journey_text, reason_action, reason_label, service_label, JourneyText as J,
};
use crate::i18n::template::fill;
use crate::i18n::{milestone_label, use_locale, Locale};
use crate::model::journey::{JourneyView, Outlook, TimelineEntry};
use leptos::prelude::*;

/// What the "why" line of the delivery window names besides the window itself.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneNames {
    pub origin_country: String,
    pub destination_country: String,
    pub carrier: Option<String>,
    pub service: ServiceLevel,
}

impl LaneNames {
    pub fn of(journey: &JourneyView) -> Self {
        Self {
            origin_country: journey.origin.country_code.clone(),
            destination_country: journey.destination.country_code.clone(),
            carrier: journey.legs.first().map(|leg| leg.carrier_name.clone()),
            service: journey.service,
        }
    }
}

#[component]
pub fn StatusPanel(
    outlook: RwSignal<Outlook>,
    timeline: RwSignal<Vec<TimelineEntry>>,
    lane: LaneNames,
    destination_city: String,
) -> impl IntoView {
    let locale = use_locale();
    let lane = StoredValue::new(lane);
    let destination_city = StoredValue::new(destination_city);
    // The newest entry with a given code: where and when the headline, problem or delivery happened.
    let latest_with = move |code: EventCode| timeline.with(|t| t.iter().rev().find(|e| e.code == code).cloned());

    let headline = move || {
        let outlook = outlook.get();
        let code = outlook.headline?;
        let entry = latest_with(code);
        Some(view! {
            <p class="headline" data-testid="headline" data-code=code.code()>
                <strong>{event_label(locale, code)}</strong>
                {entry.map(|e| view! { <span class="when">{place_and_time(locale, &e)}</span> })}
            </p>
        })
    };

    let body = move || {
        let outlook = outlook.get();
        match outlook.status {
            ShipmentStatus::Delivered => {
                let entry = latest_with(EventCode::Delivered);
                view! { <DeliveredCard outlook entry fallback_city=destination_city.get_value()/> }.into_any()
            }
            ShipmentStatus::ReturnedToSender => view! {
                <section class="card returned" data-testid="returned-card">
                    <h2>{journey_text(locale, J::ReturnedHeading)}</h2>
                    <p>{journey_text(locale, J::ReturnedBody)}</p>
                </section>
            }
            .into_any(),
            _ => {
                let problem = outlook.problem.clone().map(|problem| {
                    let entry = latest_with(problem.code);
                    view! { <ProblemCard problem entry eta=outlook.eta.clone()/> }
                });
                view! {
                    {problem}
                    <EtaCard eta=outlook.eta.clone() lane=lane.get_value()/>
                }
                .into_any()
            }
        }
    };

    view! {
        <section class="status-panel" aria-live="polite" data-testid="status-panel">
            <h2 class="sr-only">{journey_text(locale, J::StatusHeading)}</h2>
            {headline}
            {body}
        </section>
    }
}

#[component]
fn EtaCard(eta: Option<EtaWindow>, lane: LaneNames) -> impl IntoView {
    let locale = use_locale();
    let Some(eta) = eta else {
        return view! {
            <section class="card eta unknown" data-testid="eta">
                <h2>{journey_text(locale, J::ExpectedDelivery)}</h2>
                <p class="why">{journey_text(locale, J::EtaUnknown)}</p>
            </section>
        }
        .into_any();
    };
    let holidays = (!eta.holidays.is_empty()).then(|| {
        let dates: Vec<String> = eta.holidays.iter().map(|d| format_date(locale, *d)).collect();
        let country = country_name(locale, &lane.destination_country);
        fill(journey_text(locale, J::EtaHolidays), &[("country", &country), ("dates", &dates.join(", "))])
    });
    view! {
        <section class="card eta" data-testid="eta">
            <h2>{journey_text(locale, J::ExpectedDelivery)}</h2>
            <p class="window" data-testid="eta-window">{format_date_range(locale, eta.earliest, eta.latest)}</p>
            {eta.running_late.then(|| view! { <p class="late">{journey_text(locale, J::EtaRunningLate)}</p> })}
            <p class="why" data-testid="eta-why">{why_line(locale, &eta, &lane)}</p>
            {holidays.map(|h| view! { <p class="holidays">{h}</p> })}
        </section>
    }
    .into_any()
}

/// One line on what the window rests on: which parcels, how long they took, from which milestone.
fn why_line(locale: Locale, eta: &EtaWindow, lane: &LaneNames) -> String {
    let template = match (eta.basis, &lane.carrier) {
        (EtaBasis::CarrierAndService, Some(_)) => J::EtaWhyCarrierAndService,
        (EtaBasis::CarrierAndService | EtaBasis::Service, _) => J::EtaWhyService,
        (EtaBasis::Countries, _) => J::EtaWhyCountries,
    };
    let (journeys, min, max) = (eta.journeys.to_string(), eta.min_days.to_string(), eta.max_days.to_string());
    let (origin, destination) =
        (country_name(locale, &lane.origin_country), country_name(locale, &lane.destination_country));
    fill(
        journey_text(locale, template),
        &[
            ("journeys", &journeys),
            ("service", service_label(locale, lane.service)),
            ("carrier", lane.carrier.as_deref().unwrap_or_default()),
            ("origin", &origin),
            ("destination", &destination),
            ("min", &min),
            ("max", &max),
            ("milestone", milestone_label(locale, eta.from)),
        ],
    )
}

#[component]
fn ProblemCard(problem: OpenProblem, entry: Option<TimelineEntry>, eta: Option<EtaWindow>) -> impl IntoView {
    let locale = use_locale();
    let action = problem.reason.and_then(|reason| reason_action(locale, reason));
    let action_required = problem.code == EventCode::CustomsActionRequired || action.is_some();
    let since = entry.as_ref().map_or_else(
        || format_local_time(locale, problem.since.fixed_offset()),
        |e| format_local_time(locale, e.occurred_at),
    );
    let heading = if action_required { J::ActionRequiredHeading } else { J::ProblemHeading };
    let class = if action_required { "card problem action-required" } else { "card problem" };
    view! {
        <section class=class role=if action_required { "alert" } else { "region" } data-testid="problem-card"
            data-code=problem.code.code() aria-labelledby="problem-heading">
            <h2 id="problem-heading">
                <span class="icon" aria-hidden="true">{if action_required { "!" } else { "⏳" }}</span>
                {journey_text(locale, heading)}
            </h2>
            <p class="reason">
                <strong>{event_label(locale, problem.code)}</strong>
                {problem.reason.map(|r| view! { ": "{reason_label(locale, r)} })}
            </p>
            <p class="since">{fill(journey_text(locale, J::ProblemSince), &[("time", &since)])}</p>
            {match action {
                Some(action) => view! {
                    <div class="your-action" data-testid="customer-action">
                        <h3>{journey_text(locale, J::YourAction)}</h3>
                        <p>{action}</p>
                        {problem.customer_action.clone().map(|words| view! {
                            <p class="carrier-words">
                                <span class="label">{journey_text(locale, J::CarrierSays)}": "</span>
                                <q>{words}</q>
                            </p>
                        })}
                    </div>
                }.into_any(),
                None => view! { <p class="no-action">{journey_text(locale, J::NoActionNeeded)}</p> }.into_any(),
            }}
            {eta.map(|eta| view! {
                <p class="new-eta">
                    <span class="label">{journey_text(locale, J::NewExpectedDelivery)}": "</span>
                    <strong>{format_date_range(locale, eta.earliest, eta.latest)}</strong>
                </p>
            })}
        </section>
    }
}

#[component]
fn DeliveredCard(outlook: Outlook, entry: Option<TimelineEntry>, fallback_city: String) -> impl IntoView {
    let locale = use_locale();
    let when = entry.as_ref().map(|e| {
        let city = e.city.clone().unwrap_or(fallback_city);
        fill(
            journey_text(locale, J::DeliveredAtIn),
            &[("time", &format_local_time(locale, e.occurred_at)), ("city", &city)],
        )
    });
    let proof = outlook.proof.map(|proof| {
        view! {
            <dl class="proof" data-testid="proof">
                <dt>{journey_text(locale, J::ProofMethod)}</dt>
                <dd data-testid="proof-method">{delivery_method_label(locale, proof.method)}</dd>
                {proof.signed_by.map(|name| view! {
                    <dt>{journey_text(locale, J::SignedBy)}</dt>
                    <dd>{name.as_str().to_owned()}</dd>
                })}
                {proof.photo_url.map(|url| view! {
                    <dt>{journey_text(locale, J::ProofPhoto)}</dt>
                    <dd><img class="proof-photo" src=url.as_str().to_owned() alt=journey_text(locale, J::ProofPhoto)
                        loading="lazy" width="320" height="240"/></dd>
                })}
            </dl>
            {proof.point.map(|_| view! { <p class="proof-pin">{journey_text(locale, J::ProofPin)}</p> })}
        }
    });
    view! {
        <section class="card delivered" data-testid="delivered-card">
            <h2><span class="icon" aria-hidden="true">"✓"</span>{journey_text(locale, J::DeliveredHeading)}</h2>
            {when.map(|w| view! { <p class="when">{w}</p> })}
            {proof}
        </section>
    }
}

/// "Fri 27 Nov, 14:05 (UTC+8) · Los Angeles, United States"
pub(crate) fn place_and_time(locale: Locale, entry: &TimelineEntry) -> String {
    use crate::i18n::datetime::utc_offset_label;
    let time =
        format!("{} ({})", format_local_time(locale, entry.occurred_at), utc_offset_label(*entry.occurred_at.offset()));
    let place = match (&entry.city, &entry.country) {
        (Some(city), Some(country)) => Some(format!("{city}, {}", country_name(locale, country.as_str()))),
        (Some(city), None) => Some(city.clone()),
        (None, Some(country)) => Some(country_name(locale, country.as_str())),
        (None, None) => None,
    };
    match place {
        Some(place) => format!("{time} · {place}"),
        None => time,
    }
}
