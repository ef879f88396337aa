//! The app-wide state every screen reads, provided once by the app and read
//! through [`ctx`]: the plan and its search index, the router, the
//! annotation store, today's date, and the exchange state (a file waiting
//! for the user's choice, the last message about files, the baseline and
//! what moved since). Screens import from here, never from each other.

use crate::core::french;
use leptos::prelude::*;

use crate::core::date::{french_datetime, IsoDate};
use crate::core::files::codec::{Decoded, Problems};
use crate::core::files::exchange::{self, Choices, Movement, Pick, Preview};
use crate::core::files::persistence::{Severity, StorageError};
use crate::core::files::reference::{Reference, REFERENCE_KEY};
use crate::core::files::roundup::{Round, Sources};
use crate::core::plan::search::SearchIndex;
use crate::core::plan::Plan;
use crate::core::record::document::Document;
use crate::core::wording;

use crate::ui::clock::zone;
use crate::ui::router::Router;
use crate::ui::storage;
use crate::ui::store::Store;

/// App-wide state. The plan and its index never change after start-up, so
/// they are leaked once to `'static` and shared without signals.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub plan: &'static Plan,
    pub index: &'static SearchIndex<'static>,
    pub router: Router,
    pub store: Store,
    /// Today's date, which changes at midnight.
    pub today: ReadSignal<IsoDate>,
    pub exchange: Exchange,
    /// The thesaurus's chunk has arrived: searches link the trade's words
    /// to the plan's from then on (see `lazy::query`).
    pub thesaurus: RwSignal<bool>,
}

pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// A file read and validated, waiting for the user's choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub file_name: String,
    pub document: Document,
    pub preview: Preview,
    /// For each field in conflict, the value to keep (the latest by
    /// default), or none yet.
    pub choices: Choices,
    /// The user asked to replace and must confirm.
    pub confirming_replace: bool,
    /// What the spreadsheet was, when the file is one (its changes are in
    /// `document`, which is then this tab's document plus them).
    pub sheet: Option<SheetInfo>,
    /// How far ahead of this machine's clock the file's clock ran, when it
    /// did by more than five minutes (see [`exchange::clock_ahead`]).
    pub ahead: Option<i64>,
    /// What could not be read of a damaged file (only the rest comes in).
    pub damaged: Option<Problems>,
    /// Why the preview was made again (another tab changed the annotations
    /// while it was shown).
    pub redone: bool,
    /// Several files taken in at once: each one's line, and where each
    /// value offered in a conflict comes from. `document` is then their
    /// union, and `file_name` says how many they are.
    pub round: Option<Sources>,
}

/// How a spreadsheet file was read, for its preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInfo {
    pub rows: usize,
    pub separator: char,
    pub encoding: crate::core::files::sheet::Encoding,
    /// Headers of the columns read past.
    pub ignored: Vec<String>,
    /// Whether it says what its rows were exported from.
    pub versions: crate::core::files::sheet::Versions,
    pub dates: crate::core::files::sheet::DateOrder,
}

impl Pending {
    /// A file's preview, its conflicts left open by default when its clock
    /// runs ahead (`ahead`) or when it is a spreadsheet (`sheet`), whose
    /// changes are stamped now and only look latest.
    pub fn new(
        file_name: String,
        decoded: Decoded,
        preview: Preview,
        ahead: Option<i64>,
        sheet: Option<SheetInfo>,
    ) -> Pending {
        Pending {
            file_name,
            choices: preview.default_choices(ahead.is_some() || sheet.is_some()),
            damaged: (!decoded.dropped.is_empty()).then_some(decoded.dropped),
            document: decoded.document,
            preview,
            confirming_replace: false,
            sheet,
            ahead,
            redone: false,
            round: None,
        }
    }

