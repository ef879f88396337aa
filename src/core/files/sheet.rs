//! The spreadsheet round trip: Vigie's CSV export, and reading it back once
//! a spreadsheet has edited it (Excel, LibreOffice).
//!
//! Reading back is a three-way comparison. Each exported row carries, in
//! its last column, what it was exported from: per editable field, the
//! versions it showed and a short hash of its value. On import, a cell
//! equal to what was exported is no change, whatever happened here since;
//! a cell changed in the sheet becomes a change that replaces exactly the
//! versions the sheet was exported from, so that if the measure also
//! changed here since, the two are a conflict (both values shown), never a
//! silent overwrite. A sheet without that column (or with it damaged)
//! cannot say what it started from: each cell that differs from this
//! browser's value becomes a change concurrent with it, a conflict
//! wherever the field has a value here, and the preview says why.
//!
//! The rows become changes signed by the importing author, « importé depuis
//! tableur », on a copy of the current document, which then goes through
//! the same preview, merge and undo as a JSON file. The bytes are decoded
//! by the caller (the browser's `TextDecoder` knows Windows-1252); this
//! module takes text.

use std::fmt;

use crate::core::date::{french_datetime, IsoDate};
use crate::core::plan::text::fold;
use crate::core::plan::{Fnv1a, MeasureNo, Plan};
use crate::core::record::annotations::{Annotation, Change, EditError, Field, Version};
use crate::core::record::document::{Annotations, Document, Editor};
use crate::core::record::stamp::Stamp;
use crate::core::record::status::Status;

/// Most refusals listed in one message; the rest are counted.
pub const MAX_LISTED: usize = 8;

/// Signs every change an import makes, after the author's name.
pub const SIGNATURE: &str = "importé depuis tableur";

/// The columns of the export, in order.
const HEADER: [&str; 10] = [
    "Numéro",
    "Objectif",
    "Titre court",
    "Statut",
    "Avancement (%)",
    "Pilote",
    "Échéance",
    "Dernière mise à jour",
    "Notes",
    VERSION_HEADER,
];

/// The column that says what each row was exported from.
pub const VERSION_HEADER: &str = "Version (ne pas modifier)";
/// How each version cell starts: a word no spreadsheet takes for a number,
/// a date or a formula.
const VERSION_MARK: &str = "vigie1";

/// The columns an import may change, with the header words that name them
/// (folded: case and accents do not matter), and the tag of each in the
/// version cell.
const EDITABLE: [(Field, &[&str], char); 5] = [
    (Field::Status, &["statut"], 'S'),
    (Field::Progress, &["avancement (%)", "avancement", "avancement %"], 'A'),
    (Field::Pilote, &["pilote"], 'P'),
    (Field::Due, &["echeance"], 'E'),
    (Field::Notes, &["notes"], 'N'),
];
/// The export's columns that are read-only: read past without a word.
const READ_ONLY: [&str; 3] = ["objectif", "titre court", "derniere mise a jour"];
const NUMBER: &str = "numero";

// ---------------------------------------------------------------- writing

/// The CSV of the given measures (in that order) for French spreadsheets:
/// UTF-8 with a byte-order mark, `;` separators, CRLF line ends, RFC 4180
/// quoting, formula-looking cells neutralised, and each row's version.
pub fn write(
    plan: &Plan,
    annotations: &Annotations,
    measures: &[MeasureNo],
    zone: &dyn Fn(i64) -> i32,
) -> String {
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
                version_cell(a),
            ]
            .into_iter(),
        );
    }
    out
}

/// `vigie1 S1790000000000.0.3f9a1c2b7d4e#5d2a90c1 N…/3#…`: for each
/// editable field with a value, its heads (`+` between them) and the hash
/// of the value shown.
fn version_cell(annotation: Option<&Annotation>) -> String {
    let mut out = VERSION_MARK.to_owned();
    let Some(a) = annotation else { return out };
    for (field, _, tag) in EDITABLE {
        let heads = a.heads(field);
        if heads.is_empty() {
            continue;
        }
        let versions: Vec<String> = heads
            .iter()
            .map(|v| if v.rev == 0 { v.at.to_string() } else { format!("{}/{}", v.at, v.rev) })
            .collect();
        out.push_str(&format!(" {tag}{}#{:08x}", versions.join("+"), value_hash(&a.value(field))));
    }
    out
}

