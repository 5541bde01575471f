//! The live pipe over real HTTP: a position posted through the ingest API reaches every open
//! journey stream, reconnecting clients get what they missed, and bad input is refused with a
//! problem+json that names the field.

use crate::support::{spawn_app, spawn_app_with, Backend, SseReader, TestApp};
use app::model::journey::LiveUpdate;
use serde_json::{json, Value};

async fn open_stream(app: &TestApp, token: &str, last_event_id: Option<i64>) -> SseReader {
    let mut request = app.http.get(app.url(&format!("/t/{token}/live")));
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id.to_string());
    }
    SseReader::new(request.send().await.expect("stream opens"))
}

fn position_of(data: &str) -> (i64, f64, f64) {
    match serde_json::from_str::<LiveUpdate>(data).expect("a live update") {
        LiveUpdate::Position(fix) => (fix.id, fix.point.lat(), fix.point.lon()),
        other => panic!("expected a position, got {other:?}"),
    }
}

async fn a_recorded_position_reaches_every_open_stream_of_the_journey(backend: Backend) {
    let app = spawn_app(backend).await;
    let journey = app.demo_journey(0).await;
    let other = app.demo_journey(1).await;
    let mut first = open_stream(&app, &journey.token, None).await;
    let mut second = open_stream(&app, &journey.token, None).await;
    let mut unrelated = open_stream(&app, &other.token, None).await;

    let response = app.post_position(journey.tracking_number.as_str(), 40.5, -150.25).await;
    assert_eq!(response.status(), 201);
    let stored: Value = response.json().await.unwrap();
    let id = stored["id"].as_i64().unwrap();

    for stream in [&mut first, &mut second] {
        let event = stream.next().await.expect("an event");
        assert_eq!(event.id, Some(id.to_string()));
        assert_eq!(position_of(&event.data), (id, 40.5, -150.25));
    }
    // The other journey's stream stays quiet: the next thing it hears is its own update.
    let own = app.post_position(other.tracking_number.as_str(), 1.0, 2.0).await;
    assert_eq!(own.status(), 201);
    assert_eq!(position_of(&unrelated.next().await.unwrap().data).1, 1.0);
}

async fn a_reconnecting_client_gets_every_update_it_missed_in_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let journey = app.demo_journey(0).await;
    let number = journey.tracking_number.as_str();
    let first: Value = app.post_position(number, 10.0, 170.0).await.json().await.unwrap();
    let seen = first["id"].as_i64().unwrap();
    // The phone sleeps; three positions arrive meanwhile.
    for lat in [11.0, 12.0, 13.0] {
        assert_eq!(app.post_position(number, lat, 171.0).await.status(), 201);
    }
    let mut stream = open_stream(&app, &journey.token, Some(seen)).await;
    let mut missed = Vec::new();
    for _ in 0..3 {
        missed.push(position_of(&stream.next().await.unwrap().data));
    }
    assert_eq!(missed.iter().map(|m| m.1).collect::<Vec<_>>(), [11.0, 12.0, 13.0]);
    assert!(missed.windows(2).all(|w| w[0].0 < w[1].0), "ids increase");
    // …and then it is live again.
    assert_eq!(app.post_position(number, 14.0, 172.0).await.status(), 201);
    assert_eq!(position_of(&stream.next().await.unwrap().data).1, 14.0);
}

async fn streams_for_unknown_or_malformed_tokens_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let unknown = app.http.get(app.url("/t/AAAAAAAAAAAAAAAAAAAAAA/live")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.headers()["content-type"], "application/problem+json");
    let malformed = app.http.get(app.url("/t/short/live")).send().await.unwrap();
    assert_eq!(malformed.status(), 400);
    assert_eq!(malformed.json::<Value>().await.unwrap()["field"], "token");
    let journey = app.demo_journey(0).await;
    let bad_resume =
        app.http.get(app.url(&format!("/t/{}/live", journey.token))).header("last-event-id", "x").send().await.unwrap();
    assert_eq!(bad_resume.status(), 400);
    assert_eq!(bad_resume.json::<Value>().await.unwrap()["field"], "Last-Event-ID");
}

