//! What users record about one measure, as a set of changes.
//!
//! Every change to a field (status, progress, pilote, due date, notes,
//! links, or the comment on another change) is an [`Entry`] named by its
//! [`Stamp`], and names the versions of that field it replaced. The state a
//! measure shows is always the fold of its entries: per field, the entries
//! nobody replaced are the *heads*; the head with the greatest stamp is the
//! value shown, and two heads with different values are a conflict that
//! waits for someone to resolve it. Merging two copies is the union of their
//! entries, so it is commutative, associative and idempotent, and no value
//! anyone wrote is ever dropped: a losing value stays an entry of the
//! history.
//!
//! Which entries are visible at all (a "Remplacer" hides entries, undoing it
//! shows them again) is decided document-wide, in [`crate::core::record::document`].

use crate::core::order;

use crate::core::date::IsoDate;
use crate::core::plan::Measure;
use crate::core::record::stamp::{Replica, Stamp};
use crate::core::record::status::Status;

/// Who makes changes: set once in the settings, signed on every change and
/// on exports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub service: String,
}

impl Author {
    /// `Claire Martin (DGPN)`, or `anonyme` when unset.
    pub fn display(&self) -> String {
        match (self.name.trim(), self.service.trim()) {
            ("", "") => "anonyme".to_owned(),
            (name, "") => name.to_owned(),
            ("", service) => service.to_owned(),
            (name, service) => format!("{name} ({service})"),
        }
    }

    /// Nobody named: changes and exports would be signed « anonyme ».
    pub fn is_empty(&self) -> bool {
        self.name.trim().is_empty() && self.service.trim().is_empty()
    }
}

/// Evidence: a labelled address. Only http(s) addresses are ever made links.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Link {
    pub label: String,
    pub url: String,
}

impl Link {
    /// Whether the address may be rendered as a clickable link.
    pub fn is_web(&self) -> bool {
        is_web_url(&self.url)
    }

    /// What to show: the label, or the address when there is none.
    pub fn shown(&self) -> &str {
        if self.label.trim().is_empty() {
            &self.url
        } else {
            &self.label
        }
    }
}

pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && lower.len() > "https://".len()
}

/// What a change can change. A comment belongs to the change it explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Status,
    Progress,
    Pilote,
    Due,
    Notes,
    Links,
    Comment(Stamp),
}

impl Field {
    /// The fields a measure shows (comments aside), in form order.
    pub const TRACKED: [Field; 6] =
        [Field::Status, Field::Progress, Field::Pilote, Field::Due, Field::Notes, Field::Links];

    /// Its id in files (`"status"`…); comments are `"comment"` with `on`.
    pub fn id(self) -> &'static str {
        match self {
            Field::Status => "status",
            Field::Progress => "progress",
            Field::Pilote => "pilote",
            Field::Due => "due",
            Field::Notes => "notes",
            Field::Links => "links",
            Field::Comment(_) => "comment",
        }
    }

    /// `statut`, `avancement`…, as in "Annulé : statut de la mesure 31".
    pub fn label(self) -> &'static str {
        match self {
            Field::Status => "statut",
            Field::Progress => "avancement",
            Field::Pilote => "pilote",
            Field::Due => "échéance",
            Field::Notes => "notes",
            Field::Links => "justificatifs",
            Field::Comment(_) => "commentaire",
        }
    }

    /// The value a field holds before anyone changed it.
    pub fn blank(self) -> Change {
        match self {
            Field::Status => Change::Status(Status::default()),
            Field::Progress => Change::Progress(0),
            Field::Pilote => Change::Pilote(String::new()),
            Field::Due => Change::Due(None),
            Field::Notes => Change::Notes(String::new()),
            Field::Links => Change::Links(Vec::new()),
            Field::Comment(on) => Change::Comment { on, text: String::new() },
        }
    }
}

/// A field and the value it takes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    Status(Status),
    Progress(u8),
    Pilote(String),
    Due(Option<IsoDate>),
    Notes(String),
    Links(Vec<Link>),
    Comment { on: Stamp, text: String },
}

impl Change {
    pub fn field(&self) -> Field {
        match self {
            Change::Status(_) => Field::Status,
            Change::Progress(_) => Field::Progress,
            Change::Pilote(_) => Field::Pilote,
            Change::Due(_) => Field::Due,
            Change::Notes(_) => Field::Notes,
            Change::Links(_) => Field::Links,
            Change::Comment { on, .. } => Field::Comment(*on),
        }
    }

