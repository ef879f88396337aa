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
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30)
            .unwrap();
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

/// Mounts the app once for all the tests of this page, whichever runs first.
async fn mounted() {
    static MOUNTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !MOUNTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        web_sys::window().unwrap().location().set_hash("#/").unwrap();
        settle().await;
        vigie::ui::mount();
    }
    settle().await;
}

#[wasm_bindgen_test]
async fn mounts_renders_routes_and_searches() {
    let window = web_sys::window().unwrap();
    window.location().set_hash("#/").unwrap();
    settle().await;
    mounted().await;

    assert_eq!(count("article.measure"), 55);
    assert_eq!(count("h2.objective-title"), 6);
    assert_eq!(text_of(".count"), "55\u{a0}mesures");

    window.location().set_hash("#/mesure/17").unwrap();
    settle().await;
    assert!(text_of("h1").starts_with("Mesure 17"), "{}", text_of("h1"));
    assert!(window.document().unwrap().title().starts_with("Mesure 17"));

    window.location().set_hash("#/").unwrap();
    settle().await;
    let history = window.history().unwrap();
    let before = history.length().unwrap();
    let input: HtmlInputElement =
        window.document().unwrap().get_element_by_id("recherche").unwrap().unchecked_into();
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

/// Whether this page holds a Web Lock whose name starts with `prefix`.
async fn holds_lock(prefix: &str) -> bool {
    let navigator = web_sys::window().unwrap().navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).unwrap();
    let query: js_sys::Function =
        js_sys::Reflect::get(&locks, &"query".into()).unwrap().unchecked_into();
    let snapshot = JsFuture::from(query.call0(&locks).unwrap().unchecked_into::<js_sys::Promise>())
        .await
        .unwrap();
    let held: js_sys::Array =
        js_sys::Reflect::get(&snapshot, &"held".into()).unwrap().unchecked_into();
    held.iter().any(|lock| {
        js_sys::Reflect::get(&lock, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .is_some_and(|n| n.starts_with(prefix))
    })
}

/// The store's glue: the tab announces itself with a Web Lock held for its
/// life, and a change lands in this tab's own journal key, never in the main
/// key that other tabs rewrite.
#[wasm_bindgen_test]
async fn a_change_lands_in_this_tab_s_journal_under_its_life_lock() {
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    mounted().await;
    window.location().set_hash("#/mesure/17").unwrap();
    settle().await;
    assert!(holds_lock("vigie.onglet.").await, "the tab holds its life lock");
    let select: web_sys::HtmlSelectElement =
        window.document().unwrap().get_element_by_id("statut").unwrap().unchecked_into();
    select.set_value("en_cours");
    select.dispatch_event(&Event::new("change").unwrap()).unwrap();
    // The save is debounced by 300 ms.
    for _ in 0..20 {
        settle().await;
    }
    let journals: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with("vigie.annotations.onglet."))
        .collect();
    assert_eq!(journals.len(), 1, "{journals:?}");
    let text = storage.get_item(&journals[0]).unwrap().unwrap();
    assert!(text.contains(r#""field":"status","value":"en_cours""#), "{text}");
}