async fn a_merchant_cannot_move_another_merchants_parcel(backend: Backend) {
    let app = spawn_app(backend).await;
    let journey = app.demo_journey(0).await;
    let stranger = server::api::auth::issue_key(app.storage.as_ref(), "globex", "Globex").await.unwrap();
    let response = app
        .http
        .post(app.url(&format!("/api/v1/shipments/{}/events", journey.tracking_number)))
        .bearer_auth(stranger)
        .json(&json!({"code": "position", "occurred_at": chrono::Utc::now().to_rfc3339(), "location": {"lat": 1.0, "lon": 2.0}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

async fn shutdown_closes_open_streams_and_stops_the_server(backend: Backend) {
    let app = spawn_app(backend).await;
    let journey = app.demo_journey(0).await;
    let mut stream = open_stream(&app, &journey.token, None).await;
    app.shutdown.cancel();
    assert_eq!(stream.next().await, None, "the stream ends");
    let stopped = tokio::time::timeout(std::time::Duration::from_secs(5), app.server).await;
    assert!(matches!(stopped, Ok(Ok(Ok(())))), "the server drains and stops: {stopped:?}");
}

async fn a_client_holds_a_bounded_number_of_streams_each_for_a_bounded_time(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.limits.max_streams_per_client = 2;
        s.limits.max_stream_seconds = 2;
    })
    .await;
    let journey = app.demo_journey(0).await;
    let url = app.url(&format!("/t/{}/live", journey.token));
    let first = open_stream(&app, &journey.token, None).await;
    let mut second = open_stream(&app, &journey.token, None).await;
    let refused = app.http.get(&url).send().await.unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    drop(first);
    // The closed stream's slot frees as soon as the server notices the connection is gone.
    let mut third = None;
    for _ in 0..50 {
        let response = app.http.get(&url).send().await.unwrap();
        if response.status() == 200 {
            third = Some(response);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(third.is_some(), "a slot frees when a stream closes");
    // Its lifetime over, a stream ends (the browser then reconnects with Last-Event-ID).
    let ended =
        tokio::time::timeout(std::time::Duration::from_secs(10), async { while second.next().await.is_some() {} })
            .await;
    assert!(ended.is_ok(), "the stream ended after its lifetime");
}

async fn a_stream_resuming_from_the_start_replays_only_the_newest_updates(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.limits.max_replay = 3).await;
    let journey = app.demo_journey(0).await;
    for lat in [1.0, 2.0, 3.0, 4.0, 5.0] {
        assert_eq!(app.post_position(journey.tracking_number.as_str(), lat, 0.0).await.status(), 201);
    }
    let mut stream = open_stream(&app, &journey.token, Some(0)).await;
    let mut replayed = Vec::new();
    for _ in 0..3 {
        replayed.push(position_of(&stream.next().await.unwrap().data).1);
    }
    assert_eq!(replayed, [3.0, 4.0, 5.0], "the newest three of the whole history, then live");
    assert_eq!(app.post_position(journey.tracking_number.as_str(), 6.0, 0.0).await.status(), 201);
    assert_eq!(position_of(&stream.next().await.unwrap().data).1, 6.0);
}

async fn a_client_over_its_request_rate_gets_429_and_nothing_is_stored(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.limits.requests_per_minute = 3;
        s.limits.api_requests_per_minute = 3;
    })
    .await;
    let journey = app.demo_journey(0).await;
    let number = journey.tracking_number.as_str();
    let before =
        app.storage.live_updates_after(shipment_id(&app, &journey.token).await, 0, 100_000).await.unwrap().len();
    for lat in [1.0, 2.0, 3.0] {
        assert_eq!(app.post_position(number, lat, 0.0).await.status(), 201);
    }
    let refused = app.post_position(number, 4.0, 0.0).await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "20");
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    let after =
        app.storage.live_updates_after(shipment_id(&app, &journey.token).await, 0, 100_000).await.unwrap().len();
    assert_eq!(after, before + 3, "the refused position was not stored");

    // The merchant's spent budget is its own: a caller without a key is still told to
    // authenticate (401, not 429), and a wrong key costs the caller's budget, not the shop's.
    let shipments = app.url("/api/v1/dead-letters");
    assert_eq!(app.http.get(&shipments).send().await.unwrap().status(), 401);
    let forged = "tpk_0123456789ab_forged";
    assert_eq!(app.http.get(&shipments).bearer_auth(forged).send().await.unwrap().status(), 401);

    // Pages are not budgeted: the shopper can still read the journey.
    assert_eq!(app.http.get(app.url(&format!("/t/{}", journey.token))).send().await.unwrap().status(), 200);
    // The page's server functions are: anonymous calls that each cost a query, on the
    // client's budget, which the forged key above took one from.
    let form = [("token", journey.token.as_str()), ("expiry", "week"), ("locale", "en")];
    let share = || app.http.post(app.url("/api/share_journey")).form(&form).send();
    for _ in 0..2 {
        assert_eq!(share().await.unwrap().status(), 200);
    }
    assert_eq!(share().await.unwrap().status(), 429);
    assert_eq!(app.http.get(&shipments).bearer_auth(forged).send().await.unwrap().status(), 429);
}

