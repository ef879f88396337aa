//! The annotation document: every measure's changes, the replacements made
//! by "Remplacer", the author, and the clock that stamps new changes. It is
//! a state-based CRDT: [`Document::merge`] is a union, so copies that have
//! seen the same changes hold the same document whatever the order they met
//! in (tabs folding each other's copies, colleagues exchanging files).
//!
//! Every user action is one operation here that returns a [`Step`], enough
//! for the store to undo it later by a new change computed against it.
//! Reading and writing the JSON form is [`crate::core::files::codec`]'s job.

use crate::core::order;
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::annotations::{
    refusal, text_fingerprint, Annotation, Author, Change, EditError, Entry, Field, Origin,
    Version, Wording,
};
use crate::core::record::stamp::{Clock, Replica, Stamp};
use crate::core::record::team::{Service, Team};

/// All annotations, by measure number. Measures without one are blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations(Vec<(MeasureNo, Annotation)>);

impl Annotations {
    pub fn get(&self, measure: MeasureNo) -> Option<&Annotation> {
        self.0.binary_search_by_key(&measure, |(n, _)| *n).ok().map(|i| &self.0[i].1)
    }

    fn get_mut(&mut self, measure: MeasureNo) -> Option<&mut Annotation> {
        self.0.binary_search_by_key(&measure, |(n, _)| *n).ok().map(|i| &mut self.0[i].1)
    }

    /// The measure's annotation, added as `blank` if it has none yet.
    fn get_or_insert(
        &mut self,
        measure: MeasureNo,
        blank: impl FnOnce() -> Annotation,
    ) -> &mut Annotation {
        let i = match self.0.binary_search_by_key(&measure, |(n, _)| *n) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (measure, blank()));
                i
            }
        };
        &mut self.0[i].1
    }

    fn numbers(&self) -> impl Iterator<Item = MeasureNo> + '_ {
        self.0.iter().map(|(n, _)| *n)
    }

    fn values(&self) -> impl Iterator<Item = &Annotation> {
        self.0.iter().map(|(_, a)| a)
    }

    /// Annotated measures (with at least one visible change), in order.
    pub fn iter(&self) -> impl Iterator<Item = (MeasureNo, &Annotation)> {
        self.0.iter().filter(|(_, a)| !a.is_blank()).map(|(n, a)| (*n, a))
    }

    /// Every measure with entries, visible or not.
    pub fn all(&self) -> impl Iterator<Item = (MeasureNo, &Annotation)> {
        self.0.iter().map(|(n, a)| (*n, a))
    }

    pub fn status_of(&self, measure: MeasureNo) -> crate::core::record::status::Status {
        self.get(measure).map_or_else(Default::default, Annotation::status)
    }

    /// How many measures carry something.
    pub fn annotated(&self) -> usize {
        self.iter().count()
    }

    /// Measures with a field in conflict.
    pub fn in_conflict(&self) -> Vec<MeasureNo> {
        self.iter().filter(|(_, a)| !a.conflicts().is_empty()).map(|(n, _)| n).collect()
    }

    /// Annotations that no longer match a measure of `plan`: numbers it
    /// lacks, or measures whose wording changed since they were annotated.
    /// They are kept, only flagged.
    pub fn mismatched(&self, plan: &Plan) -> Vec<MeasureNo> {
        self.iter()
            .filter(|(n, a)| {
                plan.measure(*n).is_none_or(|m| text_fingerprint(&m.text) != a.wording.fingerprint)
            })
            .map(|(n, _)| n)
            .collect()
    }

    /// The most recent visible change across all measures.
    pub fn last_change(&self) -> Option<Stamp> {
        self.iter().filter_map(|(_, a)| a.updated()).max()
    }
}

/// The name a signature gives `e`, if one covers it (the greatest, should
/// a forged store hold two).
fn signer<'s>(signatures: &'s [Signature], e: &Entry) -> Option<&'s str> {
    signatures.iter().filter(|s| s.covers(e)).map(|s| s.by.as_str()).max()
}

/// What one "Remplacer" did: from its stamp on, the entries of `hide` are
/// hidden, and those of `keep` (the file's) visible even if an earlier
/// replacement hid them. Undoing it shows `hide` again from the stamp of the
/// undo on, and records new changes back to the values it replaced; the
/// file's entries stay in the history. Nothing is ever deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub at: Stamp,
    pub by: String,
    pub hide: Vec<Stamp>,
    pub keep: Vec<Stamp>,
    pub undone: Option<Stamp>,
}

/// Who signs the changes a tab of this browser made before anyone was
/// named: those of `replica` stamped after `after` (the last time anything
/// left the browser) and up to `until` (the naming), still signed
/// « anonyme ». A grow-only set kept with what this browser stores and
/// passed between its tabs, never in an export: every copy of an entry it
/// covers takes the name on its way in, so tabs that held the anonymous copy
/// converge on the signed one, and nothing that left is rewritten.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Signature {
    pub replica: Replica,
    /// Instant and counter of the latest stamp that had left the browser.
    pub after: (i64, u32),
    pub until: Stamp,
    pub by: String,
}

impl Signature {
    fn covers(&self, e: &Entry) -> bool {
        e.at.replica == self.replica
            && (e.at.ms, e.at.counter) > self.after
            && e.at <= self.until
            && e.by == ANONYMOUS
    }
}

/// The `shared` mark of a browser from which nothing was ever exported.
pub const NOTHING_SHARED: (i64, u32) = (i64::MIN, 0);

/// How unsigned changes are signed (see [`Author::display`]).
pub const ANONYMOUS: &str = "anonyme";

/// Who is changing the document, and when by their clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub replica: Replica,
    /// The local clock, in milliseconds; only ever a lower bound for stamps.
    pub now: i64,
}

/// The heads of one field just before and just after an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    pub measure: MeasureNo,
    pub field: Field,
    pub before: Vec<Version>,
    /// The distinct values `before` showed: what an undo puts back, even
    /// when one of those entries has been revised since (a colleague's
    /// text amended after we took it in).
    pub before_values: Vec<Change>,
    pub after: Vec<Version>,
}