    /// The value written out in one line, to hash it (stamps derived from
    /// content, migrated stamps).
    pub(crate) fn key(&self) -> String {
        match self {
            Change::Status(s) => format!("status={}", s.id()),
            Change::Progress(p) => format!("progress={p}"),
            Change::Pilote(p) => format!("pilote={p}"),
            Change::Due(d) => format!("due={}", d.map(|d| d.to_string()).unwrap_or_default()),
            Change::Notes(n) => format!("notes={n}"),
            Change::Links(l) => {
                let links: Vec<String> =
                    l.iter().map(|l| format!("{}\u{1e}{}", l.label, l.url)).collect();
                format!("links={}", links.join("\u{1d}"))
            }
            Change::Comment { on, text } => format!("comment@{on}={text}"),
        }
    }

    /// The change without the characters its texts may not hold (a bidi
    /// mark around a name pasted from a mail client, a form feed from a
    /// PDF): what a user types or pastes is cleaned, never refused.
    pub fn cleaned(self) -> Change {
        match self {
            Change::Pilote(p) => Change::Pilote(clean(&p, TextKind::Short)),
            Change::Notes(n) => Change::Notes(clean(&n, TextKind::Long)),
            Change::Comment { on, text } => {
                Change::Comment { on, text: clean(&text, TextKind::Long) }
            }
            Change::Links(links) => Change::Links(
                links
                    .into_iter()
                    .map(|l| Link {
                        label: clean(&l.label, TextKind::Short),
                        url: clean(&l.url, TextKind::Short),
                    })
                    .collect(),
            ),
            other => other,
        }
    }
}

/// One version of one entry: entries typed as you go are amended in place
/// (same stamp, next revision) until their author leaves the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub at: Stamp,
    pub rev: u32,
}

/// Why an entry was made, for the history's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Origin {
    #[default]
    Edit,
    /// Undid an earlier change (the one it replaces).
    Undo,
    /// Redid a change that had been undone.
    Redo,
    /// Went back to the value of the entry stamped here.
    Revert(Stamp),
    /// Chose between the values of a conflict.
    Resolve,
}

impl Origin {
    /// How files name it (`None`: an edit, the default, left unwritten).
    pub(crate) fn id(self) -> Option<&'static str> {
        match self {
            Origin::Edit => None,
            Origin::Undo => Some("undo"),
            Origin::Redo => Some("redo"),
            Origin::Revert(_) => Some("revert"),
            Origin::Resolve => Some("resolve"),
        }
    }

    /// Its id with the entry gone back to, in one line, to hash it.
    pub(crate) fn key(self) -> String {
        match self {
            Origin::Revert(to) => format!("revert@{to}"),
            other => other.id().unwrap_or("edit").to_owned(),
        }
    }
}

/// One change of one field of one measure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry {
    pub at: Stamp,
    /// 0, then one more each time its author amends it while typing.
    pub rev: u32,
    /// The author's display name when the change was made.
    pub by: String,
    /// The versions of this field the author saw and replaced (none for
    /// the first change of a field). Two entries that do not know of each
    /// other were made concurrently.
    pub replaces: Vec<Version>,
    pub change: Change,
    pub origin: Origin,
}

impl Entry {
    pub fn version(&self) -> Version {
        Version { at: self.at, rev: self.rev }
    }

    pub fn field(&self) -> Field {
        self.change.field()
    }
}

/// The wording of the measure when it was last annotated, to notice a plan
/// whose text changed under the annotation. Last writer wins.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wording {
    pub fingerprint: String,
    pub at: Stamp,
}

/// FNV-1a of one measure's text (see [`crate::core::plan::Plan::fingerprint`]).
pub fn text_fingerprint(text: &str) -> String {
    let mut hash = crate::core::plan::Fnv1a::new();
    hash.write(text.as_bytes());
    hash.hex()
}

/// A field whose heads disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: Field,
    /// Every head, oldest stamp first; the last one is the value shown.
    pub heads: Vec<Version>,
}

/// Where a measure stands: the fold of its visible entries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    pub status: Status,
    pub progress: u8,
    pub pilote: String,
    pub due: Option<IsoDate>,
    pub notes: String,
    pub links: Vec<Link>,
    /// Per field (comments included, sorted by field), its visible heads,
    /// oldest stamp first.
    heads: Vec<(Field, Vec<Version>)>,
    /// Tracked fields in conflict (comments never are: all their heads show).
    pub conflicts: Vec<Conflict>,
    /// The latest change that set a value shown now, a settled conflict
    /// counting at the change whose value it kept ([`Annotation::set_by`]).
    pub updated: Option<Stamp>,
}

