//! The journey page's answers, rendered on the server from real events over real HTTP: the
//! trusted-update timeline, the delivery window and why, customs action, proof of delivery.

use crate::support::{fixtures, spawn_app, Backend, TestApp};
use app::i18n::journey::{journey_text, JourneyText};
use app::i18n::Locale;
use serde_json::{json, Value};

/// Creates the Shenzhen → Los Angeles shipment; returns its tracking number and page path.
async fn create_shipment(app: &TestApp) -> (String, String) {
    let response = app
        .http
        .post(app.url("/api/v1/shipments"))
        .bearer_auth(&app.demo_key)
        .json(&fixtures::two_leg_shipment())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    (body["tracking_number"].as_str().unwrap().to_owned(), body["journey_path"].as_str().unwrap().to_owned())
}

async fn post(app: &TestApp, number: &str, event: Value) {
    let response = app.post_event(number, event.clone()).await;
    assert_eq!(response.status(), 201, "{event}: {}", response.text().await.unwrap());
}

async fn page(app: &TestApp, path: &str, accept_language: &str) -> String {
    let response = app.http.get(app.url(path)).header("accept-language", accept_language).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

fn shenzhen(code: &str, at: &str) -> Value {
    json!({"code": code, "occurred_at": at,
           "location": {"city": "Shenzhen", "country": "CN", "lat": 22.54, "lon": 114.06, "time_zone": "Asia/Shanghai"}})
}

fn los_angeles(code: &str, at: &str) -> Value {
    json!({"code": code, "occurred_at": at,
           "location": {"city": "Los Angeles", "country": "US", "lat": 33.94, "lon": -118.41,
                        "time_zone": "America/Los_Angeles"}})
}

/// The text of the element carrying `data-testid="{id}"` (its first text run).
fn test_id_text<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!(r#"data-testid="{id}""#))?;
    let open = start + html[start..].find('>')? + 1;
    let close = open + html[open..].find('<')?;
    Some(&html[open..close])
}

async fn the_timeline_tells_each_scan_where_and_when_it_happened_and_what_comes_next(backend: Backend) {
    let app = spawn_app(backend).await;
    let (number, path) = create_shipment(&app).await;
    post(&app, &number, shenzhen("order_confirmed", "2026-11-16T10:00:00+08:00")).await;
    // The label is printed after the order news: it is in the timeline, never the headline.
    post(&app, &number, shenzhen("label_created", "2026-11-16T11:30:00+08:00")).await;
    let html = page(&app, &path, "en").await;
    assert!(html.contains(r#"data-testid="headline" data-code="order_confirmed""#), "label_created is no headline");
    assert_eq!(html.matches(r#"data-testid="timeline-entry""#).count(), 2);

    let mut departed = json!({"code": "departed_origin", "occurred_at": "2026-11-18T23:40:00+08:00",
        "location": {"city": "Hong Kong", "country": "HK", "lat": 22.31, "lon": 113.92, "time_zone": "Asia/Hong_Kong"},
        "carrier": {"carrier": "yunexpress", "tracking_number": "YT2412345678901234"},
        "description": "Departed on flight CX 880"});
    departed["actor"] = json!("carrier");
    post(&app, &number, departed).await;
    let html = page(&app, &path, "en").await;
    assert!(html.contains(r#"data-testid="headline" data-code="departed_origin""#));
    // Newest first, in the scan's own local time and zone, with the city and country.
    let entry_at = |code: &str| html.find(&format!(r#"data-code="{code}" data-id="#)).unwrap();
    assert!(entry_at("departed_origin") < entry_at("order_confirmed"), "newest first");
    assert!(html.contains("Wed 18 Nov, 23:40 (UTC+8) · Hong Kong, Hong Kong"), "local time, zone, place");
    assert!(html.contains("Carrier · Yunexpress"), "the actor and the carrier's name");
    assert!(html.contains("Departed on flight CX 880"), "the carrier's own words");
    assert_eq!(html.matches(r#"data-testid="next-step""#).count(), 1, "what happens next, for the newest scan");
    // No history on this lane yet: no window is invented.
    assert!(html.contains(journey_text(Locale::En, JourneyText::EtaUnknown)));
    assert!(!html.contains(r#"data-testid="eta-window""#));
}

async fn the_delivery_window_rests_on_the_lanes_history_and_says_why(backend: Backend) {
    let app = spawn_app(backend).await;
    let merchant = server::simulator::demo::demo_merchant(app.storage.as_ref()).await.unwrap();
    let report = server::simulator::demo::write_history(&app.storage, merchant, 700, 7, chrono::Utc::now(), &|_| {})
        .await
        .unwrap();
    assert_eq!(report.journeys, 700);
    let (number, path) = create_shipment(&app).await;
    let now = chrono::Utc::now();
    post(&app, &number, shenzhen("order_confirmed", &(now - chrono::Duration::days(3)).to_rfc3339())).await;
    post(&app, &number, shenzhen("departed_origin", &(now - chrono::Duration::hours(2)).to_rfc3339())).await;
    let html = page(&app, &path, "en").await;
    let window = test_id_text(&html, "eta-window").expect("a delivery window");
    assert!(window.contains(" – ") || window.len() >= 9, "a date range or a day: {window}");
    let why = test_id_text(&html, "eta-why").unwrap();
    assert!(why.starts_with("Based on "), "{why}");
    assert!(why.contains("on the China – United States route"), "{why}");
    assert!(why.contains("“Left the origin”") && why.contains("weekends and public holidays not counted"), "{why}");
    // The silent stretch after departure has its note.
    let note = test_id_text(&html, "next-scan").expect("the next key scan");
    assert!(note.starts_with("Next key scan: “Arrived in destination country”"), "{note}");
    // Chinese too.
    let html = page(&app, &path, "zh-CN").await;
    assert!(test_id_text(&html, "eta-why").unwrap().contains("中国"));
    // Another shop on the same lane has no history of its own: this shop's 700 parcels neither
    // shape nor reveal anything on its page.
    let stranger = server::api::auth::issue_key(app.storage.as_ref(), "globex", "Globex").await.unwrap();
    let api = |path: &str| app.http.post(app.url(path)).bearer_auth(&stranger);
    let created: Value =
        api("/api/v1/shipments").json(&fixtures::two_leg_shipment()).send().await.unwrap().json().await.unwrap();
    let theirs = created["tracking_number"].as_str().unwrap();
    for event in [
        shenzhen("order_confirmed", &(now - chrono::Duration::days(3)).to_rfc3339()),
        shenzhen("departed_origin", &(now - chrono::Duration::hours(2)).to_rfc3339()),
    ] {
        let response = api(&format!("/api/v1/shipments/{theirs}/events")).json(&event).send().await.unwrap();
        assert_eq!(response.status(), 201);
    }
    let html = page(&app, created["journey_path"].as_str().unwrap(), "en").await;
    assert_eq!(test_id_text(&html, "eta-window"), None, "no window from another shop's history");
    assert_eq!(test_id_text(&html, "next-scan"), None);
}

async fn customs_action_stands_out_with_what_to_do_in_the_shoppers_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let (number, path) = create_shipment(&app).await;
    post(&app, &number, los_angeles("arrived_destination", "2026-11-19T06:10:00-08:00")).await;
    let mut held = los_angeles("customs_action_required", "2026-11-19T15:00:00-08:00");
    held["reason"] = json!("awaiting_payment");
    held["customer_action"] = json!("Pay USD 12.40 in duties at usps.com/pay within 15 days");
    post(&app, &number, held).await;
    for (accept, locale) in [("en-US", Locale::En), ("zh-CN", Locale::ZhHans)] {
        let html = page(&app, &path, accept).await;
        let card = &html[html.find(r#"data-testid="problem-card""#).expect("a problem card") - 200..];
        assert!(card.contains(r#"role="alert""#), "action required stands out");
        assert!(card.contains(journey_text(locale, JourneyText::ActionRequiredHeading)));
        assert!(card.contains(journey_text(locale, JourneyText::YourAction)));
        let action = app::i18n::journey::reason_action(locale, app::domain::event::ReasonCode::AwaitingPayment);
        assert!(card.contains(action.unwrap()), "what to do, translated");
        assert!(card.contains("Pay USD 12.40 in duties at usps.com/pay within 15 days"), "and the carrier's words");
        assert!(html.contains(r#"data-testid="headline" data-code="customs_action_required""#));
    }
    // Cleared: the card goes, the journey moves on.
    post(&app, &number, los_angeles("customs_cleared", "2026-11-20T09:00:00-08:00")).await;
    let html = page(&app, &path, "en").await;
    assert!(!html.contains(r#"data-testid="problem-card""#));
}

async fn a_delivered_journey_shows_how_when_and_where_with_its_proof(backend: Backend) {
    let app = spawn_app(backend).await;
    let (number, path) = create_shipment(&app).await;
    let mut delivered = los_angeles("delivered", "2026-11-20T14:32:00-08:00");
    delivered["location"]["city"] = json!("Los Angeles");
    delivered["proof"] =
        json!({"method": "signature", "signed_by": "A. Lima", "point": {"lat": 34.0531, "lon": -118.2420}});
    post(&app, &number, delivered).await;
    for (accept, locale) in [("en", Locale::En), ("zh-CN", Locale::ZhHans)] {
        let html = page(&app, &path, accept).await;
        assert!(html.contains(r#"data-testid="delivered-card""#));
        assert!(html.contains(journey_text(locale, JourneyText::DeliveredHeading)));
        let method = app::i18n::journey::delivery_method_label(locale, app::domain::event::DeliveryMethod::Signature);
        assert_eq!(test_id_text(&html, "proof-method"), Some(method));
        assert!(html.contains("A. Lima"));
        assert!(html.contains(journey_text(locale, JourneyText::ProofPin)), "the pin is on the map");
        assert!(!html.contains(r#"data-testid="eta-window""#), "no window once delivered");
    }
    let html = page(&app, &path, "en").await;
    assert!(html.contains("Fri 20 Nov, 14:32 in Los Angeles"), "delivered when and where, in local time");
}

async fn the_journey_page_wears_the_shops_name_and_colour(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, path) = create_shipment(&app).await;
    let brand = |colour: Value| {
        let set = app.http.put(app.url("/api/v1/brand")).bearer_auth(&app.demo_key).json(&json!({"colour": colour}));
        async move { assert_eq!(set.send().await.unwrap().status(), 200) }
    };
    brand(Value::Null).await;
    let html = page(&app, &path, "en").await;
    assert_eq!(test_id_text(&html, "shipped-by"), Some("Shipped by Trekpost Demo Shop"));
    assert!(html.contains("--brand: #1e3a8a"), "Trekpost blue while the shop has no colour of its own");
    brand(json!("#E11D48")).await;
    let html = page(&app, &path, "de").await;
    assert!(html.contains("--brand: #e11d48"), "the shop's own colour");
    assert_eq!(test_id_text(&html, "shipped-by"), Some("Versendet von Trekpost Demo Shop"));
}

on_both_backends!(
    the_journey_page_wears_the_shops_name_and_colour,
    the_timeline_tells_each_scan_where_and_when_it_happened_and_what_comes_next,
    the_delivery_window_rests_on_the_lanes_history_and_says_why,
    customs_action_stands_out_with_what_to_do_in_the_shoppers_language,
    a_delivered_journey_shows_how_when_and_where_with_its_proof,
);