/// What an operation changed, to undo it later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Edits, merges, resolutions, returns to an earlier value, undos.
    Fields(Vec<FieldStep>),
    /// A replacement, stamped `at`.
    Replace { at: Stamp, fields: Vec<FieldStep> },
    /// The undo of the replacement stamped `of`.
    Unreplace { of: Stamp, fields: Vec<FieldStep> },
}

impl Step {
    pub fn fields(&self) -> &[FieldStep] {
        match self {
            Step::Fields(f)
            | Step::Replace { fields: f, .. }
            | Step::Unreplace { fields: f, .. } => f,
        }
    }

    /// Follows an entry it made to a later revision (text amended as it
    /// was typed): undoing the step then undoes the text as it stands, not
    /// only its first save.
    pub fn revised(&mut self, amended: Version) {
        for f in self.fields_mut() {
            for v in &mut f.after {
                if v.at == amended.at && v.rev < amended.rev {
                    v.rev = amended.rev;
                }
            }
        }
    }

    fn fields_mut(&mut self) -> &mut Vec<FieldStep> {
        match self {
            Step::Fields(f)
            | Step::Replace { fields: f, .. }
            | Step::Unreplace { fields: f, .. } => f,
        }
    }

    /// Follows an undo (or redo) of a later step: where this step left a
    /// field as `undone` found it, it now left it as `inverse` did, which
    /// put those values back under new stamps. Without this, undoing two
    /// changes of one field in a row would find the field « changed since »
    /// at the second.
    pub fn rebase(&mut self, undone: &Step, inverse: &Step) {
        for f in self.fields_mut() {
            let same = |g: &&FieldStep| g.measure == f.measure && g.field == f.field;
            let Some(before) = undone.fields().iter().find(same) else { continue };
            let Some(now) = inverse.fields().iter().find(same) else { continue };
            if versions(&f.after) == versions(&before.before) {
                f.after = now.after.clone();
            }
        }
    }

    /// The measures it touched, in order, once each.
    pub fn measures(&self) -> Vec<MeasureNo> {
        order::sorted_set(self.fields().iter().map(|f| f.measure))
    }
}

/// An undo (or redo) that could not be done as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// What undoes this undo (for "Rétablir").
    pub inverse: Step,
    /// Fields left alone because they changed since (another tab, an import).
    pub skipped: Vec<(MeasureNo, Field)>,
}

/// Nothing could be undone: every field changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSince(pub Vec<MeasureNo>);

/// How an amendment went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amend {
    /// The entry now holds the new value, at this revision.
    Amended(Version),
    /// It already held that value.
    Unchanged,
    /// Not this replica's, or someone replaced it since: record a new change.
    NotAmendable,
}

/// Annotations together with what they were made against and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub plan_id: String,
    pub plan_fingerprint: String,
    /// When this copy was written (saved or exported), by the writer's
    /// clock: shown to people, never used to merge.
    pub written_at: i64,
    author: Author,
    author_at: Stamp,
    annotations: Annotations,
    /// Sorted by stamp.
    replacements: Vec<Replacement>,
    /// Derived from `replacements`; sorted.
    hidden: Vec<Stamp>,
    /// The highest stamp this document holds or made.
    clock: Clock,
    /// The tabs of this browser that stamped changes while nobody was
    /// named, with the latest stamp each made (sorted by replica): what
    /// « made in this browser and not yet signed » means. Only those with
    /// something neither shared nor signed are kept, so it stays as small
    /// as the unsigned work. Kept in storage, never exported.
    local: Vec<(Replica, Stamp)>,
    /// Instant and counter of the clock at the last export: what left the
    /// browser. Kept in storage, never exported; the greater wins.
    shared: (i64, u32),
    /// Sorted; see [`Signature`].
    signatures: Vec<Signature>,
    /// The team directory; travels with the annotations.
    team: Team,
}

impl Document {
    pub fn empty(plan: &Plan) -> Document {
        Document {
            plan_id: plan.id.clone(),
            plan_fingerprint: plan.fingerprint.clone(),
            written_at: 0,
            author: Author::default(),
            author_at: Stamp::default(),
            annotations: Annotations::default(),
            replacements: Vec::new(),
            hidden: Vec::new(),
            clock: Clock::default(),
            local: Vec::new(),
            shared: NOTHING_SHARED,
            signatures: Vec::new(),
            team: Team::default(),
        }
    }

    /// A document from decoded parts (see [`crate::core::files::codec`]): derives what is
    /// hidden, each measure's state and the clock.
    pub(crate) fn assemble(
        mut header: Document,
        mut annotations: Vec<(MeasureNo, Annotation)>,
        replacements: Vec<Replacement>,
    ) -> Document {
        order::sort_by_key(&mut annotations, |(n, _)| *n);
        annotations.dedup_by_key(|(n, _)| *n);
        header.annotations = Annotations(annotations);
        header.replacements = grouped(replacements);
        header.refold_all();
        for a in header.annotations.values() {
            a.all_entries().for_each(|e| header.clock.observe(e.at));
            header.clock.observe(a.wording.at);
        }
        for r in &header.replacements {
            header.clock.observe(r.at);
            r.undone.into_iter().for_each(|u| header.clock.observe(u));
        }
        header.clock.observe(header.author_at);
        header.sign_covered();
        header
    }

    /// Sets what only this browser's storage holds (see [`Signature`]).
    pub(crate) fn set_local_raw(
        &mut self,
        local: Vec<(Replica, Stamp)>,
        shared: (i64, u32),
        signatures: Vec<Signature>,
    ) {
        self.shared = shared;
        self.add_local(&local);
        let signatures = order::sorted_set(signatures);
        self.take_signatures(&signatures);
    }

    /// Whether any change, replacement or author setting was stamped by
    /// `replica`: a tab that draws an id already in use must draw again.
    pub fn uses_replica(&self, replica: Replica) -> bool {
        self.annotations.values().any(|a| {
            a.wording.at.replica == replica && a.wording.at != Stamp::default()
                || a.all_entries().any(|e| e.at.replica == replica)
        }) || self
            .replacements
            .iter()
            .any(|r| r.at.replica == replica || r.undone.is_some_and(|u| u.replica == replica))
            || (self.author_at != Stamp::default() && self.author_at.replica == replica)
            || self.local.iter().any(|(r, _)| *r == replica)
    }

    /// Whether it holds nothing at all: no change, no replacement, no author.
    pub fn is_empty(&self) -> bool {
        self.annotations.values().all(Annotation::is_empty)
            && self.replacements.is_empty()
            && self.author_at == Stamp::default()
    }

