//! The reference briefing (« Comparer avec… »): what each measure held in
//! an earlier export, kept so that the comparison survives a reload and
//! reaches the speaker's window. Only what the comparison reads is kept
//! (status, progress, notes, and who wrote the file when), not the file's
//! history: a five-year export would weigh megabytes, its snapshot a few
//! kilobytes. Reading it back validates every value once, like any file.

use serde::{Deserialize, Serialize};

use super::annotations::{clean, TextKind};
use super::document::Document;
use super::plan::{MeasureNo, Plan};
use super::status::Status;

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

#[derive(Serialize, Deserialize)]
struct StoredHeld {
    n: MeasureNo,
    statut: String,
    avancement: u8,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    notes: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    fichier: String,
    ecrit: i64,
    par: String,
    mesures: Vec<StoredHeld>,
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

    pub fn encode(&self) -> String {
        let stored = Stored {
            fichier: self.file_name.clone(),
            ecrit: self.written_at,
            par: self.by.clone(),
            mesures: self
                .held
                .iter()
                .map(|h| StoredHeld {
                    n: h.measure,
                    statut: h.status.id().to_owned(),
                    avancement: h.progress,
                    notes: h.notes.clone(),
                })
                .collect(),
        };
        serde_json::to_string(&stored).unwrap_or_else(|_| unreachable!("plain values serialise"))
    }

    /// The stored reference, if it reads and every value is valid for
    /// `plan`; anything else is no reference (the user picks it again).
    pub fn decode(raw: &str, plan: &Plan) -> Option<Reference> {
        let stored: Stored = serde_json::from_str(raw).ok()?;
        let mut held = Vec::with_capacity(stored.mesures.len());
        for h in stored.mesures {
            plan.measure(h.n)?;
            if h.avancement > 100 {
                return None;
            }
            let status = Status::from_id(&h.statut)?;
            held.push(Held {
                measure: h.n,
                status,
                progress: h.avancement,
                notes: clean(&h.notes, TextKind::Long),
            });
        }
        super::order::sort_by_key(&mut held, |h| h.measure);
        held.dedup_by_key(|h| h.measure);
        Some(Reference {
            file_name: clean(&stored.fichier, TextKind::Short),
            written_at: stored.ecrit,
            by: clean(&stored.par, TextKind::Short),
            held,
        })
    }
}
