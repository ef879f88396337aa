//! The list view as a pure function of the plan, the search index, the
//! user's annotations (summarised as [`MeasureFacts`]) and the [`ListState`]:
//! which measures show, in which order, and what each facet value would give.

use crate::core::date::IsoDate;
use crate::core::order;
use crate::core::plan::search::{Query, Rank, Score, SearchIndex};
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::annotations::Author;
use crate::core::record::document::Annotations;
use crate::core::record::status::Status;
use crate::core::record::team::{pilote_id, Team, NO_PILOTE};
use crate::core::view::route::{Facet, ListState, Sort};

/// What the list needs to know of a measure's annotation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureFacts {
    pub status: Status,
    pub due: Option<IsoDate>,
    /// The last change's stamp, which orders changes across machines.
    pub updated: Option<crate::core::record::stamp::Stamp>,
    /// A field waits for someone to settle a conflict.
    pub in_conflict: bool,
    /// Its due date is past and it is neither done nor abandoned.
    pub overdue: bool,
    /// Folded words of the user's notes and pilote, for search.
    pub words: Vec<String>,
    /// Who leads it; `None` when nobody is named.
    pub pilote: Option<Pilote>,
}

/// Who leads a measure, as the pilote facet groups it: the service of the
/// team directory it belongs to, or else the name as typed (trimmed) with
/// its folded words as id; computed once per change of the annotations
/// rather than on every keystroke.
#[derive(Debug, Clone, PartialEq)]
pub struct Pilote {
    pub name: String,
    pub id: String,
}

impl Pilote {
    /// `None` for a blank name.
    pub fn new(name: &str, team: &Team) -> Option<Pilote> {
        let name = name.trim();
        if let Some(service) = team.service_of(name) {
            return Some(Pilote { id: service.id.clone(), name: service.name.clone() });
        }
        (!name.is_empty()).then(|| Pilote { id: pilote_id(name), name: name.to_owned() })
    }
}

/// What the list needs of the annotations, folded once per change of them
/// rather than on every keystroke: each measure's facts, the facets'
/// options (labels included) and which options each measure carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// `measures[i]` describes measure `i + 1`.
    pub measures: Vec<MeasureFacts>,
    /// Per facet, in [`Facet::ALL`] order: `(id, label)`.
    options: Vec<Vec<(String, String)>>,
    /// `carried[m * FACETS + f]`: the options of facet `f` measure `m` carries.
    carried: Vec<Vec<usize>>,
}

const FACETS: usize = Facet::ALL.len();

fn facet_index(facet: Facet) -> usize {
    Facet::ALL.iter().position(|&f| f == facet).unwrap_or(0)
}

impl Facts {
    /// `measures[i]` describes measure `i + 1`; missing entries mean "not
    /// annotated".
    pub fn new(plan: &Plan, mut measures: Vec<MeasureFacts>, team: &Team) -> Facts {
        measures.resize(plan.measures.len(), MeasureFacts::default());
        let options: Vec<Vec<(String, String)>> =
            Facet::ALL.iter().map(|&f| facet_options(plan, &measures, f, team)).collect();
        let pilotes = &options[facet_index(Facet::Pilote)];
        let carried = measures
            .iter()
            .enumerate()
            .flat_map(|(m, fact)| Facet::ALL.map(|f| values(plan, fact, m, f, pilotes)))
            .collect();
        Facts { measures, options, carried }
    }

    /// The options of `facet`, in display order: `(id, label)`.
    pub fn options(&self, facet: Facet) -> &[(String, String)] {
        &self.options[facet_index(facet)]
    }

    fn carried(&self, m: usize, f: usize) -> &[usize] {
        &self.carried[m * FACETS + f]
    }
}

/// The facts of every measure of `plan`, from the user's annotations and
/// team directory, on the day `today`.
pub fn facts(plan: &Plan, annotations: &Annotations, team: &Team, today: IsoDate) -> Facts {
    let measures = plan
        .measures
        .iter()
        .map(|m| match annotations.get(m.number) {
            None => MeasureFacts::default(),
            Some(a) => MeasureFacts {
                status: a.status(),
                due: a.due(),
                updated: a.updated(),
                in_conflict: !a.conflicts().is_empty(),
                overdue: a.is_overdue(today),
                words: crate::core::plan::text::words(&format!("{} {}", a.notes(), a.pilote())),
                pilote: Pilote::new(a.pilote(), team),
            },
        })
        .collect();
    Facts::new(plan, measures, team)
}

