//! A merchant's API keys over HTTP: listed without their secrets, issued, rotated and revoked,
//! a revoked key refused at once, and no merchant able to see or touch another's keys.

use crate::support::{spawn_app, Backend};
use serde_json::Value;
use server::api::auth::issue_key;

fn prefix_of(key: &str) -> String {
    key.split('_').nth(1).unwrap().to_owned()
}

async fn keys_are_listed_issued_rotated_and_revoked_and_a_revoked_key_is_refused_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let call = |method: reqwest::Method, path: &str, key: &str| {
        app.http.request(method, app.url(&format!("/api/v1{path}"))).bearer_auth(key).send()
    };
    let list = |key: String| async move {
        let response = call(reqwest::Method::GET, "/api-keys", &key).await.unwrap();
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.unwrap()["api_keys"].as_array().unwrap().clone()
    };
    let demo = app.demo_key.clone();
    let listed = list(demo.clone()).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["prefix"], prefix_of(&demo));
    assert!(listed[0]["last_used_at"].is_string(), "the request that listed it used it");
    assert!(listed[0].get("key_hash").is_none() && !listed.iter().any(|k| k.to_string().contains(&demo)));

    let issued = call(reqwest::Method::POST, "/api-keys", &demo).await.unwrap();
    assert_eq!(issued.status(), 201);
    let second = issued.json::<Value>().await.unwrap()["key"].as_str().unwrap().to_owned();
    assert_eq!(list(second.clone()).await.len(), 2, "the new key works");

    let rotated =
        call(reqwest::Method::POST, &format!("/api-keys/{}/rotate", prefix_of(&second)), &demo).await.unwrap();
    assert_eq!(rotated.status(), 201);
    let third = rotated.json::<Value>().await.unwrap()["key"].as_str().unwrap().to_owned();
    assert_eq!(call(reqwest::Method::GET, "/api-keys", &second).await.unwrap().status(), 401, "rotated out");
    let listed = list(third.clone()).await;
    assert_eq!(listed.len(), 3);
    assert_eq!(listed.iter().filter(|k| k["revoked_at"].is_string()).count(), 1);

    let revoked = call(reqwest::Method::DELETE, &format!("/api-keys/{}", prefix_of(&demo)), &third).await.unwrap();
    assert_eq!(revoked.status(), 204);
    assert_eq!(call(reqwest::Method::GET, "/api-keys", &demo).await.unwrap().status(), 401, "revoked at once");
    let again = call(reqwest::Method::DELETE, &format!("/api-keys/{}", prefix_of(&demo)), &third).await.unwrap();
    assert_eq!(again.status(), 404);
    assert_eq!(again.headers()["content-type"], "application/problem+json");

    // Another shop neither sees nor touches these keys.
    let other = issue_key(app.storage.as_ref(), "other-shop", "Other Shop").await.unwrap();
    assert_eq!(list(other.clone()).await.len(), 1);
    let foreign = call(reqwest::Method::DELETE, &format!("/api-keys/{}", prefix_of(&third)), &other).await.unwrap();
    assert_eq!(foreign.status(), 404);
    let foreign =
        call(reqwest::Method::POST, &format!("/api-keys/{}/rotate", prefix_of(&third)), &other).await.unwrap();
    assert_eq!(foreign.status(), 404);
    assert_eq!(list(third).await.len(), 3, "still working, still three");
}

on_both_backends!(keys_are_listed_issued_rotated_and_revoked_and_a_revoked_key_is_refused_at_once);
