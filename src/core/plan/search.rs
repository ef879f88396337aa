//! Full-text search over the plan as French readers expect it and as
//! officials speak: accents, case, ligatures, elisions, plurals and genders
//! ignored (see [`text::stem`]), words matched by prefix, hyphen, space and
//! nothing one in compounds, "quoted phrases" matched word for word, `OU`
//! (or `|`) between words for either, `-mot` to exclude, acronyms typed in
//! capitals matched as whole words, acronyms found through their expansion
//! and every spelling, and the trade's words led to the plan's through the
//! thesaurus. Every word is required; when no measure has them all, the
//! measures with the most are the answer ([`Score::matched`]). Ranks are
//! tiers ([`Rank`]), the same across the whole list.

use std::ops::Range;
use std::sync::OnceLock;

use crate::core::plan::text::{self, Token};
use crate::core::plan::Plan;

/// A parsed search: each clause must match somewhere in a measure (through
/// any of its terms), and no excluded term may.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub(in crate::core) clauses: Vec<Clause>,
    excluded: Vec<Term>,
}

/// One required word (or phrase, or words joined by `OU`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(in crate::core) struct Clause {
    /// As typed, to name it when nothing has it.
    pub(in crate::core) said: String,
    pub(in crate::core) terms: Vec<Term>,
    /// The plan's words the thesaurus leads to from it.
    pub(in crate::core) synonyms: Vec<Via>,
    /// Its terms are alternatives typed with `OU`.
    pub(in crate::core) either: bool,
}

/// A term the thesaurus adds to a clause: the plan's words of `entry`'s
/// `plan[phrase]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::core) struct Via {
    pub(in crate::core) term: Term,
    pub(in crate::core) entry: usize,
    pub(in crate::core) phrase: usize,
    /// What was typed for it, when not the whole clause (one side of `OU`).
    pub(in crate::core) said: Option<String>,
}

/// How well a measure matches, in tiers that order the whole list: its own
/// text (and the acronyms it uses, and the user's notes); then its short
/// title or the thesaurus; then its objective, tags, the places they lie
/// within, and their definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    OwnText,
    Title,
    Context,
}

/// How much of a query a measure matches: how many of its clauses, which it
/// missed (bit `i` for clause `i`, the first 64), and how well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub matched: usize,
    pub missed: u64,
    pub rank: Rank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::core) enum Term {
    /// Matches any word that starts with it.
    Prefix(String),
    /// Matches this whole word only: an acronym typed in capitals ("DOM"
    /// must not find "domaine").
    Word(String),
    /// Matches these words in a row; the last one by prefix when `open`
    /// (a hyphenated word still being typed, "anti-stup"); or, when
    /// `joined`, the same written as one word ("anti-drogue", "antidrogue").
    Phrase { words: Vec<String>, open: bool, joined: Option<String> },
}

