//! Full-text search over the plan as French readers expect it: accents,
//! case, ligatures, elisions and plurals ignored, words matched by prefix,
//! every word required, "quoted phrases" matched word for word, `OU` (or
//! `|`) between words for either, `-mot` to exclude, acronyms found through
//! their expansion and every spelling. A measure's own text ranks above its
//! objective's title and its tags.

use std::ops::Range;
use std::sync::OnceLock;

use super::plan::Plan;
use super::text::{self, Token};

/// A parsed search: each clause must match somewhere in a measure (through
/// any of its terms), and no excluded term may.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    clauses: Vec<Vec<Term>>,
    excluded: Vec<Term>,
}

/// How well a measure matches: through its own words, or only through its
/// objective's title and its tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    OwnText,
    Context,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// Matches any word that starts with it.
    Prefix(String),
    /// Matches these words in a row; the last one by prefix when `open`
    /// (a hyphenated word still being typed, "anti-stup").
    Phrase { words: Vec<String>, open: bool },
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut query = Query::default();
        // Whether the next term joins the last clause (after `OU` or `|`),
        // and whether it is excluded (after a lone `-`, before a quote).
        let (mut either, mut negated) = (false, false);
        // Split on straight and typographic double quotes: odd pieces are phrases.
        for (i, piece) in input.split(['"', '«', '»', '“', '”']).enumerate() {
            if i % 2 == 1 {
                let term = Term::phrase(text::words(piece), false);
                query.push(term, std::mem::take(&mut either), std::mem::take(&mut negated));
                continue;
            }
            for chunk in piece.split_whitespace() {
                for (j, part) in chunk.split('|').enumerate() {
                    either |= j > 0;
                    if part == "OU" {
                        either = true;
                        continue;
                    }
                    let (exclude, part) = match part.strip_prefix('-') {
                        Some(rest) => (true, rest),
                        None => (false, part),
                    };
                    if part.is_empty() {
                        negated = exclude;
                        continue;
                    }
                    // A hyphenated word ("anti-stupéfiants", "Ceclad-M") is a
                    // phrase of its parts, not two independent prefixes.
                    let term = Term::phrase(text::words(part), true);
                    query.push(term, std::mem::take(&mut either), exclude);
                    negated = false;
                }
            }
        }
        query
    }

    fn push(&mut self, term: Term, either: bool, excluded: bool) {
        if matches!(&term, Term::Phrase { words, .. } if words.is_empty()) {
            return;
        }
        match (excluded, self.clauses.last_mut()) {
            (true, _) => self.excluded.push(term),
            (false, Some(last)) if either => last.push(term),
            (false, _) => self.clauses.push(vec![term]),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty() && self.excluded.is_empty()
    }

    /// The terms that select measures (not the excluded ones).
    fn wanted(&self) -> impl Iterator<Item = &Term> {
        self.clauses.iter().flatten()
    }
}

impl Term {
    fn phrase(mut words: Vec<String>, open: bool) -> Term {
        if words.len() == 1 && open {
            Term::Prefix(words.remove(0))
        } else {
            Term::Phrase { words, open }
        }
    }

    /// Whether `candidate` (a run of folded words as long as the phrase) matches.
    fn phrase_at<'a>(
        words: &[String],
        open: bool,
        candidate: impl Iterator<Item = &'a str>,
    ) -> bool {
        let last = words.len() - 1;
        candidate.zip(words).enumerate().all(|(i, (c, w))| {
            if open && i == last {
                c.starts_with(w.as_str())
            } else {
                c == w
            }
        })
    }

    /// One or two letters: a word start that still filters, but says too
    /// little to highlight or to rank by.
    fn is_short(&self) -> bool {
        matches!(self, Term::Prefix(p) if p.chars().count() < MIN_MARKED)
    }

    fn matches(&self, hay: &[String]) -> bool {
        match self {
            Term::Prefix(p) => hay.iter().any(|w| w.starts_with(p.as_str())),
            Term::Phrase { words, open } => hay
                .windows(words.len())
                .any(|w| Term::phrase_at(words, *open, w.iter().map(String::as_str))),
        }
    }

    /// Token ranges (by index) that this term covers in `tokens`.
    fn hits(&self, tokens: &[Token]) -> Vec<Range<usize>> {
        match self {
            Term::Prefix(p) => (0..tokens.len())
                .filter(|&i| tokens[i].folded.starts_with(p.as_str()))
                .map(|i| i..i + 1)
                .collect(),
            Term::Phrase { words, open } => (0..(tokens.len() + 1).saturating_sub(words.len()))
                .filter(|&i| {
                    Term::phrase_at(
                        words,
                        *open,
                        tokens[i..i + words.len()].iter().map(|t| t.folded.as_str()),
                    )
                })
                .map(|i| i..i + words.len())
                .collect(),
        }
    }
}

