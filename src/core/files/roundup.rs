//! The round-up: several files taken in at once (a month's updates from a
//! dozen services, a folder of them). Each file gets its line — who signed
//! it, when, which measures it brings, or why it is refused, or that it
//! brings nothing new, or that it is a copy of another — and those that
//! bring something are merged together into one document, whose preview
//! and merge are a single file's: one « Fusionner tout », one step to undo.

use crate::core::files::exchange::{clock_ahead, preview, Preview};
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::annotations::Author;
use crate::core::record::document::Document;
use crate::core::record::stamp::Stamp;

/// A file as it was read: its name, a hash of its bytes (two copies of one
/// file are one), and its document or why it could not be read.
#[derive(Debug, Clone)]
pub struct Arrived {
    pub name: String,
    pub bytes_hash: u64,
    /// A spreadsheet, read as this browser's document plus the changes of
    /// its cells (stamped now, signed by this browser's author).
    pub sheet: bool,
    pub read: Result<Document, crate::core::files::exchange::ReadError>,
}

/// What a file of the round does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Brings {
    /// Changes of these measures this browser does not hold.
    Measures(Vec<MeasureNo>),
    /// Nothing this browser does not already hold: « déjà importé ».
    Nothing,
    /// The same as an earlier file of the round (its index): counted once.
    CopyOf(usize),
    /// It could not be read; the others still come in.
    Refused(String),
}

/// One file's line in the round's preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLine {
    pub name: String,
    /// Who exported it (empty for a spreadsheet, signed by its importer).
    pub signer: Author,
    /// When, by its writer's clock (0: unknown).
    pub written_at: i64,
    /// How far ahead of this machine's clock its writer's ran, if more
    /// than five minutes: its conflicts then stay open by default.
    pub ahead: Option<i64>,
    /// A spreadsheet: its changes are stamped now, and only look latest.
    pub sheet: bool,
    pub brings: Brings,
}

/// The round: each file's line, everything they bring as one document, and
/// the preview of merging it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub sources: Sources,
    /// What the files bring, together: the document the merge takes in.
    pub union: Document,
    pub preview: Preview,
}

/// Where a round's changes come from: each file's line, and which file
/// brings each value offered in a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sources {
    pub lines: Vec<FileLine>,
    /// For a value offered in a conflict that this browser did not hold:
    /// its stamp, and the first file that brings it.
    origins: Vec<(Stamp, usize)>,
}

impl Sources {
    /// Whether no conflict may be settled on « the latest » by default: a
    /// file's clock runs ahead, or a spreadsheet's changes, stamped now,
    /// only look latest.
    pub fn open_by_default(&self) -> bool {
        self.lines
            .iter()
            .any(|l| matches!(l.brings, Brings::Measures(_)) && (l.ahead.is_some() || l.sheet))
    }

    /// The name of the file a value offered in a conflict comes from.
    pub fn origin(&self, at: Stamp) -> Option<&str> {
        let (_, i) = self.origins.iter().find(|(s, _)| *s == at)?;
        Some(&self.lines[*i].name)
    }

    /// How many files bring something.
    pub fn bringing(&self) -> usize {
        self.lines.iter().filter(|l| matches!(l.brings, Brings::Measures(_))).count()
    }
}

/// A round being gathered, one file at a time (the browser reads each
/// between two frames): each file's line, and the union of those that bring
/// something.
#[derive(Debug, Clone)]
pub struct Gathering {
    union: Document,
    lines: Vec<FileLine>,
    /// Per file, to tell a later copy and to name where a value came from.
    seen: Vec<Seen>,
}

impl Gathering {
    pub fn new(plan: &Plan) -> Gathering {
        Gathering { union: Document::empty(plan), lines: Vec::new(), seen: Vec::new() }
    }

