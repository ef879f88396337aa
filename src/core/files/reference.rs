//! The reference briefing (« Comparer avec… »): what each measure held in
//! an earlier export, kept so that the comparison survives a reload and
//! reaches the speaker's window. Only what the comparison reads is kept
//! (status, progress, notes, and who wrote the file when), not the file's
//! history: a five-year export would weigh megabytes, its snapshot a few
//! kilobytes. Reading it back validates every value once, like any file.

use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::annotations::{clean, TextKind};
use crate::core::record::document::Document;
use crate::core::record::status::Status;

/// Where the reference is kept in local storage.
pub const REFERENCE_KEY: &str = "vigie.reference";

/// What one measure held in the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub measure: MeasureNo,
    pub status: Status,
    pub progress: u8,
    pub notes: String,
}

/// The reference briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The file it was read from, as the user named it.
    pub file_name: String,
    /// When the file was written, by its writer's clock (shown, never
    /// compared with stamps).
    pub written_at: i64,
    /// Who exported it (« anonyme » when unsigned).
    pub by: String,
    /// Measures that held something, in plan order.
    pub held: Vec<Held>,
}

impl Reference {
    /// The snapshot of `document`, read from the file `file_name`.
    pub fn of(document: &Document, file_name: &str) -> Reference {
        let held = document
            .annotations()
            .iter()
            .map(|(measure, a)| Held {
                measure,
                status: a.status(),
                progress: a.progress(),
                notes: a.notes().to_owned(),
            })
            .collect();
        Reference {
            file_name: file_name.to_owned(),
            written_at: document.written_at,
            by: document.author().display(),
            held,
        }
    }

    /// What `measure` held: blank if nothing.
    pub fn get(&self, measure: MeasureNo) -> (Status, u8, &str) {
        match self.held.binary_search_by_key(&measure, |h| h.measure) {
            Ok(i) => (self.held[i].status, self.held[i].progress, &self.held[i].notes),
            Err(_) => (Status::default(), 0, ""),
        }
    }

    /// Stored as `[[key, value], …]`, the form the drafts use (no other
    /// JSON shape is linked into the first load for it): `fichier`,
    /// `ecrit`, `par`, then per measure its number and
    /// `statut|avancement|notes`.
    pub fn encode(&self) -> String {
        let mut pairs: Vec<(String, String)> = vec![
            ("fichier".into(), self.file_name.clone()),
            ("ecrit".into(), self.written_at.to_string()),
            ("par".into(), self.by.clone()),
        ];
        pairs.extend(self.held.iter().map(|h| {
            (h.measure.to_string(), format!("{}|{}|{}", h.status.id(), h.progress, h.notes))
        }));
        serde_json::to_string(&pairs).unwrap_or_else(|_| unreachable!("strings serialise"))
    }

    /// The stored reference, if it reads and every value is valid for
    /// `plan`; anything else is no reference (the user picks it again).
    pub fn decode(raw: &str, plan: &Plan) -> Option<Reference> {
        let pairs: Vec<(String, String)> = serde_json::from_str(raw).ok()?;
        let mut reference = Reference {
            file_name: String::new(),
            written_at: 0,
            by: String::new(),
            held: Vec::new(),
        };
        for (key, value) in pairs {
            match key.as_str() {
                "fichier" => reference.file_name = clean(&value, TextKind::Short),
                "ecrit" => reference.written_at = value.parse().ok()?,
                "par" => reference.by = clean(&value, TextKind::Short),
                number => {
                    let measure = plan.measure(number.parse().ok()?)?.number;
                    let mut parts = value.splitn(3, '|');
                    let status = Status::from_id(parts.next()?)?;
                    let progress: u8 = parts.next()?.parse().ok().filter(|p| *p <= 100)?;
                    let notes = clean(parts.next()?, TextKind::Long);
                    reference.held.push(Held { measure, status, progress, notes });
                }
            }
        }
        crate::core::order::sort_by_key(&mut reference.held, |h| h.measure);
        reference.held.dedup_by_key(|h| h.measure);
        Some(reference)
    }
}