/// A short hash of a value as a cell holds it: line ends as LF, spaces at
/// the ends of a text left out (spreadsheets drop them).
fn value_hash(change: &Change) -> u32 {
    let text = match change {
        Change::Status(s) => s.id().to_owned(),
        Change::Progress(p) => p.to_string(),
        Change::Pilote(p) => p.trim().to_owned(),
        Change::Due(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        Change::Notes(n) => normalized(n).trim_end().to_owned(),
        Change::Links(_) | Change::Comment { .. } => String::new(),
    };
    let mut hash = Fnv1a::new();
    hash.write(text.as_bytes());
    (hash.finish() ^ (hash.finish() >> 32)) as u32
}

/// Line ends as LF: what a spreadsheet gives back for CRLF or CR.
fn normalized(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(';');
        }
        // A cell starting like a formula would be run by the spreadsheet;
        // one starting with the guard itself is guarded too, so that the
        // guard read back is always taken off exactly once.
        let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
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

// ---------------------------------------------------------------- reading

/// What a row's version cell says its fields were exported from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Base {
    /// Per field with a value at export: its heads and the hash of its value.
    fields: Vec<(Field, Vec<Version>, u32)>,
}

impl Base {
    fn parse(cell: &str) -> Option<Base> {
        let mut parts = cell.split_whitespace();
        (parts.next()? == VERSION_MARK).then_some(())?;
        let mut fields = Vec::new();
        for part in parts {
            let tag = part.chars().next()?;
            let (field, _, _) = EDITABLE.iter().find(|(_, _, t)| *t == tag)?;
            let (versions, hash) = part[tag.len_utf8()..].split_once('#')?;
            let hash = u32::from_str_radix(hash, 16).ok().filter(|_| hash.len() == 8)?;
            let versions = versions
                .split('+')
                .map(|v| match v.split_once('/') {
                    None => Stamp::parse(v).map(|at| Version { at, rev: 0 }),
                    Some((at, rev)) => {
                        Some(Version { at: Stamp::parse(at)?, rev: rev.parse().ok()? })
                    }
                })
                .collect::<Option<Vec<Version>>>()?;
            if fields.iter().any(|(f, _, _)| f == field) {
                return None;
            }
            fields.push((*field, versions, hash));
        }
        Some(Base { fields })
    }

    /// The versions `field` showed at export (none: it was blank), and the
    /// hash of its value then.
    fn of(&self, field: Field) -> (&[Version], Option<u32>) {
        self.fields
            .iter()
            .find(|(f, _, _)| *f == field)
            .map_or((&[][..], None), |(_, v, h)| (v.as_slice(), Some(*h)))
    }
}

/// One cell read for an editable field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub change: Change,
    /// A date that reads as another real date with day and month swapped
    /// (`03/04/2027`): equal to the exported date read either way is no
    /// change.
    pub swapped: Option<Change>,
}

/// One row's values, for the columns the sheet has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line the row starts on (1 is the header).
    pub line: usize,
    pub measure: MeasureNo,
    pub cells: Vec<Cell>,
    /// What the row was exported from; `None` when the sheet has no version
    /// column or this row's cell is damaged.
    pub base: Option<Base>,
}

/// Whether the sheet says what its rows were exported from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Versions {
    /// Every row does.
    Present,
    /// No version column: an older export, or a sheet made by hand.
    Absent,
    /// The column is there, but these lines' cells do not read.
    Damaged(Vec<usize>),
}

