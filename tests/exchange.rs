//! Exchanging annotations on the real plan: reading an imported file (and
//! every way it can be refused), the preview of an import (its counts add
//! up, its conflicts show both values), applying it, the CSV export for
//! spreadsheets, the comparison with an earlier export, and the fixtures the
//! end-to-end tests import. One rule per test.

use vigie::core::files::codec::{encode, export_text, DecodeError, Problem};
use vigie::core::files::exchange::{
    apply, movements, preview, read_file, Choices, Direction, ImportError, ImportMode, Movement,
    Pick, Preview, MAX_IMPORT_BYTES,
};
use vigie::core::french;
use vigie::core::record::annotations::{Change, Field};
use vigie::core::record::document::Document;

use vigie::core::files::reference::Reference;
use vigie::core::record::status::Status;
use vigie::core::wording::movements_summary;

use vigie::core::files::sheet::write as csv;

mod common;
use common::{claire, date, karim, plan, schema3_file, Tab};

const T0: i64 = 1_789_000_000_000;
const HOUR: i64 = 3_600_000;
/// Now, for the "more than a day ahead" check.
const NOW: i64 = 1_790_000_000_000;

fn invalid(bytes: &[u8]) -> Vec<Problem> {
    match read_file(bytes, &plan(), NOW) {
        Err(ImportError::Decode(DecodeError::Invalid(problems))) => problems.listed,
        other => panic!("expected Decode(Invalid), got {other:?}"),
    }
}

fn tab(id: u64) -> Tab {
    Tab::new(&plan(), id, claire(), T0)
}

/// A colleague's tab, starting from a copy of `me`.
fn colleague_of(me: &Tab, id: u64) -> Tab {
    let plan = plan();
    let mut them = Tab::new(&plan, id, karim(), me.now);
    them.doc.merge(&me.reread(&plan));
    them
}

/// What `tab` exports, read back as an import.
fn export(t: &Tab) -> Document {
    let mut doc = t.doc.clone();
    doc.written_at = NOW;
    read_file(encode(&doc, true).as_bytes(), &plan(), NOW).expect("an export imports").document
}

// ---------------------------------------------------------------- read_file

#[test]
fn a_file_over_50_mo_is_refused_before_being_read() {
    let bytes = vec![b' '; 50 * 1024 * 1024 + 1];
    let err = read_file(&bytes, &plan(), NOW).unwrap_err();
    assert_eq!(err, ImportError::TooLarge(50 * 1024 * 1024 + 1));
    assert!(err.to_string().contains("ce n’est pas un export de Vigie"), "{err}");
}

#[test]
fn a_file_of_exactly_50_mo_is_read() {
    let err = read_file(&vec![b' '; MAX_IMPORT_BYTES], &plan(), NOW).unwrap_err();
    assert!(
        matches!(err, ImportError::Decode(DecodeError::NotJson { .. })),
        "read, then refused as JSON: {err:?}"
    );
}

#[test]
fn the_size_of_a_file_too_large_is_written_with_a_decimal_comma() {
    let err = read_file(&vec![b' '; 57 * 1024 * 1024 + 512 * 1024], &plan(), NOW).unwrap_err();
    assert!(err.to_string().starts_with("le fichier pèse 57,5 Mo"), "{err}");
}

#[test]
fn bytes_that_are_not_utf8_are_refused_as_such() {
    assert_eq!(read_file(&[0xff, 0xfe, 0x00], &plan(), NOW).unwrap_err(), ImportError::NotUtf8);
}

#[test]
fn a_utf8_byte_order_mark_before_the_json_is_accepted() {
    let raw = schema3_file("{}");
    assert!(read_file(format!("\u{feff}{raw}").as_bytes(), &plan(), NOW).is_ok());
}

#[test]
fn a_file_from_a_clock_more_than_a_day_ahead_is_refused() {
    let plan = plan();
    let mut ahead = Tab::new(&plan, 7, karim(), NOW + 25 * HOUR);
    ahead.edit(&plan, 8, Change::Notes("du futur".into()));
    let text = encode(&ahead.doc, true);
    let err = read_file(text.as_bytes(), &plan, NOW).unwrap_err();
    assert!(err.to_string().contains("24 h dans le futur"), "{err}");
    assert!(
        read_file(text.as_bytes(), &plan, NOW + 2 * HOUR).is_ok(),
        "a clock 23 h ahead is only wrong"
    );
}

