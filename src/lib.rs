//! Vigie: follow the French national plan against drugs (2019) in the browser.
//!
//! [`core`] is plain Rust (plan, search, filters, routes, annotations) and
//! builds on any target; [`ui`] wires it to the DOM with Leptos and exists
//! only on `wasm32`.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
