//! Writing a [`Document`] as JSON: whole (storage, exports) or in parts
//! (a header and one text per measure, for packing), through serde wire
//! types that borrow from the document.

use serde::Serialize;

use crate::core::plan::MeasureNo;
use crate::core::record::annotations::{Annotation, Change, Entry, Origin, Version};
use crate::core::record::document::{Document, NOTHING_SHARED};
use crate::core::record::stamp::Stamp;

use crate::core::files::codec::raw::truncate;
use crate::core::files::codec::*;

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

pub(in crate::core::files::codec) fn version_text(v: &Version) -> String {
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
