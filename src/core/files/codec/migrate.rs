//! Schemas 1 and 2 read into schema 3: a snapshot per measure with its
//! status and progress history becomes changes, with stamps unique per
//! document.

use serde_json::value::RawValue;

use crate::core::date::IsoDate;
use crate::core::plan::{Fnv1a, MeasureNo, Plan};
use crate::core::record::annotations::{
    text_fingerprint, Annotation, Change, Entry, Field, Origin, TextKind, Version, Wording,
    MAX_COMMENT, MAX_NOTES, MAX_SHORT,
};
use crate::core::record::stamp::{Replica, Stamp, MAX_MS};

use crate::core::files::codec::raw::*;
use crate::core::files::codec::*;

/// Who signs the values a schema 1 or 2 snapshot held without saying who
/// set them. Not the document's author: a colleague who had imported the
/// same snapshot would sign them otherwise, and the two migrations would
/// differ where they hold the same data.
pub const MIGRATED_AUTHOR: &str = "auteur non enregistré (ancienne version)";

/// One schema 2 status or progress change.
pub(in crate::core::files::codec) struct V2Change {
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
pub(in crate::core::files::codec) fn read_snapshot(
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
pub(in crate::core::files::codec) struct Chain {
    measure: MeasureNo,
    /// The last change of each tracked field, in `Field::TRACKED` order.
    last: [Option<(Version, Change)>; 6],
    latest: Stamp,
    /// How many changes were made: each one's counter, so that the
    /// measure's migrated stamps increase in the order they were made.
    made: u32,
}

impl Chain {
    pub(in crate::core::files::codec) fn new(measure: MeasureNo) -> Chain {
        Chain { measure, last: Default::default(), latest: Stamp::default(), made: 0 }
    }

    pub(in crate::core::files::codec) fn slot(field: Field) -> usize {
        Field::TRACKED.iter().position(|x| *x == field).unwrap_or(0)
    }

    pub(in crate::core::files::codec) fn shown(&self, field: Field) -> Change {
        self.last[Self::slot(field)].as_ref().map_or_else(|| field.blank(), |(_, v)| v.clone())
    }

    /// A stamp for a change migrated from schema 1 or 2, which had none:
    /// its instant, its rank in the measure's migration, and a replica id
    /// hashed from everything it holds, so that every tab and colleague
    /// migrating the same snapshot makes the same stamps, and two different
    /// changes never share one.
    pub(in crate::core::files::codec) fn stamp(&self, ms: i64, by: &str, change: &Change) -> Stamp {
        let (measure, key, at, made) =
            (self.measure.to_string(), change.key(), ms.to_string(), self.made.to_string());
        let hash = Fnv1a::of_parts(&[&measure, by, &key, &at, &made]);
        let ms = ms.clamp(0, MAX_MS).max(self.latest.ms);
        Stamp { ms, counter: self.made, replica: Replica::from_bits(hash) }
    }

    /// Adds a change replacing the field's last one; returns its stamp.
    pub(in crate::core::files::codec) fn put(
        &mut self,
        annotation: &mut Annotation,
        ms: i64,
        by: &str,
        change: Change,
    ) -> Stamp {
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

pub(in crate::core::files::codec) fn read_v2_change(
    r: &mut Reader,
    raw: &RawValue,
    at: At,
) -> Option<V2Change> {
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
pub(in crate::core::files::codec) fn draft_due(
    r: &mut Reader,
    raw: Option<&RawValue>,
    at: At,
) -> Option<Option<IsoDate>> {
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
