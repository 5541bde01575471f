//! Gamification end to end on both databases: rules as data through the seller API, awards
//! granted by accepted events (once per shipment and rule, enforced by the database), coupons
//! redeemed once, the points ledger and missions, first-time versus frequent customers, the
//! leaderboard's ranks and masked names, and what the journey page shows its shopper.

use crate::support::{fixtures, spawn_app, Backend, TestApp};
use app::domain::gamification::{Badge, Season};
use app::domain::ShopperToken;
use app::model::rewards::{Board, Reward, ShownName};
use chrono::Utc;
use serde_json::{json, Value};
use server::ingest;
use server::live::LiveFeed;
use server::storage::{AppendReport, AppendRequest, EventToAppend, ShipmentId, ShopperId};

/// Creates a Shenzhen → Los Angeles shipment for `shopper`; returns its number and token.
async fn create_shipment(app: &TestApp, shopper: &str) -> (String, ShopperToken) {
    let mut shipment = fixtures::two_leg_shipment();
    shipment["shopper"]["reference"] = json!(shopper);
    shipment["order_ref"] = Value::Null;
    // Carrier numbers are unique per merchant: each shipment gets its own.
    let n = rand_suffix();
    shipment["legs"][0]["tracking_number"] = json!(format!("YT24{n:014}"));
    shipment["legs"][1]["tracking_number"] = json!(format!("9400{n:018}"));
    let response =
        app.http.post(app.url("/api/v1/shipments")).bearer_auth(&app.demo_key).json(&shipment).send().await.unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let path = body["journey_path"].as_str().unwrap();
    let token = ShopperToken::parse(path.trim_start_matches("/t/")).unwrap();
    (body["tracking_number"].as_str().unwrap().to_owned(), token)
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    (std::process::id() as u64) * 1_000_000 + NEXT.fetch_add(1, Ordering::Relaxed)
}

async fn post(app: &TestApp, number: &str, code: &str, at: &str) {
    let response = app.post_event(number, json!({"code": code, "occurred_at": at})).await;
    assert_eq!(response.status(), 201, "{code}: {}", response.text().await.unwrap());
}

async fn shipment(app: &TestApp, token: &ShopperToken) -> ShipmentId {
    app.storage.shipment_by_token(token).await.unwrap().unwrap()
}

async fn rule_ids(app: &TestApp, token: &ShopperToken) -> Vec<String> {
    let rewards = app.storage.journey_rewards(shipment(app, token).await).await.unwrap();
    rewards.awards.iter().map(|a| a.rule_id.clone()).collect()
}

