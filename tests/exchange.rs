//! Exchanging annotations on the real plan: reading an imported file (and
//! every way it can be refused), the preview of an import, the CSV export for
//! spreadsheets, the comparison with an earlier export, and the fixtures the
//! end-to-end tests import. One rule per test.

use vigie::core::annotations::{text_fingerprint, Annotations, Author, Edit};
use vigie::core::document::{DecodeError, Document, Problem};
use vigie::core::exchange::{
    csv, list_numbers, movements, only_matching, preview, read_file, summary, Direction, ImportError, Movement,
    MAX_IMPORT_BYTES,
};
use vigie::core::plan::Plan;
use vigie::core::status::Status;

mod common;
use common::{date, karim, link, plan};

fn claire() -> Author {
    Author { name: "Claire Martin".into(), service: "Ofast".into() }
}

/// Applies an edit that must be accepted and must change something.
fn edit(a: &mut Annotations, plan: &Plan, n: u16, e: Edit, now: i64) {
    a.apply(plan, n, e, now, &claire(), "").expect("edit accepted").expect("edit changes something");
}

/// A file's document around the given annotations, made against the real plan.
fn file_of(annotations: &Annotations) -> Document {
    Document {
        written_at: 1_790_000_000_000,
        author: karim(),
        annotations: annotations.clone(),
        ..Document::empty(&plan())
    }
}

/// A schema-2 file made against the real plan, around the given `annotations` object.
fn file_with(annotations: &str) -> String {
    let plan = plan();
    format!(
        r#"{{"format":"vigie-annotations","schema":2,"plan_id":"{}","plan_fingerprint":"{}","written_at":1790000000000,"author":{{"name":"Claire Martin","service":"Ofast"}},"annotations":{annotations}}}"#,
        plan.id, plan.fingerprint
    )
}

/// The problems of an imported file refused for invalid values.
fn invalid(bytes: &[u8]) -> Vec<Problem> {
    match read_file(bytes, &plan()) {
        Err(ImportError::Decode(DecodeError::Invalid(problems))) => problems,
        other => panic!("expected Decode(Invalid), got {other:?}"),
    }
}

fn sorted_paths(problems: &[Problem]) -> Vec<&str> {
    let mut paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    paths.sort();
    paths
}

// ---------------------------------------------------------------- read_file

#[test]
fn a_file_over_5_mo_is_refused_before_being_read() {
    let bytes = vec![b' '; 5 * 1024 * 1024 + 1];
    let err = read_file(&bytes, &plan()).unwrap_err();
    assert_eq!(err, ImportError::TooLarge(5 * 1024 * 1024 + 1));
    assert!(err.to_string().contains("5 Mo"), "{err}");
    assert!(err.to_string().contains("ce n’est pas un export de Vigie"), "{err}");
}

#[test]
fn a_file_of_exactly_5_mo_is_read() {
    let bytes = vec![b' '; MAX_IMPORT_BYTES];
    let err = read_file(&bytes, &plan()).unwrap_err();
    assert!(matches!(err, ImportError::Decode(DecodeError::NotJson(_))), "read, then refused as JSON: {err:?}");
}

#[test]
fn the_size_of_a_file_too_large_is_written_with_a_decimal_comma() {
    let bytes = vec![b' '; 7 * 1024 * 1024 + 512 * 1024];
    let err = read_file(&bytes, &plan()).unwrap_err();
    assert!(err.to_string().starts_with("le fichier pèse 7,5 Mo"), "{err}");
}

#[test]
fn bytes_that_are_not_utf8_are_refused_as_such() {
    let err = read_file(&[0xff, 0xfe, 0x00], &plan()).unwrap_err();
    assert_eq!(err, ImportError::NotUtf8);
    assert!(err.to_string().contains("UTF-8"), "{err}");
}

