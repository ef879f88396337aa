//! The team directory and the « Relevé »: pilotes grouped by service
//! whatever their spelling, « Mes mesures » by service, the directory
//! travelling in files and converging, and who has not reported first.

use vigie::core::briefing::report::{reminder, report, Who};
use vigie::core::date::IsoDate;
use vigie::core::files::codec::{self, Options, Strictness};
use vigie::core::plan::search::{Query, SearchIndex};
use vigie::core::record::annotations::{Author, Change};
use vigie::core::record::document::Document;
use vigie::core::record::stamp::Stamp;
use vigie::core::record::status::Status;
use vigie::core::record::team::{service_id, Service, Team};
use vigie::core::view::listing::{self, compute};
use vigie::core::view::route::{Facet, ListState};

mod common;
use common::{plan, Tab};

const T0: i64 = 1_790_000_000_000;
const DAY: i64 = 86_400_000;

fn service(name: &str, aliases: &[&str], people: &[&str]) -> Service {
    Service {
        id: service_id(name),
        name: name.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        people: people.iter().map(|s| s.to_string()).collect(),
        email: String::new(),
        at: Stamp::default(),
        removed: false,
    }
}

/// A coordinator's browser with a directory of three services.
fn coordinator() -> Tab {
    let plan = plan();
    let mut t = Tab::new(&plan, 1, common::claire(), T0);
    for s in [
        service("Gendarmerie (DGGN)", &["DGGN"], &["Capitaine Roux"]),
        service("Douane – DNRED", &["DNRED", "DGDDI"], &["Lucie Martin"]),
        service("Police judiciaire", &["DCPJ"], &[]),
    ] {
        let e = t.editor();
        t.now += 1_000;
        assert!(t.doc.put_service(s, &e));
    }
    t
}

#[test]
fn one_service_whatever_way_its_pilotes_are_written() {
    let t = coordinator();
    let team = t.doc.team();
    for pilote in
        ["Gendarmerie (DGGN)", "Gendarmerie – DGGN (Capitaine Roux)", "DGGN", "capitaine roux"]
    {
        assert_eq!(
            team.service_of(pilote).map(|s| s.name.as_str()),
            Some("Gendarmerie (DGGN)"),
            "{pilote}"
        );
    }
    assert_eq!(
        team.service_of("Police").map(|s| s.name.as_str()),
        None,
        "« Police » is not « Police judiciaire »"
    );
    assert_eq!(team.service_of("DGDDI / DNRED").map(|s| s.id.as_str()), Some("douane-dnred"));
}

#[test]
fn the_facet_and_my_measures_group_by_service_and_chips_have_labels() {
    let plan = plan();
    let mut t = coordinator();
    t.edit(&plan, 3, Change::Pilote("Gendarmerie (DGGN)".into()));
    t.edit(&plan, 5, Change::Pilote("Gendarmerie – DGGN (Capitaine Roux)".into()));
    t.edit(&plan, 9, Change::Pilote("DGGN".into()));
    t.edit(&plan, 12, Change::Pilote("Ofast".into()));
    let today = IsoDate::parse("2026-12-05").unwrap();
    let facts = listing::facts(&plan, t.doc.annotations(), t.doc.team(), today);
    let options = facts.options(Facet::Pilote);
    let labels: Vec<&str> = options.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["Douane – DNRED", "Gendarmerie (DGGN)", "Ofast", "Police judiciaire", "Sans pilote"],
        "the directory's services, even without measures yet, by their names"
    );
    let index = SearchIndex::new(&plan);
    let gendarmerie = ListState::default().toggled(Facet::Pilote, "gendarmerie-dggn");
    assert_eq!(compute(&plan, &index, &gendarmerie, &Query::default(), &facts).visible, [3, 5, 9]);
    // The captain, who wrote his service and name in one field, finds his measures.
    let captain = Author { name: "Capitaine Roux".into(), service: String::new() };
    let mine = listing::mine(&captain, t.doc.team()).unwrap();
    assert_eq!(compute(&plan, &index, &mine, &Query::default(), &facts).visible, [3, 5, 9]);
}

#[test]
fn the_directory_offers_the_pilotes_and_signers_it_does_not_cover() {
    let plan = plan();
    let mut t = coordinator();
    t.edit(&plan, 12, Change::Pilote("Ofast".into()));
    t.edit(&plan, 13, Change::Pilote("OFAST".into()));
    t.edit(&plan, 14, Change::Pilote("Ofast".into()));
    t.edit(&plan, 3, Change::Pilote("DGGN".into()));
    let unknown: Vec<String> = t.doc.unknown_names().into_iter().map(|(n, _)| n).collect();
    // Ofast as most measures write it; Claire's service (Ofast) is the same id.
    assert_eq!(unknown, ["Ofast"]);
}

