//! The JSON form of the document on the real plan: what Vigie writes it
//! reads back exactly; every way a text can be wrong is named with its
//! path, listed at most 100 times and capped in size; schemas 1 and 2 are
//! migrated (one fixture each). One rule per test.

use vigie::core::files::codec::{
    decode, encode, encode_written_at, DecodeError, Options, Problem, Strictness, SCHEMA,
};
use vigie::core::record::annotations::{Change, Field, Origin};
use vigie::core::record::document::Document;
use vigie::core::record::stamp::Stamp;
use vigie::core::record::status::Status;

mod common;
use common::{claire, date, karim, link, plan, schema3_file, Tab};

const T0: i64 = 1_789_000_000_000;

fn strict() -> Options {
    Options { strictness: Strictness::Strict, latest: None }
}

fn salvage() -> Options {
    Options { strictness: Strictness::Salvage, latest: None }
}

/// One change of `field` to `value` on measure `n`, stamped `at`.
fn one_change(n: &str, field: &str, value: &str) -> String {
    schema3_file(&format!(
        concat!(
            r#"{{"{n}":{{"text_fingerprint":"","changes":[{{"at":"1789000000000.0.0000000000c1","#,
            r#""by":"Claire","field":"{field}","value":{value}}}]}}}}"#,
        ),
        n = n,
        field = field,
        value = value,
    ))
}

