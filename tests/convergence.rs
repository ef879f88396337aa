//! The laws of the annotation document, as properties over random histories
//! (proptest, 1,000 cases each): three replicas whose clocks are off by up to
//! ±3 hours edit, type, undo, redo, go back, resolve, and exchange in random
//! orders (a colleague's file merged, another tab's copy folded, a file
//! replacing everything). Once each has seen the others:
//! - every replica holds the same document (convergence);
//! - every change ever made is still there, shown, or hidden only by a
//!   "Remplacer" that nobody undid (nothing lost);
//! - merging is commutative, associative and idempotent.
//!
//! Reading text never panics, whatever the bytes.

use std::collections::BTreeMap;

use proptest::prelude::*;
use vigie::core::files::codec::{decode, encode, Options, Strictness};
use vigie::core::files::exchange::{apply, preview, read_file, ImportMode};
use vigie::core::plan::{MeasureNo, Plan};
use vigie::core::record::annotations::{Change, Field, Link, Origin};
use vigie::core::record::document::{Amend, Document, Editor, Step};
use vigie::core::record::stamp::{Replica, Stamp};
use vigie::core::record::status::Status;

mod common;
use common::plan;

const T0: i64 = 1_790_000_000_000;
const HOUR: i64 = 3_600_000;
const CASES: u32 = 1_000;

/// A change a user could make to one of the first four measures.
#[derive(Debug, Clone)]
enum Op {
    Edit {
        who: usize,
        measure: MeasureNo,
        change: Change,
    },
    /// Text typed as you go: amends the replica's last typed entry if it can.
    Type {
        who: usize,
        measure: MeasureNo,
        text: String,
    },
    Comment {
        who: usize,
        measure: MeasureNo,
        text: String,
    },
    Undo {
        who: usize,
    },
    Redo {
        who: usize,
    },
    Revert {
        who: usize,
        measure: MeasureNo,
        pick: usize,
    },
    Resolve {
        who: usize,
        measure: MeasureNo,
        pick: usize,
    },
    /// `to` imports `from`'s export, merging (conflicts on the newest side).
    File {
        from: usize,
        to: usize,
    },
    /// `to` folds the copy `from` stored (tabs).
    Fold {
        from: usize,
        to: usize,
    },
    /// `to` replaces everything with `from`'s export.
    Replace {
        from: usize,
        to: usize,
    },
    /// Time passes for one replica.
    Wait {
        who: usize,
        ms: i64,
    },
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        prop::sample::select(Status::ALL.to_vec()).prop_map(Change::Status),
        (0u8..=100).prop_map(Change::Progress),
        "[A-Za-zé ]{0,6}".prop_map(Change::Pilote),
        prop::option::of((2019u16..2030, 1u8..=12, 1u8..=28)).prop_map(|d| Change::Due(
            d.and_then(|(y, m, j)| vigie::core::date::IsoDate::new(y, m, j))
        )),
        "[a-z\n ]{0,8}".prop_map(Change::Notes),
        prop::collection::vec(("[a-z]{0,3}", "https://[a-z]{1,3}\\.fr"), 0..3).prop_map(|l| {
            Change::Links(l.into_iter().map(|(label, url)| Link { label, url }).collect())
        }),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0usize..3;
    let measure = 1u16..=4;
    prop_oneof![
        4 => (who.clone(), measure.clone(), change())
            .prop_map(|(who, measure, change)| Op::Edit { who, measure, change }),
        2 => (who.clone(), measure.clone(), "[a-z ]{1,6}")
            .prop_map(|(who, measure, text)| Op::Type { who, measure, text }),
        1 => (who.clone(), measure.clone(), "[a-z ]{1,6}")
            .prop_map(|(who, measure, text)| Op::Comment { who, measure, text }),
        1 => who.clone().prop_map(|who| Op::Undo { who }),
        1 => who.clone().prop_map(|who| Op::Redo { who }),
        1 => (who.clone(), measure.clone(), 0usize..8)
            .prop_map(|(who, measure, pick)| Op::Revert { who, measure, pick }),
        1 => (who.clone(), measure.clone(), 0usize..3)
            .prop_map(|(who, measure, pick)| Op::Resolve { who, measure, pick }),
        2 => (who.clone(), who.clone()).prop_map(|(from, to)| Op::File { from, to }),
        2 => (who.clone(), who.clone()).prop_map(|(from, to)| Op::Fold { from, to }),
        1 => (who.clone(), who.clone()).prop_map(|(from, to)| Op::Replace { from, to }),
        1 => (who, 1i64..600_000).prop_map(|(who, ms)| Op::Wait { who, ms }),
    ]
}

