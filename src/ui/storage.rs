//! The only module that touches local storage, and the Web Locks that
//! coordinate tabs over it. It moves strings in and out under the keys
//! [`crate::core::files::persistence`] names, packs the main key (each part
//! compressed by the browser's own `CompressionStream`, so no compression
//! code ships in the WebAssembly), reports failures as a [`StorageError`],
//! and runs work under a lock; deciding what the strings mean is the core's
//! job, and deciding when to write is [`crate::ui::store`]'s.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::files::codec::{self, Problems};
use crate::core::files::persistence::{
    self, is_annotation_key, journal_replica, BackupKey, StorageError, Usage,
};
use crate::core::plan::MeasureNo;
use crate::core::record::drafts::SHARED_DRAFTS_KEY;
use crate::core::record::stamp::Replica;

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

/// Keeps `value` under `key`, or says why the browser would not.
pub fn put(key: &str, value: &str) -> Result<(), StorageError> {
    LocalStorage::raw().set_item(key, value).map_err(|error| {
        let name = js_sys::Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name.contains("Quota") {
            StorageError::Full
        } else {
            StorageError::Refused
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
/// journal): the main key's, and each journal's with its key, read in one
/// task, so that they are one state of storage: another tab writes the main
/// key before it shrinks its journal, and a tab sees the two in that order.
pub fn annotation_texts(except: Option<&str>) -> (Option<String>, Vec<(String, String)>) {
    let main = read(crate::core::files::persistence::MAIN_KEY);
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
pub fn keep_aside(raw: &str, now: i64) -> Result<BackupKey, StorageError> {
    if let Some((key, _)) = backups().into_iter().find(|(_, v)| v == raw) {
        return Ok(key);
    }
    let key = BackupKey::first_free(now, |k| read(&k.to_string()).is_some());
    put(&key.to_string(), raw).map(|_| key)
}

/// Removes a copy set aside (the user downloaded it, or chose to let it go).
pub fn remove_backup(key: &BackupKey) {
    remove(&key.to_string());
}

/// The space Vigie's keys take, in characters as the quota counts them.
pub fn usage() -> Usage {
    let storage = LocalStorage::raw();
    let mut usage = Usage::default();
    for key in keys().into_iter().filter(|k| k.starts_with("vigie.")) {
        let Ok(Some(value)) = storage.get_item(&key) else { continue };
        let size = key.encode_utf16().count() + value.encode_utf16().count();
        usage.used += size;
        if BackupKey::parse(&key).is_some() {
            usage.backups += size;
        }
    }
    usage
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

/// Calls `on_change(text)` whenever another tab or window writes `key`
/// (`None` when it removed it).
pub fn on_other_window_writing(
    key: &'static str,
    on_change: impl Fn(Option<String>) + 'static,
) -> WindowListenerHandle {
    window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        if ev.key().as_deref() == Some(key) {
            on_change(ev.new_value());
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

/// Runs `work` (which may wait) while holding the lock `name`; without Web
/// Locks, runs it at once.
pub fn with_lock_async(name: &str, work: impl std::future::Future<Output = ()> + 'static) {
    let Some(locks) = lock_manager() else {
        leptos::task::spawn_local(work);
        return;
    };
    let callback = Closure::once_into_js(move |_lock: JsValue| {
        wasm_bindgen_futures::future_to_promise(async move {
            work.await;
            Ok(JsValue::UNDEFINED)
        })
    });
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

// ---------------------------------------------------------------- packing

#[wasm_bindgen]
extern "C" {
    /// `CompressionStream` and `DecompressionStream` (the web-sys bindings
    /// are behind an unstable flag): a `{ readable, writable }` pair.
    #[wasm_bindgen(js_name = CompressionStream)]
    type Compressor;
    #[wasm_bindgen(constructor, js_class = "CompressionStream", catch)]
    fn new(format: &str) -> Result<Compressor, JsValue>;
    #[wasm_bindgen(js_name = DecompressionStream)]
    type Decompressor;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<Decompressor, JsValue>;
}

/// Whether this browser compresses (Chromium 103, Firefox 113, Safari 16.4
/// and later): without, the main key is written as plain JSON.
pub fn can_pack() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"CompressionStream".into()).unwrap_or(false)
}

/// `bytes` through a compression or decompression stream; `None` when the
/// browser refuses (damaged data).
async fn through(bytes: &[u8], pair: JsValue) -> Option<Vec<u8>> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    let out = blob.stream().pipe_through(pair.unchecked_ref());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&out)).ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

async fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    through(bytes, Compressor::new("deflate-raw").ok()?.into()).await
}

async fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    through(bytes, Decompressor::new("deflate-raw").ok()?.into()).await
}

/// The main key's text for a document written in parts (see
/// [`codec::encode_parts`]): each part compressed apart, then packed.
/// `None` if the browser cannot compress: the caller writes JSON.
pub async fn pack_main(header: String, measures: Vec<(MeasureNo, String)>) -> Option<String> {
    if !can_pack() {
        return None;
    }
    let header = deflate(header.as_bytes()).await?;
    let mut packed = Vec::with_capacity(measures.len());
    for (n, json) in measures {
        packed.push((n, deflate(json.as_bytes()).await?));
    }
    Some(persistence::pack(&header, &packed))
}

/// The main key as read: its raw text (what a backup copies), and the JSON
/// to read, put back together if it was packed, with the measures whose
/// part could not be.
#[derive(Debug, Clone, Default)]
pub struct MainKey {
    pub raw: Option<String>,
    pub json: Option<String>,
    pub lost: Problems,
}

/// The main key's text `raw` (read with the journals, in one task:
/// [`annotation_texts`]), unpacked if it was packed. Reading the main key
/// here, after a wait, would pair it with journals read at another time:
/// another tab may have written the main key and shrunk its journal in
/// between, and its changes would be in neither.
pub async fn unpack_main(raw: Option<String>) -> MainKey {
    let Some(packed) = raw.as_deref().and_then(persistence::unpack) else {
        return MainKey { json: raw.clone(), raw, lost: Problems::default() };
    };
    let text = |bytes: Option<Vec<u8>>| bytes.and_then(|b| String::from_utf8(b).ok());
    let header = match packed.header {
        Some(bytes) => text(inflate(&bytes).await),
        None => None,
    };
    let mut measures = Vec::with_capacity(packed.measures.len());
    for (key, bytes) in packed.measures {
        let json = match bytes {
            Some(bytes) => text(inflate(&bytes).await),
            None => None,
        };
        measures.push((key, json));
    }
    let (json, mut lost) =
        codec::join_parts(header.as_deref().unwrap_or(codec::BARE_HEADER), measures);
    if header.is_none() {
        lost = codec::header_lost().merged(lost);
    }
    MainKey { raw, json: Some(json), lost }
}
