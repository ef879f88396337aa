//! The plan: `public/plan.json` parsed and validated once into typed values.
//!
//! Everything downstream (search, filters, views) may rely on the invariants
//! checked here: measures are numbered 1..=N in order, every measure belongs
//! to an existing objective, every tag points into its vocabulary, and every
//! glossary term occurs in the text.

//!
//! The folder holds what is read from the plan alone: text folding
//! ([`text`]), search and its thesaurus, and the reading view's typesetting.

pub mod reading;
pub mod search;
pub mod text;
pub mod thesaurus;

use serde::Deserialize;
use std::fmt;

use crate::core::date::IsoDate;

/// The plan shipped with Vigie, as JSON (what `dist/plan.json` holds). The
/// app itself reads [`BUNDLED`], the same plan turned into Rust data by
/// `build.rs`.
pub const BUNDLED_JSON: &str = include_str!("../../../public/plan.json");

/// The fields of `plan.json`, as static data written by `build.rs`.
pub(crate) struct StaticPlan {
    id: &'static str,
    title: &'static str,
    headline: &'static str,
    date: &'static str,
    place: &'static str,
    introduction: &'static [&'static str],
    themes: &'static [StaticTag],
    bodies: &'static [StaticTag],
    places: &'static [StaticTag],
    objectives: &'static [(u8, &'static str, &'static str)],
    measures: &'static [StaticMeasure],
    glossary: &'static [StaticGlossaryEntry],
    /// One line per entry: the trade's words, the plan's words they lead
    /// to, and "1" for a related notion, apart by tabs; forms apart by `|`.
    thesaurus: &'static str,
    /// Where, which excerpt, and how it should read.
    errata: &'static [(TextPart, &'static str, &'static str)],
    fingerprint: &'static str,
}

/// Id, label, definition, and the ids of the places it lies within.
type StaticTag = (&'static str, &'static str, Option<&'static str>, &'static [&'static str]);

pub(crate) struct StaticGlossaryEntry {
    term: &'static str,
    expansion: &'static str,
    /// Whether the plan itself spells the acronym out.
    from_plan: bool,
    aliases: &'static [&'static str],
    note: Option<&'static str>,
}

/// A measure with its tags resolved to indices and its acronyms found.
pub(crate) struct StaticMeasure {
    number: MeasureNo,
    objective: u8,
    text: &'static str,
    short_title: &'static str,
    themes: &'static [usize],
    bodies: &'static [usize],
    places: &'static [usize],
    acronyms: &'static [usize],
}

include!(concat!(env!("OUT_DIR"), "/plan.rs"));

impl StaticPlan {
    /// The plan as the app uses it. `build.rs` already checked it and
    /// resolved what `validate` would, so nothing is parsed, checked or
    /// tokenised here (a host test checks that both give the same plan).
    fn plan(&self) -> Plan {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
        let tags = |list: &[StaticTag]| {
            list.iter()
                .map(|(id, label, definition, within)| Tag {
                    id: (*id).to_owned(),
                    label: (*label).to_owned(),
                    definition: definition.map(str::to_owned),
                    within: owned(within),
                })
                .collect()
        };
        Plan {
            id: self.id.to_owned(),
            title: self.title.to_owned(),
            headline: self.headline.to_owned(),
            date: IsoDate::parse(self.date).expect("plan.json's date is checked by the host tests"),
            place: self.place.to_owned(),
            introduction: owned(self.introduction),
            themes: tags(self.themes),
            bodies: tags(self.bodies),
            places: tags(self.places),
            objectives: self
                .objectives
                .iter()
                .map(|(number, title, short)| Objective {
                    number: *number,
                    title: (*title).to_owned(),
                    short_title: (*short).to_owned(),
                })
                .collect(),
            measures: self
                .measures
                .iter()
                .map(|m| Measure {
                    number: m.number,
                    objective: m.objective,
                    text: m.text.to_owned(),
                    short_title: m.short_title.to_owned(),
                    themes: m.themes.to_vec(),
                    bodies: m.bodies.to_vec(),
                    places: m.places.to_vec(),
                    acronyms: m.acronyms.to_vec(),
                })
                .collect(),
            glossary: self
                .glossary
                .iter()
                .map(|g| GlossaryEntry {
                    term: g.term.to_owned(),
                    expansion: g.expansion.to_owned(),
                    source: if g.from_plan { GlossarySource::Plan } else { GlossarySource::Usage },
                    aliases: owned(g.aliases),
                    note: g.note.map(str::to_owned),
                })
                .collect(),
            thesaurus: self
                .thesaurus
                .lines()
                .map(|line| {
                    let mut fields = line.split('\t');
                    let mut forms =
                        || fields.next().unwrap_or("").split('|').map(str::to_owned).collect();
                    Synonym { said: forms(), plan: forms(), related: fields.next() == Some("1") }
                })
                .collect(),
            errata: self
                .errata
                .iter()
                .map(|&(part, excerpt, correction)| Erratum {
                    part,
                    excerpt: excerpt.to_owned(),
                    correction: correction.to_owned(),
                })
                .collect(),
            fingerprint: self.fingerprint.to_owned(),
        }
    }
}

/// A measure's number, as the plan prints it ("Mesure 17").
pub type MeasureNo = u16;

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub headline: String,
    pub date: IsoDate,
    pub place: String,
    pub introduction: Vec<String>,
    pub themes: Vec<Tag>,
    pub bodies: Vec<Tag>,
    pub places: Vec<Tag>,
    pub objectives: Vec<Objective>,
    /// Index `i` holds measure `i + 1`.
    pub measures: Vec<Measure>,
    pub glossary: Vec<GlossaryEntry>,
    /// The words officials use that the plan does not, each leading to the
    /// plan's own words.
    pub thesaurus: Vec<Synonym>,
    /// The source's own slips, shown as such beside the verbatim text.
    pub errata: Vec<Erratum>,
    /// Identifies the wording of the plan, so that annotations made against
    /// another wording can be recognised.
    pub fingerprint: String,
}

