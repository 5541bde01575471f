//! The rewards part of the journey page: journey levels (tiers) with an unlock celebration,
//! reward cards that flip to reveal, the badge shelf, the carbon footprint, the delivery
//! rating, and links to the shopper's own page and the leaderboard. Everything follows the
//! live stream: a grant arrives as a `rewards` update and appears without a reload.

use crate::domain::design::ShopWords;
use crate::domain::gamification::Grant;
use crate::domain::gamification::{journey_co2_grams, Badge, Co2Estimate, Tier, TierProgress, Trigger};
use crate::domain::{Milestone, Progress};
use crate::i18n::datetime::format_date;
use crate::i18n::rewards::{badge_how, badge_name, reward_text, shop_tier_name, tier_name, RewardText};
use crate::i18n::template::fill;
use crate::i18n::{milestone_label, use_locale, Locale};
use crate::model::journey::{MilestoneReached, RouteLeg};
use crate::model::rewards::{Award, JourneyRewards, Reward, RewardAhead};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The journey's estimated footprint for a 1 kg parcel; `None` without a route to measure.
pub fn footprint(route: &[RouteLeg]) -> Option<Co2Estimate> {
    let estimate = journey_co2_grams(route.iter().map(|leg| (leg.mode, &leg.waypoints[..])), 1.0);
    (estimate.km >= 1.0).then_some(estimate)
}

/// What an award was for, in the shopper's words.
pub fn trigger_label(locale: Locale, trigger: &Trigger) -> String {
    match *trigger {
        Trigger::Milestone { milestone } => milestone_label(locale, milestone).to_owned(),
        Trigger::Tier { tier } => tier_name(locale, tier).to_owned(),
        Trigger::DeliveredWithinWindow => badge_name(locale, Badge::OnTime).to_owned(),
        Trigger::EcoChoice => badge_name(locale, Badge::Eco).to_owned(),
        Trigger::NthOrder { n: 1 } => badge_name(locale, Badge::Welcome).to_owned(),
        Trigger::NthOrder { .. } => badge_name(locale, Badge::Loyal).to_owned(),
        Trigger::BordersCrossed { .. } => badge_name(locale, Badge::BorderHopper).to_owned(),
        Trigger::Distance { .. } => badge_name(locale, Badge::LongHaul).to_owned(),
        Trigger::SharedJourney => badge_name(locale, Badge::Sharer).to_owned(),
        Trigger::RatedDelivery => badge_name(locale, Badge::Reviewer).to_owned(),
    }
}

/// A moment worth a toast: shown when it happens live, never for what the page loaded with.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Celebration {
    Tier(Tier),
    Badge(Badge),
    Reward,
}

/// The rating form's answers as the browser sends them; checked on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingForm {
    pub delivery: u8,
    pub tracking: u8,
    pub tags: Vec<String>,
    pub comment: String,
    /// The language the shopper wrote in.
    pub locale: String,
}

#[server]
pub async fn rate_delivery(token: String, form: RatingForm) -> Result<Option<JourneyRewards>, ServerFnError> {
    use crate::domain::wismo::{parse_comment, DeliveryRating, RatingTag, Stars};
    use crate::domain::ShopperToken;
    use crate::ports::{AppServices, Rating};

    let bad = |field: &str, reason: String| ServerFnError::new(format!("{field}: {reason}"));
    let token = ShopperToken::parse(&token).map_err(|e| ServerFnError::new(e.to_string()))?;
    let delivery = Stars::try_from(form.delivery).map_err(|e| bad("delivery", e))?;
    let tracking = Stars::try_from(form.tracking).map_err(|e| bad("tracking", e))?;
    let tags =
        form.tags.iter().map(|t| RatingTag::parse(t)).collect::<Result<Vec<_>, _>>().map_err(|e| bad("tags", e))?;
    let comment = parse_comment(&form.comment).map_err(|e| ServerFnError::new(e.to_string()))?;
    let locale = crate::i18n::Locale::from_tag(&form.locale).unwrap_or_default();
    let rating = DeliveryRating::new(delivery, tracking, tags, comment);
    let services = expect_context::<AppServices>();
    match services
        .rewards
        .rate_delivery(&token, &rating, locale)
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?
    {
        Rating::Recorded(rewards) => Ok(Some(rewards)),
        Rating::NotDelivered | Rating::AlreadyRated | Rating::UnknownJourney => Ok(None),
    }
}

