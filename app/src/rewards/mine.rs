//! `/t/{token}/rewards`: the shopper's own page with one shop — points (all time and this
//! month, with ranks), badges, coupons and invites from every order, missions, the points
//! history, and whether their name shows on the leaderboard (hidden unless they choose).

use super::journey::{face, trigger_label, BadgeTile};
use super::leaderboard::{shown_name, MissionList};
use crate::domain::gamification::Badge;
use crate::errors::{NotFound, ServerError};
use crate::i18n::datetime::format_date;
use crate::i18n::rewards::{mission_label, reward_text, RewardText};
use crate::i18n::template::fill;
use crate::i18n::{use_locale, use_text, Text};
use crate::model::rewards::{LedgerReason, ShopperRewardsView, ShownName};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[server]
pub async fn get_my_rewards(token: String) -> Result<Option<ShopperRewardsView>, ServerFnError> {
    use crate::domain::ShopperToken;
    use crate::ports::AppServices;

    let Ok(token) = ShopperToken::parse(&token) else { return Ok(None) };
    let services = expect_context::<AppServices>();
    services.rewards.my_rewards(&token).await.map_err(|e| ServerFnError::new(e.to_string()))
}

/// What saving a display name did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NameSaved {
    /// Shown on leaderboards as this (tidied) name.
    Shown(String),
    Hidden,
    /// The reason the name cannot be used.
    Invalid(String),
}

/// Shows `name` on leaderboards, or hides the shopper's name when `name` is absent. Posted by
/// a plain form, so it works before the page is interactive too.
#[server]
pub async fn set_display_name(token: String, name: Option<String>) -> Result<NameSaved, ServerFnError> {
    use crate::domain::gamification::DisplayName;
    use crate::domain::ShopperToken;
    use crate::ports::AppServices;

    let token = ShopperToken::parse(&token).map_err(|e| ServerFnError::new(e.to_string()))?;
    let name = match name.as_deref().map(DisplayName::parse).transpose() {
        Ok(name) => name,
        Err(error) => return Ok(NameSaved::Invalid(error.reason)),
    };
    let services = expect_context::<AppServices>();
    let known =
        services.rewards.set_display_name(&token, name.clone()).await.map_err(|e| ServerFnError::new(e.to_string()))?;
    if !known {
        return Err(ServerFnError::new("no journey has this link"));
    }
    Ok(name.map_or(NameSaved::Hidden, |n| NameSaved::Shown(n.as_str().to_owned())))
}

