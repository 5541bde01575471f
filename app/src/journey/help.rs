//! "Need help with this order?": the shopper picks a question, the page records it as a WISMO
//! contact (with the stage and silence the journey is at) and answers with what it already
//! knows; only then does it offer to pass the question on to the shop. After delivery the same
//! panel takes a "not received / problem with the delivery" report (a dispute).

use crate::domain::wismo::{parse_comment, ContactCategory, DisputeReason};
use crate::domain::{EventCode, Milestone, ShipmentStatus};
use crate::i18n::datetime::{format_date, format_date_range};
use crate::i18n::help::{category_label, dispute_reason_label, help_text, HelpText as H};
use crate::i18n::journey::{event_label, reason_label};
use crate::i18n::template::fill;
use crate::i18n::{use_locale, Locale};
use crate::model::journey::{MilestoneReached, Outlook, TimelineEntry};
use leptos::prelude::*;

#[server]
pub async fn ask_for_help(token: String, category: String) -> Result<Option<i64>, ServerFnError> {
    use crate::domain::ShopperToken;
    use crate::ports::{AppServices, Asked};

    let token = ShopperToken::parse(&token).map_err(|e| ServerFnError::new(e.to_string()))?;
    let category = ContactCategory::parse(&category).map_err(|e| ServerFnError::new(format!("category: {e}")))?;
    let services = expect_context::<AppServices>();
    match services.help.ask(&token, category).await.map_err(|e| ServerFnError::new(e.to_string()))? {
        Asked::Recorded(id) => Ok(Some(id)),
        Asked::UnknownJourney => Ok(None),
    }
}

#[server]
pub async fn pass_question_on(token: String, contact: i64) -> Result<bool, ServerFnError> {
    use crate::domain::ShopperToken;
    use crate::ports::AppServices;

    let token = ShopperToken::parse(&token).map_err(|e| ServerFnError::new(e.to_string()))?;
    let services = expect_context::<AppServices>();
    services.help.pass_on(&token, contact).await.map_err(|e| ServerFnError::new(e.to_string()))
}

#[server]
pub async fn report_delivery_problem(
    token: String,
    reason: String,
    comment: String,
) -> Result<crate::model::analytics::DisputeFiled, ServerFnError> {
    use crate::domain::ShopperToken;
    use crate::ports::AppServices;

    let token = ShopperToken::parse(&token).map_err(|e| ServerFnError::new(e.to_string()))?;
    let reason = DisputeReason::parse(&reason).map_err(|e| ServerFnError::new(format!("reason: {e}")))?;
    let comment = parse_comment(&comment).map_err(|e| ServerFnError::new(e.to_string()))?;
    let services = expect_context::<AppServices>();
    services.help.report_problem(&token, reason, comment).await.map_err(|e| ServerFnError::new(e.to_string()))
}

