//! Nothing lost at team scale: what a file that lies, a colleague's
//! spreadsheet, a long history or damaged storage can do, and what Vigie
//! promises instead. One promise per test; the laws behind them, over
//! random histories, are in `reliability_laws.rs`.

use vigie::core::files::codec::{decode, encode, encode_parts, join_parts, Options, Strictness};
use vigie::core::files::exchange::{
    apply, clock_ahead, preview, read_damaged_file, read_file, replica_clash, ApplyError, Choices,
    ImportMode, Pick,
};
use vigie::core::files::persistence::{
    from_chars, pack, startup, startup_unpacked, to_chars, unpack,
};
use vigie::core::files::sheet::{self, DateOrder, Encoding, Versions};
use vigie::core::plan::Plan;
use vigie::core::record::annotations::{Change, Field, Origin};
use vigie::core::record::document::{Document, Editor, Marks};
use vigie::core::record::drafts::{DraftField, Drafts};
use vigie::core::record::stamp::Replica;
use vigie::core::record::status::Status;

mod common;
use common::{chained_progress_file, claire, karim, plan, schema3_file, Tab};

const T: i64 = 1_790_000_000_000;
const HOUR: i64 = 3_600_000;

fn tab(id: u64) -> Tab {
    Tab::new(&plan(), id, claire(), T)
}

fn fp(plan: &Plan, n: u16) -> String {
    vigie::core::record::annotations::text_fingerprint(&plan.measure(n).unwrap().text)
}

fn file(raw: &str) -> Document {
    read_file(raw.as_bytes(), &plan(), T).unwrap_or_else(|e| panic!("{e}")).document
}

/// What a colleague reads of `t`'s export.
fn export(t: &Tab) -> Document {
    let mut d = t.doc.clone();
    d.written_at = t.now;
    file(&encode(&d, true))
}