/// Whether `part` is an acronym typed in capitals: two to four letters.
fn is_acronym(part: &str) -> bool {
    (2..=4).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_uppercase())
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
                let term = Term::phrase(text::words(piece), false, None);
                let said = piece.trim();
                query.push(term, said, std::mem::take(&mut either), std::mem::take(&mut negated));
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
                    let term = if is_acronym(part) {
                        Term::Word(text::words(part).concat())
                    } else {
                        // A hyphenated word ("anti-stupéfiants", "Ceclad-M")
                        // is a phrase of its parts, not two independent
                        // prefixes; or the same as one word.
                        let words = text::words(part);
                        let joined = (words.len() > 1).then(|| text::compound(part));
                        Term::phrase(words, true, joined)
                    };
                    query.push(term, part, std::mem::take(&mut either), exclude);
                    negated = false;
                }
            }
        }
        query.join_spaced_compounds();
        query
    }

    fn push(&mut self, term: Term, said: &str, either: bool, excluded: bool) {
        if matches!(&term, Term::Phrase { words, .. } if words.is_empty()) {
            return;
        }
        match (excluded, self.clauses.last_mut()) {
            (true, _) => self.excluded.push(term),
            (false, Some(last)) if either => {
                last.said = format!("{} OU {said}", last.said);
                last.terms.push(term);
                last.either = true;
            }
            (false, _) => self.clauses.push(Clause {
                said: said.to_owned(),
                terms: vec![term],
                ..Clause::default()
            }),
        }
    }

    /// Two words typed apart may be one compound of the plan: "anti
    /// drogue" also finds "antidrogue".
    fn join_spaced_compounds(&mut self) {
        for i in 1..self.clauses.len() {
            let [a, b] = &mut self.clauses[i - 1..=i] else { continue };
            if let ([Term::Prefix(_)], [Term::Prefix(_)]) = (&a.terms[..], &b.terms[..]) {
                let joined = Term::Prefix(text::compound(&format!("{}{}", a.said, b.said)));
                a.terms.push(joined.clone());
                b.terms.push(joined);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty() && self.excluded.is_empty()
    }

    /// How many words (or phrases, or `OU` alternatives) are required.
    pub fn required(&self) -> usize {
        self.clauses.len()
    }

    /// What was typed for the clauses whose bit is set in `missed`.
    pub fn said(&self, missed: u64) -> Vec<&str> {
        (self.clauses.iter().enumerate())
            .filter(|(i, _)| *i < 64 && missed & (1 << i) != 0)
            .map(|(_, c)| c.said.as_str())
            .collect()
    }

    /// Whether the answer is worth ordering by relevance: some word has at
    /// least three letters (one or two still filter, in plan order).
    pub fn ranks(&self) -> bool {
        self.wanted().any(|t| !t.is_short())
    }

    /// The terms that select measures (not the excluded ones).
    fn wanted(&self) -> impl Iterator<Item = &Term> {
        self.clauses.iter().flat_map(|c| &c.terms)
    }
}

impl Term {
    fn phrase(mut words: Vec<String>, open: bool, joined: Option<String>) -> Term {
        if words.len() == 1 && open {
            Term::Prefix(words.remove(0))
        } else {
            Term::Phrase { words, open, joined }
        }
    }

    /// The words of the plan's own `phrase`, matched whole.
    pub(in crate::core) fn exact(phrase: &str) -> Term {
        Term::Phrase { words: text::words(phrase), open: false, joined: None }
    }

    /// Whether `candidate` (a run of folded words as long as the phrase) matches.
    pub(in crate::core) fn phrase_at<'a>(
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

    /// Whether `word` is the phrase written as one word.
    fn is_joined(joined: &str, open: bool, word: &str) -> bool {
        if open {
            word.starts_with(joined)
        } else {
            word == joined
        }
    }

    /// One or two letters: a word start that still filters, but says too
    /// little to highlight or to rank by.
    pub(in crate::core) fn is_short(&self) -> bool {
        matches!(self, Term::Prefix(p) if p.chars().count() < MIN_MARKED)
    }

    pub(in crate::core) fn matches(&self, hay: &[String]) -> bool {
        match self {
            Term::Prefix(p) => hay.iter().any(|w| w.starts_with(p.as_str())),
            Term::Word(w) => hay.iter().any(|h| h == w),
            Term::Phrase { words, open, joined } => {
                hay.windows(words.len())
                    .any(|w| Term::phrase_at(words, *open, w.iter().map(String::as_str)))
                    || joined
                        .as_ref()
                        .is_some_and(|j| hay.iter().any(|w| Term::is_joined(j, *open, w)))
            }
        }
    }

    /// Token ranges (by index) that this term covers in `tokens`.
    fn hits(&self, tokens: &[Token]) -> Vec<Range<usize>> {
        // A hyphenated compound of the text, written as one word, found by
        // `found`: the whole compound is covered.
        let compounds = |found: &dyn Fn(&str) -> bool| -> Vec<Range<usize>> {
            (0..tokens.len())
                .filter_map(|i| match &tokens[i].compound {
                    Some((n, joined)) if found(joined) => Some(i..i + n),
                    _ => None,
                })
                .collect()
        };
        match self {
            Term::Prefix(p) => (0..tokens.len())
                .filter(|&i| tokens[i].folded.starts_with(p.as_str()))
                .map(|i| i..i + 1)
                .chain(compounds(&|j| j.starts_with(p.as_str())))
                .collect(),
            Term::Word(w) => {
                (0..tokens.len()).filter(|&i| &tokens[i].folded == w).map(|i| i..i + 1).collect()
            }
            Term::Phrase { words, open, joined } => (0..(tokens.len() + 1)
                .saturating_sub(words.len()))
                .filter(|&i| {
                    Term::phrase_at(
                        words,
                        *open,
                        tokens[i..i + words.len()].iter().map(|t| t.folded.as_str()),
                    )
                })
                .map(|i| i..i + words.len())
                .chain(compounds(&|w| {
                    joined.as_ref().is_some_and(|j| Term::is_joined(j, *open, w))
                }))
                .collect(),
        }
    }

    /// The typed words of a term, and whether the last is still being typed.
    pub(in crate::core) fn typed(&self) -> (&[String], bool) {
        match self {
            Term::Prefix(p) => (std::slice::from_ref(p), true),
            Term::Word(w) => (std::slice::from_ref(w), false),
            Term::Phrase { words, open, .. } => (words, *open),
        }
    }
}

/// Per thesaurus entry: the words of each way the trade says it, and each
/// written as one word. Built by [`crate::core::plan::thesaurus`], kept here
/// so that the index does not import the thesaurus that imports it.
pub type Forms = Vec<Vec<(Vec<String>, String)>>;

/// The folded words of every searchable field of each measure, computed on
/// the first search rather than at start-up (where it would delay the first
/// screen), then kept, so that a keystroke only compares strings.
#[derive(Debug)]
pub struct SearchIndex<'p> {
    pub(in crate::core) plan: &'p Plan,
    built: OnceLock<Built>,
    /// The thesaurus's forms, built by [`crate::core::plan::thesaurus`] on
    /// first use.
    pub(in crate::core) said: OnceLock<Forms>,
}

