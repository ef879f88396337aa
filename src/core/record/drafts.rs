//! Text typed in forms that is not a change yet (a link being written, a
//! comment typed before the change it explains), kept per measure and form
//! field so that a reload or a closed tab loses none of it.
//!
//! Each tab writes its drafts under its own key, as it does its journal:
//! a draft belongs to the tab typing it, and no tab may write over, or
//! remove, another's. When a tab is gone (its life lock is free), the next
//! tab to start adopts its drafts and removes its key.

use crate::core::plan::MeasureNo;
use crate::core::record::annotations::{clean, TextKind};
use crate::core::record::stamp::Replica;

/// Prefix of each tab's drafts key, followed by its replica id.
pub const DRAFTS_PREFIX: &str = "vigie.brouillons.onglet.";
/// Where every tab kept its drafts before they had one key each: adopted
/// like a closed tab's.
pub const SHARED_DRAFTS_KEY: &str = "vigie.brouillons";

/// The drafts key of a tab.
pub fn drafts_key(replica: Replica) -> String {
    format!("{DRAFTS_PREFIX}{replica}")
}

/// Whether a tab starting as `own` may take in the drafts stored under
/// `key` and remove them: those of a tab known to be gone (`live` lists the
/// open tabs; `None` when the browser cannot tell, and then no other tab's
/// drafts are touched), and the old shared key.
pub fn adoptable(key: &str, own: Replica, live: Option<&[Replica]>) -> bool {
    if key == SHARED_DRAFTS_KEY {
        return true;
    }
    let Some(replica) = key.strip_prefix(DRAFTS_PREFIX).and_then(Replica::parse) else {
        return false;
    };
    replica != own && live.is_some_and(|live| !live.contains(&replica))
}

/// A form field whose text is kept as a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DraftField {
    LinkLabel,
    LinkUrl,
    /// A comment for the next change of the measure.
    Comment,
    /// Notes typed that could not be recorded (too long, read-only tab):
    /// kept here rather than dropped when the field is left.
    Notes,
    /// The same, for the pilote.
    Pilote,
}

impl DraftField {
    fn key(self) -> &'static str {
        match self {
            DraftField::LinkLabel => "lien-libelle",
            DraftField::LinkUrl => "lien-adresse",
            DraftField::Comment => "commentaire",
            DraftField::Notes => "notes",
            DraftField::Pilote => "pilote",
        }
    }
}

/// Longest draft kept: far beyond any field (notes hold 20,000
/// characters), only a guard against a damaged key; never reached by typing.
const MAX_DRAFT: usize = 1_000_000;

/// The drafts of one tab: per measure and form field, the text being
/// typed, and possibly other texts for the same field adopted from closed
/// tabs (alternatives: kept whole, each shown for the user to take or
/// discard). Stored as `[[key, text], …]`; a key may repeat, its first
/// text being the one in the field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drafts(Vec<(String, String)>);