#[test]
fn one_bad_value_refuses_the_whole_file() {
    let raw = schema3_file(concat!(
        r#"{"8":{"text_fingerprint":"","changes":[{"at":"1789000000000.0.0000000000c1","#,
        r#""by":"x","field":"progress","value":20}]},
            "17":{"text_fingerprint":"","changes":[{"at":"1789000000000.1.0000000000c1","#,
        r#""by":"x","field":"progress","value":140}]}}"#,
    ));
    let p = invalid(raw.as_bytes());
    assert_eq!(
        p.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
        ["annotations.17.changes.0.value"]
    );
}

// ---------------------------------------------------------------- preview

#[test]
fn into_empty_annotations_everything_is_added_and_the_counts_add_up() {
    let plan = plan();
    let mut them = tab(2);
    for n in [1, 17, 42] {
        them.edit(&plan, n, Change::Status(Status::EnCours));
    }
    let p = preview(&Document::empty(&plan), &export(&them), &plan);
    assert_eq!(p.added, [1, 17, 42]);
    assert_eq!(p.total(), 3);
    assert!(!p.other_plan);
}

#[test]
fn the_same_file_again_is_unchanged_and_merging_it_again_changes_nothing() {
    let plan = plan();
    let mut them = tab(2);
    them.edit(&plan, 17, Change::Status(Status::EnCours));
    them.edit(&plan, 42, Change::Notes("x".into()));
    let file = export(&them);
    let mut me = tab(1);
    me.doc.merge(&file);
    let p = preview(&me.doc, &file, &plan);
    assert_eq!((p.unchanged.clone(), p.total()), (vec![17, 42], 2));
    let before = me.doc.clone();
    assert!(!me.doc.merge(&file));
    assert_eq!(me.doc, before);
}

#[test]
fn a_measure_the_file_changed_since_we_last_agreed_is_updated_not_a_conflict() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 9, Change::Notes("réunion prévue".into()));
    let mut them = colleague_of(&me, 2);
    them.edit(&plan, 9, Change::Notes("réunion tenue le 12".into()));
    let p = preview(&me.doc, &export(&them), &plan);
    assert_eq!(p.updated, [9]);
    assert!(p.conflicts.is_empty());
}

#[test]
fn a_measure_changed_only_here_since_we_last_agreed_is_unchanged() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 17, Change::Status(Status::EnCours));
    let them = colleague_of(&me, 2);
    me.edit(&plan, 17, Change::Progress(60));
    let p = preview(&me.doc, &export(&them), &plan);
    assert_eq!(p.unchanged, [17]);
}

#[test]
fn concurrent_changes_of_different_fields_merge_without_conflict() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 17, Change::Status(Status::EnCours));
    let mut them = colleague_of(&me, 2);
    me.edit(&plan, 17, Change::Notes("de notre côté".into()));
    them.edit(&plan, 17, Change::Status(Status::EnDifficulte));
    let p = preview(&me.doc, &export(&them), &plan);
    assert_eq!(p.updated, [17]);
    assert!(p.conflicts.is_empty());
}

/// The issue's scenario: both start from the same file and change measure
/// 8's notes; the colleague's clock runs two hours ahead.
fn skewed_conflict() -> (Tab, Document) {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 8, Change::Notes("notes de départ".into()));
    let mut them = colleague_of(&me, 2);
    them.now += 2 * HOUR;
    them.edit(&plan, 8, Change::Notes("texte du collègue".into()));
    me.now += 10 * 60_000;
    me.edit(&plan, 8, Change::Notes("notre texte, écrit après".into()));
    (me, export(&them))
}

/// [`skewed_conflict`] merged with `pick` chosen for measure 8's notes in
/// the preview: the document afterwards.
fn settle_skewed_conflict(pick: impl FnOnce(&Preview) -> Pick) -> Document {
    let plan = plan();
    let (mut me, file) = skewed_conflict();
    let editor = me.editor();
    let shown = preview(&me.doc, &file, &plan);
    let mut choices = Choices::default();
    choices.set(8, Field::Notes, pick(&shown));
    apply(
        &mut me.doc,
        &plan,
        &file,
        &ImportMode::Merge { choices },
        &shown,
        "Claire Martin (Ofast)",
        &editor,
        &|_| 0,
    )
    .unwrap();
    me.doc
}

