//! The seller console over HTTP, as a browser meets it: sign-in with a strict session cookie
//! (rotated at sign-in, ended by sign-out, idleness, age and a password change), cross-site
//! posts refused, wrong passwords throttled with one generic answer, and every console call
//! held to the signed-in user's role and merchant.

use crate::support::{spawn_app, spawn_app_with, Backend, TestApp};
use app::domain::account::{Password, Role, SignInEmail};
use app::model::console::{AttentionList, IssuedApiKey};
use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::{Response, StatusCode};
use server::console::accounts::create_user;
use std::time::Duration;

const PASSWORD: &str = "correct horse battery";
const COOKIE_NAME: &str = "trekpost_console";

/// One browser: its session cookie, sent back as a browser would, from this site's pages.
struct Browser<'a> {
    app: &'a TestApp,
    cookie: Option<String>,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self { app, cookie: None }
    }

    fn origin(&self) -> String {
        format!("http://{}", self.app.address)
    }

    fn keep_cookie(&mut self, response: &Response) {
        for header in response.headers().get_all(SET_COOKIE) {
            let header = header.to_str().unwrap();
            let Some(value) = header.strip_prefix(&format!("{COOKIE_NAME}=")) else { continue };
            let value = value.split(';').next().unwrap();
            let expired = header.contains("Max-Age=0") || value.is_empty();
            self.cookie = (!expired).then(|| value.to_owned());
        }
    }

    async fn get(&mut self, path: &str) -> Response {
        let mut request = self.app.http.get(self.app.url(path));
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, format!("{COOKIE_NAME}={cookie}"));
        }
        let response = request.send().await.unwrap();
        self.keep_cookie(&response);
        response
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let mut request = self.app.http.post(self.app.url(path)).header(ORIGIN, self.origin()).form(form);
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, format!("{COOKIE_NAME}={cookie}"));
        }
        let response = request.send().await.unwrap();
        self.keep_cookie(&response);
        response
    }

    async fn sign_in(&mut self, email: &str, password: &str) -> Response {
        self.post("/console/sign-in", &[("email", email), ("password", password)]).await
    }

    /// Whether the console's home opens (rather than sending to the sign-in page).
    async fn is_signed_in(&mut self) -> bool {
        let response = self.get("/console").await;
        match response.status() {
            StatusCode::OK => true,
            StatusCode::SEE_OTHER => {
                assert!(location(&response).starts_with("/console/sign-in"), "{}", location(&response));
                false
            }
            other => panic!("GET /console answered {other}"),
        }
    }
}

fn location(response: &Response) -> String {
    response.headers().get(LOCATION).map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn email(raw: &str) -> SignInEmail {
    SignInEmail::parse(raw).unwrap()
}

/// A user of the demo shop (whose shipments the app seeded).
async fn demo_user(app: &TestApp, address: &str, role: Role) {
    let demo = app.storage.merchant_by_slug("demo").await.unwrap().unwrap();
    create_user(app.storage.as_ref(), demo, &email(address), role, &Password::parse(PASSWORD).unwrap()).await.unwrap();
}

/// Whether the database (read through a second connection) holds the session.
async fn stored(app: &TestApp, cookie: &str) -> bool {
    use tower_sessions::SessionStore;
    app.storage.console_sessions().load(&cookie.parse().unwrap()).await.unwrap().is_some()
}

async fn signing_in_opens_the_console_with_a_strict_cookie_that_sign_out_ends(backend: Backend) {
    let app = spawn_app(backend).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    let mut browser = Browser::new(&app);

    let first = browser.get("/console/keys").await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&first), "/console/sign-in?next=%2Fconsole%2Fkeys", "back to where they were heading");
    assert!(browser.cookie.is_none(), "no session before sign-in");
    let page = browser.get("/console/sign-in?next=%2Fconsole%2Fkeys").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("name=\"password\""));
    assert!(html.contains(r#"name="next" value="/console/keys""#), "the form works before the wasm loads");

    let signed_in = browser
        .post("/console/sign-in", &[("email", "Owner@Demo.example"), ("password", PASSWORD), ("next", "/console/keys")])
        .await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), "/console/keys");
    let set_cookie = signed_in.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/console", "Max-Age="] {
        assert!(set_cookie.contains(flag), "{flag} in {set_cookie}");
    }
    assert!(!set_cookie.contains("Secure"), "plain http here; Secure when public_url is https");
    let home = browser.get("/console").await;
    assert_eq!(home.status(), 200);
    let html = home.text().await.unwrap();
    assert!(html.contains("Trekpost Demo Shop") && html.contains("owner@demo.example"), "the shop and the user");
    assert!(stored(&app, browser.cookie.as_deref().unwrap()).await, "the session lives in the database");

    // Returning anywhere else than a console page is refused.
    let mut other = Browser::new(&app);
    let away = other
        .post("/console/sign-in", &[("email", "owner@demo.example"), ("password", PASSWORD), ("next", "//evil.test/")])
        .await;
    assert_eq!(location(&away), "/console");

    let stolen = browser.cookie.clone();
    let out = browser.post("/console/sign-out", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&out), "/console/sign-in?result=signed-out");
    assert!(browser.cookie.is_none(), "the cookie is removed");
    assert!(!stored(&app, stolen.as_deref().unwrap()).await, "and the session deleted");
    assert!(!browser.is_signed_in().await);
    // A copy of the cookie taken before sign-out opens nothing: the session is gone.
    browser.cookie = stolen;
    assert!(!browser.is_signed_in().await, "signed out for good, not just forgotten by the browser");
}

async fn each_sign_in_gets_a_new_session_id(backend: Backend) {
    let app = spawn_app(backend).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let mut browser = Browser::new(&app);
    browser.sign_in("staff@demo.example", PASSWORD).await;
    let planted = browser.cookie.clone().expect("a session");
    // A session someone else signed in to (and knows the id of) is used to sign in again.
    browser.sign_in("owner@demo.example", PASSWORD).await;
    let after = browser.cookie.clone().expect("a session");
    assert_ne!(planted, after, "a new id at sign-in");
    assert!(browser.is_signed_in().await);
    let mut attacker = Browser { app: &app, cookie: Some(planted) };
    assert!(!attacker.is_signed_in().await, "the planted id opens nothing");
}

