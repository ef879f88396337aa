//! The JSON form of a [`Document`], the one shape Vigie writes to local
//! storage and to exported files: writing it, and reading it back into
//! typed values once, at the boundary. Reading names every problem with the
//! path of the bad value (`annotations.17.changes.3.value`), stops listing
//! after 100, takes linear time and memory whatever the file holds, and
//! migrates the two older schemas (1, the pre-release draft, and 2, a
//! snapshot per measure with a status and progress history) to schema 3.
//!
//! The outer layers are serde wire types whose leaves stay raw JSON
//! (`&RawValue`), so that one bad value costs only its own field or change
//! and a huge array is never held as a tree.

use crate::core::french;
use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::core::date::IsoDate;
use crate::core::plan::{Fnv1a, MeasureNo, Plan};
use crate::core::record::annotations::{
    clean, is_forbidden, text_fingerprint, Annotation, Author, Change, Entry, Field, Link, Origin,
    TextKind, Version, Wording, MAX_COMMENT, MAX_LINKS, MAX_NOTES, MAX_SHORT, MAX_URL,
};
use crate::core::record::document::{Document, Replacement, Signature, NOTHING_SHARED};
use crate::core::record::stamp::{Replica, Stamp, MAX_MS};
use crate::core::record::status::Status;
use crate::core::record::team::{service_id, Service, Team, MAX_NAMES, MAX_SERVICES};

/// The `format` field of every document Vigie writes.
pub const FORMAT: &str = "vigie-annotations";
/// The schema this build writes and the newest it reads.
pub const SCHEMA: u64 = 3;
/// Problems listed by name; beyond, only counted.
pub const MAX_PROBLEMS: usize = 100;
/// Measures a document may name (the plan has 55).
const MAX_MEASURE_KEYS: usize = 1_000;

// Caps on what a *file* may hold, so that a hostile one cannot make the
// reader slow. Each sits far above a realistic team's history (the
// five-year, fifteen-person fixture of `tests/common/team.rs` holds about
// 200 changes per measure and no replacement): an export of real work is
// never refused. What this browser stored itself is read without them, so
// that nothing it holds is ever left out at start-up.

/// Changes one measure may hold in a file: 100 times a five-year history.
pub const MAX_FILE_CHANGES_PER_MEASURE: usize = 20_000;
/// Replacements (« Remplacer ») a file may hold.
pub const MAX_FILE_REPLACEMENTS: usize = 5_000;
/// Versions one change may replace, stamps one replacement may list.
const MAX_REFERENCES: usize = 100_000;

// ---------------------------------------------------------------- writing

#[derive(Serialize)]
struct OutDocument<'a> {
    format: &'static str,
    schema: u64,
    plan_id: &'a str,
    plan_fingerprint: &'a str,
    written_at: i64,
    author: OutAuthor<'a>,
    /// `None` in the header of a document written in parts.
    #[serde(serialize_with = "as_map_or_none", skip_serializing_if = "Option::is_none")]
    annotations: Option<Vec<(MeasureNo, OutAnnotation<'a>)>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    replacements: Vec<OutReplacement<'a>>,
    /// The team directory, every service at its version.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    team: Vec<OutService<'a>>,
    /// What only this browser's storage holds (see
    /// [`crate::core::record::document::Signature`]); left out of exports. In the
    /// `[[key, value], …]` form the drafts use, so that the first load links
    /// no other JSON shape for them: `local` pairs a tab with its latest
    /// stamp, `signatures` says `tab|after|until` and the name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    local: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shared: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    signatures: Vec<(String, String)>,
}

#[derive(Serialize)]
struct OutAuthor<'a> {
    name: &'a str,
    service: &'a str,
    #[serde(skip_serializing_if = "is_zero_stamp")]
    at: Stamp,
}

#[derive(Serialize)]
struct OutAnnotation<'a> {
    text_fingerprint: &'a str,
    #[serde(skip_serializing_if = "is_zero_stamp")]
    fingerprint_at: Stamp,
    changes: Vec<OutEntry<'a>>,
}

#[derive(Serialize)]
struct OutEntry<'a> {
    at: Stamp,
    #[serde(skip_serializing_if = "is_zero")]
    rev: u32,
    by: &'a str,
    field: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    on: Option<Stamp>,
    value: OutValue<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    replaces: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<Stamp>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum OutValue<'a> {
    Text(&'a str),
    Number(u8),
    Date(Option<String>),
    Links(Vec<OutLink<'a>>),
}

#[derive(Serialize)]
struct OutLink<'a> {
    label: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct OutReplacement<'a> {
    at: Stamp,
    by: &'a str,
    hide: &'a [Stamp],
    keep: &'a [Stamp],
    #[serde(skip_serializing_if = "Option::is_none")]
    undone: Option<Stamp>,
}

#[derive(Serialize)]
struct OutService<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    people: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    email: &'a str,
    at: Stamp,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    removed: bool,
}

/// Pairs in key order, written as a JSON object.
fn as_map_or_none<S: serde::Serializer, K: Serialize, V: Serialize>(
    pairs: &Option<Vec<(K, V)>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().flatten().map(|(k, v)| (k, v)))
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_zero_stamp(s: &Stamp) -> bool {
    *s == Stamp::default()
}

fn version_text(v: &Version) -> String {
    if v.rev == 0 {
        v.at.to_string()
    } else {
        format!("{}/{}", v.at, v.rev)
    }
}

/// The JSON text of a document; `pretty` for files people may open.
pub fn encode(document: &Document, pretty: bool) -> String {
    encode_written_at(document, document.written_at, pretty)
}

/// The JSON form of `document` as this browser stores it, written at
/// `written_at`, without copying the document to change that one field.
pub fn encode_written_at(document: &Document, written_at: i64, pretty: bool) -> String {
    encode_whole(document, written_at, pretty, Keep::Local)
}

/// An export: pretty, and without what only this browser keeps.
pub fn export_text(document: &Document, written_at: i64) -> String {
    encode_whole(document, written_at, true, Keep::Shared)
}

/// Whether to write what only this browser's storage holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    Local,
    Shared,
}

fn encode_whole(document: &Document, written_at: i64, pretty: bool, keep: Keep) -> String {
    let annotations = document
        .annotations()
        .all()
        .filter(|(_, a)| !a.is_empty())
        .map(|(n, a)| (n, out_annotation(a)))
        .collect();
    let compact = to_json(&out_document(document, written_at, Some(annotations), keep));
    if pretty {
        indent(&compact)
    } else {
        compact
    }
}

/// The JSON form of `document` in parts, for storage that keeps each
/// measure apart (so that damage to one costs only it): the header (every
/// field but `annotations`), and each measure's object. [`join_parts`]
/// puts them back together.
pub fn encode_parts(document: &Document, written_at: i64) -> (String, Vec<(MeasureNo, String)>) {
    let header = to_json(&out_document(document, written_at, None, Keep::Local));
    let measures = document
        .annotations()
        .all()
        .filter(|(_, a)| !a.is_empty())
        .map(|(n, a)| (n, to_json(&out_annotation(a))))
        .collect();
    (header, measures)
}

/// A whole document's JSON from its parts (see [`encode_parts`]); a part
/// that could not be recovered (`None`) is left out and named, so that the
/// rest reads.
pub fn join_parts(header: &str, measures: Vec<(String, Option<String>)>) -> (String, Problems) {
    let mut lost = Problems::default();
    let mut kept = Vec::new();
    for (key, json) in measures {
        match json {
            Some(json) => kept.push(format!("\"{key}\":{json}")),
            None => lost.push(
                format!("annotations.{}", truncate(&key)),
                "données enregistrées endommagées\u{a0}: cette mesure est écartée",
            ),
        }
    }
    let open = header.trim_end().strip_suffix('}').unwrap_or(header);
    let comma = if open.trim_end().ends_with('{') { "" } else { "," };
    (format!("{open}{comma}\"annotations\":{{{}}}}}", kept.join(",")), lost)
}

