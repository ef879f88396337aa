//! The annotation store: the user's document in one signal, this tab's
//! editing state ([`Editing`]: what is being typed, the undo and redo
//! stacks, whose rules are plain core code) in another, and the saving
//! policy. Components read it through accessors and change it only through
//! its methods, so every change schedules a save.
//!
//! Saving: this tab writes to its own journal key (300 ms after a change,
//! and at once when the page is hidden or left), which no other tab writes,
//! what only it holds: its document beyond the marks of what the main key
//! and the other journals hold ([`Marks`]), so that a save while typing
//! writes a few changes, not five years of history. Another tab's journal
//! arrives as a storage event and is folded in, and its marks added. Under a
//! Web Lock, at start-up and whenever this tab's journal grows large (an
//! import), the main key is rewritten packed with everything; only then
//! does this tab's journal shrink, and the journals of closed tabs go (see
//! [`crate::core::files::persistence`]).

use std::time::Duration;

use leptos::prelude::*;

use crate::core::files::codec;
use crate::core::files::exchange::{self, ApplyError, ImportMode, Preview};
pub use crate::core::files::persistence::Severity;
use crate::core::files::persistence::{
    self, journal_key, BackupKey, Copy, Notice, StorageError, MAIN_KEY,
};
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::annotations::{Author, Change, EditError, Field};
use crate::core::record::document::{Document, Editor, Marks};
use crate::core::record::drafts::{self, drafts_key, DraftField, Drafts};
use crate::core::record::editing::{Desk, Editing, Subject, Undid, Way};
use crate::core::record::stamp::{Replica, Stamp};
use crate::core::wording;

use crate::ui::clock::{now, random_bits};
use crate::ui::storage;

/// Where the last save stands, for the discreet indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is in local storage, as of this instant (0: nothing to save yet).
    Saved(i64),
    /// A change waits for the debounce.
    Pending,
    /// Local storage is unavailable: changes live in this tab only.
    MemoryOnly,
    /// Newer data is stored: this tab only reads.
    ReadOnly,
    /// The last write failed; changes are still in memory.
    Failed(StorageError),
}

/// How this tab keeps its changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Journal,
    Memory,
    ReadOnly,
}

/// A message shown above every screen until dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    pub id: u32,
    pub severity: Severity,
    pub message: String,
    /// A stored copy the user may download.
    pub backup_key: Option<BackupKey>,
    /// Whether to suggest an export (the data is only in memory).
    pub suggest_export: bool,
}

/// What the last undo or redo did, or why it did nothing: a toast read out
/// by screen readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub text: String,
    pub severity: Severity,
}

#[derive(Clone, Copy)]
pub struct Store {
    plan: &'static Plan,
    /// This tab: its journal, drafts and life lock are named after it.
    tab: Replica,
    /// What stamps this tab's changes: the tab's id, unless a file showed
    /// it in use elsewhere (then a new one is drawn; see
    /// [`Notice::ReplicaRenewed`]).
    replica: StoredValue<Replica, LocalStorage>,
    document: RwSignal<Document>,
    /// Wakes its readers only when the undo and redo buttons change.
    editing: RwSignal<Editing>,
    save_state: RwSignal<SaveState>,
    banners: RwSignal<Vec<Banner>>,
    said: RwSignal<Option<Said>>,
    drafts: RwSignal<Drafts>,
    mode: RwSignal<Mode>,
    /// Bumped when a field is left, so that it shows the stored value again.
    typing_epoch: RwSignal<u32>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// The journal text and drafts as last written (`None`: nothing yet).
    written: StoredValue<(Option<String>, Option<Drafts>), LocalStorage>,
    /// What the main key and the other tabs' journals are known to hold.
    stored: StoredValue<Marks, LocalStorage>,
    compaction: StoredValue<Compaction, LocalStorage>,
}

/// Whether the main key is being rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compaction {
    Idle,
    Running,
    /// Running, and asked again meanwhile: once more when done.
    Again,
}