/// Every change made to one measure, and the state they fold to.
#[derive(Debug, Clone, Default)]
pub struct Annotation {
    /// All entries, visible or hidden by a replacement, sorted by stamp
    /// (one per stamp).
    entries: Vec<Entry>,
    pub wording: Wording,
    /// Cached fold of the visible entries; see [`Annotation::refold`].
    state: State,
    /// Each entry's content hash ([`content_hash`]), in `entries`' order:
    /// what tells two contents under one stamp apart in the marks of what is
    /// stored. Computed when first asked for after a fold (a save), never
    /// on the way of a merge or a preview.
    hashes: std::sync::OnceLock<Vec<u64>>,
}

/// Two annotations are equal when they hold the same entries and show the
/// same: the cached hashes are left out.
impl PartialEq for Annotation {
    fn eq(&self, other: &Annotation) -> bool {
        self.entries == other.entries && self.wording == other.wording && self.state == other.state
    }
}

impl Eq for Annotation {}

impl Annotation {
    /// A measure nobody annotated yet, against its current wording.
    pub fn new(measure: &Measure) -> Annotation {
        Annotation {
            wording: Wording { fingerprint: text_fingerprint(&measure.text), at: Stamp::default() },
            ..Annotation::default()
        }
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn status(&self) -> Status {
        self.state.status
    }

    pub fn progress(&self) -> u8 {
        self.state.progress
    }

    pub fn pilote(&self) -> &str {
        &self.state.pilote
    }

    pub fn due(&self) -> Option<IsoDate> {
        self.state.due
    }

    pub fn notes(&self) -> &str {
        &self.state.notes
    }

    pub fn links(&self) -> &[Link] {
        &self.state.links
    }

    pub fn conflicts(&self) -> &[Conflict] {
        &self.state.conflicts
    }

    pub fn updated(&self) -> Option<Stamp> {
        self.state.updated
    }

    /// Whether nothing visible was ever recorded.
    pub fn is_blank(&self) -> bool {
        self.state.updated.is_none()
    }

    /// Due date passed while the measure is still open.
    pub fn is_overdue(&self, today: IsoDate) -> bool {
        self.state.due.is_some_and(|d| d < today) && !self.state.status.is_closed()
    }

    /// The visible heads of a field, oldest stamp first (empty: never changed).
    pub fn heads(&self, field: Field) -> &[Version] {
        let found = self.state.heads.binary_search_by_key(&field, |(f, _)| *f);
        found.map_or(&[], |i| self.state.heads[i].1.as_slice())
    }

    /// The value a field shows.
    pub fn value(&self, field: Field) -> Change {
        self.heads(field)
            .last()
            .and_then(|v| self.entry(v.at))
            .map_or_else(|| field.blank(), |e| e.change.clone())
    }

    pub fn entry(&self, at: Stamp) -> Option<&Entry> {
        self.entries.binary_search_by_key(&at, |e| e.at).ok().map(|i| &self.entries[i])
    }

    /// Every entry with its content hash, in stamp order.
    pub(crate) fn hashed_entries(&self) -> impl Iterator<Item = (&Entry, u64)> {
        let hashes = self.hashes.get_or_init(|| self.entries.iter().map(content_hash).collect());
        // Entries put without a fold since (a journal's part) are hashed anew.
        let cached = hashes.len() == self.entries.len();
        self.entries
            .iter()
            .enumerate()
            .map(move |(i, e)| (e, if cached { hashes[i] } else { content_hash(e) }))
    }

    /// Every entry, visible or not, in stamp order.
    pub fn all_entries(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value `entry` replaced: its latest known predecessor's, the
    /// blank value for a first change, or `None` when the predecessors are
    /// unknown (left out of a file).
    pub fn previous(&self, entry: &Entry) -> Option<Change> {
        if entry.replaces.is_empty() {
            return Some(entry.field().blank());
        }
        entry.replaces.iter().rev().find_map(|v| self.entry(v.at)).map(|e| e.change.clone())
    }

    /// The comments shown under a change, oldest first, blank ones left out.
    pub fn comments_on(&self, at: Stamp) -> Vec<&Entry> {
        self.heads(Field::Comment(at))
            .iter()
            .filter_map(|v| self.entry(v.at))
            .filter(
                |e| matches!(&e.change, Change::Comment { text, .. } if !text.trim().is_empty()),
            )
            .collect()
    }

    /// The comment on the latest change that has one, with that change: what
    /// a briefing reads out beside the status (slides, handout).
    pub fn latest_comment(&self) -> Option<(&Entry, &str)> {
        self.entries.iter().rev().filter(|e| !matches!(e.field(), Field::Comment(_))).find_map(
            |change| {
                let comment = self.comments_on(change.at).pop()?;
                match &comment.change {
                    Change::Comment { text, .. } => Some((change, text.as_str())),
                    _ => None,
                }
            },
        )
    }

    /// Whether both hold the same entries and show the same state.
    pub fn same_record(&self, other: &Annotation) -> bool {
        self.entries == other.entries && self.state == other.state
    }

    /// Adds an entry, or a later revision of one already held. Returns
    /// whether anything changed; the caller refolds.
    ///
    /// A stamp names one change. A second content under a known stamp is
    /// taken as that change only when it is a later revision of it (same
    /// field, author, replaced versions and origin: text amended as it was
    /// typed); an earlier revision is superseded. Any other content under a
    /// known stamp (a forged file, two tabs that drew the same id) is never
    /// dropped and never overwrites: of the two, the one whose lineage sorts
    /// first keeps the stamp, and the other is kept under a stamp derived
    /// from its own content ([`derived_stamp`]), where it shows as a value
    /// of its field beside the first (a conflict, if the values differ).
    /// The outcome depends only on the set of entries met, never on the
    /// order they arrived in: every replica that met them holds the same.
    pub(crate) fn put(&mut self, entry: Entry) -> bool {
        let mut entry = entry;
        let mut changed = false;
        // Each move lands on a stamp that only its own content decides; the
        // holders of a stamp only ever get smaller in lineage order, so this
        // ends. The bound is a guard against a hash cycle built on purpose.
        for _ in 0..self.entries.len() + 64 {
            if self.superseded(&entry) {
                return changed;
            }
            let i = match self.entries.binary_search_by_key(&entry.at, |e| e.at) {
                Err(i) => {
                    self.entries.insert(i, entry);
                    self.drop_superseded_twins(i);
                    return true;
                }
                Ok(i) => i,
            };
            let held = &self.entries[i];
            if *held == entry {
                return changed;
            }
            match settle(held, &entry) {
                Settle::KeepHeld => return changed,
                Settle::Replace => {
                    self.entries[i] = entry;
                    self.drop_superseded_twins(i);
                    return true;
                }
                Settle::MoveIncoming(to) => entry.at = to,
                Settle::MoveHeld(to) => {
                    let mut moved = std::mem::replace(&mut self.entries[i], entry);
                    moved.at = to;
                    entry = moved;
                    self.drop_superseded_twins(i);
                    changed = true;
                }
            }
        }
        // Unreachable but for a crafted cycle: the entry still lands on a
        // free stamp of its own rather than being dropped.
        let mut salt = 0u64;
        loop {
            let at = derived_stamp(entry.at, &entry, Derivation::Salted(salt));
            if self.entry(at).is_none() {
                entry.at = at;
                let i = self.entries.partition_point(|e| e.at < at);
                self.entries.insert(i, entry);
                return true;
            }
            salt += 1;
        }
    }

    /// The entries made in the same millisecond with the same counter as
    /// `at`: where an entry and those moved off its stamp all sit.
    fn block(&self, at: Stamp) -> std::ops::Range<usize> {
        let key = |s: Stamp| (s.ms, s.counter);
        let start = self.entries.partition_point(|e| key(e.at) < key(at));
        let end = self.entries.partition_point(|e| key(e.at) <= key(at));
        start..end
    }

    /// Whether `entry` is a value moved aside for its revision (a twin) of
    /// which a later revision is held: superseded, as any earlier revision.
    fn superseded(&self, entry: &Entry) -> bool {
        is_twin_home(entry)
            && self.entries[self.block(entry.at)]
                .iter()
                .any(|x| lineage(x) == lineage(entry) && x.rev > entry.rev)
    }

    /// Drops the values moved aside for an earlier revision of the change
    /// now at `i` (twins it supersedes), wherever they met it.
    fn drop_superseded_twins(&mut self, i: usize) {
        let block = self.block(self.entries[i].at);
        if block.len() < 2 {
            return;
        }
        let held = self.entries[i].clone();
        let mut k = block.start;
        let mut end = block.end;
        while k < end {
            let x = &self.entries[k];
            if lineage(x) == lineage(&held) && x.rev < held.rev && is_twin_home(x) {
                self.entries.remove(k);
                end -= 1;
            } else {
                k += 1;
            }
        }
    }

    /// Adds or updates many entries at once (a merge): the new stamps are
    /// sorted in together rather than inserted one by one, so that a large
    /// file in any order costs `n log n`, not `n²`; entries whose stamp is
    /// already held with other content go through [`Annotation::put`].
    /// Returns whether anything changed.
    pub(crate) fn put_all<'e>(&mut self, entries: impl IntoIterator<Item = &'e Entry>) -> bool {
        let mut changed = false;
        let mut new = Vec::new();
        let mut contested = Vec::new();
        for entry in entries {
            match self.entries.binary_search_by_key(&entry.at, |e| e.at) {
                Ok(i) if self.entries[i] == *entry => {}
                Ok(_) => contested.push(entry.clone()),
                // Beside entries of its instant and counter, or moved aside
                // itself: the rules of `put` decide.
                Err(_) if !self.block(entry.at).is_empty() || is_twin_home(entry) => {
                    contested.push(entry.clone())
                }
                Err(_) => new.push(entry.clone()),
            }
        }
        if !new.is_empty() {
            order::sort(&mut new);
            new.dedup();
            // Several entries of one instant and counter (a damaged copy, a
            // forged file): the first is sorted in, the others placed by the
            // rules of `put`.
            let mut unique: Vec<Entry> = Vec::with_capacity(new.len());
            for entry in new {
                match unique.last() {
                    Some(last)
                        if (last.at.ms, last.at.counter) == (entry.at.ms, entry.at.counter) =>
                    {
                        contested.push(entry)
                    }
                    _ => unique.push(entry),
                }
            }
            self.entries.append(&mut unique);
            order::sort_by_key(&mut self.entries, |e| e.at);
            changed = true;
        }
        for entry in contested {
            changed |= self.put(entry);
        }
        changed
    }

    /// Whether `entry` reuses the stamp of a change held here with other
    /// content, other than as a revision of it: [`Annotation::put`] would
    /// keep both, under two stamps.
    pub fn collides(&self, entry: &Entry) -> bool {
        self.entry(entry.at).is_some_and(|held| {
            held != entry && (lineage(held) != lineage(entry) || held.rev == entry.rev)
        })
    }

    /// Takes the other copy's wording if it was recorded later.
    pub(crate) fn merge_wording(&mut self, other: &Wording) -> bool {
        let newer = (other.at, &other.fingerprint) > (self.wording.at, &self.wording.fingerprint);
        if newer {
            self.wording = other.clone();
        }
        newer
    }

    /// Gives the name `name_of` says to the entries it names (changes
    /// signed after they were made: see [`crate::core::record::document::Signature`]).
    /// Returns how many changed.
    pub(crate) fn sign_entries<'n>(
        &mut self,
        name_of: impl Fn(&Entry) -> Option<&'n str>,
    ) -> usize {
        let mut signed = 0;
        for e in &mut self.entries {
            if let Some(name) = name_of(e) {
                e.by = name.to_owned();
                signed += 1;
            }
        }
        if signed > 0 {
            self.hashes = std::sync::OnceLock::new();
        }
        signed
    }

