//! The tracking core over HTTP, on SQLite and PostgreSQL: shipments with carrier legs, events
//! from the native API and from AfterShip, 17TRACK and EasyPost webhooks (signed and
//! mis-signed), duplicates and late deliveries, and everything that must be refused.

use crate::support::fixtures::two_leg_shipment;
use crate::support::{spawn_app_with, Backend, TestApp};

/// The bundled aggregator samples and these tests' events are dated November 2025: the app
/// under test accepts events that old (ten years back still refuses 1970).
const SAMPLES_AGE_DAYS: u32 = 3650;

async fn spawn_for_samples(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| s.limits.event_max_age_days = SAMPLES_AGE_DAYS).await
}
use app::domain::event::EventSource;
use serde_json::{json, Value};
use server::api::webhooks::signature::sign;

const AFTERSHIP_IN_TRANSIT: &str = include_str!("../../../app/src/domain/normalise/samples/aftership_in_transit.json");
const AFTERSHIP_DELIVERED: &str = include_str!("../../../app/src/domain/normalise/samples/aftership_delivered.json");
const SEVENTEEN_UPDATED: &str = include_str!("../../../app/src/domain/normalise/samples/17track_updated.json");
const SEVENTEEN_STOPPED: &str = include_str!("../../../app/src/domain/normalise/samples/17track_stopped.json");
const EASYPOST_UPDATED: &str = include_str!("../../../app/src/domain/normalise/samples/easypost_tracker_updated.json");
const EASYPOST_BATCH: &str = include_str!("../../../app/src/domain/normalise/samples/easypost_batch_created.json");

const SECRET: &str = "whsec-test-0123456789";

impl TestApp {
    async fn create_shipment(&self, body: &Value) -> Value {
        let response =
            self.http.post(self.url("/api/v1/shipments")).bearer_auth(&self.demo_key).json(body).send().await.unwrap();
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    async fn get_shipment(&self, number: &str) -> Value {
        let response =
            self.http.get(self.url(&format!("/api/v1/shipments/{number}"))).bearer_auth(&self.demo_key).send().await;
        let response = response.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn enable_webhooks(&self) {
        let demo = self.storage.merchant_by_slug("demo").await.unwrap().unwrap();
        for source in [EventSource::Aftership, EventSource::SeventeenTrack, EventSource::Easypost] {
            self.storage.set_webhook_secret(demo, source, SECRET).await.unwrap();
        }
    }

    /// Posts a webhook body with a signature header (already computed, right or wrong).
    async fn webhook(&self, aggregator: &str, header: &str, signature: &str, body: &str) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/api/v1/webhooks/demo/{aggregator}")))
            .header("content-type", "application/json")
            .header(header, signature)
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }

    async fn aftership(&self, body: &str) -> reqwest::Response {
        self.webhook("aftership", "aftership-hmac-sha256", &sign::aftership(SECRET, body.as_bytes()), body).await
    }

    async fn seventeen_track(&self, body: &str) -> reqwest::Response {
        self.webhook("17track", "sign", &sign::seventeen_track(SECRET, body.as_bytes()), body).await
    }

    async fn easypost(&self, body: &str) -> reqwest::Response {
        self.webhook("easypost", "x-hmac-signature", &sign::easypost(SECRET, body.as_bytes()), body).await
    }

    async fn dead_letters(&self) -> Vec<Value> {
        let response =
            self.http.get(self.url("/api/v1/dead-letters")).bearer_auth(&self.demo_key).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.unwrap()["dead_letters"].as_array().unwrap().clone()
    }
}

fn milestones(shipment: &Value) -> Vec<String> {
    shipment["milestones"].as_array().unwrap().iter().map(|m| m["milestone"].as_str().unwrap().to_owned()).collect()
}

fn codes(shipment: &Value) -> Vec<String> {
    shipment["events"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap().to_owned()).collect()
}

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    response.json().await.unwrap()
}