#[test]
fn a_conflict_lists_both_values_and_the_counts_still_add_up() {
    let plan = plan();
    let (me, file) = skewed_conflict();
    let p = preview(&me.doc, &file, &plan);
    assert_eq!(p.conflicts.len(), 1);
    let c = &p.conflicts[0];
    assert_eq!(c.measure, 8);
    assert_eq!(c.fields.len(), 1);
    assert_eq!(c.fields[0].field, Field::Notes);
    let f = &c.fields[0];
    assert_eq!(f.here().unwrap().change, Change::Notes("notre texte, écrit après".into()));
    assert_eq!(f.there().unwrap().change, Change::Notes("texte du collègue".into()));
    assert_eq!(f.there().unwrap().by, "Karim Benali (DGDDI)");
    let latest = f.values.last().unwrap().value.at;
    assert_eq!(latest, f.there().unwrap().at, "by stamps, the colleague's clock is latest");
    assert_eq!(p.default_choices(false).get(8, Field::Notes), Some(Pick::Keep(latest)));
    assert_eq!(p.total(), 1);
    assert!(p.added.is_empty() && p.updated.is_empty() && p.unchanged.is_empty());
}

#[test]
fn keeping_mine_settles_the_conflict_and_both_texts_stay_readable() {
    let doc =
        settle_skewed_conflict(|shown| Pick::Keep(shown.conflicts[0].fields[0].here().unwrap().at));
    let m = doc.annotation(8).unwrap();
    assert_eq!(m.notes(), "notre texte, écrit après");
    assert!(m.conflicts().is_empty());
    let texts: Vec<Change> = m.all_entries().map(|e| e.change.clone()).collect();
    assert!(
        texts.contains(&Change::Notes("texte du collègue".into())),
        "theirs stays in the history"
    );
}

#[test]
fn taking_theirs_settles_the_conflict_on_the_file_s_text() {
    let doc = settle_skewed_conflict(|shown| {
        Pick::Keep(shown.conflicts[0].fields[0].there().unwrap().at)
    });
    let m = doc.annotation(8).unwrap();
    assert_eq!(m.notes(), "texte du collègue");
    let ours = Change::Notes("notre texte, écrit après".into());
    assert!(m.all_entries().any(|e| e.change == ours));
}

#[test]
fn the_preview_says_exactly_what_the_merge_does() {
    let plan = plan();
    let mut me = tab(1);
    for n in 1..=6 {
        me.edit(&plan, n, Change::Progress(10));
    }
    let mut them = colleague_of(&me, 2);
    them.edit(&plan, 1, Change::Progress(50)); // updated
    them.edit(&plan, 7, Change::Status(Status::EnCours)); // added
    me.edit(&plan, 2, Change::Progress(20));
    them.edit(&plan, 2, Change::Progress(30)); // conflict
    let file = export(&them);
    let p = preview(&me.doc, &file, &plan);
    assert_eq!((p.updated.clone(), p.added.clone(), p.conflicts.len()), (vec![1], vec![7], 1));
    assert_eq!(p.unchanged, [3, 4, 5, 6]);
    assert_eq!(p.total(), file.annotations().iter().count());
    let before = me.doc.clone();
    let editor = me.editor();
    apply(
        &mut me.doc,
        &plan,
        &file,
        &ImportMode::Merge { choices: p.default_choices(false) },
        &p,
        "x",
        &editor,
        &|_| 0,
    )
    .unwrap();
    for n in &p.unchanged {
        assert!(me.doc.annotation(*n).unwrap().same_record(before.annotation(*n).unwrap()), "{n}");
    }
    for n in &p.updated {
        assert!(!me.doc.annotation(*n).unwrap().same_record(before.annotation(*n).unwrap()), "{n}");
    }
}

