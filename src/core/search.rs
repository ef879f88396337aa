//! Full-text search over the plan as French readers expect it: accents,
//! case, ligatures and elisions ignored, words matched by prefix, every word
//! required, "quoted phrases" matched word for word, acronyms found through
//! their expansion.

use std::ops::Range;
use std::sync::OnceLock;

use super::plan::Plan;
use super::text::{self, Token};

/// A parsed search: every term must match somewhere in a measure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
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
        let mut terms = Vec::new();
        // Split on straight and typographic double quotes: odd pieces are phrases.
        for (i, piece) in input.split(['"', '«', '»', '“', '”']).enumerate() {
            if i % 2 == 1 {
                terms.push(Term::phrase(text::words(piece), false));
                continue;
            }
            // Outside quotes, a hyphenated word ("anti-stupéfiants", "Ceclad-M")
            // is a phrase of its parts, not two independent prefixes.
            for chunk in piece.split_whitespace() {
                terms.push(Term::phrase(text::words(chunk), true));
            }
        }
        terms.retain(|t| !matches!(t, Term::Phrase { words, .. } if words.is_empty()));
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
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
    /// `docs[i]` belongs to measure `i + 1`.
    docs: Vec<Vec<Vec<String>>>,
    /// Folded words of each glossary term and of its expansion.
    glossary: Vec<(Vec<String>, Vec<String>)>,
}

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

    /// Whether measure `index` (0-based) matches every term of `query`, in
    /// its own fields or in `extra` (the user's notes, for instance).
    pub fn matches(&self, index: usize, query: &Query, extra: Option<&[String]>) -> bool {
        if query.is_empty() {
            return true;
        }
        let fields = &self.built().docs[index];
        query.terms.iter().all(|term| {
            fields.iter().any(|f| term.matches(f)) || extra.is_some_and(|words| term.matches(words))
        })
    }

    /// Words to highlight besides the query's own: the acronyms whose
    /// expansion a term matched, so that "office anti-stupéfiants" lights up
    /// "Ofast" in the text.
    pub fn highlighter(&self, query: &Query) -> Highlighter {
        // A lone letter still filters, but lighting up every word that
        // starts with it says nothing and costs a frame.
        let mut terms: Vec<Term> = query
            .terms
            .iter()
            .filter(|t| !matches!(t, Term::Prefix(p) if p.chars().count() < 2))
            .cloned()
            .collect();
        if terms.is_empty() {
            return Highlighter::default();
        }
        let asked = terms.len();
        for (term, expansion) in &self.built().glossary {
            if terms[..asked].iter().any(|t| t.matches(expansion)) {
                terms.push(Term::Phrase { words: term.clone(), open: false });
            }
        }
        Highlighter { terms }
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
                let expansions = m
                    .acronyms
                    .iter()
                    .map(|&g| plan.glossary[g].expansion.as_str())
                    .collect::<Vec<_>>()
                    .join(" · ");
                [m.text.as_str(), &m.short_title, objective, &tags, &expansions]
                    .iter()
                    .map(|f| text::words(f))
                    .collect()
            })
            .collect();
        let glossary = plan
            .glossary
            .iter()
            .map(|g| (text::words(&g.term), text::words(&g.expansion)))
            .collect();
        Built { docs, glossary }
    }
}

/// Splits a text into plain and highlighted pieces for one query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighter {
    terms: Vec<Term>,
}

/// A piece of text, highlighted or not. Rendered as text, never as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub marked: bool,
}

impl Highlighter {
    pub fn pieces<'a>(&self, text: &'a str) -> Vec<Piece<'a>> {
        if self.terms.is_empty() {
            return vec![Piece { text, marked: false }];
        }
        let tokens = text::tokenize(text);
        let mut spans: Vec<Range<usize>> = self
            .terms
            .iter()
            .flat_map(|t| t.hits(&tokens))
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
        let mut pieces = Vec::new();
        let mut at = 0;
        for r in merged {
            if r.start > at {
                pieces.push(Piece { text: &text[at..r.start], marked: false });
            }
            pieces.push(Piece { text: &text[r.clone()], marked: true });
            at = r.end;
        }
        if at < text.len() {
            pieces.push(Piece { text: &text[at..], marked: false });
        }
        pieces
    }
}