impl Drafts {
    /// Reads stored drafts; anything unreadable is no draft at all.
    pub fn decode(raw: Option<&str>) -> Drafts {
        let pairs: Vec<(String, String)> =
            raw.and_then(|r| serde_json::from_str(r).ok()).unwrap_or_default();
        Drafts(
            pairs
                .into_iter()
                .filter(|(k, v)| k.len() < 40 && !v.is_empty() && v.len() <= MAX_DRAFT)
                .map(|(k, v)| (k, clean(&v, TextKind::Long)))
                .take(1_000)
                .collect(),
        )
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| unreachable!("strings serialise"))
    }

    fn key(measure: MeasureNo, field: DraftField) -> String {
        format!("{measure}/{}", field.key())
    }

    /// The text in the field (the first one kept for it).
    pub fn get(&self, measure: MeasureNo, field: DraftField) -> &str {
        let key = Self::key(measure, field);
        self.0.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v.as_str())
    }

    /// The other texts kept for the field, adopted from closed tabs.
    pub fn alternatives(&self, measure: MeasureNo, field: DraftField) -> Vec<&str> {
        let key = Self::key(measure, field);
        self.0.iter().filter(|(k, _)| *k == key).skip(1).map(|(_, v)| v.as_str()).collect()
    }

    /// Sets the text in the field; an empty text removes it (its
    /// alternatives stay). Returns whether it changed.
    pub fn set(&mut self, measure: MeasureNo, field: DraftField, text: &str) -> bool {
        let key = Self::key(measure, field);
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
                self.0.insert(0, (key, text.to_owned()));
                true
            }
        }
    }

    /// Drops the `n`-th alternative of the field (the user read it and
    /// chose not to keep it). Returns whether it changed.
    pub fn discard_alternative(&mut self, measure: MeasureNo, field: DraftField, n: usize) -> bool {
        let key = Self::key(measure, field);
        let found = self.0.iter().enumerate().filter(|(_, (k, _))| *k == key).nth(n + 1);
        match found.map(|(i, _)| i) {
            Some(i) => {
                self.0.remove(i);
                true
            }
            None => false,
        }
    }

    /// Puts the `n`-th alternative in the field, and the text that was
    /// there among the alternatives: nothing is dropped by choosing.
    pub fn take_alternative(&mut self, measure: MeasureNo, field: DraftField, n: usize) -> bool {
        let key = Self::key(measure, field);
        let places: Vec<usize> =
            self.0.iter().enumerate().filter(|(_, (k, _))| *k == key).map(|(i, _)| i).collect();
        match (places.first(), places.get(n + 1)) {
            (Some(&first), Some(&other)) => {
                self.0.swap(first, other);
                true
            }
            _ => false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Takes in a closed tab's drafts. A text this tab holds already for
    /// the same field is not taken twice; any other is kept whole, as the
    /// field's text if it had none, else as an alternative for the user to
    /// take or discard: two drafts of one field are never joined, cut or
    /// dropped. Returns whether anything changed.
    pub fn adopt(&mut self, other: &Drafts) -> bool {
        let mut changed = false;
        for (key, text) in &other.0 {
            if self.0.iter().any(|(k, v)| k == key && v == text) {
                continue;
            }
            self.0.push((key.clone(), text.clone()));
            changed = true;
        }
        changed
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

    #[test]
    fn a_closed_tab_s_drafts_are_adopted_without_losing_ours() {
        let mut ours = Drafts::default();
        ours.set(4, DraftField::Comment, "Vu avec la DGPN");
        let mut theirs = Drafts::default();
        theirs.set(4, DraftField::Comment, "Relancer en janvier");
        theirs.set(9, DraftField::LinkUrl, "https://exemple.fr");
        assert!(ours.adopt(&theirs));
        assert_eq!(ours.get(4, DraftField::Comment), "Vu avec la DGPN");
        assert_eq!(ours.alternatives(4, DraftField::Comment), ["Relancer en janvier"]);
        assert_eq!(ours.get(9, DraftField::LinkUrl), "https://exemple.fr");
        assert!(!ours.adopt(&theirs), "adopting twice changes nothing");
    }

    #[test]
    fn only_the_drafts_of_tabs_known_to_be_gone_are_adopted() {
        let (own, open, gone) =
            (Replica::from_bits(1), Replica::from_bits(2), Replica::from_bits(3));
        let live = [own, open];
        assert!(adoptable(&drafts_key(gone), own, Some(&live)));
        assert!(!adoptable(&drafts_key(open), own, Some(&live)));
        assert!(!adoptable(&drafts_key(own), own, Some(&live)));
        assert!(!adoptable(&drafts_key(gone), own, None), "without Web Locks nobody is known gone");
        assert!(adoptable(SHARED_DRAFTS_KEY, own, None));
        assert!(!adoptable("vigie.annotations", own, Some(&live)));
    }
}