    pub fn annotations(&self) -> &Annotations {
        &self.annotations
    }

    pub fn annotation(&self, measure: MeasureNo) -> Option<&Annotation> {
        self.annotations.get(measure)
    }

    pub fn author(&self) -> &Author {
        &self.author
    }

    pub fn author_at(&self) -> Stamp {
        self.author_at
    }

    pub(crate) fn set_author_raw(&mut self, author: Author, at: Stamp) {
        self.author = author;
        self.author_at = at;
    }

    pub fn replacements(&self) -> impl Iterator<Item = &Replacement> {
        self.replacements.iter()
    }

    /// Adds a replacement, or merges it into the one of the same stamp: the
    /// union of what each copy hides and keeps (a copy limited to some
    /// measures holds part of them), the later undo, the greater name. So
    /// two copies that met hold the same replacement, in whatever order.
    /// Returns whether anything changed.
    fn put_replacement(&mut self, r: Replacement) -> bool {
        let i = match self.replacements.binary_search_by_key(&r.at, |x| x.at) {
            Ok(i) => i,
            Err(i) => {
                self.replacements.insert(i, r);
                return true;
            }
        };
        let mine = &mut self.replacements[i];
        let mut changed = union_into(&mut mine.hide, &r.hide) | union_into(&mut mine.keep, &r.keep);
        if r.undone > mine.undone {
            mine.undone = r.undone;
            changed = true;
        }
        if r.by > mine.by {
            mine.by = r.by;
            changed = true;
        }
        changed
    }

    pub fn is_hidden(&self, at: Stamp) -> bool {
        self.hidden.binary_search(&at).is_ok()
    }

    /// Sets the author who signs this replica's changes; the latest setting
    /// wins across tabs.
    pub fn set_author(&mut self, author: Author, editor: &Editor) -> bool {
        if author == self.author {
            return false;
        }
        self.author_at = self.tick(editor);
        self.author = author;
        true
    }

    /// A new stamp of `editor`'s; while nobody is named, its tab is one
    /// whose changes a name given later signs.
    fn tick(&mut self, editor: &Editor) -> Stamp {
        let at = self.clock.tick(editor.now, editor.replica);
        if self.author.is_empty() {
            self.add_local(&[(editor.replica, at)]);
        }
        at
    }

    /// Notes tabs that stamped unsigned changes, keeping each one's latest
    /// stamp, and forgets those with nothing left to sign.
    fn add_local(&mut self, local: &[(Replica, Stamp)]) {
        for &(replica, at) in local {
            match self.local.binary_search_by_key(&replica, |(r, _)| *r) {
                Ok(i) => self.local[i].1 = self.local[i].1.max(at),
                Err(i) => self.local.insert(i, (replica, at)),
            }
        }
        let (shared, signatures) = (self.shared, &self.signatures);
        self.local.retain(|&(replica, last)| {
            (last.ms, last.counter) > shared
                && !signatures.iter().any(|s| s.replica == replica && s.until >= last)
        });
    }

    /// Everything this document holds has now left the browser (an
    /// export): a name given later signs none of it.
    /// Returns whether it moved (an export of nothing new shares nothing).
    pub fn mark_shared(&mut self) -> bool {
        if self.shared >= self.clock.high() {
            return false;
        }
        self.shared = self.clock.high();
        self.add_local(&[]);
        true
    }

    /// Tabs of this browser with changes made unsigned and not shared.
    pub fn unsigned_tabs(&self) -> &[(Replica, Stamp)] {
        &self.local
    }

    pub fn shared(&self) -> (i64, u32) {
        self.shared
    }

    pub fn signatures(&self) -> &[Signature] {
        &self.signatures
    }

    /// Names the author, and signs with that name the changes this
    /// browser's tabs made unsigned since the last export. Returns how many
    /// changes were signed.
    pub fn sign_unshared(&mut self, author: Author, editor: &Editor) -> usize {
        if author.is_empty() {
            return 0;
        }
        let by = author.display();
        self.set_author(author, editor);
        let until = self.author_at;
        let after = self.shared;
        let new: Vec<Signature> = self
            .local
            .iter()
            .map(|&(replica, _)| Signature { replica, after, until, by: by.clone() })
            .collect();
        let signed = self.take_signatures(&new);
        self.add_local(&[]);
        signed
    }

    /// Adds signatures and signs what they cover; returns how many entries
    /// took a name.
    fn take_signatures(&mut self, signatures: &[Signature]) -> usize {
        let mut added = false;
        for sig in signatures {
            if let Err(i) = self.signatures.binary_search(sig) {
                self.signatures.insert(i, sig.clone());
                added = true;
            }
        }
        if !added {
            return 0;
        }
        self.sign_covered()
    }

    /// Signs every entry a signature covers; returns how many.
    fn sign_covered(&mut self) -> usize {
        if self.signatures.is_empty() {
            return 0;
        }
        let sigs = &self.signatures;
        let mut signed = 0;
        for a in self.annotations.0.iter_mut().map(|(_, a)| a) {
            signed += a.sign_entries(|e| signer(sigs, e));
        }
        signed
    }