#[test]
fn the_directory_travels_in_exports_and_copies_converge_on_the_latest_version() {
    let plan = plan();
    let mut a = coordinator();
    let file = codec::export_text(&a.doc, a.now);
    let read = |text: &str| {
        codec::decode(
            text,
            &plan,
            Options { strictness: Strictness::Strict, latest: Some(T0 + DAY) },
        )
        .expect("an export imports")
        .document
    };
    let mut b = Tab::new(&plan, 2, common::karim(), T0);
    b.doc.merge(&read(&file));
    assert_eq!(b.doc.team(), a.doc.team());
    // A renames a service while B removes another; each takes the other's.
    let mut renamed = a.doc.team().get("police-judiciaire").unwrap().clone();
    renamed.name = "Police judiciaire (DCPJ)".into();
    let e = a.editor();
    a.doc.put_service(renamed, &e);
    let mut removed = b.doc.team().get("douane-dnred").unwrap().clone();
    removed.removed = true;
    let e = b.editor();
    b.doc.put_service(removed, &e);
    a.doc.merge(&read(&codec::export_text(&b.doc, b.now)));
    b.doc.merge(&read(&codec::export_text(&a.doc, a.now)));
    assert_eq!(a.doc.team(), b.doc.team());
    let names: Vec<&str> = a.doc.team().services().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Gendarmerie (DGGN)", "Police judiciaire (DCPJ)"]);
}

#[test]
fn a_file_with_a_malformed_service_is_refused_naming_it() {
    let plan = plan();
    let a = coordinator();
    let file = codec::export_text(&a.doc, a.now)
        .replace("\"id\": \"police-judiciaire\"", "\"id\": \"Police Judiciaire\"");
    let err = codec::decode(
        &file,
        &plan,
        Options { strictness: Strictness::Strict, latest: Some(T0 + DAY) },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("team"), "{err}");
}

#[test]
fn the_releve_puts_who_has_not_reported_first_and_dates_each_measure_by_its_value() {
    let plan = plan();
    let mut t = coordinator();
    for (n, p) in [
        (3, "DGGN"),
        (5, "Gendarmerie (DGGN)"),
        (12, "DNRED"),
        (13, "Douane – DNRED"),
        (20, "Ofast"),
    ] {
        t.edit(&plan, n, Change::Pilote(p.into()));
    }
    t.edit(&plan, 13, Change::Due(IsoDate::parse("2026-06-30")));
    let briefing = t.now;
    t.now += 10 * DAY;
    // After the briefing: customs report on 12, Ofast on 20.
    t.edit(&plan, 12, Change::Status(Status::EnCours));
    t.edit(&plan, 20, Change::Progress(50));
    let today = IsoDate::parse("2026-12-05").unwrap();
    let groups = report(&plan, &t.doc, briefing, today);
    let order: Vec<(&str, usize, usize)> =
        groups.iter().map(|g| (g.who.name(), g.lines.len(), g.updated())).collect();
    assert_eq!(
        order,
        [
            ("Gendarmerie (DGGN)", 2, 0),
            ("Police judiciaire", 0, 0),
            ("Douane – DNRED", 2, 1),
            ("Ofast", 1, 1),
        ],
        "silent first (those with measures before those without), then by share updated"
    );
    let customs = &groups[2];
    assert_eq!(customs.overdue(), 1);
    assert!(matches!(customs.who, Who::Service { .. }));
    assert!(matches!(groups[3].who, Who::Pilote { .. }), "Ofast is not in the directory");
    let mail = reminder(&plan, &groups[0], "https://exemple.fr/vigie/", "01/10/2026");
    assert!(mail.starts_with("mailto:?subject=Plan%20stup%C3%A9fiants"), "{mail}");
    assert!(mail.contains("Mesure%203%C2%A0%3A%20"), "each measure with its number");
    assert!(mail.contains("https%3A%2F%2Fexemple.fr%2Fvigie%2F%23%2F%3Fpilote%3Dgendarmerie-dggn"));
}

#[test]
fn an_empty_directory_changes_nothing_in_how_pilotes_group() {
    let team = Team::default();
    assert!(team.service_of("Ofast").is_none());
    assert!(Document::empty(&plan()).team().is_empty());
}