const SAVE_DELAY: Duration = Duration::from_millis(300);
/// The lock under which the main key is rewritten and journals removed.
const MAIN_LOCK: &str = "vigie.annotations";
/// A journal this long (characters) is folded into the main key: past it,
/// each save would rewrite more than a typing session's changes.
const JOURNAL_COMPACT_AT: usize = 32 * 1024;

impl Store {
    /// Starts from what local storage held (`main` and `journals`, read
    /// together before mounting; copying aside anything it must not write
    /// over) and listens to other tabs and to the page being hidden.
    /// `persist: false` keeps everything in memory (benchmark plans).
    pub fn start(
        plan: &'static Plan,
        persist: bool,
        main: storage::MainKey,
        journals: Vec<(String, String)>,
    ) -> Store {
        let available = persist && storage::available();
        let (main, journals) =
            if available { (main, journals) } else { (storage::MainKey::default(), Vec::new()) };
        let startup =
            persistence::startup_unpacked(main.json.as_deref(), main.lost.clone(), &journals, plan);
        // A tab's id must be new: not one whose journal is stored, nor one
        // that stamped stored changes (a copied profile, a poor random source).
        let mut tab = Replica::from_bits(random_bits());
        let mut renewed = false;
        while startup.document.uses_replica(tab)
            || journals.iter().any(|(k, _)| *k == journal_key(tab))
        {
            tab = Replica::from_bits(random_bits());
            renewed = true;
        }
        let mode = match (available, startup.read_only) {
            (false, _) => Mode::Memory,
            (true, true) => Mode::ReadOnly,
            (true, false) => Mode::Journal,
        };
        let stored = Marks::of(&startup.document);
        let store = Store {
            plan,
            tab,
            replica: StoredValue::new_local(tab),
            document: RwSignal::new(startup.document),
            editing: RwSignal::new(Editing::default()),
            save_state: RwSignal::new(match mode {
                Mode::Journal => SaveState::Saved(0),
                Mode::Memory => SaveState::MemoryOnly,
                Mode::ReadOnly => SaveState::ReadOnly,
            }),
            banners: RwSignal::new(Vec::new()),
            said: RwSignal::new(None),
            drafts: RwSignal::new(Drafts::default()),
            mode: RwSignal::new(mode),
            typing_epoch: RwSignal::new(0),
            timer: StoredValue::new_local(None),
            written: StoredValue::new_local((None, None)),
            stored: StoredValue::new_local(stored),
            compaction: StoredValue::new_local(Compaction::Idle),
        };
        if persist && !available {
            store.announce(Notice::Unavailable, None);
        }
        if renewed {
            store.announce(Notice::ReplicaRenewed, None);
        }
        let backup = store.set_aside(&startup.back_up, main.raw.as_deref(), &journals);
        for notice in startup.notices {
            store.announce(notice, backup);
        }
        if !startup.mismatched.is_empty() {
            store.announce(Notice::Mismatched { measures: startup.mismatched }, None);
        }
        if available {
            storage::hold_for_life(&storage::life_lock(tab));
            let other_tab =
                storage::on_other_tab_change(move |key, text| store.other_tab_wrote(&key, text));
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
            // After the first screen: nothing of it waits for this.
            set_timeout(move || store.compact(), Duration::from_millis(1_500));
        }
        store
    }

    /// The document, to read (views never write it).
    pub fn document(&self) -> ReadSignal<Document> {
        self.document.read_only()
    }

    pub fn save_state(&self) -> ReadSignal<SaveState> {
        self.save_state.read_only()
    }

    pub fn banners(&self) -> ReadSignal<Vec<Banner>> {
        self.banners.read_only()
    }

    /// What the last undo or redo did.
    pub fn said(&self) -> ReadSignal<Option<Said>> {
        self.said.read_only()
    }

    /// Whether this tab may change nothing (newer data is stored).
    pub fn read_only(&self) -> bool {
        self.mode.get() == Mode::ReadOnly
    }

