//! The thesaurus at work: the trade's words a query says ("narcotrafic",
//! "go fast", "PSQ") linked to the plan's own words, and what a card says
//! when it was found through them. Apart from [`crate::core::plan::search`] so that the
//! app can ship it in a chunk of its own (see `ui::lazy::thesaurus`): the
//! search answers without it until it arrives, a moment after the first
//! screen.

use crate::core::plan::search::{Clause, Forms, Query, SearchIndex, Term, Via, MIN_MARKED};
use crate::core::plan::text;

/// The query method lives here rather than beside the index, so that the
/// index does not import the thesaurus that imports it.
impl SearchIndex<'_> {
    /// `input` parsed, with the thesaurus's words added (see [`link`]).
    pub fn query(&self, input: &str) -> Query {
        link(self, Query::parse(input))
    }
}

/// The most words of a run the thesaurus matches as one ("go fast", "trafic
/// de drogue", "police de sécurité du quotidien").
const LONGEST_SAID: usize = 5;

fn forms_of(plan: &crate::core::plan::Plan) -> Forms {
    plan.thesaurus
        .iter()
        .map(|e| e.said.iter().map(|s| (text::words(s), text::compound(s))).collect())
        .collect()
}

/// `query` with the thesaurus's words added to the clauses
/// that say them: "narcotrafic" also looks for "trafic de stupéfiants".
/// A run of words the trade says together ("argent sale") becomes one
/// clause.
pub fn link(index: &SearchIndex, mut query: Query) -> Query {
    if index.plan.thesaurus.is_empty() {
        return query;
    }
    let forms = index.said.get_or_init(|| forms_of(index.plan));
    let mut i = 0;
    while i < query.clauses.len() {
        // The longest run of single-term clauses from `i` that the trade
        // says as one.
        let longest = (1..=LONGEST_SAID.min(query.clauses.len() - i)).rev().find_map(|n| {
            let run = &query.clauses[i..i + n];
            if run.iter().any(|c| c.either) {
                return None;
            }
            let mut words = Vec::new();
            let mut open = false;
            for c in run {
                let (w, o) = c.terms[0].typed();
                words.extend_from_slice(w);
                open = o;
            }
            let entries = entries_saying(forms, &words, open);
            (!entries.is_empty()).then_some((n, words, open, entries))
        });
        if let Some((n, words, open, entries)) = longest {
            if n > 1 {
                let said =
                    query.clauses[i..i + n].iter().map(|c| c.said.as_str()).collect::<Vec<_>>();
                let said = said.join(" ");
                let joined = Some(text::compound(&said));
                query.clauses.splice(
                    i..i + n,
                    [Clause {
                        terms: vec![Term::Phrase { words, open, joined }],
                        said,
                        ..Clause::default()
                    }],
                );
            }
            query.clauses[i].synonyms = vias(index, &entries);
        } else if query.clauses[i].either {
            // "narcotrafic OU drogue": each alternative on its own, said
            // as typed.
            let clause = &query.clauses[i];
            let synonyms = (clause.terms.iter().zip(clause.said.split(" OU ")))
                .flat_map(|(t, typed)| {
                    let (w, o) = t.typed();
                    let mut vias = vias(index, &entries_saying(forms, w, o));
                    vias.iter_mut().for_each(|v| v.said = Some(typed.to_owned()));
                    vias
                })
                .collect();
            query.clauses[i].synonyms = synonyms;
        }
        i += 1;
    }
    query
}

fn vias(index: &SearchIndex, entries: &[usize]) -> Vec<Via> {
    let mut vias: Vec<Via> = Vec::new();
    for &entry in entries {
        for (phrase, words) in index.plan.thesaurus[entry].plan.iter().enumerate() {
            let term = Term::exact(words);
            if !vias.iter().any(|v| v.term == term) {
                vias.push(Via { term, entry, phrase, said: None });
            }
        }
    }
    vias
}

/// How the thesaurus brought measure `measure` (0-based) in, one line per
/// word found only through it: "trafic de stupéfiants (synonyme de
/// « narcotrafic »)". Empty when every word is its own.
pub fn found_by(
    index: &SearchIndex,
    measure: usize,
    query: &Query,
    extra: Option<&[String]>,
) -> Vec<String> {
    let fields = &index.built().docs[measure];
    let has = |t: &Term| extra.is_some_and(|w| t.matches(w)) || fields.iter().any(|f| t.matches(f));
    query
        .clauses
        .iter()
        .filter(|c| !c.terms.iter().any(has))
        .filter_map(|c| {
            let via = c.synonyms.iter().find(|v| has(&v.term))?;
            let entry = &index.plan.thesaurus[via.entry];
            let how = if entry.related { "notion liée à" } else { "synonyme de" };
            let said = via.said.as_deref().unwrap_or(&c.said);
            Some(format!("{} ({how} «\u{202f}{said}\u{202f}»)", entry.plan[via.phrase]))
        })
        .collect()
}

/// The thesaurus entries that say `words` (the last one by prefix when
/// `open`, from its third letter), or say it as one word.
fn entries_saying(said: &Forms, words: &[String], open: bool) -> Vec<usize> {
    let Some(last) = words.last() else { return Vec::new() };
    if open && last.chars().count() < MIN_MARKED {
        return Vec::new();
    }
    let joined: String = words.concat();
    (0..said.len())
        .filter(|&e| {
            said[e].iter().any(|(form, one_word)| {
                // "go fast" said as "gofa…": one typed word that runs
                // past the form's first word.
                let past_first = form.len() > 1 && joined.len() > form[0].len();
                (form.len() == words.len()
                    && Term::phrase_at(words, open, form.iter().map(String::as_str)))
                    || (words.len() == 1
                        && (form.len() == 1 || past_first)
                        && open
                        && one_word.starts_with(joined.as_str()))
                    || (!open && one_word == &joined)
            })
        })
        .collect()
}