    /// The change that set the value `entry` holds: itself, or for a
    /// settled conflict the head it kept (followed through settlements of
    /// settlements). Settling a conflict, like importing a file, is not an
    /// update of the measure: its dates and author stay those of the value.
    pub fn set_by<'a>(&'a self, entry: &'a Entry) -> &'a Entry {
        let mut e = entry;
        // Bounded: each step goes to an earlier stamp.
        while e.origin == Origin::Resolve {
            let kept = e
                .replaces
                .iter()
                .filter(|v| v.at < e.at)
                .filter_map(|v| self.entry(v.at))
                .filter(|r| r.change == e.change)
                .max_by_key(|r| r.at);
            match kept {
                Some(k) => e = k,
                None => break,
            }
        }
        e
    }

    /// The change behind the measure's last update (see [`Self::set_by`]).
    pub fn last_update(&self) -> Option<&Entry> {
        self.state.updated.and_then(|at| self.entry(at))
    }

    /// Recomputes the state from the entries not in `hidden` (sorted).
    pub(crate) fn refold(&mut self, hidden: &[Stamp]) {
        let visible = || self.entries.iter().filter(|e| hidden.binary_search(&e.at).is_err());
        // A version replaces every revision of its entry up to its own: a
        // revision typed after someone replaced an earlier one stays a head.
        let mut replaced: Vec<(Field, Stamp, u32)> = Vec::new();
        for e in visible() {
            // Only earlier versions can be replaced: a reference forward in
            // time (to itself, to a later change, in a cycle) is ignored, so
            // it can never leave a field without a value.
            let earlier = e.replaces.iter().filter(|v| v.at < e.at);
            replaced.extend(earlier.map(|v| (e.field(), v.at, v.rev)));
        }
        order::sort(&mut replaced);
        let replaced_up_to = |field: Field, at: Stamp| {
            let end = replaced.partition_point(|&(f, s, _)| (f, s) <= (field, at));
            end.checked_sub(1)
                .map(|i| replaced[i])
                .filter(|&(f, s, _)| (f, s) == (field, at))
                .map(|(_, _, rev)| rev)
        };
        let mut heads: Vec<(Field, Vec<Version>)> = Vec::new();
        for e in visible() {
            if replaced_up_to(e.field(), e.at).is_none_or(|rev| rev < e.rev) {
                match heads.binary_search_by_key(&e.field(), |(f, _)| *f) {
                    Ok(i) => heads[i].1.push(e.version()),
                    Err(i) => heads.insert(i, (e.field(), vec![e.version()])),
                }
            }
        }
        let heads_of = |field: Field| {
            heads.binary_search_by_key(&field, |(f, _)| *f).ok().map(|i| &heads[i].1)
        };
        let value = |field: Field| {
            heads_of(field).and_then(|h| h.last()).and_then(|v| self.entry(v.at)).map(|e| &e.change)
        };
        // The latest change that set a value shown now: a value replaced
        // since, or a settlement, does not date the measure.
        let updated = heads
            .iter()
            .flat_map(|(_, h)| h)
            .filter_map(|v| self.entry(v.at))
            .map(|e| self.set_by(e).at)
            .max();
        let mut state = State { updated, ..State::default() };
        if let Some(Change::Status(s)) = value(Field::Status) {
            state.status = *s;
        }
        if let Some(Change::Progress(p)) = value(Field::Progress) {
            state.progress = *p;
        }
        if let Some(Change::Pilote(p)) = value(Field::Pilote) {
            state.pilote = p.clone();
        }
        if let Some(Change::Due(d)) = value(Field::Due) {
            state.due = *d;
        }
        if let Some(Change::Notes(n)) = value(Field::Notes) {
            state.notes = n.clone();
        }
        if let Some(Change::Links(l)) = value(Field::Links) {
            state.links = l.clone();
        }
        state.conflicts = Field::TRACKED
            .into_iter()
            .filter_map(|field| {
                let heads = heads_of(field)?;
                let mut values = heads.iter().filter_map(|v| self.entry(v.at)).map(|e| &e.change);
                let first = values.next()?;
                values.any(|v| v != first).then(|| Conflict { field, heads: heads.clone() })
            })
            .collect();
        state.heads = heads;
        self.state = state;
        self.hashes = std::sync::OnceLock::new();
    }
}

