//! What users record about each measure, and every way it may change:
//! edits (with their append-only history), undo, and the merge of two
//! copies (two tabs, or a colleague's file). Times are milliseconds since
//! the epoch, supplied by the caller so that all of this stays pure.

use std::collections::BTreeMap;

use serde::Serialize;

use super::date::IsoDate;
use super::plan::{Measure, MeasureNo, Plan};
use super::status::Status;

/// Who makes changes: set once in the settings, stamped on history entries
/// and exports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Author {
    pub name: String,
    pub service: String,
}

impl Author {
    /// `Claire Martin (DGPN)`, or `anonyme` when unset.
    pub fn display(&self) -> String {
        match (self.name.trim(), self.service.trim()) {
            ("", "") => "anonyme".to_owned(),
            (name, "") => name.to_owned(),
            ("", service) => service.to_owned(),
            (name, service) => format!("{name} ({service})"),
        }
    }
}

/// Evidence: a labelled address. Only http(s) addresses are ever made links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

impl Link {
    /// Whether the address may be rendered as a clickable link.
    pub fn is_web(&self) -> bool {
        is_web_url(&self.url)
    }
}

pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && lower.len() > "https://".len()
}

/// One recorded change of status or progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub at: i64,
    pub by: String,
    #[serde(flatten)]
    pub change: Change,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Change {
    Status { from: Status, to: Status },
    Progress { from: u8, to: u8 },
}

/// Where one measure stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annotation {
    pub status: Status,
    /// 0 to 100, in percent.
    pub progress: u8,
    pub pilote: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<IsoDate>,
    pub notes: String,
    pub links: Vec<Link>,
    /// Append-only, oldest first.
    pub history: Vec<HistoryEntry>,
    /// When any field last changed: decides merges.
    pub updated_at: i64,
    /// The instant of every edit, ascending: two copies that each hold an
    /// edit the other lacks have diverged (an import conflict).
    pub revisions: Vec<i64>,
    /// Fingerprint of the measure's text when last annotated, to notice a
    /// plan whose wording changed under the annotation.
    pub text_fingerprint: String,
}

impl Annotation {
    pub fn new(measure: &Measure) -> Annotation {
        Annotation::blank(text_fingerprint(&measure.text))
    }

    /// Nothing recorded, against the wording with this fingerprint.
    fn blank(text_fingerprint: String) -> Annotation {
        Annotation {
            status: Status::default(),
            progress: 0,
            pilote: String::new(),
            due: None,
            notes: String::new(),
            links: Vec::new(),
            history: Vec::new(),
            updated_at: 0,
            revisions: Vec::new(),
            text_fingerprint,
        }
    }

    /// Whether nothing has been recorded (such an annotation is not stored).
    pub fn is_blank(&self) -> bool {
        self.status == Status::default()
            && self.progress == 0
            && self.pilote.is_empty()
            && self.due.is_none()
            && self.notes.is_empty()
            && self.links.is_empty()
            && self.history.is_empty()
    }

    /// Due date passed while the measure is still open.
    pub fn is_overdue(&self, today: IsoDate) -> bool {
        self.due.is_some_and(|d| d < today) && !self.status.is_closed()
    }
}

/// FNV-1a of one measure's text (see [`Plan::fingerprint`] for the whole plan).
pub fn text_fingerprint(text: &str) -> String {
    let mut hash = super::plan::Fnv1a::new();
    hash.write(text.as_bytes());
    hash.hex()
}

/// A change the user makes to one measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Status(Status),
    Progress(u8),
    Pilote(String),
    Due(Option<IsoDate>),
    Notes(String),
    AddLink(Link),
    RemoveLink(usize),
}

/// All annotations, by measure number. Measures without one are blank.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Annotations(pub BTreeMap<MeasureNo, Annotation>);