/// The header put back when a packed main key's own was damaged: the
/// measures still read; the author and the replacements are lost, and
/// [`header_lost`] says so.
pub const BARE_HEADER: &str = r#"{"format":"vigie-annotations","schema":3}"#;

/// What losing a packed main key's header costs.
pub fn header_lost() -> Problems {
    let mut lost = Problems::default();
    lost.push(
        "entete",
        "en-tête endommagé\u{a0}: l’auteur et les remplacements enregistrés sont perdus, \
         les mesures sont reprises",
    );
    lost
}

fn to_json(value: &impl Serialize) -> String {
    // Strings, numbers and maps with string keys always serialise; not
    // formatting the impossible error keeps serde_json's English messages
    // out of the WebAssembly.
    serde_json::to_string(value).unwrap_or_else(|_| unreachable!("a document serialises"))
}

fn out_annotation(a: &Annotation) -> OutAnnotation<'_> {
    OutAnnotation {
        text_fingerprint: &a.wording.fingerprint,
        fingerprint_at: a.wording.at,
        changes: a.all_entries().map(out_entry).collect(),
    }
}

fn out_document<'a>(
    document: &'a Document,
    written_at: i64,
    annotations: Option<Vec<(MeasureNo, OutAnnotation<'a>)>>,
    keep: Keep,
) -> OutDocument<'a> {
    let local = keep == Keep::Local;
    OutDocument {
        format: FORMAT,
        schema: SCHEMA,
        plan_id: &document.plan_id,
        plan_fingerprint: &document.plan_fingerprint,
        written_at,
        author: OutAuthor {
            name: &document.author().name,
            service: &document.author().service,
            at: document.author_at(),
        },
        annotations,
        replacements: document
            .replacements()
            .map(|r| OutReplacement {
                at: r.at,
                by: &r.by,
                hide: &r.hide,
                keep: &r.keep,
                undone: r.undone,
            })
            .collect(),
        team: document
            .team()
            .all()
            .iter()
            .map(|s| OutService {
                id: &s.id,
                name: &s.name,
                aliases: &s.aliases,
                people: &s.people,
                email: &s.email,
                at: s.at,
                removed: s.removed,
            })
            .collect(),
        local: if local {
            document.unsigned_tabs().iter().map(|(r, at)| (r.to_string(), at.to_string())).collect()
        } else {
            Vec::new()
        },
        shared: (local && document.shared() != NOTHING_SHARED)
            .then(|| format!("{}.{}", document.shared().0, document.shared().1)),
        signatures: if local {
            document
                .signatures()
                .iter()
                .map(|s| {
                    (format!("{}|{}.{}|{}", s.replica, s.after.0, s.after.1, s.until), s.by.clone())
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

fn out_entry(e: &Entry) -> OutEntry<'_> {
    let (on, value) = match &e.change {
        Change::Status(s) => (None, OutValue::Text(s.id())),
        Change::Progress(p) => (None, OutValue::Number(*p)),
        Change::Pilote(p) => (None, OutValue::Text(p)),
        Change::Due(d) => (None, OutValue::Date(d.map(|d| d.to_string()))),
        Change::Notes(n) => (None, OutValue::Text(n)),
        Change::Links(l) => (
            None,
            OutValue::Links(l.iter().map(|l| OutLink { label: &l.label, url: &l.url }).collect()),
        ),
        Change::Comment { on, text } => (Some(*on), OutValue::Text(text)),
    };
    let (origin, to) =
        (e.origin.id(), if let Origin::Revert(to) = e.origin { Some(to) } else { None });
    OutEntry {
        at: e.at,
        rev: e.rev,
        by: &e.by,
        field: e.field().id(),
        on,
        value,
        replaces: e.replaces.iter().map(version_text).collect(),
        origin,
        to,
    }
}

/// Compact JSON laid out for people, two spaces an indent (as
/// `serde_json::to_string_pretty` would, without a second serialiser in the
/// WebAssembly).
fn indent(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' if matches!(chars.peek(), Some('}' | ']')) => {
                out.push(c);
                out.extend(chars.next());
            }
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------- errors

/// One thing wrong in a document, at a JSON path such as `annotations.17.changes.2.value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\u{a0}: {}", self.path, self.message)
    }
}

/// The problems found, the first [`MAX_PROBLEMS`] by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Problems {
    pub listed: Vec<Problem>,
    /// How many more were found and not listed.
    pub more: usize,
}

impl Problems {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.listed.len() < MAX_PROBLEMS {
            self.listed.push(Problem { path: path.into(), message: message.into() });
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.listed.is_empty() && self.more == 0
    }

    pub fn count(&self) -> usize {
        self.listed.len() + self.more
    }

    fn extend(&mut self, other: Problems) {
        for p in other.listed {
            self.push(p.path, p.message);
        }
        self.more += other.more;
    }

    /// `p1 ; p2 ; … et 12 autres problèmes`, at most `shown` by name.
    pub fn summary(&self, shown: usize) -> String {
        let mut out = self
            .listed
            .iter()
            .take(shown)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\u{202f}; ");
        let rest = self.count().saturating_sub(shown.min(self.listed.len()));
        if rest > 0 {
            out.push_str(&format!(
                "\u{202f}; … et {} autre{} problème{}",
                french::integer(rest),
                if rest > 1 { "s" } else { "" },
                if rest > 1 { "s" } else { "" }
            ));
        }
        out
    }
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON: where the reading stopped, and whether the text simply
    /// ended too soon (a truncated file). Said in French, not in the
    /// parser's English.
    NotJson { line: usize, column: usize, truncated: bool },
    /// Valid JSON, but not a Vigie annotation document.
    WrongFormat,
    /// Written by a newer Vigie, with this schema number.
    NewerSchema(u64),
    /// Values that are not what they should be, each with its path.
    Invalid(Problems),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotJson { line, column, truncated: true } => write!(
                f,
                "ce n’est pas du JSON valide\u{a0}: le texte s’arrête avant la fin \
                 (ligne\u{a0}{line}, colonne\u{a0}{column})\u{202f}; fichier tronqué\u{202f}?"
            ),
            DecodeError::NotJson { line, column, .. } => write!(
                f,
                "ce n’est pas du JSON valide\u{a0}: caractère inattendu \
                 ligne\u{a0}{line}, colonne\u{a0}{column}"
            ),
            DecodeError::WrongFormat => {
                write!(
                    f,
                    "ce fichier JSON n’est pas un fichier d’annotations Vigie \
                     (champ «\u{202f}format\u{202f}» absent ou différent)"
                )
            }
            DecodeError::NewerSchema(v) => write!(
                f,
                "ce fichier vient d’une version plus récente de Vigie (schéma {v}, \
                 cette version lit jusqu’au schéma {SCHEMA})\u{a0}: mettez Vigie à jour"
            ),
            DecodeError::Invalid(problems) => {
                let n = problems.count();
                write!(
                    f,
                    "{} valeur{} invalide{}\u{a0}: {}",
                    french::integer(n),
                    if n > 1 { "s" } else { "" },
                    if n > 1 { "s" } else { "" },
                    problems.summary(5)
                )
            }
        }
    }
}

