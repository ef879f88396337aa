//! The team folder's decisions: a folder every member's browser can read
//! and write (a network drive, a synchronised folder), where each browser
//! writes only its own file, in the export format, and reads everyone
//! else's. Which files to read on a scan (the Vigie files whose size or
//! modification time changed, and those that did not read last time), what
//! each one brings (changes, nothing new, a copy of another, or why it does
//! not read), whether another browser writes under our name, and what the
//! status line says. A file's times only say « read me again »: the merge's
//! stamps decide everything else. The browser side (the File System Access
//! API) only lists, reads and writes.

use crate::core::files::exchange::read_file;
use crate::core::plan::{Fnv1a, Plan};
use crate::core::record::annotations::Author;
use crate::core::record::document::Document;

/// Every Vigie file of a team folder is named `vigie-….json`.
pub const PREFIX: &str = "vigie-";

/// A file as the folder lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub name: String,
    pub size: u64,
    /// Its modification time, in milliseconds, by the file server's clock.
    pub modified: i64,
}

/// What the last reading of a file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// Read; its content's hash, who signed it, and how many measures it
    /// holds.
    Read { hash: u64, signer: String, measures: usize },
    /// The same content as another file (a copy made by hand or by the
    /// synchronisation client): read once.
    CopyOf(String),
    /// Did not read (half-written, damaged, a newer Vigie, another plan):
    /// why, in French. Read again at the next scan.
    Unreadable(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Known {
    listed: Listed,
    seen: Seen,
}

/// What this browser knows of its team folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// Our own file's name.
    own: String,
    files: Vec<Known>,
    /// Size and time of our file as we last wrote it.
    written: Option<(u64, i64)>,
    /// When the last scan ended, by this machine's clock.
    scanned: Option<i64>,
    /// Another browser wrote our file since we did.
    claimed: bool,
}

/// The name of this browser's file: the signer's words and a short id
/// drawn once per browser, so that two people of the same name, or one
/// person with two computers, never share a file.
pub fn own_file_name(author: &Author, id: &str) -> String {
    let who = crate::core::record::team::pilote_id(&author.display());
    let who: String =
        who.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
    let who = if who.is_empty() { "anonyme".to_owned() } else { who };
    format!("{PREFIX}{who}-{id}.json")
}

/// Whether a folder entry is a Vigie file.
pub fn is_vigie_file(name: &str) -> bool {
    name.starts_with(PREFIX) && name.ends_with(".json")
}

/// What reading one file did.
#[derive(Debug)]
pub enum Taken {
    /// Its document, to merge.
    Merge(Box<Document>),
    /// Nothing to merge (a copy, or a file that does not read).
    Nothing,
}

impl Folder {
    pub fn new(own: String) -> Folder {
        Folder { own, files: Vec::new(), written: None, scanned: None, claimed: false }
    }

    pub fn own(&self) -> &str {
        &self.own
    }

    /// Writes under another name from now on (the signer changed, or
    /// another browser claimed ours).
    pub fn rename(&mut self, own: String) {
        if own != self.own {
            self.own = own;
            self.written = None;
            self.claimed = false;
        }
    }

