//! Reading back Vigie's CSV export after a spreadsheet edited it
//! (`core::files::sheet`): separators, quotes, headers, every cell validated, and
//! the changes made by the importing author.

use vigie::core::date::IsoDate;
use vigie::core::files::sheet::{self, Encoding, SheetError};
use vigie::core::record::annotations::Change;
use vigie::core::record::status::Status;

mod common;
use common::{claire, date, plan, Tab};

const T0: i64 = 1_790_000_000_000;

fn paris(ms: i64) -> i32 {
    vigie::core::date::paris(ms)
}

/// The export of a tab where measure 3 is « En cours » at 40 %.
fn exported() -> (Tab, String) {
    let plan = plan();
    let mut t = Tab::new(&plan, 1, claire(), T0);
    t.edit(&plan, 3, Change::Status(Status::EnCours));
    t.edit(&plan, 3, Change::Progress(40));
    t.edit(&plan, 3, Change::Notes("=SOMME(A1) ; « notes »\nligne 2\n".into()));
    // Characters Windows-1252 cannot hold, and spaces an editor may drop.
    t.edit(&plan, 4, Change::Notes("Objectif ≥ 80 % → voir CR ✓".into()));
    t.edit(&plan, 4, Change::Pilote("Ofast ".into()));
    t.edit(&plan, 5, Change::Notes("Réunion le 3\n".into()));
    let all: Vec<u16> = plan.measures.iter().map(|m| m.number).collect();
    let csv = sheet::write(&plan, t.doc.annotations(), &all, &paris);
    (t, csv)
}