    /// Several files' preview: their union, its conflicts left open by
    /// default when a file's clock runs ahead or a file is a spreadsheet.
    pub fn of_round(round: Round) -> Pending {
        let files = round.sources.lines.len();
        Pending {
            file_name: format!("{files}\u{a0}fichiers"),
            choices: round.preview.default_choices(round.sources.open_by_default()),
            document: round.union,
            preview: round.preview,
            confirming_replace: false,
            sheet: None,
            ahead: None,
            damaged: None,
            redone: false,
            round: Some(round.sources),
        }
    }

    /// Whether no conflict is settled on « the latest » by default.
    pub fn open_by_default(&self) -> bool {
        self.ahead.is_some()
            || self.sheet.is_some()
            || self.round.as_ref().is_some_and(Sources::open_by_default)
    }

    /// What the header's Undo button names the import by.
    pub fn undo_label(&self) -> String {
        match &self.round {
            Some(sources) => {
                format!(
                    "l’import de {}",
                    french::plural(sources.lines.len(), "fichier", "fichiers")
                )
            }
            None => format!("l’import de {}", french::quoted(&self.file_name)),
        }
    }

    /// The preview made again: choices kept where the same value is still
    /// offered, the default elsewhere.
    pub fn redo(&mut self, preview: Preview) {
        let mut choices = preview.default_choices(self.open_by_default());
        for c in &preview.conflicts {
            for f in &c.fields {
                let still_offered = |at| f.values.iter().any(|o| o.value.at == at);
                match self.choices.get(c.measure, f.field) {
                    Some(Pick::Keep(at)) if still_offered(at) => {
                        choices.set(c.measure, f.field, Pick::Keep(at))
                    }
                    Some(Pick::Open) => choices.set(c.measure, f.field, Pick::Open),
                    _ => {}
                }
            }
        }
        self.choices = choices;
        self.preview = preview;
        self.redone = true;
        self.confirming_replace = false;
    }
}

/// What the exchange screen says about the last file, and how much it
/// matters (the banner's colour and role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub severity: Severity,
}

impl Message {
    pub fn info(text: String) -> Message {
        Message { text, severity: Severity::Info }
    }

    pub fn error(text: String) -> Message {
        Message { text, severity: Severity::Error }
    }
}

/// What moved since the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    /// The baseline's date, `01/10/2026`.
    pub since: String,
    pub movements: Vec<Movement>,
}

/// The exchange state: it outlives the exchange screen (a file dropped on
/// another screen opens there with its preview; the baseline's movements
/// show on the list, the dashboard and the slides).
#[derive(Clone, Copy)]
pub struct Exchange {
    /// Files dropped on the page, waiting for the exchange screen to read
    /// them (its code is fetched with it).
    dropped: RwSignal<Vec<web_sys::File>, LocalStorage>,
    pending: RwSignal<Option<Pending>>,
    /// Several files being read: how many are done, out of how many.
    reading: RwSignal<Option<(usize, usize)>>,
    message: RwSignal<Option<Message>>,
    /// The reference briefing (« Comparer avec… »), kept in storage so
    /// that it outlives a reload and reaches the speaker's window: change
    /// it through [`Exchange::set_reference`].
    reference: RwSignal<Option<Reference>>,
    pub moved: Memo<Option<Moved>>,
}

impl Exchange {
    pub fn new(plan: &'static Plan, store: Store) -> Exchange {
        // Without local storage (blocked), the reference lasts the visit.
        let stored = storage::available()
            .then(|| storage::read(REFERENCE_KEY))
            .flatten()
            .and_then(|raw| Reference::decode(&raw, plan));
        let reference: RwSignal<Option<Reference>> = RwSignal::new(stored);
        // Another tab or the room's window changed it: follow.
        let listener = storage::on_other_window_writing(REFERENCE_KEY, move |raw| {
            reference.set(raw.and_then(|raw| Reference::decode(&raw, plan)));
        });
        on_cleanup(move || listener.remove());
        let document = store.document();
        let moved = Memo::new(move |_| {
            reference.with(|r| {
                r.as_ref().map(|r| Moved {
                    // With the time: two exports of the same day are told apart.
                    since: french_datetime(r.written_at, &zone),
                    movements: document.with(|d| exchange::movements(plan, r, d.annotations())),
                })
            })
        });
        Exchange {
            dropped: RwSignal::new_local(Vec::new()),
            pending: RwSignal::new(None),
            reading: RwSignal::new(None),
            message: RwSignal::new(None),
            reference,
            moved,
        }
    }