#[derive(Debug)]
pub(in crate::core) struct Built {
    /// `docs[i]` belongs to measure `i + 1`: its [`FIELDS`] fields.
    pub(in crate::core) docs: Vec<[Vec<String>; FIELDS]>,
    /// Folded words of each glossary entry's spellings and of its expansion.
    glossary: Vec<(Vec<Vec<String>>, Vec<String>)>,
}

/// How many fields a measure has, in the order a term is looked for: its
/// own words (its text; the spellings and expansions of the acronyms it
/// uses), its short title, then its context (its objective's title; its
/// themes, bodies and places, with the places those lie within; what its
/// tags and acronyms mean, as the vocabularies and glossary say).
const FIELDS: usize = 6;

/// The rank of a match in field `at`.
fn field_rank(at: usize) -> Rank {
    match at {
        0 | 1 => Rank::OwnText,
        2 => Rank::Title,
        _ => Rank::Context,
    }
}

/// The shortest word start that is highlighted (it filters from one letter).
pub(in crate::core) const MIN_MARKED: usize = 3;

impl<'p> SearchIndex<'p> {
    pub fn new(plan: &'p Plan) -> SearchIndex<'p> {
        SearchIndex { plan, built: OnceLock::new(), said: OnceLock::new() }
    }

    /// Builds the index now if no search has yet: for idle time, so that
    /// the first keystroke does not pay for it.
    pub fn warm(&self) {
        self.built();
    }

    pub(in crate::core) fn built(&self) -> &Built {
        self.built.get_or_init(|| Built::new(self.plan))
    }

    pub fn len(&self) -> usize {
        self.plan.measures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plan.measures.is_empty()
    }

    /// How much of `query` measure `index` (0-based) matches, in its fields
    /// or in `extra` (the user's notes, which count as its own words);
    /// `None` when an excluded word is there.
    pub fn score(&self, index: usize, query: &Query, extra: Option<&[String]>) -> Option<Score> {
        self.judge(index, query, extra, false)
    }

    /// Whether measure `index` (0-based) matches every word of `query`, and
    /// how well: [`SearchIndex::score`], stopping at the first word missed
    /// (what a keystroke needs for most measures).
    pub fn rank(&self, index: usize, query: &Query, extra: Option<&[String]>) -> Option<Rank> {
        self.judge(index, query, extra, true).map(|s| s.rank)
    }

    fn judge(
        &self,
        index: usize,
        query: &Query,
        extra: Option<&[String]>,
        every_word: bool,
    ) -> Option<Score> {
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
            Some(if term.is_short() { Rank::OwnText } else { field_rank(at) })
        };
        let mut score = Score { matched: 0, missed: 0, rank: Rank::OwnText };
        for (i, clause) in query.clauses.iter().enumerate() {
            let direct = clause.terms.iter().filter_map(found).min();
            // Through the thesaurus ranks below the measure's own words, but
            // above its context (a word only its definitions have).
            let best = if direct == Some(Rank::OwnText) {
                direct
            } else {
                let through = clause.synonyms.iter().filter_map(|v| found(&v.term)).min();
                direct.into_iter().chain(through.map(|r| r.max(Rank::Title))).min()
            };
            match best {
                Some(rank) => {
                    score.matched += 1;
                    score.rank = score.rank.max(rank);
                }
                None if every_word => return None,
                None if i < 64 => score.missed |= 1 << i,
                None => {}
            }
        }
        if query.excluded.iter().any(|t| found(t).is_some()) {
            return None;
        }
        Some(score)
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
            said.push_str(&format!("{}\u{a0}: {}.", entry.term, entry.expansion));
            if let Some(note) = &entry.note {
                said.push(' ');
                said.push_str(&crate::core::plan::reading::typeset_all(note));
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
                        Term::Prefix(p) | Term::Word(p) => spelling.len() == 1 && &spelling[0] == p,
                        Term::Phrase { words, .. } => words == spelling,
                    })
                })
            })
            .collect()
    }

    /// Words to highlight besides the query's own: the acronyms whose
    /// expansion a term matched, so that "office anti-stupéfiants" lights up
    /// "Ofast" in the text, and the plan's words the thesaurus led to.
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
                terms.extend(spellings.iter().map(|s| Term::Phrase {
                    words: s.clone(),
                    open: false,
                    joined: None,
                }));
            }
        }
        terms.extend(query.clauses.iter().flat_map(|c| &c.synonyms).map(|v| v.term.clone()));
        Highlighter { terms, explained }
    }
}

