//! The annotation document on the real plan: changes and their history,
//! per-field merges and conflicts, typing, undo and redo, going back to an
//! earlier value, and "Remplacer". One rule per test; the laws (convergence,
//! nothing lost) are stated as properties in `convergence.rs`.

use vigie::core::record::annotations::{
    clean, refusal, Author, Change, EditError, Field, Origin, TextKind,
};
use vigie::core::record::document::{Amend, ChangedSince, Step};
use vigie::core::record::stamp::Stamp;
use vigie::core::record::status::Status;

mod common;
use common::{claire, date, karim, link, plan, Tab};

const T0: i64 = 1_790_000_000_000;
const HOUR: i64 = 3_600_000;

fn tab(id: u64) -> Tab {
    Tab::new(&plan(), id, claire(), T0)
}

/// Tab B, a copy of A's document so far, with its own replica and author.
fn copy_of(a: &Tab, id: u64) -> Tab {
    let plan = plan();
    let mut b = Tab::new(&plan, id, karim(), a.now);
    b.doc.merge(&a.reread(&plan));
    b
}

// ---------------------------------------------------------------- changes

#[test]
fn every_field_change_is_an_entry_with_its_author_stamp_and_old_and_new_values() {
    let plan = plan();
    let mut a = tab(1);
    let changes = [
        Change::Status(Status::EnCours),
        Change::Progress(40),
        Change::Pilote("Ofast".into()),
        Change::Due(Some(date("2026-12-31"))),
        Change::Notes("Liste arrêtée en comité".into()),
        Change::Links(vec![link("Compte rendu", "https://example.org/cr")]),
        Change::Status(Status::Realisee),
    ];
    for c in &changes {
        a.edit(&plan, 17, c.clone());
    }
    let m = a.doc.annotation(17).unwrap();
    let entries: Vec<_> = m.all_entries().collect();
    assert_eq!(entries.len(), changes.len());
    for (e, c) in entries.iter().zip(&changes) {
        assert_eq!(&e.change, c);
        assert_eq!(e.by, "Claire Martin (Ofast)");
        assert_eq!(e.origin, Origin::Edit);
    }
    assert!(entries.windows(2).all(|w| w[0].at < w[1].at), "stamps increase");
    let last = entries.last().unwrap();
    assert_eq!(m.previous(last), Some(Change::Status(Status::EnCours)));
    assert_eq!(
        m.previous(entries[2]),
        Some(Change::Pilote(String::new())),
        "a first change replaces the blank value"
    );
    assert_eq!(
        (m.status(), m.progress(), m.pilote(), m.notes()),
        (Status::Realisee, 40, "Ofast", "Liste arrêtée en comité")
    );
    assert_eq!(m.due(), Some(date("2026-12-31")));
    assert_eq!(m.links(), [link("Compte rendu", "https://example.org/cr")]);
}

#[test]
fn a_change_that_changes_nothing_is_not_recorded() {
    let plan = plan();
    let mut a = tab(1);
    let editor = a.editor();
    assert_eq!(
        a.doc.edit(&plan, 5, Change::Status(Status::NonEvaluee), None, "x", &editor),
        Ok(None)
    );
    assert_eq!(a.doc.edit(&plan, 5, Change::Notes(String::new()), None, "x", &editor), Ok(None));
    a.edit(&plan, 5, Change::Progress(30));
    let editor = a.editor();
    assert_eq!(a.doc.edit(&plan, 5, Change::Progress(30), None, "x", &editor), Ok(None));
    assert_eq!(a.doc.annotation(5).unwrap().len(), 1);
}

#[test]
fn out_of_range_unknown_or_oversized_changes_are_refused() {
    let plan = plan();
    let mut a = tab(1);
    let e = a.editor();
    assert_eq!(
        a.doc.edit(&plan, 5, Change::Progress(101), None, "x", &e),
        Err(EditError::ProgressOutOfRange(101))
    );
    assert_eq!(
        a.doc.edit(&plan, 56, Change::Progress(10), None, "x", &e),
        Err(EditError::UnknownMeasure(56))
    );
    let long = "é".repeat(20_001);
    assert!(matches!(
        a.doc.edit(&plan, 5, Change::Notes(long), None, "x", &e),
        Err(EditError::TooLong { .. })
    ));
    assert!(a.doc.annotation(5).is_none_or(|m| m.is_blank()));
}

