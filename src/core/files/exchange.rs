//! Exchanging annotations between colleagues: the preview of an import
//! (what it would add, change or leave alone, and what conflicts), the two
//! ways to apply it, the CSV export for spreadsheets, and the comparison
//! with an earlier export ("since the last briefing").

use crate::core::files::codec::{decode, DecodeError, Decoded, Options, Strictness};
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::annotations::{text_fingerprint, Annotation, Change, Entry, Field};
use crate::core::record::document::{Annotations, Document, Editor, Step};
use crate::core::record::stamp::{Replica, Stamp};
use crate::core::record::status::Status;

/// Files larger than this are refused before being read: ten times the
/// export of a five-year, fifteen-person history (4.8 MB, the fixture of
/// `tests/common/team.rs`), so that no real team's file is ever refused,
/// and reading stays linear in it.
pub const MAX_IMPORT_BYTES: usize = 50 * 1024 * 1024;

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
                "le fichier pèse {} Mo, au-delà de la limite de 50 Mo\u{a0}: \
                 ce n’est pas un export de Vigie",
                crate::core::french::decimal(*n as f64 / 1_048_576.0)
            ),
            ImportError::NotUtf8 => {
                write!(
                    f,
                    "le fichier n’est pas du texte UTF-8\u{a0}: \
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
    let text = std::str::from_utf8(within_limit(bytes)?).map_err(|_| ImportError::NotUtf8)?;
    decode(without_bom(text), plan, file_options(Strictness::Strict, now))
        .map_err(ImportError::Decode)
}

/// The bytes of a file not too large to read.
fn within_limit(bytes: &[u8]) -> Result<&[u8], ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len()));
    }
    Ok(bytes)
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// How a file is read: stamps more than a day ahead of `now` refused.
fn file_options(strictness: Strictness, now: i64) -> Options {
    Options { strictness, latest: Some(now.saturating_add(FUTURE_TOLERANCE_MS)) }
}

/// Reads a file that does not read whole (a backup of damaged stored
/// data, a file cut short): every measure, change and reference that
/// still reads is kept, and `dropped` says what was left out. The preview
/// shows both before anything is merged. Stamps from the future are still
/// refused.
pub fn read_damaged_file(bytes: &[u8], plan: &Plan, now: i64) -> Result<Decoded, ImportError> {
    let text = String::from_utf8_lossy(within_limit(bytes)?);
    decode(without_bom(&text), plan, file_options(Strictness::Salvage, now))
        .map_err(ImportError::Decode)
}

/// Past this, a file's clock is said to run ahead (5 minutes: more than
/// two machines set by the network ever differ).
pub const SKEW_WARNING_MS: i64 = 5 * 60_000;

/// How far ahead of `now` (this machine's clock) the clock that wrote
/// `file` ran, when by more than [`SKEW_WARNING_MS`]: judged by when the
/// file says it was written and by its latest stamp. Its changes then look
/// more recent than they are, and « the most recent » cannot settle a
/// conflict with them.
pub fn clock_ahead(file: &Document, now: i64) -> Option<i64> {
    let latest =
        file.annotations().all().filter_map(|(_, a)| a.all_entries().last()).map(|e| e.at.ms);
    let written = latest.fold(file.written_at, i64::max);
    let ahead = written - now;
    (ahead > SKEW_WARNING_MS).then_some(ahead)
}

/// Why a file cannot be imported at all, before reading it: a workbook
/// (Excel, Calc) or a PDF rather than an export or a spreadsheet saved as
/// CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unimportable {
    Pdf,
    Workbook,
}

/// Said after « ‹fichier› n’a pas été importé : ».
impl std::fmt::Display for Unimportable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unimportable::Pdf => {
                "c’est un PDF, et Vigie importe ses propres exports (.json) et les tableurs \
                 enregistrés en CSV"
            }
            Unimportable::Workbook => {
                "c’est un classeur (Excel, Calc), que Vigie ne lit pas tel quel\u{202f}; \
                 enregistrez le tableur en CSV (Fichier › Enregistrer sous › CSV), puis importez \
                 ce fichier CSV"
            }
        })
    }
}

