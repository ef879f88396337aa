//! The status vocabulary of a measure: stable ids (stored, exported, in URLs)
//! and their French labels.

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NonEvaluee,
    NonEngagee,
    EnCours,
    EnDifficulte,
    Realisee,
    Abandonnee,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::NonEvaluee,
        Status::NonEngagee,
        Status::EnCours,
        Status::EnDifficulte,
        Status::Realisee,
        Status::Abandonnee,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::NonEvaluee => "non_evaluee",
            Status::NonEngagee => "non_engagee",
            Status::EnCours => "en_cours",
            Status::EnDifficulte => "en_difficulte",
            Status::Realisee => "realisee",
            Status::Abandonnee => "abandonnee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NonEvaluee => "Non évaluée",
            Status::NonEngagee => "Non engagée",
            Status::EnCours => "En cours",
            Status::EnDifficulte => "En difficulté",
            Status::Realisee => "Réalisée",
            Status::Abandonnee => "Abandonnée",
        }
    }

    /// A glyph shown beside the colour, so that colour is never the only signal.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::NonEvaluee => "?",
            Status::NonEngagee => "○",
            Status::EnCours => "◐",
            Status::EnDifficulte => "!",
            Status::Realisee => "✓",
            Status::Abandonnee => "×",
        }
    }

    /// Position in [`Status::ALL`], for per-status tables.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Order for "sort by status": what needs attention first.
    pub fn urgency(self) -> u8 {
        match self {
            Status::EnDifficulte => 0,
            Status::NonEngagee => 1,
            Status::EnCours => 2,
            Status::NonEvaluee => 3,
            Status::Realisee => 4,
            Status::Abandonnee => 5,
        }
    }

    /// Whether a measure in this status is finished, for "overdue".
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Realisee | Status::Abandonnee)
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn index_is_the_position_in_all() {
        for (i, s) in Status::ALL.into_iter().enumerate() {
            assert_eq!(s.index(), i);
        }
    }
}
