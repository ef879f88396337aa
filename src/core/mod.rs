//! The pure core of Vigie: no `leptos`, `web_sys` or `gloo` here. Everything
//! in this tree is tested with plain `cargo test` on the host.
//!
//! Folders are layers, each importing only from those below it (checked by
//! `tests/layers.rs`): [`plan`] (what the plan says), [`record`] (what the team
//! wrote), [`files`] (how it is stored and exchanged), [`view`] (what a screen
//! asks for), [`briefing`] (what is shown about it). The root files stand
//! apart: [`order`], [`date`] and [`french`] at the bottom, which everything
//! may use; [`wording`] at the top, the phrases the screens show about data.

pub mod briefing;
pub mod date;
pub mod files;
pub mod french;
pub mod order;
pub mod plan;
pub mod record;
pub mod view;
pub mod wording;
