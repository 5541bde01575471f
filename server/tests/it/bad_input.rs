//! A catalogue of hostile and broken requests, each answered with the 4xx it deserves (a
//! problem+json naming the field where there is one), and nothing from any of them stored.
//! Hostile *content* that is valid data (HTML, SQL-looking text) is accepted and kept verbatim
//! as text; the pages render it as text (see the Chromium security suite).

use crate::support::{spawn_app, spawn_app_with, Backend, TestApp};
use app::domain::event::EventSource;
use base64::Engine;
use futures::StreamExt;
use hmac::Mac;
use serde_json::{json, Value};

/// What a case must get back: the status, and the problem's field where it names one.
struct Expect {
    status: u16,
    field: Option<&'static str>,
}

const fn refused(status: u16, field: &'static str) -> Expect {
    Expect { status, field: Some(field) }
}

const fn refused_without_field(status: u16) -> Expect {
    Expect { status, field: None }
}

fn good_event() -> Value {
    json!({"code": "in_transit", "occurred_at": chrono::Utc::now().to_rfc3339(),
           "location": {"city": "Los Angeles", "country": "US", "lat": 34.05, "lon": -118.24}})
}

fn with(patch: Value) -> Value {
    let mut event = good_event();
    event.as_object_mut().unwrap().extend(patch.as_object().unwrap().clone());
    event
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

async fn events_stored(app: &TestApp, number: &str) -> usize {
    let body: Value = app
        .http
        .get(app.url(&format!("/api/v1/shipments/{number}")))
        .bearer_auth(&app.demo_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["events"].as_array().unwrap().len()
}

async fn hostile_and_broken_requests_get_their_4xx_and_nothing_is_stored(backend: Backend) {
    let app = spawn_app(backend).await;
    let journey = app.demo_journey(0).await;
    let number = journey.tracking_number.to_string();
    let merchant = app.storage.merchant_by_slug("demo").await.unwrap().unwrap();
    app.storage.set_webhook_secret(merchant, EventSource::Aftership, "webhook-secret").await.unwrap();
    let (events_before, shipments_before) =
        (events_stored(&app, &number).await, app.storage.shipment_count().await.unwrap());

    let key = app.demo_key.clone();
    let http = &app.http;
    let events_url = app.url(&format!("/api/v1/shipments/{number}/events"));
    let batch_url = app.url("/api/v1/events");
    let shipments_url = app.url("/api/v1/shipments");
    let hook_url = app.url("/api/v1/webhooks/demo/aftership");
    let post = |url: &str| http.post(url).bearer_auth(&key);
    let raw = |url: &str, body: Vec<u8>| post(url).header("content-type", "application/json").body(body);
    let item = |event: Value| json!({"shipment": number, "event": event});
    let shipment = || crate::support::fixtures::two_leg_shipment();
    // The console: a signed-in user of the demo shop, and posts from this site's own pages.
    let origin = format!("http://{}", app.address);
    let password = app::domain::account::Password::parse("correct horse battery").unwrap();
    let user = app::domain::account::SignInEmail::parse("staff@demo.example").unwrap();
    let staff = app::domain::account::Role::Staff;
    server::console::accounts::create_user(app.storage.as_ref(), merchant, &user, staff, &password).await.unwrap();
    let signed_in = http
        .post(app.url("/console/sign-in"))
        .header("origin", &origin)
        .form(&[("email", "staff@demo.example"), ("password", "correct horse battery")])
        .send()
        .await
        .unwrap();
    let session = signed_in.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let console = |path: &str| http.post(app.url(path)).header("origin", &origin).header("cookie", &session);
    let shipment_with = |pointer: &str, value: Value| {
        let mut body = shipment();
        *body.pointer_mut(pointer).unwrap() = value;
        body
    };
    let hook_body = json!({"event": "tracking_update", "event_id": "hostile-1",
        "msg": {"slug": "usps", "tracking_number": journey.tracking_number.as_str(), "checkpoints": [
            {"checkpoint_time": chrono::Utc::now().to_rfc3339(), "tag": "InTransit", "message": "x"}]}})
    .to_string();
    let signed = |secret: &str| {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(hook_body.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    };
    let page = |path: &str| http.get(app.url(path));

    let cases: Vec<(&str, reqwest::RequestBuilder, Expect)> = vec![
        // Bodies that are not the JSON asked for.
        ("malformed JSON", raw(&events_url, b"{\"code\": ".to_vec()), refused(400, "body")),
        ("invalid UTF-8", raw(&events_url, b"{\"code\": \"\xff\xfe\"}".to_vec()), refused(400, "body")),
        ("an array, not an object", post(&events_url).json(&json!([good_event()])), refused(422, "body")),
        ("deep nesting", raw(&events_url, format!("{{\"description\": {}}}", nested(200)).into_bytes()), refused(400, "body")),
        ("text/plain", post(&events_url).header("content-type", "text/plain").body(good_event().to_string()), refused_without_field(415)),
        ("a 70 KB body", post(&events_url).json(&with(json!({"description": "x".repeat(70_000)}))), refused_without_field(413)),
        // Values of the wrong type or out of range.
        ("code is a number", post(&events_url).json(&with(json!({"code": 5}))), refused(422, "code")),
        ("unknown code", post(&events_url).json(&with(json!({"code": "teleported"}))), refused(422, "code")),
        ("occurred_at is a number", post(&events_url).json(&with(json!({"occurred_at": 1_700_000_000}))), refused(422, "occurred_at")),
        ("occurred_at without offset", post(&events_url).json(&with(json!({"occurred_at": "2026-11-20T09:30:00"}))), refused(422, "occurred_at")),
        ("occurred_at in 2999", post(&events_url).json(&with(json!({"occurred_at": "2999-01-01T00:00:00Z"}))), refused(422, "occurred_at")),
        ("occurred_at in 1970", post(&events_url).json(&with(json!({"occurred_at": "1970-01-01T00:00:00Z"}))), refused(422, "occurred_at")),
        ("latitude 91", post(&events_url).json(&with(json!({"location": {"lat": 91.0, "lon": 0.0}}))), refused(422, "location.lat")),
        ("longitude -181", post(&events_url).json(&with(json!({"location": {"lat": 0.0, "lon": -181.0}}))), refused(422, "location.lon")),
        ("latitude 1e308", post(&events_url).json(&with(json!({"location": {"lat": 1e308, "lon": 0.0}}))), refused(422, "location.lat")),
        ("latitude as text", post(&events_url).json(&with(json!({"location": {"lat": "12", "lon": 0.0}}))), refused(422, "location.lat")),
        ("lat without lon", post(&events_url).json(&with(json!({"location": {"lat": 1.0}}))), refused(422, "location")),
        ("country not ISO", post(&events_url).json(&with(json!({"location": {"country": "USA1"}}))), refused(422, "location.country")),
        ("unknown time zone", post(&events_url).json(&with(json!({"location": {"time_zone": "Mars/Olympus"}}))), refused(422, "location.time_zone")),
        ("control character", post(&events_url).json(&with(json!({"description": "bell\u{7}"}))), refused(422, "description")),
        ("unknown field", post(&events_url).json(&with(json!({"descripton": "typo"}))), refused(422, "descripton")),
        ("reason on a plain scan", post(&events_url).json(&with(json!({"reason": "lost"}))), refused(422, "reason")),
        ("unknown reason", post(&events_url).json(&with(json!({"code": "exception", "reason": "gremlins"}))), refused(422, "reason")),
        ("proof before delivery", post(&events_url).json(&with(json!({"proof": {"method": "signature"}}))), refused(422, "proof")),
        ("position without a point", post(&events_url).json(&json!({"code": "position", "occurred_at": chrono::Utc::now().to_rfc3339()})), refused(422, "location.lat")),
        // Who is asking.
        ("no API key", http.post(&events_url).json(&good_event()), refused_without_field(401)),
        ("forged API key", http.post(&events_url).bearer_auth("tpk_0123456789ab_forgedforgedforgedforged").json(&good_event()), refused_without_field(401)),
        ("malformed API key", http.post(&events_url).bearer_auth("' OR 1=1 --").json(&good_event()), refused_without_field(401)),
        ("SQL in the parcel reference", post(&app.url("/api/v1/shipments/'%20OR%201=1%20--/events")).json(&good_event()), refused_without_field(404)),
        ("another shop's parcel", post(&app.url("/api/v1/shipments/TP0000000000X/events")).json(&good_event()), refused_without_field(404)),
        ("a journey link for no Trekpost number", post(&app.url("/api/v1/shipments/not-a-number/journey-link")), refused(400, "tracking_number")),
        ("a journey link for no shipment of this shop", post(&app.url("/api/v1/shipments/TP0000000000X/journey-link")), refused_without_field(404)),
        // Batches: all or nothing.
        ("empty batch", post(&batch_url).json(&json!({"events": []})), refused(422, "events")),
        ("batch over the limit", post(&batch_url).json(&json!({"events": vec![item(good_event()); 1001]})), refused(422, "events")),
        ("one bad event in a batch", post(&batch_url).json(&json!({"events": [item(good_event()), item(good_event()), item(with(json!({"occurred_at": "2999-01-01T00:00:00Z"})))]})), refused(422, "events[2].event.occurred_at")),
        // Shipments.
        ("shipment without origin", post(&shipments_url).json(&{ let mut s = shipment(); s.as_object_mut().unwrap().remove("origin"); s }), refused(422, "origin")),
        ("destination country not ISO", post(&shipments_url).json(&shipment_with("/destination/country", json!("U5"))), refused(422, "destination.country")),
        ("empty carrier slug", post(&shipments_url).json(&shipment_with("/legs/0/carrier", json!(""))), refused(422, "legs[0].carrier")),
        ("empty carrier number", post(&shipments_url).json(&shipment_with("/legs/0/tracking_number", json!(""))), refused(422, "legs[0].tracking_number")),
        ("unknown transport mode", post(&shipments_url).json(&shipment_with("/legs/0/mode", json!("teleport"))), refused(422, "legs[0].mode")),
        // Webhooks.
        ("unsigned webhook", raw(&hook_url, hook_body.clone().into_bytes()), refused_without_field(401)),
        ("forged webhook signature", raw(&hook_url, hook_body.clone().into_bytes()).header("aftership-hmac-sha256", signed("guessed-secret")), refused_without_field(401)),
        ("signature of another body", raw(&hook_url, hook_body.replace("hostile-1", "hostile-2").into_bytes()).header("aftership-hmac-sha256", signed("webhook-secret")), refused_without_field(401)),
        ("unknown aggregator", raw(&app.url("/api/v1/webhooks/demo/acme-post"), hook_body.clone().into_bytes()), refused_without_field(404)),
        // Shopper links and streams.
        ("forged journey token stream", page("/t/AAAAAAAAAAAAAAAAAAAAAA/live"), refused_without_field(404)),
        ("malformed journey token stream", page("/t/..%2F..%2Fetc%2Fpasswd/live"), refused(400, "token")),
        ("non-numeric Last-Event-ID", page(&format!("/t/{}/live", journey.token)).header("last-event-id", "1; DROP TABLE"), refused(400, "Last-Event-ID")),
        ("path traversal in a share slug", page("/s/..%2F..%2Fetc%2Fpasswd/card.png"), refused_without_field(404)),
        ("unknown share slug", page("/s/AAAAAAAAAAAAAAAAAAAAAA/live"), refused_without_field(404)),
        ("time on page not a number", http.post(app.url(&format!("/t/{}/views/1", journey.token))).body("abc"), refused_without_field(400)),
        // API keys.
        ("key list without an API key", http.get(app.url("/api/v1/api-keys")), refused_without_field(401)),
        ("revoke a key that is not there", http.delete(app.url("/api/v1/api-keys/0123456789ab")).bearer_auth(&key), refused_without_field(404)),
        ("rotate a prefix with SQL in it", post(&app.url("/api/v1/api-keys/'%20OR%201=1%20--/rotate")), refused_without_field(404)),
        // The console.
        ("console sign-in from another site", http.post(app.url("/console/sign-in")).header("origin", "http://evil.test").form(&[("email", "a@b.example")]), refused(403, "Origin")),
        ("console change with no word of its origin", http.post(app.url("/console/api/keys/create")).header("cookie", &session), refused(403, "Origin")),
        ("console sign-in that is not a form", http.post(app.url("/console/sign-in")).header("origin", &origin).json(&json!({"email": "a@b.example"})), refused(415, "body")),
        ("console call without a session", http.post(app.url("/console/api/attention")).header("origin", &origin), refused_without_field(401)),
        ("console: a journey for no Trekpost number", console("/console/journeys").form(&[("tracking_number", "not-a-number")]), refused(400, "tracking_number")),
        ("console: a journey of no shipment of this shop", console("/console/journeys").form(&[("tracking_number", "TP0000000000X")]), refused_without_field(404)),
        ("console: a journey request that is not a form", console("/console/journeys").json(&json!({"tracking_number": number})), refused(400, "body")),
        ("console: a feedback export over more than a year", http.get(app.url("/console/analytics/feedback.csv?from=2020-01-01")).header("cookie", &session), refused(422, "from")),
        ("console: a feedback export for no lane", http.get(app.url("/console/analytics/feedback.csv?lane=China")).header("cookie", &session), refused(422, "lane")),
        ("console: a feedback export from no date", http.get(app.url("/console/analytics/feedback.csv?to=soon")).header("cookie", &session), refused(422, "to")),
        // Helpdesk contacts and disputes.
        ("contact without an API key", http.post(app.url("/api/v1/contacts")).json(&json!({})), refused_without_field(401)),
        ("contact naming no order", post(&app.url("/api/v1/contacts")).json(&json!({"occurred_at": chrono::Utc::now().to_rfc3339(), "channel": "email", "category": "customs"})), refused(422, "order_ref")),
        ("contact posing as the journey page", post(&app.url("/api/v1/contacts")).json(&json!({"order_ref": "A-1", "occurred_at": chrono::Utc::now().to_rfc3339(), "channel": "journey_page", "category": "customs"})), refused(422, "channel")),
        ("contact with a control character in its order", post(&app.url("/api/v1/contacts")).json(&json!({"order_ref": "A\u{1}1", "occurred_at": chrono::Utc::now().to_rfc3339(), "channel": "email", "category": "customs"})), refused(422, "order_ref")),
        ("dispute without a reason", post(&app.url("/api/v1/disputes")).json(&json!({"order_ref": "A-1", "occurred_at": chrono::Utc::now().to_rfc3339(), "channel": "email"})), refused(422, "reason")),
        ("dispute that is not JSON", post(&app.url("/api/v1/disputes")).header("content-type", "application/json").body("{"), refused(400, "body")),
        // Seller settings.
        ("brand colour not hex", http.put(app.url("/api/v1/brand")).bearer_auth(&key).json(&json!({"colour": "red"})), refused(422, "colour")),
    ];
    let count = cases.len();
    assert!(count >= 40, "{count} cases");
    for (name, request, expect) in cases {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        assert_eq!(status, expect.status, "{name}: {body}");
        assert_eq!(content_type.as_deref(), Some("application/problem+json"), "{name}: a problem+json");
        let problem: Value = serde_json::from_str(&body).unwrap();
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()), "{name}: says why");
        if let Some(field) = expect.field {
            assert_eq!(problem["field"], field, "{name}: {body}");
        }
    }
    assert_eq!(events_stored(&app, &number).await, events_before, "no refused event was stored");
    assert_eq!(app.storage.shipment_count().await.unwrap(), shipments_before, "no refused shipment was stored");

    // Hostile text that is valid data is kept verbatim, as text.
    for text in ["<img src=x onerror=alert(1)>", "'; DROP TABLE tracking_events; --", "../../etc/passwd"] {
        let response = post(&events_url).json(&with(json!({"description": text}))).send().await.unwrap();
        assert_eq!(response.status(), 201, "{text}");
    }
    let stored: Value = http
        .get(app.url(&format!("/api/v1/shipments/{number}")))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let descriptions: Vec<&str> =
        stored["events"].as_array().unwrap().iter().filter_map(|e| e["description"].as_str()).collect();
    assert!(descriptions.contains(&"'; DROP TABLE tracking_events; --"), "stored verbatim");
    println!("bad-input catalogue ({backend:?}): {count} requests refused, nothing stored");
}

async fn a_body_trickled_slower_than_the_limit_is_cut_off_with_408(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.limits.body_read_seconds = 1).await;
    let journey = app.demo_journey(0).await;
    let before = events_stored(&app, journey.tracking_number.as_str()).await;
    let event = good_event().to_string();
    let (head, tail) = event.split_at(10);
    let (head, tail) = (head.to_owned(), tail.to_owned());
    let chunks = futures::stream::iter([head, tail]).then(|chunk| async move {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        Ok::<_, std::io::Error>(chunk)
    });
    let response = app
        .http
        .post(app.url(&format!("/api/v1/shipments/{}/events", journey.tracking_number)))
        .bearer_auth(&app.demo_key)
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 408);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    assert_eq!(events_stored(&app, journey.tracking_number.as_str()).await, before);
}

/// A client that opens a connection and sends its headers a line at a time, slower than
/// `limits.header_read_seconds`, is cut off; one that finishes in time is served.
async fn headers_trickled_slower_than_the_limit_lose_the_connection(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_with(backend, |s| s.limits.header_read_seconds = 1).await;
    let mut slow = tokio::net::TcpStream::connect(app.address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: trekpost\r\n").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    // The rest of the headers, too late: the server has closed the connection (or answers
    // 408 and closes it), and never serves the request.
    let _ = slow.write_all(b"Accept: */*\r\n\r\n").await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), slow.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(read.is_ok(), "the connection is still open");
    assert!(!answer.contains("200 OK"), "served after the limit: {answer}");

    let mut prompt = tokio::net::TcpStream::connect(app.address).await.unwrap();
    prompt.write_all(b"GET /healthz HTTP/1.1\r\nHost: trekpost\r\n").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    prompt.write_all(b"Connection: close\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    prompt.read_to_end(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200 OK"));
}

on_both_backends!(
    hostile_and_broken_requests_get_their_4xx_and_nothing_is_stored,
    a_body_trickled_slower_than_the_limit_is_cut_off_with_408,
    headers_trickled_slower_than_the_limit_lose_the_connection,
);
