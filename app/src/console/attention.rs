//! `/console`, the console's home: the merchant's parcels under way that need a look, most
//! urgent reason first, each with its age, stage, carrier and lane and the words its
//! shopper's journey page shows. A count per reason heads the page and filters it; the list
//! sorts by age, lane or carrier. Filter and sort are the page's query (`?kind=&sort=`), so a
//! view can be bookmarked and works before the wasm loads.

use super::age_label;
use crate::domain::attention::AttentionKind;
use crate::errors::ServerError;
use crate::i18n::console::{console_text, kind_label, ConsoleText as C};
use crate::i18n::countries::country_name;
use crate::i18n::datetime::format_date;
use crate::i18n::journey::{event_label, journey_text, reason_action, reason_label, JourneyText};
use crate::i18n::template::fill;
use crate::i18n::{milestone_label, use_locale, Locale, Text};
use crate::model::console::{AttentionItem, AttentionList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/console/api", endpoint = "attention")]
pub async fn needs_attention() -> Result<AttentionList, ServerFnError> {
    let (console, who) = super::desk()?;
    console.attention(&who).await.map_err(super::failed)
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Oldest,
    Newest,
    Lane,
    Carrier,
}

impl SortBy {
    const ALL: [Self; 4] = [Self::Oldest, Self::Newest, Self::Lane, Self::Carrier];

    fn code(self) -> &'static str {
        match self {
            Self::Oldest => "oldest",
            Self::Newest => "newest",
            Self::Lane => "lane",
            Self::Carrier => "carrier",
        }
    }

    fn label(self) -> C {
        match self {
            Self::Oldest => C::SortOldest,
            Self::Newest => C::SortNewest,
            Self::Lane => C::SortLane,
            Self::Carrier => C::SortCarrier,
        }
    }

    fn parse(code: &str) -> Self {
        Self::ALL.into_iter().find(|s| s.code() == code).unwrap_or_default()
    }
}

/// The items shown for a filter and a sort; ties keep the oldest first.
pub fn shown(list: &AttentionList, kind: Option<AttentionKind>, sort: SortBy) -> Vec<AttentionItem> {
    let mut items: Vec<AttentionItem> =
        list.items.iter().filter(|item| kind.is_none_or(|k| item.kinds.contains(&k))).cloned().collect();
    items.sort_by(|a, b| {
        let oldest = a.since.cmp(&b.since).then(a.shipment_id.cmp(&b.shipment_id));
        match sort {
            SortBy::Oldest => oldest,
            SortBy::Newest => oldest.reverse(),
            SortBy::Lane => a.lane().cmp(&b.lane()).then(oldest),
            SortBy::Carrier => a.carrier.cmp(&b.carrier).then(oldest),
        }
    });
    items
}

