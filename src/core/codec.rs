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

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::annotations::{
    is_forbidden, text_fingerprint, Annotation, Author, Change, Entry, Field, Link, Origin, TextKind, Version, Wording,
    MAX_COMMENT, MAX_ENTRIES, MAX_LINKS, MAX_NOTES, MAX_SHORT, MAX_URL,
};
use super::date::IsoDate;
use super::document::{Document, Replacement};
use super::plan::{Fnv1a, MeasureNo, Plan};
use super::stamp::{Replica, Stamp, MAX_MS};
use super::stats::french_integer;
use super::status::Status;

/// The `format` field of every document Vigie writes.
pub const FORMAT: &str = "vigie-annotations";
/// The schema this build writes and the newest it reads.
pub const SCHEMA: u64 = 3;
/// Problems listed by name; beyond, only counted.
pub const MAX_PROBLEMS: usize = 100;
/// Measures a document may name (the plan has 55).
const MAX_MEASURE_KEYS: usize = 1_000;
/// Replacements a document may hold.
const MAX_REPLACEMENTS: usize = 1_000;
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
    annotations: BTreeMap<MeasureNo, OutAnnotation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    replacements: Vec<OutReplacement<'a>>,
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
    fn entry(e: &Entry) -> OutEntry<'_> {
        let (on, value) = match &e.change {
            Change::Status(s) => (None, OutValue::Text(s.id())),
            Change::Progress(p) => (None, OutValue::Number(*p)),
            Change::Pilote(p) => (None, OutValue::Text(p)),
            Change::Due(d) => (None, OutValue::Date(d.map(|d| d.to_string()))),
            Change::Notes(n) => (None, OutValue::Text(n)),
            Change::Links(l) => {
                (None, OutValue::Links(l.iter().map(|l| OutLink { label: &l.label, url: &l.url }).collect()))
            }
            Change::Comment { on, text } => (Some(*on), OutValue::Text(text)),
        };
        let (origin, to) = match e.origin {
            Origin::Edit => (None, None),
            Origin::Undo => (Some("undo"), None),
            Origin::Redo => (Some("redo"), None),
            Origin::Resolve => (Some("resolve"), None),
            Origin::Revert(to) => (Some("revert"), Some(to)),
        };
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
    let out = OutDocument {
        format: FORMAT,
        schema: SCHEMA,
        plan_id: &document.plan_id,
        plan_fingerprint: &document.plan_fingerprint,
        written_at: document.written_at,
        author: OutAuthor {
            name: &document.author().name,
            service: &document.author().service,
            at: document.author_at(),
        },
        annotations: document
            .annotations()
            .all()
            .filter(|(_, a)| !a.is_empty())
            .map(|(n, a)| {
                let out = OutAnnotation {
                    text_fingerprint: &a.wording.fingerprint,
                    fingerprint_at: a.wording.at,
                    changes: a.all_entries().map(entry).collect(),
                };
                (n, out)
            })
            .collect(),
        replacements: document
            .replacements()
            .map(|r| OutReplacement { at: r.at, by: &r.by, hide: &r.hide, keep: &r.keep, undone: r.undone })
            .collect(),
    };
    let encoded = if pretty { serde_json::to_string_pretty(&out) } else { serde_json::to_string(&out) };
    encoded.expect("a document always serialises")
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
        write!(f, "{} : {}", self.path, self.message)
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
        let mut out = self.listed.iter().take(shown).map(ToString::to_string).collect::<Vec<_>>().join(" ; ");
        let rest = self.count().saturating_sub(shown.min(self.listed.len()));
        if rest > 0 {
            out.push_str(&format!(
                " ; … et {} autre{} problème{}",
                french_integer(rest),
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
    NotJson(String),
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
            DecodeError::NotJson(e) => write!(f, "ce n’est pas du JSON valide ({e})"),
            DecodeError::WrongFormat => {
                write!(f, "ce fichier JSON n’est pas un fichier d’annotations Vigie (champ « format » absent ou différent)")
            }
            DecodeError::NewerSchema(v) => write!(
                f,
                "ce fichier vient d’une version plus récente de Vigie (schéma {v}, cette version lit jusqu’au schéma {SCHEMA}) : mettez Vigie à jour"
            ),
            DecodeError::Invalid(problems) => {
                let n = problems.count();
                write!(
                    f,
                    "{} valeur{} invalide{} : {}",
                    french_integer(n),
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
    #[serde(borrow)]
    author: Option<&'a RawValue>,
    #[serde(borrow)]
    annotations: Option<&'a RawValue>,
    #[serde(borrow)]
    replacements: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct WireAnnotation<'a> {
    #[serde(borrow)]
    text_fingerprint: Option<&'a RawValue>,
    #[serde(borrow)]
    fingerprint_at: Option<&'a RawValue>,
    #[serde(borrow)]
    changes: Option<&'a RawValue>,
}

/// Schema 2: one snapshot per measure.
#[derive(Deserialize)]
struct WireV2Annotation<'a> {
    #[serde(borrow)]
    status: Option<&'a RawValue>,
    #[serde(borrow)]
    progress: Option<&'a RawValue>,
    #[serde(borrow)]
    pilote: Option<&'a RawValue>,
    #[serde(borrow)]
    due: Option<&'a RawValue>,
    #[serde(borrow)]
    notes: Option<&'a RawValue>,
    #[serde(borrow)]
    links: Option<&'a RawValue>,
    #[serde(borrow)]
    history: Option<&'a RawValue>,
    #[serde(borrow)]
    updated_at: Option<&'a RawValue>,
    #[serde(borrow)]
    text_fingerprint: Option<&'a RawValue>,
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
            while out.total < self.0 {
                match seq.next_element::<&'de RawValue>()? {
                    Some(item) => out.items.push(item),
                    None => return Ok(out.counted()),
                }
                out.total += 1;
            }
            while seq.next_element::<IgnoredAny>()?.is_some() {
                out.total += 1;
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_seq(V(cap)).ok()
}

impl RawSeq<'_> {
    fn counted(mut self) -> Self {
        self.total = self.items.len();
        self
    }
}

/// A JSON object read lazily: keys in order with their raw values, at most
/// `cap` of them; repeated keys are kept so that they can be refused.
struct RawMap<'a> {
    entries: Vec<(String, &'a RawValue)>,
    total: usize,
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
            Ok(s) => format!("« {} »", truncate(&s)),
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

/// Reads leaves, recording problems under their paths.
struct Reader<'p> {
    problems: &'p mut Problems,
    latest: Option<i64>,
}

impl Reader<'_> {
    fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(path, message);
    }

    /// A text of at most `max` characters without forbidden characters.
    fn text(&mut self, raw: Option<&RawValue>, path: &str, max: usize, kind_: TextKind) -> Option<String> {
        if is_null(raw) {
            return Some(String::new());
        }
        let raw = raw?;
        let Ok(s) = serde_json::from_str::<String>(raw.get()) else {
            self.problem(path, format!("{} n’est pas un texte", kind(raw)));
            return None;
        };
        self.checked_text(s, path, max, kind_)
    }

    fn checked_text(&mut self, s: String, path: &str, max: usize, kind_: TextKind) -> Option<String> {
        if let Some(c) = s.chars().find(|&c| is_forbidden(c, kind_)) {
            let what = if c.is_control() {
                "le caractère de contrôle"
            } else {
                "le caractère de mise en forme bidirectionnelle"
            };
            self.problem(path, format!("contient {what} U+{:04X}, refusé dans ce champ", u32::from(c)));
            return None;
        }
        let count = s.chars().count();
        if count > max {
            self.problem(
                path,
                format!("{} caractères, au-delà de la limite de {}", french_integer(count), french_integer(max)),
            );
            return None;
        }
        Some(s)
    }

    fn instant(&mut self, raw: Option<&RawValue>, path: &str) -> Option<i64> {
        if is_null(raw) {
            return Some(0);
        }
        let raw = raw?;
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(Value::Number(n)) => {
                match n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)) {
                    Some(ms) if (0..=MAX_MS).contains(&ms) => Some(ms),
                    _ => {
                        self.problem(path, format!("{n} n’est pas un instant plausible"));
                        None
                    }
                }
            }
            _ => {
                self.problem(path, format!("{} n’est pas un instant (millisecondes)", kind(raw)));
                None
            }
        }
    }

    fn stamp(&mut self, raw: Option<&RawValue>, path: &str) -> Option<Stamp> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else {
            self.problem(path, "horodatage absent");
            return None;
        };
        let parsed = serde_json::from_str::<String>(raw.get()).ok().and_then(|s| Stamp::parse(&s));
        let Some(stamp) = parsed else {
            self.problem(
                path,
                format!("{} n’est pas un horodatage Vigie (« millisecondes.compteur.onglet »)", kind(raw)),
            );
            return None;
        };
        self.not_future(stamp, path)
    }

    fn not_future(&mut self, stamp: Stamp, path: &str) -> Option<Stamp> {
        match self.latest {
            Some(latest) if stamp.ms > latest => {
                self.problem(
                    path,
                    "date à plus de 24 h dans le futur : l’horloge de l’ordinateur qui a écrit ce fichier est sans doute déréglée",
                );
                None
            }
            _ => Some(stamp),
        }
    }

    fn status(&mut self, raw: Option<&RawValue>, path: &str) -> Option<Status> {
        if is_null(raw) {
            return Some(Status::default());
        }
        let raw = raw?;
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) => Status::from_id(&s).or_else(|| {
                self.problem(path, format!("statut inconnu « {} »", truncate(&s)));
                None
            }),
            Err(_) => {
                self.problem(path, format!("{} n’est pas un statut", kind(raw)));
                None
            }
        }
    }

    fn progress(&mut self, raw: Option<&RawValue>, path: &str) -> Option<u8> {
        if is_null(raw) {
            return Some(0);
        }
        let raw = raw?;
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(Value::Number(n)) => match n.as_u64() {
                Some(p) if p <= 100 => Some(p as u8),
                _ => {
                    self.problem(path, format!("{n} n’est pas entre 0 et 100"));
                    None
                }
            },
            _ => {
                self.problem(path, format!("{} n’est pas un nombre entre 0 et 100", kind(raw)));
                None
            }
        }
    }

    fn due(&mut self, raw: Option<&RawValue>, path: &str) -> Option<Option<IsoDate>> {
        if is_null(raw) {
            return Some(None);
        }
        let raw = raw?;
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) if s.is_empty() => Some(None),
            Ok(s) => match IsoDate::parse(&s) {
                Some(d) => Some(Some(d)),
                None => {
                    self.problem(path, format!("« {} » n’est pas une date réelle au format AAAA-MM-JJ", truncate(&s)));
                    None
                }
            },
            Err(_) => {
                self.problem(path, format!("{} n’est pas une date AAAA-MM-JJ", kind(raw)));
                None
            }
        }
    }

    fn links(&mut self, raw: Option<&RawValue>, path: &str) -> Option<Vec<Link>> {
        if is_null(raw) {
            return Some(Vec::new());
        }
        let raw = raw?;
        let Some(seq) = raw_seq(raw, MAX_LINKS) else {
            self.problem(path, format!("{} au lieu d’une liste", kind(raw)));
            return None;
        };
        if seq.total > MAX_LINKS {
            self.problem(path, format!("{} liens, au-delà de la limite de {MAX_LINKS}", french_integer(seq.total)));
            return None;
        }
        let mut links = Vec::new();
        let mut ok = true;
        for (i, item) in seq.items.iter().enumerate() {
            let p = format!("{path}.{i}");
            let Some(map) = raw_map(item, 10) else {
                self.problem(&p, "devrait être un objet { label, url }");
                ok = false;
                continue;
            };
            let get = |k: &str| map.entries.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
            let label = self.text(get("label"), &format!("{p}.label"), MAX_SHORT, TextKind::Short);
            let url = self.text(get("url"), &format!("{p}.url"), MAX_URL, TextKind::Short);
            match (label, url) {
                // Non-web addresses are kept as text (never made links):
                // refusing them would lose a colleague's evidence.
                (Some(label), Some(url)) => links.push(Link { label, url }),
                _ => ok = false,
            }
        }
        ok.then_some(links)
    }

    fn version(&mut self, raw: &RawValue, path: &str) -> Option<Version> {
        let text = serde_json::from_str::<String>(raw.get()).ok();
        let parsed = text.as_deref().and_then(|s| match s.split_once('/') {
            None => Stamp::parse(s).map(|at| Version { at, rev: 0 }),
            Some((at, rev)) => {
                let canonical = !rev.is_empty() && rev.bytes().all(|b| b.is_ascii_digit()) && !rev.starts_with('0');
                let rev = canonical.then(|| rev.parse::<u32>().ok()).flatten()?;
                Stamp::parse(at).map(|at| Version { at, rev })
            }
        });
        match parsed {
            Some(v) => self.not_future(v.at, path).map(|_| v),
            None => {
                self.problem(path, format!("{} n’est pas une version de changement Vigie", kind(raw)));
                None
            }
        }
    }
}