/// What the page already knows about a question, in one or two sentences.
fn answer(
    locale: Locale,
    category: ContactCategory,
    outlook: &Outlook,
    timeline: &[TimelineEntry],
    milestones: &[MilestoneReached],
) -> String {
    let reached = |m: Milestone| milestones.iter().find(|r| r.milestone == m).map(|r| r.reached_at);
    let delivered = reached(Milestone::Delivered);
    match category {
        ContactCategory::WhereIsIt => match outlook.headline {
            Some(code) => {
                let when = timeline
                    .iter()
                    .rev()
                    .find(|e| e.code == code)
                    .map(|e| super::status::place_and_time(locale, e))
                    .unwrap_or_default();
                fill(help_text(locale, H::WhereAnswer), &[("news", event_label(locale, code)), ("when", &when)])
            }
            None => help_text(locale, H::WhereNothingYet).to_owned(),
        },
        ContactCategory::WhenArrives => match (delivered, &outlook.eta) {
            (Some(at), _) => {
                fill(help_text(locale, H::DeliveredAnswer), &[("date", &format_date(locale, at.date_naive()))])
            }
            (None, Some(eta)) => fill(
                help_text(locale, H::WhenAnswer),
                &[("window", &format_date_range(locale, eta.earliest, eta.latest))],
            ),
            (None, None) => help_text(locale, H::WhenUnknown).to_owned(),
        },
        ContactCategory::Customs => {
            let customs_problem = outlook
                .problem
                .as_ref()
                .filter(|p| matches!(p.code, EventCode::CustomsHeld | EventCode::CustomsActionRequired));
            if let Some(problem) = customs_problem {
                let what =
                    problem.reason.map_or_else(|| event_label(locale, problem.code), |r| reason_label(locale, r));
                fill(help_text(locale, H::ProblemAnswer), &[("problem", what)])
            } else if let Some(at) = reached(Milestone::CustomsCleared) {
                fill(help_text(locale, H::CustomsClearedAnswer), &[("date", &format_date(locale, at.date_naive()))])
            } else if reached(Milestone::ArrivedDestination).is_some() {
                help_text(locale, H::CustomsNow).to_owned()
            } else {
                help_text(locale, H::CustomsNotYet).to_owned()
            }
        }
        ContactCategory::DeliveryProblem => match &outlook.problem {
            Some(problem) => {
                let what =
                    problem.reason.map_or_else(|| event_label(locale, problem.code), |r| reason_label(locale, r));
                fill(help_text(locale, H::ProblemAnswer), &[("problem", what)])
            }
            None => help_text(locale, H::NoProblemReported).to_owned(),
        },
        ContactCategory::Other => help_text(locale, H::OtherAnswer).to_owned(),
    }
}

