//! The French wording of changes.

use vigie::core::date::IsoDate;
use vigie::core::french;
use vigie::core::record::annotations::{Change, Entry, Field, Origin};
use vigie::core::record::stamp::Stamp;
use vigie::core::record::status::Status;
use vigie::core::wording::{describe, step_subject};

mod common;
use common::link;

fn entry(change: Change, origin: Origin) -> Entry {
    Entry { at: Stamp::default(), rev: 0, by: "Claire".into(), replaces: vec![], change, origin }
}

#[test]
fn counts_take_the_singular_below_two_and_a_no_break_space() {
    assert_eq!(french::plural(0, "mesure", "mesures"), "0\u{a0}mesure");
    assert_eq!(french::plural(1, "mesure", "mesures"), "1\u{a0}mesure");
    assert_eq!(french::plural(2, "mesure", "mesures"), "2\u{a0}mesures");
    assert_eq!(french::plural(12000, "mesure", "mesures"), "12\u{202f}000\u{a0}mesures");
}

#[test]
fn each_field_change_reads_as_old_to_new() {
    let d = |new: Change, old: Change| describe(&entry(new, Origin::Edit), Some(&old));
    assert_eq!(
        d(Change::Status(Status::EnCours), Change::Status(Status::NonEvaluee)),
        "Statut\u{a0}: Non évaluée → En cours"
    );
    assert_eq!(
        d(Change::Progress(40), Change::Progress(0)),
        "Avancement\u{a0}: 0\u{a0}% → 40\u{a0}%"
    );
    assert_eq!(
        d(Change::Pilote("Ofast".into()), Change::Pilote(String::new())),
        "Pilote\u{a0}: — → «\u{202f}Ofast\u{202f}»"
    );
    assert_eq!(
        d(Change::Due(IsoDate::parse("2026-12-31")), Change::Due(None)),
        "Échéance\u{a0}: — → 31/12/2026"
    );
    assert_eq!(d(Change::Notes("x".into()), Change::Notes(String::new())), "Notes ajoutées");
    assert_eq!(d(Change::Notes("y".into()), Change::Notes("x".into())), "Notes modifiées");
    assert_eq!(d(Change::Notes(String::new()), Change::Notes("x".into())), "Notes effacées");
    let cr = link("Compte rendu", "https://a.fr");
    assert_eq!(
        d(Change::Links(vec![cr.clone()]), Change::Links(vec![])),
        "Justificatif ajouté\u{a0}: «\u{202f}Compte rendu\u{202f}»"
    );
    assert_eq!(
        d(Change::Links(vec![]), Change::Links(vec![cr])),
        "Justificatif retiré\u{a0}: «\u{202f}Compte rendu\u{202f}»"
    );
}

#[test]
fn undos_returns_and_settled_conflicts_say_so() {
    let old = Change::Status(Status::Realisee);
    let new = Change::Status(Status::EnCours);
    assert_eq!(
        describe(&entry(new.clone(), Origin::Undo), Some(&old)),
        "Annulation — Statut\u{a0}: Réalisée → En cours"
    );
    assert_eq!(
        describe(&entry(new.clone(), Origin::Resolve), Some(&old)),
        "Conflit réglé — Statut\u{a0}: En cours"
    );
    assert_eq!(
        describe(&entry(Change::Notes("x".into()), Origin::Resolve), None),
        "Conflit réglé — Notes\u{a0}: texte gardé"
    );
    assert_eq!(
        describe(&entry(new, Origin::Edit), None),
        "Statut → En cours",
        "an unknown previous value is not invented"
    );
}

#[test]
fn what_an_undo_undid_is_named() {
    assert_eq!(step_subject(&[(31, Field::Status)]), "statut de la mesure 31");
    assert_eq!(
        step_subject(&[(8, Field::Status), (8, Field::Notes)]),
        "2\u{a0}changements de la mesure 8"
    );
    assert_eq!(
        step_subject(&[(3, Field::Status), (7, Field::Notes), (12, Field::Progress)]),
        "3\u{a0}changements (mesures 3, 7 et 12)"
    );
}

#[test]
fn errors_carry_their_data_and_are_said_once() {
    use vigie::core::files::exchange::{ImportError, ReadError, Unimportable};
    use vigie::core::files::persistence::StorageError;
    use vigie::core::record::annotations::EditError;
    use vigie::core::wording::{not_imported, reference_not_kept, Refusal};
    assert_eq!(
        not_imported("suivi.xlsx", &ReadError::Unimportable(Unimportable::Workbook))
            .split('\u{a0}')
            .next(),
        Some("«\u{202f}suivi.xlsx\u{202f}» n’a pas été importé")
    );
    assert!(not_imported("a.json", &ReadError::Import(ImportError::NotUtf8))
        .ends_with("ce n’est pas un export de Vigie. Vos annotations n’ont pas changé."));
    assert_eq!(
        reference_not_kept(StorageError::Full),
        "La référence n’a pas pu être gardée pour la prochaine visite\u{a0}: \
         l’espace de stockage du navigateur est plein."
    );
    assert_eq!(
        Refusal::Edit(EditError::TooManyLinks).to_string(),
        format!("Modification refusée\u{a0}: {}.", EditError::TooManyLinks)
    );
    assert_eq!(
        Refusal::Progress(" 140 ".into()).to_string(),
        "Avancement refusé\u{a0}: «\u{202f}140\u{202f}» n’est pas un nombre entre 0 et 100."
    );
}