/// A file made against another wording of the plan: measure 12 still has
/// the text it was annotated on, measure 13 does not.
fn other_plan_file() -> Document {
    let plan = plan();
    let mut them = tab(0xc1);
    them.edit(&plan, 12, Change::Status(Status::EnCours));
    them.edit(&plan, 12, Change::Progress(30));
    them.edit(&plan, 13, Change::Status(Status::Realisee));
    let mut text: serde_json::Value = serde_json::from_str(&encode(&them.doc, true)).unwrap();
    text["plan_fingerprint"] = "fnv1a64:0000000000000000".into();
    text["annotations"]["13"]["text_fingerprint"] = "ffffffffffffffff".into();
    text["written_at"] = NOW.into();
    read_file(text.to_string().as_bytes(), &plan, NOW).unwrap().document
}

#[test]
fn a_file_made_against_another_plan_is_flagged_with_the_measures_that_still_match() {
    let plan = plan();
    let p = preview(&Document::empty(&plan), &other_plan_file(), &plan);
    assert!(p.other_plan);
    assert_eq!(p.still_matching, [12]);
    let mut me = tab(1);
    let editor = me.editor();
    let shown = preview(&me.doc, &other_plan_file(), &plan);
    apply(
        &mut me.doc,
        &plan,
        &other_plan_file(),
        &ImportMode::OnlyMatching { measures: p.still_matching },
        &shown,
        "x",
        &editor,
        &|_| 0,
    )
    .unwrap();
    assert_eq!(me.doc.annotations().iter().map(|(n, _)| n).collect::<Vec<_>>(), [12]);
}

// ---------------------------------------------------------------- csv

const HEADER: &str = "Numéro;Objectif;Titre court;Statut;Avancement (%);Pilote;\
                      Échéance;Dernière mise à jour;Notes;Version (ne pas modifier)\r\n";

/// 2026-11-27T13:05:00Z, 14 h 05 in Paris.
const NOV_27: i64 = 1_795_784_700_000;

fn paris(ms: i64) -> i32 {
    vigie::core::date::paris(ms)
}

#[test]
fn csv_starts_with_a_byte_order_mark_and_the_french_header() {
    let plan = plan();
    assert_eq!(
        csv(&plan, Document::empty(&plan).annotations(), &[], &paris),
        format!("\u{feff}{HEADER}")
    );
}

#[test]
fn csv_has_one_row_per_requested_measure_in_the_requested_order() {
    let plan = plan();
    let out = csv(&plan, Document::empty(&plan).annotations(), &[42, 3, 17], &paris);
    let body = out.strip_prefix('\u{feff}').unwrap().strip_prefix(HEADER).expect("header first");
    let numbers: Vec<&str> =
        body.trim_end().split("\r\n").map(|r| r.split(';').next().unwrap()).collect();
    assert_eq!(numbers, ["42", "3", "17"]);
}

#[test]
fn csv_row_gives_the_status_label_the_due_date_and_the_last_change_in_its_own_time_zone() {
    let plan = plan();
    let mut me = Tab::new(&plan, 1, claire(), NOV_27 - 3_000);
    me.edit(&plan, 17, Change::Status(Status::EnCours));
    me.edit(&plan, 17, Change::Progress(40));
    me.edit(&plan, 17, Change::Pilote("Ofast".into()));
    me.edit(&plan, 17, Change::Due(Some(date("2026-12-31"))));
    let out = csv(&plan, me.doc.annotations(), &[17], &paris);
    let m = plan.measure(17).unwrap();
    let row = format!(
        "17;{};{};En cours;40;Ofast;31/12/2026;27/11/2026 à 14 h 05;;vigie1 S",
        m.objective, m.short_title
    );
    assert!(out.starts_with(&format!("\u{feff}{HEADER}{row}")), "{out}");
    // A change made in July is written in summer time, even in November.
    let mut july = Tab::new(&plan, 1, claire(), 1_784_023_200_000);
    july.edit(&plan, 17, Change::Progress(5));
    assert!(csv(&plan, july.doc.annotations(), &[17], &paris).contains(";14/07/2026 à 12 h 00;"));
}