    /// How many files were added.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds one file: its line says what it brings against `ours`, and what
    /// it brings joins the union. Linear in the file's size (and in the
    /// earlier files' only to tell a copy, which stops at the first
    /// difference).
    pub fn add(&mut self, ours: &Document, file: Arrived, plan: &Plan, now: i64) {
        let name = file.name;
        let sheet = file.sheet;
        let line = |signer: Author, written_at, ahead, brings| FileLine {
            name: name.clone(),
            signer,
            written_at,
            ahead,
            sheet,
            brings,
        };
        let doc = match file.read {
            Err(why) => {
                self.lines.push(line(Author::default(), 0, None, Brings::Refused(why.to_string())));
                self.seen.push(Seen {
                    bytes_hash: file.bytes_hash,
                    readable: false,
                    bringing: None,
                });
                return;
            }
            Ok(doc) => doc,
        };
        let (signer, written_at) = (doc.author().clone(), doc.written_at);
        if doc.plan_fingerprint != plan.fingerprint {
            // Which of its measures may come in is a choice made file by
            // file (« Importer seulement ces mesures »).
            let why = "il a été établi sur une autre version du texte du plan\u{a0}: \
                       importez-le seul pour choisir les mesures à reprendre"
                .to_owned();
            self.lines.push(line(signer, written_at, None, Brings::Refused(why)));
            self.seen.push(Seen { bytes_hash: file.bytes_hash, readable: false, bringing: None });
            return;
        }
        // The same bytes, or (a file saved again) the same changes.
        let copy = self.seen.iter().position(|earlier| {
            (earlier.readable && earlier.bytes_hash == file.bytes_hash)
                || earlier.bringing.as_ref().is_some_and(|e| same_content(e, &doc))
        });
        let mut seen = Seen { bytes_hash: file.bytes_hash, readable: true, bringing: None };
        if let Some(first) = copy {
            self.lines.push(line(signer, written_at, None, Brings::CopyOf(first)));
            self.seen.push(seen);
            return;
        }
        let measures = new_to(ours, &doc);
        if measures.is_empty() && ours.covers_changes(&doc) {
            self.lines.push(line(signer, written_at, None, Brings::Nothing));
            self.seen.push(seen);
            return;
        }
        self.union.merge(&doc);
        // A spreadsheet is stamped by this machine's clock.
        let ahead = clock_ahead(&doc, now).filter(|_| !sheet);
        self.lines.push(line(signer, written_at, ahead, Brings::Measures(measures)));
        seen.bringing = Some(doc);
        self.seen.push(seen);
    }

    /// The round: the preview of merging the union into `ours`, and where
    /// each value offered in a conflict comes from.
    pub fn finish(self, ours: &Document, plan: &Plan) -> Round {
        let preview = preview(ours, &self.union, plan);
        let mut origins = Vec::new();
        for f in preview.conflicts.iter().flat_map(|c| c.fields.iter().map(move |f| (c.measure, f)))
        {
            let (n, field) = f;
            for o in field.values.iter().filter(|o| !o.here) {
                let from = self.seen.iter().position(|seen| {
                    seen.bringing
                        .as_ref()
                        .and_then(|d| d.annotation(n))
                        .and_then(|a| a.entry(o.value.at))
                        .is_some_and(|e| e.change == o.value.change)
                });
                if let Some(i) = from {
                    origins.push((o.value.at, i));
                }
            }
        }
        Round { sources: Sources { lines: self.lines, origins }, union: self.union, preview }
    }
}

/// What a round keeps of a file it has read.
#[derive(Debug, Clone)]
struct Seen {
    bytes_hash: u64,
    /// It was read (a refused file's copy is refused again, for its reason).
    readable: bool,
    /// Its document, when it brings something.
    bringing: Option<Document>,
}

/// The line of each file and their union, against `ours`; `now` is this
/// machine's clock (for clocks running ahead).
pub fn round(ours: &Document, files: &[Arrived], plan: &Plan, now: i64) -> Round {
    let mut gathering = Gathering::new(plan);
    for file in files {
        gathering.add(ours, file.clone(), plan, now);
    }
    gathering.finish(ours, plan)
}

/// Whether two documents hold the same changes and replacements.
fn same_content(a: &Document, b: &Document) -> bool {
    a.annotations() == b.annotations() && a.replacements().eq(b.replacements())
}

/// The measures of which `file` holds a change `ours` does not (or at an
/// earlier revision), in order.
fn new_to(ours: &Document, file: &Document) -> Vec<MeasureNo> {
    file.annotations()
        .all()
        .filter(|(n, theirs)| {
            let mine = ours.annotation(*n);
            theirs.all_entries().any(|e| {
                mine.and_then(|m| m.entry(e.at))
                    .is_none_or(|held| held.rev < e.rev || (held.rev == e.rev && held != e))
            })
        })
        .map(|(n, _)| n)
        .collect()
}