/// One replica: a tab with its clock, its undo and redo stacks and what it is typing.
struct Replica3 {
    doc: Document,
    replica: Replica,
    now: i64,
    undo: Vec<Step>,
    redo: Vec<Step>,
    typing: Option<(MeasureNo, Stamp)>,
}

impl Replica3 {
    fn editor(&mut self) -> Editor {
        self.now += 7;
        Editor { replica: self.replica, now: self.now }
    }

    /// Its export, as a colleague would read it.
    fn export(&self, plan: &Plan) -> Document {
        let text = encode(&self.doc, true);
        read_file(text.as_bytes(), plan, i64::MAX / 4).expect("an export always imports").document
    }
}

/// Every entry made, by stamp, with its latest revision's value.
type Made = BTreeMap<Stamp, (MeasureNo, u32, Change)>;

fn record(made: &mut Made, doc: &Document, step: &Step) {
    for f in step.fields() {
        for v in &f.after {
            if let Some(e) = doc.annotation(f.measure).and_then(|a| a.entry(v.at)) {
                made.insert(e.at, (f.measure, e.rev, e.change.clone()));
            }
        }
    }
}

fn run(plan: &Plan, skews: [i64; 3], ops: &[Op]) -> (Vec<Replica3>, Made) {
    let mut tabs: Vec<Replica3> = (0..3)
        .map(|i| Replica3 {
            doc: Document::empty(plan),
            replica: Replica::from_bits(0xa0 + i as u64),
            now: T0 + skews[i],
            undo: vec![],
            redo: vec![],
            typing: None,
        })
        .collect();
    let mut made = Made::new();
    for op in ops {
        match op.clone() {
            Op::Edit { who, measure, change } => {
                let t = &mut tabs[who];
                let e = t.editor();
                if let Ok(Some(step)) = t.doc.edit(plan, measure, change, None, "x", &e) {
                    record(&mut made, &t.doc, &step);
                    t.undo.push(step);
                    t.redo.clear();
                }
                t.typing = None;
            }
            Op::Type { who, measure, text } => {
                let t = &mut tabs[who];
                let e = t.editor();
                let typed = match t.typing {
                    Some((m, at)) if m == measure => {
                        t.doc.amend(measure, at, Change::Notes(text.clone()), "x", &e)
                    }
                    _ => Ok(Amend::NotAmendable),
                };
                match typed {
                    Ok(Amend::Amended(v)) => {
                        made.insert(v.at, (measure, v.rev, Change::Notes(text)));
                        // As the store does: undo follows the typed text.
                        t.undo.iter_mut().for_each(|step| step.revised(v));
                    }
                    Ok(Amend::Unchanged) => {}
                    _ => {
                        if let Ok(Some(step)) =
                            t.doc.edit(plan, measure, Change::Notes(text), None, "x", &e)
                        {
                            record(&mut made, &t.doc, &step);
                            t.typing = Some((measure, step.fields()[0].after.last().unwrap().at));
                            t.undo.push(step);
                            t.redo.clear();
                        }
                    }
                }
            }
            Op::Comment { who, measure, text } => {
                let t = &mut tabs[who];
                let e = t.editor();
                let on =
                    t.doc.annotation(measure).and_then(|a| a.all_entries().last().map(|e| e.at));
                if let Some(on) = on {
                    if let Ok(Some(step)) =
                        t.doc.edit(plan, measure, Change::Comment { on, text }, None, "x", &e)
                    {
                        record(&mut made, &t.doc, &step);
                    }
                }
            }
            Op::Undo { who } | Op::Redo { who } => {
                let t = &mut tabs[who];
                let (from_undo, origin) = if matches!(op, Op::Undo { .. }) {
                    (true, Origin::Undo)
                } else {
                    (false, Origin::Redo)
                };
                let step = if from_undo { t.undo.pop() } else { t.redo.pop() };
                if let Some(step) = step {
                    let e = t.editor();
                    if let Ok(done) = t.doc.undo(plan, &step, "x", origin, &e) {
                        record(&mut made, &t.doc, &done.inverse);
                        if from_undo {
                            t.redo.push(done.inverse)
                        } else {
                            t.undo.push(done.inverse)
                        }
                    }
                }
                t.typing = None;
            }
            Op::Revert { who, measure, pick } => {
                let t = &mut tabs[who];
                let e = t.editor();
                let target = t.doc.annotation(measure).and_then(|a| {
                    let tracked: Vec<Stamp> = a
                        .all_entries()
                        .filter(|x| !matches!(x.field(), Field::Comment(_)))
                        .map(|x| x.at)
                        .collect();
                    tracked.get(pick % tracked.len().max(1)).copied()
                });
                if let Some(at) = target {
                    if let Ok(Some(step)) = t.doc.revert_to(plan, measure, at, "x", &e) {
                        record(&mut made, &t.doc, &step);
                        t.undo.push(step);
                    }
                }
            }
            Op::Resolve { who, measure, pick } => {
                let t = &mut tabs[who];
                let e = t.editor();
                let keep = t.doc.annotation(measure).and_then(|a| {
                    let c = a.conflicts().first()?;
                    Some(c.heads[pick % c.heads.len()].at)
                });
                if let Some(keep) = keep {
                    if let Ok(Some(step)) = t.doc.resolve(plan, measure, keep, "x", &e) {
                        record(&mut made, &t.doc, &step);
                        t.undo.push(step);
                    }
                }
            }
            Op::File { from, to } | Op::Replace { from, to } => {
                let file = tabs[from].export(plan);
                let t = &mut tabs[to];
                let e = t.editor();
                let shown = preview(&t.doc, &file, plan);
                let mode = if matches!(op, Op::Replace { .. }) {
                    ImportMode::Replace
                } else {
                    ImportMode::Merge { choices: shown.default_choices(false) }
                };
                let step = apply(&mut t.doc, plan, &file, &mode, &shown, "x", &e, &|_| 0)
                    .expect("as previewed");
                record(&mut made, &t.doc, &step);
                t.undo.push(step);
                t.typing = None;
            }
            Op::Fold { from, to } => {
                let copy = tabs[from].doc.clone();
                tabs[to].doc.fold_tab(&copy);
            }
            Op::Wait { who, ms } => tabs[who].now += ms,
        }
    }
    (tabs, made)
}

