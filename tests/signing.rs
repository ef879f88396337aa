//! Signing from the first change: the changes this browser made unsigned
//! take the name given later, in every tab, while what left the browser (an
//! export, a colleague's file) is never rewritten.

use vigie::core::files::codec::{self, Options, Strictness};
use vigie::core::record::annotations::{Author, Change};
use vigie::core::record::document::Document;
use vigie::core::record::status::Status;

mod common;
use common::{plan, Tab};

const T0: i64 = 1_790_000_000_000;

fn anonymous(id: u64) -> Tab {
    Tab::new(&plan(), id, Author::default(), T0)
}

fn pilot() -> Author {
    Author { name: "Lucie Martin".into(), service: "Douane – DNRED".into() }
}

fn signers(doc: &Document, measure: u16) -> Vec<String> {
    doc.annotation(measure).unwrap().all_entries().map(|e| e.by.clone()).collect()
}

fn sign(t: &mut Tab) -> usize {
    let editor = t.editor();
    t.now += 1_000;
    t.doc.sign_unshared(pilot(), &editor)
}

#[test]
fn changes_made_before_the_name_was_given_are_signed_with_it() {
    let plan = plan();
    let mut t = anonymous(1);
    t.edit(&plan, 8, Change::Status(Status::EnCours));
    t.edit(&plan, 8, Change::Progress(30));
    assert_eq!(signers(&t.doc, 8), ["anonyme", "anonyme"]);
    assert_eq!(sign(&mut t), 2);
    assert_eq!(signers(&t.doc, 8), ["Lucie Martin (Douane – DNRED)"; 2]);
    // Kept as stored, and read back by the next visit.
    assert_eq!(signers(&t.reread(&plan), 8), ["Lucie Martin (Douane – DNRED)"; 2]);
}

#[test]
fn what_was_exported_before_the_name_was_given_stays_anonymous() {
    let plan = plan();
    let mut t = anonymous(1);
    t.edit(&plan, 8, Change::Status(Status::EnCours));
    let exported = codec::export_text(&t.doc, t.now);
    t.doc.mark_shared();
    t.edit(&plan, 8, Change::Progress(30));
    assert_eq!(sign(&mut t), 1);
    assert_eq!(signers(&t.doc, 8), ["anonyme", "Lucie Martin (Douane – DNRED)"]);
    // The file that left holds the anonymous change, and taking it back
    // in changes nothing: the same entry, not a second one.
    let back = codec::decode(
        &exported,
        &plan,
        Options { strictness: Strictness::Strict, latest: Some(T0 + 1_000_000) },
    )
    .unwrap()
    .document;
    let before = t.doc.clone();
    t.doc.merge(&back);
    assert_eq!(t.doc, before);
}

#[test]
fn a_tab_still_holding_the_unsigned_copy_takes_the_name_and_no_change_is_doubled() {
    let plan = plan();
    let mut a = anonymous(1);
    let mut b = anonymous(2);
    a.edit(&plan, 8, Change::Status(Status::EnCours));
    b.edit(&plan, 9, Change::Notes("note de l’autre onglet".into()));
    a.doc.fold_tab(&b.reread(&plan));
    b.doc.fold_tab(&a.reread(&plan));
    assert_eq!(sign(&mut a), 2, "both tabs' changes are this browser's");
    // B still holds both unsigned; it folds A's copy, A folds B's.
    b.doc.fold_tab(&a.reread(&plan));
    a.doc.fold_tab(&b.reread(&plan));
    for doc in [&a.doc, &b.doc] {
        assert_eq!(signers(doc, 8), ["Lucie Martin (Douane – DNRED)"]);
        assert_eq!(signers(doc, 9), ["Lucie Martin (Douane – DNRED)"]);
    }
    assert_eq!(a.doc.annotations(), b.doc.annotations());
}

