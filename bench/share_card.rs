//! The share card's cost (bench/README.md): building the SVG, drawing it to PNG with resvg, and
//! serving it from the cache, for an air journey and a sea journey in English and Chinese.
//!
//!   cargo bench -p server --bench share_card -- [--cards N]

use app::domain::gamification::{journey_co2_grams, Badge};
use app::domain::shipment::TransportMode;
use app::domain::{GeoPoint, Milestone, ShipmentStatus};
use app::i18n::Locale;
use app::model::journey::{MilestoneReached, Place, PositionFix, RouteLeg};
use app::model::share::{BrandColour, ShareView};
use server::share::card::card_svg;
use server::share::render::{render_png, CardCache};
use std::time::{Duration, Instant};

fn point(lat: f64, lon: f64) -> GeoPoint {
    GeoPoint::new(lat, lon).expect("a valid point")
}

fn place(city: &str, country: &str, at: GeoPoint) -> Place {
    Place { city: city.into(), country_code: country.into(), point: at }
}

/// A journey part of the way along `waypoints`, with five milestones and badges.
fn view(mode: TransportMode, from: Place, to: Place, waypoints: Vec<GeoPoint>) -> ShareView {
    let footprint = journey_co2_grams([(mode, &waypoints[..])], 1.0);
    let now = chrono::Utc::now();
    let milestones = Milestone::ALL[..5]
        .iter()
        .enumerate()
        .map(|(i, &milestone)| MilestoneReached { milestone, reached_at: now - chrono::Duration::days(5 - i as i64) })
        .collect();
    let middle = waypoints[waypoints.len() / 2];
    ShareView {
        shop_name: "Trekpost Demo Shop".into(),
        brand_colour: BrandColour::parse("#0f766e").expect("a colour"),
        origin: from,
        destination: to,
        legs: vec![RouteLeg { carrier: "c".into(), carrier_name: "Carrier".into(), mode, waypoints, handoff: None }],
        milestones,
        status: ShipmentStatus::InTransit,
        position: Some(PositionFix { id: 1, point: middle, recorded_at: now }),
        badges: vec![Badge::Welcome, Badge::FirstScan, Badge::Eco, Badge::Sharer],
        distance_km: footprint.km.round() as u32,
        days: 5,
        footprint: Some(footprint),
    }
}

fn percentiles(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0;
    format!("p50 {:7.2} ms  p95 {:7.2} ms  p99 {:7.2} ms  max {:7.2} ms", at(0.5), at(0.95), at(0.99), at(1.0))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cards: usize = args
        .iter()
        .position(|a| a == "--cards")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let (shanghai, frankfurt) = (point(31.14, 121.81), point(50.04, 8.56));
    let (ningbo, hamburg) = (point(29.9, 121.9), point(53.5, 9.9));
    let journeys = [
        (
            "air Shanghai → Frankfurt",
            view(
                TransportMode::Air,
                place("Shanghai", "CN", shanghai),
                place("Frankfurt", "DE", frankfurt),
                vec![shanghai, frankfurt],
            ),
        ),
        (
            "sea Ningbo → Hamburg via Suez",
            view(
                TransportMode::Ocean,
                place("Ningbo", "CN", ningbo),
                place("Hamburg", "DE", hamburg),
                vec![ningbo, point(1.25, 104.1), point(12.6, 43.3), point(31.3, 32.3), point(36.0, -5.6), hamburg],
            ),
        ),
    ];
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    println!("share card, {cards} cards per row (1200×630, release build)");
    for (name, journey) in &journeys {
        for locale in [Locale::En, Locale::ZhHans] {
            let (mut svg_times, mut png_times, mut cached_times) = (Vec::new(), Vec::new(), Vec::new());
            let cache = CardCache::new(16);
            let mut bytes = 0;
            for _ in 0..cards {
                let start = Instant::now();
                let svg = card_svg(journey, locale);
                svg_times.push(start.elapsed());
                let start = Instant::now();
                bytes = render_png(&svg).expect("the card draws").len();
                png_times.push(start.elapsed());
                let start = Instant::now();
                runtime.block_on(cache.card("slug", svg)).expect("a card");
                cached_times.push(start.elapsed());
            }
            println!("{name}, {}: PNG {} KiB", locale.tag(), bytes / 1024);
            println!("  SVG template        {}", percentiles(svg_times));
            println!("  draw + encode PNG   {}", percentiles(png_times));
            println!("  served from cache   {} (the first one drawn)", percentiles(cached_times));
        }
    }
}