/// A hash of everything an entry holds but its stamp and revision, each
/// part ended by U+001F, written straight into the hash (a save hashes
/// every entry: no string is built).
pub(crate) fn content_hash(e: &Entry) -> u64 {
    let mut hash = crate::core::plan::Fnv1a::new();
    let mut part = |bytes: &[u8]| {
        hash.write(bytes);
        hash.write(&[0x1f]);
    };
    let stamp = |s: Stamp| {
        let mut b = [0u8; 18];
        b[..8].copy_from_slice(&s.ms.to_le_bytes());
        b[8..12].copy_from_slice(&s.counter.to_le_bytes());
        b[12..].copy_from_slice(&s.replica.bits().to_le_bytes()[..6]);
        b
    };
    part(e.by.as_bytes());
    part(e.field().id().as_bytes());
    part(e.origin.id().unwrap_or("edit").as_bytes());
    if let Origin::Revert(to) = e.origin {
        part(&stamp(to));
    }
    match &e.change {
        Change::Status(s) => part(s.id().as_bytes()),
        Change::Progress(p) => part(&[*p]),
        Change::Pilote(t) | Change::Notes(t) => part(t.as_bytes()),
        Change::Due(d) => part(d.map(|d| d.to_string()).unwrap_or_default().as_bytes()),
        Change::Links(links) => {
            for l in links {
                part(l.label.as_bytes());
                part(l.url.as_bytes());
            }
        }
        Change::Comment { on, text } => {
            part(&stamp(*on));
            part(text.as_bytes());
        }
    }
    for v in &e.replaces {
        part(&stamp(v.at));
        part(&v.rev.to_le_bytes());
    }
    hash.finish()
}

