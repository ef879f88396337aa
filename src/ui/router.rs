//! The only module that reads or writes the URL. It turns `location.hash`
//! into a [`Route`] signal and writes routes back, pushing a history entry
//! for deliberate moves and replacing the current one, a frame later,
//! while the user types (or a slide changes, or the start-up hands over);
//! it keeps a screen's note in its history entry (where the reader was, for
//! Back); it also answers the two questions the start-up asks of the
//! address (a benchmark plan size, http or file).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::view::route::Route;

/// How a navigation treats the browser history.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// A new entry: Back returns here.
    Push,
    /// Rewrite the current entry: used for keystrokes, so Back skips them.
    Replace,
}

#[derive(Clone, Copy)]
pub struct Router {
    route: ReadSignal<Route>,
    set_route: WriteSignal<Route>,
    /// The address a keystroke asked for, written once the answer is drawn
    /// (see [`Router::go`]).
    unwritten: StoredValue<Option<String>>,
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// `N` from `?banc=N` before the `#` (1 to 20,000): the size of the
/// synthetic plan `make bench` asks for.
pub fn bench_size() -> Option<usize> {
    let search = window().location().search().ok()?;
    search
        .strip_prefix("?banc=")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| (1..=20_000).contains(n))
}

/// Whether `make bench` asked for the app's own timings (`?chrono` before
/// the `#`): see [`crate::ui::clock::timed`].
pub fn timings_wanted() -> bool {
    window().location().search().is_ok_and(|s| s == "?chrono")
}

/// Whether the page came over http(s), rather than from a file.
pub fn served_over_http() -> bool {
    matches!(window().location().protocol().as_deref(), Ok("https:" | "http:"))
}

impl Router {
    /// Reads the current hash and follows `hashchange` (links, Back, Forward).
    pub fn start() -> Router {
        let (route, set_route) = signal(Route::parse(&current_hash()));
        let unwritten = StoredValue::new(None);
        let router = Router { route, set_route, unwritten };
        // Back or Forward: another entry is current now, and what was typed
        // belonged to the one left, a frame ago at most. `popstate` comes
        // first, before the entry's `hashchange`.
        let moved = window_event_listener_untyped("popstate", move |_| unwritten.set_value(None));
        let followed = window_event_listener_untyped("hashchange", move |_| {
            unwritten.set_value(None);
            let next = Route::parse(&current_hash());
            if route.with_untracked(|r| *r != next) {
                set_route.set(next);
            }
        });
        // A link followed (by mouse or keyboard) adds an entry after this
        // listener runs: the entry it leaves gets its address first.
        let clicked = window_event_listener(leptos::ev::click, move |ev| {
            let on_link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("a[href]").ok().flatten())
                .is_some();
            if on_link {
                router.write_unwritten();
            }
        });
        on_cleanup(move || {
            moved.remove();
            followed.remove();
            clicked.remove();
        });
        router
    }

    pub fn route(&self) -> ReadSignal<Route> {
        self.route
    }

    /// Shows `next` at once. A new entry is written at once too; a
    /// replaced one (a keystroke) once the answer is drawn: rewriting the
    /// address costs Chromium 1 to 3 ms, which the frame that answers the
    /// keystroke need not wait for. Anything that writes the history first
    /// writes it.
    pub fn go(&self, next: Route, mode: History) {
        if self.route.with_untracked(|r| *r == next) {
            return;
        }
        let hash = next.to_hash();
        match mode {
            History::Push => {
                self.write_unwritten();
                write(&hash, |h, url| h.push_state_with_url(&JsValue::NULL, "", url));
            }
            History::Replace => {
                let scheduled = self.unwritten.with_value(Option::is_some);
                self.unwritten.set_value(Some(hash));
                if !scheduled {
                    let router = *self;
                    request_animation_frame(move || {
                        set_timeout(move || router.write_unwritten(), std::time::Duration::ZERO)
                    });
                }
            }
        }
        self.set_route.set(next);
    }

    fn write_unwritten(&self) {
        if let Some(hash) = self.unwritten.try_update_value(Option::take).flatten() {
            write(&hash, |h, url| h.replace_state_with_url(&JsValue::NULL, "", url));
        }
    }

    /// Keeps `note` in the current history entry, so that the screen finds
    /// it again when Back (or Forward) returns there; any new entry starts
    /// without one, as a link followed anew should.
    pub fn remember(&self, note: &str) {
        self.write_unwritten();
        if let Ok(history) = window().history() {
            drop(history.replace_state(&JsValue::from_str(note), ""));
        }
    }

    /// The note [`Router::remember`] kept in the current history entry.
    pub fn remembered(&self) -> Option<String> {
        window().history().ok()?.state().ok()?.as_string()
    }
}

/// Writes `hash` into the history with `how`.
fn write(hash: &str, how: impl FnOnce(&web_sys::History, Option<&str>) -> Result<(), JsValue>) {
    if window().history().and_then(|h| how(&h, Some(hash))).is_err() {
        // Some sandboxed frames refuse the History API; the hash still works.
        window().location().set_hash(hash).ok();
    }
}
