//! The journey map: Leaflet (through leaflet-rs) in the browser, an empty labelled box on the
//! server. Base layer: the bundled world outline, or tiles when a tile server is configured.

use super::model::PositionFix;
use super::TileSource;
use crate::domain::GeoPoint;
use crate::i18n::{use_text, Text};
use leptos::prelude::*;

#[component]
pub fn JourneyMap(
    /// Origin, handoff points, destination.
    waypoints: Vec<GeoPoint>,
    position: RwSignal<Option<PositionFix>>,
    follow: RwSignal<bool>,
    tiles: Option<TileSource>,
) -> impl IntoView {
    let t = use_text();
    let container = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    browser::attach(container, waypoints, position, follow, tiles);
    #[cfg(not(feature = "hydrate"))]
    let _ = (waypoints, position, follow, tiles);

    view! { <div class="map" node_ref=container role="region" aria-label=t(Text::MapLabel) data-testid="map"></div> }
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
        waypoints: Vec<GeoPoint>,
        position: RwSignal<Option<PositionFix>>,
        follow: RwSignal<bool>,
        tiles: Option<TileSource>,
    ) {
        let handles = StoredValue::new_local(None::<MapHandles>);
        Effect::new(move |_| {
            let Some(element) = container.get() else { return };
            let (tiles, waypoints) = (tiles.clone(), waypoints.clone());
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
                match build(&element, &waypoints, position.get_untracked(), tiles.as_ref()) {
                    Ok(built) => handles.set_value(Some(built)),
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
        waypoints: &[GeoPoint],
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

        let (origin, destination) = (waypoints[0], waypoints[waypoints.len() - 1]);
        let route = great_circle_path(waypoints, ROUTE_STEP_KM);
        let line_points: Array = route.iter().map(|&(lat, lon)| JsValue::from(LatLng::new(lat, lon))).collect();
        let line_options = PolylineOptions::new();
        line_options.set_color(ROUTE_COLOUR.into());
        line_options.set_weight(3.0);
        line_options.set_dash_array("6 6".into());
        Polyline::new_with_options(&line_points, &line_options).add_to(&map);

        let reference_lon = origin.lon();
        let handoffs = waypoints[1..waypoints.len() - 1].iter().map(|&p| (p, "route-stop handoff"));
        let ends = [(origin, "route-end origin"), (destination, "route-end destination")];
        for (point, class) in handoffs.chain(ends) {
            let at = LatLng::new(point.lat(), unwrap_longitude(reference_lon, point.lon()));
            CircleMarker::new_with_options(&at, &circle_options(class)?).add_to(&map);
        }

        let start = fix.map_or(origin, |f| f.point);
        let icon_options = DivIconOptions::new();
        icon_options.set_class_name("parcel-marker".into());
        icon_options.set_html("<span class=\"parcel-dot\"></span>".into());
        icon_options.set_icon_size(Point::new(28.0, 28.0));
        let marker_options = MarkerOptions::new();
        marker_options.set_icon(div_icon(&icon_options));
        marker_options.set_keyboard(false);
        let marker = Marker::new_with_options(
            &LatLng::new(start.lat(), unwrap_longitude(reference_lon, start.lon())),
            &marker_options,
        );
        marker.add_to(&map);

        let bounds = LatLngBounds::new_from_list(&line_points);
        let padding = Object::new();
        Reflect::set(&padding, &"padding".into(), &Array::of2(&24.into(), &24.into()))?;
        map.fit_bounds_with_options(&bounds, &padding);

        Ok(MapHandles { map, marker, reference_lon, glide: Rc::new(Cell::new(0)) })
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
