//! The only module that touches local storage. It moves strings in and out
//! under fixed keys and reports failures as French messages; deciding what
//! the strings mean is [`crate::core::persistence`]'s job.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

/// The annotation document (see `core::document`). index.html's boot check
/// asks whether it exists, and nothing more (see `boot`).
pub const DOCUMENT_KEY: &str = "vigie.annotations";
/// Prefix of the copies set aside when stored data could not be read.
pub const BACKUP_PREFIX: &str = "vigie.annotations.sauvegarde.";

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
        let name = js_sys::Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
        if name.contains("Quota") {
            "l’espace de stockage du navigateur est plein".to_owned()
        } else {
            "le navigateur a refusé l’écriture".to_owned()
        }
    })
}

/// Copies `raw` aside under a new key, never over an existing one, and
/// returns that key.
pub fn back_up(raw: &str, now: i64) -> Result<String, String> {
    let existing = backups();
    if let Some((key, _)) = existing.iter().find(|(_, v)| v == raw) {
        return Ok(key.clone());
    }
    let mut key = format!("{BACKUP_PREFIX}{now}");
    let mut n = 1;
    while read(&key).is_some() {
        key = format!("{BACKUP_PREFIX}{now}-{n}");
        n += 1;
    }
    write(&key, raw).map(|_| key)
}

/// Every backup copy, oldest first: `(key, text)`.
pub fn backups() -> Vec<(String, String)> {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    let mut found: Vec<(String, String)> = (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(BACKUP_PREFIX))
        .filter_map(|k| read(&k).map(|v| (k, v)))
        .collect();
    found.sort();
    found
}

/// Calls `on_change` with the new text whenever another tab changes the document.
pub fn on_other_tab_change(on_change: impl Fn(Option<String>) + 'static) -> WindowListenerHandle {
    window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        if ev.key().as_deref() == Some(DOCUMENT_KEY) {
            on_change(ev.new_value());
        }
    })
}
