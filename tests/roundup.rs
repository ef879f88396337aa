//! The round-up (`core::files::roundup`): several files at once, one line each,
//! one combined preview, one merge, one undo.

use vigie::core::files::codec::encode;
use vigie::core::files::exchange::ReadError;
use vigie::core::files::exchange::{apply, read_file, ImportMode, Pick};
use vigie::core::files::roundup::{round, Arrived, Brings};
use vigie::core::plan::Plan;
use vigie::core::record::annotations::{Change, Field, Origin};
use vigie::core::record::document::Document;
use vigie::core::record::status::Status;

mod common;
use common::{claire, karim, plan, Tab};

const T: i64 = 1_790_000_000_000;

fn arrived(name: &str, text: &str, plan: &Plan) -> Arrived {
    Arrived {
        name: name.to_owned(),
        bytes_hash: hash(text),
        sheet: false,
        read: read_file(text.as_bytes(), plan, T + 3_600_000)
            .map(|d| d.document)
            .map_err(ReadError::from),
    }
}

fn hash(text: &str) -> u64 {
    text.bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn export(t: &Tab) -> String {
    let mut d = t.doc.clone();
    d.written_at = t.now;
    encode(&d, true)
}

#[test]
fn a_month_of_twenty_files_is_one_preview_and_one_merge() {
    let plan = plan();
    let files: Vec<Arrived> = common::team::files_by_person(&plan)
        .iter()
        .map(|(name, text)| Arrived {
            name: name.clone(),
            bytes_hash: hash(text),
            sheet: false,
            read: read_file(text.as_bytes(), &plan, 1_800_000_000_000)
                .map(|d| d.document)
                .map_err(ReadError::from),
        })
        .collect();
    assert_eq!(files.len(), 20);
    let ours = Document::empty(&plan);
    let r = round(&ours, &files, &plan, 1_800_000_000_000);
    let bringing =
        r.sources.lines.iter().filter(|l| matches!(l.brings, Brings::Measures(_))).count();
    let copies = r.sources.lines.iter().filter(|l| matches!(l.brings, Brings::CopyOf(_))).count();
    assert_eq!((bringing, copies), (15, 5), "two copies of one file count once");
    assert_eq!(r.sources.lines[15].brings, Brings::CopyOf(0));
    assert_eq!(r.sources.lines[1].signer.service, "DGDDI");
    // Together they are the whole history.
    let history = common::team::five_years(&plan);
    assert_eq!(r.union.annotations().all().map(|(_, a)| a.len()).sum::<usize>(), 9_057);
    assert_eq!(r.preview.added.len() + r.preview.conflicts.len(), 55);
    let mut merged = ours.clone();
    let e = vigie::core::record::document::Editor {
        replica: vigie::core::record::stamp::Replica::from_bits(7),
        now: 1_800_000_000_000,
    };
    let choices = r.preview.default_choices(r.sources.open_by_default());
    let step = apply(
        &mut merged,
        &plan,
        &r.union,
        &ImportMode::Merge { choices },
        &r.preview,
        "C",
        &e,
        &|_| 0,
    )
    .unwrap();
    for (n, a) in history.annotations().iter() {
        assert_eq!(merged.annotation(n).unwrap().value(Field::Notes), a.value(Field::Notes), "{n}");
    }
    // One undo takes the whole round back.
    let undone = merged.undo(&plan, &step, "C", Origin::Undo, &e).unwrap();
    assert!(undone.skipped.is_empty());
    for (n, a) in merged.annotations().iter() {
        assert_eq!((a.status(), a.notes(), a.progress()), (Status::NonEvaluee, "", 0), "{n}");
    }
}

#[test]
fn a_refused_file_does_not_block_the_others_and_a_file_already_in_says_so() {
    let plan = plan();
    let mut ours = Tab::new(&plan, 1, claire(), T);
    ours.edit(&plan, 3, Change::Status(Status::EnCours));
    let mut karims = Tab::new(&plan, 2, karim(), T);
    karims.edit(&plan, 7, Change::Progress(40));
    let files = [
        arrived("karim.json", &export(&karims), &plan),
        arrived("casse.json", "{ pas du json", &plan),
        arrived("le-mien.json", &export(&ours), &plan),
    ];
    let r = round(&ours.doc, &files, &plan, T);
    assert_eq!(r.sources.lines[0].brings, Brings::Measures(vec![7]));
    assert!(matches!(&r.sources.lines[1].brings, Brings::Refused(why) if why.contains("JSON")));
    assert_eq!(r.sources.lines[2].brings, Brings::Nothing, "« déjà importé, rien de nouveau »");
    assert_eq!(r.preview.added, [7]);
}

#[test]
fn one_field_changed_by_two_files_and_here_is_one_conflict_with_its_three_values() {
    let plan = plan();
    let mut ours = Tab::new(&plan, 1, claire(), T);
    ours.edit(&plan, 8, Change::Notes("départ".into()));
    let base = export(&ours);
    let mut a = Tab::new(&plan, 2, karim(), T + 60_000);
    a.doc.merge(&read_file(base.as_bytes(), &plan, T).unwrap().document);
    a.edit(&plan, 8, Change::Notes("version de Karim".into()));
    let mut b = Tab::new(&plan, 3, common::team::author(5), T + 120_000);
    b.doc.merge(&read_file(base.as_bytes(), &plan, T).unwrap().document);
    b.edit(&plan, 8, Change::Notes("version de Julien".into()));
    ours.edit(&plan, 8, Change::Notes("notre version".into()));
    let files = [arrived("a.json", &export(&a), &plan), arrived("b.json", &export(&b), &plan)];
    let r = round(&ours.doc, &files, &plan, T);
    assert_eq!(r.preview.conflicts.len(), 1, "shown once");
    let f = &r.preview.conflicts[0].fields[0];
    let values: Vec<(&str, bool)> = f
        .values
        .iter()
        .map(|o| match &o.value.change {
            Change::Notes(n) => (n.as_str(), o.here),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(values.len(), 3);
    assert!(values.contains(&("notre version", true)));
    assert!(values.contains(&("version de Karim", false)));
    assert!(values.contains(&("version de Julien", false)));
    // Keeping Julien's settles all three, the others stay in the history.
    let julien = f.values.iter().find(|o| o.value.by.starts_with("Julien")).unwrap().value.at;
    assert_eq!(r.sources.origin(julien), Some("b.json"), "each value says which file brings it");
    let mut choices = r.preview.default_choices(false);
    choices.set(8, Field::Notes, Pick::Keep(julien));
    let e = ours.editor();
    apply(
        &mut ours.doc,
        &plan,
        &r.union,
        &ImportMode::Merge { choices },
        &r.preview,
        "C",
        &e,
        &|_| 0,
    )
    .unwrap();
    let m = ours.doc.annotation(8).unwrap();
    assert_eq!((m.notes(), m.conflicts().len()), ("version de Julien", 0));
}

#[test]
fn a_copy_counts_once_even_of_a_file_already_in_and_a_file_saved_again_is_a_copy() {
    let plan = plan();
    let mut ours = Tab::new(&plan, 1, claire(), T);
    ours.edit(&plan, 3, Change::Status(Status::EnCours));
    let mine = export(&ours);
    let mut karims = Tab::new(&plan, 2, karim(), T);
    karims.edit(&plan, 7, Change::Progress(40));
    let theirs = export(&karims);
    // Saved again by an editor: other bytes, the same changes.
    let reindented: String =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&theirs).unwrap())
            .unwrap();
    assert_ne!(reindented, theirs);
    let files = [
        arrived("le-mien.json", &mine, &plan),
        arrived("le-mien-copie.json", &mine, &plan),
        arrived("karim.json", &theirs, &plan),
        arrived("karim-réenregistré.json", &reindented, &plan),
    ];
    let r = round(&ours.doc, &files, &plan, T);
    let brings: Vec<&Brings> = r.sources.lines.iter().map(|l| &l.brings).collect();
    assert_eq!(
        brings,
        [&Brings::Nothing, &Brings::CopyOf(0), &Brings::Measures(vec![7]), &Brings::CopyOf(2)]
    );
    assert_eq!(r.sources.bringing(), 1);
}

#[test]
fn a_file_made_on_another_wording_of_the_plan_is_left_to_be_imported_alone() {
    let plan = plan();
    let ours = Tab::new(&plan, 1, claire(), T);
    let mut karims = Tab::new(&plan, 2, karim(), T);
    karims.edit(&plan, 7, Change::Progress(40));
    let mut other: serde_json::Value = serde_json::from_str(&export(&karims)).unwrap();
    other["plan_fingerprint"] = "une-autre-version".into();
    let r = round(&ours.doc, &[arrived("ancien-plan.json", &other.to_string(), &plan)], &plan, T);
    assert!(
        matches!(&r.sources.lines[0].brings, Brings::Refused(why) if why.contains("importez-le seul"))
    );
    assert_eq!(r.preview.changed(), 0, "nothing of it comes in");
}

#[test]
fn a_clock_ahead_or_a_spreadsheet_in_the_round_leaves_its_conflicts_open() {
    let plan = plan();
    let mut ours = Tab::new(&plan, 1, claire(), T);
    ours.edit(&plan, 8, Change::Notes("notre texte".into()));
    let mut ahead = Tab::new(&plan, 2, karim(), T + 3 * 3_600_000);
    ahead.edit(&plan, 8, Change::Notes("le sien".into()));
    let on_time = Tab::new(&plan, 3, common::team::author(5), T);
    let files = [
        arrived("karim.json", &export(&ahead), &plan),
        arrived("julien.json", &export(&on_time), &plan),
    ];
    // `arrived` reads at T + 1 h: Karim's clock runs two hours ahead.
    let r = round(&ours.doc, &files, &plan, T + 3_600_000);
    assert!(r.sources.lines[0].ahead.is_some());
    assert!(r.sources.open_by_default());
    let choices = r.preview.default_choices(r.sources.open_by_default());
    assert_eq!(choices.get(8, Field::Notes), Some(Pick::Open));
    // A spreadsheet's cells are stamped when it is read: they only look
    // latest.
    let mut sheet = Tab::new(&plan, 4, claire(), T + 60_000);
    sheet.edit(&plan, 8, Change::Notes("la cellule".into()));
    let mut cells = arrived("tableau.csv", &export(&sheet), &plan);
    cells.sheet = true;
    let r = round(&ours.doc, &[cells], &plan, T + 3_600_000);
    assert_eq!((r.sources.lines[0].ahead, r.sources.open_by_default()), (None, true));
}