/// What makes two entries under one stamp versions of one change: the same
/// field (and, for a comment, the same change commented), author, replaced
/// versions and origin. Only the revision and the value may differ.
type Lineage<'e> = (Field, &'e str, &'e [Version], Origin);

fn lineage(e: &Entry) -> Lineage<'_> {
    (e.field(), &e.by, &e.replaces, e.origin)
}

/// What to do when an entry arrives under a stamp already held.
enum Settle {
    /// It is an earlier revision of the held entry: nothing to do.
    KeepHeld,
    /// It is a later revision of the held entry.
    Replace,
    /// It is another change: it goes to this stamp instead.
    MoveIncoming(Stamp),
    /// It takes the stamp; the held entry goes to this stamp instead.
    MoveHeld(Stamp),
}

fn settle(held: &Entry, incoming: &Entry) -> Settle {
    let at = held.at;
    match lineage(incoming).cmp(&lineage(held)) {
        std::cmp::Ordering::Equal => match incoming.rev.cmp(&held.rev) {
            std::cmp::Ordering::Greater => Settle::Replace,
            std::cmp::Ordering::Less => Settle::KeepHeld,
            // Two values for one revision: both kept, the greater in place.
            std::cmp::Ordering::Equal if incoming.change > held.change => {
                Settle::MoveHeld(twin_home(held))
            }
            std::cmp::Ordering::Equal => Settle::MoveIncoming(twin_home(incoming)),
        },
        std::cmp::Ordering::Less => Settle::MoveHeld(derived_stamp(at, held, Derivation::Lineage)),
        std::cmp::Ordering::Greater => {
            Settle::MoveIncoming(derived_stamp(at, incoming, Derivation::Lineage))
        }
    }
}