/// An entry of a controlled vocabulary (theme, body or place).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    pub id: String,
    pub label: String,
    /// One line saying what the tag covers (the facet's tooltip).
    #[serde(default)]
    pub definition: Option<String>,
    /// The ids of the places this one lies within ("guyane" within
    /// "outre-mer" and "amerique-latine"), so that a search for a region
    /// finds what lies in it.
    #[serde(default)]
    pub within: Vec<String>,
}

/// An entry of the thesaurus: words of the trade ("narcotrafic", "go fast",
/// "PSQ") that lead to the plan's own words ("trafic de stupéfiants",
/// "contrôle des flux", "police de sécurité du quotidien").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonym {
    pub said: Vec<String>,
    /// Each occurs in the plan: its text, a short title, a tag.
    pub plan: Vec<String>,
    /// A related notion ("cocaïne" for the plan's mules and Caribbean),
    /// not a synonym: said so on the cards it finds.
    #[serde(default)]
    pub related: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub number: u8,
    /// Verbatim from the plan.
    pub title: String,
    /// A few words for facets, chips and slides (editorial, not the plan's).
    pub short_title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub number: MeasureNo,
    pub objective: u8,
    pub text: String,
    pub short_title: String,
    /// Indices into [`Plan::themes`].
    pub themes: Vec<usize>,
    /// Indices into [`Plan::bodies`].
    pub bodies: Vec<usize>,
    /// Indices into [`Plan::places`].
    pub places: Vec<usize>,
    /// Indices into [`Plan::glossary`] of the acronyms the text uses.
    pub acronyms: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    pub expansion: String,
    /// `plan` when the plan itself spells the acronym out, `usage` otherwise.
    pub source: GlossarySource,
    /// Other spellings, the source's own first when it misspells the term.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where the plan's wording differs from the official one, or a later name.
    #[serde(default)]
    pub note: Option<String>,
}

impl GlossaryEntry {
    /// The official form, then the aliases.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A part of the plan's verbatim text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPart {
    Headline,
    Introduction,
    Measure(MeasureNo),
}