/// Reads a document: JSON, format, schema (migrating older ones), then every
/// value. Measure numbers are checked against `plan`.
pub fn decode(raw: &str, plan: &Plan, options: Options) -> Result<Decoded, DecodeError> {
    let envelope: Envelope = serde_json::from_str(raw).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => DecodeError::WrongFormat,
        _ => DecodeError::NotJson(e.to_string()),
    })?;
    let format = envelope.format.and_then(|f| serde_json::from_str::<String>(f.get()).ok());
    let number = |r: Option<&RawValue>| r.and_then(|r| serde_json::from_str::<u64>(r.get()).ok());
    let schema = match (format.as_deref(), envelope.format.is_none() && envelope.schema.is_none()) {
        (Some(FORMAT), _) => number(envelope.schema).ok_or(DecodeError::WrongFormat)?,
        // The draft had no `format` field, only `version: 1`.
        (None, true) if number(envelope.version) == Some(1) => 1,
        _ => return Err(DecodeError::WrongFormat),
    };
    match schema {
        SCHEMA | 2 => {}
        1 => {
            let Ok(Value::Object(root)) = serde_json::from_str::<Value>(raw) else {
                return Err(DecodeError::WrongFormat);
            };
            let v2 = serde_json::to_string(&Value::Object(migrate_v1(root, plan))).expect("JSON serialises");
            let decoded = decode(&v2, plan, options)?;
            return Ok(Decoded { migrated_from: Some(1), ..decoded });
        }
        s if s > SCHEMA => return Err(DecodeError::NewerSchema(s)),
        _ => return Err(DecodeError::WrongFormat),
    }

    let mut problems = Problems::default();
    let mut r = Reader { problems: &mut problems, latest: options.latest };
    let plan_id = r.text(envelope.plan_id, "plan_id", MAX_SHORT, TextKind::Short).unwrap_or_default();
    let plan_fingerprint =
        r.text(envelope.plan_fingerprint, "plan_fingerprint", MAX_SHORT, TextKind::Short).unwrap_or_default();
    let written_at = r.instant(envelope.written_at, "written_at").unwrap_or(0);
    let (author, author_at) = read_author(&mut r, envelope.author, schema);

    let mut annotations = BTreeMap::new();
    match envelope.annotations.and_then(|a| raw_map(a, MAX_MEASURE_KEYS)) {
        Some(map) => {
            if map.total > MAX_MEASURE_KEYS {
                r.problem(
                    "annotations",
                    format!("{} mesures, au-delà de la limite de {MAX_MEASURE_KEYS}", french_integer(map.total)),
                );
            }
            for (key, value) in &map.entries {
                let path = format!("annotations.{}", truncate(key));
                let Some(number) = measure_key(key, plan) else {
                    r.problem(
                        &path,
                        format!(
                            "« {} » n’est pas un numéro de mesure du plan (1 à {})",
                            truncate(key),
                            plan.measures.len()
                        ),
                    );
                    continue;
                };
                if annotations.contains_key(&number) {
                    r.problem(&path, "mesure présente deux fois");
                    continue;
                }
                let read = if schema == SCHEMA {
                    read_annotation(&mut r, value, &path, plan, number)
                } else {
                    read_v2_annotation(&mut r, value, &path, plan, number, &author.display())
                };
                if let Some(a) = read {
                    annotations.insert(number, a);
                }
            }
        }
        None => r.problem("annotations", "champ absent ou qui n’est pas un objet"),
    }
    let replacements = if schema == SCHEMA { read_replacements(&mut r, envelope.replacements) } else { Vec::new() };

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
    Ok(Decoded {
        document: Document::assemble(header, annotations, replacements),
        migrated_from: (schema < SCHEMA).then_some(schema),
        dropped: problems,
    })
}