/// How to treat invalid values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Any problem refuses the whole document (imports).
    Strict,
    /// Keep everything valid, drop and report only what is not, down to a
    /// single change (recovery of stored data; the caller backs up the raw
    /// text first).
    Salvage,
}

/// How to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub strictness: Strictness,
    /// Refuse stamps after this instant (milliseconds): files from a
    /// machine whose clock runs more than a day ahead. `None` for what
    /// this browser stored itself.
    pub latest: Option<i64>,
}

/// A successfully read document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub document: Document,
    /// The schema it was migrated from, if older.
    pub migrated_from: Option<u64>,
    /// What was left out (only with [`Strictness::Salvage`]).
    pub dropped: Problems,
}

// ---------------------------------------------------------------- reading

/// The top of a document, every value left raw to be judged on its own.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    format: Option<&'a RawValue>,
    #[serde(borrow)]
    schema: Option<&'a RawValue>,
    #[serde(borrow)]
    version: Option<&'a RawValue>,
    #[serde(borrow)]
    plan_id: Option<&'a RawValue>,
    #[serde(borrow)]
    plan_fingerprint: Option<&'a RawValue>,
    #[serde(borrow)]
    written_at: Option<&'a RawValue>,
    /// Schema 1's `written_at`.
    #[serde(borrow)]
    saved_at: Option<&'a RawValue>,
    #[serde(borrow)]
    author: Option<&'a RawValue>,
    #[serde(borrow)]
    annotations: Option<&'a RawValue>,
    #[serde(borrow)]
    replacements: Option<&'a RawValue>,
    #[serde(borrow)]
    team: Option<&'a RawValue>,
    /// Read only from this browser's own storage.
    #[serde(borrow)]
    local: Option<&'a RawValue>,
    #[serde(borrow)]
    shared: Option<&'a RawValue>,
    #[serde(borrow)]
    signatures: Option<&'a RawValue>,
}

/// A JSON array read lazily: at most `cap` items kept raw, the rest counted.
struct RawSeq<'a> {
    items: Vec<&'a RawValue>,
    total: usize,
}

fn raw_seq<'a>(raw: &'a RawValue, cap: usize) -> Option<RawSeq<'a>> {
    struct V(usize);
    impl<'de> Visitor<'de> for V {
        type Value = RawSeq<'de>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("une liste")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawSeq<'de>, A::Error> {
            let mut out = RawSeq { items: Vec::new(), total: 0 };
            while out.items.len() < self.0 {
                match seq.next_element::<&'de RawValue>()? {
                    Some(item) => out.items.push(item),
                    None => break,
                }
            }
            out.total = out.items.len();
            while seq.next_element::<IgnoredAny>()?.is_some() {
                out.total += 1;
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_seq(V(cap)).ok()
}

/// A JSON object read lazily: keys in order with their raw values, at most
/// `cap` of them; repeated keys are kept so that they can be refused.
struct RawMap<'a> {
    entries: Vec<(String, &'a RawValue)>,
    total: usize,
}

impl<'a> RawMap<'a> {
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

fn raw_map<'a>(raw: &'a RawValue, cap: usize) -> Option<RawMap<'a>> {
    struct V(usize);
    impl<'de> Visitor<'de> for V {
        type Value = RawMap<'de>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("un objet")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMap<'de>, A::Error> {
            let mut out = RawMap { entries: Vec::new(), total: 0 };
            while let Some(key) = map.next_key::<String>()? {
                out.total += 1;
                if out.entries.len() < self.0 {
                    out.entries.push((key, map.next_value::<&'de RawValue>()?));
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_map(V(cap)).ok()
}

/// What a raw value is, in words, for messages.
fn kind(raw: &RawValue) -> String {
    let text = raw.get().trim_start();
    match text.as_bytes().first() {
        Some(b'[') => "une liste".to_owned(),
        Some(b'{') => "un objet".to_owned(),
        Some(b'"') => match serde_json::from_str::<String>(text) {
            Ok(s) => format!("«\u{202f}{}\u{202f}»", truncate(&s)),
            Err(_) => "un texte".to_owned(),
        },
        Some(b'n') => "null".to_owned(),
        _ => truncate(text),
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

fn is_null(raw: Option<&RawValue>) -> bool {
    raw.is_none_or(|r| r.get().trim() == "null")
}

/// A whole number written plainly (`17`, not `1.7e1`), within `max`.
fn whole(raw: &RawValue, max: u64) -> Option<u64> {
    let text = raw.get().trim();
    let plain = !text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| text.parse::<u64>().ok()).flatten().filter(|&n| n <= max)
}

/// Where a value sits: its parent's path and its own key. The path is only
/// written out when something is wrong there.
#[derive(Clone, Copy)]
struct At<'a>(&'a str, &'a str);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            ("", key) => f.write_str(key),
            (base, "") => f.write_str(base),
            (base, key) => write!(f, "{base}.{key}"),
        }
    }
}

/// Reads leaves, recording problems under their paths.
struct Reader<'p> {
    problems: &'p mut Problems,
    latest: Option<i64>,
    /// A file: caps apply, and any problem refuses it. Otherwise stored
    /// data, salvaged down to a single reference.
    strict: bool,
}

impl Reader<'_> {
    fn problem(&mut self, at: At, message: impl Into<String>) {
        self.problems.push(at.to_string(), message);
    }

    /// A text of at most `max` characters without forbidden characters.
    fn text(
        &mut self,
        raw: Option<&RawValue>,
        at: At,
        max: usize,
        kind_: TextKind,
    ) -> Option<String> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(String::new()) };
        let Ok(s) = serde_json::from_str::<String>(raw.get()) else {
            self.problem(at, format!("{} n’est pas un texte", kind(raw)));
            return None;
        };
        if let Some(c) = s.chars().find(|&c| is_forbidden(c, kind_)) {
            let what = if c.is_control() {
                "le caractère de contrôle"
            } else {
                "le caractère de mise en forme bidirectionnelle"
            };
            self.problem(
                at,
                format!("contient {what} U+{:04X}, refusé dans ce champ", u32::from(c)),
            );
            return None;
        }
        let count = s.chars().count();
        if count > max {
            self.problem(
                at,
                format!(
                    "{} caractères, au-delà de la limite de {}",
                    french::integer(count),
                    french::integer(max)
                ),
            );
            return None;
        }
        Some(s)
    }

    /// Milliseconds since 1970, up to the year 2200.
    fn instant(&mut self, raw: Option<&RawValue>, at: At) -> Option<i64> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(0) };
        match whole(raw, MAX_MS as u64) {
            Some(ms) => Some(ms as i64),
            None => {
                self.problem(
                    at,
                    format!("{} n’est pas un instant plausible (millisecondes)", kind(raw)),
                );
                None
            }
        }
    }

    fn stamp(&mut self, raw: Option<&RawValue>, at: At) -> Option<Stamp> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else {
            self.problem(at, "horodatage absent");
            return None;
        };
        let parsed = serde_json::from_str::<String>(raw.get()).ok().and_then(|s| Stamp::parse(&s));
        let Some(stamp) = parsed else {
            self.problem(
                at,
                format!(
                    "{} n’est pas un horodatage Vigie («\u{202f}millisecondes.compteur.onglet\u{202f}»)",
                    kind(raw)
                ),
            );
            return None;
        };
        self.not_future(stamp, at)
    }

    fn not_future(&mut self, stamp: Stamp, at: At) -> Option<Stamp> {
        match self.latest {
            Some(latest) if stamp.ms > latest => {
                self.problem(
                    at,
                    "date à plus de 24 h dans le futur\u{a0}: l’horloge de l’ordinateur \
                     qui a écrit ce fichier est sans doute déréglée",
                );
                None
            }
            _ => Some(stamp),
        }
    }

    fn status(&mut self, raw: Option<&RawValue>, at: At) -> Option<Status> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(Status::default()) };
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) => Status::from_id(&s).or_else(|| {
                self.problem(at, format!("statut inconnu «\u{202f}{}\u{202f}»", truncate(&s)));
                None
            }),
            Err(_) => {
                self.problem(at, format!("{} n’est pas un statut", kind(raw)));
                None
            }
        }
    }

    fn progress(&mut self, raw: Option<&RawValue>, at: At) -> Option<u8> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(0) };
        match whole(raw, 100) {
            Some(p) => Some(p as u8),
            None => {
                self.problem(at, format!("{} n’est pas entre 0 et 100", truncate(raw.get())));
                None
            }
        }
    }

    fn due(&mut self, raw: Option<&RawValue>, at: At) -> Option<Option<IsoDate>> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(None) };
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) if s.is_empty() => Some(None),
            Ok(s) => match IsoDate::parse(&s) {
                Some(d) => Some(Some(d)),
                None => {
                    self.problem(
                        at,
                        format!(
                            "«\u{202f}{}\u{202f}» n’est pas une date réelle au format AAAA-MM-JJ",
                            truncate(&s)
                        ),
                    );
                    None
                }
            },
            Err(_) => {
                self.problem(at, format!("{} n’est pas une date AAAA-MM-JJ", kind(raw)));
                None
            }
        }
    }

    fn links(&mut self, raw: Option<&RawValue>, at: At) -> Option<Vec<Link>> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(Vec::new()) };
        let Some(seq) = raw_seq(raw, MAX_LINKS) else {
            self.problem(at, format!("{} au lieu d’une liste", kind(raw)));
            return None;
        };
        if seq.total > MAX_LINKS {
            self.problem(
                at,
                format!(
                    "{} liens, au-delà \
                     de la limite de {MAX_LINKS}",
                    french::integer(seq.total)
                ),
            );
            return None;
        }
        let path = at.to_string();
        let mut links = Vec::new();
        let mut ok = true;
        for (i, item) in seq.items.iter().enumerate() {
            let base = format!("{path}.{i}");
            let Some(map) = raw_map(item, 10) else {
                self.problem(At(&base, ""), "devrait être un objet { label, url }");
                ok = false;
                continue;
            };
            let label = self.text(map.get("label"), At(&base, "label"), MAX_SHORT, TextKind::Short);
            let url = self.text(map.get("url"), At(&base, "url"), MAX_URL, TextKind::Short);
            match (label, url) {
                // Non-web addresses are kept as text (never made links):
                // refusing them would lose a colleague's evidence.
                (Some(label), Some(url)) => links.push(Link { label, url }),
                _ => ok = false,
            }
        }
        ok.then_some(links)
    }

    /// A list of at most `cap` items, each read by `item`; `None` (with the
    /// problem said) when it is not a list or is too long.
    fn list<'a, T>(
        &mut self,
        raw: Option<&'a RawValue>,
        at: At,
        cap: usize,
        what: &str,
        mut item: impl FnMut(&mut Self, &'a RawValue, At) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(Vec::new()) };
        let Some(seq) = raw_seq(raw, cap) else {
            self.problem(at, format!("{} au lieu d’une liste", kind(raw)));
            return None;
        };
        if seq.total > cap {
            let advice = if self.strict {
                "\u{a0}: ce n’est sans doute pas un export de Vigie"
            } else {
                ""
            };
            self.problem(
                at,
                format!(
                    "{} {what}, au-delà de la limite de {} qu’accepte Vigie{advice}",
                    french::integer(seq.total),
                    french::integer(cap)
                ),
            );
        }
        let path = at.to_string();
        Some(
            seq.items
                .into_iter()
                .enumerate()
                .filter_map(|(i, raw)| item(self, raw, At(&path, &i.to_string())))
                .collect(),
        )
    }

    fn version(&mut self, raw: &RawValue, at: At) -> Option<Version> {
        let text = serde_json::from_str::<String>(raw.get()).ok();
        let parsed = text.as_deref().and_then(|s| match s.split_once('/') {
            None => Stamp::parse(s).map(|at| Version { at, rev: 0 }),
            Some((stamp, rev)) => {
                let canonical = !rev.is_empty()
                    && rev.bytes().all(|b| b.is_ascii_digit())
                    && !rev.starts_with('0');
                let rev = canonical.then(|| rev.parse::<u32>().ok()).flatten()?;
                Stamp::parse(stamp).map(|at| Version { at, rev })
            }
        });
        match parsed {
            Some(v) => self.not_future(v.at, at).map(|_| v),
            None => {
                self.problem(
                    at,
                    format!("{} n’est pas une version de changement Vigie", kind(raw)),
                );
                None
            }
        }
    }
}

