//! Annotations on the real plan: edits and their history, undo, the merge of
//! two copies, the stored document (encode, decode, errors, migration) and
//! what start-up and another tab's copy do with it. One rule per test.

use vigie::core::annotations::{Annotation, Annotations, Author, Change, Edit, EditError, HistoryEntry};
use vigie::core::document::{decode, migrate_v1, DecodeError, Document, Problem, Strictness};
use vigie::core::persistence::{fold_in, startup, StartupNotice};
use vigie::core::plan::Plan;
use vigie::core::status::Status;

mod common;
use common::{date, karim, link, plan};

fn claire() -> Author {
    Author { name: "Claire Martin".into(), service: "DGPN".into() }
}

/// Applies an edit that must be accepted and must change something.
fn edit(a: &mut Annotations, plan: &Plan, n: u16, e: Edit, now: i64) {
    a.apply(plan, n, e, now, &claire(), "").expect("edit accepted").expect("edit changes something");
}

/// A schema-2 document around the given `annotations` object.
fn doc_with(annotations: &str) -> String {
    format!(
        r#"{{"format":"vigie-annotations","schema":2,"plan_id":"pnls-2019","plan_fingerprint":"x","written_at":1700000000000,"author":{{"name":"Claire Martin","service":"DGPN"}},"annotations":{annotations}}}"#
    )
}