/// `"17"`, exactly: no sign, no leading zero, a measure of the plan.
fn measure_key(key: &str, plan: &Plan) -> Option<MeasureNo> {
    let canonical = !key.is_empty() && !key.starts_with('0') && key.bytes().all(|b| b.is_ascii_digit());
    let n = canonical.then(|| key.parse::<MeasureNo>().ok()).flatten()?;
    plan.measure(n).map(|m| m.number)
}

fn read_author(r: &mut Reader, raw: Option<&RawValue>, schema: u64) -> (Author, Stamp) {
    if is_null(raw) {
        return (Author::default(), Stamp::default());
    }
    let raw = raw.expect("not null");
    let Some(map) = raw_map(raw, 10) else {
        r.problem("author", "devrait être un objet { name, service }");
        return (Author::default(), Stamp::default());
    };
    let get = |k: &str| map.entries.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
    let name = r.text(get("name"), "author.name", MAX_SHORT, TextKind::Short).unwrap_or_default();
    let service = r.text(get("service"), "author.service", MAX_SHORT, TextKind::Short).unwrap_or_default();
    let at = match get("at") {
        Some(at) if schema == SCHEMA && !is_null(Some(at)) => r.stamp(Some(at), "author.at").unwrap_or_default(),
        _ => Stamp::default(),
    };
    (Author { name, service }, at)
}