/// One notes change on measure `n`, stamped `at` (revision `rev`), by `by`.
fn one_entry(n: u16, at: &str, rev: u32, by: &str, value: &str) -> String {
    let plan = plan();
    let rev = if rev == 0 { String::new() } else { format!(r#","rev":{rev}"#) };
    schema3_file(&format!(
        r#"{{"{n}":{{"text_fingerprint":"{}","changes":[{{"at":"{at}"{rev},"by":"{by}","field":"notes","value":"{value}"}}]}}}}"#,
        fp(&plan, n)
    ))
}

/// Every text ever written for measure `n`'s notes and pilote.
fn texts(doc: &Document, n: u16) -> Vec<String> {
    doc.annotation(n)
        .map(|a| {
            a.all_entries()
                .filter_map(|e| match &e.change {
                    Change::Notes(s) | Change::Pilote(s) => Some(s.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Merges `f` as the preview proposes, as one step.
fn merge(t: &mut Tab, f: &Document) -> vigie::core::record::document::Step {
    let plan = plan();
    let shown = preview(&t.doc, f, &plan);
    let e = t.editor();
    let mode = ImportMode::Merge { choices: shown.default_choices(false) };
    apply(&mut t.doc, &plan, f, &mode, &shown, "Claire", &e, &|_| 0).expect("as previewed")
}

// ---------------------------------------------------------------- one stamp, one content

#[test]
fn two_contents_under_one_stamp_are_both_kept_in_conflict_whatever_the_order() {
    let plan = plan();
    let s = "1789000000000.0.0000000000c1";
    let a = file(&one_entry(5, s, 0, "Alice", "rapport A"));
    let b = file(&one_entry(5, s, 0, "Bob", "rapport B"));
    let mut x = Document::empty(&plan);
    x.merge(&a);
    let p = preview(&x, &b, &plan);
    x.merge(&b);
    let mut y = Document::empty(&plan);
    y.merge(&b);
    y.merge(&a);
    assert_eq!(x.annotations(), y.annotations(), "the same whatever the order");
    let kept = texts(&x, 5);
    assert!(kept.contains(&"rapport A".into()) && kept.contains(&"rapport B".into()), "{kept:?}");
    assert_eq!(x.annotation(5).unwrap().conflicts().len(), 1, "both shown, to be chosen");
    assert_eq!(p.collisions, [(5, Field::Notes)], "the preview names the reused stamp");
}

#[test]
fn a_file_reusing_our_stamp_cannot_erase_our_text_and_the_import_undoes() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 5, Change::Notes("mes notes de réunion, trois pages".into()));
    let at = me.doc.annotation(5).unwrap().all_entries().next().unwrap().at;
    let forged = file(&one_entry(5, &at.to_string(), 1, "X", "."));
    let p = preview(&me.doc, &forged, &plan);
    assert_eq!(p.collisions, [(5, Field::Notes)]);
    let step = merge(&mut me, &forged);
    assert!(texts(&me.doc, 5).iter().any(|t| t.starts_with("mes notes")));
    assert!(!me.doc.annotation(5).unwrap().conflicts().is_empty(), "both shown");
    let e = me.editor();
    me.doc.undo(&plan, &step, "Claire", Origin::Undo, &e).expect("the import undoes");
    assert_eq!(me.doc.annotation(5).unwrap().notes(), "mes notes de réunion, trois pages");
}

#[test]
fn a_later_revision_of_a_change_is_taken_and_undoing_it_brings_the_earlier_text_back() {
    let plan = plan();
    let mut colleague = Tab::new(&plan, 2, karim(), T);
    colleague.edit(&plan, 7, Change::Notes("première version".into()));
    let mut me = tab(1);
    me.doc.merge(&export(&colleague));
    // The colleague went on typing: the same change, a later revision.
    let at = colleague.doc.annotation(7).unwrap().all_entries().next().unwrap().at;
    let e = colleague.editor();
    colleague
        .doc
        .amend(
            7,
            at,
            Change::Notes("première version, complétée".into()),
            "Karim Benali (DGDDI)",
            &e,
        )
        .unwrap();
    let f = export(&colleague);
    let p = preview(&me.doc, &f, &plan);
    assert_eq!(p.updated, [7]);
    assert!(p.collisions.is_empty(), "a revision is not a reused stamp");
    assert_eq!(p.changes.len(), 1, "and the preview lists it: {:?}", p.changes);
    let step = merge(&mut me, &f);
    assert_eq!(me.doc.annotation(7).unwrap().notes(), "première version, complétée");
    let e = me.editor();
    me.doc.undo(&plan, &step, "Claire", Origin::Undo, &e).expect("compared by revision");
    assert_eq!(me.doc.annotation(7).unwrap().notes(), "première version");
}

#[test]
fn two_tabs_that_drew_the_same_id_lose_no_change() {
    let plan = plan();
    let mut a = tab(0x42);
    let mut b = tab(0x42);
    a.edit(&plan, 5, Change::Status(Status::EnCours));
    b.edit(&plan, 5, Change::Notes("notes de l’onglet B".into()));
    let (mut ab, mut ba) = (a.doc.clone(), b.doc.clone());
    ab.fold_tab(&b.reread(&plan));
    ba.fold_tab(&a.reread(&plan));
    assert_eq!(ab.annotations(), ba.annotations());
    let m = ab.annotation(5).unwrap();
    assert_eq!((m.status(), m.notes()), (Status::EnCours, "notes de l’onglet B"));
}

#[test]
fn an_id_in_use_elsewhere_is_seen_in_a_file_and_in_storage() {
    let plan = plan();
    let mut me = tab(0x42);
    me.edit(&plan, 5, Change::Status(Status::EnCours));
    // Our own export coming back is no clash; a change of another with our id is.
    assert!(!replica_clash(&me.doc, &export(&me), Replica::from_bits(0x42)));
    let mut twin = tab(0x42);
    twin.edit(&plan, 6, Change::Status(Status::Realisee));
    assert!(replica_clash(&me.doc, &export(&twin), Replica::from_bits(0x42)));
    assert!(me.doc.uses_replica(Replica::from_bits(0x42)));
    assert!(!me.doc.uses_replica(Replica::from_bits(0x43)));
}

const V2: &str = r#"{"format":"vigie-annotations","schema":2,"plan_id":"p","plan_fingerprint":"f","written_at":1700000000000,
 "author":{"name":"Claire Martin","service":"Ofast"},
 "annotations":{"7":{"status":"en_cours","progress":40,"pilote":"DGPN","due":"2026-12-31","notes":"ligne 1\nligne 2","links":[],
   "updated_at":1700000500000,"text_fingerprint":"abc",
   "history":[{"at":1700000100000,"by":"Karim","field":"status","from":"non_evaluee","to":"non_engagee","comment":"attente budget"},
              {"at":1700000100000,"by":"Claire","field":"status","from":"non_engagee","to":"en_cours","comment":""},
              {"at":1700000300000,"by":"Claire","field":"progress","from":0,"to":30,"comment":"premier bilan"}]}}}"#;

#[test]
fn two_colleagues_migrating_the_same_old_data_hold_the_same_changes() {
    let plan = plan();
    let karims = V2.replace(
        r#""author":{"name":"Claire Martin","service":"Ofast"}"#,
        r#""author":{"name":"Karim Benali","service":"DGDDI"}"#,
    );
    let a = startup(Some(V2), &[], &plan).document;
    let b = startup(Some(&karims), &[], &plan).document;
    assert_eq!(a.annotations(), b.annotations());
    let mut sent = b.clone();
    sent.written_at = T;
    assert_eq!(preview(&a, &file(&encode(&sent, true)), &plan).unchanged, [7]);
    // Two history lines of one millisecond: two stamps, in order, chained.
    let m = a.annotation(7).unwrap();
    let stamps: Vec<_> = m.all_entries().map(|e| e.at).collect();
    let mut unique = stamps.clone();
    unique.dedup();
    assert_eq!(stamps, unique);
    assert!(m.conflicts().is_empty(), "{:?}", m.conflicts());
    assert_eq!(m.status(), Status::EnCours);
}

// ---------------------------------------------------------------- replaces

#[test]
fn a_file_whose_changes_replace_later_ones_is_refused_naming_the_measure() {
    let plan = plan();
    let cycle = schema3_file(&format!(
        concat!(
            r#"{{"5":{{"text_fingerprint":"{fp}","changes":["#,
            r#"{{"at":"1789000000000.0.0000000000c1","by":"X","field":"notes","value":"x","replaces":["1789000000000.1.0000000000c1"]}},"#,
            r#"{{"at":"1789000000000.1.0000000000c1","by":"X","field":"notes","value":"y","replaces":["1789000000000.0.0000000000c1"]}}]}}}}"#
        ),
        fp = fp(&plan, 5)
    ));
    let err = read_file(cycle.as_bytes(), &plan, T).unwrap_err().to_string();
    assert!(err.contains("annotations.5.changes") && err.contains("n’est pas antérieure"), "{err}");
    let itself = one_entry(5, "1789000000000.0.0000000000c1", 0, "X", "fantôme").replace(
        r#""value":"fantôme""#,
        r#""value":"fantôme","replaces":["1789000000000.0.0000000000c1/9"]"#,
    );
    assert!(read_file(itself.as_bytes(), &plan, T).is_err());
    // Stored data keeps the value, without the reference: never a blank field.
    let salvage = Options { strictness: Strictness::Salvage, latest: None };
    let kept = decode(&itself, &plan, salvage).unwrap();
    assert_eq!(kept.document.annotation(5).unwrap().notes(), "fantôme");
    assert!(!kept.dropped.is_empty());
}

#[test]
fn a_reference_to_another_field_is_left_out() {
    let plan = plan();
    let raw = schema3_file(&format!(
        concat!(
            r#"{{"5":{{"text_fingerprint":"{fp}","changes":["#,
            r#"{{"at":"1789000000000.0.0000000000c1","by":"X","field":"status","value":"en_cours"}},"#,
            r#"{{"at":"1789000000000.1.0000000000c1","by":"X","field":"notes","value":"y","replaces":["1789000000000.0.0000000000c1"]}}]}}}}"#
        ),
        fp = fp(&plan, 5)
    ));
    // It replaces nothing (the fold reads references within a field), and
    // is read as written: both values show.
    let doc = file(&raw);
    let m = doc.annotation(5).unwrap();
    assert_eq!((m.status(), m.notes()), (Status::EnCours, "y"));
}

#[test]
fn an_export_holding_a_change_moved_off_its_stamp_reads_back_as_it_is() {
    let plan = plan();
    // Ours: notes at `s`, then notes replacing them.
    let mut me = tab(1);
    me.edit(&plan, 5, Change::Notes("v1".into()));
    me.edit(&plan, 5, Change::Notes("v2".into()));
    let s = me.doc.annotation(5).unwrap().all_entries().next().unwrap().at;
    // A file's status change reuses `s` and takes it (status sorts first).
    let raw = schema3_file(&format!(
        r#"{{"5":{{"text_fingerprint":"{}","changes":[{{"at":"{s}","by":"X","field":"status","value":"en_cours"}}]}}}}"#,
        fp(&plan, 5)
    ));
    me.doc.merge(&file(&raw));
    // v2's reference now names the status change: v1 shows beside v2, in
    // conflict, nothing lost; and the export reads back the same.
    let here = me.doc.annotation(5).unwrap().clone();
    let kept = texts(&me.doc, 5);
    assert!(kept.contains(&"v1".into()) && kept.contains(&"v2".into()), "{kept:?}");
    let back = file(&encode(&me.doc, true));
    assert_eq!(
        back.annotation(5).unwrap().all_entries().collect::<Vec<_>>(),
        here.all_entries().collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------- the preview says everything

#[test]
fn a_file_of_replacements_alone_says_what_it_would_hide() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 5, Change::Notes("notes".into()));
    me.edit(&plan, 9, Change::Status(Status::Realisee));
    let stamps: Vec<String> = me
        .doc
        .annotations()
        .all()
        .flat_map(|(_, a)| a.all_entries().map(|e| format!("\"{}\"", e.at)))
        .collect();
    let raw = schema3_file("{}").replace(
        r#""annotations":{}"#,
        &format!(
            r#""annotations":{{}},"replacements":[{{"at":"1789000000000.0.0000000000c1","by":"X","hide":[{}],"keep":[]}}]"#,
            stamps.join(",")
        ),
    );
    let p = preview(&me.doc, &file(&raw), &plan);
    assert_eq!(p.hides.len(), 1);
    assert_eq!(p.hides[0].measures, [(5, 1), (9, 1)]);
    assert_eq!(p.updated, [5, 9], "the counts say it too");
    assert_eq!(p.changes.len(), 2, "and the list behind them: {:?}", p.changes);
}

#[test]
fn the_preview_lists_every_value_it_changes_with_who_wrote_it() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 3, Change::Progress(10));
    let mut karims = Tab::new(&plan, 2, karim(), T + 60_000);
    karims.doc.merge(&export(&me));
    karims.edit(&plan, 3, Change::Progress(40));
    let at = karims.edit(&plan, 4, Change::Status(Status::EnCours)).fields()[0].after[0].at;
    karims.edit(&plan, 4, Change::Comment { on: at, text: "lancé".into() });
    let p = preview(&me.doc, &export(&karims), &plan);
    let lines: Vec<(u16, Field, Change, Change, String)> = p
        .changes
        .iter()
        .map(|c| (c.measure, c.field, c.before.clone(), c.after.change.clone(), c.after.by.clone()))
        .collect();
    let k = "Karim Benali (DGDDI)".to_owned();
    assert_eq!(
        lines[0],
        (3, Field::Progress, Change::Progress(10), Change::Progress(40), k.clone())
    );
    assert_eq!(
        lines[1],
        (
            4,
            Field::Status,
            Change::Status(Status::NonEvaluee),
            Change::Status(Status::EnCours),
            k.clone()
        )
    );
    assert_eq!(lines[2].1, Field::Comment(at));
    assert_eq!(lines.len(), 3);
}

#[test]
fn a_preview_made_stale_by_another_tab_is_refused_and_remade() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 8, Change::Pilote("Ofast".into()));
    let mut colleague = Tab::new(&plan, 2, karim(), T + HOUR);
    colleague.doc.merge(&export(&me));
    colleague.edit(&plan, 8, Change::Pilote("DGDDI".into()));
    let f = export(&colleague);
    let shown = preview(&me.doc, &f, &plan);
    assert!(shown.conflicts.is_empty());
    // While the preview is on screen, another tab's edit comes in.
    let mut other = Tab::new(&plan, 3, claire(), T);
    other.doc.merge(&me.reread(&plan));
    other.edit(&plan, 8, Change::Pilote("DGPN (autre onglet)".into()));
    me.doc.fold_tab(&other.reread(&plan));
    let before = me.doc.clone();
    let e = me.editor();
    let mode = ImportMode::Merge { choices: Choices::default() };
    match apply(&mut me.doc, &plan, &f, &mode, &shown, "Claire", &e, &|_| 0) {
        Err(ApplyError::Stale(now)) => {
            assert_eq!(now.conflicts.len(), 1, "the conflict is shown now")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(me.doc, before, "nothing changed");
}

#[test]
fn a_clock_running_ahead_is_said_and_leaves_conflicts_open() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 8, Change::Notes("départ".into()));
    let mut ahead = Tab::new(&plan, 2, karim(), T + 2 * HOUR);
    ahead.doc.merge(&export(&me));
    ahead.edit(&plan, 8, Change::Notes("texte du collègue".into()));
    me.edit(&plan, 8, Change::Notes("notre texte".into()));
    let f = export(&ahead);
    let skew = clock_ahead(&f, me.now).expect("two hours ahead");
    assert!((skew - 2 * HOUR).abs() < 60_000, "{skew}");
    assert_eq!(clock_ahead(&export(&me), me.now), None);
    let p = preview(&me.doc, &f, &plan);
    assert_eq!(p.default_choices(true).get(8, Field::Notes), Some(Pick::Open));
    let e = me.editor();
    let mode = ImportMode::Merge { choices: p.default_choices(true) };
    apply(&mut me.doc, &plan, &f, &mode, &p, "Claire", &e, &|_| 0).unwrap();
    let m = me.doc.annotation(8).unwrap();
    assert_eq!(m.conflicts().len(), 1, "left open, both texts shown on the measure's page");
}

// ---------------------------------------------------------------- limits

#[test]
fn no_number_of_changes_freezes_a_measure_and_undo_says_what_it_did() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 12, Change::Status(Status::EnCours));
    // Two files of about 6,000 changes each: no cap adds ours to theirs.
    merge(&mut me, &file(&chained_progress_file(12, 6_000, 0)));
    let step = merge(&mut me, &file(&chained_progress_file(12, 5_990, 6_000)));
    assert!(me.doc.annotation(12).unwrap().len() > 11_900);
    let e = me.editor();
    let typed = me.doc.edit(&plan, 12, Change::Notes("compte rendu".into()), None, "Claire", &e);
    assert!(matches!(typed, Ok(Some(_))), "{typed:?}");
    // Undoing the second import: progress changed since? No: it goes back.
    let e = me.editor();
    let before = me.doc.annotation(12).unwrap().progress();
    let undone = me.doc.undo(&plan, &step, "Claire", Origin::Undo, &e).unwrap();
    assert!(undone.skipped.is_empty());
    assert_ne!(me.doc.annotation(12).unwrap().progress(), before, "undo did what it said");
}