/// Whether a file is one Vigie cannot import at all ([`Unimportable`]);
/// `None` for anything else, which the readers judge. By the name, else by
/// the first bytes (a workbook is a zip or an OLE file).
pub fn not_importable(file_name: &str, bytes: &[u8]) -> Option<Unimportable> {
    let name = file_name.to_ascii_lowercase();
    let has = |ext: &[&str]| ext.iter().any(|e| name.ends_with(e));
    let workbook = has(&[".xlsx", ".xlsm", ".xls", ".ods", ".numbers"])
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"\xd0\xcf\x11\xe0");
    if has(&[".pdf"]) || bytes.starts_with(b"%PDF") {
        Some(Unimportable::Pdf)
    } else if workbook {
        Some(Unimportable::Workbook)
    } else {
        None
    }
}

/// Why a chosen file was not read, from its bytes to its document: each
/// step's own error, so that the page says it in one wording (its
/// `Display`, after « ‹fichier› n’a pas été importé : »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The browser could not read the file's bytes.
    NotRead,
    /// A workbook or a PDF.
    Unimportable(Unimportable),
    /// An export that does not read.
    Import(ImportError),
    /// A spreadsheet that is neither UTF-8 nor Windows-1252 as the browser
    /// decodes it.
    NotDecoded,
    /// A spreadsheet that does not read.
    Sheet(crate::core::files::sheet::SheetError),
    /// A spreadsheet whose cells make a change the record refuses.
    Edit(crate::core::record::annotations::EditError),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRead => f.write_str("le navigateur n’a pas pu lire le fichier"),
            ReadError::Unimportable(why) => write!(f, "{why}"),
            ReadError::Import(e) => write!(f, "{e}"),
            ReadError::NotDecoded => {
                f.write_str("le navigateur n’a pas pu décoder le fichier (Windows-1252)")
            }
            ReadError::Sheet(e) => write!(f, "{e}"),
            ReadError::Edit(e) => write!(f, "{e}"),
        }
    }
}

impl From<ImportError> for ReadError {
    fn from(e: ImportError) -> ReadError {
        ReadError::Import(e)
    }
}

/// What to do with a field in conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Keep the value of the change stamped here.
    Keep(Stamp),
    /// Notes only: keep every text, each headed by its author and date, in
    /// one note (see `Document::keep_both`).
    Both,
    /// Choose later: the conflict stays open on the measure's page, every
    /// value shown, until someone chooses there.
    Open,
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

/// One value a field in conflict may keep: who wrote it and when, and
/// whether this browser held it before the merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    pub value: Version,
    pub here: bool,
}

/// A field whose values the merge puts (or leaves) in conflict: every
/// distinct value it would hold, the latest written last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    pub field: Field,
    pub values: Vec<Offered>,
}

impl FieldConflict {
    /// The value this browser held (the one shown here before), if any.
    pub fn here(&self) -> Option<&Version> {
        self.values.iter().rev().find(|o| o.here).map(|o| &o.value)
    }

    /// The latest value held elsewhere (a file's).
    pub fn there(&self) -> Option<&Version> {
        self.values.iter().rev().find(|o| !o.here).map(|o| &o.value)
    }
}

/// A measure the import would put in conflict, or whose conflict it would
/// change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub measure: MeasureNo,
    pub fields: Vec<FieldConflict>,
}

/// One value the merge would change without conflict: what showed before,
/// what will show, and who wrote it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub measure: MeasureNo,
    pub field: Field,
    pub before: Change,
    pub after: Version,
    /// The field will be in conflict (the file brings two values of it):
    /// `after` is the one shown meanwhile.
    pub in_conflict: bool,
}

/// A « Remplacer » made by someone else that the file carries, and what it
/// would hide here: entries shown now that would no longer be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hiding {
    pub at: Stamp,
    pub by: String,
    /// Per measure, how many of its changes shown here it would hide.
    pub measures: Vec<(MeasureNo, usize)>,
}

/// What an import would do. Every measure the merge changes or the file
/// annotates is in exactly one of the four lists; `changes`, `conflicts`,
/// `hides` and `collisions` say, field by field, what lies behind them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preview {
    /// Blank here, annotated after.
    pub added: Vec<MeasureNo>,
    /// A merge would change it here, without conflict.
    pub updated: Vec<MeasureNo>,
    /// A merge would leave it exactly as it is.
    pub unchanged: Vec<MeasureNo>,
    /// Changed on both sides without either knowing of the other.
    pub conflicts: Vec<Conflict>,
    /// Every shown value the merge changes, conflicts aside, in measure and
    /// field order; comments added count as changes of their own.
    pub changes: Vec<FieldChange>,
    /// Replacements in the file that would hide changes shown here.
    pub hides: Vec<Hiding>,
    /// Changes of the file that reuse the stamp of a change held here with
    /// other content: never taken as it, kept beside it (both shown).
    pub collisions: Vec<(MeasureNo, Field)>,
    /// The file was made against another wording of the plan.
    pub other_plan: bool,
    /// With `other_plan`: the file's measures whose text still matches ours.
    pub still_matching: Vec<MeasureNo>,
}