fn read_annotation(r: &mut Reader, raw: &RawValue, path: &str, plan: &Plan, number: MeasureNo) -> Option<Annotation> {
    let Ok(wire) = serde_json::from_str::<WireAnnotation>(raw.get()) else {
        r.problem(path, format!("{} au lieu d’un objet {{ text_fingerprint, changes }}", kind(raw)));
        return None;
    };
    let fingerprint = r
        .text(wire.text_fingerprint, &format!("{path}.text_fingerprint"), MAX_SHORT, TextKind::Short)
        .unwrap_or_default();
    let fingerprint_at = if is_null(wire.fingerprint_at) {
        Stamp::default()
    } else {
        r.stamp(wire.fingerprint_at, &format!("{path}.fingerprint_at")).unwrap_or_default()
    };
    let mut entries: BTreeMap<Stamp, Entry> = BTreeMap::new();
    let changes_path = format!("{path}.changes");
    match wire.changes.filter(|c| !is_null(Some(c))).map(|c| (c, raw_seq(c, MAX_ENTRIES))) {
        None => {}
        Some((c, None)) => r.problem(&changes_path, format!("{} au lieu d’une liste", kind(c))),
        Some((_, Some(seq))) => {
            if seq.total > MAX_ENTRIES {
                r.problem(
                    &changes_path,
                    format!(
                        "{} changements, au-delà de la limite de {} par mesure",
                        french_integer(seq.total),
                        french_integer(MAX_ENTRIES)
                    ),
                );
            }
            for (i, item) in seq.items.iter().enumerate() {
                let p = format!("{changes_path}.{i}");
                let Some(entry) = read_entry(r, item, &p) else { continue };
                match entries.get(&entry.at) {
                    Some(other) if other.rev == entry.rev && *other != entry => {
                        r.problem(&format!("{p}.at"), "horodatage déjà employé par un autre changement");
                    }
                    Some(other) if other.rev >= entry.rev => {}
                    _ => {
                        entries.insert(entry.at, entry);
                    }
                }
            }
        }
    }
    let mut annotation = plan.measure(number).map(Annotation::new).unwrap_or_default();
    annotation.wording = Wording { fingerprint, at: fingerprint_at };
    for e in entries.into_values() {
        annotation.put(e);
    }
    Some(annotation)
}