/// The whole story of one parcel: Shenzhen → Los Angeles, a consolidator's air leg reported
/// through AfterShip, USPS's last mile through EasyPost, the merchant's own events natively.
async fn one_parcel_over_two_carriers_and_four_sources_ends_with_the_right_milestones(backend: Backend) {
    let app = spawn_for_samples(backend).await;
    app.enable_webhooks().await;
    let created = app.create_shipment(&two_leg_shipment()).await;
    let number = created["tracking_number"].as_str().unwrap().to_owned();
    assert_eq!(created["legs"].as_array().unwrap().len(), 2);
    assert_eq!(created["status"], "pending");
    assert!(created["journey_path"].as_str().unwrap().starts_with("/t/"));

    // Native: the merchant's own milestones, one at a time, then a batch that repeats one.
    let confirmed = json!({"code": "order_confirmed", "occurred_at": "2025-11-02T10:00:00+08:00",
                           "location": {"city": "Shenzhen", "country": "CN"}, "external_id": "ord-1001-confirmed"});
    let receipt = json_of(app.post_event(&number, confirmed.clone()).await, 201).await;
    assert_eq!((receipt["duplicate"].as_bool(), receipt["progress_percent"].as_u64()), (Some(false), Some(12)));
    let batch = json!({"events": [
        {"shipment": number, "event": confirmed},
        {"shipment": "YT2412345678901234",
         "event": {"code": "packed", "occurred_at": "2025-11-03T08:00:00+08:00",
                   "location": {"city": "Shenzhen", "country": "CN", "time_zone": "Asia/Shanghai"}}},
    ]});
    let response = app.http.post(app.url("/api/v1/events")).bearer_auth(&app.demo_key).json(&batch).send().await;
    let receipt = json_of(response.unwrap(), 200).await;
    assert_eq!((receipt["accepted"].as_u64(), receipt["duplicates"].as_u64()), (Some(1), Some(1)));

    // AfterShip: a forged signature is refused before anything is read or kept.
    let forged = app
        .webhook(
            "aftership",
            "aftership-hmac-sha256",
            &sign::aftership("guessed", AFTERSHIP_IN_TRANSIT.as_bytes()),
            AFTERSHIP_IN_TRANSIT,
        )
        .await;
    assert_eq!(forged.status(), 401);
    assert_eq!(forged.headers()["content-type"], "application/problem+json");
    let tampered = AFTERSHIP_IN_TRANSIT.replace("Shenzhen", "Shenzhan");
    let signature = sign::aftership(SECRET, AFTERSHIP_IN_TRANSIT.as_bytes());
    assert_eq!(app.webhook("aftership", "aftership-hmac-sha256", &signature, &tampered).await.status(), 401);
    assert_eq!(app.get_shipment(&number).await["events"].as_array().unwrap().len(), 2, "nothing stored");

    let first = json_of(app.aftership(AFTERSHIP_IN_TRANSIT).await, 200).await;
    assert!(first["accepted"].as_u64().unwrap() >= 5, "{first}");
    // The same delivery again: acknowledged, nothing done twice.
    let again = json_of(app.aftership(AFTERSHIP_IN_TRANSIT).await, 200).await;
    assert_eq!((again["accepted"].as_u64(), again["redelivery"].as_bool()), (Some(0), Some(true)));
    let mid = app.get_shipment(&number).await;
    assert!(milestones(&mid).contains(&"departed_origin".to_owned()), "{:?}", milestones(&mid));

    // EasyPost: USPS's last mile; a kind Trekpost does not use is acknowledged and ignored.
    let forged = app
        .webhook(
            "easypost",
            "x-hmac-signature",
            &sign::easypost("guessed", EASYPOST_UPDATED.as_bytes()),
            EASYPOST_UPDATED,
        )
        .await;
    assert_eq!(forged.status(), 401);
    let usps = json_of(app.easypost(EASYPOST_UPDATED).await, 200).await;
    assert!(usps["accepted"].as_u64().unwrap() >= 5, "{usps}");
    let ignored = json_of(app.easypost(EASYPOST_BATCH).await, 200).await;
    assert_eq!(ignored["ignored"], "batch.created");

    // A later AfterShip delivery repeats every earlier checkpoint: only the new ones land.
    let later = json_of(app.aftership(AFTERSHIP_DELIVERED).await, 200).await;
    assert!(later["duplicates"].as_u64().unwrap() >= first["accepted"].as_u64().unwrap(), "{later}");

    // Out of order: the merchant's customs note arrives after delivery, dated before it.
    let customs = json!({"code": "customs_cleared", "occurred_at": "2025-11-09T12:00:00-08:00",
                         "location": {"city": "Los Angeles", "country": "US"}});
    json_of(app.post_event("9400110898825022579493", customs).await, 201).await;

    let shipment = app.get_shipment(&number).await;
    assert_eq!(
        milestones(&shipment),
        [
            "order_confirmed",
            "packed",
            "carrier_received",
            "departed_origin",
            "arrived_destination",
            "customs_cleared",
            "out_for_delivery",
            "delivered"
        ]
    );
    assert_eq!((shipment["status"].as_str(), shipment["progress_percent"].as_u64()), (Some("delivered"), Some(100)));
    assert_eq!(shipment["open_problem"], Value::Null, "the customs hold was resolved by later news");
    // Events are in journey order, each stored once, with their sources and raw payloads.
    let events = shipment["events"].as_array().unwrap();
    let times: Vec<chrono::DateTime<chrono::Utc>> =
        events.iter().map(|e| e["occurred_at"].as_str().unwrap().parse().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "placed by occurred_at");
    let mut keys: Vec<_> =
        events.iter().map(|e| (e["code"].clone(), e["occurred_at"].clone(), e["description"].clone())).collect();
    let total = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), total, "no event twice");
    let sources: std::collections::BTreeSet<_> = events.iter().map(|e| e["source"].as_str().unwrap()).collect();
    assert_eq!(sources.into_iter().collect::<Vec<_>>(), ["aftership", "easypost", "native"]);
    assert!(events.iter().all(|e| !e["raw"].is_null()), "raw payloads kept");
    let delivered = events.iter().find(|e| e["code"] == "delivered").unwrap();
    assert!(delivered["proof"]["method"].is_string(), "proof of delivery: {delivered}");
    // The shopper's page tells the same story.
    let page = app.http.get(app.url(created["journey_path"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("aria-valuenow=\"100\""));
}

async fn seventeen_track_reports_customs_and_stops(backend: Backend) {
    let app = spawn_for_samples(backend).await;
    app.enable_webhooks().await;
    let mut body = two_leg_shipment();
    body["legs"] = json!([{"carrier": "china-post", "tracking_number": "LX123456789CN", "mode": "air"}]);
    let number = app.create_shipment(&body).await["tracking_number"].as_str().unwrap().to_owned();

    let forged_signature = sign::seventeen_track("guessed", SEVENTEEN_UPDATED.as_bytes());
    let forged = app.webhook("17track", "sign", &forged_signature, SEVENTEEN_UPDATED);
    assert_eq!(forged.await.status(), 401);
    let missing = app.http.post(app.url("/api/v1/webhooks/demo/17track")).json(&json!({})).send().await.unwrap();
    assert_eq!(missing.status(), 401, "no signature at all");

    let receipt = json_of(app.seventeen_track(SEVENTEEN_UPDATED).await, 200).await;
    assert!(receipt["accepted"].as_u64().unwrap() >= 6, "{receipt}");
    // 17TRACK has no delivery id: a resend is recognised event by event.
    let resend = json_of(app.seventeen_track(SEVENTEEN_UPDATED).await, 200).await;
    assert_eq!((resend["accepted"].as_u64(), resend["duplicates"].as_u64()), (Some(0), receipt["accepted"].as_u64()));
    let stopped = json_of(app.seventeen_track(SEVENTEEN_STOPPED).await, 200).await;
    assert_eq!(stopped["ignored"], "TRACKING_STOPPED");

    let shipment = app.get_shipment(&number).await;
    let reached = milestones(&shipment);
    for expected in ["carrier_received", "departed_origin", "arrived_destination", "customs_cleared"] {
        assert!(reached.contains(&expected.to_owned()), "{expected} in {reached:?}");
    }
    // Routine customs processing is news from customs, not a problem; then the release.
    let events = shipment["events"].as_array().unwrap();
    let processing = events.iter().position(|e| e["actor"] == "customs" && e["code"] == "in_transit");
    let cleared = events.iter().position(|e| e["code"] == "customs_cleared");
    assert!(processing.expect("customs processing kept") < cleared.unwrap(), "{:?}", codes(&shipment));
    assert_eq!(shipment["open_problem"], Value::Null);
    assert_eq!(shipment["status"], "in_transit");
}

async fn webhooks_refuse_what_they_cannot_trust_or_read(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.limits.max_webhook_body_bytes = 16 * 1024;
        s.limits.event_max_age_days = SAMPLES_AGE_DAYS;
    })
    .await;
    // Before a secret is set, nothing can be verified: refused.
    assert_eq!(app.aftership(AFTERSHIP_IN_TRANSIT).await.status(), 401);
    app.enable_webhooks().await;
    let to = |merchant: &str, aggregator: &str| app.url(&format!("/api/v1/webhooks/{merchant}/{aggregator}"));
    let signed = sign::aftership(SECRET, AFTERSHIP_IN_TRANSIT.as_bytes());
    let post = |url: String| {
        app.http
            .post(url)
            .header("content-type", "application/json")
            .header("aftership-hmac-sha256", signed.clone())
            .body(AFTERSHIP_IN_TRANSIT)
    };
    assert_eq!(post(to("nobody", "aftership")).send().await.unwrap().status(), 401, "unknown merchant");
    assert_eq!(post(to("demo", "shipstation")).send().await.unwrap().status(), 404, "unknown aggregator");

    // Signed but about a parcel this merchant does not have: refused and kept.
    let problem = json_of(app.aftership(AFTERSHIP_IN_TRANSIT).await, 422).await;
    assert_eq!(problem["field"], "tracking_number");
    // Signed but unreadable: refused, naming the field, and kept.
    let broken = r#"{"event": "tracking_update", "event_id": "x", "msg": {"tracking_number": 42}}"#;
    let problem = json_of(app.aftership(broken).await, 422).await;
    assert!(problem["field"].as_str().unwrap().starts_with("msg"), "{problem}");
    let not_json = json_of(app.easypost("{not json").await, 422).await;
    assert!(not_json["detail"].is_string());
    // One checkpoint dated in the future: the others land, that one is kept as a dead letter.
    let mut body = two_leg_shipment();
    body["legs"] = json!([{"carrier": "yunexpress", "tracking_number": "YT2412345678901234", "mode": "air"}]);
    app.create_shipment(&body).await;
    let mut partly: Value = serde_json::from_str(AFTERSHIP_IN_TRANSIT).unwrap();
    partly["msg"]["checkpoints"][2]["checkpoint_time"] = json!("2999-01-01T00:00:00+08:00");
    let partly = partly.to_string();
    let receipt = json_of(app.aftership(&partly).await, 200).await;
    assert_eq!(receipt["refused"], json!(["msg.checkpoints[2].checkpoint_time"]));
    assert_eq!(receipt["accepted"].as_u64(), Some(6));
    let letters = app.dead_letters().await;
    assert_eq!(letters.len(), 4);
    assert_eq!(letters[0]["field"], "msg.checkpoints[2].checkpoint_time");
    let letters = &letters[1..];
    assert_eq!(letters[0]["source"], "easypost");
    assert_eq!(letters[1]["payload"], broken, "kept exactly as received");
    // Too big: refused before the signature is even computed.
    let huge = format!("{{\"pad\": \"{}\"}}", "x".repeat(20 * 1024));
    assert_eq!(app.easypost(&huge).await.status(), 413);
}