    /// `other` with the entries our signatures cover signed (a copy only
    /// when there is one).
    fn signed_copy<'a>(&self, other: &'a Document) -> std::borrow::Cow<'a, Document> {
        let covered = !self.signatures.is_empty()
            && other
                .annotations
                .values()
                .any(|a| a.all_entries().any(|e| signer(&self.signatures, e).is_some()));
        if !covered {
            return std::borrow::Cow::Borrowed(other);
        }
        let mut copy = other.clone();
        for a in copy.annotations.0.iter_mut().map(|(_, a)| a) {
            a.sign_entries(|e| signer(&self.signatures, e));
        }
        std::borrow::Cow::Owned(copy)
    }

    /// The heads of every tracked field and comment of `measures`, with
    /// the values they show, sorted by measure and field.
    fn snapshot(&self, measures: &[MeasureNo]) -> Snapshot {
        let mut heads = Vec::new();
        for &n in measures {
            let Some(a) = self.annotations.get(n) else { continue };
            for field in order::sorted_set(a.all_entries().map(Entry::field)) {
                let versions = a.heads(field).to_vec();
                let values = values_of(a, &versions);
                heads.push(((n, field), versions, values));
            }
        }
        heads
    }

    /// The fields whose heads differ between two snapshots, a revision of
    /// the same entry included.
    fn steps(before: &Snapshot, after: &Snapshot) -> Vec<FieldStep> {
        let keys = order::sorted_set(before.iter().chain(after).map(|(k, _, _)| *k));
        let heads = |snapshot: &Snapshot, key: (MeasureNo, Field)| {
            snapshot.binary_search_by_key(&key, |(k, _, _)| *k).map_or_else(
                |_| (Vec::new(), Vec::new()),
                |i| (snapshot[i].1.clone(), snapshot[i].2.clone()),
            )
        };
        keys.into_iter()
            .filter_map(|(measure, field)| {
                let (b, before_values) = heads(before, (measure, field));
                let (a, _) = heads(after, (measure, field));
                (versions(&b) != versions(&a)).then_some(FieldStep {
                    measure,
                    field,
                    before: b,
                    before_values,
                    after: a,
                })
            })
            .collect()
    }

    /// The measures either document annotates.
    fn touched(&self, other: &Document) -> Vec<MeasureNo> {
        order::sorted_set(self.annotations.numbers().chain(other.annotations.numbers()))
    }

    /// Records one change. `seen` is what the author was looking at when
    /// they started (a text typed for a while); by default, the field's
    /// current heads. Returns `None` when nothing would change.
    pub fn edit(
        &mut self,
        plan: &Plan,
        measure: MeasureNo,
        change: Change,
        seen: Option<&[Version]>,
        by: &str,
        editor: &Editor,
    ) -> Result<Option<Step>, EditError> {
        self.record(plan, measure, change, seen, by, Origin::Edit, editor)
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        plan: &Plan,
        measure: MeasureNo,
        change: Change,
        seen: Option<&[Version]>,
        by: &str,
        origin: Origin,
        editor: &Editor,
    ) -> Result<Option<Step>, EditError> {
        let m = plan.measure(measure).ok_or(EditError::UnknownMeasure(measure))?;
        let change = change.cleaned();
        if let Some(e) = refusal(&change) {
            return Err(e);
        }
        let field = change.field();
        let blank = Annotation::new(m);
        let current = self.annotations.get(measure).unwrap_or(&blank);
        if let Field::Comment(on) = field {
            if current.entry(on).is_none() {
                return Err(EditError::UnknownMeasure(measure));
            }
        }
        let before = current.heads(field).to_vec();
        let replaces = seen.map_or_else(|| before.clone(), <[Version]>::to_vec);
        if current.value(field) == change
            && versions(&replaces) == versions(&before)
            && before.len() <= 1
        {
            return Ok(None);
        }
        let before_values = values_of(current, &before);
        let new = NewEntry { by, replaces, change, origin };
        self.add_entry(m, new, editor);
        let annotation = self.annotations.get_or_insert(measure, || blank);
        annotation.refold(&self.hidden);
        let after = annotation.heads(field).to_vec();
        Ok(Some(Step::Fields(vec![FieldStep { measure, field, before, before_values, after }])))
    }

    /// Stamps a new entry of measure `m` and adds it, with the wording it was
    /// made against; the caller refolds.
    fn add_entry(&mut self, m: &crate::core::plan::Measure, new: NewEntry<'_>, editor: &Editor) {
        let at = self.tick(editor);
        let annotation = self.annotations.get_or_insert(m.number, || Annotation::new(m));
        let NewEntry { by, replaces, change, origin } = new;
        annotation.put(Entry { at, rev: 0, by: by.to_owned(), replaces, change, origin });
        annotation.wording = Wording { fingerprint: text_fingerprint(&m.text), at };
    }

    /// Puts a new value in an entry this replica made and nobody replaced
    /// yet (a text still being typed), instead of recording a new change.
    pub fn amend(
        &mut self,
        measure: MeasureNo,
        at: Stamp,
        change: Change,
        by: &str,
        editor: &Editor,
    ) -> Result<Amend, EditError> {
        let change = change.cleaned();
        if let Some(e) = refusal(&change) {
            return Err(e);
        }
        let Some(annotation) = self.annotations.get_mut(measure) else {
            return Ok(Amend::NotAmendable);
        };
        let Some(entry) = annotation.entry(at) else { return Ok(Amend::NotAmendable) };
        let field = change.field();
        // Only the change this tab made: not another one that took its
        // stamp (a forged file, a tab that drew the same id).
        let amendable = at.replica == editor.replica
            && entry.by == by
            && entry.field() == field
            && !self.hidden.contains(&at)
            && annotation.heads(field).iter().any(|v| v.at == at && v.rev == entry.rev);
        if !amendable {
            return Ok(Amend::NotAmendable);
        }
        if entry.change == change {
            return Ok(Amend::Unchanged);
        }
        let amended = Entry { rev: entry.rev + 1, change, ..entry.clone() };
        let version = amended.version();
        annotation.put(amended);
        annotation.refold(&self.hidden);
        Ok(Amend::Amended(version))
    }

    /// Sets a field back to the value of one of its past entries, as a new change.
    pub fn revert_to(
        &mut self,
        plan: &Plan,
        measure: MeasureNo,
        at: Stamp,
        by: &str,
        editor: &Editor,
    ) -> Result<Option<Step>, EditError> {
        self.record_value_of(plan, measure, at, by, Origin::Revert(at), editor)
    }

    /// Settles a conflict on the value of the head stamped `keep`.
    pub fn resolve(
        &mut self,
        plan: &Plan,
        measure: MeasureNo,
        keep: Stamp,
        by: &str,
        editor: &Editor,
    ) -> Result<Option<Step>, EditError> {
        self.record_value_of(plan, measure, keep, by, Origin::Resolve, editor)
    }

    /// Settles a notes conflict on every text at once: one note holding each
    /// head's text, oldest first, headed by its author and date (see
    /// `wording::both_notes`), as a new change replacing them all. Nothing
    /// when the notes are not in conflict.
    pub fn keep_both(
        &mut self,
        plan: &Plan,
        measure: MeasureNo,
        by: &str,
        editor: &Editor,
        zone: crate::core::date::Zone,
    ) -> Result<Option<Step>, EditError> {
        let Some(a) = self.annotations.get(measure) else { return Ok(None) };
        let texts: Vec<(String, i64, String)> = a
            .heads(Field::Notes)
            .iter()
            .filter_map(|v| a.entry(v.at))
            .filter_map(|e| match &e.change {
                Change::Notes(text) => Some((e.by.clone(), e.at.ms, text.clone())),
                _ => None,
            })
            .collect();
        if texts.len() < 2 {
            return Ok(None);
        }
        let joined = crate::core::french::both_notes(&texts, zone);
        self.record(plan, measure, Change::Notes(joined), None, by, Origin::Resolve, editor)
    }

    /// Records the value of the entry stamped `at` again, as a new change
    /// replacing the field's heads; nothing if there is no such entry.
    fn record_value_of(
        &mut self,
        plan: &Plan,
        measure: MeasureNo,
        at: Stamp,
        by: &str,
        origin: Origin,
        editor: &Editor,
    ) -> Result<Option<Step>, EditError> {
        let Some(change) =
            self.annotations.get(measure).and_then(|a| a.entry(at)).map(|e| e.change.clone())
        else {
            return Ok(None);
        };
        self.record(plan, measure, change, None, by, origin, editor)
    }

    /// Undoes (or, with [`Origin::Redo`], redoes) `step` by new changes: each
    /// field that still holds what the step left goes back to what it held
    /// before. Fields changed since are left alone and listed; if that is
    /// all of them, nothing happens. A replacement is undone as a whole or
    /// not at all.
    pub fn undo(
        &mut self,
        plan: &Plan,
        step: &Step,
        by: &str,
        origin: Origin,
        editor: &Editor,
    ) -> Result<Undone, ChangedSince> {
        let unchanged = |d: &Document, f: &FieldStep| {
            let now = d.annotations.get(f.measure).map_or(&[][..], |a| a.heads(f.field));
            versions(now) == versions(&f.after)
        };
        let changed: Vec<&FieldStep> =
            step.fields().iter().filter(|f| !unchanged(self, f)).collect();
        let changed_measures =
            || ChangedSince(order::sorted_set(changed.iter().map(|f| f.measure)));
        match step {
            Step::Replace { at, fields } => {
                if !changed.is_empty() {
                    return Err(changed_measures());
                }
                let undone_at = self.tick(editor);
                let Ok(i) = self.replacements.binary_search_by_key(at, |r| r.at) else {
                    return Err(ChangedSince(vec![]));
                };
                self.replacements[i].undone = Some(undone_at);
                let touched = step.measures();
                let before = self.snapshot(&touched);
                self.refold_all();
                // Our entries are visible again beside the file's: new changes
                // put back the values the replacement replaced.
                let all: Vec<&FieldStep> = fields.iter().collect();
                self.restore(plan, &all, by, origin, editor);
                let after = self.snapshot(&touched);
                Ok(Undone {
                    inverse: Step::Unreplace { of: *at, fields: Self::steps(&before, &after) },
                    skipped: vec![],
                })
            }
            Step::Unreplace { of, .. } => {
                if !changed.is_empty() {
                    return Err(changed_measures());
                }
                let Ok(i) = self.replacements.binary_search_by_key(of, |r| r.at) else {
                    return Err(ChangedSince(vec![]));
                };
                let r = self.replacements[i].clone();
                let touched = step.measures();
                let before = self.snapshot(&touched);
                let at = self.tick(editor);
                // What the replacement hid, and what its undo recorded: not
                // what other tabs or imports added since, which stays shown.
                let undo_made = step.fields().iter().flat_map(|f| f.after.iter().map(|v| v.at));
                let hide = order::sorted_set(r.hide.iter().copied().chain(undo_made))
                    .into_iter()
                    .filter(|s| r.keep.binary_search(s).is_err())
                    .collect();
                self.put_replacement(Replacement {
                    at,
                    by: by.to_owned(),
                    hide,
                    keep: r.keep,
                    undone: None,
                });
                self.refold_all();
                let after = self.snapshot(&touched);
                Ok(Undone {
                    inverse: Step::Replace { at, fields: Self::steps(&before, &after) },
                    skipped: vec![],
                })
            }
            Step::Fields(fields) => {
                if changed.len() == fields.len() {
                    return Err(changed_measures());
                }
                let applicable: Vec<&FieldStep> =
                    fields.iter().filter(|f| unchanged(self, f)).collect();
                let skipped = changed.iter().map(|f| (f.measure, f.field)).collect();
                let inverse = self.restore(plan, &applicable, by, origin, editor);
                Ok(Undone { inverse: Step::Fields(inverse), skipped })
            }
        }
    }

    /// Puts each field of `fields` back to the values it showed before its
    /// step, by new changes that replace what it holds now: one per value,
    /// so that a conflict the step settled comes back as that conflict, not
    /// as one side. Every measure is refolded once, however many fields of
    /// it go back (an import of thousands of comments is undone in linear
    /// time). Returns what it did, field by field.
    fn restore(
        &mut self,
        plan: &Plan,
        fields: &[&FieldStep],
        by: &str,
        origin: Origin,
        editor: &Editor,
    ) -> Vec<FieldStep> {
        // Per field: the measure, the field, its heads now and their
        // values, and the values to put back.
        type Planned = (MeasureNo, Field, Vec<Version>, Vec<Change>, Vec<Change>);
        let mut planned: Vec<Planned> = Vec::new();
        for f in fields {
            let Some(annotation) = self.annotations.get(f.measure) else { continue };
            let now = annotation.heads(f.field).to_vec();
            let now_values = values_of(annotation, &now);
            let mut targets: Vec<Change> = Vec::new();
            for value in &f.before_values {
                if !targets.contains(value) {
                    targets.push(value.clone());
                }
            }
            if targets.is_empty() {
                targets.push(f.field.blank());
            }
            if now.len() <= 1 && now_values == targets {
                continue;
            }
            planned.push((f.measure, f.field, now, now_values, targets));
        }
        let mut touched = Vec::new();
        for (measure, _, now, _, targets) in &planned {
            let Some(m) = plan.measure(*measure) else { continue };
            for target in targets {
                let new = NewEntry { by, replaces: now.clone(), change: target.clone(), origin };
                self.add_entry(m, new, editor);
            }
            touched.push(*measure);
        }
        for n in order::sorted_set(touched) {
            if let Some(a) = self.annotations.get_mut(n) {
                a.refold(&self.hidden);
            }
        }
        planned
            .into_iter()
            .filter_map(|(measure, field, now, now_values, _)| {
                let after = self
                    .annotations
                    .get(measure)
                    .map_or_else(Vec::new, |a| a.heads(field).to_vec());
                (versions(&now) != versions(&after)).then_some(FieldStep {
                    measure,
                    field,
                    before: now,
                    before_values: now_values,
                    after,
                })
            })
            .collect()
    }

    /// Merges `other` in: every entry and replacement either copy holds.
    /// The author is not merged (a file carries its exporter's name; tabs
    /// use [`Document::fold_tab`]). Returns whether anything changed.
    pub fn merge(&mut self, other: &Document) -> bool {
        let other = &*self.signed_copy(other);
        let mut changed_measures = Vec::new();
        for (n, theirs) in other.annotations.all().filter(|(_, a)| !a.is_empty()) {
            let ours = self.annotations.get_or_insert(n, Annotation::default);
            let wording = ours.merge_wording(&theirs.wording);
            if ours.put_all(theirs.all_entries()) || wording {
                changed_measures.push(n);
            }
            theirs.all_entries().for_each(|e| self.clock.observe(e.at));
            self.clock.observe(theirs.wording.at);
        }
        let team_changed = self.merge_team(&other.team);
        let mut replacements_changed = false;
        for r in &other.replacements {
            self.clock.observe(r.at);
            r.undone.into_iter().for_each(|u| self.clock.observe(u));
            replacements_changed |= self.put_replacement(r.clone());
        }
        if replacements_changed {
            self.refold_all();
        } else {
            for n in &changed_measures {
                if let Some(a) = self.annotations.get_mut(*n) {
                    a.refold(&self.hidden);
                }
            }
        }
        replacements_changed || !changed_measures.is_empty() || team_changed
    }

    fn merge_team(&mut self, other: &Team) -> bool {
        other.all().iter().for_each(|s| self.clock.observe(s.at));
        self.team.merge(other)
    }

    pub fn team(&self) -> &Team {
        &self.team
    }

    /// Pilotes and signers' services the annotations name that the team
    /// directory does not cover (see [`Team::unknown_names`]).
    pub fn unknown_names(&self) -> Vec<(String, usize)> {
        self.team.unknown_names(self.annotations.iter().map(|(_, a)| a))
    }

    /// Writes a service of the directory (new, edited or removed), stamped
    /// now. Returns whether anything changed.
    pub fn put_service(&mut self, mut service: Service, editor: &Editor) -> bool {
        let held = self.team.all().iter().find(|s| s.id == service.id);
        let same = held.is_some_and(|h| {
            (&h.name, &h.aliases, &h.people, &h.email, h.removed)
                == (
                    &service.name,
                    &service.aliases,
                    &service.people,
                    &service.email,
                    service.removed,
                )
        });
        if same {
            return false;
        }
        service.at = self.clock.tick(editor.now, editor.replica);
        self.team.put(service)
    }

    /// Sets the directory decoded from a file or storage.
    pub(crate) fn set_team_raw(&mut self, team: Team) {
        team.all().iter().for_each(|s| self.clock.observe(s.at));
        self.team = team;
    }

    /// Folds in another tab's copy: a merge, and the latest author setting.
    pub fn fold_tab(&mut self, other: &Document) -> bool {
        self.shared = self.shared.max(other.shared);
        let mut changed = self.take_signatures(&other.signatures) > 0;
        self.add_local(&other.local);
        changed |= self.merge(other);
        self.clock.observe(other.author_at);
        if other.author_at > self.author_at {
            self.author = other.author.clone();
            self.author_at = other.author_at;
            changed = true;
        }
        changed
    }

    /// Merges `other` in and returns the step, for undo.
    pub fn merge_step(&mut self, other: &Document) -> Step {
        let touched = self.touched(other);
        let before = self.snapshot(&touched);
        self.merge(other);
        Step::Fields(Self::steps(&before, &self.snapshot(&touched)))
    }

    /// Merges `other` in, then settles conflicts on the heads stamped in
    /// `keep`, all as one step.
    #[allow(clippy::too_many_arguments)]
    pub fn merge_resolving(
        &mut self,
        plan: &Plan,
        other: &Document,
        keep: &[(MeasureNo, Stamp)],
        both: &[MeasureNo],
        by: &str,
        editor: &Editor,
        zone: crate::core::date::Zone,
    ) -> Step {
        let touched = self.touched(other);
        let before = self.snapshot(&touched);
        self.merge(other);
        for &(n, at) in keep {
            // A refusal can only be a full measure: its conflict stays shown.
            let _ = self.resolve(plan, n, at, by, editor);
        }
        for &n in both {
            // Refused (a note grown past its limit, a full measure): the
            // conflict stays shown, every text in it.
            let _ = self.keep_both(plan, n, by, editor, zone);
        }
        Step::Fields(Self::steps(&before, &self.snapshot(&touched)))
    }

    /// Makes the visible annotations exactly those of `other` ("Remplacer"),
    /// hiding ours without deleting them.
    pub fn replace_with(&mut self, other: &Document, by: &str, editor: &Editor) -> Step {
        let touched = self.touched(other);
        let before = self.snapshot(&touched);
        self.merge(other);
        let theirs = other.visible_stamps();
        let at = self.tick(editor);
        let hide = self
            .visible_stamps()
            .into_iter()
            .filter(|s| theirs.binary_search(s).is_err())
            .collect();
        self.put_replacement(Replacement {
            at,
            by: by.to_owned(),
            hide,
            keep: theirs,
            undone: None,
        });
        self.refold_all();
        Step::Replace { at, fields: Self::steps(&before, &self.snapshot(&touched)) }
    }

    /// Every visible entry's stamp, sorted.
    fn visible_stamps(&self) -> Vec<Stamp> {
        order::sorted_set(
            self.annotations
                .values()
                .flat_map(|a| a.all_entries().map(|e| e.at))
                .filter(|at| !self.is_hidden(*at)),
        )
    }

    /// Only the measures of `keep` (an import limited to some measures).
    /// Replacements keep only what they hid or kept in those measures, so
    /// that the import changes nothing elsewhere.
    pub fn restricted_to(&self, keep: &[MeasureNo]) -> Document {
        let mut copy = self.clone();
        copy.annotations.0.retain(|(n, _)| keep.contains(n));
        let kept = order::sorted_set(
            copy.annotations.values().flat_map(|a| a.all_entries().map(|e| e.at)),
        );
        let within = |stamps: &mut Vec<Stamp>| stamps.retain(|s| kept.binary_search(s).is_ok());
        for r in &mut copy.replacements {
            within(&mut r.hide);
            within(&mut r.keep);
        }
        copy.replacements.retain(|r| !r.hide.is_empty() || !r.keep.is_empty());
        copy.refold_all();
        copy
    }

    /// Whether `self` holds everything `other` holds (every entry at its
    /// revision or later, every replacement and undo), and its author
    /// setting.
    pub fn covers(&self, other: &Document) -> bool {
        self.covers_changes(other) && self.author_at >= other.author_at
    }

    /// Whether `self` holds every entry (at its revision or later),
    /// replacement and undo `other` holds: a file that brings nothing new.
    pub fn covers_changes(&self, other: &Document) -> bool {
        other.annotations.all().all(|(n, theirs)| {
            let ours = self.annotations.get(n);
            theirs
                .all_entries()
                .all(|e| ours.and_then(|a| a.entry(e.at)).is_some_and(|mine| mine.rev >= e.rev))
        }) && other.replacements.iter().all(|r| {
            self.replacements.binary_search_by_key(&r.at, |m| m.at).is_ok_and(|i| {
                let mine = &self.replacements[i];
                mine.undone >= r.undone
                    && includes(&mine.hide, &r.hide)
                    && includes(&mine.keep, &r.keep)
            })
        })
    }

    /// Recomputes what is hidden, then every measure's state.
    fn refold_all(&mut self) {
        let mut ops: Vec<(Stamp, &[Stamp], &[Stamp])> = Vec::new();
        for r in &self.replacements {
            ops.push((r.at, &r.hide, &r.keep));
            if let Some(u) = r.undone {
                ops.push((u, &[], &r.hide));
            }
        }
        order::sort_by_key(&mut ops, |op| op.0);
        // Each stamp ends as the last operation naming it left it (within
        // one operation, showing comes after hiding): one sort, not an
        // insertion per stamp.
        let mut marks: Vec<(Stamp, usize, bool)> = Vec::new();
        for (i, (_, hide, show)) in ops.iter().enumerate() {
            marks.extend(hide.iter().map(|s| (*s, 2 * i, true)));
            marks.extend(show.iter().map(|s| (*s, 2 * i + 1, false)));
        }
        order::sort_by_key(&mut marks, |&(s, i, _)| (s, i));
        let last_of_its_stamp = |k: usize| marks.get(k + 1).is_none_or(|next| next.0 != marks[k].0);
        self.hidden = (0..marks.len())
            .filter(|&k| last_of_its_stamp(k) && marks[k].2)
            .map(|k| marks[k].0)
            .collect();
        for (_, a) in &mut self.annotations.0 {
            a.refold(&self.hidden);
        }
    }
}