fn read_entry(r: &mut Reader, raw: &RawValue, path: &str) -> Option<Entry> {
    let Some(map) = raw_map(raw, 20) else {
        r.problem(path, format!("{} au lieu d’un objet", kind(raw)));
        return None;
    };
    let get = |k: &str| map.entries.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
    let before = r.problems.count();
    let at = r.stamp(get("at"), &format!("{path}.at"));
    let rev = match get("rev") {
        None => Some(0),
        Some(raw) => serde_json::from_str::<u32>(raw.get()).ok().or_else(|| {
            r.problem(&format!("{path}.rev"), format!("{} n’est pas un numéro de révision", kind(raw)));
            None
        }),
    };
    let by = r.text(get("by"), &format!("{path}.by"), MAX_SHORT, TextKind::Short);
    let value = get("value");
    let value_path = format!("{path}.value");
    let field = get("field").and_then(|f| serde_json::from_str::<String>(f.get()).ok());
    let change = match field.as_deref() {
        Some("status") => r.status(value, &value_path).map(Change::Status),
        Some("progress") => r.progress(value, &value_path).map(Change::Progress),
        Some("pilote") => r.text(value, &value_path, MAX_SHORT, TextKind::Short).map(Change::Pilote),
        Some("due") => r.due(value, &value_path).map(Change::Due),
        Some("notes") => r.text(value, &value_path, MAX_NOTES, TextKind::Long).map(Change::Notes),
        Some("links") => r.links(value, &value_path).map(Change::Links),
        Some("comment") => {
            let on = r.stamp(get("on"), &format!("{path}.on"));
            let text = r.text(value, &value_path, MAX_COMMENT, TextKind::Long);
            on.zip(text).map(|(on, text)| Change::Comment { on, text })
        }
        _ => {
            r.problem(
                &format!("{path}.field"),
                "devrait valoir status, progress, pilote, due, notes, links ou comment",
            );
            None
        }
    };
    let mut replaces = Vec::new();
    if let Some(raw) = get("replaces").filter(|x| !is_null(Some(x))) {
        match raw_seq(raw, MAX_REFERENCES) {
            Some(seq) if seq.total <= MAX_REFERENCES => {
                for (i, item) in seq.items.iter().enumerate() {
                    if let Some(v) = r.version(item, &format!("{path}.replaces.{i}")) {
                        replaces.push(v);
                    }
                }
            }
            _ => r.problem(&format!("{path}.replaces"), format!("{} au lieu d’une liste de versions", kind(raw))),
        }
    }
    let origin_name = get("origin").and_then(|o| serde_json::from_str::<String>(o.get()).ok());
    let origin = match (get("origin"), origin_name.as_deref()) {
        (None, _) => Some(Origin::Edit),
        (_, Some("undo")) => Some(Origin::Undo),
        (_, Some("redo")) => Some(Origin::Redo),
        (_, Some("resolve")) => Some(Origin::Resolve),
        (_, Some("revert")) => r.stamp(get("to"), &format!("{path}.to")).map(Origin::Revert),
        _ => {
            r.problem(&format!("{path}.origin"), "devrait valoir undo, redo, resolve ou revert");
            None
        }
    };
    if r.problems.count() > before {
        return None;
    }
    replaces.sort();
    replaces.dedup();
    Some(Entry { at: at?, rev: rev?, by: by?, replaces, change: change?, origin: origin? })
}

