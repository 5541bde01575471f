//! Time on page: the browser sums the seconds the journey page is in view and sends the total
//! with `navigator.sendBeacon` whenever it is hidden or left; the server keeps the largest
//! total per view (`POST /t/{token}/views/{view}`).

/// Starts counting this page view's time in view (in the browser only).
pub fn report_time_on_page(token: &str, view: Option<i64>) {
    #[cfg(feature = "hydrate")]
    if let Some(view) = view {
        browser::count(format!("/t/{token}/views/{view}"));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (token, view);
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::on_cleanup;
    use send_wrapper::SendWrapper;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::{closure::Closure, JsCast};

    pub fn count(url: String) {
        let Some(window) = web_sys::window() else { return };
        let Some(document) = window.document() else { return };
        // Seconds in view so far, and when the current stretch in view began.
        let total = Rc::new(Cell::new(0.0_f64));
        let since = Rc::new(Cell::new((!document.hidden()).then(js_sys::Date::now)));
        // Ends the current stretch in view and sends the total.
        let send = {
            let (window, since, total) = (window.clone(), since.clone(), total.clone());
            move || {
                if let Some(start) = since.take() {
                    total.set(total.get() + (js_sys::Date::now() - start) / 1000.0);
                }
                let seconds = format!("{}", total.get().round() as i64);
                let _ = window.navigator().send_beacon_with_opt_str(&url, Some(&seconds));
            }
        };
        let on_visibility = {
            let (document, send) = (document.clone(), send.clone());
            Closure::<dyn FnMut()>::new(move || {
                if document.hidden() {
                    send();
                } else {
                    since.set(Some(js_sys::Date::now()));
                }
            })
        };
        // Leaving the page: count the last stretch too.
        let on_pagehide = Closure::<dyn FnMut()>::new(send);
        let _ = document.add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
        let listeners = SendWrapper::new((window, document, on_visibility, on_pagehide));
        on_cleanup(move || {
            let (window, document, on_visibility, on_pagehide) = &*listeners;
            let _ = document
                .remove_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
            let _ = window.remove_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
        });
    }
}