/// What is known to be stored already (the main key, other tabs'
/// journals): each entry's version and content hash, each replacement's
/// extent and the author setting. A tab's journal is its document
/// [`Document::beyond`] these marks: what only it holds, not a copy of
/// everything, so that a save while typing writes a few changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Sorted by measure and stamp: the revision and the content's hash.
    entries: Vec<(MeasureNo, Stamp, u32, u64)>,
    /// Sorted by stamp: how many stamps it hid and kept, and its undo.
    replacements: Vec<(Stamp, usize, usize, Option<Stamp>)>,
    author_at: Stamp,
    /// A hash of the team directory last written or read (0: none): a
    /// journal carries the whole directory, a few services, when it differs.
    team: u64,
    /// What only this browser keeps (see [`Signature`]), as written.
    local: Vec<(Replica, Stamp)>,
    shared: (i64, u32),
    signatures: Vec<Signature>,
}

impl Marks {
    /// The marks of everything `document` holds.
    pub fn of(document: &Document) -> Marks {
        Marks::of_parts(document, |_, _| true)
    }

    /// The marks of what `document` holds and `known` did not (another
    /// tab's journal, folded into a copy that was `known`): what this tab
    /// did not hold itself, made or imported, and may leave to that
    /// journal. What it held already stays in its own journal, even if the
    /// other holds it too (two tabs that took in the same file at once).
    pub fn of_new(document: &Document, known: &Document) -> Marks {
        Marks::of_parts(document, |n, e| {
            known.annotation(n).and_then(|a| a.entry(e.at)).is_none_or(|held| held.rev < e.rev)
        })
    }

