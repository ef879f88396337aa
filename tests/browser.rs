//! Browser glue, in headless Chromium through wasm-bindgen-test: the app
//! mounts, renders the plan, follows the hash, and the search box rewrites
//! the URL without piling up history entries.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Leptos updates the DOM asynchronously: let it run.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

fn count(selector: &str) -> u32 {
    web_sys::window().unwrap().document().unwrap().query_selector_all(selector).unwrap().length()
}

fn text_of(selector: &str) -> String {
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.query_selector(selector).unwrap().and_then(|e| e.text_content()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn mounts_renders_routes_and_searches() {
    let window = web_sys::window().unwrap();
    window.location().set_hash("#/").unwrap();
    settle().await;
    vigie::ui::mount();
    settle().await;

    assert_eq!(count("article.measure"), 55);
    assert_eq!(count("h2.objective-title"), 6);
    assert_eq!(text_of(".count"), "55 mesures");

    window.location().set_hash("#/mesure/17").unwrap();
    settle().await;
    assert!(text_of("h1").starts_with("Mesure 17"), "{}", text_of("h1"));
    assert!(window.document().unwrap().title().starts_with("Mesure 17"));

    window.location().set_hash("#/").unwrap();
    settle().await;
    let history = window.history().unwrap();
    let before = history.length().unwrap();
    let input: HtmlInputElement = window.document().unwrap().get_element_by_id("recherche").unwrap().unchecked_into();
    for typed in ["m", "ma", "mar", "maro", "maroc"] {
        input.set_value(typed);
        input.dispatch_event(&Event::new("input").unwrap()).unwrap();
        settle().await;
    }
    assert_eq!(window.location().hash().unwrap(), "#/?q=maroc");
    assert_eq!(history.length().unwrap(), before + 1, "one entry for the whole search");
    assert_eq!(count("article.measure"), 2);
    assert!(count("article.measure mark") >= 2);
}