#[component]
pub fn JourneyRewardsPanel(
    rewards: RwSignal<JourneyRewards>,
    milestones: RwSignal<Vec<MilestoneReached>>,
    token: String,
    footprint: Option<Co2Estimate>,
    /// The seller's preview: no rating, no links to the shopper's own pages.
    #[prop(optional)]
    preview: bool,
) -> impl IntoView {
    let locale = use_locale();
    let celebration = RwSignal::new(None::<Celebration>);
    // What the page was rendered with: anything after it arrived live.
    let loaded_awards: HashSet<i64> = rewards.with_untracked(|r| r.awards.iter().map(|a| a.id).collect());
    let loaded_badges: Vec<Badge> = rewards.with_untracked(JourneyRewards::journey_badges);
    let revealed = RwSignal::new(loaded_awards.clone());
    celebrate_live(rewards, milestones, celebration);
    let delivered = Memo::new(move |_| milestones.with(|m| m.iter().any(|r| r.milestone == Milestone::Delivered)));
    let links = (format!("/t/{token}/rewards"), format!("/leaderboard?t={token}"));
    let tiers = view! { <TierStrip milestones/> }.into_any();
    let cards = view! { <RewardsAhead rewards milestones/> <RewardCards rewards revealed/> }.into_any();
    let shelf = view! { <BadgeShelf rewards loaded_badges/> }.into_any();

    view! {
        <Celebrations celebration/>
        {tiers}
        {cards}
        {shelf}
        {footprint.map(|estimate| view! { <FootprintCard estimate rewards/> })}
        {move || (!preview && delivered.get() && !rewards.with(|r| r.rated)).then(|| view! { <RateDelivery token=token.clone() rewards/> })}
        {move || rewards.with(|r| r.rated).then(|| view! {
            <p class="rated" data-testid="rated">{reward_text(locale, RewardText::RateThanks)}</p>
        })}
        {(!preview).then(|| view! {
            <nav class="reward-links">
                <a href=links.0 data-testid="my-rewards-link">{reward_text(locale, RewardText::MyRewardsLink)}</a>
                <a href=links.1 data-testid="leaderboard-link">{reward_text(locale, RewardText::LeaderboardLink)}</a>
            </nav>
        })}
    }
}

/// Watches tiers and rewards in the browser and raises a celebration for what changes live.
fn celebrate_live(
    rewards: RwSignal<JourneyRewards>,
    milestones: RwSignal<Vec<MilestoneReached>>,
    celebration: RwSignal<Option<Celebration>>,
) {
    let tiers_before = StoredValue::new(None::<TierProgress>);
    Effect::new(move |_| {
        let now = TierProgress::new(milestones.with(|m| Progress::from_reached(m.iter().map(|r| r.milestone))));
        if let Some(before) = tiers_before.get_value() {
            if let Some(tier) = now.newly_unlocked(&before).last() {
                celebration.set(Some(Celebration::Tier(*tier)));
            }
        }
        tiers_before.set_value(Some(now));
    });
    let rewards_before = StoredValue::new(None::<(Vec<Badge>, usize)>);
    Effect::new(move |_| {
        let (badges, cards) = rewards.with(|r| (r.journey_badges(), r.awards.iter().filter(|a| is_card(a)).count()));
        if let Some((old_badges, old_cards)) = rewards_before.get_value() {
            if let Some(badge) = badges.iter().find(|b| !old_badges.contains(b)) {
                celebration.set(Some(Celebration::Badge(*badge)));
            } else if cards > old_cards {
                celebration.set(Some(Celebration::Reward));
            }
        }
        rewards_before.set_value(Some((badges, cards)));
    });
}

/// Rewards shown as cards (badges go on the shelf).
fn is_card(award: &Award) -> bool {
    !matches!(award.reward, Reward::Badge { .. })
}