    /// Copies aside the stored texts of `keys` before anything replaces
    /// them; if one cannot be, this tab stays in memory and never writes.
    /// Returns the first copy's key, for the banner's download.
    fn set_aside(
        &self,
        keys: &[String],
        main: Option<&str>,
        journals: &[(String, String)],
    ) -> Option<BackupKey> {
        let mut first = None;
        for raw in keys.iter().filter_map(|k| persistence::stored_text(k, main, journals)) {
            match storage::keep_aside(raw, now()) {
                Ok(key) => first = first.or(Some(key)),
                Err(reason) => {
                    self.announce(Notice::BackupImpossible { reason }, None);
                    self.mode.set(Mode::Memory);
                    self.save_state.set(SaveState::MemoryOnly);
                    break;
                }
            }
        }
        first
    }

    fn announce(&self, notice: Notice, backup: Option<BackupKey>) {
        let message = notice.message();
        let banner = |id| Banner {
            id,
            severity: notice.severity(),
            message: message.clone(),
            backup_key: backup.filter(|_| notice.has_backup()),
            suggest_export: notice.suggests_export(),
        };
        self.banners.update(|b| {
            if b.iter().any(|x| x.message == message) {
                return;
            }
            let id = b.iter().map(|x| x.id + 1).max().unwrap_or(0);
            b.push(banner(id));
        });
    }

    pub fn dismiss(&self, id: u32) {
        self.banners.update(|b| b.retain(|x| x.id != id));
    }

    fn editor(&self) -> Editor {
        Editor { replica: self.replica.get_value(), now: now() }
    }

    fn by(&self) -> String {
        self.document.with_untracked(|d| d.author().display())
    }

    fn writable(&self) -> Result<(), EditError> {
        match self.mode.get_untracked() {
            Mode::ReadOnly => Err(EditError::ReadOnly),
            _ => Ok(()),
        }
    }

    /// Runs one of the editing rules on the document and drafts, waking
    /// only the watchers of what it changed, and says so when typed text
    /// was refused (it is kept as a draft).
    fn with_desk<R>(&self, rule: impl FnOnce(&mut Editing, &mut Desk) -> R) -> R {
        let (plan, by, editor) = (self.plan, self.by(), self.editor());
        let buttons = |e: &Editing| (e.next(Way::Undo).cloned(), e.next(Way::Redo).cloned());
        let (mut out, mut refused) = (None, None);
        self.editing.maybe_update(|editing| {
            let before = buttons(editing);
            self.drafts.maybe_update(|drafts| {
                let mut drafts_changed = false;
                self.document.maybe_update(|document| {
                    let mut desk = Desk::new(plan, document, drafts, &by, &editor);
                    out = Some(rule(editing, &mut desk));
                    drafts_changed = desk.drafts_changed;
                    desk.document_changed
                });
                drafts_changed
            });
            refused = editing.take_refused();
            buttons(editing) != before
        });
        if let Some(refused) = refused {
            self.say(Said { text: wording::typing_refused(&refused), severity: Severity::Warning });
        }
        out.expect("the editing signal is alive as long as the store")
    }

    /// Applies one change to a measure (status, progress, due date, links)
    /// and schedules a save. A comment typed before it is attached to it.
    pub fn edit(&self, measure: MeasureNo, change: Change) -> Result<(), EditError> {
        self.writable()?;
        if self.with_desk(|e, desk| e.edit(desk, measure, change))? {
            self.schedule_save();
        }
        Ok(())
    }

    /// The change a comment typed now on `measure` explains: this tab's
    /// latest change to it, or else the latest change signed by the author.
    pub fn comment_target(&self, measure: MeasureNo) -> Option<Stamp> {
        // Tracks the document too: the editing signal wakes only when the
        // undo buttons change, but every change it notes as this tab's
        // latest is a change of the document.
        self.editing.with(|e| self.document.with(|d| e.comment_target(d, measure)))
    }