/// Reads a document: JSON, format, schema (migrating older ones), then every
/// value. Measure numbers are checked against `plan`.
///
/// Salvaging text that is not JSON any more (a flipped byte, a lost
/// brace), it keeps every measure and replacement that still reads on its
/// own ([`repair`]): the damage costs the measure it is in.
pub fn decode(raw: &str, plan: &Plan, options: Options) -> Result<Decoded, DecodeError> {
    match decode_json(raw, plan, options) {
        Err(error @ DecodeError::NotJson { .. }) if options.strictness == Strictness::Salvage => {
            let Some((text, lost)) = repair(raw) else { return Err(error) };
            let mut decoded = decode_json(&text, plan, options).map_err(|_| error)?;
            decoded.dropped = lost.merged(decoded.dropped);
            Ok(decoded)
        }
        other => other,
    }
}

fn decode_json(raw: &str, plan: &Plan, options: Options) -> Result<Decoded, DecodeError> {
    let envelope: Envelope = serde_json::from_str(raw).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => DecodeError::WrongFormat,
        category => DecodeError::NotJson {
            line: e.line(),
            column: e.column(),
            truncated: category == serde_json::error::Category::Eof,
        },
    })?;
    let format = envelope.format.and_then(|f| serde_json::from_str::<String>(f.get()).ok());
    let number = |r: Option<&RawValue>| r.and_then(|r| whole(r, u64::MAX));
    let schema = match (format.as_deref(), envelope.format.is_none() && envelope.schema.is_none()) {
        (Some(FORMAT), _) => number(envelope.schema).ok_or(DecodeError::WrongFormat)?,
        // The draft had no `format` field, only `version: 1`.
        (None, true) if number(envelope.version) == Some(1) => 1,
        _ => return Err(DecodeError::WrongFormat),
    };
    match schema {
        1..=SCHEMA => {}
        s if s > SCHEMA => return Err(DecodeError::NewerSchema(s)),
        _ => return Err(DecodeError::WrongFormat),
    }

    let mut problems = Problems::default();
    let strict = options.strictness == Strictness::Strict;
    let mut r = Reader { problems: &mut problems, latest: options.latest, strict };
    let plan_id =
        r.text(envelope.plan_id, At("", "plan_id"), MAX_SHORT, TextKind::Short).unwrap_or_default();
    let plan_fingerprint = r
        .text(envelope.plan_fingerprint, At("", "plan_fingerprint"), MAX_SHORT, TextKind::Short)
        .unwrap_or_default();
    let written_at = match schema {
        1 => r.instant(envelope.saved_at, At("", "saved_at")),
        _ => r.instant(envelope.written_at, At("", "written_at")),
    };
    let written_at = written_at.unwrap_or(0);
    let (author, author_at) = read_author(&mut r, envelope.author, schema);

    let mut annotations: Vec<(MeasureNo, Annotation)> = Vec::new();
    match envelope.annotations.and_then(|a| raw_map(a, MAX_MEASURE_KEYS)) {
        Some(map) => {
            if map.total > MAX_MEASURE_KEYS {
                r.problem(
                    At("", "annotations"),
                    format!(
                        "{} mesures, au-delà de la limite de {MAX_MEASURE_KEYS}",
                        french::integer(map.total)
                    ),
                );
            }
            for (key, value) in &map.entries {
                let path = format!("annotations.{}", truncate(key));
                let at = At(&path, "");
                let Some(number) = measure_key(key, plan) else {
                    let message = format!(
                        "«\u{202f}{}\u{202f}» n’est pas un numéro de mesure du plan (1 à {})",
                        truncate(key),
                        plan.measures.len()
                    );
                    r.problem(at, message);
                    continue;
                };
                let twice = annotations.iter().any(|(n, _)| *n == number);
                if twice {
                    r.problem(at, "mesure présente deux fois");
                    // A file is refused; in stored data, a damaged key may
                    // repeat another measure's: both are read, and merged
                    // below, so that neither loses a change.
                    if strict {
                        continue;
                    }
                }
                let read = match raw_map(value, 20) {
                    None => {
                        r.problem(at, format!("{} au lieu d’un objet", kind(value)));
                        None
                    }
                    Some(fields) if schema == SCHEMA => {
                        Some(read_annotation(&mut r, &fields, &path, plan, number))
                    }
                    Some(fields) => {
                        Some(read_snapshot(&mut r, &fields, &path, plan, number, schema))
                    }
                };
                match (read, annotations.iter_mut().find(|(n, _)| *n == number)) {
                    (Some(a), Some((_, first))) => {
                        first.put_all(a.all_entries());
                    }
                    (Some(a), None) => annotations.push((number, a)),
                    (None, _) => {}
                }
            }
        }
        None => r.problem(At("", "annotations"), "champ absent ou qui n’est pas un objet"),
    }
    let replacements = if schema == SCHEMA {
        read_replacements(&mut r, envelope.replacements)
    } else {
        Vec::new()
    };
    let team = if schema == SCHEMA { read_team(&mut r, envelope.team) } else { Team::default() };

    if options.strictness == Strictness::Strict && !problems.is_empty() {
        return Err(DecodeError::Invalid(problems));
    }
    let mut header = Document::empty(plan);
    // Salvage keeps what is valid; a damaged header falls back on the plan.
    if !plan_id.is_empty() {
        header.plan_id = plan_id;
    }
    if !plan_fingerprint.is_empty() {
        header.plan_fingerprint = plan_fingerprint;
    }
    header.written_at = written_at;
    header.set_author_raw(author, author_at);
    header.set_team_raw(team);
    if options.latest.is_none() {
        let (local, signatures) = read_local(envelope.local, envelope.signatures);
        let shared = envelope
            .shared
            .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
            .and_then(|s| instant_counter(&s))
            .unwrap_or(NOTHING_SHARED);
        header.set_local_raw(local, shared, signatures);
    }
    Ok(Decoded {
        document: Document::assemble(header, annotations, replacements),
        migrated_from: (schema < SCHEMA).then_some(schema),
        dropped: problems,
    })
}

