//! The rules of editing in one tab, as plain values: what is being typed
//! (saved as typed, in one change amended until the field is left, and
//! never overwritten by what arrives meanwhile), the undo and redo stacks,
//! this tab's latest change per measure (what a comment explains), and the
//! comment drafted before the change it explains. `ui::store` keeps an
//! [`Editing`] in a signal and adds storage, timers and messages; the rules
//! themselves are host-tested here and in `tests/editing.rs`.

use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::annotations::{Change, EditError, Entry, Field, Origin, Version};
use crate::core::record::document::{Amend, ChangedSince, Document, Editor, Step};
use crate::core::record::drafts::{DraftField, Drafts};
use crate::core::record::stamp::Stamp;

/// Which way through this tab's steps: back (undo) or forward again (redo).
/// Two values, where [`Origin`] has five, so that nothing else can be asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Undo,
    Redo,
}

impl Way {
    /// How the changes an undo or redo records are marked in the history.
    pub fn origin(self) -> Origin {
        match self {
            Way::Undo => Origin::Undo,
            Way::Redo => Origin::Redo,
        }
    }
}

/// What a step on the undo stack is about, for its button and its message
/// (phrased by `wording::subject`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A field changed: « statut de la mesure 31 ».
    Field(Field, MeasureNo),
    /// A conflict settled: « le choix sur le statut de la mesure 31 ».
    Choice(Field, MeasureNo),
    /// An import, named by the screen that previewed it.
    Import(String),
}

/// One step on the undo or redo stack, with what it is about.
#[derive(Debug, Clone)]
struct Undoable {
    step: Step,
    subject: Subject,
}

/// A text being typed into a field of the document: saved as it is typed,
/// in one change that is amended until the field is left.
#[derive(Debug, Clone)]
struct Typing {
    measure: MeasureNo,
    field: Field,
    /// The field's versions when typing began: a change that arrives from
    /// elsewhere meanwhile is a conflict, never silently replaced.
    seen: Vec<Version>,
    /// The change made from this typing, once there is one.
    entry: Option<Stamp>,
    text: String,
    /// Whether the document holds `text` already.
    committed: bool,
}

/// What typed text could not be recorded (a text past its length): it is
/// kept as a draft of the field, and the user is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub measure: MeasureNo,
    pub error: EditError,
}

/// What an undo or redo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undid {
    /// The step went back (or forward); `skipped` fields had changed since
    /// and were left as they are.
    Done { subject: Subject, skipped: Vec<(MeasureNo, Field)> },
    /// Every field of the step changed since: nothing moved, and the step
    /// is gone from the stack.
    ChangedSince(Vec<MeasureNo>),
}

/// What an edit works on and who signs it. `document_changed` and
/// `drafts_changed` say afterwards what was written, so that only their
/// watchers wake.
pub struct Desk<'a> {
    pub plan: &'a Plan,
    pub document: &'a mut Document,
    pub drafts: &'a mut Drafts,
    pub by: &'a str,
    pub editor: &'a Editor,
    pub document_changed: bool,
    pub drafts_changed: bool,
}

impl<'a> Desk<'a> {
    pub fn new(
        plan: &'a Plan,
        document: &'a mut Document,
        drafts: &'a mut Drafts,
        by: &'a str,
        editor: &'a Editor,
    ) -> Desk<'a> {
        Desk { plan, document, drafts, by, editor, document_changed: false, drafts_changed: false }
    }

    fn edit(
        &mut self,
        measure: MeasureNo,
        change: Change,
        seen: Option<&[Version]>,
    ) -> Result<Option<Step>, EditError> {
        let step = self.document.edit(self.plan, measure, change, seen, self.by, self.editor)?;
        self.document_changed |= step.is_some();
        Ok(step)
    }

    fn set_draft(&mut self, measure: MeasureNo, field: DraftField, text: &str) {
        self.drafts_changed |= self.drafts.set(measure, field, text);
    }
}