/// What an option of a facet gives now; its id and label are in
/// [`Facts::options`], at the same place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FacetOption {
    /// How many measures ticking it would show.
    pub count: usize,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetView {
    pub facet: Facet,
    pub options: Vec<FacetOption>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Numbers of the measures to show, in display order.
    pub visible: Vec<MeasureNo>,
    pub total: usize,
    pub facets: Vec<FacetView>,
    /// Ordered by relevance across objectives (a search of three letters or
    /// more, in plan order): one list, each card saying its objective.
    pub ranked: bool,
    /// No measure has every word: those shown have the most.
    pub partial: Option<Partial>,
}

/// The answer to a search no measure matches in full: what it lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partial {
    /// The words (as typed) that no measure has; empty when each is
    /// somewhere, but never all in one measure.
    pub missing: Vec<String>,
}

/// The id of the status facet's « En retard » value (in addresses too).
pub const OVERDUE: &str = "en-retard";

/// « Mes mesures »: the list of the measures of the author's service in
/// the team directory, or else those whose pilote is the author's name or
/// service; nothing when the settings name nobody.
pub fn mine(author: &Author, team: &Team) -> Option<ListState> {
    if let Some(service) = team.service_of_author(author) {
        return Some(ListState::default().toggled(Facet::Pilote, &service.id));
    }
    let ids = [&author.name, &author.service]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| pilote_id(s));
    let state =
        ids.fold(ListState::default(), |state, id| match state.is_selected(Facet::Pilote, &id) {
            true => state,
            false => state.toggled(Facet::Pilote, &id),
        });
    state.is_filtered().then_some(state)
}

/// The pilotes the annotations name and the services of the directory, in
/// alphabetical order, each under the spelling most of its measures use
/// (the first met on a tie; a service's name); then « Sans pilote ».
fn pilote_options(facts: &[MeasureFacts], team: &Team) -> Vec<(String, String)> {
    // (id, spelling, how many measures write it so)
    let mut spellings: Vec<(String, &str, usize)> = Vec::new();
    for Pilote { name, id } in facts.iter().filter_map(|f| f.pilote.as_ref()) {
        match spellings.iter_mut().find(|(i, s, _)| i == id && s == name) {
            Some((_, _, n)) => *n += 1,
            None => spellings.push((id.clone(), name, 1)),
        }
    }
    let mut options: Vec<(String, String)> = Vec::new();
    for (id, spelling, n) in &spellings {
        let best = spellings.iter().filter(|(i, _, _)| i == id).map(|(_, _, m)| *m).max();
        if best == Some(*n) && !options.iter().any(|(i, _)| i == id) && id != NO_PILOTE {
            options.push((id.clone(), (*spelling).to_owned()));
        }
    }
    for service in team.services() {
        if !options.iter().any(|(i, _)| *i == service.id) {
            options.push((service.id.clone(), service.name.clone()));
        }
    }
    order::sort_by_key(&mut options, |(id, _)| id.clone());
    options.push((NO_PILOTE.to_owned(), "Sans pilote".to_owned()));
    options
}

/// The options of each facet, in display order: `(id, label)`. Only the
/// pilote facet's come from the annotations (`facts`).
fn facet_options(
    plan: &Plan,
    facts: &[MeasureFacts],
    facet: Facet,
    team: &Team,
) -> Vec<(String, String)> {
    let tags = |tags: &[crate::core::plan::Tag]| {
        tags.iter().map(|t| (t.id.clone(), t.label.clone())).collect()
    };
    match facet {
        Facet::Objective => plan
            .objectives
            .iter()
            .map(|o| (o.number.to_string(), format!("{}. {}", o.number, o.short_title)))
            .collect(),
        Facet::Theme => tags(&plan.themes),
        Facet::Body => tags(&plan.bodies),
        Facet::Place => tags(&plan.places),
        // The statuses, then « En retard », which any open status can be.
        Facet::Status => Status::ALL
            .iter()
            .map(|s| (s.id().to_owned(), s.label().to_owned()))
            .chain([(OVERDUE.to_owned(), "En retard".to_owned())])
            .collect(),
        Facet::Pilote => pilote_options(facts, team),
    }
}