#[component]
pub fn AttentionPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let list = Resource::new(|| (), |_| needs_attention());
    let query = use_query_map();
    let kind = move || query.read().get("kind").as_deref().and_then(AttentionKind::parse);
    let sort = move || SortBy::parse(query.read().get("sort").as_deref().unwrap_or_default());
    view! {
        <Title text=text(C::NavAttention)/>
        <section class="console-page attention">
            <h1>{text(C::NavAttention)}</h1>
            <p class="tagline">{text(C::AttentionIntro)}</p>
            <Suspense fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <Attention list kind=Signal::derive(kind) sort=Signal::derive(sort)/> }.into_any(),
                        Err(_) => view! { <ServerError/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Attention(list: AttentionList, kind: Signal<Option<AttentionKind>>, sort: Signal<SortBy>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let href = move |k: Option<AttentionKind>| {
        // Both codes are plain ASCII words: nothing to escape.
        let mut pairs = Vec::new();
        if let Some(k) = k {
            pairs.push(format!("kind={}", k.code()));
        }
        if sort.get() != SortBy::Oldest {
            pairs.push(format!("sort={}", sort.get().code()));
        }
        let query = pairs.join("&");
        if query.is_empty() {
            super::PREFIX.to_owned()
        } else {
            format!("{}?{query}", super::PREFIX)
        }
    };
    let chip = move |k: Option<AttentionKind>, label: String, count: usize| {
        view! {
            <li>
                <a href=move || href(k) aria-current=move || (kind.get() == k).then_some("true")
                    data-kind=k.map_or("all", AttentionKind::code)>
                    {label}" "<span class="count">{count}</span>
                </a>
            </li>
        }
    };
    let chips = std::iter::once(chip(None, text(C::AllKinds).to_owned(), list.items.len()))
        .chain(AttentionKind::ALL.into_iter().map(|k| chip(Some(k), kind_label(locale, k).to_owned(), list.count(k))))
        .collect_view();
    let checked = fill(text(C::CheckedUnderWay), &[("count", &list.checked.to_string())]);
    let as_of = list.as_of;
    let everything = list.items.is_empty();
    let items = {
        let list = list.clone();
        move || shown(&list, kind.get(), sort.get())
    };
    view! {
        <nav class="attention-kinds" aria-label=text(C::KindsLabel)>
            <ul>{chips}</ul>
        </nav>
        <form method="get" class="attention-sort">
            {move || kind.get().map(|k| view! { <input type="hidden" name="kind" value=k.code()/> })}
            <label for="attention-sort">{text(C::SortLabel)}</label>
            <select id="attention-sort" name="sort">
                {SortBy::ALL
                    .into_iter()
                    .map(|s| view! { <option value=s.code() selected=move || sort.get() == s>{text(s.label())}</option> })
                    .collect_view()}
            </select>
            <button type="submit">{text(C::Apply)}</button>
        </form>
        <p class="checked">{checked}</p>
        {move || {
            let items = items();
            if items.is_empty() {
                let key = if everything { C::AttentionNone } else { C::NoneOfKind };
                view! { <p class="attention-empty" data-testid="attention-empty">{text(key)}</p> }.into_any()
            } else {
                view! {
                    <ul class="attention-list" data-testid="attention-list">
                        {items.into_iter().map(|item| view! { <AttentionCard item as_of/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }
        }}
    }
}

/// What the shopper's page says about the parcel: its problem and what to do, or its news.
fn shopper_words(locale: Locale, item: &AttentionItem) -> (String, Option<&'static str>) {
    match &item.problem {
        Some(problem) => {
            let mut words = event_label(locale, problem.code).to_owned();
            if let Some(reason) = problem.reason {
                words = format!("{words}: {}", reason_label(locale, reason));
            }
            (words, problem.reason.and_then(|r| reason_action(locale, r)))
        }
        None => (item.headline.map(|h| event_label(locale, h)).unwrap_or_default().to_owned(), None),
    }
}

#[component]
fn AttentionCard(item: AttentionItem, as_of: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let (words, action) = shopper_words(locale, &item);
    let carrier_says = item.problem.as_ref().and_then(|p| p.customer_action.clone());
    let stage = item.stage.map_or_else(|| text(C::NotScannedYet).to_owned(), |m| milestone_label(locale, m).to_owned());
    let lane = format!("{} → {}", country_name(locale, &item.origin), country_name(locale, &item.destination));
    let silent = item.kinds.contains(&AttentionKind::Silent).then(|| {
        let days = item.last_event_at.map_or(0, |at| (as_of - at).num_days());
        fill(text(C::SilentFor), &[("days", &days.to_string()), ("usual", &item.usual_silence_days.to_string())])
    });
    let promised = item
        .kinds
        .contains(&AttentionKind::EtaMissed)
        .then(|| item.promised_by.map(|d| fill(text(C::PromisedBy), &[("date", &format_date(locale, d))])))
        .flatten();
    let first = item.kinds.first().copied().unwrap_or(AttentionKind::Exception);
    view! {
        <li class=format!("attention-item {}", first.code()) data-testid="attention-item" data-tracking=item.tracking_number.clone()>
            <p class="attention-head">
                <a class="tracking" href=super::shipments::shipment_path(&item.tracking_number)>{item.tracking_number.clone()}</a>
                {item.order_ref.clone().map(|order| view! {
                    <span class="order">{fill(text(C::OrderRef), &[("order", &order)])}</span>
                })}
            </p>
            <ul class="attention-kinds-of" aria-label=text(C::ColWhy)>
                {item.kinds.iter().map(|k| view! { <li class=format!("kind {}", k.code())>{kind_label(locale, *k)}</li> }).collect_view()}
            </ul>
            <dl class="attention-facts">
                <div><dt>{text(C::ColAge)}</dt><dd>{age_label(locale, item.since, as_of)}</dd></div>
                <div><dt>{text(C::ColStage)}</dt><dd>{stage}</dd></div>
                <div><dt>{text(C::ColCarrier)}</dt><dd>{item.carrier.clone().unwrap_or_else(|| text(C::UnknownCarrier).to_owned())}</dd></div>
                <div><dt>{text(C::ColLane)}</dt><dd>{lane}</dd></div>
            </dl>
            {silent.map(|s| view! { <p class="attention-note">{s}</p> })}
            {promised.map(|p| view! { <p class="attention-note">{p}</p> })}
            <div class="shopper-reads">
                <p class="label">{text(C::ColShopperSees)}</p>
                <p><q>{words}</q></p>
                {action.map(|a| view! { <p class="action">{a}</p> })}
                {carrier_says.map(|words| view! {
                    <p class="action">
                        <span class="label">{journey_text(locale, JourneyText::CarrierSays)}": "</span>
                        <q>{words}</q>
                    </p>
                })}
            </div>
            <form method="post" action=super::JOURNEYS_PATH class="open-journey">
                <input type="hidden" name="tracking_number" value=item.tracking_number.clone()/>
                <button type="submit" aria-label=fill(text(C::OpenJourneyOf), &[("number", &item.tracking_number)])>
                    {text(C::OpenJourney)}
                </button>
            </form>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shipment_state::ShipmentStatus;

    fn item(id: i64, since: &str, kinds: Vec<AttentionKind>, lane: (&str, &str), carrier: &str) -> AttentionItem {
        AttentionItem {
            shipment_id: id,
            tracking_number: format!("TP{id}"),
            order_ref: None,
            kinds,
            since: since.parse().unwrap(),
            stage: None,
            status: ShipmentStatus::InTransit,
            carrier: Some(carrier.into()),
            origin: lane.0.into(),
            destination: lane.1.into(),
            problem: None,
            headline: None,
            last_event_at: None,
            usual_silence_days: 7,
            promised_by: None,
        }
    }

    #[test]
    fn filters_by_reason_and_sorts_by_age_lane_or_carrier() {
        use AttentionKind::*;
        let list = AttentionList {
            items: vec![
                item(1, "2026-12-02T00:00:00Z", vec![Silent], ("CN", "US"), "Yun"),
                item(2, "2026-11-30T00:00:00Z", vec![CustomsAction, EtaMissed], ("DE", "GB"), "DHL"),
                item(3, "2026-12-01T00:00:00Z", vec![EtaMissed], ("CN", "DE"), "Cainiao"),
            ],
            checked: 10,
            as_of: "2026-12-04T00:00:00Z".parse().unwrap(),
        };
        let ids = |items: Vec<AttentionItem>| items.into_iter().map(|i| i.shipment_id).collect::<Vec<_>>();
        assert_eq!(ids(shown(&list, None, SortBy::Oldest)), [2, 3, 1]);
        assert_eq!(ids(shown(&list, None, SortBy::Newest)), [1, 3, 2]);
        assert_eq!(ids(shown(&list, None, SortBy::Lane)), [3, 1, 2]);
        assert_eq!(ids(shown(&list, None, SortBy::Carrier)), [3, 2, 1]);
        assert_eq!(ids(shown(&list, Some(EtaMissed), SortBy::Oldest)), [2, 3]);
        assert_eq!((list.count(EtaMissed), list.count(Exception)), (2, 0));
        assert_eq!(SortBy::parse("nonsense"), SortBy::Oldest);
    }
}
