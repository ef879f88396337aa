//! Browser glue, in headless Chromium through wasm-bindgen-test: the app
//! mounts, renders the plan, follows the hash, and the search box rewrites
//! the URL without piling up history entries. Each test waits for what it
//! expects to see (`until`), never for a fixed time.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// One turn of the event loop: a zero timeout, after which Leptos' effects
/// (microtasks), any timer due and any pending event have run.
async fn turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Leptos updates the DOM asynchronously: waits, a turn of the event loop
/// at a time, until `done` holds, and fails naming `what` it waited for if
/// it still does not after 10 s (far more than anything here takes).
async fn until(what: &str, done: impl Fn() -> bool) {
    const DEADLINE_MS: f64 = 10_000.0;
    let start = js_sys::Date::now();
    while !done() {
        let waited = js_sys::Date::now() - start;
        assert!(waited < DEADLINE_MS, "still waiting after {waited} ms for {what}");
        turn().await;
    }
}

fn count(selector: &str) -> u32 {
    web_sys::window().unwrap().document().unwrap().query_selector_all(selector).unwrap().length()
}

fn text_of(selector: &str) -> String {
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.query_selector(selector).unwrap().and_then(|e| e.text_content()).unwrap_or_default()
}

const MAIN: &str = vigie::core::files::persistence::MAIN_KEY;

/// A document with notes on measure 40, as plain JSON.
fn seed() -> String {
    let plan = vigie::core::plan::Plan::bundled();
    let mut doc = vigie::core::record::document::Document::empty(&plan);
    let editor = vigie::core::record::document::Editor {
        replica: vigie::core::record::stamp::Replica::from_bits(7),
        now: 1_790_000_000_000,
    };
    let notes = vigie::core::record::annotations::Change::Notes("graine « 40 »".into());
    doc.edit(&plan, 40, notes, None, "Claire", &editor).unwrap();
    vigie::core::files::codec::encode(&doc, false)
}

/// Mounts the app once for all the tests of this page, whichever runs first.
async fn mounted() {
    static MOUNTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !MOUNTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        let window = web_sys::window().unwrap();
        // What an older Vigie stored: the whole document as plain JSON.
        window.local_storage().unwrap().unwrap().set_item(MAIN, &seed()).unwrap();
        window.location().set_hash("#/").unwrap();
        // Nothing to see: lets the hash change be delivered before the app listens.
        turn().await;
        vigie::ui::mount();
    }
    until("the app to mount", || count("header.app-header") == 1).await;
}

#[wasm_bindgen_test]
async fn mounts_renders_routes_and_searches() {
    let window = web_sys::window().unwrap();
    window.location().set_hash("#/").unwrap();
    mounted().await;

    until("the list of the 55 measures", || count("article.measure") == 55).await;
    assert_eq!(count("h2.objective-title"), 6);
    assert_eq!(text_of(".count"), "55\u{a0}mesures");

    window.location().set_hash("#/mesure/17").unwrap();
    until("measure 17's page", || text_of("h1").starts_with("Mesure 17")).await;
    assert!(window.document().unwrap().title().starts_with("Mesure 17"));

    window.location().set_hash("#/").unwrap();
    until("the list again", || count("article.measure") == 55).await;
    let history = window.history().unwrap();
    let before = history.length().unwrap();
    let input: HtmlInputElement =
        window.document().unwrap().get_element_by_id("recherche").unwrap().unchecked_into();
    for typed in ["m", "ma", "mar", "maro", "maroc"] {
        input.set_value(typed);
        input.dispatch_event(&Event::new("input").unwrap()).unwrap();
        let hash = format!("#/?q={typed}");
        until(&format!("the address {hash}"), || window.location().hash().unwrap() == hash).await;
    }
    until("the list filtered", || count("article.measure") == 2).await;
    assert_eq!(history.length().unwrap(), before + 1, "one entry for the whole search");
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
    until("measure 17's status field", || {
        window.document().unwrap().get_element_by_id("statut").is_some()
    })
    .await;
    assert!(holds_lock("vigie.onglet.").await, "the tab holds its life lock");
    let select: web_sys::HtmlSelectElement =
        window.document().unwrap().get_element_by_id("statut").unwrap().unchecked_into();
    select.set_value("en_cours");
    select.dispatch_event(&Event::new("change").unwrap()).unwrap();
    let journals = || -> Vec<String> {
        (0..storage.length().unwrap())
            .filter_map(|i| storage.key(i).unwrap())
            .filter(|k| k.starts_with("vigie.annotations.onglet."))
            .collect()
    };
    let change = r#""field":"status","value":"en_cours""#;
    // The save is debounced by 300 ms.
    until("the change in a journal", || {
        journals().iter().any(|k| storage.get_item(k).unwrap().unwrap_or_default().contains(change))
    })
    .await;
    let journals = journals();
    assert_eq!(journals.len(), 1, "{journals:?}");
}

/// `bytes` inflated by the browser's own DecompressionStream.
async fn inflate(bytes: &[u8]) -> Vec<u8> {
    let class: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &"DecompressionStream".into())
            .unwrap()
            .unchecked_into();
    let args = js_sys::Array::of1(&"deflate-raw".into());
    let pair = js_sys::Reflect::construct(&class, &args).unwrap();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
    let out = blob.stream().pipe_through(pair.unchecked_ref());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&out)).unwrap();
    let buffer = JsFuture::from(response.array_buffer().unwrap()).await.unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}

/// The storage glue: the main key an older Vigie left as plain JSON is
/// rewritten under the lock packed, each measure compressed by the browser,
/// in the layout the core unpacks; decompressed, it holds what it held.
#[wasm_bindgen_test]
async fn the_main_key_is_rewritten_packed_and_holds_what_it_held() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    mounted().await;
    let main = || storage.get_item(MAIN).unwrap().unwrap_or_default();
    until("the main key packed", || {
        main().starts_with(vigie::core::files::persistence::PACKED_PREFIX)
    })
    .await;
    let packed = vigie::core::files::persistence::unpack(&main()).expect("packed");
    let header = String::from_utf8(inflate(&packed.header.unwrap()).await).unwrap();
    let mut measures = Vec::new();
    for (key, bytes) in packed.measures {
        let json = String::from_utf8(inflate(&bytes.unwrap()).await).unwrap();
        measures.push((key, Some(json)));
    }
    let (json, lost) = vigie::core::files::codec::join_parts(&header, measures);
    assert!(lost.is_empty());
    let plan = vigie::core::plan::Plan::bundled();
    let options = vigie::core::files::codec::Options {
        strictness: vigie::core::files::codec::Strictness::Strict,
        latest: None,
    };
    let doc = vigie::core::files::codec::decode(&json, &plan, options).unwrap().document;
    assert_eq!(doc.annotation(40).unwrap().notes(), "graine « 40 »");
}