#[test]
fn control_and_bidi_characters_are_refused_in_short_fields_and_cleaned_from_what_is_typed() {
    assert_eq!(
        refusal(&Change::Pilote("Ofast\u{202e}tsafO".into())),
        Some(EditError::ForbiddenCharacter('\u{202e}'))
    );
    assert_eq!(
        refusal(&Change::Pilote("a\u{7}b".into())),
        Some(EditError::ForbiddenCharacter('\u{7}'))
    );
    assert_eq!(
        refusal(&Change::Notes("ligne 1\n\tligne 2".into())),
        None,
        "tabs and line breaks belong in notes"
    );
    assert_eq!(clean("Ofast\u{202e}\u{0}", TextKind::Short), "Ofast");
    assert_eq!(clean("a\nb\u{1b}", TextKind::Long), "a\nb");
}

#[test]
fn stamps_keep_increasing_when_the_clock_goes_back() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 3, Change::Progress(10));
    a.now -= 5 * HOUR;
    a.edit(&plan, 3, Change::Progress(20));
    let stamps: Vec<Stamp> = a.doc.annotation(3).unwrap().all_entries().map(|e| e.at).collect();
    assert!(stamps[1] > stamps[0]);
    assert_eq!(a.doc.annotation(3).unwrap().progress(), 20);
}

#[test]
fn the_author_is_displayed_as_name_and_service_or_anonyme() {
    assert_eq!(claire().display(), "Claire Martin (Ofast)");
    assert_eq!(Author { name: "  ".into(), service: String::new() }.display(), "anonyme");
    assert_eq!(Author { name: String::new(), service: "DGPN".into() }.display(), "DGPN");
}

#[test]
fn a_past_due_date_is_overdue_only_while_the_measure_is_open() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 30, Change::Due(Some(date("2026-01-31"))));
    let today = date("2026-02-01");
    assert!(a.doc.annotation(30).unwrap().is_overdue(today));
    assert!(
        !a.doc.annotation(30).unwrap().is_overdue(date("2026-01-31")),
        "due today is not yet overdue"
    );
    a.edit(&plan, 30, Change::Status(Status::Realisee));
    assert!(!a.doc.annotation(30).unwrap().is_overdue(today));
}

// ---------------------------------------------------------------- merges

#[test]
fn concurrent_changes_of_different_fields_of_one_measure_both_survive() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 8, Change::Status(Status::EnCours));
    let mut b = copy_of(&a, 2);
    a.edit(&plan, 8, Change::Notes("notre note".into()));
    b.edit(&plan, 8, Change::Progress(60));
    a.doc.merge(&b.reread(&plan));
    b.doc.merge(&a.reread(&plan));
    for doc in [&a.doc, &b.doc] {
        let m = doc.annotation(8).unwrap();
        assert_eq!((m.status(), m.progress(), m.notes()), (Status::EnCours, 60, "notre note"));
        assert!(m.conflicts().is_empty());
    }
    assert_eq!(a.doc.annotations(), b.doc.annotations());
}

#[test]
fn concurrent_changes_of_one_field_are_a_conflict_that_keeps_both_values() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 8, Change::Notes("départ".into()));
    let mut b = copy_of(&a, 2);
    a.edit(&plan, 8, Change::Notes("version de Claire".into()));
    b.now += HOUR;
    b.edit(&plan, 8, Change::Notes("version de Karim".into()));
    a.doc.merge(&b.reread(&plan));
    let m = a.doc.annotation(8).unwrap();
    assert_eq!(m.conflicts().len(), 1);
    assert_eq!(m.conflicts()[0].field, Field::Notes);
    assert_eq!(m.notes(), "version de Karim", "the later stamp is shown");
    let heads: Vec<Change> =
        m.heads(Field::Notes).iter().map(|v| m.entry(v.at).unwrap().change.clone()).collect();
    assert_eq!(
        heads,
        [Change::Notes("version de Claire".into()), Change::Notes("version de Karim".into())]
    );
}