    /// Text typed into a field of the document (pilote, notes, the comment
    /// on a change): saved as it is typed.
    pub fn typed(&self, measure: MeasureNo, field: Field, text: String) -> Result<(), EditError> {
        self.writable()?;
        self.with_desk(|e, desk| e.typed(desk, measure, field, text));
        self.schedule_save();
        Ok(())
    }

    /// A field saved as typed took the focus (see [`Editing::begin_typing`]).
    pub fn begin_typing(&self, measure: MeasureNo, field: Field, shown: String) {
        if self.writable().is_ok() {
            self.with_desk(|e, desk| e.begin_typing(desk, measure, field, shown));
        }
    }

    /// What is being typed into this field, if it is: shown instead of the
    /// stored value, so that nothing arriving from another tab overwrites it.
    pub fn typing_text(&self, measure: MeasureNo, field: Field) -> Option<String> {
        self.editing.with_untracked(|e| e.typing_text(measure, field).map(str::to_owned))
    }

    /// The field was left: what was typed is saved as it stands.
    pub fn end_typing(&self) {
        if self.with_desk(|e, desk| e.end_typing(desk)) {
            self.typing_epoch.update(|n| *n += 1);
        }
        self.schedule_save();
    }

    /// Changes when a field being typed into is left.
    pub fn typing_epoch(&self) -> ReadSignal<u32> {
        self.typing_epoch.read_only()
    }

    /// Turns what is being typed into a change, or amends the one it already made.
    fn commit_typing(&self) {
        self.with_desk(|e, desk| e.commit_typing(desk));
    }

    /// A draft of a form field that is not a change yet.
    pub fn draft(&self, measure: MeasureNo, field: DraftField) -> String {
        self.drafts.with(|d| d.get(measure, field).to_owned())
    }

    pub fn set_draft(&self, measure: MeasureNo, field: DraftField, text: &str) {
        let changed = self.drafts.try_update(|d| d.set(measure, field, text)).unwrap_or(false);
        if changed {
            self.schedule_save();
        }
    }

    /// Other texts kept for a field, adopted from closed tabs.
    pub fn draft_alternatives(&self, measure: MeasureNo, field: DraftField) -> Vec<String> {
        self.drafts
            .with(|d| d.alternatives(measure, field).into_iter().map(str::to_owned).collect())
    }

    /// Puts the `n`-th alternative in the field; the text it had becomes one.
    pub fn take_draft_alternative(&self, measure: MeasureNo, field: DraftField, n: usize) {
        if self.drafts.try_update(|d| d.take_alternative(measure, field, n)).unwrap_or(false) {
            self.schedule_save();
        }
    }

    /// Lets the `n`-th alternative go.
    pub fn discard_draft_alternative(&self, measure: MeasureNo, field: DraftField, n: usize) {
        if self.drafts.try_update(|d| d.discard_alternative(measure, field, n)).unwrap_or(false) {
            self.schedule_save();
        }
    }

    /// Whether there is a step to undo or redo.
    pub fn can(&self, way: Way) -> bool {
        self.editing.with(|e| e.can(way))
    }

    /// What the next undo or redo would be about, in words.
    pub fn next_label(&self, way: Way) -> Option<String> {
        self.editing.with(|e| e.next(way).map(wording::subject))
    }

    /// Undoes or redoes the last step (its code comes with the `entretien`
    /// chunk: see `lazy::undo_or_redo`).
    pub fn undo(&self, way: Way) {
        crate::ui::lazy::undo_or_redo(*self, way);
    }

    /// What [`Store::undo`] does once its code is loaded.
    pub(super) fn undo_now(&self, way: Way) {
        if self.writable().is_err() {
            return;
        }
        let Some(undid) = self.with_desk(|e, desk| e.undo(desk, way)) else { return };
        let (text, severity) = wording::undid(way, &undid);
        self.say(Said { text, severity });
        if matches!(undid, Undid::Done { .. }) {
            self.schedule_save();
        }
    }

