//! The laws behind `reliability.rs`, over random inputs (proptest, 1,000
//! cases each): files that give one stamp several contents, tabs that drew
//! the same id, references that point forward or in cycles, histories of
//! any length, and stored text damaged anywhere. Whatever happens:
//! - copies that met the same changes hold the same document (convergence);
//! - nothing anyone wrote is lost (at worst kept beside, under its own stamp);
//! - a field with a value never shows blank for a reference gone wrong;
//! - damage to stored text costs at most the changes of the measure it
//!   falls in;
//! - no number of changes stops a user from editing or undoing.

use proptest::prelude::*;
use vigie::core::files::codec::{decode, encode, Options, Strictness};
use vigie::core::files::exchange::read_file;
use vigie::core::plan::Plan;
use vigie::core::record::annotations::{Change, Entry, Origin};
use vigie::core::record::document::{Document, Editor};
use vigie::core::record::stamp::Replica;
use vigie::core::record::status::Status;

mod common;
use common::{chained_progress_file, plan, schema3_file};

const T: i64 = 1_790_000_000_000;
const CASES: u32 = 1_000;

fn salvage() -> Options {
    Options { strictness: Strictness::Salvage, latest: None }
}

fn fp(plan: &Plan, n: u16) -> String {
    vigie::core::record::annotations::text_fingerprint(&plan.measure(n).unwrap().text)
}

/// A file of one change of measure 5.
fn one(plan: &Plan, stamp: usize, rev: u32, by: usize, field: usize, value: usize) -> Document {
    let (field, value) = match field {
        0 => ("notes", format!("\"texte {value}\"")),
        1 => ("pilote", format!("\"service {value}\"")),
        _ => ("status", format!("\"{}\"", Status::ALL[value % 6].id())),
    };
    let raw = schema3_file(&format!(
        r#"{{"5":{{"text_fingerprint":"{}","changes":[{{"at":"1789000000000.{stamp}.0000000000c1","rev":{rev},"by":"{}","field":"{field}","value":{value}}}]}}}}"#,
        fp(plan, 5),
        ["Alice", "Bob"][by]
    ));
    read_file(raw.as_bytes(), plan, T).expect("one valid change").document
}