async fn bad_events_get_problem_details_and_are_kept_as_dead_letters(backend: Backend) {
    let app = spawn_for_samples(backend).await;
    let journey = app.demo_journey(0).await;
    let number = journey.tracking_number.as_str();
    let url = app.url(&format!("/api/v1/shipments/{number}/events"));
    let now = chrono::Utc::now().to_rfc3339();
    let good = json!({"code": "position", "occurred_at": now, "location": {"lat": 1.0, "lon": 2.0}});
    let with = |patch: Value| {
        let mut event = good.clone();
        event.as_object_mut().unwrap().extend(patch.as_object().unwrap().clone());
        event
    };
    let key = app.demo_key.clone();
    // (request, status, field, kept as a dead letter)
    let cases: Vec<(reqwest::RequestBuilder, u16, Option<&str>, bool)> = vec![
        (app.http.post(&url).json(&good), 401, None, false),
        (app.http.post(&url).bearer_auth("tpk_0123456789ab_wrong").json(&good), 401, None, false),
        (
            app.http.post(&url).bearer_auth(&key).json(&with(json!({"location": {"lat": 123.0, "lon": 2.0}}))),
            422,
            Some("location.lat"),
            true,
        ),
        (
            app.http.post(&url).bearer_auth(&key).json(&with(json!({"location": {"lat": 1.0}}))),
            422,
            Some("location"),
            true,
        ),
        (app.http.post(&url).bearer_auth(&key).json(&with(json!({"code": "teleported"}))), 422, Some("code"), true),
        (app.http.post(&url).bearer_auth(&key).json(&json!({"code": "packed"})), 422, Some("occurred_at"), true),
        (
            app.http.post(&url).bearer_auth(&key).json(&with(json!({"occurred_at": "2999-01-01T00:00:00Z"}))),
            422,
            Some("occurred_at"),
            true,
        ),
        // Far in the past: a year typed wrong, or a calendar walk of centuries for the ETA.
        (
            app.http.post(&url).bearer_auth(&key).json(&with(json!({"occurred_at": "1970-01-01T00:00:00Z"}))),
            422,
            Some("occurred_at"),
            true,
        ),
        (
            app.http.post(&url).bearer_auth(&key).json(&with(json!({"occurred_at": "yesterday"}))),
            422,
            Some("occurred_at"),
            true,
        ),
        (app.http.post(&url).bearer_auth(&key).json(&with(json!({"reason": "lost"}))), 422, Some("reason"), true),
        (
            app.http.post(&url).bearer_auth(&key).header("content-type", "application/json").body("{\"code\": "),
            400,
            Some("body"),
            true,
        ),
        (app.http.post(&url).bearer_auth(&key).body("code=packed"), 415, Some("Content-Type"), false),
        (
            app.http
                .post(&url)
                .bearer_auth(&key)
                .header("content-type", "application/json")
                .body(format!("{{\"pad\": \"{}\"}}", "x".repeat(4096))),
            413,
            Some("body"),
            false,
        ),
        (
            app.http.post(app.url("/api/v1/shipments/TP0000000000Z/events")).bearer_auth(&key).json(&good),
            404,
            Some("shipment"),
            true,
        ),
    ];
    let before = app.get_shipment(number).await["events"].as_array().unwrap().len();
    let mut kept = 0;
    for (i, (request, status, field, dead_letter)) in cases.into_iter().enumerate() {
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "case {i}");
        assert_eq!(response.headers()["content-type"], "application/problem+json", "case {i}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["status"], status, "case {i}");
        assert!(!problem["detail"].as_str().unwrap().is_empty(), "case {i}");
        assert_eq!(problem["field"].as_str(), field, "case {i}: {problem}");
        kept += dead_letter as usize;
        let letters = app.dead_letters().await;
        assert_eq!(letters.len(), kept, "case {i}: dead letters");
        if dead_letter {
            assert_eq!(letters[0]["field"].as_str(), field, "case {i}");
        }
    }
    assert_eq!(app.get_shipment(number).await["events"].as_array().unwrap().len(), before, "nothing was stored");
}

