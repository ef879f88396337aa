//! The team folder, simulated: fifty people whose browsers each write
//! their own file and read everyone else's, with delays, half-written
//! files, copies, clocks three hours apart and files arriving in any order.
//! The laws: once everyone has written and read, everyone holds the same
//! annotations, and no change anyone made is lost.

use std::collections::BTreeMap;

use proptest::prelude::*;
use vigie::core::files::codec;
use vigie::core::files::folder::{own_file_name, Folder, Listed, Seen, Taken};
use vigie::core::plan::Plan;
use vigie::core::record::annotations::{Author, Change};
use vigie::core::record::document::Document;
use vigie::core::record::stamp::Stamp;
use vigie::core::record::status::Status;

mod common;
use common::{plan, Tab};

const T0: i64 = 1_790_000_000_000;
const HOUR: i64 = 3_600_000;

/// The shared folder: each file's bytes and modification time.
#[derive(Default)]
struct Share {
    files: BTreeMap<String, (Vec<u8>, i64)>,
    clock: i64,
}

impl Share {
    fn put(&mut self, name: &str, bytes: Vec<u8>) -> (u64, i64) {
        self.clock += 1;
        let size = bytes.len() as u64;
        self.files.insert(name.to_owned(), (bytes, self.clock));
        (size, self.clock)
    }

    fn listing(&self) -> Vec<Listed> {
        self.files
            .iter()
            .map(|(name, (bytes, modified))| Listed {
                name: name.clone(),
                size: bytes.len() as u64,
                modified: *modified,
            })
            .collect()
    }
}

struct Member {
    tab: Tab,
    folder: Folder,
}

impl Member {
    fn new(plan: &Plan, i: usize, skew: i64) -> Member {
        let author =
            Author { name: format!("Personne {i}"), service: format!("Service {}", i % 12) };
        let tab = Tab::new(plan, i as u64 + 1, author.clone(), T0 + skew);
        let folder = Folder::new(own_file_name(&author, &format!("{:04x}", i)));
        Member { tab, folder }
    }

    fn write(&mut self, share: &mut Share, whole: bool) {
        let mut bytes = codec::export_text(&self.tab.doc, self.tab.now).into_bytes();
        if !whole {
            bytes.truncate(bytes.len() / 2);
        }
        let (size, modified) = share.put(self.folder.own(), bytes);
        self.folder.wrote(size, modified);
    }

    /// One scan: reads what changed, merges it, and says how many files it read.
    fn scan(&mut self, plan: &Plan, share: &Share) -> usize {
        let listing = share.listing();
        let wanted: Vec<Listed> = self.folder.to_read(&listing).into_iter().cloned().collect();
        for l in &wanted {
            let bytes = &share.files[&l.name].0;
            if let Taken::Merge(doc) = self.folder.take(l, bytes, plan, self.tab.now) {
                self.tab.doc.merge(&doc);
            }
        }
        self.folder.scanned(&listing, self.tab.now);
        wanted.len()
    }
}

fn entries(doc: &Document) -> Vec<(u16, Stamp)> {
    doc.annotations().all().flat_map(|(n, a)| a.all_entries().map(move |e| (n, e.at))).collect()
}

#[derive(Debug, Clone)]
enum Op {
    Edit { who: usize, measure: u16, progress: u8 },
    Write { who: usize, whole: bool },
    Scan { who: usize },
    Copy { who: usize },
    Wait { who: usize, ms: i64 },
}

fn op(people: usize) -> impl Strategy<Value = Op> {
    let who = 0..people;
    prop_oneof![
        4 => (who.clone(), 1u16..56, 0u8..=100).prop_map(|(who, measure, progress)| Op::Edit { who, measure, progress }),
        3 => (who.clone(), prop::bool::weighted(0.8)).prop_map(|(who, whole)| Op::Write { who, whole }),
        3 => who.clone().prop_map(|who| Op::Scan { who }),
        1 => who.clone().prop_map(|who| Op::Copy { who }),
        1 => (who, 1i64..HOUR).prop_map(|(who, ms)| Op::Wait { who, ms }),
    ]
}

const PEOPLE: usize = 50;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn fifty_people_sharing_a_folder_converge_and_lose_nothing(
        skews in prop::collection::vec(-3 * HOUR..=3 * HOUR, PEOPLE),
        ops in prop::collection::vec(op(PEOPLE), 50..250),
    ) {
        let plan = plan();
        let mut share = Share::default();
        let mut team: Vec<Member> = (0..PEOPLE).map(|i| Member::new(&plan, i, skews[i])).collect();
        let mut made: Vec<(u16, Stamp)> = Vec::new();
        for op in ops {
            match op {
                Op::Edit { who, measure, progress } => {
                    let m = &mut team[who];
                    let by = m.tab.author.display();
                    let e = m.tab.editor();
                    m.tab.now += 1_000;
                    if let Ok(Some(step)) = m.tab.doc.edit(&plan, measure, Change::Progress(progress), None, &by, &e) {
                        for f in step.fields() {
                            made.extend(f.after.iter().map(|v| (f.measure, v.at)));
                        }
                    }
                }
                Op::Write { who, whole } => team[who].write(&mut share, whole),
                Op::Scan { who } => { team[who].scan(&plan, &share); }
                Op::Copy { who } => {
                    let own = team[who].folder.own().to_owned();
                    if let Some((bytes, _)) = share.files.get(&own).cloned() {
                        share.put(&own.replace(".json", " (copie).json"), bytes);
                    }
                }
                Op::Wait { who, ms } => team[who].tab.now += ms,
            }
        }
        // Everyone writes whole, then everyone reads, twice.
        for m in &mut team {
            m.write(&mut share, true);
        }
        for _ in 0..2 {
            for m in &mut team {
                m.scan(&plan, &share);
            }
        }
        for m in &team[1..] {
            prop_assert_eq!(m.tab.doc.annotations(), team[0].tab.doc.annotations());
        }
        let held = entries(&team[0].tab.doc);
        for change in &made {
            prop_assert!(held.contains(change), "change {:?} lost", change);
        }
        // A third pass reads again only what did not read (a stale copy of
        // a half-written file): nothing else changed.
        for m in &mut team {
            let unreadable = m.folder.files().filter(|(_, s)| matches!(s, Seen::Unreadable(_))).count();
            prop_assert_eq!(m.scan(&plan, &share), unreadable);
        }
    }
}