#[component]
fn Celebrations(celebration: RwSignal<Option<Celebration>>) -> impl IntoView {
    let locale = use_locale();
    let words = use_context::<ShopWords>().unwrap_or_default();
    // Each toast stays a few seconds; a newer one replaces it.
    Effect::new(move |_| {
        if let Some(shown) = celebration.get() {
            set_timeout(
                // The shopper may have left the page (to the leaderboard) before the timer fires:
                // the signal is gone then, and there is nothing to hide.
                move || {
                    if celebration.try_get_untracked().flatten() == Some(shown) {
                        let _ = celebration.try_set(None);
                    }
                },
                std::time::Duration::from_secs(8),
            );
        }
    });
    let message = move || {
        celebration.get().map(|c| match c {
            Celebration::Tier(tier) => (
                format!("tier tier-{}", tier.code()),
                fill(reward_text(locale, RewardText::TierUnlocked), &[("tier", &shop_tier_name(&words, locale, tier))]),
            ),
            Celebration::Badge(badge) => (
                "badge".to_owned(),
                fill(reward_text(locale, RewardText::BadgeUnlocked), &[("badge", badge_name(locale, badge))]),
            ),
            Celebration::Reward => ("reward".to_owned(), reward_text(locale, RewardText::RewardUnlocked).to_owned()),
        })
    };
    view! {
        // Always in the page, so screen readers announce what appears in it.
        <div class="celebration-slot" role="status" aria-live="polite">
            {move || message().map(|(kind, text)| view! {
                <p class=format!("celebration {kind}") data-testid="celebration">
                    <span class="burst" aria-hidden="true"></span>
                    {text}
                </p>
            })}
        </div>
    }
}