async fn cross_site_changes_are_refused_before_anything_happens(backend: Backend) {
    let app = spawn_app(backend).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    let mut browser = Browser::new(&app);
    browser.sign_in("owner@demo.example", PASSWORD).await;
    let cookie = format!("{COOKIE_NAME}={}", browser.cookie.clone().unwrap());
    let keys_before = app.storage.api_keys(app.storage.merchant_by_slug("demo").await.unwrap().unwrap()).await.unwrap();

    let forged = |origin: Option<&'static str>, site: Option<&'static str>| {
        let mut request = app.http.post(app.url("/console/api/keys/create")).header(COOKIE, &cookie).form(&[("x", "")]);
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    for (origin, site) in [
        (Some("http://evil.test"), None),
        (None, None),
        (Some("null"), None),
        (Some("http://evil.test"), Some("cross-site")),
        (None, Some("same-site")),
    ] {
        let response = forged(origin, site).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin:?} {site:?}");
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["field"], "Origin");
    }
    // A sign-in form on another site cannot sign anyone in either (login CSRF).
    let login = app
        .http
        .post(app.url("/console/sign-in"))
        .header(ORIGIN, "http://evil.test")
        .form(&[("email", "owner@demo.example"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::FORBIDDEN);
    let merchant = app.storage.merchant_by_slug("demo").await.unwrap().unwrap();
    assert_eq!(app.storage.api_keys(merchant).await.unwrap(), keys_before, "no key was made");

    // The same call from the console's own page works.
    let own = forged(None, Some("same-origin")).await.unwrap();
    assert_eq!(own.status(), 200, "{}", own.text().await.unwrap());
}

async fn wrong_passwords_lock_the_account_with_one_generic_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let mut browser = Browser::new(&app);
    let mut outcomes = Vec::new();
    for attempt in 0..10 {
        let response = browser.sign_in("owner@demo.example", &format!("wrong password {attempt}")).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        outcomes.push(location(&response));
    }
    let invalid = "/console/sign-in?result=invalid";
    let locked = "/console/sign-in?result=locked";
    assert_eq!(outcomes[..5], [invalid; 5], "five tries");
    assert_eq!(outcomes[5..], [locked; 5], "then locked");
    // An email that has no account reads exactly like a wrong password.
    let unknown = browser.sign_in("nobody@demo.example", "wrong password").await;
    assert_eq!(location(&unknown), invalid);

    // While locked, even the right password is refused, with a wait to respect.
    let right = browser.sign_in("owner@demo.example", PASSWORD).await;
    assert_eq!(location(&right), locked);
    assert!(right.headers().contains_key("retry-after"));
    assert!(!browser.is_signed_in().await);
    // The lock is the account's: a colleague signing in from the same office still can.
    assert_eq!(location(&browser.sign_in("staff@demo.example", PASSWORD).await), "/console");
}

async fn a_client_guessing_across_accounts_is_locked_out(backend: Backend) {
    let app =
        spawn_app_with(backend, |s| (s.console.failures_per_client, s.console.failures_per_account) = (6, 100)).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    let mut browser = Browser::new(&app);
    for i in 0..6 {
        browser.sign_in(&format!("guess{i}@demo.example"), "wrong password").await;
    }
    let right = browser.sign_in("owner@demo.example", PASSWORD).await;
    assert_eq!(location(&right), "/console/sign-in?result=locked");
}

async fn idle_and_old_sessions_end(backend: Backend) {
    let app = spawn_app_with(backend, |s| (s.console.idle_seconds, s.console.absolute_seconds) = (2, 60)).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    let mut idle = Browser::new(&app);
    idle.sign_in("owner@demo.example", PASSWORD).await;
    assert!(idle.is_signed_in().await);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(idle.is_signed_in().await, "each request renews the idle expiry");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(idle.is_signed_in().await, "still within two seconds of the last request");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(!idle.is_signed_in().await, "idle for longer than allowed");

    let app = spawn_app_with(backend, |s| (s.console.idle_seconds, s.console.absolute_seconds) = (60, 3)).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    let mut busy = Browser::new(&app);
    busy.sign_in("owner@demo.example", PASSWORD).await;
    let mut signed_in_for = Vec::new();
    for _ in 0..5 {
        signed_in_for.push(busy.is_signed_in().await);
        tokio::time::sleep(Duration::from_millis(1000)).await;
    }
    assert!(
        signed_in_for[0] && !signed_in_for[4],
        "however busy, a session ends after its lifetime: {signed_in_for:?}"
    );
}

async fn a_password_change_ends_the_users_other_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    let (mut desk, mut laptop) = (Browser::new(&app), Browser::new(&app));
    desk.sign_in("owner@demo.example", PASSWORD).await;
    laptop.sign_in("owner@demo.example", PASSWORD).await;
    let new = "a brand new passphrase";
    for (form, outcome) in [
        ([("current", "not my password"), ("new", new), ("confirm", new)], "wrong-password"),
        ([("current", PASSWORD), ("new", new), ("confirm", "a brand new passphrasE")], "mismatch"),
        ([("current", PASSWORD), ("new", "short"), ("confirm", "short")], "weak"),
        ([("current", PASSWORD), ("new", new), ("confirm", new)], "password-changed"),
    ] {
        let response = desk.post("/console/account/password", &form).await;
        assert_eq!(location(&response), format!("/console/account?result={outcome}"));
    }
    assert!(desk.is_signed_in().await, "the session that changed it goes on");
    assert!(!laptop.is_signed_in().await, "every other session ends");
    let mut fresh = Browser::new(&app);
    assert_eq!(location(&fresh.sign_in("owner@demo.example", PASSWORD).await), "/console/sign-in?result=invalid");
    assert_eq!(location(&fresh.sign_in("owner@demo.example", new).await), "/console");
}

async fn a_disabled_user_is_signed_out_at_their_next_request(backend: Backend) {
    let app = spawn_app(backend).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let mut browser = Browser::new(&app);
    browser.sign_in("staff@demo.example", PASSWORD).await;
    assert!(browser.is_signed_in().await);
    let demo = app.storage.merchant_by_slug("demo").await.unwrap().unwrap();
    assert!(app.storage.disable_user(demo, &email("staff@demo.example")).await.unwrap());
    assert!(!browser.is_signed_in().await);
}