async fn a_batch_is_all_or_nothing_and_limited(backend: Backend) {
    let app = spawn_for_samples(backend).await;
    let journey = app.demo_journey(2).await;
    let number = journey.tracking_number.as_str().to_owned();
    let ping = |i: usize| {
        json!({"shipment": number, "event": {"code": "position",
               "occurred_at": (chrono::Utc::now() - chrono::Duration::seconds(5000 - i as i64)).to_rfc3339(),
               "location": {"lat": 37.0 - i as f64 * 0.01, "lon": 127.0 + i as f64 * 0.01}}})
    };
    let post = |body: Value| app.http.post(app.url("/api/v1/events")).bearer_auth(&app.demo_key).json(&body).send();
    let before = app.get_shipment(&number).await["events"].as_array().unwrap().len();

    let mut events: Vec<Value> = (0..10).map(ping).collect();
    events[3]["event"]["occurred_at"] = json!("not a time");
    let problem = json_of(post(json!({"events": events})).await.unwrap(), 422).await;
    assert_eq!(problem["field"], "events[3].event.occurred_at");
    let mut events: Vec<Value> = (0..10).map(ping).collect();
    events[7]["shipment"] = json!("NOSUCHPARCEL1");
    let problem = json_of(post(json!({"events": events})).await.unwrap(), 404).await;
    assert_eq!(problem["field"], "events[7].shipment");
    assert_eq!(app.get_shipment(&number).await["events"].as_array().unwrap().len(), before, "nothing of either");

    let too_many: Vec<Value> = (0..1001).map(ping).collect();
    let problem = json_of(post(json!({"events": too_many})).await.unwrap(), 422).await;
    assert_eq!(problem["field"], "events");
    assert_eq!(json_of(post(json!({"events": []})).await.unwrap(), 422).await["field"], "events");

    let full: Vec<Value> = (0..1000).map(ping).collect();
    let receipt = json_of(post(json!({"events": full.clone()})).await.unwrap(), 200).await;
    assert_eq!((receipt["accepted"].as_u64(), receipt["events"].as_array().unwrap().len()), (Some(1000), 1000));
    let replay = json_of(post(json!({"events": full})).await.unwrap(), 200).await;
    assert_eq!((replay["accepted"].as_u64(), replay["duplicates"].as_u64()), (Some(0), Some(1000)));
    assert_eq!(app.get_shipment(&number).await["events"].as_array().unwrap().len(), before + 1000);
}