/// The folded words of every searchable field of each measure, computed on
/// the first search rather than at start-up (where it would delay the first
/// screen), then kept, so that a keystroke only compares strings.
#[derive(Debug)]
pub struct SearchIndex<'p> {
    plan: &'p Plan,
    built: OnceLock<Built>,
}

#[derive(Debug)]
struct Built {
    /// `docs[i]` belongs to measure `i + 1`: its own fields first
    /// ([`OWN_FIELDS`] of them), then its objective's title and its tags.
    docs: Vec<Vec<Vec<String>>>,
    /// Folded words of each glossary entry's spellings and of its expansion.
    glossary: Vec<(Vec<Vec<String>>, Vec<String>)>,
}

/// The shortest word start that is highlighted (it filters from one letter).
const MIN_MARKED: usize = 3;

/// Text, short title, and the acronyms' spellings and expansions.
const OWN_FIELDS: usize = 3;

impl<'p> SearchIndex<'p> {
    pub fn new(plan: &'p Plan) -> SearchIndex<'p> {
        SearchIndex { plan, built: OnceLock::new() }
    }

    /// Builds the index now if no search has yet: for idle time, so that
    /// the first keystroke does not pay for it.
    pub fn warm(&self) {
        self.built();
    }

    fn built(&self) -> &Built {
        self.built.get_or_init(|| Built::new(self.plan))
    }

    pub fn len(&self) -> usize {
        self.plan.measures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plan.measures.is_empty()
    }

    /// Whether measure `index` (0-based) matches `query` in its fields or in
    /// `extra` (the user's notes, which count as its own words), and how well.
    pub fn rank(&self, index: usize, query: &Query, extra: Option<&[String]>) -> Option<Rank> {
        if query.is_empty() {
            return Some(Rank::OwnText);
        }
        let fields = &self.built().docs[index];
        // Where a term matches first: in the measure's own words (its fields
        // come first, and the notes count as its own), or only further on.
        // A short word start ranks nothing: while the first letters are
        // typed, the cards keep their order rather than jump (and moving a
        // dozen cards per keystroke costs a frame).
        let found = |term: &Term| {
            if extra.is_some_and(|w| term.matches(w)) {
                return Some(Rank::OwnText);
            }
            let at = fields.iter().position(|f| term.matches(f))?;
            Some(if at < OWN_FIELDS || term.is_short() { Rank::OwnText } else { Rank::Context })
        };
        if query.excluded.iter().any(|t| found(t).is_some()) {
            return None;
        }
        let mut rank = Rank::OwnText;
        for clause in &query.clauses {
            let best = clause.iter().filter_map(found).min()?;
            rank = rank.max(best);
        }
        Some(rank)
    }

    pub fn matches(&self, index: usize, query: &Query, extra: Option<&[String]>) -> bool {
        self.rank(index, query, extra).is_some()
    }

    /// The glossary entries the query names, said in one line each:
    /// "OCRTIS : Office central… Écrit « Octris » dans le texte du plan…".
    /// Empty when it names none.
    fn explain_acronyms(&self, query: &Query) -> String {
        let mut said = String::new();
        for g in self.named_acronyms(query) {
            let entry = &self.plan.glossary[g];
            if !said.is_empty() {
                said.push('\n');
            }
            said.push_str(&format!("{}\u{202f}: {}.", entry.term, entry.expansion));
            if let Some(note) = &entry.note {
                said.push(' ');
                said.push_str(&super::reading::typeset_all(note));
            }
        }
        said
    }

    /// Glossary entries the query names by one of their spellings
    /// ("OCRTIS", "Octris"), to explain them beside the results.
    pub fn named_acronyms(&self, query: &Query) -> Vec<usize> {
        let built = self.built();
        (0..built.glossary.len())
            .filter(|&g| {
                query.wanted().any(|t| {
                    built.glossary[g].0.iter().any(|spelling| match t {
                        Term::Prefix(p) => spelling.len() == 1 && &spelling[0] == p,
                        Term::Phrase { words, .. } => words == spelling,
                    })
                })
            })
            .collect()
    }

    /// Words to highlight besides the query's own: the acronyms whose
    /// expansion a term matched, so that "office anti-stupéfiants" lights up
    /// "Ofast" in the text.
    pub fn highlighter(&self, query: &Query) -> Highlighter {
        // One or two letters still filter, but lighting up every word that
        // starts with them ("de", "co") says nothing and costs a frame.
        let mut terms: Vec<Term> = query.wanted().filter(|t| !t.is_short()).cloned().collect();
        let explained = self.explain_acronyms(query);
        if terms.is_empty() {
            return Highlighter { terms, explained };
        }
        let asked = terms.len();
        for (spellings, expansion) in &self.built().glossary {
            let named = |t: &Term| t.matches(expansion) || spellings.iter().any(|s| t.matches(s));
            if terms[..asked].iter().any(named) {
                terms.extend(
                    spellings.iter().map(|s| Term::Phrase { words: s.clone(), open: false }),
                );
            }
        }
        Highlighter { terms, explained }
    }
}

impl Built {
    fn new(plan: &Plan) -> Built {
        let docs = plan
            .measures
            .iter()
            .map(|m| {
                let objective = plan.objective(m.objective).map_or("", |o| o.title.as_str());
                let tags = m
                    .themes
                    .iter()
                    .map(|&t| &plan.themes[t].label)
                    .chain(m.bodies.iter().map(|&b| &plan.bodies[b].label))
                    .chain(m.places.iter().map(|&p| &plan.places[p].label))
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" · ");
                let acronyms = m
                    .acronyms
                    .iter()
                    .flat_map(|&g| {
                        let entry = &plan.glossary[g];
                        entry.spellings().chain([entry.expansion.as_str()])
                    })
                    .collect::<Vec<_>>()
                    .join(" · ");
                [m.text.as_str(), &m.short_title, &acronyms, objective, &tags]
                    .iter()
                    .map(|f| text::words(f))
                    .collect()
            })
            .collect();
        let glossary = plan
            .glossary
            .iter()
            .map(|g| (g.spellings().map(text::words).collect(), text::words(&g.expansion)))
            .collect();
        Built { docs, glossary }
    }
}