/// Enough to put one measure back as it was before an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoStep {
    pub measure: MeasureNo,
    pub before: Option<Annotation>,
}

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    UnknownMeasure(MeasureNo),
    ProgressOutOfRange(u8),
    NotAWebLink(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::UnknownMeasure(n) => write!(f, "la mesure {n} n’existe pas"),
            EditError::ProgressOutOfRange(p) => write!(f, "{p} n’est pas entre 0 et 100"),
            EditError::NotAWebLink(u) => write!(f, "« {u} » n’est pas une adresse http ou https"),
        }
    }
}

impl Annotations {
    pub fn get(&self, measure: MeasureNo) -> Option<&Annotation> {
        self.0.get(&measure)
    }

    pub fn status_of(&self, measure: MeasureNo) -> Status {
        self.get(measure).map_or(Status::default(), |a| a.status)
    }

    /// Applies one edit. Status and progress changes append to the history.
    /// Returns what undoes it, or `None` when nothing changed.
    pub fn apply(
        &mut self,
        plan: &Plan,
        measure: MeasureNo,
        edit: Edit,
        now: i64,
        author: &Author,
        comment: &str,
    ) -> Result<Option<UndoStep>, EditError> {
        let m = plan.measure(measure).ok_or(EditError::UnknownMeasure(measure))?;
        match &edit {
            Edit::Progress(p) if *p > 100 => return Err(EditError::ProgressOutOfRange(*p)),
            Edit::AddLink(link) if !link.is_web() => return Err(EditError::NotAWebLink(link.url.clone())),
            _ => {}
        }
        let before = self.0.get(&measure).cloned();
        let mut a = before.clone().unwrap_or_else(|| Annotation::new(m));
        // Time never goes backwards within a measure, even if the clock does:
        // merges and the history's order depend on it.
        let now = now.max(a.updated_at + 1);
        let by = author.display();
        let comment = comment.trim().to_owned();
        let changed = match edit {
            Edit::Status(to) if to != a.status => {
                a.history.push(HistoryEntry { at: now, by, change: Change::Status { from: a.status, to }, comment });
                a.status = to;
                true
            }
            Edit::Progress(to) if to != a.progress => {
                let change = Change::Progress { from: a.progress, to };
                a.history.push(HistoryEntry { at: now, by, change, comment });
                a.progress = to;
                true
            }
            Edit::Pilote(p) if p != a.pilote => {
                a.pilote = p;
                true
            }
            Edit::Due(d) if d != a.due => {
                a.due = d;
                true
            }
            Edit::Notes(n) if n != a.notes => {
                a.notes = n;
                true
            }
            Edit::AddLink(link) => {
                a.links.push(Link { label: link.label.trim().to_owned(), url: link.url.trim().to_owned() });
                true
            }
            Edit::RemoveLink(i) if i < a.links.len() => {
                a.links.remove(i);
                true
            }
            _ => false,
        };
        if !changed {
            return Ok(None);
        }
        a.updated_at = now;
        a.revisions.push(now);
        a.text_fingerprint = text_fingerprint(&m.text);
        self.0.insert(measure, a);
        Ok(Some(UndoStep { measure, before }))
    }

    /// Puts a measure back as it was before `step`. The history stays
    /// append-only: reverting a status or progress records the reversal.
    pub fn undo(&mut self, step: UndoStep, now: i64, author: &Author) {
        let Some(current) = self.0.get(&step.measure).cloned() else { return };
        let target = step.before.unwrap_or_else(|| Annotation::blank(current.text_fingerprint.clone()));
        let mut a = current.clone();
        let now = now.max(current.updated_at + 1);
        let by = author.display();
        let comment = "Annulation".to_owned();
        if a.status != target.status {
            let change = Change::Status { from: a.status, to: target.status };
            a.history.push(HistoryEntry { at: now, by: by.clone(), change, comment: comment.clone() });
        }
        if a.progress != target.progress {
            let change = Change::Progress { from: a.progress, to: target.progress };
            a.history.push(HistoryEntry { at: now, by, change, comment });
        }
        a.status = target.status;
        a.progress = target.progress;
        a.pilote = target.pilote;
        a.due = target.due;
        a.notes = target.notes;
        a.links = target.links;
        a.updated_at = now;
        a.revisions.push(now);
        self.0.insert(step.measure, a);
    }