fn read_replacements(r: &mut Reader, raw: Option<&RawValue>) -> Vec<Replacement> {
    if is_null(raw) {
        return Vec::new();
    }
    let raw = raw.expect("not null");
    let Some(seq) = raw_seq(raw, MAX_REPLACEMENTS) else {
        r.problem("replacements", format!("{} au lieu d’une liste", kind(raw)));
        return Vec::new();
    };
    if seq.total > MAX_REPLACEMENTS {
        r.problem("replacements", format!("au-delà de la limite de {MAX_REPLACEMENTS} remplacements"));
    }
    let mut out = Vec::new();
    for (i, item) in seq.items.iter().enumerate() {
        let path = format!("replacements.{i}");
        let Some(map) = raw_map(item, 10) else {
            r.problem(&path, format!("{} au lieu d’un objet", kind(item)));
            continue;
        };
        let get = |k: &str| map.entries.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
        let before = r.problems.count();
        let at = r.stamp(get("at"), &format!("{path}.at"));
        let by = r.text(get("by"), &format!("{path}.by"), MAX_SHORT, TextKind::Short);
        let mut stamps = |key: &str| -> Vec<Stamp> {
            let p = format!("{path}.{key}");
            let Some(list) = get(key).filter(|x| !is_null(Some(x))) else { return Vec::new() };
            match raw_seq(list, MAX_REFERENCES) {
                Some(seq) if seq.total <= MAX_REFERENCES => {
                    seq.items.iter().enumerate().filter_map(|(j, s)| r.stamp(Some(s), &format!("{p}.{j}"))).collect()
                }
                _ => {
                    r.problem(&p, format!("{} au lieu d’une liste d’horodatages", kind(list)));
                    Vec::new()
                }
            }
        };
        let hide = stamps("hide");
        let keep = stamps("keep");
        let undone = get("undone").filter(|u| !is_null(Some(u))).map(|u| r.stamp(Some(u), &format!("{path}.undone")));
        if r.problems.count() > before {
            continue;
        }
        let (Some(at), Some(by)) = (at, by) else { continue };
        out.push(Replacement { at, by, hide, keep, undone: undone.flatten() });
    }
    out
}

// ---------------------------------------------------------------- schema 2

/// A stamp for a change migrated from schema 2, which had none: its instant,
/// an order within that instant, and a replica id hashed from the content,
/// so that every tab and colleague migrating the same history makes the same
/// stamps, and different histories never share one.
fn migrated_stamp(ms: i64, order: u32, parts: &[&str]) -> Stamp {
    let mut hash = Fnv1a::new();
    for p in parts {
        hash.write(p.as_bytes());
        hash.write(&[0x1f]);
    }
    Stamp { ms: ms.clamp(0, MAX_MS), counter: order, replica: Replica::from_bits(hash.finish()) }
}