#[component]
pub fn TierStrip(milestones: RwSignal<Vec<MilestoneReached>>) -> impl IntoView {
    let locale = use_locale();
    let words = use_context::<ShopWords>().unwrap_or_default();
    let tiers = Memo::new(move |_| {
        TierProgress::new(milestones.with(|m| Progress::from_reached(m.iter().map(|r| r.milestone))))
    });
    view! {
        <section class="tiers" aria-labelledby="tiers-heading">
            <h2 id="tiers-heading">{reward_text(locale, RewardText::TiersHeading)}</h2>
            <ol class="tier-list">
                {Tier::ALL
                    .into_iter()
                    .map(|tier| {
                        let state = move || {
                            let tiers = tiers.get();
                            if tiers.is_completed(tier) {
                                ("completed", RewardText::TierCompleted)
                            } else if tiers.is_unlocked(tier) {
                                ("current", RewardText::TierInProgress)
                            } else {
                                ("locked", RewardText::TierLocked)
                            }
                        };
                        view! {
                            <li class=move || format!("tier tier-{} {}", tier.code(), state().0) data-tier=tier.code()>
                                <span class="tier-icon" aria-hidden="true"></span>
                                <span class="tier-name">{shop_tier_name(&words, locale, tier)}</span>
                                <span class="tier-state">{move || reward_text(locale, state().1)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// What the shop's rules still offer at the milestones ahead: the reason to keep watching.
#[component]
fn RewardsAhead(rewards: RwSignal<JourneyRewards>, milestones: RwSignal<Vec<MilestoneReached>>) -> impl IntoView {
    let locale = use_locale();
    let ahead = move || {
        let progress = milestones.with(|m| Progress::from_reached(m.iter().map(|r| r.milestone)));
        rewards.with(|r| r.ahead.iter().filter(|a| !progress.is_done(a.milestone)).copied().collect::<Vec<_>>())
    };
    view! {
        <Show when=move || !ahead().is_empty()>
            <section class="rewards-ahead" aria-labelledby="ahead-heading" data-testid="rewards-ahead">
                <h2 id="ahead-heading">{reward_text(locale, RewardText::AheadHeading)}</h2>
                <ul>
                    {move || ahead().into_iter().map(|RewardAhead { milestone, grant }| view! {
                        <li data-milestone=milestone.code()>
                            <span class="ahead-when">
                                {fill(reward_text(locale, RewardText::AheadAt), &[("milestone", milestone_label(locale, milestone))])}
                            </span>
                            <span class="ahead-what">{grant_label(locale, grant)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// A reward as a promise, in the shopper's words.
pub fn grant_label(locale: Locale, grant: Grant) -> String {
    match grant {
        Grant::Badge { badge } => {
            fill(reward_text(locale, RewardText::BadgeAhead), &[("badge", badge_name(locale, badge))])
        }
        Grant::Points { points } => {
            fill(reward_text(locale, RewardText::PointsTitle), &[("points", &points.to_string())])
        }
        Grant::Coupon { percent_off, .. } => {
            fill(reward_text(locale, RewardText::CouponTitle), &[("percent", &percent_off.to_string())])
        }
        Grant::VipInvite => reward_text(locale, RewardText::VipTitle).to_owned(),
    }
}

#[component]
fn RewardCards(rewards: RwSignal<JourneyRewards>, revealed: RwSignal<HashSet<i64>>) -> impl IntoView {
    let locale = use_locale();
    let cards = move || rewards.with(|r| r.awards.iter().filter(|a| is_card(a)).cloned().collect::<Vec<_>>());
    view! {
        <section class="reward-cards" aria-labelledby="rewards-heading">
            <h2 id="rewards-heading">{reward_text(locale, RewardText::RewardsHeading)}</h2>
            <p class="points-balance" data-testid="points-balance">
                {move || fill(reward_text(locale, RewardText::PointsBalance), &[("points", &rewards.with(|r| r.points).to_string())])}
            </p>
            <Show
                when=move || !cards().is_empty()
                fallback=move || view! { <p class="rewards-empty">{reward_text(locale, RewardText::RewardsEmpty)}</p> }
            >
                <ul class="card-list">
                    <For each=cards key=|award| award.id let:award>
                        <RewardCard award revealed/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// A card that arrives face down and flips when the shopper taps it.
#[component]
fn RewardCard(award: Award, revealed: RwSignal<HashSet<i64>>) -> impl IntoView {
    let locale = use_locale();
    let id = award.id;
    let is_revealed = move || revealed.with(|r| r.contains(&id));
    let kind = match award.reward {
        Reward::Coupon { .. } => "coupon",
        Reward::VipInvite { .. } => "vip",
        Reward::Points { .. } => "points",
        Reward::Badge { .. } => "badge",
    };
    let reason =
        fill(reward_text(locale, RewardText::ForMilestone), &[("reason", &trigger_label(locale, &award.trigger))]);
    let reward = award.reward.clone();
    view! {
        <li class=move || format!("reward-card {kind} {}", if is_revealed() { "revealed" } else { "face-down" })
            data-testid="reward-card" data-kind=kind>
            <button
                type="button"
                class="card-flip"
                aria-expanded=move || if is_revealed() { "true" } else { "false" }
                disabled=is_revealed
                on:click=move |_| revealed.update(|r| { r.insert(id); })
            >
                <span class="card-face card-back" aria-hidden=move || if is_revealed() { "true" } else { "false" }>
                    <span class="gift" aria-hidden="true"></span>
                    <strong>{reward_text(locale, RewardText::RewardUnlocked)}</strong>
                    <span class="hint">{reward_text(locale, RewardText::RevealHint)}</span>
                </span>
                <span class="card-face card-front">
                    // The code is only in the page once revealed.
                    {move || is_revealed().then(|| face(locale, &reward))}
                </span>
            </button>
            <p class="card-reason">{reason}</p>
        </li>
    }
}

/// The revealed side of a reward card (also the shopper's own page's list).
pub fn face(locale: Locale, reward: &Reward) -> AnyView {
    let text = |key| reward_text(locale, key);
    match reward.clone() {
        Reward::Coupon { code, percent_off, expires_at, redeemed } => view! {
            <strong class="card-title">{fill(text(RewardText::CouponTitle), &[("percent", &percent_off.to_string())])}</strong>
            <span class="card-label">{text(RewardText::CouponCode)}</span>
            <code class="coupon-code" data-testid="coupon-code">{code}</code>
            <span class="card-meta">
                {if redeemed {
                    text(RewardText::CouponRedeemed).to_owned()
                } else {
                    fill(text(RewardText::CouponValidUntil), &[("date", &format_date(locale, expires_at.date_naive()))])
                }}
            </span>
        }
        .into_any(),
        Reward::VipInvite { code } => view! {
            <strong class="card-title">{text(RewardText::VipTitle)}</strong>
            <span class="card-meta">{text(RewardText::VipBody)}</span>
            <code class="coupon-code" data-testid="invite-code">{code}</code>
        }
        .into_any(),
        Reward::Points { points } => view! {
            <strong class="card-title points">{fill(text(RewardText::PointsTitle), &[("points", &points.to_string())])}</strong>
        }
        .into_any(),
        Reward::Badge { badge } => view! { <strong class="card-title">{badge_name(locale, badge)}</strong> }.into_any(),
    }
}

#[component]
fn BadgeShelf(rewards: RwSignal<JourneyRewards>, loaded_badges: Vec<Badge>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="badge-shelf" aria-labelledby="badges-heading">
            <h2 id="badges-heading">{reward_text(locale, RewardText::BadgesHeading)}</h2>
            <ul class="badges">
                {Badge::ALL
                    .into_iter()
                    .map(|badge| {
                        let earned = move || rewards.with(|r| r.badges.contains(&badge));
                        let here = move || rewards.with(|r| r.journey_badges().contains(&badge));
                        let fresh = !loaded_badges.contains(&badge);
                        view! { <BadgeTile badge earned=Signal::derive(earned) on_this_journey=Signal::derive(here) fresh/> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// One badge: its art when earned, a padlock when not, and how it is earned either way. On a
/// journey page, the badges this journey earned are marked (the others came with earlier orders).
#[component]
pub fn BadgeTile(
    badge: Badge,
    #[prop(into)] earned: Signal<bool>,
    #[prop(into, optional)] on_this_journey: Signal<bool>,
    #[prop(optional)] fresh: bool,
) -> impl IntoView {
    let locale = use_locale();
    let class = move || {
        let state = if earned.get() { "earned" } else { "locked" };
        let here = if on_this_journey.get() { " on-this-journey" } else { "" };
        // Earned while the page was open: it pops in.
        let fresh = if on_this_journey.get() && fresh { " just-earned" } else { "" };
        format!("badge {state}{here}{fresh}")
    };
    view! {
        <li class=class data-badge=badge.code() data-testid="badge">
            <img
                src=move || if earned.get() { format!("/badges/{}.svg", badge.code()) } else { "/badges/locked.svg".to_owned() }
                alt=""
                width="56"
                height="56"
            />
            <span class="badge-name">{badge_name(locale, badge)}</span>
            <span class="badge-state">
                {move || if earned.get() {
                    reward_text(locale, RewardText::BadgeEarned)
                } else {
                    reward_text(locale, RewardText::BadgeLocked)
                }}
                ": "
                {badge_how(locale, badge)}
            </span>
        </li>
    }
}

#[component]
fn FootprintCard(estimate: Co2Estimate, rewards: RwSignal<JourneyRewards>) -> impl IntoView {
    let locale = use_locale();
    let kg = format!("{:.1}", estimate.grams / 1000.0);
    let km = format_thousands(estimate.km.round() as i64);
    let saved = estimate.percent_saved_versus_air();
    view! {
        <section class="footprint" aria-labelledby="footprint-heading">
            <h2 id="footprint-heading">{reward_text(locale, RewardText::EcoHeading)}</h2>
            <p class="footprint-figure" data-testid="co2">
                {fill(reward_text(locale, RewardText::EcoFigure), &[("kg", &kg), ("km", &km)])}
            </p>
            {(saved >= 1).then(|| view! {
                <p class="footprint-compare">{fill(reward_text(locale, RewardText::EcoVersusAir), &[("percent", &saved.to_string())])}</p>
            })}
            // This journey's own eco badge (the shopper may hold one from a greener order before).
            {move || rewards.with(|r| r.journey_badges().contains(&Badge::Eco)).then(|| view! {
                <p class="footprint-badge"><img src="/badges/eco.svg" alt="" width="24" height="24"/>{badge_name(locale, Badge::Eco)}</p>
            })}
            <p class="footprint-note">{reward_text(locale, RewardText::EcoNote)}</p>
        </section>
    }
}

/// 9120 → "9,120": readable in every language we ship (no locale-specific grouping needed).
pub fn format_thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Asked once after delivery: stars for the delivery and for the tracking updates, what stood
/// out, and a comment, in the shopper's language.
#[component]
fn RateDelivery(token: String, rewards: RwSignal<JourneyRewards>) -> impl IntoView {
    use crate::domain::wismo::{parse_comment, RatingTag};
    use crate::i18n::help::{help_text, rating_tag_label, HelpText as H};

    let locale = use_locale();
    let delivery = RwSignal::new(0u8);
    let tracking = RwSignal::new(0u8);
    let tags = RwSignal::new(Vec::<RatingTag>::new());
    let comment = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let rate = Action::new(move |form: &RatingForm| rate_delivery(token.clone(), form.clone()));
    Effect::new(move |_| {
        if let Some(Ok(Some(latest))) = rate.value().get() {
            rewards.set(latest);
        }
    });
    let too_long = move || comment.with(|c| parse_comment(c).is_err());
    let stars = move |name: &'static str, legend: H, chosen: RwSignal<u8>| {
        view! {
            <fieldset class="stars" data-rating=name>
                <legend>{help_text(locale, legend)}</legend>
                {(1..=5u8)
                    .map(|n| view! {
                        <label class="star" class:lit=move || n <= chosen.get()>
                            <input
                                type="radio"
                                class="sr-only"
                                name=format!("rate-{name}")
                                value=n
                                data-stars=n
                                on:change=move |_| chosen.set(n)
                            />
                            <span aria-hidden="true">"★"</span>
                            <span class="sr-only">{fill(reward_text(locale, RewardText::RateStars), &[("stars", &n.to_string())])}</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
        }
    };
    view! {
        <section class="rate" aria-labelledby="rate-heading">
            <h2 id="rate-heading">{reward_text(locale, RewardText::RateHeading)}</h2>
            <form class="rate-form" data-testid="rate-form" on:submit=move |ev| {
                ev.prevent_default();
                tried.set(true);
                if delivery.get() == 0 || tracking.get() == 0 || too_long() {
                    return;
                }
                rate.dispatch(RatingForm {
                    delivery: delivery.get(),
                    tracking: tracking.get(),
                    tags: tags.get().iter().map(|t| t.code().to_owned()).collect(),
                    comment: comment.get(),
                    locale: locale.tag().to_owned(),
                });
            }>
                {stars("delivery", H::RateDeliveryLegend, delivery)}
                {stars("tracking", H::RateTrackingLegend, tracking)}
                <fieldset class="rate-tags">
                    <legend>{help_text(locale, H::RateTagsLegend)}</legend>
                    {RatingTag::ALL.into_iter().map(|tag| view! {
                        <label class="tag">
                            <input
                                type="checkbox"
                                value=tag.code()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    tags.update(|t| { t.retain(|x| *x != tag); if on { t.push(tag); } });
                                }
                            />
                            {rating_tag_label(locale, tag)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <label class="comment">
                    {help_text(locale, H::CommentLabel)}
                    <textarea
                        name="comment"
                        rows="3"
                        maxlength="1000"
                        data-testid="rate-comment"
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <div aria-live="polite">
                    {move || (tried.get() && (delivery.get() == 0 || tracking.get() == 0)).then(|| view! {
                        <p class="field-error" role="alert">{help_text(locale, H::RateNeedsStars)}</p>
                    })}
                    {move || too_long().then(|| view! { <p class="field-error" role="alert">{help_text(locale, H::CommentTooLong)}</p> })}
                    {move || matches!(rate.value().get(), Some(Err(_))).then(|| view! {
                        <p class="field-error" role="alert">{help_text(locale, H::HelpFailed)}</p>
                    })}
                </div>
                <button type="submit" data-testid="rate-send" disabled=move || rate.pending().get()>
                    {help_text(locale, H::RateSend)}
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(format_thousands(9120), "9,120");
        assert_eq!(format_thousands(512), "512");
        assert_eq!(format_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn every_trigger_names_what_it_was_for_in_every_language() {
        for locale in Locale::ALL {
            for trigger in [
                Trigger::Milestone { milestone: Milestone::CustomsCleared },
                Trigger::DeliveredWithinWindow,
                Trigger::NthOrder { n: 3 },
                Trigger::RatedDelivery,
            ] {
                assert!(!trigger_label(locale, &trigger).is_empty());
            }
        }
    }
}
