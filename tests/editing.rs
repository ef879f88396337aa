//! The editing rules of one tab (`core::record::editing`), on the host:
//! typing is one change amended until the field is left, a focused field is
//! never overwritten, undo and redo walk the steps back and forth without
//! touching what changed since, and typed text that cannot be recorded is
//! kept and said.

mod common;

use common::{claire, karim, plan, Tab};
use proptest::prelude::*;
use vigie::core::plan::{MeasureNo, Plan};
use vigie::core::record::annotations::{Change, EditError, Field, MAX_NOTES};
use vigie::core::record::document::{Document, Editor};
use vigie::core::record::drafts::{DraftField, Drafts};
use vigie::core::record::editing::{Desk, Editing, Subject, Undid, Way};
use vigie::core::record::status::Status;

/// One tab: its document, drafts and editing state, and a clock that moves
/// a second per operation.
struct Hand {
    plan: Plan,
    doc: Document,
    drafts: Drafts,
    editing: Editing,
    now: i64,
}

impl Hand {
    fn new() -> Hand {
        let plan = plan();
        let doc = Document::empty(&plan);
        Hand { plan, doc, drafts: Drafts::default(), editing: Editing::default(), now: 1_000_000 }
    }

    /// Runs one rule at the desk, as `ui::store` does.
    fn at<R>(&mut self, rule: impl FnOnce(&mut Editing, &mut Desk) -> R) -> R {
        self.now += 1_000;
        let editor =
            Editor { replica: vigie::core::record::stamp::Replica::from_bits(7), now: self.now };
        let by = claire().display();
        let mut desk = Desk::new(&self.plan, &mut self.doc, &mut self.drafts, &by, &editor);
        rule(&mut self.editing, &mut desk)
    }

    fn edit(&mut self, n: MeasureNo, change: Change) -> bool {
        self.at(|e, d| e.edit(d, n, change)).expect("edit accepted")
    }

    fn type_notes(&mut self, n: MeasureNo, text: &str) {
        self.at(|e, d| e.typed(d, n, Field::Notes, text.to_owned()));
    }

    fn commit(&mut self) {
        self.at(|e, d| e.commit_typing(d));
    }

    fn undo(&mut self, way: Way) -> Option<Undid> {
        self.at(|e, d| e.undo(d, way))
    }

    fn notes(&self, n: MeasureNo) -> String {
        self.doc.annotation(n).map_or_else(String::new, |a| a.notes().to_owned())
    }

    fn status(&self, n: MeasureNo) -> Status {
        self.doc.annotation(n).map_or(Status::NonEvaluee, |a| a.status())
    }

    fn notes_entries(&self, n: MeasureNo) -> usize {
        self.doc
            .annotation(n)
            .map_or(0, |a| a.all_entries().filter(|e| e.field() == Field::Notes).count())
    }
}

#[test]
fn typing_is_one_change_amended_until_the_field_is_left() {
    let mut h = Hand::new();
    h.at(|e, d| e.begin_typing(d, 12, Field::Notes, String::new()));
    for text in ["R", "Réu", "Réunion du 3"] {
        h.type_notes(12, text);
        h.commit(); // a save while typing
    }
    assert!(h.at(|e, d| e.end_typing(d)));
    assert_eq!(h.notes(12), "Réunion du 3");
    assert_eq!(h.notes_entries(12), 1, "one change, amended");
    assert_eq!(h.editing.next(Way::Undo), Some(&Subject::Field(Field::Notes, 12)));
    assert!(matches!(h.undo(Way::Undo), Some(Undid::Done { .. })));
    assert_eq!(h.notes(12), "", "one undo takes the whole typing back");
}

