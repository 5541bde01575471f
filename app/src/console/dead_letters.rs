//! `/console/dead-letters`: what your systems and the aggregators sent through the API that
//! could not be accepted, newest first: the field to blame and why, the payload as sent, and
//! a replay button that sends it through the door it first came to once the cause is fixed
//! (say, the shipment a scan named now exists). A replay is checked exactly like the first
//! delivery; refused again, the letter stays.

use crate::i18n::console::{console_text, ConsoleText as C};
use crate::i18n::datetime::format_local_time;
use crate::i18n::template::fill;
use crate::i18n::{use_locale, Text};
use crate::model::console::{DeadLetterRow, ReplayOutcome};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/console/api", endpoint = "dead-letters")]
pub async fn list_dead_letters(before: Option<i64>) -> Result<Vec<DeadLetterRow>, ServerFnError> {
    let (console, who) = super::desk()?;
    console.dead_letters(&who, before).await.map_err(super::failed)
}

#[server(prefix = "/console/api", endpoint = "dead-letters/replay")]
pub async fn replay_dead_letter(id: i64) -> Result<ReplayOutcome, ServerFnError> {
    let (console, who) = super::desk()?;
    match console.replay_dead_letter(&who, id).await.map_err(super::failed)? {
        ReplayOutcome::Unknown => Err(super::not_found("dead letter waiting with this id")),
        outcome => Ok(outcome),
    }
}

#[component]
pub fn DeadLettersPage() -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    let query = use_query_map();
    let before = move || query.read().get("before").and_then(|b| b.parse::<i64>().ok());
    let replay = ServerAction::<ReplayDeadLetter>::new();
    let letters = Resource::new(move || (before(), replay.version().get()), |(before, _)| list_dead_letters(before));
    let outcome = move || {
        replay.value().get().map(|result| match result {
            Ok(ReplayOutcome::Accepted) => view! {
                <p class="console-message done" role="status" data-testid="replay-outcome" data-outcome="accepted">{text(C::ReplayAccepted)}</p>
            }
            .into_any(),
            Ok(ReplayOutcome::Refused { field, reason }) => view! {
                <p class="console-message error" role="alert" data-testid="replay-outcome" data-outcome="refused">
                    {fill(text(C::ReplayRefused), &[("field", &field), ("reason", &reason)])}
                </p>
            }
            .into_any(),
            Ok(_) | Err(_) => view! {
                <p class="console-message error" role="alert" data-testid="replay-outcome">{text(C::ActionFailed)}</p>
            }
            .into_any(),
        })
    };
    view! {
        <Title text=text(C::NavDeadLetters)/>
        <section class="console-page dead-letters">
            <h1>{text(C::NavDeadLetters)}</h1>
            <p class="tagline">{text(C::DeadLettersIntro)}</p>
            {outcome}
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::text(locale, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match letters.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="attention-empty">{text(C::NoDeadLetters)}</p> }.into_any(),
                        Ok(rows) => {
                            let older = (rows.len() >= 50).then(|| rows.last().map(|r| r.id)).flatten();
                            view! {
                                <ol class="dead-letter-list" data-testid="dead-letters">
                                    {rows.into_iter().map(|row| view! { <Letter row replay/> }).collect_view()}
                                </ol>
                                {older.map(|id| view! {
                                    <p><a href=format!("{}?before={id}", super::DEAD_LETTERS_PATH)>{text(C::OlderLetters)}</a></p>
                                })}
                            }
                            .into_any()
                        }
                        Err(_) => view! { <crate::errors::ServerError/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Letter(row: DeadLetterRow, replay: ServerAction<ReplayDeadLetter>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| console_text(locale, key);
    // Pretty when it is JSON; as sent otherwise (always a text node).
    let payload = serde_json::from_str::<serde_json::Value>(&row.payload)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| row.payload.clone());
    let state = match (row.replayed_at, row.replayable) {
        (Some(at), _) => fill(text(C::ReplayedOn), &[("time", &format_local_time(locale, at.fixed_offset()))]),
        (None, true) => String::new(),
        (None, false) => text(C::NotReplayable).to_owned(),
    };
    let may_replay = row.replayable && row.replayed_at.is_none();
    let label = fill(text(C::ReplayLetter), &[("id", &row.id.to_string())]);
    view! {
        <li class="dead-letter" data-testid="dead-letter" data-id=row.id data-replayed=row.replayed_at.is_some().then_some("true")>
            <p class="letter-head">
                <strong>{row.field.clone()}</strong>": "{row.reason.clone()}
            </p>
            <p class="event-meta">
                {fill(text(C::SourceIs), &[("source", &row.source)])}
                {row.endpoint.clone().map(|e| view! { " · " <code>{e}</code> })}
                " · " {fill(text(C::ReceivedAt), &[("time", &format_local_time(locale, row.received_at.fixed_offset()))])}
            </p>
            {(!state.is_empty()).then(|| view! { <p class="event-meta">{state}</p> })}
            <details>
                <summary>{text(C::RawPayload)}</summary>
                <pre class="raw-payload">{payload}</pre>
            </details>
            {may_replay.then(|| view! {
                <ActionForm action=replay>
                    <input type="hidden" name="id" value=row.id/>
                    <button type="submit" aria-label=label data-testid="replay">{text(C::Replay)}</button>
                </ActionForm>
            })}
        </li>
    }
}
