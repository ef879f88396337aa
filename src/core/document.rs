//! The annotation document: the one versioned JSON shape that Vigie writes
//! to local storage and to exported files, its validation into typed values
//! (every problem named with the path of the bad field), and the migration
//! of older schema versions. Raw JSON is checked here once; nothing
//! downstream re-checks it.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use super::annotations::{Annotation, Annotations, Author, Change, HistoryEntry, Link};
use super::date::IsoDate;
use super::plan::{MeasureNo, Plan};
use super::status::Status;

/// The `format` field of every document Vigie writes.
pub const FORMAT: &str = "vigie-annotations";
/// The schema this build writes. 1 was the pre-release draft (see [`migrate_v1`]).
pub const SCHEMA: u64 = 2;

/// Annotations together with what they were made against and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub plan_id: String,
    pub plan_fingerprint: String,
    /// When this copy was written (saved or exported).
    pub written_at: i64,
    /// When its annotations were last replaced as a whole (an import with
    /// "Remplacer"); 0 if never. Folding
    /// another tab's copy needs it: what that copy holds from before the
    /// replacement must not come back (see [`Document::fold`]).
    pub replaced_at: i64,
    pub author: Author,
    pub annotations: Annotations,
}

impl Document {
    pub fn empty(plan: &Plan) -> Document {
        Document {
            plan_id: plan.id.clone(),
            plan_fingerprint: plan.fingerprint.clone(),
            written_at: 0,
            replaced_at: 0,
            author: Author::default(),
            annotations: Annotations::default(),
        }
    }

    /// Folds `other`, another tab's copy, into this one. Measure by measure
    /// the later change wins; but across a replacement, the copy replaced
    /// last is the base, and the other contributes only what it changed
    /// after that replacement.
    pub fn fold(&mut self, other: &Document) {
        use std::cmp::Ordering;
        match other.replaced_at.cmp(&self.replaced_at) {
            Ordering::Equal => self.annotations.merge(&other.annotations),
            Ordering::Less => self.annotations.merge(&other.annotations.changed_after(self.replaced_at)),
            Ordering::Greater => {
                let ours = self.annotations.changed_after(other.replaced_at);
                self.annotations = other.annotations.clone();
                self.annotations.merge(&ours);
                self.replaced_at = other.replaced_at;
            }
        }
    }

    /// The JSON text of this document; `pretty` for files people may open.
    pub fn encode(&self, pretty: bool) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            format: &'static str,
            schema: u64,
            plan_id: &'a str,
            plan_fingerprint: &'a str,
            written_at: i64,
            #[serde(skip_serializing_if = "is_zero")]
            replaced_at: i64,
            author: &'a Author,
            annotations: BTreeMap<MeasureNo, &'a Annotation>,
        }
        let out = Out {
            format: FORMAT,
            schema: SCHEMA,
            plan_id: &self.plan_id,
            plan_fingerprint: &self.plan_fingerprint,
            written_at: self.written_at,
            replaced_at: self.replaced_at,
            author: &self.author,
            // Never-touched annotations carry nothing; a measure cleared after
            // edits is kept, so that the clearing reaches other tabs and files.
            annotations: self
                .annotations
                .0
                .iter()
                .filter(|(_, a)| !(a.is_blank() && a.updated_at == 0))
                .map(|(n, a)| (*n, a))
                .collect(),
        };
        let encoded = if pretty { serde_json::to_string_pretty(&out) } else { serde_json::to_string(&out) };
        encoded.expect("a document always serialises")
    }
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// One thing wrong in a document, at a JSON path such as `annotations.17.progress`.
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

/// Why a document cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    NotJson(String),
    WrongFormat,
    NewerSchema(u64),
    Invalid(Vec<Problem>),
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
                write!(f, "{} valeur(s) invalide(s) : ", problems.len())?;
                for (i, p) in problems.iter().take(5).enumerate() {
                    write!(f, "{}{p}", if i > 0 { " ; " } else { "" })?;
                }
                if problems.len() > 5 {
                    write!(f, " ; et {} autre(s)", problems.len() - 5)?;
                }
                Ok(())
            }
        }
    }
}

