//! What is shown about the plan's state: statistics, the plan over time,
//! the slides and the « relevé » of who has reported.

pub mod deck;
pub mod report;
pub mod stats;
pub mod timeline;