    fn of_parts(document: &Document, take: impl Fn(MeasureNo, &Entry) -> bool) -> Marks {
        let mut entries: Vec<(MeasureNo, Stamp, u32, u64)> = document
            .annotations
            .all()
            .flat_map(|(n, a)| a.hashed_entries().map(move |(e, h)| (n, e, h)))
            .filter(|(n, e, _)| take(*n, e))
            .map(|(n, e, h)| (n, e.at, e.rev, h))
            .collect();
        order::sort(&mut entries);
        let replacements = document
            .replacements
            .iter()
            .map(|r| (r.at, r.hide.len(), r.keep.len(), r.undone))
            .collect();
        Marks {
            entries,
            replacements,
            author_at: document.author_at,
            team: document.team.hash(),
            local: document.local.clone(),
            shared: document.shared,
            signatures: document.signatures.clone(),
        }
    }

    /// Adds other marks (a document written, a journal read).
    pub fn add(&mut self, other: &Marks) {
        self.entries =
            merge_marks(std::mem::take(&mut self.entries), other.entries.iter().copied(), |x| {
                (x.0, x.1)
            });
        self.replacements = merge_marks(
            std::mem::take(&mut self.replacements),
            other.replacements.iter().copied(),
            |x| x.0,
        );
        self.author_at = self.author_at.max(other.author_at);
        self.local = order::sorted_set(self.local.iter().chain(&other.local).copied());
        // Storage holds at least the other's: a directory that differs
        // from it is written again (never one left out).
        if other.team != 0 {
            self.team = other.team;
        }
        self.shared = self.shared.max(other.shared);
        self.signatures =
            order::sorted_set(self.signatures.iter().chain(&other.signatures).cloned());
    }