/// This tab's editing state (see the module's comment).
#[derive(Debug, Clone, Default)]
pub struct Editing {
    undo: Vec<Undoable>,
    redo: Vec<Undoable>,
    typing: Option<Typing>,
    /// This tab's latest change per measure: what a comment typed now explains.
    latest: Vec<(MeasureNo, Stamp)>,
    /// Typed text refused since it was last asked for.
    refused: Option<Refused>,
}

impl Editing {
    /// Applies one change to a measure (status, progress, due date, links).
    /// What is being typed is recorded first; a comment drafted before the
    /// change is attached to it. Returns whether anything changed.
    pub fn edit(
        &mut self,
        desk: &mut Desk,
        measure: MeasureNo,
        change: Change,
    ) -> Result<bool, EditError> {
        self.commit_typing(desk);
        let field = change.field();
        let Some(step) = desk.edit(measure, change, None)? else { return Ok(false) };
        let at = step.fields().first().and_then(|f| f.after.last()).map(|v| v.at);
        self.remember(step, Subject::Field(field, measure));
        if let Some(at) = at {
            self.note_latest(measure, at);
            self.attach_draft_comment(desk, measure, at);
        }
        Ok(true)
    }

    fn note_latest(&mut self, measure: MeasureNo, at: Stamp) {
        self.latest.retain(|(n, _)| *n != measure);
        self.latest.push((measure, at));
    }

    /// A comment typed before any change waits as a draft; the change that
    /// follows takes it.
    fn attach_draft_comment(&mut self, desk: &mut Desk, measure: MeasureNo, on: Stamp) {
        let text = desk.drafts.get(measure, DraftField::Comment).to_owned();
        if text.trim().is_empty() {
            return;
        }
        if let Ok(Some(_)) = desk.edit(measure, Change::Comment { on, text }, None) {
            desk.set_draft(measure, DraftField::Comment, "");
        }
    }

    /// The change a comment typed now on `measure` explains: this tab's
    /// latest change to it, or else the latest change signed by the author.
    pub fn comment_target(&self, document: &Document, measure: MeasureNo) -> Option<Stamp> {
        let mine = self.latest.iter().find(|(n, _)| *n == measure).map(|(_, at)| *at);
        let a = document.annotation(measure)?;
        if let Some(at) = mine.filter(|at| a.entry(*at).is_some() && !document.is_hidden(*at)) {
            return Some(at);
        }
        let visible =
            |e: &&Entry| !document.is_hidden(e.at) && !matches!(e.field(), Field::Comment(_));
        let by = document.author().display();
        a.all_entries().rev().filter(visible).find(|e| e.by == by).map(|e| e.at)
    }

    /// A field saved as typed took the focus: from now on it shows what it
    /// showed then (then what is typed), never a copy arriving from another
    /// tab, which would move the caret and drop the selection under the
    /// user's hands (a « select all, then type » would append instead of
    /// replace); and a change made from it replaces the versions seen now.
    /// Leaving it without typing changes nothing.
    pub fn begin_typing(
        &mut self,
        desk: &mut Desk,
        measure: MeasureNo,
        field: Field,
        shown: String,
    ) {
        if self.typing.as_ref().is_some_and(|t| t.measure == measure && t.field == field) {
            return;
        }
        self.commit_typing(desk);
        let seen =
            desk.document.annotation(measure).map_or_else(Vec::new, |a| a.heads(field).to_vec());
        self.typing =
            Some(Typing { measure, field, seen, entry: None, text: shown, committed: true });
    }

    /// Text typed into a field of the document (pilote, notes, the comment
    /// on a change): kept here until [`Editing::commit_typing`] records it.
    pub fn typed(&mut self, desk: &mut Desk, measure: MeasureNo, field: Field, text: String) {
        // Typed without a focus event first (a script, an old browser).
        self.begin_typing(desk, measure, field, String::new());
        if let Some(t) = &mut self.typing {
            t.text = text;
            t.committed = false;
        }
    }