/// Where a value moved aside for its revision sits: its instant and
/// counter, and a replica id hashed from its lineage, revision and value
/// alone, so that it lands there wherever its twin met it.
fn twin_home(entry: &Entry) -> Stamp {
    derived_stamp(entry.at, entry, Derivation::Twin)
}

/// Whether `entry` sits where [`twin_home`] puts it.
fn is_twin_home(entry: &Entry) -> bool {
    twin_home(entry) == entry.at
}

/// Which content a derived stamp is computed from.
#[derive(Clone, Copy)]
enum Derivation {
    /// The entry's lineage: its later revisions land on the same stamp.
    Lineage,
    /// Its lineage, revision and value: two values of one revision.
    Twin,
    /// A last resort past a crafted cycle.
    Salted(u64),
}

/// The stamp an entry moves to when another change holds its own: the same
/// instant and counter (it keeps its place in the history), and a replica
/// id hashed from `at` and the entry's content, so that every replica
/// moves it to the same stamp, whatever the order the entries met in.
fn derived_stamp(at: Stamp, entry: &Entry, how: Derivation) -> Stamp {
    let mut hash = crate::core::plan::Fnv1a::new();
    let mut write = |s: &str| {
        hash.write(s.as_bytes());
        hash.write(&[0x1f]);
    };
    // Two values of one revision may meet where the change was first
    // stamped or where its lineage moved (same instant and counter, another
    // replica id): their stamp must not depend on which, so only a lineage
    // move reads the replica id.
    write(&at.ms.to_string());
    write(&at.counter.to_string());
    if !matches!(how, Derivation::Twin) {
        write(&at.replica.to_string());
    }
    write(entry.field().id());
    if let Field::Comment(on) = entry.field() {
        write(&on.to_string());
    }
    write(&entry.by);
    for v in &entry.replaces {
        write(&format!("{}/{}", v.at, v.rev));
    }
    write(&entry.origin.key());
    match how {
        Derivation::Lineage => write("lignée"),
        Derivation::Twin => {
            write("jumeau");
            write(&entry.rev.to_string());
            write(&entry.change.key());
        }
        Derivation::Salted(salt) => {
            write("sel");
            write(&salt.to_string());
            write(&entry.change.key());
        }
    }
    let mut replica = Replica::from_bits(hash.finish());
    // A move must go somewhere else; a twin's home depends on nothing of
    // where it is (see `is_twin_home`).
    if replica == at.replica && !matches!(how, Derivation::Twin) {
        replica = Replica::from_bits(hash.finish().rotate_left(17));
    }
    Stamp { replica, ..at }
}

