//! The server-rendered pages and health check over real HTTP.

mod support;

use support::{spawn_app, Backend};

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

on_both_backends!(
    healthz_answers_ok,
    the_landing_page_links_every_demo_journey,
    a_journey_page_renders_the_shipment_and_its_progress,
    the_journey_page_speaks_the_shoppers_language,
    unknown_and_malformed_links_get_404_and_400_pages,
);