/// The problems of a document refused in strict mode.
fn problems(raw: &str) -> Vec<Problem> {
    match decode(raw, &plan(), Strictness::Strict) {
        Err(DecodeError::Invalid(problems)) => problems,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn paths(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.path.as_str()).collect()
}

// ---------------------------------------------------------------- edits

#[test]
fn every_status_transition_is_recorded_with_who_when_and_the_trimmed_comment() {
    let plan = plan();
    for from in Status::ALL {
        for to in Status::ALL.into_iter().filter(|&s| s != from) {
            let mut a = Annotations::default();
            if from != Status::default() {
                edit(&mut a, &plan, 17, Edit::Status(from), 1_000);
            }
            let before = a.get(17).map_or(0, |x| x.history.len());
            let step = a.apply(&plan, 17, Edit::Status(to), 2_000, &claire(), "  point d’étape du COPIL \n").unwrap();
            assert!(step.is_some(), "{from:?} → {to:?}");
            let ann = a.get(17).unwrap();
            assert_eq!(ann.status, to);
            assert_eq!(ann.history.len(), before + 1, "{from:?} → {to:?}");
            assert_eq!(
                ann.history.last().unwrap(),
                &HistoryEntry {
                    at: 2_000,
                    by: "Claire Martin (DGPN)".into(),
                    change: Change::Status { from, to },
                    comment: "point d’étape du COPIL".into(),
                },
                "{from:?} → {to:?}"
            );
        }
    }
}

#[test]
fn author_is_displayed_as_name_and_service_or_anonyme() {
    assert_eq!(claire().display(), "Claire Martin (DGPN)");
    assert_eq!(Author { name: "  ".into(), service: String::new() }.display(), "anonyme");
    let plan = plan();
    let mut a = Annotations::default();
    a.apply(&plan, 3, Edit::Status(Status::EnCours), 1_000, &Author::default(), "").unwrap();
    assert_eq!(a.get(3).unwrap().history[0].by, "anonyme");
}

#[test]
fn progress_changes_are_recorded_in_the_history() {
    let plan = plan();
    let mut a = Annotations::default();
    a.apply(&plan, 12, Edit::Progress(40), 1_000, &claire(), "").unwrap();
    a.apply(&plan, 12, Edit::Progress(100), 2_000, &karim(), " livré ").unwrap();
    let ann = a.get(12).unwrap();
    assert_eq!(ann.progress, 100);
    let changes: Vec<(i64, &str, Change, &str)> =
        ann.history.iter().map(|h| (h.at, h.by.as_str(), h.change, h.comment.as_str())).collect();
    assert_eq!(
        changes,
        [
            (1_000, "Claire Martin (DGPN)", Change::Progress { from: 0, to: 40 }, ""),
            (2_000, "Karim Benali (DGDDI)", Change::Progress { from: 40, to: 100 }, "livré"),
        ]
    );
}

#[test]
fn pilote_due_notes_and_links_bump_updated_at_without_history() {
    let plan = plan();
    let mut a = Annotations::default();
    edit(&mut a, &plan, 20, Edit::Status(Status::EnCours), 1_000);
    let edits = [
        Edit::Pilote("DGPN – OFAST".into()),
        Edit::Due(Some(date("2026-10-01"))),
        Edit::Notes("Réunion prévue".into()),
        Edit::AddLink(link("Rapport", "https://www.interieur.gouv.fr/rapport.pdf")),
        Edit::RemoveLink(0),
        Edit::Due(None),
    ];
    let mut now = 2_000;
    for e in edits {
        let before = a.get(20).unwrap().updated_at;
        let shown = format!("{e:?}");
        edit(&mut a, &plan, 20, e, now);
        let ann = a.get(20).unwrap();
        assert_eq!(ann.history.len(), 1, "{shown} must not add history");
        assert!(ann.updated_at > before, "{shown} must bump updated_at");
        assert_eq!(ann.updated_at, now);
        now += 1_000;
    }
    let ann = a.get(20).unwrap();
    assert_eq!(ann.pilote, "DGPN – OFAST");
    assert_eq!(ann.notes, "Réunion prévue");
    assert!(ann.links.is_empty());
    assert_eq!(ann.due, None);
}

#[test]
fn an_edit_that_changes_nothing_returns_none_and_changes_nothing() {
    let plan = plan();
    let mut a = Annotations::default();
    // On a blank measure, "non évaluée" is what it already is: nothing is stored.
    assert_eq!(a.apply(&plan, 5, Edit::Status(Status::NonEvaluee), 1_000, &claire(), "").unwrap(), None);
    assert_eq!(a.apply(&plan, 5, Edit::Progress(0), 1_000, &claire(), "").unwrap(), None);
    assert_eq!(a.apply(&plan, 5, Edit::Notes(String::new()), 1_000, &claire(), "").unwrap(), None);
    assert!(a.get(5).is_none());
    assert_eq!(a, Annotations::default());

    edit(&mut a, &plan, 5, Edit::Status(Status::EnCours), 2_000);
    edit(&mut a, &plan, 5, Edit::Progress(30), 3_000);
    edit(&mut a, &plan, 5, Edit::Pilote("DGS".into()), 4_000);
    edit(&mut a, &plan, 5, Edit::Due(Some(date("2027-01-15"))), 5_000);
    edit(&mut a, &plan, 5, Edit::Notes("x".into()), 6_000);
    let snapshot = a.clone();
    let same = [
        Edit::Status(Status::EnCours),
        Edit::Progress(30),
        Edit::Pilote("DGS".into()),
        Edit::Due(Some(date("2027-01-15"))),
        Edit::Notes("x".into()),
        Edit::RemoveLink(0),
    ];
    for e in same {
        let shown = format!("{e:?}");
        assert_eq!(a.apply(&plan, 5, e, 9_000, &claire(), "rien").unwrap(), None, "{shown}");
        assert_eq!(a, snapshot, "{shown}");
    }
}

#[test]
fn progress_above_100_is_refused() {
    let plan = plan();
    let mut a = Annotations::default();
    assert_eq!(a.apply(&plan, 12, Edit::Progress(101), 1_000, &claire(), ""), Err(EditError::ProgressOutOfRange(101)));
    assert_eq!(a, Annotations::default());
    assert_eq!(EditError::ProgressOutOfRange(101).to_string(), "101 n’est pas entre 0 et 100");
    assert!(a.apply(&plan, 12, Edit::Progress(100), 1_000, &claire(), "").unwrap().is_some());
}

#[test]
fn only_web_addresses_are_accepted_as_links() {
    let plan = plan();
    let mut a = Annotations::default();
    assert_eq!(
        a.apply(&plan, 8, Edit::AddLink(link("piège", "javascript:alert(1)")), 1_000, &claire(), ""),
        Err(EditError::NotAWebLink("javascript:alert(1)".into()))
    );
    assert_eq!(
        a.apply(&plan, 8, Edit::AddLink(link("piège", "  JavaScript:alert(1)")), 1_000, &claire(), ""),
        Err(EditError::NotAWebLink("  JavaScript:alert(1)".into()))
    );
    assert_eq!(a, Annotations::default());

    edit(&mut a, &plan, 8, Edit::AddLink(link(" Circulaire ", " https://www.legifrance.gouv.fr/x ")), 2_000);
    let links = &a.get(8).unwrap().links;
    assert_eq!(links, &[link("Circulaire", "https://www.legifrance.gouv.fr/x")]);
    assert!(links[0].is_web());
}

#[test]
fn a_measure_the_plan_lacks_is_refused() {
    let plan = plan();
    let mut a = Annotations::default();
    assert_eq!(
        a.apply(&plan, 56, Edit::Status(Status::EnCours), 1_000, &claire(), ""),
        Err(EditError::UnknownMeasure(56))
    );
    assert_eq!(a.apply(&plan, 0, Edit::Progress(10), 1_000, &claire(), ""), Err(EditError::UnknownMeasure(0)));
    assert_eq!(EditError::UnknownMeasure(56).to_string(), "la mesure 56 n’existe pas");
    assert_eq!(a, Annotations::default());
    assert!(a.apply(&plan, 55, Edit::Status(Status::EnCours), 1_000, &claire(), "").unwrap().is_some());
}

#[test]
fn updated_at_strictly_increases_even_when_the_clock_goes_back() {
    let plan = plan();
    let mut a = Annotations::default();
    edit(&mut a, &plan, 9, Edit::Notes("a".into()), 5_000);
    assert_eq!(a.get(9).unwrap().updated_at, 5_000);
    edit(&mut a, &plan, 9, Edit::Notes("b".into()), 1_000);
    assert_eq!(a.get(9).unwrap().updated_at, 5_001);
    edit(&mut a, &plan, 9, Edit::Status(Status::EnCours), 1_000);
    assert_eq!(a.get(9).unwrap().updated_at, 5_002);
    edit(&mut a, &plan, 9, Edit::Progress(10), 7_000);
    assert_eq!(a.get(9).unwrap().updated_at, 7_000);
}

// ---------------------------------------------------------------- undo

#[test]
fn undoing_a_status_change_restores_it_and_records_the_reversal() {
    let plan = plan();
    let mut a = Annotations::default();
    edit(&mut a, &plan, 17, Edit::Status(Status::EnCours), 1_000);
    let step = a.apply(&plan, 17, Edit::Status(Status::Realisee), 2_000, &claire(), "terminé").unwrap().unwrap();
    let history_before = a.get(17).unwrap().history.clone();

    a.undo(step, 3_000, &karim());
    let ann = a.get(17).unwrap();
    assert_eq!(ann.status, Status::EnCours);
    assert_eq!(ann.history.len(), 3, "the history never shrinks");
    assert_eq!(&ann.history[..2], &history_before[..]);
    assert_eq!(
        ann.history[2],
        HistoryEntry {
            at: 3_000,
            by: "Karim Benali (DGDDI)".into(),
            change: Change::Status { from: Status::Realisee, to: Status::EnCours },
            comment: "Annulation".into(),
        }
    );
    assert!(ann.updated_at > 2_000);
}

#[test]
fn undoing_a_progress_change_records_the_reversal() {
    let plan = plan();
    let mut a = Annotations::default();
    edit(&mut a, &plan, 17, Edit::Progress(20), 1_000);
    let step = a.apply(&plan, 17, Edit::Progress(60), 2_000, &claire(), "").unwrap().unwrap();
    a.undo(step, 3_000, &claire());
    let ann = a.get(17).unwrap();
    assert_eq!(ann.progress, 20);
    assert_eq!(ann.history.len(), 3);
    assert_eq!(ann.history[2].change, Change::Progress { from: 60, to: 20 });
    assert_eq!(ann.history[2].comment, "Annulation");
}

#[test]
fn undoing_the_first_edit_brings_the_measure_back_to_blank_but_keeps_history() {
    let plan = plan();
    let mut a = Annotations::default();
    let step = a.apply(&plan, 30, Edit::Status(Status::EnDifficulte), 1_000, &claire(), "blocage").unwrap().unwrap();
    assert_eq!(step.before, None);
    a.undo(step, 2_000, &claire());
    let ann = a.get(30).unwrap();
    assert_eq!(ann.status, Status::NonEvaluee);
    assert_eq!(ann.progress, 0);
    assert_eq!(ann.notes, "");
    assert_eq!(ann.pilote, "");
    assert_eq!(ann.due, None);
    assert!(ann.links.is_empty());
    let changes: Vec<Change> = ann.history.iter().map(|h| h.change).collect();
    assert_eq!(
        changes,
        [
            Change::Status { from: Status::NonEvaluee, to: Status::EnDifficulte },
            Change::Status { from: Status::EnDifficulte, to: Status::NonEvaluee },
        ]
    );
}

#[test]
fn undoing_the_first_notes_edit_clears_the_notes() {
    let plan = plan();
    let mut a = Annotations::default();
    let step = a.apply(&plan, 31, Edit::Notes("brouillon".into()), 1_000, &claire(), "").unwrap().unwrap();
    a.undo(step, 2_000, &claire());
    let ann = a.get(31).unwrap();
    assert_eq!(ann.notes, "");
    assert!(ann.history.is_empty(), "notes never had history");
    assert!(ann.is_blank());
}

// ---------------------------------------------------------------- merge

/// A shared starting point: measure 17 en cours since t = 1 000.
fn base() -> Annotations {
    let mut a = Annotations::default();
    edit(&mut a, &plan(), 17, Edit::Status(Status::EnCours), 1_000);
    a
}

#[test]
fn merging_copies_edited_on_different_measures_keeps_both() {
    let plan = plan();
    let mut ours = base();
    let mut theirs = base();
    edit(&mut ours, &plan, 4, Edit::Notes("de notre côté".into()), 2_000);
    edit(&mut theirs, &plan, 40, Edit::Status(Status::Realisee), 3_000);
    ours.merge(&theirs);
    assert_eq!(ours.get(4).unwrap().notes, "de notre côté");
    assert_eq!(ours.status_of(40), Status::Realisee);
    assert_eq!(ours.status_of(17), Status::EnCours);
    assert_eq!(ours.get(17).unwrap().history.len(), 1, "the shared entry is not doubled");
}

#[test]
fn the_later_edit_wins_and_histories_are_united_in_time_order() {
    let plan = plan();
    let mut ours = base();
    let mut theirs = base();
    edit(&mut ours, &plan, 17, Edit::Progress(30), 2_000);
    edit(&mut ours, &plan, 17, Edit::Notes("ours".into()), 2_500);
    edit(&mut theirs, &plan, 17, Edit::Status(Status::EnDifficulte), 3_000);
    edit(&mut theirs, &plan, 17, Edit::Notes("theirs".into()), 3_500);

    ours.merge(&theirs);
    let ann = ours.get(17).unwrap();
    assert_eq!(ann.status, Status::EnDifficulte);
    assert_eq!(ann.notes, "theirs");
    assert_eq!(ann.updated_at, 3_500);
    let changes: Vec<(i64, Change)> = ann.history.iter().map(|h| (h.at, h.change)).collect();
    assert_eq!(
        changes,
        [
            (1_000, Change::Status { from: Status::NonEvaluee, to: Status::EnCours }),
            (2_000, Change::Progress { from: 0, to: 30 }),
            (3_000, Change::Status { from: Status::EnCours, to: Status::EnDifficulte }),
        ]
    );
}

#[test]
fn an_older_copy_does_not_overwrite_a_newer_one() {
    let plan = plan();
    let mut ours = base();
    let mut theirs = base();
    edit(&mut theirs, &plan, 17, Edit::Notes("ancien".into()), 2_000);
    edit(&mut ours, &plan, 17, Edit::Notes("récent".into()), 3_000);
    ours.merge(&theirs);
    assert_eq!(ours.get(17).unwrap().notes, "récent");
    assert_eq!(ours.get(17).unwrap().updated_at, 3_000);
}

#[test]
fn merging_the_same_copy_twice_changes_nothing_the_second_time() {
    let plan = plan();
    let mut ours = base();
    let mut theirs = base();
    edit(&mut ours, &plan, 17, Edit::Progress(30), 2_000);
    edit(&mut ours, &plan, 2, Edit::Pilote("MILDECA".into()), 2_100);
    edit(&mut theirs, &plan, 17, Edit::Status(Status::Realisee), 3_000);
    edit(&mut theirs, &plan, 50, Edit::Due(Some(date("2026-06-30"))), 3_100);

    ours.merge(&theirs);
    let once = ours.clone();
    ours.merge(&theirs);
    assert_eq!(ours, once);

    // And the other way round.
    let mut theirs_merged = theirs.clone();
    theirs_merged.merge(&once);
    let once = theirs_merged.clone();
    theirs_merged.merge(&ours);
    assert_eq!(theirs_merged, once);
}

#[test]
fn merge_gives_the_same_annotations_in_either_direction() {
    let plan = plan();
    let mut a = base();
    let mut b = base();
    edit(&mut a, &plan, 17, Edit::Progress(30), 2_000);
    edit(&mut a, &plan, 1, Edit::Notes("a seul".into()), 2_200);
    edit(&mut a, &plan, 33, Edit::Status(Status::NonEngagee), 4_000);
    edit(&mut b, &plan, 17, Edit::Status(Status::Realisee), 3_000);
    edit(&mut b, &plan, 33, Edit::Status(Status::Abandonnee), 3_300);
    edit(&mut b, &plan, 55, Edit::AddLink(link("JO", "https://www.journal-officiel.gouv.fr")), 3_500);

    let mut ab = a.clone();
    ab.merge(&b);
    let mut ba = b.clone();
    ba.merge(&a);
    assert_eq!(ab, ba);
    assert_eq!(ab.status_of(17), Status::Realisee);
    assert_eq!(ab.status_of(33), Status::NonEngagee);
    assert_eq!(ab.0.keys().copied().collect::<Vec<u16>>(), [1, 17, 33, 55]);
}

// ---------------------------------------------------------------- document

fn rich_document() -> Document {
    let plan = plan();
    let mut a = Annotations::default();
    let who = claire();
    a.apply(&plan, 17, Edit::Status(Status::EnCours), 1_700_000_000_000, &who, "lancement").unwrap();
    a.apply(&plan, 17, Edit::Progress(45), 1_700_000_100_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::Pilote("DGPN \"OFAST\" – l’équipe".into()), 1_700_000_200_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::Due(Some(date("2026-10-01"))), 1_700_000_300_000, &who, "").unwrap();
    let notes =
        "<script>alert(1)</script>\n« guillemets » \"doubles\" 'simples' l’apostrophe\n\tTab et emoji 🚔🇫🇷 \\ fin";
    a.apply(&plan, 17, Edit::Notes(notes.into()), 1_700_000_400_000, &who, "").unwrap();
    let l1 = link("Rapport <b>annuel</b>", "https://www.ofdt.fr/rapport?a=1&b=\"2\"");
    a.apply(&plan, 17, Edit::AddLink(l1), 1_700_000_500_000, &who, "").unwrap();
    a.apply(&plan, 17, Edit::AddLink(link("Décret", "http://legifrance.gouv.fr/d")), 1_700_000_600_000, &who, "")
        .unwrap();
    a.apply(&plan, 42, Edit::Status(Status::Realisee), 1_700_000_700_000, &karim(), "fait ✓").unwrap();
    a.apply(&plan, 42, Edit::Status(Status::Abandonnee), 1_700_000_800_000, &karim(), "").unwrap();
    a.apply(&plan, 1, Edit::Notes("seulement des notes".into()), 1_700_000_900_000, &who, "").unwrap();
    Document {
        plan_id: plan.id.clone(),
        plan_fingerprint: plan.fingerprint.clone(),
        written_at: 1_700_001_000_000,
        replaced_at: 1_700_000_950_000,
        author: who,
        annotations: a,
    }
}

#[test]
fn a_document_survives_encode_then_strict_decode_exactly() {
    let plan = plan();
    let doc = rich_document();
    for pretty in [true, false] {
        let decoded = decode(&doc.encode(pretty), &plan, Strictness::Strict).expect("its own output is valid");
        assert_eq!(decoded.document, doc, "pretty = {pretty}");
        assert_eq!(decoded.migrated_from, None);
        assert!(decoded.dropped.is_empty());
    }
}

#[test]
fn history_written_while_the_clock_goes_back_survives_a_round_trip() {
    let plan = plan();
    let mut a = Annotations::default();
    edit(&mut a, &plan, 9, Edit::Status(Status::EnCours), 5_000);
    edit(&mut a, &plan, 9, Edit::Progress(10), 1_000);
    let doc = Document { annotations: a, ..Document::empty(&plan) };
    let decoded = decode(&doc.encode(false), &plan, Strictness::Strict).unwrap();
    assert_eq!(decoded.document, doc);
}

#[test]
fn encoded_text_escapes_nothing_away() {
    let doc = rich_document();
    let value: serde_json::Value = serde_json::from_str(&doc.encode(true)).unwrap();
    assert_eq!(value["format"], "vigie-annotations");
    assert_eq!(value["schema"], 2);
    assert_eq!(value["annotations"]["17"]["due"], "2026-10-01");
    assert!(value["annotations"]["17"]["notes"].as_str().unwrap().starts_with("<script>alert(1)</script>\n"));
    assert_eq!(value["annotations"]["17"]["history"][0]["field"], "status");
    assert_eq!(value["annotations"]["17"]["history"][0]["to"], "en_cours");
}

#[test]
fn blank_annotations_are_not_written() {
    let plan = plan();
    let mut doc = rich_document();
    doc.annotations.0.insert(4, Annotation::new(plan.measure(4).unwrap()));
    let encoded = doc.encode(false);
    let value: serde_json::Value = serde_json::from_str(&encoded).unwrap();
    let keys: Vec<&str> = value["annotations"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["1", "17", "42"]);
    let decoded = decode(&encoded, &plan, Strictness::Strict).unwrap();
    assert!(decoded.document.annotations.get(4).is_none());
    assert_eq!(decoded.document.annotations.status_of(4), Status::NonEvaluee);
}

// ---------------------------------------------------------------- decode errors

#[test]
fn text_that_is_not_json_is_refused_as_such() {
    let err = decode("{oops", &plan(), Strictness::Salvage).unwrap_err();
    assert!(matches!(err, DecodeError::NotJson(_)), "{err:?}");
    assert!(err.to_string().starts_with("ce n’est pas du JSON valide"));
}

#[test]
fn a_json_array_is_the_wrong_format() {
    assert_eq!(decode("[1, 2, 3]", &plan(), Strictness::Salvage), Err(DecodeError::WrongFormat));
}

#[test]
fn another_format_is_the_wrong_format() {
    assert_eq!(decode(r#"{"format":"autre"}"#, &plan(), Strictness::Salvage), Err(DecodeError::WrongFormat));
    assert_eq!(
        decode(r#"{"format":"autre","schema":2,"annotations":{}}"#, &plan(), Strictness::Salvage),
        Err(DecodeError::WrongFormat)
    );
}

#[test]
fn a_newer_schema_is_refused_with_its_number() {
    let raw = r#"{"format":"vigie-annotations","schema":3,"annotations":{}}"#;
    let err = decode(raw, &plan(), Strictness::Salvage).unwrap_err();
    assert_eq!(err, DecodeError::NewerSchema(3));
    assert!(err.to_string().contains("schéma 3"));
}

#[test]
fn progress_out_of_range_is_named_with_its_path() {
    let p = problems(&doc_with(r#"{"17":{"status":"en_cours","progress":140}}"#));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].to_string(), "annotations.17.progress : 140 n’est pas entre 0 et 100");
}

#[test]
fn an_unknown_status_is_named_with_its_path() {
    let p = problems(&doc_with(r#"{"3":{"status":"termine"}}"#));
    assert_eq!(paths(&p), ["annotations.3.status"]);
    assert!(p[0].message.contains("termine"), "{}", p[0]);
}

#[test]
fn an_impossible_due_date_is_named_with_its_path() {
    let p = problems(&doc_with(r#"{"5":{"status":"en_cours","due":"2026-02-30"}}"#));
    assert_eq!(paths(&p), ["annotations.5.due"]);
    assert!(p[0].message.contains("2026-02-30"), "{}", p[0]);
}

#[test]
fn a_measure_number_the_plan_lacks_is_named_with_its_path() {
    let p = problems(&doc_with(r#"{"99":{"status":"en_cours"}}"#));
    assert_eq!(paths(&p), ["annotations.99"]);
    assert!(p[0].message.contains("1 à 55"), "{}", p[0]);
    let p = problems(&doc_with(r#"{"abc":{"status":"en_cours"}}"#));
    assert_eq!(paths(&p), ["annotations.abc"]);
}

#[test]
fn strict_refuses_the_whole_document_for_one_bad_annotation() {
    let raw = doc_with(r#"{"8":{"status":"en_cours","progress":20},"17":{"progress":140}}"#);
    let err = decode(&raw, &plan(), Strictness::Strict).unwrap_err();
    let DecodeError::Invalid(p) = &err else { panic!("{err:?}") };
    assert_eq!(paths(p), ["annotations.17.progress"]);
    assert_eq!(err.to_string(), "1 valeur(s) invalide(s) : annotations.17.progress : 140 n’est pas entre 0 et 100");
}

#[test]
fn salvage_keeps_the_valid_annotations_and_lists_the_dropped_ones() {
    let raw =
        doc_with(r#"{"8":{"status":"en_cours","progress":20},"17":{"progress":140},"3":{"status":"termine"},"99":{}}"#);
    let decoded = decode(&raw, &plan(), Strictness::Salvage).unwrap();
    let kept = &decoded.document.annotations;
    assert_eq!(kept.0.keys().copied().collect::<Vec<u16>>(), [8]);
    assert_eq!(kept.get(8).unwrap().progress, 20);
    let mut dropped = paths(&decoded.dropped);
    dropped.sort();
    assert_eq!(dropped, ["annotations.17.progress", "annotations.3.status", "annotations.99"]);
}

// ---------------------------------------------------------------- migration

const V1: &str = r#"{"version":1,"saved_at":1700000500000,"annotations":{"12":{"status":"en_cours","progress":40,"due":"01/10/2026","notes":"x","updated":1700000000000}}}"#;

#[test]
fn a_schema_1_draft_is_migrated() {
    let plan = plan();
    let decoded = decode(V1, &plan, Strictness::Strict).expect("the draft is readable");
    assert_eq!(decoded.migrated_from, Some(1));
    assert_eq!(decoded.document.written_at, 1_700_000_500_000);
    let a = decoded.document.annotations.get(12).unwrap();
    assert_eq!(a.status, Status::EnCours);
    assert_eq!(a.progress, 40);
    assert_eq!(a.due, Some(date("2026-10-01")));
    assert_eq!(a.notes, "x");
    assert_eq!(a.updated_at, 1_700_000_000_000);
    assert!(a.links.is_empty());
    assert!(a.history.is_empty());
    assert!(decoded.document.annotations.mismatched(&plan).is_empty(), "v1 assumed the current wording");
}

#[test]
fn migrate_v1_is_pure() {
    let plan = plan();
    let serde_json::Value::Object(root) = serde_json::from_str(V1).unwrap() else { unreachable!() };
    let first = migrate_v1(root.clone(), &plan);
    let second = migrate_v1(root, &plan);
    assert_eq!(first, second);
    assert_eq!(first["schema"], 2);
    assert_eq!(first["annotations"]["12"]["due"], "2026-10-01");
}

// ---------------------------------------------------------------- start-up

#[test]
fn nothing_stored_starts_empty_without_backup() {
    let plan = plan();
    for stored in [None, Some(""), Some("  \n")] {
        let s = startup(stored, &plan);
        assert_eq!(s.document, Document::empty(&plan), "{stored:?}");
        assert_eq!(s.notice, StartupNotice::None);
        assert!(!s.backup);
        assert!(s.mismatched.is_empty());
    }
}

#[test]
fn a_valid_stored_document_is_read_as_is() {
    let plan = plan();
    let doc = rich_document();
    let s = startup(Some(&doc.encode(false)), &plan);
    assert_eq!(s.document.annotations, doc.annotations);
    assert_eq!(s.document.author, doc.author);
    assert_eq!(s.notice, StartupNotice::None);
    assert!(!s.backup);
    assert!(s.mismatched.is_empty());
}

#[test]
fn corrupt_storage_starts_empty_and_is_backed_up() {
    let plan = plan();
    let s = startup(Some("{oops"), &plan);
    assert_eq!(s.document, Document::empty(&plan));
    assert!(s.backup);
    let StartupNotice::Unreadable { reason } = &s.notice else { panic!("{:?}", s.notice) };
    assert!(reason.starts_with("les annotations enregistrées sont illisibles"), "{reason}");
    assert!(reason.contains("JSON"), "{reason}");
}

#[test]
fn a_newer_schema_in_storage_is_unreadable_and_backed_up() {
    let s = startup(Some(r#"{"format":"vigie-annotations","schema":3,"annotations":{}}"#), &plan());
    assert!(s.backup);
    let StartupNotice::Unreadable { reason } = &s.notice else { panic!("{:?}", s.notice) };
    assert!(reason.contains("mettez Vigie à jour"), "{reason}");
}

#[test]
fn partly_bad_storage_keeps_the_good_measures_and_is_backed_up() {
    let plan = plan();
    let raw = doc_with(r#"{"8":{"status":"en_cours","progress":20},"9":{"progress":500}}"#);
    let s = startup(Some(&raw), &plan);
    assert_eq!(s.document.annotations.0.keys().copied().collect::<Vec<u16>>(), [8]);
    assert_eq!(s.document.annotations.status_of(8), Status::EnCours);
    assert!(s.backup);
    assert_eq!(
        s.notice,
        StartupNotice::Salvaged { dropped: vec!["annotations.9.progress : 500 n’est pas entre 0 et 100".into()] }
    );
    assert_eq!(s.document.plan_id, plan.id);
    assert_eq!(s.document.plan_fingerprint, plan.fingerprint);
}

#[test]
fn a_schema_1_store_is_migrated_and_backed_up() {
    let s = startup(Some(V1), &plan());
    assert_eq!(s.notice, StartupNotice::Migrated { from: 1 });
    assert!(s.backup);
    assert_eq!(s.document.annotations.get(12).unwrap().progress, 40);
}

#[test]
fn an_annotation_made_on_another_wording_is_kept_but_flagged() {
    let plan = plan();
    let mut doc = rich_document();
    doc.annotations.0.get_mut(&42).unwrap().text_fingerprint = "0123456789abcdef".into();
    let s = startup(Some(&doc.encode(false)), &plan);
    assert_eq!(s.mismatched, [42]);
    assert_eq!(s.document.annotations, doc.annotations, "flagged, not dropped");
    assert_eq!(s.document.annotations.status_of(42), Status::Abandonnee);
}

// ---------------------------------------------------------------- other tabs

/// A tab's document holding `annotations`, replaced as a whole at `replaced_at`.
fn tab(plan: &Plan, annotations: &Annotations, replaced_at: i64) -> Document {
    Document { annotations: annotations.clone(), replaced_at, ..Document::empty(plan) }
}

#[test]
fn another_tabs_newer_edit_and_ours_are_both_kept() {
    let plan = plan();
    let mut shared = Annotations::default();
    edit(&mut shared, &plan, 8, Edit::Status(Status::EnCours), 1_000);
    let mut other = shared.clone();
    edit(&mut other, &plan, 8, Edit::Status(Status::Realisee), 3_000);
    let stored = tab(&plan, &other, 0).encode(false);

    let mut ours = shared;
    edit(&mut ours, &plan, 9, Edit::Notes("de cet onglet".into()), 2_000);
    let merged = fold_in(&tab(&plan, &ours, 0), Some(&stored), &plan).unwrap().annotations;
    assert_eq!(merged.status_of(8), Status::Realisee);
    assert_eq!(merged.get(8).unwrap().history.len(), 2);
    assert_eq!(merged.get(9).unwrap().notes, "de cet onglet");
}

#[test]
fn an_unreadable_copy_from_another_tab_is_an_error_and_leaves_ours_alone() {
    let plan = plan();
    let mut ours = Annotations::default();
    edit(&mut ours, &plan, 9, Edit::Notes("à garder".into()), 2_000);
    let ours = tab(&plan, &ours, 0);
    let err = fold_in(&ours, Some("{oops"), &plan).unwrap_err();
    assert!(err.contains("JSON"), "{err}");
    assert_eq!(fold_in(&ours, None, &plan), Ok(ours));
}

/// Clearing the only content of a measure (or undoing its first notes edit)
/// makes it blank, and blank annotations are not written: the other tab's
/// copy then brings the old value back.
#[test]
fn clearing_a_measure_reaches_the_other_tab() {
    let plan = plan();
    let mut tab_a = Annotations::default();
    edit(&mut tab_a, &plan, 9, Edit::Pilote("DGGN".into()), 1_000);
    let write = |a: &Annotations| tab(&plan, a, 0).encode(false);
    let tab_b = fold_in(&Document::empty(&plan), Some(&write(&tab_a)), &plan).unwrap();
    assert_eq!(tab_b.annotations.get(9).unwrap().pilote, "DGGN");

    // Tab A clears the pilote, later than tab B's copy, and stores its document.
    edit(&mut tab_a, &plan, 9, Edit::Pilote(String::new()), 2_000);
    let tab_b = fold_in(&tab_b, Some(&write(&tab_a)), &plan).unwrap();
    assert_eq!(tab_b.annotations.get(9).map_or("", |a| a.pilote.as_str()), "", "tab B still shows the cleared pilote");
}

/// Tab A replaces everything by an imported file at t = 5 000; tab B still
/// holds the old set and goes on editing. Nothing from before the
/// replacement may come back, in either tab; B's later edit survives.
#[test]
fn a_replacement_in_one_tab_is_not_undone_by_the_other() {
    let plan = plan();
    let mut old = Annotations::default();
    edit(&mut old, &plan, 5, Edit::Status(Status::EnCours), 1_000);
    edit(&mut old, &plan, 6, Edit::Notes("ancienne note".into()), 2_000);
    let mut imported = Annotations::default();
    edit(&mut imported, &plan, 9, Edit::Status(Status::Realisee), 500);
    let tab_a = tab(&plan, &imported, 5_000);

    let mut b_annotations = old.clone();
    edit(&mut b_annotations, &plan, 12, Edit::Pilote("Ofast".into()), 6_000);
    let tab_b = fold_in(&tab(&plan, &b_annotations, 0), Some(&tab_a.encode(false)), &plan).unwrap();
    let numbers = |d: &Document| d.annotations.0.keys().copied().collect::<Vec<_>>();
    assert_eq!(numbers(&tab_b), [9, 12], "B adopts the replacement and keeps its own later edit");
    assert_eq!(tab_b.replaced_at, 5_000);

    // A folds in what B then stored: still no measure 5 or 6.
    let tab_a = fold_in(&tab_a, Some(&tab_b.encode(false)), &plan).unwrap();
    assert_eq!(numbers(&tab_a), [9, 12]);
    // An older copy, replaced before, changes nothing it held before A's replacement.
    let stale = tab(&plan, &old, 100).encode(false);
    assert_eq!(fold_in(&tab_a, Some(&stale), &plan).unwrap(), tab_a);
}

/// Tab A imports (replacing everything); then tab B adds measure 7 and
/// changes measure 9 after the import; then A undoes its import.
#[test]
fn undoing_an_import_puts_back_only_what_it_changed_and_nobody_changed_since() {
    let plan = plan();
    let mut before = Annotations::default();
    edit(&mut before, &plan, 2, Edit::Status(Status::EnCours), 1_000);
    edit(&mut before, &plan, 3, Edit::Notes("retirée par l’import".into()), 1_000);
    edit(&mut before, &plan, 4, Edit::Pilote("DGGN".into()), 1_000);
    let mut after = before.clone();
    edit(&mut after, &plan, 2, Edit::Status(Status::Realisee), 2_000);
    after.0.remove(&3);
    edit(&mut after, &plan, 9, Edit::Notes("ajoutée par l’import".into()), 2_000);

    let mut now = after.clone();
    edit(&mut now, &plan, 7, Edit::Pilote("Ofast".into()), 3_000);
    edit(&mut now, &plan, 9, Edit::Notes("modifiée ensuite".into()), 3_000);
    now.revert(&before, &after, 4_000, &Author::default());

    let two = now.get(2).unwrap();
    assert_eq!(two.status, Status::EnCours, "changed by the import: put back");
    assert_eq!((two.updated_at, two.history.last().unwrap().comment.as_str()), (4_000, "Annulation"));
    assert_eq!(now.get(3).unwrap().notes, "retirée par l’import", "removed by the import: back");
    assert!(now.get(3).unwrap().updated_at >= 4_000, "and new, so that other tabs take it");
    assert_eq!(now.get(4), before.get(4), "untouched by the import");
    assert_eq!(now.get(7).unwrap().pilote, "Ofast", "another tab's own change stays");
    assert_eq!(now.get(9).unwrap().notes, "modifiée ensuite", "changed since the import: left alone");
}

#[test]
fn a_document_keeps_when_it_was_last_replaced() {
    let plan = plan();
    let doc = tab(&plan, &Annotations::default(), 1_700_000_000_000);
    let decoded = decode(&doc.encode(false), &plan, Strictness::Strict).unwrap().document;
    assert_eq!(decoded.replaced_at, 1_700_000_000_000);
    // Never replaced: the field is left out, as in files written before it existed.
    assert!(!Document::empty(&plan).encode(false).contains("replaced_at"));
    let bad = doc.encode(false).replace("1700000000000", "\"hier\"");
    assert!(decode(&bad, &plan, Strictness::Strict).is_err());
}

// ---------------------------------------------------------------- dates

#[test]
fn a_past_due_date_is_overdue_only_while_the_measure_is_open() {
    let plan = plan();
    let today = date("2026-11-27");
    let mut a = Annotation::new(plan.measure(10).unwrap());
    a.due = Some(date("2026-11-26"));
    a.status = Status::EnCours;
    assert!(a.is_overdue(today));
    a.status = Status::EnDifficulte;
    assert!(a.is_overdue(today));
    a.status = Status::Realisee;
    assert!(!a.is_overdue(today));
    a.status = Status::Abandonnee;
    assert!(!a.is_overdue(today));

    a.status = Status::EnCours;
    a.due = Some(today);
    assert!(!a.is_overdue(today), "due today is not yet overdue");
    a.due = None;
    assert!(!a.is_overdue(today));
}

mod deck {
    use vigie::core::annotations::{Annotations, Author, Edit};
    use vigie::core::date::IsoDate;
    use vigie::core::deck::{abridge, plan_deck, selection_deck, Slide, PER_SLIDE};
    use vigie::core::plan::Plan;
    use vigie::core::status::Status;

    #[test]
    fn the_plan_deck_has_a_title_six_objectives_and_the_attention_slides() {
        let plan = Plan::bundled().unwrap();
        let mut a = Annotations::default();
        let who = Author::default();
        for n in 1..=13 {
            a.apply(&plan, n, Edit::Status(Status::EnDifficulte), 1_000 + i64::from(n), &who, "").unwrap();
        }
        a.apply(&plan, 30, Edit::Due(IsoDate::parse("2020-01-01")), 5_000, &who, "").unwrap();
        let deck = plan_deck(&plan, &a, IsoDate::parse("2026-11-27").unwrap(), None);
        assert_eq!(deck[0], Slide::Title);
        assert_eq!(deck[1..7], (1..=6).map(Slide::Objective).collect::<Vec<_>>()[..]);
        // 14 measures need attention: two slides, none longer than PER_SLIDE.
        let attention: Vec<_> = deck[7..]
            .iter()
            .map(|s| match s {
                Slide::Attention { measures, page, pages } => (measures.len(), *page, *pages),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(attention, [(PER_SLIDE, 1, 2), (14 - PER_SLIDE, 2, 2)]);
    }

    #[test]
    fn a_selection_deck_has_one_slide_per_measure() {
        assert_eq!(selection_deck(&[35, 48]), [Slide::Title, Slide::Measure(35), Slide::Measure(48)]);
    }

    #[test]
    fn abridging_cuts_at_a_word_and_says_so() {
        assert_eq!(abridge("court", 10), ("court".to_owned(), false));
        assert_eq!(abridge("un deux trois quatre", 12), ("un deux…".to_owned(), true));
    }
}