    /// Undoes an import that turned `before` into `after`. Each measure the
    /// import changed, and that nobody changed since, goes back as a new
    /// change stamped `now` (so that other tabs and later files take it),
    /// with the reversal in its history; a measure the import removed comes
    /// back. Everything else, such as what another tab changed meanwhile,
    /// is left alone.
    pub fn revert(&mut self, before: &Annotations, after: &Annotations, now: i64, author: &Author) {
        let touched: std::collections::BTreeSet<MeasureNo> =
            before.0.keys().chain(after.0.keys()).copied().filter(|n| before.0.get(n) != after.0.get(n)).collect();
        for n in touched {
            if self.0.get(&n) != after.0.get(&n) {
                continue;
            }
            match (self.0.contains_key(&n), before.0.get(&n)) {
                (true, earlier) => self.undo(UndoStep { measure: n, before: earlier.cloned() }, now, author),
                (false, Some(earlier)) => {
                    let mut back = earlier.clone();
                    back.updated_at = now.max(earlier.updated_at + 1);
                    back.revisions.push(back.updated_at);
                    self.0.insert(n, back);
                }
                (false, None) => {}
            }
        }
    }

    /// The annotations changed after instant `t` (milliseconds).
    pub fn changed_after(&self, t: i64) -> Annotations {
        Annotations(self.0.iter().filter(|(_, a)| a.updated_at > t).map(|(&n, a)| (n, a.clone())).collect())
    }

    /// Merges `other` into `self`, measure by measure: the side changed
    /// last wins, and the histories are united without duplicates. Merging
    /// the same copy twice changes nothing the second time.
    pub fn merge(&mut self, other: &Annotations) {
        for (&n, theirs) in &other.0 {
            match self.0.get_mut(&n) {
                None => {
                    self.0.insert(n, theirs.clone());
                }
                Some(ours) => {
                    let history = unite(&ours.history, &theirs.history);
                    let mut revisions: Vec<i64> = ours.revisions.iter().chain(&theirs.revisions).copied().collect();
                    revisions.sort_unstable();
                    revisions.dedup();
                    if wins_over(theirs, ours) {
                        *ours = theirs.clone();
                    }
                    ours.history = history;
                    ours.revisions = revisions;
                }
            }
        }
    }

    /// Annotations that no longer match a measure of `plan`: numbers it
    /// lacks, or measures whose wording changed since they were annotated.
    /// They are kept, only flagged.
    pub fn mismatched(&self, plan: &Plan) -> Vec<MeasureNo> {
        self.0
            .iter()
            .filter(|(&n, a)| plan.measure(n).is_none_or(|m| text_fingerprint(&m.text) != a.text_fingerprint))
            .map(|(&n, _)| n)
            .collect()
    }

    /// The most recent change across all measures.
    pub fn last_change(&self) -> Option<i64> {
        self.0.values().map(|a| a.updated_at).max()
    }
}

/// Whether `theirs` replaces `ours` in a merge: the later change wins; a tie
/// is broken on content, so that both sides of a merge pick the same copy.
fn wins_over(theirs: &Annotation, ours: &Annotation) -> bool {
    match theirs.updated_at.cmp(&ours.updated_at) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            theirs != ours && serde_json::to_string(theirs).ok() > serde_json::to_string(ours).ok()
        }
    }
}

/// Union of two histories, ordered by time, each entry once. Entries of the
/// same instant are ordered on content, so the union is the same either way.
fn unite(a: &[HistoryEntry], b: &[HistoryEntry]) -> Vec<HistoryEntry> {
    let mut all: Vec<HistoryEntry> = a.to_vec();
    for e in b {
        if !all.contains(e) {
            all.push(e.clone());
        }
    }
    all.sort_by_cached_key(|e| (e.at, serde_json::to_string(e).unwrap_or_default()));
    all
}