impl Built {
    fn new(plan: &Plan) -> Built {
        // Each text after the last, apart by « · » so that no phrase runs
        // from one into the next.
        fn add(field: &mut String, text: &str) {
            field.push_str(text);
            field.push_str(" · ");
        }
        let docs = plan
            .measures
            .iter()
            .map(|m| {
                let (mut spelled, mut labels, mut definitions) =
                    (String::new(), String::new(), String::new());
                for &g in &m.acronyms {
                    let entry = &plan.glossary[g];
                    entry.spellings().for_each(|s| add(&mut spelled, s));
                    add(&mut spelled, &entry.expansion);
                    if let Some(note) = &entry.note {
                        add(&mut definitions, note);
                    }
                }
                // Its places, and every place they lie within.
                let mut places = m.places.clone();
                let mut i = 0;
                while i < places.len() {
                    for id in &plan.places[places[i]].within {
                        match plan.places.iter().position(|q| &q.id == id) {
                            Some(r) if !places.contains(&r) => places.push(r),
                            _ => {}
                        }
                    }
                    i += 1;
                }
                let themes = m.themes.iter().map(|&t| &plan.themes[t]);
                let bodies = m.bodies.iter().map(|&b| &plan.bodies[b]);
                for tag in themes.chain(bodies).chain(places.iter().map(|&p| &plan.places[p])) {
                    add(&mut labels, &tag.label);
                    if let Some(definition) = &tag.definition {
                        add(&mut definitions, definition);
                    }
                }
                let objective = plan.objective(m.objective).map_or("", |o| o.title.as_str());
                [m.text.as_str(), &spelled, &m.short_title, objective, &labels, &definitions]
                    .map(text::index_words)
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
        crate::core::order::sort_by_key(&mut spans, |r| r.start);
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