/// Rebuilds a document whose JSON is broken from the parts that still read
/// on their own: the header before `"annotations"`, each measure's object,
/// each replacement. Every measure key is looked for in the text (a quote
/// that no backslash escapes, digits, a quote, a colon, a brace: inside a
/// JSON string every quote is escaped, so only keys match), and each
/// measure is read only up to the next key, so that a lost brace cannot
/// make it swallow its neighbour. `None` when even the header is damaged.
fn repair(raw: &str) -> Option<(String, Problems)> {
    let bytes = raw.as_bytes();
    let after_blanks = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    // A key at `i` (its opening quote), followed by `:` and `open`: where
    // the value starts. A quote after a backslash is escaped, inside a
    // string: not a key, except for a measure's key (digits), which no
    // string can hold unescaped: the backslash is then damage where the
    // comma before the key was.
    let value_of_key = |i: usize, key_ok: &dyn Fn(&[u8]) -> bool, open: u8| -> Option<usize> {
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let end = i + 1 + bytes[i + 1..].iter().position(|&b| b == b'"')?;
        let key = &bytes[i + 1..end];
        let escaped = i > 0 && bytes[i - 1] == b'\\';
        if !key_ok(key) || (escaped && !key.iter().all(u8::is_ascii_digit)) {
            return None;
        }
        let colon = after_blanks(end + 1);
        (bytes.get(colon) == Some(&b':')).then_some(())?;
        let value = after_blanks(colon + 1);
        (bytes.get(value) == Some(&open)).then_some(value)
    };
    let named = |name: &'static str| move |k: &[u8]| k == name.as_bytes();
    let digits = |k: &[u8]| !k.is_empty() && k.len() <= 6 && k.iter().all(u8::is_ascii_digit);
    let quotes = || bytes.iter().enumerate().filter(|(_, &b)| b == b'"').map(|(i, _)| i);

    let (annotations_key, annotations_open) =
        quotes().find_map(|i| Some((i, value_of_key(i, &named("annotations"), b'{')?)))?;
    let header = raw[..annotations_key].trim_end();
    if !header.ends_with(',') && !header.ends_with('{') {
        return None;
    }
    let replacements = quotes()
        .rev()
        .filter(|&i| i > annotations_open)
        .find_map(|i| Some((i, value_of_key(i, &named("replacements"), b'[')?)));
    let measures_end = replacements.map_or(raw.len(), |(key, _)| key);
    let keys: Vec<(usize, usize)> = quotes()
        .filter(|&i| i > annotations_open && i < measures_end)
        .filter_map(|i| Some((i, value_of_key(i, &digits, b'{')?)))
        .collect();
    // The first value in `text`, if it reads whole.
    let first_value = |text: &str| {
        let mut values = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
        values.next().and_then(Result::ok).map(|v| v.get().to_owned())
    };
    let mut lost = Problems::default();
    let mut kept = Vec::new();
    for (k, &(key, value)) in keys.iter().enumerate() {
        let end = keys.get(k + 1).map_or(measures_end, |&(next, _)| next);
        let name = &raw[key + 1..raw[key + 1..].find('"').map_or(key + 1, |q| key + 1 + q)];
        match first_value(&raw[value..end]) {
            Some(object) => kept.push(format!("\"{name}\":{object}")),
            None => lost.push(
                format!("annotations.{name}"),
                "texte endommagé (JSON illisible)\u{a0}: cette mesure est écartée",
            ),
        }
    }
    let mut text = format!("{header}\"annotations\":{{{}}}", kept.join(","));
    if let Some((_, open)) = replacements {
        let items: Vec<usize> = (open + 1..raw.len())
            .filter(|&i| {
                bytes[i] == b'{' && value_of_key(after_blanks(i + 1), &named("at"), b'"').is_some()
            })
            .collect();
        let mut good = Vec::new();
        for (n, &start) in items.iter().enumerate() {
            let end = items.get(n + 1).copied().unwrap_or(raw.len());
            match first_value(&raw[start..end]) {
                Some(item) => good.push(item),
                None => lost.push(
                    format!("replacements.{n}"),
                    "texte endommagé (JSON illisible)\u{a0}: ce remplacement est écarté",
                ),
            }
        }
        text.push_str(&format!(",\"replacements\":[{}]", good.join(",")));
    }
    text.push('}');
    Some((text, lost))
}