/// How the due dates were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `JJ/MM/AAAA`, as Vigie writes them.
    DayMonth,
    /// `MM/JJ/AAAA`: a spreadsheet set to English wrote them back so (some
    /// day was past 12 where a month should be, and none the other way).
    MonthDay,
}

/// A sheet read and validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub separator: char,
    pub rows: Vec<Row>,
    /// Headers of the columns read past, as written.
    pub ignored: Vec<String>,
    pub versions: Versions,
    pub dates: DateOrder,
}

/// Why a sheet is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// Nothing but blank lines.
    Empty,
    /// No « Numéro » column: not the shape of Vigie's export.
    NotTheExport,
    /// No column that an import could change.
    NothingToChange,
    /// A quoted cell never closed.
    Unclosed { line: usize },
    /// Cells that cannot be read, each with its line (the first
    /// [`MAX_LISTED`]), and how many more.
    Cells { listed: Vec<(usize, String)>, more: usize },
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SheetError::Empty => write!(f, "le fichier est vide"),
            SheetError::NotTheExport => write!(
                f,
                "le tableau n’a pas de colonne «\u{202f}Numéro\u{202f}»\u{a0}: \
                 ce n’est pas un export CSV de Vigie (la première ligne doit en garder les titres)"
            ),
            SheetError::NothingToChange => write!(
                f,
                "le tableau n’a aucune colonne modifiable (Statut, Avancement (%), Pilote, \
                 Échéance, Notes)"
            ),
            SheetError::Unclosed { line } => {
                write!(f, "ligne {line}\u{a0}: un guillemet ouvert n’est jamais refermé")
            }
            SheetError::Cells { listed, more } => {
                let lines: Vec<String> =
                    listed.iter().map(|(line, why)| format!("ligne {line}\u{a0}: {why}")).collect();
                write!(f, "{}", lines.join("\u{202f}; "))?;
                if *more > 0 {
                    let s = if *more > 1 { "s" } else { "" };
                    write!(f, "\u{202f}; et {more} autre{s} erreur{s}")?;
                }
                Ok(())
            }
        }
    }
}