    /// Shows what an undo or redo did for a few seconds (a toast read out
    /// by screen readers).
    pub(super) fn say(&self, said: Said) {
        let shown = said.clone();
        self.said.set(Some(said));
        let slot = self.said;
        set_timeout(
            move || {
                slot.update(|s| {
                    if s.as_ref() == Some(&shown) {
                        *s = None
                    }
                })
            },
            Duration::from_secs(8),
        );
    }

    /// Sets a field back to the value of one of its past changes.
    pub fn revert_to(&self, measure: MeasureNo, at: Stamp) -> Result<(), EditError> {
        self.writable()?;
        if self.with_desk(|e, desk| e.revert_to(desk, measure, at))? {
            self.schedule_save();
        }
        Ok(())
    }

    /// Settles a conflict on the value of the head stamped `keep`.
    pub fn resolve(&self, measure: MeasureNo, keep: Stamp) -> Result<(), EditError> {
        self.writable()?;
        if self.with_desk(|e, desk| e.resolve(desk, measure, keep))? {
            self.schedule_save();
        }
        Ok(())
    }

    /// Settles a notes conflict on every text at once (« Garder les deux »).
    pub fn keep_both(&self, measure: MeasureNo) -> Result<(), EditError> {
        self.writable()?;
        let zone = &crate::ui::clock::zone;
        if self.with_desk(|e, desk| e.keep_both(desk, measure, zone))? {
            self.schedule_save();
        }
        Ok(())
    }

    /// Takes in an imported file as one undoable step, provided it still
    /// does what `shown` said (else the new preview comes back, nothing
    /// changed). A file that shows this tab's id in use elsewhere makes it
    /// draw another.
    pub fn import(
        &self,
        file: &Document,
        mode: &ImportMode,
        shown: &Preview,
        undo_label: String,
    ) -> Result<(), ImportRefused> {
        self.writable().map_err(|_| ImportRefused::ReadOnly)?;
        self.with_desk(|e, desk| e.stop_typing(desk));
        let (plan, by, editor) = (self.plan, self.by(), self.editor());
        let clash =
            self.document.with_untracked(|d| exchange::replica_clash(d, file, editor.replica));
        let step = self.document.try_update(|doc| {
            exchange::apply(doc, plan, file, mode, shown, &by, &editor, &crate::ui::clock::zone)
        });
        match step {
            Some(Ok(step)) => {
                self.editing.update(|e| e.remember(step, Subject::Import(undo_label)))
            }
            Some(Err(ApplyError::Stale(now))) => return Err(ImportRefused::Stale(now)),
            None => {}
        }
        if clash {
            self.renew_replica();
        }
        self.schedule_save();
        Ok(())
    }

    /// Takes in a colleague's file from the team folder: a merge, as from
    /// another tab (conflicts stay open on the measures' pages; nothing to
    /// undo, nothing asked). A file that brings nothing new wakes nothing.
    pub fn fold_in(&self, file: &Document) {
        if self.writable().is_err() {
            return;
        }
        let replica = self.editor().replica;
        let clash = self.document.with_untracked(|d| exchange::replica_clash(d, file, replica));
        let changed = self
            .document
            .try_maybe_update(|doc| {
                let changed = doc.merge(file);
                (changed, changed)
            })
            .unwrap_or(false);
        if clash {
            self.renew_replica();
        }
        if changed {
            self.schedule_save();
        }
    }

    /// Draws a new id to stamp this tab's changes, and says so.
    fn renew_replica(&self) {
        let fresh = std::iter::repeat_with(|| Replica::from_bits(random_bits()))
            .find(|r| *r != self.tab && !self.document.with_untracked(|d| d.uses_replica(*r)));
        if let Some(fresh) = fresh {
            self.replica.set_value(fresh);
            self.editing.update_untracked(Editing::drop_typing);
            self.announce(Notice::ReplicaRenewed, None);
        }
    }

    /// Sets who signs from now on (as typed in the settings).
    pub fn set_author(&self, author: Author) {
        if self.writable().is_err() {
            return;
        }
        let editor = self.editor();
        if self.document.try_update(|doc| doc.set_author(author, &editor)).unwrap_or(false) {
            self.schedule_save();
        }
    }