/// `"17"`, exactly: no sign, no leading zero, a measure of the plan.
fn measure_key(key: &str, plan: &Plan) -> Option<MeasureNo> {
    let canonical =
        !key.is_empty() && !key.starts_with('0') && key.bytes().all(|b| b.is_ascii_digit());
    let n = canonical.then(|| key.parse::<MeasureNo>().ok()).flatten()?;
    plan.measure(n).map(|m| m.number)
}

/// What only this browser's storage holds. Its own writing: what does not
/// read is left out (changes it would have signed stay « anonyme »).
fn read_local(
    local: Option<&RawValue>,
    signatures: Option<&RawValue>,
) -> (Vec<(Replica, Stamp)>, Vec<Signature>) {
    let local: Vec<(String, String)> =
        local.and_then(|raw| serde_json::from_str(raw.get()).ok()).unwrap_or_default();
    let signatures: Vec<(String, String)> =
        signatures.and_then(|raw| serde_json::from_str(raw.get()).ok()).unwrap_or_default();
    let local =
        local.iter().filter_map(|(r, at)| Some((Replica::parse(r)?, Stamp::parse(at)?))).collect();
    let signatures = signatures
        .into_iter()
        .filter_map(|(key, by)| {
            let mut parts = key.split('|');
            let signature = Signature {
                replica: Replica::parse(parts.next()?)?,
                after: instant_counter(parts.next()?)?,
                until: Stamp::parse(parts.next()?)?,
                by: clean(&by, TextKind::Short),
            };
            parts.next().is_none().then_some(signature)
        })
        .collect();
    (local, signatures)
}

/// `ms.counter`, as `shared` and a signature's `after` are stored (the
/// instant may be negative: nothing shared yet).
fn instant_counter(s: &str) -> Option<(i64, u32)> {
    let (ms, counter) = s.rsplit_once('.')?;
    Some((ms.parse().ok()?, counter.parse().ok()?))
}

fn read_author(r: &mut Reader, raw: Option<&RawValue>, schema: u64) -> (Author, Stamp) {
    let Some(raw) = raw.filter(|x| !is_null(Some(x))) else {
        return (Author::default(), Stamp::default());
    };
    let Some(map) = raw_map(raw, 10) else {
        r.problem(At("", "author"), "devrait être un objet { name, service }");
        return (Author::default(), Stamp::default());
    };
    let name = r
        .text(map.get("name"), At("author", "name"), MAX_SHORT, TextKind::Short)
        .unwrap_or_default();
    let service = r
        .text(map.get("service"), At("author", "service"), MAX_SHORT, TextKind::Short)
        .unwrap_or_default();
    let at = match map.get("at") {
        Some(at) if schema == SCHEMA && !is_null(Some(at)) => {
            r.stamp(Some(at), At("author", "at")).unwrap_or_default()
        }
        _ => Stamp::default(),
    };
    (Author { name, service }, at)
}

fn read_annotation(
    r: &mut Reader,
    fields: &RawMap,
    path: &str,
    plan: &Plan,
    number: MeasureNo,
) -> Annotation {
    let fingerprint = r
        .text(
            fields.get("text_fingerprint"),
            At(path, "text_fingerprint"),
            MAX_SHORT,
            TextKind::Short,
        )
        .unwrap_or_default();
    let fingerprint_at = match fields.get("fingerprint_at").filter(|x| !is_null(Some(x))) {
        None => Stamp::default(),
        Some(raw) => r.stamp(Some(raw), At(path, "fingerprint_at")).unwrap_or_default(),
    };
    let mut annotation = plan.measure(number).map(Annotation::new).unwrap_or_default();
    annotation.wording = Wording { fingerprint, at: fingerprint_at };
    let cap = if r.strict { MAX_FILE_CHANGES_PER_MEASURE } else { usize::MAX };
    let mut entries = r
        .list(
            fields.get("changes"),
            At(path, "changes"),
            cap,
            "changements pour cette mesure",
            read_entry,
        )
        .unwrap_or_default();
    crate::core::order::sort(&mut entries);
    entries.dedup();
    if r.strict {
        // A file that gives one stamp two contents lies about itself.
        for pair in entries.windows(2) {
            if pair[0].at == pair[1].at {
                r.problem(
                    At(path, "changes"),
                    format!("horodatage {} employé par deux changements différents", pair[0].at),
                );
            }
        }
    }
    check_references(r, &mut entries, path);
    annotation.put_all(&entries);
    annotation
}

/// A change may only replace earlier versions, and a comment only explain
/// an earlier change: anything else (a reference to itself, to a later
/// change, a cycle) is refused in a file; in stored data, that one
/// reference is left out and the change kept (a comment, nothing without
/// its change, is left out). A reference to a stamp of another field is
/// kept as it is: the fold reads references within a field only, so it
/// replaces nothing, and a change moved off its stamp (see
/// `Annotation::put`) leaves such references behind, which every copy
/// must keep alike. `entries` is sorted by stamp.
fn check_references(r: &mut Reader, entries: &mut Vec<Entry>, path: &str) {
    let mut bad: Vec<(usize, Version, &'static str)> = Vec::new();
    // Comments whose change cannot be theirs: in stored data they are left
    // out (the text they came in is copied aside whole), since a document
    // holding one could not be read by a colleague.
    let mut misplaced: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for v in e.replaces.iter().filter(|v| v.at >= e.at) {
            bad.push((i, *v, "n’est pas antérieure au changement qui la remplace"));
        }
        if let Field::Comment(on) = e.field() {
            if on >= e.at {
                r.problem(
                    At(path, "changes"),
                    format!(
                        "le commentaire {} porte sur un changement qui ne le précède pas",
                        e.at
                    ),
                );
                misplaced.push(i);
            }
        }
    }
    for &(i, v, why) in &bad {
        r.problem(
            At(path, "changes"),
            format!(
                "le changement {} remplace la version {} qui {why}",
                entries[i].at,
                version_text(&v)
            ),
        );
    }
    // One pass per entry, whatever the number of bad references.
    for (k, &(i, _, _)) in bad.iter().enumerate() {
        if k > 0 && bad[k - 1].0 == i {
            continue;
        }
        let of_this: Vec<Version> = bad[k..].iter().take_while(|b| b.0 == i).map(|b| b.1).collect();
        // `replaces` is sorted, and so its bad versions.
        entries[i].replaces.retain(|x| of_this.binary_search(x).is_err());
    }
    if !misplaced.is_empty() {
        let mut k = 0;
        entries.retain(|_| {
            k += 1;
            misplaced.binary_search(&(k - 1)).is_err()
        });
    }
}