async fn shipments_are_validated_and_private_to_their_merchant(backend: Backend) {
    let app = spawn_for_samples(backend).await;
    let post = |body: Value| app.http.post(app.url("/api/v1/shipments")).bearer_auth(&app.demo_key).json(&body).send();
    let mut body = two_leg_shipment();
    body["legs"][1]["handoff"] = body["legs"][0]["handoff"].clone();
    assert_eq!(json_of(post(body).await.unwrap(), 422).await["field"], "legs[1].handoff");
    let mut body = two_leg_shipment();
    body["destination"]["country"] = json!("USA");
    assert_eq!(json_of(post(body).await.unwrap(), 422).await["field"], "destination.country");
    let mut body = two_leg_shipment();
    body["tracking_number"] = json!("TP123");
    assert_eq!(json_of(post(body).await.unwrap(), 422).await["field"], "tracking_number");

    let created = app.create_shipment(&two_leg_shipment()).await;
    let number = created["tracking_number"].as_str().unwrap();
    let clash = json_of(post(two_leg_shipment()).await.unwrap(), 409).await;
    assert_eq!(clash["field"], "legs[0].tracking_number");
    let mut same_number = two_leg_shipment();
    same_number["legs"] = json!([]);
    same_number["tracking_number"] = json!(number);
    assert_eq!(json_of(post(same_number).await.unwrap(), 409).await["field"], "tracking_number");

    let stranger = server::api::auth::issue_key(app.storage.as_ref(), "globex", "Globex").await.unwrap();
    let response = app.http.get(app.url(&format!("/api/v1/shipments/{number}"))).bearer_auth(&stranger).send().await;
    assert_eq!(response.unwrap().status(), 404);
    let response = app.http.get(app.url(&format!("/api/v1/shipments/{number}"))).send().await.unwrap();
    assert_eq!(response.status(), 401);
}

