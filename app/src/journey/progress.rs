//! The eight milestones as a progress bar with real progressbar semantics.

use crate::domain::design::ShopWords;
use crate::domain::{Milestone, Progress};
use crate::i18n::datetime::{format_local_time, utc_offset_label};
use crate::i18n::rewards::shop_story;
use crate::i18n::{milestone_label, use_locale, use_text, Text};
use crate::model::journey::{MilestoneReached, TimelineEntry};
use leptos::prelude::*;

/// Follows the live stream: a milestone reached while the page is open fills in at once.
#[component]
pub fn ProgressTrack(
    milestones: RwSignal<Vec<MilestoneReached>>,
    /// For each milestone's local time: the scan that reached it, where it happened.
    timeline: RwSignal<Vec<TimelineEntry>>,
) -> impl IntoView {
    let t = use_text();
    let locale = use_locale();
    let words = use_context::<ShopWords>().unwrap_or_default();
    let progress = Memo::new(move |_| milestones.with(|m| Progress::from_reached(m.iter().map(|r| r.milestone))));
    let percent = move || progress.get().percent();
    let value_text = move || {
        let progress = progress.get();
        match progress.furthest() {
            Some(m) => format!("{} ({}%)", milestone_label(locale, m), progress.percent()),
            None => format!("{}%", progress.percent()),
        }
    };

    view! {
        <section class="progress" aria-labelledby="progress-heading">
            <h2 id="progress-heading" class="sr-only">{t(Text::JourneyProgress)}</h2>
            <div
                class="progress-bar"
                role="progressbar"
                aria-labelledby="progress-heading"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=move || percent().to_string()
                aria-valuetext=value_text
            >
                <div class="progress-fill" style=move || format!("width: {}%", percent())></div>
            </div>
            <ol class="milestones">
                {Milestone::ALL
                    .into_iter()
                    .map(|milestone| {
                        let state = move || {
                            let progress = progress.get();
                            if progress.is_done(milestone) {
                                Step::Done
                            } else if Some(milestone) == progress.next() {
                                Step::Next
                            } else {
                                Step::Pending
                            }
                        };
                        let reached_at = move || {
                            let at = milestones
                                .with(|m| m.iter().find(|r| r.milestone == milestone).map(|r| r.reached_at))?;
                            // The scan that reached it gives the local time; UTC when it is not shown.
                            let local = timeline.with(|entries| {
                                entries
                                    .iter()
                                    .find(|e| e.code.milestone() == Some(milestone) && e.occurred_at.to_utc() == at)
                                    .map(|e| e.occurred_at)
                            });
                            Some((at, local.unwrap_or_else(|| at.fixed_offset())))
                        };
                        let story = shop_story(&words, locale, milestone);
                        view! {
                            <li class=move || format!("milestone {}", state().class()) data-milestone=milestone.code()>
                                <span class="dot" aria-hidden="true"></span>
                                <span class="name">{milestone_label(locale, milestone)}</span>
                                <span class="sr-only">" — "{move || t(state().text())}</span>
                                {move || reached_at().map(|(at, local)| view! {
                                    <time class="when" datetime=at.to_rfc3339()>
                                        {format!("{} ({})", format_local_time(locale, local), utc_offset_label(*local.offset()))}
                                    </time>
                                    // The playful line, always beside the plain facts above.
                                    <span class="story" data-testid="story">{story.clone()}</span>
                                })}
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
