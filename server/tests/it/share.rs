//! Sharing on both databases: a shopper shares a journey, a stranger opens `/s/{slug}`, its live
//! stream and its card; none of them carries the shipment's private fields (checked against
//! the values the merchant actually sent). Stopped or expired links answer 410; the card is a
//! 1200×630 PNG that decodes, cached until the journey changes; sharing earns the sharer badge.

use crate::support::{fixtures, spawn_app, Backend, SseReader, TestApp};
use app::domain::gamification::{Badge, Mission, Season};
use app::domain::share::ShareSlug;
use app::domain::ShopperToken;
use app::i18n::Locale;
use app::model::rewards::Reward;
use app::model::share::{BrandColour, ShareLink, ShareView};
use chrono::{Duration, Utc};
use resvg::tiny_skia::Pixmap;
use serde_json::{json, Value};
use server::share::card::card_svg;

/// What the merchant sent that no stranger may see.
struct Private {
    values: Vec<String>,
    number: String,
    token: ShopperToken,
}

/// A Shenzhen → Los Angeles shipment with recognisable private values, moved through customs
/// (a coupon is granted) with the courier's van pinging a few doors from the shopper's home.
async fn shipment_with_private_fields(app: &TestApp, label: &str) -> Private {
    let n = std::process::id() as u64 * 1000 + rand::random::<u16>() as u64;
    let mut shipment = fixtures::two_leg_shipment();
    shipment["order_ref"] = json!(format!("ORD-SECRET-{label}-{n}"));
    shipment["shopper"] = json!({
        "reference": format!("cust-secret-{label}-{n}"),
        "name": "Zhang Wei Privatename",
        "email": format!("zhang.{label}.{n}@private-mail.example"),
    });
    shipment["destination"]["postal_code"] = json!("90012-4321");
    // The doorstep, to six decimals.
    shipment["destination"]["lat"] = json!(34.052_337);
    shipment["destination"]["lon"] = json!(-118.243_791);
    shipment["legs"][0]["tracking_number"] = json!(format!("YT24{n:014}"));
    shipment["legs"][1]["tracking_number"] = json!(format!("9400{n:018}"));
    let response =
        app.http.post(app.url("/api/v1/shipments")).bearer_auth(&app.demo_key).json(&shipment).send().await.unwrap();
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let body: Value = response.json().await.unwrap();
    let number = body["tracking_number"].as_str().unwrap().to_owned();
    let token = ShopperToken::parse(body["journey_path"].as_str().unwrap().trim_start_matches("/t/")).unwrap();
    for (code, at) in &fixtures::JOURNEY[..6] {
        let event = json!({"code": code, "occurred_at": at,
            "description": "Handed to ZHANG WEI PRIVATENAME, 42 Hidden Garden Lane"});
        assert_eq!(app.post_event(&number, event).await.status(), 201);
    }
    assert_eq!(app.post_position(&number, 34.052_611, -118.243_412).await.status(), 201);

    let shipment_id = app.storage.shipment_by_token(&token).await.unwrap().unwrap();
    let rewards = app.storage.journey_rewards(shipment_id).await.unwrap();
    let mut values = vec![
        shipment["order_ref"].as_str().unwrap().to_owned(),
        shipment["shopper"]["reference"].as_str().unwrap().to_owned(),
        "Zhang Wei".to_owned(),
        "Privatename".to_owned(),
        "PRIVATENAME".to_owned(),
        "Hidden Garden".to_owned(),
        shipment["shopper"]["email"].as_str().unwrap().to_owned(),
        "90012-4321".to_owned(),
        shipment["legs"][0]["tracking_number"].as_str().unwrap().to_owned(),
        shipment["legs"][1]["tracking_number"].as_str().unwrap().to_owned(),
        number.clone(),
        token.as_str().to_owned(),
        // The doorstep's and the van's coordinates.
        "34.0523".to_owned(),
        "118.2437".to_owned(),
        "34.0526".to_owned(),
        "118.2434".to_owned(),
    ];
    let codes: Vec<String> = rewards
        .awards
        .iter()
        .filter_map(|a| match &a.reward {
            Reward::Coupon { code, .. } | Reward::VipInvite { code } => Some(code.clone()),
            _ => None,
        })
        .collect();
    assert!(!codes.is_empty(), "customs cleared grants a coupon: {:?}", rewards.awards);
    values.extend(codes);
    Private { values, number, token }
}

fn assert_private_free(what: &str, text: &str, private: &Private) {
    for value in &private.values {
        assert!(!text.contains(value.as_str()), "{what} reveals {value:?}");
    }
}