fn problems(raw: &str) -> Vec<Problem> {
    match decode(raw, &plan(), strict()) {
        Err(DecodeError::Invalid(p)) => p.listed,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn paths(problems: &[Problem]) -> Vec<&str> {
    let mut p: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    p.sort();
    p
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A document with every kind of change, hostile text included.
fn rich() -> Document {
    let plan = plan();
    let mut a = Tab::new(&plan, 0xc1, claire(), T0);
    let at = a.edit(&plan, 17, Change::Status(Status::EnCours)).fields()[0].after[0].at;
    a.edit(&plan, 17, Change::Comment { on: at, text: "lancement\nsuite".into() });
    a.edit(&plan, 17, Change::Progress(45));
    a.edit(&plan, 17, Change::Pilote("Ofast \"pôle cibles\" – l’équipe".into()));
    a.edit(&plan, 17, Change::Due(Some(date("2026-12-31"))));
    a.edit(
        &plan,
        17,
        Change::Notes(
            "<script>alert(\"x\")</script>\n«\u{202f}Liste\u{202f}»\u{202f}; \"à suivre\"\r\n\tfin \\ 🚔".into(),
        ),
    );
    a.edit(
        &plan,
        17,
        Change::Links(vec![link(
            "Circulaire <b>2019</b>",
            "https://www.legifrance.gouv.fr/x?a=1&b=\"2\"",
        )]),
    );
    let mut b = Tab::new(&plan, 0xb2, karim(), T0);
    b.edit(&plan, 42, Change::Status(Status::EnDifficulte));
    b.edit(&plan, 17, Change::Notes("concurrente".into()));
    a.doc.merge(&b.doc);
    let step = a.edit(&plan, 9, Change::Progress(10));
    let editor = a.editor();
    a.doc.undo(&plan, &step, "Claire", Origin::Undo, &editor).unwrap();
    let editor = a.editor();
    a.doc.replace_with(&b.doc.restricted_to(&[42]), "Claire", &editor);
    let typed = a.edit(&plan, 1, Change::Notes("Réu".into())).fields()[0].after[0].at;
    let editor = a.editor();
    a.doc.amend(1, typed, Change::Notes("Réunion".into()), &a.author.display(), &editor).unwrap();
    a.doc.written_at = 1_790_000_000_000;
    a.doc
}

// ---------------------------------------------------------------- round trip

#[test]
fn a_document_survives_encode_then_strict_decode_exactly() {
    let plan = plan();
    let doc = rich();
    for pretty in [false, true] {
        let decoded =
            decode(&encode(&doc, pretty), &plan, strict()).expect("what Vigie writes, it reads");
        assert_eq!(decoded.document, doc);
        assert_eq!(decoded.migrated_from, None);
        assert!(decoded.dropped.is_empty());
    }
}

#[test]
fn the_written_text_names_its_format_schema_and_plan() {
    let plan = plan();
    let value: serde_json::Value = serde_json::from_str(&encode(&rich(), false)).unwrap();
    assert_eq!(value["format"], "vigie-annotations");
    assert_eq!(value["schema"], SCHEMA);
    assert_eq!(value["plan_fingerprint"], plan.fingerprint.as_str());
    assert_eq!(value["annotations"]["17"]["changes"][0]["field"], "status");
}

#[test]
fn measures_never_changed_are_not_written() {
    let plan = plan();
    let mut a = Tab::new(&plan, 1, claire(), T0);
    let editor = a.editor();
    a.doc.edit(&plan, 5, Change::Status(Status::NonEvaluee), None, "x", &editor).unwrap();
    let value: serde_json::Value = serde_json::from_str(&encode(&a.doc, false)).unwrap();
    assert_eq!(value["annotations"], serde_json::json!({}));
}

// ---------------------------------------------------------------- refusals

#[test]
fn text_that_is_not_json_is_refused_as_such() {
    assert!(matches!(decode("pas du json", &plan(), strict()), Err(DecodeError::NotJson { .. })));
}

#[test]
fn json_that_is_not_a_vigie_document_is_the_wrong_format() {
    for raw in ["[]", r#"{"type":"FeatureCollection"}"#, r#"{"format":"autre","schema":3}"#, "42"] {
        assert_eq!(decode(raw, &plan(), strict()), Err(DecodeError::WrongFormat), "{raw}");
    }
}

#[test]
fn a_newer_schema_is_refused_with_its_number() {
    let err =
        decode(r#"{"format":"vigie-annotations","schema":4,"annotations":{}}"#, &plan(), strict());
    assert_eq!(err, Err(DecodeError::NewerSchema(4)));
    assert!(err.unwrap_err().to_string().contains("schéma 4"));
}

#[test]
fn a_bad_value_is_named_with_the_path_of_its_change() {
    let p = problems(&one_change("17", "progress", "140"));
    assert_eq!(paths(&p), ["annotations.17.changes.0.value"]);
    assert_eq!(p[0].message, "140 n’est pas entre 0 et 100");
    let p = problems(&one_change("3", "status", r#""termine""#));
    assert!(p[0].message.contains("«\u{202f}termine\u{202f}»"), "{}", p[0]);
    let p = problems(&one_change("5", "due", r#""2026-02-30""#));
    assert_eq!(paths(&p), ["annotations.5.changes.0.value"]);
}

#[test]
fn measure_keys_must_be_canonical_numbers_of_the_plan() {
    for key in ["05", "+5", "5.0", " 5", "99", "0"] {
        let p = problems(&one_change(key, "progress", "5"));
        assert_eq!(p.len(), 1, "{key}");
        assert!(
            p[0].message.contains("n’est pas un numéro de mesure du plan (1 à 55)"),
            "{key}: {}",
            p[0]
        );
    }
}

#[test]
fn a_measure_named_twice_is_refused_rather_than_silently_dropped() {
    let raw = schema3_file(concat!(
        r#"{"5":{"text_fingerprint":"","changes":[]},"#,
        r#""5":{"text_fingerprint":"","changes":[{"at":"1789000000000.0.0000000000c1","#,
        r#""by":"x","field":"progress","value":5}]}}"#,
    ));
    assert_eq!(problems(&raw)[0].message, "mesure présente deux fois");
}

#[test]
fn stamps_have_one_spelling_and_revisions_are_numbers() {
    let raw = |at: &str| {
        schema3_file(&format!(
            concat!(
                r#"{{"5":{{"text_fingerprint":"","changes":[{{"at":"{at}","#,
                r#""by":"x","field":"progress","value":5}}]}}}}"#,
            ),
            at = at,
        ))
    };
    for bad in [
        "1789000000000.0.0000000000C1",
        "01789000000000.0.0000000000c1",
        "1789000000000",
        "2026-01-01",
    ] {
        assert_eq!(paths(&problems(&raw(bad))), ["annotations.5.changes.0.at"], "{bad}");
    }
}

#[test]
fn control_and_bidi_characters_are_refused_in_short_fields() {
    let p = problems(&one_change("5", "pilote", r#""Ofast\u202eevil""#));
    assert!(p[0].message.contains("U+202E"), "{}", p[0]);
    let p = problems(&one_change("5", "pilote", r#""a\u0007b""#));
    assert!(p[0].message.contains("U+0007"), "{}", p[0]);
    let raw = one_change("5", "notes", r#""ligne 1\n\tligne 2""#);
    assert!(decode(&raw, &plan(), strict()).is_ok());
}

#[test]
fn oversized_texts_and_lists_are_refused_naming_the_field() {
    let notes = format!("\"{}\"", "a".repeat(20_001));
    let p = problems(&one_change("5", "notes", &notes));
    assert_eq!(paths(&p), ["annotations.5.changes.0.value"]);
    assert!(p[0].message.contains("au-delà de la limite de 20\u{202f}000"), "{}", p[0]);
    let links = format!("[{}]", vec![r#"{"label":"a","url":"https://a.fr"}"#; 101].join(","));
    assert!(problems(&one_change("5", "links", &links))[0].message.contains("101 liens"));
    let change = r#"{"at":"1789000000000.0.0000000000c1","by":"x","field":"progress","value":5}"#;
    let many = schema3_file(&format!(
        r#"{{"5":{{"text_fingerprint":"","changes":[{}]}}}}"#,
        vec![change; 20_001].join(",")
    ));
    let p = problems(&many);
    assert!(
        p.iter().any(|p| p.path == "annotations.5.changes"
            && p.message.contains("20\u{202f}001 changements")),
        "{p:?}"
    );
}

#[test]
fn stamps_more_than_a_day_ahead_of_this_clock_are_refused() {
    let raw = one_change("5", "progress", "5");
    let options = |latest| Options { strictness: Strictness::Strict, latest: Some(latest) };
    assert!(decode(&raw, &plan(), options(T0)).is_ok());
    match decode(&raw, &plan(), options(T0 - 1)) {
        Err(DecodeError::Invalid(p)) => {
            assert_eq!(p.listed[0].path, "annotations.5.changes.0.at");
            assert!(p.listed[0].message.contains("24 h dans le futur"), "{}", p.listed[0]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn problems_beyond_a_hundred_are_counted_not_listed() {
    let bad = r#"{"at":"x","by":"x","field":"progress","value":5}"#;
    let raw = schema3_file(&format!(
        r#"{{"5":{{"text_fingerprint":"","changes":[{}]}}}}"#,
        vec![bad; 250].join(",")
    ));
    match decode(&raw, &plan(), strict()) {
        Err(DecodeError::Invalid(p)) => {
            assert_eq!((p.listed.len(), p.more), (100, 150));
            let text = DecodeError::Invalid(p).to_string();
            assert!(text.starts_with("250 valeurs invalides\u{a0}: "), "{text}");
            assert!(text.ends_with("… et 245 autres problèmes"), "{text}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn strict_refuses_everything_for_one_bad_change_and_salvage_drops_only_that_change() {
    let raw = schema3_file(
        r#"{"8":{"text_fingerprint":"","changes":[
            {"at":"1789000000000.0.0000000000c1","by":"x","field":"status","value":"en_cours"},
            {"at":"1789000000001.0.0000000000c1","by":"x","field":"progress","value":500},
            {"at":"1789000000002.0.0000000000c1","by":"x","field":"notes","value":"gardée"}]}}"#,
    );
    assert_eq!(paths(&problems(&raw)), ["annotations.8.changes.1.value"]);
    let decoded = decode(&raw, &plan(), salvage()).expect("salvaged");
    let m = decoded.document.annotation(8).unwrap();
    assert_eq!((m.status(), m.progress(), m.notes()), (Status::EnCours, 0, "gardée"));
    assert_eq!(
        decoded.dropped.listed.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
        ["annotations.8.changes.1.value"]
    );
}

#[test]
fn the_invalid_values_fixture_names_each_bad_value() {
    match decode(&fixture("valeurs-invalides.json"), &plan(), strict()) {
        Err(DecodeError::Invalid(p)) => assert_eq!(
            paths(&p.listed),
            [
                "annotations.17.changes.1.value",
                "annotations.3.changes.0.value",
                "annotations.5.changes.0.value",
                "annotations.99"
            ]
        ),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------- schema 2

#[test]
fn the_schema_2_fixture_migrates_each_history_line_to_a_change() {
    let plan = plan();
    let decoded = decode(&fixture("schema-2.json"), &plan, strict()).expect("schema 2 is readable");
    assert_eq!(decoded.migrated_from, Some(2));
    let doc = decoded.document;
    let m1 = doc.annotation(1).unwrap();
    assert_eq!((m1.status(), m1.progress()), (Status::Realisee, 100));
    let statuses: Vec<Change> =
        m1.all_entries().filter(|e| e.field() == Field::Status).map(|e| e.change.clone()).collect();
    assert_eq!(statuses, [Change::Status(Status::EnCours), Change::Status(Status::Realisee)]);
    let realisee = m1.all_entries().find(|e| e.change == Change::Status(Status::Realisee)).unwrap();
    assert_eq!(realisee.by, "Claire Martin (Ofast)");
    assert_eq!(realisee.at.ms, 1_785_000_000_000);
    assert_eq!(m1.previous(realisee), Some(Change::Status(Status::EnCours)));
    assert_eq!(
        m1.comments_on(realisee.at)[0].change,
        Change::Comment { on: realisee.at, text: "Décret publié".into() }
    );
    let m17 = doc.annotation(17).unwrap();
    assert_eq!((m17.status(), m17.progress(), m17.pilote()), (Status::EnCours, 40, "Ofast"));
    assert_eq!(m17.notes(), "Liste arrêtée en comité");
    assert_eq!(m17.due(), Some(date("2026-12-31")));
    assert!(doc.annotations().iter().all(|(_, a)| a.conflicts().is_empty()));
    assert!(doc.annotations().mismatched(&plan).is_empty());
}

#[test]
fn migrating_the_same_schema_2_text_twice_makes_the_same_stamps() {
    let plan = plan();
    let once = decode(&fixture("schema-2.json"), &plan, strict()).unwrap().document;
    let twice = decode(&fixture("schema-2.json"), &plan, strict()).unwrap().document;
    assert_eq!(once, twice);
    let mut merged = once.clone();
    assert!(!merged.merge(&twice), "two tabs migrating the same data agree");
}

#[test]
fn a_schema_2_snapshot_whose_history_lags_keeps_the_shown_value_as_the_last_change() {
    let raw = concat!(
        r#"{"format":"vigie-annotations","schema":2,"plan_id":"p","plan_fingerprint":"f","#,
        r#""written_at":5,
        "annotations":{"8":{"status":"en_difficulte","progress":15,"updated_at":3000,
        "history":[{"at":1000,"by":"A","field":"status","from":"non_evaluee","to":"en_cours"},
                   {"at":2000,"by":"A","field":"progress","from":0,"to":70}]}}}"#
    );
    let doc = decode(raw, &plan(), strict()).unwrap().document;
    let m = doc.annotation(8).unwrap();
    assert_eq!((m.status(), m.progress()), (Status::EnDifficulte, 15));
    assert_eq!(m.all_entries().last().unwrap().at.ms, 3000);
}

#[test]
fn salvaging_schema_2_drops_only_the_bad_field() {
    let raw = concat!(
        r#"{"format":"vigie-annotations","schema":2,"plan_id":"p","plan_fingerprint":"f","#,
        r#""written_at":5,
        "annotations":{"7":{"status":"en_cours","progress":500,"#,
        r#""notes":"à garder","updated_at":5}}}"#
    );
    let decoded = decode(raw, &plan(), salvage()).unwrap();
    let m = decoded.document.annotation(7).unwrap();
    assert_eq!((m.status(), m.notes()), (Status::EnCours, "à garder"));
    assert_eq!(decoded.dropped.listed[0].path, "annotations.7.progress");
}

// ---------------------------------------------------------------- schema 1

#[test]
fn the_schema_1_fixture_migrates() {
    let plan = plan();
    let decoded =
        decode(&fixture("schema-1.json"), &plan, strict()).expect("the draft is readable");
    assert_eq!(decoded.migrated_from, Some(1));
    assert_eq!(decoded.document.written_at, 1_700_000_500_000);
    let m = decoded.document.annotation(12).unwrap();
    assert_eq!(
        (m.status(), m.progress(), m.notes()),
        (Status::EnCours, 40, "Réunion de lancement tenue")
    );
    assert_eq!(m.due(), Some(date("2026-10-01")));
    assert_eq!(m.updated().map(|s: Stamp| s.ms), Some(1_700_000_000_000));
    assert_eq!(decoded.document.annotations().status_of(30), Status::Realisee);
    assert!(
        decoded.document.annotations().mismatched(&plan).is_empty(),
        "v1 assumed the current wording"
    );
}

#[test]
fn exported_files_are_laid_out_for_people_and_say_the_same() {
    let doc = rich();
    let pretty = encode(&doc, true);
    let compact = encode(&doc, false);
    let value = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    assert_eq!(value(&pretty), value(&compact));
    assert!(pretty.lines().count() > 50);
    assert!(
        pretty.lines().all(|l| (l.len() - l.trim_start().len()) % 2 == 0),
        "two spaces an indent"
    );
    assert!(pretty.contains("\"format\": \"vigie-annotations\",\n  \"schema\": 3,"), "{pretty}");
    assert!(pretty.contains("\"links\": [],") || !pretty.contains("\"links\": [\n  ]"));
    // Strings keep their commas, colons and brackets.
    assert!(pretty.contains("«\u{202f}Liste\u{202f}»\u{202f}; \\\"à suivre\\\""), "{pretty}");
}

#[test]
fn writing_at_an_instant_is_encoding_a_copy_written_then() {
    let doc = rich();
    let mut copy = doc.clone();
    copy.written_at = 1_795_000_000_000;
    for pretty in [false, true] {
        assert_eq!(encode_written_at(&doc, 1_795_000_000_000, pretty), encode(&copy, pretty));
    }
}

#[test]
fn a_file_that_is_not_json_is_told_in_french_with_line_and_column() {
    let text = decode("{\n  \"format\": oups", &plan(), strict()).unwrap_err().to_string();
    assert_eq!(
        text,
        "ce n’est pas du JSON valide\u{a0}: caractère inattendu ligne\u{a0}2, colonne\u{a0}13"
    );
    let text = decode("{\"format\": \"vigie", &plan(), strict()).unwrap_err().to_string();
    assert!(text.contains("fichier tronqué"), "{text}");
    for english in ["expected", "line ", "column ", "EOF"] {
        assert!(!text.contains(english), "{text}");
    }
}