fn change_key(c: &Change) -> String {
    match c {
        Change::Status(s) => format!("status={}", s.id()),
        Change::Progress(p) => format!("progress={p}"),
        Change::Pilote(p) => format!("pilote={p}"),
        Change::Due(d) => format!("due={}", d.map(|d| d.to_string()).unwrap_or_default()),
        Change::Notes(n) => format!("notes={n}"),
        Change::Links(l) => {
            format!(
                "links={}",
                l.iter().map(|l| format!("{}\u{1e}{}", l.label, l.url)).collect::<Vec<_>>().join("\u{1d}")
            )
        }
        Change::Comment { on, text } => format!("comment@{on}={text}"),
    }
}

/// One schema 2 status or progress change.
struct V2Change {
    at: i64,
    by: String,
    from: Change,
    to: Change,
    comment: String,
}

/// Schema 2 stored a snapshot per measure (with a history of status and
/// progress only): each history line becomes a change, chained per field,
/// then each current value that the history does not end on becomes a last
/// change, signed by the document's author. A bad value costs only itself.
fn read_v2_annotation(
    r: &mut Reader,
    raw: &RawValue,
    path: &str,
    plan: &Plan,
    number: MeasureNo,
    author: &str,
) -> Option<Annotation> {
    let Ok(wire) = serde_json::from_str::<WireV2Annotation>(raw.get()) else {
        r.problem(path, format!("{} au lieu d’un objet", kind(raw)));
        return None;
    };
    let p = |f: &str| format!("{path}.{f}");
    let current = [
        r.status(wire.status, &p("status")).map(Change::Status),
        r.progress(wire.progress, &p("progress")).map(Change::Progress),
        r.text(wire.pilote, &p("pilote"), MAX_SHORT, TextKind::Short).map(Change::Pilote),
        r.due(wire.due, &p("due")).map(Change::Due),
        r.text(wire.notes, &p("notes"), MAX_NOTES, TextKind::Long).map(Change::Notes),
        r.links(wire.links, &p("links")).map(Change::Links),
    ];
    let updated_at = r.instant(wire.updated_at, &p("updated_at")).unwrap_or(0);
    let fingerprint =
        r.text(wire.text_fingerprint, &p("text_fingerprint"), MAX_SHORT, TextKind::Short).unwrap_or_default();

    let mut history = Vec::new();
    if let Some(h) = wire.history.filter(|h| !is_null(Some(h))) {
        match raw_seq(h, MAX_ENTRIES) {
            None => r.problem(&p("history"), format!("{} au lieu d’une liste", kind(h))),
            Some(seq) => {
                if seq.total > MAX_ENTRIES {
                    r.problem(
                        &p("history"),
                        format!(
                            "{} changements, au-delà de la limite de {} par mesure",
                            french_integer(seq.total),
                            french_integer(MAX_ENTRIES)
                        ),
                    );
                }
                for (i, item) in seq.items.iter().enumerate() {
                    if let Some(c) = read_v2_change(r, item, &format!("{path}.history.{i}")) {
                        history.push(c);
                    }
                }
            }
        }
    }
    history.sort_by_key(|c| c.at);

    let mut annotation = plan.measure(number).map(Annotation::new).unwrap_or_default();
    let mut last: BTreeMap<Field, (Version, Change)> = BTreeMap::new();
    let mut latest = Stamp::default();
    let n = number.to_string();
    let mut put = |annotation: &mut Annotation,
                   at: Stamp,
                   by: &str,
                   change: Change,
                   last: &mut BTreeMap<Field, (Version, Change)>| {
        let field = change.field();
        let replaces = last.get(&field).map(|(v, _)| vec![*v]).unwrap_or_default();
        if !matches!(field, Field::Comment(_)) {
            last.insert(field, (Version { at, rev: 0 }, change.clone()));
        }
        latest = latest.max(at);
        annotation.put(Entry { at, rev: 0, by: by.to_owned(), replaces, change, origin: Origin::Edit });
    };
    for c in &history {
        let field = c.to.field();
        let shown = last.get(&field).map_or_else(|| field.blank(), |(_, v)| v.clone());
        let at_text = c.at.to_string();
        if c.from != shown {
            // The history starts from a value it does not record: keep it.
            let at = migrated_stamp(c.at, 0, &[&n, "from", &change_key(&c.from), &at_text, &c.by]);
            put(&mut annotation, at, &c.by, c.from.clone(), &mut last);
        }
        let at = migrated_stamp(c.at, 1, &[&n, &change_key(&c.from), &change_key(&c.to), &at_text, &c.by]);
        put(&mut annotation, at, &c.by, c.to.clone(), &mut last);
        if !c.comment.trim().is_empty() {
            let on = at;
            let comment_at = migrated_stamp(c.at, 2, &[&n, "comment", &on.to_string(), &c.comment]);
            put(&mut annotation, comment_at, &c.by, Change::Comment { on, text: c.comment.clone() }, &mut last);
        }
    }
    let final_ms = updated_at.max(history.last().map_or(0, |c| c.at));
    for change in current.into_iter().flatten() {
        let field = change.field();
        let shown = last.get(&field).map_or_else(|| field.blank(), |(_, v)| v.clone());
        if change != shown {
            let at = migrated_stamp(final_ms, 3, &[&n, "current", &change_key(&change), &final_ms.to_string()]);
            put(&mut annotation, at, author, change, &mut last);
        }
    }
    annotation.wording = Wording { fingerprint, at: latest };
    Some(annotation)
}

