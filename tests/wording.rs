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
