//! The browser's share sheet and clipboard, called through `Reflect` (web-sys marks the Web
//! Share API unstable). Where there is no share sheet (most desktops) the link is copied.

use crate::i18n::share::ShareText;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn navigator() -> Option<JsValue> {
    web_sys::window().map(|w| w.navigator().into())
}

/// Calls `target[method](arg)` and awaits the promise it returns.
async fn call_promise(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    let promise: Promise = function.call1(target, arg)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// Opens the share sheet with the link, or copies it; says which happened.
pub async fn offer(url: &str, title: &str) -> ShareText {
    let Some(navigator) = navigator() else { return ShareText::CopyFailed };
    let can_share = Reflect::get(&navigator, &"share".into()).is_ok_and(|f| f.is_function());
    if can_share {
        let data = Object::new();
        let _ = Reflect::set(&data, &"title".into(), &title.into());
        let _ = Reflect::set(&data, &"url".into(), &url.into());
        if call_promise(&navigator, "share", &data.into()).await.is_ok() {
            return ShareText::LinkShared;
        }
        // A dismissed sheet or no permission: the link is still wanted, so copy it.
    }
    copy(url).await
}

/// Copies the text to the clipboard.
pub async fn copy(text: &str) -> ShareText {
    let Some(navigator) = navigator() else { return ShareText::CopyFailed };
    let Ok(clipboard) = Reflect::get(&navigator, &"clipboard".into()) else { return ShareText::CopyFailed };
    if clipboard.is_undefined() {
        return ShareText::CopyFailed;
    }
    match call_promise(&clipboard, "writeText", &text.into()).await {
        Ok(_) => ShareText::LinkCopied,
        Err(_) => ShareText::CopyFailed,
    }
}

/// This site's origin (`https://track.example.com`), for the absolute link to share.
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}