    /// Names who signs, and signs with that name the changes this browser
    /// made unsigned and has not exported, saying how many. Saved at once,
    /// so that the other tabs take the name before they could export the
    /// unsigned copies.
    pub fn sign_as(&self, author: Author) {
        if self.writable().is_err() || author.is_empty() {
            return;
        }
        self.commit_typing();
        let editor = self.editor();
        let by = author.display();
        let signed = self.document.try_update(|doc| doc.sign_unshared(author, &editor));
        self.flush();
        if let Some(n) = signed.filter(|n| *n > 0) {
            self.say(Said { text: wording::signed_changes(n, &by), severity: Severity::Info });
        }
    }

    /// Writes a service of the team directory (new, edited or removed).
    pub fn put_service(&self, service: crate::core::record::team::Service) {
        if self.writable().is_err() {
            return;
        }
        let editor = self.editor();
        if self.document.try_update(|doc| doc.put_service(service, &editor)).unwrap_or(false) {
            self.schedule_save();
        }
    }

    /// Everything held has left the browser in an export: a name given
    /// later signs none of it.
    pub fn exported(&self) {
        if self.writable().is_err() {
            return;
        }
        // Nothing new shared, nothing to save, and no watcher woken (the
        // team folder's writer would encode the whole export again).
        let mut moved = false;
        self.document.maybe_update(|d| {
            moved = d.mark_shared();
            moved
        });
        if moved {
            self.flush();
        }
    }

    fn schedule_save(&self) {
        let store = *self;
        self.timer.update_value(|t| {
            if let Some(handle) = t.take() {
                handle.clear();
            }
            *t = set_timeout_with_handle(move || store.flush(), SAVE_DELAY).ok();
        });
        if self.mode.get_untracked() == Mode::Journal
            && !matches!(self.save_state.get_untracked(), SaveState::Failed(_))
        {
            self.save_state.set(SaveState::Pending);
        }
    }

    /// Saves now: what is being typed, then this tab's journal (what only
    /// this tab holds) and drafts. A journal grown large (an import) asks
    /// for the main key to be rewritten, which shrinks it again.
    pub fn flush(&self) {
        crate::ui::clock::timed("vigie-sauvegarde", || self.flush_now());
    }

    fn flush_now(&self) {
        if let Some(handle) = self.timer.try_update_value(|t| t.take()).flatten() {
            handle.clear();
        }
        self.commit_typing();
        if self.mode.get_untracked() != Mode::Journal {
            return;
        }
        let (journal_written, drafts_written) = self.written.get_value();
        let drafts = self.drafts.get_untracked();
        if drafts_written.as_ref() != Some(&drafts) {
            let key = drafts_key(self.tab);
            let result = if drafts.is_empty() {
                storage::remove(&key);
                Ok(())
            } else {
                storage::put(&key, &drafts.encode())
            };
            if result.is_ok() {
                self.written.update_value(|w| w.1 = Some(drafts));
            }
        }
        let now = now();
        let text = self.stored.with_value(|stored| {
            self.document.with_untracked(|doc| {
                let beyond = doc.beyond(stored);
                (!beyond.holds_nothing()).then(|| codec::encode_written_at(&beyond, now, false))
            })
        });
        // Nothing only here (and nothing written yet): no journal, so that
        // the prerendered list still shows to this reader next time (see
        // index.html).
        let unchanged = match (&journal_written, &text) {
            (None, None) => true,
            (Some(old), Some(new)) => strip_written_at(old) == strip_written_at(new),
            _ => false,
        };
        if unchanged {
            if matches!(self.save_state.get_untracked(), SaveState::Pending) {
                self.save_state.set(SaveState::Saved(now));
            }
            return;
        }
        let key = journal_key(self.tab);
        let result = match &text {
            Some(text) => storage::put(&key, text),
            None => {
                storage::remove(&key);
                Ok(())
            }
        };
        match result {
            Ok(()) => {
                let large = text.as_ref().is_some_and(|t| t.len() > JOURNAL_COMPACT_AT);
                self.written.update_value(|w| w.0 = text);
                self.save_state.set(SaveState::Saved(now));
                if large {
                    self.compact();
                }
            }
            Err(e) => {
                // Storage is full or refused: the main key, packed, may still
                // fit what the journal could not.
                self.compact();
                if !matches!(self.save_state.get_untracked(), SaveState::Failed(_)) {
                    self.announce(Notice::SaveFailed { reason: e }, None);
                }
                self.save_state.set(SaveState::Failed(e));
            }
        }
    }

