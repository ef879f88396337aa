//! Reading a stored or imported text back into a [`Document`], once, at
//! the boundary: the envelope, each measure and change, the references
//! between changes, replacements and the team; salvage and `repair`.

use crate::core::french;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::annotations::{
    clean, Annotation, Author, Change, Entry, Field, Origin, TextKind, Version, Wording,
    MAX_COMMENT, MAX_NOTES, MAX_SHORT,
};
use crate::core::record::document::{Document, Replacement, Signature, NOTHING_SHARED};
use crate::core::record::stamp::{Replica, Stamp};
use crate::core::record::team::{service_id, Service, Team, MAX_NAMES, MAX_SERVICES};

use crate::core::files::codec::migrate::*;
use crate::core::files::codec::raw::*;
use crate::core::files::codec::write::version_text;
use crate::core::files::codec::*;

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

pub(in crate::core::files::codec) fn decode_json(
    raw: &str,
    plan: &Plan,
    options: Options,
) -> Result<Decoded, DecodeError> {
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
pub(in crate::core::files::codec) fn repair(raw: &str) -> Option<(String, Problems)> {
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
pub(in crate::core::files::codec) fn measure_key(key: &str, plan: &Plan) -> Option<MeasureNo> {
    let canonical =
        !key.is_empty() && !key.starts_with('0') && key.bytes().all(|b| b.is_ascii_digit());
    let n = canonical.then(|| key.parse::<MeasureNo>().ok()).flatten()?;
    plan.measure(n).map(|m| m.number)
}

/// What only this browser's storage holds. Its own writing: what does not
/// read is left out (changes it would have signed stay « anonyme »).
pub(in crate::core::files::codec) fn read_local(
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
pub(in crate::core::files::codec) fn instant_counter(s: &str) -> Option<(i64, u32)> {
    let (ms, counter) = s.rsplit_once('.')?;
    Some((ms.parse().ok()?, counter.parse().ok()?))
}

pub(in crate::core::files::codec) fn read_author(
    r: &mut Reader,
    raw: Option<&RawValue>,
    schema: u64,
) -> (Author, Stamp) {
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

pub(in crate::core::files::codec) fn read_annotation(
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
pub(in crate::core::files::codec) fn check_references(
    r: &mut Reader,
    entries: &mut Vec<Entry>,
    path: &str,
) {
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

pub(in crate::core::files::codec) fn read_entry(
    r: &mut Reader,
    raw: &RawValue,
    at: At,
) -> Option<Entry> {
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

pub(in crate::core::files::codec) fn read_replacements(
    r: &mut Reader,
    raw: Option<&RawValue>,
) -> Vec<Replacement> {
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
pub(in crate::core::files::codec) fn read_team(r: &mut Reader, raw: Option<&RawValue>) -> Team {
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

/// Reads a whole stored or imported text with these options, for tests and
/// tools that do not care how it went beyond success.
pub fn decode_document(raw: &str, plan: &Plan, options: Options) -> Result<Document, DecodeError> {
    decode(raw, plan, options).map(|d| d.document)
}
