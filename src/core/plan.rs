//! The plan: `public/plan.json` parsed and validated once into typed values.
//!
//! Everything downstream (search, filters, views) may rely on the invariants
//! checked here: measures are numbered 1..=N in order, every measure belongs
//! to an existing objective, every tag points into its vocabulary, and every
//! glossary term occurs in the text.

use serde::Deserialize;
use std::fmt;

use super::date::IsoDate;
use super::text;

/// The plan shipped with Vigie, as JSON (what `dist/plan.json` holds). The
/// app itself reads [`BUNDLED`], the same plan turned into Rust data by
/// `build.rs`.
pub const BUNDLED_JSON: &str = include_str!("../../public/plan.json");

/// The fields of `plan.json`, as static data written by `build.rs`.
pub(crate) struct StaticPlan {
    id: &'static str,
    title: &'static str,
    headline: &'static str,
    date: &'static str,
    place: &'static str,
    introduction: &'static [&'static str],
    themes: &'static [(&'static str, &'static str)],
    bodies: &'static [(&'static str, &'static str)],
    places: &'static [(&'static str, &'static str)],
    objectives: &'static [(u8, &'static str, &'static str)],
    measures: &'static [StaticMeasure],
    /// Term, expansion, and whether the plan itself spells it out.
    glossary: &'static [(&'static str, &'static str, bool)],
}

pub(crate) struct StaticMeasure {
    number: MeasureNo,
    objective: u8,
    text: &'static str,
    short_title: &'static str,
    themes: &'static [&'static str],
    bodies: &'static [&'static str],
    places: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/plan.rs"));

impl StaticPlan {
    fn raw(&self) -> RawPlan {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
        let tags = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(id, label)| Tag { id: (*id).to_owned(), label: (*label).to_owned() })
                .collect()
        };
        RawPlan {
            id: self.id.to_owned(),
            title: self.title.to_owned(),
            headline: self.headline.to_owned(),
            date: self.date.to_owned(),
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
                .map(|m| RawMeasure {
                    number: m.number,
                    objective: m.objective,
                    text: m.text.to_owned(),
                    short_title: m.short_title.to_owned(),
                    themes: owned(m.themes),
                    bodies: owned(m.bodies),
                    places: owned(m.places),
                })
                .collect(),
            glossary: self
                .glossary
                .iter()
                .map(|(term, expansion, from_plan)| GlossaryEntry {
                    term: (*term).to_owned(),
                    expansion: (*expansion).to_owned(),
                    source: if *from_plan { GlossarySource::Plan } else { GlossarySource::Usage },
                })
                .collect(),
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
    Numbering { expected: usize, found: usize, what: &'static str },
    UnknownObjective { measure: MeasureNo, objective: u8 },
    UnknownTag { measure: MeasureNo, vocabulary: &'static str, id: String },
    DuplicateTag { vocabulary: &'static str, id: String },
    GlossaryTermAbsent(String),
    Empty(&'static str),
    Date(String),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Json(e) => write!(f, "plan.json illisible : {e}"),
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
                    "la mesure {measure} porte « {id} », \
                     absent du vocabulaire {vocabulary}"
                )
            }
            PlanError::DuplicateTag { vocabulary, id } => {
                write!(f, "« {id} » figure deux fois dans le vocabulaire {vocabulary}")
            }
            PlanError::GlossaryTermAbsent(term) => {
                write!(f, "le sigle « {term} » du glossaire n’apparaît pas dans le plan")
            }
            PlanError::Empty(what) => write!(f, "le plan n’a pas de {what}"),
            PlanError::Date(d) => write!(f, "« {d} » n’est pas une date AAAA-MM-JJ réelle"),
        }
    }
}

impl std::error::Error for PlanError {}

impl Plan {
    /// The plan bundled with this build (checked like any other).
    pub fn bundled() -> Result<Plan, PlanError> {
        validate(BUNDLED.raw())
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

    let glossary_words: Vec<Vec<String>> =
        raw.glossary.iter().map(|g| text::words(&g.term)).collect();
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
            .filter(|(_, term)| contains_words(&words, term))
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
    for (g, (entry, term)) in raw.glossary.iter().zip(&glossary_words).enumerate() {
        if !measures.iter().any(|m| m.acronyms.contains(&g)) && !contains_words(&introduction, term)
        {
            return Err(PlanError::GlossaryTermAbsent(entry.term.clone()));
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
    /// Splits a measure's text into pieces, each tagged with the glossary
    /// entry it spells when it is an acronym, for `<abbr>` rendering.
    pub fn acronym_pieces<'a>(&self, measure: &'a Measure) -> Vec<(&'a str, Option<usize>)> {
        let text = measure.text.as_str();
        let tokens = text::tokenize(text);
        let mut spans: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
        for &g in &measure.acronyms {
            let term = text::words(&self.glossary[g].term);
            for start in 0..tokens.len().saturating_sub(term.len().saturating_sub(1)) {
                let window = &tokens[start..start + term.len()];
                if window.iter().zip(&term).all(|(t, w)| &t.folded == w) {
                    spans.push((window[0].span.start..window[term.len() - 1].span.end, g));
                }
            }
        }
        super::order::sort_by_key(&mut spans, |(r, _)| r.start);
        let mut pieces = Vec::new();
        let mut at = 0;
        for (range, g) in spans {
            if range.start < at {
                continue;
            }
            if range.start > at {
                pieces.push((&text[at..range.start], None));
            }
            pieces.push((&text[range.clone()], Some(g)));
            at = range.end;
        }
        if at < text.len() {
            pieces.push((&text[at..], None));
        }
        pieces
    }
}

impl Plan {
    /// A plan of `measures` measures made by repeating the real ones
    /// (renumbered), for benchmarks of search and rendering at scale.
    pub fn synthetic(measures: usize) -> Result<Plan, PlanError> {
        let mut plan = Plan::bundled()?;
        if plan.measures.is_empty() {
            return Err(PlanError::Empty("mesures"));
        }
        let real = std::mem::take(&mut plan.measures);
        plan.measures = (0..measures)
            .map(|i| Measure { number: (i + 1) as MeasureNo, ..real[i % real.len()].clone() })
            .collect();
        plan.fingerprint = fingerprint(&plan.objectives, &plan.measures);
        Ok(plan)
    }
}
