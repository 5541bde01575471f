//! The trusted-update timeline, newest first: each scan with its local time and zone, city
//! and country, who handled it, and for the newest one what happens next. While the parcel
//! is between key scans (a long flight or sailing), a note says when the next one is due.

use super::status::place_and_time;
use crate::domain::EventCode;
use crate::i18n::journey::{actor_label, event_label, journey_text, next_step, JourneyText as J};
use crate::i18n::template::fill;
use crate::i18n::{milestone_label, use_locale};
use crate::model::journey::{Outlook, TimelineEntry};
use leptos::prelude::*;

#[component]
pub fn Timeline(
    timeline: RwSignal<Vec<TimelineEntry>>,
    outlook: RwSignal<Outlook>,
    /// Carrier slug → the name shoppers know.
    carrier_names: Vec<(String, String)>,
) -> impl IntoView {
    let locale = use_locale();
    let carrier_names = StoredValue::new(carrier_names);
    let carrier_name = move |slug: &str| {
        carrier_names.with_value(|names| names.iter().find(|(s, _)| s == slug).map(|(_, name)| name.clone()))
    };

    let next_scan_note = move || {
        let next = outlook.with(|o| o.next_scan.clone())?;
        let template = if next.min_days == 0 { J::NextScanWithin } else { J::NextScanRange };
        let (min, max) = (next.min_days.to_string(), next.max_days.to_string());
        let note = fill(
            journey_text(locale, template),
            &[("milestone", milestone_label(locale, next.milestone)), ("min", &min), ("max", &max)],
        );
        Some(view! { <p class="next-scan" data-testid="next-scan">{note}</p> })
    };

    let entries = move || {
        let entries = timeline.get();
        let newest = entries.last().map(|e| e.id);
        entries
            .into_iter()
            .rev()
            .map(|entry| {
                let is_newest = Some(entry.id) == newest;
                let carrier = entry.carrier.as_deref().map(|slug| carrier_name(slug).unwrap_or_else(|| slug.to_owned()));
                let who = match carrier {
                    Some(name) => format!("{} · {name}", actor_label(locale, entry.actor)),
                    None => actor_label(locale, entry.actor).to_owned(),
                };
                let class = format!(
                    "entry{}{}",
                    if entry.code.milestone().is_some() { " key-scan" } else { "" },
                    if entry.code.is_problem() { " problem" } else { "" }
                );
                let next = is_newest.then(|| next_step(locale, entry.code)).flatten();
                view! {
                    <li class=class data-code=entry.code.code() data-id=entry.id data-testid="timeline-entry">
                        <p class="what">{event_label(locale, entry.code)}</p>
                        <p class="where-when">
                            <time datetime=entry.occurred_at.to_rfc3339() title=entry.time_zone.clone().unwrap_or_default()>
                                {place_and_time(locale, &entry)}
                            </time>
                        </p>
                        <p class="who">{who}</p>
                        {entry.description.clone().filter(|_| entry.code != EventCode::LabelCreated).map(|words| view! {
                            <p class="carrier-words">
                                <span class="sr-only">{journey_text(locale, J::CarrierSays)}": "</span>
                                <q>{words}</q>
                            </p>
                        })}
                        {next.map(|next| view! {
                            <p class="next-step" data-testid="next-step">
                                <span class="label">{journey_text(locale, J::WhatHappensNext)}": "</span>
                                {next}
                            </p>
                        })}
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{journey_text(locale, J::TimelineHeading)}</h2>
            {next_scan_note}
            <ol class="entries" data-testid="timeline">{entries}</ol>
        </section>
    }
}