#[test]
fn a_focused_field_shows_what_is_typed_and_a_change_from_elsewhere_becomes_a_conflict() {
    let mut h = Hand::new();
    h.at(|e, d| e.begin_typing(d, 3, Field::Notes, String::new()));
    h.type_notes(3, "Ma version");
    // Another tab records its notes meanwhile; this tab folds them in.
    let plan = plan();
    let mut other = Tab::new(&plan, 99, karim(), h.now + 10_000);
    other.edit(&plan, 3, Change::Notes("Sa version".into()));
    h.doc.fold_tab(&other.doc);
    assert_eq!(
        h.editing.typing_text(3, Field::Notes),
        Some("Ma version"),
        "the field keeps its text"
    );
    assert!(h.at(|e, d| e.end_typing(d)));
    let a = h.doc.annotation(3).unwrap();
    assert_eq!(a.heads(Field::Notes).len(), 2, "both texts stand, as a conflict");
    assert_eq!(h.editing.typing_text(3, Field::Notes), None);
}

#[test]
fn a_field_merely_visited_records_nothing() {
    let mut h = Hand::new();
    h.at(|e, d| e.begin_typing(d, 4, Field::Pilote, "Ofast".into()));
    assert!(h.at(|e, d| e.end_typing(d)));
    assert!(h.doc.annotation(4).is_none());
    assert!(!h.editing.can(Way::Undo));
}

#[test]
fn a_pilote_is_trimmed_when_its_field_is_left() {
    let mut h = Hand::new();
    h.at(|e, d| e.typed(d, 4, Field::Pilote, "  Ofast ".into()));
    h.at(|e, d| e.end_typing(d));
    assert_eq!(h.doc.annotation(4).unwrap().pilote(), "Ofast");
}

#[test]
fn undo_and_redo_walk_back_and_forth_and_a_new_change_forgets_the_redo() {
    let mut h = Hand::new();
    assert!(h.edit(8, Change::Status(Status::EnCours)));
    assert!(h.edit(8, Change::Progress(40)));
    h.undo(Way::Undo);
    h.undo(Way::Undo);
    assert_eq!(h.status(8), Status::NonEvaluee);
    assert!(!h.editing.can(Way::Undo));
    h.undo(Way::Redo);
    assert_eq!(h.status(8), Status::EnCours);
    assert_eq!(h.editing.next(Way::Redo), Some(&Subject::Field(Field::Progress, 8)));
    assert!(h.edit(9, Change::Status(Status::Realisee)));
    assert!(!h.editing.can(Way::Redo), "a new change forgets what could be redone");
    assert_eq!(h.undo(Way::Redo), None);
}

#[test]
fn two_changes_of_one_field_undo_one_after_the_other() {
    let mut h = Hand::new();
    h.edit(2, Change::Status(Status::EnCours));
    h.edit(2, Change::Status(Status::Realisee));
    assert!(matches!(h.undo(Way::Undo), Some(Undid::Done { .. })));
    assert_eq!(h.status(2), Status::EnCours);
    assert!(matches!(h.undo(Way::Undo), Some(Undid::Done { .. })), "not « changed since »");
    assert_eq!(h.status(2), Status::NonEvaluee);
    h.undo(Way::Redo);
    h.undo(Way::Redo);
    assert_eq!(h.status(2), Status::Realisee);
}

#[test]
fn an_undo_leaves_alone_what_changed_since_and_says_so() {
    let mut h = Hand::new();
    h.edit(8, Change::Status(Status::EnCours));
    let plan = plan();
    let mut other = Tab::new(&plan, 99, karim(), h.now + 10_000);
    other.doc.merge(&h.doc);
    other.edit(&plan, 8, Change::Status(Status::EnDifficulte));
    h.doc.fold_tab(&other.doc);
    assert_eq!(h.undo(Way::Undo), Some(Undid::ChangedSince(vec![8])));
    assert_eq!(h.status(8), Status::EnDifficulte, "the colleague's change stands");
    assert!(!h.editing.can(Way::Undo) && !h.editing.can(Way::Redo));
}

