//! The annotation store: the user's document in one signal, the undo stack,
//! and the saving policy (debounced writes, flush when the page is hidden,
//! merge with other tabs, backups of unreadable data). Components call its
//! methods; only this module decides when to save.

use std::time::Duration;

use leptos::prelude::*;

use crate::core::annotations::{Annotations, Author, Edit, UndoStep};
use crate::core::document::Document;
use crate::core::persistence::{self, StartupNotice};
use crate::core::plan::{MeasureNo, Plan};

use super::storage;

/// Milliseconds since the epoch, now.
pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// The browser's offset east of UTC, in minutes (Paris in winter: 60).
pub fn tz_offset() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Where the last save stands, for the discreet indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is in local storage, as of this instant (0: nothing to save yet).
    Saved(i64),
    /// A change waits for the debounce.
    Pending,
    /// Local storage is unavailable: changes live in this tab only.
    MemoryOnly,
    /// The last write failed; changes are still in memory.
    Failed(String),
}

/// A message shown above every screen until dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    pub id: u32,
    pub severity: Severity,
    pub message: String,
    /// A stored copy the user may download.
    pub backup_key: Option<String>,
    /// Whether to suggest an export (the data is only in memory).
    pub suggest_export: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// What the next undo reverts.
#[derive(Debug, Clone)]
enum Undo {
    Edit(UndoStep),
    /// An import: the annotations just before it and just after it.
    Import {
        before: Annotations,
        after: Annotations,
    },
}

/// The export loaded with "Comparer avec…".
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub document: Document,
    pub file_name: String,
}

#[derive(Clone, Copy)]
pub struct Store {
    plan: &'static Plan,
    pub document: RwSignal<Document>,
    undo: RwSignal<Vec<Undo>>,
    /// An earlier export to compare with, held aside, never merged.
    pub baseline: RwSignal<Option<Baseline>>,
    pub save_state: RwSignal<SaveState>,
    pub banners: RwSignal<Vec<Banner>>,
    pub mismatched: RwSignal<Vec<MeasureNo>>,
    persistent: bool,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// The stored text this tab last wrote or folded in: anything else
    /// under the key was written by another tab and must be folded in.
    seen: StoredValue<Option<String>, LocalStorage>,
}

const SAVE_DELAY: Duration = Duration::from_millis(300);