async fn shipment_id(app: &TestApp, token: &str) -> server::storage::ShipmentId {
    let token = app::domain::ShopperToken::parse(token).unwrap();
    app.storage.shipment_by_token(&token).await.unwrap().unwrap()
}

async fn a_milestone_reaches_open_streams_and_is_replayed_after_a_reconnect(backend: Backend) {
    let app = spawn_app(backend).await;
    let journey = app.demo_journey(0).await;
    let mut stream = open_stream(&app, &journey.token, None).await;
    let at = chrono::Utc::now().to_rfc3339();
    let body = serde_json::json!({"code": "delivered", "occurred_at": at,
        "location": {"city": "Los Angeles", "country": "US", "lat": 34.05, "lon": -118.24}});
    let response = app.post_event(journey.tracking_number.as_str(), body).await;
    assert_eq!(response.status(), 201);
    let id = response.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let event = stream.next().await.expect("an event");
    assert_eq!(event.id, Some(id.to_string()));
    match serde_json::from_str::<LiveUpdate>(&event.data).unwrap() {
        LiveUpdate::Scan(scan) => {
            assert_eq!(scan.milestone(), Some(app::domain::Milestone::Delivered));
            assert_eq!(scan.entry.city.as_deref(), Some("Los Angeles"), "a timeline entry with its place");
            assert_eq!(scan.fix().map(|f| f.point.lat()), Some(34.05), "the newest scan moves the marker too");
        }
        other => panic!("{other:?}"),
    }
    // Then the state it leads to, without an id of its own (a reconnect resumes after the scan).
    let outlook = stream.next().await.expect("the outlook");
    assert_eq!(outlook.id, None);
    match serde_json::from_str::<LiveUpdate>(&outlook.data).unwrap() {
        LiveUpdate::Outlook(outlook) => {
            assert_eq!(outlook.status, app::domain::ShipmentStatus::Delivered);
            assert_eq!(outlook.headline, Some(app::domain::EventCode::Delivered));
            assert_eq!(outlook.eta, None, "no window once delivered");
        }
        other => panic!("{other:?}"),
    }
    // A phone that slept through it gets it on reconnect, and the outlook after it.
    let mut resumed = open_stream(&app, &journey.token, Some(id - 1)).await;
    assert_eq!(resumed.next().await.unwrap().id, Some(id.to_string()));
    let replayed = resumed.next().await.unwrap();
    assert!(
        matches!(serde_json::from_str::<LiveUpdate>(&replayed.data).unwrap(), LiveUpdate::Outlook(o) if o.status == app::domain::ShipmentStatus::Delivered)
    );
}

on_both_backends!(
    a_stream_resuming_from_the_start_replays_only_the_newest_updates,
    a_client_holds_a_bounded_number_of_streams_each_for_a_bounded_time,
    a_milestone_reaches_open_streams_and_is_replayed_after_a_reconnect,
    a_recorded_position_reaches_every_open_stream_of_the_journey,
    a_reconnecting_client_gets_every_update_it_missed_in_order,
    streams_for_unknown_or_malformed_tokens_are_refused,
    a_merchant_cannot_move_another_merchants_parcel,
    shutdown_closes_open_streams_and_stops_the_server,
    a_client_over_its_request_rate_gets_429_and_nothing_is_stored,
);