#[test]
fn resolving_a_conflict_settles_it_everywhere_and_keeps_the_other_value_in_the_history() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 8, Change::Notes("départ".into()));
    let mut b = copy_of(&a, 2);
    a.edit(&plan, 8, Change::Notes("version de Claire".into()));
    b.edit(&plan, 8, Change::Notes("version de Karim".into()));
    a.doc.merge(&b.reread(&plan));
    let claire_at = a.doc.annotation(8).unwrap().heads(Field::Notes)[0].at;
    let editor = a.editor();
    a.doc
        .resolve(&plan, 8, claire_at, "Claire Martin (Ofast)", &editor)
        .unwrap()
        .expect("resolved");
    b.doc.merge(&a.reread(&plan));
    for doc in [&a.doc, &b.doc] {
        let m = doc.annotation(8).unwrap();
        assert!(m.conflicts().is_empty());
        assert_eq!(m.notes(), "version de Claire");
        assert!(m.all_entries().any(|e| e.change == Change::Notes("version de Karim".into())));
        assert_eq!(m.all_entries().last().unwrap().origin, Origin::Resolve);
    }
}

#[test]
fn settling_a_conflict_leaves_the_date_and_author_of_the_value_kept() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 8, Change::Notes("départ".into()));
    let mut b = copy_of(&a, 2);
    a.now += HOUR;
    a.edit(&plan, 8, Change::Notes("version de Claire".into()));
    b.now += 2 * HOUR;
    b.edit(&plan, 8, Change::Notes("version de Karim".into()));
    a.doc.merge(&b.reread(&plan));
    let claire_at = a.doc.annotation(8).unwrap().heads(Field::Notes)[0].at;
    // The coordinator settles it a day later, keeping Claire's text.
    a.now += 24 * HOUR;
    let editor = a.editor();
    a.doc.resolve(&plan, 8, claire_at, "Coordination", &editor).unwrap().expect("resolved");
    let m = a.doc.annotation(8).unwrap();
    assert_eq!(m.updated(), Some(claire_at), "the measure was last updated when Claire wrote");
    assert_eq!(m.last_update().unwrap().by, "Claire Martin (Ofast)");
    // An edit after the settlement is an update again.
    a.now += HOUR;
    a.edit(&plan, 8, Change::Progress(40));
    let m = a.doc.annotation(8).unwrap();
    assert_eq!(m.last_update().unwrap().change, Change::Progress(40));
}

#[test]
fn the_same_value_set_concurrently_is_not_a_conflict() {
    let plan = plan();
    let mut a = tab(1);
    let mut b = tab(2);
    a.edit(&plan, 4, Change::Status(Status::EnCours));
    b.edit(&plan, 4, Change::Status(Status::EnCours));
    a.doc.merge(&b.reread(&plan));
    assert!(a.doc.annotation(4).unwrap().conflicts().is_empty());
}

#[test]
fn an_edit_made_after_reading_a_file_from_a_clock_two_hours_ahead_wins_over_it() {
    let plan = plan();
    let mut colleague = tab(2);
    colleague.now += 2 * HOUR;
    colleague.edit(&plan, 8, Change::Notes("note du collègue".into()));
    let mut me = tab(1);
    me.doc.merge(&colleague.reread(&plan));
    me.edit(&plan, 8, Change::Notes("ma note, écrite après".into()));
    let m = me.doc.annotation(8).unwrap();
    assert!(m.conflicts().is_empty(), "I had seen their note: mine replaces it");
    assert_eq!(m.notes(), "ma note, écrite après");
    colleague.doc.merge(&me.reread(&plan));
    assert_eq!(colleague.doc.annotation(8).unwrap().notes(), "ma note, écrite après");
}

#[test]
fn two_replicas_never_make_equal_stamps_in_the_same_millisecond() {
    let plan = plan();
    let mut a = tab(1);
    let mut b = tab(2);
    a.edit(&plan, 8, Change::Progress(10));
    b.edit(&plan, 8, Change::Progress(20));
    let sa = a.doc.annotation(8).unwrap().all_entries().next().unwrap().at;
    let sb = b.doc.annotation(8).unwrap().all_entries().next().unwrap().at;
    assert_eq!((sa.ms, sa.counter), (sb.ms, sb.counter));
    assert_ne!(sa, sb);
    a.doc.merge(&b.reread(&plan));
    assert_eq!(a.doc.annotation(8).unwrap().conflicts().len(), 1, "neither knew of the other");
}

