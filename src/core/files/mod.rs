//! How the record is stored and exchanged: the JSON codec (read, write,
//! migrate), local storage's keys and recovery, import previews and merges,
//! spreadsheets, the team folder and the round-up. Every file that comes in is
//! validated here, once, into typed values.

pub mod codec;
pub mod exchange;
pub mod folder;
pub mod persistence;
pub mod reference;
pub mod roundup;
pub mod sheet;