/// Shares through the journey page's server function, as the share button does.
async fn share(app: &TestApp, token: &ShopperToken, expiry: &str) -> ShareLink {
    let response = app
        .http
        .post(app.url("/api/share_journey"))
        .form(&[("token", token.as_str()), ("expiry", expiry), ("locale", "zh-Hans")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let link: Option<ShareLink> = response.json().await.unwrap();
    link.expect("the token's journey is shared")
}

async fn stop_sharing(app: &TestApp, token: &str, slug: &ShareSlug) -> bool {
    let response = app
        .http
        .post(app.url("/api/stop_sharing"))
        .form(&[("token", token), ("slug", slug.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn share_page_live_stream_and_card_carry_nothing_private(backend: Backend) {
    let app = spawn_app(backend).await;
    let private = shipment_with_private_fields(&app, "page").await;
    let link = share(&app, &private.token, "month").await;
    assert!(link.expires_at.is_some_and(|at| at > Utc::now() + Duration::days(29)));

    // The page: the journey in public, with the tags social networks read.
    let page = app.http.get(app.url(&link.slug.path())).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Shenzhen") && html.contains("Los Angeles"), "the route at city level");
    assert!(html.contains(r#"data-testid="shared-journey""#));
    assert!(html.contains(r#"data-badge="customs_cleared""#), "this journey's badges");
    let card_url = app.url(&link.slug.card_path());
    assert!(html.contains(&format!(r#"<meta property="og:image" content="{card_url}""#)), "og:image → the card");
    assert!(html.contains(r#"<meta name="twitter:card" content="summary_large_image""#));
    assert!(html.contains(r#"<meta name="robots" content="noindex""#));
    assert_private_free("the share page", &html, &private);

    // Its live stream starts with the public view, and so carries nothing private either.
    let response = app.http.get(app.url(&link.slug.live_path())).send().await.unwrap();
    let mut live = SseReader::new(response);
    let first = live.next().await.expect("the current view");
    assert!(first.data.starts_with(r#"{"type":"view""#), "{}", first.data);
    assert_private_free("the share stream", &first.data, &private);
    // A scan moves the public page too.
    let out = json!({"code": "out_for_delivery", "occurred_at": fixtures::JOURNEY[6].1,
        "description": "Courier to 42 Hidden Garden Lane for ZHANG WEI PRIVATENAME"});
    assert_eq!(app.post_event(&private.number, out).await.status(), 201);
    let moved = live.next().await.expect("the view after the scan");
    assert!(moved.data.contains("out_for_delivery"), "{}", moved.data);
    assert_private_free("the share stream after a scan", &moved.data, &private);

    // The card: a PNG of 1200×630 that decodes, drawn from an SVG with nothing private in it.
    let response = app.http.get(&card_url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let png = response.bytes().await.unwrap();
    let pixmap = Pixmap::decode_png(&png).expect("the card decodes");
    assert_eq!((pixmap.width(), pixmap.height()), (1200, 630));
    assert!(pixmap.pixels().iter().any(|p| p.red() > 200 && p.green() > 200 && p.blue() > 200), "white text drawn");
    assert_private_free("the card's bytes", &String::from_utf8_lossy(&png), &private);
    let journey = app.storage.journey_by_token(&private.token).await.unwrap().unwrap();
    let view = ShareView::from_journey(&journey, "Demo".into(), BrandColour::default(), Utc::now());
    for locale in Locale::ALL {
        assert_private_free("the card's SVG", &card_svg(&view, locale), &private);
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("share-card-{backend:?}.png").to_lowercase()), &png).unwrap();

    // Cached: the same card again is "not modified"; the journey moves on, the card changes.
    let again = app.http.get(&card_url).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(
        app.post_event(&private.number, json!({"code": "delivered", "occurred_at": fixtures::JOURNEY[7].1}))
            .await
            .status(),
        201
    );
    let redrawn = app.http.get(&card_url).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(redrawn.status(), 200, "a changed journey draws a new card");
    assert_ne!(redrawn.headers()["etag"].to_str().unwrap(), etag);

    // The merchant's brand colour: refused when malformed (naming the field), then on the page.
    let brand = |body: Value| {
        let app = &app;
        async move { app.http.put(app.url("/api/v1/brand")).bearer_auth(&app.demo_key).json(&body).send().await.unwrap() }
    };
    let refused = brand(json!({"colour": "rosso"})).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(refused.json::<Value>().await.unwrap()["field"], "colour");
    assert_eq!(brand(json!({"colour": "#E11D48"})).await.status(), 200);
    let html = app.http.get(app.url(&link.slug.path())).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("--brand: #e11d48"), "the shop's colour on its share page");
    let rebranded = app.http.get(&card_url).send().await.unwrap();
    assert_ne!(rebranded.headers()["etag"].to_str().unwrap(), redrawn.headers()["etag"].to_str().unwrap());

    // Sharing counted once: the sharer badge and its points, the same link on a second share.
    let shipment = app.storage.shipment_by_token(&private.token).await.unwrap().unwrap();
    let rewards = app.storage.journey_rewards(shipment).await.unwrap();
    assert!(rewards.journey_badges().contains(&Badge::Sharer), "{:?}", rewards.awards);
    let share_awards =
        |r: &app::model::rewards::JourneyRewards| r.awards.iter().filter(|a| a.rule_id.starts_with("share")).count();
    let before = share_awards(&rewards);
    assert!(before >= 1);
    // The leaderboard's share mission counts it, this season.
    let owner = app.storage.shopper_of_token(&private.token).await.unwrap().unwrap();
    let missions = app.storage.mission_counts(owner.shopper, Season::of(Utc::now())).await.unwrap();
    assert!(missions.contains(&(Mission::Share, 1)), "{missions:?}");
    let second = share(&app, &private.token, "week").await;
    assert_eq!(second.slug, link.slug, "one open link per journey");
    let rewards = app.storage.journey_rewards(shipment).await.unwrap();
    assert_eq!(share_awards(&rewards), before, "sharing again earns nothing more");
}

async fn stopped_and_expired_links_answer_410(backend: Backend) {
    let app = spawn_app(backend).await;
    let private = shipment_with_private_fields(&app, "gone").await;
    let link = share(&app, &private.token, "never").await;
    assert_eq!(link.expires_at, None);
    let response = app.http.get(app.url(&link.slug.live_path())).send().await.unwrap();
    let mut live = SseReader::new(response);
    assert!(live.next().await.unwrap().data.starts_with(r#"{"type":"view""#));

    // Only the journey's own token stops it.
    let other = shipment_with_private_fields(&app, "other").await;
    assert!(!stop_sharing(&app, other.token.as_str(), &link.slug).await);
    assert_eq!(app.http.get(app.url(&link.slug.path())).send().await.unwrap().status(), 200);
    assert!(stop_sharing(&app, private.token.as_str(), &link.slug).await);

    // The open page hears at once; the link then answers 410 everywhere.
    let gone = live.next().await.expect("a last message");
    assert_eq!(gone.data, r#"{"type":"gone"}"#);
    let expect_gone = |path: String| {
        let app = &app;
        async move {
            let response = app.http.get(app.url(&path)).send().await.unwrap();
            assert_eq!(response.status(), 410, "{path}");
            response
        }
    };
    let page = expect_gone(link.slug.path()).await.text().await.unwrap();
    assert!(page.contains(r#"data-testid="share-gone""#));
    assert_private_free("the gone page", &page, &private);
    let card = expect_gone(link.slug.card_path()).await;
    assert_eq!(card.headers()["content-type"], "application/problem+json");
    expect_gone(link.slug.live_path()).await;
    assert!(!stop_sharing(&app, private.token.as_str(), &link.slug).await, "already stopped");

    // A link past its expiry is gone too.
    let shipment = app.storage.shipment_by_token(&private.token).await.unwrap().unwrap();
    let expired = ShareLink {
        slug: server::ids::new_share_slug(),
        created_at: Utc::now() - Duration::days(8),
        expires_at: Some(Utc::now() - Duration::days(1)),
    };
    app.storage.create_share_link(shipment, &expired, "en").await.unwrap();
    for path in [expired.slug.path(), expired.slug.card_path(), expired.slug.live_path()] {
        expect_gone(path).await;
    }
    // A new share makes a new link (the stopped one stays stopped).
    let fresh = share(&app, &private.token, "week").await;
    assert_ne!(fresh.slug, link.slug);
    assert_eq!(app.http.get(app.url(&fresh.slug.path())).send().await.unwrap().status(), 200);

    // Unknown and malformed links are simply not found.
    let unknown = server::ids::new_share_slug();
    assert_eq!(app.http.get(app.url(&unknown.path())).send().await.unwrap().status(), 404);
    assert_eq!(app.http.get(app.url(&unknown.card_path())).send().await.unwrap().status(), 404);
    assert_eq!(app.http.get(app.url("/s/not-a-slug/card.png")).send().await.unwrap().status(), 404);
}

on_both_backends!(share_page_live_stream_and_card_carry_nothing_private, stopped_and_expired_links_answer_410);