#[component]
pub fn MyRewardsPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let page = Resource::new(token, get_my_rewards);
    let t = use_text();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t(Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(mine)) => view! { <MyRewards mine token=token()/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MyRewards(mine: ShopperRewardsView, token: String) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| reward_text(locale, key);
    let rank = |rank: Option<i64>| rank.map_or_else(|| "–".to_owned(), |r| format!("#{r}"));
    let rewards = mine.rewards.clone();
    let ledger = mine.ledger.clone();
    let held = mine.badges.clone();
    view! {
        <Title text=text(RewardText::MyRewardsHeading)/>
        <article class="my-rewards">
            <header>
                <h1>{text(RewardText::MyRewardsHeading)}" · "{mine.shop_name.clone()}</h1>
                <p class="back"><a href=format!("/t/{token}")>{text(RewardText::BackToJourney)}</a></p>
            </header>
            <section class="score-cards">
                <p class="score" data-testid="my-points">
                    <strong>{fill(text(RewardText::PointsBalance), &[("points", &mine.points.to_string())])}</strong>
                    <span>{text(RewardText::AllTimeTab)}" · "{rank(mine.all_time_rank)}</span>
                </p>
                <p class="score">
                    <strong>{fill(text(RewardText::PointsBalance), &[("points", &mine.season_points.to_string())])}</strong>
                    <span>{text(RewardText::SeasonTab)}" · "{rank(mine.season_rank)}</span>
                </p>
                <a class="to-board" href=format!("/leaderboard?t={token}")>{text(RewardText::LeaderboardLink)}</a>
            </section>
            <section class="badge-shelf" aria-labelledby="my-badges-heading">
                <h2 id="my-badges-heading">{text(RewardText::BadgesHeading)}</h2>
                <ul class="badges">
                    {Badge::ALL
                        .into_iter()
                        .map(|badge| view! { <BadgeTile badge earned=held.contains(&badge)/> })
                        .collect_view()}
                </ul>
            </section>
            <section class="my-reward-list" aria-labelledby="my-rewards-list">
                <h2 id="my-rewards-list">{text(RewardText::RewardsHeading)}</h2>
                {if rewards.is_empty() {
                    view! { <p>{text(RewardText::RewardsEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="card-list">
                            {rewards
                                .into_iter()
                                .map(|award| {
                                    let reason = fill(text(RewardText::ForMilestone), &[("reason", &trigger_label(locale, &award.trigger))]);
                                    let body = face(locale, &award.reward);
                                    view! { <li class="reward-card revealed">{body}<p class="card-reason">{reason}</p></li> }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
            <MissionList missions=mine.missions.clone()/>
            <section class="ledger" aria-labelledby="ledger-heading">
                <h2 id="ledger-heading">{text(RewardText::PointsHistoryHeading)}</h2>
                <ul>
                    {ledger
                        .into_iter()
                        .map(|line| {
                            let reason = match &line.reason {
                                LedgerReason::Award(trigger) => trigger_label(locale, trigger),
                                LedgerReason::Mission(mission) => {
                                    fill(mission_label(locale, *mission), &[("target", &mission.target().to_string())])
                                }
                            };
                            view! {
                                <li>
                                    <span class="delta">{format!("+{}", line.points)}</span>
                                    <span class="why">{reason}</span>
                                    <time datetime=line.at.to_rfc3339()>{format_date(locale, line.at.date_naive())}</time>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            <DisplayNameForm token name=mine.name.clone() masked_as=mine.masked_as.clone()/>
        </article>
    }
}

#[component]
fn DisplayNameForm(token: String, name: ShownName, masked_as: String) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| reward_text(locale, key);
    let shown = RwSignal::new(name);
    let save = ServerAction::<SetDisplayName>::new();
    let token_again = token.clone();
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(NameSaved::Shown(name))) => {
            error.set(None);
            shown.set(ShownName::Chosen(name));
        }
        Some(Ok(NameSaved::Hidden)) => {
            error.set(None);
            shown.set(ShownName::Masked(masked_as.clone()));
        }
        Some(Ok(NameSaved::Invalid(_))) => error.set(Some(text(RewardText::DisplayNameInvalid).to_owned())),
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let status = move || match shown.get() {
        ShownName::Chosen(name) => fill(text(RewardText::DisplayNameShown), &[("name", &name)]),
        masked @ ShownName::Masked(_) => {
            fill(text(RewardText::DisplayNameHidden), &[("masked", &shown_name(locale, &masked))])
        }
    };
    view! {
        <section class="display-name" aria-labelledby="name-heading">
            <h2 id="name-heading">{text(RewardText::DisplayNameHeading)}</h2>
            <p data-testid="name-status">{status}</p>
            <div class="name-forms">
                <ActionForm action=save>
                    <input type="hidden" name="token" value=token_again/>
                    <label for="display-name">{text(RewardText::DisplayNameLabel)}</label>
                    <input id="display-name" name="name" required minlength="2" maxlength="24" autocomplete="nickname"/>
                    <button type="submit">{text(RewardText::DisplayNameSave)}</button>
                </ActionForm>
                <ActionForm action=save>
                    <input type="hidden" name="token" value=token/>
                    <button type="submit" class="secondary">{text(RewardText::DisplayNameHide)}</button>
                </ActionForm>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
    }
}