/// Reads `text` (a whole CSV file, decoded) against `plan`.
pub fn read(text: &str, plan: &Plan) -> Result<Sheet, SheetError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().find(|l| !l.trim().is_empty()).ok_or(SheetError::Empty)?;
    let separator = guess_separator(first_line);
    let mut records = records(text, separator)?.into_iter();
    let (_, header) = records.next().ok_or(SheetError::Empty)?;
    let mut number_at = None;
    let mut version_at = None;
    let mut columns: Vec<(usize, Field)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let folded = fold(name.trim());
        if folded == NUMBER && number_at.is_none() {
            number_at = Some(i);
        } else if folded == fold(VERSION_HEADER) && version_at.is_none() {
            version_at = Some(i);
        } else if let Some((field, _, _)) = EDITABLE.iter().find(|(f, names, _)| {
            names.contains(&folded.as_str()) && !columns.iter().any(|(_, c)| c == f)
        }) {
            columns.push((i, *field));
        } else if !READ_ONLY.contains(&folded.as_str()) && !name.trim().is_empty() {
            ignored.push(name.trim().to_owned());
        }
    }
    let number_at = number_at.ok_or(SheetError::NotTheExport)?;
    if columns.is_empty() {
        return Err(SheetError::NothingToChange);
    }
    let records: Vec<(usize, Vec<String>)> = records.collect();
    let dates = date_order(&records, &columns);
    let mut rows: Vec<Row> = Vec::new();
    let mut listed = Vec::new();
    let mut more = 0;
    let mut damaged = Vec::new();
    let mut refuse = |line: usize, why: String| {
        if listed.len() < MAX_LISTED {
            listed.push((line, why));
        } else {
            more += 1;
        }
    };
    // The cells a row must have: up to the last column read (a column
    // added at the end and left empty may be missing).
    let needed = columns
        .iter()
        .map(|(i, _)| *i)
        .chain([number_at])
        .chain(version_at)
        .max()
        .map_or(0, |i| i + 1);
    for (line, cells) in records {
        // A row cut short would read as cells emptied: refused, never
        // taken as edits.
        if cells.len() < needed {
            refuse(
                line,
                format!(
                    "la ligne n’a que {} cellule{} sur les {needed} attendues (ligne incomplète)",
                    cells.len(),
                    if cells.len() > 1 { "s" } else { "" },
                ),
            );
            continue;
        }
        let cell = |i: usize| cells.get(i).map_or("", |c| c.as_str());
        let number = cell(number_at).trim();
        let measure = match number.parse::<MeasureNo>() {
            Ok(n) if plan.measure(n).is_some() => n,
            _ if number.is_empty() => {
                refuse(line, "le numéro de mesure manque".to_owned());
                continue;
            }
            _ => {
                refuse(
                    line,
                    format!(
                        "la mesure {} n’existe pas (le plan compte les mesures 1 à {})",
                        crate::core::french::quoted(number),
                        plan.measures.len()
                    ),
                );
                continue;
            }
        };
        if let Some(first) = rows.iter().find(|r| r.measure == measure) {
            refuse(line, format!("la mesure {measure} figure déjà ligne {}", first.line));
            continue;
        }
        let mut read_cells = Vec::new();
        for &(i, field) in &columns {
            match read_cell(field, spreadsheet_text(cell(i)), dates) {
                Ok(read) => read_cells.push(read),
                Err(why) => refuse(line, why),
            }
        }
        let base = version_at.and_then(|i| Base::parse(cell(i)));
        if version_at.is_some() && base.is_none() {
            damaged.push(line);
        }
        rows.push(Row { line, measure, cells: read_cells, base });
    }
    if !listed.is_empty() {
        return Err(SheetError::Cells { listed, more });
    }
    let versions = match (version_at, damaged.is_empty()) {
        (None, _) => Versions::Absent,
        (Some(_), true) => Versions::Present,
        (Some(_), false) => Versions::Damaged(damaged),
    };
    Ok(Sheet { separator, rows, ignored, versions, dates })
}

/// How the due column's dates read: month first only if some date reads
/// only that way and none only the other way.
fn date_order(records: &[(usize, Vec<String>)], columns: &[(usize, Field)]) -> DateOrder {
    let Some(&(due_at, _)) = columns.iter().find(|(_, f)| *f == Field::Due) else {
        return DateOrder::DayMonth;
    };
    let (mut only_day_month, mut only_month_day) = (0, 0);
    for (_, cells) in records {
        let text = cells.get(due_at).map_or("", |c| c.trim());
        match (slash_date(text, DateOrder::DayMonth), slash_date(text, DateOrder::MonthDay)) {
            (Some(_), None) => only_day_month += 1,
            (None, Some(_)) => only_month_day += 1,
            _ => {}
        }
    }
    if only_month_day > 0 && only_day_month == 0 {
        DateOrder::MonthDay
    } else {
        DateOrder::DayMonth
    }
}

/// How the file's bytes were decoded (by the browser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// What Excel writes for « CSV (séparateur : point-virgule) »: it
    /// cannot hold « ≥ », « → », « ✓ »…, which it saves as `?`.
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// The changes `sheet` makes to `current`, as a copy of it with each cell
/// changed in the sheet recorded as an edit signed `by`, « importé depuis
/// tableur »: the document the import then merges, as it would a
/// colleague's file (see the module's comment for the three-way rule).
pub fn apply(
    current: &Document,
    sheet: &Sheet,
    plan: &Plan,
    by: &str,
    editor: &Editor,
    encoding: Encoding,
) -> Result<Document, EditError> {
    let mut doc = current.clone();
    let by = format!("{by}, {SIGNATURE}");
    let swapped_dates = dates_swapped_whole(current, sheet, encoding);
    for row in &sheet.rows {
        for cell in &row.cells {
            let change = cell.change.clone().cleaned();
            let field = change.field();
            let here = doc.annotation(row.measure);
            let shown = here.map_or_else(|| field.blank(), |a| a.value(field));
            let swapped = cell.swapped.as_ref().filter(|_| swapped_dates);
            let readings = || std::iter::once(&change).chain(swapped);
            if readings().any(|c| as_exported(&shown, c, encoding)) {
                continue;
            }
            let seen: Vec<Version> = match &row.base {
                Some(base) => {
                    if readings().any(|c| as_exported_from(here, base, c, encoding)) {
                        continue;
                    }
                    base.of(field).0.to_vec()
                }
                // Nothing says what the sheet started from: concurrent with
                // whatever is here.
                None => Vec::new(),
            };
            doc.edit(plan, row.measure, change, Some(&seen), &by, editor)?;
        }
    }
    Ok(doc)
}