async fn the_openapi_document_is_served(backend: Backend) {
    let app = spawn_for_samples(backend).await;
    let response = app.http.get(app.url("/api/v1/openapi.json")).send().await.unwrap();
    let doc = json_of(response, 200).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/webhooks/{merchant}/{aggregator}"]["post"].is_object());
}

/// The journey link is shown once, when it is issued: Trekpost keeps only its hash. A shop
/// that lost it asks for another; the first keeps working, and no other shop can ask.
async fn a_journey_link_is_shown_once_and_another_can_be_issued(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let created = app.create_shipment(&two_leg_shipment()).await;
    let number = created["tracking_number"].as_str().unwrap().to_owned();
    let first = created["journey_path"].as_str().unwrap().to_owned();
    assert!(app.get_shipment(&number).await.get("journey_path").is_none(), "not readable later");

    let issue = |key: String| {
        let url = app.url(&format!("/api/v1/shipments/{number}/journey-link"));
        let http = app.http.clone();
        async move { http.post(url).bearer_auth(key).send().await.unwrap() }
    };
    let response = issue(app.demo_key.clone()).await;
    assert_eq!(response.status(), 201);
    let second = response.json::<Value>().await.unwrap()["journey_path"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    for path in [&first, &second] {
        assert_eq!(app.http.get(app.url(path)).send().await.unwrap().status(), 200, "{path} opens the journey");
    }
    let stranger = server::api::auth::issue_key(app.storage.as_ref(), "globex", "Globex").await.unwrap();
    assert_eq!(issue(stranger).await.status(), 404, "another shop's parcel is no parcel");
}

on_both_backends!(
    a_journey_link_is_shown_once_and_another_can_be_issued,
    one_parcel_over_two_carriers_and_four_sources_ends_with_the_right_milestones,
    seventeen_track_reports_customs_and_stops,
    webhooks_refuse_what_they_cannot_trust_or_read,
    bad_events_get_problem_details_and_are_kept_as_dead_letters,
    a_batch_is_all_or_nothing_and_limited,
    shipments_are_validated_and_private_to_their_merchant,
    the_openapi_document_is_served,
);