impl Preview {
    /// How many measures the merge touches or the file annotates.
    pub fn total(&self) -> usize {
        self.added.len() + self.updated.len() + self.unchanged.len() + self.conflicts.len()
    }

    /// How many measures the merge would change.
    pub fn changed(&self) -> usize {
        self.added.len() + self.updated.len() + self.conflicts.len()
    }

    /// The default choice for each field in conflict: the value written
    /// latest, a rule the user can check (every date is shown). When a
    /// file's clock runs ahead (`open`; a spreadsheet's changes, stamped
    /// now, too), its changes only look latest, and a change that reused
    /// one of ours' stamp has no date to trust: those conflicts stay open,
    /// for someone to settle on the measure's page.
    pub fn default_choices(&self, open: bool) -> Choices {
        let reused = |n: MeasureNo| self.collisions.iter().any(|(m, _)| *m == n);
        let mut choices = Choices::default();
        for c in &self.conflicts {
            for f in &c.fields {
                let latest = f.values.last().map(|o| o.value.at);
                let pick = match latest {
                    Some(at) if !open && !reused(c.measure) => Pick::Keep(at),
                    _ => Pick::Open,
                };
                choices.set(c.measure, f.field, pick);
            }
        }
        choices
    }
}

/// Simulates the merge (linear in the size of both documents) and says,
/// measure by measure and field by field, what it would do.
pub fn preview(ours: &Document, file: &Document, plan: &Plan) -> Preview {
    let mut p =
        Preview { other_plan: file.plan_fingerprint != plan.fingerprint, ..Preview::default() };
    let mut merged = ours.clone();
    merged.merge(file);
    for (n, theirs) in file.annotations().all() {
        if !theirs.is_empty()
            && plan
                .measure(n)
                .is_some_and(|m| text_fingerprint(&m.text) == theirs.wording.fingerprint)
        {
            p.still_matching.push(n);
        }
        if let Some(mine) = ours.annotation(n) {
            for e in theirs.all_entries() {
                if mine.collides(e) {
                    p.collisions.push((n, e.field()));
                }
            }
        }
    }
    p.collisions = crate::core::order::sorted_set(std::mem::take(&mut p.collisions));
    p.hides = hidings(ours, &merged, file);
    let in_file = |n: MeasureNo| file.annotation(n).is_some_and(|a| !a.is_empty());
    let measures = crate::core::order::sorted_set(
        ours.annotations().all().map(|(n, _)| n).chain(file.annotations().all().map(|(n, _)| n)),
    );
    for n in measures {
        let mine = ours.annotation(n);
        let Some(after) = merged.annotation(n) else { continue };
        let same =
            mine.is_some_and(|m| m.same_record(after)) || (mine.is_none() && after.is_blank());
        if same {
            if in_file(n) {
                p.unchanged.push(n);
            }
            continue;
        }
        let new_conflicts = new_conflicts(mine, after);
        field_changes(&mut p.changes, n, mine, after, &new_conflicts);
        if !new_conflicts.is_empty() {
            p.conflicts.push(Conflict { measure: n, fields: new_conflicts });
        } else if mine.is_none_or(|m| m.is_blank()) && !after.is_blank() {
            p.added.push(n);
        } else {
            p.updated.push(n);
        }
    }
    p
}

/// The fields in conflict after the merge whose values the merge changes
/// (a new conflict, or one here that the file adds a value to), each with
/// every distinct value it would hold, read from the merged copy (so that
/// their stamps name what the merge holds), the latest last.
fn new_conflicts(mine: Option<&Annotation>, after: &Annotation) -> Vec<FieldConflict> {
    after
        .conflicts()
        .iter()
        .filter(|c| mine.is_none_or(|m| m.heads(c.field) != c.heads.as_slice()))
        .map(|c| {
            let held_here = |at: Stamp| {
                mine.and_then(|m| m.entry(at)).is_some_and(|e| Some(e) == after.entry(at))
            };
            let mut values: Vec<Offered> = Vec::new();
            for v in &c.heads {
                let Some(e) = after.entry(v.at) else { continue };
                let here = held_here(v.at);
                match values.iter_mut().find(|o| o.value.change == e.change) {
                    // One value written twice: offered once, at its latest.
                    Some(o) => {
                        o.here |= here;
                        if e.at > o.value.at {
                            o.value = Version::of(e);
                        }
                    }
                    None => values.push(Offered { value: Version::of(e), here }),
                }
            }
            crate::core::order::sort_by_key(&mut values, |o| o.value.at);
            FieldConflict { field: c.field, values }
        })
        .collect()
}