impl Store {
    /// Reads local storage (backing up anything unreadable) and starts
    /// listening to other tabs and to the page being hidden.
    /// `persist: false` keeps everything in memory (benchmark plans).
    pub fn start(plan: &'static Plan, persist: bool) -> Store {
        let persistent = persist && storage::available();
        let stored = if persistent { storage::read(storage::DOCUMENT_KEY) } else { None };
        let startup = persistence::startup(stored.as_deref(), plan);
        let store = Store {
            plan,
            document: RwSignal::new(startup.document),
            undo: RwSignal::new(Vec::new()),
            baseline: RwSignal::new(None),
            save_state: RwSignal::new(if persistent { SaveState::Saved(0) } else { SaveState::MemoryOnly }),
            banners: RwSignal::new(Vec::new()),
            mismatched: RwSignal::new(startup.mismatched.clone()),
            persistent,
            timer: StoredValue::new_local(None),
            seen: StoredValue::new_local(stored.clone()),
        };
        if persist && !persistent {
            store.announce(
                Severity::Warning,
                "Le stockage local de ce navigateur est indisponible (bloqué ou désactivé) : vos annotations ne seront pas conservées après la fermeture de l’onglet. Exportez-les pour les garder.".into(),
                None,
                true,
            );
        }
        let backup_key = match (&stored, startup.backup) {
            (Some(raw), true) => {
                match storage::back_up(raw, now()) {
                    Ok(key) => Some(key),
                    Err(e) => {
                        store.announce(
                            Severity::Error,
                            format!("Impossible de mettre de côté les données illisibles : {e}. Vigie n’écrira pas par-dessus : les modifications de cette session restent en mémoire, exportez-les."),
                            None,
                            true,
                        );
                        store.save_state.set(SaveState::MemoryOnly);
                        // Never write over text that could not be copied aside.
                        return Store { persistent: false, ..store };
                    }
                }
            }
            _ => None,
        };
        match startup.notice {
            StartupNotice::None => {}
            StartupNotice::Migrated { from } => store.announce(
                Severity::Info,
                format!("Vos annotations enregistrées au format {from} ont été converties au format actuel. L’ancienne version est conservée à part."),
                backup_key,
                false,
            ),
            StartupNotice::Salvaged { dropped } => store.announce(
                Severity::Warning,
                format!(
                    "Une partie des annotations enregistrées était illisible et a été écartée ({}). Tout le reste a été repris ; une copie intacte des données d’origine est conservée.",
                    dropped.join(" ; ")
                ),
                backup_key,
                false,
            ),
            StartupNotice::Unreadable { reason } => store.announce(
                Severity::Error,
                format!("Vigie démarre sans annotations : {reason}. Les données d’origine n’ont pas été effacées : une copie est conservée et téléchargeable."),
                backup_key,
                false,
            ),
        }
        if !startup.mismatched.is_empty() {
            let list = startup.mismatched.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ");
            store.announce(
                Severity::Warning,
                format!("Le texte du plan a changé depuis certaines annotations (mesures {list}) : elles sont conservées et signalées, vérifiez-les."),
                None,
                false,
            );
        }
        if persistent {
            let other_tab = storage::on_other_tab_change(move |raw| {
                // An unreadable copy stays "unseen", so that the next flush
                // sets it aside before writing over it.
                if store.fold_in(raw.as_deref()).is_ok() {
                    store.seen.set_value(raw);
                }
            });
            let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
                if document().visibility_state() == web_sys::VisibilityState::Hidden {
                    store.flush();
                }
            });
            let leaving = window_event_listener(leptos::ev::pagehide, move |_| store.flush());
            on_cleanup(move || {
                other_tab.remove();
                hidden.remove();
                leaving.remove();
            });
        }
        store
    }

    pub fn plan(&self) -> &'static Plan {
        self.plan
    }

    fn announce(&self, severity: Severity, message: String, backup_key: Option<String>, suggest_export: bool) {
        self.banners.update(|b| {
            let id = b.iter().map(|x| x.id + 1).max().unwrap_or(0);
            b.push(Banner { id, severity, message, backup_key, suggest_export });
        });
    }

    pub fn dismiss(&self, id: u32) {
        self.banners.update(|b| b.retain(|x| x.id != id));
    }

    /// Applies an edit to one measure and schedules a save.
    pub fn edit(&self, measure: MeasureNo, edit: Edit, comment: &str) -> Result<(), String> {
        let plan = self.plan;
        let now = now();
        let outcome = self.document.try_maybe_update(|doc| {
            let author = doc.author.clone();
            match doc.annotations.apply(plan, measure, edit, now, &author, comment) {
                Ok(Some(step)) => (true, Ok(Some(step))),
                other => (false, other),
            }
        });
        match outcome {
            Some(Ok(Some(step))) => {
                self.undo.update(|u| u.push(Undo::Edit(step)));
                self.schedule_save();
                Ok(())
            }
            Some(Ok(None)) | None => Ok(()),
            Some(Err(e)) => Err(e.to_string()),
        }
    }

    pub fn can_undo(&self) -> bool {
        self.undo.with(|u| !u.is_empty())
    }

    /// What the next undo would revert, in words.
    pub fn undo_label(&self) -> Option<String> {
        self.undo.with(|u| {
            u.last().map(|entry| match entry {
                Undo::Edit(step) => format!("la dernière modification (mesure {})", step.measure),
                Undo::Import { .. } => "l’import".to_owned(),
            })
        })
    }

    pub fn undo(&self) {
        let mut entry = None;
        self.undo.update(|u| entry = u.pop());
        let Some(entry) = entry else { return };
        let now = now();
        self.document.update(|doc| match entry {
            Undo::Edit(step) => {
                let author = doc.author.clone();
                doc.annotations.undo(step, now, &author);
            }
            Undo::Import { before, after } => {
                let author = doc.author.clone();
                doc.annotations.revert(&before, &after, now, &author);
            }
        });
        self.schedule_save();
    }

    /// Replaces or merges in imported annotations; undoable as one step.
    pub fn import(&self, annotations: Annotations, replace: bool) {
        let before = self.document.with_untracked(|d| d.annotations.clone());
        let now = now();
        self.document.update(|doc| {
            if replace {
                doc.annotations = annotations;
                // So that another tab's copy cannot bring back what was replaced.
                doc.replaced_at = now;
            } else {
                doc.annotations.merge(&annotations);
            }
        });
        let after = self.document.with_untracked(|d| d.annotations.clone());
        self.undo.update(|u| u.push(Undo::Import { before, after }));
        self.schedule_save();
    }

    pub fn set_author(&self, author: Author) {
        self.document.maybe_update(|doc| {
            let changed = doc.author != author;
            doc.author = author;
            changed
        });
        self.schedule_save();
    }

    fn schedule_save(&self) {
        if !self.persistent {
            return;
        }
        if !matches!(self.save_state.get_untracked(), SaveState::Failed(_)) {
            self.save_state.set(SaveState::Pending);
        }
        let store = *self;
        self.timer.update_value(|t| {
            if let Some(handle) = t.take() {
                handle.clear();
            }
            *t = set_timeout_with_handle(move || store.flush(), SAVE_DELAY).ok();
        });
    }

    /// Writes now, after folding in whatever another tab stored meanwhile,
    /// so that neither tab overwrites the other's newer edits.
    pub fn flush(&self) {
        if !self.persistent || !self.has_unsaved() {
            return;
        }
        if let Some(handle) = self.timer.try_update_value(|t| t.take()).flatten() {
            handle.clear();
        }
        let stored = storage::read(storage::DOCUMENT_KEY);
        if stored != self.seen.get_value() {
            if let (Err(reason), Some(raw)) = (self.fold_in(stored.as_deref()), &stored) {
                // Unreadable text appeared under our key: keep a copy before writing.
                if let Err(e) = storage::back_up(raw, now()) {
                    self.save_state.set(SaveState::Failed(format!("{reason} ; copie impossible : {e}")));
                    return;
                }
            }
        }
        let now = now();
        let text = self.document.with_untracked(|doc| Document { written_at: now, ..doc.clone() }.encode(false));
        match storage::write(storage::DOCUMENT_KEY, &text) {
            Ok(()) => {
                self.seen.set_value(Some(text));
                self.save_state.set(SaveState::Saved(now));
            }
            Err(e) => {
                if !matches!(self.save_state.get_untracked(), SaveState::Failed(_)) {
                    self.announce(
                        Severity::Error,
                        format!("L’enregistrement a échoué : {e}. Vos modifications restent dans cet onglet ; exportez-les pour ne rien perdre."),
                        None,
                        true,
                    );
                }
                self.save_state.set(SaveState::Failed(e));
            }
        }
    }

    fn has_unsaved(&self) -> bool {
        matches!(self.save_state.get_untracked(), SaveState::Pending | SaveState::Failed(_))
    }

    /// Folds another tab's stored copy into ours (see `Document::fold`); an
    /// unreadable copy leaves ours untouched and says why.
    fn fold_in(&self, stored: Option<&str>) -> Result<(), String> {
        let plan = self.plan;
        let (result, adopted_replacement) = self
            .document
            .try_maybe_update(|doc| match persistence::fold_in(doc, stored, plan) {
                Ok(folded) if folded.annotations != doc.annotations || folded.replaced_at != doc.replaced_at => {
                    let adopted = folded.replaced_at > doc.replaced_at;
                    doc.annotations = folded.annotations;
                    doc.replaced_at = folded.replaced_at;
                    (true, (Ok(()), adopted))
                }
                Ok(_) => (false, (Ok(()), false)),
                Err(e) => (false, (Err(e), false)),
            })
            .unwrap_or((Ok(()), false));
        if adopted_replacement {
            // Another tab replaced everything since: undoing one of our
            // imports would now write over its choice.
            self.undo.update(|u| u.retain(|step| matches!(step, Undo::Edit(_))));
        }
        result
    }
}
