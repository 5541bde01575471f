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
                            .map(|r| (r.reached_at.to_rfc3339(), r.reached_at.format("%d %b %H:%M UTC").to_string()));
                        let state = if done {
                            Step::Done
                        } else if Some(milestone) == next {
                            Step::Next
                        } else {
                            Step::Pending
                        };
                        view! {
                            <li class=format!("milestone {}", state.class()) data-milestone=milestone.code()>
                                <span class="dot" aria-hidden="true"></span>
                                <span class="name">{milestone_label(locale, milestone)}</span>
                                <span class="sr-only">" — "{t(state.text())}</span>
                                {reached_at.map(|(iso, shown)| view! { <time class="when" datetime=iso>{shown}</time> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// Where one milestone stands in the journey.
#[derive(Clone, Copy)]
enum Step {
    Done,
    Next,
    Pending,
}

impl Step {
    fn class(self) -> &'static str {
        match self {
            Step::Done => "done",
            Step::Next => "next",
            Step::Pending => "pending",
        }
    }

    fn text(self) -> Text {
        match self {
            Step::Done => Text::Reached,
            Step::Next => Text::NextUp,
            Step::Pending => Text::Pending,
        }
    }
}