/// Whether `cell` is what the row's field held when it was exported.
fn as_exported_from(
    here: Option<&Annotation>,
    base: &Base,
    cell: &Change,
    encoding: Encoding,
) -> bool {
    let field = cell.field();
    match base.of(field) {
        (_, None) => as_exported(&field.blank(), cell, encoding),
        (versions, Some(hash)) => {
            value_hash(cell) == hash
                || exported_value(here, versions).is_some_and(|v| as_exported(&v, cell, encoding))
        }
    }
}

/// Whether the sheet's dates were written back with day and month swapped
/// (a spreadsheet set to English): every date that reads both ways and
/// differs from its export one way matches it the other way. A date that
/// reads both ways and matches its export as written says the column kept
/// its order: then a swapped date is an edit, never taken for the export.
fn dates_swapped_whole(current: &Document, sheet: &Sheet, encoding: Encoding) -> bool {
    let mut swapped = false;
    for row in &sheet.rows {
        let Some(base) = &row.base else { continue };
        let here = current.annotation(row.measure);
        for cell in &row.cells {
            let Some(other) = &cell.swapped else { continue };
            if as_exported_from(here, base, &cell.change, encoding) {
                return false;
            }
            swapped |= as_exported_from(here, base, other, encoding);
        }
    }
    swapped
}

/// The value a field showed at export, when this browser still holds the
/// entry it came from at that revision.
fn exported_value(here: Option<&Annotation>, versions: &[Version]) -> Option<Change> {
    let shown = versions.iter().max()?;
    let entry = here?.entry(shown.at)?;
    (entry.rev == shown.rev).then(|| entry.change.clone())
}

/// Whether `cell` is what the export of `stored` becomes once a
/// spreadsheet has saved it in `encoding`.
fn as_exported(stored: &Change, cell: &Change, encoding: Encoding) -> bool {
    let saved = |text: &str| match encoding {
        Encoding::Utf8 => text.to_owned(),
        Encoding::Windows1252 => text.chars().map(windows_1252_or_question_mark).collect(),
    };
    match (stored, cell) {
        (Change::Notes(s), Change::Notes(c)) => {
            saved(normalized(s).trim_end()) == normalized(c).trim_end()
        }
        (Change::Pilote(s), Change::Pilote(c)) => saved(s.trim()) == c.trim(),
        (s, c) => s == c,
    }
}

/// `c` if Windows-1252 can hold it, `?` otherwise, as Excel saves it.
fn windows_1252_or_question_mark(c: char) -> char {
    const HIGH: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
    match u32::from(c) {
        0..=0x7f | 0xa0..=0xff => c,
        _ if HIGH.contains(c) => c,
        _ => '?',
    }
}

