//! The hand-over from the page prerendered at build time to the live app.
//!
//! `make dist` writes the list screen, as the app itself renders it, into
//! `index.html` (see `tools/prerender.mjs`): every top-level node carries
//! `data-prerendu` and `<body>` carries the class `demarrage`. The plan is
//! then readable as soon as the HTML and CSS arrive. Meanwhile the app mounts
//! hidden beside it (CSS hides everything else while `demarrage` is set),
//! builds its first screen in short tasks, and [`reveal`] swaps the two in
//! one step, so that nothing on screen moves. A development build has no
//! prerendered page: then there is nothing to hand over and the app shows
//! at once.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{History, Router};
use crate::core::route::Route;

const BOOTING: &str = "demarrage";
const SEARCH_SELECTOR: &str = "[data-prerendu] #recherche";

/// Whether the app is still hidden behind the prerendered page.
pub fn booting() -> bool {
    document().body().is_some_and(|b| b.class_list().contains(BOOTING))
}

/// Removes the prerendered page and shows the app. What the reader began in
/// the prerendered page goes on in the app: the words typed in its search box
/// (through `router`, when there is an app to route) and the focus. Does
/// nothing once done.
pub fn reveal(router: Option<Router>) {
    let Some(body) = document().body() else { return };
    if !body.class_list().contains(BOOTING) {
        return;
    }
    let typed = document()
        .query_selector(SEARCH_SELECTOR)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .filter(|v| !v.trim().is_empty());
    let focused = document()
        .active_element()
        .filter(|e| e.closest("[data-prerendu]").ok().flatten().is_some())
        .map(|e| e.id())
        .filter(|id| !id.is_empty());
    if let Ok(nodes) = document().query_selector_all("body > [data-prerendu]") {
        for i in 0..nodes.length() {
            if let Some(node) = nodes.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                node.remove();
            }
        }
    }
    body.class_list().remove_1(BOOTING).ok();

    if let (Some(query), Some(router)) = (typed, router) {
        if let Route::List(mut state) = router.route().get_untracked() {
            if state.query.is_empty() {
                state.query = query;
                router.go(Route::List(state), History::Replace);
            }
        }
    }
    if let Some(element) =
        focused.and_then(|id| document().get_element_by_id(&id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        element.focus().ok();
    }
}
