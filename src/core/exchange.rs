//! Exchanging annotations between colleagues: the preview of an import
//! (what it would add, change or leave alone, and what conflicts), the two
//! ways to apply it, the CSV export for spreadsheets, and the comparison
//! with an earlier export ("since the last briefing").

use super::annotations::{text_fingerprint, Change, EditError, Entry, Field};
use super::codec::{decode, DecodeError, Decoded, Options, Strictness};
use super::date::french_datetime;
use super::document::{Annotations, Document, Editor, Step};
use super::plan::{MeasureNo, Plan};
use super::stamp::Stamp;
use super::status::Status;

/// Files larger than this are refused before being read.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// How far ahead of this machine's clock a file's stamps may be: beyond, the
/// sender's clock is wrong, and taking its stamps would make every later
/// edit of ours look older than theirs.
pub const FUTURE_TOLERANCE_MS: i64 = 24 * 3_600_000;

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
                "le fichier pèse {} Mo, au-delà de la limite de 5 Mo\u{202f}: \
                 ce n’est pas un export de Vigie",
                super::stats::french_decimal(*n as f64 / 1_048_576.0)
            ),
            ImportError::NotUtf8 => {
                write!(
                    f,
                    "le fichier n’est pas du texte UTF-8\u{202f}: \
                     ce n’est pas un export de Vigie"
                )
            }
            ImportError::Decode(e) => write!(f, "{e}"),
        }
    }
}

/// Reads the bytes of an imported file, strictly: any invalid value refuses
/// it, and so does any stamp more than a day ahead of `now`.
pub fn read_file(bytes: &[u8], plan: &Plan, now: i64) -> Result<Decoded, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = Options {
        strictness: Strictness::Strict,
        latest: Some(now.saturating_add(FUTURE_TOLERANCE_MS)),
    };
    decode(text, plan, options).map_err(ImportError::Decode)
}

/// Which copy to keep for a measure in conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// One value of one field, as it would be shown side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub at: Stamp,
    pub by: String,
    pub change: Change,
}

impl Version {
    fn of(entry: &Entry) -> Version {
        Version { at: entry.at, by: entry.by.clone(), change: entry.change.clone() }
    }
}

/// A field both sides changed without knowing of each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    pub field: Field,
    pub mine: Version,
    pub theirs: Version,
}

/// A measure the import would put in conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub measure: MeasureNo,
    pub fields: Vec<FieldConflict>,
    /// The side whose conflicting change has the latest stamp: the default.
    pub newest: Side,
}

/// What an import would do, measure by measure. Every measure the file
/// annotates is in exactly one of the four lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preview {
    /// Annotated in the file, blank here.
    pub added: Vec<MeasureNo>,
    /// A merge would change it here, without conflict.
    pub updated: Vec<MeasureNo>,
    /// A merge would leave it exactly as it is.
    pub unchanged: Vec<MeasureNo>,
    /// Changed on both sides without either knowing of the other.
    pub conflicts: Vec<Conflict>,
    /// The file was made against another wording of the plan.
    pub other_plan: bool,
    /// With `other_plan`: the file's measures whose text still matches ours.
    pub still_matching: Vec<MeasureNo>,
    /// Measures a merge would take past the limit of changes: the file
    /// cannot be taken in.
    pub overfull: Vec<MeasureNo>,
}

impl Preview {
    /// How many measures the file annotates.
    pub fn total(&self) -> usize {
        self.added.len() + self.updated.len() + self.unchanged.len() + self.conflicts.len()
    }

    /// The default choices: the newest side of each conflict.
    pub fn default_choices(&self) -> Choices {
        Choices(self.conflicts.iter().map(|c| (c.measure, c.newest)).collect())
    }
}

/// Simulates the merge (linear in the size of both documents) and sorts
/// the file's measures by what it would do to each.
pub fn preview(ours: &Document, file: &Document, plan: &Plan) -> Preview {
    let mut p = Preview {
        other_plan: file.plan_fingerprint != plan.fingerprint,
        overfull: ours.overfull_after_merge(file),
        ..Preview::default()
    };
    let mut merged = ours.clone();
    merged.merge(file);
    for (n, theirs) in file.annotations().all() {
        if theirs.is_empty() {
            continue;
        }
        if plan.measure(n).is_some_and(|m| text_fingerprint(&m.text) == theirs.wording.fingerprint)
        {
            p.still_matching.push(n);
        }
        let mine = ours.annotation(n);
        let Some(after) = merged.annotation(n) else { continue };
        let new_conflicts: Vec<FieldConflict> = after
            .conflicts()
            .iter()
            .filter(|c| mine.is_none_or(|m| m.conflicts().iter().all(|old| old.field != c.field)))
            .filter_map(|c| {
                let winner = |a: &super::annotations::Annotation| {
                    a.heads(c.field).last().and_then(|v| a.entry(v.at)).map(Version::of)
                };
                Some(FieldConflict {
                    field: c.field,
                    mine: winner(mine?)?,
                    theirs: winner(theirs)?,
                })
            })
            .collect();
        if !new_conflicts.is_empty() {
            let newest_mine = new_conflicts.iter().map(|c| c.mine.at).max();
            let newest_theirs = new_conflicts.iter().map(|c| c.theirs.at).max();
            let newest = if newest_mine > newest_theirs { Side::Mine } else { Side::Theirs };
            p.conflicts.push(Conflict { measure: n, fields: new_conflicts, newest });
        } else if mine.is_none_or(|m| m.is_blank()) && !after.is_blank() {
            p.added.push(n);
        } else if mine.is_some_and(|m| m.same_record(after)) || (mine.is_none() && after.is_blank())
        {
            p.unchanged.push(n);
        } else {
            p.updated.push(n);
        }
    }
    p
}