fn read_entry(r: &mut Reader, raw: &RawValue, at: At) -> Option<Entry> {
    let base = at.to_string();
    let Some(map) = raw_map(raw, 20) else {
        r.problem(at, format!("{} au lieu d’un objet", kind(raw)));
        return None;
    };
    let before = r.problems.count();
    let stamp = r.stamp(map.get("at"), At(&base, "at"));
    let rev = match map.get("rev") {
        None => Some(0),
        Some(raw) => whole(raw, u64::from(u32::MAX)).map(|n| n as u32).or_else(|| {
            r.problem(
                At(&base, "rev"),
                format!(
                    "{} n’est pas \
                     un numéro de révision",
                    kind(raw)
                ),
            );
            None
        }),
    };
    let by = r.text(map.get("by"), At(&base, "by"), MAX_SHORT, TextKind::Short);
    let value = map.get("value");
    let at_value = At(&base, "value");
    let field = map.get("field").and_then(|f| serde_json::from_str::<String>(f.get()).ok());
    let change = match field.as_deref() {
        Some("status") => r.status(value, at_value).map(Change::Status),
        Some("progress") => r.progress(value, at_value).map(Change::Progress),
        Some("pilote") => r.text(value, at_value, MAX_SHORT, TextKind::Short).map(Change::Pilote),
        Some("due") => r.due(value, at_value).map(Change::Due),
        Some("notes") => r.text(value, at_value, MAX_NOTES, TextKind::Long).map(Change::Notes),
        Some("links") => r.links(value, at_value).map(Change::Links),
        Some("comment") => {
            let on = r.stamp(map.get("on"), At(&base, "on"));
            let text = r.text(value, at_value, MAX_COMMENT, TextKind::Long);
            on.zip(text).map(|(on, text)| Change::Comment { on, text })
        }
        _ => {
            r.problem(
                At(&base, "field"),
                "devrait valoir status, progress, pilote, due, notes, links ou comment",
            );
            None
        }
    };
    let origin = match map.get("origin").map(|o| serde_json::from_str::<String>(o.get()).ok()) {
        None => Some(Origin::Edit),
        Some(Some(o)) if o == "undo" => Some(Origin::Undo),
        Some(Some(o)) if o == "redo" => Some(Origin::Redo),
        Some(Some(o)) if o == "resolve" => Some(Origin::Resolve),
        Some(Some(o)) if o == "revert" => {
            r.stamp(map.get("to"), At(&base, "to")).map(Origin::Revert)
        }
        _ => {
            r.problem(At(&base, "origin"), "devrait valoir undo, redo, resolve ou revert");
            None
        }
    };
    // What the change is must be whole; of what it replaced, a bad
    // reference costs only itself in stored data (the change is kept, at
    // worst shown beside the value it meant to replace).
    let essentials = r.problems.count() == before;
    let replaces = r.list(
        map.get("replaces"),
        At(&base, "replaces"),
        MAX_REFERENCES,
        "versions",
        |r, raw, at| r.version(raw, at),
    );
    if !essentials || (r.strict && r.problems.count() > before) {
        return None;
    }
    let mut replaces = replaces.unwrap_or_default();
    crate::core::order::sort(&mut replaces);
    replaces.dedup();
    Some(Entry { at: stamp?, rev: rev?, by: by?, replaces, change: change?, origin: origin? })
}

fn read_replacements(r: &mut Reader, raw: Option<&RawValue>) -> Vec<Replacement> {
    let read = |r: &mut Reader, item: &RawValue, at: At| -> Option<Replacement> {
        let base = at.to_string();
        let Some(map) = raw_map(item, 10) else {
            r.problem(at, format!("{} au lieu d’un objet", kind(item)));
            return None;
        };
        let before = r.problems.count();
        let stamp = r.stamp(map.get("at"), At(&base, "at"));
        let by = r.text(map.get("by"), At(&base, "by"), MAX_SHORT, TextKind::Short);
        let undone = match map.get("undone").filter(|u| !is_null(Some(u))) {
            None => Some(None),
            Some(u) => r.stamp(Some(u), At(&base, "undone")).map(Some),
        };
        let essentials = r.problems.count() == before;
        // In stored data, a bad stamp in what it hides or keeps costs only
        // that stamp: the rest of the replacement still holds.
        let stamps = |r: &mut Reader, key: &str| {
            r.list(map.get(key), At(&base, key), MAX_REFERENCES, "horodatages", |r, raw, at| {
                r.stamp(Some(raw), at)
            })
        };
        let hide = stamps(r, "hide").unwrap_or_default();
        let keep = stamps(r, "keep").unwrap_or_default();
        if !essentials || (r.strict && r.problems.count() > before) {
            return None;
        }
        let (hide, keep) =
            (crate::core::order::sorted_set(hide), crate::core::order::sorted_set(keep));
        Some(Replacement { at: stamp?, by: by?, hide, keep, undone: undone? })
    };
    let cap = if r.strict { MAX_FILE_REPLACEMENTS } else { usize::MAX };
    r.list(raw, At("", "replacements"), cap, "remplacements", read).unwrap_or_default()
}

/// The team directory: each service with an id, a name and a stamp; a bad
/// one costs only itself in stored data, and refuses a file.
fn read_team(r: &mut Reader, raw: Option<&RawValue>) -> Team {
    let read = |r: &mut Reader, item: &RawValue, at: At| -> Option<Service> {
        let base = at.to_string();
        let Some(map) = raw_map(item, 10) else {
            r.problem(at, format!("{} au lieu d’un objet", kind(item)));
            return None;
        };
        let before = r.problems.count();
        let text = |r: &mut Reader, key: &str| {
            r.text(map.get(key), At(&base, key), MAX_SHORT, TextKind::Short)
        };
        let (id, name, email) = (text(r, "id"), text(r, "name"), text(r, "email"));
        let names = |r: &mut Reader, key: &str| {
            r.list(map.get(key), At(&base, key), MAX_NAMES, "noms", |r, raw, at| {
                r.text(Some(raw), at, MAX_SHORT, TextKind::Short)
            })
        };
        let (aliases, people) = (names(r, "aliases"), names(r, "people"));
        let stamp = r.stamp(map.get("at"), At(&base, "at"));
        let removed = match map.get("removed").map(|v| v.get().trim()) {
            None | Some("false") => Some(false),
            Some("true") => Some(true),
            Some(_) => {
                r.problem(At(&base, "removed"), "devrait être true ou false");
                None
            }
        };
        let id = id.filter(|id| !id.is_empty() && service_id(id) == *id);
        if id.is_none() && r.problems.count() == before {
            r.problem(At(&base, "id"), "identifiant absent ou mal formé");
        }
        if r.problems.count() > before {
            return None;
        }
        Some(Service {
            id: id?,
            name: name?,
            aliases: aliases?,
            people: people?,
            email: email?,
            at: stamp?,
            removed: removed?,
        })
    };
    let services = r.list(raw, At("", "team"), MAX_SERVICES, "services", read).unwrap_or_default();
    Team::from_services(services)
}

// ---------------------------------------------------------------- schema 2

/// Who signs the values a schema 1 or 2 snapshot held without saying who
/// set them. Not the document's author: a colleague who had imported the
/// same snapshot would sign them otherwise, and the two migrations would
/// differ where they hold the same data.
pub const MIGRATED_AUTHOR: &str = "auteur non enregistré (ancienne version)";

/// One schema 2 status or progress change.
struct V2Change {
    at: i64,
    by: String,
    from: Change,
    to: Change,
    comment: String,
}