/// How to treat invalid annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Any problem refuses the whole document (imports).
    Strict,
    /// Keep every annotation that is valid, report the others (recovery of
    /// stored data; the raw text is backed up by the caller).
    Salvage,
}

/// A successfully read document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub document: Document,
    /// The schema it was migrated from, if older.
    pub migrated_from: Option<u64>,
    /// What was left out (only with [`Strictness::Salvage`]).
    pub dropped: Vec<Problem>,
}

/// Reads a document: JSON, format, schema (migrating older ones), then every
/// value. Measure numbers are checked against `plan`.
pub fn decode(raw: &str, plan: &Plan, strictness: Strictness) -> Result<Decoded, DecodeError> {
    let value: Value = serde_json::from_str(raw).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let Value::Object(mut root) = value else { return Err(DecodeError::WrongFormat) };
    let schema = match (root.get("format"), root.get("schema")) {
        (Some(Value::String(f)), Some(Value::Number(n))) if f == FORMAT => n.as_u64().unwrap_or(0),
        // The draft format had no `format` field, only `version: 1`.
        (None, None) if root.get("version").and_then(Value::as_u64) == Some(1) => 1,
        _ => return Err(DecodeError::WrongFormat),
    };
    let migrated_from = match schema {
        SCHEMA => None,
        1 => {
            root = migrate_v1(root, plan);
            Some(1)
        }
        s if s > SCHEMA => return Err(DecodeError::NewerSchema(s)),
        _ => return Err(DecodeError::WrongFormat),
    };

    let mut problems = Vec::new();
    let mut r = Reader { problems: &mut problems };
    let plan_id = r.string(&root, "plan_id", "plan_id");
    let plan_fingerprint = r.string(&root, "plan_fingerprint", "plan_fingerprint");
    let written_at = r.instant(&root, "written_at", "written_at");
    let replaced_at = r.instant(&root, "replaced_at", "replaced_at");
    let author = match root.get("author") {
        Some(Value::Object(a)) => {
            Author { name: r.string(a, "name", "author.name"), service: r.string(a, "service", "author.service") }
        }
        None | Some(Value::Null) => Author::default(),
        Some(_) => {
            r.problem("author", "devrait être un objet { name, service }");
            Author::default()
        }
    };

    let mut annotations = BTreeMap::new();
    let mut dropped = Vec::new();
    match root.get("annotations") {
        Some(Value::Object(entries)) => {
            for (key, value) in entries {
                let mut local = Vec::new();
                let parsed = read_annotation(key, value, plan, &mut local);
                match parsed {
                    Some((n, a)) if local.is_empty() => {
                        annotations.insert(n, a);
                    }
                    _ => dropped.extend(local),
                }
            }
        }
        _ => problems
            .push(Problem { path: "annotations".into(), message: "champ absent ou qui n’est pas un objet".into() }),
    }

    problems.extend(dropped);
    if strictness == Strictness::Strict && !problems.is_empty() {
        return Err(DecodeError::Invalid(problems));
    }
    // Salvage keeps what is valid; a damaged header falls back on the plan.
    Ok(Decoded {
        document: Document {
            plan_id: if plan_id.is_empty() { plan.id.clone() } else { plan_id },
            plan_fingerprint: if plan_fingerprint.is_empty() { plan.fingerprint.clone() } else { plan_fingerprint },
            written_at,
            replaced_at,
            author,
            annotations: Annotations(annotations),
        },
        migrated_from,
        dropped: problems,
    })
}