    /// Whether `e` of measure `n`, with hash `hash`, is held as it is (or at
    /// a later revision).
    fn holds(&self, n: MeasureNo, e: &Entry, hash: u64) -> bool {
        self.entries.binary_search_by_key(&(n, e.at), |m| (m.0, m.1)).is_ok_and(|i| {
            let (_, _, rev, h) = self.entries[i];
            rev > e.rev || (rev == e.rev && h == hash)
        })
    }
}

/// `old` (sorted by `key`) with `more` added; of two marks with one key,
/// the greater (a later revision, a larger replacement, a later undo).
fn merge_marks<T: Ord + Copy, K: Ord>(
    old: Vec<T>,
    more: impl Iterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let mut all: Vec<T> = old;
    all.extend(more);
    order::sort_by(&mut all, |a, b| key(a).cmp(&key(b)).then(b.cmp(a)));
    all.dedup_by(|later, kept| key(later) == key(kept));
    all
}

impl Document {
    /// What this document holds beyond `marks`: entries not marked or at a
    /// later revision (with their measure's wording), replacements not
    /// marked or grown or undone since, the author if set since. Folded into a
    /// copy holding the marks, it gives this document back.
    pub fn beyond(&self, marks: &Marks) -> Document {
        let mut out = Document {
            plan_id: self.plan_id.clone(),
            plan_fingerprint: self.plan_fingerprint.clone(),
            written_at: self.written_at,
            author: self.author.clone(),
            author_at: self.author_at,
            annotations: Annotations::default(),
            replacements: Vec::new(),
            hidden: Vec::new(),
            clock: self.clock,
            local: self
                .local
                .iter()
                .filter(|l| marks.local.binary_search(l).is_err())
                .copied()
                .collect(),
            shared: if self.shared > marks.shared { self.shared } else { NOTHING_SHARED },
            team: if self.team.hash() == marks.team { Team::default() } else { self.team.clone() },
            signatures: Vec::new(),
        };
        if self.author_at <= marks.author_at {
            out.author_at = Stamp::default();
            out.author = Author::default();
        }
        for (n, a) in self.annotations.all() {
            let new: Vec<&Entry> = a
                .hashed_entries()
                .filter(|(e, h)| !marks.holds(n, e, *h))
                .map(|(e, _)| e)
                .collect();
            if new.is_empty() {
                continue;
            }
            let mut part = Annotation::default();
            part.wording = a.wording.clone();
            part.put_all(new);
            out.annotations.0.push((n, part));
        }
        out.replacements = self
            .replacements
            .iter()
            .filter(|r| {
                marks.replacements.binary_search_by_key(&r.at, |m| m.0).map_or(true, |i| {
                    let (_, hide, keep, undone) = marks.replacements[i];
                    r.hide.len() > hide || r.keep.len() > keep || r.undone > undone
                })
            })
            .cloned()
            .collect();
        // Every signature, with anything written: this journal may carry
        // changes they signed to a copy that still holds them unsigned (an
        // older main key), which must read them signed before it meets
        // them. A few in a browser's life.
        let new_signature =
            self.signatures.iter().any(|s| marks.signatures.binary_search(s).is_err());
        if new_signature || !out.holds_nothing() {
            out.signatures = self.signatures.clone();
        }
        out
    }