#[component]
pub fn HelpPanel(
    token: String,
    shop: String,
    outlook: RwSignal<Outlook>,
    timeline: RwSignal<Vec<TimelineEntry>>,
    milestones: RwSignal<Vec<MilestoneReached>>,
) -> impl IntoView {
    let locale = use_locale();
    let token = StoredValue::new(token);
    let shop = StoredValue::new(shop);
    let open = RwSignal::new(false);
    let problem_open = RwSignal::new(false);
    let asked = RwSignal::new(None::<ContactCategory>);
    let ask =
        Action::new(move |category: &ContactCategory| ask_for_help(token.get_value(), category.code().to_owned()));
    let pass_on = Action::new(move |contact: &i64| pass_question_on(token.get_value(), *contact));
    let delivered = Signal::derive(move || outlook.with(|o| o.status == ShipmentStatus::Delivered));
    let contact = move || ask.value().get().and_then(|r| r.ok()).flatten();
    let failed = move || {
        matches!(ask.value().get(), Some(Err(_)) | Some(Ok(None)))
            || matches!(pass_on.value().get(), Some(Err(_)) | Some(Ok(false)))
    };

    let choices = move || {
        ContactCategory::ALL
            .into_iter()
            .map(|category| {
                view! {
                    <li>
                        <button
                            type="button"
                            class="help-choice"
                            data-category=category.code()
                            aria-pressed=move || if asked.get() == Some(category) { "true" } else { "false" }
                            disabled=move || ask.pending().get()
                            on:click=move |_| {
                                asked.set(Some(category));
                                pass_on.value().set(None);
                                ask.dispatch(category);
                            }
                        >
                            {category_label(locale, category)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let answer_view = move || {
        let category = asked.get()?;
        let text = outlook.with(|o| timeline.with(|t| milestones.with(|m| answer(locale, category, o, t, m))));
        Some(view! {
            <div class="help-answer" data-testid="help-answer">
                <h3>{help_text(locale, H::HelpAnswerHeading)}</h3>
                <p>{text}</p>
                {move || match (contact(), pass_on.value().get()) {
                    (_, Some(Ok(true))) => view! {
                        <p class="help-passed" data-testid="help-passed">
                            {fill(help_text(locale, H::PassedOn), &[("shop", &shop.get_value())])}
                        </p>
                    }
                    .into_any(),
                    (Some(id), _) => view! {
                        <button
                            type="button"
                            class="help-pass-on"
                            data-testid="help-pass-on"
                            disabled=move || pass_on.pending().get()
                            on:click=move |_| { pass_on.dispatch(id); }
                        >
                            {fill(help_text(locale, H::PassOn), &[("shop", &shop.get_value())])}
                        </button>
                    }
                    .into_any(),
                    _ => ().into_any(),
                }}
            </div>
        })
    };

    view! {
        <section class="help" aria-labelledby="help-heading" data-testid="help">
            <h2 id="help-heading" class="help-heading">
                <button
                    type="button"
                    class="help-toggle"
                    data-testid="help-open"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="help-body"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {help_text(locale, H::HelpOpen)}
                </button>
            </h2>
            <div id="help-body" class="help-body" hidden=move || !open.get()>
                <p id="help-question">{help_text(locale, H::HelpQuestion)}</p>
                <ul class="help-choices" aria-labelledby="help-question">{choices}</ul>
                <div aria-live="polite">
                    {answer_view}
                    {move || failed().then(|| view! { <p class="help-error" role="alert">{help_text(locale, H::HelpFailed)}</p> })}
                </div>
            </div>
            {move || delivered.get().then(|| view! {
                <button
                    type="button"
                    class="problem-toggle"
                    data-testid="problem-open"
                    aria-expanded=move || if problem_open.get() { "true" } else { "false" }
                    on:click=move |_| problem_open.update(|o| *o = !*o)
                >
                    {help_text(locale, H::ProblemOpen)}
                </button>
                <Show when=move || problem_open.get()>
                    <ProblemReport token=token.get_value() shop=shop.get_value()/>
                </Show>
            })}
        </section>
    }
}

#[component]
fn ProblemReport(token: String, shop: String) -> impl IntoView {
    let locale = use_locale();
    let reason = RwSignal::new(None::<DisputeReason>);
    let comment = RwSignal::new(String::new());
    let too_long = move || comment.with(|c| parse_comment(c).is_err());
    let report = Action::new(move |(reason, comment): &(DisputeReason, String)| {
        report_delivery_problem(token.clone(), reason.code().to_owned(), comment.clone())
    });
    let filed = move || {
        matches!(
            report.value().get(),
            Some(
                Ok(crate::model::analytics::DisputeFiled::Filed | crate::model::analytics::DisputeFiled::AlreadyFiled)
            )
        )
    };
    let shop = StoredValue::new(shop);
    view! {
        <div class="problem-report" aria-live="polite">
            <Show
                when=filed
                fallback=move || view! {
                    <form class="problem-form" on:submit=move |ev| {
                        ev.prevent_default();
                        if let (Some(r), false) = (reason.get(), too_long()) {
                            report.dispatch((r, comment.get()));
                        }
                    }>
                        <fieldset>
                            <legend>{help_text(locale, H::ProblemReason)}</legend>
                            {DisputeReason::ALL.into_iter().map(|r| view! {
                                <label class="choice">
                                    <input
                                        type="radio"
                                        name="problem-reason"
                                        value=r.code()
                                        on:change=move |_| reason.set(Some(r))
                                    />
                                    {dispute_reason_label(locale, r)}
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <label class="comment">
                            {help_text(locale, H::CommentLabel)}
                            <textarea
                                name="comment"
                                rows="3"
                                maxlength="1000"
                                prop:value=move || comment.get()
                                on:input=move |ev| comment.set(event_target_value(&ev))
                            ></textarea>
                        </label>
                        {move || too_long().then(|| view! { <p class="field-error" role="alert">{help_text(locale, H::CommentTooLong)}</p> })}
                        <button type="submit" data-testid="problem-send" disabled=move || reason.get().is_none() || report.pending().get()>
                            {help_text(locale, H::ProblemSend)}
                        </button>
                        {move || matches!(report.value().get(), Some(Err(_))).then(|| view! {
                            <p class="help-error" role="alert">{help_text(locale, H::HelpFailed)}</p>
                        })}
                    </form>
                }
            >
                <p class="problem-filed" data-testid="problem-filed">
                    {fill(help_text(locale, H::ProblemFiled), &[("shop", &shop.get_value())])}
                </p>
            </Show>
        </div>
    }
}