/// Schema 1 (the pre-release draft) to schema 2: `version` became
/// `format` + `schema`; `updated` became `updated_at` (and the only known
/// revision); due dates were
/// `JJ/MM/AAAA`; there were no links, no history and no text fingerprints
/// (the current wording is assumed, since v1 files named no plan).
pub fn migrate_v1(mut root: Map<String, Value>, plan: &Plan) -> Map<String, Value> {
    root.remove("version");
    root.insert("format".into(), FORMAT.into());
    root.insert("schema".into(), SCHEMA.into());
    root.entry("plan_id").or_insert_with(|| plan.id.clone().into());
    root.entry("plan_fingerprint").or_insert_with(|| plan.fingerprint.clone().into());
    let saved = root.remove("saved_at").unwrap_or(Value::from(0));
    root.entry("written_at").or_insert(saved);
    if let Some(Value::Object(entries)) = root.get_mut("annotations") {
        for (key, entry) in entries.iter_mut() {
            let Value::Object(a) = entry else { continue };
            if let Some(updated) = a.remove("updated") {
                a.insert("revisions".into(), Value::Array(vec![updated.clone()]));
                a.insert("updated_at".into(), updated);
            }
            if let Some(Value::String(due)) = a.get("due") {
                let parts: Vec<&str> = due.split('/').collect();
                if let [d, m, y] = parts.as_slice() {
                    let iso = format!("{y:0>4}-{m:0>2}-{d:0>2}");
                    a.insert("due".into(), iso.into());
                }
            }
            a.entry("links").or_insert_with(|| Value::Array(Vec::new()));
            a.entry("history").or_insert_with(|| Value::Array(Vec::new()));
            let fingerprint = key
                .parse::<MeasureNo>()
                .ok()
                .and_then(|n| plan.measure(n))
                .map(|m| super::annotations::text_fingerprint(&m.text))
                .unwrap_or_default();
            a.entry("text_fingerprint").or_insert_with(|| fingerprint.into());
        }
    }
    root
}

