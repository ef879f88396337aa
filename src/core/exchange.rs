//! Exchanging annotations between colleagues: the preview of an import
//! (what it would add, change or leave alone, and what conflicts), the two
//! ways to apply it, the CSV export for spreadsheets, and the comparison
//! with an earlier export ("since the last briefing").

use std::collections::BTreeSet;

use super::annotations::{text_fingerprint, Annotation, Annotations};
use super::date::french_datetime;
use super::document::{decode, DecodeError, Decoded, Document, Strictness};
use super::plan::{MeasureNo, Plan};
use super::status::Status;

/// Files larger than this are refused before being read.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// Why a file cannot be imported. Every case leaves the user's data as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    TooLarge(usize),
    NotUtf8,
    Decode(DecodeError),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooLarge(n) => write!(
                f,
                "le fichier pèse {} Mo, au-delà de la limite de 5 Mo : ce n’est pas un export de Vigie",
                super::stats::french_decimal(*n as f64 / 1_048_576.0)
            ),
            ImportError::NotUtf8 => write!(f, "le fichier n’est pas du texte UTF-8 : ce n’est pas un export de Vigie"),
            ImportError::Decode(e) => write!(f, "{e}"),
        }
    }
}

/// Reads the bytes of an imported file, strictly: any invalid value refuses it.
pub fn read_file(bytes: &[u8], plan: &Plan) -> Result<Decoded, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    decode(text, plan, Strictness::Strict).map_err(ImportError::Decode)
}

/// What an import would do, measure by measure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preview {
    /// Annotated in the file, blank here.
    pub added: Vec<MeasureNo>,
    /// Newer in the file: a merge takes the file's version.
    pub changed: Vec<MeasureNo>,
    /// Identical, or newer here: a merge keeps ours.
    pub unchanged: Vec<MeasureNo>,
    /// Changed on both sides since they last agreed.
    pub conflicts: Vec<MeasureNo>,
    /// The file was made against another wording of the plan.
    pub other_plan: bool,
    /// With `other_plan`: the file's measures whose text still matches ours.
    pub still_matching: Vec<MeasureNo>,
}

/// Each copy holds an edit the other has never seen: they diverged.
fn diverged(a: &Annotation, b: &Annotation) -> bool {
    let lacks = |x: &Annotation, y: &Annotation| x.revisions.iter().any(|r| !y.revisions.contains(r));
    lacks(a, b) && lacks(b, a)
}

pub fn preview(ours: &Annotations, file: &Document, plan: &Plan) -> Preview {
    let mut p = Preview { other_plan: file.plan_fingerprint != plan.fingerprint, ..Preview::default() };
    for (&n, theirs) in &file.annotations.0 {
        if theirs.is_blank() && theirs.updated_at == 0 {
            continue;
        }
        if plan.measure(n).is_some_and(|m| text_fingerprint(&m.text) == theirs.text_fingerprint) {
            p.still_matching.push(n);
        }
        match ours.get(n).filter(|a| !(a.is_blank() && a.updated_at == 0)) {
            None => p.added.push(n),
            Some(mine) if same_content(mine, theirs) => p.unchanged.push(n),
            Some(mine) => {
                if diverged(mine, theirs) {
                    p.conflicts.push(n);
                }
                if theirs.updated_at > mine.updated_at {
                    p.changed.push(n);
                } else {
                    p.unchanged.push(n);
                }
            }
        }
    }
    p
}

/// Equal in everything the user recorded (histories compared as sets).
fn same_content(a: &Annotation, b: &Annotation) -> bool {
    let fields = |x: &Annotation| (x.status, x.progress, x.pilote.clone(), x.due, x.notes.clone(), x.links.clone());
    fields(a) == fields(b)
        && a.history.iter().all(|e| b.history.contains(e))
        && b.history.iter().all(|e| a.history.contains(e))
}

/// Keeps only the annotations whose measure text is unchanged in `plan`.
pub fn only_matching(annotations: &Annotations, plan: &Plan) -> Annotations {
    Annotations(
        annotations
            .0
            .iter()
            .filter(|(&n, a)| plan.measure(n).is_some_and(|m| text_fingerprint(&m.text) == a.text_fingerprint))
            .map(|(&n, a)| (n, a.clone()))
            .collect(),
    )
}