    /// What is being typed into this field, if it is: shown instead of the
    /// stored value, so that nothing arriving from another tab overwrites it.
    pub fn typing_text(&self, measure: MeasureNo, field: Field) -> Option<&str> {
        self.typing
            .as_ref()
            .filter(|t| t.measure == measure && t.field == field)
            .map(|t| t.text.as_str())
    }

    /// The field was left: what was typed is recorded as it stands (a
    /// pilote trimmed). Returns whether a field was being typed into.
    pub fn end_typing(&mut self, desk: &mut Desk) -> bool {
        // Only what was typed is trimmed: a field merely visited records nothing.
        if let Some(t) = self
            .typing
            .as_mut()
            .filter(|t| t.field == Field::Pilote && (!t.committed || t.entry.is_some()))
        {
            let trimmed = t.text.trim().to_owned();
            if trimmed != t.text {
                t.text = trimmed;
                t.committed = false;
            }
        }
        self.commit_typing(desk);
        self.typing.take().is_some()
    }

    /// Forgets the field being typed into, once what it holds is recorded
    /// (before an undo, an import or a settled conflict, which change the
    /// field under it).
    pub fn stop_typing(&mut self, desk: &mut Desk) {
        self.commit_typing(desk);
        self.typing = None;
    }

    /// Turns what is being typed into a change, or amends the one it already
    /// made. A refusal keeps the text as a draft of the field and is
    /// reported by [`Editing::take_refused`].
    pub fn commit_typing(&mut self, desk: &mut Desk) {
        let Some(t) = self.typing.as_ref().filter(|t| !t.committed) else { return };
        let (measure, field, text) = (t.measure, t.field, t.text.clone());
        let change = match field {
            Field::Pilote => Change::Pilote(text.clone()),
            Field::Notes => Change::Notes(text.clone()),
            Field::Comment(on) => Change::Comment { on, text: text.clone() },
            _ => return,
        };
        let mut entry = t.entry;
        let amended = match t.entry {
            Some(at) => {
                match desk.document.amend(measure, at, change.clone(), desk.by, desk.editor) {
                    Ok(Amend::Amended(version)) => {
                        desk.document_changed = true;
                        // The step on the undo stack follows the text as it stands.
                        self.undo.iter_mut().for_each(|x| x.step.revised(version));
                        true
                    }
                    Ok(Amend::Unchanged) => true,
                    Ok(Amend::NotAmendable) | Err(_) => false,
                }
            }
            None => false,
        };
        if !amended {
            let seen = t.seen.clone();
            match desk.edit(measure, change, Some(&seen)) {
                Err(error) => {
                    // Rare (a text past its length), never silent, and what
                    // was typed is kept as a draft of the field.
                    let draft = match field {
                        Field::Notes => Some(DraftField::Notes),
                        Field::Pilote => Some(DraftField::Pilote),
                        Field::Comment(_) => Some(DraftField::Comment),
                        _ => None,
                    };
                    if let Some(draft) = draft {
                        desk.set_draft(measure, draft, &text);
                    }
                    self.refused = Some(Refused { measure, error });
                }
                Ok(Some(step)) => {
                    entry = step.fields().first().and_then(|f| f.after.iter().map(|v| v.at).max());
                    if !matches!(field, Field::Comment(_)) {
                        if let Some(at) = entry {
                            self.note_latest(measure, at);
                        }
                    }
                    self.remember(step, Subject::Field(field, measure));
                }
                Ok(None) => {}
            }
        }
        if let Some(t) = &mut self.typing {
            t.entry = entry;
            t.committed = true;
        }
    }

    /// Typed text refused since last asked, to tell the user once.
    pub fn take_refused(&mut self) -> Option<Refused> {
        self.refused.take()
    }

    /// Records a step on the undo stack (a new change forgets what could be
    /// redone). Steps that changed nothing are not kept.
    pub fn remember(&mut self, step: Step, subject: Subject) {
        if step.fields().is_empty() {
            return;
        }
        self.undo.push(Undoable { step, subject });
        self.redo.clear();
    }