/// What a facet value covers (a tooltip): its definition, or for a body
/// named by an acronym ("Cross", "Ofast"), the acronym's expansion.
pub fn facet_definition(plan: &Plan, facet: Facet, id: &str) -> Option<String> {
    let tags = match facet {
        Facet::Theme => &plan.themes,
        Facet::Body => &plan.bodies,
        Facet::Place => &plan.places,
        Facet::Objective | Facet::Status | Facet::Pilote => return None,
    };
    let tag = tags.iter().find(|t| t.id == id)?;
    tag.definition.clone().or_else(|| {
        plan.glossary
            .iter()
            .find(|g| g.spellings().any(|s| s == tag.label))
            .map(|g| g.expansion.clone())
    })
}

/// Option indices of `facet` that measure `m` (0-based) carries; `pilotes`
/// are the pilote facet's options.
fn values(
    plan: &Plan,
    facts: &MeasureFacts,
    m: usize,
    facet: Facet,
    pilotes: &[(String, String)],
) -> Vec<usize> {
    let measure = &plan.measures[m];
    match facet {
        Facet::Objective => vec![usize::from(measure.objective) - 1],
        Facet::Theme => measure.themes.clone(),
        Facet::Body => measure.bodies.clone(),
        Facet::Place => measure.places.clone(),
        Facet::Status if facts.overdue => vec![facts.status.index(), Status::ALL.len()],
        Facet::Status => vec![facts.status.index()],
        Facet::Pilote => {
            let id = facts.pilote.as_ref().map_or(NO_PILOTE, |p| p.id.as_str());
            pilotes.iter().position(|(i, _)| i == id).into_iter().collect()
        }
    }
}

/// The list `state` asks for, given the annotations' `facts` and `query`,
/// `state.query` parsed (and linked to the thesaurus once it is there).
pub fn compute(
    plan: &Plan,
    index: &SearchIndex,
    state: &ListState,
    query: &Query,
    facts: &Facts,
) -> Listing {
    // Selected ids resolved to option indices; ids unknown to this plan are
    // ignored.
    let selected: Vec<Vec<usize>> = Facet::ALL
        .iter()
        .zip(&facts.options)
        .map(|(&f, opts)| {
            state.selected.get(f).map_or_else(Vec::new, |ids| {
                let found: Vec<usize> = opts
                    .iter()
                    .enumerate()
                    .filter(|(_, (id, _))| ids.contains(id))
                    .map(|(i, _)| i)
                    .collect();
                // A pilote nobody is named for any more (or yet: « Mes
                // mesures » before the first) matches nothing.
                if found.is_empty() && f == Facet::Pilote {
                    vec![usize::MAX]
                } else {
                    found
                }
            })
        })
        .collect();
    let mut counts: Vec<Vec<usize>> = facts.options.iter().map(|o| vec![0; o.len()]).collect();
    let notes = |m: usize| {
        let words = &facts.measures[m].words;
        (!words.is_empty()).then_some(words.as_slice())
    };
    // Every word is required; when no measure has them all, the answer is
    // the measures with the most, said so (see `Partial`). Most keystrokes
    // find some: the measures are only scored in full when none does.
    let required = query.required();
    let mut answer: Vec<Option<Rank>> =
        (0..facts.measures.len()).map(|m| index.rank(m, query, notes(m))).collect();
    let mut partial = None;
    if required > 1 && answer.iter().all(Option::is_none) {
        let scores: Vec<Option<Score>> =
            (0..facts.measures.len()).map(|m| index.score(m, query, notes(m))).collect();
        let most = scores.iter().flatten().map(|s| s.matched).max().unwrap_or(0);
        if most > 0 {
            let missed = scores.iter().flatten().fold(u64::MAX, |all, s| all & s.missed);
            partial = Some(Partial {
                missing: query.said(missed).into_iter().map(str::to_owned).collect(),
            });
            answer =
                scores.iter().map(|s| s.filter(|s| s.matched == most).map(|s| s.rank)).collect();
        }
    }
    let mut visible = Vec::new();
    let mut ranks = Vec::new();

    for (m, rank) in answer.into_iter().enumerate() {
        let Some(rank) = rank else { continue };
        let fails = |f: usize| {
            !selected[f].is_empty() && !facts.carried(m, f).iter().any(|v| selected[f].contains(v))
        };
        let mut failing = (0..FACETS).filter(|&f| fails(f));
        match (failing.next(), failing.next()) {
            (None, _) => {
                visible.push(plan.measures[m].number);
                ranks.push(rank);
                for (f, counts) in counts.iter_mut().enumerate() {
                    facts.carried(m, f).iter().for_each(|&v| counts[v] += 1);
                }
            }
            // Fails only this facet: ticking one of its values would bring it in.
            (Some(f), None) => facts.carried(m, f).iter().for_each(|&v| counts[f][v] += 1),
            _ => {}
        }
    }

    // In plan order, a search of three letters or more orders the whole list
    // by rank (then plan order): measures whose own text matches, then those
    // found by their short title or the thesaurus, then through their
    // objective, tags or definitions.
    let ranked = state.sort == Sort::Number && query.ranks();
    if ranked {
        let mut by_rank: Vec<(Rank, MeasureNo)> = ranks.into_iter().zip(visible).collect();
        order::sort_by_key(&mut by_rank, |&pair| pair);
        visible = by_rank.into_iter().map(|(_, n)| n).collect();
    }
    sort(&mut visible, state.sort, &facts.measures);
    let facets = Facet::ALL
        .iter()
        .zip(counts)
        .zip(&selected)
        .map(|((&facet, counts), selected)| FacetView {
            facet,
            options: counts
                .into_iter()
                .enumerate()
                .map(|(i, count)| FacetOption { count, selected: selected.contains(&i) })
                .collect(),
        })
        .collect();
    Listing { visible, total: plan.measures.len(), facets, ranked, partial }
}

