//! Reading back the CSV that Vigie exports, once a spreadsheet has edited
//! it (Excel, LibreOffice): the separator guessed, the columns mapped by
//! their header, every cell validated, and the rows turned into changes by
//! the importing author, on a copy of the current document, so that the
//! import goes through the same preview, merge and undo as a JSON file.
//! The bytes are decoded by the caller (the browser's `TextDecoder` knows
//! Windows-1252); this module takes text.

use std::fmt;

use super::annotations::{Change, EditError, Field};
use super::date::IsoDate;
use super::document::{Document, Editor};
use super::plan::{MeasureNo, Plan};
use super::status::Status;
use super::text::fold;

/// Most refusals listed in one message; the rest are counted.
pub const MAX_LISTED: usize = 8;

/// Signs every change an import makes, after the author's name.
pub const SIGNATURE: &str = "importé depuis tableur";

/// The columns an import may change, with the header words that name them
/// (folded: case and accents do not matter).
const EDITABLE: [(Field, &[&str]); 5] = [
    (Field::Status, &["statut"]),
    (Field::Progress, &["avancement (%)", "avancement", "avancement %"]),
    (Field::Pilote, &["pilote"]),
    (Field::Due, &["echeance"]),
    (Field::Notes, &["notes"]),
];
/// The export's columns that are read-only: read past without a word.
const READ_ONLY: [&str; 3] = ["objectif", "titre court", "derniere mise a jour"];
const NUMBER: &str = "numero";

/// One row's values, for the columns the sheet has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line the row starts on (1 is the header).
    pub line: usize,
    pub measure: MeasureNo,
    pub changes: Vec<Change>,
}

/// A sheet read and validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub separator: char,
    pub rows: Vec<Row>,
    /// Headers of the columns read past, as written.
    pub ignored: Vec<String>,
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
                "le tableau n’a pas de colonne «\u{202f}Numéro\u{202f}»\u{202f}: \
                 ce n’est pas un export CSV de Vigie (la première ligne doit en garder les titres)"
            ),
            SheetError::NothingToChange => write!(
                f,
                "le tableau n’a aucune colonne modifiable (Statut, Avancement (%), Pilote, \
                 Échéance, Notes)"
            ),
            SheetError::Unclosed { line } => {
                write!(f, "ligne {line}\u{202f}: un guillemet ouvert n’est jamais refermé")
            }
            SheetError::Cells { listed, more } => {
                let lines: Vec<String> = listed
                    .iter()
                    .map(|(line, why)| format!("ligne {line}\u{202f}: {why}"))
                    .collect();
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
    let mut columns: Vec<(usize, Field)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let folded = fold(name.trim());
        if folded == NUMBER && number_at.is_none() {
            number_at = Some(i);
        } else if let Some((field, _)) = EDITABLE.iter().find(|(f, names)| {
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
    let mut rows: Vec<Row> = Vec::new();
    let mut listed = Vec::new();
    let mut more = 0;
    let mut refuse = |line: usize, why: String| {
        if listed.len() < MAX_LISTED {
            listed.push((line, why));
        } else {
            more += 1;
        }
    };
    for (line, cells) in records {
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
                        super::wording::quoted(number),
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
        let mut changes = Vec::new();
        for &(i, field) in &columns {
            match read_cell(field, spreadsheet_text(cell(i))) {
                Ok(change) => changes.push(change),
                Err(why) => refuse(line, why),
            }
        }
        rows.push(Row { line, measure, changes });
    }
    if listed.is_empty() {
        Ok(Sheet { separator, rows, ignored })
    } else {
        Err(SheetError::Cells { listed, more })
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
/// that differs recorded as an edit signed `by`, « importé depuis tableur »:
/// the document the import then merges, as it would a colleague's file.
/// A cell left as it was exported changes nothing, even when the
/// spreadsheet dropped what it could not keep: spaces at the ends of a
/// text, characters its encoding lacks.
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
    for row in &sheet.rows {
        for change in &row.changes {
            let change = change.clone().cleaned();
            let shown = doc
                .annotation(row.measure)
                .map_or_else(|| change.field().blank(), |a| a.value(change.field()));
            if !as_exported(&shown, &change, encoding) {
                doc.edit(plan, row.measure, change, None, &by, editor)?;
            }
        }
    }
    Ok(doc)
}

/// Whether `cell` is what the export of `stored` becomes once a
/// spreadsheet has saved it in `encoding`.
fn as_exported(stored: &Change, cell: &Change, encoding: Encoding) -> bool {
    let saved = |text: &str| match encoding {
        Encoding::Utf8 => text.to_owned(),
        Encoding::Windows1252 => text.chars().map(windows_1252_or_question_mark).collect(),
    };
    match (stored, cell) {
        (Change::Notes(s), Change::Notes(c)) => saved(s.trim_end()) == c.trim_end(),
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

/// The cell as typed: the export protects cells that a spreadsheet would
/// take for a formula with a leading `'`, which is taken off again.
fn spreadsheet_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// One cell's value for `field`, or why it cannot be read (in French).
fn read_cell(field: Field, cell: &str) -> Result<Change, String> {
    let trimmed = cell.trim();
    let quoted = || super::wording::quoted(trimmed);
    match field {
        Field::Status => {
            if trimmed.is_empty() {
                return Ok(Change::Status(Status::default()));
            }
            let folded = fold(trimmed);
            Status::ALL
                .into_iter()
                .find(|s| fold(s.label()) == folded || s.id() == folded)
                .map(Change::Status)
                .ok_or_else(|| {
                    let labels: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
                    format!("statut {} inconnu (attendu\u{202f}: {})", quoted(), labels.join(", "))
                })
        }
        Field::Progress => {
            let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
            if number.is_empty() {
                return Ok(Change::Progress(0));
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
                Ok(p) if p <= 100 => Ok(Change::Progress(p)),
                _ => Err(format!("avancement {} hors de 0 à 100 (un nombre entier)", quoted())),
            }
        }
        Field::Due => {
            if trimmed.is_empty() {
                return Ok(Change::Due(None));
            }
            french_or_iso_date(trimmed).map(|d| Change::Due(Some(d))).ok_or_else(|| {
                format!("échéance {} illisible (attendu JJ/MM/AAAA ou AAAA-MM-JJ)", quoted())
            })
        }
        Field::Pilote => Ok(Change::Pilote(trimmed.to_owned())),
        Field::Notes => Ok(Change::Notes(cell.to_owned())),
        Field::Links | Field::Comment(_) => Err("colonne non modifiable".to_owned()),
    }
}

/// `30/06/2020`, `3/6/2020` or `2020-06-30`; impossible dates refused.
fn french_or_iso_date(s: &str) -> Option<IsoDate> {
    if let Some(d) = IsoDate::parse(s) {
        return Some(d);
    }
    let mut parts = s.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let small = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !small(d) || !small(m) || y.len() != 4 {
        return None;
    }
    IsoDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}