    pub fn can(&self, way: Way) -> bool {
        !self.stack(way).is_empty()
    }

    /// What the next undo or redo would be about.
    pub fn next(&self, way: Way) -> Option<&Subject> {
        self.stack(way).last().map(|x| &x.subject)
    }

    fn stack(&self, way: Way) -> &Vec<Undoable> {
        match way {
            Way::Undo => &self.undo,
            Way::Redo => &self.redo,
        }
    }

    /// Undoes (or redoes) the last step by new changes; its inverse goes on
    /// the other stack. `None` when there is nothing to undo.
    pub fn undo(&mut self, desk: &mut Desk, way: Way) -> Option<Undid> {
        self.stop_typing(desk);
        let entry = match way {
            Way::Undo => self.undo.pop(),
            Way::Redo => self.redo.pop(),
        }?;
        let undone = desk.document.undo(desk.plan, &entry.step, desk.by, way.origin(), desk.editor);
        Some(match undone {
            Ok(undone) => {
                desk.document_changed = true;
                let (from, to) = match way {
                    Way::Undo => (&mut self.undo, &mut self.redo),
                    Way::Redo => (&mut self.redo, &mut self.undo),
                };
                // The steps below it on its stack now find the field as the
                // undo left it.
                from.iter_mut().for_each(|x| x.step.rebase(&entry.step, &undone.inverse));
                to.push(Undoable { step: undone.inverse, subject: entry.subject.clone() });
                Undid::Done { subject: entry.subject, skipped: undone.skipped }
            }
            Err(ChangedSince(measures)) => Undid::ChangedSince(measures),
        })
    }

    /// Sets a field back to the value of one of its past changes. Returns
    /// whether anything changed.
    pub fn revert_to(
        &mut self,
        desk: &mut Desk,
        measure: MeasureNo,
        at: Stamp,
    ) -> Result<bool, EditError> {
        self.commit_typing(desk);
        let Some(field) = field_of(desk.document, measure, at) else { return Ok(false) };
        let step = desk.document.revert_to(desk.plan, measure, at, desk.by, desk.editor)?;
        Ok(self.keep(desk, step, Subject::Field(field, measure)))
    }

    /// Settles a conflict on the value of the head stamped `keep`.
    pub fn resolve(
        &mut self,
        desk: &mut Desk,
        measure: MeasureNo,
        keep: Stamp,
    ) -> Result<bool, EditError> {
        self.stop_typing(desk);
        let Some(field) = field_of(desk.document, measure, keep) else { return Ok(false) };
        let step = desk.document.resolve(desk.plan, measure, keep, desk.by, desk.editor)?;
        Ok(self.keep(desk, step, Subject::Choice(field, measure)))
    }

    /// Settles a notes conflict on every text at once (« Garder les deux »).
    pub fn keep_both(
        &mut self,
        desk: &mut Desk,
        measure: MeasureNo,
        zone: crate::core::date::Zone,
    ) -> Result<bool, EditError> {
        self.stop_typing(desk);
        let step = desk.document.keep_both(desk.plan, measure, desk.by, desk.editor, zone)?;
        Ok(self.keep(desk, step, Subject::Choice(Field::Notes, measure)))
    }

    fn keep(&mut self, desk: &mut Desk, step: Option<Step>, subject: Subject) -> bool {
        let Some(step) = step else { return false };
        desk.document_changed = true;
        self.remember(step, subject);
        true
    }

    /// Forgets the field being typed into without recording it: this tab's
    /// changes will carry another id (see `Store::renew_replica`).
    pub fn drop_typing(&mut self) {
        self.typing = None;
    }
}

fn field_of(document: &Document, measure: MeasureNo, at: Stamp) -> Option<Field> {
    document.annotation(measure).and_then(|a| a.entry(at)).map(Entry::field)
}