fn sort(visible: &mut [MeasureNo], sort: Sort, facts: &[MeasureFacts]) {
    let fact = |n: MeasureNo| facts.get(usize::from(n) - 1);
    match sort {
        Sort::Number => {}
        Sort::Status => order::sort_by_key(visible, |&n| {
            (fact(n).map_or(Status::default(), |f| f.status).urgency(), n)
        }),
        // Measures without a due date go last.
        Sort::Due => order::sort_by(visible, |&a, &b| {
            let due = |n| fact(n).and_then(|f| f.due);
            match (due(a), due(b)) {
                (Some(x), Some(y)) => x.cmp(&y).then(a.cmp(&b)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.cmp(&b),
            }
        }),
        // Most recent first; never-updated measures last.
        Sort::Updated => order::sort_by(visible, |&a, &b| {
            let at = |n| fact(n).and_then(|f| f.updated);
            at(b).cmp(&at(a)).then(a.cmp(&b))
        }),
    }
}

/// How many of `wanted` (the cards the list should show, in order) the next
/// render shows, when `previous` are on screen: the longest prefix that
/// builds at most `new_cards` cards not already there. Building a card costs
/// far more than keeping or moving one, so a keystroke that replaces a long
/// list builds its first screenful at once and the rest in later tasks,
/// while one that only narrows it shows the whole result at once.
pub fn shown_next(previous: &[MeasureNo], wanted: &[MeasureNo], new_cards: usize) -> usize {
    // A flag per number rather than a sort: no sort code in the WASM for it.
    let mut there = vec![false; previous.iter().max().map_or(0, |&n| usize::from(n) + 1)];
    previous.iter().for_each(|&n| there[usize::from(n)] = true);
    let mut built = 0;
    wanted
        .iter()
        .position(|&n| {
            built += usize::from(!there.get(usize::from(n)).copied().unwrap_or(false));
            built > new_cards
        })
        .unwrap_or(wanted.len())
}

/// The measures shown, grouped under their objective when in plan order (in
/// order of first appearance, even if a plan interleaved objectives), or as
/// one group when sorted otherwise.
pub fn groups(
    plan: &Plan,
    shown: &[MeasureNo],
    by_objective: bool,
) -> Vec<(Option<u8>, Vec<MeasureNo>)> {
    if !by_objective {
        return vec![(None, shown.to_vec())];
    }
    let mut groups: Vec<(Option<u8>, Vec<MeasureNo>)> = Vec::new();
    for &n in shown {
        let objective = plan.measure(n).map(|m| m.objective);
        match groups.iter_mut().find(|(g, _)| *g == objective) {
            Some((_, items)) => items.push(n),
            None => groups.push((objective, vec![n])),
        }
    }
    groups
}