struct Reader<'a> {
    problems: &'a mut Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem { path: path.to_owned(), message: message.into() });
    }

    fn string(&mut self, obj: &Map<String, Value>, key: &str, path: &str) -> String {
        match obj.get(key) {
            Some(Value::String(s)) => s.clone(),
            None | Some(Value::Null) => String::new(),
            Some(other) => {
                self.problem(path, format!("{} n’est pas un texte", short(other)));
                String::new()
            }
        }
    }

    fn instant(&mut self, obj: &Map<String, Value>, key: &str, path: &str) -> i64 {
        match obj.get(key) {
            None | Some(Value::Null) => 0,
            Some(Value::Number(n)) => match n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)) {
                // Up to the year 2200, in milliseconds since 1970.
                Some(ms) if (0..=7_258_118_400_000).contains(&ms) => ms,
                _ => {
                    self.problem(path, format!("{n} n’est pas un instant plausible"));
                    0
                }
            },
            Some(other) => {
                self.problem(path, format!("{} n’est pas un instant (millisecondes)", short(other)));
                0
            }
        }
    }

    fn status(&mut self, value: Option<&Value>, path: &str) -> Status {
        match value {
            None | Some(Value::Null) => Status::default(),
            Some(Value::String(s)) => Status::from_id(s).unwrap_or_else(|| {
                self.problem(path, format!("statut inconnu « {} »", truncate(s)));
                Status::default()
            }),
            Some(other) => {
                self.problem(path, format!("{} n’est pas un statut", short(other)));
                Status::default()
            }
        }
    }

    fn progress(&mut self, value: Option<&Value>, path: &str) -> u8 {
        match value {
            None | Some(Value::Null) => 0,
            Some(Value::Number(n)) => match n.as_u64() {
                Some(p) if p <= 100 => p as u8,
                _ => {
                    self.problem(path, format!("{n} n’est pas entre 0 et 100"));
                    0
                }
            },
            Some(other) => {
                self.problem(path, format!("{} n’est pas un nombre entre 0 et 100", short(other)));
                0
            }
        }
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

fn short(v: &Value) -> String {
    match v {
        Value::String(s) => format!("« {} »", truncate(s)),
        Value::Array(_) => "une liste".to_owned(),
        Value::Object(_) => "un objet".to_owned(),
        other => truncate(&other.to_string()),
    }
}

fn read_annotation(
    key: &str,
    value: &Value,
    plan: &Plan,
    problems: &mut Vec<Problem>,
) -> Option<(MeasureNo, Annotation)> {
    let base = format!("annotations.{key}");
    let mut r = Reader { problems };
    let number = match key.parse::<MeasureNo>() {
        Ok(n) if plan.measure(n).is_some() => n,
        _ => {
            r.problem(
                &base,
                format!("« {} » n’est pas un numéro de mesure du plan (1 à {})", truncate(key), plan.measures.len()),
            );
            return None;
        }
    };
    let Value::Object(a) = value else {
        r.problem(&base, format!("{} au lieu d’un objet", short(value)));
        return None;
    };
    let path = |field: &str| format!("{base}.{field}");
    let status = r.status(a.get("status"), &path("status"));
    let progress = r.progress(a.get("progress"), &path("progress"));
    let pilote = r.string(a, "pilote", &path("pilote"));
    let notes = r.string(a, "notes", &path("notes"));
    let updated_at = r.instant(a, "updated_at", &path("updated_at"));
    let text_fingerprint = r.string(a, "text_fingerprint", &path("text_fingerprint"));
    let due = match a.get("due") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => IsoDate::parse(s).or_else(|| {
            r.problem(&path("due"), format!("« {} » n’est pas une date réelle au format AAAA-MM-JJ", truncate(s)));
            None
        }),
        Some(other) => {
            r.problem(&path("due"), format!("{} n’est pas une date AAAA-MM-JJ", short(other)));
            None
        }
    };
    let mut links = Vec::new();
    match a.get("links") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{base}.links.{i}");
                let Value::Object(l) = item else {
                    r.problem(&p, "devrait être un objet { label, url }");
                    continue;
                };
                let link = Link {
                    label: r.string(l, "label", &format!("{p}.label")),
                    url: r.string(l, "url", &format!("{p}.url")),
                };
                // Non-web addresses are kept as text (never made links): refusing
                // them would lose a colleague's evidence.
                links.push(link);
            }
        }
        Some(other) => r.problem(&path("links"), format!("{} au lieu d’une liste", short(other))),
    }
    let mut history = Vec::new();
    match a.get("history") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{base}.history.{i}");
                let Value::Object(h) = item else {
                    r.problem(&p, "devrait être un objet");
                    continue;
                };
                let at = r.instant(h, "at", &format!("{p}.at"));
                let by = r.string(h, "by", &format!("{p}.by"));
                let comment = r.string(h, "comment", &format!("{p}.comment"));
                let change = match h.get("field").and_then(Value::as_str) {
                    Some("status") => Change::Status {
                        from: r.status(h.get("from"), &format!("{p}.from")),
                        to: r.status(h.get("to"), &format!("{p}.to")),
                    },
                    Some("progress") => Change::Progress {
                        from: r.progress(h.get("from"), &format!("{p}.from")),
                        to: r.progress(h.get("to"), &format!("{p}.to")),
                    },
                    _ => {
                        r.problem(&format!("{p}.field"), "devrait valoir « status » ou « progress »");
                        continue;
                    }
                };
                history.push(HistoryEntry { at, by, change, comment });
            }
        }
        Some(other) => r.problem(&path("history"), format!("{} au lieu d’une liste", short(other))),
    }
    history.sort_by_key(|h| h.at);
    let mut revisions = Vec::new();
    match a.get("revisions") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{base}.revisions.{i}");
                match item.as_i64() {
                    Some(ms) if (0..=7_258_118_400_000).contains(&ms) => revisions.push(ms),
                    _ => r.problem(&p, format!("{} n’est pas un instant plausible", short(item))),
                }
            }
        }
        Some(other) => r.problem(&path("revisions"), format!("{} au lieu d’une liste", short(other))),
    }
    revisions.sort_unstable();
    revisions.dedup();
    Some((
        number,
        Annotation { status, progress, pilote, due, notes, links, history, updated_at, revisions, text_fingerprint },
    ))
}
