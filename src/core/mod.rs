//! The pure core of Vigie: no `leptos`, `web_sys` or `gloo` here. Everything
//! in this tree is tested with plain `cargo test` on the host.

pub mod annotations;
pub mod codec;
pub mod date;
pub mod deck;
pub mod document;
pub mod drafts;
pub mod exchange;
pub mod folder;
pub mod listing;
pub mod order;
pub mod persistence;
pub mod plan;
pub mod reading;
pub mod reference;
pub mod report;
pub mod roundup;
pub mod route;
pub mod search;
pub mod sheet;
pub mod stamp;
pub mod stats;
pub mod status;
pub mod team;
pub mod text;
pub mod thesaurus;
pub mod timeline;
pub mod wording;