fn read_v2_change(r: &mut Reader, raw: &RawValue, path: &str) -> Option<V2Change> {
    let Some(map) = raw_map(raw, 20) else {
        r.problem(path, "devrait être un objet");
        return None;
    };
    let get = |k: &str| map.entries.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
    let before = r.problems.count();
    let at = r.instant(get("at"), &format!("{path}.at"));
    let by = r.text(get("by"), &format!("{path}.by"), MAX_SHORT, TextKind::Short);
    let comment = r.text(get("comment"), &format!("{path}.comment"), MAX_COMMENT, TextKind::Long);
    let field = get("field").and_then(|f| serde_json::from_str::<String>(f.get()).ok());
    let (from, to) = match field.as_deref() {
        Some("status") => (
            r.status(get("from"), &format!("{path}.from")).map(Change::Status),
            r.status(get("to"), &format!("{path}.to")).map(Change::Status),
        ),
        Some("progress") => (
            r.progress(get("from"), &format!("{path}.from")).map(Change::Progress),
            r.progress(get("to"), &format!("{path}.to")).map(Change::Progress),
        ),
        _ => {
            r.problem(&format!("{path}.field"), "devrait valoir « status » ou « progress »");
            (None, None)
        }
    };
    if r.problems.count() > before {
        return None;
    }
    Some(V2Change { at: at?, by: by?, from: from?, to: to?, comment: comment? })
}

/// Schema 1 (the pre-release draft) to schema 2: `version` became
/// `format` + `schema`; `updated` became `updated_at`; due dates were
/// `JJ/MM/AAAA`; there were no links, no history and no text fingerprints
/// (the current wording is assumed, since v1 files named no plan).
pub fn migrate_v1(mut root: Map<String, Value>, plan: &Plan) -> Map<String, Value> {
    root.remove("version");
    root.insert("format".into(), FORMAT.into());
    root.insert("schema".into(), 2.into());
    root.entry("plan_id").or_insert_with(|| plan.id.clone().into());
    root.entry("plan_fingerprint").or_insert_with(|| plan.fingerprint.clone().into());
    let saved = root.remove("saved_at").unwrap_or(Value::from(0));
    root.entry("written_at").or_insert(saved);
    if let Some(Value::Object(entries)) = root.get_mut("annotations") {
        for (key, entry) in entries.iter_mut() {
            let Value::Object(a) = entry else { continue };
            if let Some(updated) = a.remove("updated") {
                a.insert("updated_at".into(), updated);
            }
            if let Some(Value::String(due)) = a.get("due") {
                let parts: Vec<&str> = due.split('/').collect();
                if let [d, m, y] = parts.as_slice() {
                    let iso = format!("{y:0>4}-{m:0>2}-{d:0>2}");
                    a.insert("due".into(), iso.into());
                }
            }
            let fingerprint = measure_key(key, plan)
                .and_then(|n| plan.measure(n))
                .map(|m| text_fingerprint(&m.text))
                .unwrap_or_default();
            a.entry("text_fingerprint").or_insert_with(|| fingerprint.into());
        }
    }
    root
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
