//! The journey map: Leaflet (through leaflet-rs) in the browser, an empty labelled box on the
//! server. Base layer: the bundled world outline, or tiles when a tile server is configured.

use super::TileSource;
use crate::domain::shipment::TransportMode;
use crate::domain::GeoPoint;
use crate::i18n::journey::{journey_text, mode_label, JourneyText as J};
use crate::i18n::template::fill;
use crate::i18n::{use_locale, use_text, Text};
use crate::model::journey::{PositionFix, RouteLeg};
use leptos::prelude::*;

/// How a mode's line looks: colour, dashes (none: solid). The legend shows the same.
fn mode_style(mode: TransportMode) -> (&'static str, Option<&'static str>) {
    match mode {
        TransportMode::Air => ("#2563eb", Some("8 6")),
        TransportMode::Ocean => ("#0f766e", Some("2 6")),
        TransportMode::Road | TransportMode::Rail => ("#475569", None),
        TransportMode::Courier => ("#c2410c", Some("1 5")),
    }
}

#[component]
pub fn JourneyMap(
    /// The carriers' legs in journey order.
    legs: Vec<RouteLeg>,
    position: RwSignal<Option<PositionFix>>,
    follow: RwSignal<bool>,
    tiles: Option<TileSource>,
    /// Where the courier's device was at delivery, once delivered with a geo pin.
    delivered_at: Signal<Option<GeoPoint>>,
) -> impl IntoView {
    let t = use_text();
    let container = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    browser::attach(container, legs, position, follow, tiles, delivered_at);
    #[cfg(not(feature = "hydrate"))]
    let _ = (legs, position, follow, tiles, delivered_at);

    view! { <div class="map" node_ref=container role="region" aria-label=t(Text::MapLabel) data-testid="map"></div> }
}