#[test]
fn a_colleague_s_unsigned_changes_are_not_signed_with_our_name() {
    let plan = plan();
    let mut colleague = anonymous(7);
    colleague.edit(&plan, 12, Change::Progress(50));
    let file = codec::export_text(&colleague.doc, colleague.now);
    let mut t = anonymous(1);
    t.edit(&plan, 8, Change::Status(Status::EnCours));
    let theirs = codec::decode(
        &file,
        &plan,
        Options { strictness: Strictness::Strict, latest: Some(T0 + 1_000_000) },
    )
    .unwrap()
    .document;
    t.doc.merge(&theirs);
    assert_eq!(sign(&mut t), 1);
    assert_eq!(signers(&t.doc, 12), ["anonyme"]);
    assert_eq!(signers(&t.doc, 8), ["Lucie Martin (Douane – DNRED)"]);
}

#[test]
fn an_export_carries_neither_this_browser_s_tabs_nor_its_signatures() {
    let plan = plan();
    let mut t = anonymous(1);
    t.edit(&plan, 8, Change::Status(Status::EnCours));
    sign(&mut t);
    let exported = codec::export_text(&t.doc, t.now);
    assert!(!exported.contains("\"signatures\""), "{exported}");
    assert!(!exported.contains("\"local\""));
    // A file claiming signatures signs nothing here.
    let stored = codec::encode(&t.doc, false);
    assert!(stored.contains("\"signatures\""));
    let mut other = anonymous(1);
    other.edit(&plan, 8, Change::Status(Status::EnCours));
    let forged = codec::decode(
        &stored,
        &plan,
        Options { strictness: Strictness::Strict, latest: Some(T0 + 1_000_000) },
    )
    .unwrap()
    .document;
    assert!(forged.signatures().is_empty());
}

#[test]
fn years_of_tabs_leave_nothing_to_carry_once_signed_or_shared() {
    let plan = plan();
    let mut t = anonymous(1);
    for id in 2..400u64 {
        // A new tab each working day, all before anyone is named.
        t.replica = vigie::core::record::stamp::Replica::from_bits(id);
        t.edit(&plan, 8, Change::Progress((id % 100) as u8));
    }
    assert_eq!(t.doc.unsigned_tabs().len(), 398);
    t.doc.mark_shared();
    assert!(t.doc.unsigned_tabs().is_empty(), "everything left: nothing to sign");
    t.edit(&plan, 8, Change::Notes("après l’export".into()));
    assert_eq!(sign(&mut t), 1);
    assert!(t.doc.unsigned_tabs().is_empty(), "signed: nothing left to track");
    // The store signs with the document's author from now on.
    t.author = t.doc.author().clone();
    t.edit(&plan, 9, Change::Notes("signé dès sa création".into()));
    assert!(t.doc.unsigned_tabs().is_empty());
    assert_eq!(signers(&t.doc, 9), ["Lucie Martin (Douane – DNRED)"]);
    assert!(!codec::encode(&t.doc, false).contains("\"local\""), "no tab left to carry");
}

mod laws {
    use super::*;
    use proptest::prelude::*;
    use vigie::core::record::document::Editor;
    use vigie::core::record::stamp::Replica;

    #[derive(Debug, Clone)]
    enum Op {
        Edit { who: usize, measure: u16, progress: u8 },
        Fold { from: usize, to: usize },
        Export { who: usize },
        Sign { who: usize },
    }