    /// The import waiting for the user's choices, if any.
    pub fn pending(&self) -> ReadSignal<Option<Pending>> {
        self.pending.read_only()
    }

    /// What the exchange screen says about the last file.
    pub fn message(&self) -> ReadSignal<Option<Message>> {
        self.message.read_only()
    }

    /// How far a round of several files is: done, out of how many.
    pub fn reading(&self) -> ReadSignal<Option<(usize, usize)>> {
        self.reading.read_only()
    }

    /// Shows a file's preview; a message about an earlier file goes, so
    /// that the two are never read as one.
    pub fn preview(&self, pending: Pending) {
        self.message.set(None);
        self.pending.set(Some(pending));
    }

    /// Changes the waiting import (a choice made, « Remplacer » asked).
    pub fn choose(&self, change: impl FnOnce(&mut Pending)) {
        self.pending.update(|p| {
            if let Some(p) = p {
                change(p)
            }
        });
    }

    /// Ends the waiting import (taken in, cancelled or refused) and says
    /// so; `None` says nothing.
    pub fn close(&self, message: Option<Message>) {
        self.pending.set(None);
        self.message.set(message);
    }

    /// Says something about files without touching a waiting import.
    pub fn say(&self, message: Message) {
        self.message.set(Some(message));
    }

    /// A round of `total` files starts, or has read `done` of them; `None`
    /// when it is over.
    pub fn set_reading(&self, progress: Option<(usize, usize)>) {
        self.reading.set(progress);
    }

    /// The files dropped on the page and not read yet, handed over once.
    pub fn take_dropped(&self) -> Vec<web_sys::File> {
        if self.dropped.with(Vec::is_empty) {
            return Vec::new();
        }
        self.dropped.try_update_untracked(std::mem::take).unwrap_or_default()
    }

    pub fn reference(&self) -> Option<Reference> {
        self.reference.get()
    }

    /// Compares with `reference` from now on (or with nothing), here and in
    /// every window of Vigie, and keeps it for the next visit. A reference
    /// that cannot be kept (storage full) still applies to this page, and
    /// the message says it will be forgotten.
    pub fn set_reference(&self, reference: Option<Reference>) {
        let kept = match &reference {
            Some(_) if !storage::available() => Err(StorageError::Unavailable),
            Some(r) => storage::put(REFERENCE_KEY, &r.encode()),
            None if !storage::available() => Ok(()),
            None => {
                storage::remove(REFERENCE_KEY);
                Ok(())
            }
        };
        self.reference.set(reference);
        self.message.set(kept.err().map(|e| Message::error(wording::reference_not_kept(e))));
    }

    /// Takes the files dropped anywhere on the page as an import (one file,
    /// or a round of several): the exchange screen opens and reads them.
    pub fn listen_for_drops(self, router: Router) {
        let over = window_event_listener(leptos::ev::dragover, |ev| {
            if ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0)) {
                ev.prevent_default();
            }
        });
        let drop = window_event_listener(leptos::ev::drop, move |ev| {
            let Some(list) = ev.data_transfer().and_then(|d| d.files()) else { return };
            let files: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            if files.is_empty() {
                return;
            }
            ev.prevent_default();
            self.dropped.set(files);
            router.go(crate::core::view::route::Route::Exchange, crate::ui::router::History::Push);
        });
        on_cleanup(move || {
            over.remove();
            drop.remove();
        });
    }
}