#[test]
fn a_scan_reads_only_new_or_changed_files_and_retries_those_that_did_not_read() {
    let plan = plan();
    let mut share = Share::default();
    let mut a = Member::new(&plan, 0, 0);
    let mut b = Member::new(&plan, 1, 0);
    b.tab.edit(&plan, 8, Change::Status(Status::EnCours));
    b.write(&mut share, false);
    share.put("notes personnelles.txt", b"rien".to_vec());
    assert_eq!(a.scan(&plan, &share), 1);
    let (_, problems) = a.folder.status(a.tab.now);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].contains("n’a pas pu être lu")
            && problems[0].contains("relu au prochain passage"),
        "{problems:?}"
    );
    // Still half-written: read again, and again nothing.
    assert_eq!(a.scan(&plan, &share), 1);
    b.write(&mut share, true);
    assert_eq!(a.scan(&plan, &share), 1);
    assert_eq!(a.tab.doc.annotation(8).unwrap().status(), Status::EnCours);
    assert_eq!(a.scan(&plan, &share), 0, "unchanged: not read again");
    let (head, problems) = a.folder.status(a.tab.now + 40_000);
    assert_eq!(head, "Dossier d’équipe\u{a0}: 2\u{a0}fichiers, à jour il y a 40\u{a0}s");
    assert!(problems.is_empty());
}

#[test]
fn a_copy_is_read_once_and_named() {
    let plan = plan();
    let mut share = Share::default();
    let mut a = Member::new(&plan, 0, 0);
    let mut b = Member::new(&plan, 1, 0);
    b.tab.edit(&plan, 8, Change::Status(Status::EnCours));
    b.write(&mut share, true);
    let bytes = share.files[b.folder.own()].0.clone();
    share.put("vigie-personne-1-copie.json", bytes);
    a.scan(&plan, &share);
    let seen: Vec<&Seen> = a.folder.files().map(|(_, s)| s).collect();
    assert_eq!(seen.iter().filter(|s| matches!(s, Seen::CopyOf(_))).count(), 1);
    let (_, problems) = a.folder.status(a.tab.now);
    assert!(problems[0].contains("est une copie de"), "{problems:?}");
}

#[test]
fn another_browser_writing_our_file_is_noticed() {
    let plan = plan();
    let mut share = Share::default();
    let mut a = Member::new(&plan, 0, 0);
    a.write(&mut share, true);
    a.scan(&plan, &share);
    assert!(!a.folder.claimed());
    // Someone with the same name and id (a copied profile) writes it.
    share.put(a.folder.own(), b"{}".to_vec());
    a.scan(&plan, &share);
    assert!(a.folder.claimed());
    let (_, problems) = a.folder.status(a.tab.now);
    assert!(problems[0].starts_with("Un autre navigateur écrit aussi"), "{problems:?}");
}

#[test]
fn files_are_named_after_their_signer_and_a_short_id() {
    let author = Author { name: "Lucie Martin".into(), service: "Douane – DNRED".into() };
    assert_eq!(own_file_name(&author, "3fa2c1"), "vigie-lucie-martin-douane-dnred-3fa2c1.json");
    assert_eq!(own_file_name(&Author::default(), "3fa2c1"), "vigie-anonyme-3fa2c1.json");
}

#[test]
fn the_history_can_say_which_file_brought_each_change() {
    use vigie::core::files::folder::Origins;
    let plan = plan();
    let mut share = Share::default();
    let mut a = Member::new(&plan, 0, 0);
    let mut b = Member::new(&plan, 1, 0);
    b.tab.edit(&plan, 8, Change::Status(Status::EnCours));
    b.write(&mut share, true);
    let before = a.tab.doc.clone();
    a.scan(&plan, &share);
    let mut origins = Origins::default();
    assert!(origins.note(&before, &a.tab.doc, b.folder.own()));
    let e = a.tab.doc.annotation(8).unwrap().all_entries().next().unwrap().clone();
    assert_eq!(origins.of(e.at.replica), Some(b.folder.own()));
    // Kept across a reload.
    assert_eq!(Origins::decode(&origins.encode()), origins);
    assert_eq!(Origins::decode("pas du json"), Origins::default());
}