/// Schemas 1 and 2 stored a snapshot per measure (schema 2 with a history
/// of status and progress only): each history line becomes a change,
/// chained per field, then each current value that the history does not end
/// on becomes a last change, signed by the document's author. A bad value
/// costs only itself. Schema 1, the pre-release draft, wrote `updated`
/// for `updated_at`, due dates as `JJ/MM/AAAA`, and named no wording of the
/// plan (the current one is assumed).
fn read_snapshot(
    r: &mut Reader,
    fields: &RawMap,
    path: &str,
    plan: &Plan,
    number: MeasureNo,
    schema: u64,
) -> Annotation {
    let due = if schema == 1 {
        draft_due(r, fields.get("due"), At(path, "due"))
    } else {
        r.due(fields.get("due"), At(path, "due"))
    };
    let current = [
        r.status(fields.get("status"), At(path, "status")).map(Change::Status),
        r.progress(fields.get("progress"), At(path, "progress")).map(Change::Progress),
        r.text(fields.get("pilote"), At(path, "pilote"), MAX_SHORT, TextKind::Short)
            .map(Change::Pilote),
        due.map(Change::Due),
        r.text(fields.get("notes"), At(path, "notes"), MAX_NOTES, TextKind::Long)
            .map(Change::Notes),
        r.links(fields.get("links"), At(path, "links")).map(Change::Links),
    ];
    let updated = if schema == 1 { "updated" } else { "updated_at" };
    let updated_at = r.instant(fields.get(updated), At(path, updated)).unwrap_or(0);
    let fingerprint = if schema == 1 {
        plan.measure(number).map(|m| text_fingerprint(&m.text)).unwrap_or_default()
    } else {
        r.text(
            fields.get("text_fingerprint"),
            At(path, "text_fingerprint"),
            MAX_SHORT,
            TextKind::Short,
        )
        .unwrap_or_default()
    };
    let cap = if r.strict { MAX_FILE_CHANGES_PER_MEASURE } else { usize::MAX };
    let mut history = r
        .list(
            fields.get("history"),
            At(path, "history"),
            cap,
            "changements pour cette mesure",
            read_v2_change,
        )
        .unwrap_or_default();
    crate::core::order::sort_by_key(&mut history, |c| c.at);

    let mut annotation = plan.measure(number).map(Annotation::new).unwrap_or_default();
    let mut chain = Chain::new(number);
    for c in &history {
        if c.from != chain.shown(c.to.field()) {
            // The history starts from a value it does not record: keep it.
            chain.put(&mut annotation, c.at, &c.by, c.from.clone());
        }
        let at = chain.put(&mut annotation, c.at, &c.by, c.to.clone());
        if !c.comment.trim().is_empty() {
            let comment = Change::Comment { on: at, text: c.comment.clone() };
            chain.put(&mut annotation, c.at, &c.by, comment);
        }
    }
    let final_ms = updated_at.max(history.last().map_or(0, |c| c.at));
    for change in current.into_iter().flatten() {
        if change != chain.shown(change.field()) {
            chain.put(&mut annotation, final_ms, MIGRATED_AUTHOR, change);
        }
    }
    let latest = chain.latest;
    annotation.wording = Wording { fingerprint, at: latest };
    annotation
}

/// The migrated changes of one measure, chained per field.
struct Chain {
    measure: MeasureNo,
    /// The last change of each tracked field, in `Field::TRACKED` order.
    last: [Option<(Version, Change)>; 6],
    latest: Stamp,
    /// How many changes were made: each one's counter, so that the
    /// measure's migrated stamps increase in the order they were made.
    made: u32,
}

impl Chain {
    fn new(measure: MeasureNo) -> Chain {
        Chain { measure, last: Default::default(), latest: Stamp::default(), made: 0 }
    }

    fn slot(field: Field) -> usize {
        Field::TRACKED.iter().position(|x| *x == field).unwrap_or(0)
    }

    fn shown(&self, field: Field) -> Change {
        self.last[Self::slot(field)].as_ref().map_or_else(|| field.blank(), |(_, v)| v.clone())
    }

    /// A stamp for a change migrated from schema 1 or 2, which had none:
    /// its instant, its rank in the measure's migration, and a replica id
    /// hashed from everything it holds, so that every tab and colleague
    /// migrating the same snapshot makes the same stamps, and two different
    /// changes never share one.
    fn stamp(&self, ms: i64, by: &str, change: &Change) -> Stamp {
        let (measure, key, at, made) =
            (self.measure.to_string(), change.key(), ms.to_string(), self.made.to_string());
        let hash = Fnv1a::of_parts(&[&measure, by, &key, &at, &made]);
        let ms = ms.clamp(0, MAX_MS).max(self.latest.ms);
        Stamp { ms, counter: self.made, replica: Replica::from_bits(hash) }
    }

    /// Adds a change replacing the field's last one; returns its stamp.
    fn put(&mut self, annotation: &mut Annotation, ms: i64, by: &str, change: Change) -> Stamp {
        let at = self.stamp(ms, by, &change);
        self.made += 1;
        let field = change.field();
        let mut replaces = Vec::new();
        if !matches!(field, Field::Comment(_)) {
            let slot = &mut self.last[Self::slot(field)];
            replaces.extend(slot.as_ref().map(|(v, _)| *v));
            *slot = Some((Version { at, rev: 0 }, change.clone()));
        }
        self.latest = self.latest.max(at);
        annotation.put(Entry {
            at,
            rev: 0,
            by: by.to_owned(),
            replaces,
            change,
            origin: Origin::Edit,
        });
        at
    }
}

fn read_v2_change(r: &mut Reader, raw: &RawValue, at: At) -> Option<V2Change> {
    let base = at.to_string();
    let Some(map) = raw_map(raw, 20) else {
        r.problem(at, "devrait être un objet");
        return None;
    };
    let before = r.problems.count();
    let when = r.instant(map.get("at"), At(&base, "at"));
    let by = r.text(map.get("by"), At(&base, "by"), MAX_SHORT, TextKind::Short);
    let comment = r.text(map.get("comment"), At(&base, "comment"), MAX_COMMENT, TextKind::Long);
    let field = map.get("field").and_then(|f| serde_json::from_str::<String>(f.get()).ok());
    let (from, to) = match field.as_deref() {
        Some("status") => (
            r.status(map.get("from"), At(&base, "from")).map(Change::Status),
            r.status(map.get("to"), At(&base, "to")).map(Change::Status),
        ),
        Some("progress") => (
            r.progress(map.get("from"), At(&base, "from")).map(Change::Progress),
            r.progress(map.get("to"), At(&base, "to")).map(Change::Progress),
        ),
        _ => {
            r.problem(
                At(&base, "field"),
                "devrait valoir «\u{202f}status\u{202f}» ou «\u{202f}progress\u{202f}»",
            );
            (None, None)
        }
    };
    if r.problems.count() > before {
        return None;
    }
    Some(V2Change { at: when?, by: by?, from: from?, to: to?, comment: comment? })
}

/// A schema 1 due date, `JJ/MM/AAAA`.
fn draft_due(r: &mut Reader, raw: Option<&RawValue>, at: At) -> Option<Option<IsoDate>> {
    let Some(raw) = raw.filter(|x| !is_null(Some(x))) else { return Some(None) };
    let text = serde_json::from_str::<String>(raw.get()).unwrap_or_default();
    let parts: Vec<&str> = text.split('/').collect();
    let iso = match parts.as_slice() {
        [d, m, y] => format!("{y:0>4}-{m:0>2}-{d:0>2}"),
        _ => text.clone(),
    };
    match IsoDate::parse(&iso) {
        Some(d) => Some(Some(d)),
        None if text.is_empty() => Some(None),
        None => {
            r.problem(
                at,
                format!(
                    "{} n’est pas une date réelle \
                     au format JJ/MM/AAAA",
                    kind(raw)
                ),
            );
            None
        }
    }
}

/// Reads a whole stored or imported text with these options, for tests and
/// tools that do not care how it went beyond success.
pub fn decode_document(raw: &str, plan: &Plan, options: Options) -> Result<Document, DecodeError> {
    decode(raw, plan, options).map(|d| d.document)
}

impl Problems {
    /// The problems of both, in order.
    pub fn merged(mut self, other: Problems) -> Problems {
        self.extend(other);
        self
    }
}
