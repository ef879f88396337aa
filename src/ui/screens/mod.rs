//! The screens, one module each, and the pieces several of them show
//! ([`widgets`], the plan over time's [`timeline`]). A screen reads the
//! app's state from [`crate::ui::context`] and writes through
//! [`crate::ui::store::Store`]; it never touches storage, the URL or the
//! clock itself (the frame in `ui/` owns those).

pub(in crate::ui) mod author;
pub(in crate::ui) mod dashboard;
pub(in crate::ui) mod exchange;
pub(in crate::ui) mod folder;
pub(in crate::ui) mod glossary;
pub(in crate::ui) mod handout;
pub(in crate::ui) mod list;
pub(in crate::ui) mod measure;
pub(in crate::ui) mod presentation;
pub(in crate::ui) mod report;
pub(in crate::ui) mod roundup;
pub(in crate::ui) mod settings;
pub(in crate::ui) mod team;
pub(in crate::ui) mod timeline;
pub(in crate::ui) mod widgets;
