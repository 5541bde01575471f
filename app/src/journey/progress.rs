//! The eight milestones as a progress bar with real progressbar semantics.

use super::model::JourneyView;
use crate::domain::{Milestone, Progress};
use crate::i18n::{milestone_label, use_locale, use_text, Text};
use leptos::prelude::*;

#[component]
pub fn ProgressTrack(journey: JourneyView, progress: Progress) -> impl IntoView {
    let t = use_text();
    let locale = use_locale();
    let percent = progress.percent();
    let value_text = match progress.furthest() {
        Some(m) => format!("{} ({percent}%)", milestone_label(locale, m)),
        None => format!("{percent}%"),
    };
    let next = progress.next();

    view! {
        <section class="progress" aria-labelledby="progress-heading">
            <h2 id="progress-heading" class="sr-only">{t(Text::JourneyProgress)}</h2>
            <div
                class="progress-bar"
                role="progressbar"
                aria-labelledby="progress-heading"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=percent.to_string()
                aria-valuetext=value_text
            >
                <div class="progress-fill" style=format!("width: {percent}%")></div>
            </div>
            <ol class="milestones">
                {Milestone::ALL
                    .into_iter()
                    .map(|milestone| {
                        let done = progress.is_done(milestone);
                        let reached_at = journey
                            .milestones
                            .iter()
                            .find(|r| r.milestone == milestone)
                            .map(|r| r.reached_at.format("%d %b %H:%M UTC").to_string());
                        let state = if done {
                            "done"
                        } else if Some(milestone) == next {
                            "next"
                        } else {
                            "pending"
                        };
                        view! {
                            <li class=format!("milestone {state}") data-milestone=milestone.code()>
                                <span class="dot" aria-hidden="true"></span>
                                <span class="name">{milestone_label(locale, milestone)}</span>
                                <span class="sr-only">
                                    " — "
                                    {match state {
                                        "done" => t(Text::Reached),
                                        "next" => t(Text::NextUp),
                                        _ => t(Text::Pending),
                                    }}
                                </span>
                                {reached_at.map(|at| view! { <time class="when">{at}</time> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