#[test]
fn a_comment_drafted_before_a_change_is_attached_to_it() {
    let mut h = Hand::new();
    h.drafts.set(6, DraftField::Comment, "Vu en comité");
    h.edit(6, Change::Status(Status::EnCours));
    let a = h.doc.annotation(6).unwrap();
    let status_at = a.all_entries().find(|e| e.field() == Field::Status).unwrap().at;
    assert!(a
        .all_entries()
        .any(|e| e.change == Change::Comment { on: status_at, text: "Vu en comité".into() }));
    assert_eq!(h.drafts.get(6, DraftField::Comment), "", "the draft is used up");
    assert_eq!(h.editing.comment_target(&h.doc, 6), Some(status_at));
}

#[test]
fn typed_text_that_cannot_be_recorded_is_kept_as_a_draft_and_said_once() {
    let mut h = Hand::new();
    let long = "x".repeat(MAX_NOTES + 1);
    h.type_notes(2, &long);
    h.at(|e, d| e.end_typing(d));
    assert_eq!(h.notes(2), "");
    assert_eq!(h.drafts.get(2, DraftField::Notes), long);
    let refused = h.editing.take_refused().expect("said");
    assert_eq!(refused.measure, 2);
    assert!(matches!(refused.error, EditError::TooLong { .. }));
    assert_eq!(h.editing.take_refused(), None, "said once");
}

#[test]
fn settling_a_conflict_is_one_undoable_choice() {
    let mut h = Hand::new();
    let plan = plan();
    let mut other = Tab::new(&plan, 99, karim(), h.now);
    other.edit(&plan, 5, Change::Status(Status::Realisee));
    h.edit(5, Change::Status(Status::EnCours));
    h.doc.fold_tab(&other.doc);
    let heads = h.doc.annotation(5).unwrap().heads(Field::Status).to_vec();
    assert_eq!(heads.len(), 2);
    let keep = heads.iter().find(|v| v.at.replica == other.replica).unwrap().at;
    assert!(h.at(|e, d| e.resolve(d, 5, keep)).unwrap());
    assert_eq!(h.status(5), Status::Realisee);
    assert_eq!(h.editing.next(Way::Undo), Some(&Subject::Choice(Field::Status, 5)));
    h.undo(Way::Undo);
    assert_eq!(h.doc.annotation(5).unwrap().heads(Field::Status).len(), 2, "the conflict is back");
}

proptest! {
    /// Undoing every step gives back the state before them, and redoing
    /// every step gives back the state after them.
    #[test]
    fn undo_all_then_redo_all_is_the_identity(
        changes in prop::collection::vec((1u16..4, 0usize..3, 0u8..=100), 1..12),
    ) {
        let mut h = Hand::new();
        let shown = |h: &Hand| (1..4).map(|n| h.doc.annotation(n).map(|a| (a.status(), a.progress(), a.notes().to_owned()))).collect::<Vec<_>>();
        let before = shown(&h);
        for (n, field, value) in changes {
            match field {
                0 => { h.edit(n, Change::Status(Status::ALL[usize::from(value) % Status::ALL.len()])); }
                1 => { h.edit(n, Change::Progress(value)); }
                _ => { h.type_notes(n, &format!("note {value}")); h.at(|e, d| e.end_typing(d)); }
            }
        }
        let after = shown(&h);
        while h.editing.can(Way::Undo) {
            let undid = h.undo(Way::Undo);
            prop_assert!(matches!(undid, Some(Undid::Done { .. })), "{:?}", undid);
        }
        let blank = |s: &Vec<Option<(Status, u8, String)>>| s.iter().map(|x| x.clone().unwrap_or((Status::NonEvaluee, 0, String::new()))).collect::<Vec<_>>();
        prop_assert_eq!(blank(&shown(&h)), blank(&before));
        while h.editing.can(Way::Redo) {
            let undid = h.undo(Way::Redo);
            prop_assert!(matches!(undid, Some(Undid::Done { .. })), "{:?}", undid);
        }
        prop_assert_eq!(blank(&shown(&h)), blank(&after));
    }
}
