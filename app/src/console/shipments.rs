//! `/console/shipments`: find a shipment by any of its tracking numbers, its order reference
//! or its shopper's email; and `/console/shipments/{number}`, everything about one shipment:
//! its legs, every event with its source, receipt time and what the source sent, the
//! shopper's rewards, the journey page and its sharing, and what the seller can do about it
//! (add an event by hand, validated as the API does; issue a new journey link).

use super::{JOURNEYS_PATH, SHIPMENTS_PATH};
use crate::domain::event::{EventCode, ReasonCode};
use crate::errors::{NotFound, ServerError};
use crate::i18n::console::{console_text, ConsoleText as C};
use crate::i18n::countries::country_name;
use crate::i18n::datetime::format_local_time;
use crate::i18n::journey::{event_label, reason_label};
use crate::i18n::template::fill;
use crate::i18n::{milestone_label, use_locale, Text};
use crate::model::console::{EventAdded, ShipmentDetail, ShipmentHit};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(prefix = "/console/api", endpoint = "shipments/find")]
pub async fn find_shipments(query: String) -> Result<Vec<ShipmentHit>, ServerFnError> {
    let (console, who) = super::desk()?;
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    console.find_shipments(&who, &query).await.map_err(super::failed)
}

#[server(prefix = "/console/api", endpoint = "shipments/get")]
pub async fn get_shipment(tracking_number: String) -> Result<Option<ShipmentDetail>, ServerFnError> {
    let (console, who) = super::desk()?;
    console.shipment(&who, &tracking_number).await.map_err(super::failed)
}

/// The add-event form as posted (`event[code]`, …): text fields, empty when left blank.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HandEvent {
    pub code: String,
    /// A `datetime-local` value, in UTC (the form says so).
    pub occurred_at: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub customer_action: String,
}

impl HandEvent {
    /// The native API's event JSON; blank fields are left out, so the API's rules decide.
    pub fn to_json(&self) -> serde_json::Value {
        let given = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let mut event = serde_json::json!({ "code": self.code, "actor": "merchant" });
        if let Some(at) = given(&self.occurred_at) {
            // `datetime-local` gives minutes, sometimes seconds, never an offset.
            event["occurred_at"] = (if at.len() == 16 { format!("{at}:00Z") } else { format!("{at}Z") }).into();
        }
        let mut location = serde_json::Map::new();
        if let Some(city) = given(&self.city) {
            location.insert("city".into(), city.into());
        }
        if let Some(country) = given(&self.country) {
            location.insert("country".into(), country.to_uppercase().into());
        }
        if !location.is_empty() {
            event["location"] = location.into();
        }
        for (key, value) in
            [("description", &self.description), ("reason", &self.reason), ("customer_action", &self.customer_action)]
        {
            if let Some(value) = given(value) {
                event[key] = value.into();
            }
        }
        event
    }
}

#[server(prefix = "/console/api", endpoint = "shipments/add-event")]
pub async fn add_shipment_event(tracking_number: String, event: HandEvent) -> Result<EventAdded, ServerFnError> {
    let (console, who) = super::desk()?;
    console
        .add_event(&who, &tracking_number, event.to_json())
        .await
        .map_err(super::failed)?
        .ok_or_else(|| super::not_found("shipment with this tracking number"))
}

/// A new journey link for the shopper, as an absolute address to send them.
#[server(prefix = "/console/api", endpoint = "shipments/new-link")]
pub async fn new_journey_link(tracking_number: String) -> Result<String, ServerFnError> {
    let (console, who) = super::desk()?;
    let path = console
        .new_journey_link(&who, &tracking_number)
        .await
        .map_err(super::failed)?
        .ok_or_else(|| super::not_found("shipment with this tracking number"))?;
    let services = expect_context::<crate::ports::AppServices>();
    Ok(format!("{}{path}", crate::share::page::site_base(&services).await))
}

pub fn shipment_path(tracking_number: &str) -> String {
    format!("{SHIPMENTS_PATH}/{tracking_number}")
}