/// Every shown value that changes between `mine` and `after`, conflicts
/// aside, and every comment added.
fn field_changes(
    out: &mut Vec<FieldChange>,
    measure: MeasureNo,
    mine: Option<&Annotation>,
    after: &Annotation,
    conflicts: &[FieldConflict],
) {
    for field in Field::TRACKED {
        if conflicts.iter().any(|c| c.field == field) {
            continue;
        }
        let before = mine.map_or_else(|| field.blank(), |m| m.value(field));
        let now = after.value(field);
        if before != now {
            // No head left: a replacement hid every value (no author, no date).
            let after_conflicts = |f: Field| after.conflicts().iter().any(|c| c.field == f);
            let shown = after.heads(field).last().and_then(|v| after.entry(v.at));
            let after = shown.map_or_else(
                || Version { at: Stamp::default(), by: String::new(), change: now },
                Version::of,
            );
            let in_conflict = after_conflicts(field);
            out.push(FieldChange { measure, field, before, after, in_conflict });
        }
    }
    for e in after.all_entries() {
        let Field::Comment(on) = e.field() else { continue };
        let new = mine.is_none_or(|m| m.entry(e.at).is_none());
        let shown = after.heads(Field::Comment(on)).iter().any(|v| v.at == e.at);
        let said = matches!(&e.change, Change::Comment { text, .. } if !text.trim().is_empty());
        if new && shown && said {
            out.push(FieldChange {
                measure,
                field: e.field(),
                before: e.field().blank(),
                after: Version::of(e),
                in_conflict: false,
            });
        }
    }
}

/// The file's replacements that would hide changes shown here: the
/// stamps the merge newly hides are gathered once, then each replacement's
/// list is looked up in them (linear in both, whatever the file holds).
fn hidings(ours: &Document, merged: &Document, file: &Document) -> Vec<Hiding> {
    if file.replacements().next().is_none() {
        return Vec::new();
    }
    let mut newly: Vec<(Stamp, MeasureNo)> = ours
        .annotations()
        .all()
        .flat_map(|(n, a)| {
            a.all_entries()
                .filter(|e| !ours.is_hidden(e.at) && merged.is_hidden(e.at))
                .map(move |e| (e.at, n))
        })
        .collect();
    crate::core::order::sort(&mut newly);
    let mut out = Vec::new();
    for r in file.replacements() {
        let mut hit: Vec<MeasureNo> = r
            .hide
            .iter()
            .filter_map(|s| newly.binary_search_by_key(s, |x| x.0).ok().map(|i| newly[i].1))
            .collect();
        crate::core::order::sort(&mut hit);
        let mut measures: Vec<(MeasureNo, usize)> = Vec::new();
        for n in hit {
            match measures.last_mut() {
                Some((m, count)) if *m == n => *count += 1,
                _ => measures.push((n, 1)),
            }
        }
        if !measures.is_empty() {
            out.push(Hiding { at: r.at, by: r.by.clone(), measures });
        }
    }
    out
}

/// What to do with each field in conflict.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choices(Vec<((MeasureNo, Field), Pick)>);

impl Choices {
    pub fn get(&self, measure: MeasureNo, field: Field) -> Option<Pick> {
        self.0.iter().find(|(k, _)| *k == (measure, field)).map(|(_, p)| *p)
    }

    pub fn set(&mut self, measure: MeasureNo, field: Field, pick: Pick) {
        match self.0.iter_mut().find(|(k, _)| *k == (measure, field)) {
            Some(slot) => slot.1 = pick,
            None => self.0.push(((measure, field), pick)),
        }
    }
}

/// How to take a file in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportMode {
    /// Union with ours; each conflict settled on the value chosen, or left
    /// open.
    Merge { choices: Choices },
    /// Only these measures (a file made on another wording of the plan).
    OnlyMatching { measures: Vec<MeasureNo> },
    /// The file's annotations instead of ours (ours stay, hidden).
    Replace,
}

