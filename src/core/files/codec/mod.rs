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
//!
//! Split by what it does: [`write`] the document out, [`read`] it back,
//! [`migrate`] the two older schemas, over the raw JSON leaves of [`raw`].
//! This file keeps the shared vocabulary: the format's constants and caps,
//! and what reading reports (problems, errors, options).

mod migrate;
mod raw;
mod read;
mod write;

pub use migrate::MIGRATED_AUTHOR;
pub use read::{decode, decode_document};
pub use write::{
    encode, encode_parts, encode_written_at, export_text, header_lost, join_parts, BARE_HEADER,
};

use crate::core::french;
use std::fmt;

use crate::core::record::document::Document;

/// The `format` field of every document Vigie writes.
pub const FORMAT: &str = "vigie-annotations";
/// The schema this build writes and the newest it reads.
pub const SCHEMA: u64 = 3;
/// Problems listed by name; beyond, only counted.
pub const MAX_PROBLEMS: usize = 100;
/// Measures a document may name (the plan has 55).
const MAX_MEASURE_KEYS: usize = 1_000;

// Caps on what a *file* may hold, so that a hostile one cannot make the
// reader slow. Each sits far above a realistic team's history (the
// five-year, fifteen-person fixture of `tests/common/team.rs` holds about
// 200 changes per measure and no replacement): an export of real work is
// never refused. What this browser stored itself is read without them, so
// that nothing it holds is ever left out at start-up.

/// Changes one measure may hold in a file: 100 times a five-year history.
pub const MAX_FILE_CHANGES_PER_MEASURE: usize = 20_000;
/// Replacements (« Remplacer ») a file may hold.
pub const MAX_FILE_REPLACEMENTS: usize = 5_000;
/// Versions one change may replace, stamps one replacement may list.
const MAX_REFERENCES: usize = 100_000;

// ---------------------------------------------------------------- errors

/// One thing wrong in a document, at a JSON path such as `annotations.17.changes.2.value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\u{a0}: {}", self.path, self.message)
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
        let mut out = self
            .listed
            .iter()
            .take(shown)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\u{202f}; ");
        let rest = self.count().saturating_sub(shown.min(self.listed.len()));
        if rest > 0 {
            out.push_str(&format!(
                "\u{202f}; … et {} autre{} problème{}",
                french::integer(rest),
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
    /// Not JSON: where the reading stopped, and whether the text simply
    /// ended too soon (a truncated file). Said in French, not in the
    /// parser's English.
    NotJson { line: usize, column: usize, truncated: bool },
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
            DecodeError::NotJson { line, column, truncated: true } => write!(
                f,
                "ce n’est pas du JSON valide\u{a0}: le texte s’arrête avant la fin \
                 (ligne\u{a0}{line}, colonne\u{a0}{column})\u{202f}; fichier tronqué\u{202f}?"
            ),
            DecodeError::NotJson { line, column, .. } => write!(
                f,
                "ce n’est pas du JSON valide\u{a0}: caractère inattendu \
                 ligne\u{a0}{line}, colonne\u{a0}{column}"
            ),
            DecodeError::WrongFormat => {
                write!(
                    f,
                    "ce fichier JSON n’est pas un fichier d’annotations Vigie \
                     (champ «\u{202f}format\u{202f}» absent ou différent)"
                )
            }
            DecodeError::NewerSchema(v) => write!(
                f,
                "ce fichier vient d’une version plus récente de Vigie (schéma {v}, \
                 cette version lit jusqu’au schéma {SCHEMA})\u{a0}: mettez Vigie à jour"
            ),
            DecodeError::Invalid(problems) => {
                let n = problems.count();
                write!(
                    f,
                    "{} valeur{} invalide{}\u{a0}: {}",
                    french::integer(n),
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

impl Problems {
    /// The problems of both, in order.
    pub fn merged(mut self, other: Problems) -> Problems {
        self.extend(other);
        self
    }
}
