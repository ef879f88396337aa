//! What the team wrote about the plan: stamps and statuses, one measure's
//! annotation and its history, the document of all of them with its team,
//! and the drafts a closed tab leaves behind. Imports only [`crate::core::plan`]
//! and the root's bottom files.

pub mod annotations;
pub mod document;
pub mod drafts;
pub mod editing;
pub mod stamp;
pub mod status;
pub mod team;