#[test]
fn merging_is_idempotent_and_gives_the_same_document_either_way() {
    let plan = plan();
    let mut a = tab(1);
    let mut b = tab(2);
    a.edit(&plan, 1, Change::Status(Status::EnCours));
    a.edit(&plan, 2, Change::Notes("a".into()));
    b.edit(&plan, 2, Change::Notes("b".into()));
    b.edit(&plan, 3, Change::Progress(5));
    let (ra, rb) = (a.reread(&plan), b.reread(&plan));
    let mut ab = ra.clone();
    ab.merge(&rb);
    let mut ba = rb.clone();
    ba.merge(&ra);
    assert_eq!(ab.annotations(), ba.annotations());
    let once = ab.clone();
    assert!(!ab.merge(&rb), "merging again changes nothing");
    assert_eq!(ab, once);
}

// ---------------------------------------------------------------- typing

#[test]
fn text_typed_as_you_go_amends_one_entry() {
    let plan = plan();
    let mut a = tab(1);
    let step = a.edit(&plan, 12, Change::Notes("Réu".into()));
    let at = step.fields()[0].after[0].at;
    let editor = a.editor();
    assert!(matches!(
        a.doc.amend(12, at, Change::Notes("Réunion le 3".into()), &a.author.display(), &editor),
        Ok(Amend::Amended(v)) if v.rev == 1
    ));
    assert_eq!(
        a.doc.amend(12, at, Change::Notes("Réunion le 3".into()), &a.author.display(), &editor),
        Ok(Amend::Unchanged)
    );
    let m = a.doc.annotation(12).unwrap();
    assert_eq!((m.len(), m.notes()), (1, "Réunion le 3"));
    assert_eq!(a.reread(&plan).annotation(12).unwrap().notes(), "Réunion le 3");
}

#[test]
fn another_replica_cannot_amend_and_nobody_amends_a_replaced_entry() {
    let plan = plan();
    let mut a = tab(1);
    let at = a.edit(&plan, 12, Change::Notes("Réu".into())).fields()[0].after[0].at;
    let mut b = copy_of(&a, 2);
    let b_editor = b.editor();
    assert_eq!(
        b.doc.amend(12, at, Change::Notes("x".into()), &b.author.display(), &b_editor),
        Ok(Amend::NotAmendable)
    );
    b.edit(&plan, 12, Change::Notes("Réunion reportée".into()));
    a.doc.merge(&b.reread(&plan));
    let editor = a.editor();
    assert_eq!(
        a.doc.amend(12, at, Change::Notes("Réunion le 3".into()), &a.author.display(), &editor),
        Ok(Amend::NotAmendable)
    );
}

#[test]
fn a_revision_typed_after_another_tab_replaced_an_earlier_one_is_a_conflict_not_a_loss() {
    let plan = plan();
    let mut a = tab(1);
    let at = a.edit(&plan, 12, Change::Notes("Réu".into())).fields()[0].after[0].at;
    let mut b = copy_of(&a, 2);
    b.edit(&plan, 12, Change::Notes("Karim remplace".into()));
    let editor = a.editor();
    a.doc
        .amend(12, at, Change::Notes("Réunion le 3 mars".into()), &a.author.display(), &editor)
        .unwrap();
    b.doc.merge(&a.reread(&plan));
    let m = b.doc.annotation(12).unwrap();
    assert_eq!(m.conflicts().len(), 1);
    let heads: Vec<&str> = m
        .heads(Field::Notes)
        .iter()
        .map(|v| match &m.entry(v.at).unwrap().change {
            Change::Notes(n) => n.as_str(),
            _ => unreachable!(),
        })
        .collect();
    let both = heads.contains(&"Réunion le 3 mars") && heads.contains(&"Karim remplace");
    assert!(both, "{heads:?}");
}

#[test]
fn text_typed_from_what_was_seen_conflicts_with_a_change_that_arrived_meanwhile() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 12, Change::Notes("départ".into()));
    let seen = a.doc.annotation(12).unwrap().heads(Field::Notes).to_vec();
    let mut b = copy_of(&a, 2);
    b.edit(&plan, 12, Change::Notes("arrivée pendant la frappe".into()));
    a.doc.merge(&b.reread(&plan));
    let editor = a.editor();
    let change = Change::Notes("départ, complété".into());
    a.doc.edit(&plan, 12, change, Some(&seen), "Claire", &editor).unwrap();
    assert_eq!(a.doc.annotation(12).unwrap().conflicts().len(), 1);
}

// ---------------------------------------------------------------- comments