#[test]
fn csv_quotes_a_note_with_separator_quotes_and_newline_doubling_the_quotes() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 17, Change::Notes("Point 1 ; voir \"annexe B\"\nsuite".into()));
    let out = csv(&plan, me.doc.annotations(), &[17], &paris);
    assert!(out.contains(";\"Point 1 ; voir \"\"annexe B\"\"\nsuite\";vigie1 "), "{out}");
}

#[test]
fn csv_neutralises_a_formula_with_a_leading_apostrophe() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 17, Change::Pilote("=HYPERLINK(\"https://exemple.com\")".into()));
    let out = csv(&plan, me.doc.annotations(), &[17], &paris);
    assert!(out.contains(";0;\"'=HYPERLINK(\"\"https://exemple.com\"\")\";"), "{out}");
}

// ---------------------------------------------------------------- movements

/// Baseline and current copies: 5 measures progressed (1, 2, 3, 4, 6), one
/// moved back (7), one got new notes only (8), and 9 did not move.
fn since_briefing() -> (Document, Document) {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 2, Change::Status(Status::EnCours));
    me.edit(&plan, 2, Change::Progress(20));
    me.edit(&plan, 3, Change::Status(Status::EnCours));
    me.edit(&plan, 4, Change::Status(Status::NonEngagee));
    me.edit(&plan, 7, Change::Status(Status::EnCours));
    me.edit(&plan, 8, Change::Status(Status::EnCours));
    me.edit(&plan, 9, Change::Status(Status::Realisee));
    me.edit(&plan, 9, Change::Notes("terminé".into()));
    let before = me.doc.clone();
    me.edit(&plan, 1, Change::Status(Status::EnCours));
    me.edit(&plan, 2, Change::Progress(50));
    me.edit(&plan, 3, Change::Status(Status::Realisee));
    me.edit(&plan, 4, Change::Status(Status::EnCours));
    me.edit(&plan, 6, Change::Progress(10));
    me.edit(&plan, 7, Change::Status(Status::EnDifficulte));
    me.edit(&plan, 8, Change::Notes("Réunion tenue le 12".into()));
    (before, me.doc)
}

fn moves(before: &Document, now: &Document) -> Vec<Movement> {
    movements(&plan(), &Reference::of(before, "avant.json"), now.annotations())
}

#[test]
fn summary_counts_progress_setbacks_and_new_notes() {
    let (before, now) = since_briefing();
    assert_eq!(
        movements_summary("01/10/2026", &moves(&before, &now)),
        "Depuis le 01/10/2026\u{a0}: 5 mesures ont progressé, 1 a reculé, 1 a de nouvelles notes"
    );
}

#[test]
fn each_movement_has_its_direction_and_unchanged_measures_are_absent() {
    let (before, now) = since_briefing();
    let directions: Vec<(u16, Direction)> =
        moves(&before, &now).iter().map(|m| (m.measure, m.direction)).collect();
    use Direction::*;
    assert_eq!(
        directions,
        [(1, Better), (2, Better), (3, Better), (4, Better), (6, Better), (7, Worse), (8, Same)]
    );
}

#[test]
fn a_movement_records_what_changed_from_what_to_what() {
    let (before, now) = since_briefing();
    let moves = moves(&before, &now);
    let of = |n: u16| moves.iter().find(|m| m.measure == n).unwrap();
    assert_eq!(
        of(7),
        &Movement {
            measure: 7,
            status: Some((Status::EnCours, Status::EnDifficulte)),
            progress: None,
            new_notes: false,
            direction: Direction::Worse,
        }
    );
    assert_eq!(of(2).progress, Some((20, 50)));
    assert_eq!((of(8).status, of(8).progress, of(8).new_notes), (None, None, true));
}

#[test]
fn no_change_since_the_baseline_says_so() {
    let (before, _) = since_briefing();
    let m = moves(&before, &before);
    assert!(m.is_empty());
    assert_eq!(movements_summary("01/10/2026", &m), "Depuis le 01/10/2026\u{a0}: aucun changement");
}

#[test]
fn summary_puts_the_noun_in_the_first_part_only() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 17, Change::Status(Status::EnCours));
    let before = me.doc.clone();
    me.edit(&plan, 17, Change::Status(Status::Abandonnee));
    me.edit(&plan, 20, Change::Notes("à relancer".into()));
    me.edit(&plan, 21, Change::Notes("compte rendu reçu".into()));
    assert_eq!(
        movements_summary("01/10/2026", &moves(&before, &me.doc)),
        "Depuis le 01/10/2026\u{a0}: 1 mesure a reculé, 2 ont de nouvelles notes"
    );
}