    /// Another tab wrote: its journal is folded in and marked as stored. Its
    /// rewrites of the main key hold nothing its journal did not first,
    /// except when written by a newer Vigie, which makes this tab read-only.
    fn other_tab_wrote(&self, key: &str, text: Option<String>) {
        let Some(text) = text else { return };
        if key == journal_key(self.tab) || self.mode.get_untracked() == Mode::Memory {
            return;
        }
        if key == MAIN_KEY && persistence::is_packed(&text) {
            return;
        }
        match persistence::read_copy(&text, self.plan) {
            Copy::Read { document, .. } => {
                // What this tab held already (made or imported here) stays
                // in its journal: the other may shrink its own.
                let new = self.document.with_untracked(|ours| Marks::of_new(&document, ours));
                self.stored.update_value(|s| s.add(&new));
                self.document.update(|ours| {
                    ours.fold_tab(&document);
                });
            }
            Copy::Newer(schema) => {
                // What this tab holds is saved once more in its own journal,
                // which the newer version reads; then it only reads.
                self.flush();
                self.mode.set(Mode::ReadOnly);
                self.save_state.set(SaveState::ReadOnly);
                self.announce(Notice::Newer { schema }, None);
            }
            Copy::Unreadable(reason) => {
                if self.mode.get_untracked() != Mode::Journal {
                    return;
                }
                // Set aside at once, before anything could write over it.
                match storage::keep_aside(&text, now()) {
                    Ok(backup) => {
                        self.announce(Notice::OtherTabUnreadable { reason }, Some(backup));
                        if key == MAIN_KEY {
                            self.compact();
                        }
                    }
                    Err(e) => self.save_state.set(SaveState::Failed(e)),
                }
            }
        }
    }

    /// Takes in the drafts of tabs that are gone (a reload, a closed tab),
    /// saves them as this tab's, then removes theirs. Runs under the main
    /// lock (from [`Store::compact`]), so two tabs starting together do not
    /// both take them.
    fn adopt_drafts(&self, live: Option<&[Replica]>) {
        let keys: Vec<String> = storage::draft_keys()
            .into_iter()
            .filter(|k| drafts::adoptable(k, self.tab, live))
            .collect();
        if keys.is_empty() {
            return;
        }
        for key in &keys {
            let theirs = Drafts::decode(storage::read(key).as_deref());
            self.drafts.update(|d| {
                d.adopt(&theirs);
            });
        }
        self.flush();
        let saved = self.written.with_value(|w| w.1.as_ref() == Some(&self.drafts.get_untracked()));
        if saved {
            keys.iter().for_each(|k| storage::remove(k));
        }
    }

    /// Rewrites the main key, packed, with everything stored and this tab
    /// holds, under the lock; then shrinks this tab's journal to what came
    /// since, and removes the journals of tabs that are gone (their content
    /// is in the main key now). Adopts their drafts first. One at a time.
    fn compact(&self) {
        let busy = self.compaction.try_update_value(|c| {
            let was = *c;
            *c = match was {
                Compaction::Idle => Compaction::Running,
                _ => Compaction::Again,
            };
            was != Compaction::Idle
        });
        if busy.unwrap_or(true) {
            return;
        }
        let store = *self;
        leptos::task::spawn_local(async move {
            storage::with_lock_async(MAIN_LOCK, async move {
                // Which tabs are open, asked once the lock is held: a tab
                // opened while waiting for it counts.
                let live = storage::live_replicas().await;
                crate::ui::lazy::compact(store, live).await;
                let again = store.compaction.try_update_value(|c| {
                    let again = *c == Compaction::Again;
                    *c = Compaction::Idle;
                    again
                });
                if again == Some(true) {
                    store.compact();
                }
            });
        });
    }