#[test]
fn a_comment_belongs_to_a_change_and_can_be_added_after_it() {
    let plan = plan();
    let mut a = tab(1);
    let at = a.edit(&plan, 17, Change::Status(Status::EnCours)).fields()[0].after[0].at;
    a.edit(&plan, 17, Change::Comment { on: at, text: "Liste arrêtée".into() });
    let c = a.doc.annotation(17).unwrap().comments_on(at);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].change, Change::Comment { on: at, text: "Liste arrêtée".into() });
    let reread = a.reread(&plan);
    assert_eq!(reread.annotation(17).unwrap().comments_on(at).len(), 1);
    assert_eq!(
        reread.annotation(17).unwrap().status(),
        Status::EnCours,
        "a comment is not a status"
    );
}

#[test]
fn the_latest_comment_is_that_of_the_newest_commented_change() {
    let plan = plan();
    let mut a = tab(1);
    assert!(a.doc.annotation(17).is_none());
    let first = a.edit(&plan, 17, Change::Status(Status::EnCours)).fields()[0].after[0].at;
    a.edit(&plan, 17, Change::Comment { on: first, text: "Liste arrêtée".into() });
    // A newer change without a comment does not hide the last word said.
    let second = a.edit(&plan, 17, Change::Progress(40)).fields()[0].after[0].at;
    let latest = |t: &Tab| {
        let a = t.doc.annotation(17).unwrap();
        a.latest_comment().map(|(e, text)| (e.at, text.to_owned()))
    };
    assert_eq!(latest(&a), Some((first, "Liste arrêtée".to_owned())));
    a.edit(&plan, 17, Change::Comment { on: second, text: "Marché notifié".into() });
    assert_eq!(latest(&a), Some((second, "Marché notifié".to_owned())));
}

// ---------------------------------------------------------------- undo

fn undo(t: &mut Tab, step: &Step) -> Result<Step, ChangedSince> {
    let plan = plan();
    let editor = t.editor();
    t.now += 1_000;
    t.doc.undo(&plan, step, "Claire Martin (Ofast)", Origin::Undo, &editor).map(|u| u.inverse)
}

#[test]
fn undo_is_a_new_change_back_to_the_old_value_and_redo_puts_it_back() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 31, Change::Status(Status::EnCours));
    let step = a.edit(&plan, 31, Change::Status(Status::Realisee));
    let redo = undo(&mut a, &step).expect("undone");
    let m = a.doc.annotation(31).unwrap();
    assert_eq!(m.status(), Status::EnCours);
    assert_eq!(m.len(), 3, "the history keeps the change and its undo");
    assert_eq!(m.all_entries().last().unwrap().origin, Origin::Undo);
    let editor = a.editor();
    a.doc.undo(&plan, &redo, "Claire", Origin::Redo, &editor).expect("redone");
    assert_eq!(a.doc.annotation(31).unwrap().status(), Status::Realisee);
}

#[test]
fn undo_refuses_when_another_tab_changed_the_field_since() {
    let plan = plan();
    let mut a = tab(1);
    let step = a.edit(&plan, 31, Change::Status(Status::Realisee));
    let mut b = copy_of(&a, 2);
    b.edit(&plan, 31, Change::Status(Status::EnDifficulte));
    a.doc.merge(&b.reread(&plan));
    assert_eq!(undo(&mut a, &step), Err(ChangedSince(vec![31])));
    assert_eq!(a.doc.annotation(31).unwrap().status(), Status::EnDifficulte, "nothing was undone");
}

#[test]
fn undoing_an_import_reverts_only_the_fields_nobody_changed_since() {
    let plan = plan();
    let mut colleague = tab(2);
    colleague.edit(&plan, 3, Change::Status(Status::EnCours));
    colleague.edit(&plan, 4, Change::Status(Status::Realisee));
    let mut me = tab(1);
    let step = me.doc.merge_step(&colleague.reread(&plan));
    me.edit(&plan, 4, Change::Status(Status::EnDifficulte));
    let editor = me.editor();
    let undone = me.doc.undo(&plan, &step, "Claire", Origin::Undo, &editor).expect("partly undone");
    assert_eq!(undone.skipped, [(4, Field::Status)]);
    assert_eq!(me.doc.annotations().status_of(3), Status::NonEvaluee);
    assert_eq!(me.doc.annotations().status_of(4), Status::EnDifficulte);
}