#[component]
pub fn FindShipmentPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let found = Resource::new(q, find_shipments);
    view! {
        <Title text=text(C::NavShipments)/>
        <section class="console-page">
            <h1>{text(C::NavShipments)}</h1>
            <form method="get" action=SHIPMENTS_PATH class="console-form search" role="search">
                <label for="shipment-query">{text(C::FindLabel)}</label>
                <input id="shipment-query" name="q" type="search" value=q maxlength="254" aria-describedby="find-hint"/>
                <p id="find-hint" class="hint">{text(C::FindHint)}</p>
                <button type="submit">{text(C::Find)}</button>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(hits) if hits.is_empty() && !q().trim().is_empty() => {
                            view! { <p class="console-message" role="status">{text(C::NothingFound)}</p> }.into_any()
                        }
                        Ok(hits) => view! {
                            <ul class="found-shipments" data-testid="found-shipments">
                                {hits.into_iter().map(|hit| view! {
                                    <li>
                                        <a href=shipment_path(&hit.tracking_number) class="tracking">{hit.tracking_number.clone()}</a>
                                        {hit.order_ref.map(|o| view! { " " <span class="order">{fill(text(C::OrderRef), &[("order", &o)])}</span> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(_) => view! { <ServerError/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ShipmentPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let add = ServerAction::<AddShipmentEvent>::new();
    let detail = Resource::new(move || (number(), add.version().get()), |(number, _)| get_shipment(number));
    view! {
        <Suspense fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(Some(detail)) => view! { <Shipment detail add/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Shipment(detail: ShipmentDetail, add: ServerAction<AddShipmentEvent>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let spec = detail.spec.clone();
    let route = format!(
        "{}, {} → {}, {}",
        spec.origin.city,
        country_name(locale, spec.origin.country.as_str()),
        spec.destination.city,
        country_name(locale, spec.destination.country.as_str())
    );
    let stage =
        detail.stage.map_or_else(|| text(C::NotScannedYet).to_owned(), |m| milestone_label(locale, m).to_owned());
    let shopper = spec.shopper.clone();
    let shared = if detail.share_links.is_empty() {
        text(C::NotShared).to_owned()
    } else {
        fill(text(C::SharedLinks), &[("count", &detail.share_links.len().to_string())])
    };
    let minutes = (detail.seconds_on_page / 60).to_string();
    let number = detail.tracking_number.clone();
    view! {
        <Title text=detail.tracking_number.clone()/>
        <section class="console-page shipment" data-testid="shipment-detail">
            <p class="breadcrumb"><a href=SHIPMENTS_PATH>{text(C::NavShipments)}</a></p>
            <h1 class="tracking">{detail.tracking_number.clone()}</h1>
            <p class="route">{route}</p>
            <dl class="attention-facts">
                <div><dt>{text(C::ColStage)}</dt><dd data-testid="shipment-stage">{stage}</dd></div>
                <div><dt>{crate::i18n::text(locale, Text::JourneyProgress)}</dt><dd>{format!("{} %", detail.progress_percent)}</dd></div>
                <div><dt>{text(C::OrderLabel)}</dt><dd>{spec.order_ref.map(|o| o.as_str().to_owned()).unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{text(C::ShopperLabel)}</dt><dd>{shopper.name.map(|n| n.as_str().to_owned()).unwrap_or_else(|| shopper.reference.as_str().to_owned())}</dd></div>
                <div><dt>{text(C::EmailLabel)}</dt><dd>{shopper.email.map(|e| e.as_str().to_owned()).unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{text(C::CreatedLabel)}</dt><dd>{format_local_time(locale, detail.created_at.fixed_offset())}</dd></div>
            </dl>

            <h2>{text(C::LegsHeading)}</h2>
            {spec.legs.is_empty().then(|| view! { <p>{text(C::NoLegs)}</p> })}
            <ol class="legs">
                {spec.legs.iter().map(|leg| view! {
                    <li>
                        <strong>{leg.carrier_name.as_ref().map_or_else(|| leg.carrier.as_str().to_owned(), |n| n.as_str().to_owned())}</strong>
                        " " <code>{leg.tracking_number.as_str().to_owned()}</code>
                    </li>
                }).collect_view()}
            </ol>

            <h2>{text(C::JourneyPageHeading)}</h2>
            <p>{fill(text(C::PageViews), &[("views", &detail.page_views.to_string()), ("minutes", &minutes)])}</p>
            <p data-testid="share-state">{shared}</p>
            <p>{fill(text(C::RewardsLine), &[("points", &detail.rewards.points.to_string()), ("badges", &detail.rewards.badges.len().to_string())])}</p>
            <div class="shipment-actions">
                <form method="post" action=JOURNEYS_PATH>
                    <input type="hidden" name="tracking_number" value=number.clone()/>
                    <button type="submit">{text(C::OpenJourney)}</button>
                </form>
                <NewLink number=number.clone()/>
            </div>

            <h2>{text(C::AddEventHeading)}</h2>
            <AddEvent number=number.clone() add now=detail.as_of/>

            <h2>{text(C::EventsHeading)}</h2>
            <ol class="console-events" data-testid="console-events">
                {detail.events.into_iter().map(|stored| {
                    let event = stored.event;
                    let raw = serde_json::to_string_pretty(&event.raw).unwrap_or_default();
                    let has_raw = !event.raw.is_null();
                    view! {
                        <li data-testid="console-event" data-code=event.code.code()>
                            <p class="event-head">
                                <strong>{event_label(locale, event.code)}</strong>
                                {event.reason.map(|r| view! { ": "{reason_label(locale, r)} })}
                            </p>
                            <p class="event-meta">
                                {format_local_time(locale, event.occurred_at)}
                                {event.location.city.as_ref().map(|c| format!(" · {}", c.as_str()))}
                                " · " {fill(text(C::SourceIs), &[("source", event.source.code())])}
                                " · " {fill(text(C::ReceivedAt), &[("time", &format_local_time(locale, stored.received_at.fixed_offset()))])}
                            </p>
                            {has_raw.then(|| view! {
                                <details>
                                    <summary>{text(C::RawPayload)}</summary>
                                    <pre class="raw-payload">{raw}</pre>
                                </details>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn NewLink(number: String) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let issue = ServerAction::<NewJourneyLink>::new();
    view! {
        <ActionForm action=issue>
            <input type="hidden" name="tracking_number" value=number/>
            <button type="submit" data-testid="new-link">{text(C::NewLink)}</button>
        </ActionForm>
        {move || issue.value().get().map(|result| match result {
            Ok(url) => view! {
                <div class="console-message done" role="status">
                    <p>{text(C::NewLinkMade)}</p>
                    <p class="new-key"><code data-testid="journey-link">{url}</code></p>
                </div>
            }.into_any(),
            Err(_) => view! { <p class="console-message error" role="alert">{text(C::ActionFailed)}</p> }.into_any(),
        })}
    }
}

/// The codes a seller may add by hand: what happened, never a position ping or a label.
const HAND_CODES: [EventCode; 13] = [
    EventCode::CarrierReceived,
    EventCode::DepartedOrigin,
    EventCode::InTransit,
    EventCode::ArrivedDestination,
    EventCode::CustomsHeld,
    EventCode::CustomsActionRequired,
    EventCode::CustomsCleared,
    EventCode::Exception,
    EventCode::OutForDelivery,
    EventCode::DeliveryAttemptFailed,
    EventCode::AvailableForPickup,
    EventCode::Delivered,
    EventCode::ReturnedToSender,
];

#[component]
fn AddEvent(number: String, add: ServerAction<AddShipmentEvent>, now: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let now = now.format("%Y-%m-%dT%H:%M").to_string();
    let outcome = move || {
        add.value().get().map(|result| match result {
            Ok(EventAdded::Added) => view! { <p class="console-message done" role="status" data-testid="event-outcome">{text(C::EventAdded)}</p> }.into_any(),
            Ok(EventAdded::Duplicate) => view! { <p class="console-message" role="status" data-testid="event-outcome">{text(C::EventDuplicate)}</p> }.into_any(),
            Ok(EventAdded::Invalid { field, reason }) => view! {
                <p class="console-message error" role="alert" data-testid="event-outcome" data-field=field.clone()>
                    {fill(text(C::EventInvalid), &[("field", &field), ("reason", &reason)])}
                </p>
            }.into_any(),
            Err(_) => view! { <p class="console-message error" role="alert" data-testid="event-outcome">{text(C::ActionFailed)}</p> }.into_any(),
        })
    };
    view! {
        {outcome}
        <ActionForm action=add attr:class="console-form add-event">
            <input type="hidden" name="tracking_number" value=number/>
            <label for="event-code">{text(C::EventCodeLabel)}</label>
            <select id="event-code" name="event[code]">
                {HAND_CODES.into_iter().map(|code| view! { <option value=code.code()>{event_label(locale, code)}</option> }).collect_view()}
            </select>
            <label for="event-at">{text(C::EventTimeLabel)}</label>
            <input id="event-at" name="event[occurred_at]" type="datetime-local" value=now required/>
            <label for="event-city">{text(C::EventCityLabel)}</label>
            <input id="event-city" name="event[city]" maxlength="80"/>
            <label for="event-country">{text(C::EventCountryLabel)}</label>
            <input id="event-country" name="event[country]" maxlength="2" autocapitalize="characters" aria-describedby="country-hint"/>
            <p id="country-hint" class="hint">{text(C::CountryHint)}</p>
            <label for="event-reason">{text(C::EventReasonLabel)}</label>
            <select id="event-reason" name="event[reason]">
                <option value="">"—"</option>
                {ReasonCode::ALL.into_iter().map(|r| view! { <option value=r.code()>{reason_label(locale, r)}</option> }).collect_view()}
            </select>
            <label for="event-description">{text(C::EventDescriptionLabel)}</label>
            <input id="event-description" name="event[description]" maxlength="500"/>
            <label for="event-action">{text(C::EventActionLabel)}</label>
            <input id="event-action" name="event[customer_action]" maxlength="500"/>
            <button type="submit" data-testid="add-event">{text(C::AddEvent)}</button>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_apis_event_json() {
        let form = HandEvent {
            code: "customs_held".into(),
            occurred_at: "2026-12-04T09:30".into(),
            city: "Frankfurt".into(),
            country: "de".into(),
            description: " ".into(),
            reason: "duties_assessment".into(),
            customer_action: String::new(),
        };
        assert_eq!(
            form.to_json(),
            serde_json::json!({
                "code": "customs_held", "actor": "merchant", "occurred_at": "2026-12-04T09:30:00Z",
                "location": {"city": "Frankfurt", "country": "DE"}, "reason": "duties_assessment",
            })
        );
    }
}