#[test]
fn changing_only_the_pilote_is_not_a_movement() {
    let plan = plan();
    let mut me = tab(1);
    let before = me.doc.clone();
    me.edit(&plan, 17, Change::Pilote("Ofast".into()));
    assert!(moves(&before, &me.doc).is_empty());
}

#[test]
fn measure_numbers_are_listed_in_order_with_et() {
    assert_eq!(french::list_numbers(&[12, 3, 7]), "3, 7 et 12");
    assert_eq!(french::list_numbers(&[3, 12]), "3 et 12");
    assert_eq!(french::list_numbers(&[5]), "5");
    assert_eq!(french::list_numbers(&[]), "");
}

// ---------------------------------------------------------------- fixtures

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What `valide.json` holds: an export by Claire Martin (Ofast).
fn valid_document() -> Document {
    let plan = plan();
    let mut t = Tab::new(&plan, 0xc1a1e, claire(), 1_780_000_000_000);
    t.edit(&plan, 1, Change::Status(Status::EnCours));
    t.now = 1_785_000_000_000;
    let done = t.edit(&plan, 1, Change::Status(Status::Realisee)).fields()[0].after[0].at;
    t.edit(&plan, 1, Change::Comment { on: done, text: "Décret publié".into() });
    t.edit(&plan, 1, Change::Progress(100));
    t.now = 1_786_000_000_000;
    t.edit(&plan, 17, Change::Status(Status::EnCours));
    t.edit(&plan, 17, Change::Progress(40));
    t.edit(&plan, 17, Change::Pilote("Ofast".into()));
    t.edit(&plan, 17, Change::Due(Some(date("2026-12-31"))));
    t.edit(&plan, 17, Change::Notes("Liste arrêtée en comité".into()));
    t.now = 1_788_000_000_000;
    t.edit(&plan, 42, Change::Status(Status::EnDifficulte));
    t.edit(&plan, 42, Change::Progress(20));
    let editor = t.editor();
    t.doc.set_author(claire(), &editor);
    t.doc.written_at = 1_790_000_000_000;
    t.doc
}

#[test]
fn the_valid_fixture_is_what_vigie_exports_and_imports() {
    let plan = plan();
    let bytes = fixture("valide.json");
    let expected = valid_document();
    assert_eq!(
        std::str::from_utf8(&bytes).unwrap().trim_end(),
        export_text(&expected, expected.written_at),
        "valide.json is out of date: regenerate it"
    );
    let doc = read_file(&bytes, &plan, NOW).expect("valide.json is importable").document;
    // What was exported came back (this browser's own tabs do not travel).
    assert_eq!(export_text(&doc, 0), export_text(&expected, 0));
    let a = doc.annotations();
    assert_eq!((a.status_of(1), a.get(1).unwrap().progress()), (Status::Realisee, 100));
    assert_eq!((a.status_of(17), a.get(17).unwrap().progress()), (Status::EnCours, 40));
    assert_eq!((a.status_of(42), a.get(42).unwrap().progress()), (Status::EnDifficulte, 20));
    assert_eq!(preview(&Document::empty(&plan), &doc, &plan).added, [1, 17, 42]);
}

#[test]
fn the_other_plan_fixture_is_what_vigie_exports_and_is_flagged() {
    let plan = plan();
    let bytes = fixture("autre-plan.json");
    assert_eq!(
        std::str::from_utf8(&bytes).unwrap().trim_end(),
        {
            let f = other_plan_file();
            export_text(&f, f.written_at)
        },
        "autre-plan.json is out of date: regenerate it"
    );
    let p =
        preview(&Document::empty(&plan), &read_file(&bytes, &plan, NOW).unwrap().document, &plan);
    assert!(p.other_plan);
    assert_eq!(p.still_matching, [12]);
}