/// A slip of the source, kept verbatim in the text and marked *[sic]* on
/// screen: `excerpt` occurs exactly once in `part`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erratum {
    pub part: TextPart,
    pub excerpt: String,
    pub correction: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawErratum {
    #[serde(rename = "in")]
    part: String,
    #[serde(default)]
    measure: Option<MeasureNo>,
    excerpt: String,
    correction: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GlossarySource {
    Plan,
    Usage,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    id: String,
    title: String,
    headline: String,
    date: String,
    place: String,
    introduction: Vec<String>,
    themes: Vec<Tag>,
    bodies: Vec<Tag>,
    places: Vec<Tag>,
    objectives: Vec<Objective>,
    measures: Vec<RawMeasure>,
    glossary: Vec<GlossaryEntry>,
    #[serde(default)]
    thesaurus: Vec<Synonym>,
    #[serde(default, deserialize_with = "raw_errata")]
    errata: Vec<Erratum>,
}

fn raw_errata<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Erratum>, D::Error> {
    use serde::de::Error as _;
    Vec::<RawErratum>::deserialize(d)?
        .into_iter()
        .map(|e| {
            let part = match (e.part.as_str(), e.measure) {
                ("headline", None) => TextPart::Headline,
                ("introduction", None) => TextPart::Introduction,
                ("measure", Some(n)) => TextPart::Measure(n),
                (other, _) => {
                    return Err(D::Error::custom(format!(
                        "erratum «\u{202f}{other}\u{202f}»\u{a0}: headline, introduction, ou measure avec son numéro"
                    )))
                }
            };
            Ok(Erratum { part, excerpt: e.excerpt, correction: e.correction })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    number: MeasureNo,
    objective: u8,
    text: String,
    short_title: String,
    themes: Vec<String>,
    bodies: Vec<String>,
    places: Vec<String>,
}

/// Why a plan document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    Json(String),
    Numbering {
        expected: usize,
        found: usize,
        what: &'static str,
    },
    UnknownObjective {
        measure: MeasureNo,
        objective: u8,
    },
    UnknownTag {
        measure: MeasureNo,
        vocabulary: &'static str,
        id: String,
    },
    DuplicateTag {
        vocabulary: &'static str,
        id: String,
    },
    GlossaryTermAbsent(String),
    /// A place lies within a place the vocabulary lacks.
    UnknownRegion {
        place: String,
        id: String,
    },
    /// A thesaurus entry leads to words the plan does not have.
    SynonymAbsent(String),
    /// The excerpt does not occur exactly once in its part.
    Erratum {
        part: TextPart,
        excerpt: String,
        found: usize,
    },
    Empty(&'static str),
    Date(String),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Json(e) => write!(f, "plan.json illisible\u{a0}: {e}"),
            PlanError::Numbering { expected, found, what } => {
                write!(f, "{what} n° {found} trouvé(e) là où le n° {expected} était attendu")
            }
            PlanError::UnknownObjective { measure, objective } => {
                write!(
                    f,
                    "la mesure {measure} renvoie à l’objectif {objective}, \
                     qui n’existe pas"
                )
            }
            PlanError::UnknownTag { measure, vocabulary, id } => {
                write!(
                    f,
                    "la mesure {measure} porte «\u{202f}{id}\u{202f}», \
                     absent du vocabulaire {vocabulary}"
                )
            }
            PlanError::DuplicateTag { vocabulary, id } => {
                write!(f, "«\u{202f}{id}\u{202f}» figure deux fois dans le vocabulaire {vocabulary}")
            }
            PlanError::GlossaryTermAbsent(term) => {
                write!(f, "le sigle «\u{202f}{term}\u{202f}» du glossaire n’apparaît pas dans le plan")
            }
            PlanError::UnknownRegion { place, id } => write!(
                f,
                "le lieu «\u{202f}{place}\u{202f}» est situé dans «\u{202f}{id}\u{202f}», \
                 absent du vocabulaire des lieux"
            ),
            PlanError::SynonymAbsent(words) => write!(
                f,
                "le thésaurus renvoie à «\u{202f}{words}\u{202f}», que le plan ne contient pas"
            ),
            PlanError::Erratum { excerpt, found, .. } => write!(
                f,
                "l’erratum «\u{202f}{excerpt}\u{202f}» figure {found} fois dans son texte au lieu d’une"
            ),
            PlanError::Empty(what) => write!(f, "le plan n’a pas de {what}"),
            PlanError::Date(d) => write!(f, "«\u{202f}{d}\u{202f}» n’est pas une date AAAA-MM-JJ réelle"),
        }
    }
}

impl std::error::Error for PlanError {}

impl Plan {
    /// The plan bundled with this build, checked by `build.rs`.
    pub fn bundled() -> Plan {
        BUNDLED.plan()
    }

    pub fn from_json(json: &str) -> Result<Plan, PlanError> {
        let raw: RawPlan =
            serde_json::from_str(json).map_err(|e| PlanError::Json(e.to_string()))?;
        validate(raw)
    }

    pub fn measure(&self, number: MeasureNo) -> Option<&Measure> {
        self.measures.get(usize::from(number).checked_sub(1)?)
    }

    pub fn objective(&self, number: u8) -> Option<&Objective> {
        self.objectives.get(usize::from(number).checked_sub(1)?)
    }

    pub fn measures_of(&self, objective: u8) -> impl Iterator<Item = &Measure> {
        self.measures.iter().filter(move |m| m.objective == objective)
    }

    /// Measures whose text uses the glossary entry at `index`.
    pub fn measures_using(&self, index: usize) -> impl Iterator<Item = &Measure> {
        self.measures.iter().filter(move |m| m.acronyms.contains(&index))
    }
}

fn check_vocabulary(tags: &[Tag], vocabulary: &'static str) -> Result<(), PlanError> {
    for (i, tag) in tags.iter().enumerate() {
        if tags[..i].iter().any(|t| t.id == tag.id) {
            return Err(PlanError::DuplicateTag { vocabulary, id: tag.id.clone() });
        }
    }
    Ok(())
}

fn resolve(
    ids: &[String],
    tags: &[Tag],
    measure: MeasureNo,
    vocabulary: &'static str,
) -> Result<Vec<usize>, PlanError> {
    ids.iter()
        .map(|id| {
            tags.iter().position(|t| &t.id == id).ok_or_else(|| PlanError::UnknownTag {
                measure,
                vocabulary,
                id: id.clone(),
            })
        })
        .collect()
}

/// Whether `needle` (already tokenised) occurs as consecutive words of `hay`.
fn contains_words(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn validate(raw: RawPlan) -> Result<Plan, PlanError> {
    if raw.objectives.is_empty() {
        return Err(PlanError::Empty("objectifs"));
    }
    if raw.measures.is_empty() {
        return Err(PlanError::Empty("mesures"));
    }
    for (i, o) in raw.objectives.iter().enumerate() {
        if usize::from(o.number) != i + 1 {
            return Err(PlanError::Numbering {
                expected: i + 1,
                found: o.number.into(),
                what: "objectif",
            });
        }
    }
    check_vocabulary(&raw.themes, "des thèmes")?;
    check_vocabulary(&raw.bodies, "des acteurs")?;
    check_vocabulary(&raw.places, "des lieux")?;
    for place in &raw.places {
        if let Some(id) = place.within.iter().find(|id| !raw.places.iter().any(|p| &p.id == *id)) {
            return Err(PlanError::UnknownRegion { place: place.id.clone(), id: id.clone() });
        }
    }

    let glossary_words: Vec<Vec<Vec<String>>> =
        raw.glossary.iter().map(|g| g.spellings().map(text::words).collect()).collect();
    let mut measures = Vec::with_capacity(raw.measures.len());
    for (i, m) in raw.measures.into_iter().enumerate() {
        if usize::from(m.number) != i + 1 {
            return Err(PlanError::Numbering {
                expected: i + 1,
                found: m.number.into(),
                what: "mesure",
            });
        }
        if m.objective == 0 || usize::from(m.objective) > raw.objectives.len() {
            return Err(PlanError::UnknownObjective { measure: m.number, objective: m.objective });
        }
        let words = text::words(&m.text);
        let acronyms = glossary_words
            .iter()
            .enumerate()
            .filter(|(_, spellings)| spellings.iter().any(|s| contains_words(&words, s)))
            .map(|(g, _)| g)
            .collect();
        measures.push(Measure {
            themes: resolve(&m.themes, &raw.themes, m.number, "des thèmes")?,
            bodies: resolve(&m.bodies, &raw.bodies, m.number, "des acteurs")?,
            places: resolve(&m.places, &raw.places, m.number, "des lieux")?,
            number: m.number,
            objective: m.objective,
            text: m.text,
            short_title: m.short_title,
            acronyms,
        });
    }

    // Each measure's text was tokenised once above; only the introduction is left.
    let introduction: Vec<String> = raw.introduction.iter().flat_map(|p| text::words(p)).collect();
    for (g, (entry, spellings)) in raw.glossary.iter().zip(&glossary_words).enumerate() {
        if !measures.iter().any(|m| m.acronyms.contains(&g))
            && !spellings.iter().any(|s| contains_words(&introduction, s))
        {
            return Err(PlanError::GlossaryTermAbsent(entry.term.clone()));
        }
    }

    let searchable: Vec<Vec<String>> = measures
        .iter()
        .flat_map(|m| [&m.text, &m.short_title])
        .chain(raw.objectives.iter().map(|o| &o.title))
        .chain([&raw.themes, &raw.bodies, &raw.places].into_iter().flatten().map(|t| &t.label))
        .map(|t| text::words(t))
        .collect();
    for synonym in &raw.thesaurus {
        if let Some(absent) = synonym
            .plan
            .iter()
            .find(|w| !searchable.iter().any(|hay| contains_words(hay, &text::words(w))))
        {
            return Err(PlanError::SynonymAbsent(absent.clone()));
        }
    }

    for erratum in &raw.errata {
        let found = match erratum.part {
            TextPart::Headline => raw.headline.matches(&erratum.excerpt).count(),
            TextPart::Introduction => {
                raw.introduction.iter().map(|p| p.matches(&erratum.excerpt).count()).sum()
            }
            TextPart::Measure(n) => measures
                .get(usize::from(n).wrapping_sub(1))
                .map_or(0, |m| m.text.matches(&erratum.excerpt).count()),
        };
        if found != 1 || erratum.excerpt.is_empty() {
            return Err(PlanError::Erratum {
                part: erratum.part,
                excerpt: erratum.excerpt.clone(),
                found,
            });
        }
    }

    let fingerprint = fingerprint(&raw.objectives, &measures);
    Ok(Plan {
        id: raw.id,
        title: raw.title,
        headline: raw.headline,
        date: IsoDate::parse(&raw.date).ok_or(PlanError::Date(raw.date))?,
        place: raw.place,
        introduction: raw.introduction,
        themes: raw.themes,
        bodies: raw.bodies,
        places: raw.places,
        objectives: raw.objectives,
        measures,
        glossary: raw.glossary,
        thesaurus: raw.thesaurus,
        errata: raw.errata,
        fingerprint,
    })
}

/// FNV-1a, 64 bits: stable across builds and platforms, cheap, and small in
/// the bundle. Not a security measure, only a way to notice a different
/// wording (of the whole plan, or of one measure).
pub(crate) struct Fnv1a(u64);

impl Fnv1a {
    pub(crate) fn new() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }

    /// The hash of `parts`, each ended by U+001F, so that no two lists of
    /// parts join into the same bytes.
    pub(crate) fn of_parts(parts: &[&str]) -> u64 {
        let mut hash = Fnv1a::new();
        for part in parts {
            hash.write(part.as_bytes());
            hash.write(&[0x1f]);
        }
        hash.finish()
    }

    pub(crate) fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// Changes whenever a word of an objective or a measure changes.
fn fingerprint(objectives: &[Objective], measures: &[Measure]) -> String {
    let mut hash = Fnv1a::new();
    for o in objectives {
        hash.write(format!("O{}\u{1f}{}\u{1e}", o.number, o.title).as_bytes());
    }
    for m in measures {
        hash.write(format!("M{}\u{1f}{}\u{1f}{}\u{1e}", m.number, m.objective, m.text).as_bytes());
    }
    format!("fnv1a64:{}", hash.hex())
}

impl Plan {
    /// Where a measure's text spells an acronym (in any of its spellings),
    /// with the glossary entry, for `<abbr>` rendering; in text order.
    pub fn acronym_spans(&self, measure: &Measure) -> Vec<(std::ops::Range<usize>, usize)> {
        let tokens = text::tokenize(&measure.text);
        let mut spans: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
        for &g in &measure.acronyms {
            for spelling in self.glossary[g].spellings() {
                let term = text::words(spelling);
                if term.is_empty() {
                    continue;
                }
                for window in tokens.windows(term.len()) {
                    if window.iter().zip(&term).all(|(t, w)| &t.folded == w) {
                        spans.push((window[0].span.start..window[term.len() - 1].span.end, g));
                    }
                }
            }
        }
        crate::core::order::sort_by_key(&mut spans, |(r, _)| r.start);
        spans
    }

    /// The errata of one part of the text.
    pub fn errata_in(&self, part: TextPart) -> impl Iterator<Item = &Erratum> {
        self.errata.iter().filter(move |e| e.part == part)
    }
}

impl Plan {
    /// A plan of `measures` measures made by repeating the real ones
    /// (renumbered), for benchmarks of search and rendering at scale.
    pub fn synthetic(measures: usize) -> Plan {
        let mut plan = Plan::bundled();
        let real = std::mem::take(&mut plan.measures);
        plan.measures = (0..measures)
            .map(|i| Measure { number: (i + 1) as MeasureNo, ..real[i % real.len()].clone() })
            .collect();
        plan.fingerprint = fingerprint(&plan.objectives, &plan.measures);
        plan
    }
}
