//! The browser's clock and time zone, read in one place. The core never
//! reads a clock: it gets instants and a [`zone`] function from here.

use leptos::prelude::*;

use crate::core::date::IsoDate;

/// Milliseconds since the epoch, now, by this machine's clock.
pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// The offset east of UTC, in minutes, that this browser's time zone had at
/// instant `ms` (Paris: 60 in winter, 120 in summer), so that each instant
/// is shown in its own season's time.
pub fn zone(ms: i64) -> i32 {
    -(js_sys::Date::new(&(ms as f64).into()).get_timezone_offset() as i32)
}

/// Today's date here.
pub fn today() -> IsoDate {
    IsoDate::of_instant(now(), &zone)
}

/// Today's date as a signal that changes within minutes of midnight, so
/// that a screen left open overnight (a dashboard on a wall, a deck) says
/// the right day.
pub fn today_signal() -> ReadSignal<IsoDate> {
    let today = RwSignal::new(today());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let now = self::today();
            if today.get_untracked() != now {
                today.set(now);
            }
        },
        std::time::Duration::from_secs(5 * 60),
    ) {
        on_cleanup(move || handle.clear());
    }
    today.read_only()
}

/// 48 random bits, for a tab's replica id.
pub fn random_bits() -> u64 {
    let mut bytes = [0u8; 8];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if filled {
        u64::from_le_bytes(bytes)
    } else {
        // Without Web Crypto, Math.random's 52 bits are still ample to tell tabs apart.
        (js_sys::Math::random() * (1u64 << 52) as f64) as u64 ^ (now() as u64).rotate_left(13)
    }
}

/// Runs `work`; when `make bench` asked for timings (`?chrono`), records how
/// long it took as a User Timing measure named `name`, which the bench reads
/// (`performance.getEntriesByName`). Otherwise nothing is recorded: a long
/// session would pile them up.
pub fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    begin(name);
    let out = work();
    end(name);
    out
}

thread_local! {
    static WANTED: bool = crate::ui::router::timings_wanted();
}

/// The start of a timed stretch that spans tasks (see [`timed`]).
pub fn begin(name: &str) {
    if let Some(p) = WANTED.with(|w| *w).then(|| window().performance()).flatten() {
        let _ = p.mark(&format!("{name}-debut"));
    }
}

/// Its end: records the measure `name` (see [`timed`]).
pub fn end(name: &str) {
    if let Some(p) = WANTED.with(|w| *w).then(|| window().performance()).flatten() {
        let _ = p.measure_with_start_mark(name, &format!("{name}-debut"));
    }
}