#[test]
fn each_bad_fixture_is_refused_for_its_own_reason() {
    let plan = plan();
    let err = |name: &str| read_file(&fixture(name), &plan, NOW).expect_err(name);
    assert!(matches!(err("pas-du-json.json"), ImportError::Decode(DecodeError::NotJson { .. })));
    assert_eq!(err("pas-utf8.json"), ImportError::NotUtf8);
    assert_eq!(err("autre-format.json"), ImportError::Decode(DecodeError::WrongFormat));
    assert_eq!(err("schema-futur.json"), ImportError::Decode(DecodeError::NewerSchema(99)));
    assert!(err("valeurs-invalides.json")
        .to_string()
        .contains("annotations.17.changes.1.value\u{a0}: 140 n’est pas entre 0 et 100"));
}

#[test]
fn the_older_schema_fixtures_import() {
    let plan = plan();
    for (name, measures) in [("schema-1.json", vec![12, 30]), ("schema-2.json", vec![1, 17, 42])] {
        let decoded =
            read_file(&fixture(name), &plan, NOW).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(decoded.migrated_from.is_some());
        assert_eq!(
            preview(&Document::empty(&plan), &decoded.document, &plan).added,
            measures,
            "{name}"
        );
    }
}

#[test]
fn the_hand_written_fixtures_name_the_real_plan() {
    let plan = plan();
    for name in ["schema-futur.json", "valeurs-invalides.json", "schema-2.json"] {
        let value: serde_json::Value = serde_json::from_slice(&fixture(name)).unwrap();
        assert_eq!(value["plan_id"], plan.id.as_str(), "{name}");
        assert_eq!(value["plan_fingerprint"], plan.fingerprint.as_str(), "{name}");
    }
}

/// `VIGIE_REGENERATE=1 cargo test --test exchange regenerate -- --ignored`
/// rewrites the fixtures that are Vigie's own output, after a change to the
/// document format.
#[test]
#[ignore = "writes fixtures; run by hand after a format change"]
fn regenerate_fixtures() {
    if std::env::var("VIGIE_REGENERATE").is_err() {
        return;
    }
    let dir = format!("{}/tests/fixtures/import", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(format!("{dir}/valide.json"), encode(&valid_document(), true) + "\n").unwrap();
    std::fs::write(format!("{dir}/autre-plan.json"), encode(&other_plan_file(), true) + "\n")
        .unwrap();
}

#[test]
fn importing_only_some_measures_hides_nothing_in_the_others() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 2, Change::Status(Status::EnCours));
    me.edit(&plan, 7, Change::Status(Status::EnCours));
    // A colleague merged our export, then pressed "Remplacer" with a third file.
    let mut colleague = tab(2);
    colleague.doc.merge(&me.reread(&plan));
    let mut third = tab(3);
    third.edit(&plan, 7, Change::Status(Status::Realisee));
    let editor = colleague.editor();
    colleague.doc.replace_with(&third.reread(&plan), "Karim", &editor);
    let file = colleague.reread(&plan);
    let editor = me.editor();
    let shown = preview(&me.doc, &file, &plan);
    apply(
        &mut me.doc,
        &plan,
        &file,
        &ImportMode::OnlyMatching { measures: vec![7] },
        &shown,
        "x",
        &editor,
        &|_| 0,
    )
    .unwrap();
    assert_eq!(me.doc.annotations().status_of(2), Status::EnCours, "measure 2 was not imported");
    assert_eq!(me.doc.annotations().status_of(7), Status::Realisee);
    // The whole file later: the same replacement, now whole, reaches measure 2.
    let shown = preview(&me.doc, &file, &plan);
    assert_eq!(shown.hides.len(), 1, "the preview says a replacement would hide our measure 2");
    assert_eq!(shown.hides[0].measures, [(2, 1)]);
    apply(
        &mut me.doc,
        &plan,
        &file,
        &ImportMode::Merge { choices: Choices::default() },
        &shown,
        "x",
        &editor,
        &|_| 0,
    )
    .unwrap();
    assert_eq!(me.doc.annotations().status_of(2), Status::NonEvaluee);
}