#[test]
fn a_thousand_replacements_and_one_more_survive_a_restart_and_an_export() {
    let plan = plan();
    let reps: Vec<String> = (0..1_000)
        .map(|i| {
            format!(r#"{{"at":"1789000000000.{i}.0000000000c1","by":"X","hide":[],"keep":[]}}"#)
        })
        .collect();
    let raw = schema3_file("{}").replace(
        r#""annotations":{}"#,
        &format!(r#""annotations":{{}},"replacements":[{}]"#, reps.join(",")),
    );
    let mut me = tab(1);
    me.edit(&plan, 5, Change::Notes("à remplacer".into()));
    merge(&mut me, &file(&raw));
    let mut other = tab(2);
    other.edit(&plan, 9, Change::Status(Status::Realisee));
    let e = me.editor();
    me.doc.replace_with(&export(&other), "Claire", &e);
    assert_eq!(me.doc.replacements().count(), 1_001);
    let s = startup(Some(&encode(&me.doc, false)), &[], &plan);
    assert!(s.document.annotation(5).unwrap().is_blank(), "{:?}", s.notices);
    assert!(read_file(encode(&me.doc, true).as_bytes(), &plan, me.now).is_ok());
}

// ---------------------------------------------------------------- salvage

fn stored_three_measures() -> String {
    let plan = plan();
    let mut t = tab(1);
    t.edit(&plan, 4, Change::Notes("quatre".into()));
    t.edit(&plan, 5, Change::Notes("cinq".into()));
    t.edit(&plan, 6, Change::Notes("six".into()));
    encode(&t.doc, false)
}

#[test]
fn a_broken_brace_costs_the_measure_it_is_in_and_the_backup_imports_the_rest() {
    let plan = plan();
    let text = stored_three_measures();
    let i = text.find(r#""5":{"#).unwrap();
    let j = i + text[i..].find("]}").unwrap() + 1;
    let damaged = format!("{}{}", &text[..j], &text[j + 1..]);
    let s = startup(Some(&damaged), &[], &plan);
    let kept: Vec<u16> = s.document.annotations().iter().map(|(n, _)| n).collect();
    assert_eq!(kept, [4, 6]);
    assert_eq!(s.back_up, ["vigie.annotations"], "the damaged text is copied aside first");
    let said = s.notices.iter().map(|n| n.message()).collect::<String>();
    assert!(said.contains("annotations.5"), "the banner names the measure: {said}");
    // The copy, downloaded and imported: the same preview, the rest only.
    assert!(read_file(damaged.as_bytes(), &plan, T).is_err());
    let back = read_damaged_file(damaged.as_bytes(), &plan, T).unwrap();
    assert_eq!(back.document.annotations().iter().map(|(n, _)| n).collect::<Vec<_>>(), [4, 6]);
    assert!(!back.dropped.is_empty());
}

#[test]
fn a_bad_reference_or_stamp_costs_only_itself_in_stored_data() {
    let plan = plan();
    let mut t = tab(1);
    t.edit(&plan, 5, Change::Notes("v1".into()));
    t.edit(&plan, 5, Change::Notes("long compte rendu".into()));
    let first = t.doc.annotation(5).unwrap().all_entries().next().unwrap().at.to_string();
    let text = encode(&t.doc, false);
    let damaged = text.replacen(&format!(r#""replaces":["{first}"]"#), r#""replaces":["zz"]"#, 1);
    let s = startup(Some(&damaged), &[], &plan);
    assert!(texts(&s.document, 5).contains(&"long compte rendu".into()));
    // A replacement with one bad stamp still hides the others.
    let mut me = tab(1);
    me.edit(&plan, 5, Change::Notes("ancienne".into()));
    me.edit(&plan, 6, Change::Notes("ancienne aussi".into()));
    let e = me.editor();
    me.doc.replace_with(&export(&tab(2)), "Claire", &e);
    let hidden = me.doc.annotation(6).unwrap().all_entries().next().unwrap().at.to_string();
    let damaged = encode(&me.doc, false).replacen(&format!(r#""{hidden}"]"#), r#""zz"]"#, 1);
    let s = startup(Some(&damaged), &[], &plan);
    assert!(s.document.annotation(5).unwrap().is_blank());
}

#[test]
fn a_packed_main_key_loses_at_most_the_measure_whose_part_is_damaged() {
    let plan = plan();
    let mut t = tab(1);
    for n in [4, 5, 6] {
        t.edit(&plan, n, Change::Notes(format!("notes de la mesure {n}")));
    }
    // Packing as storage does, with the identity for compression.
    let (header, measures) = encode_parts(&t.doc, T);
    let parts: Vec<(u16, Vec<u8>)> =
        measures.iter().map(|(n, j)| (*n, j.as_bytes().to_vec())).collect();
    let packed = pack(header.as_bytes(), &parts);
    let unpacked = unpack(&packed).expect("ours");
    let back = |unpacked: vigie::core::files::persistence::Packed| {
        let header = String::from_utf8(unpacked.header.unwrap()).unwrap();
        let measures = unpacked
            .measures
            .into_iter()
            .map(|(k, b)| (k, b.and_then(|b| String::from_utf8(b).ok())))
            .collect();
        join_parts(&header, measures)
    };
    let (json, lost) = back(unpacked);
    assert!(lost.is_empty());
    assert_eq!(startup(Some(&json), &[], &plan).document.annotations(), t.doc.annotations());
    // One character of measure 5's part changed.
    let at = packed.find("\u{1}5\u{2}").unwrap();
    let mut chars: Vec<char> = packed.chars().collect();
    let k = packed[..at].chars().count() + 12;
    chars[k] = if chars[k] == '\u{2000}' { '\u{2001}' } else { '\u{2000}' };
    let damaged: String = chars.into_iter().collect();
    let mut unpacked = unpack(&damaged).unwrap();
    // Damaged bytes do not inflate: the browser refuses them, as here.
    for (key, bytes) in &mut unpacked.measures {
        if key == "5" {
            *bytes = None;
        }
    }
    let (json, lost) = back(unpacked);
    let s = startup_unpacked(Some(&json), lost, &[], &plan);
    assert_eq!(s.document.annotations().iter().map(|(n, _)| n).collect::<Vec<_>>(), [4, 6]);
    assert_eq!(s.back_up, ["vigie.annotations"]);
}

#[test]
fn packed_characters_carry_any_bytes_and_take_about_half_of_base64() {
    for len in [0usize, 1, 2, 14, 15, 16, 1_000] {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
        let text = to_chars(&bytes);
        assert!(text.chars().all(|c| ('\u{20}'..='\u{801f}').contains(&c)));
        assert_eq!(from_chars(&text, len), Some(bytes));
    }
    let text = to_chars(&[0u8; 15_000]);
    assert_eq!(text.chars().count(), 8_000, "15 bits a character");
}

// ---------------------------------------------------------------- journals

#[test]
fn a_journal_holds_what_only_its_tab_holds() {
    let plan = plan();
    let history = common::team::five_years(&plan);
    let mut tab_doc = history.clone();
    let marks = Marks::of(&history);
    assert!(tab_doc.beyond(&marks).holds_nothing());
    let e = Editor { replica: Replica::from_bits(9), now: T };
    tab_doc.edit(&plan, 12, Change::Notes("un mot".into()), None, "Claire", &e).unwrap();
    let beyond = tab_doc.beyond(&marks);
    assert_eq!(beyond.annotations().all().map(|(_, a)| a.len()).sum::<usize>(), 1);
    let journal = encode(&beyond, false);
    assert!(journal.len() < 1_000, "{} characters for one change", journal.len());
    // The main key and the journal folded give the tab's document back.
    let mut folded = history.clone();
    folded.fold_tab(
        &decode(&journal, &plan, Options { strictness: Strictness::Salvage, latest: None })
            .unwrap()
            .document,
    );
    assert_eq!(folded.annotations(), tab_doc.annotations());
}

// ---------------------------------------------------------------- spreadsheets

fn paris(ms: i64) -> i32 {
    vigie::core::date::paris(ms)
}

fn csv_of(doc: &Document) -> String {
    let plan = plan();
    let all: Vec<u16> = plan.measures.iter().map(|m| m.number).collect();
    sheet::write(&plan, doc.annotations(), &all, &paris)
}

/// Sets the cell of `column` (by header) on measure `n`'s row.
fn edit_cell(csv: &str, n: u16, column: &str, value: &str) -> String {
    let lines: Vec<&str> = csv.split("\r\n").collect();
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(';').collect();
    let at = header.iter().position(|h| *h == column).unwrap();
    lines
        .iter()
        .map(|l| {
            let mut cells: Vec<String> = l.split(';').map(str::to_owned).collect();
            if cells[0] == n.to_string() {
                cells[at] = value.to_owned();
            }
            cells.join(";")
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

fn import_sheet(
    into: &Tab,
    text: &str,
    encoding: Encoding,
) -> (Document, vigie::core::files::exchange::Preview) {
    let plan = plan();
    let read = sheet::read(text, &plan).unwrap_or_else(|e| panic!("{e}"));
    let e = Editor { replica: Replica::from_bits(0x5e), now: into.now + 1_000 };
    let doc = sheet::apply(&into.doc, &read, &plan, "Claire", &e, encoding).unwrap();
    let p = preview(&into.doc, &doc, &plan);
    (doc, p)
}

#[test]
fn a_spreadsheet_exported_before_two_merges_changes_only_its_two_edited_cells() {
    let plan = plan();
    let mut coordinator = tab(1);
    for n in [3, 7, 20] {
        coordinator.edit(&plan, n, Change::Status(Status::EnCours));
    }
    // The pilot exports the sheet of all 55 measures…
    let sent = csv_of(&coordinator.doc);
    // …meanwhile two services' files are merged.
    for (id, n) in [(2, 7), (3, 30)] {
        let mut service = Tab::new(&plan, id, karim(), T + 60_000);
        service.doc.merge(&export(&coordinator));
        service.edit(&plan, n, Change::Status(Status::Realisee));
        service.edit(&plan, n, Change::Progress(100));
        service.edit(&plan, n, Change::Notes("bilan du service".into()));
        service.edit(&plan, n, Change::Due(vigie::core::date::IsoDate::parse("2027-03-31")));
        merge(&mut coordinator, &export(&service));
    }
    // The pilot edits two cells and sends it back.
    let back = edit_cell(&sent, 3, "Avancement (%)", "45");
    let back = edit_cell(&back, 20, "Notes", "Réunion tenue le 2 décembre");
    let (_, p) = import_sheet(&coordinator, &back, Encoding::Utf8);
    let changed: Vec<(u16, Field)> = p.changes.iter().map(|c| (c.measure, c.field)).collect();
    assert_eq!(changed, [(3, Field::Progress), (20, Field::Notes)]);
    assert!(p.conflicts.is_empty());
    assert_eq!(p.updated, [3, 20], "measures 7 and 30 are not touched");
}

#[test]
fn a_cell_changed_in_the_sheet_and_here_since_the_export_is_a_conflict() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 3, Change::Progress(10));
    let sent = csv_of(&me.doc);
    me.edit(&plan, 3, Change::Progress(30));
    let back = edit_cell(&sent, 3, "Avancement (%)", "45");
    let (_, p) = import_sheet(&me, &back, Encoding::Utf8);
    assert_eq!(p.conflicts.len(), 1);
    let c = &p.conflicts[0].fields[0];
    assert_eq!(
        (c.here().unwrap().change.clone(), c.there().unwrap().change.clone()),
        (Change::Progress(30), Change::Progress(45))
    );
    assert_eq!(p.default_choices(true).get(3, Field::Progress), Some(Pick::Open));
}

#[test]
fn a_sheet_that_does_not_say_what_it_came_from_never_overwrites() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 3, Change::Progress(10));
    me.edit(&plan, 4, Change::Notes("nos notes".into()));
    let without: String = csv_of(&me.doc)
        .split("\r\n")
        .map(|l| l.rsplit_once(';').map_or(l, |(rest, _)| rest).to_owned())
        .collect::<Vec<_>>()
        .join("\r\n");
    let back = edit_cell(&without, 3, "Avancement (%)", "45");
    let read = sheet::read(&back, &plan).unwrap();
    assert_eq!(read.versions, Versions::Absent);
    let (_, p) = import_sheet(&me, &back, Encoding::Utf8);
    assert_eq!(p.conflicts.len(), 1, "the differing cell is a conflict");
    assert_eq!(p.changes.len(), 0, "and nothing else changes");
    // A damaged version cell: that row alone is treated so.
    let damaged = edit_cell(&csv_of(&me.doc), 3, "Version (ne pas modifier)", "vigie1 S#zz");
    assert_eq!(sheet::read(&damaged, &plan).unwrap().versions, Versions::Damaged(vec![4]));
}

#[test]
fn a_row_cut_short_is_refused_with_its_line() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 12, Change::Pilote("DGPN".into()));
    let short: String = csv_of(&me.doc)
        .split("\r\n")
        .map(|l| {
            if l.starts_with("12;") {
                l.split(';').take(5).collect::<Vec<_>>().join(";")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    let err = sheet::read(&short, &plan).unwrap_err().to_string();
    assert!(err.starts_with("ligne 13") && err.contains("ligne incomplète"), "{err}");
}

#[test]
fn line_ends_and_a_leading_apostrophe_round_trip_as_no_change() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 3, Change::Notes("point 1\r\npoint 2".into()));
    me.edit(&plan, 4, Change::Notes("'=A1 est la cellule de référence".into()));
    let (doc, p) = import_sheet(&me, &csv_of(&me.doc), Encoding::Utf8);
    assert_eq!(doc, me.doc);
    assert!(p.changes.is_empty());
}

#[test]
fn dates_written_back_month_first_are_read_so_and_equal_either_way_is_no_change() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 3, Change::Due(vigie::core::date::IsoDate::parse("2027-03-31")));
    me.edit(&plan, 4, Change::Due(vigie::core::date::IsoDate::parse("2027-04-03")));
    // An English spreadsheet: 31/03/2027 → 03/31/2027, 03/04/2027 → 04/03/2027.
    let back = edit_cell(&csv_of(&me.doc), 3, "Échéance", "03/31/2027");
    let back = edit_cell(&back, 4, "Échéance", "04/03/2027");
    let read = sheet::read(&back, &plan).unwrap();
    assert_eq!(read.dates, DateOrder::MonthDay);
    let (doc, p) = import_sheet(&me, &back, Encoding::Utf8);
    assert!(p.changes.is_empty(), "{:?}", p.changes);
    assert_eq!(doc, me.doc);
}

// ---------------------------------------------------------------- drafts

#[test]
fn two_drafts_of_one_field_are_both_kept_whole_and_the_user_chooses() {
    let mut ours = Drafts::default();
    ours.set(4, DraftField::Comment, &"a".repeat(1_500));
    let mut theirs = Drafts::default();
    theirs.set(4, DraftField::Comment, &"b".repeat(1_500));
    ours.adopt(&theirs);
    assert_eq!(ours.get(4, DraftField::Comment), "a".repeat(1_500));
    assert_eq!(ours.alternatives(4, DraftField::Comment), ["b".repeat(1_500)]);
    let back = Drafts::decode(Some(&ours.encode()));
    assert_eq!(back, ours, "kept across a reload, whole");
    ours.take_alternative(4, DraftField::Comment, 0);
    assert_eq!(ours.get(4, DraftField::Comment), "b".repeat(1_500));
    assert_eq!(ours.alternatives(4, DraftField::Comment), ["a".repeat(1_500)]);
    ours.discard_alternative(4, DraftField::Comment, 0);
    assert!(ours.alternatives(4, DraftField::Comment).is_empty());
}

#[test]
fn a_change_that_took_a_stored_stamp_is_journaled_not_taken_for_the_stored_one() {
    // Stored: Zoé's notes at a stamp; a file reuses it, by an author whose
    // lineage sorts first: the file's change takes the stamp, ours moves.
    let s = "1789000000000.0.0000000000c1";
    let stored = file(&one_entry(5, s, 0, "Zoé", "nos notes"));
    let marks = Marks::of(&stored);
    let mut doc = stored.clone();
    doc.merge(&file(&one_entry(5, s, 0, "Alice", "les notes d’Alice")));
    let journal = doc.beyond(&marks);
    let mut reread = stored.clone();
    reread.fold_tab(&journal);
    assert_eq!(reread.annotations(), doc.annotations(), "main key + journal = the tab's document");
    assert_eq!(texts(&reread, 5).len(), 2);
}

#[test]
fn two_tabs_taking_in_the_same_file_at_once_each_keep_it_in_their_journal() {
    let plan = plan();
    let mut colleague = Tab::new(&plan, 2, karim(), T);
    colleague.edit(&plan, 9, Change::Notes("bilan du service".into()));
    let f = export(&colleague);
    let main = Document::empty(&plan);
    let (mut x, mut y) = (main.clone(), main.clone());
    x.merge(&f);
    y.merge(&f);
    // Each folds the other's journal, which holds the same file.
    let mut x_marks = Marks::of(&main);
    x_marks.add(&Marks::of_new(&y.beyond(&Marks::of(&main)), &x));
    let mut y_marks = Marks::of(&main);
    y_marks.add(&Marks::of_new(&x.beyond(&Marks::of(&main)), &y));
    assert!(!x.beyond(&x_marks).holds_nothing(), "x keeps what it took in");
    assert!(!y.beyond(&y_marks).holds_nothing(), "y keeps what it took in");
}

#[test]
fn undo_after_typing_with_several_saves_undoes_the_text_as_it_stands() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 12, Change::Notes("avant".into()));
    let mut step = me.edit(&plan, 12, Change::Notes("Réu".into()));
    let at = step.fields()[0].after[0].at;
    let e = me.editor();
    for text in ["Réunion", "Réunion le 3"] {
        if let Ok(vigie::core::record::document::Amend::Amended(v)) =
            me.doc.amend(12, at, Change::Notes(text.into()), &claire().display(), &e)
        {
            step.revised(v);
        }
    }
    let e = me.editor();
    let undone = me.doc.undo(&plan, &step, "Claire", Origin::Undo, &e).expect("undone");
    assert!(undone.skipped.is_empty());
    assert_eq!(me.doc.annotation(12).unwrap().notes(), "avant");
}

#[test]
fn a_date_swapped_on_purpose_in_a_sheet_that_kept_its_order_is_an_edit() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 3, Change::Due(vigie::core::date::IsoDate::parse("2027-03-04")));
    me.edit(&plan, 4, Change::Due(vigie::core::date::IsoDate::parse("2027-05-06")));
    // Measure 4's date kept as exported (06/05/2027, read both ways): the
    // sheet kept day first, so 04/03 → 03/04 on measure 3 is an edit.
    let back = edit_cell(&csv_of(&me.doc), 3, "Échéance", "03/04/2027");
    let (_, p) = import_sheet(&me, &back, Encoding::Utf8);
    assert_eq!(p.changes.len(), 1, "{:?}", p.changes);
    assert_eq!(
        p.changes[0].after.change,
        Change::Due(vigie::core::date::IsoDate::parse("2027-04-03"))
    );
}

#[test]
fn a_damaged_comma_between_two_measures_costs_neither() {
    // Found by `damage_to_stored_text_costs_at_most_the_measure_it_falls_in`:
    // the comma before a measure's key turned into a backslash made the key
    // look escaped, and the measure after it was lost.
    let plan = plan();
    let mut t = Tab::new(&plan, 1, claire(), 1_790_000_000_000);
    t.edit(&plan, 1, Change::Notes("n".into()));
    t.edit(&plan, 2, Change::Notes("n".into()));
    let text = encode(&t.doc, false);
    let comma = text.find(",\"2\":{").expect("measure 2 follows measure 1");
    let damaged = format!("{}\\{}", &text[..comma], &text[comma + 1..]);
    let read = decode(&damaged, &plan, Options { strictness: Strictness::Salvage, latest: None })
        .expect("the rest reads")
        .document;
    for n in [1, 2] {
        assert_eq!(read.annotation(n).map(|a| a.notes()), Some("n"), "measure {n}");
    }
}