/// Whether `doc` still holds `e`: as it is (under any stamp), or superseded
/// by a later revision of the same change.
fn holds(doc: &Document, e: &Entry) -> bool {
    doc.annotation(5).is_some_and(|a| {
        a.all_entries().any(|x| {
            x.field() == e.field()
                && x.by == e.by
                && x.replaces == e.replaces
                && x.origin == e.origin
                && (x.rev > e.rev || (x.rev == e.rev && x.change == e.change))
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn files_giving_one_stamp_several_contents_converge_and_lose_nothing(
        changes in prop::collection::vec((0usize..2, 0u32..3, 0usize..2, 0usize..3, 0usize..4, 0usize..3), 2..8),
        order in 0usize..6,
    ) {
        let plan = plan();
        let mut files = [Document::empty(&plan), Document::empty(&plan), Document::empty(&plan)];
        let mut all = Vec::new();
        for (stamp, rev, by, field, value, to) in changes {
            let f = one(&plan, stamp, rev, by, field, value);
            all.push(f.annotation(5).unwrap().all_entries().next().unwrap().clone());
            files[to].merge(&f);
        }
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        let merged = |order: [usize; 3]| {
            let mut d = Document::empty(&plan);
            for i in order {
                d.merge(&files[i]);
            }
            d
        };
        let a = merged(orders[0]);
        let b = merged(orders[order]);
        prop_assert_eq!(a.annotations(), b.annotations());
        for e in &all {
            prop_assert!(holds(&a, e), "lost: {:?}", e);
        }
        // And what is kept reads back as it is.
        let again = decode(&encode(&a, false), &plan, salvage()).unwrap();
        prop_assert_eq!(again.document.annotations(), a.annotations());
    }

    #[test]
    fn tabs_that_drew_the_same_id_lose_no_change(
        edits in prop::collection::vec((0usize..2, 1u16..=3, 0usize..3, 0u8..100), 1..20),
    ) {
        let plan = plan();
        let replica = Replica::from_bits(0x42);
        let mut tabs = [Document::empty(&plan), Document::empty(&plan)];
        let mut made = Vec::new();
        for (i, (who, measure, field, value)) in edits.into_iter().enumerate() {
            // Both tabs' clocks read the same instants: stamps collide.
            let e = Editor { replica, now: T + (i as i64 / 2) * 1_000 };
            let change = match field {
                0 => Change::Progress(value),
                1 => Change::Notes(format!("note {value}")),
                _ => Change::Status(Status::ALL[usize::from(value) % 6]),
            };
            if let Ok(Some(_)) = tabs[who].edit(&plan, measure, change.clone(), None, "x", &e) {
                made.push((measure, change));
            }
        }
        let mut ab = tabs[0].clone();
        ab.fold_tab(&tabs[1]);
        let mut ba = tabs[1].clone();
        ba.fold_tab(&tabs[0]);
        prop_assert_eq!(ab.annotations(), ba.annotations());
        for (measure, change) in made {
            let kept = ab.annotation(measure).is_some_and(|a| a.all_entries().any(|e| e.change == change));
            prop_assert!(kept, "lost {:?} of measure {}", change, measure);
        }
    }

    #[test]
    fn references_gone_wrong_never_blank_a_field(
        refs in prop::collection::vec(prop::collection::vec(0usize..6, 0..3), 1..6),
    ) {
        let plan = plan();
        let n = refs.len();
        let changes: Vec<String> = refs
            .iter()
            .enumerate()
            .map(|(i, targets)| {
                let replaces: Vec<String> = targets
                    .iter()
                    .filter(|t| **t < n)
                    .map(|t| format!("\"1789000000000.{t}.0000000000c1\""))
                    .collect();
                format!(
                    r#"{{"at":"1789000000000.{i}.0000000000c1","by":"X","field":"notes","value":"v{i}","replaces":[{}]}}"#,
                    replaces.join(",")
                )
            })
            .collect();
        let raw = schema3_file(&format!(
            r#"{{"5":{{"text_fingerprint":"{}","changes":[{}]}}}}"#,
            fp(&plan, 5),
            changes.join(",")
        ));
        let forward = refs.iter().enumerate().any(|(i, t)| t.iter().any(|t| *t >= i && *t < n));
        // A file is refused exactly when a reference does not point back.
        prop_assert_eq!(read_file(raw.as_bytes(), &plan, T).is_err(), forward);
        // Stored, it is read without those references, and shows a value.
        let doc = decode(&raw, &plan, salvage()).unwrap().document;
        let notes = doc.annotation(5).unwrap();
        prop_assert!(notes.notes().starts_with('v'), "blank notes");
        prop_assert!(notes.all_entries().all(|e| e.replaces.iter().all(|v| v.at < e.at)));
    }

    #[test]
    fn no_length_of_history_stops_an_edit_or_an_undo(count in 0usize..400, value in 0u8..100) {
        let plan = plan();
        let raw = chained_progress_file(12, count, 0);
        let mut doc = read_file(raw.as_bytes(), &plan, T).unwrap().document;
        let before = doc.annotation(12).map_or(0, |a| a.progress());
        let e = Editor { replica: Replica::from_bits(1), now: T };
        let step = doc.edit(&plan, 12, Change::Progress(value), None, "x", &e).unwrap();
        prop_assert_eq!(doc.annotation(12).unwrap().progress(), value);
        if let Some(step) = step {
            let e = Editor { replica: Replica::from_bits(1), now: T + 1 };
            doc.undo(&plan, &step, "x", Origin::Undo, &e).unwrap();
            prop_assert_eq!(doc.annotation(12).unwrap().progress(), before);
        }
    }

    #[test]
    fn damage_to_stored_text_costs_at_most_the_measure_it_falls_in(
        notes in prop::collection::vec("[a-z \n]{0,12}", 2..6),
        hit in 0usize..6,
        at in 0usize..400,
        byte in 0x20u8..0x7f,
    ) {
        let plan = plan();
        let mut doc = Document::empty(&plan);
        for (i, text) in notes.iter().enumerate() {
            let e = Editor { replica: Replica::from_bits(1), now: T + i as i64 };
            doc.edit(&plan, 1 + i as u16, Change::Notes(format!("n{text}")), None, "x", &e).unwrap();
            doc.edit(&plan, 1 + i as u16, Change::Progress(i as u8), None, "x", &e).unwrap();
        }
        let text = encode(&doc, false);
        let hit = 1 + (hit % notes.len()) as u16;
        // The span of measure `hit`'s object, and one byte changed in it.
        let start = text.find(&format!("\"{hit}\":{{")).unwrap();
        let next = (hit..=notes.len() as u16)
            .skip(1)
            .find_map(|n| text.find(&format!("\"{n}\":{{")))
            .unwrap_or_else(|| text.find("}}").unwrap_or(text.len()));
        let i = start + at % (next - start);
        let mut bytes = text.into_bytes();
        bytes[i] = byte;
        let damaged = String::from_utf8(bytes).unwrap();
        let read = decode(&damaged, &plan, salvage());
        prop_assert!(read.is_ok(), "the rest reads");
        let read = read.unwrap().document;
        // Every change of every other measure is still there (a damaged
        // key may have made the hit measure's changes land beside them).
        for n in (1..=notes.len() as u16).filter(|n| *n != hit) {
            let kept = read.annotation(n);
            for e in doc.annotation(n).unwrap().all_entries() {
                prop_assert!(
                    kept.is_some_and(|a| a.entry(e.at) == Some(e)),
                    "measure {} lost {:?}", n, e
                );
            }
        }
    }
}