/// Everyone folds everyone: afterwards each has seen all the others.
fn sync(tabs: &mut [Replica3]) {
    for _ in 0..2 {
        for i in 0..tabs.len() {
            for j in 0..tabs.len() {
                let copy = tabs[j].doc.clone();
                tabs[i].doc.merge(&copy);
            }
        }
    }
}

fn same(a: &Document, b: &Document) -> bool {
    a.annotations() == b.annotations() && a.replacements().eq(b.replacements())
}

fn histories() -> impl Strategy<Value = ([i64; 3], Vec<Op>)> {
    let skew = -3 * HOUR..=3 * HOUR;
    (
        (skew.clone(), skew.clone(), skew).prop_map(|(a, b, c)| [a, b, c]),
        prop::collection::vec(op(), 1..40),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn replicas_that_have_seen_each_other_hold_the_same_document((skews, ops) in histories()) {
        let plan = plan();
        let (mut tabs, _) = run(&plan, skews, &ops);
        sync(&mut tabs);
        prop_assert!(same(&tabs[0].doc, &tabs[1].doc));
        prop_assert!(same(&tabs[1].doc, &tabs[2].doc));
    }

    #[test]
    fn no_change_ever_made_is_lost((skews, ops) in histories()) {
        let plan = plan();
        let (mut tabs, made) = run(&plan, skews, &ops);
        sync(&mut tabs);
        for t in &tabs {
            for (at, (measure, rev, change)) in &made {
                let entry = t.doc.annotation(*measure).and_then(|a| a.entry(*at));
                prop_assert!(entry.is_some(), "change {} of measure {} lost", at, measure);
                let entry = entry.unwrap();
                prop_assert!(entry.rev >= *rev);
                if entry.rev == *rev {
                    prop_assert_eq!(&entry.change, change);
                }
                // Shown in the history, or hidden by a replacement nobody undid.
                prop_assert!(
                    !t.doc.is_hidden(*at)
                        || t.doc.replacements().any(|r| r.undone.is_none() && r.hide.contains(at))
                );
            }
        }
    }

    #[test]
    fn the_shown_value_is_always_the_fold_of_the_history((skews, ops) in histories()) {
        let plan = plan();
        let (tabs, _) = run(&plan, skews, &ops);
        for t in &tabs {
            // Reading a document back derives every state from the entries alone.
            let text = encode(&t.doc, false);
            let strict = Options { strictness: Strictness::Strict, latest: None };
            let reread = decode(&text, &plan, strict).unwrap().document;
            prop_assert_eq!(reread.annotations(), t.doc.annotations());
        }
    }

    #[test]
    fn every_change_is_stamped_after_what_it_replaces_whatever_the_clocks(
        (skews, ops) in histories()
    ) {
        let plan = plan();
        let (mut tabs, _) = run(&plan, skews, &ops);
        sync(&mut tabs);
        for (_, a) in tabs[0].doc.annotations().all() {
            for e in a.all_entries() {
                for v in &e.replaces {
                    prop_assert!(e.at > v.at, "{} replaces the later {}", e.at, v.at);
                }
                if let Change::Comment { on, .. } = e.change {
                    prop_assert!(e.at > on, "a comment comes after its change");
                }
            }
        }
    }

    #[test]
    fn merge_is_commutative_associative_and_idempotent((skews, ops) in histories()) {
        let plan = plan();
        let (tabs, _) = run(&plan, skews, &ops);
        let [x, y, z] = [&tabs[0].doc, &tabs[1].doc, &tabs[2].doc];
        let merged = |a: &Document, b: &Document| { let mut m = a.clone(); m.merge(b); m };
        prop_assert!(same(&merged(x, y), &merged(y, x)));
        prop_assert!(same(&merged(&merged(x, y), z), &merged(x, &merged(y, z))));
        prop_assert!(same(&merged(x, x), x));
        let xy = merged(x, y);
        prop_assert!(same(&merged(&xy, y), &xy));
    }

    #[test]
    fn an_edit_made_after_seeing_a_copy_wins_over_it_whatever_the_clocks(
        (skews, ops) in histories(),
        change in change(),
        measure in 1u16..=4
    ) {
        let plan = plan();
        let (mut tabs, _) = run(&plan, skews, &ops);
        sync(&mut tabs);
        let t = &mut tabs[0];
        let e = Editor { replica: t.replica, now: T0 - 6 * HOUR };
        let field = change.field();
        if let Ok(Some(_)) = t.doc.edit(&plan, measure, change.clone(), None, "x", &e) {
            let a = t.doc.annotation(measure).unwrap();
            prop_assert_eq!(a.value(field), change);
            prop_assert!(a.conflicts().iter().all(|c| c.field != field));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_file(&bytes, &plan(), T0);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        let plan = plan();
        let text = value.to_string();
        let _ = read_file(text.as_bytes(), &plan, T0);
        let _ = decode(&text, &plan, Options { strictness: Strictness::Salvage, latest: None });
    }

    #[test]
    fn damaged_documents_never_panic_and_salvage_keeps_a_readable_rest(
        (skews, ops) in histories(),
        cut in 0usize..4000,
        byte in any::<u8>()
    ) {
        let plan = plan();
        let (tabs, _) = run(&plan, skews, &ops);
        let text = encode(&tabs[0].doc, false);
        let mut bytes = text.into_bytes();
        if !bytes.is_empty() {
            let i = cut % bytes.len();
            bytes[i] = byte;
        }
        let _ = read_file(&bytes, &plan, T0);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let salvage = Options { strictness: Strictness::Salvage, latest: None };
            if let Ok(d) = decode(text, &plan, salvage) {
                let again = encode(&d.document, false);
                let strict = Options { strictness: Strictness::Strict, latest: None };
                let reread = decode(&again, &plan, strict);
                prop_assert!(reread.is_ok(), "what salvage keeps reads strictly: {:?}", reread.err());
            }
        }
    }
}

/// Arbitrary JSON, biased towards the shape of a Vigie document.
fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{json, Value};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "vigie-annotations",
            "status",
            "en_cours",
            "1789000000000.0.0000000000c1",
            "17",
            "05"
        ])
        .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(Value::String),
    ];
    let tree = leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "format",
                    "schema",
                    "annotations",
                    "changes",
                    "at",
                    "by",
                    "field",
                    "value",
                    "on",
                    "replaces",
                    "origin",
                    "to",
                    "rev",
                    "replacements",
                    "hide",
                    "keep",
                    "undone",
                    "author",
                    "17",
                    "5",
                    "history",
                    "status",
                    "progress",
                    "links",
                    "label",
                    "url",
                ])
                .prop_map(String::from),
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    (tree, any::<bool>(), 1u64..5).prop_map(|(v, wrap, schema)| {
        if wrap {
            json!({
                "format": "vigie-annotations",
                "schema": schema,
                "annotations": { "17": v.clone(), "5": { "changes": [v] } }
            })
        } else {
            v
        }
    })
}