/// Why a file shown in preview was not taken in. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// The annotations changed since the preview was made (another tab, an
    /// import): here is the preview of what merging does now. A conflict
    /// nobody saw is never settled.
    Stale(Box<Preview>),
}

/// Applies an import as one undoable step, provided it still does what
/// `shown` (the preview the user saw) says: otherwise nothing changes and
/// the new preview comes back. A conflict without a choice stays open.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    ours: &mut Document,
    plan: &Plan,
    file: &Document,
    mode: &ImportMode,
    shown: &Preview,
    by: &str,
    editor: &Editor,
    zone: crate::core::date::Zone,
) -> Result<Step, ApplyError> {
    let now = preview(ours, file, plan);
    if now != *shown {
        return Err(ApplyError::Stale(Box::new(now)));
    }
    Ok(match mode {
        ImportMode::Replace => ours.replace_with(file, by, editor),
        ImportMode::OnlyMatching { measures } => ours.merge_step(&file.restricted_to(measures)),
        ImportMode::Merge { choices } => {
            // Only a value the preview offered is kept: nothing else settles.
            let fields =
                || now.conflicts.iter().flat_map(|c| c.fields.iter().map(move |f| (c.measure, f)));
            let keep: Vec<(MeasureNo, Stamp)> = fields()
                .filter_map(|(n, f)| match choices.get(n, f.field) {
                    Some(Pick::Keep(at)) if f.values.iter().any(|o| o.value.at == at) => {
                        Some((n, at))
                    }
                    _ => None,
                })
                .collect();
            let both: Vec<MeasureNo> = fields()
                .filter(|(n, f)| {
                    f.field == Field::Notes && choices.get(*n, f.field) == Some(Pick::Both)
                })
                .map(|(n, _)| n)
                .collect();
            ours.merge_resolving(plan, file, &keep, &both, by, editor, zone)
        }
    })
}

/// Whether `file` holds a change stamped by `replica` that this document
/// does not hold as it is: someone else uses this tab's id (a cloned
/// profile, a restored disk image), and its next stamps could collide.
pub fn replica_clash(ours: &Document, file: &Document, replica: Replica) -> bool {
    file.annotations().all().any(|(n, theirs)| {
        // An earlier revision of our own text (a copy made while we typed)
        // is ours, not a clash.
        theirs
            .all_entries()
            .filter(|e| e.at.replica == replica)
            .any(|e| ours.annotation(n).is_none_or(|a| a.entry(e.at).is_none() || a.collides(e)))
    })
}

/// Which way a measure moved since the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Better,
    Worse,
    /// The status changed to one neither ahead nor behind (non évaluée ↔ non engagée).
    Moved,
    /// The status and the progress went opposite ways (a measure « en
    /// difficulté » whose progress still rose): said as such, never as one
    /// direction.
    Mixed,
    /// Only the notes changed.
    Same,
}

impl Direction {
    /// For styling (`move-better`…); the words always say it too.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Better => "better",
            Direction::Worse => "worse",
            Direction::Moved | Direction::Mixed | Direction::Same => "same",
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

/// Whether `to` is further along than `from` (« En cours » ahead of « En
/// difficulté »).
pub fn status_ahead(to: Status, from: Status) -> bool {
    rank(to) > rank(from)
}

/// What moved between the reference and `current`, in measure order.
pub fn movements(
    plan: &Plan,
    reference: &crate::core::files::reference::Reference,
    current: &Annotations,
) -> Vec<Movement> {
    plan.measures
        .iter()
        .filter_map(|m| {
            let (before, after) = (reference.get(m.number), current.get(m.number));
            let status = (before.0, after.map_or(Status::default(), |a| a.status()));
            let progress = (before.1, after.map_or(0, |a| a.progress()));
            let notes = (before.2, after.map_or("", |a| a.notes()));
            let new_notes = notes.0.trim() != notes.1.trim() && !notes.1.trim().is_empty();
            if status.0 == status.1 && progress.0 == progress.1 && !new_notes {
                return None;
            }
            let (by_status, by_progress) =
                (rank(status.1).cmp(&rank(status.0)), progress.1.cmp(&progress.0));
            let direction = match by_status.then(by_progress) {
                _ if by_status.is_ne() && by_progress.is_ne() && by_status != by_progress => {
                    Direction::Mixed
                }
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