/// Whether `change` is a value the field may take; `None` when it may.
pub fn refusal(change: &Change) -> Option<EditError> {
    let text = |s: &str, max: usize, kind: TextKind| text_problem(s, max, kind);
    match change {
        Change::Progress(p) if *p > 100 => Some(EditError::ProgressOutOfRange(*p)),
        Change::Pilote(p) => text(p, MAX_SHORT, TextKind::Short),
        Change::Notes(n) => text(n, MAX_NOTES, TextKind::Long),
        Change::Comment { text: c, .. } => text(c, MAX_COMMENT, TextKind::Long),
        Change::Links(links) if links.len() > MAX_LINKS => Some(EditError::TooManyLinks),
        Change::Links(links) => links.iter().find_map(|l| {
            text(&l.label, MAX_SHORT, TextKind::Short)
                .or_else(|| text(&l.url, MAX_URL, TextKind::Short))
        }),
        _ => None,
    }
}

/// Longest pilote, author, link label.
pub const MAX_SHORT: usize = 200;
/// Longest link address.
pub const MAX_URL: usize = 2_000;
/// Longest notes.
pub const MAX_NOTES: usize = 20_000;
/// Longest comment on a change.
pub const MAX_COMMENT: usize = 2_000;
/// Most links on one measure.
pub const MAX_LINKS: usize = 100;

/// Short texts are one line; long ones (notes, comments) may hold tabs and
/// line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Short,
    Long,
}

/// Characters that would let a text hide or reorder what surrounds it:
/// control characters, and the bidi embeddings, overrides and isolates.
pub fn is_forbidden(c: char, kind: TextKind) -> bool {
    let allowed_break = kind == TextKind::Long && matches!(c, '\t' | '\n' | '\r');
    (c.is_control() && !allowed_break)
        || (kind == TextKind::Short
            && matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

/// `s` without the characters [`is_forbidden`] for its kind (what a user
/// pastes is cleaned rather than refused).
pub fn clean(s: &str, kind: TextKind) -> String {
    s.chars().filter(|&c| !is_forbidden(c, kind)).collect()
}

fn text_problem(s: &str, max: usize, kind: TextKind) -> Option<EditError> {
    if let Some(c) = s.chars().find(|&c| is_forbidden(c, kind)) {
        return Some(EditError::ForbiddenCharacter(c));
    }
    let count = s.chars().count();
    (count > max).then_some(EditError::TooLong { max, count })
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    UnknownMeasure(crate::core::plan::MeasureNo),
    ProgressOutOfRange(u8),
    NotAWebLink(String),
    TooLong {
        max: usize,
        count: usize,
    },
    TooManyLinks,
    ForbiddenCharacter(char),
    /// Read-only: newer data is stored, or storage is refused.
    ReadOnly,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::UnknownMeasure(n) => write!(f, "la mesure {n} n’existe pas"),
            EditError::ProgressOutOfRange(p) => write!(f, "{p} n’est pas entre 0 et 100"),
            EditError::NotAWebLink(u) => {
                write!(
                    f,
                    "«\u{202f}{u}\u{202f}» n’est pas une adresse \
                     http ou https"
                )
            }
            EditError::TooLong { max, count } => write!(
                f,
                "le texte compte {} caractères, au-delà de la limite de {}",
                crate::core::french::integer(*count),
                crate::core::french::integer(*max)
            ),
            EditError::TooManyLinks => {
                write!(f, "une mesure compte au plus {MAX_LINKS} justificatifs")
            }
            EditError::ForbiddenCharacter(c) => {
                write!(
                    f,
                    "le caractère invisible U+{:04X} (contrôle ou sens d’écriture) \
                     n’est pas admis",
                    u32::from(*c)
                )
            }
            EditError::ReadOnly => write!(f, "Vigie est en lecture seule dans cet onglet"),
        }
    }
}
