//! What to do with the text found in local storage, as pure decisions: what
//! to start with, whether the stored text must be backed up first, what to
//! tell the user, and how to fold another tab's copy into ours. The browser
//! side (`ui::storage`) only moves strings in and out.

use super::document::{decode, DecodeError, Document, Strictness};
use super::plan::{MeasureNo, Plan};

/// How start-up went, for the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartupNotice {
    /// Nothing stored, or stored and read in full.
    None,
    /// Read after migrating an older schema.
    Migrated { from: u64 },
    /// Partly unreadable: what could be read was kept.
    Salvaged { dropped: Vec<String> },
    /// Unreadable as a whole: starting empty.
    Unreadable { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Startup {
    pub document: Document,
    pub notice: StartupNotice,
    /// The stored text must be copied aside before anything overwrites it.
    pub backup: bool,
    /// Annotations kept although they no longer match a measure's wording.
    pub mismatched: Vec<MeasureNo>,
}

pub fn startup(stored: Option<&str>, plan: &Plan) -> Startup {
    let Some(raw) = stored.filter(|r| !r.trim().is_empty()) else {
        return Startup {
            document: Document::empty(plan),
            notice: StartupNotice::None,
            backup: false,
            mismatched: vec![],
        };
    };
    match decode(raw, plan, Strictness::Salvage) {
        Ok(decoded) => {
            let mismatched = decoded.document.annotations.mismatched(plan);
            let (notice, backup) = if !decoded.dropped.is_empty() {
                (StartupNotice::Salvaged { dropped: decoded.dropped.iter().map(|p| p.to_string()).collect() }, true)
            } else if let Some(from) = decoded.migrated_from {
                // The old text stays aside until the user has checked the migration.
                (StartupNotice::Migrated { from }, true)
            } else {
                (StartupNotice::None, false)
            };
            let mut document = decoded.document;
            document.plan_id = plan.id.clone();
            document.plan_fingerprint = plan.fingerprint.clone();
            Startup { document, notice, backup, mismatched }
        }
        Err(error) => {
            let reason = match error {
                DecodeError::NewerSchema(_) => error.to_string(),
                other => format!("les annotations enregistrées sont illisibles : {other}"),
            };
            Startup {
                document: Document::empty(plan),
                notice: StartupNotice::Unreadable { reason },
                backup: true,
                mismatched: vec![],
            }
        }
    }
}

/// Folds the copy another tab stored into ours (see [`Document::fold`]).
/// An unreadable copy is an error: ours is then written over it only after
/// the caller backed it up.
pub fn fold_in(ours: &Document, stored: Option<&str>, plan: &Plan) -> Result<Document, String> {
    let Some(raw) = stored.filter(|r| !r.trim().is_empty()) else { return Ok(ours.clone()) };
    match decode(raw, plan, Strictness::Salvage) {
        Ok(decoded) => {
            let mut folded = ours.clone();
            folded.fold(&decoded.document);
            Ok(folded)
        }
        Err(e) => Err(e.to_string()),
    }
}