#[test]
fn a_utf8_byte_order_mark_before_the_json_is_accepted() {
    let raw = file_with(r#"{"17":{"status":"en_cours","progress":40}}"#);
    let with_bom = format!("\u{feff}{raw}");
    let decoded = read_file(with_bom.as_bytes(), &plan()).expect("a BOM is not an error");
    assert_eq!(decoded.document, read_file(raw.as_bytes(), &plan()).unwrap().document);
    assert_eq!(decoded.document.annotations.status_of(17), Status::EnCours);
}

#[test]
fn text_that_is_not_json_is_refused_as_such() {
    let err = read_file("Compte rendu du comité : la mesure 17 avance.".as_bytes(), &plan()).unwrap_err();
    assert!(matches!(err, ImportError::Decode(DecodeError::NotJson(_))), "{err:?}");
    assert!(err.to_string().starts_with("ce n’est pas du JSON valide"), "{err}");
}

#[test]
fn json_of_another_application_is_the_wrong_format() {
    let err = read_file(br#"{"type":"FeatureCollection","features":[]}"#, &plan()).unwrap_err();
    assert_eq!(err, ImportError::Decode(DecodeError::WrongFormat));
    assert!(err.to_string().contains("pas un fichier d’annotations Vigie"), "{err}");
}

#[test]
fn a_newer_schema_is_refused_with_its_number() {
    let err = read_file(br#"{"format":"vigie-annotations","schema":99,"annotations":{}}"#, &plan()).unwrap_err();
    assert_eq!(err, ImportError::Decode(DecodeError::NewerSchema(99)));
    assert!(err.to_string().contains("schéma 99"), "{err}");
    assert!(err.to_string().contains("mettez Vigie à jour"), "{err}");
}

#[test]
fn progress_out_of_range_is_refused_with_its_path() {
    let raw = file_with(r#"{"17":{"status":"en_cours","progress":140}}"#);
    let p = invalid(raw.as_bytes());
    assert_eq!(sorted_paths(&p), ["annotations.17.progress"]);
    let err = read_file(raw.as_bytes(), &plan()).unwrap_err();
    assert!(err.to_string().contains("annotations.17.progress : 140 n’est pas entre 0 et 100"), "{err}");
}

#[test]
fn an_unknown_status_is_refused_with_its_path() {
    let p = invalid(file_with(r#"{"3":{"status":"termine"}}"#).as_bytes());
    assert_eq!(sorted_paths(&p), ["annotations.3.status"]);
    assert!(p[0].message.contains("« termine »"), "{}", p[0]);
}

#[test]
fn an_impossible_due_date_is_refused_with_its_path() {
    let p = invalid(file_with(r#"{"5":{"status":"en_cours","due":"2026-02-30"}}"#).as_bytes());
    assert_eq!(sorted_paths(&p), ["annotations.5.due"]);
    assert!(p[0].message.contains("2026-02-30"), "{}", p[0]);
}

#[test]
fn a_measure_the_plan_lacks_is_refused_with_its_path() {
    let p = invalid(file_with(r#"{"99":{"status":"en_cours"}}"#).as_bytes());
    assert_eq!(sorted_paths(&p), ["annotations.99"]);
    assert!(p[0].message.contains("1 à 55"), "{}", p[0]);
}

#[test]
fn one_bad_value_refuses_the_whole_file() {
    let raw = file_with(r#"{"8":{"status":"en_cours","progress":20},"17":{"progress":140}}"#);
    let p = invalid(raw.as_bytes());
    assert_eq!(sorted_paths(&p), ["annotations.17.progress"], "measure 8 is valid but not imported alone");
}

// ---------------------------------------------------------------- round trip

fn rich_document() -> Document {
    let plan = plan();
    let mut a = Annotations::default();
    let who = claire();
    a.apply(&plan, 17, Edit::Status(Status::EnCours), 1_789_000_000_000, &who, "lancement").unwrap();
    a.apply(&plan, 17, Edit::Progress(45), 1_789_000_100_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::Pilote("Ofast \"pôle cibles\" – l’équipe".into()), 1_789_000_200_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::Due(Some(date("2026-12-31"))), 1_789_000_300_000, &who, "").unwrap();
    let notes = "<script>alert(\"x\")</script>\n« Liste arrêtée » en comité ; \"à suivre\"\r\n\tfin \\ 🚔";
    a.apply(&plan, 17, Edit::Notes(notes.into()), 1_789_000_400_000, &who, "").unwrap();
    a.apply(
        &plan,
        17,
        Edit::AddLink(link("Circulaire <b>2019</b>", "https://www.legifrance.gouv.fr/x?a=1&b=\"2\"")),
        1_789_000_500_000,
        &who,
        "",
    )
    .unwrap();
    a.apply(&plan, 42, Edit::Status(Status::EnCours), 1_789_000_600_000, &karim(), "relance").unwrap();
    a.apply(&plan, 42, Edit::Status(Status::EnDifficulte), 1_789_000_700_000, &karim(), "blocage budgétaire").unwrap();
    a.apply(&plan, 42, Edit::Progress(20), 1_789_000_800_000, &karim(), "").unwrap();
    a.apply(&plan, 1, Edit::Notes("seulement des notes".into()), 1_789_000_900_000, &who, "").unwrap();
    Document { written_at: 1_790_000_000_000, author: who, annotations: a, ..Document::empty(&plan) }
}

#[test]
fn an_export_reimports_as_the_same_document() {
    let doc = rich_document();
    let decoded = read_file(doc.encode(true).as_bytes(), &plan()).expect("an export is importable");
    assert_eq!(decoded.document, doc);
    assert_eq!(decoded.migrated_from, None);
    assert!(decoded.dropped.is_empty());
}

// ---------------------------------------------------------------- preview

/// A shared starting point: measure 17 en cours since t = 1 000.
fn base() -> Annotations {
    let mut a = Annotations::default();
    edit(&mut a, &plan(), 17, Edit::Status(Status::EnCours), 1_000);
    a
}

#[test]
fn into_empty_annotations_everything_is_added() {
    let plan = plan();
    let file = rich_document();
    let p = preview(&Annotations::default(), &file, &plan);
    assert_eq!(p.added, [1, 17, 42]);
    assert!(p.changed.is_empty(), "{p:?}");
    assert!(p.unchanged.is_empty(), "{p:?}");
    assert!(p.conflicts.is_empty(), "{p:?}");
    assert!(!p.other_plan);
}

#[test]
fn the_same_file_again_is_unchanged_and_merging_it_again_changes_nothing() {
    let plan = plan();
    let file = rich_document();
    let mut ours = Annotations::default();
    ours.merge(&file.annotations);

    let p = preview(&ours, &file, &plan);
    assert_eq!(p.unchanged, [1, 17, 42]);
    assert!(p.added.is_empty() && p.changed.is_empty() && p.conflicts.is_empty(), "{p:?}");

    let before = ours.clone();
    ours.merge(&file.annotations);
    assert_eq!(ours, before);
}

#[test]
fn a_measure_newer_in_the_file_is_changed() {
    let plan = plan();
    let ours = base();
    let mut theirs = base();
    edit(&mut theirs, &plan, 17, Edit::Progress(60), 2_000);
    let p = preview(&ours, &file_of(&theirs), &plan);
    assert_eq!(p.changed, [17]);
    assert!(p.unchanged.is_empty() && p.added.is_empty() && p.conflicts.is_empty(), "{p:?}");
}

#[test]
fn a_measure_newer_here_is_unchanged() {
    let plan = plan();
    let mut ours = base();
    let theirs = base();
    edit(&mut ours, &plan, 17, Edit::Progress(60), 2_000);
    let p = preview(&ours, &file_of(&theirs), &plan);
    assert_eq!(p.unchanged, [17]);
    assert!(p.changed.is_empty() && p.added.is_empty() && p.conflicts.is_empty(), "{p:?}");
}

#[test]
fn a_measure_changed_on_both_sides_since_they_last_agreed_is_a_conflict() {
    let plan = plan();
    let mut ours = base();
    let mut theirs = base();
    edit(&mut ours, &plan, 17, Edit::Notes("de notre côté".into()), 2_000);
    edit(&mut theirs, &plan, 17, Edit::Status(Status::EnDifficulte), 3_000);
    let p = preview(&ours, &file_of(&theirs), &plan);
    assert_eq!(p.conflicts, [17]);
    assert_eq!(p.changed, [17], "the file's later version is still what a merge takes");
}

/// A colleague's copy of a measure with notes only (no history), imported
/// earlier, then edited by them: only their side changed since.
#[test]
fn a_measure_changed_in_the_file_only_is_not_a_conflict_even_without_history() {
    let plan = plan();
    let mut theirs = Annotations::default();
    edit(&mut theirs, &plan, 9, Edit::Notes("réunion prévue".into()), 1_000);
    let ours = theirs.clone();
    edit(&mut theirs, &plan, 9, Edit::Notes("réunion tenue le 12".into()), 2_000);
    let p = preview(&ours, &file_of(&theirs), &plan);
    assert_eq!(p.changed, [9]);
    assert!(p.conflicts.is_empty(), "{p:?}");
}

/// A file made against another wording of the plan: measure 12 still has
/// the text it was annotated on, measure 13 does not.
fn other_plan_file() -> Document {
    let plan = plan();
    let mut a = Annotations::default();
    a.apply(&plan, 12, Edit::Status(Status::EnCours), 1_789_000_000_000, &claire(), "").unwrap();
    a.apply(&plan, 12, Edit::Progress(30), 1_789_000_100_000, &claire(), "").unwrap();
    a.apply(&plan, 13, Edit::Status(Status::Realisee), 1_789_000_200_000, &claire(), "").unwrap();
    a.0.get_mut(&13).unwrap().text_fingerprint = "ffffffffffffffff".into();
    Document {
        plan_fingerprint: "fnv1a64:0000000000000000".into(),
        written_at: 1_790_000_000_000,
        author: claire(),
        annotations: a,
        ..Document::empty(&plan)
    }
}

#[test]
fn a_file_made_against_another_plan_is_flagged_with_the_measures_that_still_match() {
    let plan = plan();
    let file = other_plan_file();
    assert_eq!(file.annotations.get(12).unwrap().text_fingerprint, text_fingerprint(&plan.measure(12).unwrap().text));
    let p = preview(&Annotations::default(), &file, &plan);
    assert!(p.other_plan);
    assert_eq!(p.still_matching, [12]);
    assert_eq!(p.added, [12, 13]);
}

#[test]
fn only_matching_keeps_exactly_the_measures_whose_text_is_unchanged() {
    let plan = plan();
    let file = other_plan_file();
    let kept = only_matching(&file.annotations, &plan);
    assert_eq!(kept.0.keys().copied().collect::<Vec<u16>>(), [12]);
    assert_eq!(kept.get(12), file.annotations.get(12));
}

// ---------------------------------------------------------------- csv

const HEADER: &str = "Numéro;Objectif;Titre court;Statut;Avancement (%);Pilote;Échéance;Dernière mise à jour;Notes\r\n";

/// 2026-11-27T13:05:00Z, 14 h 05 in Paris.
const NOV_27: i64 = 1_795_784_700_000;

#[test]
fn csv_starts_with_a_byte_order_mark_and_the_french_header() {
    let out = csv(&plan(), &Annotations::default(), &[], 60);
    assert!(out.starts_with('\u{feff}'));
    assert_eq!(out, format!("\u{feff}{HEADER}"));
}

#[test]
fn csv_has_one_row_per_requested_measure_in_the_requested_order() {
    let plan = plan();
    let out = csv(&plan, &Annotations::default(), &[42, 3, 17], 60);
    let body = out.strip_prefix('\u{feff}').unwrap().strip_prefix(HEADER).expect("header first");
    let rows: Vec<&str> = body.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    let numbers: Vec<&str> = rows.iter().map(|r| r.split(';').next().unwrap()).collect();
    assert_eq!(numbers, ["42", "3", "17"]);
}

#[test]
fn csv_row_gives_the_french_status_label_and_the_due_date_as_jj_mm_aaaa() {
    let plan = plan();
    let mut a = Annotations::default();
    edit(&mut a, &plan, 17, Edit::Status(Status::EnCours), NOV_27 - 3_000);
    edit(&mut a, &plan, 17, Edit::Progress(40), NOV_27 - 2_000);
    edit(&mut a, &plan, 17, Edit::Pilote("Ofast".into()), NOV_27 - 1_000);
    edit(&mut a, &plan, 17, Edit::Due(Some(date("2026-12-31"))), NOV_27);
    let out = csv(&plan, &a, &[17], 60);
    let m = plan.measure(17).unwrap();
    let row = format!("17;{};{};En cours;40;Ofast;31/12/2026;27/11/2026 à 14 h 05;\r\n", m.objective, m.short_title);
    assert_eq!(out, format!("\u{feff}{HEADER}{row}"));
}

#[test]
fn csv_quotes_a_note_with_separator_quotes_and_newline_doubling_the_quotes() {
    let plan = plan();
    let mut a = Annotations::default();
    edit(&mut a, &plan, 17, Edit::Notes("Point 1 ; voir \"annexe B\"\nsuite".into()), NOV_27);
    let out = csv(&plan, &a, &[17], 60);
    assert!(out.ends_with(";\"Point 1 ; voir \"\"annexe B\"\"\nsuite\"\r\n"), "{out}");
}

#[test]
fn csv_neutralises_a_formula_with_a_leading_apostrophe() {
    let plan = plan();
    let mut a = Annotations::default();
    edit(&mut a, &plan, 17, Edit::Pilote("=HYPERLINK(\"https://exemple.com\")".into()), NOV_27);
    let out = csv(&plan, &a, &[17], 60);
    assert!(out.contains(";0;\"'=HYPERLINK(\"\"https://exemple.com\"\")\";"), "{out}");
    assert!(!out.contains(";=HYPERLINK"), "{out}");
}

// ---------------------------------------------------------------- movements

/// Baseline and current copies: 5 measures progressed (1, 2, 3, 4, 6), one
/// moved back (7), one got new notes only (8), and 9 did not move.
fn since_briefing() -> (Annotations, Annotations) {
    let plan = plan();
    let mut before = Annotations::default();
    edit(&mut before, &plan, 2, Edit::Status(Status::EnCours), 1_000);
    edit(&mut before, &plan, 2, Edit::Progress(20), 1_100);
    edit(&mut before, &plan, 3, Edit::Status(Status::EnCours), 1_200);
    edit(&mut before, &plan, 4, Edit::Status(Status::NonEngagee), 1_300);
    edit(&mut before, &plan, 7, Edit::Status(Status::EnCours), 1_400);
    edit(&mut before, &plan, 8, Edit::Status(Status::EnCours), 1_500);
    edit(&mut before, &plan, 9, Edit::Status(Status::Realisee), 1_600);
    edit(&mut before, &plan, 9, Edit::Notes("terminé".into()), 1_700);

    let mut now = before.clone();
    edit(&mut now, &plan, 1, Edit::Status(Status::EnCours), 2_000);
    edit(&mut now, &plan, 2, Edit::Progress(50), 2_100);
    edit(&mut now, &plan, 3, Edit::Status(Status::Realisee), 2_200);
    edit(&mut now, &plan, 4, Edit::Status(Status::EnCours), 2_300);
    edit(&mut now, &plan, 6, Edit::Progress(10), 2_400);
    edit(&mut now, &plan, 7, Edit::Status(Status::EnDifficulte), 2_500);
    edit(&mut now, &plan, 8, Edit::Notes("Réunion tenue le 12".into()), 2_600);
    (before, now)
}

#[test]
fn summary_counts_progress_setbacks_and_new_notes() {
    let (before, now) = since_briefing();
    let moves = movements(&plan(), &before, &now);
    assert_eq!(
        summary("01/10/2026", &moves),
        "Depuis le 01/10/2026 : 5 mesures ont progressé, 1 a reculé, 1 a de nouvelles notes"
    );
}

#[test]
fn each_movement_has_its_direction_and_unchanged_measures_are_absent() {
    let (before, now) = since_briefing();
    let moves = movements(&plan(), &before, &now);
    let directions: Vec<(u16, Direction)> = moves.iter().map(|m| (m.measure, m.direction)).collect();
    use Direction::*;
    assert_eq!(directions, [(1, Better), (2, Better), (3, Better), (4, Better), (6, Better), (7, Worse), (8, Same)]);
}

#[test]
fn a_movement_records_what_changed_from_what_to_what() {
    let (before, now) = since_briefing();
    let moves = movements(&plan(), &before, &now);
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
    assert_eq!(of(2).status, None);
    assert_eq!((of(8).status, of(8).progress, of(8).new_notes), (None, None, true));
}

#[test]
fn summary_of_a_single_progress_uses_the_singular() {
    let plan = plan();
    let before = base();
    let mut now = before.clone();
    edit(&mut now, &plan, 17, Edit::Progress(30), 2_000);
    assert_eq!(summary("01/10/2026", &movements(&plan, &before, &now)), "Depuis le 01/10/2026 : 1 mesure a progressé");
}

#[test]
fn summary_puts_the_noun_in_the_first_part_only() {
    let plan = plan();
    let before = base();
    let mut now = before.clone();
    edit(&mut now, &plan, 17, Edit::Status(Status::Abandonnee), 2_000);
    edit(&mut now, &plan, 20, Edit::Notes("à relancer".into()), 2_100);
    edit(&mut now, &plan, 21, Edit::Notes("compte rendu reçu".into()), 2_200);
    assert_eq!(
        summary("01/10/2026", &movements(&plan, &before, &now)),
        "Depuis le 01/10/2026 : 1 mesure a reculé, 2 ont de nouvelles notes"
    );
}

#[test]
fn no_change_since_the_baseline_says_so() {
    let plan = plan();
    let (before, _) = since_briefing();
    let moves = movements(&plan, &before, &before);
    assert!(moves.is_empty(), "{moves:?}");
    assert_eq!(summary("01/10/2026", &moves), "Depuis le 01/10/2026 : aucun changement");
}

#[test]
fn changing_only_the_pilote_is_not_a_movement() {
    let plan = plan();
    let before = base();
    let mut now = before.clone();
    edit(&mut now, &plan, 17, Edit::Pilote("Ofast".into()), 2_000);
    assert!(movements(&plan, &before, &now).is_empty());
}

#[test]
fn a_status_change_without_notes_is_never_summarised_as_new_notes() {
    let plan = plan();
    let before = Annotations::default();
    let mut now = before.clone();
    edit(&mut now, &plan, 17, Edit::Status(Status::NonEngagee), 2_000);
    let moves = movements(&plan, &before, &now);
    assert_eq!(moves.len(), 1);
    assert!(!moves[0].new_notes);
    let text = summary("01/10/2026", &moves);
    assert!(!text.contains("nouvelles notes"), "{text}");
}

#[test]
fn measure_numbers_are_listed_in_order_with_et() {
    assert_eq!(list_numbers(&[12, 3, 7]), "3, 7 et 12");
    assert_eq!(list_numbers(&[3, 12]), "3 et 12");
    assert_eq!(list_numbers(&[5]), "5");
    assert_eq!(list_numbers(&[]), "");
}

// ---------------------------------------------------------------- fixtures

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What `valide.json` holds: an export by Claire Martin (Ofast).
fn valid_document() -> Document {
    let plan = plan();
    let who = claire();
    let mut a = Annotations::default();
    a.apply(&plan, 1, Edit::Status(Status::EnCours), 1_780_000_000_000, &who, "").unwrap();
    a.apply(&plan, 1, Edit::Status(Status::Realisee), 1_785_000_000_000, &who, "Décret publié").unwrap();
    a.apply(&plan, 1, Edit::Progress(100), 1_785_000_060_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::Status(Status::EnCours), 1_786_000_000_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::Progress(40), 1_786_000_060_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::Pilote("Ofast".into()), 1_786_000_120_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::Due(Some(date("2026-12-31"))), 1_786_000_180_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::Notes("Liste arrêtée en comité".into()), 1_786_000_240_000, &who, "").unwrap();
    a.apply(&plan, 42, Edit::Status(Status::EnDifficulte), 1_788_000_000_000, &who, "").unwrap();
    a.apply(&plan, 42, Edit::Progress(20), 1_788_000_060_000, &who, "").unwrap();
    Document { written_at: 1_790_000_000_000, author: who, annotations: a, ..Document::empty(&plan) }
}

#[test]
fn the_valid_fixture_is_what_vigie_exports_and_imports() {
    let bytes = fixture("valide.json");
    let expected = valid_document();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert_eq!(text.trim_end(), expected.encode(true), "valide.json is out of date: write this text in it");
    let decoded = read_file(&bytes, &plan()).expect("valide.json is importable");
    assert_eq!(decoded.document, expected);
    let a = &decoded.document.annotations;
    assert_eq!((a.status_of(1), a.get(1).unwrap().progress), (Status::Realisee, 100));
    assert_eq!((a.status_of(17), a.get(17).unwrap().progress), (Status::EnCours, 40));
    assert_eq!((a.status_of(42), a.get(42).unwrap().progress), (Status::EnDifficulte, 20));
    assert_eq!(preview(&Annotations::default(), &decoded.document, &plan()).added, [1, 17, 42]);
}

#[test]
fn the_other_plan_fixture_imports_and_is_flagged() {
    let plan = plan();
    let bytes = fixture("autre-plan.json");
    let text = std::str::from_utf8(&bytes).unwrap();
    assert_eq!(
        text.trim_end(),
        other_plan_file().encode(true),
        "autre-plan.json is out of date: write this text in it"
    );
    let decoded = read_file(&bytes, &plan).expect("autre-plan.json is importable");
    let p = preview(&Annotations::default(), &decoded.document, &plan);
    assert!(p.other_plan);
    assert_eq!(p.still_matching, [12]);
}

#[test]
fn each_bad_fixture_is_refused_for_its_own_reason() {
    let plan = plan();
    let err = |name: &str| read_file(&fixture(name), &plan).expect_err(name);
    assert!(matches!(err("pas-du-json.json"), ImportError::Decode(DecodeError::NotJson(_))));
    assert_eq!(err("pas-utf8.json"), ImportError::NotUtf8);
    assert_eq!(err("autre-format.json"), ImportError::Decode(DecodeError::WrongFormat));
    assert_eq!(err("schema-futur.json"), ImportError::Decode(DecodeError::NewerSchema(99)));
    let ImportError::Decode(DecodeError::Invalid(p)) = err("valeurs-invalides.json") else { panic!() };
    assert_eq!(
        sorted_paths(&p),
        ["annotations.17.progress", "annotations.3.status", "annotations.5.due", "annotations.99"]
    );
}

#[test]
fn the_invalid_values_fixture_names_the_progress_of_measure_17() {
    let err = read_file(&fixture("valeurs-invalides.json"), &plan()).unwrap_err();
    assert!(err.to_string().contains("annotations.17.progress : 140 n’est pas entre 0 et 100"), "{err}");
}

#[test]
fn the_hand_written_fixtures_name_the_real_plan() {
    let plan = plan();
    for name in ["schema-futur.json", "valeurs-invalides.json"] {
        let value: serde_json::Value = serde_json::from_slice(&fixture(name)).unwrap();
        assert_eq!(value["plan_id"], plan.id.as_str(), "{name}");
        assert_eq!(value["plan_fingerprint"], plan.fingerprint.as_str(), "{name}");
    }
}

/// `VIGIE_REGENERATE=1 cargo test --test exchange regenerate -- --ignored`
/// rewrites the two fixtures that are Vigie's own output, after a change
/// to the document format.
#[test]
#[ignore = "writes fixtures; run by hand after a format change"]
fn regenerate_fixtures() {
    if std::env::var("VIGIE_REGENERATE").is_err() {
        return;
    }
    let dir = format!("{}/tests/fixtures/import", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(format!("{dir}/valide.json"), valid_document().encode(true) + "\n").unwrap();
    std::fs::write(format!("{dir}/autre-plan.json"), other_plan_file().encode(true) + "\n").unwrap();
}
