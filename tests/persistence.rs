//! What start-up makes of local storage: the main key and every tab's
//! journal folded into one document; unreadable, damaged or migrated texts
//! copied aside before anything replaces them; newer data left untouched in
//! read-only mode; and which journals of closed tabs may go. One rule per test.

use vigie::core::files::codec::encode;
use vigie::core::files::persistence::{
    collectable, is_annotation_key, journal_key, journal_replica, startup, stored_text, BackupKey,
    Notice, BACKUP_PREFIX, MAIN_KEY, SETTLED_MS, SETTLED_WITHOUT_LOCKS_MS,
};
use vigie::core::record::annotations::Change;
use vigie::core::record::stamp::Replica;
use vigie::core::record::status::Status;

mod common;
use common::{claire, plan, Tab};

const T0: i64 = 1_790_000_000_000;

fn journal(id: u64) -> String {
    journal_key(Replica::from_bits(id))
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn nothing_stored_starts_empty_with_nothing_to_say() {
    let s = startup(None, &[], &plan());
    assert_eq!(s.document.annotations().annotated(), 0);
    assert!(s.notices.is_empty() && s.back_up.is_empty() && !s.read_only);
}

#[test]
fn the_main_key_and_every_journal_are_folded_together() {
    let plan = plan();
    let mut a = Tab::new(&plan, 1, claire(), T0);
    a.edit(&plan, 10, Change::Status(Status::EnCours));
    let mut b = Tab::new(&plan, 2, claire(), T0);
    b.edit(&plan, 11, Change::Status(Status::Realisee));
    let main = encode(&a.doc, false);
    let s = startup(Some(&main), &[(journal(2), encode(&b.doc, false))], &plan);
    assert_eq!(s.document.annotations().status_of(10), Status::EnCours);
    assert_eq!(s.document.annotations().status_of(11), Status::Realisee);
    assert!(s.notices.is_empty() && s.back_up.is_empty());
    assert_eq!(s.folded_journals.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), [journal(2)]);
}

#[test]
fn corrupt_main_text_starts_from_the_rest_and_is_copied_aside() {
    let plan = plan();
    let mut b = Tab::new(&plan, 2, claire(), T0);
    b.edit(&plan, 11, Change::Status(Status::Realisee));
    let s = startup(
        Some("{\"format\":\"vigie-annotations\", cassé"),
        &[(journal(2), encode(&b.doc, false))],
        &plan,
    );
    assert_eq!(s.back_up, [MAIN_KEY]);
    assert!(
        matches!(&s.notices[..], [Notice::Unreadable { reason }] if reason.contains("illisibles"))
    );
    assert_eq!(s.document.annotations().status_of(11), Status::Realisee);
}