/// `;` (Excel and LibreOffice in French) or `,`, whichever the header
/// line holds more of outside quotes; `;` on a tie, as Vigie writes it.
fn guess_separator(header: &str) -> char {
    let (mut semicolons, mut commas, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons {
        ','
    } else {
        ';'
    }
}

/// The records of an RFC 4180 file, each with the line it starts on; blank
/// lines are skipped; CRLF, LF and CR all end a record; a line break inside
/// quotes stays in the cell (as LF).
fn records(text: &str, separator: char) -> Result<Vec<(usize, Vec<String>)>, SheetError> {
    let mut out = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut cell = String::new();
    let (mut line, mut start) = (1, 1);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut finish = |record: &mut Vec<String>, cell: &mut String, start: usize| {
        record.push(std::mem::take(cell));
        let blank = record.iter().all(|c| c.trim().is_empty());
        let record = std::mem::take(record);
        if !blank {
            out.push((start, record));
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    cell.push('\n');
                }
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            c if c == separator => record.push(std::mem::take(&mut cell)),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                finish(&mut record, &mut cell, start);
                line += 1;
                start = line;
            }
            c => cell.push(c),
        }
    }
    if quoted {
        return Err(SheetError::Unclosed { line: start });
    }
    finish(&mut record, &mut cell, start);
    Ok(out)
}

/// The cell as typed: the export guards cells that a spreadsheet would
/// take for a formula (or that start with the guard) with a leading `'`,
/// which is taken off again, once.
fn spreadsheet_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

/// One cell's value for `field`, or why it cannot be read (in French).
fn read_cell(field: Field, cell: &str, dates: DateOrder) -> Result<Cell, String> {
    let trimmed = cell.trim();
    let quoted = || crate::core::french::quoted(trimmed);
    let plain = |change: Change| Cell { change, swapped: None };
    match field {
        Field::Status => {
            if trimmed.is_empty() {
                return Ok(plain(Change::Status(Status::default())));
            }
            let folded = fold(trimmed);
            Status::ALL
                .into_iter()
                .find(|s| fold(s.label()) == folded || s.id() == folded)
                .map(|s| plain(Change::Status(s)))
                .ok_or_else(|| {
                    let labels: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
                    format!("statut {} inconnu (attendu\u{a0}: {})", quoted(), labels.join(", "))
                })
        }
        Field::Progress => {
            let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
            if number.is_empty() {
                return Ok(plain(Change::Progress(0)));
            }
            // Spreadsheets may write 40 as « 40,0 ».
            let whole = number.split_once([',', '.']).map_or(number, |(w, f)| {
                if f.bytes().all(|b| b == b'0') {
                    w
                } else {
                    number
                }
            });
            match whole.parse::<u8>() {
                Ok(p) if p <= 100 => Ok(plain(Change::Progress(p))),
                _ => Err(format!("avancement {} hors de 0 à 100 (un nombre entier)", quoted())),
            }
        }
        Field::Due => {
            if trimmed.is_empty() {
                return Ok(plain(Change::Due(None)));
            }
            if let Some(d) = IsoDate::parse(trimmed) {
                return Ok(plain(Change::Due(Some(d))));
            }
            let other = match dates {
                DateOrder::DayMonth => DateOrder::MonthDay,
                DateOrder::MonthDay => DateOrder::DayMonth,
            };
            let date = slash_date(trimmed, dates).ok_or_else(|| {
                format!("échéance {} illisible (attendu JJ/MM/AAAA ou AAAA-MM-JJ)", quoted())
            })?;
            let swapped = slash_date(trimmed, other).filter(|d| *d != date);
            Ok(Cell {
                change: Change::Due(Some(date)),
                swapped: swapped.map(|d| Change::Due(Some(d))),
            })
        }
        Field::Pilote => Ok(plain(Change::Pilote(trimmed.to_owned()))),
        Field::Notes => Ok(plain(Change::Notes(cell.to_owned()))),
        Field::Links | Field::Comment(_) => Err("colonne non modifiable".to_owned()),
    }
}

/// `30/06/2020` or `3/6/2020`, in the given order; impossible dates refused.
fn slash_date(s: &str, order: DateOrder) -> Option<IsoDate> {
    let mut parts = s.split('/');
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    let small = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !small(a) || !small(b) || y.len() != 4 {
        return None;
    }
    let (d, m) = match order {
        DateOrder::DayMonth => (a, b),
        DateOrder::MonthDay => (b, a),
    };
    IsoDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}