/// What a query shows besides the list: its matches, to highlight in any
/// text, and the acronyms it names, explained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighter {
    terms: Vec<Term>,
    /// See [`SearchIndex::highlighter`]: one line per acronym the query
    /// names ("OCRTIS", "Octris"), so that one the measures do not use, or
    /// spell differently, still gets an answer. Empty when it names none.
    pub explained: String,
}

/// A piece of text, highlighted or not. Rendered as text, never as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub marked: bool,
}

impl Highlighter {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn pieces<'a>(&self, text: &'a str) -> Vec<Piece<'a>> {
        let mut pieces = Vec::new();
        let mut at = 0;
        for r in self.ranges(text) {
            if r.start > at {
                pieces.push(Piece { text: &text[at..r.start], marked: false });
            }
            pieces.push(Piece { text: &text[r.clone()], marked: true });
            at = r.end;
        }
        if at < text.len() || pieces.is_empty() {
            pieces.push(Piece { text: &text[at..], marked: false });
        }
        pieces
    }

    /// The byte ranges of `text` to highlight: whole words, sorted, merged.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        self.ranges_in(&text::tokenize(text))
    }

    /// [`Highlighter::ranges`] of a text already tokenised (a card keeps
    /// its tokens, so that a keystroke only compares words).
    pub fn ranges_in(&self, tokens: &[Token]) -> Vec<Range<usize>> {
        let mut spans: Vec<Range<usize>> = self
            .terms
            .iter()
            .flat_map(|t| t.hits(tokens))
            .map(|r| tokens[r.start].span.start..tokens[r.end - 1].span.end)
            .collect();
        super::order::sort_by_key(&mut spans, |r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::new();
        for s in spans {
            match merged.last_mut() {
                Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        merged
    }
}