/// The side to keep for each measure in conflict.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choices(Vec<(MeasureNo, Side)>);

impl Choices {
    pub fn get(&self, measure: MeasureNo) -> Option<Side> {
        self.0.iter().find(|(n, _)| *n == measure).map(|(_, s)| *s)
    }

    pub fn set(&mut self, measure: MeasureNo, side: Side) {
        match self.0.iter_mut().find(|(n, _)| *n == measure) {
            Some(slot) => slot.1 = side,
            None => self.0.push((measure, side)),
        }
    }
}

/// How to take a file in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportMode {
    /// Union with ours; each conflict settled on the chosen side.
    Merge { choices: Choices },
    /// Only these measures (a file made on another wording of the plan).
    OnlyMatching { measures: Vec<MeasureNo> },
    /// The file's annotations instead of ours (ours stay, hidden).
    Replace,
}

/// Applies an import as one undoable step; refused, changing nothing, if
/// it would take a measure past the limit of changes.
pub fn apply(
    ours: &mut Document,
    plan: &Plan,
    file: &Document,
    mode: &ImportMode,
    by: &str,
    editor: &Editor,
) -> Result<Step, EditError> {
    let restricted;
    let file = match mode {
        ImportMode::OnlyMatching { measures } => {
            restricted = file.restricted_to(measures);
            &restricted
        }
        _ => file,
    };
    let overfull = ours.overfull_after_merge(file);
    if !overfull.is_empty() {
        return Err(EditError::TooManyChangesIn(overfull));
    }
    Ok(match mode {
        ImportMode::Replace => ours.replace_with(file, by, editor),
        ImportMode::OnlyMatching { .. } => ours.merge_step(file),
        ImportMode::Merge { choices } => {
            let conflicts = preview(ours, file, plan).conflicts;
            let keep: Vec<(MeasureNo, Stamp)> = conflicts
                .iter()
                .flat_map(|c| {
                    let side = choices.get(c.measure).unwrap_or(c.newest);
                    c.fields.iter().map(move |f| {
                        (c.measure, if side == Side::Mine { f.mine.at } else { f.theirs.at })
                    })
                })
                .collect();
            ours.merge_resolving(plan, file, &keep, by, editor)
        }
    })
}

/// The CSV of the given measures (in that order) for French spreadsheets:
/// UTF-8 with a byte-order mark, `;` separators, CRLF line ends, RFC 4180
/// quoting, and formula-looking cells neutralised.
pub fn csv(
    plan: &Plan,
    annotations: &Annotations,
    measures: &[MeasureNo],
    zone: &dyn Fn(i64) -> i32,
) -> String {
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
                a.map_or(Status::default(), |a| a.status()).label().to_owned(),
                a.map_or(0, |a| a.progress()).to_string(),
                a.map_or(String::new(), |a| a.pilote().to_owned()),
                a.and_then(|a| a.due()).map_or(String::new(), |d| d.french()),
                a.and_then(|a| a.updated())
                    .map_or(String::new(), |at| french_datetime(at.ms, zone)),
                a.map_or(String::new(), |a| a.notes().to_owned()),
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
        let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{cell}")
        } else {
            cell
        };
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

impl Direction {
    /// For styling (`move-better`…); the words always say it too.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Better => "better",
            Direction::Worse => "worse",
            Direction::Moved | Direction::Same => "same",
        }
    }
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
            let status = (
                before.map_or(Status::default(), |a| a.status()),
                after.map_or(Status::default(), |a| a.status()),
            );
            let progress = (before.map_or(0, |a| a.progress()), after.map_or(0, |a| a.progress()));
            let notes = (before.map_or("", |a| a.notes()), after.map_or("", |a| a.notes()));
            let new_notes = notes.0.trim() != notes.1.trim() && !notes.1.trim().is_empty();
            if status.0 == status.1 && progress.0 == progress.1 && !new_notes {
                return None;
            }
            let direction =
                match rank(status.1).cmp(&rank(status.0)).then(progress.1.cmp(&progress.0)) {
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