    /// What [`Store::compact`] does under the lock, from the `entretien`
    /// chunk (see `lazy::compact`).
    pub(super) async fn compact_now(&self, live: Option<Vec<Replica>>) {
        if self.mode.get_untracked() != Mode::Journal {
            return;
        }
        self.adopt_drafts(live.as_deref());
        let own = journal_key(self.tab);
        let (main, journals) = storage::annotation_texts(Some(&own));
        let main = storage::unpack_main(main).await;
        let found = persistence::startup_unpacked(
            main.json.as_deref(),
            main.lost.clone(),
            &journals,
            self.plan,
        );
        if found.read_only {
            return;
        }
        for key in &found.back_up {
            let raw = persistence::stored_text(key, main.raw.as_deref(), &journals);
            if raw.is_some_and(|raw| storage::keep_aside(raw, now()).is_err()) {
                return;
            }
        }
        let new = self.document.with_untracked(|d| Marks::of_new(&found.document, d));
        self.stored.update_value(|s| s.add(&new));
        self.document.update(|d| {
            d.fold_tab(&found.document);
        });
        self.flush();
        let collectable = persistence::collectable(&found.folded_journals, live.as_deref(), now());
        // Nothing beyond what the main key holds, nothing to collect, and it
        // is packed already: no rewrite (three tabs opening on five years of
        // history do not each compress it again).
        let main_holds_all = found
            .main
            .as_ref()
            .is_some_and(|main| self.document.with_untracked(|d| d.beyond(main).holds_nothing()))
            && collectable.is_empty()
            && main.lost.is_empty()
            && (main.raw.as_deref().is_some_and(persistence::is_packed) || !storage::can_pack());
        // Someone who never annotated has no main key: the prerendered list
        // is shown to them (see index.html).
        let empty = self.document.with_untracked(Document::is_empty) && main.raw.is_none();
        if main_holds_all || empty {
            self.check_space();
            return;
        }
        let written_at = now();
        let (snapshot, header, measures) = self.document.with_untracked(|d| {
            let (header, measures) = codec::encode_parts(d, written_at);
            (Marks::of(d), header, measures)
        });
        let text = match storage::pack_main(header, measures).await {
            Some(packed) => packed,
            None => {
                self.document.with_untracked(|d| codec::encode_written_at(d, written_at, false))
            }
        };
        if storage::put(MAIN_KEY, &text).is_err() {
            // Full: the journals stay, nothing is removed.
            self.check_space();
            return;
        }
        self.stored.update_value(|s| s.add(&snapshot));
        self.flush();
        // Only as they were folded: a journal rewritten since (its tab came
        // back under the same id) stays.
        for key in collectable {
            let folded = persistence::stored_text(&key, None, &journals);
            if storage::read(&key).as_deref() == folded {
                storage::remove(&key);
            }
        }
        if matches!(self.save_state.get_untracked(), SaveState::Failed(_)) {
            self.save_state.set(SaveState::Saved(now()));
        }
        self.check_space();
    }

    /// Says what to do when storage is filling up (once a session).
    fn check_space(&self) {
        let usage = storage::usage();
        if usage.is_high() {
            self.announce(Notice::SpaceLow { usage }, None);
        }
    }
}

/// A journal's text without its `written_at`, which changes at every save:
/// two texts equal but for it hold the same.
fn strip_written_at(text: &str) -> &str {
    text.split_once(",\"author\"").map_or(text, |(_, rest)| rest)
}

/// Why an import was not taken in. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportRefused {
    ReadOnly,
    /// The annotations changed since the preview (another tab): the new one.
    Stale(Box<Preview>),
}
