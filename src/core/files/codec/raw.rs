//! The raw JSON leaves reading works on: bounded sequences and maps read
//! without building a tree, what a value is in words, and the `Reader` that
//! judges each leaf and records what is wrong with its path.

use crate::core::french;
use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::core::date::IsoDate;
use crate::core::record::annotations::{
    is_forbidden, Link, TextKind, Version, MAX_LINKS, MAX_SHORT, MAX_URL,
};
use crate::core::record::stamp::{Stamp, MAX_MS};
use crate::core::record::status::Status;

use crate::core::files::codec::*;

/// A JSON array read lazily: at most `cap` items kept raw, the rest counted.
pub(in crate::core::files::codec) struct RawSeq<'a> {
    pub(in crate::core::files::codec) items: Vec<&'a RawValue>,
    pub(in crate::core::files::codec) total: usize,
}

pub(in crate::core::files::codec) fn raw_seq<'a>(
    raw: &'a RawValue,
    cap: usize,
) -> Option<RawSeq<'a>> {
    struct V(usize);
    impl<'de> Visitor<'de> for V {
        type Value = RawSeq<'de>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("une liste")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawSeq<'de>, A::Error> {
            let mut out = RawSeq { items: Vec::new(), total: 0 };
            while out.items.len() < self.0 {
                match seq.next_element::<&'de RawValue>()? {
                    Some(item) => out.items.push(item),
                    None => break,
                }
            }
            out.total = out.items.len();
            while seq.next_element::<IgnoredAny>()?.is_some() {
                out.total += 1;
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_seq(V(cap)).ok()
}

/// A JSON object read lazily: keys in order with their raw values, at most
/// `cap` of them; repeated keys are kept so that they can be refused.
pub(in crate::core::files::codec) struct RawMap<'a> {
    pub(in crate::core::files::codec) entries: Vec<(String, &'a RawValue)>,
    pub(in crate::core::files::codec) total: usize,
}

impl<'a> RawMap<'a> {
    pub(in crate::core::files::codec) fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

pub(in crate::core::files::codec) fn raw_map<'a>(
    raw: &'a RawValue,
    cap: usize,
) -> Option<RawMap<'a>> {
    struct V(usize);
    impl<'de> Visitor<'de> for V {
        type Value = RawMap<'de>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("un objet")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMap<'de>, A::Error> {
            let mut out = RawMap { entries: Vec::new(), total: 0 };
            while let Some(key) = map.next_key::<String>()? {
                out.total += 1;
                if out.entries.len() < self.0 {
                    out.entries.push((key, map.next_value::<&'de RawValue>()?));
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_map(V(cap)).ok()
}

/// What a raw value is, in words, for messages.
pub(in crate::core::files::codec) fn kind(raw: &RawValue) -> String {
    let text = raw.get().trim_start();
    match text.as_bytes().first() {
        Some(b'[') => "une liste".to_owned(),
        Some(b'{') => "un objet".to_owned(),
        Some(b'"') => match serde_json::from_str::<String>(text) {
            Ok(s) => format!("«\u{202f}{}\u{202f}»", truncate(&s)),
            Err(_) => "un texte".to_owned(),
        },
        Some(b'n') => "null".to_owned(),
        _ => truncate(text),
    }
}

pub(in crate::core::files::codec) fn truncate(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

pub(in crate::core::files::codec) fn is_null(raw: Option<&RawValue>) -> bool {
    raw.is_none_or(|r| r.get().trim() == "null")
}

/// A whole number written plainly (`17`, not `1.7e1`), within `max`.
pub(in crate::core::files::codec) fn whole(raw: &RawValue, max: u64) -> Option<u64> {
    let text = raw.get().trim();
    let plain = !text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| text.parse::<u64>().ok()).flatten().filter(|&n| n <= max)
}

/// Where a value sits: its parent's path and its own key. The path is only
/// written out when something is wrong there.
#[derive(Clone, Copy)]
pub(in crate::core::files::codec) struct At<'a>(
    pub(in crate::core::files::codec) &'a str,
    pub(in crate::core::files::codec) &'a str,
);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            ("", key) => f.write_str(key),
            (base, "") => f.write_str(base),
            (base, key) => write!(f, "{base}.{key}"),
        }
    }
}

/// Reads leaves, recording problems under their paths.
pub(in crate::core::files::codec) struct Reader<'p> {
    pub(in crate::core::files::codec) problems: &'p mut Problems,
    pub(in crate::core::files::codec) latest: Option<i64>,
    /// A file: caps apply, and any problem refuses it. Otherwise stored
    /// data, salvaged down to a single reference.
    pub(in crate::core::files::codec) strict: bool,
}

impl Reader<'_> {
    pub(in crate::core::files::codec) fn problem(&mut self, at: At, message: impl Into<String>) {
        self.problems.push(at.to_string(), message);
    }

    /// A text of at most `max` characters without forbidden characters.
    pub(in crate::core::files::codec) fn text(
        &mut self,
        raw: Option<&RawValue>,
        at: At,
        max: usize,
        kind_: TextKind,
    ) -> Option<String> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(String::new()) };
        let Ok(s) = serde_json::from_str::<String>(raw.get()) else {
            self.problem(at, format!("{} n’est pas un texte", kind(raw)));
            return None;
        };
        if let Some(c) = s.chars().find(|&c| is_forbidden(c, kind_)) {
            let what = if c.is_control() {
                "le caractère de contrôle"
            } else {
                "le caractère de mise en forme bidirectionnelle"
            };
            self.problem(
                at,
                format!("contient {what} U+{:04X}, refusé dans ce champ", u32::from(c)),
            );
            return None;
        }
        let count = s.chars().count();
        if count > max {
            self.problem(
                at,
                format!(
                    "{} caractères, au-delà de la limite de {}",
                    french::integer(count),
                    french::integer(max)
                ),
            );
            return None;
        }
        Some(s)
    }

    /// Milliseconds since 1970, up to the year 2200.
    pub(in crate::core::files::codec) fn instant(
        &mut self,
        raw: Option<&RawValue>,
        at: At,
    ) -> Option<i64> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(0) };
        match whole(raw, MAX_MS as u64) {
            Some(ms) => Some(ms as i64),
            None => {
                self.problem(
                    at,
                    format!("{} n’est pas un instant plausible (millisecondes)", kind(raw)),
                );
                None
            }
        }
    }

    pub(in crate::core::files::codec) fn stamp(
        &mut self,
        raw: Option<&RawValue>,
        at: At,
    ) -> Option<Stamp> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else {
            self.problem(at, "horodatage absent");
            return None;
        };
        let parsed = serde_json::from_str::<String>(raw.get()).ok().and_then(|s| Stamp::parse(&s));
        let Some(stamp) = parsed else {
            self.problem(
                at,
                format!(
                    "{} n’est pas un horodatage Vigie («\u{202f}millisecondes.compteur.onglet\u{202f}»)",
                    kind(raw)
                ),
            );
            return None;
        };
        self.not_future(stamp, at)
    }

    pub(in crate::core::files::codec) fn not_future(
        &mut self,
        stamp: Stamp,
        at: At,
    ) -> Option<Stamp> {
        match self.latest {
            Some(latest) if stamp.ms > latest => {
                self.problem(
                    at,
                    "date à plus de 24 h dans le futur\u{a0}: l’horloge de l’ordinateur \
                     qui a écrit ce fichier est sans doute déréglée",
                );
                None
            }
            _ => Some(stamp),
        }
    }

    pub(in crate::core::files::codec) fn status(
        &mut self,
        raw: Option<&RawValue>,
        at: At,
    ) -> Option<Status> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(Status::default()) };
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) => Status::from_id(&s).or_else(|| {
                self.problem(at, format!("statut inconnu «\u{202f}{}\u{202f}»", truncate(&s)));
                None
            }),
            Err(_) => {
                self.problem(at, format!("{} n’est pas un statut", kind(raw)));
                None
            }
        }
    }

    pub(in crate::core::files::codec) fn progress(
        &mut self,
        raw: Option<&RawValue>,
        at: At,
    ) -> Option<u8> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(0) };
        match whole(raw, 100) {
            Some(p) => Some(p as u8),
            None => {
                self.problem(at, format!("{} n’est pas entre 0 et 100", truncate(raw.get())));
                None
            }
        }
    }

    pub(in crate::core::files::codec) fn due(
        &mut self,
        raw: Option<&RawValue>,
        at: At,
    ) -> Option<Option<IsoDate>> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(None) };
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) if s.is_empty() => Some(None),
            Ok(s) => match IsoDate::parse(&s) {
                Some(d) => Some(Some(d)),
                None => {
                    self.problem(
                        at,
                        format!(
                            "«\u{202f}{}\u{202f}» n’est pas une date réelle au format AAAA-MM-JJ",
                            truncate(&s)
                        ),
                    );
                    None
                }
            },
            Err(_) => {
                self.problem(at, format!("{} n’est pas une date AAAA-MM-JJ", kind(raw)));
                None
            }
        }
    }

    pub(in crate::core::files::codec) fn links(
        &mut self,
        raw: Option<&RawValue>,
        at: At,
    ) -> Option<Vec<Link>> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(Vec::new()) };
        let Some(seq) = raw_seq(raw, MAX_LINKS) else {
            self.problem(at, format!("{} au lieu d’une liste", kind(raw)));
            return None;
        };
        if seq.total > MAX_LINKS {
            self.problem(
                at,
                format!(
                    "{} liens, au-delà \
                     de la limite de {MAX_LINKS}",
                    french::integer(seq.total)
                ),
            );
            return None;
        }
        let path = at.to_string();
        let mut links = Vec::new();
        let mut ok = true;
        for (i, item) in seq.items.iter().enumerate() {
            let base = format!("{path}.{i}");
            let Some(map) = raw_map(item, 10) else {
                self.problem(At(&base, ""), "devrait être un objet { label, url }");
                ok = false;
                continue;
            };
            let label = self.text(map.get("label"), At(&base, "label"), MAX_SHORT, TextKind::Short);
            let url = self.text(map.get("url"), At(&base, "url"), MAX_URL, TextKind::Short);
            match (label, url) {
                // Non-web addresses are kept as text (never made links):
                // refusing them would lose a colleague's evidence.
                (Some(label), Some(url)) => links.push(Link { label, url }),
                _ => ok = false,
            }
        }
        ok.then_some(links)
    }

    /// A list of at most `cap` items, each read by `item`; `None` (with the
    /// problem said) when it is not a list or is too long.
    pub(in crate::core::files::codec) fn list<'a, T>(
        &mut self,
        raw: Option<&'a RawValue>,
        at: At,
        cap: usize,
        what: &str,
        mut item: impl FnMut(&mut Self, &'a RawValue, At) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(raw) = raw.filter(|r| !is_null(Some(r))) else { return Some(Vec::new()) };
        let Some(seq) = raw_seq(raw, cap) else {
            self.problem(at, format!("{} au lieu d’une liste", kind(raw)));
            return None;
        };
        if seq.total > cap {
            let advice = if self.strict {
                "\u{a0}: ce n’est sans doute pas un export de Vigie"
            } else {
                ""
            };
            self.problem(
                at,
                format!(
                    "{} {what}, au-delà de la limite de {} qu’accepte Vigie{advice}",
                    french::integer(seq.total),
                    french::integer(cap)
                ),
            );
        }
        let path = at.to_string();
        Some(
            seq.items
                .into_iter()
                .enumerate()
                .filter_map(|(i, raw)| item(self, raw, At(&path, &i.to_string())))
                .collect(),
        )
    }

    pub(in crate::core::files::codec) fn version(
        &mut self,
        raw: &RawValue,
        at: At,
    ) -> Option<Version> {
        let text = serde_json::from_str::<String>(raw.get()).ok();
        let parsed = text.as_deref().and_then(|s| match s.split_once('/') {
            None => Stamp::parse(s).map(|at| Version { at, rev: 0 }),
            Some((stamp, rev)) => {
                let canonical = !rev.is_empty()
                    && rev.bytes().all(|b| b.is_ascii_digit())
                    && !rev.starts_with('0');
                let rev = canonical.then(|| rev.parse::<u32>().ok()).flatten()?;
                Stamp::parse(stamp).map(|at| Version { at, rev })
            }
        });
        match parsed {
            Some(v) => self.not_future(v.at, at).map(|_| v),
            None => {
                self.problem(
                    at,
                    format!("{} n’est pas une version de changement Vigie", kind(raw)),
                );
                None
            }
        }
    }
}