#[test]
fn the_reference_is_kept_as_what_it_held_and_compares_the_same_after_a_reload() {
    let (before, now) = since_briefing();
    let reference = Reference::of(&before, "point-octobre.json");
    let stored = reference.encode();
    assert!(stored.len() < 2_000, "a snapshot, not the history: {} bytes", stored.len());
    let back = Reference::decode(&stored, &plan()).expect("reads back");
    assert_eq!(back, reference);
    assert_eq!(
        movements(&plan(), &back, now.annotations()),
        movements(&plan(), &reference, now.annotations())
    );
}

#[test]
fn a_stored_reference_with_an_invalid_value_is_no_reference() {
    let plan = plan();
    let ok = r#"[["fichier","a.json"],["ecrit","0"],["par","x"],["3","en_cours|20|"]]"#;
    assert!(Reference::decode(ok, &plan).is_some());
    for bad in [
        ok.replace("[\"3\"", "[\"99\""),
        ok.replace("|20|", "|200|"),
        ok.replace("en_cours", "peut-être"),
        "pas du json".to_owned(),
    ] {
        assert_eq!(Reference::decode(&bad, &plan), None, "{bad}");
    }
}

#[test]
fn a_measure_whose_status_and_progress_went_opposite_ways_says_which_went_which_way() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 13, Change::Status(Status::EnCours));
    let before = me.doc.clone();
    me.edit(&plan, 13, Change::Status(Status::EnDifficulte));
    me.edit(&plan, 13, Change::Progress(20));
    let m = moves(&before, &me.doc);
    assert_eq!(m[0].direction, Direction::Mixed);
    assert_eq!(
        vigie::core::wording::movement_text(&m[0]),
        "⇅ en sens contraires · statut en recul\u{a0}: En cours → En difficulté · \
         avancement en hausse\u{a0}: 0\u{a0}% → 20\u{a0}%"
    );
    assert_eq!(
        movements_summary("01/10/2026", &m),
        "Depuis le 01/10/2026\u{a0}: 1 mesure a évolué en sens contraires"
    );
}

#[test]
fn a_workbook_or_a_pdf_is_told_apart_from_a_spreadsheet_saved_as_csv() {
    use vigie::core::files::exchange::not_importable;
    let xlsx = not_importable("suivi.xlsx", b"PK\x03\x04rest").unwrap().to_string();
    assert!(xlsx.contains("enregistrez le tableur en CSV"), "{xlsx}");
    // By its bytes when the name says nothing.
    assert!(not_importable("suivi", b"PK\x03\x04").is_some());
    assert!(not_importable("vieux.xls", b"\xd0\xcf\x11\xe0").unwrap().to_string().contains("CSV"));
    let pdf = not_importable("compte-rendu.pdf", b"%PDF-1.7").unwrap().to_string();
    assert!(pdf.contains("PDF"), "{pdf}");
    assert_eq!(not_importable("suivi.csv", b"Numero;Statut"), None);
    assert_eq!(not_importable("export.json", b"{}"), None);
}

#[test]
fn keeping_both_notes_puts_each_text_under_its_author_and_date_in_one_note() {
    let doc = settle_skewed_conflict(|_| Pick::Both);
    let m = doc.annotation(8).unwrap();
    assert!(m.conflicts().is_empty());
    let notes = m.notes();
    // Oldest stamp first: ours was written at T0 + 10 min, theirs at T0 + 2 h.
    let (ours, theirs) =
        (notes.find("notre texte").unwrap(), notes.find("texte du collègue").unwrap());
    assert!(ours < theirs, "{notes}");
    let header = |who: &str| format!("{who}, le ");
    assert!(notes.starts_with(&header(&claire().display())), "{notes}");
    assert_eq!(notes.matches("\u{a0}:\n").count(), 2, "{notes}");
    assert!(notes.contains("\n\n"), "{notes}");
    // Nothing lost: both texts stay in the history as they were.
    for text in ["notre texte, écrit après", "texte du collègue"] {
        assert!(m.all_entries().any(|e| e.change == Change::Notes(text.into())), "{text}");
    }
}

#[test]
fn keeping_both_is_offered_for_notes_only_and_does_nothing_without_a_conflict() {
    let plan = plan();
    let mut me = tab(1);
    me.edit(&plan, 8, Change::Notes("seule".into()));
    let editor = me.editor();
    assert_eq!(me.doc.keep_both(&plan, 8, "Claire", &editor, &|_| 0), Ok(None));
}