    /// Whether it holds nothing beyond what was stored: no journal needed.
    pub fn holds_nothing(&self) -> bool {
        self.annotations.values().all(Annotation::is_empty)
            && self.replacements.is_empty()
            && self.author_at == Stamp::default()
            && self.local.is_empty()
            && self.shared == NOTHING_SHARED
            && self.signatures.is_empty()
            && self.team.all().is_empty()
    }
}

/// What a new entry holds, but its stamp.
struct NewEntry<'a> {
    by: &'a str,
    replaces: Vec<Version>,
    change: Change,
    origin: Origin,
}

/// The heads of fields, by measure and field, sorted, with the values
/// they show.
type Snapshot = Vec<((MeasureNo, Field), Vec<Version>, Vec<Change>)>;

/// The distinct values shown by `heads`, in order.
fn values_of(annotation: &Annotation, heads: &[Version]) -> Vec<Change> {
    let mut values: Vec<Change> = Vec::new();
    for v in heads {
        if let Some(e) = annotation.entry(v.at) {
            if !values.contains(&e.change) {
                values.push(e.change.clone());
            }
        }
    }
    values
}

/// Replacements sorted by stamp, copies of one stamp made one (what each
/// hides and keeps, the later undo, the greater name), as
/// [`Document::put_replacement`] would, with one sort per stamp rather than
/// one per copy: a thousand copies of one replacement cost milliseconds.
fn grouped(mut replacements: Vec<Replacement>) -> Vec<Replacement> {
    order::sort_by_key(&mut replacements, |r| r.at);
    let mut out: Vec<Replacement> = Vec::with_capacity(replacements.len());
    let mut runs = 0usize;
    for r in replacements {
        match out.last_mut() {
            Some(last) if last.at == r.at => {
                last.hide.extend(r.hide);
                last.keep.extend(r.keep);
                last.undone = last.undone.max(r.undone);
                if r.by > last.by {
                    last.by = r.by;
                }
                runs += 1;
            }
            _ => out.push(r),
        }
    }
    if runs > 0 {
        for r in &mut out {
            r.hide = order::sorted_set(std::mem::take(&mut r.hide));
            r.keep = order::sorted_set(std::mem::take(&mut r.keep));
        }
    }
    out
}

/// Adds to `set` (sorted) what `more` holds and it lacks. Returns whether it grew.
fn union_into(set: &mut Vec<Stamp>, more: &[Stamp]) -> bool {
    if includes(set, more) {
        return false;
    }
    *set = order::sorted_set(set.iter().chain(more).copied());
    true
}

/// Whether `set` (sorted) holds every stamp of `part`.
fn includes(set: &[Stamp], part: &[Stamp]) -> bool {
    part.iter().all(|s| set.binary_search(s).is_ok())
}

/// Heads compared as sets of versions: a later revision of the same
/// entry is a change.
fn versions(heads: &[Version]) -> Vec<Version> {
    order::sorted_set(heads.iter().copied())
}