    /// The files of `listing` to read now: Vigie files but ours, new or
    /// changed in size or time since read, or that did not read last time.
    pub fn to_read<'l>(&self, listing: &'l [Listed]) -> Vec<&'l Listed> {
        listing
            .iter()
            .filter(|l| is_vigie_file(&l.name) && l.name != self.own)
            .filter(|l| match self.files.iter().find(|k| k.listed.name == l.name) {
                None => true,
                Some(k) => k.listed != **l || matches!(k.seen, Seen::Unreadable(_)),
            })
            .collect()
    }

    /// Takes in what `bytes` (the content of `listed`) holds, read at
    /// `now` (stamps a day ahead are refused, as for any file).
    pub fn take(&mut self, listed: &Listed, bytes: &[u8], plan: &Plan, now: i64) -> Taken {
        let mut hash = Fnv1a::new();
        hash.write(bytes);
        let hash = hash.finish();
        let copy_of = self.files.iter().find_map(|k| match &k.seen {
            Seen::Read { hash: h, .. } if *h == hash && k.listed.name != listed.name => {
                Some(k.listed.name.clone())
            }
            _ => None,
        });
        let (seen, taken) = match (copy_of, read_file(bytes, plan, now)) {
            (Some(original), Ok(_)) => (Seen::CopyOf(original), Taken::Nothing),
            (_, Ok(decoded)) if decoded.document.plan_fingerprint != plan.fingerprint => (
                Seen::Unreadable("écrit pour une autre version du plan".to_owned()),
                Taken::Nothing,
            ),
            (None, Ok(decoded)) => (
                Seen::Read {
                    hash,
                    signer: decoded.document.author().display(),
                    measures: decoded.document.annotations().annotated(),
                },
                Taken::Merge(Box::new(decoded.document)),
            ),
            (_, Err(e)) => (Seen::Unreadable(e.to_string()), Taken::Nothing),
        };
        let known = Known { listed: listed.clone(), seen };
        match self.files.iter_mut().find(|k| k.listed.name == listed.name) {
            Some(k) => *k = known,
            None => self.files.push(known),
        }
        taken
    }

    /// The scan is over: files no longer listed are forgotten, and whether
    /// our own file was written by someone else since we wrote it is noted.
    pub fn scanned(&mut self, listing: &[Listed], now: i64) {
        self.files.retain(|k| listing.iter().any(|l| l.name == k.listed.name));
        crate::core::order::sort_by_key(&mut self.files, |k| k.listed.name.clone());
        let ours = listing.iter().find(|l| l.name == self.own);
        self.claimed = match (ours, self.written) {
            (Some(l), Some((size, modified))) => (l.size, l.modified) != (size, modified),
            _ => false,
        };
        self.scanned = Some(now);
    }

    /// Our file was written: its size and time as the folder now lists it.
    pub fn wrote(&mut self, size: u64, modified: i64) {
        self.written = Some((size, modified));
        self.claimed = false;
    }

    /// Another browser writes under our file's name.
    pub fn claimed(&self) -> bool {
        self.claimed
    }

    /// Every colleague's file, with what it gave.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Seen)> {
        self.files.iter().map(|k| (k.listed.name.as_str(), &k.seen))
    }

    /// The status line: « Dossier d’équipe : 7 fichiers, à jour il y a
    /// 40 s », then what is wrong, if anything.
    pub fn status(&self, now: i64) -> (String, Vec<String>) {
        let read = self.files.iter().filter(|k| matches!(k.seen, Seen::Read { .. })).count();
        let head = match self.scanned {
            None => "Dossier d’équipe\u{a0}: lecture en cours…".to_owned(),
            Some(at) => format!(
                "Dossier d’équipe\u{a0}: {}, à jour {}",
                crate::core::french::plural(read + 1, "fichier", "fichiers"),
                ago(now - at)
            ),
        };
        let mut problems = Vec::new();
        for k in &self.files {
            match &k.seen {
                Seen::Unreadable(why) => problems.push(format!(
                    "{} n’a pas pu être lu ({why})\u{202f}; il sera relu au prochain passage.",
                    crate::core::french::quoted(&k.listed.name)
                )),
                Seen::CopyOf(original) => problems.push(format!(
                    "{} est une copie de {}\u{a0}: lu une seule fois.",
                    crate::core::french::quoted(&k.listed.name),
                    crate::core::french::quoted(original)
                )),
                Seen::Read { .. } => {}
            }
        }
        if self.claimed {
            problems.push(format!(
                "Un autre navigateur écrit aussi {}\u{a0}: ce navigateur écrit désormais sous un \
                 autre nom.",
                crate::core::french::quoted(&self.own)
            ));
        }
        (head, problems)
    }
}

/// « il y a 40 s », « il y a 3 min », « à l’instant ».
fn ago(ms: i64) -> String {
    match ms / 1000 {
        s if s < 5 => "à l’instant".to_owned(),
        s if s < 60 => format!("il y a {s}\u{a0}s"),
        s if s < 3600 => format!("il y a {}\u{a0}min", s / 60),
        s => format!("il y a {}\u{a0}h", s / 3600),
    }
}

/// How long after a change our file is written: within the 5 s promised,
/// late enough that a burst of typing makes one write.
pub const WRITE_DELAY_MS: i64 = 2_000;

/// How often the folder is scanned while the page is open.
pub const SCAN_EVERY_MS: i64 = 60_000;

/// Which file of the team folder brought each tab's changes here: the tabs
/// (replicas) whose changes a merge added, paired with the file's name, the
/// first file that brought them kept. The history says « via ‹fichier› ».
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins(Vec<(crate::core::record::stamp::Replica, String)>);

impl Origins {
    /// Notes the tabs whose changes `file` (read as `incoming`) brings to
    /// `held`, before they are merged.
    pub fn note(&mut self, held: &Document, incoming: &Document, file: &str) -> bool {
        let before = held;
        let mut changed = false;
        for (n, a) in incoming.annotations().all() {
            let held = before.annotation(n);
            for e in a.all_entries() {
                let new = held.is_none_or(|h| h.entry(e.at).is_none());
                if new && self.of(e.at.replica).is_none() {
                    let i = self.0.partition_point(|(r, _)| *r < e.at.replica);
                    self.0.insert(i, (e.at.replica, file.to_owned()));
                    changed = true;
                }
            }
        }
        changed
    }

    /// The file that brought the changes of `replica`, if one did.
    pub fn of(&self, replica: crate::core::record::stamp::Replica) -> Option<&str> {
        let i = self.0.binary_search_by_key(&replica, |(r, _)| *r).ok()?;
        Some(&self.0[i].1)
    }

    /// As stored: `[[tab, file], …]`.
    pub fn encode(&self) -> String {
        let pairs: Vec<(String, String)> =
            self.0.iter().map(|(r, f)| (r.to_string(), f.clone())).collect();
        serde_json::to_string(&pairs).unwrap_or_else(|_| unreachable!("strings serialise"))
    }

    /// What was stored; anything unreadable is forgotten (the history then
    /// only lacks the « via »).
    pub fn decode(raw: &str) -> Origins {
        let pairs: Vec<(String, String)> = serde_json::from_str(raw).unwrap_or_default();
        let mut out: Vec<(crate::core::record::stamp::Replica, String)> = pairs
            .into_iter()
            .filter(|(_, f)| is_vigie_file(f))
            .filter_map(|(r, f)| Some((crate::core::record::stamp::Replica::parse(&r)?, f)))
            .collect();
        crate::core::order::sort_by_key(&mut out, |(r, _)| *r);
        out.dedup_by_key(|(r, _)| *r);
        Origins(out)
    }
}
