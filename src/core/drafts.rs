//! Text typed in forms that is not a change yet (a link being written, a
//! comment typed before the change it explains), kept per measure and form
//! field so that a reload or a closed tab loses none of it. One small JSON
//! object in local storage; the latest tab to type wins, since a draft
//! belongs to whoever is typing it.

use super::annotations::{clean, TextKind, MAX_COMMENT};
use super::plan::MeasureNo;

/// The local storage key of the drafts.
pub const DRAFTS_KEY: &str = "vigie.brouillons";

/// A form field whose text is kept as a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DraftField {
    LinkLabel,
    LinkUrl,
    /// A comment for the next change of the measure.
    Comment,
}

impl DraftField {
    fn key(self) -> &'static str {
        match self {
            DraftField::LinkLabel => "lien-libelle",
            DraftField::LinkUrl => "lien-adresse",
            DraftField::Comment => "commentaire",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drafts(Vec<(String, String)>);

impl Drafts {
    /// Reads stored drafts; anything unreadable is no draft at all.
    pub fn decode(raw: Option<&str>) -> Drafts {
        let pairs: Vec<(String, String)> = raw.and_then(|r| serde_json::from_str(r).ok()).unwrap_or_default();
        Drafts(
            pairs
                .into_iter()
                .filter(|(k, v)| k.len() < 40 && v.chars().count() <= MAX_COMMENT)
                .map(|(k, v)| (k, clean(&v, TextKind::Long)))
                .take(1_000)
                .collect(),
        )
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(&self.0).expect("strings serialise")
    }

    pub fn get(&self, measure: MeasureNo, field: DraftField) -> &str {
        let key = format!("{measure}/{}", field.key());
        self.0.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v.as_str())
    }

    /// Sets a draft; an empty text removes it. Returns whether it changed.
    pub fn set(&mut self, measure: MeasureNo, field: DraftField, text: &str) -> bool {
        let key = format!("{measure}/{}", field.key());
        let at = self.0.iter().position(|(k, _)| *k == key);
        match (at, text.is_empty()) {
            (None, true) => false,
            (Some(i), true) => {
                self.0.remove(i);
                true
            }
            (Some(i), false) if self.0[i].1 == text => false,
            (Some(i), false) => {
                self.0[i].1 = text.to_owned();
                true
            }
            (None, false) => {
                self.0.push((key, text.to_owned()));
                true
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_survive_a_round_trip_and_empty_text_removes_them() {
        let mut d = Drafts::default();
        assert!(d.set(12, DraftField::LinkUrl, "https://exemple.fr/cr"));
        assert!(!d.set(12, DraftField::LinkUrl, "https://exemple.fr/cr"));
        let back = Drafts::decode(Some(&d.encode()));
        assert_eq!(back.get(12, DraftField::LinkUrl), "https://exemple.fr/cr");
        assert_eq!(back.get(12, DraftField::LinkLabel), "");
        d.set(12, DraftField::LinkUrl, "");
        assert!(d.is_empty());
        assert!(Drafts::decode(Some("pas du json")).is_empty());
    }
}