    fn op() -> impl Strategy<Value = Op> {
        let who = 0usize..3;
        prop_oneof![
            4 => (who.clone(), 1u16..5, 0u8..=100)
                .prop_map(|(who, measure, progress)| Op::Edit { who, measure, progress }),
            3 => (who.clone(), who.clone()).prop_map(|(from, to)| Op::Fold { from, to }),
            1 => who.clone().prop_map(|who| Op::Export { who }),
            1 => who.prop_map(|who| Op::Sign { who }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Three tabs of one browser, signing at any moment: once they have
        /// seen each other they hold the same changes, none doubled, and
        /// a change made unsigned takes the name unless it had left in an
        /// export, which is never rewritten.
        #[test]
        fn tabs_converge_and_only_unshared_changes_take_the_name(ops in prop::collection::vec(op(), 1..40)) {
            let plan = plan();
            let mut docs: Vec<Document> = (0..3).map(|_| Document::empty(&plan)).collect();
            let mut now = T0;
            let mut made = 0usize;
            let mut exported = std::collections::BTreeSet::new();
            for op in ops {
                now += 1_000;
                match op {
                    Op::Edit { who, measure, progress } => {
                        let d = &mut docs[who];
                        let by = d.author().display();
                        let e = Editor { replica: Replica::from_bits(who as u64 + 1), now };
                        if let Ok(Some(_)) = d.edit(&plan, measure, Change::Progress(progress), None, &by, &e) {
                            made += 1;
                        }
                    }
                    Op::Fold { from, to } => {
                        let copy = docs[from].clone();
                        docs[to].fold_tab(&copy);
                    }
                    Op::Export { who } => {
                        // Every tab has read the others' journals, as saved
                        // (a signature is saved at once, and read by the
                        // others on the storage event).
                        for j in 0..3 {
                            let copy = docs[j].clone();
                            docs[who].fold_tab(&copy);
                        }
                        for (_, a) in docs[who].annotations().all() {
                            exported.extend(a.all_entries().filter(|e| e.by == "anonyme").map(|e| e.at));
                        }
                        docs[who].mark_shared();
                    }
                    Op::Sign { who } => {
                        // The store signs under the lock, having read every
                        // tab's journal.
                        for j in 0..3 {
                            let copy = docs[j].clone();
                            docs[who].fold_tab(&copy);
                        }
                        let e = Editor { replica: Replica::from_bits(who as u64 + 1), now };
                        docs[who].sign_unshared(pilot(), &e);
                    }
                }
            }
            for _ in 0..2 {
                for i in 0..3 {
                    for j in 0..3 {
                        let copy = docs[j].clone();
                        docs[i].fold_tab(&copy);
                    }
                }
            }
            prop_assert_eq!(docs[0].annotations(), docs[1].annotations());
            prop_assert_eq!(docs[1].annotations(), docs[2].annotations());
            let held: usize = docs[0].annotations().all().map(|(_, a)| a.len()).sum();
            prop_assert_eq!(held, made, "no change lost or doubled");
            for (_, a) in docs[0].annotations().all() {
                for e in a.all_entries() {
                    let covered = docs[0].signatures().iter().any(|s| {
                        s.replica == e.at.replica && (e.at.ms, e.at.counter) > s.after && e.at <= s.until
                    });
                    if covered {
                        prop_assert_ne!(&e.by, "anonyme");
                    }
                    if exported.contains(&e.at) {
                        prop_assert_eq!(&e.by, "anonyme", "what left is never rewritten");
                    }
                }
            }
        }
    }
}

#[test]
fn a_journal_that_carries_signed_changes_reads_them_signed_over_an_older_main_key() {
    use vigie::core::files::persistence::startup;
    use vigie::core::record::document::Marks;
    let plan = plan();
    let read = |text: &str| {
        codec::decode(text, &plan, Options { strictness: Strictness::Salvage, latest: None })
            .unwrap()
            .document
    };
    // Tab A works unsigned; its work is compacted into the main key.
    let mut a = anonymous(1);
    a.edit(&plan, 8, Change::Status(Status::EnCours));
    let main = codec::encode(&a.doc, false);
    let main_doc = read(&main);
    // Tab B opens on it.
    let mut b = anonymous(2);
    b.doc.fold_tab(&main_doc);
    let mut b_marks = Marks::of(&main_doc);
    // A signs; its journal goes to B, which marks what it took from it as
    // stored there, then changes something itself.
    sign(&mut a);
    let a_journal = codec::encode(&a.doc.beyond(&Marks::of(&main_doc)), false);
    let a_journal_doc = read(&a_journal);
    let before = b.doc.clone();
    b.doc.fold_tab(&a_journal_doc);
    b_marks.add(&Marks::of_new(&a_journal_doc, &before));
    b.author = b.doc.author().clone();
    b.edit(&plan, 9, Change::Progress(10));
    let b_journal = codec::encode(&b.doc.beyond(&b_marks), false);
    // The next start reads the main key, then B's journal, then A's.
    let journals = [("b".to_owned(), b_journal), ("a".to_owned(), a_journal)];
    let started = startup(Some(&main), &journals, &plan).document;
    assert_eq!(signers(&started, 8), ["Lucie Martin (Douane – DNRED)"], "one change, signed");
    assert_eq!(signers(&started, 9), ["Lucie Martin (Douane – DNRED)"]);
}