/// The legs in words beside the map: mode, carrier, where each hands over (with the line's look).
#[component]
pub fn RouteLegend(legs: Vec<RouteLeg>) -> impl IntoView {
    let locale = use_locale();
    let items = legs
        .into_iter()
        .filter(|leg| !leg.carrier_name.is_empty())
        .map(|leg| {
            let (colour, dashes) = mode_style(leg.mode);
            let swatch = format!("border-top: 3px {} {colour}", if dashes.is_some() { "dashed" } else { "solid" });
            let label = fill(
                journey_text(locale, J::LegWith),
                &[("mode", mode_label(locale, leg.mode)), ("carrier", &leg.carrier_name)],
            );
            let handover = leg.handoff.map(|h| fill(journey_text(locale, J::HandedOverIn), &[("city", &h.city)]));
            view! {
                <li data-mode=leg.mode.code()>
                    <span class="swatch" style=swatch aria-hidden="true"></span>
                    <span class="leg-label">{label}</span>
                    {handover.map(|h| view! { <span class="handover">" · "{h}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="route-legend">
            <h2 class="sr-only">{journey_text(locale, J::RouteLegend)}</h2>
            <ol data-testid="route-legend">{items}</ol>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use crate::domain::geo::great_circle_path;
    use crate::domain::geo::unwrap_longitude;
    use gloo_timers::future::TimeoutFuture;
    use js_sys::{Array, Object, Reflect};
    use leaflet::{
        CircleMarker, DivIconOptions, LatLng, LatLngBounds, Map, MapOptions, Marker, MarkerOptions, Point, Polyline,
        PolylineOptions, TileLayer, TileLayerOptions,
    };
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::{prelude::*, JsCast};
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen]
    extern "C" {
        // leaflet-rs keeps its binding of L.geoJSON private.
        #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
        fn geo_json(data: &JsValue, options: &JsValue) -> leaflet::Layer;

        // leaflet-rs 0.5's DivIcon constructs an L.Icon (which demands an image URL).
        #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
        fn div_icon(options: &DivIconOptions) -> leaflet::Icon;
    }

    const WORLD_OUTLINE_URL: &str = "/geo/world.geojson";
    /// Spacing of the route's drawn points: smooth arcs at any zoom a parcel route needs.
    const ROUTE_STEP_KM: f64 = 150.0;
    const ROUTE_COLOUR: &str = "#2563eb";
    const GLIDE_STEPS: u32 = 30;
    /// How long to wait for the container to get a size (in 16 ms frames).
    const LAYOUT_WAIT_FRAMES: u32 = 300;
    const GLIDE_STEP_MS: u32 = 25;

    /// The live Leaflet objects of one mounted map.
    struct MapHandles {
        map: Map,
        marker: Marker,
        /// Longitudes are unwrapped around the origin so that routes crossing the antimeridian
        /// stay on one copy of the world.
        reference_lon: f64,
        /// Bumped on every move so an older glide stops when a newer fix arrives.
        glide: Rc<Cell<u32>>,
    }

    impl MapHandles {
        fn lat_lng(&self, point: GeoPoint) -> LatLng {
            LatLng::new(point.lat(), unwrap_longitude(self.reference_lon, point.lon()))
        }

        fn pin_delivery(&self, point: GeoPoint, label: &str) {
            let Ok(options) = element_marker_options("delivery-pin", "pin", "✓", 26.0) else { return };
            options.set_title(label.into());
            Marker::new_with_options(&self.lat_lng(point), &options).add_to(&self.map);
        }

        fn move_marker(&self, point: GeoPoint, follow: bool) {
            let target = self.lat_lng(point);
            if follow {
                self.map.pan_to(&target);
            }
            let start = self.marker.get_lat_lng();
            let generation = self.glide.get().wrapping_add(1);
            self.glide.set(generation);
            if prefers_reduced_motion() {
                self.marker.set_lat_lng(&target);
                return;
            }
            let (marker, glide) = (self.marker.clone(), self.glide.clone());
            let (from, to) = ((start.lat(), start.lng()), (target.lat(), target.lng()));
            leptos::task::spawn_local(async move {
                for step in 1..=GLIDE_STEPS {
                    if glide.get() != generation {
                        return;
                    }
                    let f = ease_out(step as f64 / GLIDE_STEPS as f64);
                    marker.set_lat_lng(&LatLng::new(from.0 + (to.0 - from.0) * f, from.1 + (to.1 - from.1) * f));
                    TimeoutFuture::new(GLIDE_STEP_MS).await;
                }
            });
        }
    }

    pub fn attach(
        container: NodeRef<leptos::html::Div>,
        legs: Vec<RouteLeg>,
        position: RwSignal<Option<PositionFix>>,
        follow: RwSignal<bool>,
        tiles: Option<TileSource>,
        delivered_at: Signal<Option<GeoPoint>>,
    ) {
        let pin_label = journey_text(use_locale(), J::DeliveryPin);
        let handles = StoredValue::new_local(None::<MapHandles>);
        Effect::new(move |_| {
            let Some(element) = container.get() else { return };
            let (tiles, legs) = (tiles.clone(), legs.clone());
            leptos::task::spawn_local(async move {
                // After a client-side navigation the container may not be laid out yet, and
                // Leaflet fitted to a 0×0 box zooms in all the way.
                for _ in 0..LAYOUT_WAIT_FRAMES {
                    if element.client_width() > 0 {
                        break;
                    }
                    TimeoutFuture::new(16).await;
                }
                if handles.try_with_value(Option::is_some) != Some(false) {
                    return;
                }
                match build(&element, &legs, position.get_untracked(), tiles.as_ref()) {
                    Ok(built) => {
                        // Delivered before the map was ready: pin it now (later ones come live).
                        if let Some(point) = delivered_at.get_untracked() {
                            built.pin_delivery(point, pin_label);
                        }
                        handles.set_value(Some(built));
                    }
                    Err(error) => leptos::logging::error!("the map could not start: {error:?}"),
                }
            });
        });
        Effect::new(move |previous_id: Option<Option<i64>>| {
            let fix = position.get();
            let follow = follow.get();
            let id = fix.as_ref().map(|f| f.id);
            handles.with_value(|h| {
                let (Some(h), Some(fix)) = (h, &fix) else { return };
                // A new fix glides the marker; toggling follow only recentres.
                if previous_id.is_some_and(|previous| previous != id) {
                    h.move_marker(fix.point, follow);
                } else if follow {
                    h.map.pan_to(&h.lat_lng(fix.point));
                }
            });
            id
        });
        // A delivery that arrives live pins itself; one known at render is pinned by `build`.
        Effect::new(move |previous: Option<Option<GeoPoint>>| {
            let point = delivered_at.get();
            if let (Some(None), Some(point)) = (previous, point) {
                handles.with_value(|h| {
                    if let Some(h) = h {
                        h.pin_delivery(point, pin_label);
                    }
                });
            }
            point
        });
        // Leaving the page: release Leaflet's listeners and layers (a pending glide sees the
        // generation change and stops).
        on_cleanup(move || {
            handles.try_update_value(|h| {
                if let Some(h) = h.take() {
                    h.glide.set(h.glide.get().wrapping_add(1));
                    h.map.remove();
                }
            });
        });
    }

    fn build(
        element: &web_sys::HtmlDivElement,
        legs: &[RouteLeg],
        fix: Option<PositionFix>,
        tiles: Option<&TileSource>,
    ) -> Result<MapHandles, JsValue> {
        let options = MapOptions::new();
        options.set_prefer_canvas(true);
        options.set_world_copy_jump(false);
        options.set_min_zoom(1.0);
        let map = Map::new_with_element(element, &options)?;

        match tiles {
            Some(tiles) => {
                let layer_options = TileLayerOptions::new();
                Reflect::set(&layer_options, &"attribution".into(), &tiles.attribution.as_str().into())?;
                TileLayer::new_options(&tiles.url_template, &layer_options).add_to(&map);
            }
            None => load_world_outline(map.clone()),
        }

        let origin = legs.first().and_then(|leg| leg.waypoints.first().copied()).ok_or("a route without legs")?;
        let reference_lon = origin.lon();
        let all_points = Array::new();
        let mut previous_lon = reference_lon;
        for leg in legs {
            // Each leg continues the unwrapped longitudes of the one before, so the route
            // stays one line across the antimeridian.
            let mut path = great_circle_path(&leg.waypoints, ROUTE_STEP_KM);
            if let Some(&(_, first_lon)) = path.first() {
                let shift = unwrap_longitude(previous_lon, first_lon) - first_lon;
                path.iter_mut().for_each(|p| p.1 += shift);
            }
            previous_lon = path.last().map_or(previous_lon, |p| p.1);
            let line_points: Array = path.iter().map(|&(lat, lon)| JsValue::from(LatLng::new(lat, lon))).collect();
            let (colour, dashes) = mode_style(leg.mode);
            let line_options = PolylineOptions::new();
            line_options.set_color(colour.into());
            line_options.set_weight(3.0);
            if let Some(dashes) = dashes {
                line_options.set_dash_array(dashes.into());
            }
            let line = Polyline::new_with_options(&line_points, &line_options);
            line.add_to(&map);
            label_leg(&line, leg, &path)?;
            for point in line_points.iter() {
                all_points.push(&point);
            }
        }

        let last = legs.last().and_then(|leg| leg.waypoints.last().copied()).unwrap_or(origin);
        let handoffs = legs.iter().filter_map(|leg| leg.handoff.as_ref()).map(|h| (h.point, "route-stop handoff"));
        let ends = [(origin, "route-end origin"), (last, "route-end destination")];
        for (point, class) in handoffs.chain(ends) {
            let at = LatLng::new(point.lat(), unwrap_longitude(reference_lon, point.lon()));
            CircleMarker::new_with_options(&at, &circle_options(class)?).add_to(&map);
        }

        let start = fix.map_or(origin, |f| f.point);
        let marker_options = element_marker_options("parcel-marker", "parcel-dot", "", 28.0)?;
        let marker = Marker::new_with_options(
            &LatLng::new(start.lat(), unwrap_longitude(reference_lon, start.lon())),
            &marker_options,
        );
        marker.add_to(&map);

        let bounds = LatLngBounds::new_from_list(&all_points);
        let padding = Object::new();
        Reflect::set(&padding, &"padding".into(), &Array::of2(&24.into(), &24.into()))?;
        map.fit_bounds_with_options(&bounds, &padding);

        Ok(MapHandles { map, marker, reference_lon, glide: Rc::new(Cell::new(0)) })
    }

    /// Long legs carry their carrier's name on the line; short ones (a truck to the airport)
    /// would only clutter it, and the legend names every leg anyway.
    fn label_leg(line: &Polyline, leg: &RouteLeg, path: &[(f64, f64)]) -> Result<(), JsValue> {
        const LABELLED_FROM_KM: f64 = 800.0;
        let (Some(first), Some(last)) = (leg.waypoints.first(), leg.waypoints.last()) else { return Ok(()) };
        if leg.carrier_name.is_empty() || first.distance_km(last) < LABELLED_FROM_KM {
            return Ok(());
        }
        let middle = path[path.len() / 2];
        let options = Object::new();
        Reflect::set(&options, &"permanent".into(), &true.into())?;
        Reflect::set(&options, &"direction".into(), &"top".into())?;
        Reflect::set(&options, &"className".into(), &format!("leg-label mode-{}", leg.mode.code()).into())?;
        let line: &JsValue = line.as_ref();
        let bind: js_sys::Function = Reflect::get(line, &"bindTooltip".into())?.dyn_into()?;
        // Leaflet parses a string as HTML: the carrier's name (seller or aggregator data) goes in
        // as a text node.
        bind.call2(line, text_element("span", "", &leg.carrier_name)?.as_ref(), &options)?;
        // Place the label mid-leg rather than at Leaflet's default (the bounds' centre).
        let open: js_sys::Function = Reflect::get(line, &"openTooltip".into())?.dyn_into()?;
        open.call1(line, &JsValue::from(LatLng::new(middle.0, middle.1)))?;
        Ok(())
    }

    /// A marker drawn by CSS (`class`, holding a `<span class=inner_class>` with `text`), `size`
    /// px square, not a tab stop (the page's text says what it shows).
    fn element_marker_options(class: &str, inner_class: &str, text: &str, size: f64) -> Result<MarkerOptions, JsValue> {
        let icon_options = DivIconOptions::new();
        icon_options.set_class_name(class.into());
        // An element, not an HTML string: Leaflet appends it as it is.
        Reflect::set(icon_options.as_ref(), &"html".into(), text_element("span", inner_class, text)?.as_ref())?;
        icon_options.set_icon_size(Point::new(size, size));
        let options = MarkerOptions::new();
        options.set_icon(div_icon(&icon_options));
        options.set_keyboard(false);
        Ok(options)
    }

    /// A `<tag class=class>` holding `text` as text, never parsed as HTML: what the map shows
    /// of data (carrier names) is built this way.
    fn text_element(tag: &str, class: &str, text: &str) -> Result<web_sys::Element, JsValue> {
        let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
        let element = document.create_element(tag)?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        element.set_text_content(Some(text));
        Ok(element)
    }

    fn circle_options(class: &str) -> Result<JsValue, JsValue> {
        let options = Object::new();
        let radius = if class.starts_with("route-stop") { 4 } else { 6 };
        Reflect::set(&options, &"radius".into(), &radius.into())?;
        Reflect::set(&options, &"color".into(), &ROUTE_COLOUR.into())?;
        Reflect::set(&options, &"fillColor".into(), &"#ffffff".into())?;
        Reflect::set(&options, &"fillOpacity".into(), &1.into())?;
        Reflect::set(&options, &"weight".into(), &3.into())?;
        Reflect::set(&options, &"className".into(), &class.into())?;
        Ok(options.into())
    }

    /// Fetches the bundled world outline and draws it three times (one world either side), so
    /// that a route unwrapped past ±180° still has land under it.
    fn load_world_outline(map: Map) {
        leptos::task::spawn_local(async move {
            let data = match fetch_json(WORLD_OUTLINE_URL).await {
                Ok(data) => data,
                Err(error) => {
                    leptos::logging::error!("world outline unavailable: {error:?}");
                    return;
                }
            };
            for shift in [-360.0, 0.0, 360.0] {
                let options = Object::new();
                let style = Object::new();
                let _ = Reflect::set(&style, &"color".into(), &"#94a3b8".into());
                let _ = Reflect::set(&style, &"weight".into(), &0.6.into());
                let _ = Reflect::set(&style, &"fillColor".into(), &"#e2e8f0".into());
                let _ = Reflect::set(&style, &"fillOpacity".into(), &1.into());
                let _ = Reflect::set(&options, &"style".into(), &style);
                let _ = Reflect::set(&options, &"interactive".into(), &false.into());
                let shift_coords = Closure::<dyn Fn(Array) -> LatLng>::new(move |coords: Array| {
                    LatLng::new(coords.get(1).as_f64().unwrap_or(0.0), coords.get(0).as_f64().unwrap_or(0.0) + shift)
                });
                let _ = Reflect::set(&options, &"coordsToLatLng".into(), shift_coords.as_ref());
                // Leaflet calls it while building the layer and when data is added later; the
                // outline lives as long as the page.
                shift_coords.forget();
                let layer = geo_json(&data, &options);
                layer.add_to(&map);
                // Keep the base map under the route.
                let _ = Reflect::get(&layer, &"bringToBack".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                    .map(|f| f.call0(&layer));
            }
        });
    }

    async fn fetch_json(url: &str) -> Result<JsValue, JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await?.dyn_into()?;
        if !response.ok() {
            return Err(format!("{url} answered {}", response.status()).into());
        }
        JsFuture::from(response.json()?).await
    }

    fn prefers_reduced_motion() -> bool {
        web_sys::window()
            .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
            .is_some_and(|query| query.matches())
    }

    /// Fast off the mark, gentle on arrival: when fixes stream in quicker than a glide lasts,
    /// each new glide still covers most of the way before the next one takes over.
    fn ease_out(f: f64) -> f64 {
        1.0 - (1.0 - f).powi(3)
    }
}