#[test]
fn a_damaged_value_is_dropped_alone_named_and_the_text_copied_aside() {
    let doc = concat!(
        r#"{"format":"vigie-annotations","schema":2,"plan_id":"p","plan_fingerprint":"x","#,
        r#""written_at":1,
        "annotations":{"7":{"status":"en_cours","progress":30,"updated_at":5},"#,
        r#""8":{"status":"en_cours","progress":500,"notes":"gardée","updated_at":5}}}"#
    );
    let s = startup(Some(doc), &[], &plan());
    assert_eq!(s.back_up, [MAIN_KEY]);
    let dropped = s.notices.iter().find_map(|n| match n {
        Notice::Salvaged { dropped } => Some(dropped.summary(5)),
        _ => None,
    });
    assert_eq!(
        dropped.as_deref(),
        Some("annotations.8.progress\u{a0}: 500 n’est pas entre 0 et 100")
    );
    let m8 = s.document.annotation(8).unwrap();
    assert_eq!(
        (m8.status(), m8.notes()),
        (Status::EnCours, "gardée"),
        "the rest of measure 8 is kept"
    );
}

#[test]
fn older_schemas_are_migrated_and_the_old_text_kept_aside() {
    let s = startup(Some(&fixture("schema-2.json")), &[], &plan());
    assert!(s.notices.contains(&Notice::Migrated { from: 2 }));
    assert_eq!(s.back_up, [MAIN_KEY]);
    assert_eq!(s.document.annotations().status_of(1), Status::Realisee);
    let s = startup(Some(&fixture("schema-1.json")), &[], &plan());
    assert!(s.notices.contains(&Notice::Migrated { from: 1 }));
}

#[test]
fn newer_data_means_read_only_no_backup_and_nothing_removed() {
    let plan = plan();
    let mut b = Tab::new(&plan, 2, claire(), T0);
    b.edit(&plan, 11, Change::Status(Status::Realisee));
    let newer = r#"{"format":"vigie-annotations","schema":4,"annotations":{}}"#;
    let s = startup(
        Some(newer),
        &[(journal(2), encode(&b.doc, false)), (journal(3), "cassé".into())],
        &plan,
    );
    assert!(s.read_only);
    assert_eq!(s.notices, [Notice::Newer { schema: 4 }]);
    assert!(s.back_up.is_empty() && s.folded_journals.is_empty());
    assert_eq!(
        s.document.annotations().status_of(11),
        Status::Realisee,
        "what can be read is shown"
    );
}

#[test]
fn annotations_made_on_another_wording_are_kept_and_flagged() {
    let plan = plan();
    let mut a = Tab::new(&plan, 1, claire(), T0);
    a.edit(&plan, 12, Change::Progress(10));
    let text = encode(&a.doc, false).replace(
        &vigie::core::record::annotations::text_fingerprint(&plan.measure(12).unwrap().text),
        "0000000000000000",
    );
    let s = startup(Some(&text), &[], &plan);
    assert_eq!(s.mismatched, [12]);
    assert_eq!(s.document.annotation(12).unwrap().progress(), 10);
}

#[test]
fn journals_of_closed_tabs_go_once_settled_and_open_tabs_keep_theirs() {
    let folded =
        vec![(journal(1), T0 - SETTLED_MS), (journal(2), T0 - 1), (journal(3), T0 - SETTLED_MS)];
    let live = [Replica::from_bits(3)];
    assert_eq!(collectable(&folded, Some(&live[..]), T0), [journal(1)]);
    assert!(
        collectable(&folded, None, T0).is_empty(),
        "without Web Locks, only day-old journals go"
    );
    assert_eq!(collectable(&folded, None, T0 + SETTLED_WITHOUT_LOCKS_MS).len(), 3);
    assert!(
        collectable(&folded, Some(&live[..]), T0 - 60_000).is_empty(),
        "a clock set back only delays"
    );
}

#[test]
fn keys_are_told_apart() {
    assert!(is_annotation_key(MAIN_KEY));
    assert!(is_annotation_key(&journal(0xabc)));
    assert_eq!(journal_replica(&journal(0xabc)), Some(Replica::from_bits(0xabc)));
    assert!(!is_annotation_key(&format!("{BACKUP_PREFIX}1790000000000")));
    assert!(!is_annotation_key("vigie.annotations.onglet.XYZ"));
}

#[test]
fn backup_keys_are_never_reused_and_name_their_download() {
    let first = BackupKey::parse("vigie.annotations.sauvegarde.1790000000000").unwrap();
    assert_eq!((first.at, first.n), (1_790_000_000_000, 0));
    assert_eq!(first.to_string(), "vigie.annotations.sauvegarde.1790000000000");
    let taken = [first];
    let next = BackupKey::first_free(first.at, |k| taken.contains(k));
    assert_eq!(next.to_string(), "vigie.annotations.sauvegarde.1790000000000-1");
    assert_eq!(BackupKey::parse(&next.to_string()), Some(next));
    assert_eq!(next.file_name(), "vigie-sauvegarde-1790000000000-1.json");
    assert_eq!(BackupKey::parse("vigie.annotations.onglet.abc"), None);
}

#[test]
fn a_stored_text_is_found_under_its_key_whether_main_or_journal() {
    let journals = vec![(journal(1), "journal 1".to_owned()), (journal(2), "journal 2".to_owned())];
    assert_eq!(stored_text(MAIN_KEY, Some("main"), &journals), Some("main"));
    assert_eq!(stored_text(&journal(2), Some("main"), &journals), Some("journal 2"));
    assert_eq!(stored_text(&journal(3), Some("main"), &journals), None);
    assert_eq!(stored_text(MAIN_KEY, None, &journals), None);
}
