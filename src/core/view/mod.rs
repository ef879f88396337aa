//! What a screen asks for: the route in the URL hash, and the list of
//! measures a search and its filters give.

pub mod listing;
pub mod route;