/// The CSV of the given measures (in that order) for French spreadsheets:
/// UTF-8 with a byte-order mark, `;` separators, CRLF line ends, RFC 4180
/// quoting, and formula-looking cells neutralised.
pub fn csv(plan: &Plan, annotations: &Annotations, measures: &[MeasureNo], offset_minutes: i32) -> String {
    const HEADER: [&str; 9] = [
        "Numéro",
        "Objectif",
        "Titre court",
        "Statut",
        "Avancement (%)",
        "Pilote",
        "Échéance",
        "Dernière mise à jour",
        "Notes",
    ];
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADER.iter().map(|s| s.to_string()));
    for &n in measures {
        let Some(m) = plan.measure(n) else { continue };
        let a = annotations.get(n);
        push_row(
            &mut out,
            [
                n.to_string(),
                m.objective.to_string(),
                m.short_title.clone(),
                a.map_or(Status::default(), |a| a.status).label().to_owned(),
                a.map_or(0, |a| a.progress).to_string(),
                a.map_or(String::new(), |a| a.pilote.clone()),
                a.and_then(|a| a.due).map_or(String::new(), |d| d.french()),
                a.filter(|a| a.updated_at > 0).map_or(String::new(), |a| french_datetime(a.updated_at, offset_minutes)),
                a.map_or(String::new(), |a| a.notes.clone()),
            ]
            .into_iter(),
        );
    }
    out
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(';');
        }
        // A cell starting like a formula would be run by the spreadsheet.
        let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell };
        if cell.contains([';', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

/// Which way a measure moved since the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Better,
    Worse,
    /// The status changed to one neither ahead nor behind (non évaluée ↔ non engagée).
    Moved,
    /// Only the notes changed.
    Same,
}

/// How a measure changed since the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub measure: MeasureNo,
    pub status: Option<(Status, Status)>,
    pub progress: Option<(u8, u8)>,
    pub new_notes: bool,
    pub direction: Direction,
}

/// How far along a status is, for "better" and "worse".
fn rank(s: Status) -> u8 {
    match s {
        Status::Abandonnee => 0,
        Status::EnDifficulte => 1,
        Status::NonEvaluee | Status::NonEngagee => 2,
        Status::EnCours => 3,
        Status::Realisee => 4,
    }
}

/// What moved between `baseline` and `current`, in measure order.
pub fn movements(plan: &Plan, baseline: &Annotations, current: &Annotations) -> Vec<Movement> {
    plan.measures
        .iter()
        .filter_map(|m| {
            let (before, after) = (baseline.get(m.number), current.get(m.number));
            let status =
                (before.map_or(Status::default(), |a| a.status), after.map_or(Status::default(), |a| a.status));
            let progress = (before.map_or(0, |a| a.progress), after.map_or(0, |a| a.progress));
            let notes = (before.map_or("", |a| a.notes.as_str()), after.map_or("", |a| a.notes.as_str()));
            let new_notes = notes.0.trim() != notes.1.trim() && !notes.1.trim().is_empty();
            if status.0 == status.1 && progress.0 == progress.1 && !new_notes {
                return None;
            }
            let direction = match rank(status.1).cmp(&rank(status.0)).then(progress.1.cmp(&progress.0)) {
                std::cmp::Ordering::Greater => Direction::Better,
                std::cmp::Ordering::Less => Direction::Worse,
                std::cmp::Ordering::Equal if status.0 != status.1 => Direction::Moved,
                std::cmp::Ordering::Equal => Direction::Same,
            };
            Some(Movement {
                measure: m.number,
                status: (status.0 != status.1).then_some(status),
                progress: (progress.0 != progress.1).then_some(progress),
                new_notes,
                direction,
            })
        })
        .collect()
}

/// "Depuis le 01/10/2026 : 5 mesures ont progressé, 1 a reculé".
pub fn summary(since: &str, movements: &[Movement]) -> String {
    let count = |d: Direction| movements.iter().filter(|m| m.direction == d).count();
    let (better, worse, moved, same) =
        (count(Direction::Better), count(Direction::Worse), count(Direction::Moved), count(Direction::Same));
    if movements.is_empty() {
        return format!("Depuis le {since} : aucun changement");
    }
    // "5 mesures ont progressé, 1 a reculé": the noun only in the first part.
    let mut parts: Vec<String> = Vec::new();
    for (n, one, many) in [
        (better, "a progressé", "ont progressé"),
        (worse, "a reculé", "ont reculé"),
        (moved, "a changé de statut", "ont changé de statut"),
        (same, "a de nouvelles notes", "ont de nouvelles notes"),
    ] {
        if n == 0 {
            continue;
        }
        let noun = match (parts.is_empty(), n) {
            (false, _) => "",
            (true, 1) => " mesure",
            (true, _) => " mesures",
        };
        parts.push(format!("{n}{noun} {}", if n == 1 { one } else { many }));
    }
    format!("Depuis le {since} : {}", parts.join(", "))
}

/// Measures in a set, for display: "3, 7 et 12".
pub fn list_numbers(numbers: &[MeasureNo]) -> String {
    let set: BTreeSet<_> = numbers.iter().collect();
    let items: Vec<String> = set.into_iter().map(|n| n.to_string()).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}