/// Replaces the cell of `column` on measure `n`'s row, as a person would
/// in a spreadsheet; the rest of the text is kept as written.
fn edit_cell(csv: &str, sep: char, n: u16, column: usize, value: &str) -> String {
    csv.split("\r\n")
        .map(|line| {
            let cells: Vec<&str> = line.split(sep).collect();
            if cells.first() == Some(&n.to_string().as_str()) {
                let mut cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
                cells[column] = value.to_owned();
                cells.join(&sep.to_string())
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[test]
fn an_untouched_export_reads_back_to_no_change() {
    let plan = plan();
    let (t, csv) = exported();
    let read = sheet::read(&csv, &plan).expect("its own export");
    assert_eq!(read.separator, ';');
    assert_eq!(read.rows.len(), 55);
    assert!(read.ignored.is_empty(), "the export's read-only columns are not « ignored »");
    let editor = vigie::core::record::document::Editor { replica: t.replica, now: T0 + 60_000 };
    let after = sheet::apply(&t.doc, &read, &plan, "Karim", &editor, Encoding::Utf8).unwrap();
    assert!(after == t.doc, "formula guard, quotes and line breaks round-trip");
}

#[test]
fn edited_cells_become_changes_by_the_importing_author() {
    let plan = plan();
    let (t, csv) = exported();
    // Status as an id, progress with a %, a French date, a pilote.
    let csv = edit_cell(&csv, ';', 7, 3, "en_cours");
    let csv = edit_cell(&csv, ';', 7, 4, "25 %");
    let csv = edit_cell(&csv, ';', 7, 5, "DGDDI");
    let csv = edit_cell(&csv, ';', 7, 6, "30/06/2027");
    let csv = edit_cell(&csv, ';', 3, 3, "réalisée");
    let read = sheet::read(&csv, &plan).unwrap();
    let editor = vigie::core::record::document::Editor { replica: t.replica, now: T0 + 60_000 };
    let after = sheet::apply(&t.doc, &read, &plan, "Karim Benali (DGDDI)", &editor, Encoding::Utf8)
        .unwrap();
    let m7 = after.annotation(7).unwrap();
    assert_eq!(m7.status(), Status::EnCours);
    assert_eq!(m7.progress(), 25);
    assert_eq!(m7.pilote(), "DGDDI");
    assert_eq!(m7.due(), Some(date("2027-06-30")));
    assert!(m7.all_entries().all(|e| e.by == "Karim Benali (DGDDI), importé depuis tableur"));
    let m3 = after.annotation(3).unwrap();
    assert_eq!(m3.status(), Status::Realisee);
    assert_eq!(m3.progress(), 40, "unchanged cells change nothing");
    assert_eq!(m3.len(), t.doc.annotation(3).unwrap().len() + 1);
}

#[test]
fn a_comma_separated_sheet_in_any_header_case_is_read_and_other_columns_are_listed() {
    let plan = plan();
    let text = "numero,STATUT,Avancement,Commentaire du chef\n\
                12,\"En difficulté\",\"10,0\",à voir\n\
                \n\
                13,Non engagée,0,\n";
    let read = sheet::read(text, &plan).unwrap();
    assert_eq!(read.separator, ',');
    assert_eq!(read.ignored, ["Commentaire du chef"]);
    assert_eq!(
        read.rows.iter().map(|r| (r.line, r.measure)).collect::<Vec<_>>(),
        [(2, 12), (4, 13)],
        "lines are counted as the file has them, blank ones included"
    );
    assert_eq!(
        changes(&read.rows[0]),
        [Change::Status(Status::EnDifficulte), Change::Progress(10)]
    );
}

fn changes(row: &sheet::Row) -> Vec<Change> {
    row.cells.iter().map(|c| c.change.clone()).collect()
}

fn refusal(name: &str) -> String {
    let bytes = std::fs::read(format!("tests/fixtures/sheet/{name}")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    sheet::read(&text, &plan()).expect_err(name).to_string()
}

#[test]
fn each_bad_sheet_is_refused_with_its_line_in_french() {
    assert!(refusal("sans-numero.csv").contains("pas de colonne «\u{202f}Numéro\u{202f}»"));
    assert!(refusal("pas-un-tableau.csv").contains("ce n’est pas un export CSV de Vigie"));
    assert_eq!(refusal("vide.csv"), "le fichier est vide");
    assert_eq!(
        refusal("mesure-inconnue.csv"),
        "ligne 3\u{a0}: la mesure «\u{202f}56\u{202f}» n’existe pas (le plan compte les mesures 1 à 55)"
    );
    let invalid = refusal("valeurs-invalides.csv");
    assert!(
        invalid.contains("ligne 2\u{a0}: avancement «\u{202f}140\u{202f}» hors de 0 à 100"),
        "{invalid}"
    );
    assert!(
        invalid.contains("ligne 2\u{a0}: échéance «\u{202f}31/02/2027\u{202f}» illisible"),
        "{invalid}"
    );
    assert!(
        invalid.contains("ligne 3\u{a0}: statut «\u{202f}Presque fini\u{202f}» inconnu"),
        "{invalid}"
    );
    assert_eq!(
        refusal("guillemet-ouvert.csv"),
        "ligne 2\u{a0}: un guillemet ouvert n’est jamais refermé"
    );
    assert_eq!(refusal("mesure-en-double.csv"), "ligne 3\u{a0}: la mesure 3 figure déjà ligne 2");
}

#[test]
fn many_bad_cells_are_counted_beyond_those_listed() {
    let mut text = String::from("Numéro;Avancement (%)\n");
    for n in 1..=20 {
        text.push_str(&format!("{n};200\n"));
    }
    match sheet::read(&text, &plan()) {
        Err(SheetError::Cells { listed, more }) => {
            assert_eq!(listed.len(), sheet::MAX_LISTED);
            assert_eq!(more, 20 - sheet::MAX_LISTED);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn dates_are_french_or_iso_and_real() {
    let plan = plan();
    let read = |cell: &str| {
        sheet::read(&format!("Numéro;Échéance\n1;{cell}\n"), &plan).map(|s| changes(&s.rows[0]))
    };
    assert_eq!(read("3/6/2027").unwrap(), [Change::Due(IsoDate::parse("2027-06-03"))]);
    assert_eq!(read("2027-06-03").unwrap(), [Change::Due(IsoDate::parse("2027-06-03"))]);
    assert_eq!(read("").unwrap(), [Change::Due(None)]);
    assert!(read("29/02/2027").is_err());
    assert!(read("06/03/27").is_err());
}

#[test]
fn what_a_spreadsheet_could_not_keep_is_not_a_change() {
    let plan = plan();
    let (t, csv) = exported();
    let editor = vigie::core::record::document::Editor { replica: t.replica, now: T0 + 60_000 };
    // Excel saving in Windows-1252 writes « ? » for « ≥ », « → », « ✓ »,
    // and trims the ends of cells: measure 4's notes and pilote come back so.
    let saved = edit_cell(&csv, ';', 4, 8, "Objectif ? 80 % ? voir CR ?");
    let saved = edit_cell(&saved, ';', 4, 5, "Ofast");
    let saved = edit_cell(&saved, ';', 5, 8, "Réunion le 3");
    let read = sheet::read(&saved, &plan).unwrap();
    let after =
        sheet::apply(&t.doc, &read, &plan, "Karim", &editor, Encoding::Windows1252).unwrap();
    assert!(after == t.doc, "nothing typed, nothing changed, nothing lost");
    // Read as UTF-8, the same « ? » would be somebody's edit.
    let after = sheet::apply(&t.doc, &read, &plan, "Karim", &editor, Encoding::Utf8).unwrap();
    assert_eq!(after.annotation(4).unwrap().notes(), "Objectif ? 80 % ? voir CR ?");
    // A real edit of such a cell is taken, as typed in the spreadsheet.
    let edited = edit_cell(&csv, ';', 4, 8, "Objectif atteint");
    let read = sheet::read(&edited, &plan).unwrap();
    let after =
        sheet::apply(&t.doc, &read, &plan, "Karim", &editor, Encoding::Windows1252).unwrap();
    assert_eq!(after.annotation(4).unwrap().notes(), "Objectif atteint");
}

#[test]
fn a_row_without_a_number_says_so() {
    let err = sheet::read("Numéro;Statut\n;En cours\n", &plan()).unwrap_err();
    assert_eq!(err.to_string(), "ligne 2\u{a0}: le numéro de mesure manque");
}
