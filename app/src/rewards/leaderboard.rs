//! `/leaderboard`: a shop's loyalty leaderboard, this month and all time. Opened from a journey
//! page (`?t={token}`) it shows the shopper's own rank, even far outside the top, and their
//! missions; `?shop={slug}` shows a shop's public board. Names are masked unless the shopper
//! chose to show one.

use crate::domain::gamification::MissionProgress;
use crate::errors::{NotFound, ServerError};
use crate::i18n::rewards::{mission_label, reward_text, RewardText};
use crate::i18n::template::fill;
use crate::i18n::{use_locale, use_text, Locale, Text};
use crate::model::rewards::{Board, LeaderboardView, ShownName};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server]
pub async fn get_leaderboard(
    shop: Option<String>,
    token: Option<String>,
    board: Board,
) -> Result<Option<LeaderboardView>, ServerFnError> {
    use crate::domain::ShopperToken;
    use crate::ports::AppServices;

    let services = expect_context::<AppServices>();
    // A token that is not a token is no shopper: the public board still shows.
    let me = token.as_deref().and_then(|t| ShopperToken::parse(t).ok());
    services
        .rewards
        .leaderboard(shop.as_deref(), me.as_ref(), board)
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))
}

/// How a row's shopper is named.
pub fn shown_name(locale: Locale, name: &ShownName) -> String {
    match name {
        ShownName::Chosen(name) => name.clone(),
        ShownName::Masked(code) => fill(reward_text(locale, RewardText::MaskedShopper), &[("code", code)]),
    }
}

#[component]
pub fn LeaderboardPage() -> impl IntoView {
    let query = use_query_map();
    let t = use_text();
    let locale = use_locale();
    let key = move || {
        let q = query.read();
        let board = if q.get("board").as_deref() == Some("all") { Board::AllTime } else { Board::Season };
        (q.get("shop"), q.get("t"), board)
    };
    let page = Resource::new(key, |(shop, token, board)| get_leaderboard(shop, token, board));

    view! {
        <Title text=reward_text(locale, RewardText::LeaderboardHeading)/>
        <Suspense fallback=move || view! { <p class="loading">{t(Text::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(board)) => {
                        let (shop, token, _) = key();
                        view! { <Leaderboard board shop token/> }.into_any()
                    }
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Leaderboard(board: LeaderboardView, shop: Option<String>, token: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| reward_text(locale, key);
    let link = |which: &str| {
        let mut query = vec![];
        if let Some(token) = &token {
            query.push(format!("t={token}"));
        } else if let Some(shop) = &shop {
            query.push(format!("shop={shop}"));
        }
        query.push(format!("board={which}"));
        format!("/leaderboard?{}", query.join("&"))
    };
    let current = |b: Board| if board.board == b { "page" } else { "false" };
    let me_outside_top =
        board.me.as_ref().filter(|me| me.rank.is_some() && !board.top.iter().any(|r| r.is_me)).cloned();
    let standing = board.me.as_ref().map(|me| match me.rank {
        Some(rank) => {
            fill(text(RewardText::YourRank), &[("rank", &rank.to_string()), ("count", &board.ranked.to_string())])
        }
        None => text(RewardText::NotRankedYet).to_owned(),
    });
    let is_empty = board.top.is_empty();
    let rows = board.top.clone();

    view! {
        <article class="leaderboard">
            <header>
                <h1>{fill(text(RewardText::LeaderboardOf), &[("shop", &board.shop_name)])}</h1>
                {standing.map(|s| view! { <p class="my-standing" data-testid="my-rank">{s}</p> })}
                {token.clone().map(|token| view! {
                    <p class="back"><a href=format!("/t/{token}")>{text(RewardText::BackToJourney)}</a></p>
                })}
                {board.me.is_none().then(|| view! { <p class="public-note">{text(RewardText::NoShopper)}</p> })}
            </header>
            <nav class="board-tabs" aria-label=text(RewardText::LeaderboardHeading)>
                <a href=link("season") aria-current=current(Board::Season)>{text(RewardText::SeasonTab)}</a>
                <a href=link("all") aria-current=current(Board::AllTime)>{text(RewardText::AllTimeTab)}</a>
            </nav>
            {if is_empty {
                view! { <p class="board-empty">{text(RewardText::LeaderboardEmpty)}</p> }.into_any()
            } else {
                view! {
                    <table class="board" data-testid="leaderboard">
                        <thead>
                            <tr>
                                <th scope="col">{text(RewardText::RankColumn)}</th>
                                <th scope="col">{text(RewardText::NameColumn)}</th>
                                <th scope="col" class="num">{text(RewardText::PointsColumn)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|row| view! {
                                    <tr class:me=row.is_me data-testid=if row.is_me { "my-row" } else { "row" }>
                                        <td class="rank">{row.rank}</td>
                                        <td>
                                            {shown_name(locale, &row.name)}
                                            {row.is_me.then(|| view! { <span class="you">" · "{text(RewardText::You)}</span> })}
                                        </td>
                                        <td class="num">{row.points}</td>
                                    </tr>
                                })
                                .collect_view()}
                            {me_outside_top.map(|me| view! {
                                <tr class="gap" aria-hidden="true"><td colspan="3">"⋯"</td></tr>
                                <tr class="me" data-testid="my-row">
                                    <td class="rank">{me.rank.unwrap_or_default()}</td>
                                    <td>{shown_name(locale, &me.name)}<span class="you">" · "{text(RewardText::You)}</span></td>
                                    <td class="num">{me.points}</td>
                                </tr>
                            })}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
            {(!board.missions.is_empty()).then(|| view! { <MissionList missions=board.missions.clone()/> })}
        </article>
    }
}

/// The season's missions with their progress bars.
#[component]
pub fn MissionList(missions: Vec<MissionProgress>) -> impl IntoView {
    let locale = use_locale();
    let text = move |key| reward_text(locale, key);
    view! {
        <section class="missions" aria-labelledby="missions-heading">
            <h2 id="missions-heading">{text(RewardText::MissionsHeading)}</h2>
            <ul>
                {missions
                    .into_iter()
                    .map(|m| {
                        let label = fill(mission_label(locale, m.mission), &[("target", &m.target.to_string())]);
                        let done = fill(text(RewardText::MissionProgress), &[("done", &m.done.to_string()), ("target", &m.target.to_string())]);
                        let bonus = if m.is_complete() {
                            fill(text(RewardText::MissionDone), &[("points", &m.bonus_points.to_string())])
                        } else {
                            fill(text(RewardText::MissionBonus), &[("points", &m.bonus_points.to_string())])
                        };
                        view! {
                            <li class:complete=m.is_complete() data-mission=m.mission.code() data-testid="mission">
                                <span class="mission-label">{label.clone()}</span>
                                <div
                                    class="mission-bar"
                                    role="progressbar"
                                    aria-label=label
                                    aria-valuemin="0"
                                    aria-valuemax=m.target
                                    aria-valuenow=m.done
                                    aria-valuetext=done.clone()
                                >
                                    <div class="mission-fill" style=format!("width: {}%", m.percent())></div>
                                </div>
                                <span class="mission-count">{done}" · "{bonus}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
