//! The server-rendered pages and health check over real HTTP.

use crate::support::{spawn_app, spawn_app_with, Backend};

async fn healthz_answers_ok(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<serde_json::Value>().await.unwrap()["status"], "ok");
}

async fn the_landing_page_links_every_demo_journey(backend: Backend) {
    let app = spawn_app(backend).await;
    let html = app.http.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    for token in app.demo_tokens().await {
        assert!(html.contains(&format!("href=\"/t/{token}\"")), "missing link to {token}");
    }
    for journey in app.storage.demo_journeys().await.unwrap() {
        assert!(html.contains(&format!("{} → {}", journey.origin_city, journey.destination_city)));
    }
}

async fn a_journey_page_renders_the_shipment_and_its_progress(backend: Backend) {
    let app = spawn_app(backend).await;
    let journey = app.demo_journey(0).await;
    let response = app.http.get(app.url(&format!("/t/{}", journey.token))).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["referrer-policy"], "same-origin", "the token never leaks as a Referer");
    let html = response.text().await.unwrap();
    assert!(html.contains(journey.tracking_number.as_str()));
    assert!(html.contains(&format!("{}, ", journey.origin_city)));
    assert!(html.contains(&format!("{}, ", journey.destination_city)));
    // The bar shows the journey's furthest milestone, and the milestones reached are done.
    assert!(html.contains(r#"role="progressbar""#));
    let percent = journey.progress.percent();
    assert!(percent > 0 && percent < 100, "a journey under way");
    assert!(html.contains(&format!(r#"aria-valuenow="{percent}""#)), "progress is {percent}%");
    let done = app::domain::Milestone::ALL.into_iter().filter(|m| journey.progress.is_done(*m)).count();
    assert_eq!(html.matches(r#"class="milestone done""#).count(), done);
    assert_eq!(html.matches(r#"class="milestone next""#).count(), 1);
    assert!(html.contains("/vendor/leaflet/leaflet.js"));
}

async fn the_journey_page_speaks_the_shoppers_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let journey = app.demo_journey(0).await;
    let cases = [
        ("zh-CN,zh;q=0.9,en;q=0.5", "zh-Hans", "运单号", "已离开始发地"),
        ("es-ES,es;q=0.9", "es", "Número de seguimiento", "Despachado en aduana"),
        ("de-DE,de;q=0.9,en;q=0.8", "de", "Sendungsnummer", "In Zustellung"),
        ("fr-FR,en;q=0.5", "en", "Tracking number", "Out for delivery"),
    ];
    for (accept, lang, tracking, milestone) in cases {
        let html = app
            .http
            .get(app.url(&format!("/t/{}", journey.token)))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&format!(r#"<html lang="{lang}""#)), "{accept}");
        assert!(html.contains(tracking), "{accept}: {tracking}");
        assert!(html.contains(milestone), "{accept}: {milestone}");
    }
    // The switcher overrides the browser, and the choice sticks to the next pages.
    let page = app.url(&format!("/t/{}", journey.token));
    let chosen = app.http.get(format!("{page}?lang=de")).header("accept-language", "en").send().await.unwrap();
    let cookie = chosen.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("lang=de;") && cookie.contains("SameSite=Lax"), "{cookie}");
    let html = chosen.text().await.unwrap();
    assert!(html.contains(r#"<html lang="de""#));
    assert!(html.contains(r#"hreflang="es""#) && html.contains("Español"), "the switcher offers every language");
    let next = app.http.get(&page).header("accept-language", "en").header("cookie", "lang=es").send().await.unwrap();
    assert!(next.headers().get("set-cookie").is_none(), "nothing new to remember");
    assert!(next.text().await.unwrap().contains(r#"<html lang="es""#));
}

async fn unknown_and_malformed_links_get_404_and_400_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let unknown = app.http.get(app.url("/t/AAAAAAAAAAAAAAAAAAAAAA")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    assert!(unknown.text().await.unwrap().contains("We can't find that journey"));

    let malformed = app.http.get(app.url("/t/not-a-token")).send().await.unwrap();
    assert_eq!(malformed.status(), 400);
    let body = malformed.text().await.unwrap();
    assert!(body.contains("This tracking link is not valid"));
    assert!(body.contains("22 characters"), "says why");

    let nowhere = app.http.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(nowhere.status(), 404);
}

async fn the_lookup_finds_a_parcel_by_number_and_postal_code_and_nothing_else(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.limits.lookups_per_minute = 6).await;
    let form = app.http.get(app.url("/track")).send().await.unwrap().text().await.unwrap();
    assert!(form.contains(r#"<form method="post" action="/track""#) && form.contains(r#"name="postal_code""#));
    let journey = app.demo_journey(0).await;
    let merchant = app.storage.merchant_by_slug("demo").await.unwrap().unwrap();
    let record = app.storage.shipment_record(merchant, &journey.tracking_number).await.unwrap().unwrap();
    let postal = record.spec.destination.postal_code.unwrap().as_str().to_owned();
    let carrier_number = record.spec.legs[2].tracking_number.as_str().to_owned();
    let lookup = |number: String, postal: String| {
        app.http.post(app.url("/track")).form(&[("number", number), ("postal_code", postal)]).send()
    };
    let location = |r: &reqwest::Response| r.headers()["location"].to_str().unwrap().to_owned();
    // A lookup issues a link of its own (only hashes of links are stored): it opens the journey.
    let opens = |path: String| {
        let storage = app.storage.clone();
        async move {
            let token = app::domain::ShopperToken::parse(path.trim_start_matches("/t/")).unwrap();
            storage.shipment_by_token(&token).await.unwrap()
        }
    };

    let found = lookup(journey.tracking_number.to_string(), postal.to_lowercase()).await.unwrap();
    assert_eq!(found.status(), 303);
    assert_eq!(opens(location(&found)).await, Some(record.id));
    // The last-mile carrier's number works too, spaces and case aside.
    let by_carrier = lookup(format!(" {} ", carrier_number.to_lowercase()), format!(" {postal}")).await.unwrap();
    assert_eq!(opens(location(&by_carrier)).await, Some(record.id));
    // A wrong postal code and a number that does not exist get the same answer.
    let wrong_postal = lookup(journey.tracking_number.to_string(), "00000".into()).await.unwrap();
    let no_such = lookup("TP0000000000X".into(), postal.clone()).await.unwrap();
    assert_eq!((wrong_postal.status(), location(&wrong_postal)), (no_such.status(), location(&no_such)));
    assert_eq!(location(&no_such), "/track?result=not-found");
    let empty = app.http.post(app.url("/track")).form(&[("number", "")]).send().await.unwrap();
    assert_eq!(location(&empty), "/track?result=not-found", "a missing field is just another miss");
    let not_a_form = app.http.post(app.url("/track")).json(&serde_json::json!({"number": "x"})).send().await.unwrap();
    assert_eq!(not_a_form.status(), 415);
    assert_eq!(not_a_form.headers()["content-type"], "application/problem+json");
    let said = app.http.get(app.url(&location(&no_such))).send().await.unwrap().text().await.unwrap();
    assert!(said.contains("We couldn't find a parcel"));
    // Six tries a minute: the seventh is refused even with the right answer.
    let _ = lookup("TP1111111111X".into(), "1".into()).await.unwrap();
    let _ = lookup("TP2222222222X".into(), "1".into()).await.unwrap();
    let refused = lookup(journey.tracking_number.to_string(), postal).await.unwrap();
    assert_eq!(location(&refused), "/track?result=too-many");
    assert!(refused.headers().contains_key("retry-after"));
}

async fn page_views_and_time_on_page_reach_the_seller(backend: Backend) {
    let app = spawn_app(backend).await;
    let (journey, other) = (app.demo_journey(0).await, app.demo_journey(1).await);
    let page = app.url(&format!("/t/{}", journey.token));
    for _ in 0..2 {
        assert_eq!(app.http.get(&page).send().await.unwrap().status(), 200);
    }
    let engagement = || async {
        let url = app.url(&format!("/api/v1/shipments/{}", journey.tracking_number));
        let body: serde_json::Value =
            app.http.get(url).bearer_auth(&app.demo_key).send().await.unwrap().json().await.unwrap();
        (body["engagement"]["page_views"].as_i64().unwrap(), body["engagement"]["seconds_on_page"].as_i64().unwrap())
    };
    assert_eq!(engagement().await, (2, 0));
    // The first view of a fresh database is view 1: its page reports 42 s, then a stale 10 s.
    let beacon = |token: &str, view: i64, body: &str| {
        app.http.post(app.url(&format!("/t/{token}/views/{view}"))).body(body.to_owned()).send()
    };
    assert_eq!(beacon(&journey.token, 1, "42").await.unwrap().status(), 204);
    assert_eq!(beacon(&journey.token, 1, "10").await.unwrap().status(), 204);
    assert_eq!(engagement().await, (2, 42), "time only grows");
    for bad in ["abc", "-1", "86401", ""] {
        let refused = beacon(&journey.token, 1, bad).await.unwrap();
        assert_eq!(refused.status(), 400, "{bad:?}");
        assert_eq!(refused.headers()["content-type"], "application/problem+json");
    }
    assert_eq!(beacon(&other.token, 1, "99").await.unwrap().status(), 404, "another journey's view");
    assert_eq!(beacon("not-a-token", 1, "5").await.unwrap().status(), 400);
    let not_a_view =
        app.http.post(app.url(&format!("/t/{}/views/first", journey.token))).body("5").send().await.unwrap();
    assert_eq!(not_a_view.status(), 400);
    assert_eq!(not_a_view.headers()["content-type"], "application/problem+json");
    assert_eq!(beacon(&journey.token, 1, &"9".repeat(100)).await.unwrap().status(), 413, "tiny bodies only");
    assert_eq!(engagement().await, (2, 42));

    // Retention folds old views into daily totals: the seller's numbers do not change, and a
    // folded view no longer takes time reports.
    let folded = app.storage.fold_page_views_before(chrono::Utc::now() + chrono::Duration::seconds(1)).await.unwrap();
    assert!(folded >= 2, "{folded}");
    assert_eq!(engagement().await, (2, 42));
    assert_eq!(beacon(&journey.token, 1, "50").await.unwrap().status(), 404);
    assert_eq!(app.http.get(&page).send().await.unwrap().status(), 200);
    assert_eq!(engagement().await, (3, 42), "new views still count on top");
}

async fn a_carrier_number_two_shops_use_opens_neither_shops_parcel(backend: Backend) {
    let app = spawn_app(backend).await;
    let stranger = server::api::auth::issue_key(app.storage.as_ref(), "globex", "Globex").await.unwrap();
    let create = |key: String| {
        let app = &app;
        async move {
            let response = app
                .http
                .post(app.url("/api/v1/shipments"))
                .bearer_auth(key)
                .json(&crate::support::fixtures::two_leg_shipment())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 201);
            response.json::<serde_json::Value>().await.unwrap()
        }
    };
    let ours = create(app.demo_key.clone()).await;
    let lookup =
        || app.http.post(app.url("/track")).form(&[("number", "YT2412345678901234"), ("postal_code", "90012")]).send();
    let location = |r: &reqwest::Response| r.headers()["location"].to_str().unwrap().to_owned();
    let storage = app.storage.clone();
    let opens = |path: &str| {
        let (storage, token) = (storage.clone(), app::domain::ShopperToken::parse(path.trim_start_matches("/t/")));
        async move { storage.shipment_by_token(&token.unwrap()).await.unwrap() }
    };
    let sent_to = location(&lookup().await.unwrap());
    assert_ne!(sent_to, ours["journey_path"], "a link of the lookup's own: the first is not stored");
    assert_eq!(opens(&sent_to).await, opens(ours["journey_path"].as_str().unwrap()).await, "one shop: its parcel");
    create(stranger).await;
    assert_eq!(location(&lookup().await.unwrap()), "/track?result=not-found", "two shops: neither");
}

/// Two lookups a minute per client, with `trusted_proxies` as given; each call claims to be
/// forwarded for `claimed`. Returns where each of four calls was sent.
async fn lookups_by_claimed_client(backend: Backend, trusted_proxies: &str, claimed: [&str; 4]) -> Vec<String> {
    let trusted = trusted_proxies.to_owned();
    let app = spawn_app_with(backend, move |s| {
        s.limits.lookups_per_minute = 2;
        s.server.trusted_proxies = trusted.try_into().unwrap();
    })
    .await;
    let mut answers = Vec::new();
    for client in claimed {
        let response = app
            .http
            .post(app.url("/track"))
            .header("x-forwarded-for", client)
            .form(&[("number", "TP0000000000X"), ("postal_code", "1")])
            .send()
            .await
            .unwrap();
        answers.push(response.headers()["location"].to_str().unwrap().to_owned());
    }
    answers
}

async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_lookup_budget(backend: Backend) {
    let answers = lookups_by_claimed_client(backend, "127.0.0.1", ["198.51.100.1"; 4]).await;
    assert_eq!(answers[1..3], ["/track?result=not-found", "/track?result=too-many"]);
    let answers = lookups_by_claimed_client(
        backend,
        "127.0.0.1",
        ["198.51.100.1", "198.51.100.1", "198.51.100.2", "198.51.100.2"],
    )
    .await;
    assert_eq!(answers, ["/track?result=not-found"; 4], "one shopper's tries never block another's");
}

async fn a_forwarded_for_header_from_an_untrusted_peer_is_ignored(backend: Backend) {
    let answers =
        lookups_by_claimed_client(backend, "", ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]).await;
    assert_eq!(answers[2..], ["/track?result=too-many"; 2], "a new address per try does not buy more tries");
}

/// The `'nonce-…'` of a Content-Security-Policy.
fn nonce_of(policy: &str) -> &str {
    policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the policy")
}

async fn every_page_runs_only_scripts_its_policy_allows(backend: Backend) {
    let app = spawn_app(backend).await;
    let journey = app.demo_journey(0).await;
    let mut nonces = std::collections::BTreeSet::new();
    for path in
        ["/".to_owned(), format!("/t/{}", journey.token), "/leaderboard".into(), "/track".into(), "/nowhere".into()]
    {
        let response = app.http.get(app.url(&path)).send().await.unwrap();
        let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        let script_src = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(!script_src.contains("unsafe-inline") && !script_src.contains("'unsafe-eval'"), "{path}: {policy}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let nonce = nonce_of(&policy).to_owned();
        assert!(nonce.len() >= 16, "{path}: a nonce of at least 96 bits");
        let html = response.text().await.unwrap();
        let scripts: Vec<&str> = html.split("<script").skip(1).map(|s| s.split('>').next().unwrap()).collect();
        assert!(!scripts.is_empty(), "{path} hydrates");
        for tag in scripts {
            assert!(tag.contains(" src=") || tag.contains(&format!("nonce=\"{nonce}\"")), "{path}: <script{tag}>");
        }
        nonces.insert(nonce);
    }
    assert_eq!(nonces.len(), 5, "a fresh nonce per response");
    let api = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(api.headers()["content-security-policy"], "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
}

on_both_backends!(
    a_carrier_number_two_shops_use_opens_neither_shops_parcel,
    every_page_runs_only_scripts_its_policy_allows,
    behind_a_trusted_proxy_each_forwarded_client_has_its_own_lookup_budget,
    a_forwarded_for_header_from_an_untrusted_peer_is_ignored,
    page_views_and_time_on_page_reach_the_seller,
    the_lookup_finds_a_parcel_by_number_and_postal_code_and_nothing_else,
    healthz_answers_ok,
    the_landing_page_links_every_demo_journey,
    a_journey_page_renders_the_shipment_and_its_progress,
    the_journey_page_speaks_the_shoppers_language,
    unknown_and_malformed_links_get_404_and_400_pages,
);
