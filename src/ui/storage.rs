//! The only module that touches local storage, and the Web Locks that
//! coordinate tabs over it. It moves strings in and out under the keys
//! [`crate::core::persistence`] names, reports failures as French messages,
//! and runs work under a lock; deciding what the strings mean is the core's
//! job, and deciding when to write is [`super::store`]'s.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::drafts::SHARED_DRAFTS_KEY;
use crate::core::persistence::{is_annotation_key, journal_replica, BackupKey};
use crate::core::stamp::Replica;

/// Whether local storage can be used at all. gloo-storage panics when it is
/// blocked, so this is checked before any other call.
pub fn available() -> bool {
    let Ok(Some(storage)) = window().local_storage() else { return false };
    let probe = "vigie.test-ecriture";
    let ok = storage.set_item(probe, "1").is_ok();
    storage.remove_item(probe).ok();
    ok
}

pub fn read(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

pub fn write(key: &str, value: &str) -> Result<(), String> {
    LocalStorage::raw().set_item(key, value).map_err(|error| {
        let name = js_sys::Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name.contains("Quota") {
            "l’espace de stockage du navigateur est plein".to_owned()
        } else {
            "le navigateur a refusé l’écriture".to_owned()
        }
    })
}

pub fn remove(key: &str) {
    LocalStorage::raw().remove_item(key).ok();
}

fn keys() -> Vec<String> {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    (0..len).filter_map(|i| storage.key(i).ok().flatten()).collect()
}

/// Every key that holds drafts, this tab's included.
pub fn draft_keys() -> Vec<String> {
    keys().into_iter().filter(|k| k.starts_with(SHARED_DRAFTS_KEY)).collect()
}

/// Every stored annotation text other than `except` (this tab's own
/// journal): the main key's, and each journal's with its key.
pub fn annotation_texts(except: Option<&str>) -> (Option<String>, Vec<(String, String)>) {
    let main = read(crate::core::persistence::MAIN_KEY);
    let mut journals: Vec<(String, String)> = keys()
        .into_iter()
        .filter(|k| journal_replica(k).is_some() && Some(k.as_str()) != except)
        .filter_map(|k| read(&k).map(|v| (k, v)))
        .collect();
    crate::core::order::sort(&mut journals);
    (main, journals)
}

/// Copies `raw` aside under a new key, never over an existing one, and
/// returns that key.
pub fn back_up(raw: &str, now: i64) -> Result<BackupKey, String> {
    if let Some((key, _)) = backups().into_iter().find(|(_, v)| v == raw) {
        return Ok(key);
    }
    let key = BackupKey::first_free(now, |k| read(&k.to_string()).is_some());
    write(&key.to_string(), raw).map(|_| key)
}

/// Every backup copy, oldest first, with its text.
pub fn backups() -> Vec<(BackupKey, String)> {
    let mut found: Vec<(BackupKey, String)> =
        keys().into_iter().filter_map(|k| Some((BackupKey::parse(&k)?, read(&k)?))).collect();
    crate::core::order::sort(&mut found);
    found
}

/// Calls `on_change(key, text)` whenever another tab writes annotations
/// (`None` when it removed them).
pub fn on_other_tab_change(
    on_change: impl Fn(String, Option<String>) + 'static,
) -> WindowListenerHandle {
    window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        if let Some(key) = ev.key().filter(|k| is_annotation_key(k)) {
            on_change(key, ev.new_value());
        }
    })
}

// ---------------------------------------------------------------- Web Locks

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks` (the web-sys binding is behind an unstable flag).
    type LockManager;
    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, callback: &js_sys::Function) -> js_sys::Promise;
    #[wasm_bindgen(method)]
    fn query(this: &LockManager) -> js_sys::Promise;
}

fn lock_manager() -> Option<LockManager> {
    let locks = js_sys::Reflect::get(&window().navigator(), &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// Runs `work` while holding the lock `name`, so that no other tab runs
/// work under the same name meanwhile; without Web Locks (old browsers),
/// runs it at once.
pub fn with_lock(name: &str, work: impl FnOnce() + 'static) {
    let Some(locks) = lock_manager() else {
        work();
        return;
    };
    let callback = Closure::once_into_js(move |_lock: JsValue| work());
    let _ = locks.request(name, callback.unchecked_ref());
}

/// Holds the lock `name` as long as this page lives: other tabs read it as
/// "this tab is open" (see [`live_replicas`]). Released by the browser when
/// the page goes.
pub fn hold_for_life(name: &str) {
    let Some(locks) = lock_manager() else { return };
    let callback =
        Closure::once_into_js(move |_lock: JsValue| js_sys::Promise::new(&mut |_, _| {}));
    let _ = locks.request(name, callback.unchecked_ref());
}

/// The lock every tab holds for its life, for its journal.
pub fn life_lock(replica: Replica) -> String {
    format!("vigie.onglet.{replica}")
}

/// The replicas whose tab is open now (their life lock is held), or `None`
/// when the browser cannot tell.
pub async fn live_replicas() -> Option<Vec<Replica>> {
    let locks = lock_manager()?;
    let snapshot = wasm_bindgen_futures::JsFuture::from(locks.query()).await.ok()?;
    let held = js_sys::Reflect::get(&snapshot, &"held".into()).ok()?;
    let held: js_sys::Array = held.dyn_into().ok()?;
    Some(
        held.iter()
            .filter_map(|lock| js_sys::Reflect::get(&lock, &"name".into()).ok()?.as_string())
            .filter_map(|name| name.strip_prefix("vigie.onglet.").and_then(Replica::parse))
            .collect(),
    )
}