#[test]
fn import_and_round_phrases_agree_with_their_counts() {
    use vigie::core::wording::{
        files_read, import_done, other_plan, replace_question, round_summary, Imported,
    };
    assert_eq!(
        import_done(Imported::Files(20), 12),
        "20\u{a0}fichiers ont été fusionnés avec vos annotations (12\u{a0}mesures). Le bouton \
         «\u{202f}Annuler\u{202f}» de l’en-tête revient en arrière, pour tous à la fois."
    );
    assert!(import_done(Imported::Merged("x.json"), 1).starts_with(
        "«\u{202f}x.json\u{202f}» a été fusionné avec vos annotations (1\u{a0}mesure)."
    ));
    assert_eq!(files_read(1, 20), "1\u{a0}fichier sur 20 lu");
    assert_eq!(files_read(12, 20), "12\u{a0}fichiers sur 20 lus");
    assert_eq!(
        round_summary(20, 1),
        "20\u{a0}fichiers lus\u{202f}; 1\u{a0}fichier apporte des changements."
    );
    assert_eq!(
        replace_question(1),
        "Remplacer vos 1\u{a0}mesure annotée par le contenu du fichier\u{202f}?"
    );
    assert!(other_plan(&[3, 7]).contains(
        "2\u{a0}mesures dont le texte n’a pas changé peuvent \
                                          être importées sans risque (3 et 7)."
    ));
    assert!(other_plan(&[3]).contains("peut être importée sans risque (3)."));
}

#[test]
fn sheet_and_history_phrases_agree_with_their_counts() {
    use vigie::core::wording::{
        damaged_versions, ignored_columns, replaced_changes, sheet_read, show_older, status_count,
        updated_of,
    };
    assert!(sheet_read(55, "point-virgule", "Windows-1252").starts_with(
        "Tableur\u{a0}: 55\u{a0}lignes lues (séparateur point-virgule, encodage Windows-1252)."
    ));
    assert!(sheet_read(1, "virgule", "UTF-8").starts_with("Tableur\u{a0}: 1\u{a0}ligne lue ("));
    assert!(damaged_versions(&[4, 9]).contains("illisible lignes 4, 9\u{a0}:"));
    assert_eq!(
        ignored_columns(&["Remarques du service".into()]),
        "Colonne ignorée\u{a0}: «\u{202f}Remarques du service\u{202f}»."
    );
    assert!(ignored_columns(&["A".into(), "B".into()]).starts_with("Colonnes ignorées"));
    assert_eq!(status_count(Status::NonEvaluee, 52), "52 non évaluées");
    assert_eq!(status_count(Status::EnCours, 2), "2 en cours");
    assert_eq!(status_count(Status::EnDifficulte, 3), "3 en difficulté");
    assert_eq!(status_count(Status::Realisee, 1), "1 réalisée");
    assert_eq!(updated_of(1, 1), "1 mesure sur 1 à jour");
    assert_eq!(updated_of(2, 5), "2 mesures sur 5 à jour");
    assert_eq!(
        show_older(10, 42),
        "Afficher 10\u{a0}changements plus anciens (42\u{a0}changements en tout)"
    );
    assert!(replaced_changes(1).starts_with("1\u{a0}changement antérieur remplacé par un import"));
    assert!(replaced_changes(2)
        .ends_with("conservés dans les exports, l’annulation de l’import les rétablit."));
}

#[test]
fn the_list_s_counts_agree_with_their_numbers() {
    use vigie::core::wording::{found_of, found_with_part_of_words, show_more};
    assert_eq!(show_more(100, 4_900), "Afficher 100\u{a0}mesures de plus (4\u{202f}900 restantes)");
    assert_eq!(show_more(1, 1), "Afficher 1\u{a0}mesure de plus (1 restante)");
    assert_eq!(found_of(8, 55), "8\u{a0}mesures sur 55");
    assert_eq!(found_of(1, 5_000), "1\u{a0}mesure sur 5\u{202f}000");
    assert_eq!(found_with_part_of_words(3, 55), "3\u{a0}mesures sur 55, avec une partie des mots");
}

#[test]
fn the_plan_s_summary_names_each_status_present_and_the_overdue() {
    use vigie::core::briefing::stats::Stats;
    use vigie::core::record::document::Document;
    use vigie::core::wording::{dashboard_lede, plan_summary};
    let plan = common::plan();
    let stats = Stats::compute(
        &plan,
        Document::empty(&plan).annotations(),
        IsoDate::parse("2026-12-05").unwrap(),
        0,
    );
    assert_eq!(
        plan_summary(&stats),
        "55\u{a0}mesures\u{a0}: 55 non évaluées\u{202f}; avancement moyen 0\u{a0}%\u{202f}; 0 en retard."
    );
    assert_eq!(
        dashboard_lede(&stats),
        "0\u{a0}mesure réalisée sur 55 (0\u{a0}%) · avancement moyen 0\u{a0}%"
    );
}