#[test]
fn going_back_to_an_earlier_value_is_a_new_change() {
    let plan = plan();
    let mut a = tab(1);
    let first = a.edit(&plan, 9, Change::Pilote("DGPN".into())).fields()[0].after[0].at;
    a.edit(&plan, 9, Change::Pilote("Ofast".into()));
    let editor = a.editor();
    a.doc.revert_to(&plan, 9, first, "Claire", &editor).unwrap().expect("reverted");
    let m = a.doc.annotation(9).unwrap();
    assert_eq!(m.pilote(), "DGPN");
    assert_eq!(m.all_entries().last().unwrap().origin, Origin::Revert(first));
    assert_eq!(m.len(), 3);
}

// ---------------------------------------------------------------- replace

#[test]
fn replacing_shows_the_file_and_keeps_ours_hidden() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 2, Change::Status(Status::EnDifficulte));
    let mut colleague = tab(2);
    colleague.edit(&plan, 42, Change::Status(Status::EnDifficulte));
    let editor = me.editor();
    me.doc.replace_with(&colleague.reread(&plan), "Claire", &editor);
    assert_eq!(me.doc.annotations().in_conflict(), Vec::<u16>::new());
    assert_eq!(me.doc.annotations().iter().map(|(n, _)| n).collect::<Vec<_>>(), [42]);
    assert_eq!(me.doc.annotation(2).unwrap().len(), 1, "our change is kept, hidden");
}

#[test]
fn a_tab_left_open_does_not_bring_back_what_another_replaced_but_keeps_its_later_edits() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 5, Change::Status(Status::EnCours));
    let mut stale = copy_of(&a, 3);
    let mut colleague = tab(2);
    colleague.edit(&plan, 42, Change::Status(Status::EnDifficulte));
    let editor = a.editor();
    a.doc.replace_with(&colleague.reread(&plan), "Claire", &editor);
    stale.edit(&plan, 12, Change::Status(Status::EnDifficulte));
    a.doc.fold_tab(&stale.reread(&plan));
    stale.doc.fold_tab(&a.reread(&plan));
    for doc in [&a.doc, &stale.doc] {
        assert_eq!(doc.annotations().iter().map(|(n, _)| n).collect::<Vec<_>>(), [12, 42]);
    }
}

#[test]
fn a_replacement_holds_even_against_stamps_from_a_clock_that_ran_ahead() {
    let plan = plan();
    let mut ahead = tab(9);
    ahead.now += 3 * HOUR;
    ahead.edit(&plan, 1, Change::Progress(10));
    let mut a = tab(1);
    a.doc.merge(&ahead.reread(&plan));
    a.edit(&plan, 5, Change::Status(Status::EnCours));
    let stale = copy_of(&a, 3);
    let editor = a.editor();
    a.doc.replace_with(&tab(2).reread(&plan), "Claire", &editor);
    a.doc.fold_tab(&stale.reread(&plan));
    assert_eq!(a.doc.annotations().annotated(), 0, "nothing replaced comes back");
}

#[test]
fn undoing_a_replacement_brings_back_the_histories_and_redo_replaces_again() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 2, Change::Status(Status::EnCours));
    me.edit(&plan, 2, Change::Status(Status::EnDifficulte));
    let mut colleague = tab(2);
    colleague.edit(&plan, 42, Change::Status(Status::EnDifficulte));
    let editor = me.editor();
    let step = me.doc.replace_with(&colleague.reread(&plan), "Claire", &editor);
    let redo = undo(&mut me, &step).expect("undone");
    let m = me.doc.annotation(2).unwrap();
    assert_eq!(m.status(), Status::EnDifficulte);
    assert_eq!(
        m.all_entries().filter(|e| !me.doc.is_hidden(e.at)).count(),
        2,
        "both changes are back"
    );
    let m42 = me.doc.annotation(42).unwrap();
    assert_eq!(m42.status(), Status::NonEvaluee, "the file's value is undone by a new change");
    assert_eq!(m42.all_entries().last().unwrap().origin, Origin::Undo);
    let editor = me.editor();
    me.doc.undo(&plan, &redo, "Claire", Origin::Redo, &editor).expect("redone");
    assert!(me.doc.annotation(2).unwrap().is_blank());
    assert_eq!(me.doc.annotations().status_of(42), Status::EnDifficulte);
}