async fn console_calls_answer_for_the_signed_in_role_and_merchant_only(backend: Backend) {
    let app = spawn_app(backend).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let other = app.storage.ensure_merchant("other-shop", "Other Shop").await.unwrap();
    let password = Password::parse(PASSWORD).unwrap();
    create_user(app.storage.as_ref(), other, &email("owner@other.example"), Role::Owner, &password).await.unwrap();

    // Without a session, a console call is refused outright.
    let mut nobody = Browser::new(&app);
    let refused = nobody.post("/console/api/keys", &[]).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    // An owner makes a key in the console; it works on the API at once.
    let mut owner = Browser::new(&app);
    owner.sign_in("owner@demo.example", PASSWORD).await;
    let made = owner.post("/console/api/keys/create", &[]).await;
    assert_eq!(made.status(), 200);
    let key: IssuedApiKey = made.json().await.unwrap();
    let use_key = |key: String| app.http.get(app.url("/api/v1/api-keys")).bearer_auth(key).send();
    assert_eq!(use_key(key.key.clone()).await.unwrap().status(), 200);

    // Staff may look but not manage keys.
    let mut staff = Browser::new(&app);
    staff.sign_in("staff@demo.example", PASSWORD).await;
    for path in ["/console/api/keys", "/console/api/keys/create"] {
        let response = staff.post(path, &[]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let response = staff.post("/console/api/keys/revoke", &[("prefix", &key.prefix)]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(use_key(key.key.clone()).await.unwrap().status(), 200, "staff revoked nothing");
    assert_eq!(staff.post("/console/api/attention", &[]).await.status(), 200, "staff work the shipments");

    // Another shop's owner cannot see or revoke this shop's key, nor see its parcels.
    let mut stranger = Browser::new(&app);
    stranger.sign_in("owner@other.example", PASSWORD).await;
    let response = stranger.post("/console/api/keys/revoke", &[("prefix", &key.prefix)]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "another shop's key is not found");
    let response = stranger.post("/console/api/keys/rotate", &[("prefix", &key.prefix)]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(use_key(key.key.clone()).await.unwrap().status(), 200, "still live");
    let listed = stranger.post("/console/api/keys", &[]).await.text().await.unwrap();
    assert!(!listed.contains(&key.prefix));
    let theirs: AttentionList = stranger.post("/console/api/attention", &[]).await.json().await.unwrap();
    assert_eq!((theirs.checked, theirs.items.len()), (0, 0), "another shop's parcels are not theirs");

    // Revoked in the console, the key is refused by the API from the next request.
    let revoked = owner.post("/console/api/keys/revoke", &[("prefix", &key.prefix)]).await;
    assert_eq!(revoked.status(), 200);
    assert_eq!(use_key(key.key).await.unwrap().status(), 401);
}

async fn the_attention_list_shows_customs_actions_with_what_the_shopper_reads(backend: Backend) {
    let app = spawn_app(backend).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let created = app
        .http
        .post(app.url("/api/v1/shipments"))
        .bearer_auth(&app.demo_key)
        .json(&crate::support::fixtures::two_leg_shipment())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    let parcel = created["tracking_number"].as_str().unwrap().to_owned();
    let held = app
        .post_event(
            &parcel,
            serde_json::json!({
                "code": "customs_action_required",
                "occurred_at": (chrono::Utc::now() - chrono::Duration::hours(30)).to_rfc3339(),
                "reason": "missing_invoice_data",
                "customer_action": "Upload the invoice",
                "location": {"city": "Los Angeles", "country": "US", "lat": 33.94, "lon": -118.41},
                "actor": "customs",
            }),
        )
        .await;
    assert!(held.status().is_success(), "{}", held.text().await.unwrap());
    let mut staff = Browser::new(&app);
    staff.sign_in("staff@demo.example", PASSWORD).await;
    let list: AttentionList = staff.post("/console/api/attention", &[]).await.json().await.unwrap();
    assert_eq!(list.checked, 5, "every parcel under way was checked: the demo's four and this one");
    let item = list.items.iter().find(|i| i.tracking_number == parcel).expect("listed");
    assert_eq!(item.kinds[0], app::domain::attention::AttentionKind::CustomsAction);
    assert_eq!(item.problem.as_ref().unwrap().customer_action.as_deref(), Some("Upload the invoice"));
    assert!((list.as_of - item.since).num_hours() >= 29, "its age counts from the hold");

    let page = staff.get("/console?kind=customs_action").await.text().await.unwrap();
    assert!(page.contains(&parcel));
    assert!(page.contains("Upload the invoice") || page.contains("invoice"), "the shopper's words are shown");
}

on_both_backends!(
    signing_in_opens_the_console_with_a_strict_cookie_that_sign_out_ends,
    each_sign_in_gets_a_new_session_id,
    cross_site_changes_are_refused_before_anything_happens,
    wrong_passwords_lock_the_account_with_one_generic_answer,
    a_client_guessing_across_accounts_is_locked_out,
    idle_and_old_sessions_end,
    a_password_change_ends_the_users_other_sessions,
    a_disabled_user_is_signed_out_at_their_next_request,
    console_calls_answer_for_the_signed_in_role_and_merchant_only,
    the_attention_list_shows_customs_actions_with_what_the_shopper_reads,
    a_shipment_is_found_by_any_of_its_numbers_and_shows_every_event,
    an_owner_sets_an_aggregators_secret_and_its_deliveries_are_then_accepted,
    a_dead_letter_is_replayed_through_its_own_door_once_its_cause_is_fixed,
    console_form_posts_spend_the_clients_request_budget,
    a_csv_import_reports_its_progress_and_each_refused_row,
    the_shops_page_design_is_checked_previewed_versioned_and_worn_by_its_journeys,
    a_coupon_rule_hands_out_the_shops_own_codes_then_trekposts,
    the_feedback_export_is_the_signed_in_shops_comments_as_safe_csv,
);

async fn a_shipment_is_found_by_any_of_its_numbers_and_shows_every_event(backend: Backend) {
    use app::model::console::{EventAdded, ShipmentDetail, ShipmentHit};
    let app = spawn_app(backend).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let created = app
        .http
        .post(app.url("/api/v1/shipments"))
        .bearer_auth(&app.demo_key)
        .json(&crate::support::fixtures::two_leg_shipment())
        .send()
        .await
        .unwrap();
    let created: serde_json::Value = created.json().await.unwrap();
    let number = created["tracking_number"].as_str().unwrap().to_owned();
    let mut staff = Browser::new(&app);
    staff.sign_in("staff@demo.example", PASSWORD).await;

    for query in [number.as_str(), &number.to_lowercase(), "YT2412345678901234", "ORDER-1001", "Ana@Example.com"] {
        let hits: Vec<ShipmentHit> =
            staff.post("/console/api/shipments/find", &[("query", query)]).await.json().await.unwrap();
        assert_eq!(hits.len(), 1, "{query}");
        assert_eq!(hits[0].tracking_number, number, "{query}");
    }

    // By hand, as the API would: a bad field is named and nothing is stored.
    let add = |code: &'static str, country: &'static str| {
        let number = number.clone();
        vec![
            ("tracking_number", number),
            ("event[code]", code.to_owned()),
            (
                "event[occurred_at]",
                (chrono::Utc::now() - chrono::Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string(),
            ),
            ("event[city]", "Los Angeles".to_owned()),
            ("event[country]", country.to_owned()),
            ("event[description]", String::new()),
            ("event[reason]", String::new()),
            ("event[customer_action]", String::new()),
        ]
    };
    let post_add = |fields: Vec<(&'static str, String)>| {
        let cookie = format!("{COOKIE_NAME}={}", staff.cookie.clone().unwrap());
        app.http
            .post(app.url("/console/api/shipments/add-event"))
            .header(ORIGIN, format!("http://{}", app.address))
            .header(COOKIE, cookie)
            .form(&fields)
            .send()
    };
    let refused: EventAdded = post_add(add("arrived_destination", "USA")).await.unwrap().json().await.unwrap();
    assert!(matches!(&refused, EventAdded::Invalid { field, .. } if field == "location.country"), "{refused:?}");
    let added: EventAdded = post_add(add("arrived_destination", "us")).await.unwrap().json().await.unwrap();
    assert_eq!(added, EventAdded::Added);

    let detail: Option<ShipmentDetail> =
        staff.post("/console/api/shipments/get", &[("tracking_number", &number)]).await.json().await.unwrap();
    let detail = detail.expect("the shipment");
    assert_eq!(detail.events.len(), 1, "the refused event was not stored");
    let event = &detail.events[0];
    assert_eq!(event.event.source.code(), "native");
    assert_eq!(event.event.raw["location"]["country"], "US", "what was sent is kept");
    assert_eq!(detail.spec.legs.len(), 2);
    assert!(detail.share_links.is_empty());

    // A new journey link opens the shopper's page.
    let link: String =
        staff.post("/console/api/shipments/new-link", &[("tracking_number", &number)]).await.json().await.unwrap();
    let path = link.strip_prefix(&format!("http://{}", app.address)).expect("an absolute link to this site");
    assert_eq!(app.http.get(app.url(path)).send().await.unwrap().status(), 200);

    // Another shop finds nothing, and its console cannot read or add to this shipment.
    let other = app.storage.ensure_merchant("other-shop", "Other Shop").await.unwrap();
    let password = Password::parse(PASSWORD).unwrap();
    create_user(app.storage.as_ref(), other, &email("owner@other.example"), Role::Owner, &password).await.unwrap();
    let mut stranger = Browser::new(&app);
    stranger.sign_in("owner@other.example", PASSWORD).await;
    let hits: Vec<ShipmentHit> =
        stranger.post("/console/api/shipments/find", &[("query", &number)]).await.json().await.unwrap();
    assert!(hits.is_empty());
    let theirs: Option<ShipmentDetail> =
        stranger.post("/console/api/shipments/get", &[("tracking_number", &number)]).await.json().await.unwrap();
    assert_eq!(theirs, None);
    let page = stranger.get(&format!("/console/shipments/{number}")).await;
    assert_eq!(page.status(), 404);
    let open = stranger.post("/console/journeys", &[("tracking_number", &number)]).await;
    assert_eq!(open.status(), 404);
    let mut fields = add("delivered", "US");
    fields[0].1 = number.clone();
    let cookie = format!("{COOKIE_NAME}={}", stranger.cookie.clone().unwrap());
    let foreign = app
        .http
        .post(app.url("/console/api/shipments/add-event"))
        .header(ORIGIN, format!("http://{}", app.address))
        .header(COOKIE, cookie)
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    let link = stranger.post("/console/api/shipments/new-link", &[("tracking_number", &number)]).await;
    assert_eq!(link.status(), StatusCode::NOT_FOUND);
    let detail: Option<ShipmentDetail> =
        staff.post("/console/api/shipments/get", &[("tracking_number", &number)]).await.json().await.unwrap();
    assert_eq!(detail.unwrap().events.len(), 1, "nothing was added by another shop");

    // The page itself, server-rendered for the shop's own staff.
    let html = staff.get(&format!("/console/shipments/{number}")).await.text().await.unwrap();
    assert!(html.contains("YT2412345678901234") && html.contains("data-testid=\"console-event\""));
}

async fn an_owner_sets_an_aggregators_secret_and_its_deliveries_are_then_accepted(backend: Backend) {
    use app::console::webhooks::SecretSaved;
    use app::model::console::WebhookSetting;
    use base64::Engine;
    use hmac::Mac;
    let app = spawn_app(backend).await;
    demo_user(&app, "owner@demo.example", Role::Owner).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let created = app
        .http
        .post(app.url("/api/v1/shipments"))
        .bearer_auth(&app.demo_key)
        .json(&crate::support::fixtures::two_leg_shipment())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body = serde_json::json!({"event": "tracking_update", "event_id": "console-1",
        "msg": {"slug": "usps", "tracking_number": "9400110898825022579493", "checkpoints": [
            {"checkpoint_time": chrono::Utc::now().to_rfc3339(), "tag": "InTransit", "message": "x"}]}})
    .to_string();
    let secret = "whsec_console_0123456789";
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let deliver = || {
        app.http
            .post(app.url("/api/v1/webhooks/demo/aftership"))
            .header("content-type", "application/json")
            .header("aftership-hmac-sha256", &signature)
            .body(body.clone())
            .send()
    };
    assert_eq!(deliver().await.unwrap().status(), 401, "no secret yet");

    let mut owner = Browser::new(&app);
    owner.sign_in("owner@demo.example", PASSWORD).await;
    let hooks: Vec<WebhookSetting> = owner.post("/console/api/webhooks", &[]).await.json().await.unwrap();
    let aftership = hooks.iter().find(|h| h.aggregator == "aftership").unwrap();
    assert_eq!(aftership.endpoint_path, app.url("/api/v1/webhooks/demo/aftership"), "the address to paste");
    assert_eq!(aftership.secret_set_at, None);

    let staff_try = {
        let mut staff = Browser::new(&app);
        staff.sign_in("staff@demo.example", PASSWORD).await;
        staff.post("/console/api/webhooks/secret", &[("aggregator", "aftership"), ("secret", secret)]).await.status()
    };
    assert_eq!(staff_try, StatusCode::FORBIDDEN, "only owners manage secrets");
    let refused: SecretSaved = owner
        .post("/console/api/webhooks/secret", &[("aggregator", "aftership"), ("secret", "too short")])
        .await
        .json()
        .await
        .unwrap();
    assert!(refused.refused.is_some());
    assert_eq!(deliver().await.unwrap().status(), 401, "still no secret");

    let saved: SecretSaved = owner
        .post("/console/api/webhooks/secret", &[("aggregator", "aftership"), ("secret", secret)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved, SecretSaved { aggregator: "aftership".into(), refused: None });
    assert_eq!(deliver().await.unwrap().status(), 200, "signed with the secret set in the console");
    let hooks: Vec<WebhookSetting> = owner.post("/console/api/webhooks", &[]).await.json().await.unwrap();
    assert!(hooks.iter().find(|h| h.aggregator == "aftership").unwrap().secret_set_at.is_some());
    assert!(!owner.post("/console/api/webhooks", &[]).await.text().await.unwrap().contains(secret), "never shown back");
}

async fn a_dead_letter_is_replayed_through_its_own_door_once_its_cause_is_fixed(backend: Backend) {
    use app::model::console::{DeadLetterRow, ReplayOutcome};
    let app = spawn_app(backend).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let leg = format!("LEG{}", chrono::Utc::now().timestamp_micros());
    let scan = serde_json::json!({
        "code": "arrived_destination",
        "occurred_at": (chrono::Utc::now() - chrono::Duration::hours(3)).to_rfc3339(),
        "location": {"city": "Los Angeles", "country": "US"},
    });
    // A scan for a leg no shipment has yet, and one that can never be right.
    assert_eq!(app.post_event(&leg, scan.clone()).await.status(), 404);
    let mut wrong = scan.clone();
    wrong["code"] = "teleported".into();
    assert_eq!(app.post_event(&leg, wrong).await.status(), 422);

    let mut staff = Browser::new(&app);
    staff.sign_in("staff@demo.example", PASSWORD).await;
    let letters: Vec<DeadLetterRow> = staff.post("/console/api/dead-letters", &[]).await.json().await.unwrap();
    assert_eq!(letters.len(), 2);
    let (bad, missing) = (&letters[0], &letters[1]);
    assert_eq!(missing.endpoint.as_deref(), Some(format!("/api/v1/shipments/{leg}/events").as_str()));
    assert!(missing.replayable && missing.replayed_at.is_none());
    let replay = |id: i64| {
        let cookie = format!("{COOKIE_NAME}={}", staff.cookie.clone().unwrap());
        let app = &app;
        async move {
            let response = app
                .http
                .post(app.url("/console/api/dead-letters/replay"))
                .header(ORIGIN, format!("http://{}", app.address))
                .header(COOKIE, cookie)
                .form(&[("id", id.to_string())])
                .send()
                .await
                .unwrap();
            let status = response.status();
            match status {
                StatusCode::OK => Some(response.json::<ReplayOutcome>().await.unwrap()),
                StatusCode::NOT_FOUND => None,
                other => panic!("replay answered {other}"),
            }
        }
    };
    // Replayed before its cause is fixed, it is refused again and stays.
    assert!(matches!(replay(missing.id).await, Some(ReplayOutcome::Refused { field, .. }) if field == "shipment"));
    assert!(matches!(replay(bad.id).await, Some(ReplayOutcome::Refused { field, .. }) if field == "code"));

    // The shipment that leg belongs to arrives; the replay now goes through.
    let mut shipment = crate::support::fixtures::two_leg_shipment();
    shipment["legs"][1]["tracking_number"] = leg.clone().into();
    let created =
        app.http.post(app.url("/api/v1/shipments")).bearer_auth(&app.demo_key).json(&shipment).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(replay(missing.id).await, Some(ReplayOutcome::Accepted));
    let number = created["tracking_number"].as_str().unwrap();
    let record: serde_json::Value = app
        .http
        .get(app.url(&format!("/api/v1/shipments/{number}")))
        .bearer_auth(&app.demo_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(record["events"].as_array().unwrap().len(), 1, "the replayed scan is stored");
    assert_eq!(replay(missing.id).await, None, "once: then it is not waiting any more (404)");
    let letters: Vec<DeadLetterRow> = staff.post("/console/api/dead-letters", &[]).await.json().await.unwrap();
    assert!(letters.iter().find(|l| l.id == missing.id).unwrap().replayed_at.is_some());
    assert!(letters.iter().find(|l| l.id == bad.id).unwrap().replayed_at.is_none(), "the bad one stays");

    // Another shop cannot see or replay them.
    let other = app.storage.ensure_merchant("other-shop", "Other Shop").await.unwrap();
    let password = Password::parse(PASSWORD).unwrap();
    create_user(app.storage.as_ref(), other, &email("owner@other.example"), Role::Owner, &password).await.unwrap();
    let mut stranger = Browser::new(&app);
    stranger.sign_in("owner@other.example", PASSWORD).await;
    let theirs: Vec<DeadLetterRow> = stranger.post("/console/api/dead-letters", &[]).await.json().await.unwrap();
    assert!(theirs.is_empty());
    let foreign = stranger.post("/console/api/dead-letters/replay", &[("id", &bad.id.to_string())]).await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
}

async fn console_form_posts_spend_the_clients_request_budget(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.limits.requests_per_minute = 3).await;
    let mut browser = Browser::new(&app);
    let mut statuses = Vec::new();
    for i in 0..5 {
        statuses.push(browser.sign_in(&format!("someone{i}@demo.example"), "wrong password").await.status());
    }
    assert_eq!(statuses[..3], [StatusCode::SEE_OTHER; 3]);
    assert_eq!(statuses[3..], [StatusCode::TOO_MANY_REQUESTS; 2], "over the budget, before any password is checked");
}

/// Uploads a CSV file to the console's import, as the page's form does, and polls until done.
async fn import(
    browser: &Browser<'_>,
    kind: &str,
    csv: &str,
    skip_invalid: bool,
) -> Result<app::model::console::ImportProgress, (String, String)> {
    use app::console::imports::ImportStart;
    use app::model::console::{ImportPhase, ImportProgress};
    let mut form = reqwest::multipart::Form::new().text("kind", kind.to_owned()).part(
        "file",
        reqwest::multipart::Part::text(csv.to_owned()).file_name("scans.csv").mime_str("text/csv").unwrap(),
    );
    if skip_invalid {
        form = form.text("skip_invalid", "true");
    }
    let app = browser.app;
    let cookie = format!("{COOKIE_NAME}={}", browser.cookie.as_deref().unwrap());
    let started = app
        .http
        .post(app.url("/console/api/imports"))
        .header(ORIGIN, browser.origin())
        .header(COOKIE, &cookie)
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 200);
    let id = match started.json::<ImportStart>().await.unwrap() {
        ImportStart::Started { id } => id,
        ImportStart::Refused { field, reason } => return Err((field, reason)),
    };
    let mut seen_phases = Vec::new();
    for _ in 0..200 {
        let poll = app
            .http
            .post(app.url("/console/api/imports/progress"))
            .header(ORIGIN, browser.origin())
            .header(COOKIE, &cookie)
            .form(&[("id", &id)])
            .send()
            .await
            .unwrap();
        assert_eq!(poll.status(), 200);
        let progress: ImportProgress = poll.json().await.unwrap();
        assert!(progress.done <= progress.total || progress.phase == ImportPhase::Done, "{progress:?}");
        seen_phases.push(progress.phase);
        if progress.phase == ImportPhase::Done {
            assert!(seen_phases.windows(2).all(|w| w[0] as u8 <= w[1] as u8), "phases only move on: {seen_phases:?}");
            return Ok(progress);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the import did not finish: {seen_phases:?}");
}

async fn a_csv_import_reports_its_progress_and_each_refused_row(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.limits.max_import_bytes = 4096).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let created: serde_json::Value = app
        .http
        .post(app.url("/api/v1/shipments"))
        .bearer_auth(&app.demo_key)
        .json(&crate::support::fixtures::two_leg_shipment())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let number = created["tracking_number"].as_str().unwrap().to_owned();
    let at = |hours: i64| (chrono::Utc::now() - chrono::Duration::hours(hours)).to_rfc3339();
    let csv = format!(
        "shipment,code,occurred_at,city,country\n\
         {number},packed,{},Shenzhen,CN\n\
         {number},carrier_received,{},Shenzhen,CN\n\
         NOPE-404,carrier_received,{},Shenzhen,CN\n\
         {number},teleported,{},Shenzhen,CN\n",
        at(30),
        at(20),
        at(20),
        at(10)
    );
    let mut staff = Browser::new(&app);
    staff.sign_in("staff@demo.example", PASSWORD).await;
    let events_of = || async {
        let record: serde_json::Value = app
            .http
            .get(app.url(&format!("/api/v1/shipments/{number}")))
            .bearer_auth(&app.demo_key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        record["events"].as_array().unwrap().len()
    };

    // Two bad rows: each named with its line and column, and nothing written.
    let refused = import(&staff, "events", &csv, false).await.unwrap();
    let report = refused.report.unwrap();
    assert_eq!((report.rows, report.valid, report.imported, report.written), (4, 2, 0, false));
    let lines: Vec<(u64, &str)> = report.rejected.iter().map(|r| (r.line, r.field.as_str())).collect();
    assert_eq!(lines, [(4, "shipment"), (5, "code")], "{:?}", report.rejected);
    assert_eq!(events_of().await, 0);

    // Asked to, the valid rows go in; again, nothing is stored twice.
    let partial = import(&staff, "events", &csv, true).await.unwrap().report.unwrap();
    assert_eq!((partial.imported, partial.duplicates, partial.rejected.len(), partial.written), (2, 0, 2, true));
    assert_eq!(events_of().await, 2);
    let again = import(&staff, "events", &csv, true).await.unwrap().report.unwrap();
    assert_eq!((again.imported, again.duplicates), (0, 2));
    assert_eq!(events_of().await, 2);

    // A file without its header, or too large, is refused before anything runs.
    let headless = import(&staff, "events", "hello,world\n", false).await.unwrap().report.unwrap();
    assert!(headless.failed.as_deref().unwrap_or_default().contains("line 1"), "{headless:?}");
    let huge = "shipment,code,occurred_at\n".to_owned() + &format!("{number},packed,{}\n", at(1)).repeat(200);
    let (field, reason) = import(&staff, "events", &huge, false).await.unwrap_err();
    assert_eq!(field, "file");
    assert!(reason.contains("4096"), "{reason}");

    // Shipments too, through the same checks as the API.
    let shipments = "shopper_reference,origin_city,origin_country,origin_lat,origin_lon,destination_city,destination_country,destination_lat,destination_lon\n\
                     cust-1,Shenzhen,CN,22.54,114.06,Berlin,DE,52.52,13.40\n\
                     cust-2,Shenzhen,CN,22.54,114.06,Berlin,DE,152.52,13.40\n";
    let made = import(&staff, "shipments", shipments, true).await.unwrap().report.unwrap();
    assert_eq!((made.imported, made.rejected.len()), (1, 1), "{made:?}");
    assert_eq!(made.rejected[0].line, 3);

    // Another shop's user cannot read the import.
    let other = app.storage.ensure_merchant("other-shop", "Other Shop").await.unwrap();
    let password = Password::parse(PASSWORD).unwrap();
    create_user(app.storage.as_ref(), other, &email("owner@other.example"), Role::Owner, &password).await.unwrap();
    let mut stranger = Browser::new(&app);
    stranger.sign_in("owner@other.example", PASSWORD).await;
    let mine = app
        .http
        .post(app.url("/console/api/imports"))
        .header(ORIGIN, staff.origin())
        .header(COOKIE, format!("{COOKIE_NAME}={}", staff.cookie.as_deref().unwrap()))
        .header("accept", "application/json")
        .multipart(
            reqwest::multipart::Form::new()
                .text("kind", "events")
                .part("file", reqwest::multipart::Part::text(csv.clone()).file_name("scans.csv")),
        )
        .send()
        .await
        .unwrap()
        .json::<app::console::imports::ImportStart>()
        .await
        .unwrap();
    let app::console::imports::ImportStart::Started { id } = mine else { panic!("{mine:?}") };
    let peek = stranger.post("/console/api/imports/progress", &[("id", &id)]).await;
    assert_eq!(peek.status(), StatusCode::NOT_FOUND);
}

/// A server function that takes JSON, called as the page calls it.
async fn post_json(browser: &Browser<'_>, path: &str, body: serde_json::Value) -> Response {
    let app = browser.app;
    app.http
        .post(app.url(path))
        .header(ORIGIN, browser.origin())
        .header(COOKIE, format!("{COOKIE_NAME}={}", browser.cookie.as_deref().unwrap()))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn upload_logo(browser: &Browser<'_>, bytes: Vec<u8>) -> app::console::design::LogoUpload {
    let app = browser.app;
    let form =
        reqwest::multipart::Form::new().part("logo", reqwest::multipart::Part::bytes(bytes).file_name("logo.png"));
    app.http
        .post(app.url("/console/api/design/logo"))
        .header(ORIGIN, browser.origin())
        .header(COOKIE, format!("{COOKIE_NAME}={}", browser.cookie.as_deref().unwrap()))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The smallest PNG there is: one transparent pixel.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

async fn the_shops_page_design_is_checked_previewed_versioned_and_worn_by_its_journeys(backend: Backend) {
    use app::console::design::LogoUpload;
    use app::domain::design::{DesignDraft, LocaleWords, TierName};
    use app::domain::gamification::{Grant, Tier};
    use app::model::console::{DesignDesk, DesignSaved};
    let app = spawn_app(backend).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let created: serde_json::Value = app
        .http
        .post(app.url("/api/v1/shipments"))
        .bearer_auth(&app.demo_key)
        .json(&crate::support::fixtures::two_leg_shipment())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (number, path) = (created["tracking_number"].as_str().unwrap(), created["journey_path"].as_str().unwrap());
    let at = |hours: i64| (chrono::Utc::now() - chrono::Duration::hours(hours)).to_rfc3339();
    let scan = |code: &str, hours| serde_json::json!({"code": code, "occurred_at": at(hours)});
    assert_eq!(app.post_event(number, scan("carrier_received", 30)).await.status(), 201);
    let token = app::domain::ShopperToken::parse(path.trim_start_matches("/t/")).unwrap();
    let shipment = app.storage.shipment_by_token(&token).await.unwrap().unwrap();
    let before = app.storage.journey_rewards(shipment).await.unwrap();
    assert!(before.awards.iter().any(|a| a.rule_id == "first-scan"), "the first scan's badge is granted");

    let mut staff = Browser::new(&app);
    staff.sign_in("staff@demo.example", PASSWORD).await;
    let desk: DesignDesk = staff.post("/console/api/design", &[]).await.json().await.unwrap();
    assert_eq!(desk.history[0].saved_by, "demo seed", "the demo's colour is its first version");
    assert_eq!(desk.draft.colour, "#0f766e");

    // Every wrong field is named, and nothing is saved.
    let mut draft: DesignDraft = desk.draft.clone();
    draft.shop_name = "Lumen Lamps".into();
    draft.colour = "#ffd700".into();
    let refused: DesignSaved =
        post_json(&staff, "/console/api/design/save", serde_json::json!({"base": desk.version, "draft": draft}))
            .await
            .json()
            .await
            .unwrap();
    let DesignSaved::Invalid(errors) = refused else { panic!("{refused:?}") };
    assert_eq!(errors[0].field, "colour");
    assert!(errors[0].reason.contains(":1"), "{}", errors[0].reason);

    // A logo is told by its bytes: a PNG is kept, a script dressed as an image is not.
    let LogoUpload::Uploaded { digest } = upload_logo(&staff, PIXEL_PNG.to_vec()).await else { panic!("PNG refused") };
    let svg = upload_logo(&staff, b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec()).await;
    assert!(matches!(svg, LogoUpload::Refused { ref reason } if reason.contains("PNG")), "{svg:?}");

    // Previewed before saving: the preview journey wears the draft, the shoppers' pages do not.
    draft.colour = "#7c3aed".into();
    draft.logo = Some(digest.clone());
    draft.words = vec![LocaleWords {
        locale: "de".into(),
        tiers: vec![TierName { tier: Tier::Border, name: "Am Zoll".into() }],
        story: Vec::new(),
    }];
    for rule in &mut draft.rules {
        match rule.id.as_str() {
            // Already granted as a badge: a changed rule never grants it again.
            "first-scan" => rule.grant = Grant::Points { points: 999 },
            "out-for-delivery-points" => rule.grant = Grant::Points { points: 75 },
            _ => {}
        }
    }
    let problems: Vec<app::domain::FieldError> =
        post_json(&staff, "/console/api/design/preview", serde_json::json!({"draft": draft}))
            .await
            .json()
            .await
            .unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let preview = staff.get("/console/design/preview").await;
    assert!(preview.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'self'"));
    let preview = preview.text().await.unwrap();
    assert!(preview.contains("--brand: #7c3aed") && preview.contains("Lumen Lamps"), "the preview wears the draft");
    let shopper_page = |lang: &'static str| {
        let request = app.http.get(app.url(path)).header("accept-language", lang);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    assert!(!shopper_page("en").await.contains("#7c3aed"), "not saved yet");

    // Saved: a new version by this user, worn by every journey of the shop at once.
    let saved: DesignSaved =
        post_json(&staff, "/console/api/design/save", serde_json::json!({"base": desk.version, "draft": draft}))
            .await
            .json()
            .await
            .unwrap();
    let DesignSaved::Saved(version) = saved else { panic!("{saved:?}") };
    assert_eq!((version.version, version.saved_by.as_str()), (desk.version + 1, "staff@demo.example"));
    let html = shopper_page("de").await;
    assert!(html.contains("--brand: #7c3aed"), "the colour");
    assert!(html.contains("Lumen Lamps"), "the name");
    assert!(html.contains(&format!("/shops/demo/logo/{digest}")), "the logo");
    assert!(html.contains("Am Zoll"), "the shop's own name for the level, in German");
    assert!(html.contains("+75 Punkte"), "the changed reward, ahead at out for delivery");
    assert!(shopper_page("en").await.contains("Border"), "other languages keep Trekpost's words");
    let brand: serde_json::Value =
        app.http.get(app.url("/api/v1/brand")).bearer_auth(&app.demo_key).send().await.unwrap().json().await.unwrap();
    assert_eq!(brand["colour"], "#7c3aed", "one design, whichever door reads it");

    // Someone saving from what they opened before is told, and nothing is overwritten.
    let stale: DesignSaved =
        post_json(&staff, "/console/api/design/save", serde_json::json!({"base": desk.version, "draft": desk.draft}))
            .await
            .json()
            .await
            .unwrap();
    assert!(matches!(stale, DesignSaved::Conflict(ref newest) if newest.version == version.version), "{stale:?}");

    // Rewards already granted stay as they were, and the changed rule does not grant again.
    assert_eq!(app.post_event(number, scan("departed_origin", 20)).await.status(), 201);
    let after = app.storage.journey_rewards(shipment).await.unwrap();
    let first_scan: Vec<_> = after.awards.iter().filter(|a| a.rule_id == "first-scan").collect();
    assert_eq!(first_scan.len(), 1);
    assert_eq!(first_scan[0], before.awards.iter().find(|a| a.rule_id == "first-scan").unwrap());

    // The logo is public, named by its bytes, cached for good, and only under its own shop.
    let logo = app.http.get(app.url(&format!("/shops/demo/logo/{digest}"))).send().await.unwrap();
    assert_eq!(logo.status(), 200);
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert!(logo.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(logo.bytes().await.unwrap().as_ref(), PIXEL_PNG);
    let other = app.storage.ensure_merchant("other-shop", "Other Shop").await.unwrap();
    let password = Password::parse(PASSWORD).unwrap();
    create_user(app.storage.as_ref(), other, &email("owner@other.example"), Role::Owner, &password).await.unwrap();
    let elsewhere = app.http.get(app.url(&format!("/shops/other-shop/logo/{digest}"))).send().await.unwrap();
    assert_eq!(elsewhere.status(), 404);

    // Another shop's user edits their own design only.
    let mut stranger = Browser::new(&app);
    stranger.sign_in("owner@other.example", PASSWORD).await;
    let theirs: DesignDesk = stranger.post("/console/api/design", &[]).await.json().await.unwrap();
    assert_eq!(
        (theirs.version, theirs.draft.shop_name.as_str(), theirs.shop_slug.as_str()),
        (0, "Other Shop", "other-shop")
    );
    let mut their_draft = theirs.draft.clone();
    their_draft.logo = Some(digest);
    let foreign: DesignSaved =
        post_json(&stranger, "/console/api/design/save", serde_json::json!({"base": 0, "draft": their_draft}))
            .await
            .json()
            .await
            .unwrap();
    assert!(matches!(foreign, DesignSaved::Invalid(ref e) if e[0].field == "logo"), "{foreign:?}");
    assert_eq!(
        app.storage.current_design(app.storage.merchant_by_slug("demo").await.unwrap().unwrap()).await.unwrap().0,
        version.version
    );
}

async fn add_codes(browser: &mut Browser<'_>, codes: &str) -> app::console::design::CodesAdded {
    browser
        .post("/console/api/design/coupon-codes", &[("pool", "summer-10"), ("codes", codes)])
        .await
        .json()
        .await
        .unwrap()
}

async fn a_coupon_rule_hands_out_the_shops_own_codes_then_trekposts(backend: Backend) {
    use app::console::design::CodesAdded;
    use app::domain::gamification::{Audience, Grant, PoolName, Rule, Trigger};
    use app::domain::Milestone;
    use app::model::console::{DesignDesk, DesignSaved};
    use app::model::rewards::Reward;
    let app = spawn_app(backend).await;
    demo_user(&app, "staff@demo.example", Role::Staff).await;
    let mut staff = Browser::new(&app);
    staff.sign_in("staff@demo.example", PASSWORD).await;

    // Codes are checked one by one, and each is kept once.
    let refused = add_codes(&mut staff, "SUMMER-AAAA\nnot a code!").await;
    assert!(matches!(refused, CodesAdded::Refused { ref field, .. } if field == "codes[2]"), "{refused:?}");
    let CodesAdded::Added(pools) = add_codes(&mut staff, "SUMMER-AAAA\n\nSUMMER-AAAA\n").await else {
        panic!("refused")
    };
    assert_eq!((pools[0].name.as_str(), pools[0].left, pools[0].given), ("summer-10", 1, 0));

    let desk: DesignDesk = staff.post("/console/api/design", &[]).await.json().await.unwrap();
    assert_eq!(desk.pools, pools);
    let mut draft = desk.draft;
    draft.rules.push(Rule {
        id: "scan-coupon".into(),
        trigger: Trigger::Milestone { milestone: Milestone::CarrierReceived },
        audience: Audience::Everyone,
        grant: Grant::Coupon { percent_off: 10, valid_days: 30, pool: Some(PoolName::parse("summer-10").unwrap()) },
    });
    let saved: DesignSaved =
        post_json(&staff, "/console/api/design/save", serde_json::json!({"base": desk.version, "draft": draft}))
            .await
            .json()
            .await
            .unwrap();
    assert!(matches!(saved, DesignSaved::Saved(_)), "{saved:?}");

    // The first parcel scanned gets the shop's code; the pool dry, the next gets Trekpost's.
    let mut codes = Vec::new();
    for n in 0..2 {
        let mut shipment = crate::support::fixtures::two_leg_shipment();
        shipment.as_object_mut().unwrap().remove("legs");
        shipment["shopper"]["reference"] = serde_json::json!(format!("pool-shopper-{n}"));
        let created: serde_json::Value = app
            .http
            .post(app.url("/api/v1/shipments"))
            .bearer_auth(&app.demo_key)
            .json(&shipment)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let number = created["tracking_number"].as_str().unwrap();
        let scan = serde_json::json!({"code": "carrier_received", "occurred_at": (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339()});
        assert_eq!(app.post_event(number, scan).await.status(), 201);
        let token =
            app::domain::ShopperToken::parse(created["journey_path"].as_str().unwrap().trim_start_matches("/t/"))
                .unwrap();
        let shipment = app.storage.shipment_by_token(&token).await.unwrap().unwrap();
        let rewards = app.storage.journey_rewards(shipment).await.unwrap();
        let award = rewards.awards.iter().find(|a| a.rule_id == "scan-coupon").expect("the coupon is granted");
        let Reward::Coupon { code, .. } = &award.reward else { panic!("{award:?}") };
        codes.push(code.clone());
    }
    assert_eq!(codes[0], "SUMMER-AAAA");
    assert_ne!(codes[1], "SUMMER-AAAA", "each code once");
    let desk: DesignDesk = staff.post("/console/api/design", &[]).await.json().await.unwrap();
    assert_eq!((desk.pools[0].left, desk.pools[0].given), (0, 1));
    // The shop's own code is redeemed through the API like any other.
    let redeemed =
        app.http.post(app.url("/api/v1/coupons/SUMMER-AAAA/redeem")).bearer_auth(&app.demo_key).send().await.unwrap();
    assert_eq!(redeemed.status(), 200);
}

/// A shipment of the demo shop delivered an hour ago, rated with `comment`.
async fn rated_delivery(app: &TestApp, comment: &str) -> String {
    use app::domain::wismo::{DeliveryRating, Stars};
    let order_ref = format!("FB-{}", rand_digits());
    let created: serde_json::Value = app
        .http
        .post(app.url("/api/v1/shipments"))
        .bearer_auth(&app.demo_key)
        .json(&serde_json::json!({
            "order_ref": order_ref,
            "shopper": {"reference": format!("fb-{order_ref}")},
            "origin": {"city": "Shenzhen", "country": "CN", "lat": 22.54, "lon": 114.06},
            "destination": {"city": "Madrid", "country": "ES", "lat": 40.42, "lon": -3.7},
            "legs": [{"carrier": "csv-test-courier", "tracking_number": format!("FB{}", rand_digits()), "mode": "courier"}]
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let number = created["tracking_number"].as_str().unwrap().to_owned();
    let at = |hours: i64| (chrono::Utc::now() - chrono::Duration::hours(hours)).to_rfc3339();
    for (code, hours) in [("order_confirmed", 30), ("carrier_received", 20), ("delivered", 1)] {
        let response = app.post_event(&number, serde_json::json!({"code": code, "occurred_at": at(hours)})).await;
        assert!(response.status().is_success(), "{code}: {}", response.status());
    }
    let demo = app.storage.merchant_by_slug("demo").await.unwrap().unwrap();
    let shipment = app.storage.shipment_by_order_ref(demo, &order_ref).await.unwrap().unwrap();
    let rating =
        DeliveryRating::new(Stars::try_from(2).unwrap(), Stars::try_from(1).unwrap(), vec![], Some(comment.into()));
    assert!(app.storage.rate_delivery(shipment, &rating, "en", chrono::Utc::now()).await.unwrap());
    number
}

fn rand_digits() -> String {
    format!("{:010}", rand::random::<u32>())
}

async fn the_feedback_export_is_the_signed_in_shops_comments_as_safe_csv(backend: Backend) {
    let app = spawn_app(backend).await;
    let number = rated_delivery(&app, "=1+1 stuck in customs, no updates").await;
    let mut browser = Browser::new(&app);
    let anonymous = browser.get("/console/analytics/feedback.csv").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER, "signed-in sellers only");
    demo_user(&app, "csv@demo.test", Role::Staff).await;
    browser.sign_in("csv@demo.test", PASSWORD).await;

    let export = browser.get("/console/analytics/feedback.csv?carrier=csv-test-courier").await;
    assert_eq!(export.status(), StatusCode::OK);
    assert_eq!(export.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(export.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"feedback-"));
    let body = export.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 2, "{body}");
    assert!(lines[0].starts_with("tracking_number,lane,carrier,date,source"));
    let row = lines[1];
    assert!(row.starts_with(&format!("{number},CN-ES,csv-test-courier,")), "{row}");
    assert!(row.contains(",rating,2,1,en,silence;customs,"), "stars and themes: {row}");
    assert!(
        row.ends_with(",'=1+1 stuck in customs, no updates")
            || row.ends_with(",\"'=1+1 stuck in customs, no updates\""),
        "a formula is defused: {row}"
    );

    let refused = browser.get("/console/analytics/feedback.csv?from=last%20week").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(problem["field"], "from");
}