async fn rewards_follow_the_milestones_that_happened_and_only_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (number, token) = create_shipment(&app, "first-timer").await;
    post(&app, &number, "order_confirmed", fixtures::JOURNEY[0].1).await;
    let granted = rule_ids(&app, &token).await;
    assert!(granted.contains(&"welcome".to_owned()), "first order: {granted:?}");
    assert!(!granted.iter().any(|r| r.starts_with("customs")), "nothing for what did not happen");
    // The greener option was chosen at checkout; the long haul is earned once travelled.
    assert!(granted.contains(&"eco".to_owned()) && !granted.contains(&"long-haul".to_owned()), "{granted:?}");

    post(&app, &number, "customs_cleared", fixtures::JOURNEY[5].1).await;
    let rewards = app.storage.journey_rewards(shipment(&app, &token).await).await.unwrap();
    let coupons: Vec<&Reward> =
        rewards.awards.iter().map(|a| &a.reward).filter(|r| matches!(r, Reward::Coupon { .. })).collect();
    assert!(matches!(coupons[..], [Reward::Coupon { percent_off: 10, .. }]), "first-time buyer's coupon: {coupons:?}");
    assert!(rewards.badges.contains(&Badge::CustomsCleared));
    // The same milestone reported again, by another scan, grants nothing more.
    let again = app
        .post_event(
            &number,
            json!({"code": "customs_cleared", "occurred_at": "2026-11-06T01:00:00Z", "description": "re-scan"}),
        )
        .await;
    assert_eq!(again.status(), 201);
    post(&app, &number, "out_for_delivery", fixtures::JOURNEY[6].1).await;
    post(&app, &number, "delivered", fixtures::JOURNEY[7].1).await;
    let rewards = app.storage.journey_rewards(shipment(&app, &token).await).await.unwrap();
    let mut ids: Vec<&str> = rewards.awards.iter().map(|a| a.rule_id.as_str()).collect();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "each rule at most once");
    assert!(ids.contains(&"long-haul"), "delivered: the 11,000 km were travelled");
    assert_eq!(rewards.points, 150, "50 out for delivery + 100 delivered");

    // The page shows its shopper the cards, badges and points, never another shopper's.
    let html = app.http.get(app.url(&token.journey_path())).send().await.unwrap().text().await.unwrap();
    assert_eq!(html.matches(r#"data-testid="reward-card""#).count(), 3, "coupon and two points cards");
    assert!(html.contains(r#"data-badge="customs_cleared" data-testid="badge""#));
    assert!(html.contains("150 points"));
    assert!(html.contains(r#"data-testid="story""#), "a story line beside the milestones");
}

async fn rewards_left_unevaluated_by_a_crash_are_granted_once_on_restart(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = create_shipment(&app, "crash-victim").await;
    let id = shipment(&app, &token).await;
    let merchant = app.storage.merchant_by_slug("demo").await.unwrap().unwrap();
    // The events commit, and the process dies before it evaluates rewards: storage alone.
    let events = [EventToAppend { shipment: id, event: fixtures::milestone("order_confirmed", Utc::now()) }];
    let report = app.storage.append_events(AppendRequest { merchant, delivery: None, events: &events }).await.unwrap();
    assert!(matches!(report, AppendReport::Appended { ref pending_rewards, .. } if pending_rewards.contains_key(&id)));
    assert!(rule_ids(&app, &token).await.is_empty(), "nothing granted yet");
    // What the retry worker does at start-up: everything pending.
    let live = LiveFeed::quiet(app.storage.clone());
    let retried = ingest::evaluate_pending(app.storage.as_ref(), &live, Utc::now()).await.unwrap();
    assert!(retried >= 1);
    let granted = rule_ids(&app, &token).await;
    assert!(granted.contains(&"welcome".to_owned()), "{granted:?}");
    // A second start finds nothing left, and nothing is granted twice.
    assert_eq!(ingest::evaluate_pending(app.storage.as_ref(), &live, Utc::now()).await.unwrap(), 0);
    assert_eq!(rule_ids(&app, &token).await, granted);
    // An evaluation that did run clears its mark: a normal append leaves nothing pending.
    post(&app, &create_shipment(&app, "steady").await.0, "order_confirmed", fixtures::JOURNEY[0].1).await;
    assert_eq!(ingest::evaluate_pending(app.storage.as_ref(), &live, Utc::now()).await.unwrap(), 0);
}

async fn a_coupon_is_redeemed_once_and_a_second_redemption_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (number, token) = create_shipment(&app, "redeemer").await;
    post(&app, &number, "customs_cleared", fixtures::JOURNEY[5].1).await;
    let rewards = app.storage.journey_rewards(shipment(&app, &token).await).await.unwrap();
    let code = rewards
        .awards
        .iter()
        .find_map(|a| match &a.reward {
            Reward::Coupon { code, .. } => Some(code.clone()),
            _ => None,
        })
        .expect("a coupon");
    assert!(code.starts_with("TP-") && code.len() == 22, "{code}");
    let redeem = |code: String| {
        let app = &app;
        async move {
            app.http
                .post(app.url(&format!("/api/v1/coupons/{code}/redeem")))
                .bearer_auth(&app.demo_key)
                .send()
                .await
                .unwrap()
        }
    };
    // Two redemptions at once: exactly one wins.
    let (first, second) = tokio::join!(redeem(code.clone()), redeem(code.clone()));
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let third = redeem(code.clone()).await;
    assert_eq!(third.status(), 409);
    assert_eq!(third.headers()["content-type"], "application/problem+json");
    let problem: Value = third.json().await.unwrap();
    assert_eq!(problem["field"], "code");
    assert_eq!(redeem("TP-0000-0000-0000-0000".into()).await.status(), 404);
    let rewards = app.storage.journey_rewards(shipment(&app, &token).await).await.unwrap();
    assert!(rewards.awards.iter().any(|a| matches!(a.reward, Reward::Coupon { redeemed: true, .. })));
}

async fn rules_are_data_the_seller_edits_with_clear_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let rules = |method: reqwest::Method, body: Option<Value>| {
        let app = &app;
        async move {
            let mut request = app.http.request(method, app.url("/api/v1/rules")).bearer_auth(&app.demo_key);
            if let Some(body) = body {
                request = request.json(&body);
            }
            request.send().await.unwrap()
        }
    };
    let defaults: Value = rules(reqwest::Method::GET, None).await.json().await.unwrap();
    assert!(defaults["rules"].as_array().unwrap().iter().any(|r| r["id"] == "customs-coupon-new"));

    let twice = json!({"rules": [
        {"id": "a", "trigger": {"on": "eco_choice"}, "grant": {"kind": "points", "points": 5}},
        {"id": "a", "trigger": {"on": "eco_choice"}, "grant": {"kind": "points", "points": 5}}]});
    let response = rules(reqwest::Method::PUT, Some(twice)).await;
    assert_eq!(response.status(), 422);
    assert_eq!(response.json::<Value>().await.unwrap()["field"], "rules[1].id");
    let typo = json!({"rules": [{"id": "a", "trigger": {"on": "teleported"}, "grant": {"kind": "vip_invite"}}]});
    let response = rules(reqwest::Method::PUT, Some(typo)).await;
    assert_eq!(response.status(), 422);
    let problem: Value = response.json().await.unwrap();
    assert!(problem["field"].as_str().unwrap().starts_with("rules[0].trigger"), "{problem}");

    let mine = json!({"rules": [
        {"id": "packed-points", "trigger": {"on": "milestone", "milestone": "packed"}, "grant": {"kind": "points", "points": 7}}]});
    assert_eq!(rules(reqwest::Method::PUT, Some(mine)).await.status(), 200);
    let (number, token) = create_shipment(&app, "custom-rules").await;
    post(&app, &number, "packed", fixtures::JOURNEY[1].1).await;
    post(&app, &number, "customs_cleared", fixtures::JOURNEY[5].1).await;
    assert_eq!(rule_ids(&app, &token).await, vec!["packed-points"], "only the merchant's own rules now");
}

async fn first_time_buyers_and_frequent_customers_get_different_rewards(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut coupons = Vec::new();
    for _ in 0..3 {
        let (number, token) = create_shipment(&app, "regular").await;
        post(&app, &number, "customs_cleared", fixtures::JOURNEY[5].1).await;
        let rewards = app.storage.journey_rewards(shipment(&app, &token).await).await.unwrap();
        coupons.push(rewards.awards.iter().find_map(|a| match a.reward {
            Reward::Coupon { percent_off, .. } => Some(percent_off),
            _ => None,
        }));
    }
    assert_eq!(coupons, vec![Some(10), None, Some(15)], "10 % the first time, 15 % from the third order");
}

async fn a_token_shows_the_codes_of_its_own_order_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut orders = Vec::new();
    for _ in 0..3 {
        let (number, token) = create_shipment(&app, "two-coupons").await;
        post(&app, &number, "customs_cleared", fixtures::JOURNEY[5].1).await;
        orders.push(token);
    }
    let season = Season::of(Utc::now());
    let codes = |token: ShopperToken| {
        let app = &app;
        async move {
            let owner = app.storage.shopper_of_token(&token).await.unwrap().unwrap();
            let mine = app.storage.shopper_rewards(owner.shopper, owner.shipment, season, "Shop".into()).await.unwrap();
            mine.rewards.iter().map(|a| a.id).collect::<Vec<_>>()
        }
    };
    let (first, third) = (codes(orders[0].clone()).await, codes(orders[2].clone()).await);
    assert_eq!((first.len(), third.len()), (1, 1), "each order's own coupon");
    assert_ne!(first, third, "never the other order's");
    assert!(codes(orders[1].clone()).await.is_empty(), "the second order earned none, and shows none");
}

/// Many tasks report the same milestone at once; one award results. The grant is called with
/// the rule every time (no code-level check in the way): only the database stops the rest.
async fn the_same_milestone_from_many_tasks_at_once_grants_one_reward(backend: Backend) {
    let app = spawn_app(backend).await;
    let (number, token) = create_shipment(&app, "racer").await;
    let sends = (0..12).map(|i| {
        let body = json!({"code": "customs_cleared", "occurred_at": format!("2026-11-06T00:{i:02}:00Z"),
                          "description": format!("scan {i}")});
        let (app, number) = (&app, number.clone());
        async move { app.post_event(&number, body).await.status().as_u16() }
    });
    let statuses = futures::future::join_all(sends).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let granted = rule_ids(&app, &token).await;
    assert_eq!(granted.iter().filter(|r| *r == "customs-coupon-new").count(), 1, "{granted:?}");

    let shipment = shipment(&app, &token).await;
    let context = app.storage.reward_context(shipment).await.unwrap().unwrap();
    let rule = context.rules.rules().iter().find(|r| r.id == "delivered-points").unwrap().clone();
    let grants = (0..12).map(|_| {
        let (storage, context, rule) = (app.storage.clone(), context.clone(), rule.clone());
        tokio::spawn(async move { storage.grant(&context, shipment, &[&rule], Utc::now()).await.unwrap().len() })
    });
    let granted: usize = futures::future::join_all(grants).await.into_iter().map(|r| r.unwrap()).sum();
    assert_eq!(granted, 1, "twelve grants of one rule, one award");
    assert_eq!(app.storage.journey_rewards(shipment).await.unwrap().points, 100, "and its points once");
}

async fn missions_pay_their_bonus_once_a_season_and_the_leaderboard_ranks_everyone(backend: Backend) {
    let app = spawn_app(backend).await;
    // Four deliveries for one shopper: the deliveries mission (3) is done once.
    let mut tokens = Vec::new();
    for _ in 0..4 {
        let (number, token) = create_shipment(&app, "star").await;
        post(&app, &number, "delivered", fixtures::JOURNEY[7].1).await;
        tokens.push(token);
    }
    let owner = app.storage.shopper_of_token(&tokens[0]).await.unwrap().unwrap();
    let season = Season::of(Utc::now());
    let mine = app.storage.shopper_rewards(owner.shopper, owner.shipment, season, "Shop".into()).await.unwrap();
    // Delivered implies the milestones before it: 4 × (100 delivered + 50 out for delivery),
    // 40 for each repeat order (the 2nd to 4th), and both missions' bonuses, each once.
    assert_eq!(mine.points, 4 * (100 + 50) + 3 * 40 + 150 + 100, "{:?}", mine.ledger);
    let bonuses = mine.ledger.iter().filter(|l| matches!(l.reason, app::model::rewards::LedgerReason::Mission(_)));
    assert_eq!(bonuses.count(), 2, "deliveries (3) and repeat purchase (2), once each");

    // Another shopper with fewer points ranks below; a shopper without points is unranked.
    let (number, other) = create_shipment(&app, "runner-up").await;
    post(&app, &number, "delivered", fixtures::JOURNEY[7].1).await;
    let runner = app.storage.shopper_of_token(&other).await.unwrap().unwrap();
    let page = app.storage.board(owner.merchant, Board::AllTime, season, Some(runner.shopper), 1).await.unwrap();
    assert_eq!(page.top.len(), 1);
    assert_eq!(page.top[0].points, 970);
    assert!(matches!(page.top[0].name, ShownName::Masked(_)), "names are masked unless chosen");
    let me = page.me.unwrap();
    assert!(me.rank.unwrap() >= 2, "the runner-up sees their own rank outside the top: {me:?}");

    // Opting in shows the chosen name; the shopper's real name never appears.
    let name = app::domain::gamification::DisplayName::parse("Star Shopper").unwrap();
    app.storage.set_display_name(owner.shopper, Some(&name)).await.unwrap();
    let html = app
        .http
        .get(app.url(&format!("/leaderboard?t={}", other.as_str())))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Star Shopper"));
    assert!(!html.contains("Ana Lima"), "the merchant's shopper name stays private");
    assert!(html.contains(r#"data-testid="my-rank""#) && html.contains(r#"data-testid="mission""#));
    let _ = ShopperId(0);
}

on_both_backends!(
    a_token_shows_the_codes_of_its_own_order_only,
    rewards_left_unevaluated_by_a_crash_are_granted_once_on_restart,
    rewards_follow_the_milestones_that_happened_and_only_once,
    a_coupon_is_redeemed_once_and_a_second_redemption_is_refused,
    rules_are_data_the_seller_edits_with_clear_errors,
    first_time_buyers_and_frequent_customers_get_different_rewards,
    the_same_milestone_from_many_tasks_at_once_grants_one_reward,
    missions_pay_their_bonus_once_a_season_and_the_leaderboard_ranks_everyone,
);