#[test]
fn undoing_a_replacement_refuses_once_a_replaced_measure_changed_since() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 2, Change::Status(Status::EnCours));
    let mut colleague = tab(2);
    colleague.edit(&plan, 2, Change::Status(Status::Realisee));
    let editor = me.editor();
    let step = me.doc.replace_with(&colleague.reread(&plan), "Claire", &editor);
    me.edit(&plan, 2, Change::Progress(100));
    assert!(
        undo(&mut me, &step).is_ok(),
        "a field the replacement did not change may change meanwhile"
    );
    let mut me = tab(1);
    me.edit(&plan, 2, Change::Status(Status::EnCours));
    let editor = me.editor();
    let step = me.doc.replace_with(&colleague.reread(&plan), "Claire", &editor);
    me.edit(&plan, 2, Change::Status(Status::Abandonnee));
    assert_eq!(undo(&mut me, &step), Err(ChangedSince(vec![2])));
    assert_eq!(me.doc.annotations().status_of(2), Status::Abandonnee);
}

// ---------------------------------------------------------------- found in review

#[test]
fn pasted_text_with_invisible_marks_is_saved_without_them() {
    let plan = plan();
    let mut a = tab(1);
    // Outlook and Teams wrap names in bidi embeddings; PDFs carry form feeds.
    a.edit(&plan, 3, Change::Pilote("\u{202a}Claire Martin\u{202c}".into()));
    a.edit(&plan, 3, Change::Notes("page 1\u{c}page 2".into()));
    let m = a.doc.annotation(3).unwrap();
    assert_eq!(m.pilote(), "Claire Martin");
    assert_eq!(m.notes(), "page 1page 2");
    let at = m.all_entries().last().unwrap().at;
    let editor = a.editor();
    let amended = a.doc.amend(
        3,
        at,
        Change::Notes("suite\u{202e} inversée".into()),
        &a.author.display(),
        &editor,
    );
    assert!(matches!(amended, Ok(Amend::Amended(_))), "{amended:?}");
    assert_eq!(
        a.doc.annotation(3).unwrap().notes(),
        "suite\u{202e} inversée",
        "long texts may hold bidi marks"
    );
}

#[test]
fn redoing_a_replacement_leaves_alone_what_another_tab_changed_after_the_undo() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 2, Change::Status(Status::EnCours));
    let mut colleague = tab(2);
    colleague.edit(&plan, 42, Change::Status(Status::EnDifficulte));
    let editor = me.editor();
    let step = me.doc.replace_with(&colleague.reread(&plan), "Claire", &editor);
    let redo = undo(&mut me, &step).expect("undone");
    let mut other = copy_of(&me, 3);
    other.edit(&plan, 7, Change::Status(Status::Realisee));
    other.edit(&plan, 2, Change::Pilote("DGPN".into()));
    me.doc.fold_tab(&other.reread(&plan));
    let editor = me.editor();
    let redone = me.doc.undo(&plan, &redo, "Claire", Origin::Redo, &editor).expect("redone");
    assert!(redone.skipped.is_empty());
    assert_eq!(me.doc.annotations().status_of(7), Status::Realisee, "another tab's change stays");
    assert_eq!(me.doc.annotation(2).unwrap().pilote(), "DGPN", "another tab's change stays");
    assert_eq!(me.doc.annotations().status_of(2), Status::NonEvaluee, "ours is replaced again");
    assert_eq!(me.doc.annotations().status_of(42), Status::EnDifficulte);
}

#[test]
fn undo_brings_back_a_conflict_the_step_settled_rather_than_one_side() {
    let plan = plan();
    let mut a = tab(1);
    a.edit(&plan, 8, Change::Pilote("Ofast".into()));
    let mut b = copy_of(&a, 2);
    a.edit(&plan, 8, Change::Pilote("DGPN".into()));
    b.edit(&plan, 8, Change::Pilote("DGGN".into()));
    a.doc.merge(&b.reread(&plan));
    assert_eq!(a.doc.annotations().in_conflict(), [8]);
    let step = a.edit(&plan, 8, Change::Pilote("Douanes".into()));
    assert!(a.doc.annotations().in_conflict().is_empty());
    undo(&mut a, &step).expect("undone");
    let m = a.doc.annotation(8).unwrap();
    assert_eq!(a.doc.annotations().in_conflict(), [8], "both values are back, still to be chosen");
    let values: Vec<String> = m
        .heads(Field::Pilote)
        .iter()
        .map(|v| format!("{:?}", m.entry(v.at).unwrap().change))
        .collect();
    assert!(
        values.iter().any(|v| v.contains("DGPN")) && values.iter().any(|v| v.contains("DGGN")),
        "{values:?}"
    );
}
