//! The shoppers' feedback and engagement on the performance tests' hand-made set, on both
//! databases: ratings per week of delivery and per lane and carrier, the comments of ratings and
//! problem reports newest first, and their themes; page views, returns, time in view and shares.

use crate::performance::{hand_made_set, scope};
use crate::support::Backend;
use app::domain::feedback::{theme_shares, CommentSource, CommentTheme};
use app::domain::wismo::{Channel, DeliveryRating, DisputeReason, RatingTag, Stars};
use app::model::share::ShareLink;
use chrono::{Duration, Utc};
use server::storage::{MeasureScope, NewDispute};

fn stars(n: u8) -> Stars {
    Stars::try_from(n).unwrap()
}

async fn ratings_and_comments_are_counted_per_week_lane_and_theme(backend: Backend) {
    let set = hand_made_set(backend).await;
    let [a, b, c, _] = set.shipments;
    let h = |hours: i64| set.week.starts_at() + Duration::hours(hours);
    let rate = |delivery: u8, tracking: u8, comment: &str| {
        DeliveryRating::new(stars(delivery), stars(tracking), vec![RatingTag::MissingUpdates], Some(comment.to_owned()))
    };
    assert!(set.storage.rate_delivery(a, &rate(5, 4, "Great tracking, thanks!"), "en", h(140)).await.unwrap());
    assert!(set
        .storage
        .rate_delivery(b, &rate(2, 1, "Retenido en aduana, sin noticias."), "es", h(140))
        .await
        .unwrap());
    let dispute = NewDispute {
        merchant: set.merchant,
        shipment: Some(b),
        order_ref: None,
        channel: Channel::JourneyPage,
        reason: DisputeReason::NotReceived,
        comment: Some("Nothing at my door".into()),
        at: h(150),
        external_id: None,
    };
    assert!(set.storage.file_dispute(&dispute).await.unwrap().is_some());
    // C was never delivered: a rating of it has no delivery week to count in.
    let _ = c;

    let weeks = set.storage.rating_weeks(&scope(&set)).await.unwrap();
    assert_eq!(weeks.len(), 1);
    assert_eq!((weeks[0].ratings, weeks[0].delivery_mean(), weeks[0].tracking_mean()), (2, Some(3.5), Some(2.5)));

    let lanes = set.storage.ratings_by_lane(&scope(&set)).await.unwrap();
    assert_eq!(lanes.len(), 1);
    assert_eq!((lanes[0].lane.to_string(), lanes[0].carrier.as_str()), ("CN-US".to_owned(), "yunexpress"));
    assert_eq!((lanes[0].ratings, lanes[0].tracked, lanes[0].tracking_low), (2, 2, 1));

    let comments = set.storage.comments(&scope(&set), 10).await.unwrap();
    let read: Vec<(&str, CommentSource)> = comments.iter().map(|c| (c.text.as_str(), c.source)).collect();
    assert_eq!(
        read,
        [
            ("Nothing at my door", CommentSource::Dispute),
            ("Retenido en aduana, sin noticias.", CommentSource::Rating { stars: 2, tracking_stars: Some(1) }),
            ("Great tracking, thanks!", CommentSource::Rating { stars: 5, tracking_stars: Some(4) }),
        ],
        "newest first: the dispute, then B's and A's ratings by delivery"
    );
    assert_eq!(comments[1].locale.as_deref(), Some("es"));
    assert_eq!(set.storage.comments(&scope(&set), 1).await.unwrap().len(), 1, "at most the limit");

    let themes = theme_shares(&comments, set.week);
    let tagged = |theme| themes.iter().find(|t| t.theme == theme).unwrap().tagged;
    assert_eq!(
        [CommentTheme::Customs, CommentTheme::Silence, CommentTheme::Praise, CommentTheme::Missing, CommentTheme::Late]
            .map(tagged),
        [1, 1, 1, 1, 0]
    );

    // Another merchant, or another carrier, reads none of it.
    let other = set.storage.ensure_merchant("globex", "Globex").await.unwrap();
    assert!(set.storage.comments(&MeasureScope { merchant: other, ..scope(&set) }, 10).await.unwrap().is_empty());
    let cainiao = MeasureScope { carrier: Some("cainiao".into()), ..scope(&set) };
    assert!(set.storage.comments(&cainiao, 10).await.unwrap().is_empty());
    assert!(set.storage.ratings_by_lane(&cainiao).await.unwrap().is_empty());
}

async fn page_views_returns_time_in_view_and_shares_are_counted_per_order(backend: Backend) {
    let set = hand_made_set(backend).await;
    let [a, b, ..] = set.shipments;
    // A's page opened three times (in view 12 s, 40 s, never reported), B's once (7 s).
    for (token, seconds) in [(0, Some(12)), (0, Some(40)), (0, None), (1, Some(7))] {
        let view = set.storage.record_view(&set.tokens[token]).await.unwrap().unwrap();
        if let Some(seconds) = seconds {
            assert!(set.storage.record_time_on_page(&set.tokens[token], view, seconds).await.unwrap());
        }
    }
    let link = ShareLink { slug: server::ids::new_share_slug(), created_at: Utc::now(), expires_at: None };
    set.storage.create_share_link(a, &link, "en").await.unwrap();
    for _ in 0..5 {
        set.storage.count_share_view(&link.slug).await.unwrap();
    }
    let rating = DeliveryRating::new(stars(4), stars(4), vec![], None);
    assert!(set.storage.rate_delivery(b, &rating, "en", Utc::now()).await.unwrap());

    let e = set.storage.engagement(&scope(&set)).await.unwrap();
    assert_eq!(e.orders, 4);
    assert_eq!((e.viewed(), e.returned(), e.views()), (2, 1, 4), "A came back, B did not, C and D never looked");
    assert_eq!(e.median_seconds(), Some(10), "12 s is the median of 7, 12 and 40 s (5-second buckets)");
    assert_eq!((e.shared, e.share_views, e.rated), (1, 5, 1));
    assert_eq!((e.shoppers, e.opted_in, e.on_mission), (4, 0, 0));

    let other = set.storage.ensure_merchant("globex", "Globex").await.unwrap();
    let theirs = set.storage.engagement(&MeasureScope { merchant: other, ..scope(&set) }).await.unwrap();
    assert_eq!((theirs.orders, theirs.views(), theirs.shared), (0, 0, 0));
}

on_both_backends!(
    ratings_and_comments_are_counted_per_week_lane_and_theme,
    page_views_returns_time_in_view_and_shares_are_counted_per_order,
);
