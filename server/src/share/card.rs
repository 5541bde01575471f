//! The share card's SVG, 1200×630 (the size Open Graph and Twitter show large): the world's
//! land, the route as the arcs it flies or sails, the two cities, the parcel, the progress bar
//! and level, this journey's badges, distance, days and eco score, in the merchant's colour.
//! Pure: the same view and language give the same SVG, byte for byte (so its hash is the
//! cache key), and only the public [`ShareView`] goes in.

use super::fonts::{fit, text_width, Weight};
use app::domain::gamification::{Badge, TierProgress};
use app::domain::geo::great_circle_path;
use app::domain::GeoPoint;
use app::i18n::rewards::tier_name;
use app::i18n::share::{days_label, share_text, ShareText};
use app::i18n::template::fill;
use app::i18n::Locale;
use app::model::share::ShareView;
use app::rewards::journey::format_thousands;
use base64::{engine::general_purpose::STANDARD, Engine};
use std::fmt::Write;
use std::sync::OnceLock;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The map's part of the card; the panel with the words sits below it.
const MAP_HEIGHT: f64 = 440.0;
const FONTS: &str = "Noto Sans, Droid Sans Fallback";
const NIGHT: &str = "#0b1220";

/// The land as rings of (lon, lat), from `server/assets/world-outline.txt`
/// (`scripts/card-world-outline.mjs`).
fn land() -> &'static [Vec<(f64, f64)>] {
    static LAND: OnceLock<Vec<Vec<(f64, f64)>>> = OnceLock::new();
    LAND.get_or_init(|| {
        include_str!("../../assets/world-outline.txt")
            .lines()
            .map(|ring| {
                ring.split_whitespace()
                    .filter_map(|pair| {
                        let (lon, lat) = pair.split_once(',')?;
                        Some((lon.parse().ok()?, lat.parse().ok()?))
                    })
                    .collect()
            })
            .filter(|ring: &Vec<(f64, f64)>| ring.len() >= 3)
            .collect()
    })
}

fn badge_svg(badge: Badge) -> &'static str {
    match badge {
        Badge::Welcome => include_str!("../../../public/badges/welcome.svg"),
        Badge::FirstScan => include_str!("../../../public/badges/first_scan.svg"),
        Badge::CustomsCleared => include_str!("../../../public/badges/customs_cleared.svg"),
        Badge::BorderHopper => include_str!("../../../public/badges/border_hopper.svg"),
        Badge::LongHaul => include_str!("../../../public/badges/long_haul.svg"),
        Badge::OnTime => include_str!("../../../public/badges/on_time.svg"),
        Badge::Eco => include_str!("../../../public/badges/eco.svg"),
        Badge::Loyal => include_str!("../../../public/badges/loyal.svg"),
        Badge::Sharer => include_str!("../../../public/badges/sharer.svg"),
        Badge::Reviewer => include_str!("../../../public/badges/reviewer.svg"),
    }
}

/// Text for XML: a shop may be called `Tom & Jerry's <Store>`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The brand colour mixed with white: a line that shows on the night-blue card even when the
/// brand is dark navy.
fn lighten((r, g, b): (u8, u8, u8), white: f64) -> String {
    let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * white).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(r), mix(g), mix(b))
}

/// Equirectangular projection fitted around the route, at least a continent wide.
struct Projection {
    centre_lon: f64,
    centre_lat: f64,
    scale: f64,
}

impl Projection {
    fn around(path: &[(f64, f64)]) -> Projection {
        let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(lat, lon) in path {
            min_lon = min_lon.min(lon);
            max_lon = max_lon.max(lon);
            min_lat = min_lat.min(lat);
            max_lat = max_lat.max(lat);
        }
        if path.is_empty() {
            (min_lon, max_lon, min_lat, max_lat) = (-180.0, 180.0, -60.0, 80.0);
        }
        // Room around the route for the labels, and never closer in than about 70° × 26°.
        let span_lon = ((max_lon - min_lon) * 1.35).max(70.0);
        let span_lat = ((max_lat - min_lat) * 1.6).max(26.0);
        let scale = (f64::from(WIDTH) / span_lon).min(MAP_HEIGHT / span_lat);
        Projection {
            centre_lon: (min_lon + max_lon) / 2.0,
            // The route 40 px below the middle: the words over the top of the map need the room.
            centre_lat: ((min_lat + max_lat) / 2.0 + 40.0 / scale).clamp(-60.0, 75.0),
            scale,
        }
    }

    fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        let x = f64::from(WIDTH) / 2.0 + (lon - self.centre_lon) * self.scale;
        let y = MAP_HEIGHT / 2.0 - (lat - self.centre_lat) * self.scale;
        (x, y)
    }
}

fn path_data(points: impl IntoIterator<Item = (f64, f64)>, close: bool) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.into_iter().enumerate() {
        let _ = write!(d, "{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x, y);
    }
    if close {
        d.push('Z');
    }
    d
}

/// The card for this public view, its words in `locale`.
pub fn card_svg(view: &ShareView, locale: Locale) -> String {
    let text = |key| share_text(locale, key);
    let brand = view.brand_colour.rgb();
    let (brand_hex, line) = (view.brand_colour.as_str(), lighten(brand, 0.45));
    let progress = view.progress();
    let percent = progress.percent();

    // The route: every leg's waypoints, as great-circle arcs, longitudes unwrapped.
    let mut waypoints: Vec<GeoPoint> = Vec::new();
    for leg in &view.legs {
        for point in &leg.waypoints {
            if waypoints.last() != Some(point) {
                waypoints.push(*point);
            }
        }
    }
    if waypoints.len() < 2 {
        waypoints = vec![view.origin.point, view.destination.point];
    }
    let route = great_circle_path(&waypoints, 150.0);
    let projection = Projection::around(&route);
    let projected: Vec<(f64, f64)> = route.iter().map(|&(lat, lon)| projection.xy(lat, lon)).collect();
    // How far along the line the parcel is: the route point nearest its (city-level) position.
    let travelled = if view.is_delivered() {
        projected.len()
    } else {
        view.position.as_ref().map_or(0, |fix| {
            let (lat, lon) = (fix.point.lat(), fix.point.lon());
            route
                .iter()
                .enumerate()
                .min_by(|(_, a), (_, b)| {
                    let da = (a.0 - lat).powi(2) + (app::domain::geo::unwrap_longitude(a.1, lon) - a.1).powi(2);
                    let db = (b.0 - lat).powi(2) + (app::domain::geo::unwrap_longitude(b.1, lon) - b.1).powi(2);
                    da.total_cmp(&db)
                })
                .map_or(0, |(i, _)| i + 1)
        })
    };

    let mut svg = String::with_capacity(96 * 1024);
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONTS}">
<defs>
<linearGradient id="sky" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{brand_hex}" stop-opacity="0.85"/><stop offset="0.65" stop-color="{NIGHT}" stop-opacity="0"/></linearGradient>
<linearGradient id="veil" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{NIGHT}" stop-opacity="0.85"/><stop offset="1" stop-color="{NIGHT}" stop-opacity="0"/></linearGradient>
<clipPath id="map"><rect width="{WIDTH}" height="{MAP_HEIGHT}"/></clipPath>
</defs>
<rect width="{WIDTH}" height="{HEIGHT}" fill="{NIGHT}"/>
<rect width="{WIDTH}" height="{HEIGHT}" fill="url(#sky)"/>
<g clip-path="url(#map)">
"##
    );

    // Land, drawn a world to either side too so a route near the antimeridian has land under it.
    let visible = |points: &[(f64, f64)]| {
        points
            .iter()
            .any(|&(x, y)| (-50.0..f64::from(WIDTH) + 50.0).contains(&x) && (-50.0..MAP_HEIGHT + 50.0).contains(&y))
    };
    svg.push_str(
        r##"<path fill="#ffffff" fill-opacity="0.13" stroke="#ffffff" stroke-opacity="0.22" stroke-width="1" d=""##,
    );
    for ring in land() {
        for shift in [-360.0, 0.0, 360.0] {
            let points: Vec<(f64, f64)> = ring.iter().map(|&(lon, lat)| projection.xy(lat, lon + shift)).collect();
            if visible(&points) {
                svg.push_str(&path_data(points, true));
            }
        }
    }
    svg.push_str("\"/>\n");

    // The route ahead (dashed), the part travelled (solid, glowing), the cities, the parcel.
    let _ = writeln!(
        svg,
        r##"<path d="{}" fill="none" stroke="#ffffff" stroke-opacity="0.55" stroke-width="4" stroke-dasharray="10 10" stroke-linecap="round"/>"##,
        path_data(projected.iter().copied(), false)
    );
    if travelled >= 2 {
        let done = path_data(projected.iter().take(travelled).copied(), false);
        let _ = writeln!(
            svg,
            r#"<path d="{done}" fill="none" stroke="{line}" stroke-opacity="0.35" stroke-width="16" stroke-linecap="round" stroke-linejoin="round"/>
<path d="{done}" fill="none" stroke="{line}" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>"#
        );
    }
    let ends = [
        (projected.first().copied().unwrap_or_default(), &view.origin),
        (projected.last().copied().unwrap_or_default(), &view.destination),
    ];
    for ((x, y), place) in ends {
        let label = fit(&format!("{}, {}", place.city, place.country_code), 26.0, Weight::Bold, 420.0);
        // Centred on the dot, but never over the card's edge.
        let half = text_width(&label, 26.0, Weight::Bold) / 2.0 + 20.0;
        let label_x = x.clamp(half, (f64::from(WIDTH) - half).max(half));
        // Under the dot when the dot is near the top, where the title sits.
        let label_y = if y < 170.0 { y + 42.0 } else { y - 22.0 };
        let _ = writeln!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="11" fill="{NIGHT}" stroke="#ffffff" stroke-width="4"/>
<text x="{label_x:.1}" y="{label_y:.1}" text-anchor="middle" font-size="26" font-weight="700" fill="#ffffff" stroke="{NIGHT}" stroke-width="6" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
            escape(&label)
        );
    }
    let parcel =
        if view.is_delivered() { projected.last().copied() } else { projected.get(travelled.max(1) - 1).copied() };
    if let (Some((x, y)), true) = (parcel, travelled > 0) {
        let _ = writeln!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="26" fill="{line}" fill-opacity="0.3"/>
<circle cx="{x:.1}" cy="{y:.1}" r="13" fill="#ffffff"/>
<circle cx="{x:.1}" cy="{y:.1}" r="7" fill="{brand_hex}"/>"##
        );
    }
    svg.push_str("</g>\n");

    // Over the map's top: the wordmark, the shop, the status.
    let status = if view.is_delivered() { text(ShareText::Delivered) } else { text(ShareText::OnItsWay) };
    let chip_width = text_width(status, 24.0, Weight::Bold) + 44.0;
    let _ = writeln!(
        svg,
        r##"<rect width="{WIDTH}" height="150" fill="url(#veil)"/>
<text x="48" y="70" font-size="34" font-weight="700" fill="#ffffff">Trekpost</text>
<text x="48" y="106" font-size="22" fill="#e2e8f0">{shop}</text>
<rect x="{chip_x:.1}" y="38" width="{chip_width:.1}" height="46" rx="23" fill="{line}"/>
<text x="{chip_mid:.1}" y="69" text-anchor="middle" font-size="24" font-weight="700" fill="{NIGHT}">{status}</text>"##,
        shop =
            escape(&fit(&fill(text(ShareText::ShippedBy), &[("shop", &view.shop_name)]), 22.0, Weight::Regular, 760.0)),
        chip_x = f64::from(WIDTH) - 48.0 - chip_width,
        chip_mid = f64::from(WIDTH) - 48.0 - chip_width / 2.0,
        status = escape(status),
    );

    // The panel: the route in words, the progress bar and level; badges, distance, days, eco.
    let tier = TierProgress::new(progress).current().map_or_else(
        || text(ShareText::LevelNone).to_owned(),
        |tier| fill(text(ShareText::LevelNow), &[("tier", tier_name(locale, tier))]),
    );
    let bar = 620.0 * f64::from(percent) / 100.0;
    // The title's cities with a drawn arrow between them (the fonts have no arrow glyph).
    let from = fit(&view.origin.city, 42.0, Weight::Bold, 280.0);
    let from_width = text_width(&from, 42.0, Weight::Bold);
    // The destination takes what the origin left of the 620 px beside the badges.
    let to = fit(&view.destination.city, 42.0, Weight::Bold, (620.0 - from_width - 74.0).max(160.0));
    let _ = writeln!(
        svg,
        r##"<rect y="{MAP_HEIGHT}" width="{WIDTH}" height="{panel}" fill="{NIGHT}" fill-opacity="0.94"/>
<rect y="{MAP_HEIGHT}" width="{WIDTH}" height="5" fill="{line}"/>
<text x="48" y="506" font-size="42" font-weight="700" fill="#ffffff">{from}</text>
<path d="M{arrow_start:.1} 492 h40 m-14 -13 l14 13 l-14 13" fill="none" stroke="{line}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>
<text x="{to_x:.1}" y="506" font-size="42" font-weight="700" fill="#ffffff">{to}</text>
<rect x="48" y="530" width="620" height="22" rx="11" fill="#ffffff" fill-opacity="0.16"/>
<rect x="48" y="530" width="{bar:.1}" height="22" rx="11" fill="{line}"/>
<text x="48" y="596" font-size="24" fill="#e2e8f0">{progress_words}</text>"##,
        panel = f64::from(HEIGHT) - MAP_HEIGHT,
        from = escape(&from),
        to = escape(&to),
        arrow_start = 48.0 + from_width + 16.0,
        to_x = 48.0 + from_width + 16.0 + 40.0 + 18.0,
        progress_words = escape(&format!(
            "{} · {tier}",
            fill(text(ShareText::PercentOfTheWay), &[("percent", &percent.to_string())])
        )),
    );
    for (i, badge) in view.badges.iter().take(6).enumerate() {
        let x = 712.0 + 68.0 * i as f64;
        let _ = writeln!(
            svg,
            r#"<image x="{x:.1}" y="466" width="60" height="60" href="data:image/svg+xml;base64,{}"/>"#,
            STANDARD.encode(badge_svg(*badge))
        );
    }
    let facts = format!(
        "{} · {}",
        fill(text(ShareText::Kilometres), &[("km", &format_thousands(i64::from(view.distance_km)))]),
        days_label(locale, view.days)
    );
    let _ = writeln!(
        svg,
        r##"<text x="712" y="572" font-size="28" font-weight="700" fill="#ffffff">{}</text>"##,
        escape(&facts)
    );
    if let Some(grade) = view.eco_grade() {
        let _ = writeln!(
            svg,
            r##"<text x="1104" y="572" text-anchor="end" font-size="20" fill="#cbd5e1">{label}</text>
<circle cx="1130" cy="564" r="22" fill="{colour}"/>
<text x="1130" y="573" text-anchor="middle" font-size="26" font-weight="700" fill="#ffffff">{letter}</text>"##,
            label = escape(text(ShareText::EcoScore)),
            colour = grade.colour(),
            letter = grade.letter(),
        );
    }
    let _ = writeln!(
        svg,
        r##"<text x="1152" y="608" text-anchor="end" font-size="18" fill="#94a3b8">{}</text>
</svg>"##,
        escape(text(ShareText::CardTagline))
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("Tom & Jerry's <Store>"), "Tom &amp; Jerry&apos;s &lt;Store&gt;");
    }

    #[test]
    fn dark_brands_are_lightened_for_lines_on_the_night_card() {
        assert_eq!(lighten((0, 0, 0), 0.5), "#808080");
        assert_eq!(lighten((0x1e, 0x3a, 0x8a), 0.0), "#1e3a8a");
    }

    #[test]
    fn the_land_outline_loads() {
        assert!(land().len() > 100, "{} rings", land().len());
    }
}
